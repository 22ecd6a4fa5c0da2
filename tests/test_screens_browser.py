"""Every daily page on a phone (390×844) and a laptop (1366×900), in a real
browser: no horizontal scroll, a compact header whose menu opens, a skip
link that works, headings in order, dates as dd/mm/yyyy, kinds in words,
and no serious or critical accessibility violation found by axe-core
(installed from npm by `make setup-test`, see tests/a11y)."""
import re

import pytest
from playwright.sync_api import expect

from browser import LAPTOP, PHONE, app_on, live_site, sent_report, serious_violations
from conftest import REPORT
from report_kb import make_report_kb

LONG_LAW = "/van-ban/22-2008-qh12"        # Luật Cán bộ, công chức: 432 provisions, in chapters
PAGES = ["search", "law", "report", "fixes", "review", "changes", "findings"]


def report_kb_app(root):
    corpus, instance = make_report_kb(root)
    return app_on(instance, corpus, PAGE_SIZE=20)


# every page waits up to 20 s for what a step needs
site = live_site("screens", report_kb_app, timeout=20000)


@pytest.fixture(scope="module")
def report_path(site):
    """The reference report, pasted once with its date; its page's path."""
    landed = sent_report(site, "2019-12-31", text=REPORT.read_text(encoding="utf-8"))
    return landed.removeprefix(site.url).split("?")[0]


@pytest.fixture(scope="module")
def pages(report_path):
    """The pages of the issue: search results, a long law, the report and its
    fixes, the review pages."""
    return {"search": "/tim-kiem?q=c%C3%A1n+b%E1%BB%99+c%C3%B4ng+ch%E1%BB%A9c",
            "law": LONG_LAW,
            "report": report_path + "?ngay=2019-12-31",
            "fixes": report_path + "/sua?ngay=2019-12-31",
            "review": "/review/?on=2019-12-31",
            "changes": "/review/changes?from=2010-01-01&to=2026-12-31",
            "findings": "/review/findings"}


@pytest.mark.parametrize("name", PAGES)
def test_no_horizontal_scroll_on_a_phone(site, pages, name):
    page = site.open(pages[name], PHONE)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name} is {width}px wide"
    page.close()


def test_phone_header_is_compact_and_its_menu_opens(site):
    page = site.open("/tim-kiem", PHONE)
    assert page.locator("header.top").bounding_box()["height"] <= 60
    review_link = page.locator("#site-nav a", has_text="Rà soát hiệu lực")
    expect(review_link).to_be_hidden()
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(review_link).to_be_visible()
    review_link.click()
    expect(page.locator("h1")).to_contain_text("Rà soát hiệu lực")
    page.close()
    wide = site.open("/tim-kiem", LAPTOP)
    expect(wide.get_by_role("button", name="Menu")).to_be_hidden()
    expect(wide.locator("#site-nav a", has_text="Rà soát hiệu lực")).to_be_visible()
    wide.close()


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_skip_link_is_the_first_stop_and_lands_in_main(site, viewport):
    page = site.open(LONG_LAW, viewport)
    page.keyboard.press("Tab")
    skip = page.locator("a.skip")
    expect(skip).to_be_focused()
    expect(skip).to_have_text("Bỏ qua, đến nội dung chính")
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")     # the next stop is inside the main content, not the menu
    assert page.evaluate("document.activeElement.closest('main') !== null")
    page.close()


@pytest.mark.parametrize("name", PAGES)
def test_headings_in_order(site, pages, name):
    page = site.open(pages[name], LAPTOP)
    levels = page.evaluate("[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1])")
    assert levels[0] == 1 and levels.count(1) == 1
    jumps = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
    assert not jumps, f"{name}: heading levels jump {jumps}"
    page.close()


def test_article_headings_are_read_without_the_button(site):
    page = site.open(LONG_LAW, LAPTOP)
    head = page.locator("#dieu-1")
    expect(head).to_have_accessible_name(re.compile(r"^Điều 1\. [^T]+$"))
    button = page.locator(".article-head", has=head).locator("button.copy.pin")
    expect(button).to_have_accessible_name("Trích dẫn Điều 1 — sao chép")
    page.close()


