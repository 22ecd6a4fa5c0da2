"""Citations in Vietnamese text: find → resolve (→ annotate, for the UI).

>>> [c.number for c in extract("theo Nghị định số 61/2018/NĐ-CP ngày 23/4/2018")]
['61/2018/NĐ-CP']
"""
from __future__ import annotations

from kb.citations.find import find
from kb.citations.resolve import resolve
from kb.model import Citation


def extract(text: str) -> list[Citation]:
    """Every citation in ``text``, resolved against the text itself."""
    return resolve(find(text))


__all__ = ["extract", "find", "resolve", "Citation"]
