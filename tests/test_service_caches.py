"""The per-process caches hold under concurrent requests (web/kbconn.py,
web/curation.py), stay bounded, and the review lists are paged, bounded
and downloadable as CSV."""
import csv
import datetime as dt
import io
import sys
import threading

import pytest

from indexer.build import build
from test_linked_corpus import make_corpus
from web import create_app, curation, kbconn


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    root = tmp_path_factory.mktemp("caches")
    corpus = make_corpus(root, registers=True)
    build(corpus, root / "instance")
    return create_app({"KB_INSTANCE": str(root / "instance"), "CORPUS": str(corpus), "TESTING": True,
                       "PAGE_SIZE": 10})


def hammer(work, threads=8):
    errors = []

    def run(i):
        try:
            work(i)
        except Exception as e:     # noqa: BLE001 - collected and asserted below
            errors.append(repr(e))
    ts = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)     # switch threads as often as possible: races show
    try:
        for t in ts:
            t.start()
        for t in ts:
            t.join()
    finally:
        sys.setswitchinterval(old)
    return errors


def test_status_cache_under_concurrent_dates(app, monkeypatch):
    calls = []
    monkeypatch.setattr(kbconn.kb_status, "all_statuses", lambda db, on, tl: calls.append(on) or {"on": on})
    days = [dt.date(2020, 1, 1) + dt.timedelta(days=d) for d in range(20)]   # more dates than the cache holds

    def work(i):
        with app.app_context():
            for n in range(400):
                on = days[(n * 7 + i) % len(days)]
                assert kbconn.statuses_on(on) == {"on": on}
            kbconn.close_db()
    assert hammer(work) == []
    assert len(kbconn._STATUS_CACHE) <= kbconn._CACHE_SIZE


def test_review_pages_under_concurrent_requests(app):
    def work(i):
        client = app.test_client()
        for n in range(5):
            on = f"2019-0{1 + (i + n) % 9}-01"
            assert client.get(f"/review/?on={on}&page={n}").status_code == 200
    assert hammer(work, threads=6) == []


def test_candidate_cache_is_bounded(app, tmp_path, monkeypatch):
    monkeypatch.setattr(curation, "_CACHE_MAX", 5)
    (tmp_path / "reports").mkdir()
    for i in range(12):
        (tmp_path / "reports" / f"r{i}.txt").write_text(
            f"Quyết định số {i + 1}/2019/QĐ-UBND ngày 01/02/2019 về việc bãi bỏ Quyết định số 3/2010/QĐ-UBND.\n",
            encoding="utf-8")

    def work(i):
        for _ in range(3):
            curation.all_candidates(tmp_path)
    assert hammer(work, threads=4) == []
    assert len(curation._CACHE) <= 5
    p = tmp_path / "reports" / "r9.txt"        # a changed file replaces its entry, never adds one
    p.write_text(p.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    curation.all_candidates(tmp_path)
    assert len([k for k in curation._CACHE if k.endswith("r9.txt")]) == 1


def test_changes_are_paged_bounded_and_downloadable(app):
    client = app.test_client()
    r = client.get("/review/changes?from=1990-01-01&to=2026-01-01")
    page = r.get_data(as_text=True)
    assert r.status_code == 200 and "trang 1/" in page
    total = int(page.split('<p class="total">')[1].split()[0])
    assert total > 10 and page.count("<tr>") <= 11          # header row + one page
    assert "hết hiệu lực" in page and ">expires<" not in page
    last = client.get(f"/review/changes?from=1990-01-01&to=2026-01-01&page=99999&size=100000").get_data(as_text=True)
    assert last.count("<tr>") <= 201                         # page size at most 200, page brought in range
    r = client.get("/review/changes?from=1990-01-01&to=2026-01-01&format=csv")
    rows = list(csv.reader(io.StringIO(r.get_data(as_text=True).lstrip("\ufeff"))))
    assert r.mimetype == "text/csv" and rows[0][0] == "ngày" and len(rows) == total + 1


def test_findings_are_paged_and_downloadable(app):
    client = app.test_client()
    r = client.get("/review/findings?page=-3&size=abc")
    assert r.status_code == 200
    page = r.get_data(as_text=True)
    total = int(page.split('<p class="total">')[1].split()[0])
    r = client.get("/review/findings?format=csv")
    rows = list(csv.reader(io.StringIO(r.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:2] == ["loại", "văn bản"] and len(rows) == total + 1


def test_a_new_build_is_served_once_warm(tmp_path, monkeypatch):
    """After a switch, a worker answers from the build it has warm while a
    thread fills the new one's caches, then from the new one; the user whose
    save made it sees it at once; so does everyone when the build before is
    gone or the warm-up runs late."""
    import shutil
    import time
    from conftest import DATA
    from kb import store
    corpus = make_corpus(tmp_path, registers=True)
    instance = tmp_path / "instance"
    build(corpus, instance)
    old = (instance / "current").resolve()
    app = create_app({"KB_INSTANCE": str(instance), "CORPUS": str(corpus), "TESTING": True})
    client = app.test_client()
    assert client.get("/healthz").status_code == 200       # this process now serves the first build

    gate, warming = threading.Event(), threading.Event()
    monkeypatch.setattr(kbconn, "_WARMERS", [lambda: warming.set() or gate.wait(20), *kbconn._WARMERS])
    (corpus / "documents").mkdir()
    shutil.copy(DATA / "documents" / "01-2010-tt-bgdddt.txt", corpus / "documents")
    new = build(corpus, instance).directory
    db = store.connect(new / "kb.sqlite", readonly=True)
    (key,) = [r["key"] for r in store.documents_by_number(db, "01/2010/TT-BGDĐT")]
    db.close()
    page = f"/van-ban/{key}"

    assert client.get(page).status_code == 404             # the new build is being warmed: the old one answers
    assert warming.wait(10)
    assert client.get(page).status_code == 404
    other = app.test_client()
    with other.session_transaction() as s:
        s[kbconn.SESSION_KEY] = new.name                    # what rebuild_locked sets for the saver
    assert other.get(page).status_code == 200
    gate.set()
    end = time.monotonic() + 20
    while client.get(page).status_code != 200:
        assert time.monotonic() < end, "the warm build was never served"
        time.sleep(0.05)

    # the next build: the one before is removed while the new one warms
    gate.clear()
    warming.clear()
    shutil.copy(DATA / "documents" / "01-2020-tt-bxd.txt", corpus / "documents")
    third = build(corpus, instance).directory
    db = store.connect(third / "kb.sqlite", readonly=True)
    (key2,) = [r["key"] for r in store.documents_by_number(db, "01/2020/TT-BXD")]
    db.close()
    assert client.get(f"/van-ban/{key2}").status_code == 404     # from the build before, while the new one warms
    assert warming.wait(10)
    shutil.rmtree(new)
    assert client.get(f"/van-ban/{key2}").status_code == 200
    assert client.get("/healthz").status_code == 200
    gate.set()

    # a request whose build is removed while it reads keeps reading it
    with app.test_request_context("/"):
        db = kbconn.get_db()
        shutil.rmtree(kbconn.g.db_path.parent)
        assert db.execute("SELECT count(*) FROM provisions").fetchone()[0] > 0

    # a warm-up that runs late no longer holds the new build back
    gate.clear()
    monkeypatch.setattr(kbconn, "WARM_LIMIT", 0.0)
    (corpus / "documents" / "01-2010-tt-bgdddt.txt").unlink()
    build(corpus, instance)
    assert client.get(page).status_code == 404
    gate.set()
    assert old != new