def contrast(fg: str, bg: str) -> float:
    def lum(css):
        r, g, b = (int(x) / 255 for x in re.findall(r"\d+", css)[:3])
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted((lum(fg), lum(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_cite_buttons_show_on_hover_and_focus_and_are_readable(site):
    page = site.open(LONG_LAW, LAPTOP)
    button = page.locator(".article-head", has=page.locator("#dieu-2")).locator("button.copy.pin")
    opacity = lambda: float(button.evaluate("b => getComputedStyle(b).opacity"))  # noqa: E731
    assert opacity() == 0
    page.locator("#dieu-2").hover()
    assert opacity() == 1
    colours = button.evaluate("b => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]")
    assert contrast(*colours) >= 4.5
    page.mouse.move(0, 0)
    assert opacity() == 0
    button.focus()
    assert opacity() == 1
    page.close()


def test_copied_label_resets(site):
    page = site.open(LONG_LAW, LAPTOP)
    button = page.locator(".cite-box button.copy").first
    button.click()
    expect(button).to_have_text("Đã sao chép")
    expect(page.locator("#copy-status")).to_contain_text("Đã sao chép")
    expect(button).to_have_text("Sao chép", timeout=6000)
    page.close()


def test_report_colours_have_a_legend(site, report_path):
    page = site.open(report_path + "?ngay=2019-12-31", LAPTOP)
    legend = page.locator(".report-text .legend")
    for status in ("Còn hiệu lực", "Hết hiệu lực toàn bộ", "Chưa có hiệu lực", "Chưa xác định"):
        expect(legend).to_contain_text(status)
    expect(legend).to_contain_text("có vấn đề")
    # a citation with a problem carries a sign, not only a colour
    flagged = page.locator("a.cite.has-problem").first
    sign = flagged.evaluate("a => getComputedStyle(a, '::before').content")
    assert "⚠" in sign
    page.close()


ISO_DATE = re.compile(r"\b(19|20)\d\d-\d\d-\d\d\b")
CODE = re.compile(r"\b[a-z]+_[a-z_]+\b")


@pytest.mark.parametrize("name", PAGES)
def test_dates_as_dd_mm_yyyy_and_kinds_in_words(site, pages, name):
    page = site.open(pages[name], LAPTOP)
    text = page.locator("body").inner_text()
    assert not ISO_DATE.findall(text), f"{name}: {ISO_DATE.search(text).group()}"
    assert not CODE.findall(text), f"{name}: {CODE.findall(text)[:5]}"
    page.close()


def test_findings_and_changes_in_words(site):
    page = site.open("/review/findings", LAPTOP)
    expect(page.locator("tbody tr").first).to_be_visible()
    kinds = page.locator("tbody td[data-label='Loại']").all_inner_texts()
    assert kinds and all(re.search(r"[À-ỹ]", k) for k in kinds)
    page.goto(site.url + "/review/changes?from=2010-01-01&to=2026-12-31")
    events = page.locator("tbody td[data-label='Sự kiện']").all_inner_texts()
    assert events and {"hết hiệu lực", "có hiệu lực"} & set(events)
    assert all(re.fullmatch(r"\d\d/\d\d/\d{4}", d) for d in page.locator("tbody td[data-label='Ngày']").all_inner_texts())
    page.close()


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
@pytest.mark.parametrize("name", PAGES)
def test_no_serious_accessibility_violation(site, pages, name, viewport):
    # the pages allow only their own scripts (web/security.py); the checker is let in
    page = site.open(pages[name], viewport, bypass_csp=True)
    bad = serious_violations(page)
    assert not bad, f"{name}: {bad}"
    page.close()


def test_a_shared_number_lists_its_documents_with_issuer_date_and_status(site):
    page = site.open("/tim-kiem?q=05-KL%2FTU", LAPTOP)
    items = page.locator("ul.numbers > li")
    expect(items).to_have_count(2)                   # listed, none picked
    for item in items.all():
        expect(item.locator(".issued")).to_have_text(re.compile(r"ban hành \d\d/\d\d/\d{4}"))
        expect(item.locator(".badge[data-status]").first).to_be_visible()
    expect(items.filter(has_text="29/06/2016").locator(".issuer")).to_have_text("Ban Thường vụ Tỉnh ủy")
    items.filter(has_text="25/05/2011").locator("a").click()
    namesakes = page.locator(".namesakes")
    expect(namesakes).to_contain_text("ban hành 25/05/2011")
    expect(namesakes.locator("li")).to_have_count(1)
    expect(namesakes.locator("li")).to_contain_text("Ban Thường vụ Tỉnh ủy, ban hành 29/06/2016")
    page.close()
