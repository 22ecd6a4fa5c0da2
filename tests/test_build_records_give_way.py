"""A register or catalogue line knows a document without its text; a later
source bringing that document's text takes the key (nothing is lost: the
record had no provisions, and its status records and events stay, as rows
of the register). A text gives way only to one that keeps all its provisions,
never to an upload (tests/test_build_key_conflicts.py)."""
from indexer.build import build
from test_build_key_conflicts import rows as _rows
from test_linked_corpus import make_corpus


def test_a_text_takes_the_key_of_a_record_without_text(tmp_path):
    corpus = make_corpus(tmp_path, registers=True)
    instance = tmp_path / "instance"
    build(corpus, instance, full=True)
    key, number, issued = _rows(instance, "SELECT key, number, issued FROM documents d WHERE origin LIKE 'register:%'"
                                " AND stub = 0 AND issued IS NOT NULL AND number LIKE '%/QĐ-UBND' AND NOT EXISTS"
                                " (SELECT 1 FROM provisions p WHERE p.doc_key = d.key) ORDER BY key LIMIT 1")[0]
    records = _rows(instance, "SELECT status, quote FROM status_records WHERE doc_key = ?", key)
    y, m, d = issued.split("-")
    text = (f"ỦY BAN NHÂN DÂN\nTỈNH BÌNH DƯƠNG\nSố: {number}\nBình Dương, ngày {d} tháng {m} năm {y}\n"
            "QUYẾT ĐỊNH\nVề việc thử\nĐiều 1. Quyết định này có hiệu lực kể từ ngày ký.\nĐiều 2. Một điều khác.\n")
    (corpus / "documents").mkdir(exist_ok=True)
    (corpus / "documents" / "ban-goc.txt").write_text(text, encoding="utf-8")
    for full in (False, True):
        result = build(corpus, instance, full=full)
        assert not [e for e in result.errors if "đã thuộc về" in e[1]], result.errors
        assert _rows(instance, "SELECT origin FROM documents WHERE key = ?", key) == [("corpus:documents/ban-goc.txt",)]
        assert _rows(instance, "SELECT count(*) FROM provisions WHERE doc_key = ?", key)[0][0] == 2
        assert _rows(instance, "SELECT status, quote FROM status_records WHERE doc_key = ?", key) == records
