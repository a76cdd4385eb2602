#!/usr/bin/env python3
"""Paired benchmark on real Python: sqlhound vs ruff (S608) vs bandit (B608) over the same
source tree. sqlhound builds its project index of the tree (the tree needs a root marker:
scripts/bench puts a `pyproject.toml` at its top), timed cold (`--no-cache`) and warm (the
index cache of a previous run in `.sqlhound_cache/`), with ruff in the same rounds, the
tools taking turns so that a busy machine slows them alike. Reports wall time (best of N),
peak memory (max RSS from wait4) and the ratios. Called by scripts/bench.

usage: run_python.py TREE SQLHOUND RUFF BANDIT [RUNS]
"""
import os
import shutil
import sys

from run import measure


def main():
    tree, sqlhound, ruff, bandit = (os.path.abspath(a) for a in sys.argv[1:5])
    runs = int(sys.argv[5]) if len(sys.argv) > 5 else 3
    files = sum(1 for _, _, names in os.walk(tree) for n in names if n.endswith(".py"))
    print(f"tree: {tree}, {files} Python files, {os.cpu_count()} cores, best of {runs}")
    if not os.path.isfile(os.path.join(tree, "pyproject.toml")):
        sys.exit(f"{tree} has no pyproject.toml: its project index would be another tree's")
    check = [sqlhound, "check", tree, "--isolated", "--quiet", "--format", "json", "--exit-zero"]
    commands = {
        "cold": check + ["--no-cache"],
        "warm": check,
        "ruff": [ruff, "check", "--select", "S608", "--no-cache", "--isolated", "--exit-zero", tree],
    }
    shutil.rmtree(os.path.join(tree, ".sqlhound_cache"), ignore_errors=True)
    first = measure(check)
    if first[2] not in (0, 1):
        sys.exit(f"sqlhound failed with exit code {first[2]}")
    results = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            results[name].append(measure(argv))
    best = {name: (min(r[0] for r in rs), max(r[1] for r in rs)) for name, rs in results.items()}
    slow, bandit_rss, _ = measure([bandit, "-r", "-t", "B608", "-q", "--exit-zero", tree])
    print(f"{'tool':<48} {'wall s':>8} {'peak MB':>8}")
    for name, (t, rss) in [
        ("sqlhound check --no-cache (project index, cold)", best["cold"]),
        ("sqlhound check, first run (writes the cache)", first[:2]),
        ("sqlhound check, warm cache", best["warm"]),
        ("ruff check --select S608 --no-cache", best["ruff"]),
        ("bandit -r -t B608", (slow, bandit_rss)),
    ]:
        print(f"{name:<48} {t:>8.3f} {rss:>8.1f}")
    theirs = best["ruff"][0]
    print(f"sqlhound cold / ruff wall time: {best['cold'][0] / theirs:.2f}x (target <= 1.0x)")
    print(f"sqlhound warm / ruff wall time: {best['warm'][0] / theirs:.2f}x (target <= 1.0x)")
    print(f"bandit / sqlhound cold:         {slow / best['cold'][0]:.0f}x (target >= 30x)")


if __name__ == "__main__":
    main()
