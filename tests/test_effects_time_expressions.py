""""hết hiệu lực" inside a time expression is a date some provision hangs
on, not a statement that the document cited ends (real wording, khoản 3
Điều 252 Luật Đất đai 31/2024/QH15: it read as "61/2022/QH15 hết hiệu lực
ngày 01/01/2025", a false fact)."""
import datetime as dt

from indexer import effects

ARTICLE = (
    "3. Việc lập, phê duyệt quy hoạch sử dụng đất được tiếp tục thực hiện theo quy định của Nghị quyết số "
    "61/2022/QH15 ngày 16 tháng 6 năm 2022 của Quốc hội về tiếp tục tăng cường hiệu lực, hiệu quả thực hiện "
    "chính sách, pháp luật về quy hoạch và một số giải pháp tháo gỡ khó khăn, vướng mắc, đẩy nhanh tiến độ lập "
    "và nâng cao chất lượng quy hoạch thời kỳ 2021 - 2030. Khoản 9 Điều 60 của Luật này có hiệu lực thi hành "
    "từ ngày Nghị quyết số 61/2022/QH15 hết hiệu lực.\n"
    "4. Luật Đất đai số 45/2013/QH13 đã được sửa đổi, bổ sung một số điều theo Luật số 35/2018/QH14 (sau đây "
    "gọi là Luật Đất đai số 45/2013/QH13) hết hiệu lực kể từ ngày Luật này có hiệu lực thi hành.")


def test_a_date_named_by_another_documents_end_is_not_its_end():
    got = [(e.kind, e.target, e.date) for e in
           effects.events(ARTICLE, "31/2024/QH15", "Điều 252", dt.date(2025, 1, 1), "s")]
    assert ("expires", "45/2013/QH13", dt.date(2025, 1, 1)) in got
    assert not [g for g in got if g[1] == "61/2022/QH15"], got


def test_the_plain_statements_still_end_documents():
    for text in ("Nghị định số 12/2015/NĐ-CP hết hiệu lực kể từ ngày Nghị định này có hiệu lực thi hành.",
                 "Kể từ ngày Nghị định này có hiệu lực, Nghị định số 12/2015/NĐ-CP hết hiệu lực."):
        got = [(e.kind, e.target) for e in effects.events(text, "5/2020/NĐ-CP", "Điều 9", dt.date(2020, 3, 1), "s")]
        assert got == [("expires", "12/2015/NĐ-CP")], (text, got)
