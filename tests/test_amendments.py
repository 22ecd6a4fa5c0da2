"""Amending operations read from real amending documents (indexer/amendments.py).

Slices in tests/data/amendments (make_slices.py says how each was cut), read
through the readers the build uses; each expected operation was checked
against the instruction it quotes.
"""
import datetime as dt
import json

import pytest

from indexer import amendments, effects
from indexer.document import document_from, read_body
from indexer.sources import SourceText
from indexer.sources.vbpl_review import read_review_json
from kb.model import INSERT, REPEAL, REPLACE, SUBSTITUTE, Document
from conftest import DATA
from linear import assert_linear

SLICES = DATA / "amendments"


def read(name: str) -> tuple[Document, amendments.Reading]:
    r = read_review_json((SLICES / f"{name}.json").read_bytes(), name)
    doc = Document(r.number, r.doc_type)
    read_body(doc, r.text, f"tests/{name}.json")
    return doc, amendments.read(doc, f"tests/{name}.json")


def ops(doc: Document, by_anchor: str | None = None) -> list[tuple]:
    return [(o.by_anchor, o.action, o.target, o.anchor) for o in doc.operations
            if by_anchor is None or o.by_anchor == by_anchor]


def one(doc: Document, by_anchor: str, anchor: str | None, action: str | None = None):
    (found,) = [o for o in doc.operations if o.by_anchor == by_anchor and o.anchor == anchor
                and (action is None or o.action == action)]
    return found


def test_a_law_amending_several_laws():
    # 28/2018/QH14 amends eleven laws, each named in its article's heading without its number:
    # a name known for one law issued before 2018 names it ("Luật An toàn thực phẩm": 55/2010/QH12)
    doc, reading = read("28-2018-qh14")
    assert doc.effective_from == dt.date(2019, 1, 1)
    assert ops(doc, "dieu-1-khoan-1") == [("dieu-1-khoan-1", REPLACE, "55/2010/QH12", "dieu-4-khoan-1")]
    first = one(doc, "dieu-1-khoan-1", "dieu-4-khoan-1")
    assert first.text.startswith("1. Xây dựng chiến lược quốc gia về an toàn thực phẩm")
    assert first.text.endswith("an toàn thực phẩm.") and "“" not in first.text and "”" not in first.text
    assert first.date == dt.date(2019, 1, 1) and first.provision == "khoản 1 Điều 4"
    ev = first.evidence
    assert (ev.origin, ev.by_number, ev.by_provision) == ("text", "28/2018/QH14", "khoản 1 Điều 1")
    assert ev.quote == "Sửa đổi, bổ sung khoản 1 Điều 4 như sau:"
    assert ev.source == "tests/28-2018-qh14.json#dieu-1-khoan-1"
    # Luật Điện lực (28/2004/QH11): a whole article replaced, an inserted one repealed
    assert one(doc, "dieu-6-khoan-1", "dieu-8").text.startswith("Điều 8. Quy hoạch phát triển điện lực\n1. Quy hoạch")
    assert ops(doc, "dieu-6-khoan-4") == [("dieu-6-khoan-4", REPEAL, "28/2004/QH11", "dieu-8a")]
    # "Bãi bỏ Điều 20 và khoản 1 Điều 21.": one operation per unit
    assert ops(doc, "dieu-9-khoan-2") == [("dieu-9-khoan-2", REPEAL, "09/2012/QH13", "dieu-20"),
                                          ("dieu-9-khoan-2", REPEAL, "09/2012/QH13", "dieu-21-khoan-1")]
    assert ops(doc, "dieu-10-khoan-2") == [("dieu-10-khoan-2", REPEAL, "50/2010/QH12", "dieu-25-khoan-1-diem-b"),
                                           ("dieu-10-khoan-2", REPEAL, "50/2010/QH12", "dieu-25-khoan-2-diem-b")]
    # "Luật Công chứng" names two laws issued before 2018 (82/2006/QH11, 53/2014/QH13): no guess
    assert not ops(doc, "dieu-2-khoan-1") and not ops(doc, "dieu-2-khoan-4")
    assert {"dieu-2-khoan-1", "dieu-2-khoan-4"} <= {u.by_anchor for u in reading.unresolved}
    assert reading.operations == doc.operations


