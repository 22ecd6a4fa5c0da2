"""Relevance of Căn cứ's search against a plain BM25, on a labelled query set.

Reads bench/relevance/queries.tsv (made from the shipped data by
bench/relevance/make_queries.py; see bench/relevance/README.md), asks every
query of the live KB

- of Căn cứ, in process, through the Flask app's `/api/search?q=…&level=article`
  (`level=document` for the name queries), top 10;
- of a plain BM25 (SQLite FTS5, `bm25()`, default k1/b, lowercase syllables
  ORed, no stop words, no tuning) over the same article units (article heading,
  its text, its clauses and points; documents: number and title), accents
  folded (with --accent-variant, also one that keeps accents);

and prints R@10, MRR@10, nDCG@10 (binary gains) and p50/p95 latency, per
query class and overall (the article-level classes; names apart), side by side.
Labels missing from the KB are reported and skipped.

usage: python bench/relevance.py [INSTANCE_DIR] [--json] [--limit N] [--class X] [--accent-variant] [--misses N]
                                [--queries TSV]

INSTANCE_DIR defaults to ./instance (its `current/kb.sqlite`). The BM25
index is cached in INSTANCE_DIR/bench-bm25.sqlite and rebuilt when the KB
changes. Nothing outside the repository and the instance is read.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import re
import sqlite3
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "bench" / "relevance" / "queries.tsv"
K = 10
BM25_FILE = "bench-bm25.sqlite"
BM25_VERSION = "1"          # bump when the BM25 units or tokenisation change
ARTICLE_CLASSES = ("question", "topic", "pinpoint")
CLASSES = ARTICLE_CLASSES + ("name",)
COLUMNS = ["class", "method", "level", "query", "relevant", "source"]


class BenchError(Exception):
    """A problem to print as one line (no traceback), exit 2."""


# --- the query set ----------------------------------------------------------

@dataclass
class Query:
    cls: str
    method: str
    level: str                # "article" or "document"
    text: str
    relevant: list[str]
    source: str = ""
    line: int = 0


def load_queries(path: Path = QUERIES) -> list[Query]:
    """The labelled queries; raises ValueError naming the line of any malformed row."""
    out = []
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        if header != COLUMNS:
            raise ValueError(f"{path.name}: header {header} is not {COLUMNS}")
        for n, line in enumerate(f, start=2):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != len(COLUMNS):
                raise ValueError(f"{path.name}:{n}: {len(cols)} columns, not {len(COLUMNS)}")
            cls, method, level, text, relevant, source = cols
            if cls not in CLASSES:
                raise ValueError(f"{path.name}:{n}: unknown class {cls!r}")
            if level not in ("article", "document") or (level == "document") != (cls == "name"):
                raise ValueError(f"{path.name}:{n}: level {level!r} for class {cls!r}")
            labels = relevant.split()
            if not text.strip() or not labels:
                raise ValueError(f"{path.name}:{n}: empty query or no label")
            for lab in labels:
                if (level == "article") != ("#" in lab):
                    raise ValueError(f"{path.name}:{n}: label {lab!r} is not a {level} unit")
            out.append(Query(cls, method, level, text, labels, source, n))
    return out


# --- metrics ----------------------------------------------------------------

def recall_at(ranked: list[str], relevant: set[str], k: int = K) -> float:
    """1 when a relevant unit is in the top k (the "success@k" of QA benchmarks)."""
    return 1.0 if any(r in relevant for r in ranked[:k]) else 0.0


def mrr_at(ranked: list[str], relevant: set[str], k: int = K) -> float:
    for i, r in enumerate(ranked[:k]):
        if r in relevant:
            return 1.0 / (i + 1)
    return 0.0


def ndcg_at(ranked: list[str], relevant: set[str], k: int = K) -> float:
    """Binary gains; the ideal ranking puts min(k, |relevant|) relevant units first."""
    if not relevant:
        return 0.0
    seen = set()
    dcg = 0.0
    for i, r in enumerate(ranked[:k]):
        if r in relevant and r not in seen:
            seen.add(r)
            dcg += 1.0 / math.log2(i + 2)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return dcg / ideal


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100); 0 for no values."""
    if not values:
        return 0.0
    v = sorted(values)
    return v[max(0, min(len(v) - 1, math.ceil(p / 100 * len(v)) - 1))]


