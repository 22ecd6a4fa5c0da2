"""New wording is text of the amending provision, never units of the amending
document (indexer/structure.py; real slices in tests/data/amendments, see make_slices.py)."""
from indexer import structure
from indexer.sources.vbpl_review import read_review_json
from conftest import DATA
from linear import assert_linear

SLICES = DATA / "amendments"


def provisions(name: str):
    text = read_review_json((SLICES / f"{name}.json").read_bytes(), name).text
    return {p.anchor: p for p in structure.parse(text)}, structure.parse(text)


def test_a_quoted_article_is_text_of_the_clause_that_introduces_it():
    # 38/2009/QH12, Điều 1 khoản 5: "Điều 54 được sửa đổi, bổ sung như sau: “Điều 54. … 1. … 2. … 3. …”"
    by_anchor, found = provisions("38-2009-qh12")
    assert len(found) == len(by_anchor)          # no anchor given twice
    clause = by_anchor["dieu-1-khoan-5"]
    assert clause.text.startswith("Điều 54 được sửa đổi, bổ sung như sau:\n“Điều 54. Các bước thiết kế xây dựng")
    assert clause.text.endswith("3. Chính phủ quy định cụ thể các bước thiết kế đối với từng loại công trình.”")
    # Điều 1 has its seven instructions, and nothing below them
    assert [a for a in by_anchor if a.startswith("dieu-1-")] == [f"dieu-1-khoan-{n}" for n in range(1, 8)]
    # quoted clauses of the new wording ("13. … 14. … 15. …") are not clauses of Điều 2
    assert by_anchor["dieu-2-khoan-19"].text.splitlines()[1:] == [
        "“13. Phê duyệt hồ sơ mời thầu.", "14. Phê duyệt kết quả lựa chọn nhà thầu.",
        "15. Quyết định xử lý tình huống trong đấu thầu.”"]
    assert by_anchor["dieu-2-khoan-14"].text.startswith("Khoản 3 Điều 42 được sửa đổi")


def test_an_article_printed_with_its_first_clause_on_its_line():
    # "Điều 7. 1. Luật này có hiệu lực thi hành từ ngày 01 tháng 8 năm 2009."
    by_anchor, _ = provisions("38-2009-qh12")
    assert by_anchor["dieu-7"].heading == ""
    assert by_anchor["dieu-7-khoan-1"].text == "Luật này có hiệu lực thi hành từ ngày 01 tháng 8 năm 2009."
    assert by_anchor["dieu-7-khoan-2"].parent == "dieu-7"


def test_instructions_below_an_instruction_stay_units():
    # 116/2024/NĐ-CP: "3. Sửa đổi điểm a khoản 2 và khoản 3 Điều 7 như sau:" then
    # "a) Sửa đổi điểm a khoản 2 như sau: “a) …”" and "b) Sửa đổi khoản 3 như sau: “3. …”"
    by_anchor, found = provisions("116-2024-n-cp")
    assert len(found) == len(by_anchor)
    assert by_anchor["dieu-1-khoan-3"].text == "Sửa đổi điểm a khoản 2 và khoản 3 Điều 7 như sau:"
    assert by_anchor["dieu-1-khoan-3-diem-a"].text.startswith("Sửa đổi điểm a khoản 2 như sau:\n“a) Căn cứ vào")
    assert by_anchor["dieu-1-khoan-3-diem-b"].text.startswith("Sửa đổi khoản 3 như sau:\n“3. Không bố trí")
    # an inserted article, its clauses and points all text of the clause inserting it
    inserted = by_anchor["dieu-1-khoan-20"]
    assert inserted.text.startswith("Bổ sung Điều 31a vào sau Điều 31 như sau:\n“Điều 31a. Xét nâng ngạch")
    assert not any(a.startswith("dieu-1-khoan-20-") for a in by_anchor)
    assert [a for a in by_anchor if a.startswith("dieu-1-khoan-46")] == [
        "dieu-1-khoan-46", "dieu-1-khoan-46-diem-a", "dieu-1-khoan-46-diem-b"]


