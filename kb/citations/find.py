"""Find stage: spans of citations in a text, with their printed parts.

``find(text)`` returns citations in text order, unresolved: a short
citation carries its bare number and the issuer printed beside it; the
resolve stage decides what it means.
"""
from __future__ import annotations

import heapq
import re

from kb import dates, numbers
from kb.citations import laws
from kb.citations.patterns import (
    BARE_RE, BARE_TAIL_RE, DATE_AFTER_RE, HEAD_RE, ISSUER_AFTER_RE, ITEM_RE, LAW_RE, LAW_SCAN_RE, NAME_THEN_NUMBER_RE,
    SEQ_BEFORE_SLASH_RE, SLASH_SCAN_RE, PINPOINT_BEFORE_RE, QUALIFIER_RE, SO_BEFORE_RE, TYPE_SCAN_RES,
    TYPE_WORD, TYPED_RE, VAGUE_AFTER_RE, canonical_type,
)
from kb.model import FULL, NAMED, SHORT, VAGUE, Citation
from kb.text import TextView, squash_spaces

_PINPOINT_WINDOW = 80
_TYPE_WORD_RE = re.compile(TYPE_WORD)
_SO_RE = re.compile(r"(?i:số)\s*$")
_YEAR_LIKE = re.compile(r"(?:19|20)\d\d")


