"""The report pipeline behind the report page: sections (bold .docx lines
included), the trace, proposed corrections, exports, and saved reports
traced into the documents' "cited by"."""
import csv
import datetime as dt
import io
import re
import shutil
import unicodedata

import pytest
from docx import Document as DocxDocument

from conftest import REPORT, ROOT
from indexer import exports, report_files
from indexer.build import build
from indexer.document import read_source, read_source_bytes
from indexer.reports import sections, trace_report
from indexer.sources import UnreadableInput
from kb import corrections, documents, store
from report_kb import make_report_kb

REPORT_DAY = dt.date(2019, 12, 31)


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    root = tmp_path_factory.mktemp("report-kb")
    corpus, instance = make_report_kb(root)
    db = store.connect(instance / "current" / "kb.sqlite", readonly=True)
    yield db, corpus, instance
    db.close()


@pytest.fixture(scope="module")
def traced(kb):
    db, _, _ = kb
    return trace_report(db, read_source(REPORT), REPORT_DAY)


def docx_of(text: str, bold_lines) -> bytes:
    """A .docx made with python-docx (not our writer), one paragraph a line."""
    d = DocxDocument()
    for line in text.split("\n"):
        d.add_paragraph().add_run(line).bold = bold_lines(line) or None
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_bold_lines_of_a_docx_are_headings_when_word_drew_the_numbers():
    text = ("UBND TỈNH\nHà Tĩnh, ngày 05 tháng 12 năm 2019\nBÁO CÁO\nKết quả năm 2019\n"
            "KẾT QUẢ THỰC HIỆN\nVề cải cách thể chế\nĐã ban hành 3 văn bản.\n"
            "Về cải cách thủ tục hành chính\nĐã rà soát 20 thủ tục.\n")
    bold = {"UBND TỈNH", "BÁO CÁO", "KẾT QUẢ THỰC HIỆN", "Về cải cách thể chế", "Về cải cách thủ tục hành chính"}
    src = read_source_bytes(docx_of(text, lambda line: line in bold), "x.docx")
    secs = sections(src.text, [(p.start, p.end) for p in src.paragraphs if p.bold])
    # the letterhead and the title come before the place and date: not sections
    assert [(s.title, s.level) for s in secs] == [
        ("KẾT QUẢ THỰC HIỆN", 1), ("Về cải cách thể chế", 1), ("Về cải cách thủ tục hành chính", 1)]


def test_a_bold_line_sits_under_the_numbered_heading_before_it():
    text = "I. KẾT QUẢ\n1. Cải cách thể chế\nVề văn bản\nĐã ban hành.\n2. Thủ tục\n"
    at = text.index("Về văn bản")
    secs = sections(text, [(at, at + len("Về văn bản"))])
    assert [(s.number, s.title, s.level) for s in secs] == [
        ("I.", "KẾT QUẢ", 1), ("1.", "Cải cách thể chế", 2), ("", "Về văn bản", 3), ("2.", "Thủ tục", 2)]
    assert secs[2].parent == 1 and secs[3].parent == 0


def test_the_report_from_a_docx_has_the_sections_of_the_txt(kb):
    db, _, _ = kb
    text = REPORT.read_text(encoding="utf-8")
    heads = {text[s.start:].split("\n", 1)[0] for s in sections(text)}
    from_docx = read_source_bytes(docx_of(text, lambda line: line in heads), "r.docx")
    a = trace_report(db, read_source(REPORT), REPORT_DAY)
    b = trace_report(db, from_docx, REPORT_DAY)
    assert [(s.number, s.title) for s in b.sections] == [(s.number, s.title) for s in a.sections]
    assert [t.problems for t in b.traced] == [t.problems for t in a.traced]


def test_trace_summary_orders_what_to_fix_by_urgency(traced):
    first = traced.with_problems()[0][1]
    assert "expired_at_report_date" in first.problems
    counts = traced.problem_counts()
    assert counts["expired_at_report_date"] == 3          # 158/2007 twice, the law on state assets
    assert counts["wrong_number"] == 1 and counts["ambiguous"] == 1 and counts["missing_year"] == 1


def test_report_date_from_header_or_given(kb):
    db, _, _ = kb
    body = "Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ."
    dated = read_source_bytes(f"SỞ NỘI VỤ\nHà Tĩnh, ngày 05 tháng 12 năm 2019\nBÁO CÁO\n{body}".encode(), "x.txt")
    rt = trace_report(db, dated)
    assert (rt.date_source, rt.report_date, rt.lower_bound) == ("header", dt.date(2019, 12, 5), None)
    rt = trace_report(db, dated, dt.date(2020, 1, 2))
    assert (rt.date_source, rt.report_date) == ("given", dt.date(2020, 1, 2))
    # the reference report prints no date: the latest date it cites is a lower bound
    rt = trace_report(db, read_source(REPORT))
    assert rt.report_date is None and rt.date_source is None and rt.lower_bound == dt.date(2019, 10, 7)


