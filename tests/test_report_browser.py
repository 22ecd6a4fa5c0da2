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
from playwright.sync_api import expect

from browser import app_on, live_site, log_in, sent_report
from conftest import REPORT
from indexer.reports import sections
from kb.accounts import Accounts
from report_kb import make_report_kb

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


def with_an_editor(root):
    """The report's KB, with an editor's account."""
    corpus, instance = make_report_kb(root)
    Accounts(instance).add("bientap", PASSWORD, ["editor"])
    return app_on(instance, corpus)


site = live_site("reports-site", with_an_editor)


@pytest.fixture(scope="module")
def report_url(site):
    """Upload the report once; the page it lands on."""
    return sent_report(site, "2019-12-31", file=reference_report_as_docx(site.root / "bao-cao.docx"))


@pytest.fixture
def page(site, report_url):
    """A new page on the uploaded report, closed after the test."""
    page = site.open(report_url)
    yield page
    page.close()


def test_citations_are_highlighted_by_their_status(page):
    cites = page.locator("pre.text a.cite")
    assert cites.count() > 80
    expired = page.locator("pre.text a.cite.status-expired", has_text="158/2007/NĐ-CP")
    expect(expired).to_have_count(2)
    expect(expired.first).to_have_attribute("data-problems", "expired_at_report_date")
    expect(page.locator("pre.text a.cite.status-ok").first).to_be_visible()
    expect(page.locator(".problem-counts [data-problem=wrong_number]")).to_contain_text("1")
    # repeated section numbers are kept and remarked
    expect(page.locator(".section-tree .remark", has_text="lặp lại")).to_have_count(2)


def test_picking_section_II_3_lists_its_legal_basis(page):
    # section "3." under the first "II." (the report has two)
    page.locator(".section-tree li.level-2 a", has_text=re.compile(r"^3\. Cải cách tổ chức bộ máy")).click()
    basis = page.locator("section.basis")
    expect(basis.locator("h2")).to_contain_text("mục 3.")
    row = basis.locator("tr", has_text="Nghị định 158/2007/NĐ-CP").first
    expect(row.locator("[data-problem=expired_at_report_date]")).to_have_text("Đã hết hiệu lực vào ngày báo cáo")
    expect(row.locator("td.problems blockquote.evidence")).to_contain_text("59/2019/NĐ-CP, Điều 88")
    # the section's rows only: a citation of another section is not listed
    expect(basis.locator("tr", has_text="Nghị định số 130/2015/NĐ-CP")).to_have_count(0)


def test_export_the_legal_basis_table_as_csv(page):
    with page.expect_download() as info:
        page.click("text=Tải danh mục văn bản căn cứ (CSV)")
    rows = list(csv.reader(io.StringIO(open(info.value.path(), encoding="utf-8-sig").read())))
    assert rows[0][:3] == ["STT", "Văn bản", "Trích dẫn trong báo cáo"]
    body = rows[1:]
    assert len({r[1] for r in body}) == len(body)          # one row a document
    (expired,) = [r for r in body if r[1].startswith("Nghị định số 158/2007/NĐ-CP")]
    assert expired[2] == "Nghị định 158/2007/NĐ-CP (2 lần)" and expired[4] == "Hết hiệu lực toàn bộ"
    (wrong,) = [r for r in body if r[1].startswith("Nghị định số 130/2015/NĐ-CP")]
    assert "có lẽ là 130/2005/NĐ-CP" in wrong[1] and wrong[6] == "Số hiệu sai"
    (law,) = [r for r in body if "09/2008/QH12" in r[1]]
    assert law[2] == "Luật quản lý, sử dụng tài sản Nhà nước" and law[4] == "Hết hiệu lực toàn bộ"
    assert body.index(law) < body.index(expired)            # a law before a decree
    response = page.request.get(page.url.split("?")[0] + "/danh-muc.csv?ngay=2019-12-31")
    assert response.headers["content-type"] == "text/csv; charset=utf-8"


