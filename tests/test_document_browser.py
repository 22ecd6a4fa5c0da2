"""Document pages in a real browser, on the KB of the real pháp điển slice."""
import re

from playwright.sync_api import expect

from browser import app_on, built, live_site, popover_of
from test_linked_corpus import make_corpus

HOSTILE = """ỦY BAN NHÂN DÂN TỈNH THỬ
Số: 9/2020/QĐ-UBND
Hà Nội, ngày 02 tháng 3 năm 2020
QUYẾT ĐỊNH
Về việc thử <script>alert("x")</script> văn bản
Điều 1. Phạm vi <img src=x onerror="alert(1)">
Quyết định này thực hiện Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 <b onmouseover=alert(2)>đậm</b>.
Điều 2. Hiệu lực
Quyết định này có hiệu lực kể từ ngày 15 tháng 3 năm 2020.
"""


def with_hostile_text(root):
    """The slices' KB, and the decision above among its documents."""
    corpus = make_corpus(root)
    (corpus / "documents").mkdir()
    (corpus / "documents" / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    return app_on(built(corpus))


site = live_site("docs", with_hostile_text)


def test_status_badge_follows_the_date_picker(site):
    page = site.open("/van-ban/61-2018-ndd-cp.2018-04-23?on=2018-05-01")
    expect(page.locator("#status .badge").first).to_have_text("Chưa có hiệu lực")
    page.fill("form.status-form input[name=on]", "2019-01-01")
    page.click("form.status-form button[type=submit]")
    expect(page.locator("#status .badge").first).to_have_text("Còn hiệu lực")
    page.close()


def test_following_an_in_text_citation(site):
    page = site.open("/van-ban/59-2019-ndd-cp.2019-07-01?on=2019-08-20")
    link = page.locator("#dieu-88-khoan-2-diem-d a.cite")
    popover = popover_of(page, link)
    link.focus()
    expect(popover).to_contain_text(re.compile("158/2007/NĐ-CP.*Hết hiệu lực toàn bộ"))
    link.click()
    expect(page.locator("h1")).to_have_text("Nghị định 158/2007/NĐ-CP")
    expect(page.locator(".stub-note")).to_be_visible()
    expect(page.locator("#status .badge").first).to_have_text("Hết hiệu lực toàn bộ")
    page.close()


def test_relations_diagram_and_groups(site):
    page = site.open("/van-ban/59-2019-ndd-cp.2019-07-01")
    expect(page.locator("svg.diagram")).to_be_visible()
    expect(page.locator(".relations")).to_contain_text("Làm hết hiệu lực")
    expect(page.locator("svg.diagram")).to_contain_text("158/2007/NĐ-CP")
    page.close()


def test_copy_citation(site):
    page = site.open("/van-ban/61-2018-ndd-cp.2018-04-23")
    expect(page.locator("#citation")).to_have_text(re.compile(r"^Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính phủ"))
    page.click("button.copy:not(.pin)[data-copy='#citation']")
    button = page.locator("button.copy:not(.pin)[data-copy='#citation']")
    expect(button).to_have_text("Đã sao chép")
    assert button.get_attribute("data-copied").startswith("Nghị định số 61/2018/NĐ-CP")
    page.close()


def test_copy_a_citation_with_the_pinpoint_of_a_provision(site):
    page = site.open("/van-ban/61-2018-ndd-cp.2018-04-23")
    button = page.locator("[id='dieu-1-khoan-2'] button.pin")
    expect(button).to_have_attribute("data-pinpoint", "khoản 2 Điều 1")
    button.click()
    expect(button).to_have_text("Đã sao chép")
    assert button.get_attribute("data-copied").startswith("khoản 2 Điều 1 Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018")
    page.close()


def test_hostile_text_is_shown_as_text(site):
    page = site.browser.new_page()
    alerts = []
    page.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
    page.goto(f"{site.url}/van-ban/9-2020-qdd-ubnd.2020-03-02")
    expect(page.locator(".doc-title")).to_contain_text('<script>alert("x")</script>')
    expect(page.locator("#dieu-1")).to_contain_text('<img src=x onerror="alert(1)">')
    page.hover("text=đậm")
    assert alerts == []
    assert page.locator("main script:not([src^='/static/'])").count() == 0      # only the page's own
    assert page.locator("main img").count() == 0
    html = site.app.test_client().get("/van-ban/9-2020-qdd-ubnd.2020-03-02").data.decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    page.close()
