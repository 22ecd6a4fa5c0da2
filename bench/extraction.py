"""Header fields and effect events read from whole documents, against labels.

The development set (bench/extraction/README.md says how each label was
made): the whole documents of tests/data/documents (pháp điển articles
under a composed header; hand-checked header fields and events), the
scraped vbpl.vn laws and decrees of bench/extraction/vbpl.jsonl.xz (hand
labels), each in three variants (bench/extraction/noise.py: clean,
gazette layout with running heads and a signature block, hard-wrapped
narrow), and the gazette headers of tests/data/headers (header fields).

Prints the accuracy of each header field (number, type, title, issue date,
issuer, effective_from), precision and recall of each kind of event
(takes effect, replaces, repeals, repeals part, amends, expires), for the
project's reader (``indexer.document.document_from``) beside a plain
baseline of regular expressions (bench/extraction/baseline.py) on the same
texts; then the throughput of the project's reader in KB and pages (3,000
characters) per second, and the time of ``cancu inspect`` on a document of
over 100 pages. ``--misses`` lists the project's reader's misses.

usage: .venv/bin/python bench/extraction.py [--variant clean|gazette|narrow] [--misses]
"""
from __future__ import annotations

import argparse
import collections
import json
import lzma
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench" / "extraction"))

from indexer.document import document_from  # noqa: E402
from indexer.sources import SourceText  # noqa: E402
import baseline  # noqa: E402
from noise import VARIANTS, variant  # noqa: E402

DATA = ROOT / "tests" / "data"
FIELDS = ("number", "doc_type", "title", "issued", "issuer", "effective_from")
KINDS = ("takes_effect", "replaces", "repeals", "repeals_part", "amends", "expires")
PAGE = 3000


