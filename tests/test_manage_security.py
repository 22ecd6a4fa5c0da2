"""Every write action refuses anonymous users, accounts without its role and a
forged CSRF token, with nothing written; hostile uploads are refused with a
clear message, with nothing written."""
import hashlib
import io
import zipfile

import pytest

from indexer import curation as logs
from indexer import ingest
from kb import curation, store
from kb.accounts import Accounts
from manage_site import DECISION, PASSWORD, app_for, csrf_of, login, make_site
from test_docx_reader import BILLION_LAUGHS, make_docx, para, run

RECORD = "06-2006-qdd-ubnd.2006-01-16"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    corpus, instance = make_site(root)
    # state the write actions act on: an upload waiting for review, a
    # recorded event, a corrected field
    source = ingest.read_upload(DECISION.read_bytes(), "qd.txt")
    token = ingest.stage(instance, DECISION.read_bytes(), source, "qd.txt")
    added = logs.append(corpus, RECORD, lambda _: curation.event_entry(
        {"kind": "expires", "date": "2010-01-01", "by_number": "01/2010/QĐ-UBND", "quote": "thử nghiệm"},
        "bientap", "chuẩn bị"))
    corrected = logs.append(corpus, RECORD, lambda es: curation.set_fields(
        {"signer": None}, {"signer": "Người ký thử"}, "bientap", "chuẩn bị"))
    app = app_for(corpus, instance)
    with app.test_client() as c:
        cid = _candidate_id(c)
    db = store.connect(instance / "current" / "kb.sqlite", readonly=True)
    (decree,) = store.documents_by_number(db, "158/2007/NĐ-CP")
    source_event = curation.fingerprint(store.events_on(db, decree["key"])[0])
    db.close()
    return {"corpus": corpus, "instance": instance, "app": app, "token": token,
            "event": added["event_id"], "set": corrected["id"], "cid": cid,
            "decree": decree["key"], "source_event": source_event}


def _candidate_id(client) -> str:
    import re
    html = client.get("/de-xuat/").get_data(as_text=True)
    ids = re.findall(r'id="c-([0-9a-f]{16})"', html)
    assert ids
    return ids[0]


