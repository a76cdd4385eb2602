#!/usr/bin/env python3
"""Paired benchmark on real Python: sqlhound vs ruff (S608) vs bandit (B608) over the same
source tree. Reports wall time (best of N) and the ratios. Called by scripts/bench.

usage: run_python.py TREE SQLHOUND RUFF BANDIT [RUNS]
"""
import os
import sys

from run import best_of


def main():
    tree, sqlhound, ruff, bandit = (os.path.abspath(a) for a in sys.argv[1:5])
    runs = int(sys.argv[5]) if len(sys.argv) > 5 else 3
    files = sum(1 for _, _, names in os.walk(tree) for n in names if n.endswith(".py"))
    print(f"tree: {tree}, {files} Python files, {os.cpu_count()} cores, best of {runs}")
    ours, ours_rss, _ = best_of(runs, [sqlhound, "check", tree, "--isolated", "--quiet", "--format", "json", "--exit-zero"])
    theirs, ruff_rss, _ = best_of(runs, [ruff, "check", "--select", "S608", "--no-cache", "--isolated", "--exit-zero", tree])
    slow, bandit_rss, _ = best_of(1, [bandit, "-r", "-t", "B608", "-q", "--exit-zero", tree])
    print(f"{'tool':<34} {'wall s':>8} {'peak MB':>8}")
    for name, t, rss in [
        ("sqlhound check (every rule)", ours, ours_rss),
        ("ruff check --select S608", theirs, ruff_rss),
        ("bandit -r -t B608", slow, bandit_rss),
    ]:
        print(f"{name:<34} {t:>8.3f} {rss:>8.1f}")
    print(f"sqlhound / ruff wall time: {ours / theirs:.2f}x (target <= 1.0x)")
    print(f"bandit / sqlhound:         {slow / ours:.0f}x (target >= 30x)")


if __name__ == "__main__":
    main()
