"""``cancu text``, ``cancu status --provision`` and the API's text and provision
answers, on the KB of the real slices of tests/data/versions."""
import json

import pytest
from click.testing import CliRunner

from cancu.cli import main
from versions_kb import write_instance
from web import create_app

ALL = ("luat-43-2024", "nd-79-2001", "tt-30-2025", "phapdien", "tt-13-2019", "shared-number")


@pytest.fixture(scope="module")
def instance(tmp_path_factory):
    return write_instance(tmp_path_factory.mktemp("versions-cli"), ALL)


def cancu(instance, *args):
    r = CliRunner().invoke(main, [*args, "--instance", str(instance)])
    assert "Traceback" not in (r.output or "")
    return r


# --- CLI -----------------------------------------------------------------------------------

def test_text_of_a_provision_on_a_date(instance):
    r = cancu(instance, "text", "31/2024/QH15", "--on", "2024-08-01", "--provision", "khoản 1 Điều 252")
    assert r.exit_code == 0, r.output
    assert "1. Luật này có hiệu lực thi hành từ ngày 01 tháng 8 năm 2024" in r.output
    assert "Văn bản hợp nhất do Căn cứ tự tổng hợp" in r.output
    assert "bởi khoản 2 Điều 1 43/2024/QH15 từ 01/08/2024" in r.output
    before = cancu(instance, "text", "31/2024/QH15", "--on", "2024-07-31", "--provision", "khoản 1 Điều 252")
    assert "từ ngày 01 tháng 01 năm 2025" in before.output.split("Các phiên bản:")[0]


def test_text_json_contract(instance):
    r = cancu(instance, "text", "15/2024/TT-NHNN", "--on", "2025-12-01", "--json")
    assert r.exit_code == 0, r.output
    j = json.loads(r.output)
    assert j["key"] == "15-2024-tt-nhnn" and j["on"] == "2025-12-01" and j["computed"] is True
    assert {"anchor", "label", "kind", "heading", "text", "state", "changes", "problems"} <= set(j["provisions"][0])
    refs = {c["ref"]: c for c in j["changes"]}
    annex = [refs[r] for r in j["problems"] if refs[r]["provision"] == "Phụ lục số 01"]
    assert annex and annex[0]["state"] == "not_applied" and annex[0]["evidence"]["quote"]
    one = json.loads(cancu(instance, "text", "15/2024/TT-NHNN", "--on", "2026-04-01", "--provision",
                           "khoản 3a Điều 19", "--json").output)
    assert one["text"].startswith("3a. Tổ chức cung ứng dịch vụ thanh toán")
    assert one["versions"][-1]["change"]["by"] == {"number": "30/2025/TT-NHNN", "key": "30-2025-tt-nhnn",
                                                   "provision": "khoản 5 Điều 7", "anchor": "dieu-7-khoan-5"}


def test_whole_text_marks_repealed_and_unknown_parts(instance):
    r = cancu(instance, "text", "36/2014/TT-NHNN", "--on", "2020-01-01")
    assert r.exit_code == 0 and "[5 — bị bãi bỏ: bãi bỏ khoản 5 Điều 29 bởi Điều 4 13/2019/TT-NHNN từ 05/10/2019]" in r.output
    r = cancu(instance, "text", "39/2019/QH14", "--on", "2021-01-01")
    assert "[Nội dung trước ngày 01/01/2022 chưa có trong kho.]" in r.output
    assert "Văn bản hợp nhất do Căn cứ" not in r.output          # nothing computed: the pháp điển text


def test_status_of_a_provision_has_the_document_contract(instance):
    r = cancu(instance, "status", "36/2014/TT-NHNN", "--provision", "khoản 5 Điều 29", "--on", "2019-10-05", "--json")
    assert r.exit_code == 0, r.output
    j = json.loads(r.output)
    doc = json.loads(cancu(instance, "status", "36/2014/TT-NHNN", "--on", "2019-10-05", "--json").output)
    assert {"status", "on", "amended", "reason", "events", "timeline"} <= set(j) & set(doc)
    assert (j["provision"], j["anchor"], j["status"]) == ("khoản 5 Điều 29", "dieu-29-khoan-5", "Hết hiệu lực toàn bộ")
    assert j["events"][0]["by"] == "13/2019/TT-NHNN" and doc["status"] == "Còn hiệu lực"
    r = cancu(instance, "status", "36/2014/TT-NHNN", "--provision", "Điều 29", "--on", "2019-10-05")
    assert r.exit_code == 0 and "Hết hiệu lực một phần" in r.output


