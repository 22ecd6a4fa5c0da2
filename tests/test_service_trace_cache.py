"""Report traces are cached by content digest: the same text against the
same build is traced once; another date, another text or a new build traces
again; the cache is bounded."""
import datetime as dt

import pytest

from conftest import REPORT
from indexer import reports
from indexer.build import build
from indexer.document import read_source
from kb import store
from test_linked_corpus import make_corpus


@pytest.fixture
def kb(tmp_path):
    corpus = make_corpus(tmp_path)
    build(corpus, tmp_path / "instance")
    return corpus, tmp_path / "instance"


def test_same_report_is_traced_once(kb, monkeypatch):
    corpus, instance = kb
    calls = []
    real = reports.trace
    monkeypatch.setattr(reports, "trace", lambda *a, **k: calls.append(1) or real(*a, **k))
    source = read_source(REPORT)
    db = store.connect(instance / "current" / "kb.sqlite", readonly=True)
    first = reports.trace_report(db, source, dt.date(2019, 12, 20))
    again = reports.trace_report(store.connect(instance / "current" / "kb.sqlite", readonly=True),
                                 read_source(REPORT), dt.date(2019, 12, 20))
    assert again is first and len(calls) == 1
    other_day = reports.trace_report(db, source, dt.date(2020, 1, 1))
    assert other_day is not first and len(calls) == 2
    edited = read_source(REPORT)
    edited.text += "\nNghị định số 61/2018/NĐ-CP.\n"
    assert reports.trace_report(db, edited, dt.date(2019, 12, 20)) is not first and len(calls) == 3
    # a new build of the KB: traced again, against it
    build(corpus, instance, full=True)
    db2 = store.connect(instance / "current" / "kb.sqlite", readonly=True)
    assert reports.trace_report(db2, source, dt.date(2019, 12, 20)) is not first and len(calls) == 4


def test_cache_is_bounded(kb, monkeypatch):
    _, instance = kb
    monkeypatch.setattr(reports, "_TRACES_MAX", 3)
    db = store.connect(instance / "current" / "kb.sqlite", readonly=True)
    for i in range(6):
        src = read_source(REPORT)
        src.text = f"Báo cáo {i}: Nghị định số 61/2018/NĐ-CP."
        reports.trace_report(db, src, dt.date(2019, 12, 20))
    assert len(reports._TRACES) <= 3
