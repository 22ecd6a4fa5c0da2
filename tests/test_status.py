"""Status on a date, with its evidence, on the KB built from the real pháp điển slice."""
import datetime as dt
import json
import subprocess
import sys

import pytest

from indexer.build import build
from kb import status, store
from test_linked_corpus import make_corpus

D = dt.date


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    root = tmp_path_factory.mktemp("status")
    build(make_corpus(root), root / "instance")
    db = store.connect(root / "instance" / "current" / "kb.sqlite", readonly=True)
    yield db, root / "instance"
    db.close()


def key(db, number):
    (doc,) = store.documents_by_number(db, number)
    return doc["key"]


def test_decree_158_in_force_on_the_eve_and_expired_from_article_88(kb):
    db, _ = kb
    k = key(db, "158/2007/NĐ-CP")
    assert status.document_status(db, k, D(2019, 8, 14)).value == status.IN_FORCE
    st = status.document_status(db, k, D(2019, 8, 15))
    assert st.value == status.EXPIRED
    (e,) = st.deciding
    assert (e.by_number, e.by_provision, e.date) == ("59/2019/NĐ-CP", "Điều 88", D(2019, 8, 15))
    assert "Nghị định số 158/2007/NĐ-CP" in e.quote and e.evidence_origin == "text"


def test_law_09_2008_expired_at_end_of_2019(kb):
    db, _ = kb
    st = status.document_status(db, key(db, "09/2008/QH12"), D(2019, 12, 31))
    assert st.value == status.EXPIRED and st.deciding[0].by_number == "15/2017/QH14"


def test_not_yet_in_force_between_issue_and_effective_dates(kb):
    db, _ = kb
    k = key(db, "61/2018/NĐ-CP")         # issued 23/04/2018, in force from 21/06/2018
    assert status.document_status(db, k, D(2018, 5, 1)).value == status.NOT_YET
    assert status.document_status(db, k, D(2018, 6, 20)).value == status.NOT_YET
    assert status.document_status(db, k, D(2018, 6, 21)).value == status.IN_FORCE


def test_no_evidence_is_unknown_never_a_guess(kb):
    db, _ = kb
    # cited as expiring in 2019 and nothing else known of it: in 2010 nobody says
    st = status.document_status(db, key(db, "107/2006/NĐ-CP"), D(2010, 1, 1))
    assert st.value == status.UNKNOWN and st.deciding == [] and st.reason


def test_amendment_note_shows_on_and_after_its_date_only(kb):
    db, _ = kb
    k = key(db, "101/2012/NĐ-CP")
    before = status.provision_status(db, k, "dieu-12", D(2016, 6, 30))
    after = status.provision_status(db, k, "dieu-12", D(2016, 7, 1))
    assert before.value == status.IN_FORCE and not before.amended
    assert after.amended and after.value == status.PARTLY_EXPIRED
    assert {e.by_number for e in after.deciding if e.kind != "takes_effect"} == {"80/2016/NĐ-CP"}
    assert {e.kind for e in after.deciding} == {"repeals_part", "amends", "takes_effect"}
    other = status.provision_status(db, k, "dieu-1", D(2016, 7, 1))
    assert other.value == status.IN_FORCE and not other.amended


def test_timeline_lists_future_events_too(kb):
    db, _ = kb
    st = status.document_status(db, key(db, "31/2017/QĐ-TTg"), D(2019, 12, 31))
    assert [e.kind for e in st.timeline] == ["replaces"] and st.timeline[0].date == D(2021, 10, 1)


def test_scope_anchor():
    assert status.scope_anchor("điểm b khoản 2 Điều 3") == "dieu-3-khoan-2-diem-b"
    assert status.scope_anchor("Điều 12") == "dieu-12"


def test_cli_status_json_contract(kb):
    _, instance = kb
    r = subprocess.run([sys.executable, "-m", "cancu.cli", "status", "158/2007/NĐ-CP", "--on", "2019-08-15",
                        "--json", "--instance", str(instance)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert (out["number"], out["status"], out["amended"]) == ("158/2007/NĐ-CP", "Hết hiệu lực toàn bộ", False)
    (e,) = out["events"]
    assert {"kind", "date", "by", "scope", "evidence"} <= set(e)
    assert e["kind"] == "expires" and e["by"] == "59/2019/NĐ-CP" and "hết hiệu lực" in e["evidence"]["quote"]


def test_cli_status_list_filters_by_status(kb):
    _, instance = kb
    r = subprocess.run([sys.executable, "-m", "cancu.cli", "status", "--list", "--on", "2019-12-31", "--status",
                        "Hết hiệu lực toàn bộ", "--json", "--instance", str(instance)],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    numbers = {d["number"] for d in json.loads(r.stdout)["documents"]}
    assert {"158/2007/NĐ-CP", "09/2008/QH12"} <= numbers and "31/2017/QĐ-TTg" not in numbers


def test_cli_status_bad_input(kb):
    _, instance = kb
    for args in (["nope/0000"], ["158/2007/NĐ-CP", "--on", "31/02/2019x"], ["--list", "--status", "Sai"]):
        r = subprocess.run([sys.executable, "-m", "cancu.cli", "status", *args, "--instance", str(instance)],
                           capture_output=True, text=True, timeout=60)
        assert r.returncode == 2 and r.stderr.startswith("cancu: ") and "Traceback" not in r.stderr


def test_own_text_beats_the_imported_note_on_the_effective_date(kb):
    db, _ = kb
    k = key(db, "02/2017/NĐ-CP")      # note: 25/01/2017; Điều 9 of its text: 25/02/2017
    st = status.document_status(db, k, D(2017, 2, 1))
    assert st.value == status.NOT_YET and st.deciding[0].evidence_origin == "text"
    assert any("văn bản gốc thắng" in c for c in st.conflicts)


def test_an_effective_date_read_before_the_issue_date_loses_to_a_plausible_record():
    """A date read from a text before the document was issued (a misprint, or
    another document's quoted wording) loses to a record on or after it."""
    from kb.status import EventView, winning_effective
    issued = dt.date(2019, 6, 20)

    def take(origin, d):
        return EventView("takes_effect", d, None, None, None, None, None, origin, "q", "s")
    text, record = take("text", dt.date(2009, 6, 20)), take("phapdien", dt.date(2019, 8, 5))
    assert winning_effective([text, record], issued) is record
    assert winning_effective([text, record], None) is text
    assert winning_effective([take("text", dt.date(2019, 8, 1)), record], issued).evidence_origin == "text"
    assert winning_effective([text], issued) is text          # nothing plausible: the text stays
