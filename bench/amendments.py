"""Amending operations read from amending provisions, against held-out labels.

The labels (bench/amendments/labels.tsv, and labels-2.tsv made after the
parser was corrected on the first; their headers say how) name, for each
labelled provision of twelve scraped vbpl.vn documents, every operation it
states: action, amended document, anchor, words changed, the first words of
the new wording and the date. The documents are read from
the shipped corpus (corpus/vbpl-review/…tar.xz) through the same reader the
build uses; only the operations of the labelled provisions are scored.

Prints precision and recall by action for indexer/amendments.py and, side by
side, a plain baseline: one regex per action on each line of the provision,
the target the first number printed in the line (else the last one printed
before it in the document), the anchor the first "điểm … khoản … Điều …" of
the line. An operation is right when its action, amended document, anchor
(and, for a substitute, old and new words) are the label's. Also: refusals
where the label says nothing names the amended document surely, and, among
operations found, how often the new wording, the unit it follows and the date agree.

Each label file is scored on its own, then all together.

usage: .venv/bin/python bench/amendments.py [--misses] [LABELS.tsv …]
"""
from __future__ import annotations

import argparse
import collections
import re
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer import amendments  # noqa: E402
from indexer.document import read_body  # noqa: E402
from indexer.sources.vbpl_review import read_review_json  # noqa: E402
from kb.model import INSERT, OPERATION_ACTIONS, REPEAL, REPLACE, SUBSTITUTE, Document  # noqa: E402

LABELS = [ROOT / "bench" / "amendments" / "labels.tsv", ROOT / "bench" / "amendments" / "labels-2.tsv"]
ARCHIVE = ROOT / "corpus" / "vbpl-review" / "scraped_450docs_articles_json.tar.xz"


def load_labels(path: Path) -> list[dict]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    head = lines[0].split("\t")
    out = []
    for ln in lines[1:]:
        row = dict(zip(head, ln.split("\t")))
        row = {k: (None if v == "-" else v) for k, v in row.items()}
        row["by_anchor"] = anchor_of(row["by_provision"])
        out.append(row)
    return out


def anchor_of(printed: str) -> str:
    (path,) = amendments.complete(amendments.paths(printed), None)
    return path.anchor()


def read_documents(names: set[str]) -> dict[str, Document]:
    docs = {}
    with tarfile.open(ARCHIVE) as tar:
        for m in tar:
            name = Path(m.name).name[:-5]
            if m.isfile() and name in names:
                r = read_review_json(tar.extractfile(m).read(), m.name)
                doc = Document(r.number, r.doc_type)
                read_body(doc, r.text, f"vbpl-review/{name}.json")
                docs[name] = doc
    return docs


# --- the plain baseline ---------------------------------------------------------------------

_BASE_ACTIONS = [(SUBSTITUTE, re.compile(r"(?i)(?:thay(?: thế)?|bỏ) (?:các )?cụm từ")),
                 (REPEAL, re.compile(r"(?i)bãi bỏ")),
                 (INSERT, re.compile(r"(?i)^\W{0,3}(?:\d{1,3}\.|[a-zđ]\))?\s?bổ sung")),
                 (REPLACE, re.compile(r"(?i)sửa đổi"))]
_BASE_NUMBER = re.compile(r"\d{1,4}/(?:\d{4}/)?[A-ZĐ][A-ZĐa-z0-9-]{0,20}")
_BASE_UNIT = re.compile(r"(?i)(?:điểm ([a-zđ]) )?(?:khoản (\d{1,3}[a-z]?) )?điều (\d{1,4}[a-z]?)")
_BASE_QUOTED = re.compile(r"[“\"]([^”\"]{1,200})[”\"]")


def baseline(doc: Document, wanted: set[str]) -> list[dict]:
    out = []
    last_number = None
    for p in doc.provisions:
        for line in [p.heading or ""] + (p.text or "").split("\n"):
            numbers = [n for n in _BASE_NUMBER.findall(line) if n != doc.number]
            action = next((a for a, rx in _BASE_ACTIONS if rx.search(line)), None)
            target = numbers[0] if numbers else last_number
            if numbers:
                last_number = numbers[-1]
            if action is None or p.anchor not in wanted:
                continue
            m = _BASE_UNIT.search(line)
            anchor = None
            if m:
                parts = [("dieu", m.group(3))] + ([("khoan", m.group(2))] if m.group(2) else []) + \
                        ([("diem", m.group(1))] if m.group(1) else [])
                anchor = "-".join(f"{k}-{v.lower().replace('đ', 'dd')}" for k, v in parts)
            quoted = _BASE_QUOTED.findall(line)
            out.append({"by_anchor": p.anchor, "action": action, "target": target, "anchor": anchor,
                        "old_words": quoted[0] if action == SUBSTITUTE and quoted else None,
                        "new_words": (quoted[1] if len(quoted) > 1 else "") if action == SUBSTITUTE else None,
                        "text": None, "after": None, "date": doc.effective_from})
    return out


def parsed(doc: Document, name: str, wanted: set[str]) -> tuple[list[dict], int]:
    reading = amendments.read(doc, f"vbpl-review/{name}.json")
    ops = [{"by_anchor": o.by_anchor, "action": o.action, "target": o.target, "anchor": o.anchor,
            "old_words": o.old_words, "new_words": o.new_words, "text": o.text, "after": o.after, "date": o.date}
           for o in reading.operations if o.by_anchor in wanted]
    return ops, sum(1 for u in reading.unresolved if u.by_anchor in wanted)


