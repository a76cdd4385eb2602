"""Language-server latency: diagnostics for a 5,000-line Python file after a one-character
change, p50/p95 over 100 edits (the debounce included), in two cases: the file alone in a
folder, and the file inside a generated project of 300 modules (bench/gen_project.py)
whose database wrappers it calls, so each check goes through the project index and the
wrappers' summaries. Stdlib only: a minimal JSON-RPC client over the server's stdio, so
the figure is the server's, not a client library's. Peak memory is the server's max RSS.

usage: python3 bench/lsp_latency.py path/to/sqlhound [edits]
"""

import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

from gen_project import generate

PROJECT_MODULES = 300


def python_file(lines: int, project: bool = False) -> str:
    """Deterministic DB-API code: parameterized queries, and an injection every 50 functions;
    in a project, through the project's `query_db` wrapper."""
    if project:
        out = ["from shopapp.db import get_db, query_db", "", "conn = get_db()", ""]
    else:
        out = ["import sqlite3", "", "conn = sqlite3.connect('app.db')", ""]
    i = 0
    while len(out) < lines:
        i += 1
        if project and i % 2 == 0:
            query = [
                f'    row = query_db("SELECT id, name FROM users_{i} WHERE id = ?", (user_id,), one=True)',
                "    other = row",
            ]
        else:
            query = [
                f'    cur.execute("SELECT id, name FROM users_{i} WHERE id = ?", (user_id,))',
                "    row = cur.fetchone()",
            ]
        out += [
            f"def handler_{i}(user_id, name):",
            "    cur = conn.cursor()",
            *query,
            "    if row is None:",
            "        return None",
            "    total = sum(x * 2 for x in range(10))",
            "    label = f'user {name} has {total}'",
            "    return row, label",
            "",
        ]
        if i % 50 == 0:
            sink = "query_db" if project else "conn.execute"
            out += [f"def report_{i}(table):", f'    {sink}(f"SELECT * FROM {{table}}")', ""]
    return "\n".join(out[:lines]) + "\n"


class Client:
    def __init__(self, command):
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.next_id = 0

    def send(self, message):
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.proc.stdin.flush()

    def request(self, method, params):
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        while True:
            message = self.receive()
            if message.get("id") == self.next_id:
                return message

    def receive(self):
        length = 0
        while (line := self.proc.stdout.readline()) not in (b"\r\n", b""):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.proc.stdout.read(length))

    def diagnostics(self, uri, version):
        while True:
            message = self.receive()
            params = message.get("params") or {}
            if message.get("method") == "textDocument/publishDiagnostics" and params.get(
                "uri"
            ) == uri and params.get("version") == version:
                return params["diagnostics"]


def latency(binary, edits, root, path, text):
    """Opens `path` (holding `text`) in a server for the workspace `root` and times `edits`
    one-character edits; returns the findings on opening, the timings and the server's peak
    memory."""
    uri = path.as_uri()
    client = Client([binary, "server"])
    client.request("initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": {}})
    client.send({"method": "initialized", "params": {}})
    client.send(
        {
            "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}},
        }
    )
    first = client.diagnostics(uri, 1)
    lines = text.split("\n")
    timings = []
    for n in range(edits):
        version = n + 2
        # Type one character into (or delete it from) a query string mid-file.
        line = 2500 + (n // 2) * 10 % 2000
        while "WHERE" not in lines[line]:
            line += 1
        column = lines[line].find("WHERE")
        if n % 2 == 0:
            change = {"range": pos_range(line, column, line, column), "text": "x"}
        else:
            change = {"range": pos_range(line, column, line, column + 1), "text": ""}
        started = time.perf_counter()
        client.send(
            {
                "method": "textDocument/didChange",
                "params": {
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": [change],
                },
            }
        )
        client.diagnostics(uri, version)
        timings.append((time.perf_counter() - started) * 1000)
        time.sleep(0.03)  # a typist's pause between keystrokes
    client.request("shutdown", None)
    client.send({"method": "exit"})
    _, _, usage = os.wait4(client.proc.pid, 0)
    client.proc.returncode = 0
    timings.sort()
    return first, timings, usage.ru_maxrss / 1024


def main():
    binary, edits = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 100
    cases = []
    with tempfile.TemporaryDirectory() as tmp:
        # The file alone: a folder with no project marker is not walked.
        root = pathlib.Path(tmp)
        text = python_file(5000)
        path = root / "big.py"
        path.write_text(text)
        cases.append(("5,000-line file alone", latency(binary, edits, root, path, text)))
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        modules = generate(tmp, PROJECT_MODULES)
        text = python_file(5000, project=True)
        path = root / "shopapp" / "big_views.py"
        path.write_text(text)
        cases.append((f"5,000-line file in a {len(modules) + 1}-module project", latency(binary, edits, root, path, text)))
    print(f"lsp latency, {edits} one-character edits inside a query string, {os.cpu_count()} cores:")
    print(f"{'case':<42} {'findings':>8} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'peak MB':>8}")
    for name, (first, timings, rss) in cases:
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        print(
            f"{name:<42} {len(first):>8} {statistics.median(timings):>7.1f} {p95:>7.1f} {timings[-1]:>7.1f} {rss:>8.1f}"
        )
    print("target: p95 under 50 ms")


def pos_range(l1, c1, l2, c2):
    return {"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}}


if __name__ == "__main__":
    main()
