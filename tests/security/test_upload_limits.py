"""Uploads that cost the server (issue 16, Low): a long text is refused while it
is read, before the rest is held in memory; a save cut by ``kill -9`` after
its file was written is finished by adding the file again, not refused as a
duplicate of itself."""
import io
import time

import pytest

from indexer import curation as logs
from indexer import ingest
from manage_site import DECISION, app_for, csrf_of, login, make_site
from sec_site import upload_and_save, written


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    corpus, instance = make_site(tmp_path_factory.mktemp("limits"))
    return corpus, instance, app_for(corpus, instance)


def _upload(c, data: bytes, name: str):
    token = csrf_of(c.get("/quan-ly/").get_data(as_text=True))
    return c.post("/quan-ly/tai-len", data={"csrf_token": token, "file": (io.BytesIO(data), name)},
                  content_type="multipart/form-data")


def test_a_very_long_text_file_is_refused_while_read(site, monkeypatch):
    corpus, instance, app = site
    big = DECISION.read_bytes() + ("\nPhụ lục: Nghị định 61/2018/NĐ-CP.\n" * 600_000).encode()    # 24 MB
    assert len(big) > ingest.MAX_TEXT_BYTES
    read = []
    real = ingest.read_limited

    def spy(stream, kind):
        try:
            return real(stream, kind)
        finally:
            read.append(stream.tell())
    monkeypatch.setattr(ingest, "read_limited", spy)
    before = written(corpus, instance / "uploads")
    with app.test_client() as c:
        login(c, "bientap")
        t0 = time.monotonic()
        r = _upload(c, big, "dai.txt")
        assert time.monotonic() - t0 < 20            # 140 s for 49 MB before
    assert r.status_code == 400 and "quá dài" in r.get_data(as_text=True)
    assert read and read[0] <= ingest.MAX_TEXT_BYTES + 1024 * 1024          # not read to its end
    assert written(corpus, instance / "uploads") == before


def test_a_text_longer_than_a_document_is_refused(site):
    corpus, instance, app = site
    with app.test_client() as c:
        login(c, "bientap")
        r = _upload(c, b"a" * (ingest.MAX_TEXT_CHARS + 1), "dai.txt")
    assert r.status_code == 400 and "quá dài" in r.get_data(as_text=True)


def test_a_save_killed_before_its_log_and_build_is_finished_by_adding_again(site):
    corpus, instance, app = site
    data = DECISION.read_bytes()
    with app.test_client() as c:
        login(c, "bientap")
        r = _upload(c, data, "qd.txt")
        token = r.headers["Location"].rsplit("/", 1)[1]
        staged = ingest.load_stage(instance, token)
        fields = ingest.clean_fields(dict(staged["prefill"]["fields"]))
        # the server wrote the file, then was killed: no log entry, no build
        key, path = ingest.save(corpus, staged, fields, "bientap")
        assert c.get(f"/van-ban/{key}").status_code == 404
        review, r = upload_and_save(c, data, "qd.txt", title=fields["title"] or "")
        assert r.status_code == 302, r.get_data(as_text=True)[:300]
        assert r.headers["Location"].endswith(f"/van-ban/{key}")
        assert c.get(f"/van-ban/{key}").status_code == 200
        uploads = [e for e in logs.read_log(logs.log_path(corpus, key)) if e["action"] == "upload"]
        assert len(uploads) == 1
        _, again = upload_and_save(c, data, "qd.txt", title=fields["title"] or "")
        assert again.status_code == 409                  # now it is there: a duplicate


def test_a_save_killed_before_its_build_is_read_by_the_next_build(site):
    from indexer.build import build
    corpus, instance, app = site
    data = "QUYẾT ĐỊNH\nSố: 77/2024/QĐ-UBND\nHà Tĩnh, ngày 01 tháng 02 năm 2024\nVề việc thử\n".encode()
    staged = {"sha256": "0" * 64, "prefill": {"fields": {}, "format": "txt"}, "meta": {}, "name": "x.txt",
              "text": data.decode()}
    fields = ingest.clean_fields({"number": "77/2024/QĐ-UBND", "issued": "2024-02-01", "title": "Thử"})
    key, _ = ingest.save(corpus, staged, fields, "bientap")       # then killed: no build
    with app.test_client() as c:
        assert c.get(f"/van-ban/{key}").status_code == 404
    assert build(corpus, instance).errors == []
    # a build from outside the server: each worker moves to it once warm (web/kbconn.py)
    end = time.monotonic() + 30
    with app.test_client() as c:
        while c.get(f"/van-ban/{key}").status_code != 200:
            assert time.monotonic() < end, "the next build never showed the saved document"
            time.sleep(0.05)
