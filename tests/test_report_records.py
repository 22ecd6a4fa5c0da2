"""Corpus records of what the reference report says of the local documents it cites."""
from indexer.report_records import records
from indexer.sources.corpus_md import read_corpus_md
from conftest import REPORT, ROOT


def test_records_hold_only_what_the_report_prints():
    recs = records(REPORT)
    plan = recs["431-kh-ubnd.2018-12-28"]
    assert plan["number"] == "431/KH-UBND" and plan["issued"] == "2018-12-28"
    assert plan["issuer"] == "Uỷ ban nhân dân tỉnh Hà Tĩnh"
    assert plan["title"] == "về Cải cách hành chính năm 2019"
    assert plan["record_only"] == "true"
    assert "dòng 5" in plan["source"] and "Kế hoạch số 431/KH-UBND" in plan["source"]


def test_two_conclusions_05_stay_two_records():
    recs = records(REPORT)
    assert {"05-kl-tu.2016-06-29", "05-kl-tu.2011-05-25"} <= set(recs)


def test_central_normative_documents_and_mistyped_numbers_are_not_recorded():
    numbers = {r["number"] for r in records(REPORT).values()}
    assert "61/2018/NĐ-CP" not in numbers          # the pháp điển covers it
    assert "02/TT-VPCP" not in numbers             # a number missing its year is a mistake, not a document
    assert "130/2015/NĐ-CP" not in numbers
    assert {"2064/QĐ-UBND", "2065/QĐ-UBND", "36a/KH-SLĐTBXH", "35-CT/TU"} <= numbers


def test_shipped_records_match_the_generator():
    shipped = {p.stem for p in (ROOT / "corpus" / "documents" / "ha-tinh").glob("*.md")}
    assert shipped == set(records(REPORT))
    for p in (ROOT / "corpus" / "documents" / "ha-tinh").glob("*.md"):
        meta = read_corpus_md(p.read_bytes(), str(p)).meta
        assert meta["source"].startswith("bao-cao-cchc-2019-sldtbxh-ha-tinh.txt, dòng ")
