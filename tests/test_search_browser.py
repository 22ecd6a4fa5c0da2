"""The search page in a real browser: a number lands on its document, an
accent-free query finds the one-stop-shop articles, facets filter."""
import re

from playwright.sync_api import expect

from browser import app_on, built, live_site
from test_search import make_search_corpus
from kb.text import fold

site = live_site("search-browser", lambda root: app_on(built(make_search_corpus(root))))


def typed_search(site, q):
    """A new page on which the user typed ``q`` in the search box and sent it."""
    page = site.open("/tim-kiem")
    page.fill("input[name=q]", q)
    page.click("#search-form button[type=submit]")
    return page


def test_number_search_lands_on_the_document(site):
    page = typed_search(site, "nd 61/2018")
    expect(page.locator("h1")).to_have_text("Nghị định 61/2018/NĐ-CP")
    page.close()


def test_accent_free_search_in_the_browser_and_status_filter(site):
    page = site.open("/tim-kiem?q=mot+cua+lien+thong&on=2019-12-31")
    expect(page.locator(".hit", has_text="61/2018/NĐ-CP").first).to_be_visible()
    expect(page.locator(".hit mark").first).to_be_visible()
    page.click("a.facet[data-facet=status] >> text=Còn hiệu lực")
    expect(page).to_have_url(re.compile("status="))
    badges = page.locator(".hit .badge[data-status]")
    assert set(badges.all_inner_texts()) == {"Còn hiệu lực"}
    expect(page.locator(".facet-on[data-facet=status]")).to_contain_text("Còn hiệu lực")
    page.close()


def test_issuer_and_field_facets(site):
    page = site.open("/tim-kiem?q=quy+dinh")
    issuer = page.locator("a.facet[data-facet=issuer]").first
    name, count = issuer.inner_text(), int(page.locator("ul[data-facet=issuer] li b").first.inner_text())
    issuer.click()
    expect(page).to_have_url(re.compile("issuer="))
    expect(page.locator(".hit").first).to_be_visible()
    # the issuer printed, or read from the number (then said so)
    assert {t.split(" · ")[1].removesuffix(" (suy từ số hiệu)").casefold()
            for t in page.locator(".hit .hit-title").all_inner_texts()} == {name.casefold()}
    # the counts are of documents: as many documents as the facet said
    keys = set(page.locator(".hit").evaluate_all("hs => hs.map(h => h.dataset.key)"))
    assert len(keys) <= count
    page.goto(f"{site.url}/tim-kiem?q=quy+dinh")
    field = page.locator("a.facet[data-facet=field]").first
    code = field.get_attribute("data-value")
    assert re.fullmatch(r"\d+\.\d+", code) and field.inner_text().startswith(code + " ")
    field.click()
    expect(page).to_have_url(re.compile(r"field=" + re.escape(code)))
    expect(page.locator(".facet-on[data-facet=field]")).to_contain_text(code)
    page.close()


def test_article_hits_show_document_chapter_and_article(site):
    page = site.open("/tim-kiem?q=tuyen+dung+cong+chuc&level=article")
    hit = page.locator(".hit[data-level=article]", has_text="22/2008/QH12").first
    expect(hit.locator(".hit-article")).to_have_text(re.compile(r"^Điều \d+\. "))
    expect(hit.locator(".hit-chapter")).to_have_text(re.compile(r"^Chương [IVX]+\. "))
    expect(hit.locator("a").first).to_contain_text("Luật 22/2008/QH12 — Điều")
    expect(page.locator(".facet-on[data-facet=level]")).to_contain_text("đang chỉ điều")
    hit.locator("a").first.click()
    expect(page).to_have_url(re.compile(r"/van-ban/22-2008-qh12.*#dieu-\d+$"))
    page.close()


def test_garbage_and_empty_queries_answer_helpfully(site):
    page = site.browser.new_page()
    for q in ["", '"""', "((( AND OR", "<script>alert(1)</script>", "x" * 2000, "999999/2099/ZZ-XX", "%00%01"]:
        resp = page.goto(f"{site.url}/tim-kiem?q={q}")
        assert resp.status == 200, q
        expect(page.locator("main .notice, main .total").first).to_be_visible()
    page.close()


def test_a_law_name_shows_the_law_in_force_first(site):
    page = site.open("/tim-kiem?q=" + "luật bảo hiểm xã hội" + "&on=2019-12-31")
    first = page.locator(".hit").first
    expect(first).to_have_attribute("data-pinned", "name")
    expect(first.locator("a").first).to_contain_text("58/2014/QH13")
    # in force, wholly or with some provisions ended (as the KB knows it on that date)
    expect(first.locator(".badge[data-status]")).to_have_text(re.compile("^(Còn hiệu lực|Hết hiệu lực một phần)"))
    # then its articles
    assert set(page.locator(".hit").evaluate_all("hs => hs.slice(1, 4).map(h => h.dataset.key)")) == \
        {first.get_attribute("data-key")}
    page.close()


def test_a_pinpoint_opens_its_article(site):
    page = typed_search(site, "điều 36 bộ luật lao động")
    expect(page).to_have_url(re.compile(r"/van-ban/45-2019-qh14[^#]*#dieu-36$"))
    expect(page.locator("[id='dieu-36']")).to_be_in_viewport()
    page.close()


def test_a_question_with_filler_words_finds_its_article(site):
    page = typed_search(site, "Người lao động được nghỉ hằng năm bao nhiêu ngày theo quy định hiện nay?")
    first = page.locator(".hit").first
    expect(first.locator(".hit-article")).to_have_text(re.compile(r"^Điều 113\. Nghỉ hằng năm"))
    expect(first.locator("a").first).to_contain_text("45/2019/QH14")
    page.close()


def test_highlights_respect_diacritics(site):
    page = site.open("/tim-kiem?q=" + "nghỉ hằng năm" + "&level=article")
    marked = {m.lower() for m in page.locator(".hit .snippet mark").all_inner_texts()}
    assert "nghỉ" in marked and "nghị" not in marked and "hàng" not in marked
    page.goto(f"{site.url}/tim-kiem?q=nghi+hang+nam&level=article")
    marked = {m.lower() for m in page.locator(".hit .snippet mark").all_inner_texts()}
    # typed without accents: every accented form is marked, and only those
    assert "nghỉ" in marked and {fold(m) for m in marked} <= {"nghi", "hang", "nam"}
    page.close()


def test_number_autocomplete_in_the_search_box(site):
    page = site.open("/tim-kiem")
    page.locator("input[name=q]").press_sequentially("61/20", delay=30)
    expect(page.locator("#suggest-list option[value='61/2018/NĐ-CP']")).to_have_count(1)
    page.close()
