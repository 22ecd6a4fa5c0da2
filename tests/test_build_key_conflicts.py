"""Two sources, one key (issue 16): a later source never takes the key of
another source's document. The first source in ``discover()`` order keeps
it; the later document is skipped and reported with both sources; nothing
else changes; incremental builds equal full ones. Pháp điển releases still
overlay each other (one family)."""
import shutil
import sqlite3

import pytest

from conftest import DATA, VBPL_PAGES
from indexer.build import build
from kb import store
from kb.model import Document
from test_build_incremental import dump, same_as_full
from test_linked_corpus import make_corpus

KEY = "59-2019-ndd-cp.2019-07-01"          # a decree of the pháp điển slice
FAKE = "CHÍNH PHỦ\nSố: 59/2019/NĐ-CP\nHà Nội, ngày 01 tháng 7 năm 2019\nNGHỊ ĐỊNH\nVề việc thử\nĐiều 1. Một điều.\n"


def rows(instance, sql, *args):
    db = sqlite3.connect(f"file:{instance / 'current' / 'kb.sqlite'}?mode=ro", uri=True)
    try:
        return db.execute(sql, args).fetchall()
    finally:
        db.close()


def conflicts(instance):
    return sorted(rows(instance, "SELECT * FROM key_conflicts"))


def without(table_dump, origin):
    return [r for r in table_dump if origin not in r]


@pytest.fixture
def corpus(tmp_path):
    return make_corpus(tmp_path)


def test_an_upload_never_takes_a_release_document_full_and_incremental(corpus, tmp_path):
    instance = tmp_path / "instance"
    build(corpus, instance, full=True)
    before = dump(instance)
    (origin,) = rows(instance, "SELECT origin FROM documents WHERE key = ?", KEY)[0]
    provisions = rows(instance, "SELECT count(*) FROM provisions WHERE doc_key = ?", KEY)[0][0]
    assert origin.startswith("phapdien-") and provisions > 10

    fake = corpus / "documents" / "tai-len" / "59-2019-ndd-cp.2019-07-01.md"
    fake.parent.mkdir(parents=True)
    fake.write_text(FAKE, encoding="utf-8")
    r = same_as_full(corpus, instance, tmp_path, "upload over a release")
    assert not r.full and r.reread == ["documents/tai-len/59-2019-ndd-cp.2019-07-01.md"]
    # the release keeps its document, its provisions and everything else
    assert rows(instance, "SELECT origin FROM documents WHERE key = ?", KEY) == [(origin,)]
    assert rows(instance, "SELECT count(*) FROM provisions WHERE doc_key = ?", KEY)[0][0] == provisions
    after = dump(instance)
    for table in ("documents", "provisions", "events", "citations", "relations", "status_records"):
        assert after[table] == before[table], table
    # reported, naming both sources: the file and the place
    (place, reason), = [e for e in r.errors if "tai-len" in e[0]]
    assert place == "documents/tai-len/59-2019-ndd-cp.2019-07-01.md"
    assert KEY in reason and origin in reason and f"phapdien/{origin}.tar.xz" in reason
    assert ".html" in reason                       # the đề mục file of the release
    (c,) = conflicts(instance)
    assert c[0] == KEY and c[2] == "corpus:documents/tai-len/59-2019-ndd-cp.2019-07-01.md" and c[4] == origin
    # every build says it again, until the corpus is fixed
    again = build(corpus, instance)
    assert [e for e in again.errors if "tai-len" in e[0]] == [(place, reason)]
    full = build(corpus, tmp_path / "full", full=True)
    assert [e for e in full.errors if "tai-len" in e[0]] == [(place, reason)]
    assert conflicts(tmp_path / "full") == conflicts(instance)

    fake.unlink()
    same_as_full(corpus, instance, tmp_path, "upload removed")
    assert conflicts(instance) == [] and build(corpus, instance).errors == []


def _doc(folder, name, title, articles=1):
    folder.mkdir(parents=True, exist_ok=True)
    body = "".join(f"Điều {i}. {title}.\n" for i in range(1, articles + 1))
    (folder / name).write_text(f"ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH\nSố: 77/2024/QĐ-UBND\nHà Tĩnh, ngày 01 tháng 02 "
                               f"năm 2024\nQUYẾT ĐỊNH\n{title}\n{body}", encoding="utf-8")


