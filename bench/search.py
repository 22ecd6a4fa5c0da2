"""Search latency through HTTP on the full KB, against SQLite FTS5 as a reference.

Replays bench/queries.tsv (200 queries: numbers, accented and accent-free
words, phrases, filtered queries) against the search page, and prints
p50/p95 and the index size; then runs the text queries against an FTS5
table of the same article texts (folded the same way) and prints the ratio.
Target: p95 ≤ 100 ms.

usage: python bench/search.py [INSTANCE] [--no-build]

INSTANCE defaults to ./instance, which is first brought up to date with
corpus/ (`cancu build`); --no-build times the instance as it is (a copy
whose search index was rebuilt with `cancu build --search-only`).
"""
from __future__ import annotations

import csv
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import logging  # noqa: E402

from werkzeug.serving import make_server  # noqa: E402

logging.getLogger("werkzeug").setLevel(logging.ERROR)     # no request log in the figures

from indexer.build import build, current_db  # noqa: E402
from kb import search, store  # noqa: E402
from kb.text import fold  # noqa: E402
from web import create_app  # noqa: E402


EXTRA_FILTERS = ["status=Hết hiệu lực toàn bộ", "issuer=Bộ Tài chính", "field=28", "sort=issued"]


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))]


def size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    instance = Path(args[0]) if args else ROOT / "instance"
    if "--no-build" not in sys.argv:
        build(ROOT / "corpus", instance)
    rows = list(csv.DictReader(open(Path(__file__).with_name("queries.tsv"), encoding="utf-8"), delimiter="\t"))
    server = make_server("127.0.0.1", 0, create_app({"KB_INSTANCE": str(instance), "WARM_CACHE": True}), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/tim-kiem?"

    def get(row):
        params = {"q": row["query"]}
        if row["filter"]:
            k, v = row["filter"].split("=", 1)
            params[k] = v
        t = time.perf_counter()
        with urllib.request.urlopen(base + urllib.parse.urlencode(params)) as r:
            r.read()
        return (time.perf_counter() - t) * 1000

    for row in rows[:20]:
        get(row)     # warm-up: open the index, the status cache
    times = {}
    for row in rows:
        times.setdefault(row["kind"], []).append(get(row))
    # the other filters and sorting, on the topics of the 200 (printed apart, not among them)
    extra = {}
    for row in [r for r in rows if r["kind"] == "words"]:
        for f in EXTRA_FILTERS:
            extra.setdefault(f, []).append(get({"query": row["query"], "filter": f}))
    server.shutdown()
    every = [t for ts in times.values() for t in ts]
    ix_dir = current_db(instance).parent / search.DIR_NAME
    print(f"whoosh, through HTTP: {len(every)} queries, p50 {statistics.median(every):.0f} ms, "
          f"p95 {pct(every, .95):.0f} ms (target ≤ 100 ms); index {size_mb(ix_dir):.0f} MB")
    for kind, ts in times.items():
        print(f"  {kind:8} n={len(ts):3} p50 {statistics.median(ts):.0f} ms  p95 {pct(ts, .95):.0f} ms")
    for f, ts in extra.items():
        print(f"  apart: {f:32} n={len(ts):3} p50 {statistics.median(ts):.0f} ms  p95 {pct(ts, .95):.0f} ms")

    # FTS5 reference on the same article texts
    db = store.connect(current_db(instance), readonly=True)
    with tempfile.TemporaryDirectory() as tmp:
        fts = sqlite3.connect(Path(tmp) / "fts.sqlite")
        fts.execute("CREATE VIRTUAL TABLE t USING fts5(id UNINDEXED, body)")
        t0 = time.perf_counter()
        for d in db.execute("SELECT key FROM documents WHERE stub = 0").fetchall():
            fts.executemany("INSERT INTO t VALUES (?, ?)",
                            [(f"{d['key']}#{a}", fold(text)) for a, _, text in search.article_texts(db, d["key"])])
        fts.commit()
        built = time.perf_counter() - t0
        ftimes, wtimes = [], []
        engine = search.engine_for(ix_dir, db)
        for row in rows:
            if row["kind"] == "number":
                continue
            q = row["query"]
            terms = " ".join(f'"{p}"' for p in [fold(q.strip('"'))] if p) if q.startswith('"') else \
                " AND ".join(fold(q).split())
            t = time.perf_counter()
            fts.execute("SELECT id, snippet(t, 1, '[', ']', '…', 12) FROM t WHERE t MATCH ? ORDER BY bm25(t) LIMIT 20",
                        (terms,)).fetchall()
            ftimes.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            search.search(engine, db, q)
            wtimes.append((time.perf_counter() - t) * 1000)
    print(f"same text queries in-process: whoosh p50 {statistics.median(wtimes):.0f} ms p95 {pct(wtimes, .95):.0f} ms; "
          f"FTS5 p50 {statistics.median(ftimes):.1f} ms p95 {pct(ftimes, .95):.1f} ms "
          f"(FTS5 table built in {built:.0f} s); whoosh/FTS5 p95 ratio {pct(wtimes, .95) / max(pct(ftimes, .95), 0.01):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
