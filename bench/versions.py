"""Time to compute a document's text on a date (kb.versions.consolidated) —
target < 200 ms for a 200-article law — and the timelines of its amended
articles (the document page), on the largest documents of the live KB.

Two passes:
- **live**: the KB as built (its operations, if the build has any; a KB built
  before the operations table simply has none);
- **with operations**: the same documents copied into a scratch KB with
  operations made from their own text, for timing only (one article in four
  rewritten with its own wording, a word substituted in one in ten, a clause
  in one in twelve repealed, an article inserted after one in twenty; dated
  over the years after the document's issue). They are not facts and never
  leave the scratch file.

The largest documents and the one closest to 200 articles are each read on eight dates (issue year to today); the figures are
the median (p50) and the 95th percentile over every (document, date), after
one warm-up read.

usage: python bench/versions.py [INSTANCE] [N_DOCUMENTS]
"""
from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.build import current_db  # noqa: E402
from indexer.link import link  # noqa: E402
from kb import store, versions  # noqa: E402
from kb.model import Evidence, Operation  # noqa: E402


def largest(db, n: int) -> list[tuple[str, int]]:
    return [(r[0], r[1]) for r in db.execute(
        "SELECT p.doc_key, count(*) AS articles FROM provisions p JOIN documents d ON d.key = p.doc_key "
        "WHERE p.kind = 'article' AND d.stub = 0 GROUP BY p.doc_key ORDER BY articles DESC LIMIT ?", (n,))]


def near(db, articles: int) -> list[tuple[str, int]]:
    """The document whose article count is closest to ``articles`` (the target's law)."""
    return [(r[0], r[1]) for r in db.execute(
        "SELECT p.doc_key, count(*) AS n FROM provisions p JOIN documents d ON d.key = p.doc_key "
        "WHERE p.kind = 'article' AND d.stub = 0 GROUP BY p.doc_key ORDER BY abs(n - ?) LIMIT 1", (articles,))]


def dates_for(db, key: str) -> list[dt.date]:
    row = store.document(db, key)
    start = dt.date.fromisoformat(row["issued"] or row["effective_from"] or "2010-01-01")
    today = dt.date.today()
    span = max((today - start).days, 8)
    return [start + dt.timedelta(days=span * i // 7) for i in range(8)]


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


def time_reads(db, docs: list[tuple[str, int]]) -> tuple[list[float], list[float], dict]:
    reads, pages, sizes = [], [], {}
    for key, _ in docs:
        days = dates_for(db, key)
        versions.consolidated(db, key, days[-1])            # warm-up: statements, caches
        for day in days:
            t0 = time.perf_counter()
            c = versions.consolidated(db, key, day)
            reads.append((time.perf_counter() - t0) * 1000)
        sizes[key] = (len(c.units), len(c.changes), statistics.median(reads[-len(days):]))
        t0 = time.perf_counter()
        versions.timelines(db, key)
        pages.append((time.perf_counter() - t0) * 1000)
    return reads, pages, sizes


def with_operations(db, docs, path: Path):
    """A scratch KB holding ``docs`` and operations made from their own text."""
    out = store.connect(path, building=True)
    store.create(out)
    cols = [r[1] for r in out.execute("PRAGMA table_info(documents)")]
    pcols = [r[1] for r in out.execute("PRAGMA table_info(provisions)") if r[1] != "id"]
    ops = []
    for key, _ in docs:
        row = store.document(db, key)
        out.execute(f"INSERT INTO documents ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                    [row[c] if c in row.keys() else None for c in cols])
        rows = list(store.provisions(db, key))
        out.executemany(f"INSERT INTO provisions ({', '.join(pcols)}) VALUES ({', '.join('?' * len(pcols))})",
                        [[r[c] if c in r.keys() else None for c in pcols] for r in rows])
        start = dt.date.fromisoformat(row["issued"] or row["effective_from"] or "2010-01-01")
        articles = [r for r in rows if r["kind"] == "article" and r["anchor"].startswith("dieu-")]
        clauses = [r for r in rows if r["kind"] == "clause"]
        ev = lambda i: Evidence("text", "(bench)", "bench", "BENCH/1", f"Điều {i}")  # noqa: E731
        for i, a in enumerate(articles):
            day = start + dt.timedelta(days=200 + 37 * i)
            if i % 4 == 0:
                body = "\n".join([f"Điều {a['anchor'][5:]}. {a['heading'] or ''}", a["text"] or ""] +
                                 [f"{c['label'].split()[-1]}. {c['text']}" for c in clauses if c["parent"] == a["anchor"]])
                ops.append(Operation("replace", row["number"], ev(i), a["label"], a["anchor"], text=body, date=day))
            if i % 10 == 0 and (a["text"] or a["heading"]):
                word = ((a["text"] or a["heading"]).split() or ["x"])[0]
                ops.append(Operation("substitute", row["number"], ev(i), a["label"], a["anchor"],
                                     old_words=word, new_words=word, date=day))
            if i % 20 == 0:
                ops.append(Operation("insert", row["number"], ev(i), f"{a['label']}a", a["anchor"] + "a",
                                     text=f"Điều {a['anchor'][5:]}a. (bench)\n1. (bench)", after=a["anchor"], date=day))
        for j, c in enumerate(clauses[::12]):
            ops.append(Operation("repeal", row["number"], ev(j), c["label"], c["anchor"],
                                 date=start + dt.timedelta(days=400 + 53 * j)))
    store.write_operations(out, ops, "bench")
    out.execute("INSERT INTO documents (key, number, origin) VALUES ('bench-1', 'BENCH/1', 'bench')")
    link(out)
    out.commit()
    out.close()
    return store.connect(path, readonly=True), len(ops)


def report(label: str, docs, reads, pages, sizes) -> None:
    print(f"\n{label}")
    for key, articles in docs:
        units, changes, median = sizes[key]
        print(f"  {key}: {articles} articles, {units} provisions, {changes} changes — text on a date {median:.0f} ms (p50)")
    print(f"  text on a date: p50 {statistics.median(reads):.0f} ms, p95 {pct(reads, .95):.0f} ms, "
          f"worst {max(reads):.0f} ms over {len(reads)} reads (target < 200 ms)")
    print(f"  versions of every amended article (document page): p50 {statistics.median(pages):.0f} ms, "
          f"p95 {pct(pages, .95):.0f} ms")


def main() -> int:
    instance = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "instance"
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 6
    path = current_db(instance)
    if path is None:
        print("no KB: run `cancu build` first")
        return 2
    db = store.connect(path, readonly=True)
    docs = largest(db, n) + near(db, 200)
    reads, pages, sizes = time_reads(db, docs)
    report(f"live KB ({path.parent.name}; operations table: {store.has_table(db, 'operations')})",
           docs, reads, pages, sizes)
    with tempfile.TemporaryDirectory() as tmp:
        scratch, count = with_operations(db, docs, Path(tmp) / "kb.sqlite")
        reads, pages, sizes = time_reads(scratch, docs)
        report(f"same documents with {count} operations made from their own text (timing only)", docs, reads, pages,
               sizes)
        scratch.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
