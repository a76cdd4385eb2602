#!/usr/bin/env python3
"""Memory benchmark: peak RSS and wall time of `sqlhound check` on single large `.sql`
files, where memory must not grow with the number of statements. Generates, under OUT_DIR:

- `select1.sql`: 1 MB of `SELECT 1;`
- `star.sql`: 4 MB of `SELECT * FROM t;` (one `select-star` finding each)
- `one_line.sql`: one 10 MB `INSERT … VALUES` statement on a single line
- `dump.sql`: a 50 MB pg_dump-like schema and data dump (CREATE TABLE, ALTER TABLE,
  CREATE INDEX, a function, INSERT … VALUES rows, single and multi-row)

with a `sqlhound.toml` raising `max-file-size`, then runs each SQLHOUND binary (several
can be compared, e.g. before and after a change) on each file once, with `--format json`,
and prints wall time, CPU time and peak RSS (from wait4). Called by scripts/bench.

usage: memory.py OUT_DIR SQLHOUND [SQLHOUND…]

A run longer than MEMORY_TIMEOUT seconds (default 300) is killed and reported as such.
"""
import os
import random
import subprocess
import sys
import threading
import time

MB = 1024 * 1024


def write_repeated(path, line, size):
    with open(path, "w") as out:
        out.write(line * (size // len(line)))


def write_one_line(path, size):
    rng = random.Random(1)
    with open(path, "w") as out:
        out.write("INSERT INTO events (id, kind, payload, created_at) VALUES ")
        written, n = 0, 0
        while written < size:
            row = f"({n}, 'kind_{rng.randrange(20)}', '{{\"a\": {rng.randrange(1000)}}}', '2024-01-{1 + n % 28:02d}')"
            row = row if n == 0 else "," + row
            out.write(row)
            written += len(row)
            n += 1
        out.write(";\n")


def dump_table(rng, n):
    name = f"public.table_{n}"
    ddl = f"""
--
-- Name: table_{n}; Type: TABLE; Schema: public; Owner: app
--

CREATE TABLE {name} (
    id bigint NOT NULL,
    account_id bigint NOT NULL,
    status text DEFAULT 'new'::text NOT NULL,
    amount_cents integer,
    note text,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE ONLY {name}
    ADD CONSTRAINT table_{n}_pkey PRIMARY KEY (id);

CREATE INDEX table_{n}_account_idx ON {name} USING btree (account_id, created_at);
"""
    rows = []
    for i in range(rng.randrange(200, 2000)):
        note = "NULL" if i % 7 == 0 else f"'note {rng.randrange(10**6)} it''s fine; really'"
        rows.append(f"({i}, {rng.randrange(10**5)}, '{rng.choice(['new', 'paid', 'void'])}', "
                    f"{rng.randrange(10**6)}, {note}, '2024-03-{1 + i % 28:02d} 10:00:00+00')")
    data = []
    if n % 3 == 0:
        # `pg_dump --rows-per-insert=100`: multi-row INSERTs.
        for start in range(0, len(rows), 100):
            data.append(f"INSERT INTO {name} (id, account_id, status, amount_cents, note, created_at) VALUES\n\t"
                        + ",\n\t".join(rows[start:start + 100]) + ";\n")
    else:
        # `pg_dump --inserts`: one INSERT per row, no column list.
        data.extend(f"INSERT INTO {name} VALUES {row};\n" for row in rows)
    return ddl + "\n" + "".join(data)


def write_dump(path, size):
    rng = random.Random(2)
    with open(path, "w") as out:
        out.write("""--
-- PostgreSQL database dump
--

SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);

CREATE FUNCTION public.touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;
""")
        written, n = 0, 0
        while written < size:
            part = dump_table(rng, n)
            out.write(part)
            written += len(part)
            n += 1


def generate(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    files = {
        "select1.sql": lambda p: write_repeated(p, "SELECT 1;\n", MB),
        "star.sql": lambda p: write_repeated(p, "SELECT * FROM t;\n", 4 * MB),
        "one_line.sql": lambda p: write_one_line(p, 10 * MB),
        "dump.sql": lambda p: write_dump(p, 50 * MB),
    }
    for name, write in files.items():
        path = os.path.join(out_dir, name)
        if not os.path.exists(path):
            write(path)
    with open(os.path.join(out_dir, "sqlhound.toml"), "w") as cfg:
        cfg.write(f"max-file-size = {200 * MB}\n")
    return [os.path.join(out_dir, name) for name in files]


def measure(argv, timeout):
    """Wall time, CPU time (user + system), peak RSS in MB and exit code; a run past
    `timeout` seconds is killed. CPU time says more than wall time on a busy machine."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    _, status, usage = os.wait4(proc.pid, 0)
    timer.cancel()
    cpu = usage.ru_utime + usage.ru_stime
    return time.perf_counter() - start, cpu, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main():
    out_dir = sys.argv[1]
    binaries = sys.argv[2:]
    timeout = float(os.environ.get("MEMORY_TIMEOUT", "300"))
    paths = generate(out_dir)
    print(f"memory: one file per run, {os.cpu_count()} cores")
    print(f"{'binary':<40} {'file':<14} {'size MB':>8} {'wall s':>8} {'cpu s':>8} {'peak MB':>8} {'exit':>5}")
    for binary in binaries:
        for path in paths:
            t, cpu, rss, code = measure([binary, "check", path, "--quiet", "--format", "json"], timeout)
            size = os.path.getsize(path) / MB
            print(f"{binary:<40} {os.path.basename(path):<14} {size:>8.1f} {t:>8.2f} {cpu:>8.2f} {rss:>8.0f} {code:>5}")
            if t >= timeout:
                print(f"  (killed after {timeout:.0f} s)")
            elif code not in (0, 1):
                print(f"  (exit code {code}: not a clean run)")


if __name__ == "__main__":
    main()
