"""Anonymous report drafts are bounded per address (issue 16, Medium: three
uploads added 60 MB to ``instance/reports/``): within a window, at most so
many drafts and so many bytes from one address (an IPv6 address counts by
its /64), decided before anything is written; the refusal is a 429 in
Vietnamese with Retry-After, and writes nothing. Other addresses are not
affected; a refused report does not count."""
import threading
import time

import pytest

from indexer import report_files
from manage_site import app_for, csrf_of, make_site
from sec_site import written

A, B = "203.0.113.5", "198.51.100.7"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return make_site(tmp_path_factory.mktemp("drafts"))


@pytest.fixture()
def app(site, tmp_path):
    corpus, _ = site
    instance = tmp_path / "instance"          # a fresh count for each test, the site's KB
    instance.mkdir()
    (instance / "current").symlink_to((site[1] / "current").resolve())
    return corpus, instance, app_for(corpus, instance)


def post(app, address: str, text: str):
    with app.test_client() as c:
        c.environ_base["REMOTE_ADDR"] = address
        token = csrf_of(c.get("/bao-cao/").get_data(as_text=True))
        return c.post("/bao-cao/", data={"csrf_token": token, "text": text})


def test_count_per_address(app, monkeypatch):
    corpus, instance, app = app
    monkeypatch.setattr(report_files, "DRAFTS_PER_ADDRESS", 3)
    for i in range(3):
        assert post(app, A, f"Báo cáo {i} theo Nghị định 59/2019/NĐ-CP.").status_code == 302
    before = written(instance / "reports", corpus)
    r = post(app, A, "Báo cáo 4 theo Nghị định 59/2019/NĐ-CP.")
    assert r.status_code == 429
    page = r.get_data(as_text=True)
    assert "quá nhiều báo cáo" in page and "Không có gì được ghi" in page
    assert int(r.headers["Retry-After"]) > 0
    assert written(instance / "reports", corpus) == before
    # another address is not affected
    assert post(app, B, "Báo cáo của người khác, Nghị định 59/2019/NĐ-CP.").status_code == 302


def test_bytes_per_address(app, monkeypatch):
    corpus, instance, app = app
    monkeypatch.setattr(report_files, "DRAFT_BYTES_PER_ADDRESS", 3000)
    assert post(app, A, "Báo cáo lớn, Nghị định 59/2019/NĐ-CP. " + "x" * 2000).status_code == 302
    before = written(instance / "reports", corpus)
    r = post(app, A, "Báo cáo lớn khác, Nghị định 59/2019/NĐ-CP. " + "y" * 2000)
    assert r.status_code == 429 and "MB" in r.get_data(as_text=True)
    assert written(instance / "reports", corpus) == before
    assert post(app, A, "Báo cáo nhỏ, Nghị định 59/2019/NĐ-CP.").status_code == 302


def test_the_window_passes(app, monkeypatch):
    corpus, instance, app = app
    monkeypatch.setattr(report_files, "DRAFTS_PER_ADDRESS", 1)
    monkeypatch.setattr(report_files, "DRAFT_WINDOW", 1)
    assert post(app, A, "Báo cáo một, Nghị định 59/2019/NĐ-CP.").status_code == 302
    assert post(app, A, "Báo cáo hai, Nghị định 59/2019/NĐ-CP.").status_code == 429
    time.sleep(1.2)
    assert post(app, A, "Báo cáo hai, Nghị định 59/2019/NĐ-CP.").status_code == 302


def test_a_refused_report_does_not_count(app, monkeypatch):
    corpus, instance, app = app
    monkeypatch.setattr(report_files, "DRAFTS_PER_ADDRESS", 1)
    assert post(app, A, "   ").status_code == 400                    # empty: refused, not counted
    assert post(app, A, "Báo cáo, Nghị định 59/2019/NĐ-CP.").status_code == 302


def test_an_ipv6_host_counts_by_its_64(app, monkeypatch):
    corpus, instance, app = app
    monkeypatch.setattr(report_files, "DRAFTS_PER_ADDRESS", 2)
    assert post(app, "2001:db8:1:2::1", "Báo cáo một, Nghị định 59/2019/NĐ-CP.").status_code == 302
    assert post(app, "2001:db8:1:2::ffff", "Báo cáo hai, Nghị định 59/2019/NĐ-CP.").status_code == 302
    assert post(app, "2001:db8:1:2:abcd::9", "Báo cáo ba, Nghị định 59/2019/NĐ-CP.").status_code == 429
    assert post(app, "2001:db8:1:3::1", "Báo cáo ba, Nghị định 59/2019/NĐ-CP.").status_code == 302


def test_concurrent_drafts_cannot_race_past_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(report_files, "DRAFTS_PER_ADDRESS", 5)
    accepted, refused = [], []
    start = threading.Barrier(16)

    def one(i):
        start.wait()
        try:
            with report_files.draft_allowance(tmp_path, A, 100):
                accepted.append(i)
        except report_files.DraftLimit:
            refused.append(i)
    threads = [threading.Thread(target=one, args=(i,)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(accepted) == 5 and len(refused) == 11
