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
