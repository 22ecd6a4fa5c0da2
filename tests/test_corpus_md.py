"""indexer.sources.corpus_md: the corpus Markdown format, read and written."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.sources import SourceText, UnreadableInput
from indexer.sources.corpus_md import read_corpus_md, write_corpus_md

EXAMPLE = """\
---
number: 431/KH-UBND
doc_type: Kế hoạch
issuer: Ủy ban nhân dân tỉnh Hà Tĩnh
issued: 2018-12-28
effective_from: 
title: Cải cách hành chính năm 2019
signer:
record_only: true
source: Kế hoạch số 431/KH-UBND ngày 28 tháng 12 năm 2018 của Uỷ ban nhân dân tỉnh Hà Tĩnh, as cited by the report bao-cao-cchc-2019-sldtbxh-ha-tinh.txt: key: value inside
---
"""

META = {
    "number": "431/KH-UBND",
    "doc_type": "Kế hoạch",
    "issuer": "Ủy ban nhân dân tỉnh Hà Tĩnh",
    "issued": "2018-12-28",
    "effective_from": None,
    "title": "Cải cách hành chính năm 2019",
    "signer": None,
    "record_only": True,
    "source": "Kế hoạch số 431/KH-UBND ngày 28 tháng 12 năm 2018 của Uỷ ban nhân dân tỉnh Hà Tĩnh, "
              "as cited by the report bao-cao-cchc-2019-sldtbxh-ha-tinh.txt: key: value inside",
}


def test_reads_the_example_record():
    src = read_corpus_md(EXAMPLE.encode("utf-8"), "corpus/ke-hoach-431.md")
    assert isinstance(src, SourceText) and src.format == "corpus_md"
    assert src.meta == META
    assert list(src.meta) == list(META)          # the order of the file
    assert src.text == "" and src.paragraphs == []


def test_round_trip_of_the_example():
    written = write_corpus_md(META, "")
    assert written == EXAMPLE.replace("effective_from: \n", "effective_from:\n")
    assert read_corpus_md(written.encode()).meta == META


def test_body_keeps_its_lines_and_loses_markdown_markers():
    data = (EXAMPLE + "# KẾ HOẠCH\n**Cải cách hành chính năm 2019**\n\n"
            "## I. MỤC ĐÍCH, YÊU CẦU\n1. Tiếp tục *đẩy mạnh* cải cách __thể chế__; _kiểm soát_ TTHC.\n"
            "- mục 1_2 và a*b*c giữ nguyên; \\*không\\* nhấn mạnh\n").encode()
    src = read_corpus_md(data)
    assert src.text.split("\n") == [
        "KẾ HOẠCH",
        "Cải cách hành chính năm 2019",
        "",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Tiếp tục đẩy mạnh cải cách thể chế; kiểm soát TTHC.",
        "- mục 1_2 và a*b*c giữ nguyên; *không* nhấn mạnh",
        "",
    ]
    styles = [(src.text[p.start:p.end], p.style, p.bold) for p in src.paragraphs]
    assert styles[:3] == [("KẾ HOẠCH", "h1", False), ("Cải cách hành chính năm 2019", None, True),
                          ("I. MỤC ĐÍCH, YÊU CẦU", "h2", False)]


def test_unknown_keys_are_kept():
    src = read_corpus_md(b"---\nnumber: 05-KL/TU\nreviewer: Nguy\xe1\xbb\x85n V\xc4\x83n A\nx-note: t\n---\n")
    assert src.meta == {"number": "05-KL/TU", "reviewer": "Nguyễn Văn A", "x-note": "t"}


def test_empty_values_are_none():
    src = read_corpus_md(b"---\ntitle:\nsigner:   \nissued:\nrecord_only:\n---\nbody\n")
    assert src.meta == {"title": None, "signer": None, "issued": None, "record_only": None}
    assert src.text == "body\n"


def test_blank_and_comment_lines_in_the_front_matter():
    src = read_corpus_md(b"---\n\n# a comment\nnumber: 1/QD-UBND\n\n---\n")
    assert src.meta == {"number": "1/QD-UBND"}


def test_bom_crlf_and_decomposed_unicode():
    import unicodedata
    text = "---\r\ntitle: Cải cách hành chính\r\n---\r\nĐiều 1\r\n"
    data = b"\xef\xbb\xbf" + unicodedata.normalize("NFD", text).encode()
    src = read_corpus_md(data)
    assert src.meta == {"title": "Cải cách hành chính"}
    assert src.text == "Điều 1\n"


@pytest.mark.parametrize("data, line, why", [
    (b"number: 1\n---\n", 1, "front matter must start"),
    (b"\n---\nnumber: 1\n---\n", 1, "front matter must start"),
    (b"---\nnumber: 1\ntitle: x\n", 3, "not closed"),
    (b"---\nnumber 431/KH-UBND\n---\n", 2, "expected 'key: value'"),
    (b"---\nnumber: 1\n  - a list item\n---\n", 3, "expected 'key: value'"),
    (b"---\n1st: x\n---\n", 2, "invalid key"),
    (b"---\nnumber: 1\nnumber: 2\n---\n", 3, "duplicate key"),
    (b"---\nissued: 28/12/2018\n---\n", 2, "not an ISO date"),
    (b"---\neffective_from: 2019-02-30\n---\n", 2, "not an ISO date"),
    (b"---\nrecord_only: yes\n---\n", 2, "must be true or false"),
])
def test_malformed_front_matter_is_refused_with_its_line(data, line, why):
    with pytest.raises(UnreadableInput) as e:
        read_corpus_md(data, "corpus/x.md")
    message = str(e.value)
    assert "\n" not in message
    assert message.startswith(f"corpus/x.md: dòng {line}: ")
    assert why in message


def test_not_text_is_refused():
    with pytest.raises(UnreadableInput, match="PDF"):
        read_corpus_md(b"%PDF-1.4\n", "x.md")


def test_writer_types_and_refusals():
    written = write_corpus_md({"issued": dt.date(2018, 12, 28), "record_only": False, "pages": 12,
                               "title": "  Cải cách  ", "signer": ""}, "")
    assert read_corpus_md(written.encode()).meta == {
        "issued": "2018-12-28", "record_only": False, "pages": "12", "title": "Cải cách", "signer": None}
    with pytest.raises(ValueError):
        write_corpus_md({"title": "two\nlines"}, "")
    with pytest.raises(ValueError):
        write_corpus_md({"bad key": "x"}, "")
    with pytest.raises(ValueError):
        write_corpus_md({"issued": "28/12/2018"}, "")


def test_body_with_markers_survives_a_round_trip():
    body = ("# Điều 1\n**đậm** *nghiêng* __gạch__ _x_\nsnake_case \\ a\\*b\n   ## not a heading? yes it is\n"
            "---\nmột dòng '---' trong thân văn bản\n*\n")
    src = read_corpus_md(write_corpus_md({"number": "1/QĐ-UBND"}, body).encode())
    assert src.text == body
    assert src.meta == {"number": "1/QĐ-UBND"}


_LINE_CHARS = st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạếềểễệĐÂ #*_\\-:.,;()[]`!0123456789"))
_VALUES = st.one_of(st.none(), st.text(st.sampled_from(list("aăđêôơư AĐ0123456789/-.:,#*_")), max_size=40)
                    .map(str.strip).filter(bool))


@settings(max_examples=300, deadline=None)
@given(body=st.lists(st.text(_LINE_CHARS, max_size=40), max_size=8).map("\n".join),
       values=st.lists(_VALUES, min_size=0, max_size=5))
def test_any_record_round_trips(body, values):
    meta = {f"key_{i}": v for i, v in enumerate(values)}
    src = read_corpus_md(write_corpus_md(meta, body).encode())
    assert src.meta == meta
    assert src.text == body
