"""Sources named as a person would name them (kb.provenance), linked only
where the source itself gives the original."""
import sqlite3

import pytest

from kb.provenance import Named, name, of_document

VBPL = "https://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID="


@pytest.mark.parametrize("source, named", [
    ("phapdien-2026-01:q/d9e2a674-7659-4e9d-9cdd-5aa21a50cb69.html#1800200000000001000009640269650059000880",
     Named("Bộ pháp điển, bản 01/2026")),
    ("phapdien-2025-02", Named("Bộ pháp điển, bản 02/2025")),
    ("vbpl:2315/example_p_2315.html", Named("vbpl.vn, ItemID 2315", VBPL + "2315")),
    ("vbpl-review:scraped.tar.xz/68-2001-n-cp.json (https://vbpl.vn/van-ban/chi-tiet/nghi-dinh-so-68--23078)",
     Named("vbpl.vn, bản thu thập", "https://vbpl.vn/van-ban/chi-tiet/nghi-dinh-so-68--23078")),
    ("binhduong-register.csv:dòng 34", Named("danh mục văn bản của địa phương, tệp binhduong-register.csv, dòng 34")),
    ("sonla-congbao.sql:https://congbao.sonla.gov.vn/congbao.nsf/NoiDung?openForm&ParentUNID=00322A",
     Named("congbao.sonla.gov.vn", "https://congbao.sonla.gov.vn/congbao.nsf/NoiDung?openForm&ParentUNID=00322A")),
    ("corpus:documents/ha-tinh/09-2019-qdd-ubnd.2019-01-28.md#dieu-2-khoan-1",
     Named("văn bản gốc, khoản 1 Điều 2", anchor="dieu-2-khoan-1")),
    ("được nhắc tới tại phapdien-2025-02:s/3fc2.html#22004", Named("được nhắc tới tại Bộ pháp điển, bản 02/2025")),
    ("link", Named("chỉ biết qua trích dẫn trong văn bản khác")),
    ("một nguồn lạ", Named("một nguồn lạ")),         # an unknown form is shown as it is
    ("", Named("nguồn chưa rõ")), (None, Named("nguồn chưa rõ")),
])
def test_sources_are_named(source, named):
    assert name(source) == named


def test_a_provision_is_added_when_known():
    assert name("phapdien-2026-01:q/x.html#1", "Điều 88").label == "Bộ pháp điển, bản 01/2026, Điều 88"


def test_a_document_from_the_phapdien_names_its_de_muc_and_links_vbpl():
    doc = {"origin": "phapdien-2026-01", "fields": "18.2 Cán bộ, công chức", "vbpl_item_id": 149237, "source": None}
    assert of_document(doc) == [Named("Bộ pháp điển, bản 01/2026, đề mục 18.2 Cán bộ, công chức"),
                                Named("vbpl.vn, ItemID 149237", VBPL + "149237")]
    assert of_document({"origin": "vbpl:2315", "fields": None, "vbpl_item_id": 2315, "source": None}) == \
        [Named("vbpl.vn, ItemID 2315", VBPL + "2315")]
    scraped = {"origin": "vbpl-review:scraped.tar.xz", "fields": None, "vbpl_item_id": 12352,
               "source": "vbpl-review:scraped.tar.xz/22-2008-qh12.json (https://vbpl.vn/van-ban/chi-tiet/luat--12352)"}
    assert of_document(scraped) == [Named("vbpl.vn, bản thu thập", "https://vbpl.vn/van-ban/chi-tiet/luat--12352"),
                                    Named("vbpl.vn, ItemID 12352", VBPL + "12352")]


def test_a_file_of_the_corpus_is_named_by_its_document():
    db = sqlite3.connect(":memory:")
    db.row_factory = sqlite3.Row
    db.execute("CREATE TABLE documents (key TEXT, number TEXT, origin TEXT)")
    db.execute("INSERT INTO documents VALUES ('09-2019-qdd-ubnd.2019-01-28', '09/2019/QĐ-UBND', "
               "'corpus:documents/ha-tinh/09-2019-qdd-ubnd.2019-01-28.md')")
    named = name("corpus:documents/ha-tinh/09-2019-qdd-ubnd.2019-01-28.md#trich-yeu", db=db)
    assert named == Named("văn bản gốc 09/2019/QĐ-UBND, trích yếu", doc_key="09-2019-qdd-ubnd.2019-01-28")
    assert name("corpus:documents/khac.md#dieu-3", db=db) == Named("văn bản gốc, Điều 3", anchor="dieu-3")
