"""An incremental build equals a full build of the same corpus, after any
change to corpus/: documents added, changed and removed, a pháp điển
release removed and added back, a register changed; a build that would
lose most of the live KB is refused without ``force``; an instance copied
elsewhere builds incrementally without re-reading its sources."""
import shutil
import sqlite3

import pytest

from conftest import DATA
from indexer.build import ShrinkRefused, build
from test_linked_corpus import make_corpus

# Each table with the columns that say what it holds (row ids and the build's
# own bookkeeping aside).
TABLES = {
    "documents": "*",
    "provisions": "doc_key, anchor, label, kind, heading, text, parent, ord, source, codified_as, origin",
    "events": "kind, target_number, target_issued, target_key, scope, date, date_note, by_number, by_key,"
              " by_provision, evidence_origin, quote, source, origin",
    "citations": "from_key, from_anchor, number, to_key, kind, text, issued, pinpoint, origin",
    "relations": "*",
    "status_records": "*",
    "sources": "path, digest, kind, origin, documents, error",
}


def dump(instance):
    db = sqlite3.connect(f"file:{instance / 'current' / 'kb.sqlite'}?mode=ro", uri=True)
    try:
        out = {}
        for table, cols in TABLES.items():
            names = [r[1] for r in db.execute(f"PRAGMA table_info({table})") if r[1] != "id"]
            cols = ", ".join(names) if cols == "*" else cols
            out[table] = sorted(map(repr, db.execute(f"SELECT {cols} FROM {table}")))
        return out
    finally:
        db.close()


def same_as_full(corpus, instance, tmp_path, name, force=False):
    """Build ``instance`` incrementally and a fresh one fully; compare."""
    inc = build(corpus, instance, force=force)
    full_instance = tmp_path / f"full-{name}"
    full = build(corpus, full_instance, full=True)
    a, b = dump(instance), dump(full_instance)
    for table in TABLES:
        assert a[table] == b[table], f"{name}: {table} differs between incremental and full"
    assert inc.counts == full.counts
    shutil.rmtree(full_instance)
    return inc


def add_documents(corpus, names):
    folder = corpus / "documents" / "tests"
    folder.mkdir(parents=True, exist_ok=True)
    for n in names:
        shutil.copy(DATA / "documents" / n, folder / n)
    return folder


@pytest.fixture
def corpus(tmp_path):
    corpus = make_corpus(tmp_path, registers=True)
    add_documents(corpus, ["01-2010-tt-bgdddt.txt", "15-2017-qh14.txt", "122-2016-ndd-cp.txt"])
    return corpus


def test_incremental_equals_full_after_every_kind_of_change(corpus, tmp_path):
    instance = tmp_path / "instance"
    build(corpus, instance, full=True)
    folder = corpus / "documents" / "tests"

    # a document added: only it is read again
    add_documents(corpus, ["09-2014-tt-btttt.txt"])
    r = same_as_full(corpus, instance, tmp_path, "added")
    assert r.reread == ["documents/tests/09-2014-tt-btttt.txt"] and not r.full, r.why_full

    # a document changed
    p = folder / "01-2010-tt-bgdddt.txt"
    p.write_text(p.read_text(encoding="utf-8") + "\nĐiều 99. Điều thêm\nNội dung thêm.\n", encoding="utf-8")
    r = same_as_full(corpus, instance, tmp_path, "changed")
    assert r.reread == ["documents/tests/01-2010-tt-bgdddt.txt"]

    # a document removed
    (folder / "15-2017-qh14.txt").unlink()
    same_as_full(corpus, instance, tmp_path, "removed")

    # a register changed: the imports overlay each other, all are read again
    reg = corpus / "registers" / "binhduong-register-slice.csv"
    lines = reg.read_text(encoding="utf-8").splitlines(keepends=True)
    reg.write_text("".join(lines[:-1]), encoding="utf-8")
    r = same_as_full(corpus, instance, tmp_path, "register")
    assert r.full and "registers/binhduong-register-slice.csv" in r.why_full


