"""Source notes of the pháp điển, as printed in the 2025-02 release: the
document's title, date and issuer, where the title itself says "của"."""
import datetime as dt

import pytest

from indexer.sources.phapdien import parse_note

NOTES = [
    ("(Điều 1 Nghị định số 16/2015/NĐ-CP Quy định cơ chế tự chủ của đơn vị sự nghiệp công lập ngày 14/02/2015 "
     "của Chính phủ, có hiệu lực thi hành kể từ ngày 06/04/2015)",
     "Quy định cơ chế tự chủ của đơn vị sự nghiệp công lập", dt.date(2015, 2, 14), "Chính phủ", dt.date(2015, 4, 6)),
    ("(Điều 1 Thông tư số 39/2018/TT-BNNPTNT hướng dẫn kiểm tra chất lượng, an toàn thực phẩm muối nhập khẩu "
     "thuộc trách nhiệm quản lý của Bộ Nông nghiệp và Phát triển nông thôn ngày 27/12/2018 của Bộ Nông nghiệp và "
     "Phát triển nông thôn, có hiệu lực thi hành kể từ ngày 09/02/2019)",
     "hướng dẫn kiểm tra chất lượng, an toàn thực phẩm muối nhập khẩu thuộc trách nhiệm quản lý của Bộ Nông nghiệp "
     "và Phát triển nông thôn", dt.date(2018, 12, 27), "Bộ Nông nghiệp và Phát triển nông thôn", dt.date(2019, 2, 9)),
    ("(Điều 1 Thông tư số 11/2011/TT-BNV Hướng dẫn thi hành một số điều của Nghị định số 12/2011/NĐ-CP ngày 30 "
     "tháng 01 năm 2011của Chính phủ về tổ chức và chính sách đối với thanh niên xung phong ngày 26/09/2011 của Bộ "
     "Nội vụ, có hiệu lực thi hành kể từ ngày 01/11/2011)",
     "Hướng dẫn thi hành một số điều của Nghị định số 12/2011/NĐ-CP ngày 30 tháng 01 năm 2011của Chính phủ về tổ "
     "chức và chính sách đối với thanh niên xung phong", dt.date(2011, 9, 26), "Bộ Nội vụ", dt.date(2011, 11, 1)),
]


@pytest.mark.parametrize("note, title, issued, issuer, effective", NOTES)
def test_the_issuer_follows_the_date_even_when_the_title_says_cua(note, title, issued, issuer, effective):
    n = parse_note(note)
    assert (n.title, n.issued, n.issuer, n.effective_from) == (title, issued, issuer, effective)
