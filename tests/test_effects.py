"""Effects of final provisions: which documents a verb acts on, from when, on what part."""
import datetime as dt

import pytest

from indexer import effects

ON = dt.date(2021, 1, 1)


def ev(text):
    return [(e.kind, e.target, e.scope, e.date) for e in effects.events(text, "X/2020/NĐ-CP", "Điều 9", ON, "src")]


def test_documents_named_inside_a_description_are_not_acted_on():
    # real sentence (Thông tư 04/2021/TT-BTP, in the pháp điển)
    text = ("Thông tư này bãi bỏ Chương 2, Chương 3 Thông tư số 14/2014/TT-BTP ngày 15 tháng 5 năm 2014 "
            "quy định chi tiết thi hành Nghị định số 59/2012/NĐ-CP ngày 23 tháng 7 năm 2012.")
    assert ev(text) == [("repeals_part", "14/2014/TT-BTP", "Chương 2, Chương 3", ON)]


def test_replacement_dated_by_its_own_sentence():
    text = ("1. Quyết định này có hiệu lực thi hành từ ngày 01 tháng 10 năm 2021 và thay thế Quyết định số "
            "31/2017/QĐ-TTg ngày 17 tháng 7 năm 2017 của Thủ tướng Chính phủ về tiêu chí.")
    assert ev(text) == [("replaces", "31/2017/QĐ-TTg", None, dt.date(2021, 10, 1))]


def test_two_verbs_in_one_sentence():
    text = ("Nghị định này thay thế Nghị định số 1/2010/NĐ-CP ngày 1/1/2010 của Chính phủ, Nghị định số "
            "2/2011/NĐ-CP và bãi bỏ Điều 5 Nghị định số 3/2012/NĐ-CP.")
    assert ev(text) == [("replaces", "1/2010/NĐ-CP", None, ON), ("replaces", "2/2011/NĐ-CP", None, ON),
                        ("repeals_part", "3/2012/NĐ-CP", "Điều 5", ON)]


def test_subjects_of_expiry_and_parts():
    assert ev("Nghị định số 7/2010/NĐ-CP và Nghị định số 8/2011/NĐ-CP hết hiệu lực kể từ ngày "
              "Nghị định này có hiệu lực.") == [("expires", "7/2010/NĐ-CP", None, ON), ("expires", "8/2011/NĐ-CP", None, ON)]
    assert ev("Thông tư này bãi bỏ khoản 2 Điều 3 Thông tư số 5/2015/TT-BTC và khoản 4 Điều 6 Thông tư số "
              "6/2016/TT-BTC.") == [("repeals_part", "5/2015/TT-BTC", "khoản 2 Điều 3", ON),
                                    ("repeals_part", "6/2016/TT-BTC", "khoản 4 Điều 6", ON)]


def test_reported_history_is_not_an_effect():
    assert ev("Nghị định số 67/2014/NĐ-CP đã được sửa đổi, bổ sung bởi Nghị định số 89/2015/NĐ-CP.") == []
    assert ev("Thông tư số 39/2014/TT-BTC được sửa đổi bởi Thông tư số 119/2014/TT-BTC.") == []


@pytest.mark.parametrize("text,date,note", [
    ("Nghị định này có hiệu lực thi hành từ ngày 15 tháng 8 năm 2019.", dt.date(2019, 8, 15), None),
    ("Quyết định này có hiệu lực kể từ ngày ký.", dt.date(2020, 3, 2), None),
    ("Nghị định này có hiệu lực thi hành sau 45 ngày kể từ ngày đăng Công báo.", None,
     "sau 45 ngày kể từ ngày đăng Công báo"),
])
def test_effective_date(text, date, note):
    eff = effects.effective_date(text, issued=dt.date(2020, 3, 2))
    assert (eff.date, eff.note) == (date, note)


def test_effective_date_relative_to_signing_stays_unresolved_without_the_date():
    eff = effects.effective_date("Quyết định này có hiệu lực kể từ ngày ký.")
    assert eff.date is None and "ký" in eff.note
