"""In-text citations on the document and report pages (issue 15): the same
citation resolves to the same document on both; its status shows in a popover
reached by hover, by keyboard focus and by a tap on a touch screen, closed by
Escape (or a tap elsewhere); without scripts the
citation is a plain link; axe-core finds nothing serious with a popover open."""
import pytest
from playwright.sync_api import expect

from browser import PHONE, app_on, built, live_site, popover_of, sent_report, serious_violations
from conftest import REPORT
from report_kb import make_report_kb

DAY = "2019-12-31"
# A decision of the report's day whose articles cite as the report does.
DECISION = """---
number: 99/2019/QĐ-UBND
doc_type: Quyết định
issuer: Ủy ban nhân dân tỉnh Hà Tĩnh
issued: 2019-12-31
title: Về niêm yết thủ tục hành chính
---
Điều 1. Niêm yết
Thực hiện niêm yết công khai các TTHC theo quy định tại Thông tư 02/TT-VPCP ngày 31/10/2017 về hướng dẫn nghiệp vụ kiểm soát TTHC.
Điều 2. Cán bộ
Thực hiện Luật cán bộ, công chức và chuyển đổi vị trí công tác theo Nghị định 158/2007/NĐ-CP của Chính phủ.
Điều 3. Kết luận
Thực hiện Kết luận số 05-KL/TU của Ban Thường vụ Tỉnh ủy.
"""
DECISION_PAGE = "/van-ban/99-2019-qdd-ubnd.2019-12-31"
DOCUMENT_PAGE = "/van-ban/59-2019-ndd-cp.2019-07-01?on=2019-08-20"
SAME = ["Thông tư 02/TT-VPCP ngày 31/10/2017", "Luật cán bộ, công chức", "Nghị định 158/2007/NĐ-CP"]


def with_the_decision(root):
    """The report's KB, and the decision above in the corpus, built again."""
    corpus, _ = make_report_kb(root)
    folder = corpus / "documents" / "thu-nghiem"
    folder.mkdir(parents=True)
    (folder / "99-2019-qdd-ubnd.md").write_text(DECISION, encoding="utf-8")
    return app_on(built(corpus), corpus)


site = live_site("popovers", with_the_decision)


@pytest.fixture(scope="module")
def report_url(site):
    landed = sent_report(site, DAY, text=REPORT.read_text(encoding="utf-8"))
    return landed.split("?")[0] + f"?ngay={DAY}"


def cite(page, scope: str, text: str):
    return page.locator(f"{scope} .cite", has_text=text).first


@pytest.mark.parametrize("text", SAME)
def test_a_citation_resolves_the_same_on_the_report_and_the_document_page(site, report_url, text):
    page = site.open(report_url)
    on_report = cite(page, "pre.text", text).get_attribute("href")
    page.goto(f"{site.url}{DECISION_PAGE}?on={DAY}")
    on_document = cite(page, "section.text", text).get_attribute("href")
    assert on_report.startswith("/van-ban/") and on_document == on_report
    page.close()


def test_a_shared_number_is_not_linked_to_one_document_but_lists_them(site):
    page = site.open(f"{DECISION_PAGE}?on={DAY}")
    link = cite(page, "section.text", "05-KL/TU")
    assert "/van-ban/" not in (link.get_attribute("href") or "")
    link.focus()
    pop = popover_of(page, link)
    expect(pop).to_be_visible()
    expect(pop.locator("li")).to_have_count(2)
    expect(pop).to_contain_text("chưa chọn văn bản nào")
    page.close()