def test_section_citations_include_its_subsections(traced):
    (ii3,) = [i for i, s in enumerate(traced.sections) if s.number == "3." and traced.sections[s.parent].number == "II."][:1]
    inside = [traced.traced[i] for i in traced.in_section(ii3)]
    assert any(t.number == "158/2007/NĐ-CP" and "expired_at_report_date" in t.problems for t in inside)
    parent = traced.sections[ii3].parent
    assert set(traced.in_section(ii3)) <= set(traced.in_section(parent))


def fixes_by_text(kb, traced):
    db, _, _ = kb
    return {f.original: f for f in corrections.propose(db, traced.text, traced.traced, traced.report_date)}


def test_proposals_mend_the_number_and_offer_each_candidate(kb, traced):
    fixes = fixes_by_text(kb, traced)
    wrong = fixes["Nghị định số 130/2015/NĐ-CP"]
    assert [p.text for p in wrong.proposals] == ["Nghị định số 130/2005/NĐ-CP"]
    missing = fixes["Thông tư 02/TT-VPCP ngày 31/10/2017"]
    assert missing.proposals[0].text.startswith("Thông tư số 02/2017/TT-VPCP ngày 31 tháng 10 năm 2017")
    ambiguous = fixes["Kết luận 05"]
    assert len(ambiguous.proposals) == 2
    # the sentence prints "của Ban Thường vụ Tỉnh uỷ" after the span: the proposals end at the date
    assert {p.text.split(" ngày ")[1] for p in ambiguous.proposals} == {"29 tháng 6 năm 2016", "25 tháng 5 năm 2011"}
    # the notes tell the two apart by date (and issuer, where the KB has it)
    assert {re.search(r"\d\d/\d\d/\d{4}", p.note).group() for p in ambiguous.proposals} == {"29/06/2016", "25/05/2011"}


def test_a_replaced_document_proposes_its_replacement_with_the_quote(kb):
    db, _, _ = kb
    later = trace_report(db, read_source(REPORT), dt.date(2022, 1, 1))
    (f,) = [f for o, f in fixes_by_text(kb, later).items() if "31/2017/QĐ-TTg" in o]
    assert "expired_at_report_date" in f.problems
    (p,) = f.proposals
    # the sentence goes on "của Thủ tướng Chính phủ quy định về tiêu chí …": neither is repeated
    assert p.text == "Quyết định số 26/2021/QĐ-TTg ngày 12 tháng 8 năm 2021"
    assert "thay thế Quyết định số 31/2017/QĐ-TTg" in p.note and "của văn bản cũ" in p.note


def test_no_proposal_names_a_document_issued_after_the_report(kb, traced):
    fixes = fixes_by_text(kb, traced)
    (f,) = [f for o, f in fixes.items() if "31/2017/QĐ-TTg" in o]
    assert f.problems == ["expired_since"] and f.proposals == []     # replaced in 2021; the report is of 2019
    assert f.withheld and f.withheld[0].startswith("26/2021/QĐ-TTg") and "12/08/2021" in f.withheld[0]
    named = [p.doc for f in fixes.values() for p in f.proposals if p.doc is not None]
    assert named and all(d["issued"] is None or d["issued"] <= "2019-12-31" for d in named)


def test_a_proposal_changes_only_the_citation_span(kb, traced):
    fixes = list(fixes_by_text(kb, traced).values())
    for f in fixes:
        for k, p in enumerate(f.proposals):
            out = corrections.apply(traced.text, fixes, {f.index: k})
            assert out[:f.start] == traced.text[:f.start] and out[f.start + len(p.text):] == traced.text[f.end:]
            assert f.before.endswith(traced.text[f.start - 20:f.start].lstrip()[-10:])
    assert sum(len(f.proposals) for f in fixes) >= 4
    # "Kết luận 05 của Ban Thường vụ Tỉnh uỷ": the issuer the sentence prints is not proposed again
    f = next(f for f in fixes if f.original == "Kết luận 05")
    assert f.after.startswith(" của Ban Thường vụ Tỉnh uỷ") and f.before.endswith("Tiếp tục chỉ đạo quyết liệt việc thực hiện Chỉ thị 35, 20; ")
    assert not any("Ban Thường vụ" in p.text for p in f.proposals)