def test_laws_named_only_by_a_name_the_table_gives_a_later_law():
    # 38/2009/QH12 names "Luật Xây dựng", "Luật đấu thầu", "Luật doanh nghiệp", "Luật đất đai",
    # "Luật nhà ở" without numbers; the only laws of these names known were issued after 2009
    doc, reading = read("38-2009-qh12")
    assert doc.operations == []
    unresolved = {u.by_anchor for u in reading.unresolved}
    assert {f"dieu-1-khoan-{n}" for n in range(1, 8)} <= unresolved
    assert {"dieu-3", "dieu-4-khoan-7", "dieu-5-khoan-7"} <= unresolved
    (u,) = [u for u in reading.unresolved if u.by_anchor == "dieu-4-khoan-7"]
    assert u.quote == "Bãi bỏ Điều 123 của Luật đất đai."


def test_a_decree_amending_a_decree_with_inserted_articles():
    doc, reading = read("116-2024-n-cp")          # amends 138/2020/NĐ-CP, named in Điều 1's heading
    assert reading.unresolved == []
    assert ops(doc, "dieu-1-khoan-1") == [("dieu-1-khoan-1", REPLACE, "138/2020/NĐ-CP", "dieu-3-khoan-2")]
    assert ops(doc, "dieu-1-khoan-2") == [("dieu-1-khoan-2", INSERT, "138/2020/NĐ-CP", "dieu-5-khoan-1-diem-d")]
    # "Bổ sung Điều 31a vào sau Điều 31", "… Điều 31b vào sau Điều 31a", "Bổ sung Điều 68a sau Điều 68"
    for by, anchor, after in [("dieu-1-khoan-20", "dieu-31a", "dieu-31"), ("dieu-1-khoan-21", "dieu-31b", "dieu-31a"),
                              ("dieu-1-khoan-45", "dieu-68a", "dieu-68")]:
        op = one(doc, by, anchor, INSERT)
        assert op.after == after and op.text.startswith(f"Điều {anchor[5:]}. ")
    assert one(doc, "dieu-1-khoan-20", "dieu-31a").text.startswith("Điều 31a. Xét nâng ngạch khi có thành tích")
    # "3. Sửa đổi điểm a khoản 2 và khoản 3 Điều 7 như sau:" says it again in its points a) and b)
    assert ops(doc, "dieu-1-khoan-3") == []
    assert ops(doc, "dieu-1-khoan-3-diem-a") == [("dieu-1-khoan-3-diem-a", REPLACE, "138/2020/NĐ-CP",
                                                  "dieu-7-khoan-2-diem-a")]
    assert ops(doc, "dieu-1-khoan-3-diem-b") == [("dieu-1-khoan-3-diem-b", REPLACE, "138/2020/NĐ-CP", "dieu-7-khoan-3")]
    # "c) Bổ sung khoản 6 và khoản 7 như sau: “6. … 7. …”": the wording cut at each label
    six, seven = one(doc, "dieu-1-khoan-32-diem-c", "dieu-49-khoan-6"), one(doc, "dieu-1-khoan-32-diem-c",
                                                                             "dieu-49-khoan-7")
    assert six.text.startswith("6. Công chức lãnh đạo, quản lý khi hết thời hạn") and "\n7. " not in six.text
    assert seven.text.startswith("7. Công chức lãnh đạo, quản lý không được bổ nhiệm lại")
    # a part of a unit, or a unit above articles: kept, with no anchor
    lead = one(doc, "dieu-1-khoan-23-diem-a", None)
    assert (lead.action, lead.provision) == (REPLACE, "câu dẫn Điều 34")
    heading = one(doc, "dieu-1-khoan-41", None)
    assert heading.provision == "tên Mục 6" and heading.text.startswith("Mục 6\nTỪ CHỨC, MIỄN NHIỆM")
    # repeals, and words deleted item by item ("Bãi bỏ các cụm từ sau đây: Cụm từ “…” tại …")
    assert ops(doc, "dieu-1-khoan-46-diem-a") == [
        ("dieu-1-khoan-46-diem-a", REPEAL, "138/2020/NĐ-CP", "dieu-37-khoan-3"),
        ("dieu-1-khoan-46-diem-a", REPEAL, "138/2020/NĐ-CP", "dieu-37-khoan-7")]
    deleted = [(o.anchor, o.old_words, o.new_words) for o in doc.operations if o.by_anchor == "dieu-1-khoan-46-diem-b"]
    assert deleted[0] == ("dieu-28-khoan-1", ", biệt phái", "")
    assert ("dieu-74-khoan-1", "thống nhất", "") in deleted
    # "… trong cụm từ “biên chế công chức” …": not a deletion wherever the words stand
    assert all(old != "công chức" for _, old, _ in deleted)
    # Điều 2 acts on another decree, named in its own heading
    assert ops(doc, "dieu-2") == [("dieu-2", REPEAL, "06/2023/NĐ-CP", "dieu-12"),
                                  ("dieu-2", REPEAL, "06/2023/NĐ-CP", "dieu-13-khoan-2")]
    # "có hiệu lực thi hành kể từ ngày ký ban hành", the record has no issue date: no date, the phrase kept
    assert all(o.date is None and o.date_note for o in doc.operations)