def test_document_page_popover_on_focus_and_hover_closed_by_escape(site):
    page = site.open(DOCUMENT_PAGE, PHONE)
    link = page.locator("#dieu-88-khoan-2-diem-d a.cite")
    assert link.get_attribute("title") is None          # no native tooltip any more
    pop = popover_of(page, link)
    expect(pop).to_be_hidden()
    # reached by keyboard: Tab from the element before it lands on it
    page.locator("#dieu-88-khoan-2-diem-c").evaluate(
        "p => { p.tabIndex = -1; p.focus(); }")
    for _ in range(20):
        page.keyboard.press("Tab")
        if link.evaluate("a => document.activeElement === a"):
            break
    expect(link).to_be_focused()
    expect(pop).to_be_visible()
    expect(pop).to_contain_text("Nghị định 158/2007/NĐ-CP")
    expect(pop).to_contain_text("Ngày 20/08/2019")
    expect(pop.locator(".badge")).to_have_text("Hết hiệu lực toàn bộ")
    expect(pop).to_contain_text("hết hiệu lực từ ngày 15/08/2019 bởi Điều 88 59/2019/NĐ-CP")
    expect(pop).to_contain_text("Nguồn: Bộ pháp điển")
    box, width = pop.bounding_box(), page.evaluate("document.documentElement.clientWidth")
    assert box["x"] >= 0 and box["x"] + box["width"] <= width      # within a phone's screen
    page.keyboard.press("Escape")
    expect(pop).to_be_hidden()
    expect(link).to_be_focused()
    # hover: shown, and it stays while the pointer moves onto it
    page.evaluate("document.activeElement.blur()")
    link.hover()
    expect(pop).to_be_visible()
    pop.hover()
    page.wait_for_timeout(400)
    expect(pop).to_be_visible()
    page.mouse.move(1, 1)
    expect(pop).to_be_hidden()
    page.close()


def test_report_page_popover_says_status_on_the_report_date_and_problems(site, report_url):
    page = site.open(report_url)
    link = page.locator("pre.text a.cite.status-expired", has_text="158/2007/NĐ-CP").first
    assert link.get_attribute("title") is None
    pop = popover_of(page, link)
    link.focus()
    expect(pop).to_be_visible()
    expect(pop).to_contain_text("Ngày 31/12/2019")
    expect(pop.locator(".badge")).to_have_text("Hết hiệu lực toàn bộ")
    expect(pop).to_contain_text("Đã hết hiệu lực vào ngày báo cáo")
    page.keyboard.press("Escape")
    expect(pop).to_be_hidden()
    page.close()


def test_without_scripts_a_citation_is_a_plain_link(site):
    page = site.open(DOCUMENT_PAGE, java_script_enabled=False)
    link = page.locator("#dieu-88-khoan-2-diem-d a.cite")
    expect(popover_of(page, link)).to_be_hidden()
    link.click()
    expect(page.locator("h1")).to_have_text("Nghị định 158/2007/NĐ-CP")
    page.close()


@pytest.mark.parametrize("where", ["document", "report"])
def test_no_serious_accessibility_violation_with_a_popover_open(site, report_url, where):
    page = site.open(DOCUMENT_PAGE if where == "document" else report_url, bypass_csp=True)
    link = page.locator("a.cite[aria-describedby]").first
    link.focus()
    expect(popover_of(page, link)).to_be_visible()
    bad = serious_violations(page)
    assert not bad, bad
    page.close()


def test_on_a_touch_screen_a_first_tap_shows_the_popover_and_a_second_follows_the_link(site):
    """No hover on a phone: the first tap on a citation shows its popover and
    stays on the page; a tap elsewhere closes it; a second tap on the same
    citation opens the cited document."""
    page = site.open(DOCUMENT_PAGE, PHONE, has_touch=True, is_mobile=True)
    start = page.url
    link = page.locator("#dieu-88-khoan-2-diem-d a.cite")
    pop = popover_of(page, link)
    expect(pop).to_be_hidden()
    link.tap()
    expect(pop).to_be_visible()
    expect(pop).to_contain_text("Nghị định 158/2007/NĐ-CP")
    page.wait_for_timeout(300)
    assert page.url == start                            # the first tap did not leave the page
    page.locator("h1").tap()
    expect(pop).to_be_hidden()
    link.tap()
    expect(pop).to_be_visible()
    link.tap()
    expect(page.locator("h1")).to_have_text("Nghị định 158/2007/NĐ-CP")
    page.close()
