"""Stable, readable document keys, used in URLs and on the command line.

A document is its printed number, its issuer and its issue date; the same
printed number can belong to two documents (two "05-KL/TU", or the
"36/2019/QĐ-UBND" of two provinces), so the key carries the issue date
when it is known: ``61-2018-ndd-cp.2018-04-23``. "Đ" becomes "dd" (the
Telex spelling), never "d": HĐ and HD stay apart.
"""
from __future__ import annotations

import datetime as _dt
import functools
import re
import unicodedata

from kb.text import nfc


@functools.lru_cache(maxsize=65536)
def slug(s: str) -> str:
    s = nfc(s).replace("Đ", "dd").replace("đ", "dd")
    s = unicodedata.normalize("NFD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def document_key(number: str | None, issued: _dt.date | None = None, fallback: str | None = None) -> str:
    """``number`` (normalised) and issue date → key; ``fallback`` when no number."""
    base = slug(number) if number else "vb-" + slug(fallback or "khong-so")
    return f"{base}.{issued.isoformat()}" if issued else base


def anchor(*parts: tuple[str, str]) -> str:
    """("dieu", "3"), ("khoan", "2"), ("diem", "đ") → "dieu-3-khoan-2-diem-dd"."""
    return "-".join(f"{kind}-{slug(label)}" for kind, label in parts)
