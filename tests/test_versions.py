"""Versions and consolidated text (kb.versions) on real amending documents:
Luật 43/2024/QH15 (four laws, effect clauses among them), Nghị định 79/2001/NĐ-CP
(articles inserted), Thông tư 30/2025/TT-NHNN (word substitutions, an insertion
with its own date, an annex), pháp điển texts (Luật 39/2019/QH14 and 26/2008/QH12)
and Thông tư 13/2019/TT-NHNN (repeals). The slices are in tests/data/versions."""
import datetime as dt
import unicodedata

import pytest

from kb import status, store, versions
from kb.identity import provision_anchor
from kb.model import AMENDS, Event, Evidence, Operation
from versions_kb import load, write_kb

D = dt.date


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = write_kb(tmp_path_factory.mktemp("versions") / "kb.sqlite")
    conn = store.connect(path, readonly=True)
    yield conn
    conn.close()


def change_of(c: versions.Consolidated, by_provision: str, anchor: str):
    return next(x for x in c.changes if x.by_provision == by_provision and x.anchor == anchor)


# --- pure functions ----------------------------------------------------------------

def test_diff_is_word_level_and_keeps_every_word():
    a = "1. Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2025, trừ trường hợp"
    b = "1. Luật này có hiệu lực thi hành từ ngày 01 tháng 8 năm 2024, trừ trường hợp"
    segs = versions.diff(a, b)
    assert "".join(s.text for s in segs if s.op != "insert") == a
    assert "".join(s.text for s in segs if s.op != "delete") == b
    assert [s.text for s in segs if s.op == "delete"] == ["01", "2025"]
    assert [s.text for s in segs if s.op == "insert"] == ["8", "2024"]
    assert versions.diff(None, "Điều 26a") == [versions.Segment("insert", "Điều 26a")]
    assert versions.diff("", "") == []


def test_diff_time_is_bounded_and_nothing_is_lost():
    """A long paragraph with one word changed is compared past its common start
    and end; two long unlike blocks are shown replaced whole, never compared
    word by word for minutes."""
    import random
    from linear import assert_linear
    long = " ".join(f"khoản {i}" for i in range(3000))
    segs = versions.diff(long, long.replace("khoản 1500 ", "điểm 1500 "))
    assert [s.text for s in segs if s.op != "equal"] == ["khoản", "điểm"]
    rnd = random.Random(1)
    words = "của và các quy định tại khoản Điều này được".split()
    unlike = lambda k: tuple(" ".join(rnd.choice(words) for _ in range(2500 * k)) for _ in range(2))  # noqa: E731
    assert_linear(lambda pair: versions.diff(*pair), unlike, "diff of unlike texts")
    a, b = unlike(1)
    segs = versions.diff(a, b)
    assert "".join(s.text for s in segs if s.op != "insert") == a
    assert "".join(s.text for s in segs if s.op != "delete") == b


def test_printed_references_become_anchors_through_one_function():
    assert provision_anchor("điểm đ khoản 1 Điều 163") == "dieu-163-khoan-1-diem-dd"
    assert provision_anchor("khoản 3a Điều 19") == "dieu-19-khoan-3a"
    assert provision_anchor("Điều 26a") == "dieu-26a"
    assert provision_anchor("dieu-29-khoan-5") == "dieu-29-khoan-5"
    for bad in ("Phụ lục số 01", "khoản 2", "điểm b Điều 3", "Điều 3 Điều 4", "x" * 200, "", None):
        assert provision_anchor(bad) is None
    assert status.scope_anchor("khoản 2, Điều 3") == "dieu-3-khoan-2"


def test_new_wording_is_cut_into_units_as_printed():
    op = load("tt-30-2025")["operations"][0]          # khoản 10 Điều 3, with points a–c
    units = versions._units_from_text(op["text"], "clause", "dieu-3-khoan-10")
    assert [u.anchor for u in units] == ["dieu-3-khoan-10"] + [f"dieu-3-khoan-10-diem-{x}" for x in "abc"]
    assert units[0].text == "Giấy tờ tùy thân bao gồm:"
    # the closing sentence follows point c, as the structure parser reads it
    assert units[-1].text.endswith("trong quá trình sử dụng dịch vụ thanh toán.")


