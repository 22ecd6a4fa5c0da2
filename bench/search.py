"""Search latency (issue 11): the page and the API through HTTP on the
shipped corpus, and in process on a synthetic index k times larger.

Queries: bench/queries.tsv (200: numbers, accented and accent-free words,
phrases, filtered) and the question class of bench/relevance/queries.tsv
(at most 200, spread evenly over the file), each asked of

- the page, ``/tim-kiem?q=…`` (a number or a pinpoint answers with a
  redirect, which is timed, not followed), and
- the API, ``/api/search?q=…&level=article``,

through HTTP (werkzeug's threaded WSGI server in this process, one client
asking one query after another). Prints p50/p95 per kind and overall, and
the size of the index. Target: page p95 ≤ 50 ms (2 cores).

``--scale K`` also builds, once (cached in INSTANCE/bench-scale-K/, rebuilt
when the live KB changes; bench/scaled_kb.py), a KB and index K times
larger (the live KB's documents repeated under renamed keys, the index's
segments copied K times), then times the same queries in process, the
API's work without HTTP (number look-up, else understanding and search at
article level), at scale 1 and scale K side by side, one query after
the other; then the API and the page through HTTP on the scale-K
instance (skip with --no-http-scale). Target: p95 ≤ 200 ms at scale 10.

usage: python bench/search.py [INSTANCE] [--scale K] [--no-http-scale] [--profile] [--limit N] [--build]

--profile: after the timings, the in-process pass of the largest scale
again under cProfile, its costliest functions (own time) printed.

INSTANCE defaults to ./instance (its current/ build, as it is; --build
first brings it up to date with corpus/, as `cancu build` does).
Percentiles are nearest-rank (p95 of 400 times: the 380th). Each pass
starts from freshly opened engines (the engine keeps decoded posting lists
between queries: a pass after another over the same queries would find
them all there), then asks the first 20 queries once before timing.
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import logging
import math
import os
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from werkzeug.serving import make_server  # noqa: E402

logging.getLogger("werkzeug").setLevel(logging.ERROR)     # no request log in the figures

from indexer.build import build, current_db  # noqa: E402
from kb import search, status as kb_status, store  # noqa: E402
from web import create_app  # noqa: E402
from web.search import filters_from  # noqa: E402

_spec = importlib.util.spec_from_file_location("scaled_kb", Path(__file__).with_name("scaled_kb.py"))
scaled_kb = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scaled_kb)

QUERIES = Path(__file__).with_name("queries.tsv")
RELEVANCE = Path(__file__).with_name("relevance") / "queries.tsv"
QUESTION_CLASSES = ("question",)
MAX_QUESTIONS = 200
WARM_UP = 20
PAGE_TARGET, SCALED_TARGET = 50, 200


# --- the queries ------------------------------------------------------------------

def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a tab-separated file with a header, split on tabs only (a
    query's quotes are the user's, not CSV quoting)."""
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        rows = []
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                rows.append(dict(zip(header, line.split("\t"))))
    return rows


def load_queries(limit: int | None = None) -> list[dict[str, str]]:
    """(kind, query, filter) of bench/queries.tsv, then the questions of the
    relevance set as kind "question" (no filter)."""
    rows = [{"kind": r["kind"], "query": r["query"], "filter": r.get("filter", "")} for r in read_tsv(QUERIES)]
    questions = []
    if RELEVANCE.exists():
        questions = [r["query"] for r in read_tsv(RELEVANCE) if r.get("class") in QUESTION_CLASSES]
        if len(questions) > MAX_QUESTIONS:
            step = len(questions) / MAX_QUESTIONS
            questions = [questions[int(i * step)] for i in range(MAX_QUESTIONS)]
    rows += [{"kind": "question", "query": q, "filter": ""} for q in questions]
    if limit:
        by_kind: dict[str, list] = {}
        for r in rows:
            by_kind.setdefault(r["kind"], []).append(r)
        rows = [r for rs in by_kind.values() for r in rs[:limit]]
    return rows


def params_of(row: dict[str, str]) -> dict[str, str]:
    params = {"q": row["query"]}
    if row["filter"]:
        k, v = row["filter"].split("=", 1)
        params[k] = v
    return params


# --- figures ----------------------------------------------------------------------

def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    values = sorted(values)
    return values[max(0, math.ceil(len(values) * p) - 1)] if values else float("nan")


def p50_95(values: list[float]) -> str:
    return f"{statistics.median(values):6.1f} {pct(values, .95):6.1f}" if values else f"{'-':>6} {'-':>6}"


