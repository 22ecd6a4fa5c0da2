"""Inputs that made a parser run away (issue 16's "one anonymous paste freezes
the server"): each now costs time in proportion to its length.

Two kinds of check, neither a speed target: 8 times the input must cost far
less than 64 times the time (what a quadratic pattern costs), and an input
that took seconds before (its figure in the comment) must now take a small
fraction of that.
"""
import time

from indexer import candidates, document, structure
from indexer.sources import SourceText
from kb.text import TextView
from linear import assert_linear, best_time


def _grows_linearly(fn, make):
    assert_linear(fn, make, floor=2e-3)


def test_page_noise_on_a_long_run_of_blanks():
    # "\n" and 20,000 spaces took 3.4 s (quadratic: 100 KB took 98 s)
    _grows_linearly(TextView, lambda k: "\n" + " " * (20000 * k) + "x")
    assert best_time(TextView, "\n" + " \t\u00a0\r" * 25000 + "x", repeat=1) < 0.5


def test_page_noise_still_blanks_page_numbers():
    view = TextView("Điều 1.\n- 12 -\nTrang 3/10\nNghị định")
    assert view.text == "Điều 1.\n      \n          \nNghị định"


def test_article_starts_after_many_blank_lines():
    # 20,000 blank lines took 0.56 s, 200 KB of them 61 s
    _grows_linearly(lambda s: list(document.articles(s)), lambda k: "\n" * (20000 * k) + "x")
    _grows_linearly(lambda s: list(document.articles(s)), lambda k: " \n" * (20000 * k) + "Điều 1.")


def test_articles_keep_the_blank_lines_before_them():
    body = "Mở đầu\n\n  \nĐiều 1. Một\nchữ\n\nĐiều 2: Hai\n"
    assert list(document.articles(body)) == [("Điều 1", "\n  \nĐiều 1. Một\nchữ\n"),
                                             ("Điều 2", "\nĐiều 2: Hai\n")]


def test_a_document_of_blank_lines_is_read_at_once():
    t0 = time.perf_counter()
    document.document_from(SourceText("\n" * 200_000 + "x", format="txt"), "thử")
    assert time.perf_counter() - t0 < 5      # 61 s before


def test_structure_of_an_article_with_many_lines():
    # each line was added to the article's text by copying it: 200,000 lines took 6.7 s
    _grows_linearly(structure.parse, lambda k: "Điều 1. A\n" + "1 \n" * (20000 * k))
    (art,) = structure.parse("Điều 1. A\n\nx\n\ny")
    assert art.text == "x\n\ny"


def test_candidate_part_list():
    # "điểm c" 22 times between the verb and the document acted on: 10 s
    assert best_time(candidates._PART_RE.match, "điểm c " * 22 + ";", repeat=1) < 0.5
    assert best_time(candidates._PART_RE.match, "điểm c, " * 22 + "ban", repeat=1) < 0.5
    assert candidates._PART_RE.match("điểm c, điểm d và khoản 2 Điều 3 của ")
    assert candidates._PART_RE.match("Điều 1 và quy định ban hành kèm theo ")
    assert not candidates._PART_RE.match("điểm c " * 22 + ";")


def test_candidate_lead():
    # 260 spaces before the verb: 4.2 s
    assert best_time(candidates._LEAD_RE.match, " " * 260 + "x", repeat=1) < 0.5
    assert candidates._LEAD_RE.match(" của UBND tỉnh Hà Tĩnh về việc ")
    assert candidates._act(" " * 200 + "x bãi bỏ ") is None
    assert candidates._act(", về việc bãi bỏ khoản 2 Điều 3 ") == ("repeals_part", "khoản 2 Điều 3")