def load() -> list[dict]:
    """Every labelled document: name, text, expected fields and (kind, target) events."""
    docs = []
    expected = json.loads((DATA / "documents" / "expected.json").read_text(encoding="utf-8"))
    for name, want in sorted(expected.items()):
        docs.append({"name": name, "text": (DATA / "documents" / name).read_text(encoding="utf-8"),
                     "expected": {**{f: want.get(f) for f in FIELDS},
                                  "events": [e[:2] for e in want["events"]]}})
    from labels_vbpl import LABELS
    with lzma.open(ROOT / "bench" / "extraction" / "vbpl.jsonl.xz", "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            effective, events = LABELS[d["name"][:-4]]      # the labels as they stand, over those of the file
            docs.append({"name": d["name"], "text": d["text"],
                         "expected": {**d["expected"], "effective_from": effective,
                                      "events": [list(e) for e in events]}})
    return docs


def load_headers() -> list[dict]:
    out = []
    for p in sorted((DATA / "headers").glob("*.txt")):
        want = json.loads(p.with_suffix(".json").read_text(encoding="utf-8"))["expected"]
        out.append({"name": p.name, "text": p.read_bytes().decode("utf-8"),
                    "expected": {"number": want["number"], "doc_type": want["doc_type"], "title": want["title"],
                                 "issued": want["issued"], "issuer": want["issuer"]}})
    return out


def read(name: str, text: str) -> dict:
    doc = document_from(SourceText(text, format="txt"), name)
    events = [[e.kind, e.target] for e in doc.events if e.kind != "takes_effect"]
    return {"number": doc.number, "doc_type": doc.doc_type, "title": doc.title, "issuer": doc.issuer,
            "issued": doc.issued.isoformat() if doc.issued else None,
            "effective_from": doc.effective_from.isoformat() if doc.effective_from else None,
            "events": events}


def _squash(v):
    return " ".join(v.split()) if isinstance(v, str) else v


def load_heldout() -> list[dict]:
    from labels_heldout import LABELS
    docs = []
    with lzma.open(ROOT / "bench" / "extraction" / "heldout.jsonl.xz", "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            effective, events = LABELS[d["name"][:-4]]
            docs.append({"name": d["name"], "text": d["text"],
                         "expected": {**d["expected"], "effective_from": effective,
                                      "events": [list(e) for e in events]}})
    return docs


Figures = dict          # field_ok, field_n, tp, pred, gold (Counters)


def score(reader, title: str, cases: list[tuple[dict, str]], misses: list[str] | None) -> tuple[Figures, int, float]:
    """The figures of ``reader`` (name, text → fields and events, as ``read``) on
    ``cases`` ((document, variant) pairs); each miss goes to ``misses`` unless it
    is None. Returns (figures, characters, seconds spent in ``reader``)."""
    field_ok = collections.Counter()
    field_n = collections.Counter()
    tp, pred, gold = collections.Counter(), collections.Counter(), collections.Counter()
    miss = misses.append if misses is not None else (lambda _: None)
    chars = 0
    seconds = 0.0
    for d, v in cases:
        text = d["text"] if v == "headers" else variant(d["name"], d["text"], v)
        t0 = time.perf_counter()
        got = reader(d["name"], text)
        seconds += time.perf_counter() - t0
        chars += len(text)
        want = d["expected"]
        for f in FIELDS:
            if f not in want:
                continue
            field_n[f] += 1
            if _squash(got[f]) == _squash(want[f]):
                field_ok[f] += 1
            else:
                miss(f"{title[:8]:8} {v:8} {d['name']}: {f} {got[f]!r} != {want[f]!r}")
        if v == "headers":
            continue
        # an event is a (kind, target) pair: a document amending three articles of another amends it once
        g = collections.Counter(set(tuple(e) for e in want["events"]))
        p = collections.Counter(set(tuple(e) for e in got["events"]))
        if want.get("effective_from"):
            g[("takes_effect", want["effective_from"])] += 1
        if got["effective_from"]:
            p[("takes_effect", got["effective_from"])] += 1
        for e in set(g) | set(p):
            k = e[0]
            gold[k] += g[e]
            pred[k] += p[e]
            tp[k] += min(g[e], p[e])
            if g[e] > p[e]:
                miss(f"{title[:8]:8} {v:8} {d['name']}: missed {e}")
            elif p[e] > g[e]:
                miss(f"{title[:8]:8} {v:8} {d['name']}: extra  {e}")
    figures = {"field_ok": field_ok, "field_n": field_n, "tp": tp, "pred": pred, "gold": gold}
    return figures, chars, seconds


def _ratio(a: int, b: int, width: int) -> str:
    return f"{a / b:{width}.3f}" if b else " " * (width - 1) + "–"


def show(title: str, ours: Figures, base: Figures) -> None:
    """Print the project's figures and the baseline's side by side."""
    print(f"\n== {title}")
    print("header field      Căn cứ  baseline   (right: Căn cứ / baseline / labelled)")
    n_ok, b_ok, n_all = 0, 0, 0
    for f in FIELDS:
        n = ours["field_n"][f]
        if not n:
            continue
        o, b = ours["field_ok"][f], base["field_ok"][f]
        n_ok, b_ok, n_all = n_ok + o, b_ok + b, n_all + n
        print(f"  {f:14}  {o / n:6.3f}  {b / n:8.3f}   ({o} / {b} / {n})")
    print(f"  {'all':14}  {n_ok / max(n_all, 1):6.3f}  {b_ok / max(n_all, 1):8.3f}   ({n_ok} / {b_ok} / {n_all})")
    print("event kind           Căn cứ P    R   baseline P    R   (labelled; found / read: Căn cứ, baseline)")

    def row(k, T, P, G, bT, bP):
        print(f"  {k:14}  {_ratio(T, P, 11)} {_ratio(T, G, 6)}  {_ratio(bT, bP, 11)} {_ratio(bT, G, 6)}"
              f"   ({G}; {T} / {P}, {bT} / {bP})")
    for k in KINDS:
        row(k, ours["tp"][k], ours["pred"][k], ours["gold"][k], base["tp"][k], base["pred"][k])
    row("all", *(sum(x[c].values()) for x, c in ((ours, "tp"), (ours, "pred"), (ours, "gold"),
                                                 (base, "tp"), (base, "pred"))))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--variant", choices=VARIANTS, action="append", help="only these variants")
    ap.add_argument("--misses", action="store_true", help="print every miss")
    args = ap.parse_args()
    variants = args.variant or list(VARIANTS)
    docs = load()
    heldout = load_heldout()
    headers = load_headers()
    misses: list[str] = []
    print(f"development set: {len(docs)} documents × {len(variants)} variants ({', '.join(variants)}) "
          f"+ {len(headers)} gazette headers; held out: {len(heldout)} documents × {len(variants)} variants")
    chars, seconds = 0, 0.0
    for title, cases in (("development set", [(d, v) for v in variants for d in docs]
                          + [(h, "headers") for h in headers]),
                         ("held out (labelled before the parser was run on them)",
                          [(d, v) for v in variants for d in heldout])):
        ours, c, s = score(read, title, cases, misses)
        base, _, _ = score(baseline.read, title, cases, None)
        show(title, ours, base)
        chars, seconds = chars + c, seconds + s
    print(f"\nthroughput: {chars / 1024 / seconds:.0f} KB/s, {chars / PAGE / seconds:.0f} pages/s "
          f"({chars / 1e6:.1f} M characters in {seconds:.1f} s; a page is {PAGE} characters)")
    _inspect_time(docs)
    if args.misses:
        print("\n" + "\n".join(misses))
    return 0


def _inspect_time(docs: list[dict]) -> None:
    """``cancu inspect`` of the largest document in its gazette layout, made
    up to 100 pages or more by repeating its articles when it is shorter."""
    big = max(docs, key=lambda d: len(d["text"]))
    text = variant(big["name"], big["text"], "gazette")
    head, _, body = text.partition("Điều 1.")
    while len(text) < 100 * PAGE:
        text += "\n" + "Điều 1." + body
    cut = text.find("\nĐiều ", 100 * PAGE)            # 100 pages, to the end of an article
    text = text[:cut + 1] if cut > 0 else text
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / big["name"]
        path.write_text(text, encoding="utf-8")
        cli = ROOT / ".venv" / "bin" / "cancu"
        cmd = [str(cli)] if cli.exists() else [sys.executable, "-m", "cancu.cli"]
        t0 = time.perf_counter()
        r = subprocess.run(cmd + ["inspect", str(path), "--json"], capture_output=True, text=True)
        wall = time.perf_counter() - t0
        t0 = time.perf_counter()
        read(big["name"], text)
        inner = time.perf_counter() - t0
    ok = "ok" if r.returncode == 0 else f"exit {r.returncode}"
    print(f"cancu inspect of {big['name']} (gazette layout, {len(text) / PAGE:.0f} pages, {len(text) // 1024} KB): "
          f"{wall:.2f} s for the command ({ok}), {inner:.2f} s reading it in process")


if __name__ == "__main__":
    sys.exit(main())
