"""Property tests of the indexer's parsers (layout, header, effects, the
whole document): they never crash, the layout map stays true to the
original, and the running time grows linearly with adversarial input —
long lines, thousands of "khoản N" items, long runs of spaces or blank
lines, unclosed quotes. Not a speed target: the time of an input 8 times
larger (about 100 KB) is compared with the time of the small one."""
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from indexer import effects, layout
from indexer.document import document_from
from indexer.header import parse_header
from indexer.sources import SourceText
from linear import assert_linear


def _whole(text):
    return document_from(SourceText(text, format="txt"), "x")


PARSERS = {
    "layout": layout.clean,
    "header": parse_header,
    "effective_date": lambda t: effects.effective_date(t, dt.date(2020, 1, 1)),
    "events": lambda t: effects.events(t, "1/2020/NĐ-CP", "Điều 9", dt.date(2020, 1, 1), "src"),
    "document": _whole,
}

# Each family, repeated k times, is about 12 KB for k = 1.
FAMILIES = {
    "pinpoints before a reference": lambda k: (
        "Nghị định số 5/2010/NĐ-CP hết hiệu lực theo quy định tại " + "khoản 1, " * (1300 * k)
        + "Điều 3 của Nghị định số 7/2012/NĐ-CP."),
    "parts after an opening verb": lambda k: "1. Bãi bỏ " + "điểm c " * (1700 * k) + "của Thông tư số 1/2015/TT-BTC.",
    "thousands of khoản items": lambda k: "".join(f"khoản {i} " for i in range(1400 * k)),
    "list items": lambda k: "Nghị định này bãi bỏ các văn bản sau đây:\n"
                            + "a) Thông tư số 12/2015/TT-BTC;\n" * (400 * k),
    "one long line of dashes": lambda k: "-" * (12000 * k) + "x",
    "one long line of capitals": lambda k: "Số: " + "A" * (12000 * k) + "a",
    "one long token of a symbol": lambda k: "Số: 1/" + "QĐ-" * (4000 * k) + "UBND",
    "runs of spaces": lambda k: ("\n" + " " * 3000 + "Điều") * (4 * k),
    "spaces after a type word": lambda k: "Nghị định này có hiệu lực" + " " * (12000 * k) + "từ ngày 1/1/2020",
    "blank lines": lambda k: "\n" * (12000 * k) + "Điều 1. Nghị định này có hiệu lực kể từ ngày ký.",
    "unclosed quotes": lambda k: "Sửa đổi Điều 1 như sau: “" * (500 * k),
    "straight quotes": lambda k: '1. Thay cụm từ "a" bằng cụm từ "b" tại ' * (300 * k),
    "running heads": lambda k: ("văn bản\n\nCÔNG BÁO/Số 45/Ngày 15-8-2026    3\n\n" + "sau đây:\n") * (200 * k),
    "signature lines": lambda k: "Người ký: A\nEmail: a@b.c\nCơ quan: X\n" * (400 * k),
    "hard-wrapped text": lambda k: ("Thông tư này thay thế Thông tư số 1/2010/TT-BTC ngày 1/1/2010 của Bộ Tài\n"
                                    "chính và bãi bỏ khoản 2 Điều 3 của Thông tư số 2/2011/TT-BTC.\n") * (80 * k),
    "effective clauses": lambda k: "Quyết định này đã được thông qua " * (400 * k) + "và có hiệu lực từ ngày 1/1/2020.",
}


def _grows_linearly(parse, make, label):
    assert_linear(parse, make, label, floor=1e-2, min_size=80_000)


@pytest.mark.parametrize("family", sorted(FAMILIES))
@pytest.mark.parametrize("parser", sorted(PARSERS))
def test_every_parser_is_linear_on_adversarial_input(parser, family):
    _grows_linearly(PARSERS[parser], FAMILIES[family], (parser, family))


PIECES = ["Nghị định này ", "có hiệu lực ", "thi hành ", "từ ngày ", "1/1/2020", "kể từ ngày ký", " hết hiệu lực",
          "Thông tư số 12/2015/TT-BTC ", "bãi bỏ ", "thay thế ", "sửa đổi, bổ sung ", "khoản 2 Điều 3 ", "của ",
          "\n", "\n\n", "1. ", "a) ", ":", ".", "; ", "“", "”", '"', "CÔNG BÁO/Số 4/Ngày 1-2-2020", "12",
          "Người ký: A", "Thời gian ký: 1.2.2020 08:00:00 +07:00", "    ", "\t", "QUYẾT ĐỊNH", "Số: 1/QĐ-UBND",
          "Hà Nội ngày 1 tháng12 năm 2020", "CỘNG HÒA XÃ", "HỘI CHỦ NGHĨA VIỆT NAM", "theo quy định tại "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60))
def test_legal_looking_noise_never_crashes_and_the_layout_map_is_true(pieces):
    text = "".join(pieces)
    lay = layout.clean(text)
    for i, ch in enumerate(lay.text):
        j = lay.original(i)
        assert 0 <= j < len(text)
        assert text[j] == ch or (ch == " " and text[j] == "\n")
    h = parse_header(lay.text)
    assert 0 <= h.body_start <= len(lay.text)
    eff = effects.effective_date(lay.text, dt.date(2020, 1, 1))
    assert eff is None or eff.date is None or isinstance(eff.date, dt.date)
    for e in effects.events(lay.text, "9/2020/NĐ-CP", "Điều 1", None, "src"):
        assert e.evidence.quote and e.target


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_random_unicode_never_crashes(text):
    lay = layout.clean(text)
    assert all(0 <= lay.original(i) < max(len(text), 1) for i in range(len(lay.text)))
    parse_header(text)
    effects.events(text, "1/2020/NĐ-CP", None, None, "src")
    effects.effective_date(text)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=12))
def test_any_repeated_unit_is_read_in_linear_time(unit):
    """A unit drawn from legal-looking pieces, repeated to about 12 KB and 100 KB."""
    piece = "".join(unit)
    reps = 12_000 // len(piece) + 1
    _grows_linearly(_whole, lambda k: piece * (reps * k), ("document", piece))
