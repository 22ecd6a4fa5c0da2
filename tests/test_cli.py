"""``cancu extract``: the JSON contract and clear failures on bad input."""
import json
import subprocess
import sys

from conftest import REPORT


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "cancu.cli", *args], capture_output=True,
                          text=True, input=stdin, timeout=120)


def test_extract_json_contract():
    r = run("extract", str(REPORT), "--json")
    assert r.returncode == 0, r.stderr
    items = json.loads(r.stdout)["citations"]
    text = REPORT.read_text(encoding="utf-8")
    required = {"start", "end", "text", "kind", "number", "doc_type", "issued", "issuer", "pinpoint"}
    assert items and all(required <= set(c) for c in items)
    assert all(text[c["start"]:c["end"]] == c["text"] for c in items)
    shorts = [c for c in items if c["kind"] == "short"]
    assert all(c["refers_to"] or len(c["candidates"]) >= 2 for c in shorts)
    assert {c["kind"] for c in items} == {"full", "short", "named", "vague"}


def test_extract_table_is_readable():
    r = run("extract", str(REPORT))
    assert r.returncode == 0
    assert "61/2018/NĐ-CP" in r.stdout and "mơ hồ" in r.stdout
    assert r.stdout.strip().endswith("trích dẫn")


def _fails_cleanly(r):
    assert r.returncode != 0
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("cancu: ")
    assert "Traceback" not in r.stderr


def test_missing_file(tmp_path):
    _fails_cleanly(run("extract", str(tmp_path / "none.txt"), "--json"))


def test_binary_file(tmp_path):
    p = tmp_path / "x.bin"
    p.write_bytes(bytes(range(256)) * 10)
    _fails_cleanly(run("extract", str(p), "--json"))


def test_wrong_encoding(tmp_path):
    p = tmp_path / "cp1258.txt"
    p.write_bytes("Quyết định số 52/QĐ-UBND".encode("cp1258", errors="replace") + b"\xff\xfe\x81")
    _fails_cleanly(run("extract", str(p), "--json"))


def test_docx_is_refused_with_a_reason(tmp_path):
    p = tmp_path / "a.docx"
    p.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    r = run("extract", str(p))
    _fails_cleanly(r)
    assert ".docx" in r.stderr


def test_utf8_bom_and_stdin():
    r = run("extract", "-", "--json", stdin="Nghị định số 61/2018/NĐ-CP")
    assert json.loads(r.stdout)["citations"][0]["number"] == "61/2018/NĐ-CP"