def test_between_two_files_the_later_overlays_only_if_nothing_is_lost(corpus, tmp_path):
    """The maintainers' files overlay each other in discover() order, as the
    imports do, but a text that would lose provisions of the one it replaces
    is refused and reported; incremental = full through every change."""
    key = "77-2024-qdd-ubnd.2024-02-01"
    instance = tmp_path / "instance"
    _doc(corpus / "documents" / "b", "qd.txt", "Về việc thứ hai")
    (corpus / "documents" / "c").mkdir(parents=True)
    (corpus / "documents" / "c" / "other.txt").write_text(
        "UBND TỈNH HÀ TĨNH\nSố: 12/2024/QĐ-UBND\nHà Tĩnh, ngày 03 tháng 02 năm 2024\nQUYẾT ĐỊNH\nVề việc khác\n",
        encoding="utf-8")
    build(corpus, instance, full=True)
    assert rows(instance, "SELECT origin FROM documents WHERE key = ?", key) == [("corpus:documents/b/qd.txt",)]

    # an earlier file (in discover order) with the same articles appears: the later one still overlays it
    _doc(corpus / "documents" / "a", "qd.txt", "Về việc thứ nhất")
    r = same_as_full(corpus, instance, tmp_path, "earlier added")
    assert rows(instance, "SELECT origin, title FROM documents WHERE key = ?", key) == [
        ("corpus:documents/b/qd.txt", "Về việc thứ hai")]
    assert not [e for e in r.errors if key in e[1]] and conflicts(instance) == []
    assert rows(instance, "SELECT count(*) FROM documents WHERE origin = 'corpus:documents/c/other.txt'") == [(1,)]

    # the earlier one grows an article the later lacks: the later would lose it, so it is refused and reported
    _doc(corpus / "documents" / "a", "qd.txt", "Về việc thứ nhất", articles=2)
    r = same_as_full(corpus, instance, tmp_path, "earlier grew")
    assert rows(instance, "SELECT origin, title FROM documents WHERE key = ?", key) == [
        ("corpus:documents/a/qd.txt", "Về việc thứ nhất")]
    assert rows(instance, "SELECT count(*) FROM provisions WHERE doc_key = ?", key) == [(2,)]
    (err,) = [e for e in r.errors if key in e[1]]
    assert err[0] == "documents/b/qd.txt" and "documents/a/qd.txt" in err[1]

    # the later one changes to hold both articles: it overlays again
    _doc(corpus / "documents" / "b", "qd.txt", "Về việc thứ hai, sửa", articles=3)
    same_as_full(corpus, instance, tmp_path, "later changed")
    assert rows(instance, "SELECT origin, title FROM documents WHERE key = ?", key) == [
        ("corpus:documents/b/qd.txt", "Về việc thứ hai, sửa")]

    # the earlier one goes: nothing changes for the reader
    shutil.rmtree(corpus / "documents" / "a")
    same_as_full(corpus, instance, tmp_path, "earlier removed")
    assert rows(instance, "SELECT origin, title FROM documents WHERE key = ?", key) == [
        ("corpus:documents/b/qd.txt", "Về việc thứ hai, sửa")]
    assert conflicts(instance) == []


LAW = ("QUỐC HỘI\nSố: 21-LCT/HDNN8\nHà Nội, ngày 30 tháng 6 năm 1989\nLUẬT\nBảo vệ sức khoẻ nhân dân\n"
       "Điều 1. Một điều khác.\n")


