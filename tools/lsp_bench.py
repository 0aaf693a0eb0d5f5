#!/usr/bin/env python3
"""Latency of `gardefou lsp` as an editor sees it, side by side with `gardefou lint`.

For each document: copy it into a fresh folder (a git root, no ruleset: gardefou:recommended),
start `gardefou lsp` there over stdio, open the document, then make one-character edits and
time each from sending `didChange` to receiving the `publishDiagnostics` of that version. The
edits alternate deleting and re-inserting the last letter of the first `operationId` key, so
every edit changes the diagnostics (an unchanged set is not re-sent), and wait `--pause`
seconds before the next, as a typist does (edits closer together than the server's debounce
are linted once, after it). The server's resident memory (VmRSS) is read before, during and
after the edits. `gardefou lint` of the same document is
timed in the same run.

    tools/lsp_bench.py [--bin target/fast/gardefou] [--edits N] [--big-edits N] [--lint-runs N]
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import queue
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "..", "shared", "corpus", "docs")
DOCS = [
    ("GitHub api.github.com.json (13 MB)", os.path.join(CORPUS, "github", "api.github.com.json")),
    ("readme-extensions.yaml (368 lines)",
     os.path.join(CORPUS, "readme-oas-examples", "3.0", "yaml", "readme-extensions.yaml")),
]


class Server:
    def __init__(self, binary, cwd):
        self.p = subprocess.Popen([binary, "lsp"], cwd=cwd, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.q = queue.Queue()
        self.next_id = 1
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.p.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            self.q.put((time.perf_counter(), json.loads(out.read(length))))

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def request(self, method, params):
        i = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": i, "method": method, "params": params})
        while True:
            _, m = self.q.get(timeout=600)
            if m.get("id") == i:
                return m.get("result")

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_diagnostics(self, uri, version=None):
        while True:
            t, m = self.q.get(timeout=600)
            if m.get("method") != "textDocument/publishDiagnostics":
                continue
            p = m["params"]
            if p["uri"] == uri and (version is None or p.get("version") == version):
                return t, p["diagnostics"]

    def rss_kib(self):
        with open(f"/proc/{self.p.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def stop(self):
        self.request("shutdown", None)
        self.notify("exit", None)
        self.p.wait(timeout=60)


def position(text, offset):
    line = text.count("\n", 0, offset)
    start = text.rfind("\n", 0, offset) + 1
    return {"line": line, "character": len(text[start:offset].encode("utf-16-le")) // 2}


def bench(binary, label, source, edits, lint_runs, pause):
    tmp = tempfile.mkdtemp(prefix="gardefou-lsp-bench-")
    try:
        os.mkdir(os.path.join(tmp, ".git"))
        name = os.path.basename(source)
        path = os.path.join(tmp, name)
        shutil.copy(source, path)
        text = open(path, encoding="utf-8").read()
        uri = "file://" + path

        lint = []
        for _ in range(lint_runs):
            t0 = time.perf_counter()
            subprocess.run([binary, "lint", name, "-f", "json", "-o", os.devnull], cwd=tmp,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            lint.append(time.perf_counter() - t0)

        s = Server(binary, tmp)
        s.request("initialize", {"processId": os.getpid(), "rootUri": "file://" + tmp,
                                 "capabilities": {}})
        s.notify("initialized", {})
        t0 = time.perf_counter()
        s.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "json" if name.endswith(".json") else "yaml",
            "version": 1, "text": text}})
        t, first = s.wait_diagnostics(uri, 1)
        opened = t - t0
        rss_before = s.rss_kib()

        key = '"operationId"' if name.endswith(".json") else "operationId:"
        at = text.index(key) + len("operationI") + (1 if name.endswith(".json") else 0)
        pos = position(text, at)
        end = {"line": pos["line"], "character": pos["character"] + 1}
        times = []
        series = []
        for i in range(edits):
            version = i + 2
            if i % 2 == 0:
                change = {"range": {"start": pos, "end": end}, "text": ""}
            else:
                change = {"range": {"start": pos, "end": pos}, "text": "d"}
            t0 = time.perf_counter()
            s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                "contentChanges": [change]})
            t, _ = s.wait_diagnostics(uri, version)
            times.append(t - t0)
            if (i + 1) % max(1, edits // 10) == 0:
                series.append(round(s.rss_kib() / 1024))
            time.sleep(pause)
        rss_after = s.rss_kib()
        s.stop()
        return {
            "document": label,
            "diagnostics": len(first),
            "open_to_diagnostics_s": round(opened, 3),
            "edits": edits,
            "edit_to_diagnostics_median_ms": round(statistics.median(times) * 1000, 1),
            "edit_to_diagnostics_min_ms": round(min(times) * 1000, 1),
            "edit_to_diagnostics_max_ms": round(max(times) * 1000, 1),
            "cli_lint_median_ms": round(statistics.median(lint) * 1000, 1),
            "rss_before_mib": round(rss_before / 1024, 1),
            "rss_after_mib": round(rss_after / 1024, 1),
            "rss_every_tenth_of_the_edits_mib": series,
        }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "fast", "gardefou"))
    ap.add_argument("--edits", type=int, default=1000, help="edits of the small document")
    ap.add_argument("--big-edits", type=int, default=20, help="edits of GitHub's description")
    ap.add_argument("--lint-runs", type=int, default=5)
    ap.add_argument("--pause", type=float, default=0.15,
                    help="seconds between an edit's diagnostics and the next edit (typing)")
    a = ap.parse_args()
    for (label, source), edits in zip(DOCS, [a.big_edits, a.edits]):
        if not os.path.exists(source):
            sys.exit(f"{source} is missing (../shared/corpus)")
        print(json.dumps(bench(a.bin, label, source, edits, a.lint_runs, a.pause)), flush=True)


if __name__ == "__main__":
    main()
