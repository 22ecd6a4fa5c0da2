"""Vietnamese dates as printed in legal texts.

"ngày 28 tháng 12 năm 2018", "28/12/2018", "2/5/2018", "28-12-2018",
"28.12.2018". Day first, always.
"""
from __future__ import annotations

import datetime as _dt
import re

from kb.text import nfc

# Regex fragments shared with the citation finder. Quantifiers are
# bounded so that matching stays linear on hostile input.
NUMERIC_DATE = (
    r"(?P<d>\d{1,2})\s{0,2}(?P<sep>[/.-])\s{0,2}(?P<m>\d{1,2})"
    r"\s{0,2}(?P=sep)\s{0,2}(?P<y>\d{4})(?!\d)"
)
WORDED_DATE = (
    r"(?P<wd>\d{1,2})\s{1,4}(?i:tháng)\s{1,4}(?P<wm>\d{1,2})"
    r"\s{1,4}(?i:năm)\s{1,4}(?P<wy>\d{4})(?!\d)"
)
DATE = rf"(?:{WORDED_DATE}|{NUMERIC_DATE})"

_DATE_RE = re.compile(rf"(?<!\d){DATE}")
_DATE_WITH_WORD_RE = re.compile(rf"(?i:ngày)\s{{1,4}}{DATE}")

MIN_YEAR, MAX_YEAR = 1945, 2100


def from_parts(day: str | int, month: str | int, year: str | int) -> _dt.date | None:
    """A real calendar date, or None ("31/02/2019" is a typo, not a date)."""
    try:
        d = _dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
    return d if MIN_YEAR <= d.year <= MAX_YEAR else None


def from_match(m: re.Match) -> _dt.date | None:
    """The date of a match of ``DATE`` (either printed form)."""
    if m.group("wd"):
        return from_parts(m.group("wd"), m.group("wm"), m.group("wy"))
    return from_parts(m.group("d"), m.group("m"), m.group("y"))


def parse(text: str) -> _dt.date | None:
    """The first date in ``text``, e.g. parse("Hà Nội, ngày 17 tháng 10 năm 2023")."""
    text = nfc(text)
    m = _DATE_WITH_WORD_RE.search(text) or _DATE_RE.search(text)
    return from_match(m) if m else None


def iso(d: _dt.date | None) -> str | None:
    return d.isoformat() if d else None


def vietnamese(d: _dt.date) -> str:
    """Official long form, "ngày 23 tháng 4 năm 2018".

    Days below 10 and the months 1 and 2 take a leading zero, as the
    rules on administrative documents require ("ngày 05 tháng 02 năm 2020").
    """
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def dmy(value) -> str:
    """A date as pages print it, dd/mm/yyyy; a stored ISO date ("2019-08-15", or a
    timestamp "2019-08-15T10:00:00") likewise; anything else (a note such as
    "ngày chưa rõ", None) as it is, so a filter never fails on odd data."""
    if value is None or value == "":
        return ""
    if isinstance(value, _dt.datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, _dt.date):
        return f"{value:%d/%m/%Y}"
    text = str(value)
    try:
        if len(text) > 10 and text[10] in "T ":
            return f"{_dt.datetime.fromisoformat(text[:19]):%d/%m/%Y %H:%M}"
        return f"{_dt.date.fromisoformat(text):%d/%m/%Y}" if len(text) == 10 else text
    except ValueError:
        return text
