"""The reference report against its hand-checked citations.

Each gold row is matched to an extracted citation overlapping its surface
on its line; precision and recall are computed over the full, wrong and
short rows, and every extracted span must be accounted for by the gold.
"""
import csv
import re

import pytest

from kb.citations import extract
from kb.numbers import normalise
from conftest import DATA


def _gold():
    with open(DATA / "bao-cao-cchc-2019.citations.tsv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def _key(n):
    return normalise(n).upper() if n and normalise(n) else (n or "").upper()


@pytest.fixture(scope="module")
def matched(report_text):
    text = report_text
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    citations = extract(text)
    used, results, search_from = set(), [], {}
    for row in _gold():
        line = int(row["line"])
        lo = starts[line - 1]
        hi = starts[line] if line < len(starts) else len(text)
        pos = text.find(row["surface"], search_from.get((line, row["surface"]), lo), hi)
        assert pos >= 0, row
        search_from[(line, row["surface"])] = pos + 1
        s, e = pos, pos + len(row["surface"])
        hit = None
        for i, c in enumerate(citations):
            if i in used or not (c.start < e and c.end > s):
                continue
            if _fits(row, c):
                hit = i
                break
        if hit is not None:
            used.add(hit)
        results.append((row, citations[hit] if hit is not None else None))
    extra = [c for i, c in enumerate(citations) if i not in used]
    return text, results, extra


def _fits(row, c):
    kind = row["kind"]
    if kind in ("named", "vague"):
        return c.kind == kind
    want = _key(row["so_hieu"])
    got = {_key(c.number), _key(c.refers_to)} | {_key(x.number) for x in c.candidates}
    if "ambiguous" in row["note"]:
        return c.resolution == "ambiguous" and want in got and len(c.candidates) >= 2
    # a number printed without its year ("02/TT-VPCP") matches the gold number with it
    if want not in got and not (c.year_missing and _key(c.number) == re.sub(r"/\d{4}/", "/", want)):
        return False
    if kind in ("full", "wrong") and row["date"]:
        return c.issued is not None and c.issued.isoformat() == row["date"]
    return True


def test_precision_and_recall_are_one(matched):
    _, results, extra = matched
    scored = [(r, c) for r, c in results if r["kind"] in ("full", "wrong", "short")]
    tp = sum(1 for _, c in scored if c is not None)
    fp = sum(1 for c in extra if c.kind in ("full", "short"))
    precision, recall = tp / (tp + fp), tp / len(scored)
    misses = [r["surface"] for r, c in scored if c is None]
    assert (precision, recall) == (1.0, 1.0), (misses, [c.text for c in extra])


def test_every_named_law_found_and_vague_reported(matched):
    _, results, extra = matched
    assert all(c is not None for r, c in results if r["kind"] in ("named", "vague"))
    assert extra == []


def test_spans_are_the_text_as_printed(matched):
    text, results, _ = matched
    for _, c in results:
        if c is not None:
            assert text[c.start:c.end] == c.text


def test_ambiguous_conclusion_lists_both_documents(report_text):
    c = next(c for c in extract(report_text) if c.text.startswith("Kết luận 05") and c.kind == "short")
    assert c.resolution == "ambiguous"
    assert {(x.number, x.issued.isoformat()) for x in c.candidates} == {
        ("05-KL/TU", "2016-06-29"), ("05-KL/TU", "2011-05-25")}
    assert c.refers_to is None


def test_short_forms_say_how_they_were_resolved(report_text):
    by_text = {c.text: c for c in extract(report_text) if c.kind == "short"}
    assert by_text["Quyết định 52"].refers_to == "52/QĐ-UBND"
    assert by_text["Quyết định 52"].method == "earlier_citation"
    assert by_text["Nghị quyết số 18"].refers_to == "18-NQ/TW"
    assert by_text["Nghị quyết số 18"].method == "party_numbering"
    assert by_text["20"].refers_to == "20-CT/TU"


def test_missing_year_is_flagged(report_text):
    c = next(c for c in extract(report_text) if c.number == "02/TT-VPCP")
    assert c.year_missing and c.issued.isoformat() == "2017-10-31"
