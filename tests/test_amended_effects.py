"""Effect follows the consolidated text (issue 13, deliverable 3), on the
real case: Luật 43/2024/QH15 rewrote khoản 1 Điều 252 of Luật Đất đai
31/2024/QH15, moving its effective date from 01/01/2025 to 01/08/2024; the
law it replaces (45/2013/QH13, "hết hiệu lực kể từ ngày Luật này có hiệu
lực thi hành", khoản 4 of the same article) then ended on 01/08/2024 too.
Texts and operations: tests/data/versions/luat-43-2024.json; the expiry
event is the one the KB reads from Điều 252 (quote copied)."""
import datetime as dt

import pytest

from indexer import amended_effects
from indexer.document import part_effects
from indexer.link import link
from kb import status, store
from kb.model import Event, Evidence
from versions_kb import write_kb

LAND = "31-2024-qh15"
ORIGIN = "vbpl-review:scraped_450docs_articles_json.tar.xz"
EXPIRY = Event("expires", "45/2013/QH13", Evidence(
    "text", "Luật Đất đai số 45/2013/QH13 đã được sửa đổi, bổ sung một số điều theo Luật số 35/2018/QH14 (sau đây "
            "gọi là Luật Đất đai số 45/2013/QH13) hết hiệu lực kể từ ngày Luật này có hiệu lực thi hành.",
    f"{ORIGIN}/31-2024-qh15.json#Điều 252", "31/2024/QH15", "Điều 252"), dt.date(2025, 1, 1))


@pytest.fixture
def db(tmp_path):
    path = write_kb(tmp_path / "kb.sqlite", names=("luat-43-2024",))
    db = store.connect(path)
    store.write_events(db, [EXPIRY], ORIGIN)
    # what the build reads from khoản 2 of the article, as the slice holds it
    (clause,) = db.execute("SELECT text FROM provisions WHERE doc_key = ? AND anchor = 'dieu-252-khoan-2'",
                           (LAND,)).fetchone()
    store.write_events(db, part_effects(clause, "31/2024/QH15", None, f"{ORIGIN}/31-2024-qh15.json#Điều 252",
                                        "Điều 252"), ORIGIN)
    # the law replaced, as a document of its own so its status can be asked
    db.execute("INSERT INTO documents (key, number, doc_type, stub, origin) VALUES "
               "('45-2013-qh13', '45/2013/QH13', 'Luật', 0, 'test')")
    db.execute("INSERT INTO events (kind, target_number, date, by_number, evidence_origin, quote, source, origin)"
               " VALUES ('takes_effect', '45/2013/QH13', '2014-07-01', '45/2013/QH13', 'text',"
               " 'Luật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2014.', 'test', 'test')")
    link(db)
    assert amended_effects.apply(db) >= 1
    link(db)
    db.commit()
    yield db
    db.close()


def _day(s):
    return dt.date.fromisoformat(s)


def test_the_moved_effective_date_decides_from_the_day_the_amendment_applies(db):
    assert status.document_status(db, LAND, _day("2024-07-31")).value == status.NOT_YET
    st = status.document_status(db, LAND, _day("2024-08-01"))
    assert st.value == status.IN_FORCE and "01/08/2024" in st.reason
    (basis,) = [e for e in st.deciding if e.kind == "takes_effect"]
    # both provisions quoted: the article as it now reads, and the amending provision
    assert "01 tháng 8 năm 2024" in basis.quote and basis.by_provision == "Điều 252"
    assert basis.amended_by["number"] == "43/2024/QH15" and basis.amended_by["provision"] == "khoản 2 Điều 1"
    assert "Sửa đổi, bổ sung khoản 1 Điều 252" in basis.amended_by["quote"]
    # the original wording stays in the timeline, marked as replaced from that day
    (old,) = [e for e in st.timeline if e.kind == "takes_effect" and e.date == _day("2025-01-01")]
    assert old.superseded_on == _day("2024-08-01") and old.superseded_by["number"] == "43/2024/QH15"
    assert not st.conflicts


def test_what_hangs_on_the_effective_date_moves_with_it(db):
    replaced = "45-2013-qh13"
    assert status.document_status(db, replaced, _day("2024-07-31")).value == status.IN_FORCE
    st = status.document_status(db, replaced, _day("2024-08-01"))
    assert st.value == status.EXPIRED and "01/08/2024" in st.reason
    (end,) = st.deciding[:1]
    assert end.amended_by["number"] == "43/2024/QH15" and "hết hiệu lực kể từ ngày Luật này" in end.quote
    # and before the amendment applied, the original wording said 01/01/2025
    before = [e for e in st.timeline if e.kind == "expires" and e.superseded_on]
    assert [e.date for e in before] == [_day("2025-01-01")]


