"""A document's page as a reader uses it (issue 15): its articles in the
document's own order even where the pháp điển files them apart, its sources
named and linked, a table of contents that folds, and a relations diagram
whose edges say who acts on whom and whose nodes are links."""
import re
import tarfile

from playwright.sync_api import expect

from browser import app_on, built, live_site
from test_linked_corpus import make_corpus

DECREE = "61/2018/NĐ-CP"
DECREE_PAGE = "/van-ban/61-2018-ndd-cp.2018-04-23"
NOTE = ("(Điều {n} Nghị định số 61/2018/NĐ-CP Về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết "
        "thủ tục hành chính ngày 23/04/2018 của Chính phủ, có hiệu lực thi hành kể từ ngày 21/06/2018 )")


def demuc(number: str, title: str, articles: list[int]) -> str:
    """A đề mục file as the pháp điển prints one: its heading, then each
    article with its code label, its source note (linking vbpl.vn) and text."""
    head = (f"<h3 style='text-transform: uppercase'>\n    Đề mục {number}\n    <br />\n    {title}\n</h3>"
            "<div class='_content'>")
    body = "".join(
        f"<p class='pDieu'><a name='{number.replace('.', '')}{n:04d}'></a>Điều {number}.NĐ.7.{n}. Điều thứ {n}</p>"
        f"<p class='pGhiChu'><a href='http://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID=149237#Dieu_{n}' "
        f"target='_blank'>{NOTE.format(n=n)}</a></p>"
        f"<p class='pNoiDung'><p>1. Nội dung khoản 1 của Điều {n}.</p><p>2. Nội dung khoản 2 của Điều {n}.</p></p>"
        for n in articles)
    return head + body + "</div>"


def with_a_release_out_of_order(root):
    corpus = make_corpus(root)
    # a release of its own in which the decree's Điều 33–34 are filed (by đề mục) before Điều 3–4
    files = root / "release"
    files.mkdir()
    (files / "a.html").write_text(demuc("3.3", "Công nghệ thông tin", [1, 2, 33, 34]), encoding="utf-8")
    (files / "b.html").write_text(demuc("3.4", "Hành chính tư pháp", [3, 4]), encoding="utf-8")
    with tarfile.open(corpus / "phapdien" / "phapdien-2026-02.tar.xz", "w:xz") as tar:
        for name in ("a.html", "b.html"):
            tar.add(files / name, arcname=f"r/{name}")
    return app_on(built(corpus))


site = live_site("document-pages", with_a_release_out_of_order)


def test_articles_in_the_documents_own_order(site):
    page = site.open(DECREE_PAGE)
    text = page.locator("section.text .article-head :is(h2,h3,h4,h5,h6)").evaluate_all("hs => hs.map(h => h.id)")
    assert text[:6] == ["dieu-1", "dieu-2", "dieu-3", "dieu-4", "dieu-33", "dieu-34"]
    toc = page.locator("nav.toc a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert toc[:6] == ["#dieu-1", "#dieu-2", "#dieu-3", "#dieu-4", "#dieu-33", "#dieu-34"]
    # each article keeps its clauses
    expect(page.locator("#dieu-33-khoan-1")).to_contain_text("khoản 1 của Điều 33")
    page.close()


def test_sources_are_named_and_linked(site):
    page = site.open(DECREE_PAGE)
    sources = page.locator("dd.provenance")
    expect(sources).to_contain_text(re.compile(r"Bộ pháp điển, bản \d\d/20\d\d, đề mục 3\.3 Công nghệ thông tin"))
    expect(sources).not_to_contain_text("phapdien-")
    link = sources.get_by_role("link", name="vbpl.vn, ItemID 149237")
    expect(link).to_have_attribute("href", "https://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID=149237")
    # an event's evidence names its source too
    page.goto(f"{site.url}/van-ban/158-2007-ndd-cp.2007-10-27?on=2019-08-20")
    evidence = page.locator("blockquote.evidence small").first
    expect(evidence).to_contain_text(re.compile(r"Điều 88 59/2019/NĐ-CP — Bộ pháp điển, bản 0\d/20\d\d"))
    expect(evidence).not_to_contain_text(".html")
    page.close()


def test_table_of_contents_folds(site):
    page = site.open(DECREE_PAGE)
    entry = page.locator("nav.toc a[href='#dieu-33']")
    expect(entry).to_be_visible()
    page.locator("nav.toc > details > summary").click()
    expect(entry).to_be_hidden()
    page.locator("nav.toc > details > summary").click()
    expect(entry).to_be_visible()
    page.close()


def test_diagram_edges_are_directed_and_labelled_and_nodes_are_links(site):
    page = site.open("/van-ban/158-2007-ndd-cp.2007-10-27")
    diagram = page.locator("svg.diagram")
    edge = diagram.locator("line.edge").first
    expect(edge).to_have_attribute("marker-end", "url(#arrow)")
    expect(diagram.locator("text.edge-label").first).to_have_text("làm hết hiệu lực")
    # the acting decree is on the left: the arrow runs from it to this one
    assert float(edge.get_attribute("x1")) < float(edge.get_attribute("x2"))
    node = diagram.locator("a.node-link", has_text="59/2019/NĐ-CP")
    expect(node).to_have_count(1)                       # drawn once
    expect(node).to_have_accessible_name("59/2019/NĐ-CP làm hết hiệu lực 158/2007/NĐ-CP")
    node.click()
    expect(page.locator("h1")).to_have_text("Nghị định 59/2019/NĐ-CP")
    # and from the acting side: this decree's diagram points at the one it ended
    right = page.locator("svg.diagram a.node-link", has_text="158/2007/NĐ-CP")
    expect(right).to_have_accessible_name("59/2019/NĐ-CP làm hết hiệu lực 158/2007/NĐ-CP")
    page.close()


def test_an_acting_document_known_only_by_mention_is_said_so(site):
    """Decree 101/2012 was amended by 80/2016/NĐ-CP, which the KB knows only
    from a pháp điển note: where the status and the relations name it, the page
    says it has no text yet; a document with text gets no such note."""
    page = site.open("/van-ban/101-2012-ndd-cp.2012-11-22?on=2019-12-31")
    expect(page.locator(".acting-by-mention").first).to_have_text(
        re.compile(r"^80/2016/NĐ-CP (sửa đổi|bãi bỏ một phần) — chưa có toàn văn$"))
    relation = page.locator(".relations li", has_text="80/2016/NĐ-CP").first
    expect(relation).to_contain_text("80/2016/NĐ-CP — chưa có toàn văn")
    page.goto(f"{site.url}/van-ban/158-2007-ndd-cp.2007-10-27?on=2019-12-31")
    expect(page.locator(".relations")).to_contain_text("59/2019/NĐ-CP")
    expect(page.locator(".relations")).not_to_contain_text("chưa có toàn văn")
    page.close()
