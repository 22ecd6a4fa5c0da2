"""Data-quality findings on a KB built from real slices (pháp điển, registers)."""
import datetime as dt

import pytest

from indexer.build import build
from kb import quality, store
from test_linked_corpus import make_corpus


@pytest.fixture(scope="module")
def found(tmp_path_factory):
    root = tmp_path_factory.mktemp("quality")
    corpus = make_corpus(root, registers=True)
    build(corpus, root / "instance")
    db = store.connect(root / "instance" / "current" / "kb.sqlite", readonly=True)
    yield quality.findings(db, today=dt.date(2026, 11, 26))
    db.close()


def test_event_on_a_document_the_kb_lacks(found):
    f = [x for x in found if x.kind == quality.EVENT_ON_MISSING_DOCUMENT and x.number == "158/2007/NĐ-CP"]
    assert len(f) == 1 and "hết hiệu lực" in f[0].evidence and f[0].source.startswith("phapdien-2025-02:")


def test_expired_label_without_any_dated_event(found):
    (f,) = [x for x in found if x.kind == quality.EXPIRED_WITHOUT_DATE]
    assert f.number == "4423/UBND-KT" and "Văn bản hết hiệu lực" in f.evidence
    assert f.source.endswith("dòng 34")


def test_findings_are_questions_with_evidence(found):
    assert found and all(x.message and x.evidence and x.source for x in found)


def test_sources_disagreeing_on_the_effective_date(found):
    (f,) = [x for x in found if x.kind == quality.SOURCES_DISAGREE and x.number == "02/2017/NĐ-CP"]
    assert "25/02/2017" in f.message and "25/01/2017" in f.message
    assert "văn bản gốc thắng" in f.message
    assert "Nghị định này có hiệu lực thi hành từ ngày 25 tháng 02 năm 2017" in f.evidence