def table(title: str, columns: list[str], series: list[dict[str, list[float]]], kinds: list[str]) -> None:
    """Per kind and overall, p50 and p95 (ms) of each series."""
    print(title)
    print(f"  {'':10}{'n':>5}" + "".join(f"  {c:>13}" for c in columns))
    print(f"  {'':10}{'':>5}" + "".join(f"  {'p50':>6} {'p95':>6}" for _ in columns))
    for kind in kinds + ["all"]:
        cells = []
        for s in series:
            vals = [t for ts in s.values() for t in ts] if kind == "all" else s.get(kind, [])
            cells.append(p50_95(vals))
        n = sum(len(v) for v in series[0].values()) if kind == "all" else len(series[0].get(kind, []))
        print(f"  {kind:10}{n:>5}" + "".join(f"  {c}" for c in cells))


def size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def fresh_engines() -> None:
    """Forget the engines opened so far (kb.search keeps one per index,
    with its caches), so that the next pass opens its own."""
    from kb.search import engine as search_engine
    engines, lock = getattr(search_engine, "_ENGINES", None), getattr(search_engine, "_ENGINES_LOCK", None)
    if engines is None or lock is None:
        print("  (kb.search keeps its engines elsewhere now: passes share their caches)")
        return
    with lock:
        for e in engines.values():
            e.close()
        engines.clear()


# --- through HTTP -----------------------------------------------------------------

class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


class Server:
    """The app of an instance behind werkzeug's threaded WSGI server, in this process."""

    def __init__(self, instance: Path):
        app = create_app({"KB_INSTANCE": str(instance), "WARM_CACHE": True})
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.codes: dict[int, int] = {}

    def get(self, path: str, params: dict[str, str]) -> float:
        """Milliseconds to the last byte of the answer."""
        url = f"{self.base}{path}?{urllib.parse.urlencode(params)}"
        t = time.perf_counter()
        try:
            with _OPENER.open(url) as r:
                r.read()
                code = r.status
        except urllib.error.HTTPError as e:     # a redirect not followed, or an error
            e.read()
            code = e.code
        ms = (time.perf_counter() - t) * 1000
        self.codes[code] = self.codes.get(code, 0) + 1
        return ms

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def time_http(instance: Path, rows: list[dict[str, str]]) -> tuple[dict, dict, dict]:
    """(page times, API times) per kind, and the HTTP status codes seen:
    all the queries of the page, then of the API, each with its own server
    and engines (a query asked of the API just after the page would find
    its posting lists decoded)."""
    out, codes = [], {}
    for path, extra in (("/tim-kiem", {}), ("/api/search", {"level": "article"})):
        fresh_engines()
        server = Server(instance)
        try:
            for row in rows[:WARM_UP]:
                server.get(path, dict(params_of(row), **extra))
            server.codes.clear()
            times: dict[str, list[float]] = {}
            for row in rows:
                times.setdefault(row["kind"], []).append(server.get(path, dict(params_of(row), **extra)))
            out.append(times)
            for c, n in server.codes.items():
                codes[f"{path} {c}"] = n
        finally:
            server.close()
    return out[0], out[1], codes


# --- in process -------------------------------------------------------------------

class InProcess:
    """The API's work for a query, without HTTP and JSON: the number look-up,
    else understanding and search (article level, the row's filter), with
    today's statuses as the API passes them."""

    def __init__(self, kb_dir: Path):
        self.db = store.connect(kb_dir / "kb.sqlite", readonly=True)
        self.db_name = str(kb_dir)
        self.open()
        self.statuses = kb_status.all_statuses(self.db, dt.date.today(), kb_status.load_timelines(self.db))

    def open(self) -> None:
        t = time.perf_counter()
        self.engine = search.engine_for(Path(self.db_name) / search.DIR_NAME, self.db)
        if self.engine is None:
            raise SystemExit(f"no current search index in {self.db_name}")
        self.open_s = time.perf_counter() - t

    def answer(self, row: dict[str, str]) -> float:
        t = time.perf_counter()
        q = row["query"]
        if search.number_lookup(self.db, q) is None:
            intent = search.understand(self.db, self.engine.catalog, q, self.statuses)
            search.search(self.engine, self.db, q, filters_from(dict(params_of(row), level="article")),
                          self.statuses, intent=intent)
        return (time.perf_counter() - t) * 1000


def time_in_process(systems: list[InProcess], rows: list[dict[str, str]]) -> list[dict[str, list[float]]]:
    fresh_engines()
    for s in systems:
        s.open()
    for row in rows[:WARM_UP]:
        for s in systems:
            s.answer(row)
    out: list[dict[str, list[float]]] = [{} for _ in systems]
    for row in rows:          # one query on each system in turn: the same load for both
        for s, times in zip(systems, out):
            times.setdefault(row["kind"], []).append(s.answer(row))
    return out


