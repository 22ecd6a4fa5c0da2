"""Versions on the document page in a real browser: pick two dates of an
amended law's article, see its two texts and the difference, follow the
amending provision; on a phone's width nothing of it scrolls sideways."""
import re

from playwright.sync_api import expect

from browser import PHONE, app_on, live_site
from versions_kb import write_instance

site = live_site("versions-browser", lambda root: app_on(write_instance(root)))


def compare(site, start, end, viewport=None):
    """A new page on the law, on which a reader opened the versions of Điều 252
    and compared two dates; the page and those versions."""
    page = site.open("/van-ban/31-2024-qh15?on=2024-08-01", viewport)
    expect(page.locator(".computed-banner")).to_contain_text(
        "Văn bản hợp nhất do Căn cứ tự tổng hợp, không phải văn bản hợp nhất chính thức (VBHN)")
    versions = page.locator("#phien-ban-dieu-252")
    versions.locator("summary").click()
    versions.locator("input[name=from]").fill(start)
    versions.locator("input[name=to]").fill(end)
    versions.get_by_role("button", name="So sánh").click()
    return page, versions


def test_two_dates_two_texts_the_difference_and_the_amending_provision(site):
    page, versions = compare(site, "2024-07-01", "2024-08-01")
    expect(versions).to_have_attribute("open", "")
    sides = versions.locator(".compare-side")
    expect(sides).to_have_count(2)
    expect(sides.nth(0)).to_contain_text("Ngày 01/07/2024")
    expect(sides.nth(0)).to_contain_text("Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2025")
    expect(sides.nth(1)).to_contain_text("Luật này có hiệu lực thi hành từ ngày 01 tháng 8 năm 2024")
    expect(versions.locator(".diff-text del").first).to_have_text("01")
    expect(versions.locator(".diff-text ins").first).to_have_text("8")
    link = sides.nth(1).locator("a.by")
    expect(link).to_have_text("khoản 2 Điều 1 43/2024/QH15")
    link.click()
    expect(page).to_have_url(re.compile(r"/van-ban/43-2024-qh15#dieu-1-khoan-2$"))
    expect(page.locator("#dieu-1-khoan-2")).to_contain_text("Sửa đổi, bổ sung khoản 1 Điều 252 như sau")
    page.close()


def test_the_page_shows_the_text_of_the_date_picked(site):
    page = site.open("/van-ban/17-1999-ndd-cp?on=2001-11-15")
    expect(page.locator("#dieu-26a")).to_have_count(0)
    page.fill("form.status-form input[name=on]", "2001-11-16")
    page.click("form.status-form button[type=submit]")
    expect(page.locator("#dieu-26a")).to_contain_text("Điều 26a. Bảo lãnh bằng giá trị quyền sử dụng đất")
    expect(page.locator(".computed-banner")).to_be_visible()
    page.close()


def test_no_sideways_scroll_at_390px(site):
    page, versions = compare(site, "2024-07-01", "2024-08-01", PHONE)
    expect(versions.locator(".diff")).to_be_visible()
    for sel in ("#phien-ban-dieu-252", "#phien-ban-dieu-252 .compare", "#phien-ban-dieu-252 .diff",
                "#phien-ban-dieu-252 .compare-form", ".computed-banner"):
        box = page.evaluate("""sel => { const e = document.querySelector(sel); const r = e.getBoundingClientRect();
                               return {right: r.right, left: r.left, sw: e.scrollWidth, cw: e.clientWidth}; }""", sel)
        assert box["left"] >= 0 and box["right"] <= 390, (sel, box)
        assert box["sw"] <= box["cw"] + 1, (sel, box)
    page.close()
