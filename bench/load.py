"""Load: concurrent clients against `cancu serve` while the KB is rebuilt.

Starts `cancu serve` on a free loopback port (or uses --url, loopback only),
then N clients (default 50) for S seconds (default 60), each on its own
keep-alive connection, waiting a random think time between requests (mean
1 s, as a reader does; ``--think 0`` sends them back to back, which measures
saturation: latency is then the number of clients over the throughput),
each from a loopback address of its own (127.0.x.y: the server limits report
drafts per address), mixing what people do at once:

- search pages (the queries of bench/queries.tsv, and numbers that open a document),
- document pages,
- status on a date (JSON API),
- report checks (each client pastes a short report once, then views its
  traced page again and again, as a writer does while fixing it).

Meanwhile the KB is rebuilt again and again, as when editors save: before
each `cancu build` (under `nice`) an editor's correction of one document's
title is logged (a curation entry, alternating between two titles), so each
build re-reads that log, re-indexes that document and switches the live KB,
and every server worker moves to the new build. This runs in a working copy
(the live build folder copied, the corpus linked, its curation logs copied),
removed at the end: the instance and corpus given are never written. After
a change of the reading code the first build is a full one, which may not
finish in the window; one still running when the window closes is stopped,
which a build is made to survive. By default the builds follow each other
back to back (an edit, a build, at once the next edit: about one every 5 s,
far more than a team of editors saves); ``--pause S`` waits S seconds
between them; ``--full-rebuild`` runs full builds instead (the longest
build, about 3 minutes: one runs through the whole window); ``--no-edit``
rebuilds the corpus as it is, which a build recognises as unchanged (the
live build stays). ``--timeline`` adds p50/p95 per 5 s. Prints
requests/s, p50/p95/p99 per kind and overall, errors (status ≥ 400 other than
the expected, or no answer), and how many rebuilds completed.

Bounded: at most 200 clients and 600 s; loopback only.

usage: python bench/load.py [--instance DIR] [--corpus DIR] [--clients 50] [--seconds 60] [--think 1]
                            [--workers N] [--threads N] [--no-rebuild | --no-edit | --full-rebuild]
                            [--pause S] [--timeline] [--url http://127.0.0.1:PORT]
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CANCU = [sys.executable, "-m", "cancu.cli"]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
REPORT = """BÁO CÁO
Kết quả thực hiện công tác cải cách hành chính

Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ về thực hiện cơ chế một cửa,
một cửa liên thông trong giải quyết thủ tục hành chính; Nghị định số 158/2007/NĐ-CP ngày
27/10/2007 của Chính phủ; Luật Cán bộ, công chức năm 2008; Quyết định số 26/2021/QĐ-TTg.
1. Kết quả: thực hiện theo Nghị định 61/2018/NĐ-CP và Thông tư số 01/2018/TT-VPCP.
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    """One person: a keep-alive connection and a cookie."""

    def __init__(self, host: str, port: int, source: str | None = None):
        self.host, self.port, self.source = host, port, source
        self.conn = None
        self.cookie = ""

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        for attempt in (1, 2):      # a keep-alive connection the server closed: once more on a new one
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60,
                                                       source_address=(self.source, 0) if self.source else None)
            try:
                h = {"Cookie": self.cookie} if self.cookie else {}
                h.update(headers or {})
                self.conn.request(method, path, body=body, headers=h)
                r = self.conn.getresponse()
                data = r.read()
                for c in r.headers.get_all("Set-Cookie") or []:
                    self.cookie = c.split(";", 1)[0]
                if r.getheader("Connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                return r.status, r.getheader("Location"), data
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise


def sample(instance: Path, n: int = 400) -> tuple[list[str], list[str]]:
    """Document keys (with text) and numbers of the live KB, at random."""
    db = sqlite3.connect(f"file:{instance / 'current' / 'kb.sqlite'}?mode=ro", uri=True)
    try:
        keys = [k for (k,) in db.execute(
            "SELECT key FROM documents WHERE stub = 0 AND key IN (SELECT doc_key FROM provisions) "
            "ORDER BY random() LIMIT ?", (n,))]
        numbers = [k for (k,) in db.execute(
            "SELECT number FROM documents WHERE stub = 0 AND number LIKE '%/%/%' ORDER BY random() LIMIT ?", (n,))]
    finally:
        db.close()
    return keys, numbers


def queries() -> list[str]:
    rows = (ROOT / "bench" / "queries.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return [r.split("\t")[1] for r in rows if "\t" in r and r.split("\t")[1].strip()]


def run_client(host, port, deadline, keys, numbers, words, results, lock, seed, think=0.0):
    rng = random.Random(seed)
    # each person from an address of their own (127.0.0.x on loopback): the server limits
    # report drafts per address, and fifty people do not share one
    own = f"127.0.{1 + seed // 250}.{2 + seed % 250}" if host in ("127.0.0.1", "localhost") else None
    c = Client(host, port, own)

    def timed(kind, method, path, ok=(200,), body=None, headers=None):
        t = time.perf_counter()
        try:
            status, location, data = c.request(method, path, body, headers)
            good = status in ok
        except (OSError, http.client.HTTPException) as e:
            status, location, data, good = repr(e), None, b"", False
        ms = (time.perf_counter() - t) * 1000
        with lock:
            results[kind].append(ms)
            results["_when"].append((time.monotonic(), ms))
            if not good:
                results["errors"].append(f"{kind} {method} {path[:80]} → {status}")
        return status, location, data

    # a report pasted once (CSRF token from the form), then viewed again and again
    report = None
    status, _, page = timed("report form", "GET", "/bao-cao/")
    m = re.search(rb'name="csrf_token" value="([^"]+)"', page or b"")
    if m:
        body = urllib.parse.urlencode({"csrf_token": m.group(1).decode(), "text": REPORT,
                                       "ngay": "2019-12-20"}).encode()
        status, location, _ = timed("report check", "POST", "/bao-cao/", ok=(302, 303), body=body,
                                    headers={"Content-Type": "application/x-www-form-urlencoded"})
        if location:
            report = urllib.parse.urlsplit(location)
            report = report.path + ("?" + report.query if report.query else "")
    while time.monotonic() < deadline:
        if think:       # a person reads the page before the next click (exponential, mean ``think`` s)
            time.sleep(min(rng.expovariate(1 / think), max(0.0, deadline - time.monotonic())))
            if time.monotonic() >= deadline:
                break
        roll = rng.random()
        if roll < 0.35:
            q = rng.choice(words)
            timed("search", "GET", "/tim-kiem?q=" + urllib.parse.quote(q), ok=(200, 302))   # a number opens its page
        elif roll < 0.45:
            timed("search number", "GET", "/tim-kiem?q=" + urllib.parse.quote(rng.choice(numbers)), ok=(200, 302))
        elif roll < 0.70:
            timed("document", "GET", "/van-ban/" + urllib.parse.quote(rng.choice(keys)))
        elif roll < 0.85:
            day = f"{rng.randint(2005, 2026)}-{rng.randint(1, 12):02d}-01"
            timed("status", "GET", f"/api/documents/{urllib.parse.quote(rng.choice(keys))}/status?on={day}")
        elif report:
            timed("report view", "GET", report)
        else:
            timed("document", "GET", "/van-ban/" + urllib.parse.quote(rng.choice(keys)))


def working_copy(instance: Path, corpus: Path) -> tuple[Path, Path, Path]:
    """(folder, instance, corpus): the live build copied into an instance of
    its own, and a corpus whose folders link to the real ones but for the
    curation logs, copied (the edits go there)."""
    folder = Path(tempfile.mkdtemp(prefix="cancu-load-"))
    live = (instance / "current").resolve()
    work_instance, work_corpus = folder / "instance", folder / "corpus"
    work_instance.mkdir()
    shutil.copytree(live, work_instance / live.name)
    (work_instance / "current").symlink_to(live.name)
    work_corpus.mkdir()
    for entry in corpus.iterdir():
        if entry.name == "curation":
            shutil.copytree(entry, work_corpus / entry.name)
        else:
            (work_corpus / entry.name).symlink_to(entry.resolve())
    return folder, work_instance, work_corpus


class Editor:
    """Logs a correction of one document's title before each build, as an
    editor's save does (indexer.curation, the web's own writer)."""

    def __init__(self, instance: Path, corpus: Path):
        sys.path.insert(0, str(ROOT))
        from indexer import curation as logs
        from kb import curation
        self.logs, self.curation, self.corpus = logs, curation, corpus
        db = sqlite3.connect(f"file:{instance / 'current' / 'kb.sqlite'}?mode=ro", uri=True)
        try:
            self.key, self.title = db.execute(
                "SELECT key, title FROM documents WHERE stub = 0 AND title != '' ORDER BY random() LIMIT 1").fetchone()
        finally:
            db.close()
        self.edits = 0

    def edit(self) -> None:
        titles = [self.title, self.title + " (sửa thử khi đo tải)"]
        old, new = titles[self.edits % 2], titles[(self.edits + 1) % 2]
        self.logs.append(self.corpus, self.key, lambda entries: self.curation.entry(
            "set", "bench-load", "đo tải: sửa tên văn bản", changes={"title": [old, new]}))
        self.edits += 1


def timeline(when: list[tuple[float, float]], t0: float, switches: list[float], step: float = 5.0) -> None:
    """p50/p95 per ``step`` seconds of the run, and where builds finished."""
    print(f"{'from s':>6} {'n':>5} {'p50 ms':>8} {'p95 ms':>8}  builds finished")
    end = max((t for t, _ in when), default=t0)
    k = 0
    while t0 + k * step <= end:
        lo, hi = t0 + k * step, t0 + (k + 1) * step
        v = [ms for t, ms in when if lo <= t < hi]
        done = [f"{s - t0:.1f}" for s in switches if lo <= s < hi]
        print(f"{k * step:6.0f} {len(v):5d} {percentile(v, 50):8.0f} {percentile(v, 95):8.0f}  {' '.join(done)}")
        k += 1


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--instance", default=str(ROOT / "instance"))
    ap.add_argument("--corpus", default=str(ROOT / "corpus"))
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--workers", type=int, default=None, help="cancu serve --workers")
    ap.add_argument("--threads", type=int, default=None, help="cancu serve --threads")
    ap.add_argument("--think", type=float, default=1.0,
                    help="mean seconds a client waits between requests, as a reader does (0: back to back)")
    ap.add_argument("--no-rebuild", action="store_true", help="no build while the clients run")
    ap.add_argument("--timeline", action="store_true", help="also p50/p95 per 5 s, and when builds finished")
    ap.add_argument("--full-rebuild", action="store_true",
                    help="rebuild everything (cancu build --full) in the working copy, the longest build")
    ap.add_argument("--pause", type=float, default=0.0,
                    help="seconds between one build's end and the next edit (default 0: back to back)")
    ap.add_argument("--no-edit", action="store_true",
                    help="rebuild the corpus as it is, with no editor's change (a build keeps the live KB)")
    ap.add_argument("--url", default=None, help="a server already running (loopback only)")
    args = ap.parse_args()
    if not 1 <= args.clients <= 200 or not 1 <= args.seconds <= 600:
        ap.error("1–200 clients, 1–600 seconds")
    instance, corpus = Path(args.instance), Path(args.corpus)
    if not (instance / "current" / "kb.sqlite").exists():
        ap.error(f"{instance}: no KB built (cancu build --instance {instance})")
    keys, numbers = sample(instance)
    words = queries()
    server = scratch = editor = None
    server_log: list[str] = []      # what the server printed after it started (its errors)
    if not (args.no_rebuild or args.no_edit or args.url):
        scratch, instance, corpus = working_copy(instance, corpus)
        editor = Editor(instance, corpus)
    if args.url:
        u = urllib.parse.urlsplit(args.url)
        if u.hostname not in LOOPBACK:
            ap.error("--url must be a loopback address (this bench is not for other machines)")
        host, port = u.hostname, u.port or 80
    else:
        host, port = "127.0.0.1", free_port()
        cmd = CANCU + ["serve", "--host", host, "--port", str(port), "--instance", str(instance),
                       "--corpus", str(corpus), "--access-log", ""]
        if args.workers:
            cmd += ["--workers", str(args.workers)]
        if args.threads:
            cmd += ["--threads", str(args.threads)]
        server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                  start_new_session=True, cwd=ROOT)
        for line in server.stderr:
            sys.stderr.write(line)
            if "đang chạy" in line or server.poll() is not None:
                break
        threading.Thread(target=lambda: server_log.extend(server.stderr), daemon=True).start()
    try:
        # warm every worker a little (first requests load statuses and the search index)
        warm = Client(host, port)
        for _ in range(20):
            status, _, body = warm.request("GET", "/healthz")
            if status != 200:
                print(f"server not healthy: {status} {body[:200]!r}", file=sys.stderr)
                return 1
            warm.request("GET", "/tim-kiem?q=" + urllib.parse.quote(random.choice(words)))
        rebuilds = []
        stop = threading.Event()

        def rebuild_loop():
            while not stop.is_set():
                t = time.monotonic()
                if editor and not args.full_rebuild:
                    editor.edit()
                p = subprocess.Popen(["nice", "-n", "10"] + CANCU + ["build", "--quiet", "--instance", str(instance),
                                                                     "--corpus", str(corpus)]
                                     + (["--full"] if args.full_rebuild else []),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT)
                while p.poll() is None and not stop.wait(0.5):
                    pass
                if p.poll() is None:        # the window closed mid-build: stopped (builds are safe to kill)
                    rebuilds.append(("unfinished", time.monotonic() - t))
                    p.terminate()
                    p.wait()
                    break
                rebuilds.append((p.returncode, time.monotonic() - t))
                switches.append(time.monotonic())
                if args.pause and stop.wait(args.pause):
                    break
        switches: list[float] = []
        builder = None if args.no_rebuild else threading.Thread(target=rebuild_loop, daemon=True)
        if builder:
            builder.start()
        results: dict[str, list] = defaultdict(list)
        lock = threading.Lock()
        t0 = time.monotonic()
        deadline = t0 + args.seconds
        clients = [threading.Thread(target=run_client,
                                    args=(host, port, deadline, keys, numbers, words, results, lock, i, args.think),
                                    daemon=True)
                   for i in range(args.clients)]
        for c in clients:
            c.start()
        for c in clients:
            c.join(timeout=args.seconds + 120)
        elapsed = time.monotonic() - t0
        stop.set()
        if builder:
            builder.join(timeout=1200)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    errors = results.pop("errors", [])
    when = results.pop("_when", [])
    everything = [ms for v in results.values() for ms in v]
    print(f"{args.clients} clients (think time {args.think:g} s), {elapsed:.0f} s, {len(everything)} requests: "
          f"{len(everything) / elapsed:.1f} req/s; errors {len(errors)}")
    print(f"{'kind':16} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for kind in sorted(results):
        v = results[kind]
        print(f"{kind:16} {len(v):6d} {percentile(v, 50):8.0f} {percentile(v, 95):8.0f} {percentile(v, 99):8.0f}")
    print(f"{'all':16} {len(everything):6d} {percentile(everything, 50):8.0f} {percentile(everything, 95):8.0f} "
          f"{percentile(everything, 99):8.0f}")
    if not args.no_rebuild:
        done = [r for r in rebuilds if r[0] != "unfinished"]
        print("full builds (--full) in a working copy" if args.full_rebuild
              else "each build after an editor's correction of one document (a working copy)" if editor
              else "each build of the corpus as it is")
        if args.pause:
            print(f"{args.pause:g} s between one build's end and the next edit")
        print(f"rebuilds while loaded: {len(done)} finished "
              f"({', '.join(f'rc {rc} in {s:.0f} s' for rc, s in done) or 'none'})"
              + (f", 1 stopped at the end after {rebuilds[-1][1]:.0f} s" if rebuilds and rebuilds[-1][0] == "unfinished"
                 else ""))
    if args.timeline:
        timeline(when, t0, switches if not args.no_rebuild else [])
    for e in errors[:10]:
        print("  error:", e)
    if errors and server_log:
        print("the server's log, first error:")
        start = next((i for i, line in enumerate(server_log) if "Traceback" in line or "ERROR" in line), 0)
        print("".join(server_log[start:start + 40]).rstrip())
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