def test_a_circular_substituting_words():
    # 08/2023/TT-NHNN, Điều 21 as the pháp điển 2026-01 release prints it (its note gives the number)
    record = json.loads((SLICES / "08-2023-tt-nhnn-dieu-21.json").read_text(encoding="utf-8"))
    assert record["note"].startswith("(Điều 21 Thông tư số 08/2023/TT-NHNN")
    doc = Document("08/2023/TT-NHNN", "Thông tư")
    read_body(doc, f"Điều 21. {record['heading']}\n{record['text']}", record["source"])
    assert doc.effective_from == dt.date(2023, 8, 15)
    got = [(o.by_anchor[-6:], o.action, o.target, o.anchor, o.old_words, o.new_words) for o in doc.operations]
    amended = "12/2022/TT-NHNN"
    assert got[:5] == [
        ("diem-a", SUBSTITUTE, amended, "dieu-20-khoan-1-diem-b",
         "trừ các khoản vay nước ngoài bằng đồng Việt Nam phải được Thống đốc Ngân hàng Nhà nước xem xét, chấp thuận", ""),
        ("diem-a", REPEAL, amended, "dieu-15-khoan-3-diem-c", None, None),
        ("diem-a", REPEAL, amended, "dieu-15-khoan-5", None, None),
        ("diem-a", REPEAL, amended, "dieu-16-khoan-10", None, None),
        ("diem-a", REPEAL, amended, "dieu-20-khoan-3", None, None)]
    substitute = doc.operations[5]
    assert (substitute.action, substitute.anchor, substitute.provision) == (SUBSTITUTE, "dieu-16-khoan-7", "khoản 7 Điều 16")
    assert substitute.old_words.startswith("hoặc văn bản chứng minh việc chưa tuân thủ")
    assert substitute.new_words.startswith("hoặc văn bản chứng minh bên đi vay thuộc trường hợp")
    assert substitute.new_words.endswith("không được Chính phủ bảo lãnh")
    # "Sửa đổi phần “Ghi chú” tại Phụ lục 02 như sau: “…”": a part of an annex, kept without an anchor
    note = doc.operations[6]
    assert (note.action, note.anchor, note.provision) == (REPLACE, None, "phần “Ghi chú” tại Phụ lục 02")
    assert note.text.startswith("Bên đi vay thuộc trường hợp") and not note.text.endswith("”")
    assert len(doc.operations) == 7 and all(o.date == dt.date(2023, 8, 15) for o in doc.operations)
    # the other clauses of Điều 21 are not operations: its own date, the repeal of a whole circular (an event)
    assert {o.by_anchor for o in doc.operations} == {"dieu-21-khoan-4-diem-a", "dieu-21-khoan-4-diem-b",
                                                      "dieu-21-khoan-4-diem-c"}