@pytest.mark.parametrize("args, message", [
    (("text", "36/2014/TT-NHNN", "--provision", "khoản 9 Điều 29"), "không có khoản 9 Điều 29"),
    (("text", "36/2014/TT-NHNN", "--provision", "Phụ lục 2"), "không đọc được vị trí"),
    (("text", "36/2014/TT-NHNN", "--on", "2020-02-30"), "ngày không hợp lệ"),
    (("status", "36/2014/TT-NHNN", "--provision", "điểm 7 Điều 29"), "không đọc được vị trí"),
    (("text", "99/2099/TT-NHNN"), "không có trong cơ sở dữ liệu"),
])
def test_bad_input_exits_2_with_one_message(instance, args, message):
    r = cancu(instance, *args)
    assert r.exit_code == 2 and message in r.output


def test_a_number_of_several_documents_lists_them(instance):
    r = cancu(instance, "text", "05-KL/TU", "--on", "2020-01-01")
    assert r.exit_code == 2
    assert "2 văn bản trả lời" in r.output and "05-kl-tu.2011-05-25" in r.output and "05-kl-tu.2016-06-29" in r.output
    r = cancu(instance, "status", "05-KL/TU", "--provision", "Điều 1", "--json")
    assert r.exit_code == 2 and "2 văn bản trả lời" in r.output


# --- API -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def client(instance):
    return create_app({"KB_INSTANCE": str(instance), "TESTING": True}).test_client()


def test_api_text_on_a_date(client):
    r = client.get("/api/documents/17-1999-ndd-cp/text?on=2001-11-16")
    assert r.status_code == 200
    j = r.get_json()
    anchors = [p["anchor"] for p in j["provisions"] if p["kind"] == "article"]
    assert anchors.index("dieu-26a") == anchors.index("dieu-26") + 1
    assert j["banner"].startswith("Văn bản hợp nhất do Căn cứ tự tổng hợp")
    early = client.get("/api/documents/17-1999-ndd-cp/text?on=2001-11-15").get_json()
    assert "dieu-26a" not in [p["anchor"] for p in early["provisions"]] and early["banner"] is None


def test_api_provision_with_versions_and_provenance(client):
    for ref in ("dieu-252-khoan-1", "khoản 1 Điều 252"):
        r = client.get(f"/api/documents/31-2024-qh15/provisions/{ref}?on=2024-08-01")
        assert r.status_code == 200
        j = r.get_json()
        assert j["anchor"] == "dieu-252-khoan-1" and "01 tháng 8 năm 2024" in j["text"]
        change = j["versions"][1]["change"]
        assert change["by"]["key"] == "43-2024-qh15" and change["by"]["anchor"] == "dieu-1-khoan-2"
        assert change["evidence"]["quote"].startswith("Sửa đổi, bổ sung khoản 1 Điều 252")
        assert j["status"]["status"] == "Chưa có hiệu lực"


@pytest.mark.parametrize("url, code, message", [
    ("/api/documents/31-2024-qh15/text?on=2024-02-30", 400, "không hợp lệ"),
    ("/api/documents/31-2024-qh15/provisions/dieu-252?on=hôm qua", 400, "không hợp lệ"),
    ("/api/documents/31-2024-qh15/provisions/Phụ lục I", 400, "Không đọc được vị trí"),
    ("/api/documents/31-2024-qh15/provisions/dieu-999", 404, "không có Điều 999"),
    ("/api/documents/khong-co/text", 404, "Không có văn bản"),
    ("/api/documents/khong-co/provisions/dieu-1", 404, "Không có văn bản"),
])
def test_api_bad_input(client, url, code, message):
    r = client.get(url)
    assert r.status_code == code and message in r.get_json()["error"]


def test_page_compares_two_dates_without_script(client):
    r = client.get("/van-ban/31-2024-qh15?on=2024-08-01&compare=dieu-252&from=2024-07-01&to=2024-08-01")
    html = r.data.decode()
    assert r.status_code == 200 and "Văn bản hợp nhất do Căn cứ tự tổng hợp" in html
    assert '<details class="versions" id="phien-ban-dieu-252" open>' in html
    assert "<del>01</del>" in html and "<ins>8</ins>" in html
    assert 'href="/van-ban/43-2024-qh15#dieu-1-khoan-2"' in html
    bad = client.get("/van-ban/31-2024-qh15?compare=dieu-252&from=2024-13-01").data.decode()
    assert "không hợp lệ" in bad
    assert client.get("/van-ban/31-2024-qh15?compare=<script>").status_code == 200
