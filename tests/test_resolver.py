"""One resolver (kb.resolver: which document a number and date mean) and one
annotator (kb.citations.annotate), used by the build, the report page and the
document page alike: the same citation resolves the same everywhere (issue 15)."""
import datetime as dt
from types import SimpleNamespace

import pytest

from conftest import REPORT
from kb import documents, resolver, store
from kb.citations import extract
from kb.citations.annotate import Piece, annotate
from kb.trace import trace
from report_kb import make_report_kb
from web.curation import target_key


def docs(*pairs):
    return [{"key": k, "issued": d} for k, d in pairs]


TABLE = {"61/2018/NĐ-CP": docs(("a", "2018-04-23")),
         "05-KL/TU": docs(("b1", "2011-05-25"), ("b2", "2016-06-29")),
         "02/2017/TT-VPCP": docs(("c", "2017-10-31")),
         "9/QĐ-UBND": docs(("d", None))}


def find(number):
    return TABLE.get(number, [])


def test_one_document_of_the_number_and_date():
    m = resolver.match(find, "61/2018/NĐ-CP", dt.date(2018, 4, 23))
    assert (m.key, m.problem, m.ambiguous) == ("a", None, False)
    assert resolver.match(find, "61/2018/NĐ-CP").key == "a"            # no date printed: it agrees
    assert resolver.match(find, "9/QĐ-UBND", "2020-01-01").key == "d"  # the KB has no date: it agrees


def test_several_documents_are_listed_and_none_picked():
    m = resolver.match(find, "05-KL/TU")
    assert m.key is None and m.ambiguous and [d["key"] for d in m.documents] == ["b1", "b2"]
    assert resolver.match(find, "05-KL/TU", "2016-06-29").key == "b2"   # the date tells them apart


def test_another_date_is_named_with_the_problem_and_never_written():
    m = resolver.match(find, "61/2018/NĐ-CP", "2018-05-01")
    assert (m.key, m.problem, m.sure_key) == ("a", resolver.DATE_MISMATCH, None)
    m = resolver.match(find, "05-KL/TU", "2020-01-01")
    assert m.key is None and m.ambiguous and m.problem == resolver.DATE_MISMATCH


def test_a_missing_year_is_read_from_the_printed_date_only_when_the_date_fits():
    m = resolver.match(find, "02/TT-VPCP", "2017-10-31")
    assert (m.number, m.key, m.problem) == ("02/2017/TT-VPCP", "c", resolver.MISSING_YEAR)
    assert resolver.match(find, "02/TT-VPCP", "2017-11-30").documents == ()   # two readings: none
    assert resolver.match(find, "02/TT-VPCP").documents == ()
    assert resolver.match(find, "404/2020/NĐ-CP").documents == ()


def test_annotate_keeps_the_original_offsets():
    text = "Theo Nghị định 61/2018/NĐ-CP và Quyết định 52."
    n = text.index("52")
    marks = [(5, 28, "cite"), (0, 0, "section"), (10, 20, "inside"), (n, n + 2, "end"), (n, len(text) + 1, "out")]
    pieces = annotate(text, marks)
    assert "".join(p.text for p in pieces) == text
    assert [p for p in pieces if p.mark] == [Piece(0, "", "section"), Piece(5, "Nghị định 61/2018/NĐ-CP", "cite"),
                                             Piece(n, "52", "end")]
    assert all(text[p.start:p.start + len(p.text)] == p.text for p in pieces)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    _, instance = make_report_kb(tmp_path_factory.mktemp("resolver"))
    conn = store.connect(instance / "current" / "kb.sqlite", readonly=True)
    yield conn
    conn.close()


def test_every_citation_of_the_report_resolves_the_same_on_both_pages(db):
    """The issue's symptom: "Thông tư 02/TT-VPCP ngày 31/10/2017" and the laws
    cited by name were linked on the report page and not on a document page."""
    text, day = REPORT.read_text(encoding="utf-8"), dt.date(2019, 12, 31)
    on_report = {t.citation.start: t.document for t in trace(db, extract(text), day)}
    on_page, at = {}, 0
    for seg in documents.link_citations(db, text, day, text_date=day):
        if seg.match is not None:
            on_page[at] = seg.key
        at += len(seg.text)
    linked = {at: key for at, key in on_report.items() if key}
    assert len(linked) > 50
    assert {at: on_page.get(at) for at in linked} == linked
    assert "02-2017-tt-vpcp.2017-10-31" in linked.values() and "22-2008-qh12" in linked.values()


def test_a_reviewers_candidate_never_goes_to_a_document_of_another_date(db):
    (doc,) = store.documents_by_number(db, "59/2019/NĐ-CP")
    c = SimpleNamespace(target="59/2019/NĐ-CP", target_issued=doc["issued"])
    assert target_key(db, c) == doc["key"]
    c.target_issued = "2019-01-02"
    assert target_key(db, c) is None