def test_an_amendment_of_an_amending_circular():
    # 16/2018/TT-NHNN amends 36/2014/TT-NHNN and repeals clauses of Điều 1 of 19/2017/TT-NHNN, itself
    # a circular amending 36/2014/TT-NHNN (named after it): the target is the amending circular
    doc, reading = read("16-2018-tt-nhnn")
    assert ops(doc, "dieu-3-khoan-2") == [("dieu-3-khoan-2", REPEAL, "19/2017/TT-NHNN", f"dieu-1-khoan-{n}")
                                          for n in (15, 16, 17, 22)]
    assert ops(doc, "dieu-1-khoan-1") == [("dieu-1-khoan-1", INSERT, "36/2014/TT-NHNN", "dieu-3-khoan-25")]
    assert {o.target for o in doc.operations} == {"36/2014/TT-NHNN", "19/2017/TT-NHNN"}


def test_a_law_moving_the_effective_dates_of_other_laws():
    # 43/2024/QH15 rewrites the effect clauses of 31/2024/QH15, 27/2023/QH15, 29/2023/QH15, 32/2024/QH15;
    # "Điều 2. Sửa đổi, bổ sung khoản 1 Điều 197 của Luật …" over "Khoản 1 Điều 197 được sửa đổi, bổ sung
    # như sau: …" is one operation, not two
    doc, _ = read("43-2024-qh15")
    assert ops(doc) == [("dieu-1-khoan-1", REPLACE, "31/2024/QH15", "dieu-251-khoan-2"),
                        ("dieu-1-khoan-2", REPLACE, "31/2024/QH15", "dieu-252-khoan-1"),
                        ("dieu-1-khoan-3", REPLACE, "31/2024/QH15", "dieu-255-khoan-10"),
                        ("dieu-1-khoan-4", REPLACE, "31/2024/QH15", None),
                        ("dieu-2", REPLACE, "27/2023/QH15", "dieu-197-khoan-1"),
                        ("dieu-3", REPLACE, "29/2023/QH15", "dieu-82-khoan-1"),
                        ("dieu-4", REPLACE, "32/2024/QH15", "dieu-209-khoan-2")]
    effect = one(doc, "dieu-1-khoan-2", "dieu-252-khoan-1")
    assert effect.text.startswith("1. Luật này có hiệu lực thi hành từ ngày 01 tháng 8 năm 2024")
    assert one(doc, "dieu-1-khoan-4", None).provision == "khổ đầu khoản 4 Điều 260"
    assert all(o.date == dt.date(2024, 8, 1) for o in doc.operations)


def test_an_amending_article_given_its_own_date():
    # 31/2024/QH15, Điều 252 khoản 2: "Điều 190 và Điều 248 của Luật này có hiệu lực thi hành từ ngày
    # 01 tháng 4 năm 2024": what Điều 248 changes in Luật Lâm nghiệp applies from then
    doc, _ = read("31-2024-qh15")
    forest = [o for o in doc.operations if o.by_anchor.startswith("dieu-248-")]
    assert len(forest) == 15 and {o.target for o in forest} == {"16/2017/QH14"}
    assert {o.date for o in forest} == {dt.date(2024, 4, 1)}
    assert one(doc, "dieu-248-khoan-3", "dieu-16-khoan-2-diem-dd").after == "dieu-16-khoan-2-diem-d"
    assert {o.date for o in doc.operations if not o.by_anchor.startswith("dieu-248-")} == {doc.effective_from}
    assert doc.effective_from == dt.date(2025, 1, 1)
    assert ops(doc, "dieu-251-khoan-1-diem-b") == [("dieu-251-khoan-1-diem-b", REPEAL, "06/2017/QH14",
                                                    "dieu-12-khoan-1")]


