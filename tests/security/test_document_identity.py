"""An editor can add documents but never replace one (issue 16, High): a number
typed with other separators, a combining accent, fullwidth digits or letters
of another script is the number it looks like; a key already taken is a
duplicate; nothing is written when refused, and the document read from its
source keeps its provisions and its source."""
import pytest

from kb import numbers, store
from kb.identity import BadNumber, canonical_number, document_key, is_key, number_key, plain_number
from manage_site import app_for, make_site
from sec_site import login, upload_and_save, written

DECREE = "61-2018-ndd-cp.2018-04-23"        # 61/2018/NĐ-CP in the pháp điển slice: 3 provisions


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    corpus, instance = make_site(tmp_path_factory.mktemp("identity"))
    return corpus, instance, app_for(corpus, instance)


def _decree(instance):
    db = store.connect(instance / "current" / "kb.sqlite", readonly=True)
    try:
        row = db.execute("SELECT origin, source, number FROM documents WHERE key = ?", (DECREE,)).fetchone()
        (n,) = db.execute("SELECT count(*) FROM provisions WHERE doc_key = ?", (DECREE,)).fetchone()
        return dict(row), n
    finally:
        db.close()


LOOKALIKES = [
    "61-2018-NĐ-CP",                 # dashes for slashes
    "61/2018/NĐ-CP\u0301",           # a combining accent
    "６１/2018/NĐ-CP",               # fullwidth digits
    "61/2018/NĐ-\u0421\u0420",       # Cyrillic С Р
    "61/2018/\u039dĐ-CP",            # Greek Ν
    "61\u200b/2018/NĐ\u2013CP",      # a zero-width space, an en dash
    "61/2018/nđ-cp",
    "\u0666\u0661/2018/NĐ-CP",       # Arabic-Indic digits
]


@pytest.mark.parametrize("number", LOOKALIKES)
def test_a_look_alike_number_is_a_duplicate_and_nothing_is_written(site, number):
    corpus, instance, app = site
    before_doc = _decree(instance)
    with app.test_client() as c:
        login(c, "bientap")
        before = written(corpus)
        review, r = upload_and_save(c, "Văn bản giả\n".encode(), "gia.txt", number=number, issued="23/04/2018")
        assert r.status_code == 409, r.get_data(as_text=True)[:300]
        assert "trùng" in r.get_data(as_text=True)
    assert written(corpus) == before
    assert _decree(instance) == before_doc
    assert before_doc[1] == 3 and before_doc[0]["origin"].startswith("phapdien")


def test_a_taken_key_is_a_duplicate_whatever_the_issuer(site):
    """Same number and date, another issuer: the key would be the decree's."""
    corpus, instance, app = site
    before_doc = _decree(instance)
    with app.test_client() as c:
        login(c, "bientap")
        before = written(corpus)
        _, r = upload_and_save(c, "Văn bản giả\n".encode(), "gia.txt", number="61/2018/NĐ-CP",
                               issued="2018-04-23", issuer="Bộ Tài chính")
        assert r.status_code == 409
    assert written(corpus) == before
    assert _decree(instance) == before_doc


def test_the_review_form_warns_of_a_look_alike_duplicate(site):
    corpus, instance, app = site
    with app.test_client() as c:
        login(c, "bientap")
        review, r = upload_and_save(c, "NGHỊ ĐỊNH\nSố: 61-2018-NĐ-CP\nHà Nội, ngày 23 tháng 4 năm 2018\n".encode(),
                                    "gia.txt", number="61-2018-NĐ-CP", issued="23/04/2018")
        assert r.status_code == 409
        page = r.get_data(as_text=True)
        assert 'id="duplicates"' in page and DECREE in page


