"""indexer.layout: page noise out, hard-wrapped lines joined, offsets true to the original."""
import textwrap

from indexer.layout import clean

PARAGRAPHS = [
    "Điều 5. Hiệu lực thi hành",
    "1. Thông tư này có hiệu lực thi hành kể từ ngày 01 tháng 7 năm 2021 và thay thế Thông tư số "
    "12/2015/TT-BTC ngày 30 tháng 01 năm 2015 của Bộ trưởng Bộ Tài chính quy định về quản lý thu phí.",
    "2. Bãi bỏ khoản 2 Điều 20 của Thông tư số 45/2013/TT-BTC ngày 25 tháng 4 năm 2013 của Bộ trưởng Bộ "
    "Tài chính hướng dẫn chế độ quản lý, sử dụng và trích khấu hao tài sản cố định.",
    "3. Trong quá trình thực hiện, nếu có vướng mắc, đề nghị các cơ quan, tổ chức, cá nhân phản ánh kịp thời "
    "về Bộ Tài chính để nghiên cứu, sửa đổi, bổ sung cho phù hợp.",
    "Điều 6. Trách nhiệm thi hành",
    "Các cơ quan, tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Thông tư này./.",
]
TEXT = "\n".join(PARAGRAPHS) + "\n"


def _wrapped(width=78, indent=""):
    out = []
    for p in PARAGRAPHS:
        out.extend(textwrap.wrap(p, width, initial_indent=indent, break_long_words=False, break_on_hyphens=False))
    return "\n".join(out) + "\n"


def _offsets_true(original, lay):
    for i, ch in enumerate(lay.text):
        j = lay.original(i)
        assert original[j] == ch or (ch == " " and original[j] == "\n"), (i, ch, original[j])


def test_a_text_of_one_paragraph_a_line_is_left_as_it_is():
    lay = clean(TEXT)
    assert lay.text == TEXT and lay.joined == 0 and lay.removed == []


def test_hard_wrapped_lines_are_joined_back_into_their_paragraphs():
    wrapped = _wrapped()
    lay = clean(wrapped)
    assert lay.text == TEXT
    _offsets_true(wrapped, lay)


def test_indented_paragraphs_of_a_layout_text_stay_apart():
    wrapped = _wrapped(indent="    ")
    lay = clean(wrapped)
    assert [line.strip() for line in lay.text.splitlines()] == PARAGRAPHS
    _offsets_true(wrapped, lay)


def test_running_heads_page_numbers_and_signature_blocks_are_removed():
    lines = _wrapped().splitlines()
    noisy = "\n".join(
        ["Người ký: Cổng Thông tin điện tử Chính phủ", "Email: thongtinchinhphu@chinhphu.vn",
         "Cơ quan: Văn phòng Chính phủ", "Thời gian ký: 15.02.2019 08:30:45 +07:00", ""]
        + lines[:3] + ["", "CÔNG BÁO/Số 45 + 46/Ngày 15-02-2019" + " " * 30 + "13", ""]
        + lines[3:6] + ["", "14" + " " * 30 + "CÔNG BÁO/Số 45 + 46/Ngày 15-02-2019", ""]
        + lines[6:] + ["", "- 15 -", ""]) + "\n"
    lay = clean(noisy)
    assert "CÔNG BÁO" not in lay.text and "Người ký" not in lay.text and "- 15 -" not in lay.text
    # the sentence cut by the page break reads on
    assert PARAGRAPHS[1] in lay.text and PARAGRAPHS[2] in lay.text
    _offsets_true(noisy, lay)


def test_lines_of_a_form_are_not_a_signature_block():
    form = "Phụ lục\nCơ quan: ....................\nĐơn vị: ....................\nNgày lập: ..........\n"
    assert clean(form).text == form


def test_a_lone_number_is_a_page_number_only_next_to_a_running_head():
    table = "STT\nTên văn bản\n1\nThông tư số 12/2015/TT-BTC\n2\nThông tư số 45/2013/TT-BTC\n"
    assert clean(table).text == table


def test_units_are_never_joined_to_the_line_before():
    wrapped = ("Nghị định này quy định chi tiết một số điều của Luật Tổ chức chính quyền địa\n"
               "phương về tổ chức và hoạt động của chính quyền địa phương các cấp và các nội\n"
               "1. Chính quyền địa phương ở tỉnh gồm Hội đồng nhân dân và Ủy ban nhân dân cấp\n"
               "tỉnh theo quy định của Luật Tổ chức chính quyền địa phương năm 2015 sửa đổi.\n"
               "a) Hội đồng nhân dân tỉnh là cơ quan quyền lực nhà nước ở địa phương theo Luật\n"
               "Điều 2. Đối tượng áp dụng của Nghị định về tổ chức chính quyền địa phương nay\n") * 3
    lines = clean(wrapped).text.splitlines()
    assert any(line.startswith("1. Chính quyền") for line in lines)
    assert any(line.startswith("a) Hội đồng") for line in lines)
    assert any(line.startswith("Điều 2.") for line in lines)
    assert any(line.endswith("cấp tỉnh theo quy định của Luật Tổ chức chính quyền địa phương năm 2015 sửa đổi.")
               for line in lines)


def test_two_columns_side_by_side_are_never_joined():
    head = ("CHÍNH PHỦ                             CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Số: 59/2019/NĐ-CP                     Độc lập - Tự do - Hạnh phúc\n")
    text = head + _wrapped()
    lay = clean(text)
    assert lay.text.startswith(head)