def test_fix_first_lists_every_problem_once(page):
    items = page.locator("ol.fix-first > li")
    flagged = set(page.locator("pre.text a.cite[data-problems]:not([data-problems=''])").evaluate_all(
        "as => as.map(a => a.id)"))
    linked = set(items.locator("a[href^='#c-']").evaluate_all("as => as.map(a => a.getAttribute('href').slice(1))"))
    assert flagged and linked == flagged                    # no cap: every flagged citation is reached
    texts = items.all_inner_texts()
    assert len([t for t in texts if "158/2007/NĐ-CP" in t]) == 1       # its two mentions, once
    expect(items.filter(has_text="158/2007/NĐ-CP")).to_contain_text("2 chỗ")


def test_the_two_05_kl_tu_are_told_apart(page):
    row = page.locator("section.basis tr", has=page.locator("td", has_text=re.compile(r"^Kết luận 05$")))
    candidates = row.locator("a.candidate")
    expect(candidates).to_have_count(2)
    assert {re.search(r"\d\d/\d\d/\d{4}", c).group() for c in candidates.all_inner_texts()} == {"29/06/2016", "25/05/2011"}
    expect(candidates.filter(has_text="29/06/2016")).to_contain_text("Ban Thường vụ Tỉnh ủy")


def test_fix_proposals_are_in_their_sentence_and_never_from_after_the_report(page):
    page.click("text=Sửa trích dẫn")
    proposals = page.locator("li.fix label.proposal")
    expect(proposals.first).to_be_visible()
    for label in proposals.all():
        proposed = label.locator("ins.proposed").inner_text()
        years = [int(y) for y in re.findall(r"năm (\d{4})|/(\d{4})/", proposed) for y in y if y]
        assert years and max(years) <= 2019, proposed
    # 31/2017/QĐ-TTg was replaced in 2021: a 2019 report is not told to cite the 2021 decision
    replaced = page.locator("li.fix", has=page.locator("mark.original", has_text="31/2017/QĐ-TTg"))
    expect(replaced.locator("label.proposal")).to_have_count(0)
    expect(replaced.locator(".withheld")).to_contain_text("26/2021/QĐ-TTg")
    # shown in its sentence, only the span changed
    wrong = page.locator("li.fix", has=page.locator("mark.original", has_text="130/2015/NĐ-CP"))
    expect(wrong.locator(".sentence")).to_have_text("Thực hiện Nghị định số 130/2015/NĐ-CP và Nghị định số 43/2006/ NĐ-CP của Chính phủ.")
    expect(wrong.locator(".in-sentence").first).to_have_text(re.compile(r"Thực hiện Nghị định số 130/2005/NĐ-CP.* và Nghị định số 43/2006/"))


def test_fix_a_citation_and_download_the_text(page):
    page.click("text=Sửa trích dẫn")
    fix = page.locator("li.fix", has_text="Nghị định số 130/2015/NĐ-CP")
    fix.locator("label.proposal input").first.check()
    with page.expect_download() as info:
        page.click("button[value=txt]")
    text = open(info.value.path(), encoding="utf-8").read()
    assert "130/2015/NĐ-CP" not in text and text.count("130/2005/NĐ-CP") == 3
    assert "Nghị định 158/2007/NĐ-CP" in text        # kept as it was: not accepted


def test_saving_needs_an_editor_then_the_report_is_cited_by(site, report_url, page):
    expect(page.locator("form.save-report")).to_have_count(0)        # anonymous: no save form
    log_in(page, site.url, "bientap", PASSWORD)
    page.goto(report_url)
    page.fill("form.save-report input[name=title]", "Báo cáo CCHC 2019 của Sở")
    page.click("form.save-report button[type=submit]")
    expect(page.locator("p.notice[role=status]")).to_contain_text("Đã lưu báo cáo")
    # the save rebuilt the KB before answering: the cited document lists the report
    doc = site.open("/van-ban/158-2007-ndd-cp.2007-10-27")
    item = doc.locator(".cited-by-reports li", has_text="Báo cáo CCHC 2019 của Sở")
    expect(item).to_contain_text("31/12/2019")
    api = doc.request.get(f"{site.url}/api/documents/158-2007-ndd-cp.2007-10-27/relations").json()
    assert [r["title"] for r in api["cited_by_reports"]] == ["Báo cáo CCHC 2019 của Sở"]
    item.locator("a").click()
    expect(doc.locator("h1")).to_have_text("Báo cáo CCHC 2019 của Sở")
    doc.close()
