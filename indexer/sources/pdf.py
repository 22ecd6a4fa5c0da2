"""PDF: the text layer (pypdf), or OCR of the page images for a scanned PDF.

A PDF whose pages carry almost no text is taken as scanned: its pages are
rasterised with poppler's ``pdftoppm`` and read by Tesseract with the
Vietnamese model (Debian's ``tesseract-ocr-vie``, installed by ``make
setup``). OCR'd text is marked so (``meta["text_layer"] = "ocr"``, with the
engine), because it may misread characters: a number or a date read by OCR
is for a person to check, which the review form asks for.

Both tools run as subprocesses on a copy of the bytes in a private
temporary folder (the upload's own name is never used), one page at a
time, each under resource limits set in the child (``resource.setrlimit``:
address space, CPU seconds, size of a file written) and a wall-clock
timeout, within a time budget for the whole document. Before anything is
rasterised, the pages are measured: a page whose image at OCR_DPI would
exceed OCR_MAX_PIXELS is refused (a 600-byte PDF with a 7,200-point page
once made pdftoppm use 2.6 GB for 30 s). A PDF whose streams decompress
beyond pypdf's limits (a flate bomb) is refused as unreadable.
"""
from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

from indexer.sources import SourceText
from indexer.sources.text import UnreadableInput

MAX_PAGES = 300
OCR_MAX_PAGES = 60
OCR_DPI = 300
OCR_TIMEOUT = 60             # seconds per page and step (rasterising, recognising)
OCR_BUDGET = 600             # seconds for the whole document
OCR_MAX_PIXELS = 40_000_000  # per page image at OCR_DPI: A4 is 8.7 million, A2 35 million
OCR_MAX_MEMORY = 1536 * 1024 * 1024   # address space of each OCR process
OCR_MAX_FILE = 256 * 1024 * 1024      # largest file an OCR process may write
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
    text, engine = ocr_pdf(data, label, len(pages), _page_sizes(data, label))
    return SourceText(text, meta={"text_layer": "ocr", "ocr_engine": engine}, format="pdf")


def _text_layer(data: bytes, label: str) -> list[str]:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:     # pragma: no cover - a dependency of the project
        raise UnreadableInput(f"{label}: thiếu thư viện pypdf để đọc PDF") from None
    from pypdf.errors import LimitReachedError, PyPdfError
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
    except (LimitReachedError, MemoryError):
        raise UnreadableInput(f"{label}: PDF có luồng dữ liệu giải nén quá lớn (nghi là bom nén), "
                              "không đọc") from None
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            ZeroDivisionError, RecursionError) as e:
        raise UnreadableInput(f"{label}: PDF hỏng, không đọc được ({type(e).__name__})") from None


def _page_sizes(data: bytes, label: str) -> list[tuple[float, float]]:
    """(width, height) of each page in points, as rasterised (the crop box
    scaled by the page's user unit)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError
    try:
        out = []
        for page in PdfReader(io.BytesIO(data)).pages:
            box, unit = page.cropbox, float(page.get("/UserUnit", 1) or 1)
            out.append((abs(float(box.width)) * unit, abs(float(box.height)) * unit))
        return out
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as e:
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


def ocr_pdf(data: bytes, label: str, pages: int, sizes: list[tuple[float, float]] | None = None) -> tuple[str, str]:
    """(text, engine) of a scanned PDF, page by page, each step bounded (see above)."""
    if not ocr_available():
        raise UnreadableInput(f"{label}: PDF là bản quét nhưng máy chưa cài Tesseract/poppler "
                              "(chạy `make setup`)")
    if pages > OCR_MAX_PAGES:
        raise UnreadableInput(f"{label}: bản quét quá dài để nhận dạng ({pages} trang; tối đa {OCR_MAX_PAGES})")
    for i, (w, h) in enumerate(sizes or [], start=1):
        pixels = (w / 72 * OCR_DPI) * (h / 72 * OCR_DPI)
        if pixels > OCR_MAX_PIXELS:
            raise UnreadableInput(f"{label}: trang {i} quá lớn để nhận dạng ({w / 72 * 2.54:.0f} × "
                                  f"{h / 72 * 2.54:.0f} cm; tối đa {OCR_MAX_PIXELS // 1_000_000} triệu điểm ảnh "
                                  f"ở {OCR_DPI} dpi)")
    deadline = time.monotonic() + OCR_BUDGET
    texts = []
    with tempfile.TemporaryDirectory(prefix="cancu-ocr-") as tmp:
        folder = Path(tmp)
        (folder / "in.pdf").write_bytes(data)
        for page in range(1, max(pages, 1) + 1):
            _run(["pdftoppm", "-r", str(OCR_DPI), "-gray", "-png", "-singlefile", "-f", str(page), "-l", str(page),
                  "in.pdf", "page"], folder, _left(deadline, label), label)
            image = folder / "page.png"
            if not image.exists():
                break
            out = _run(["tesseract", image.name, "-", "-l", "vie", "--psm", "4"], folder, _left(deadline, label),
                       label)
            image.unlink()
            texts.append(out.decode("utf-8", "replace"))
    text = _join(texts)
    if not "".join(text.split()):
        raise UnreadableInput(f"{label}: không nhận dạng được chữ nào trong bản quét")
    return text, f"tesseract {_version()} (vie)"


def _left(deadline: float, label: str) -> float:
    left = min(OCR_TIMEOUT, deadline - time.monotonic())
    if left <= 0:
        raise UnreadableInput(f"{label}: nhận dạng chữ quá lâu (quá {OCR_BUDGET} giây), đã dừng")
    return left


# Run in the child before the tool: its limits, then the tool itself.
_LIMITED = (
    "import os, resource, sys\n"
    "mem, cpu, fsize = (int(a) for a in sys.argv[1:4])\n"
    "resource.setrlimit(resource.RLIMIT_AS, (mem, mem))\n"
    "resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))\n"
    "resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))\n"
    "resource.setrlimit(resource.RLIMIT_CORE, (0, 0))\n"
    "os.execvp(sys.argv[4], sys.argv[4:])\n"
)


def limited(cmd: list[str], timeout: float, memory: int = OCR_MAX_MEMORY, file_size: int = OCR_MAX_FILE) -> list[str]:
    """``cmd`` run under resource limits set in the child (a small Python
    shim that sets them, then execs the tool: no preexec_fn in a threaded server)."""
    return [sys.executable, "-I", "-c", _LIMITED, str(memory), str(max(1, int(timeout) + 1)), str(file_size), *cmd]


def _run(cmd: list[str], cwd: Path, timeout: float, label: str) -> bytes:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "OMP_THREAD_LIMIT": "1", "LC_ALL": "C.UTF-8"}
    try:
        done = subprocess.run(limited(cmd, timeout), cwd=cwd, capture_output=True, timeout=timeout, check=False,
                              env=env)
    except subprocess.TimeoutExpired:
        raise UnreadableInput(f"{label}: nhận dạng chữ quá lâu, đã dừng ({cmd[0]})") from None
    if done.returncode != 0:
        why = done.stderr.decode("utf-8", "replace").strip()[:120]
        if done.returncode < 0 or "alloc" in why.lower():
            why = f"vượt giới hạn tài nguyên; {why}" if why else "vượt giới hạn tài nguyên"
        raise UnreadableInput(f"{label}: {cmd[0]} không đọc được tệp ({why})")
    return done.stdout


def _version() -> str:
    try:
        out = subprocess.run(["tesseract", "--version"], capture_output=True, timeout=10).stdout
        return out.decode().split()[1]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return "?"