def snapshot(site) -> dict:
    """Every file the app may write, with its digest."""
    out = {}
    for base in (site["corpus"] / "curation", site["corpus"] / "documents", site["instance"] / "uploads"):
        for p in sorted(base.rglob("*")):
            if p.is_file() and p.name != ".lock":
                out[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
    out["users"] = str(Accounts(site["instance"]).list())
    return out


def actions(site) -> list[tuple[str, str, dict, str]]:
    """(role needed, url, form, what): every write action of the UI."""
    key = RECORD
    doc = DECISION.read_bytes()
    return [
        ("editor", "/quan-ly/tai-len", {"file": (io.BytesIO(doc), "qd.txt")}, "tải lên"),
        ("editor", f"/quan-ly/tai-len/{site['token']}", {"number": "07/2024/QĐ-TTg", "issued": "2024-06-20",
                                                         "title": "x"}, "lưu văn bản"),
        ("editor", f"/quan-ly/van-ban/{key}/thong-tin", {"signer": "Ai đó", "why": "x", "version": ""}, "sửa thông tin"),
        ("editor", f"/quan-ly/van-ban/{key}/su-kien", {"kind": "repeals", "date": "2019-02-01",
                                                      "by_number": "09/2019/QĐ-UBND", "quote": "q", "why": "x"},
         "ghi sự kiện"),
        ("editor", f"/quan-ly/van-ban/{key}/su-kien/{site['event']}/rut", {"why": "x"}, "rút sự kiện"),
        ("editor", f"/quan-ly/van-ban/{key}/hoan-tac/{site['set']}", {"why": "x"}, "hoàn tác"),
        ("editor", f"/quan-ly/van-ban/{site['decree']}/su-kien-nguon/{site['source_event']}/rut", {"why": "x"},
         "rút sự kiện đọc từ nguồn"),
        ("reviewer", f"/de-xuat/{site['cid']}/xac-nhan", {"date": "2019-02-01", "why": "x"}, "xác nhận"),
        ("reviewer", f"/de-xuat/{site['cid']}/tu-choi", {"why": "x"}, "từ chối"),
        ("admin", "/tai-khoan/", {"name": "moi", "password": "mat-khau-moi-123", "roles": "admin"}, "tạo tài khoản"),
    ]


def _post(client, url, form, token):
    data = dict(form, csrf_token=token)
    data = {k: (v if not isinstance(v, tuple) else (io.BytesIO(v[0].getvalue()), v[1])) for k, v in data.items()}
    return client.post(url, data=data, content_type="multipart/form-data")


def test_anonymous_is_sent_to_login_and_nothing_is_written(site):
    with site["app"].test_client() as c:
        token = csrf_of(c.get("/tai-khoan/dang-nhap").get_data(as_text=True))
        for _role, url, form, what in actions(site):
            before = snapshot(site)
            r = _post(c, url, form, token)
            assert r.status_code == 302 and "/tai-khoan/dang-nhap" in r.headers["Location"], what
            assert snapshot(site) == before, what
        for url in ("/quan-ly/", f"/quan-ly/van-ban/{RECORD}", f"/quan-ly/tai-len/{site['token']}", "/tai-khoan/"):
            r = c.get(url)
            assert r.status_code == 302 and "/tai-khoan/dang-nhap" in r.headers["Location"], url


@pytest.mark.parametrize("user,roles", [("bientap", {"editor"}), ("rasoat", {"reviewer"})])
def test_an_account_without_the_role_is_refused_and_nothing_is_written(site, user, roles):
    with site["app"].test_client() as c:
        assert login(c, user).status_code == 302
        token = csrf_of(c.get("/").get_data(as_text=True))     # the header's logout form
        refused = 0
        for role, url, form, what in actions(site):
            if role in roles:
                continue
            before = snapshot(site)
            r = _post(c, url, form, token)
            assert r.status_code == 403, (what, r.status_code)
            assert "Không có quyền" in r.get_data(as_text=True)
            assert snapshot(site) == before, what
            refused += 1
        assert refused >= 3


def test_a_forged_csrf_token_is_refused_and_nothing_is_written(site):
    with site["app"].test_client() as c:
        login(c, "quantri")      # every role: only the token can refuse
        for _role, url, form, what in actions(site):
            before = snapshot(site)
            for token in ("forged-token", ""):
                r = _post(c, url, form, token)
                assert r.status_code == 400, (what, r.status_code)
                assert "CSRF" in r.get_data(as_text=True)
            assert snapshot(site) == before, what


def test_login_itself_needs_the_token(site):
    with site["app"].test_client() as c:
        r = c.post("/tai-khoan/dang-nhap", data={"name": "bientap", "password": PASSWORD, "csrf_token": "x"})
        assert r.status_code == 400
        assert c.get("/quan-ly/").status_code == 302


# --- hostile uploads ----------------------------------------------------------------

def zip_bomb() -> bytes:
    buf = io.BytesIO(make_docx(para(run("QUYẾT ĐỊNH"))))
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        with zf.open("word/media/zeros.bin", "w") as f:
            for _ in range(200):
                f.write(bytes(1024 * 1024))
    return buf.getvalue()


def upload_as_editor(site, data: bytes, name: str):
    with site["app"].test_client() as c:
        login(c, "bientap")
        token = csrf_of(c.get("/quan-ly/").get_data(as_text=True))
        before = snapshot(site)
        r = c.post("/quan-ly/tai-len", data={"csrf_token": token, "file": (io.BytesIO(data), name)},
                   content_type="multipart/form-data")
        assert snapshot(site) == before, name
        return r.status_code, r.get_data(as_text=True)


def test_zip_bomb_refused(site):
    status, html = upload_as_editor(site, zip_bomb(), "quyet-dinh.docx")
    assert status == 400 and "zip bomb" in html and 'role="alert"' in html


def test_billion_laughs_refused(site):
    status, html = upload_as_editor(site, make_docx(document_xml=BILLION_LAUGHS), "quyet-dinh.docx")
    assert status == 400 and "DOCTYPE" in html


def test_sixty_megabytes_refused(site):
    status, html = upload_as_editor(site, b"a" * (60 * 1024 * 1024), "to.txt")
    assert status == 413 and "Tệp quá lớn" in html and "50 MB" in html


@pytest.mark.parametrize("name", ["../../etc/passwd", "..\\..\\boot.ini", "/etc/passwd.txt", "a/../../b.txt"])
def test_a_path_for_a_name_is_refused(site, name):
    status, html = upload_as_editor(site, DECISION.read_bytes(), name)
    assert status == 400 and "Tên tệp" in html and "không hợp lệ" in html


def test_content_must_match_the_name(site):
    status, html = upload_as_editor(site, b"%PDF-1.4 not really", "quyet-dinh.docx")
    assert status == 400 and "Nội dung tệp là PDF" in html
    status, html = upload_as_editor(site, b"\x7fELF\x02\x01", "quyet-dinh.txt")
    assert status == 400 and "chương trình" in html


def test_uploads_are_spooled_inside_the_instance_folder(site, monkeypatch):
    import tempfile
    seen, real = [], tempfile.TemporaryFile

    def spy(*args, **kwargs):
        seen.append(str(kwargs.get("dir")))
        return real(*args, **kwargs)
    monkeypatch.setattr(tempfile, "TemporaryFile", spy)
    big = DECISION.read_bytes() + ("\nPhụ lục: danh mục hàng hóa.\n" * 40000).encode()     # > 1 MB
    with site["app"].test_client() as c:
        login(c, "bientap")
        token = csrf_of(c.get("/quan-ly/").get_data(as_text=True))
        r = c.post("/quan-ly/tai-len", data={"csrf_token": token, "file": (io.BytesIO(big), "qd.txt")},
                   content_type="multipart/form-data")
        assert r.status_code == 302
    assert seen and all(d.startswith(str(site["instance"])) for d in seen), seen
