"""Provincial registers as metadata sources (slices in tests/data/registers)."""
import datetime as dt

import pytest

from indexer.registers_import import import_register
from indexer.sources import UnreadableInput
from indexer.sources.registers import read_binhduong_csv, read_sonla_sql
from kb import store
from conftest import DATA

REG = DATA / "registers"


def test_binhduong_rows():
    rows = read_binhduong_csv((REG / "binhduong-register-slice.csv").read_bytes())
    assert len(rows) == 33
    first = rows[0]
    assert (first.number, first.issued, first.status) == ("3637/UBND-VX", dt.date(2022, 7, 20), "Văn bản đang có hiệu lực")
    assert first.title == "triển khai một số nhiệm vụ thực hiện công tác bhyt học sinh, sinh viên"
    odd = {r.number_printed: r.number for r in rows[-3:-1]}
    assert odd["1830 QĐ-UBND"] is None          # printed without its slash: kept as printed, not guessed


def test_sonla_rows():
    rows = read_sonla_sql((REG / "sonla-congbao-slice.sql").read_bytes())
    assert len(rows) == 8
    r = rows[0]
    assert (r.number, r.issued, r.effective_from, r.doc_type) == (
        "1182/QĐ-UBND", dt.date(2026, 5, 19), dt.date(2026, 5, 19), "Quyết định")
    assert r.status == "Đang hiệu lực" and r.signer == "Phó Chủ tịch UBND Nguyễn Thành Công"
    assert r.as_of == dt.date(2026, 8, 6)


def test_broken_sql_is_refused_with_a_reason():
    with pytest.raises(UnreadableInput):
        read_sonla_sql("INSERT INTO `van_ban` (`so_hieu`, `x`) VALUES ('1/QĐ-UBND', 'unterminated".encode())


def test_import_keeps_rows_as_evidence(tmp_path):
    db = store.connect(tmp_path / "kb.sqlite")
    store.create(db)
    n = import_register(db, REG / "sonla-congbao-slice.sql", "register:sonla")
    assert n == 8
    (doc,) = store.documents_by_number(db, "1182/QĐ-UBND")
    (e,) = db.execute("SELECT * FROM events WHERE target_number = '1182/QĐ-UBND'").fetchall()
    assert (e["kind"], e["date"], e["evidence_origin"]) == ("takes_effect", "2026-05-19", "register")
    assert "so_hieu=1182/QĐ-UBND" in e["quote"]
    (s,) = db.execute("SELECT * FROM status_records WHERE number = '1182/QĐ-UBND'").fetchall()
    assert (s["status"], s["as_of"]) == ("Đang hiệu lực", "2026-08-06")
