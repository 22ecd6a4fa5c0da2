"""vbpl.vn pages of one document as a corpus source."""
import shutil

from indexer.build import build
from kb import store
from conftest import VBPL_PAGES


def test_vbpl_folder_becomes_a_document_with_its_records(tmp_path):
    folder = tmp_path / "corpus" / "vbpl" / "2315"
    folder.mkdir(parents=True)
    for role in ("full", "p", "h", "r"):
        shutil.copy(VBPL_PAGES / f"example_{role}_2315.html", folder)
    result = build(tmp_path / "corpus", tmp_path / "instance")
    assert result.errors == []
    db = store.connect(tmp_path / "instance" / "current" / "kb.sqlite", readonly=True)
    (doc,) = store.documents_by_number(db, "21-LCT/HDNN8")
    assert (doc["doc_type"], doc["issuer"], doc["issued"], doc["effective_from"], doc["vbpl_item_id"]) == (
        "Luật", "Quốc hội", "1989-06-30", "1989-07-11", 2315)
    assert doc["signer"] == "Lê Quang Đạo" and doc["title"] == "Bảo vệ sức khoẻ nhân dân"
    articles = [p for p in store.provisions(db, doc["key"]) if p["kind"] == "article"]
    assert len(articles) == 55
    (status,) = db.execute("SELECT * FROM status_records WHERE doc_key = ?", (doc["key"],)).fetchall()
    assert status["status"] == "Còn hiệu lực" and status["source"].endswith("example_p_2315.html")
    kinds = {(e["kind"], e["date"], e["evidence_origin"]) for e in store.events_on(db, doc["key"])}
    assert ("takes_effect", "1989-07-11", "vbpl") in kinds
    rel = {(r["kind"], r["direction"], r["to_title"]) for r in db.execute("SELECT * FROM relations")}
    assert ("basis", "outgoing", "Hiến pháp năm 1980") in rel
