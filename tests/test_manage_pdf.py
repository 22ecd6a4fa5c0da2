"""PDF uploads: the text layer read with pypdf; a scanned PDF (page images only)
read by Tesseract's Vietnamese model and marked as OCR'd."""
import html
import io
import re
import subprocess

import pytest
from playwright.sync_api import sync_playwright

from browser import launch
from indexer.ingest import prefill
from indexer.sources.corpus_md import read_corpus_md
from indexer.sources.pdf import read_pdf
from indexer.sources.text import UnreadableInput
from manage_site import DECISION, app_for, csrf_of, login, make_site, pdf_of


def decision_html(lines: int | None = None) -> str:
    text = DECISION.read_text(encoding="utf-8").splitlines()[:lines]
    body = "".join(f"<p>{html.escape(line)}</p>" for line in text)
    return f"<!doctype html><html><head><meta charset='utf-8'><style>body{{font:15px serif}}</style></head><body>{body}</body></html>"


@pytest.fixture(scope="module")
def text_pdf() -> bytes:
    """The real decision printed to PDF by Chromium: a PDF with a text layer."""
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page()
        page.set_content(decision_html())
        data = page.pdf(format="A4")
        page.set_content(decision_html(12))
        first_page = page.pdf(format="A4")
        browser.close()
    return data, first_page


def scanned(pdf: bytes, tmp_path) -> bytes:
    """A PDF of page images only: the first page rasterised, wrapped as a JPEG image."""
    (tmp_path / "in.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "200", "-gray", "-jpeg", "-singlefile", "-f", "1", "-l", "1",
                    "in.pdf", "page"], cwd=tmp_path, check=True)
    return jpeg_pdf((tmp_path / "page.jpg").read_bytes())


def jpeg_pdf(jpeg: bytes) -> bytes:
    h, w, components = jpeg_frame(jpeg)
    space = "/DeviceGray" if components == 1 else "/DeviceRGB"
    pw, ph = 595, round(595 * h / w)
    content = f"q {pw} 0 0 {ph} 0 0 cm /Im0 Do Q".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {pw} {ph}] /Resources << /XObject << /Im0 4 0 R >> >>"
        f" /Contents 5 0 R >>".encode(),
        f"<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace {space} /BitsPerComponent 8"
        f" /Filter /DCTDecode /Length {len(jpeg)} >>\nstream\n".encode() + jpeg + b"\nendstream",
        f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream",
    ]
    return pdf_of(objects)


def jpeg_frame(jpeg: bytes) -> tuple[int, int, int]:
    """(height, width, components) from the JPEG's start-of-frame segment."""
    i = 2
    while True:
        marker, length = jpeg[i + 1], int.from_bytes(jpeg[i + 2:i + 4], "big")
        if marker in (0xC0, 0xC1, 0xC2):
            return (int.from_bytes(jpeg[i + 5:i + 7], "big"), int.from_bytes(jpeg[i + 7:i + 9], "big"), jpeg[i + 9])
        i += 2 + length


def test_text_layer_is_read(text_pdf):
    st = read_pdf(text_pdf[0], "qd.pdf")
    assert st.meta == {"text_layer": "pdf"}
    assert "Số: 07/2024/QĐ-TTg" in st.text
    assert "Quyết định số 02/2012/QĐ-TTg ngày 13 tháng 01 năm 2012" in st.text
    fields = prefill(st)["fields"]          # the review form, from the header of the printed page
    assert (fields["number"], fields["issued"], fields["effective_from"]) == ("07/2024/QĐ-TTg", "2024-06-20",
                                                                                "2024-07-01")


def test_broken_and_encrypted_pdfs_are_refused_with_a_reason():
    with pytest.raises(UnreadableInput, match="PDF hỏng"):
        read_pdf(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\n%%EOF", "x.pdf")


def test_scanned_pdf_is_ocred_and_marked(text_pdf, tmp_path):
    data = scanned(text_pdf[1], tmp_path)
    st = read_pdf(data, "scan.pdf")
    assert st.meta["text_layer"] == "ocr" and st.meta["ocr_engine"].startswith("tesseract")
    assert "QUYẾT ĐỊNH" in st.text and "hợp đồng theo mẫu" in st.text
    assert "07/2024/Q" in st.text


def test_a_scanned_upload_is_saved_marked_as_ocr(text_pdf, tmp_path):
    corpus, instance = make_site(tmp_path / "site")
    app = app_for(corpus, instance)
    with app.test_client() as c:
        login(c, "bientap")
        token = csrf_of(c.get("/quan-ly/").get_data(as_text=True))
        r = c.post("/quan-ly/tai-len", data={"csrf_token": token,
                                             "file": (io.BytesIO(scanned(text_pdf[1], tmp_path)), "ban-quet.pdf")},
                   content_type="multipart/form-data")
        assert r.status_code == 302
        review = c.get(r.headers["Location"]).get_data(as_text=True)
        assert 'id="ocr-note"' in review and "OCR" in review
        form = dict(re.findall(r'<input name="(\w+)" value="([^"]*)"', review), csrf_token=token)
        form.update(number="07/2024/QĐ-TTg", issued="2024-06-20", title="Ban hành Danh mục hợp đồng theo mẫu")
        assert c.post(r.headers["Location"], data=form).status_code == 302
        page = c.get("/van-ban/07-2024-qdd-ttg.2024-06-20").get_data(as_text=True)
        assert "chữ nhận dạng bằng OCR (tesseract" in page         # marked on the document page
    (saved,) = (corpus / "documents" / "tai-len").glob("*.md")
    meta = read_corpus_md(saved.read_bytes()).meta
    assert meta["text_layer"] == "ocr" and "OCR" in meta["source"]
