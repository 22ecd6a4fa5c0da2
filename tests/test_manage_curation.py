"""Correcting and curating: metadata corrections, recorded events, history,
revert, concurrent edits, duplicates, and candidate events found in secondary
texts by a general rule."""
import io
import re

import pytest

from conftest import REPORT
from indexer import candidates, curation as logs
from kb import curation, store
from kb.curation import CurationError
from kb.model import AMENDS, REPEALS, REPEALS_PART, REPLACES, SUSPENDS
from manage_site import DECISION, app_for, csrf_of, login, make_site

RECORD = "06-2006-qdd-ubnd.2006-01-16"


@pytest.fixture()
def site(tmp_path):
    corpus, instance = make_site(tmp_path)
    return corpus, instance, app_for(corpus, instance)


def kb_row(instance, key):
    db = store.connect(instance / "current" / "kb.sqlite", readonly=True)
    try:
        return store.document(db, key)
    finally:
        db.close()


def edit_form(client, key) -> dict:
    page = client.get(f"/quan-ly/van-ban/{key}").get_data(as_text=True)
    form = {"csrf_token": csrf_of(page), "version": re.search(r'name="version" value="([^"]*)"', page).group(1)}
    for name, value in re.findall(r'<input name="(\w+)" value="([^"]*)"', page):
        form[name] = value
    return form


# --- candidates: a general rule ------------------------------------------------------

def test_the_reference_report_gives_its_three_acts():
    found = {(c.by_number, c.kind, c.target, c.scope) for c in candidates.find(REPORT.read_text(), REPORT.name)}
    assert found == {
        ("09/2019/QĐ-UBND", REPEALS, "06/2006/QĐ-UBND", None),
        ("53/2019/QĐ-UBND", AMENDS, "25/2017/QĐ-UBND", "Điểm b, Khoản 2 Điều 3"),
        ("117/2013/NĐ-CP", AMENDS, "130/2005/NĐ-CP", None),
    }
    (c,) = [c for c in candidates.find(REPORT.read_text(), REPORT.name) if c.target == "06/2006/QĐ-UBND"]
    assert c.quote.startswith("quyết định 09/2019/QĐ-UBND ngày 28/01/2019 về việc bãi bỏ quyết định 06/2006/QĐ-UBND")
    assert c.source == f"{REPORT.name}, dòng 50" and c.target_issued == "2006-01-16"


@pytest.mark.parametrize("sentence,expected", [
    ("Năm 2020, UBND tỉnh ban hành Quyết định số 12/2020/QĐ-UBND ngày 03/4/2020 của UBND tỉnh về việc "
     "thay thế Quyết định số 05/2015/QĐ-UBND ngày 10/3/2015.", (REPLACES, "05/2015/QĐ-UBND", None)),
    ("Sở đã tham mưu Nghị quyết 20/2021/NQ-HĐND v/v bãi bỏ Nghị quyết 11/2016/NQ-HĐND;",
     (REPEALS, "11/2016/NQ-HĐND", None)),
    ("Quyết định số 8/2022/QĐ-UBND về việc bãi bỏ khoản 3 Điều 5 Quyết định số 14/2018/QĐ-UBND.",
     (REPEALS_PART, "14/2018/QĐ-UBND", "khoản 3 Điều 5")),
    ("Chỉ thị số 02/2020/CT-UBND về việc đình chỉ thi hành Quyết định số 30/2019/QĐ-UBND.",
     (SUSPENDS, "30/2019/QĐ-UBND", None)),
])
def test_acts_told_by_any_secondary_text(sentence, expected):
    (c,) = candidates.find(sentence, "x.txt")
    assert (c.kind, c.target, c.scope) == expected


@pytest.mark.parametrize("sentence", [
    "Thực hiện Quyết định số 12/2020/QĐ-UBND và Quyết định số 05/2015/QĐ-UBND của UBND tỉnh.",
    "Quyết định số 12/2020/QĐ-UBND về công tác cán bộ; bãi bỏ Quyết định số 05/2015/QĐ-UBND.",
    "Quyết định số 12/2020/QĐ-UBND về việc ban hành Quy chế làm việc, trong đó nêu rõ việc thay thế "
    "Quyết định số 05/2015/QĐ-UBND là cần thiết.",
    "Nghị định 61/2018/NĐ-CP đã được sửa đổi, bổ sung bởi Nghị định 107/2021/NĐ-CP.",
])
def test_no_act_where_the_text_does_not_say_one(sentence):
    assert candidates.find(sentence, "x.txt") == []