def test_wording_printed_without_quotes_runs_to_the_next_instruction():
    # 14/2000/NĐ-CP prints its new wording without quote marks
    by_anchor, found = provisions("14-2000-n-cp")
    assert len(found) == len(by_anchor)
    assert [a for a in by_anchor if a.startswith("dieu-1-")] == [f"dieu-1-khoan-{n}" for n in range(1, 9)]
    # "7. Điều 56 được bổ sung khoản 5 như sau:" then "5. Trong quá trình xét thầu, …"
    assert by_anchor["dieu-1-khoan-7"].text.splitlines()[1].startswith("5. Trong quá trình xét thầu")
    # "8. Bỏ khoản 4; khoản 2 Điều 61 được sửa đổi, bổ sung như sau:" then "2. Bộ Tài chính …"
    assert by_anchor["dieu-1-khoan-8"].text.splitlines()[1].startswith("2. Bộ Tài chính chủ trì")


def test_a_quote_never_closed_ends_at_the_next_instruction():
    # 17/2020/NĐ-CP, Điều 3 khoản 6: "Khoản 7 Điều 6 … được sửa đổi như sau: “7. Điều 38 được
    # sửa đổi như sau: Điều 38. … 4. Bảng phân hạng …:" and no closing quote; "7. Tên Điều 39 …"
    # is the decree's next instruction
    by_anchor, found = provisions("17-2020-n-cp")
    assert len(found) == len(by_anchor)
    six = by_anchor["dieu-3-khoan-6"].text.splitlines()
    assert six[1] == "“7. Điều 38 được sửa đổi như sau:" and six[2].startswith("Điều 38. Hoạt động tư vấn")
    assert six[-1].startswith("4. Bảng phân hạng về quy mô của công trình điện")
    assert by_anchor["dieu-3-khoan-7"].text.startswith("Tên Điều 39 Nghị định số 137/2013/NĐ-CP được sửa đổi")
    assert [a for a in by_anchor if a.startswith("dieu-3-khoan-") and a.count("-") == 3] == [
        f"dieu-3-khoan-{n}" for n in range(1, 11)]


def test_an_amended_article_numbered_as_the_amending_laws_next_one():
    # 21/2017/QH14, Điều 57 khoản 4: "… Điều 58 của Luật Dự trữ quốc gia … như sau:", a quote alone
    # on its line, then "Điều 58. Quy hoạch tổng thể …": the amended article, not the law's Điều 58
    by_anchor, _ = provisions("21-2017-qh14")
    assert "Điều 58. Quy hoạch tổng thể hệ thống kho dự trữ quốc gia" in by_anchor["dieu-57-khoan-4"].text
    assert [a for a in by_anchor if a.startswith("dieu-57-khoan-") and a.count("-") == 3] == [
        f"dieu-57-khoan-{n}" for n in range(1, 10)]
    assert by_anchor["dieu-58"].heading == "Hiệu lực thi hành"


def test_text_that_amends_nothing_is_read_as_before():
    # a clause ending with "như sau:" over a list is not new wording (22/2008/QH12, a law of its own)
    text = read_review_json((DATA / "vbpl-review" / "22-2008-qh12.json").read_bytes()).text
    found = structure.parse(text)
    assert sum(1 for p in found if p.kind == "article") == 87
    assert len(found) == len({p.anchor for p in found})


def test_linear():
    one = ("1. Điều 5 được sửa đổi như sau:\n“Điều 5. Tên\n1. a\n2. b”\n"
           "2. Bổ sung khoản 4 vào Điều 7 như sau:\n4. c\n"
           "3. Khoản 2 Điều 9 được sửa đổi như sau:\n“2. d\n")
    assert_linear(structure.parse, lambda k: "Điều 1. Sửa đổi\n" + one * (400 * k), "blocks")
    assert_linear(structure.parse, lambda k: "Điều 1. Sửa đổi như sau:\n" + "“\n" * (3000 * k), "opening quotes")
    # large enough that the small input's time is above the floor (a shared machine is noisy)
    assert_linear(structure.parse, lambda k: "Điều 1. Sửa đổi như sau:\n“" + "”“" * (12000 * k), "quote pairs")
