"""Both real pháp điển snapshots shipped in corpus/ import in full."""
import re

from indexer.phapdien_import import import_snapshot
from conftest import ROOT

ARCHIVES = ROOT / "corpus" / "phapdien"


def test_snapshot_2025_02_yields_documents_and_provisions():
    snap = import_snapshot(ARCHIVES / "phapdien-2025-02.tar.xz")
    assert len(snap.documents) >= 4700
    assert snap.articles >= 69000
    articles = sum(1 for d in snap.documents.values() for p in d.provisions if p.kind == "article")
    assert articles >= 69000 - len(snap.skipped_notes)
    assert len(snap.skipped_notes) < 200     # notes that name no number (old ordinances)


def test_snapshot_2026_01_imports():
    snap = import_snapshot(ARCHIVES / "phapdien-2026-01.tar.xz")
    assert len(snap.documents) >= 4000
    assert snap.articles >= 60000
    # the code files 61/2018/NĐ-CP's Điều 33–37 in another đề mục: the document keeps its own order
    decree = [p.anchor for p in snap.documents["61/2018/NĐ-CP"].provisions if p.kind == "article"]
    assert decree[:6] == ["dieu-1", "dieu-2", "dieu-3", "dieu-4", "dieu-5", "dieu-6"] and "dieu-33" in decree
    for doc in snap.documents.values():
        numbers = [int(m.group(1)) for p in doc.provisions if p.kind == "article"
                   for m in [re.fullmatch(r"dieu-(\d+)[a-zđ]*", p.anchor)] if m]
        assert numbers == sorted(numbers), doc.number
    # clauses and points move with their article
    clauses = [p.anchor for p in snap.documents["61/2018/NĐ-CP"].provisions]
    assert clauses.index("dieu-33") < clauses.index("dieu-33-khoan-1") < clauses.index("dieu-34")