def test_removing_and_adding_back_a_release(corpus, tmp_path):
    instance = tmp_path / "instance"
    build(corpus, instance, full=True)
    release = corpus / "phapdien" / "phapdien-2025-02.tar.xz"
    kept = tmp_path / "kept.tar.xz"
    shutil.move(release, kept)
    # losing a release loses documents: refused unless forced
    with pytest.raises(ShrinkRefused) as refused:
        build(corpus, instance)
    assert refused.value.lost and "59/2019/NĐ-CP" in {n for _, n in refused.value.lost}
    assert "--force" in str(refused.value)
    r = same_as_full(corpus, instance, tmp_path, "release removed", force=True)
    assert r.full
    shutil.move(kept, release)
    same_as_full(corpus, instance, tmp_path, "release back")


def test_shrinking_build_keeps_the_live_kb(corpus, tmp_path):
    instance = tmp_path / "instance"
    build(corpus, instance, full=True)
    live = (instance / "current").resolve()
    before = dump(instance)
    for p in (corpus / "phapdien").glob("*.tar.xz"):
        p.unlink()
    with pytest.raises(ShrinkRefused) as refused:
        build(corpus, instance)
    assert refused.value.built < refused.value.live
    assert (instance / "current").resolve() == live and dump(instance) == before
    assert [d for d in instance.glob("kb-*") if d.resolve() != live] == []   # the refused one is gone
    build(corpus, instance, force=True)
    assert (instance / "current").resolve() != live


def test_a_copied_instance_builds_without_reading_again(corpus, tmp_path):
    from conftest import REPORT
    (corpus / "reports").mkdir()
    shutil.copy(REPORT, corpus / "reports" / REPORT.name)
    instance = tmp_path / "instance"
    build(corpus, instance, full=True)
    db = sqlite3.connect(instance / "current" / "kb.sqlite")
    paths = [p for (p,) in db.execute("SELECT path FROM sources")]
    assert paths and not any(p.startswith("/") for p in paths)
    # no absolute path anywhere in the store
    for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
        for col in [r[1] for r in db.execute(f"PRAGMA table_info({table})") if r[2].upper() == "TEXT"]:
            (n,) = db.execute(f"SELECT count(*) FROM {table} WHERE {col} LIKE ?", (f"%{tmp_path}%",)).fetchone()
            assert n == 0, f"{table}.{col} holds an absolute path"
    db.close()
    elsewhere = tmp_path / "moved"
    elsewhere.mkdir()
    shutil.copytree(corpus, elsewhere / "corpus")
    shutil.copytree(instance, elsewhere / "instance", symlinks=True)
    r = build(elsewhere / "corpus", elsewhere / "instance")
    assert r.reread == [] and not r.full, r.why_full


def test_a_build_of_what_the_live_build_read_keeps_it(corpus, tmp_path):
    """Nothing a build reads changed (sources, curation logs, reports, code):
    the live build stays, with its counts and errors, and no new folder is
    made (a new one would only make every server reload its caches). Any
    change among them builds again; ``full`` always does."""
    from conftest import REPORT
    instance = tmp_path / "instance"
    bad = corpus / "documents" / "tests" / "hong.docx"
    bad.write_bytes(b"PK\x03\x04 not a zip")
    first = build(corpus, instance, full=True)
    live = (instance / "current").resolve()
    again = build(corpus, instance)
    assert again.unchanged and again.directory == live and (instance / "current").resolve() == live
    assert again.counts == first.counts and again.errors == first.errors and first.errors
    assert "không có gì thay đổi" in again.summary()
    assert [d for d in instance.glob("kb-*")] == [live]

    def rebuilt(change):
        before = (instance / "current").resolve()
        change()
        r = build(corpus, instance)
        assert not r.unchanged and (instance / "current").resolve() != before
        assert build(corpus, instance).unchanged      # and then stays
        return r

    rebuilt(lambda: add_documents(corpus, ["09-2014-tt-btttt.txt"]))
    (corpus / "reports").mkdir()
    rebuilt(lambda: shutil.copy(REPORT, corpus / "reports" / REPORT.name))
    (corpus / "curation").mkdir()
    rebuilt(lambda: (corpus / "curation" / "x.jsonl").write_text("", encoding="utf-8"))
    rebuilt(lambda: (corpus / "curation" / "x.jsonl").write_text("\n", encoding="utf-8"))
    rebuilt(lambda: bad.unlink())
    forced = build(corpus, instance, full=True)
    assert not forced.unchanged and forced.full
    # the live build and the two before it are kept (servers may still read them), older ones go
    kept = sorted(instance.glob("kb-*"), key=lambda d: d.stat().st_mtime)
    assert len(kept) == 3 and kept[-1] == (instance / "current").resolve()
