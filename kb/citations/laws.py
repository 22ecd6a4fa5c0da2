"""Laws cited by name: "Luật cán bộ, công chức", "Bộ luật Lao động năm 2019".

Where a name ends is decided by the table of known names
(``kb/data/law_names.tsv``, harvested from real texts by
``indexer.law_names``), compared accent- and punctuation-insensitively,
longest first. A capitalised "Luật" followed by a name the table does
not know still counts, up to the first punctuation or function word.
"""
from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from kb.text import fold, squash_spaces

TABLE = Path(__file__).resolve().parent.parent / "data" / "law_names.tsv"
_MAX_WORDS = 24
_WORD_RE = re.compile(r"\w+")
# Words that end a name when the table does not know it.
_STOP = {"số", "ngày", "năm", "của", "đã", "được", "này", "tại", "theo", "về", "trong",
         "thì", "là", "có", "do", "khi", "để", "qua", "và", "hoặc", "với", "đối", "như",
         "các", "nhằm", "đến", "từ", "cho"}
# Words that, right after "Luật", show it is not a law's name.
_NOT_A_NAME = {"sư", "này", "số", "định", "pháp", "gia", "lệ", "hóa", "hoá", "chơi",
               "hiện", "và", "thì", "là", "khác", "của", "đã", "được", "các", "quy", "ngày"}
_YEAR_AFTER_RE = re.compile(r"\s{0,3}(?:,\s{0,3})?(?:(?i:năm)\s{1,3})?((?:19|20)\d\d)(?!\d)")


@dataclass(frozen=True)
class KnownLaw:
    head: str
    name: str
    number: str
    source: str


@functools.lru_cache(maxsize=1)
def _table() -> dict[str, list[KnownLaw]]:
    """Folded name → the laws of that name (a name can be reused by a later law)."""
    out: dict[str, list[KnownLaw]] = {}
    with open(TABLE, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            law = KnownLaw(row["head"], row["name"], row["number"], row["source"])
            out.setdefault(fold(law.name), []).append(law)
    return out


@functools.lru_cache(maxsize=1)
def _longest_name_words() -> int:
    return max(len(k.split()) for k in _table())


def name_key(name: str) -> str:
    return fold(name)


def known(name: str) -> list[KnownLaw]:
    """Laws of the table whose name is ``name`` (accent-insensitive)."""
    return list(_table().get(fold(name), []))


def name_after(text: str, m: re.Match) -> tuple[str, int, int | None] | None:
    """(name, end offset, year) of the law named after the head word ``m``.

    None when what follows is not a law's name ("Luật này", "Luật sư").
    A name may run over one line break (a text wrapped inside "Luật Đầu
    tư công", or right after "Luật"), never over a blank line: a known
    name over the break counts; a name the table does not know stops at
    the break unless nothing of it came before. The Constitution ("Hiến
    pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam", "Hiến pháp năm 2013")
    is named by the state's name, its year, or both.
    """
    head = m.group()
    start = m.end()
    words = []
    breaks = []                 # words that come after a line break
    for w in _WORD_RE.finditer(text, start, min(len(text), start + 240)):
        between = text[words[-1].end() if words else start:w.start()]
        if between.count("\n") > 1 or re.search(r"[;:()\[\]\"“”.]", between) or len(between) > 8:
            break
        if "\n" in between:
            breaks.append(len(words))
        words.append(w)
        if len(words) >= _MAX_WORDS:
            break
    if fold(head).split() == ["hien", "phap"]:
        return _constitution(text, m.start(), start, words)
    if not words or words[0].group().lower() in _NOT_A_NAME:
        return None
    end = _longest_known(text, words)
    if end is None:
        if not head[0].isupper():
            return None     # lower-case "luật" only with a known name
        cut = next((b for b in breaks if b > 0), None)
        end = _heuristic_end(text, start, words[:cut] if cut is not None else words)
        if end is None:
            return None
    name = squash_spaces(text[start:end]).strip(" ,")
    year = None
    ym = _YEAR_AFTER_RE.match(text, end)
    if ym:
        year, end = int(ym.group(1)), ym.end()
    return name, end, year


_STATE_NAME = "nuoc cong hoa xa hoi chu nghia viet nam".split()


def _constitution(text: str, head: int, start: int, words: list[re.Match]) -> tuple[str, int, int | None] | None:
    """The Constitution: "Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam", "Hiến pháp năm 2013".
    Its name is the whole phrase as printed (it has no other)."""
    end = start
    folded = [_fold_word(w.group()) for w in words[:len(_STATE_NAME)]]
    named = folded == _STATE_NAME
    if named:
        end = words[len(_STATE_NAME) - 1].end()
    ym = _YEAR_AFTER_RE.match(text, end)
    if ym and (named or re.match(r"\s{1,3}(?i:năm)", text[end:end + 8])):
        return squash_spaces(text[head:ym.end()]), ym.end(), int(ym.group(1))
    return (squash_spaces(text[head:end]), end, None) if named else None


def _longest_known(text: str, words: list[re.Match]) -> int | None:
    table = _table()
    folded = [_fold_word(w.group()) for w in words[:_longest_name_words()]]
    for n in range(len(folded), 0, -1):
        if " ".join(folded[:n]) in table:
            return words[n - 1].end()
    return None


@functools.lru_cache(maxsize=8192)
def _fold_word(word: str) -> str:
    return fold(word)


def _heuristic_end(text: str, start: int, words: list[re.Match]) -> int | None:
    """A name the table does not know: capitalised, up to a comma or a stop word."""
    if not words[0].group()[0].isupper():
        return None
    end = None
    for i, w in enumerate(words[:10]):
        if w.group().lower() in _STOP or w.group().isdigit():
            break
        if i and "," in text[words[i - 1].end():w.start()]:
            break
        end = w.end()
    return end