def test_nothing_is_proposed_where_the_kb_cannot_tell(kb, traced):
    fixes = fixes_by_text(kb, traced)
    assert fixes["Nghị định 158/2007/NĐ-CP"].proposals == []     # expired, but nothing says what replaced it
    assert all(not f.proposals for f in fixes.values() if f.problems == ["unknown"])


def test_apply_replaces_only_the_accepted_spans(kb, traced):
    db, _, _ = kb
    fixes = corrections.propose(db, traced.text, traced.traced)
    wrong = next(f for f in fixes if f.original == "Nghị định số 130/2015/NĐ-CP")
    ambiguous = next(f for f in fixes if f.original == "Kết luận 05")
    out = corrections.apply(traced.text, fixes, {wrong.index: 0})
    assert "130/2015/NĐ-CP" not in out and out.count("Nghị định số 130/2005/NĐ-CP") == 1
    assert len(out) == len(traced.text) + len("130/2005") - len("130/2015")
    assert corrections.apply(traced.text, fixes, {}) == traced.text
    assert corrections.apply(traced.text, fixes, {ambiguous.index: 7}) == traced.text    # no such proposal


def test_basis_table_csv_and_docx_say_the_same(kb, traced):
    db, _, _ = kb
    rows = list(csv.reader(io.StringIO(exports.basis_csv(db, traced).decode("utf-8-sig"))))
    assert rows[0] == exports.BASIS_HEADER
    body = rows[1:]
    row = next(r for r in body if r[1].startswith("Nghị định số 158/2007/NĐ-CP"))
    assert row[2] == "Nghị định 158/2007/NĐ-CP (2 lần)" and any(s.startswith("3.") for s in row[3].split("; "))
    assert row[4] == "Hết hiệu lực toàn bộ" and "Đã hết hiệu lực" in row[6]
    doc = read_source_bytes(exports.basis_docx(db, traced, "Báo cáo"), "t.docx")
    assert "Danh mục văn bản căn cứ" in doc.text and "Nghị định số 130/2015/NĐ-CP" in doc.text
    assert all(cell.strip() in doc.text for r in body for cell in r[1:2])


def test_basis_table_has_one_row_per_document_by_legal_force(kb, traced):
    db, _, _ = kb
    body = exports.basis_rows(db, traced)
    resolved = {t.document for t in traced.traced if t.document}
    unresolved = [r for r in body if r[1].endswith(")")]      # "… (chưa có trong cơ sở dữ liệu)"
    assert len(body) - len(unresolved) == len(resolved)          # one row a document
    names = [r[1] for r in body]
    assert len(names) == len(set(names)) and [r[0] for r in body] == [str(i) for i in range(1, len(body) + 1)]
    assert len(body) < len(traced.traced)
    # the full official form: "Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính phủ về …"
    assert any(re.match(r"Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính phủ về ", n) for n in names)
    kinds = [n.split(" ")[0] + " " + n.split(" ")[1] for n in names]
    # laws, then decrees, then the prime minister's decisions, then circulars, then local documents
    first = {k: kinds.index(k) for k in ("Luật số", "Nghị định", "Thông tư", "Kế hoạch")}
    assert first["Luật số"] < first["Nghị định"] < first["Thông tư"] < first["Kế hoạch"]
    decree_years = [int(re.search(r"/(\d{4})/", n).group(1)) for n in names if n.startswith("Nghị định")]
    assert decree_years == sorted(decree_years)          # within one force, oldest first
    # the two "05-KL/TU" a bare "Kết luận 05" may mean, told apart by issuer and date
    assert any(n.startswith("Kết luận 05 (không rõ") and "29/06/2016" in n and "25/05/2011" in n for n in names)


def test_corrected_text_as_docx_keeps_the_headings_bold(traced):
    src = read_source_bytes(exports.text_docx(traced.text, {s.start for s in traced.sections}), "t.docx")
    # the reader gives NFC; the text as written is kept otherwise
    assert src.text.rstrip("\n") == unicodedata.normalize("NFC", traced.text).rstrip("\n")
    bold = [src.text[p.start:p.end].strip() for p in src.paragraphs if p.bold]
    assert len(bold) == len(traced.sections)


