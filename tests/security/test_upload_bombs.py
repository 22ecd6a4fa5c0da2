"""Hostile files (issue 16): a flate bomb PDF, a page too large to rasterise,
a zip bomb, a billion-laughs .docx, to the editor's upload and to the
anonymous report check: each refused with a reason (never a 500), fast, and
with nothing written. OCR tools run under resource limits."""
import io
import subprocess
import sys
import time
import zipfile
import zlib

import pytest

from indexer.sources import pdf
from indexer.sources.text import UnreadableInput
from manage_site import app_for, csrf_of, login, make_site, pdf_of
from sec_site import written


def make_pdf(page: str, content: bytes, filters: str = "") -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R {page} /Resources << >> /Contents 4 0 R >>".encode(),
        f"<< /Length {len(content)} {filters} >>\nstream\n".encode() + content + b"\nendstream",
    ]
    return pdf_of(objects)


@pytest.fixture(scope="module")
def flate_bomb() -> bytes:
    """80 MB of page content in 80 KB."""
    return make_pdf("/MediaBox [0 0 595 842]", zlib.compress(b" " * 80_000_000, 9), "/Filter /FlateDecode")


# 600 bytes: one blank page 100 inches square (a scan to OCR, 900 million pixels at 300 dpi)
PIXEL_BOMB = make_pdf("/MediaBox [0 0 7200 7200]", b"")


def zip_bomb() -> bytes:
    """20 MB in 20 KB: a ratio of 1,000 (the reader refuses over 100)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<w:document>" + b" " * 20_000_000 + b"</w:document>")
    return buf.getvalue()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    corpus, instance = make_site(tmp_path_factory.mktemp("bombs"))
    return corpus, instance, app_for(corpus, instance)


def test_a_flate_bomb_is_refused_as_unreadable(flate_bomb):
    with pytest.raises(UnreadableInput, match="bom nén"):
        pdf.read_pdf(flate_bomb, "bom.pdf")


def test_a_page_too_large_is_refused_before_rasterising(monkeypatch):
    started = []
    monkeypatch.setattr(pdf.subprocess, "run", lambda *a, **k: started.append(a) or subprocess.run(*a, **k))
    monkeypatch.setattr(pdf, "ocr_available", lambda: True)
    with pytest.raises(UnreadableInput, match="quá lớn để nhận dạng"):
        pdf.read_pdf(PIXEL_BOMB, "to.pdf")
    assert started == []


def test_ocr_tools_run_under_a_memory_limit():
    hog = [sys.executable, "-c", "x = bytearray(800 * 1024 * 1024); print('ok')"]
    done = subprocess.run(pdf.limited(hog, 30, memory=300 * 1024 * 1024), capture_output=True, timeout=60)
    assert done.returncode != 0 and b"ok" not in done.stdout
    done = subprocess.run(pdf.limited([sys.executable, "-c", "print('ok')"], 30), capture_output=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == b"ok"


def test_ocr_tools_run_under_a_cpu_limit():
    spin = [sys.executable, "-c", "while True: pass"]
    t0 = time.monotonic()
    done = subprocess.run(pdf.limited(spin, 1), capture_output=True, timeout=60)
    assert done.returncode != 0 and time.monotonic() - t0 < 30


@pytest.mark.parametrize("name,make,reason", [
    ("bom.pdf", lambda: None, "bom nén"),
    ("to.pdf", lambda: PIXEL_BOMB, "quá lớn"),
    ("nen.docx", zip_bomb, ""),
])
def test_editor_upload_refused_and_nothing_written(site, flate_bomb, name, make, reason):
    corpus, instance, app = site
    data = make() or flate_bomb
    before = written(corpus, instance / "uploads")
    with app.test_client() as c:
        login(c, "bientap")
        token = csrf_of(c.get("/quan-ly/").get_data(as_text=True))
        t0 = time.monotonic()
        r = c.post("/quan-ly/tai-len", data={"csrf_token": token, "file": (io.BytesIO(data), name)},
                   content_type="multipart/form-data")
        assert time.monotonic() - t0 < 60
    assert r.status_code == 400, r.status_code
    assert reason in r.get_data(as_text=True)
    assert written(corpus, instance / "uploads") == before


def test_report_upload_of_a_zip_bomb_refused_and_nothing_kept(site):
    corpus, instance, app = site
    before = written(corpus, instance / "reports")
    with app.test_client() as c:
        token = csrf_of(c.get("/bao-cao/").get_data(as_text=True))
        r = c.post("/bao-cao/", data={"csrf_token": token, "file": (io.BytesIO(zip_bomb()), "bc.docx")},
                   content_type="multipart/form-data")
    assert r.status_code == 400
    assert written(corpus, instance / "reports") == before