# --- metadata, history, revert ----------------------------------------------------------

def test_correct_a_field_see_it_in_the_kb_and_the_history_then_revert(site):
    corpus, instance, app = site
    with app.test_client() as c:
        login(c, "bientap")
        form = edit_form(c, RECORD)
        form.update(issuer="Ủy ban nhân dân tỉnh Hà Tĩnh", why="tên đầy đủ theo báo cáo")
        r = c.post(f"/quan-ly/van-ban/{RECORD}/thong-tin", data=form)
        assert r.status_code == 302
        assert kb_row(instance, RECORD)["issuer"] == "Ủy ban nhân dân tỉnh Hà Tĩnh"
        history = c.get(f"/lich-su/{RECORD}").get_data(as_text=True)
        assert "bientap" in history and "UBND tỉnh" in history and "tên đầy đủ theo báo cáo" in history
        (entry,) = logs.read_log(logs.log_path(corpus, RECORD))
        assert entry["changes"] == {"issuer": ["UBND tỉnh", "Ủy ban nhân dân tỉnh Hà Tĩnh"]}
        r = c.post(f"/quan-ly/van-ban/{RECORD}/hoan-tac/{entry['id']}",
                   data={"csrf_token": form["csrf_token"], "why": "giữ như báo cáo in"})
        assert r.status_code == 302
        assert kb_row(instance, RECORD)["issuer"] == "UBND tỉnh"
        assert "đã hoàn tác" in c.get(f"/lich-su/{RECORD}").get_data(as_text=True)
        # a revert is itself a change, kept; reverting twice is refused
        r = c.post(f"/quan-ly/van-ban/{RECORD}/hoan-tac/{entry['id']}",
                   data={"csrf_token": form["csrf_token"], "why": "lần nữa"})
        assert r.status_code == 409 and "đã được hoàn tác" in r.get_data(as_text=True)
    assert len(logs.read_log(logs.log_path(corpus, RECORD))) == 2


def test_revert_refused_when_the_field_moved_on():
    entries = []
    first = curation.set_fields({"title": "a"}, {"title": "b"}, "u", "1")
    entries.append(first)
    entries.append(curation.set_fields({"title": "b"}, {"title": "c"}, "u", "2"))
    with pytest.raises(CurationError, match="đã được sửa tiếp"):
        curation.revert_entry(entries, first["id"], {"title": "c"}, "u", "x")


def test_a_change_without_a_reason_is_refused():
    with pytest.raises(CurationError, match="lý do"):
        curation.set_fields({"title": "a"}, {"title": "b"}, "u", " ")


def test_a_stale_save_is_refused_and_shown_the_difference(site):
    corpus, instance, app = site
    first, second = app.test_client(), app.test_client()     # two editors, two sessions
    login(first, "bientap")
    login(second, "quantri")
    a, b = edit_form(first, RECORD), edit_form(second, RECORD)
    a.update(signer="Nguyễn Văn A", why="theo bản gốc")
    assert first.post(f"/quan-ly/van-ban/{RECORD}/thong-tin", data=a).status_code == 302
    b.update(signer="Trần Văn B", why="theo công báo")
    r = second.post(f"/quan-ly/van-ban/{RECORD}/thong-tin", data=b)
    page = r.get_data(as_text=True)
    assert r.status_code == 409
    assert "đã được người khác sửa" in page and 'id="conflict"' in page
    assert "Nguyễn Văn A" in page and "bientap" in page        # what the other saved, and who
    assert 'value="Trần Văn B"' in page                          # their own input is kept
    assert [e["by"] for e in logs.read_log(logs.log_path(corpus, RECORD))] == ["bientap"]
    assert kb_row(instance, RECORD)["signer"] == "Nguyễn Văn A"


