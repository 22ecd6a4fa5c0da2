"""Official-style citations and the number autocomplete."""
import subprocess
import sys

import pytest

from indexer.build import build
from kb import store
from kb.cite import format_citation, suggest
from test_linked_corpus import make_corpus


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    root = tmp_path_factory.mktemp("cite")
    build(make_corpus(root), root / "instance")
    db = store.connect(root / "instance" / "current" / "kb.sqlite", readonly=True)
    yield db, root / "instance"
    db.close()


def test_first_and_later_mentions(kb):
    db, _ = kb
    (doc,) = store.documents_by_number(db, "61/2018/NĐ-CP")
    f = format_citation(doc)
    assert f.full == ("Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính phủ về thực hiện cơ chế "
                      "một cửa, một cửa liên thông trong giải quyết thủ tục hành chính")
    assert f.short == "Nghị định số 61/2018/NĐ-CP" and f.missing == []
    assert format_citation(doc, "khoản 2 Điều 3").short == "khoản 2 Điều 3 Nghị định số 61/2018/NĐ-CP"


def test_law_is_named_by_its_title(kb):
    db, _ = kb
    (doc,) = store.documents_by_number(db, "15/2017/QH14")
    assert format_citation(doc).full == "Luật Quản lý, sử dụng tài sản công số 15/2017/QH14 ngày 21 tháng 6 năm 2017"


def test_a_title_that_repeats_the_type_is_not_printed_twice():
    # vbpl's record of the labour code: "Bộ Luật lao động" as its title
    code = {"doc_type": "Bộ luật", "number": "45/2019/QH14", "title": "Bộ Luật lao động",
            "issued": "2019-11-20", "issuer": "Quốc hội"}
    assert format_citation(code).full == "Bộ luật lao động số 45/2019/QH14 ngày 20 tháng 11 năm 2019"
    amending = dict(code, doc_type="Luật", title="Luật sửa đổi, bổ sung một số điều của Luật Thuế", number="1/2020/QH14")
    assert format_citation(amending).full.startswith("Luật sửa đổi, bổ sung một số điều của Luật Thuế số 1/2020/QH14")


def test_issuer_and_title_left_out_on_request(kb):
    db, _ = kb
    (doc,) = store.documents_by_number(db, "61/2018/NĐ-CP")
    assert format_citation(doc, title=False, issuer=False).full == "Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018"
    assert format_citation(doc, title=False).full.endswith("năm 2018 của Chính phủ")


def test_a_stub_says_what_is_missing(kb):
    db, _ = kb
    (doc,) = store.documents_by_number(db, "158/2007/NĐ-CP")
    f = format_citation(doc)
    assert f.full == "Nghị định số 158/2007/NĐ-CP ngày 27 tháng 10 năm 2007"
    assert set(f.missing) == {"issuer", "title"}


def test_suggest(kb):
    db, _ = kb
    assert [r["number"] for r in suggest(db, "61/20")] == ["61/2018/NĐ-CP"]
    assert suggest(db, "%") == [] and suggest(db, "   ") == []


def test_cli(kb):
    _, instance = kb
    r = subprocess.run([sys.executable, "-m", "cancu.cli", "cite", "61/2018/NĐ-CP", "--short", "--pinpoint",
                        "khoản 2 Điều 1", "--instance", str(instance)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stdout.strip() == "khoản 2 Điều 1 Nghị định số 61/2018/NĐ-CP"
