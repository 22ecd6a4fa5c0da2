"""Search: numbers go to their document, words find articles with or
without accents, filters and counts; in a real browser."""
import re

import pytest
from playwright.sync_api import expect, sync_playwright

from browser import LiveServer, launch
from indexer.build import build
from kb import search, store
from test_linked_corpus import make_corpus
from web import create_app


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    root = tmp_path_factory.mktemp("search")
    assert build(make_corpus(root, registers=True), root / "instance").errors == []
    return root / "instance"


@pytest.fixture(scope="module")
def site(kb):
    app = create_app({"KB_INSTANCE": str(kb)})
    with LiveServer(app) as server, sync_playwright() as p:
        browser = launch(p)
        yield server.url, browser
        browser.close()


def test_accent_free_query_finds_the_one_stop_shop_article(kb):
    db = store.connect(kb / "current" / "kb.sqlite", readonly=True)
    ix = search.open_index(kb / "current" / search.DIR_NAME)
    res = search.search(ix, db, "mot cua lien thong")
    keys = [h.doc_key for h in res.hits]
    assert any(k.startswith("61-2018-ndd-cp") for k in keys[:3])
    exact = search.search(ix, db, "một cửa liên thông")
    assert exact.hits[0].exact and {h.doc_key for h in exact.hits} == set(keys)
    # a word with other accents matches folded only, and ranks after exact matches
    mixed = search.search(ix, db, "một của liên thông")
    assert [h.exact for h in mixed.hits] == sorted((h.exact for h in mixed.hits), reverse=True)


@pytest.mark.parametrize("q", ["61/2018/NĐ-CP", "61/2018", "nd 61/2018", "NĐ 61/2018", "61/2018/ND-CP"])
def test_number_queries(kb, q):
    db = store.connect(kb / "current" / "kb.sqlite", readonly=True)
    rows = search.number_lookup(db, q)
    assert [r["number"] for r in rows] == ["61/2018/NĐ-CP"], q


def test_no_stop_words_no_stemming():
    # "an" (an toàn) and "quy" stay words; the folded field keeps them
    assert [t.text for t in search.FOLDED("An toàn thực phẩm quy định")] == ["an", "toan", "thuc", "pham", "quy", "dinh"]


def test_number_search_lands_on_the_document(site):
    url, browser = site
    page = browser.new_page()
    page.goto(f"{url}/tim-kiem")
    page.fill("input[name=q]", "nd 61/2018")
    page.click("#search-form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Nghị định 61/2018/NĐ-CP")
    page.close()


def test_accent_free_search_in_the_browser_and_status_filter(site):
    url, browser = site
    page = browser.new_page()
    page.goto(f"{url}/tim-kiem?q=mot+cua+lien+thong&on=2019-12-31")
    expect(page.locator(".hit", has_text="61/2018/NĐ-CP").first).to_be_visible()
    expect(page.locator(".hit mark").first).to_be_visible()
    page.click("a.facet[data-facet=status] >> text=Còn hiệu lực")
    expect(page).to_have_url(re.compile("status="))
    badges = page.locator(".hit .badge[data-status]")
    assert set(badges.all_inner_texts()) == {"Còn hiệu lực"}
    page.close()


def test_garbage_and_empty_queries_answer_helpfully(site):
    url, browser = site
    page = browser.new_page()
    for q in ["", '"""', "((( AND OR", "<script>alert(1)</script>", "x" * 2000, "999999/2099/ZZ-XX"]:
        resp = page.goto(f"{url}/tim-kiem?q={q}")
        assert resp.status == 200, q
        assert page.locator("main").inner_text()
    page.close()
