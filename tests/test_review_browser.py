"""The reviewers' workspace in a real browser (headless Chromium)."""
import csv
import re
import io

from playwright.sync_api import expect

from browser import app_on, built, live_site
from test_linked_corpus import make_corpus

site = live_site("web", lambda root: app_on(built(make_corpus(root, registers=True)), PAGE_SIZE=20))


def row(page, number):
    return page.locator("tr", has=page.locator("td.number", has_text=number))


def test_status_changes_with_the_date_picker(site):
    page = site.open("/review/?on=2019-08-14&stubs=1")      # 158/2007 is known only by mention
    expect(row(page, "158/2007/NĐ-CP").locator(".badge").first).to_have_text("Còn hiệu lực")
    page.fill("input[name=on]", "2019-08-15")
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"on=2019-08-15"))
    r = row(page, "158/2007/NĐ-CP")
    expect(r.locator(".badge").first).to_have_text("Hết hiệu lực toàn bộ")
    expect(r).to_contain_text("59/2019/NĐ-CP")
    page.close()


def test_filter_by_status_and_counts(site):
    page = site.open("/review/?on=2019-12-31&stubs=1")
    expired = int(page.locator("b.count[data-status='Hết hiệu lực toàn bộ']").inner_text())
    assert expired >= 2
    page.select_option("select[name=status]", "Hết hiệu lực toàn bộ")
    page.click("button[type=submit]")
    badges = page.locator("tbody td .badge[data-status]")
    expect(badges.first).to_be_visible()
    assert set(badges.all_inner_texts()) == {"Hết hiệu lực toàn bộ"}
    assert page.locator("tbody tr").count() == min(expired, 20)
    page.close()


def test_csv_export(site):
    page = site.open("/review/?on=2019-12-31&stubs=1&status=H%E1%BA%BFt+hi%E1%BB%87u+l%E1%BB%B1c+to%C3%A0n+b%E1%BB%99")
    with page.expect_download() as info:
        page.click("a.csv")
    text = open(info.value.path(), encoding="utf-8-sig").read()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "số ký hiệu"
    numbers = {r[0] for r in rows[1:]}
    assert {"158/2007/NĐ-CP", "09/2008/QH12"} <= numbers
    assert all(r[5] == "Hết hiệu lực toàn bộ" for r in rows[1:])
    page.close()


def test_changes_and_findings_pages(site):
    page = site.open("/review/changes?from=2019-08-01&to=2019-08-31")
    expect(page.locator("table.docs")).to_contain_text("158/2007/NĐ-CP")
    page.goto(f"{site.url}/review/findings")
    expect(page.locator("table.docs")).to_contain_text("4423/UBND-KT")
    page.close()


def test_bad_date_is_explained_not_an_error_page(site):
    page = site.browser.new_page()
    resp = page.goto(f"{site.url}/review/?on=31-02-2019<script>")
    assert resp.status == 200
    expect(page.locator("[role=alert]")).to_contain_text("không hợp lệ")
    assert "<script>" not in page.locator("main").inner_html().replace("&lt;script&gt;", "")
    page.close()


def test_stubs_are_hidden_by_default_and_counted_with_a_link_to_show_them(site):
    page = site.open("/review/?on=2019-12-31")
    expect(page.locator("td.number .stub")).to_have_count(0)
    note = page.locator(".hidden-stubs")
    expect(note).to_contain_text(re.compile(r"Đã ẩn \d+ văn bản chưa có toàn văn"))
    hidden = int(re.search(r"Đã ẩn (\d+)", note.inner_text()).group(1))
    shown = int(re.search(r"^(\d+)", page.locator("p.total").inner_text()).group(1))
    note.get_by_role("link").click()
    expect(page.locator("p.total")).to_contain_text(f"{shown + hidden} văn bản")
    expect(page.locator(".hidden-stubs")).to_have_count(0)
    expect(page.locator("input[name=stubs]")).to_be_checked()
    page.close()


def test_issuer_read_from_the_number_and_the_rest_counted_as_unknown(site):
    """"Chính phủ" + expired found nothing: the decrees known only by mention
    print no issuer. Their symbol (NĐ-CP) says it, and the page says it inferred it."""
    page = site.open("/review/?on=2019-12-31&stubs=1&issuer=Ch%C3%ADnh+ph%E1%BB%A7"
                     "&status=H%E1%BA%BFt+hi%E1%BB%87u+l%E1%BB%B1c+to%C3%A0n+b%E1%BB%99")
    issuer = row(page, "158/2007/NĐ-CP").locator("td.issuer")
    expect(issuer).to_have_text("Chính phủ (suy từ số hiệu)")
    unknown = page.locator(".issuer-unknown")
    page.goto(f"{site.url}/review/?on=2019-12-31&issuer=Ch%C3%ADnh+ph%E1%BB%A7")
    expect(unknown).to_contain_text(re.compile(r"\d+ văn bản không rõ cơ quan ban hành"))
    count = int(re.search(r"(\d+) văn bản", unknown.inner_text()).group(1))
    unknown.get_by_role("link").click()
    expect(page.locator("p.total")).to_contain_text(f"{count} văn bản")
    expect(page.locator("td.issuer").first).to_have_text("không rõ")
    expect(row(page, "1707/QĐ-UBND")).to_have_count(1)
    page.close()


def test_an_acting_document_known_only_by_mention_is_said_so_on_the_changes_page(site):
    page = site.open("/review/changes?from=2016-07-01&to=2016-07-01")
    by = page.locator("td[data-label=Do]", has_text="80/2016/NĐ-CP").first
    expect(by).to_contain_text("80/2016/NĐ-CP — chưa có toàn văn")
    page.goto(f"{site.url}/review/?on=2019-12-31")
    expect(row(page, "101/2012/NĐ-CP")).to_contain_text("80/2016/NĐ-CP — chưa có toàn văn")
    expect(row(page, "02/2017/NĐ-CP")).not_to_contain_text("chưa có toàn văn")
    page.close()


def test_changes_are_paged(site):
    """A long period of changes comes a page at a time (PAGE_SIZE 20 here), with
    links to the next page; every row of a page is a change of that period."""
    page = site.open("/review/changes?from=1990-01-01&to=2030-12-31")
    total = int(re.match(r"\d+", page.locator("p.total").inner_text()).group())
    assert total > 20
    pages = -(-total // 20)
    expect(page.locator("nav.pages span")).to_have_text(f"Trang 1/{pages}")
    assert page.locator("table.docs tbody tr").count() == 20
    first = page.locator("table.docs tbody tr").all_inner_texts()
    page.click("nav.pages a[rel=next]")
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page.locator("nav.pages span")).to_have_text(f"Trang 2/{pages}")
    second = page.locator("table.docs tbody tr").all_inner_texts()
    assert 0 < len(second) <= 20 and not set(first) & set(second)
    if pages > 2:
        page.click("nav.pages a[rel=last]")
    expect(page.locator("nav.pages span")).to_have_text(f"Trang {pages}/{pages}")
    assert page.locator("table.docs tbody tr").count() == total - 20 * (pages - 1)
    page.close()
