"""The linked corpus built from a slice of the real pháp điển (tests/data/phapdien-slice)."""
import shutil
import tarfile
from pathlib import Path

import pytest

from indexer.build import build
from kb import store
from conftest import DATA

SLICE = DATA / "phapdien-slice"


def make_corpus(root: Path, registers: bool = False) -> Path:
    """A corpus of the slices: tests/data/phapdien-slice/*.html from the 2025-02
    release, …/2026-01/*.html from the 2026-01 one, each packed as its release."""
    corpus = root / "corpus"
    (corpus / "phapdien").mkdir(parents=True)
    with tarfile.open(corpus / "phapdien" / "phapdien-2025-02.tar.xz", "w:xz") as tar:
        for f in sorted(SLICE.glob("*.html")):
            tar.add(f, arcname=f"s/{f.name}")
    with tarfile.open(corpus / "phapdien" / "phapdien-2026-01.tar.xz", "w:xz") as tar:
        for f in sorted((SLICE / "2026-01").glob("*.html")):
            tar.add(f, arcname=f"q/{f.name}")
    if registers:
        (corpus / "registers").mkdir()
        shutil.copy(DATA / "registers" / "binhduong-register-slice.csv", corpus / "registers")
    return corpus


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    root = tmp_path_factory.mktemp("kb")
    corpus = make_corpus(root)
    result = build(corpus, root / "instance")
    assert result.errors == []
    db = store.connect(root / "instance" / "current" / "kb.sqlite", readonly=True)
    yield db, root, corpus
    db.close()


def events_of(db, number):
    (doc,) = store.documents_by_number(db, number)
    return store.events_on(db, doc["key"])


def test_decree_158_expires_by_article_88_of_decree_59(kb):
    db, _, _ = kb
    (e,) = [e for e in events_of(db, "158/2007/NĐ-CP") if e["kind"] == "expires"]
    assert e["date"] == "2019-08-15"
    assert (e["by_number"], e["by_provision"]) == ("59/2019/NĐ-CP", "Điều 88")
    assert "hết hiệu lực kể từ ngày Nghị định này có hiệu lực" in e["quote"]
    assert "Nghị định số 158/2007/NĐ-CP ngày 27 tháng 10 năm 2007" in e["quote"]
    assert e["source"].startswith("phapdien-2025-02:s/d9e2a674")


def test_decree_59_makes_nine_documents_expire(kb):
    db, _, _ = kb
    rows = db.execute("SELECT target_number FROM events WHERE kind = 'expires' AND by_number = '59/2019/NĐ-CP'")
    assert len({r[0] for r in rows}) == 9


def test_decision_31_2017_replaced_by_26_2021(kb):
    db, _, _ = kb
    (e,) = [e for e in events_of(db, "31/2017/QĐ-TTg") if e["kind"] == "replaces"]
    assert e["date"] == "2021-10-01" and e["by_number"] == "26/2021/QĐ-TTg"
    assert e["by_provision"] == "Điều 5"


def test_law_09_2008_expires_by_law_15_2017(kb):
    db, _, _ = kb
    (e,) = [e for e in events_of(db, "09/2008/QH12") if e["kind"] == "expires"]
    assert e["date"] == "2018-01-01" and e["by_number"] == "15/2017/QH14"


def test_document_metadata_from_the_notes(kb):
    db, _, _ = kb
    (d,) = store.documents_by_number(db, "61/2018/NĐ-CP")
    assert d["doc_type"] == "Nghị định" and d["issuer"] == "Chính phủ"
    assert d["issued"] == "2018-04-23" and d["effective_from"] == "2018-06-21"
    assert d["title"].startswith("Về thực hiện cơ chế một cửa")
    assert d["vbpl_item_id"] == 149237
    assert not d["stub"]


def test_amendment_note_becomes_a_dated_event_on_the_article(kb):
    db, _, _ = kb
    evs = [e for e in events_of(db, "101/2012/NĐ-CP") if e["evidence_origin"] == "phapdien"
           and e["kind"] in ("amends", "repeals_part")]
    assert {(e["kind"], e["scope"], e["by_number"], e["date"]) for e in evs} == {
        ("amends", "Điều 12", "80/2016/NĐ-CP", "2016-07-01"),
        ("repeals_part", "Điều 12", "80/2016/NĐ-CP", "2016-07-01")}


def test_cited_but_absent_documents_become_stubs_saying_where(kb):
    db, _, _ = kb
    (d,) = store.documents_by_number(db, "158/2007/NĐ-CP")
    assert d["stub"] == 1 and d["issued"] == "2007-10-27"
    assert "phapdien-2025-02" in d["source"]


def test_provisions_have_stable_anchors(kb):
    db, _, _ = kb
    (d,) = store.documents_by_number(db, "59/2019/NĐ-CP")
    anchors = {p["anchor"] for p in store.provisions(db, d["key"])}
    assert {"dieu-88", "dieu-88-khoan-2", "dieu-88-khoan-2-diem-d"} <= anchors


def test_unchanged_corpus_rebuild_rereads_nothing(kb):
    _, root, corpus = kb
    result = build(corpus, root / "instance")
    assert result.reread == [] and len(result.reused) == 2
    assert result.counts["documents"] > 0


def test_unreadable_source_is_reported_and_the_rest_built(tmp_path):
    corpus = make_corpus(tmp_path)
    (corpus / "phapdien" / "phapdien-2027-01.tar.xz").write_bytes(b"not an archive")
    result = build(corpus, tmp_path / "instance")
    assert len(result.errors) == 1 and "phapdien-2027-01" in result.errors[0][0]
    assert result.counts["documents"] >= 5


def test_changed_reader_code_rereads_every_source(tmp_path, monkeypatch):
    import indexer.build as b
    corpus = make_corpus(tmp_path)
    build(corpus, tmp_path / "instance")
    monkeypatch.setattr(b, "code_version", lambda: "another-version")
    result = build(corpus, tmp_path / "instance")
    assert len(result.reread) == 2 and result.reused == []


def test_an_acting_document_named_only_in_a_note_becomes_a_stub(kb):
    """"được sửa đổi bởi Nghị định 80/2016/NĐ-CP": the KB has no text of it; its
    stub says where it is named, and the events link to it (issue 15: pages say
    "chưa có toàn văn" beside it)."""
    db, _, _ = kb
    (d,) = store.documents_by_number(db, "80/2016/NĐ-CP")
    assert d["stub"] == 1 and d["source"].startswith("được nhắc tới tại phapdien-")
    keys = {e["by_key"] for e in db.execute("SELECT by_key FROM events WHERE by_number = '80/2016/NĐ-CP'")}
    assert keys == {d["key"]} and store.known_by_mention(db, keys) == keys
    (acting,) = store.documents_by_number(db, "59/2019/NĐ-CP")
    assert store.known_by_mention(db, [acting["key"], None]) == set()