def summarise(rows: list[tuple[list[str], set[str], float]]) -> dict:
    """rows: (ranked ids, relevant ids, seconds) → the figures of one system on one class."""
    n = len(rows)
    if n == 0:
        return {"n": 0, "R@10": 0.0, "MRR@10": 0.0, "nDCG@10": 0.0, "p50_ms": 0.0, "p95_ms": 0.0}
    ms = [t * 1000 for _, _, t in rows]
    return {"n": n,
            "R@10": sum(recall_at(r, rel) for r, rel, _ in rows) / n,
            "MRR@10": sum(mrr_at(r, rel) for r, rel, _ in rows) / n,
            "nDCG@10": sum(ndcg_at(r, rel) for r, rel, _ in rows) / n,
            "p50_ms": percentile(ms, 50), "p95_ms": percentile(ms, 95)}


# --- text -------------------------------------------------------------------

def fold(s: str) -> str:
    """Lower case without diacritics, đ → d (what users type without accents)."""
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def syllables(s: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFC", s).lower())


def fts_or(tokens: list[str]) -> str:
    """An FTS5 query ORing each token as a quoted string (no FTS syntax gets through)."""
    seen = []
    for t in tokens:
        if t not in seen:
            seen.append(t)
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in seen)


# --- the KB -----------------------------------------------------------------

def kb_path(instance: Path) -> Path:
    if not instance.is_dir():
        raise BenchError(f"no instance folder {instance} (build the KB with `cancu build`, or give INSTANCE_DIR)")
    path = instance / "current" / "kb.sqlite"
    if not path.is_file():
        raise BenchError(f"{instance} has no built KB (no current/kb.sqlite); run `cancu build` "
                         "(or wait for the build in progress to finish)")
    return path


