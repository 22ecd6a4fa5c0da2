"""An upload is a change like the others (issue 16, acceptance): it shows in
the history and an editor can revert it. Reverting removes the uploaded file
(``corpus/documents/tai-len/``) and what it added, through the log and the
rebuild; the history keeps both lines; nothing of another source is touched,
whatever the log says."""
import json
import re
import sqlite3

import pytest

from indexer import curation as logs
from indexer import ingest
from kb import curation
from manage_site import app_for, csrf_of, login, make_site
from sec_site import upload_and_save, written


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    corpus, instance = make_site(tmp_path_factory.mktemp("revert"))
    return corpus, instance, app_for(corpus, instance)


def decision(n: int) -> bytes:
    return (f"ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH\nSố: {n}/2024/QĐ-UBND\nHà Tĩnh, ngày 01 tháng 02 năm 2024\n"
            f"QUYẾT ĐỊNH\nVề việc thử số {n}\nĐiều 1. Thi hành Nghị định 59/2019/NĐ-CP.\n").encode()


def add(client, corpus, n: int) -> tuple[str, dict]:
    """Upload and save decision n as an editor: (key, its upload entry)."""
    _, r = upload_and_save(client, decision(n), f"qd-{n}.txt", title=f"Về việc thử số {n}")
    assert r.status_code == 302, r.get_data(as_text=True)[:300]
    key = r.headers["Location"].rsplit("/", 1)[1]
    entry = [e for e in logs.read_log(logs.log_path(corpus, key)) if e["action"] == "upload"][-1]
    return key, entry


def others(instance, key: str) -> list:
    """Every row of the live KB that is not the uploaded document's."""
    db = sqlite3.connect(f"file:{instance / 'current' / 'kb.sqlite'}?mode=ro", uri=True)
    try:
        origin = f"corpus:documents/tai-len/{key}.md"
        return [sorted(map(repr, db.execute(f"SELECT * FROM {t} WHERE origin != ? AND origin != 'link'", (origin,))))
                for t in ("documents", "provisions", "events", "citations")]
    finally:
        db.close()


def revert(client, key: str, entry_id: str, why: str = "tải nhầm"):
    token = csrf_of(client.get(f"/lich-su/{key}").get_data(as_text=True))
    return client.post(f"/quan-ly/van-ban/{key}/hoan-tac/{entry_id}", data={"csrf_token": token, "why": why})


def test_an_editor_reverts_an_upload(site):
    corpus, instance, app = site
    with app.test_client() as c:
        login(c, "bientap")
        key, entry = add(c, corpus, 101)
        path = corpus / entry["file"]
        assert path.is_file() and entry["file"] == f"documents/tai-len/{key}.md"
        assert c.get(f"/van-ban/{key}").status_code == 200
        history = c.get(f"/lich-su/{key}").get_data(as_text=True)
        assert f"/hoan-tac/{entry['id']}" in history             # offered like any other change
        before = others(instance, key)
        files = written(corpus / "phapdien", corpus / "documents" / "ha-tinh", corpus / "reports")

        r = revert(c, key, entry["id"])
        assert r.status_code == 302 and r.headers["Location"].endswith(f"/lich-su/{key}")
        assert not path.exists()
        assert c.get(f"/van-ban/{key}").status_code == 404
        assert others(instance, key) == before                   # nothing else lost or changed
        assert written(corpus / "phapdien", corpus / "documents" / "ha-tinh", corpus / "reports") == files
        # the history keeps the upload and its revert
        page = c.get(f"/lich-su/{key}")
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert "Thêm văn bản" in text and "đã hoàn tác" in text and "tải nhầm" in text
        assert curation.ACTION_NAMES["upload_remove"] in text
        upload, removal = logs.read_log(logs.log_path(corpus, key))
        assert removal["reverts"] == upload["id"] and removal["file"] == entry["file"]
        # reverting twice is refused
        assert revert(c, key, entry["id"]).status_code == 409

        # the same file may be added again: a new upload entry, a new document
        key2, entry2 = add(c, corpus, 101)
        assert key2 == key and entry2["id"] != entry["id"]
        assert c.get(f"/van-ban/{key}").status_code == 200
        assert [e["action"] for e in logs.read_log(logs.log_path(corpus, key))] == [
            "upload", "upload_remove", "upload"]