def test_a_file_never_takes_a_vbpl_pages_document(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(VBPL_PAGES, corpus / "vbpl" / "2315")
    (corpus / "documents").mkdir()
    (corpus / "documents" / "luat.txt").write_text(LAW, encoding="utf-8")
    result = build(corpus, tmp_path / "instance")
    docs = rows(tmp_path / "instance", "SELECT key, origin FROM documents WHERE stub = 0")
    assert docs == [("21-lct-hdnn8.1989-06-30", "vbpl:2315")]
    assert rows(tmp_path / "instance", "SELECT count(*) FROM provisions WHERE kind = 'article'") == [(55,)]
    assert rows(tmp_path / "instance", "SELECT count(*) FROM provisions WHERE origin != 'vbpl:2315'") == [(0,)]
    (err,) = result.errors
    assert err[0] == "documents/luat.txt" and "vbpl/2315" in err[1] and "example_full_2315.html" in err[1]


def test_a_record_given_to_a_text_comes_back_when_the_text_goes(tmp_path):
    """A register line (no text) gives its key to a later source's text; an
    incremental build must still equal a full one when that text changes or
    goes: the register's record comes back."""
    key = "77-2024-qdd-ubnd.2024-02-01"
    corpus = tmp_path / "corpus"
    (corpus / "registers").mkdir(parents=True)
    (corpus / "registers" / "reg.csv").write_text(
        ",so_ky_hieu,ngay_ban_hanh,trich_yeu,hieu_luc,pdf\n"
        "0,77/2024/QĐ-UBND,01/02/2024,về việc thử,Văn bản đang có hiệu lực,\n"
        "1,3637/UBND-VX,20/07/2022,triển khai một số nhiệm vụ,Văn bản đang có hiệu lực,\n", encoding="utf-8")
    _doc(corpus / "documents" / "x", "qd.txt", "Về việc thử")
    instance = tmp_path / "instance"
    build(corpus, instance, full=True)
    assert rows(instance, "SELECT origin FROM documents WHERE key = ?", key) == [("corpus:documents/x/qd.txt",)]
    (corpus / "documents" / "x" / "qd.txt").write_text("UBND TỈNH HÀ TĨNH\nSố: 78/2024/QĐ-UBND\nHà Tĩnh, ngày 01 "
                                                      "tháng 02 năm 2024\nQUYẾT ĐỊNH\nVề việc khác\n", encoding="utf-8")
    same_as_full(corpus, instance, tmp_path, "text renumbered")
    assert rows(instance, "SELECT origin FROM documents WHERE key = ?", key) == [("register:reg.csv",)]
    _doc(corpus / "documents" / "x", "qd.txt", "Về việc thử")
    same_as_full(corpus, instance, tmp_path, "text back")
    shutil.rmtree(corpus / "documents")
    r = same_as_full(corpus, instance, tmp_path, "text removed")
    assert rows(instance, "SELECT origin FROM documents WHERE key = ?", key) == [("register:reg.csv",)]
    assert r.full


def test_the_store_never_writes_over_another_sources_document(tmp_path):
    db = store.connect(tmp_path / "kb.sqlite")
    store.create(db)
    store.write_document(db, "k", Document("1/2020/QĐ-UBND", title="Nguồn A"), "a")
    store.write_document(db, "k", Document("1/2020/QĐ-UBND", title="Nguồn A, đọc lại"), "a")   # its own: replaced
    with pytest.raises(store.KeyTaken) as taken:
        store.write_document(db, "k", Document("1/2020/QĐ-UBND", title="Nguồn B"), "b")
    assert taken.value.holder == "a"
    assert [tuple(r) for r in db.execute("SELECT title, origin FROM documents")] == [("Nguồn A, đọc lại", "a")]
    db.execute("UPDATE documents SET stub = 1, origin = 'link'")                              # a stub gives way
    store.write_document(db, "k", Document("1/2020/QĐ-UBND", title="Nguồn B"), "b")
    assert [tuple(r) for r in db.execute("SELECT title, origin FROM documents")] == [("Nguồn B", "b")]


def test_releases_still_overlay_each_other(corpus, tmp_path):
    result = build(corpus, tmp_path / "instance")
    assert result.errors == []
    assert rows(tmp_path / "instance", "SELECT count(*) FROM key_conflicts") == [(0,)]
    # the 2026-01 release replaces the documents of 2025-02 it holds too
    newer = rows(tmp_path / "instance", "SELECT count(*) FROM documents WHERE origin = 'phapdien-2026-01'")[0][0]
    assert newer > 0


def test_a_skipped_document_is_a_finding_for_reviewers(corpus, tmp_path):
    from kb import quality
    fake = corpus / "documents" / "tai-len" / "59-2019-ndd-cp.2019-07-01.md"
    fake.parent.mkdir(parents=True)
    fake.write_text(FAKE, encoding="utf-8")
    build(corpus, tmp_path / "instance")
    db = store.connect(tmp_path / "instance" / "current" / "kb.sqlite", readonly=True)
    (f,) = [f for f in quality.findings(db) if f.kind == quality.KEY_TAKEN]
    db.close()
    assert f.doc_key == KEY and "tai-len" in f.message and f.source.startswith("phapdien-")
    assert quality.FINDING_LABELS[quality.KEY_TAKEN]
