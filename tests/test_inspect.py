"""``cancu inspect`` on whole documents rebuilt from the pháp điển
(tests/data/documents, made by make_documents.py from real articles)."""
import json
import subprocess
import sys

import pytest

from conftest import DATA

DOCS = DATA / "documents"


def inspect(name):
    r = subprocess.run([sys.executable, "-m", "cancu.cli", "inspect", str(DOCS / name), "--json"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_decree_59_2019_header_and_its_nine_expiries():
    found = inspect("59-2019-ndd-cp.txt")
    assert (found["number"], found["doc_type"], found["issued"], found["place"]) == (
        "59/2019/NĐ-CP", "Nghị định", "2019-07-01", "Hà Nội")
    assert found["title"] == "Quy định chi tiết một số điều và biện pháp thi hành Luật Phòng, chống tham nhũng"
    assert found["effective_from"] == "2019-08-15"
    expiries = {e["target"]: e for e in found["events"] if e["kind"] == "expires"}
    assert len(expiries) == 9
    e = expiries["158/2007/NĐ-CP"]
    assert e["date"] == "2019-08-15" and e["provision"] == "Điều 88"
    assert "Nghị định số 158/2007/NĐ-CP ngày 27 tháng 10 năm 2007" in e["evidence"]
    assert found["structure"]["article"] == 89


def test_decision_26_2021_replaces_31_2017():
    found = inspect("26-2021-qdd-ttg.txt")
    (e,) = [e for e in found["events"] if e["kind"] == "replaces"]
    assert (e["target"], e["date"], e["provision"]) == ("31/2017/QĐ-TTg", "2021-10-01", "Điều 5")


def test_law_15_2017_makes_law_09_2008_expire():
    found = inspect("15-2017-qh14.txt")
    assert found["doc_type"] == "Luật" and found["effective_from"] == "2018-01-01"
    (e,) = [e for e in found["events"] if e["kind"] == "expires"]
    assert (e["target"], e["date"], e["provision"]) == ("09/2008/QH12", "2018-01-01", "Điều 133")


EXPECTED = json.loads((DOCS / "expected.json").read_text(encoding="utf-8"))


def test_twenty_real_documents_of_different_types_and_issuers():
    assert len(EXPECTED) >= 20
    assert len({e["doc_type"] for e in EXPECTED.values()}) >= 5
    assert len({e["issuer"] for e in EXPECTED.values()}) >= 15


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_header_and_effects_of_real_documents(name):
    want = EXPECTED[name]
    found = inspect(name)
    for field in ("number", "doc_type", "issuer", "issued", "place", "title", "effective_from"):
        assert found[field] == want[field], field
    events = [[e["kind"], e["target"], e["scope"], e["date"], e["provision"]] for e in found["events"]
              if e["kind"] != "takes_effect"]
    assert events == want["events"]


def test_inspect_refuses_unreadable_input(tmp_path):
    p = tmp_path / "x.docx"
    p.write_bytes(b"PK\x03\x04garbage")
    r = subprocess.run([sys.executable, "-m", "cancu.cli", "inspect", str(p), "--json"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and r.stderr.startswith("cancu: ") and "Traceback" not in r.stderr


HEADERS = sorted((DATA / "headers").glob("*.json"))


def test_enough_documents_of_different_types_and_issuers():
    cases = [json.loads(p.read_text(encoding="utf-8"))["expected"] for p in HEADERS]
    assert len(cases) >= 20
    assert len({c["doc_type"] for c in cases}) >= 6 and len({c["issuer"] for c in cases}) >= 8


@pytest.mark.parametrize("case", HEADERS, ids=[p.stem for p in HEADERS])
def test_inspect_reads_the_header(case):
    """`cancu inspect` on documents composed from real register and gazette rows
    (tests/data/headers/README.md says how), field by field."""
    want = json.loads(case.read_text(encoding="utf-8"))["expected"]
    found = inspect(f"../headers/{case.stem}.txt")
    for field in ("number", "doc_type", "issuer", "issued", "place", "title", "signer"):
        assert found[field] == want[field], field
