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


# --- numbers as typed by a person, for comparing ------------------------------------
#
# A key is a lossy slug of the number: "82-2007-NĐ-CP", "61/2018/NĐ-CṔ" (a
# combining accent) and "82/2007/NĐ-CP" slug alike, so a number typed in a
# form must be brought to its printed form *before* it is compared or keyed:
# compatibility forms (fullwidth "６１", "①"), letters of other scripts that
# look Latin (Cyrillic "СР", Greek "Ν"), digits of other scripts, combining
# marks, invisible format characters and look-alike dashes and slashes.
# What is left must be the characters of a số ký hiệu, else it is refused.

# Cyrillic and Greek capitals and small letters drawn like Latin ones.
_CONFUSABLES = str.maketrans({
    **dict(zip("АВСЕНІЈКМОРЅТХУҮԌԚԜ", "ABCEHIJKMOPSTXYYGQW")),
    **dict(zip("аеһіјорѕсхуԁԛԝ", "aehijopscxydqw")),
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX")),
    **dict(zip("αιονρυχ", "aiovpux")),
    "\u2044": "/", "\u2215": "/", "\u29f8": "/", "\uff0f": "/",      # fraction, division slashes
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\ufe63": "-", "\uff0d": "-",
})
_NUMBER_CHARS = re.compile(r"[0-9A-Za-zĐđ/.\- ]*")
_DASHED_YEAR = re.compile(r"^(\d{1,5}[a-zđA-ZĐ]?)[-/ ]+((?:19|20)\d\d)[-/ ]+(\S.*)$")


class BadNumber(ValueError):
    """A number that is not a số ký hiệu once its look-alikes are read (Vietnamese message)."""


def plain_number(raw: str) -> str:
    """``raw`` with look-alikes made plain: NFKC, Latin for Cyrillic and Greek
    look-alikes, ASCII digits, no combining marks or format characters, one
    dash and one slash; blanks squashed. BadNumber when anything else is left."""
    s = unicodedata.normalize("NFKC", raw)
    s = "".join(_plain_char(ch) for ch in unicodedata.normalize("NFD", s))
    s = nfc(s).translate(_CONFUSABLES)
    s = " ".join(s.split())
    if not _NUMBER_CHARS.fullmatch(s) or not re.search(r"[0-9A-Za-zĐđ]", s):
        raise BadNumber(f"Số ký hiệu “{raw[:60]}” có ký tự không phải chữ cái không dấu, chữ Đ, chữ số "
                        "hay dấu / - . (có thể là chữ giống chữ Latinh của bảng chữ khác); hãy gõ lại.")
    return s


def _plain_char(ch: str) -> str:
    if unicodedata.combining(ch):
        return ""
    cat = unicodedata.category(ch)
    if cat == "Cf":                 # zero-width, bidi overrides, soft hyphen
        return ""
    if cat == "Nd":
        return str(unicodedata.decimal(ch))
    return ch


def canonical_number(raw: str, normalise) -> str:
    """The printed form of a typed number: ``plain_number``, then ``normalise``
    (``kb.numbers.normalise``); "82-2007-NĐ-CP" is read as 82/2007/NĐ-CP.
    A number that does not parse is kept plain (old or odd shapes)."""
    s = plain_number(raw)
    n = normalise(s)
    if n is None:
        m = _DASHED_YEAR.match(s)
        if m:
            n = normalise(f"{m.group(1)}/{m.group(2)}/{m.group(3)}")
    return n or s


def number_key(number: str | None) -> str:
    """What two numbers must share to be the same number: separators and case
    aside. Never a path or a URL (see ``document_key``)."""
    if not number:
        return ""
    try:
        s = plain_number(number)
    except BadNumber:
        s = number
    s = s.replace("đ", "Đ").upper()
    return re.sub(r"[^0-9A-ZĐ]+", "-", s).strip("-")


_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]*(?:\.\d{4}-\d\d-\d\d)?$")


def is_key(key: str) -> bool:
    """A key as ``document_key`` makes it: never empty, never a dot file or a path."""
    return bool(_KEY_RE.match(key or ""))


# --- provisions as printed ------------------------------------------------------
#
# One reader of a printed reference ("điểm b khoản 2 Điều 3", "Điều 5a",
# "khoản 2, Điều 3") for every caller: the CLI's --provision, the API's
# anchors, report pinpoints and the scopes of events (kb.status.scope_anchor).

_REF_PART_RE = re.compile(r"(điểm|khoản|điều)\s*([0-9]{1,4}[a-zđ]?|[a-zđ]\d?)(?![\w])", re.I)
_REF_FILLER_RE = re.compile(r"[\s,;.]*|\s*(?:của|tại)\s*", re.I)
_REF_KINDS = {"điều": "dieu", "khoản": "khoan", "điểm": "diem"}
_ANCHOR_RE = re.compile(r"dieu-[0-9]{1,4}[a-z]{0,2}(?:-khoan-[0-9]{1,3}[a-z]{0,2}(?:-diem-[a-z]{1,2}[0-9]?)?)?")


def provision_anchor(printed: str | None) -> str | None:
    """"điểm b khoản 2 Điều 3" → "dieu-3-khoan-2-diem-b"; "Điều 5a" → "dieu-5a";
    an anchor ("dieu-3-khoan-2") as it is. None when the text is anything
    else: no Điều, a unit named twice, a khoản without its Điều, other words."""
    if not printed:
        return None
    s = nfc(printed).strip()
    if len(s) > 80:
        return None
    if _ANCHOR_RE.fullmatch(s):
        return s
    parts: dict[str, str] = {}
    pos = 0
    for m in _REF_PART_RE.finditer(s):
        if not _REF_FILLER_RE.fullmatch(s[pos:m.start()]):
            return None
        kind = _REF_KINDS[m.group(1).lower()]
        number = m.group(2).lower()
        if kind in parts:
            return None
        # Điều and khoản are numbered, điểm lettered: "khoản b", "điểm 2" are not references
        if number[0].isdigit() != (kind != "diem"):
            return None
        parts[kind] = number
        pos = m.end()
    if "dieu" not in parts or not _REF_FILLER_RE.fullmatch(s[pos:]) or ("diem" in parts and "khoan" not in parts):
        return None
    return anchor(*[(k, parts[k]) for k in ("dieu", "khoan", "diem") if k in parts])