def test_drafts_are_refused_when_unreadable_and_stored_by_digest(tmp_path):
    with pytest.raises(UnreadableInput, match="trống"):
        report_files.save_draft(tmp_path, b"  \n", "a.txt")
    with pytest.raises(UnreadableInput):
        report_files.save_draft(tmp_path, b"PK\x03\x04 not a zip", "../../etc/passwd")
    assert not (tmp_path / "reports").exists() or not any((tmp_path / "reports").iterdir())
    big = b"x" * (report_files.MAX_REPORT_BYTES + 1)
    with pytest.raises(UnreadableInput, match="quá lớn"):
        report_files.save_draft(tmp_path, big, "big.txt")
    long_text = REPORT.read_bytes() * (report_files.MAX_REPORT_CHARS // len(REPORT.read_text(encoding="utf-8")) + 1)
    with pytest.raises(UnreadableInput, match="quá dài"):
        report_files.save_draft(tmp_path, long_text, "long.txt")
    a = report_files.save_draft(tmp_path, REPORT.read_bytes(), "../../etc/passwd")
    b = report_files.save_draft(tmp_path, REPORT.read_bytes(), "bc.txt")
    assert a.ref == b.ref and a.path.parent == tmp_path / "reports" and a.path.suffix == ".txt"
    assert report_files.find(tmp_path, tmp_path / "corpus", a.ref).read().text == REPORT.read_text(encoding="utf-8")
    assert report_files.find(tmp_path, tmp_path / "corpus", "../x") is None


def test_a_saved_report_is_in_the_cited_by_of_what_it_cites(kb, tmp_path):
    _, corpus, instance = kb
    corpus2, instance2 = tmp_path / "corpus", tmp_path / "instance"
    shutil.copytree(corpus, corpus2)
    shutil.copytree(instance, instance2, symlinks=True)
    draft = report_files.save_draft(instance2, REPORT.read_bytes(), "bc.txt")
    saved = report_files.publish(corpus2, draft, "Báo cáo CCHC 2019", REPORT_DAY)
    assert saved.path.parent == corpus2 / "reports" and saved.saved
    assert report_files.publish(corpus2, draft, "again").path == saved.path       # kept once
    result = build(corpus2, instance2)
    assert result.errors == []
    db = store.connect(instance2 / "current" / "kb.sqlite", readonly=True)
    (doc,) = store.documents_by_number(db, "158/2007/NĐ-CP")
    (r,) = documents.view(db, doc["key"], REPORT_DAY).cited_by_reports
    assert (r["key"], r["title"], r["date"]) == (saved.ref, "Báo cáo CCHC 2019", "2019-12-31")
    assert any(s.startswith("3.") for s in r["sections"])


def test_markdown_and_html_reports_have_their_headings():
    md = "# Báo cáo\n\n## I. KẾT QUẢ\n### 1. Về thể chế\nĐã làm.\n## Kiến nghị\n**2. Thủ tục**\n"
    secs = sections(md, [(m.start(), m.end()) for m in re.finditer(r"^#{1,6} .*$", md, re.M)])
    assert [(s.number, s.title) for s in secs] == [("I.", "KẾT QUẢ"), ("1.", "Về thể chế"), ("", "Kiến nghị"),
                                                   ("2.", "Thủ tục")]
    html = "<html><body><p>I. KẾT QUẢ</p><h3>Về thể chế</h3><p>Đã làm.</p></body></html>".encode()
    src = read_source_bytes(html, "r.html")
    secs = sections(src.text, [(p.start, p.end) for p in src.paragraphs if p.bold])
    assert [(s.number, s.title, s.parent) for s in secs] == [("I.", "KẾT QUẢ", None), ("", "Về thể chế", 0)]


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_a_report_in_a_legacy_encoding_is_converted_before_tracing(kb, tmp_path, encoding):
    db, _, _ = kb
    legacy = ROOT / "tests" / "data" / "legacy"
    draft = report_files.save_draft(tmp_path, (legacy / f"chi-dao-ra-soat.{encoding}.txt").read_bytes(), "bc.txt")
    rt = trace_report(db, draft.read(), REPORT_DAY)
    original = (legacy / "chi-dao-ra-soat.txt").read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", rt.text).strip() == unicodedata.normalize("NFC", original).strip()
    assert any(t.citation.number == "431/KH-UBND" for t in rt.traced)


def test_a_wrong_number_after_the_first_mention_is_mended_in_place(kb):
    db, _, _ = kb
    text = ("Căn cứ Nghị định số 59/2019/NĐ-CP ngày 01/7/2019 của Chính phủ quy định chi tiết một số điều; "
            "năm 2019 đã triển khai Nghị định số 59/2016/NĐ-CP tại các đơn vị.")
    rt = trace_report(db, read_source_bytes(text.encode(), "x.txt"), REPORT_DAY)
    (fix,) = corrections.propose(db, rt.text, rt.traced)
    assert fix.original == "Nghị định số 59/2016/NĐ-CP" and fix.problems == ["wrong_number"]
    assert [p.text for p in fix.proposals] == ["Nghị định số 59/2019/NĐ-CP"]     # not the full form again
