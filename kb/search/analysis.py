"""How Vietnamese text becomes search terms.

Text is indexed syllable by syllable, after NFC, with accents folded
(đ → d, tones dropped, as whoosh's accent map does), so "mot cua lien
thong" finds "một cửa, liên thông". Besides the syllables, each two
neighbouring syllables make a pair ("mot cua", "cua lien", …): a
Vietnamese word is mostly two syllables, so a pair is close to a word and
far more telling than either syllable.
"""
from __future__ import annotations

import re

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer
from whoosh.support.charset import accent_map

from kb.text import fold, nfc

# whoosh's own analysis, kept as the reference for the folding below (tests
# check both agree); indexing does not use it, it costs more than everything
# else indexing does.
FOLDED = RegexTokenizer(r"\w+") | LowercaseFilter() | CharsetFilter(accent_map)
_WORD = re.compile(r"\w+")


def syllables(text: str) -> list[str]:
    """Lower-case, accent-free syllables: "Một cửa, liên thông" → mot cua lien thong."""
    return _WORD.findall(fold_keep_length(nfc(text)))


def exact_syllables(text: str) -> list[str]:
    """Lower-case syllables with their accents: "Một cửa" → một cửa."""
    return _WORD.findall(nfc(text).lower())


def syllable_pairs(words: list[str]) -> list[str]:
    return [f"{a} {b}" for a, b in zip(words, words[1:])]


def _fold_table() -> dict[int, str]:
    table = {}
    for code in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        ch = chr(code)
        f = fold(ch)
        if len(f) == 1 and f != ch:
            table[code] = f
    return table


_FOLD_TABLE = _fold_table()


def fold_keep_length(s: str) -> str:
    """Lower-case, accent-free, one character for one (for locating matches)."""
    return s.lower().translate(_FOLD_TABLE)


def has_accents(word: str) -> bool:
    """Whether a word was typed with Vietnamese diacritics (or đ)."""
    return fold_keep_length(word) != word.lower()


_VARIANTS: dict[str, str] = {}
for _code, _base in _FOLD_TABLE.items():
    _VARIANTS[_base] = _VARIANTS.get(_base, _base) + chr(_code)


def folded_pattern(words: list[str]) -> re.Pattern:
    """The folded words side by side as they may be written, with any accents
    and case ("mot cua" finds "Một cửa", "một, cửa"): a regular expression
    on the text itself, which costs far less than folding a long article."""
    def letter(ch: str) -> str:
        variants = _VARIANTS.get(ch)
        return f"[{variants}]" if variants else re.escape(ch)
    body = r"\W+".join("".join(letter(c) for c in w) for w in words)
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def name_words(title: str | None, source: str | None, number: str | None = None) -> list[str]:
    """The folded words a document is known by: its title, or, when the KB
    has none, the words of the address it was read from, without its number
    ("…/Luat-Dat-dai-2024-31-2024-QH15-523642.aspx" → luat dat dai;
    "…/nghi-dinh-so-13-2023-nd-cp-bao-ve-du-lieu-ca-nhan--161106" → nghi dinh
    bao ve du lieu ca nhan). Only for finding the document: the address is
    never shown as its title."""
    if title:
        return syllables(title)
    url = re.search(r"https?://\S+", source or "")
    if not url:
        return []
    last = url.group(0).rstrip("/)").rsplit("/", 1)[-1]
    last = re.sub(r"\.(aspx?|html?|php)$", "", last, flags=re.I)
    symbol = set(syllables(number or "")) | {"so"}
    return [w for w in syllables(last.replace("_", " "))
            if not any(c.isdigit() for c in w) and w not in symbol]