def test_an_editor_records_and_retracts_an_event_with_its_source(site):
    corpus, instance, app = site
    with app.test_client() as c:
        login(c, "bientap")
        token = edit_form(c, RECORD)["csrf_token"]
        r = c.post(f"/quan-ly/van-ban/{RECORD}/su-kien", data={
            "csrf_token": token, "kind": "expires", "date": "31/12/2019",
            "quote": "Quyết định hết hiệu lực kể từ ngày 31/12/2019.",
            "source": "Công báo tỉnh Hà Tĩnh số 5, trang 12", "why": "theo công báo"})
        assert r.status_code == 302
        page = c.get(f"/van-ban/{RECORD}?on=2020-01-01").get_data(as_text=True)
        assert "Hết hiệu lực toàn bộ" in page
        assert "Công báo tỉnh Hà Tĩnh số 5, trang 12 — ghi bởi bientap" in page
        (entry,) = logs.read_log(logs.log_path(corpus, RECORD))
        r = c.post(f"/quan-ly/van-ban/{RECORD}/su-kien/{entry['event_id']}/rut",
                   data={"csrf_token": token, "why": "nguồn chưa xác minh"})
        assert r.status_code == 302
        assert "Hết hiệu lực toàn bộ" not in c.get(f"/van-ban/{RECORD}?on=2020-01-01").get_data(as_text=True)
        # an event without its source is refused, and nothing is written
        r = c.post(f"/quan-ly/van-ban/{RECORD}/su-kien", data={
            "csrf_token": token, "kind": "repeals", "date": "2019-02-01", "quote": "", "why": "x"})
        assert r.status_code == 400 and "căn cứ" in r.get_data(as_text=True)
    assert len(logs.read_log(logs.log_path(corpus, RECORD))) == 2


def test_an_editor_cannot_undo_a_reviewers_confirmation(site):
    corpus, instance, app = site
    with app.test_client() as c:
        login(c, "rasoat")
        page = c.get("/de-xuat/").get_data(as_text=True)
        cid = re.search(r'id="c-([0-9a-f]+)" data-state="pending">\s*<td[^>]*><a href="/van-ban/06-2006', page).group(1)
        r = c.post(f"/de-xuat/{cid}/xac-nhan", data={"csrf_token": csrf_of(page), "date": "2019-02-10"})
        assert r.status_code == 302
    (entry,) = logs.read_log(logs.log_path(corpus, RECORD))
    assert entry["event"]["origin"] == "report" and entry["event"]["candidate"] == cid
    with app.test_client() as c:
        login(c, "bientap")
        token = edit_form(c, RECORD)["csrf_token"]
        r = c.post(f"/quan-ly/van-ban/{RECORD}/hoan-tac/{entry['id']}", data={"csrf_token": token, "why": "x"})
        assert r.status_code == 403
    assert len(logs.read_log(logs.log_path(corpus, RECORD))) == 1


def test_a_duplicate_upload_is_refused_before_saving(site):
    corpus, instance, app = site
    with app.test_client() as c:
        login(c, "bientap")
        token = csrf_of(c.get("/quan-ly/").get_data(as_text=True))

        def upload_and_save():
            r = c.post("/quan-ly/tai-len", data={"csrf_token": token, "file": (io.BytesIO(DECISION.read_bytes()),
                                                                             "qd.txt")},
                       content_type="multipart/form-data")
            review = c.get(r.headers["Location"]).get_data(as_text=True)
            form = dict(re.findall(r'<input name="(\w+)" value="([^"]*)"', review), csrf_token=token, title="t")
            return review, c.post(r.headers["Location"], data=form)

        review, r = upload_and_save()
        assert r.status_code == 302 and 'id="duplicates"' not in review
        review, r = upload_and_save()
        assert 'id="duplicates"' in review                     # warned on the form
        assert r.status_code == 409 and "trùng" in r.get_data(as_text=True)
    assert len(list((corpus / "documents" / "tai-len").glob("*.md"))) == 1