def test_part_dates_are_read_by_the_effect_rules():
    text = "2. Khoản 3 Điều 86, khoản 4 và khoản 5 Điều 94, các điều 109, 110 và 116 của Luật này có hiệu lực thi hành " \
           "từ ngày 01 tháng 01 năm 2028."
    ((parts, eff),) = effects.part_dates(text)
    assert parts == "Khoản 3 Điều 86, khoản 4 và khoản 5 Điều 94, các điều 109, 110 và 116"
    assert eff.date == dt.date(2028, 1, 1)
    # a sentence on something else that holds a part ("Hợp đồng … theo quy định tại khoản 1 … có hiệu lực …")
    assert effects.part_dates("Hợp đồng chuyển giao công nghệ thuộc trường hợp đăng ký theo quy định tại khoản 1 "
                              "Điều 31 của Luật này có hiệu lực từ thời điểm được cấp Giấy chứng nhận") == []


def test_part_dates_linear():
    assert_linear(effects.part_dates, lambda k: "Điều 2 có hiệu lực " * (3000 * k), "verbs")
    assert_linear(effects.part_dates, lambda k: "khoản 2, " * (3000 * k) + "Điều 5 có hiệu lực từ ngày 01/01/2020",
                  "parts")


def test_every_full_text_gets_its_operations():
    # an upload of plain text goes through document_from: the same reading
    r = read_review_json((SLICES / "16-2018-tt-nhnn.json").read_bytes())
    doc = document_from(SourceText(r.text, format="txt"), "tệp tải lên")
    assert ("dieu-3-khoan-2", REPEAL, "19/2017/TT-NHNN", "dieu-1-khoan-15") in ops(doc)
    assert all(o.evidence.source.startswith("tệp tải lên#") for o in doc.operations)
    # with no number nor date of its own, a law named by its name alone is not chosen by date
    r = read_review_json((SLICES / "28-2018-qh14.json").read_bytes())
    assert ops(document_from(SourceText(r.text, format="txt"), "tệp tải lên")) == []


def test_what_is_not_an_instruction():
    # a law of its own, its final provisions excepted, amends nothing (22/2008/QH12)
    r = read_review_json((DATA / "vbpl-review" / "22-2008-qh12.json").read_bytes())
    doc = Document(r.number, r.doc_type)
    read_body(doc, r.text, "x")
    assert doc.operations == []
    # a verb that does not open the provision, a reference after the verb, a unit not acted on
    doc = Document("1/2020/TT-BTC")
    read_body(doc, "Điều 1. Sửa đổi, bổ sung một số điều của Thông tư số 36/2014/TT-NHNN\n"
                   "1. Trường hợp sửa đổi khoản 2 Điều 3 thì báo cáo.\n"
                   "2. Sửa đổi hợp đồng theo quy định tại khoản 3 Điều 5.\n"
                   "3. Bãi bỏ khoản 4 Điều 6.", "x")
    assert ops(doc) == [("dieu-1-khoan-3", REPEAL, "36/2014/TT-NHNN", "dieu-6-khoan-4")]


@pytest.mark.parametrize("make", [
    lambda k: "Điều 1. Sửa đổi Thông tư số 36/2014/TT-NHNN\n1. Bãi bỏ " + "điểm c khoản 2, " * (300 * k) + "Điều 5.",
    lambda k: "Điều 1. Sửa đổi Thông tư số 36/2014/TT-NHNN\n1. Thay cụm từ " + "“a” bằng cụm từ “b”, " * (200 * k),
    lambda k: "Điều 1. Sửa đổi Thông tư số 36/2014/TT-NHNN\n" + "".join(
        f"{i}. Khoản 2 Điều {i} được sửa đổi như sau:\n“2. x\na) y”\n" for i in range(1, 300 * k)),
    lambda k: "Điều 1. Sửa đổi Thông tư số 36/2014/TT-NHNN\n1. Bãi bỏ " + "khoản 1 Điều 2 Thông tư số 1/2020/TT-BTC"
              " đã được sửa đổi, bổ sung theo Thông tư số 2/2021/TT-BTC, " * (60 * k),
])
def test_linear(make):
    def run(text):
        doc = Document("9/2024/TT-NHNN")
        read_body(doc, text, "x")
    assert_linear(run, make)
