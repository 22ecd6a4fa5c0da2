"""Document management in a real browser (headless Chromium), the acceptance of issue 7:
an editor adds a real decision as .docx, corrects a pre-filled field and finds it
by number and by a word of its text within 5 seconds; a reviewer confirms the
candidate event of the reference report, sees the status of 06/2006/QĐ-UBND
change with the report quoted, reverts it and sees it restored."""
import re
import time

from playwright.sync_api import expect

from browser import live_site, log_in
from manage_site import DECISION, PASSWORD, app_for, make_site
from test_docx_reader import make_docx, para, run

RECORD = "06-2006-qdd-ubnd.2006-01-16"
FOUND_WITHIN = 5.0       # seconds, from the save


site = live_site("manage-web", lambda root: app_for(*make_site(root)))


def decision_docx(folder) -> str:
    """The real decision 07/2024/QĐ-TTg (tests/data/documents), one paragraph a line, as Word writes it."""
    lines = DECISION.read_text(encoding="utf-8").splitlines()
    path = folder / "quyet-dinh-07-2024.docx"
    path.write_bytes(make_docx("".join(para(run(line)) for line in lines)))
    return str(path)


def found_within(page, url: str, check, seconds: float, since: float) -> float:
    """Reload ``url`` until ``check(page)`` holds; the seconds it took from ``since``."""
    while True:
        page.goto(url)
        if check(page):
            return time.monotonic() - since
        if time.monotonic() - since > seconds:
            raise AssertionError(f"not found within {seconds} s: {url}")
        time.sleep(0.2)


def test_editor_adds_a_decision_and_finds_it(site):
    url = site.url
    page = site.browser.new_page()
    log_in(page, url, "bientap", PASSWORD)
    page.goto(f"{url}/quan-ly/")
    page.set_input_files("input[type=file]", decision_docx(site.root))
    page.click("form.manage-form button[type=submit]")
    # the review form, pre-filled by the indexer
    expect(page.locator("input[name=number]")).to_have_value("07/2024/QĐ-TTg")
    expect(page.locator("input[name=issued]")).to_have_value("2024-06-20")
    expect(page.locator("input[name=effective_from]")).to_have_value("2024-07-01")
    expect(page.locator("input[name=issuer]")).to_have_value("THỦ TƯỚNG CHÍNH PHỦ")
    expect(page.locator("ul.events")).to_contain_text("02/2012/QĐ-TTg")      # replaced, from Điều 2
    page.fill("input[name=issuer]", "Thủ tướng Chính phủ")                    # the correction
    page.click("#review-form button[type=submit]")
    saved = time.monotonic()
    expect(page).to_have_url(re.compile(r"/van-ban/07-2024-qdd-ttg\.2024-06-20$"))
    expect(page.locator(".meta")).to_contain_text("Thủ tướng Chính phủ")
    expect(page.locator(".upload-note")).to_contain_text("Tải lên bởi bientap")
    expect(page.locator("#status .badge").first).to_have_text("Còn hiệu lực")

    by_number = found_within(page, f"{url}/tim-kiem?q=07/2024/QĐ-TTg",
                             lambda p: "/van-ban/07-2024-qdd-ttg" in p.url, FOUND_WITHIN, saved)
    by_word = found_within(page, f"{url}/tim-kiem?q=" + "hợp đồng theo mẫu",
                           lambda p: p.locator("a[href*='/van-ban/07-2024-qdd-ttg']").count() > 0,
                           FOUND_WITHIN, saved)
    assert by_number <= FOUND_WITHIN and by_word <= FOUND_WITHIN

    # the history keeps who added it, what was read and what was saved
    page.goto(f"{url}/lich-su/07-2024-qdd-ttg.2024-06-20")
    entry = page.locator("li.entry[data-action=upload]")
    expect(entry).to_contain_text("bientap")
    expect(entry).to_contain_text("THỦ TƯỚNG CHÍNH PHỦ")
    expect(entry).to_contain_text("Thủ tướng Chính phủ")
    page.close()


def test_reviewer_confirms_a_candidate_from_the_report_then_reverts_it(site):
    url = site.url
    page = site.browser.new_page()
    log_in(page, url, "rasoat", PASSWORD)
    page.goto(f"{url}/van-ban/{RECORD}?on=2019-12-31")
    expect(page.locator("#status .badge").first).to_have_text("Chưa xác định")

    page.goto(f"{url}/de-xuat/")
    row = page.locator("tr.candidate[data-state=pending]", has_text="06/2006/QĐ-UBND")
    expect(row).to_contain_text("bị bãi bỏ")
    expect(row).to_contain_text("09/2019/QĐ-UBND")
    expect(row).to_contain_text("bao-cao-cchc-2019-sldtbxh-ha-tinh.txt, dòng 50")
    # the reviewer's entry: the date the repeal took effect, as they found it
    row.locator("form.confirm input[name=date]").fill("10/02/2019")
    row.locator("form.confirm input[name=why]").fill("đối chiếu với công báo tỉnh")
    row.locator("form.confirm button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/van-ban/{re.escape(RECORD)}$"))

    page.goto(f"{url}/van-ban/{RECORD}?on=2019-12-31")
    expect(page.locator("#status .badge").first).to_have_text("Hết hiệu lực toàn bộ")
    expect(page.locator(".reason")).to_contain_text("bị bãi bỏ từ ngày 10/02/2019 bởi 09/2019/QĐ-UBND")
    evidence = page.locator("blockquote.evidence").first
    expect(evidence).to_contain_text("quyết định 09/2019/QĐ-UBND ngày 28/01/2019 về việc bãi bỏ quyết định "
                                      "06/2006/QĐ-UBND")
    expect(evidence).to_contain_text("bao-cao-cchc-2019-sldtbxh-ha-tinh.txt, dòng 50")
    expect(evidence).to_contain_text("xác nhận bởi rasoat")
    page.goto(f"{url}/van-ban/{RECORD}?on=2019-02-09")         # the day before: not yet repealed
    expect(page.locator("#status .badge").first).to_have_text("Còn hiệu lực")

    page.goto(f"{url}/de-xuat/")
    expect(page.locator("tr.candidate[data-state=confirmed]", has_text="06/2006/QĐ-UBND")).to_contain_text("rasoat")

    # revert, from the history page
    page.goto(f"{url}/lich-su/{RECORD}")
    entry = page.locator("li.entry[data-action=event_add]")
    entry.locator("input[name=why]").fill("nhầm ngày, cần xác minh lại")
    entry.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/van-ban/{re.escape(RECORD)}$"))
    page.goto(f"{url}/van-ban/{RECORD}?on=2019-12-31")
    expect(page.locator("#status .badge").first).to_have_text("Chưa xác định")
    expect(page.locator("blockquote.evidence")).to_have_count(0)
    page.goto(f"{url}/lich-su/{RECORD}")
    expect(page.locator("li.entry[data-action=event_retract]")).to_contain_text("nhầm ngày")
    expect(page.locator("li.entry[data-action=event_add]")).to_contain_text("đã hoàn tác")
    page.goto(f"{url}/de-xuat/")                 # the candidate waits again
    expect(page.locator("tr.candidate[data-state=pending]", has_text="06/2006/QĐ-UBND")).to_have_count(1)
    page.close()