# --- a law amending four laws, effect clauses among them (Luật 43/2024/QH15) ----------

def test_text_of_a_provision_before_and_on_the_amendment(db):
    before = versions.consolidated(db, "31-2024-qh15", D(2024, 7, 31))
    after = versions.consolidated(db, "31-2024-qh15", D(2024, 8, 1))
    assert "từ ngày 01 tháng 01 năm 2025" in before.text_of("dieu-252-khoan-1")
    assert "từ ngày 01 tháng 8 năm 2024" in after.text_of("dieu-252-khoan-1")
    assert not before.computed and after.computed
    u = after.unit("dieu-252-khoan-1")
    (c,) = u.changes
    assert (c.action, c.by_number, c.by_key, c.by_provision, c.by_anchor, c.date) == (
        "replace", "43/2024/QH15", "43-2024-qh15", "khoản 2 Điều 1", "dieu-1-khoan-2", D(2024, 8, 1))
    assert c.quote.startswith("Sửa đổi, bổ sung khoản 1 Điều 252 như sau:")
    # the other clauses of the article keep their wording
    assert after.text_of("dieu-252-khoan-2") == before.text_of("dieu-252-khoan-2")


def test_each_amended_law_is_changed(db):
    for key, anchor in (("27-2023-qh15", "dieu-197-khoan-1"), ("29-2023-qh15", "dieu-82-khoan-1")):
        c = versions.consolidated(db, key, D(2024, 8, 1))
        assert c.text_of(anchor) == "1. Luật này có hiệu lực thi hành từ ngày 01 tháng 8 năm 2024."
        assert c.unit(anchor).changes[0].by_number == "43/2024/QH15"
    c = versions.consolidated(db, "32-2024-qh15", D(2024, 8, 1))
    assert c.text_of("dieu-209-khoan-2").startswith("2. Khoản 3 Điều 200 và khoản 15 Điều 210")


def test_a_first_paragraph_replaced_leaves_the_second(db):
    before = versions.consolidated(db, "31-2024-qh15", D(2024, 7, 31)).unit("dieu-260-khoan-4").text.split("\n")
    after = versions.consolidated(db, "31-2024-qh15", D(2024, 8, 1)).unit("dieu-260-khoan-4").text.split("\n")
    assert len(before) == len(after) == 2
    assert after[0].endswith("trước ngày 01 tháng 01 năm 2025 thì thực hiện theo phương án đã phê duyệt.")
    assert not after[0].startswith("4.")
    assert after[1] == before[1]


def test_a_clause_replaced_with_its_points(db):
    c = versions.consolidated(db, "31-2024-qh15", D(2025, 1, 1))
    anchors = [u.anchor for u in c.units if u.anchor.startswith("dieu-255-khoan-10")]
    assert anchors == ["dieu-255-khoan-10", "dieu-255-khoan-10-diem-a", "dieu-255-khoan-10-diem-b"]
    assert c.unit("dieu-255-khoan-10-diem-b").parent == "dieu-255-khoan-10"


def test_timeline_of_the_effect_clause(db):
    t = versions.timeline(db, "31-2024-qh15", "dieu-252-khoan-1")
    texts = [v.text for v in t.versions]
    assert "01 tháng 01 năm 2025" in texts[0] and "01 tháng 8 năm 2024" in texts[-1]
    amended = next(v for v in t.versions if v.change)
    assert amended.valid_from == D(2024, 8, 1) and amended.change.by_number == "43/2024/QH15"
    assert t.versions[0].valid_until == D(2024, 8, 1)
    assert t.on(D(2024, 7, 31)).text == texts[0] and t.on(D(2030, 1, 1)).text == texts[-1]
    assert t.computed


# --- a decree amending a decree, with articles inserted (Nghị định 79/2001/NĐ-CP) ------

