"""`cancu check` on the reference report, against a KB of real slices (pháp
điển, scraped vbpl laws) and the corpus records of the report's local documents."""
import json
import subprocess
import sys

import pytest

from conftest import REPORT
from report_kb import make_report_kb


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    root = tmp_path_factory.mktemp("check")
    make_report_kb(root)
    r = subprocess.run([sys.executable, "-m", "cancu.cli", "check", str(REPORT), "--as-of", "2019-12-31", "--json",
                        "--instance", str(root / "instance")], capture_output=True, text=True, timeout=120)
    assert r.returncode == 1, r.stderr        # some citations have problems
    return json.loads(r.stdout)


def by_text(out, start):
    return [c for c in out["citations"] if c["text"].startswith(start)]


def test_expired_decree_flagged_at_both_mentions_with_its_evidence(checked):
    both = by_text(checked, "Nghị định 158/2007/NĐ-CP")
    assert len(both) == 2
    for c in both:
        assert c["problems"] == ["expired_at_report_date"]
        assert c["status_on_report_date"] == "Hết hiệu lực toàn bộ"
        (e,) = c["evidence"]
        assert (e["by"], e["by_provision"]) == ("59/2019/NĐ-CP", "Điều 88")


def test_wrong_number_suggests_the_one_cited_next(checked):
    (c,) = by_text(checked, "Nghị định số 130/2015/NĐ-CP")
    assert (c["resolution"], c["suggestion"], c["problems"]) == ("wrong_number", "130/2005/NĐ-CP", ["wrong_number"])


def test_a_number_confirmed_by_its_date_is_not_called_wrong(checked):
    (c,) = by_text(checked, "Thông tư số 38/2019/TT-BTC")
    assert c["resolution"] == "unknown" and c["suggestion"] is None


def test_ambiguous_conclusion(checked):
    (c,) = [c for c in by_text(checked, "Kết luận 05") if c["kind"] == "short"]
    assert c["resolution"] == "ambiguous" and "ambiguous" in c["problems"]
    assert {x["issued"] for x in c["candidates"]} == {"2016-06-29", "2011-05-25"}


def test_missing_year_resolved_by_the_printed_date(checked):
    (c,) = by_text(checked, "Thông tư 02/TT-VPCP")
    assert c["resolution"] == "resolved" and c["resolved_number"] == "02/2017/TT-VPCP"
    assert "missing_year" in c["problems"]


def test_replaced_since_the_report(checked):
    (c,) = by_text(checked, "Quyết định số 31/2017/QĐ-TTg")
    assert c["status_today"] == "Hết hiệu lực toàn bộ" and "expired_since" in c["problems"]
    assert c["status_on_report_date"] != "Hết hiệu lực toàn bộ"


def test_law_by_name_resolved_on_the_report_date(checked):
    (c,) = by_text(checked, "Luật quản lý, sử dụng tài sản Nhà nước")
    assert c["resolved_number"] == "09/2008/QH12" and c["problems"] == ["expired_at_report_date"]
    (c,) = by_text(checked, "Luật cán bộ, công chức")
    assert c["resolved_number"] == "22/2008/QH12" and c["status_on_report_date"] == "Còn hiệu lực"


def test_local_documents_resolve_to_their_corpus_records(checked):
    for start, number in (("Kế hoạch số 431/KH-UBND", "431/KH-UBND"), ("quyết định số 2064", "2064/QĐ-UBND"),
                          ("Quyết định 52", "52/QĐ-UBND"), ("Chỉ thị 35 CT/TU", "35-CT/TU")):
        c = by_text(checked, start)[0]
        assert c["resolution"] == "resolved" and c["resolved_number"] == number, start
        assert c["document"] is not None


def test_sections_as_the_report_numbers_them(checked):
    secs = checked["sections"]
    numbers = [s["number"] for s in secs]
    assert numbers.count("2.1.") == 2 and numbers.count("II.") == 2
    assert sum(1 for s in secs if any("lặp lại" in r for r in s["remarks"])) == 2
    (c,) = [c for c in by_text(checked, "Nghị định 158/2007/NĐ-CP") if "luân chuyển" not in c["text"]][:1]
    sec = secs[c["section"]]
    assert sec["number"] == "3." and secs[sec["parent"]]["number"] == "II."


def test_bad_input_exit_2(tmp_path):
    p = tmp_path / "x.pdf"
    p.write_bytes(b"%PDF-1.4 garbage")
    r = subprocess.run([sys.executable, "-m", "cancu.cli", "check", str(p)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and r.stderr.startswith("cancu: ")
