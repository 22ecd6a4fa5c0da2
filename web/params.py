"""Reading dates from a request: one rule and one message for every page."""
from __future__ import annotations

import datetime as _dt

from flask import request


def parse_date(raw: str | None) -> tuple[_dt.date | None, str | None]:
    """A YYYY-MM-DD date, or None with what was wrong (None, None when empty)."""
    raw = (raw or "").strip()
    if not raw:
        return None, None
    try:
        return _dt.date.fromisoformat(raw), None
    except ValueError:
        return None, f"Ngày “{raw[:40]}” không hợp lệ; dùng dạng YYYY-MM-DD."


def date_arg(name: str, default: _dt.date) -> tuple[_dt.date, str | None]:
    """The date of query argument ``name``, or ``default`` with a message
    saying which date is shown instead of an invalid one."""
    day, error = parse_date(request.args.get(name))
    if error:
        return default, f"{error} Đang hiển thị ngày {default:%d/%m/%Y}."
    return day or default, None