def test_inserted_articles_are_placed_in_number_order(db):
    before = versions.consolidated(db, "17-1999-ndd-cp", D(2001, 11, 15))
    after = versions.consolidated(db, "17-1999-ndd-cp", D(2001, 11, 16))
    arts = lambda c: [u.anchor for u in c.units if u.kind == "article"]  # noqa: E731
    assert "dieu-26a" not in arts(before)
    assert arts(after)[:8] == ["dieu-24", "dieu-25", "dieu-26", "dieu-26a", "dieu-27", "dieu-28", "dieu-29", "dieu-29a"]
    a = after.unit("dieu-26a")
    assert a.inserted and a.heading == "Bảo lãnh bằng giá trị quyền sử dụng đất"
    assert a.parent == after.unit("dieu-26").parent
    assert [u.anchor for u in after.units if u.parent == "dieu-26a"] == [f"dieu-26a-khoan-{n}" for n in (1, 2, 3)]
    assert after.text_of("dieu-30").startswith("Điều 30. Xoá thế chấp, xoá bảo lãnh")
    assert before.text_of("dieu-30").startswith("Điều 30. Xoá thế chấp\n")


def test_an_inserted_article_does_not_exist_before_its_date(db):
    t = versions.timeline(db, "17-1999-ndd-cp", "dieu-26a")
    first, last = t.versions[0], t.versions[-1]
    assert first.text is None and first.valid_until == D(2001, 11, 16)
    assert last.text.startswith("Điều 26a.") and last.change.action == "insert"
    st = status.provision_status(db, "17-1999-ndd-cp", "dieu-26a", D(2001, 11, 1))
    assert st.value == status.NOT_YET and "được bổ sung từ ngày 16/11/2001" in st.reason


# --- a circular: substitutions, a later insertion, an annex (Thông tư 30/2025/TT-NHNN) ---

def test_word_substitutions_are_exact_whole_words_in_their_place(db):
    before = versions.consolidated(db, "15-2024-tt-nhnn", D(2025, 11, 17))
    after = versions.consolidated(db, "15-2024-tt-nhnn", D(2025, 11, 18))
    b = after.text_of("dieu-12-khoan-2")
    assert "người chuyển tiền" in before.text_of("dieu-12-khoan-2") and "người chuyển tiền" not in b
    assert b.count("bên chuyển tiền") == before.text_of("dieu-12-khoan-2").count("người chuyển tiền") + \
        before.text_of("dieu-12-khoan-2").count("bên chuyển tiền")
    # the lead-in of khoản 2 Điều 7 ("câu mũ") and its points b, đ — not point c, which has its own new text
    intro = after.unit("dieu-7-khoan-2").text
    assert "Ngân hàng Nhà nước chi nhánh Khu vực" in intro and "chi nhánh các tỉnh" not in intro
    assert intro.count("Hệ thống thanh toán điện tử liên ngân hàng Quốc gia") == 2
    assert "Quốc gia Quốc gia" not in after.text_of("dieu-7")
    # a phrase of one instruction missing where the other was replaced is no failure
    assert not [c for c in after.problems if c.action == "substitute"]


def test_substitution_matches_composed_and_decomposed_accents_alike(db, tmp_path):
    data = load("tt-30-2025")
    o = next(o for o in data["operations"] if o["old_words"] == "người thụ hưởng")
    decomposed = unicodedata.normalize("NFD", o["old_words"])
    assert decomposed != o["old_words"]
    db2 = _with(tmp_path, Operation("substitute", "15/2024/TT-NHNN", Evidence("text", o["quote"], o["source"], "30/2025/TT-NHNN",
                                                                             o["by_provision"]),
                                    o["provision"], o["anchor"], old_words=decomposed, new_words="bên thụ hưởng",
                                    date=D(2025, 11, 18)))
    c = versions.consolidated(db2, "15-2024-tt-nhnn", D(2025, 11, 18))
    assert "người thụ hưởng" not in c.text_of("dieu-12-khoan-2")
    # diacritics count: "nguoi thu huong" is not the phrase
    db3 = _with(tmp_path / "b", Operation("substitute", "15/2024/TT-NHNN", Evidence("text", o["quote"], o["source"],
                                                                                  "30/2025/TT-NHNN", o["by_provision"]),
                                          o["provision"], o["anchor"], old_words="nguoi thu huong", new_words="x",
                                          date=D(2025, 11, 18)))
    c = versions.consolidated(db3, "15-2024-tt-nhnn", D(2025, 11, 18))
    (p,) = [x for x in c.problems if x.old_words == "nguoi thu huong"]
    assert p.reason == "không thấy cụm từ “nguoi thu huong” trong khoản 2 Điều 12"
    assert p in c.unit("dieu-12-khoan-2").problems


