"""The corpus Markdown format: a record of one document, kept as text under version control.

::

    ---
    number: 431/KH-UBND
    doc_type: Kế hoạch
    issuer: Ủy ban nhân dân tỉnh Hà Tĩnh
    issued: 2018-12-28
    effective_from:
    title: Cải cách hành chính năm 2019
    signer:
    record_only: true
    source: what the record is based on (free text, one line)
    ---
    (optional body text of the document)

The front matter is a list of ``key: value`` lines between two ``---``
lines. It is not YAML and is read without a YAML library: a key is a word
(letters, digits, ``_``, ``-``), the value is the rest of the line with
the spaces around it removed, taken as it is (no quoting, no escapes, no
nesting, no lists). An empty value is None. Blank lines and lines starting
with ``#`` are ignored. Keys keep their order; unknown keys are kept.

Typed keys are checked, so that a typo fails loudly instead of being
ignored later: dates (``issued``, ``effective_from``, ``effective_until``,
``gazette_date``) must be ISO dates (``2018-12-28``) and stay strings, as
in the other readers' meta; ``record_only`` must be ``true`` or ``false``
and becomes a bool (a non-empty string "false" would read as true).

The body keeps its line structure. Markdown headings (``## Điều 1``) and
emphasis (``**…**``, ``*…*``, ``__…__``, ``_…_``) lose their markers, and
backslash escapes (``\\*``) their backslash; the paragraphs say which lines
were headings (style ``h1``…``h6``) or wholly bold. Nothing else of
Markdown is interpreted: lists, tables and links stay as typed.

``write_corpus_md`` writes the same format; ``read_corpus_md`` of what it
writes gives back the meta and the body (body lines that would lose a
marker are written with backslash escapes).
"""
from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from typing import Any

from indexer.sources import Paragraph, SourceText, UnreadableInput
from indexer.sources.text import decode

__all__ = ["read_corpus_md", "write_corpus_md", "DATE_KEYS", "BOOL_KEYS"]

DATE_KEYS = frozenset({"issued", "effective_from", "effective_until", "gazette_date"})
BOOL_KEYS = frozenset({"record_only"})

_DELIMITER = "---"
_KEY_RE = re.compile(r"[^\W\d][\w-]*")
_FIELD_RE = re.compile(r"(?P<key>[^\s:]+)[ \t]*:(?P<value>.*)")
_ISO_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")

