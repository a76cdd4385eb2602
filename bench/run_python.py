#!/usr/bin/env python3
"""Paired benchmark on real Python: sqlhound vs ruff (S608) vs bandit (B608) over the same
source tree. sqlhound builds its project index of the tree (the tree needs a root marker:
scripts/bench puts a `pyproject.toml` at its top), timed cold (`--no-cache`) and warm (the
index cache of a previous run in `.sqlhound_cache/`), with ruff in the same rounds, the
tools taking turns so that a busy machine slows them alike. Reports wall time (best of N),
CPU time (user + system: the figure to compare when the machine is shared), peak memory
(max RSS from wait4) and the ratios. Called by scripts/bench.

usage: run_python.py TREE SQLHOUND RUFF BANDIT [RUNS]
"""
import os
import shutil
import sys

from run import measure_cpu


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
    first = measure_cpu(check)
    if first[3] not in (0, 1):
        sys.exit(f"sqlhound failed with exit code {first[3]}")
    results = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            results[name].append(measure_cpu(argv))
    best = {
        name: (min(r[0] for r in rs), min(r[1] for r in rs), max(r[2] for r in rs))
        for name, rs in results.items()
    }
    slow, slow_cpu, bandit_rss, _ = measure_cpu([bandit, "-r", "-t", "B608", "-q", "--exit-zero", tree])
    print(f"{'tool':<48} {'wall s':>8} {'CPU s':>8} {'peak MB':>8}")
    for name, (t, cpu, rss) in [
        ("sqlhound check --no-cache (project index, cold)", best["cold"]),
        ("sqlhound check, first run (writes the cache)", first[:3]),
        ("sqlhound check, warm cache", best["warm"]),
        ("ruff check --select S608 --no-cache", best["ruff"]),
        ("bandit -r -t B608", (slow, slow_cpu, bandit_rss)),
    ]:
        print(f"{name:<48} {t:>8.3f} {cpu:>8.3f} {rss:>8.1f}")
    ruff_wall, ruff_cpu, _ = best["ruff"]
    for name in ("cold", "warm"):
        wall, cpu, _ = best[name]
        print(
            f"sqlhound {name} / ruff: {wall / ruff_wall:.2f}x wall time, {cpu / ruff_cpu:.2f}x CPU time (target <= 1.0x)"
        )
    print(f"bandit / sqlhound cold: {slow / best['cold'][0]:.0f}x (target >= 30x)")


if __name__ == "__main__":
    main()
