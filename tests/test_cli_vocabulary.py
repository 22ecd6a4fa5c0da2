"""One vocabulary: `cancu status` and `cancu cite` find a document from any
form the web's search box takes (through ``kb.search.number_lookup``), list
every document when several answer, offer near numbers when none does;
empty input is bad input; human output speaks Vietnamese."""
import json
import re
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT
from indexer.build import build
from test_linked_corpus import make_corpus


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    root = tmp_path_factory.mktemp("vocab")
    corpus = make_corpus(root)
    local = corpus / "documents" / "ha-tinh"
    local.mkdir(parents=True)
    for p in (ROOT / "corpus" / "documents" / "ha-tinh").glob("05-kl-tu.*.md"):   # two "05-KL/TU"
        shutil.copy(p, local)
    build(corpus, root / "instance")
    return root / "instance"


def cancu(kb, *args):
    return subprocess.run([sys.executable, "-m", "cancu.cli", *args, "--instance", str(kb)],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("typed", ["158/2007", "158/2007/ND-CP", "Nghị định 158/2007/NĐ-CP", "nd 158/2007",
                                   "158-2007-ndd-cp.2007-10-27"])
def test_status_takes_what_search_takes(kb, typed):
    r = cancu(kb, "status", typed)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("158/2007/NĐ-CP — Hết hiệu lực toàn bộ")
    assert "hết hiệu lực 2019-08-15 Điều 88 59/2019/NĐ-CP" in r.stdout   # the event kind in words
    assert "expires" not in r.stdout


def test_cite_a_short_number(kb):
    r = cancu(kb, "cite", "61/2018")
    assert r.returncode == 0 and r.stdout.startswith("Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018")


def test_several_documents_are_listed_none_picked(kb):
    r = cancu(kb, "status", "05-KL/TU")
    assert r.returncode == 2 and r.stdout == ""
    listed = [l for l in r.stderr.splitlines() if l.startswith("  05-KL/TU")]
    assert len(listed) >= 2 and all("[khoá: 05-kl-tu." in l for l in listed)
    assert len({l.split("[khoá: ")[1] for l in listed}) == len(listed)


def test_several_are_told_apart_by_issuer_date_and_status(kb):
    r = cancu(kb, "status", "05-KL/TU")
    listed = [l for l in r.stderr.splitlines() if l.startswith("  05-KL/TU")]
    dates = {re.search(r"ban hành (\d\d/\d\d/\d{4})", l).group(1) for l in listed}
    assert dates == {"29/06/2016", "25/05/2011"}
    assert any("Ban Thường vụ Tỉnh ủy" in l for l in listed)
    assert all(re.search(r" — (Còn hiệu lực|Hết hiệu lực|Chưa|Ngưng)", l) for l in listed)


def test_one_answer_names_its_issuer_and_date(kb):
    r = cancu(kb, "status", "61/2018")
    assert r.returncode == 0
    assert r.stdout.splitlines()[1] == ("văn bản: Nghị định, Chính phủ, ban hành 23/04/2018  "
                                        "[khoá: 61-2018-ndd-cp.2018-04-23]")
    r = cancu(kb, "status", "05-kl-tu.2016-06-29", "--json")
    assert r.returncode == 0
    assert {k: json.loads(r.stdout)[k] for k in ("issuer", "issued")} == {"issuer": "Ban Thường vụ Tỉnh ủy",
                                                                          "issued": "2016-06-29"}


def test_missing_number_gets_near_ones(kb):
    r = cancu(kb, "status", "16/2018/NĐ-CP")
    assert r.returncode == 2 and "không có trong cơ sở dữ liệu" in r.stderr
    assert "có phải:" in r.stderr and "61/2018/NĐ-CP" in r.stderr


@pytest.mark.parametrize("typed", ["", "   "])
def test_empty_number_is_bad_input(kb, typed):
    assert cancu(kb, "cite", typed).returncode == 2


def test_pinpoint_must_exist(kb):
    r = cancu(kb, "cite", "61/2018", "--pinpoint", "Điều 999")
    assert r.returncode == 2 and r.stdout == "" and "không có Điều 999" in r.stderr
    r = cancu(kb, "cite", "61/2018", "--pinpoint", "khoản 2 Điều 1")
    assert r.returncode == 0 and r.stdout.startswith("khoản 2 Điều 1 Nghị định số 61/2018/NĐ-CP")
    assert cancu(kb, "cite", "61/2018", "--pinpoint", "đâu đó").returncode == 2


@pytest.mark.parametrize("content", [b"", b"  \n\n\t\n"])
def test_empty_files_are_bad_input(kb, tmp_path, content):
    p = tmp_path / "empty.txt"
    p.write_bytes(content)
    r = cancu(kb, "check", str(p))
    assert r.returncode == 2 and r.stdout == "" and "None" not in r.stderr
    r = subprocess.run([sys.executable, "-m", "cancu.cli", "inspect", str(p)], capture_output=True, text=True)
    assert r.returncode == 2 and r.stdout == ""


def test_check_table_has_headers_and_words(kb):
    r = cancu(kb, "check", str(ROOT / "corpus" / "reports" / "bao-cao-cchc-2019-sldtbxh-ha-tinh.txt"),
              "--as-of", "2019-12-20")
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    assert lines[0].split()[:2] == ["trích", "dẫn"] and "vấn đề" in lines[0] and "hôm nay" in lines[0]
    assert "Chưa có trong cơ sở dữ liệu" in r.stdout
    assert "expired_at_report_date" not in r.stdout and " unknown " not in r.stdout
    r = cancu(kb, "check", str(ROOT / "corpus" / "reports" / "bao-cao-cchc-2019-sldtbxh-ha-tinh.txt"),
              "--as-of", "2019-12-20", "--json")
    assert '"unknown"' in r.stdout      # codes stay in JSON


def test_the_document_line_names_an_issuer_read_from_the_number_as_such():
    """A document whose source prints no issuer: the line that tells it from
    others of its number names the body its symbol names surely, marked as
    read from the number; a shared symbol leaves it unknown."""
    from cancu.cli import _which
    law = {"doc_type": "Luật", "issuer": None, "number": "31/2024/QH15", "issued": None}
    assert _which(law) == "Luật, Quốc hội (suy từ số hiệu), ngày ban hành chưa rõ"
    letter = {"doc_type": "Công văn", "issuer": "", "number": "3559/UBND-VX", "issued": "2022-07-15"}
    assert _which(letter) == "Công văn, cơ quan ban hành chưa rõ, ban hành 15/07/2022"
    printed = {"doc_type": "Nghị định", "issuer": "Chính phủ", "number": "61/2018/NĐ-CP", "issued": "2018-04-23"}
    assert _which(printed) == "Nghị định, Chính phủ, ban hành 23/04/2018"
