#!/usr/bin/env python3
"""Benchmark of the explain pass: 1,000 distinct queries planned on a local PostgreSQL 15
(a throwaway cluster started here, with the shop of testdata/explain/schema.sql), with and
without hypopg, against a plain check of the same files. Reports explained queries per
second and the pass's overhead. Called by scripts/bench.

usage: explain.py SQLHOUND [RUNS]
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def server_bin():
    found = shutil.which("initdb")
    if found:
        return os.path.dirname(found)
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not versions:
        sys.exit("PostgreSQL server binaries (initdb, pg_ctl) are needed")
    return os.path.dirname(versions[-1])


def as_server_user(argv):
    return ["runuser", "-u", "postgres", "--"] + argv if os.geteuid() == 0 else argv


def psql(socket, database, sql):
    subprocess.run(
        ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", socket, "-U", "postgres", "-d", database],
        input=sql, text=True, check=True, stdout=subprocess.DEVNULL,
    )


def queries():
    """1,000 distinct statements of the kinds an application sends: point lookups on
    indexed keys, filters on unindexed columns, joins, top-N sorts, parameters."""
    shapes = [
        "SELECT id, total FROM orders WHERE id = {i};",
        "SELECT id, total FROM orders WHERE customer_id = {i};",
        "SELECT id FROM orders WHERE status = 'pending' AND total > {i};",
        "SELECT c.email, o.total FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.id = {i};",
        "SELECT id FROM order_items WHERE order_id = {i} AND quantity > 1;",
        "SELECT id FROM order_items WHERE product_id = {i};",
        "SELECT id, created_at FROM audit_log WHERE actor = 'actor{i}' ORDER BY created_at DESC LIMIT 20;",
        "SELECT name FROM customers WHERE email = 'user{i}@example.com';",
        "UPDATE orders SET status = 'cancelled' WHERE id = {i};",
        "SELECT id FROM orders WHERE reference = $1 AND total > {i};",
    ]
    return [shapes[n % len(shapes)].format(i=n + 1) for n in range(1000)]


def timed(argv):
    start = time.perf_counter()
    out = subprocess.run(argv, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if out.returncode not in (0, 1):
        sys.exit(f"{' '.join(argv)} failed ({out.returncode}):\n{out.stderr}")
    return elapsed, out.stderr


def main():
    sqlhound = os.path.abspath(sys.argv[1])
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    bin_dir = server_bin()
    with tempfile.TemporaryDirectory(prefix="sqlhound-bench-pg-") as tmp:
        if os.geteuid() == 0:
            shutil.chown(tmp, "postgres")
        data = os.path.join(tmp, "data")
        subprocess.run(as_server_user([f"{bin_dir}/initdb", "-D", data, "-U", "postgres",
                                       "--auth=trust", "--no-sync"]), check=True, stdout=subprocess.DEVNULL)
        options = f"-k {tmp} -c listen_addresses='' -c fsync=off"
        subprocess.run(as_server_user([f"{bin_dir}/pg_ctl", "-D", data, "-o", options,
                                       "-l", f"{tmp}/log", "-w", "start"]), check=True, stdout=subprocess.DEVNULL)
        try:
            with open(os.path.join(ROOT, "testdata/explain/schema.sql")) as f:
                schema = f.read()
            psql(tmp, "postgres", "CREATE DATABASE shop;")
            psql(tmp, "shop", "CREATE EXTENSION hypopg;\n" + schema)
            psql(tmp, "postgres", "CREATE DATABASE shop_plain TEMPLATE shop;")
            psql(tmp, "shop_plain", "DROP EXTENSION hypopg;")
            files = os.path.join(tmp, "queries")
            os.mkdir(files)
            statements = queries()
            # 50 files of 20 queries, as a project's queries would be spread.
            for n in range(0, len(statements), 20):
                with open(os.path.join(files, f"q{n // 20:02}.sql"), "w") as f:
                    f.write("\n".join(statements[n:n + 20]) + "\n")
            base = [sqlhound, "check", files, "--isolated", "--format", "json"]
            plain = min(timed(base)[0] for _ in range(runs))
            print(f"explain pass: {len(statements)} distinct queries in 50 files, {os.cpu_count()} cores, best of {runs}")
            print(f"{'run':<50} {'wall s':>8} {'queries/s':>10} {'overhead s':>11}")
            print(f"{'plain check':<50} {plain:>8.3f} {'':>10} {'':>11}")
            for database, label in [("shop", "with hypopg"), ("shop_plain", "without hypopg")]:
                for jobs in (1, 4):
                    url = f"host={tmp} user=postgres dbname={database}"
                    best, stderr = None, ""
                    for _ in range(runs):
                        t, err = timed(base + ["--database-url", url, "--explain-jobs", str(jobs)])
                        if best is None or t < best:
                            best, stderr = t, err
                    match = re.search(r"explained (\d+) distinct", stderr)
                    planned = int(match.group(1)) if match else 0
                    name = f"--database-url ({label}, --explain-jobs {jobs})"
                    print(f"{name:<50} {best:>8.3f} {planned / (best - plain):>10.0f} {best - plain:>11.3f}")
        finally:
            subprocess.run(as_server_user([f"{bin_dir}/pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"]),
                           stdout=subprocess.DEVNULL)


if __name__ == "__main__":
    main()
