"""Review page latency through HTTP on the full KB of the shipped corpus.

Builds the KB (incremental if instance/ already holds one), serves the app
on 127.0.0.1, then requests review pages (first and later pages, filters,
other dates, CSV) and prints p50/p95 and the first-request time per date.
Target: under 500 ms per page.

usage: python bench/review.py [INSTANCE]
"""
from __future__ import annotations

import statistics
import sys
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

from indexer.build import build  # noqa: E402
from web import create_app  # noqa: E402

QUERIES = [
    {"on": "2026-11-26"}, {"on": "2026-11-26", "page": "2"}, {"on": "2026-11-26", "page": "40"},
    {"on": "2026-11-26", "status": "Hết hiệu lực toàn bộ"}, {"on": "2026-11-26", "type": "Nghị định"},
    {"on": "2026-11-26", "issuer": "Chính phủ", "sort": "issued", "desc": "1"},
    {"on": "2026-11-26", "year": "2019"}, {"on": "2026-11-26", "field": "thuế"},
    {"on": "2019-12-31"}, {"on": "2019-12-31", "status": "Còn hiệu lực", "page": "3"},
    {"on": "2010-01-01", "sort": "status"}, {"on": "2026-11-26", "format": "csv", "type": "Luật"},
]


def main() -> int:
    instance = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "instance"
    t0 = time.perf_counter()
    result = build(ROOT / "corpus", instance)
    print(f"KB: {result.summary()} (ready in {time.perf_counter() - t0:.1f} s)")
    server = make_server("127.0.0.1", 0, create_app({"KB_INSTANCE": str(instance), "WARM_CACHE": True}), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    time.sleep(3)      # as `cancu serve` does, today's statuses load at start-up
    base = f"http://127.0.0.1:{server.server_port}/review/?"
    times, first = [], {}
    for rnd in range(3):
        for q in QUERIES:
            t = time.perf_counter()
            with urllib.request.urlopen(base + urllib.parse.urlencode(q)) as r:
                r.read()
                assert r.status == 200
            ms = (time.perf_counter() - t) * 1000
            if q["on"] not in first:
                first[q["on"]] = ms
            else:
                times.append(ms)
    server.shutdown()
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"review pages: {len(times)} requests, p50 {statistics.median(times):.0f} ms, p95 {p95:.0f} ms "
          f"(target < 500 ms)")
    print("first request for a new date (computes every status): "
          + ", ".join(f"{d} {ms:.0f} ms" for d, ms in first.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