# Markdown, line by line.
_PUNCT = re.escape("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_ESCAPE_RE = re.compile(rf"\\([{_PUNCT}])")
_HEADING_RE = re.compile(r"^ {0,3}(?P<marks>#{1,6})(?:[ \t]+(?P<text>.*?))?(?:[ \t]+#+)?[ \t]*$")
_STRONG_RE = re.compile(r"(?<!\\)(\*\*|__)(?=\S)(?P<t>.+?)(?<=\S)(?<!\\)\1")
_EM_STAR_RE = re.compile(r"(?<![\\\w*])\*(?=[^\s*])(?P<t>.+?)(?<=[^\s\\*])\*(?![\w*])")
_EM_UNDERSCORE_RE = re.compile(r"(?<![\\\w])_(?=[^\s_])(?P<t>.+?)(?<=[^\s\\_])_(?!\w)")
_WHOLE_BOLD_RE = re.compile(r"^\s*(\*\*|__)(?=\S).+(?<=\S)\1\s*$")


def read_corpus_md(data: bytes, label: str = "input") -> SourceText:
    """The record's front matter as ``meta`` and its body as ``text``.

    Raises ``UnreadableInput`` with a one-line reason naming the line when
    the front matter is malformed, or when the bytes are not text.
    """
    text = decode(data, label).replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines[0].strip() != _DELIMITER:
        raise UnreadableInput(
            f"{label}: dòng 1: phần đầu phải mở bằng '---' (front matter must start with '---')")
    meta: dict[str, Any] = {}
    end = None
    for n, line in enumerate(lines[1:], start=2):
        stripped = line.strip()
        if stripped == _DELIMITER:
            end = n
            break
        if not stripped or stripped.startswith("#"):
            continue
        key, value = _field(line, n, label)
        if key in meta:
            raise UnreadableInput(f"{label}: dòng {n}: khóa '{key}' lặp lại (duplicate key)")
        meta[key] = value
    if end is None:
        last = len(lines) - 1 if len(lines) > 1 and lines[-1] == "" else len(lines)
        raise UnreadableInput(
            f"{label}: dòng {last}: hết tệp mà chưa có dòng '---' đóng phần đầu mở ở dòng 1 "
            "(front matter is not closed)")
    body_lines = lines[end:]
    out_lines: list[str] = []
    paragraphs: list[Paragraph] = []
    pos = 0
    for raw in body_lines:
        line, style, bold = _plain(unicodedata.normalize("NFC", raw))
        if line.strip():
            paragraphs.append(Paragraph(pos, pos + len(line), bold=bold, style=style))
        out_lines.append(line)
        pos += len(line) + 1
    return SourceText(text="\n".join(out_lines), meta=meta, paragraphs=paragraphs, format="corpus_md")


def _field(line: str, n: int, label: str) -> tuple[str, Any]:
    m = _FIELD_RE.fullmatch(line.strip())
    if not m:
        shown = line.strip()[:60]
        raise UnreadableInput(
            f"{label}: dòng {n}: cần 'khóa: giá trị', gặp {shown!r} (expected 'key: value')")
    key = m.group("key")
    if not _KEY_RE.fullmatch(key):
        raise UnreadableInput(f"{label}: dòng {n}: khóa không hợp lệ {key!r} (invalid key)")
    value = unicodedata.normalize("NFC", m.group("value").strip()) or None
    try:
        return key, _typed(key, value)
    except ValueError as e:
        raise UnreadableInput(f"{label}: dòng {n}: {e}") from None


def _typed(key: str, value: str | None) -> Any:
    """The value of a typed key, checked; ``ValueError`` says what is wrong."""
    if value is None:
        return None
    if key in DATE_KEYS:
        try:
            if not _ISO_DATE_RE.fullmatch(value):
                raise ValueError
            _dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{key}: {value!r} không phải ngày dạng YYYY-MM-DD "
                             "(not an ISO date)") from None
        return value
    if key in BOOL_KEYS:
        if value not in ("true", "false"):
            raise ValueError(f"{key}: {value!r} phải là true hoặc false (must be true or false)")
        return value == "true"
    return value


def _plain(line: str) -> tuple[str, str | None, bool]:
    """(text without Markdown markers, heading style, wholly bold)."""
    style = None
    m = _HEADING_RE.match(line)
    if m:
        style = f"h{len(m.group('marks'))}"
        line = m.group("text") or ""
    bold = bool(_WHOLE_BOLD_RE.match(line))
    line = _STRONG_RE.sub(lambda m: m.group("t"), line)
    line = _EM_STAR_RE.sub(lambda m: m.group("t"), line)
    line = _EM_UNDERSCORE_RE.sub(lambda m: m.group("t"), line)
    line = _ESCAPE_RE.sub(r"\1", line)
    return line, style, bold


# --- writing ----------------------------------------------------------------------

def write_corpus_md(meta: dict[str, Any], body: str) -> str:
    """The record in the corpus format; ``read_corpus_md`` gives ``meta`` and ``body`` back.

    Values may be str, None, bool, int, or a date (written ISO); a value is
    one line, its surrounding spaces are not kept, and an empty string is
    written as an empty value (read back as None). Raises ``ValueError``
    for a key or value the reader would refuse.
    """
    out = [_DELIMITER]
    for key, value in meta.items():
        if not isinstance(key, str) or not _KEY_RE.fullmatch(key):
            raise ValueError(f"invalid key {key!r}")
        text = _format(value)
        if "\n" in text or "\r" in text:
            raise ValueError(f"{key}: a value must be one line")
        _typed(key, text or None)
        out.append(f"{key}: {text}" if text else f"{key}:")
    out.append(_DELIMITER)
    return "\n".join(out) + "\n" + "\n".join(_escape(line) for line in body.split("\n"))


def _format(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return str(value).strip()


def _escape(line: str) -> str:
    """``line`` with backslash escapes where the reader would drop a marker."""
    if _plain(line)[0] == line:
        return line
    line = line.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_")
    return re.sub(r"^(\s*)#", r"\1\\#", line)
