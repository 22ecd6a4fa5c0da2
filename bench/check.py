"""Time to trace the reference report against the full KB, after start-up.

Opens the KB of instance/ (built by `cancu build`), warms up once, then
times, ten times each:
- the trace (`indexer.reports.trace_report`: citations, sections, date,
  resolution, status on the report's date and today) — target < 300 ms;
- the report page and the "fix my citations" page through the Flask app
  (trace + proposals + HTML), for the figures a user feels.

usage: python bench/check.py [INSTANCE] [REPORT]
"""
from __future__ import annotations

import datetime as dt
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.build import current_db  # noqa: E402
from indexer.document import read_source  # noqa: E402
from indexer.reports import trace_report  # noqa: E402
from kb import store  # noqa: E402

REPORT_DAY = dt.date(2019, 12, 31)


def timed(fn, runs: int = 10) -> list[float]:
    fn()    # start-up: first queries, caches
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def show(label: str, times: list[float], target: str = "") -> None:
    print(f"{label}: median {statistics.median(times):.0f} ms, worst {max(times):.0f} ms{target}")


def main() -> int:
    instance = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "instance"
    report = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "corpus" / "reports" / "bao-cao-cchc-2019-sldtbxh-ha-tinh.txt"
    path = current_db(instance)
    if path is None:
        print("no KB: run `cancu build` first")
        return 2
    db = store.connect(path, readonly=True)
    source = read_source(report)
    rt = trace_report(db, source, REPORT_DAY)
    print(f"{report.name}: {len(rt.traced)} citations, {len(rt.sections)} sections")
    show("trace", timed(lambda: trace_report(db, source, REPORT_DAY)), " (target < 300 ms)")

    from web import create_app
    with tempfile.TemporaryDirectory() as corpus:
        # the draft goes to instance/reports, as when a user uploads the report
        app = create_app({"KB_INSTANCE": str(instance), "CORPUS": corpus, "REBUILD_AFTER_SAVE": False})
        client = app.test_client()
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/bao-cao/").get_data(as_text=True)).group(1)
        with open(report, "rb") as f:
            landed = client.post("/bao-cao/", data={"csrf_token": token, "ngay": REPORT_DAY.isoformat(),
                                                     "file": (f, report.name)}).headers["Location"]
        show("report page (HTTP, in process)", timed(lambda: client.get(landed)))
        fix = landed.replace("?", "/sua?")
        show("fix-my-citations page (HTTP, in process)", timed(lambda: client.get(fix)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
