"""The scraped vbpl.vn laws as a metadata source (two real files in tests/data/vbpl-review)."""
import tarfile

from indexer.build import build
from indexer.sources.vbpl_review import read_review_json
from kb import status, store
from conftest import DATA
from test_linked_corpus import make_corpus
import datetime as dt


def test_reader():
    r = read_review_json((DATA / "vbpl-review" / "22-2008-qh12.json").read_bytes())
    assert (r.number, r.doc_type, r.item_id) == ("22/2008/QH12", "Luật", 12352)
    assert "Điều 86. " in r.text and "Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2010" in r.text
    other = read_review_json((DATA / "vbpl-review" / "101-2012-n-cp.json").read_bytes())
    assert other.item_id is None          # its address is not vbpl.vn: no ItemID taken from it


def test_adds_what_the_kb_lacks_and_only_fills_gaps_otherwise(tmp_path):
    corpus = make_corpus(tmp_path)
    (corpus / "vbpl-review").mkdir()
    with tarfile.open(corpus / "vbpl-review" / "scraped.tar.xz", "w:xz") as tar:
        for f in (DATA / "vbpl-review").glob("*.json"):
            tar.add(f, arcname=f"scraped/{f.name}")
    assert build(corpus, tmp_path / "instance").errors == []
    db = store.connect(tmp_path / "instance" / "current" / "kb.sqlite", readonly=True)
    (law,) = store.documents_by_number(db, "22/2008/QH12")
    assert law["origin"].startswith("vbpl-review:") and law["effective_from"] == "2010-01-01"
    assert sum(1 for p in store.provisions(db, law["key"]) if p["kind"] == "article") == 87
    assert status.document_status(db, law["key"], dt.date(2019, 12, 31)).value == status.IN_FORCE
    (decree,) = store.documents_by_number(db, "101/2012/NĐ-CP")     # from the pháp điển slice
    assert decree["origin"] == "phapdien-2025-02"