def key(op: dict) -> tuple:
    words = (op["old_words"], op["new_words"]) if op["action"] == SUBSTITUTE else (None, None)
    return (op["by_anchor"], op["action"], op["target"], op["anchor"]) + words


def score(labels: list[dict], found: dict[str, list[dict]]):
    """Per action: (true positives, found, expected); agreement of the matched ones; refusals."""
    tp, got, want = collections.Counter(), collections.Counter(), collections.Counter()
    agree = collections.Counter()
    misses, extra = [], []
    refused = [0, 0]
    for name in sorted({lb["doc"] for lb in labels}):
        rows = [lb for lb in labels if lb["doc"] == name]
        ops = list(found.get(name, []))
        for lb in rows:
            if lb["target"] is None:            # nothing names the document surely: no operation
                refused[1] += 1
                refused[0] += not any(o["by_anchor"] == lb["by_anchor"] for o in ops)
                ops = [o for o in ops if o["by_anchor"] != lb["by_anchor"]] + \
                    [dict(o, action="refused") for o in ops if o["by_anchor"] == lb["by_anchor"]]
        for o in ops:
            got[o["action"]] += 1
        for lb in rows:
            if lb["target"] is None:
                continue
            want[lb["action"]] += 1
            match = next((o for o in ops if key(o) == key(lb)), None)
            if match is None:
                misses.append((name, lb))
                continue
            ops.remove(match)
            tp[lb["action"]] += 1
            if lb["action"] in (REPLACE, INSERT):
                agree["text_n"] += 1
                head = " ".join((lb["text_head"] or "").split())
                agree["text"] += not head or " ".join((match["text"] or "").split()).startswith(head)
            agree["after_n"] += 1
            agree["after"] += match["after"] == lb["after"]
            agree["date_n"] += 1
            agree["date"] += (match["date"].isoformat() if match["date"] else None) == lb["date"]
        extra.extend((name, o) for o in ops)
    return tp, got, want, agree, refused, misses, extra


def show(title, result) -> None:
    tp, got, want, agree, refused, _, _ = result
    print(f"\n{title}")
    print(f"  {'action':<11} {'precision':>9} {'recall':>7} {'found':>6} {'labels':>7}")
    for action in OPERATION_ACTIONS + ("all",):
        t = sum(tp.values()) if action == "all" else tp[action]
        g = sum(v for k, v in got.items() if k in OPERATION_ACTIONS or k == "refused") if action == "all" \
            else got[action]
        w = sum(want.values()) if action == "all" else want[action]
        p = f"{t / g:.2f}" if g else "-"
        r = f"{t / w:.2f}" if w else "-"
        print(f"  {action:<11} {p:>9} {r:>7} {g:>6} {w:>7}")
    if refused[1]:
        print(f"  refusals where nothing names the amended document surely: {refused[0]}/{refused[1]}")
    for k in ("text", "after", "date"):
        if agree[f"{k}_n"]:
            print(f"  among the right operations, {k} agrees: {agree[k]}/{agree[f'{k}_n']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("labels", nargs="*", type=Path, help="label files (default: the two of bench/amendments)")
    ap.add_argument("--misses", action="store_true", help="list the labels missed and the operations not labelled")
    args = ap.parse_args(argv)
    sets = [(path.name, load_labels(path)) for path in (args.labels or LABELS)]
    if len(sets) > 1:
        sets.append(("all", [lb for _, labels in sets for lb in labels]))
    docs = read_documents({lb["doc"] for _, labels in sets for lb in labels})
    for name, labels in sets:
        run(name, labels, docs, args.misses and name != "all")
    return 0


def run(title: str, labels: list[dict], docs: dict[str, Document], misses: bool) -> None:
    wanted = collections.defaultdict(set)
    for lb in labels:
        wanted[lb["doc"]].add(lb["by_anchor"])
    ours, plain, unresolved = {}, {}, 0
    for name in wanted:
        ours[name], n = parsed(docs[name], name, wanted[name])
        unresolved += n
        plain[name] = baseline(docs[name], wanted[name])
    print(f"\n=== {title}: {len(labels)} labelled operations, "
          f"{len({(lb['doc'], lb['by_anchor']) for lb in labels})} provisions, {len(wanted)} documents")
    result = score(labels, ours)
    show("indexer/amendments.py", result)
    print(f"  instructions left unresolved in the labelled provisions: {unresolved}")
    show("baseline (one regex per action and line, first number printed)", score(labels, plain))
    if misses:
        _, _, _, _, _, missed, extra = result
        print("\nmissed labels:")
        for name, lb in missed:
            print(f"  {name} {lb['by_provision']}: {lb['action']} {lb['target']} {lb['anchor']} "
                  f"{lb['old_words'] or ''}→{lb['new_words'] or ''}")
        print("operations not labelled:")
        for name, o in extra:
            print(f"  {name} {o['by_anchor']}: {o['action']} {o['target']} {o['anchor']} "
                  f"{o['old_words'] or ''}→{o['new_words'] or ''}")


if __name__ == "__main__":
    sys.exit(main())
