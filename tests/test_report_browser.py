"""The report page in a real browser (Playwright driving Debian's chromium):
upload the reference report as a .docx, see its citations coloured by
status, pick section II.3, see 158/2007 flagged, export the legal-basis
table, fix a citation and download the text, save the report and find it
in a cited document's "cited by"."""
import csv
import io
import re

import pytest
from docx import Document as DocxDocument
from playwright.sync_api import expect, sync_playwright

from browser import LiveServer, launch
from conftest import REPORT
from indexer.reports import sections
from kb.accounts import Accounts
from report_kb import make_report_kb
from web import create_app

PASSWORD = "mat-khau-thu-nghiem"


def reference_report_as_docx(path):
    """The .txt as Word would hold it: a paragraph a line, headings in bold."""
    text = REPORT.read_text(encoding="utf-8")
    heads = {text[s.start:].split("\n", 1)[0] for s in sections(text)}
    d = DocxDocument()
    for line in text.split("\n"):
        d.add_paragraph().add_run(line).bold = (line in heads) or None
    d.save(path)
    return path


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("reports-site")
    corpus, instance = make_report_kb(root)
    Accounts(instance).add("bientap", PASSWORD, ["editor"])
    app = create_app({"KB_INSTANCE": str(instance), "CORPUS": str(corpus)})
    with LiveServer(app) as server, sync_playwright() as p:
        browser = launch(p)
        yield server.url, browser, root
        browser.close()


@pytest.fixture(scope="module")
def report_url(site):
    """Upload the report once; the page it lands on."""
    url, browser, root = site
    page = browser.new_page()
    page.goto(f"{url}/bao-cao/")
    page.set_input_files("input[name=file]", str(reference_report_as_docx(root / "bao-cao.docx")))
    page.fill("input[name=ngay]", "2019-12-31")
    page.click("form.report-form button[type=submit]")
    expect(page.locator("strong.report-day")).to_have_text("31/12/2019")
    landed = page.url
    page.close()
    return landed


def test_citations_are_highlighted_by_their_status(site, report_url):
    _, browser, _ = site
    page = browser.new_page()
    page.goto(report_url)
    cites = page.locator("pre.text a.cite")
    assert cites.count() > 80
    expired = page.locator("pre.text a.cite.status-expired", has_text="158/2007/NĐ-CP")
    expect(expired).to_have_count(2)
    expect(expired.first).to_have_attribute("data-problems", "expired_at_report_date")
    expect(page.locator("pre.text a.cite.status-ok").first).to_be_visible()
    expect(page.locator(".problem-counts [data-problem=wrong_number]")).to_contain_text("1")
    # repeated section numbers are kept and remarked
    expect(page.locator(".section-tree .remark", has_text="lặp lại")).to_have_count(2)
    page.close()


def test_picking_section_II_3_lists_its_legal_basis(site, report_url):
    _, browser, _ = site
    page = browser.new_page()
    page.goto(report_url)
    # section "3." under the first "II." (the report has two)
    page.locator(".section-tree li.level-2 a", has_text=re.compile(r"^3\. Cải cách tổ chức bộ máy")).click()
    basis = page.locator("section.basis")
    expect(basis.locator("h2")).to_contain_text("mục 3.")
    row = basis.locator("tr", has_text="Nghị định 158/2007/NĐ-CP").first
    expect(row.locator("[data-problem=expired_at_report_date]")).to_have_text("Đã hết hiệu lực vào ngày báo cáo")
    expect(row.locator("td.problems blockquote.evidence")).to_contain_text("59/2019/NĐ-CP, Điều 88")
    # the section's rows only: a citation of another section is not listed
    expect(basis.locator("tr", has_text="Nghị định số 130/2015/NĐ-CP")).to_have_count(0)
    page.close()


def test_export_the_legal_basis_table_as_csv(site, report_url):
    _, browser, _ = site
    page = browser.new_page()
    page.goto(report_url)
    with page.expect_download() as info:
        page.click("text=Tải danh mục văn bản căn cứ (CSV)")
    rows = list(csv.reader(io.StringIO(open(info.value.path(), encoding="utf-8-sig").read())))
    assert rows[0][:2] == ["Mục", "Trích dẫn (như trong báo cáo)"]
    expired = [r for r in rows if r[1] == "Nghị định 158/2007/NĐ-CP"]
    assert len(expired) == 2 and all(r[3] == "Hết hiệu lực toàn bộ" for r in expired)
    (wrong,) = [r for r in rows if r[1] == "Nghị định số 130/2015/NĐ-CP"]
    assert wrong[2] == "có lẽ là 130/2005/NĐ-CP" and wrong[5] == "Số hiệu sai"
    (law,) = [r for r in rows if r[1] == "Luật quản lý, sử dụng tài sản Nhà nước"]
    assert law[2] == "09/2008/QH12" and law[3] == "Hết hiệu lực toàn bộ"
    page.close()


def test_fix_a_citation_and_download_the_text(site, report_url):
    _, browser, _ = site
    page = browser.new_page()
    page.goto(report_url)
    page.click("text=Sửa trích dẫn")
    fix = page.locator("li.fix", has_text="Nghị định số 130/2015/NĐ-CP")
    fix.locator("label.proposal input").first.check()
    with page.expect_download() as info:
        page.click("button[value=txt]")
    text = open(info.value.path(), encoding="utf-8").read()
    assert "130/2015/NĐ-CP" not in text and text.count("130/2005/NĐ-CP") == 3
    assert "Nghị định 158/2007/NĐ-CP" in text        # kept as it was: not accepted
    page.close()


def test_saving_needs_an_editor_then_the_report_is_cited_by(site, report_url):
    url, browser, _ = site
    page = browser.new_page()
    page.goto(report_url)
    expect(page.locator("form.save-report")).to_have_count(0)        # anonymous: no save form
    page.goto(f"{url}/tai-khoan/dang-nhap")
    page.fill("input[name=name]", "bientap")
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.goto(report_url)
    page.fill("form.save-report input[name=title]", "Báo cáo CCHC 2019 của Sở")
    page.click("form.save-report button[type=submit]")
    expect(page.locator("p.notice[role=status]")).to_contain_text("Đã lưu báo cáo")
    # the save rebuilt the KB before answering: the cited document lists the report
    doc = browser.new_page()
    doc.goto(f"{url}/van-ban/158-2007-ndd-cp.2007-10-27")
    item = doc.locator(".cited-by-reports li", has_text="Báo cáo CCHC 2019 của Sở")
    expect(item).to_contain_text("2019-12-31")
    api = doc.request.get(f"{url}/api/documents/158-2007-ndd-cp.2007-10-27/relations").json()
    assert [r["title"] for r in api["cited_by_reports"]] == ["Báo cáo CCHC 2019 của Sở"]
    item.locator("a").click()
    expect(doc.locator("h1")).to_have_text("Báo cáo CCHC 2019 của Sở")
    page.close()
    doc.close()