def connect_ro(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    db.row_factory = sqlite3.Row
    return db


def existing_units(db: sqlite3.Connection, queries: list[Query]) -> set[str]:
    """The labels of ``queries`` that name a unit of the KB (a non-stub document, an article)."""
    wanted = {lab for q in queries for lab in q.relevant}
    docs = {r[0] for r in db.execute("SELECT key FROM documents WHERE stub = 0")}
    found = {lab for lab in wanted if "#" not in lab and lab in docs}
    arts = [lab for lab in wanted if "#" in lab and lab.split("#", 1)[0] in docs]
    for i in range(0, len(arts), 400):
        chunk = arts[i:i + 400]
        pairs = [tuple(lab.split("#", 1)) for lab in chunk]
        sql = ("SELECT doc_key, anchor FROM provisions WHERE kind = 'article' AND (doc_key, anchor) IN (VALUES "
               + ",".join("(?, ?)" for _ in pairs) + ")")
        found.update(f"{k}#{a}" for k, a in db.execute(sql, [x for p in pairs for x in p]))
    return found


def article_units(db: sqlite3.Connection):
    """(id, text) of every article of every non-stub document: its heading, its
    own text, its clauses and points (what the search indexes for an article)."""
    stubs = {r[0] for r in db.execute("SELECT key FROM documents WHERE stub = 1")}
    current = None
    for key, anchor, kind, heading, text in db.execute(
            "SELECT doc_key, anchor, kind, heading, text FROM provisions ORDER BY doc_key, ord, id"):
        if key in stubs:
            continue
        if kind == "article":
            if current:
                yield current[0], "\n".join(current[1])
            current = (f"{key}#{anchor}", [heading or "", text or ""], key, anchor + "-")
        elif current and kind in ("clause", "point") and key == current[2] and anchor.startswith(current[3]):
            current[1].append(text or "")
    if current:
        yield current[0], "\n".join(current[1])


# --- the BM25 baseline --------------------------------------------------------

def kb_signature(path: Path) -> str:
    real = path.resolve()
    st = real.stat()
    return f"{BM25_VERSION}|{real}|{st.st_size}|{st.st_mtime_ns}"


def bm25_index(instance: Path, kb: Path, say=print) -> sqlite3.Connection:
    """The cached FTS5 database for the live KB, built first when missing or stale."""
    target = instance / BM25_FILE
    sig = kb_signature(kb)
    if target.exists():
        try:
            db = sqlite3.connect(target)
            row = db.execute("SELECT value FROM meta WHERE key = 'kb'").fetchone()
            if row and row[0] == sig:
                return db
            db.close()
        except sqlite3.DatabaseError:
            pass
    say(f"building the BM25 baseline index ({target.name}) …")
    t0 = time.perf_counter()
    tmp = target.with_suffix(f".tmp{os.getpid()}")
    tmp.unlink(missing_ok=True)
    out = sqlite3.connect(tmp)
    out.executescript("""
        PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE units (rowid INTEGER PRIMARY KEY, level TEXT NOT NULL, id TEXT NOT NULL);
        CREATE VIRTUAL TABLE fold USING fts5(body, content='', tokenize='unicode61 remove_diacritics 2');
        CREATE VIRTUAL TABLE accent USING fts5(body, content='', tokenize='unicode61 remove_diacritics 0');
    """)
    src = connect_ro(kb)
    n = 0

    def add(level, uid, text):
        nonlocal n
        n += 1
        out.execute("INSERT INTO units VALUES (?, ?, ?)", (n, level, uid))
        out.execute("INSERT INTO fold (rowid, body) VALUES (?, ?)", (n, fold(text)))
        out.execute("INSERT INTO accent (rowid, body) VALUES (?, ?)", (n, unicodedata.normalize("NFC", text).lower()))

    for key, number, title in src.execute("SELECT key, number, title FROM documents WHERE stub = 0"):
        add("document", key, f"{number or ''} {title or ''}")
    docs = n
    for uid, text in article_units(src):
        add("article", uid, text)
    src.close()
    out.execute("INSERT INTO meta VALUES ('kb', ?)", (sig,))
    out.execute("INSERT INTO meta VALUES ('documents', ?)", (str(docs),))
    out.commit()
    out.close()
    os.replace(tmp, target)
    say(f"  {n} units in {time.perf_counter() - t0:.0f} s")
    return sqlite3.connect(target)


class BM25:
    """Plain BM25 (FTS5's bm25(), k1 = 1.2, b = 0.75) over units of one level."""

    def __init__(self, db: sqlite3.Connection, table: str):
        self.db, self.table = db, table
        # the document units come first (rowids 1..documents), then the articles
        self.documents = int(db.execute("SELECT value FROM meta WHERE key = 'documents'").fetchone()[0])

    def search(self, q: str, level: str, k: int = K) -> list[str]:
        tokens = syllables(fold(q) if self.table == "fold" else q)
        if not tokens:
            return []
        where = "rowid <= ?" if level == "document" else "rowid > ?"
        sql = (f"SELECT u.id FROM (SELECT rowid, rank FROM {self.table} WHERE {self.table} MATCH ? AND {where} "
               f"ORDER BY rank LIMIT ?) AS m JOIN units u ON u.rowid = m.rowid ORDER BY m.rank")
        return [r[0] for r in self.db.execute(sql, (fts_or(tokens), self.documents, k))]


# --- Căn cứ -------------------------------------------------------------------

def ranked_ids(payload, level: str) -> list[str]:
    """The units an /api/search answer ranks, in order: what it opens first
    (`understood.opens`, where the search page redirects), then its hits' ids
    (a number answer lists documents); article ids are "<doc_key>#<anchor>"."""
    if not isinstance(payload, dict):
        return []
    out: list[str] = []

    def add(uid):
        if isinstance(uid, str) and uid and uid not in out:
            out.append(uid)

    # what the query opens (the search page redirects there): a provision, or the one document a number names
    understood = payload.get("understood")
    opens = understood.get("opens") if isinstance(understood, dict) else None
    if isinstance(opens, dict) and opens.get("key"):
        add(f"{opens['key']}#{opens['anchor']}" if opens.get("anchor") else opens["key"])
    for h in payload.get("hits") or []:
        if isinstance(h, dict):
            add(h.get("id") or h.get("key"))
    for d in payload.get("documents") or []:
        if isinstance(d, dict):
            add(d.get("key"))
    if level == "article":
        # an article id that carries a clause or point anchor counts for its article
        out = [_article_of(u) for u in out]
    return list(dict.fromkeys(out))


_SUB_RE = re.compile(r"^(dieu-[0-9a-z]+)-(?:khoan|diem)-.*$")


def _article_of(uid: str) -> str:
    if "#" not in uid:
        return uid
    key, anchor = uid.split("#", 1)
    m = _SUB_RE.match(anchor)
    return f"{key}#{m.group(1)}" if m else uid


class CanCu:
    def __init__(self, instance: Path):
        sys.path.insert(0, str(ROOT))
        import logging
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        from web import create_app
        self.client = create_app({"KB_INSTANCE": str(instance), "TESTING": True}).test_client()
        self.instance = instance

    def search(self, q: str, level: str) -> list[str]:
        r = self.client.get("/api/search", query_string={"q": q, "level": level})
        if r.status_code == 503:
            raise BenchError(f"Căn cứ has no search index it can read in {self.instance} "
                             "(run `cancu build --search-only`, or wait for the build in progress)")
        if r.status_code != 200 or not r.is_json:
            raise BenchError(f"/api/search answered {r.status_code} for {q!r}: {r.get_data(as_text=True)[:200]}")
        return ranked_ids(r.get_json(), level)[:K]


# --- the run --------------------------------------------------------------------

@dataclass
class Run:
    name: str
    search: object
    rows: dict = field(default_factory=dict)     # class → [(ranked, relevant, seconds)]


def run(instance: Path, queries: list[Query], accent_variant: bool = False, say=print, cancu=None) -> dict:
    """The figures of every system on ``queries``; ``cancu`` stands for Căn cứ's search in tests."""
    kb = kb_path(instance)
    db = connect_ro(kb)
    try:
        present = existing_units(db, queries)
    finally:
        db.close()
    labels = sum(len(q.relevant) for q in queries)
    missing = sorted({lab for q in queries for lab in q.relevant if lab not in present})
    kept = []
    for q in queries:
        rel = [lab for lab in q.relevant if lab in present]
        if rel:
            kept.append(Query(q.cls, q.method, q.level, q.text, rel, q.source, q.line))
    skipped = {"labels": labels - sum(len(q.relevant) for q in kept), "labels_total": labels,
               "distinct_missing": len(missing), "queries": len(queries) - len(kept),
               "examples": missing[:5]}
    if skipped["labels"]:
        say(f"skipped {skipped['labels']} of {labels} labels missing from the KB "
            f"({skipped['distinct_missing']} distinct, e.g. {', '.join(missing[:3])}); "
            f"{skipped['queries']} queries left with no label skipped")
    if not kept:
        raise BenchError("no query has a label in this KB")

    bm = bm25_index(instance, kb, say)
    try:
        cancu = cancu or CanCu(instance)
        cancu.search("bảo hiểm xã hội", "article")       # warm up: open the index, compute today's statuses
    except BenchError:
        raise
    except Exception as e:     # the app or its index cannot answer
        raise BenchError(f"Căn cứ's search cannot run on {instance}: {type(e).__name__}: {e}") from None
    systems = [Run("Căn cứ", cancu.search), Run("BM25", BM25(bm, "fold").search)]
    if accent_variant:
        systems.append(Run("BM25 (dấu)", BM25(bm, "accent").search))
    detail = [{"line": q.line, "class": q.cls, "method": q.method, "query": q.text, "relevant": q.relevant,
               "rank": {}} for q in kept]
    for s in systems:
        for q, d in zip(kept, detail):
            t0 = time.perf_counter()
            ranked = s.search(q.text, q.level)
            dt = time.perf_counter() - t0
            row = (ranked[:K], set(q.relevant), dt)
            s.rows.setdefault(q.cls, []).append(row)
            s.rows.setdefault(("method", q.cls, _base(q.method)), []).append(row)
            if q.cls in ARTICLE_CLASSES and q.method.endswith("-noaccent"):
                s.rows.setdefault(("plain",), []).append(row)
            d["rank"][s.name] = next((i + 1 for i, u in enumerate(ranked[:K]) if u in row[1]), None)
    bm.close()

    result = {"instance": str(instance), "kb": str(kb.resolve()), "queries": len(kept), "skipped": skipped,
              "classes": {}, "systems": [s.name for s in systems]}
    present_classes = [c for c in CLASSES if any(q.cls == c for q in kept)]
    for c in present_classes:
        result["classes"][c] = {s.name: summarise(s.rows.get(c, [])) for s in systems}
    art = [c for c in ARTICLE_CLASSES if c in present_classes]
    if art:
        result["classes"]["overall (article)"] = {
            s.name: summarise([r for c in art for r in s.rows.get(c, [])]) for s in systems}
    result["methods"] = {}
    for key in sorted(k for k in systems[0].rows if isinstance(k, tuple) and k[0] == "method"):
        result["methods"][f"{key[1]}/{key[2]}"] = {s.name: summarise(s.rows.get(key, [])) for s in systems}
    if ("plain",) in systems[0].rows:
        result["methods"]["article/typed without diacritics"] = {
            s.name: summarise(s.rows.get(("plain",), [])) for s in systems}
    result["per_query"] = detail
    return result


def _base(method: str) -> str:
    return method[:-len("-noaccent")] if method.endswith("-noaccent") else method


def print_methods(result: dict) -> None:
    systems = result["systems"]
    print(f"{'by method':<44}{'n':>5}  " + "".join(f"{s + ' R@10 / MRR':>24}" for s in systems))
    for name, by_system in result["methods"].items():
        n = next(iter(by_system.values()))["n"]
        print(f"{name:<44}{n:>5}  " + "".join(
            f"{by_system[s]['R@10']:>15.3f} / {by_system[s]['MRR@10']:.3f}" for s in systems))


def print_misses(result: dict, n: int) -> None:
    """The first n queries that Căn cứ does not answer in its top 10, with BM25's rank."""
    systems = result["systems"]
    misses = [d for d in result["per_query"] if d["rank"].get(systems[0]) is None]
    print(f"\n{len(misses)} queries with no relevant unit in Căn cứ's top 10; the first {min(n, len(misses))}:")
    for d in misses[:n]:
        others = ", ".join(f"{s} {d['rank'].get(s) or '-'}" for s in systems[1:])
        print(f"  [{d['class']}/{_base(d['method'])}] {d['query']}  ({others}; line {d['line']})")


def print_table(result: dict) -> None:
    systems = result["systems"]
    metrics = ["R@10", "MRR@10", "nDCG@10", "p50_ms", "p95_ms"]
    width = 18
    print()
    print(f"{'class':<20}{'n':>5}  " + "".join(f"{s:^{width * 0 + 8 * len(metrics)}}" for s in systems))
    print(f"{'':<20}{'':>5}  " + "".join("".join(f"{m.replace('_ms', ' ms'):>8}" for m in metrics) for _ in systems))
    for c, by_system in result["classes"].items():
        n = next(iter(by_system.values()))["n"]
        line = f"{c:<20}{n:>5}  "
        for s in systems:
            f = by_system[s]
            line += "".join(f"{f[m]:>8.3f}" if not m.endswith("ms") else f"{f[m]:>8.1f}" for m in metrics)
        print(line)
    print()
    print("R@10: a relevant unit in the top 10; MRR@10; nDCG@10 with binary gains; latency per query in ms "
          "(Căn cứ: the Flask app in process; BM25: SQLite FTS5).")
    print("'overall (article)' pools the article-level classes (question, topic, pinpoint); 'name' is document level.")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("instance", nargs="?", default=str(ROOT / "instance"), help="instance folder (default ./instance)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--limit", type=int, default=None, help="the first N queries of each class")
    ap.add_argument("--class", dest="cls", action="append", choices=CLASSES,
                    help="only this class (repeatable)")
    ap.add_argument("--accent-variant", action="store_true",
                    help="also a BM25 that keeps accents (doubles the BM25 time)")
    ap.add_argument("--misses", type=int, default=0, metavar="N", help="list N queries Căn cứ misses")
    ap.add_argument("--queries", default=str(QUERIES), metavar="TSV",
                    help="another query file of the same form (e.g. made with make_queries.py --seed N as a held-out set)")
    args = ap.parse_args(argv)
    say = (lambda m: print(m, file=sys.stderr)) if args.json else print
    try:
        try:
            queries = load_queries(Path(args.queries))
        except (OSError, ValueError) as e:
            raise BenchError(f"cannot read the query set: {e}") from None
        if args.cls:
            queries = [q for q in queries if q.cls in args.cls]
        if args.limit is not None:
            by: dict[str, int] = {}
            limited = []
            for q in queries:
                by[q.cls] = by.get(q.cls, 0) + 1
                if by[q.cls] <= args.limit:
                    limited.append(q)
            queries = limited
        if not queries:
            raise BenchError("no query selected")
        result = run(Path(args.instance), queries, args.accent_variant, say)
    except BenchError as e:
        print(f"relevance: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        counts = {c: v[next(iter(v))]["n"] for c, v in result["classes"].items()}
        print(f"{result['queries']} queries on {result['kb']}: " +
              ", ".join(f"{c} {n}" for c, n in counts.items() if not c.startswith("overall")))
        print_table(result)
        print()
        print_methods(result)
        if args.misses:
            print_misses(result, args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
