"""Reader of the Bộ pháp điển dump: the đề mục HTML files, as downloaded.

Accepts the release archive (``demuc-html.tar.xz``) or a folder of the
unpacked files. Empty placeholder files of the release are skipped.
"""
from __future__ import annotations

import tarfile
from pathlib import Path
from typing import Iterator

import lxml.html


def iter_files(source: str | Path) -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of each non-empty đề mục HTML file."""
    source = Path(source)
    if source.is_dir():
        archive = source / "demuc-html.tar.xz"
        if archive.exists():
            yield from iter_files(archive)
            return
        for path in sorted(source.rglob("*.html")):
            if path.name != "index.html":
                data = path.read_bytes()
                if data.strip():
                    yield str(path.relative_to(source)), data
        return
    with tarfile.open(source) as tar:
        for member in tar:
            if member.isfile() and member.name.endswith(".html"):
                data = tar.extractfile(member).read()
                if data.strip():
                    yield member.name, data


def html_text(data: bytes) -> str:
    """Plain text of one đề mục file (page chrome included; it is short)."""
    doc = lxml.html.fromstring(data.decode("utf-8-sig", errors="replace"))
    return doc.text_content()


def iter_texts(source: str | Path) -> Iterator[tuple[str, str]]:
    for name, data in iter_files(source):
        yield name, html_text(data)