def test_an_insertion_with_its_own_date_and_one_placed_after_it(db):
    early = versions.consolidated(db, "15-2024-tt-nhnn", D(2026, 3, 31))
    late = versions.consolidated(db, "15-2024-tt-nhnn", D(2026, 4, 1))
    clauses = lambda c: [u.anchor.rsplit("-", 1)[1] for u in c.units if u.parent == "dieu-19"]  # noqa: E731
    assert clauses(early) == ["1", "2", "2a", "2b", "3", "3b", "4", "5", "6", "7", "8", "9", "10"]
    assert clauses(late) == ["1", "2", "2a", "2b", "3", "3a", "3b", "4", "5", "6", "7", "8", "9", "10"]
    later = next(c for c in early.changes if c.anchor == "dieu-19-khoan-3a")
    assert later.state == versions.LATER and later.date == D(2026, 4, 1)
    assert early.unit("dieu-19").heading.endswith("tổ chức cung ứng dịch vụ trung gian thanh toán")


def test_an_annex_change_is_listed_never_applied(db):
    c = versions.consolidated(db, "15-2024-tt-nhnn", D(2025, 12, 1))
    (annex,) = [x for x in c.problems if x.provision == "Phụ lục số 01"]
    assert annex.state == versions.NOT_APPLIED and "phụ lục" in annex.reason
    assert annex.quote.startswith("Thay thế Phụ lục số 01 ban hành kèm theo Thông tư số 15/2024/TT-NHNN")
    js = c.to_json()
    assert annex.ref in js["problems"] and js["banner"] == versions.BANNER


def test_nothing_is_dropped(db):
    (n,) = db.execute("SELECT count(*) FROM operations WHERE target_key = '15-2024-tt-nhnn'").fetchone()
    for day in (D(2020, 1, 1), D(2025, 11, 18), D(2030, 1, 1)):
        c = versions.consolidated(db, "15-2024-tt-nhnn", day)
        assert len([x for x in c.changes if x.ref.startswith("op-")]) == n
        if day.year == 2020:
            assert {x.state for x in c.changes} == {versions.LATER}


# --- pháp điển texts -------------------------------------------------------------------

def test_phapdien_text_before_its_noted_change_is_unknown(db):
    key = "39-2019-qh14.2019-06-13"
    before = versions.consolidated(db, key, D(2021, 12, 31))
    u = before.unit("dieu-30-khoan-2-diem-g")
    assert u.text is None and u.unknown == "Nội dung trước ngày 01/01/2022 chưa có trong kho."
    assert u.later.startswith("Phân tích, đánh giá sơ bộ tác động xã hội") and u.known_from == D(2022, 1, 1)
    assert before.text_of("dieu-30") is None
    after = versions.consolidated(db, key, D(2022, 1, 1))
    assert after.text_of("dieu-30-khoan-2-diem-g").startswith("g) Phân tích, đánh giá sơ bộ tác động xã hội")


def test_a_change_the_note_names_is_not_applied_again(db):
    c = versions.consolidated(db, "39-2019-qh14.2019-06-13", D(2023, 1, 1))
    op = change_of(c, "khoản 3 Điều 169", "dieu-30-khoan-2-diem-g")
    assert op.state == versions.IN_BASE and "ghi chú pháp điển của Điều 30" in op.reason
    assert not c.computed
    t = versions.timeline(db, "39-2019-qh14.2019-06-13", "dieu-30")
    assert [v.valid_from for v in t.versions][-1] == D(2022, 1, 1)
    assert t.versions[0].text is None and "chưa có trong kho" in t.versions[0].note
    assert {c.action for c in t.versions[-1].changes} == {"amends", "replace"}


def test_a_later_change_the_release_lacks_is_applied(db):
    c = versions.consolidated(db, "26-2008-qh12", D(2022, 1, 1))
    points = [u.anchor for u in c.units if u.parent == "dieu-163-khoan-1"]
    assert points == ["dieu-163-khoan-1-diem-a", "dieu-163-khoan-1-diem-c", "dieu-163-khoan-1-diem-d",
                      "dieu-163-khoan-1-diem-dd"]
    assert c.computed
    early = versions.consolidated(db, "26-2008-qh12", D(2015, 6, 30))
    assert early.unit("dieu-163").unknown == "Nội dung trước ngày 01/07/2015 chưa có trong kho."


