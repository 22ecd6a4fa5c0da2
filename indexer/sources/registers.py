"""Provincial registers and gazettes: metadata records, no text.

Two real formats: the Bình Dương register (CSV: number, issue date,
lower-cased title, status as published, PDF link) and the Sơn La gazette
(MySQL INSERT statements: number, issue/effective/expiry dates, issuer,
type, signer, title, status). Each row becomes a ``RegisterRecord`` that
keeps the row as printed, for evidence.
"""
from __future__ import annotations

import csv
import datetime as _dt
import io
import re
from dataclasses import dataclass

from indexer.sources.text import UnreadableInput, decode
from kb import dates, numbers
from kb.text import nfc, squash_spaces


@dataclass
class RegisterRecord:
    number: str | None            # normalised
    number_printed: str
    issued: _dt.date | None
    title: str | None
    status: str | None            # as the register prints it
    row: str                      # the row as printed, for evidence
    place: str                    # "register.csv:row 12"
    issuer: str | None = None
    doc_type: str | None = None
    signer: str | None = None
    effective_from: _dt.date | None = None
    effective_until: _dt.date | None = None
    as_of: _dt.date | None = None   # when the register was read (crawl date), if known
    url: str | None = None


def read_binhduong_csv(data: bytes, label: str = "register.csv") -> list[RegisterRecord]:
    text = decode(data, label)
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "so_ky_hieu" not in reader.fieldnames:
        raise UnreadableInput(f"{label}: không phải sổ văn bản dạng CSV (thiếu cột so_ky_hieu)")
    out = []
    for i, row in enumerate(reader, start=2):
        printed = squash_spaces(nfc(row.get("so_ky_hieu") or ""))
        if not printed:
            continue
        out.append(RegisterRecord(
            number=numbers.normalise(printed), number_printed=printed,
            issued=dates.parse(row.get("ngay_ban_hanh") or ""),
            title=squash_spaces(nfc(row.get("trich_yeu") or "")) or None,
            status=squash_spaces(nfc(row.get("hieu_luc") or "")) or None,
            row=" | ".join(squash_spaces(v or "") for k, v in row.items() if k and k != "pdf"),
            place=f"{label}:dòng {i}", url=row.get("pdf") or None))
    return out


_INSERT_RE = re.compile(r"INSERT INTO `(?P<table>\w+)` \((?P<cols>[^)]*)\) VALUES\s*", re.I)
# One SQL value: a quoted string (backslash escapes), NULL, or a number.
_VALUE_RE = re.compile(r"\s*(?:'(?P<s>(?:[^'\\]|\\.|'')*)'|(?P<null>NULL)|(?P<num>-?[\d.]+))\s*(?P<end>[,)])", re.S)
_UNESCAPE = {"n": "\n", "r": "\r", "t": "\t", "0": "\0", "\\": "\\", "'": "'", '"': '"'}


def read_sonla_sql(data: bytes, label: str = "congbao.sql") -> list[RegisterRecord]:
    text = decode(data, label)
    out = []
    for cols, values in _sql_rows(text, label):
        row = dict(zip(cols, values))
        printed = squash_spaces(nfc(row.get("so_hieu") or ""))
        if not printed:
            continue
        crawled = row.get("crawled_at")
        out.append(RegisterRecord(
            number=numbers.normalise(printed), number_printed=printed,
            issued=_iso(row.get("ngay_ban_hanh")),
            title=squash_spaces(nfc(row.get("trich_yeu") or "")) or None,
            status=squash_spaces(nfc(row.get("tinh_trang") or "")) or None,
            row=" | ".join(f"{k}={v}" for k, v in row.items()
                           if v and k not in ("file_urls", "file_local_paths", "parent_unid")),
            place=f"{label}:{row.get('source_url') or printed}",
            issuer=row.get("co_quan_ban_hanh"), doc_type=_type(row.get("loai_van_ban")),
            signer=row.get("nguoi_ky"), effective_from=_iso(row.get("ngay_hieu_luc")),
            effective_until=_iso(row.get("ngay_het_hieu_luc")),
            as_of=_iso((crawled or "")[:10]), url=row.get("source_url")))
    return out


def _sql_rows(text: str, label: str):
    for m in _INSERT_RE.finditer(text):
        cols = [c.strip(" `") for c in m.group("cols").split(",")]
        pos = m.end()
        while pos < len(text) and text[pos] == "(":
            values, pos = _tuple(text, pos + 1, label)
            if len(values) != len(cols):
                raise UnreadableInput(f"{label}: một dòng có {len(values)} giá trị cho {len(cols)} cột")
            yield cols, values
            while pos < len(text) and text[pos] in ", \n\r\t":
                pos += 1


def _tuple(text: str, pos: int, label: str):
    values = []
    while True:
        m = _VALUE_RE.match(text, pos)
        if not m:
            raise UnreadableInput(f"{label}: câu lệnh SQL hỏng gần vị trí {pos}")
        if m.group("s") is not None:
            values.append(re.sub(r"\\(.)", lambda e: _UNESCAPE.get(e.group(1), e.group(1)), m.group("s")).replace("''", "'"))
        elif m.group("null"):
            values.append(None)
        else:
            values.append(m.group("num"))
        pos = m.end()
        if m.group("end") == ")":
            return values, pos


def _iso(value: str | None) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _type(printed: str | None) -> str | None:
    """"Quyết định của Chủ tịch UBND tỉnh" → "Quyết định"."""
    if not printed:
        return None
    from kb.citations.patterns import TYPE_WORDS
    low = printed.lower()
    for canonical, word in TYPE_WORDS:
        if low.startswith(word):
            return canonical
    return None
