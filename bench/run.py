#!/usr/bin/env python3
"""Paired benchmark: sqlhound vs a single-threaded sqlparser parse-only pass vs sqruff, on
the same generated corpus. Reports wall time (best of N), MB/s and peak memory (max RSS from
wait4). Called by scripts/bench, which builds and installs what it needs.

usage: run.py CORPUS_DIR SQLHOUND PARSE_ONLY SQRUFF [RUNS] [SQRUFF_FILES]
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time


def measure(argv, cwd=None):
    elapsed, _, rss, code = measure_cpu(argv, cwd)
    return elapsed, rss, code


def measure_cpu(argv, cwd=None):
    """Wall time, CPU time (user + system, the figure to compare on a shared machine), peak
    RSS in MB and exit code of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code


def best_of(runs, argv, cwd=None):
    results = [measure(argv, cwd) for _ in range(runs)]
    return min(r[0] for r in results), max(r[1] for r in results), results[0][2]


def main():
    corpus, sqlhound, parse_only, sqruff = (os.path.abspath(a) for a in sys.argv[1:5])
    runs = int(sys.argv[5]) if len(sys.argv) > 5 else 3
    files = sorted(f for f in os.listdir(corpus) if f.endswith(".sql"))
    sqruff_files = int(sys.argv[6]) if len(sys.argv) > 6 else len(files)
    size_mb = sum(os.path.getsize(os.path.join(corpus, f)) for f in files) / 1024 / 1024
    print(f"corpus: {len(files)} files, {size_mb:.1f} MB, {os.cpu_count()} cores, best of {runs}")

    rows = []
    t, rss, code = best_of(runs, [sqlhound, "check", corpus, "--quiet", "--format", "json"])
    if code not in (0, 1):
        sys.exit(f"sqlhound failed with exit code {code}")
    rows.append(("sqlhound check (all cores)", t, rss, size_mb))
    ours = t
    t, rss, _ = best_of(runs, [parse_only, corpus])
    rows.append(("sqlparser parse-only (1 thread)", t, rss, size_mb))
    baseline = t

    # sqruff on the same files (or the first SQRUFF_FILES of them, scaled per MB).
    with tempfile.TemporaryDirectory() as tmp:
        for f in files[:sqruff_files]:
            shutil.copy(os.path.join(corpus, f), tmp)
        with open(os.path.join(tmp, ".sqruff"), "w") as cfg:
            cfg.write("[sqruff]\ndialect = postgres\nlarge_file_skip_byte_limit = 0\n")
        sample_mb = sum(os.path.getsize(os.path.join(tmp, f)) for f in files[:sqruff_files]) / 1024 / 1024
        t, rss, _ = measure([sqruff, "lint", "."], cwd=tmp)
        rows.append((f"sqruff lint ({sqruff_files} files)", t, rss, sample_mb))
        sqruff_rate = sample_mb / t

    print(f"{'tool':<34} {'wall s':>8} {'MB/s':>8} {'peak MB':>8}")
    for name, t, rss, mb in rows:
        print(f"{name:<34} {t:>8.3f} {mb / t:>8.1f} {rss:>8.1f}")
    print(f"sqlhound / parse-only wall time: {ours / baseline:.2f}x (target <= 1.3x)")
    print(f"sqlhound vs sqruff throughput:   {size_mb / ours / sqruff_rate:.0f}x faster (target >= 20x)")
    print(f"sqlhound peak memory:            {rows[0][2]:.0f} MB (target < 200 MB)")


if __name__ == "__main__":
    main()
