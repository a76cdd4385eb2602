"""Language-server latency: diagnostics for a 5,000-line Python file after a one-character
change, p50/p95 over 100 edits (the debounce included). Stdlib only: a minimal JSON-RPC
client over the server's stdio, so the figure is the server's, not a client library's.

usage: python3 bench/lsp_latency.py path/to/sqlhound [edits]
"""

import json
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time


def python_file(lines: int) -> str:
    """Deterministic DB-API code: parameterized queries, and an injection every 50 functions."""
    out = ["import sqlite3", "", "conn = sqlite3.connect('app.db')", ""]
    i = 0
    while len(out) < lines:
        i += 1
        out += [
            f"def handler_{i}(user_id, name):",
            "    cur = conn.cursor()",
            f'    cur.execute("SELECT id, name FROM users_{i} WHERE id = ?", (user_id,))',
            "    row = cur.fetchone()",
            "    if row is None:",
            "        return None",
            "    total = sum(x * 2 for x in range(10))",
            "    label = f'user {name} has {total}'",
            "    return row, label",
            "",
        ]
        if i % 50 == 0:
            out += [f"def report_{i}(table):", '    conn.execute(f"SELECT * FROM {table}")', ""]
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


def main():
    binary, edits = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 100
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        text = python_file(5000)
        path = root / "big.py"
        path.write_text(text)
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
            column = lines[line].find("WHERE") if "WHERE" in lines[line] else 0
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
        client.proc.wait(10)
    timings.sort()
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    print(
        f"lsp latency, 5,000-line Python file, {len(first)} findings, {edits} one-character edits: "
        f"p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, max {timings[-1]:.1f} ms"
    )


def pos_range(l1, c1, l2, c2):
    return {"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}}


if __name__ == "__main__":
    main()
