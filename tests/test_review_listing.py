"""The reviewers' list (kb.review): an issuer the document does not print is
read from its number where the symbol is sure, shown as inferred; the rest are
counted as "không rõ"; documents known only by mention are left out by default
and counted (issue 15)."""
import datetime as dt

import pytest

from indexer.build import build
from kb import review, status, store
from test_linked_corpus import make_corpus

ON = dt.date(2019, 12, 31)
EXPIRED = "Hết hiệu lực toàn bộ"


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    root = tmp_path_factory.mktemp("review")
    assert build(make_corpus(root, registers=True), root / "instance").errors == []
    db = store.connect(root / "instance" / "current" / "kb.sqlite", readonly=True)
    yield db, status.all_statuses(db, ON)
    db.close()


def listing(kb, **filters):
    db, statuses = kb
    return review.listing(db, statuses, ON, review.Filters(**filters))


def test_an_issuer_read_from_the_number_is_filtered_on_and_said_to_be_inferred(kb):
    got = listing(kb, issuer="Chính phủ", status=EXPIRED, include_stubs=True)
    rows = {r.number: r for r in got.rows}
    assert "158/2007/NĐ-CP" in rows          # printed nowhere: its symbol says Chính phủ
    assert rows["158/2007/NĐ-CP"].issuer == "Chính phủ" and rows["158/2007/NĐ-CP"].issuer_inferred
    db, _ = kb
    assert all(not r.issuer_inferred or not store.document(db, r.key)["issuer"] for r in got.rows)
    printed = listing(kb, issuer="Chính phủ")
    assert {r.number for r in printed.rows if not r.issuer_inferred} >= {"59/2019/NĐ-CP"}


def test_documents_whose_issuer_cannot_be_told_are_counted_and_listed_as_unknown(kb):
    got = listing(kb, issuer="Chính phủ")
    unknown = listing(kb, issuer=review.UNKNOWN_ISSUER)
    assert got.issuer_unknown == unknown.total > 0
    assert all(r.issuer is None for r in unknown.rows)
    assert "1707/QĐ-UBND" in {r.number for r in unknown.rows}       # which province's UBND: not said


def test_stubs_are_left_out_by_default_and_counted(kb):
    db, _ = kb
    default, every = listing(kb), listing(kb, include_stubs=True)
    stubs = db.execute("SELECT count(*) FROM documents WHERE stub = 1").fetchone()[0]
    assert not any(r.stub for r in default.rows)
    assert default.hidden_stubs == stubs > 0 and every.total == default.total + stubs
    assert listing(kb, status=EXPIRED).hidden_stubs == sum(r.stub for r in listing(kb, status=EXPIRED,
                                                                                     include_stubs=True).rows)


def test_an_acting_document_known_only_by_mention_is_said_so(kb):
    (row,) = [r for r in listing(kb).rows if r.number == "101/2012/NĐ-CP"]
    assert row.acting == "80/2016/NĐ-CP" and row.acting_by_mention
    assert not any(r.acting_by_mention for r in listing(kb).rows if r.acting == "59/2019/NĐ-CP")
