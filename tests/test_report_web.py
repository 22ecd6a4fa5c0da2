"""The report pages with bad input: a clear message, nothing written, never
an error page; and what anonymous users may and may not do."""
import io
import re

import pytest

from conftest import REPORT
from indexer import report_files
from kb.accounts import Accounts
from manage_site import login
from report_kb import make_report_kb
from web import create_app


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("report-web")
    corpus, instance = make_report_kb(root)
    app = create_app({"KB_INSTANCE": str(instance), "CORPUS": str(corpus), "TESTING": True})
    return app, corpus, instance


def token(client) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/bao-cao/").get_data(as_text=True)).group(1)


def drafts(instance) -> list:
    folder = instance / "reports"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def upload(client, data: bytes, name: str, **form):
    fields = {"csrf_token": token(client), "file": (io.BytesIO(data), name), **form}
    return client.post("/bao-cao/", data=fields, content_type="multipart/form-data")


@pytest.mark.parametrize("data, name, message", [
    (b"", "empty.txt", "trống"),
    (b"PK\x03\x04" + b"\x00" * 200, "x.docx", "docx"),
    (bytes(range(256)) * 40, "x.bin", "nhị phân"),
])
def test_unreadable_uploads_are_refused_with_a_message_and_nothing_kept(site, data, name, message):
    app, _, instance = site
    before = drafts(instance)
    r = upload(app.test_client(), data, name)
    assert r.status_code == 400
    assert message in r.get_data(as_text=True) and 'role="alert"' in r.get_data(as_text=True)
    assert drafts(instance) == before


def test_a_forged_csrf_token_is_refused(site):
    app, _, instance = site
    before = drafts(instance)
    r = app.test_client().post("/bao-cao/", data={"csrf_token": "forged", "text": "Nghị định số 61/2018/NĐ-CP"})
    assert r.status_code == 400 and "CSRF" in r.get_data(as_text=True)
    assert drafts(instance) == before


def test_hostile_html_is_shown_as_text(site):
    app, _, _ = site
    client = app.test_client()
    hostile = ("<html><body><p>I. KẾT QUẢ</p><p>Thực hiện Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 "
               "&lt;script&gt;alert(1)&lt;/script&gt;<img src=x onerror=alert(2)></p>"
               "<script>alert(3)</script></body></html>").encode()
    r = upload(client, hostile, "x.html")
    assert r.status_code == 302
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    text = page[page.index('<pre class="text">'):page.index("</pre>")]
    assert "<script" not in text and "&lt;script&gt;alert(1)" in text and "alert(3)" not in text
    assert "onerror" not in text
    assert re.search(r'<a id="c-0" class="cite status-\w+"', text)


def test_pasted_text_and_a_wrong_date(site):
    app, _, _ = site
    client = app.test_client()
    r = client.post("/bao-cao/", data={"csrf_token": token(client), "ngay": "31/12/2019",
                                       "text": "Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23/4/2018"})
    assert r.status_code == 400 and "không hợp lệ" in r.get_data(as_text=True)
    r = client.post("/bao-cao/", data={"csrf_token": token(client), "ngay": "2019-12-31",
                                       "text": "Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23/4/2018"})
    url = r.headers["Location"]
    page = client.get(url.replace("2019-12-31", "ngay-sai")).get_data(as_text=True)
    assert "không hợp lệ" in page and "Căn cứ" in page


def test_unknown_reports_and_sections(site):
    app, _, _ = site
    client = app.test_client()
    assert client.get("/bao-cao/0123456789abcdef").status_code == 404
    assert client.get("/bao-cao/..%2F..%2Fetc%2Fpasswd").status_code == 404
    url = upload(client, REPORT.read_bytes(), "bc.txt").headers["Location"]
    page = client.get(url + "?muc=99999").get_data(as_text=True)
    assert "của toàn bộ báo cáo" in page


def test_fix_download_ignores_what_is_not_a_proposal(site):
    app, _, _ = site
    client = app.test_client()
    url = upload(client, REPORT.read_bytes(), "bc.txt").headers["Location"]
    r = client.post(f"{url}/sua", data={"csrf_token": token(client), "fix-0": "abc", "fix-5": "999", "format": "txt"})
    assert r.status_code == 200 and r.get_data() == REPORT.read_bytes().decode("utf-8").encode("utf-8")


def test_anonymous_users_cannot_save_to_the_corpus(site):
    app, corpus, _ = site
    client = app.test_client()
    url = upload(client, REPORT.read_bytes(), "bc.txt").headers["Location"]
    r = client.post(f"{url}/luu", data={"csrf_token": token(client), "title": "x"})
    assert r.status_code == 302 and "/dang-nhap" in r.headers["Location"]
    assert not (corpus / "reports").exists() or not any((corpus / "reports").iterdir())


def test_an_editor_makes_a_record_of_an_unknown_document_from_the_report(site):
    app, corpus, instance = site
    Accounts(instance).add("bientap-bc", "mat-khau-thu-nghiem", ["editor"])
    client = app.test_client()
    url = upload(client, REPORT.read_bytes(), "bc.txt", ngay="2019-12-31").headers["Location"]
    ref = url.split("/")[2].split("?")[0]
    page = client.get(url).get_data(as_text=True)
    (i,) = re.findall(r'<a id="c-(\d+)"[^>]*data-problems="unknown"[^>]*>Thông tư số 38/2019/TT-BTC', page)
    assert "Tạo bản ghi" not in page                  # anonymous: not offered
    r = client.post(f"/bao-cao/{ref}/ban-ghi", data={"csrf_token": token(client), "i": i})
    assert r.status_code == 302 and "/dang-nhap" in r.headers["Location"]
    assert not (corpus / report_files.RECORDS_DIR).exists()
    login(client, "bientap-bc", "mat-khau-thu-nghiem")
    r = client.post(f"/bao-cao/{ref}/ban-ghi?ngay=2019-12-31", data={"csrf_token": token(client), "i": i})
    assert r.status_code == 302
    (record,) = (corpus / report_files.RECORDS_DIR).iterdir()
    body = record.read_text(encoding="utf-8")
    assert "number: 38/2019/TT-BTC" in body and "issued: 2019-06-28" in body and "record_only: true" in body
    assert "source: bc.txt, dòng" in body
    page = client.get(url).get_data(as_text=True)
    resolved = re.search(rf'<a id="c-{i}"[^>]*>', page).group()
    assert 'href="/van-ban/38-2019-tt-btc.2019-06-28"' in resolved and 'data-problems=""' in resolved


def test_a_kb_built_before_reports_were_traced_still_serves_its_pages(site, tmp_path):
    import shutil
    import sqlite3
    _, corpus, instance = site
    old = tmp_path / "instance"
    shutil.copytree(instance, old, symlinks=True)
    db = sqlite3.connect(old / "current" / "kb.sqlite")
    db.executescript("DROP TABLE report_citations; DROP TABLE reports;")
    db.close()
    client = create_app({"KB_INSTANCE": str(old), "CORPUS": str(corpus), "TESTING": True}).test_client()
    assert client.get("/van-ban/59-2019-ndd-cp.2019-07-01").status_code == 200
    assert client.get("/bao-cao/").status_code == 200
