"""Loại văn bản: the one table of document types, their printed words and
their codes.

Every part of the product that names a type reads it from here: the
symbol of a number ("QĐ" in 52/QĐ-UBND, ``kb.numbers``), the type word and
its upper-case abbreviation in running text ("Nghị định", "NĐ 61/2018",
``kb.citations``), the header's type line (``indexer.header``) and the
short forms typed in a search box ("nd 61/2018", ``query_type``).

One row per type: the canonical name, the code its numbers carry (None
when it has none), and whether the code is also written alone before a
number in running text ("QĐ 36/2019"; "TT" and "CV" only with a number
right after them, which the citation finder requires of every
abbreviation).
"""
from __future__ import annotations

from kb.text import fold

# (canonical name, symbol code, code also used as an abbreviation in running text)
DOC_TYPES: list[tuple[str, str | None, bool]] = [
    ("Hiến pháp", None, False),
    ("Bộ luật", None, False),
    ("Luật", "L", False),
    ("Pháp lệnh", "PL", False),
    ("Sắc lệnh", None, False),
    ("Lệnh", None, False),
    ("Nghị định", "NĐ", True),
    ("Nghị quyết", "NQ", True),
    ("Nghị quyết liên tịch", "NQLT", False),
    ("Quyết định", "QĐ", True),
    ("Thông tư", "TT", True),
    ("Thông tư liên tịch", "TTLT", True),
    ("Chỉ thị", "CT", True),
    ("Kế hoạch", "KH", True),
    ("Kết luận", "KL", True),
    ("Thông báo", "TB", True),
    ("Chương trình", "CTr", False),
    ("Chương trình hành động", None, False),
    ("Hướng dẫn", "HD", False),
    ("Báo cáo", "BC", False),
    ("Tờ trình", "TTr", False),
    ("Công điện", "CĐ", False),
    ("Công văn", "CV", True),
    ("Văn bản hợp nhất", "VBHN", False),
    ("Đề án", "ĐA", False),
    ("Quy chế", "QC", False),
    ("Quy định", "QyĐ", False),
    ("Văn bản", None, False),
]

# Printed type words (lower case), longest first so that "thông tư liên
# tịch" is tried before "thông tư".
TYPE_WORDS: list[tuple[str, str]] = sorted(
    ((name, name.lower()) for name, _, _ in DOC_TYPES), key=lambda t: (-len(t[1].split()), -len(t[1])))

# Symbol code → type ("QĐ" → "Quyết định").
TYPE_CODES: dict[str, str] = {code: name for name, code, _ in DOC_TYPES if code}

# Type → the code of its numbers. Party documents use "CTr" for both
# "Chương trình" and "Chương trình hành động", and "QĐ" for "Quy định"
# as well as "Quyết định"; a Bộ luật is numbered as a Luật.
TYPE_CODE_FOR: dict[str, str] = {name: code for code, name in TYPE_CODES.items()}
TYPE_CODE_FOR.update({"Chương trình hành động": "CTr", "Quy định": "QĐ", "Bộ luật": "L"})

# Upper-case abbreviations written before a number in running text ("QĐ 36/2019").
TYPE_ABBREVIATIONS: dict[str, str] = {code: name for name, code, used in DOC_TYPES if code and used}

_BY_WORD = {fold(printed): name for name, printed in TYPE_WORDS}
# What a search box receives: any case, with or without accents ("nd",
# "NĐ", "qđ", "luat"); a one-letter code only as the symbol of a law.
_BY_QUERY = {fold(code): name for code, name in TYPE_ABBREVIATIONS.items()}
_BY_QUERY.update({"l": "Luật", "luat": "Luật"})


def canonical_type(printed: str) -> str | None:
    """"nghị  định" → "Nghị định"; "QĐ" → "Quyết định"; None otherwise."""
    if printed in TYPE_ABBREVIATIONS:
        return TYPE_ABBREVIATIONS[printed]
    return _BY_WORD.get(fold(printed))


def query_type(word: str) -> str | None:
    """The type a short word typed in a search box stands for: "nd", "NĐ",
    "qd", "luật" → the canonical name; None when it names no type."""
    return _BY_QUERY.get(fold(word)) or _BY_WORD.get(fold(word))