# --- repeals (Thông tư 13/2019/TT-NHNN) ------------------------------------------------

def test_repealed_units_and_their_status(db):
    key = "36-2014-tt-nhnn"
    c = versions.consolidated(db, key, D(2019, 10, 5))
    u = c.unit("dieu-29-khoan-5")
    assert u.text is None and u.repealed.by_number == "13/2019/TT-NHNN" and u.state == "repealed"
    assert "5. (được bãi bỏ)" in c.text_of("dieu-29")
    assert status.provision_status(db, key, "dieu-29-khoan-5", D(2019, 10, 4)).value == status.IN_FORCE
    st = status.provision_status(db, key, "dieu-29-khoan-5", D(2019, 10, 5))
    assert st.value == status.EXPIRED and st.deciding[0].quote.startswith("Bãi bỏ một số điều của Thông tư số 36/2014")
    assert status.provision_status(db, key, "dieu-29", D(2019, 10, 5)).value == status.PARTLY_EXPIRED
    assert status.provision_status(db, key, "dieu-29-khoan-2", D(2019, 10, 5)).value == status.IN_FORCE
    assert versions.provision_status(db, key, "dieu-29-khoan-1-diem-c", D(2020, 1, 1)).value == status.EXPIRED


# --- what cannot be applied --------------------------------------------------------------