# --- the run ----------------------------------------------------------------------

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("instance", nargs="?", type=Path, default=ROOT / "instance")
    ap.add_argument("--scale", type=int, default=None, metavar="K",
                    help="also time a synthetic KB K times larger (built once in INSTANCE/bench-scale-K)")
    ap.add_argument("--no-http-scale", action="store_true", help="at scale K, in process only")
    ap.add_argument("--profile", action="store_true", help="profile the in-process pass of the largest scale")
    ap.add_argument("--limit", type=int, default=None, help="the first N queries of each kind (a quick run)")
    ap.add_argument("--build", action="store_true", help="first bring INSTANCE up to date with corpus/")
    args = ap.parse_args()
    instance = args.instance.resolve()
    if args.build:
        build(ROOT / "corpus", instance)
    db_path = current_db(instance)
    if db_path is None:
        print(f"no KB in {instance}: run `cancu build`", file=sys.stderr)
        return 2
    kb_dir = db_path.parent.resolve()
    rows = load_queries(args.limit)
    kinds = list(dict.fromkeys(r["kind"] for r in rows))
    print(f"search latency, {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, "
          f"load {load()} at start")
    counts = ", ".join(f"{k} {sum(r['kind'] == k for r in rows)}" for k in kinds)
    print(f"queries: {len(rows)} ({counts})")

    base = InProcess(kb_dir)
    cat = base.engine.catalog
    print(f"KB {kb_dir.name}: index {size_mb(kb_dir / search.DIR_NAME):.0f} MB, {cat.n} entries "
          f"({int(cat.is_article.sum())} articles, {cat.ndocs} documents), "
          f"{len(base.engine.ix._segments())} segments; engine opened in {base.open_s:.1f} s")

    page, api, codes = time_http(instance, rows)
    every_page = [t for ts in page.values() for t in ts]
    table(f"\nscale 1, through HTTP (werkzeug threaded server, one client), ms; answers {codes}",
          ["page", "API (article)"], [page, api], kinds)
    print(f"  page p95 {pct(every_page, .95):.0f} ms: target ≤ {PAGE_TARGET} ms "
          f"{'met' if pct(every_page, .95) <= PAGE_TARGET else 'NOT met'}")
    print(f"  load {load()}")

    largest = base
    if args.scale:
        k = args.scale
        target = instance / f"bench-scale-{k}"
        t0 = time.perf_counter()
        scaled_kb.ensure_scaled(kb_dir, target, k)
        big = InProcess(target / "current")
        bcat = big.engine.catalog
        print(f"\nscale {k}: {target} ready in {time.perf_counter() - t0:.0f} s; index "
              f"{size_mb(target / 'current' / search.DIR_NAME):.0f} MB, {bcat.n} entries "
              f"({int(bcat.is_article.sum())} articles, {bcat.ndocs} documents), "
              f"{len(big.engine.ix._segments())} segments; engine opened in {big.open_s:.1f} s")
        largest = big
        one, scaled = time_in_process([base, big], rows)
        every = [t for ts in scaled.values() for t in ts]
        table("in process (the API's work without HTTP: number look-up, understanding, search at "
              "article level), ms", ["scale 1", f"scale {k}"], [one, scaled], kinds)
        print(f"  scale {k} p95 {pct(every, .95):.0f} ms: target ≤ {SCALED_TARGET} ms "
              f"{'met' if pct(every, .95) <= SCALED_TARGET else 'NOT met'}")
        print(f"  load {load()}")
        if not args.no_http_scale:
            page_k, api_k, codes_k = time_http(target, rows)
            table(f"scale {k}, through HTTP, ms; answers {codes_k}", ["page", "API (article)"], [page_k, api_k],
                  kinds)
            print(f"  load {load()}")
    if args.profile:
        profile(largest, rows)
    return 0


def profile(system: InProcess, rows: list[dict[str, str]], top: int = 25) -> None:
    import cProfile
    import io
    import pstats
    fresh_engines()
    system.open()
    for row in rows[:WARM_UP]:
        system.answer(row)
    prof = cProfile.Profile()
    prof.enable()
    for row in rows:
        system.answer(row)
    prof.disable()
    total = pstats.Stats(prof).total_tt
    print(f"\nprofile of the in-process pass on {system.db_name} ({total:.1f} s under the profiler)")
    views = (("own time", "tottime", ()), ("cumulative, kb/search", "cumulative", ("kb/search",)))
    for title, order, restrict in views:
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats(order).print_stats(*restrict, top)
        lines = out.getvalue().splitlines()
        start = next((i for i, line in enumerate(lines) if "ncalls" in line), len(lines))
        print(f"  by {title}:")
        print("\n".join(line for line in lines[start:] if line.strip()))


if __name__ == "__main__":
    sys.exit(main())