def test_corrections_survive_incremental_builds_and_a_reread_source(tmp_path):
    from indexer.build import build
    corpus, instance = make_site(tmp_path)
    set_entry = logs.append(corpus, RECORD, lambda es: curation.set_fields(
        {"issuer": "UBND tỉnh"}, {"issuer": "UBND tỉnh Hà Tĩnh"}, "bientap", "đủ tên"))
    build(corpus, instance)
    assert kb_row(instance, RECORD)["issuer"] == "UBND tỉnh Hà Tĩnh"
    build(corpus, instance)                                   # nothing changed: still laid over
    assert kb_row(instance, RECORD)["issuer"] == "UBND tỉnh Hà Tĩnh"
    record = corpus / "documents" / "ha-tinh" / f"{RECORD}.md"
    record.write_text(record.read_text(encoding="utf-8") + "\nGhi chú thêm.\n", encoding="utf-8")
    result = build(corpus, instance)                          # the source is read again
    assert any(RECORD in p for p in result.reread)
    assert kb_row(instance, RECORD)["issuer"] == "UBND tỉnh Hà Tĩnh"
    logs.append(corpus, RECORD, lambda es: curation.revert_entry(
        es, set_entry["id"], {"issuer": "UBND tỉnh Hà Tĩnh"}, "bientap", "hoàn tác"))
    build(corpus, instance)
    assert kb_row(instance, RECORD)["issuer"] == "UBND tỉnh"  # the source's own value is back
    full = build(corpus, instance, full=True)                 # and a full build agrees
    assert full.errors == [] and kb_row(instance, RECORD)["issuer"] == "UBND tỉnh"


def test_an_event_read_from_a_source_is_retracted_and_restored(site):
    corpus, instance, app = site
    db = store.connect(instance / "current" / "kb.sqlite", readonly=True)
    (doc,) = store.documents_by_number(db, "158/2007/NĐ-CP")
    db.close()
    key = doc["key"]
    with app.test_client() as c:
        login(c, "bientap")
        assert "Hết hiệu lực toàn bộ" in c.get(f"/van-ban/{key}?on=2020-01-01").get_data(as_text=True)
        page = c.get(f"/quan-ly/van-ban/{key}").get_data(as_text=True)
        fp = re.search(r'<li id="se-([0-9a-f]+)">hết hiệu lực[^<]*bởi Điều 88 59/2019/NĐ-CP', page).group(1)
        r = c.post(f"/quan-ly/van-ban/{key}/su-kien-nguon/{fp}/rut",
                   data={"csrf_token": csrf_of(page), "why": "thử rút sự kiện đọc từ pháp điển"})
        assert r.status_code == 302
        assert "Hết hiệu lực toàn bộ" not in c.get(f"/van-ban/{key}?on=2020-01-01").get_data(as_text=True)
    from indexer.build import build
    assert build(corpus, instance, full=True).errors == []          # the source read afresh: still retracted
    with app.test_client() as c:
        login(c, "bientap")
        assert "Hết hiệu lực toàn bộ" not in c.get(f"/van-ban/{key}?on=2020-01-01").get_data(as_text=True)
        history = c.get(f"/lich-su/{key}").get_data(as_text=True)
        assert "Rút sự kiện đọc từ nguồn" in history and "Điều 88" in history
        (entry,) = logs.read_log(logs.log_path(corpus, key))
        r = c.post(f"/quan-ly/van-ban/{key}/hoan-tac/{entry['id']}",
                   data={"csrf_token": csrf_of(history), "why": "nguồn đúng"})
        assert r.status_code == 302
        page = c.get(f"/van-ban/{key}?on=2020-01-01").get_data(as_text=True)
        assert "Hết hiệu lực toàn bộ" in page and "Điều 88" in page


def test_the_first_document_of_an_empty_corpus(tmp_path):
    from kb.accounts import Accounts
    corpus, instance = tmp_path / "corpus", tmp_path / "instance"
    corpus.mkdir()
    Accounts(instance).add("bientap", "mat-khau-thu-nghiem", ["editor"])
    app = app_for(corpus, instance)
    with app.test_client() as c:
        login(c, "bientap")
        token = csrf_of(c.get("/quan-ly/").get_data(as_text=True))
        r = c.post("/quan-ly/tai-len", data={"csrf_token": token, "file": (io.BytesIO(DECISION.read_bytes()), "qd.txt")},
                   content_type="multipart/form-data")
        review = c.get(r.headers["Location"]).get_data(as_text=True)
        form = dict(re.findall(r'<input name="(\w+)" value="([^"]*)"', review), csrf_token=token, title="t")
        r = c.post(r.headers["Location"], data=form)
        assert r.status_code == 302
        assert c.get(r.headers["Location"]).status_code == 200
    assert kb_row(instance, "07-2024-qdd-ttg.2024-06-20")["number"] == "07/2024/QĐ-TTg"