def _with(tmp_path, *ops: Operation, events=()):
    """The 30/2025 slice with more operations (and events) of Thông tư 30/2025/TT-NHNN."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = write_kb(tmp_path / "kb.sqlite", ("tt-30-2025",))
    db = store.connect(path)
    store.write_operations(db, list(ops), "test")
    store.write_events(db, list(events), "test")
    from indexer.link import link
    link(db)
    db.commit()
    return db


def test_target_missing_and_undated_changes_are_kept_with_reasons(tmp_path):
    data = load("tt-30-2025")
    amending = next(d for d in data["documents"] if d["number"] == "30/2025/TT-NHNN")
    k2 = next(p for p in amending["provisions"] if p["anchor"] == "dieu-5-khoan-2")
    ev = Evidence("text", k2["text"], k2["source"], "30/2025/TT-NHNN", "khoản 2 Điều 5")
    db = _with(tmp_path,
               # "Bổ sung khoản 3a vào sau khoản 3 Điều 14": Điều 14 is not in this slice of the circular
               Operation("insert", "15/2024/TT-NHNN", ev, "khoản 3a Điều 14", "dieu-14-khoan-3a",
                         text=k2["text"].split("\n", 1)[1], after="dieu-14-khoan-3", date=D(2025, 11, 18)),
               # the same wording read with no date
               Operation("insert", "15/2024/TT-NHNN", ev, "khoản 3a Điều 14", "dieu-14-khoan-3a",
                         text=k2["text"].split("\n", 1)[1], date=None, date_note="ngày chưa rõ"))
    c = versions.consolidated(db, "15-2024-tt-nhnn", D(2025, 12, 1))
    reasons = sorted(x.reason for x in c.problems if x.provision == "khoản 3a Điều 14")
    assert reasons == ["chưa rõ ngày áp dụng (ngày chưa rõ)",
                       "không tìm thấy Điều 14 để bổ sung khoản 3a Điều 14"]
    assert all(x.quote == k2["text"] for x in c.problems if x.provision == "khoản 3a Điều 14")
    db.close()


def test_an_amendment_known_only_as_an_event_marks_its_provision(tmp_path):
    """The KB knows from Thông tư 30/2025 that it amends Điều 19 but has read no
    operation from it: the text shown is marked, never presented as current."""
    data = load("tt-30-2025")
    amending = next(d for d in data["documents"] if d["number"] == "30/2025/TT-NHNN")
    art = next(p for p in amending["provisions"] if p["anchor"] == "dieu-7")
    db = _with(tmp_path, events=[Event(AMENDS, "15/2024/TT-NHNN", Evidence("text", art["heading"], art["source"],
                                                                          "30/2025/TT-NHNN", "Điều 7"),
                                       D(2025, 11, 18), scope="Điều 19")])
    db.execute("DELETE FROM operations")
    c = versions.consolidated(db, "15-2024-tt-nhnn", D(2025, 12, 1))
    (unread,) = c.problems
    assert unread.by_number == "30/2025/TT-NHNN" and "chưa đọc được nội dung thay đổi" in unread.reason
    assert unread in c.unit("dieu-19").problems and c.unit("dieu-19").state == "not_applied"
    t = versions.timeline(db, "15-2024-tt-nhnn", "dieu-19")
    assert t.on(D(2025, 12, 1)).status == versions.NOT_APPLIED_STATUS
    assert t.on(D(2025, 11, 17)).status == status.IN_FORCE
    assert versions.consolidated(db, "15-2024-tt-nhnn", D(2025, 11, 17)).problems == []
    db.close()


def test_unknown_document_or_provision(db):
    assert versions.consolidated(db, "khong-co", D(2020, 1, 1)) is None
    assert versions.timeline(db, "36-2014-tt-nhnn", "dieu-99") is None
    assert versions.provision_on(db, "36-2014-tt-nhnn", "dieu-99", D(2020, 1, 1)) is None


def test_before_the_document_was_issued_there_is_no_text(db):
    c = versions.consolidated(db, "17-1999-ndd-cp", D(1999, 1, 1))
    assert not c.exists and c.units == [] and "sau ngày được hỏi" in c.notices[0]


# --- report tracing: a pinpoint repealed on the report's date ------------------------------

def test_a_cited_provision_repealed_on_the_report_date_is_a_problem(db):
    from kb import trace
    from kb.citations import extract
    text = ("Thực hiện khoản 5 Điều 29 Thông tư số 36/2014/TT-NHNN ngày 20/11/2014 và khoản 2 Điều 29 "
            "Thông tư số 36/2014/TT-NHNN ngày 20/11/2014 của Thống đốc Ngân hàng Nhà nước.")
    repealed, kept = trace.trace(db, extract(text), D(2020, 3, 1), today=D(2020, 3, 1))
    assert trace.PROVISION_EXPIRED in repealed.problems
    assert trace.PROVISION_EXPIRED not in kept.problems
    assert "bị bãi bỏ từ ngày 05/10/2019 bởi Điều 4 13/2019/TT-NHNN" in repealed.notes[-1]
    js = repealed.to_json(None)
    assert js["provision_status_on_report_date"]["status"] == status.EXPIRED
    assert js["provision_status_on_report_date"]["events"][0]["by"] == "13/2019/TT-NHNN"
    # before the repeal the same citation is fine
    (early, _) = trace.trace(db, extract(text), D(2019, 10, 4), today=D(2019, 10, 4))
    assert trace.PROVISION_EXPIRED not in early.problems


def test_parts_of_units_recorded_without_anchor_are_applied_to_their_unit(tmp_path):
    """The parser records a heading or a paragraph ("tên Điều 19", "khổ đầu …")
    with no anchor, not being a whole unit: the part is read from the printed name.
    An annex named by an anchor of its own ("phu-luc-01") is never applied."""
    data = load("tt-30-2025")
    heading = next(o for o in data["operations"] if o["provision"] == "tên Điều 19")
    annex = next(o for o in data["operations"] if o["provision"] == "Phụ lục số 01")
    ev = lambda o: Evidence("text", o["quote"], o["source"], o["by_number"], o["by_provision"])  # noqa: E731
    db = _with(tmp_path,
               Operation("replace", "15/2024/TT-NHNN", ev(heading), "tên Điều 19", None, text=heading["text"],
                         date=D(2025, 11, 20)),
               Operation("replace", "15/2024/TT-NHNN", ev(annex), "Phụ lục số 01", "phu-luc-01", date=D(2025, 11, 20)))
    db.execute("DELETE FROM operations WHERE date = '2025-11-18' AND provision = 'tên Điều 19'")
    c = versions.consolidated(db, "15-2024-tt-nhnn", D(2025, 11, 20))
    assert c.unit("dieu-19").heading == heading["text"]
    (named,) = [x for x in c.changes if x.provision == "tên Điều 19"]
    assert named.anchor == "dieu-19" and named.state == versions.APPLIED
    reasons = [x.reason for x in c.problems if x.provision == "Phụ lục số 01"]
    assert len(reasons) == 2 and all("phụ lục, biểu mẫu, bảng" in r for r in reasons)
    db.close()