def test_reverting_an_upload_waits_for_the_changes_made_on_it(site):
    corpus, instance, app = site
    with app.test_client() as c:
        login(c, "bientap")
        key, entry = add(c, corpus, 102)
        page = c.get(f"/quan-ly/van-ban/{key}").get_data(as_text=True)
        form = {"csrf_token": csrf_of(page), "version": re.search(r'name="version" value="([^"]*)"', page).group(1),
                "title": "Về việc thử, sửa", "why": "sửa trích yếu"}
        assert c.post(f"/quan-ly/van-ban/{key}/thong-tin", data=form).status_code == 302
        r = revert(c, key, entry["id"])
        assert r.status_code == 409 and "Trích yếu" in r.get_data(as_text=True)
        assert (corpus / entry["file"]).exists() and c.get(f"/van-ban/{key}").status_code == 200
        (correction,) = [e for e in logs.read_log(logs.log_path(corpus, key)) if e["action"] == "set"]
        assert revert(c, key, correction["id"]).status_code == 302
        assert revert(c, key, entry["id"]).status_code == 302
        assert not (corpus / entry["file"]).exists()
        # nothing of the removed document is laid over a later one with its key
        assert curation.fold(logs.read_log(logs.log_path(corpus, key))).fields == {}


def test_only_an_editor_reverts_an_upload(site):
    corpus, instance, app = site
    with app.test_client() as c:
        login(c, "bientap")
        key, entry = add(c, corpus, 103)
    before = written(corpus)
    with app.test_client() as c:
        r = c.post(f"/quan-ly/van-ban/{key}/hoan-tac/{entry['id']}", data={"why": "x"})
        assert r.status_code in (302, 400, 401, 403)
        login(c, "rasoat")
        assert revert(c, key, entry["id"]).status_code == 403
    assert written(corpus) == before


@pytest.mark.parametrize("file", ["documents/ha-tinh/09-2019-qdd-ubnd.2019-01-28.md",
                                  "documents/tai-len/../ha-tinh/09-2019-qdd-ubnd.2019-01-28.md",
                                  "phapdien/phapdien-2025-02.tar.xz", "documents/tai-len/tay.md"])
def test_a_log_never_leads_a_revert_to_another_sources_file(site, file):
    """A log is a corpus file: one edited by hand (or a key reused) must not
    make a revert remove what another source gave."""
    corpus, instance, app = site
    key = "09-2019-qdd-ubnd.2019-01-28"                       # a Hà Tĩnh record of the site
    fake = curation.entry("upload", "bientap", "", file=file, original_sha256="0" * 64)
    if file.endswith("tay.md"):
        # a file put there by hand, without an upload's digest, is not removed either
        (corpus / "documents" / "tai-len").mkdir(parents=True, exist_ok=True)
        (corpus / file).write_text("---\nnumber: 1/2024/QĐ-UBND\n---\nx\n", encoding="utf-8")
        fake = curation.entry("upload", "bientap", "", file=file)
    logs.append(corpus, key, lambda entries: fake)
    before = written(corpus / "phapdien", corpus / "documents")
    with app.test_client() as c:
        login(c, "bientap")
        r = revert(c, key, fake["id"])
        assert r.status_code == 409
        assert c.get(f"/van-ban/{key}").status_code == 200
    assert written(corpus / "phapdien", corpus / "documents") == before
    assert [e["action"] for e in logs.read_log(logs.log_path(corpus, key))][-1] == "upload"


def test_a_revert_killed_before_its_file_was_removed_is_finished_by_reverting_again(site):
    corpus, instance, app = site
    with app.test_client() as c:
        login(c, "bientap")
        key, entry = add(c, corpus, 104)
        # the server logged the revert, then was killed: the file and the document remain
        logs.append(corpus, key, lambda entries: curation.revert_entry(
            entries, entry["id"], {"number": "104/2024/QĐ-UBND"}, "bientap", "tải nhầm"))
        assert (corpus / entry["file"]).exists()
        history = c.get(f"/lich-su/{key}").get_data(as_text=True)
        assert f"/hoan-tac/{entry['id']}" in history              # offered again, to finish
        assert revert(c, key, entry["id"]).status_code == 302
        assert not (corpus / entry["file"]).exists() and c.get(f"/van-ban/{key}").status_code == 404
    assert [e["action"] for e in logs.read_log(logs.log_path(corpus, key))] == ["upload", "upload_remove"]


def test_a_removal_entry_is_a_valid_log_line(tmp_path):
    entries = [curation.entry("upload", "u", "", file="documents/tai-len/x.md", original_sha256="a" * 64)]
    removal = curation.revert_entry(entries, entries[0]["id"], {"number": "1/2024/QĐ-UBND"}, "u", "nhầm")
    assert curation.problem(json.loads(json.dumps(removal))) is None
    assert removal["action"] == "upload_remove" and removal["reverts"] == entries[0]["id"]
    assert ingest.UPLOAD_DIR == "documents/tai-len"