class _Finder:
    def __init__(self, text: str):
        self.view = TextView(text)
        self.t = self.view.text
        self.out: list[Citation] = []
        self.groups = 0

    # -- helpers ---------------------------------------------------------
    def make(self, start: int, end: int, kind: str, **fields) -> Citation:
        ostart, oend = self.view.span(start, end)
        return Citation(ostart, oend, self.view.original[ostart:oend], kind, **fields)

    def pinpoint_before(self, start: int) -> str | None:
        lo = max(0, start - _PINPOINT_WINDOW)
        if "điều" not in self.view.lower[lo:start]:
            return None
        m = PINPOINT_BEFORE_RE.search(self.t[lo:start])
        if not m:
            return None
        parts = []
        if m.group("point"):
            parts.append(f"điểm {m.group('point')}")
        if m.group("clause"):
            parts.append(f"khoản {m.group('clause')}")
        parts.append(f"Điều {m.group('article')}")
        return " ".join(parts)

    def date_after(self, pos: int):
        m = DATE_AFTER_RE.match(self.t, pos)
        if not m:
            return None, pos
        return dates.from_match(m), m.end()

    def issuer_after(self, pos: int):
        m = ISSUER_AFTER_RE.match(self.t, pos)
        if not m:
            return None, pos
        return squash_spaces(m.group("issuer")), m.end()

    # -- the loop ----------------------------------------------------------
    def run(self) -> list[Citation]:
        """Visit candidate positions in text order; each handler returns
        where the text is consumed to, so nothing is reported twice."""
        consumed = 0
        for pos, kind in self._candidates():
            if pos < consumed:
                continue
            end = self._type_word_at(pos) if kind == "word" else self._number_at(pos)
            consumed = max(consumed, end)
        return self.out

    def _candidates(self):
        low = self.view.lower
        words = sorted(m.start() for rx in (*TYPE_SCAN_RES, LAW_SCAN_RE)
                       for m in rx.finditer(low) if not _is_word_char(low, m.start() - 1))
        nums = ((start, "number") for start in self._number_starts())
        return heapq.merge(((p, "word") for p in words), nums)

    def _number_starts(self):
        t = self.t
        for m in SLASH_SCAN_RE.finditer(t):
            slash = m.start()
            seq = SEQ_BEFORE_SLASH_RE.search(t, max(0, slash - 16), slash)
            if seq:
                yield seq.start()

    def _type_word_at(self, pos: int) -> int:
        m = TYPED_RE.match(self.t, pos)
        if m:
            end = self.typed(m)
            if end > pos:
                return end
        m = LAW_RE.match(self.t, pos)
        if m:
            return self.law(m)
        m = HEAD_RE.match(self.t, pos)
        if m:
            return self.vague(m)
        return pos

    def _number_at(self, pos: int) -> int:
        m = BARE_RE.match(self.t, pos)
        if not m:
            return pos
        so = SO_BEFORE_RE.search(self.t, max(0, pos - 8), pos)
        return self.bare(m, so.start() if so else pos)

    def typed(self, m: re.Match) -> int:
        """A type word followed by one number or a list of numbers."""
        doc_type = canonical_type(squash_spaces(m.group("type")))
        so_first = bool(m.group("so"))
        base = m.start("list")
        items = []
        prev_end = base
        for im in ITEM_RE.finditer(m.group("list")):
            start, end = base + im.start(), base + im.end()
            prefixed = so_first if not items else bool(_SO_RE.search(self.t[prev_end:start]))
            if im.group("bare") and not self._bare_ok(im.group("bare"), end, prefixed):
                break
            items.append((im, start, end))
            prev_end = end
        if not items:
            return m.start()    # not a citation here ("Kế hoạch 3 năm")
        end = items[-1][2]
        issued, end_date = self.date_after(end)
        issuer, _ = self.issuer_after(end_date)
        group = self._new_group() if len(items) > 1 else None
        pinpoint = self.pinpoint_before(m.start())
        shared = self._shared_symbol(items)
        for i, (im, start, iend) in enumerate(items):
            last = i == len(items) - 1
            cstart = m.start() if i == 0 else start
            cend = end_date if last else iend
            text = im.group()
            number = None
            if im.group("full") or im.group("old"):
                number = numbers.parse(text)
            elif shared is not None and i < shared[0]:
                number = _with_symbol(text, shared[1])
            fields = dict(doc_type=doc_type, issuer=issuer, list_group=group,
                          pinpoint=pinpoint if i == 0 else None)
            if number is not None:
                share_date = last or (shared is not None and i < shared[0])
                self.out.append(self._full(cstart, cend, number, issued if share_date else None, **fields))
            else:
                seq, _, year = text.partition("/")
                self.out.append(self.make(
                    cstart, cend, SHORT, seq=squash_spaces(seq), year=int(year) if year else None,
                    issued=issued if last else None, **fields))
        return end

    def _bare_ok(self, bare: str, end: int, prefixed: bool) -> bool:
        """Is a bare number after a type word a citation, not a quantity?"""
        if prefixed:
            return True
        if _YEAR_LIKE.fullmatch(bare):
            return False          # "Kế hoạch 2019": a year, not a number
        return bool(BARE_TAIL_RE.match(self.t, end))

    @staticmethod
    def _shared_symbol(items):
        """'2064, 2065/QĐ-UBND': bare numbers before a full one share its symbol.

        Returns (index of the full item, its Number) when the list has that
        shape, else None.
        """
        for i, (im, _, _) in enumerate(items):
            if im.group("full"):
                if i == 0 or not all(items[j][0].group("bare") for j in range(i)):
                    return None
                n = numbers.parse(im.group())
                return (i, n) if n is not None else None
        return None

    def _full(self, start, end, number: numbers.Number, issued, **fields) -> Citation:
        doc_type = fields.pop("doc_type") or number.doc_type
        return self.make(start, end, FULL, doc_type=doc_type, number=str(number),
                         seq=number.seq, year=number.year, issued=issued,
                         year_missing=(number.year is None and not number.dashed
                                       and doc_type in numbers.YEAR_REQUIRED),
                         **fields)

    def _new_group(self) -> int:
        self.groups += 1
        return self.groups

    def bare(self, m: re.Match, start: int) -> int:
        """A full number with no type word before it ("số 617/SLĐTBXH-VP")."""
        number = numbers.parse(m.group())
        if number is None:
            return m.start()
        issued, end_date = self.date_after(m.end())
        issuer, _ = self.issuer_after(end_date)
        self.out.append(self._full(start, end_date, number, issued, doc_type=None,
                                   issuer=issuer, pinpoint=self.pinpoint_before(start)))
        return m.end()

    def law(self, m: re.Match) -> int:
        """A law cited by its name ("Luật cán bộ, công chức")."""
        head = canonical_type(squash_spaces(m.group("law"))) or "Luật"
        numbered = NAME_THEN_NUMBER_RE.match(self.t, m.end())
        number = numbers.parse(numbered.group("number")) if numbered else None
        if number is not None and not _TYPE_WORD_RE.search(numbered.group("name")):
            name = squash_spaces(numbered.group("name")).strip(" ,")
            issued, end_date = self.date_after(numbered.end())
            issuer, _ = self.issuer_after(end_date)
            self.out.append(self._full(m.start(), end_date, number, issued, doc_type=head, issuer=issuer,
                                       pinpoint=self.pinpoint_before(m.start()), name=name,
                                       name_key=laws.name_key(name)))
            return numbered.end()
        found = laws.name_after(self.t, m)
        if found is None:
            return m.end()
        name, end, year = found
        self.out.append(self.make(m.start(), end, NAMED, doc_type=head, name=name,
                                  name_key=laws.name_key(name), year=year,
                                  pinpoint=self.pinpoint_before(m.start())))
        return end

    def vague(self, m: re.Match) -> int:
        """A type word with no number, but a date or an identifying session."""
        after = VAGUE_AFTER_RE.match(self.t, m.end())
        end = after.end()
        qualifier = QUALIFIER_RE.match(self.t, end) if after.group("issuer") else None
        if not (after.group("date") or qualifier):
            return m.end()
        if qualifier:
            end = qualifier.end()
        issued = dates.parse(after.group("date")) if after.group("date") else None
        issuer = squash_spaces(after.group("issuer")) if after.group("issuer") else None
        self.out.append(self.make(m.start(), end, VAGUE, doc_type=canonical_type(squash_spaces(m.group("head"))),
                                  issued=issued, issuer=issuer))
        return end


def _is_word_char(s: str, i: int) -> bool:
    return i >= 0 and (s[i].isalnum() or s[i] == "_")


def _with_symbol(bare: str, full: numbers.Number) -> numbers.Number | None:
    seq = bare.split("/")[0].strip()
    return numbers.Number(seq, full.year, full.symbol, full.dashed)


def find(text: str) -> list[Citation]:
    """All citations in ``text``, in order, before resolution."""
    return _Finder(text).run()
