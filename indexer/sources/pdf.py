"""PDF: the text layer (pypdf), or OCR of the page images for a scanned PDF.

A PDF whose pages carry almost no text is taken as scanned: its pages are
rasterised with poppler's ``pdftoppm`` and read by Tesseract with the
Vietnamese model (Debian's ``tesseract-ocr-vie``, installed by ``make
setup``). OCR'd text is marked so (``meta["text_layer"] = "ocr"``, with the
engine), because it may misread characters: a number or a date read by OCR
is for a person to check, which the review form asks for.

Both tools run as subprocesses with time limits, on a copy of the bytes in
a private temporary folder; the upload's own name is never used.
"""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

from indexer.sources import SourceText
from indexer.sources.text import UnreadableInput

MAX_PAGES = 300
OCR_MAX_PAGES = 60
OCR_DPI = 300
OCR_TIMEOUT = 120            # seconds per page
# Fewer visible characters per page than this, on average: no text layer.
MIN_CHARS_PER_PAGE = 40


def read_pdf(data: bytes, label: str = "input", ocr: bool = True) -> SourceText:
    if not data.startswith(b"%PDF-"):
        raise UnreadableInput(f"{label}: không phải tệp PDF (not a PDF)")
    pages = _text_layer(data, label)
    visible = sum(len("".join(p.split())) for p in pages)
    if pages and visible >= MIN_CHARS_PER_PAGE * len(pages):
        return SourceText(_join(pages), meta={"text_layer": "pdf"}, format="pdf")
    if not ocr:
        raise UnreadableInput(f"{label}: PDF không có lớp chữ (scanned PDF, OCR off)")
    text, engine = ocr_pdf(data, label, len(pages))
    return SourceText(text, meta={"text_layer": "ocr", "ocr_engine": engine}, format="pdf")


def _text_layer(data: bytes, label: str) -> list[str]:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:     # pragma: no cover - a dependency of the project
        raise UnreadableInput(f"{label}: thiếu thư viện pypdf để đọc PDF") from None
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UnreadableInput(f"{label}: PDF được mã hóa, không đọc được (encrypted PDF)")
        n = len(reader.pages)
        if n > MAX_PAGES:
            raise UnreadableInput(f"{label}: PDF quá dài ({n} trang; tối đa {MAX_PAGES})")
        # layout mode: plain mode splits a Vietnamese word where its glyphs were
        # placed one by one ("TH Ủ  T ƯỚ NG"), as Word and browsers print them
        return [_tidy(page.extract_text(extraction_mode="layout") or "") for page in reader.pages]
    except UnreadableInput:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, RecursionError) as e:
        raise UnreadableInput(f"{label}: PDF hỏng, không đọc được ({type(e).__name__})") from None


def _tidy(page: str) -> str:
    """One line per printed line, and one per column of a two-column header
    (issuer | Quốc hiệu), as the header parser reads a typed text."""
    lines = []
    for line in page.splitlines():
        lines.extend(part for part in re.split(r"\s{3,}", line.strip()) if part)
    return "\n".join(lines)


def _join(pages: list[str]) -> str:
    return unicodedata.normalize("NFC", "\n".join(p.strip("\n") for p in pages))


def ocr_available() -> bool:
    return bool(shutil.which("tesseract") and shutil.which("pdftoppm"))


def ocr_pdf(data: bytes, label: str, pages: int) -> tuple[str, str]:
    """(text, engine) of a scanned PDF, page by page."""
    if not ocr_available():
        raise UnreadableInput(f"{label}: PDF là bản quét nhưng máy chưa cài Tesseract/poppler "
                              "(chạy `make setup`)")
    if pages > OCR_MAX_PAGES:
        raise UnreadableInput(f"{label}: bản quét quá dài để nhận dạng ({pages} trang; tối đa {OCR_MAX_PAGES})")
    with tempfile.TemporaryDirectory(prefix="cancu-ocr-") as tmp:
        folder = Path(tmp)
        (folder / "in.pdf").write_bytes(data)
        _run(["pdftoppm", "-r", str(OCR_DPI), "-gray", "-png", "in.pdf", "page"], folder,
             OCR_TIMEOUT * max(pages, 1), label)
        texts = []
        for image in sorted(folder.glob("page*.png")):
            out = _run(["tesseract", image.name, "-", "-l", "vie", "--psm", "4"], folder, OCR_TIMEOUT, label)
            texts.append(out.decode("utf-8", "replace"))
    text = _join(texts)
    if not "".join(text.split()):
        raise UnreadableInput(f"{label}: không nhận dạng được chữ nào trong bản quét")
    return text, f"tesseract {_version()} (vie)"


def _run(cmd: list[str], cwd: Path, timeout: int, label: str) -> bytes:
    try:
        done = subprocess.run(cmd, cwd=cwd, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise UnreadableInput(f"{label}: nhận dạng chữ quá lâu, đã dừng ({cmd[0]})") from None
    if done.returncode != 0:
        raise UnreadableInput(f"{label}: {cmd[0]} không đọc được tệp "
                              f"({done.stderr.decode('utf-8', 'replace').strip()[:120]})")
    return done.stdout


def _version() -> str:
    try:
        out = subprocess.run(["tesseract", "--version"], capture_output=True, timeout=10).stdout
        return out.decode().split()[1]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return "?"