def test_every_build_derives_the_same_and_nothing_twice(db):
    n = db.execute("SELECT count(*) FROM events").fetchone()[0]
    amended_effects.apply(db)
    link(db)
    assert db.execute("SELECT count(*) FROM events").fetchone()[0] == n
    statuses = status.all_statuses(db, _day("2024-09-01"))
    assert statuses[LAND].value == status.IN_FORCE and statuses["45-2013-qh13"].value == status.EXPIRED


def test_the_document_page_quotes_both_provisions(db, tmp_path):
    import shutil
    from web import create_app
    instance = tmp_path / "instance"
    build = instance / "kb-20260101-000000-test"
    build.mkdir(parents=True)
    db.commit()
    db.execute("VACUUM INTO ?", (str(build / "kb.sqlite"),))
    (build / "BUILD_OK").write_text("test\n")
    (instance / "current").symlink_to(build.name)
    client = create_app({"KB_INSTANCE": str(instance), "TESTING": True}).test_client()
    page = client.get(f"/van-ban/{LAND}?on=2024-08-01").get_data(as_text=True)
    assert "Còn hiệu lực" in page and "01/08/2024" in page
    assert "khoản 2 Điều 1 43/2024/QH15" in page and "Sửa đổi, bổ sung khoản 1 Điều 252" in page
    # the replaced wording is shown, with the day it stopped standing
    assert "Lời văn về hiệu lực đã được sửa" in page and "đứng đến ngày 01/08/2024" in page
    before = client.get(f"/van-ban/{LAND}?on=2024-07-31").get_data(as_text=True)
    assert "Chưa có hiệu lực" in before
    shutil.rmtree(instance)


def test_parts_with_a_date_of_their_own(db):
    """Partial commencement: khoản 2 Điều 252 gives Điều 190 and Điều 248 their
    own date (01/04/2024), before the law's; read again with the article."""
    text = ("2. Điều 190 và Điều 248 của Luật này có hiệu lực thi hành từ ngày 01 tháng 4 năm 2024.")
    events = part_effects(text, "31/2024/QH15", dt.date(2024, 1, 18), "s", "Điều 252")
    assert [(e.kind, e.scope, e.date) for e in events] == [
        ("takes_effect", "Điều 190", _day("2024-04-01")), ("takes_effect", "Điều 248", _day("2024-04-01"))]
    on = _day("2024-05-01")
    assert status.provision_status(db, LAND, "dieu-190", on).value == status.IN_FORCE
    assert status.provision_status(db, LAND, "dieu-5", on).value == status.NOT_YET
    st = status.document_status(db, LAND, on)
    assert st.value == status.NOT_YET and "riêng Điều 190 có hiệu lực từ ngày 01/04/2024" in st.reason


def test_a_second_amendment_of_the_same_article_replaces_the_first_ones_reading(db):
    """Two operations on one effect article (two clauses, or a later law): the
    article is read again for each, and only the latest reading stands."""
    from kb.model import Operation
    first = db.execute("SELECT * FROM operations WHERE target_key = ? AND anchor = 'dieu-252-khoan-1'",
                       (LAND,)).fetchone()
    later = Operation("replace", "31/2024/QH15", Evidence("text", "Sửa đổi khoản 1 Điều 252 (thử)", "test",
                                                          "43/2024/QH15", "khoản 9 Điều 1"),
                      "khoản 1 Điều 252", "dieu-252-khoan-1",
                      "1. Luật này có hiệu lực thi hành từ ngày 01 tháng 9 năm 2024.", date=_day("2024-08-15"))
    store.write_operations(db, [later], first["origin"])
    link(db)
    amended_effects.apply(db)
    link(db)
    st = status.document_status(db, LAND, _day("2024-08-20"))
    assert st.value == status.NOT_YET and "01/09/2024" in st.reason
    standing = [e for e in st.timeline if e.kind == "takes_effect" and e.scope is None and e.stands_on(_day("2024-08-20"))]
    assert [e.date for e in standing] == [_day("2024-09-01")]
