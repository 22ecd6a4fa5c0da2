"""Both real pháp điển snapshots shipped in corpus/ import in full."""
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
