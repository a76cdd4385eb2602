#!/usr/bin/env python3
"""Pre-commit-style benchmark: `sqlhound check` on 3 files of a generated 1,000-module
project (bench/gen_project.py), from its root, as a pre-commit hook runs it on the files
of a commit. Every run builds the project index of all 1,000 modules: cold (no cache
yet: the cache removed before each run, which the run then writes), with `--no-cache`,
and warm (the cache of the run before; run once to warm, then the median of N runs).
Wall time, CPU time (user + system), peak memory (max RSS from wait4) and the findings in the 3 files. Called by
scripts/bench.

usage: project.py OUT_DIR SQLHOUND [RUNS]
"""
import json
import os
import shutil
import statistics
import subprocess
import sys

from gen_project import generate
from run import measure_cpu

COLD_RUNS = 3


def main():
    out, sqlhound = (os.path.abspath(a) for a in sys.argv[1:3])
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    modules = generate(out, 1000)
    lines = sum(1 for m in modules for _ in open(os.path.join(out, m)))
    # A view, a service and a repository of one package: what one commit touches.
    files = ["shopapp/orders/views_2.py", "shopapp/orders/services_1.py", "shopapp/orders/repo_0.py"]
    check = [sqlhound, "check", *files, "--quiet", "--format", "json", "--exit-zero"]
    cache = os.path.join(out, ".sqlhound_cache")
    print(f"project: {out}, {len(modules)} modules, {lines:,} lines, {os.cpu_count()} cores; checking {len(files)} files")

    cold = []
    for _ in range(COLD_RUNS):
        shutil.rmtree(cache, ignore_errors=True)
        cold.append(measure_cpu(check, cwd=out))
    if cold[0][3] not in (0, 1):
        sys.exit(f"sqlhound failed with exit code {cold[0][3]}")
    no_cache = [measure_cpu(check + ["--no-cache"], cwd=out) for _ in range(COLD_RUNS)]
    measure_cpu(check, cwd=out)  # warms the cache (it exists already; this is the run before)
    warm = [measure_cpu(check, cwd=out) for _ in range(runs)]
    report = json.loads(subprocess.run(check, cwd=out, capture_output=True, text=True).stdout)
    codes = {}
    for d in report["diagnostics"]:
        codes[d["name"]] = codes.get(d["name"], 0) + 1

    print(f"{'run (3 files of 1,000 modules)':<44} {'median ms':>9} {'min ms':>8} {'max ms':>8} {'CPU ms':>8} {'peak MB':>8}")
    for name, results in [
        (f"cold: no cache yet, writes it ({COLD_RUNS} runs)", cold),
        (f"--no-cache ({COLD_RUNS} runs)", no_cache),
        (f"warm cache ({runs} runs)", warm),
    ]:
        times = [r[0] * 1000 for r in results]
        cpu = statistics.median(r[1] * 1000 for r in results)
        rss = max(r[2] for r in results)
        print(
            f"{name:<44} {statistics.median(times):>9.1f} {min(times):>8.1f} {max(times):>8.1f} {cpu:>8.1f} {rss:>8.1f}"
        )
    print(f"findings in the 3 files: {', '.join(f'{n} {c}' for c, n in sorted(codes.items())) or 'none'}")
    median = statistics.median(r[0] for r in warm) * 1000
    print(f"warm pre-commit run: {median:.1f} ms (target < 50 ms)")


if __name__ == "__main__":
    main()