@pytest.mark.parametrize("number", ["..", ".", "-/-", "\u202e", "61/2018/NĐ-CP\u0436"])
def test_a_number_without_letters_or_with_foreign_ones_is_refused(site, number):
    corpus, instance, app = site
    with app.test_client() as c:
        login(c, "bientap")
        before = written(corpus)
        _, r = upload_and_save(c, "Văn bản\n".encode(), "x.txt", number=number, issued="2099-01-02", title="")
        assert r.status_code == 400, r.status_code
    assert written(corpus) == before
    assert not list((corpus / "documents").rglob(".*.md"))


def test_a_new_number_still_saves(site):
    corpus, instance, app = site
    with app.test_client() as c:
        login(c, "bientap")
        _, r = upload_and_save(c, "Văn bản mới\n".encode(), "moi.txt", number="９９/2018/NĐ-CP",
                               issued="2018-04-23")
        assert r.status_code == 302, r.get_data(as_text=True)[:300]
        assert r.headers["Location"].endswith("/van-ban/99-2018-ndd-cp.2018-04-23")
    saved = (corpus / "documents" / "tai-len" / "99-2018-ndd-cp.2018-04-23.md").read_text(encoding="utf-8")
    assert "99/2018/NĐ-CP" in saved and "９" not in saved


@pytest.mark.parametrize("raw", LOOKALIKES + ["61 / 2018 / NĐ-CP", "\U0001d7d4\U0001d7cf/2018/NĐ-CP"])
def test_canonical_number(raw):
    assert canonical_number(raw, numbers.normalise) == "61/2018/NĐ-CP"
    assert number_key(raw) == number_key("61/2018/NĐ-CP") == "61-2018-NĐ-CP"


def test_number_keys_keep_dd_apart_from_d():
    assert number_key("12/QĐ-UBND") != number_key("12/QD-UBND")
    assert canonical_number("05-KL/TU", numbers.normalise) == "05-KL/TU"
    with pytest.raises(BadNumber):
        plain_number("..")


def test_keys_are_never_dot_files_or_paths():
    assert is_key(document_key("61/2018/NĐ-CP"))
    assert not is_key(document_key("..", __import__("datetime").date(2099, 1, 2)))
    assert not is_key("../x") and not is_key("")


def test_a_record_from_a_report_never_takes_a_documents_key(site, tmp_path):
    from indexer import report_files
    from kb.citations import extract
    corpus, instance, app = site
    text = "Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính phủ về một cửa.\n"
    (c,) = [c for c in extract(text) if c.kind == "full"]
    db = store.connect(instance / "current" / "kb.sqlite", readonly=True)
    try:
        def taken(key):
            return db.execute("SELECT 1 FROM documents WHERE key = ? AND stub = 0", (key,)).fetchone() is not None
        with pytest.raises(report_files.KeyTaken):
            report_files.write_record(tmp_path, text, c, "bc.txt", taken=taken)
    finally:
        db.close()
    assert not (tmp_path / report_files.RECORDS_DIR).exists()
    assert report_files.write_record(tmp_path, text, c, "bc.txt").exists()     # a KB without it: written


def test_a_number_corrected_on_the_edit_page_is_read_as_it_looks(site):
    import re
    corpus, instance, app = site
    key = "06-2006-qdd-ubnd.2006-01-16"
    with app.test_client() as c:
        login(c, "bientap")
        page = c.get(f"/quan-ly/van-ban/{key}").get_data(as_text=True)
        form = {"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1),
                "version": re.search(r'name="version" value="([^"]*)"', page).group(1), "why": "thử"}
        before = written(corpus)
        r = c.post(f"/quan-ly/van-ban/{key}/thong-tin", data=dict(form, number="06/2006/QĐ-U\u0412ND"))
        assert r.status_code == 200 and "Không có gì thay đổi" in r.get_data(as_text=True)   # the same number
        r = c.post(f"/quan-ly/van-ban/{key}/thong-tin", data=dict(form, number="06/2006/QĐ-UBND\u0436"))
        assert r.status_code == 400
        assert written(corpus) == before
