"""Time to trace the reference report against the full KB, after start-up.

Opens the KB of instance/ (built by `cancu build`), warms up once, then
times extract → sections → trace for the report, several times, and
prints the median and worst. Target: under 300 ms.

usage: python bench/check.py [INSTANCE] [REPORT]
"""
from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.build import current_db  # noqa: E402
from indexer.reports import sections  # noqa: E402
from indexer.sources.text import read_text  # noqa: E402
from kb import store, trace  # noqa: E402
from kb.citations import extract  # noqa: E402


def main() -> int:
    instance = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "instance"
    report = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "corpus" / "reports" / "bao-cao-cchc-2019-sldtbxh-ha-tinh.txt"
    path = current_db(instance)
    if path is None:
        print("no KB: run `cancu build` first")
        return 2
    db = store.connect(path, readonly=True)
    text = read_text(report)

    def once():
        traced = trace.trace(db, extract(text), dt.date(2019, 12, 31))
        sections(text)
        return traced

    once()    # start-up: first queries, caches
    times = []
    for _ in range(10):
        t0 = time.perf_counter()
        traced = once()
        times.append((time.perf_counter() - t0) * 1000)
    print(f"trace of {report.name}: {len(traced)} citations, median {statistics.median(times):.0f} ms, "
          f"worst {max(times):.0f} ms (target < 300 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
