"""Property tests: the finder never crashes, keeps offsets true, and its
running time grows linearly with adversarial input (not a speed target:
the ratio between a long and a short input is what is checked)."""

from hypothesis import HealthCheck, given, settings, strategies as st

from kb.citations import extract
from linear import assert_linear

PIECES = ["Nghị định số ", "Quyết định ", "số ", "/", "-", "QĐ", "UBND", "NĐ-CP", "2018", "61",
          " ngày ", "tháng ", "năm ", "của ", "Ban Thường vụ Tỉnh ủy", "Luật ", ", ", " và ",
          "\n", "12\n", "khoản 2 Điều 3 ", "Ð", "\u0323", "KL/TU", "05 ", "Chỉ thị 35, 20; "]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_random_unicode_never_crashes(text):
    for c in extract(text):
        assert text[c.start:c.end] == c.text
        assert 0 <= c.start < c.end <= len(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=80))
def test_legal_looking_noise_never_crashes(pieces):
    text = "".join(pieces)
    previous_end = -1
    for c in extract(text):
        assert text[c.start:c.end] == c.text
        assert c.start >= previous_end - len(c.text)   # citations come in text order
        previous_end = c.end


def _grows_linearly(make):
    assert_linear(extract, make, floor=1e-2)


def test_linear_on_runs_of_digits_and_slashes():
    _grows_linearly(lambda k: ("1" * 20000 + "/" * 5000 + "12/" * 5000) * k)


def test_linear_on_repeated_type_words():
    # 1 MB of "Nghị định số " at the largest size
    _grows_linearly(lambda k: "Nghị định số " * (10000 * k))


def test_linear_on_numbers_without_symbols():
    _grows_linearly(lambda k: "Quyết định 52, 53, 54, 55 và " * (3000 * k))


def test_one_megabyte_of_type_words_finishes():
    text = "Nghị định số " * (1024 * 1024 // len("Nghị định số "))
    assert extract(text) == []
