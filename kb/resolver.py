"""Which document a printed number (and issue date) means: the one answer for
every caller — the build's linking (``indexer.link``), report tracing
(``kb.trace``), the in-text citations of a document's page
(``kb.documents``), the reviewers' candidates (``web.curation``) and citation
fixes (``kb.corrections``). Typed input (the search box, ``cancu status``)
is read first by ``kb.search.number_lookup``; a citation's number is already
normalised.

Conservative (eyecite's rule): a citation names a document only when exactly
one document fits; several → none is picked, all are listed; none → unknown.
A document fits when the dates agree (an unknown date on either side agrees).
Two readings go further, each carried as a ``problem`` so that no caller
takes it silently:

- ``MISSING_YEAR``: a number printed without the year its type always carries
  ("Thông tư 02/TT-VPCP ngày 31/10/2017") is read with the year of its printed
  date, when the KB has that number and the date fits;
- ``DATE_MISMATCH``: the number names documents, none of the printed date.
  One such document is named with the problem (pages show it, flagged);
  callers that write (``indexer.link``, curation) never take it.
"""
from __future__ import annotations

import datetime as _dt
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kb import numbers, store
from kb.model import AMBIGUOUS, NAMED, SHORT, VAGUE, Citation

MISSING_YEAR = "missing_year"
DATE_MISMATCH = "date_mismatch"
SEVERAL_IN_TEXT = "several_in_text"     # the citing text itself names two documents of the number
NONE_ON_DATE = "none_on_date"           # no law of that name had been issued by the text's date
_NONE_PICKED = (SEVERAL_IN_TEXT, NONE_ON_DATE)


@dataclass(frozen=True)
class Match:
    """What a number (or a citation) means: ``documents`` are those it may
    mean (one → that one; several → listed, none picked), ``number`` the
    number they were found under, ``problem`` how far the reading went."""

    number: str | None
    documents: tuple = ()
    problem: str | None = None

    @property
    def document(self):
        """The one document meant, or None (none or several)."""
        if len(self.documents) == 1 and self.problem not in _NONE_PICKED:
            return self.documents[0]
        return None

    @property
    def key(self) -> str | None:
        doc = self.document
        return doc["key"] if doc is not None else None

    @property
    def sure_key(self) -> str | None:
        """The key, only where the printed date agrees: what a writer may record."""
        return self.key if self.problem != DATE_MISMATCH else None

    @property
    def ambiguous(self) -> bool:
        return len(self.documents) > 1 or bool(self.documents) and self.problem in _NONE_PICKED


def _iso(issued) -> str | None:
    return issued.isoformat() if isinstance(issued, _dt.date) else issued


def fitting(documents: Sequence, issued) -> list:
    """The documents (rows or mappings with "issued") whose date agrees with
    ``issued`` (a date, an ISO string or None)."""
    iso = _iso(issued)
    return [d for d in documents if iso is None or d["issued"] is None or d["issued"] == iso]


def match(find: Callable[[str], Sequence], number: str, issued=None) -> Match:
    """The rule, over any lookup ``find(number) → documents`` (the store, or
    the build's table in memory)."""
    iso = _iso(issued)
    docs = list(find(number))
    if not docs:
        full = _with_year(number, iso)
        fits = fitting(find(full), iso) if full else []
        return Match(full, tuple(fits), MISSING_YEAR) if fits else Match(number)
    fits = fitting(docs, iso)
    if fits:
        return Match(number, tuple(fits))
    return Match(number, tuple(docs), DATE_MISMATCH)


def _with_year(number: str, iso: str | None) -> str | None:
    """"02/TT-VPCP" with the date 2017-10-31 → "02/2017/TT-VPCP", when its
    type always carries a year and this one has none."""
    n = numbers.parse(number) if iso else None
    if n is None or not n.year_missing:
        return None
    return f"{n.seq}/{iso[:4]}/{n.symbol}"


def by_number(db: sqlite3.Connection, number: str | None, issued=None) -> Match:
    """What ``number`` (of the date ``issued``, when printed) means in the KB."""
    if not number:
        return Match(None)
    return match(lambda n: store.documents_by_number(db, n), number, issued)


def citation(db: sqlite3.Connection, c: Citation, on: _dt.date | None) -> Match:
    """What a found citation means. ``on`` is the date of the citing text
    (a report's date, a document's issue date), which decides a law cited by
    its name; None when unknown."""
    if c.kind == VAGUE:
        return Match(None)
    if c.kind == NAMED:
        return _named(db, c, on)
    if c.kind == SHORT and c.resolution == AMBIGUOUS:
        docs = {}
        for cand in c.candidates:
            for d in by_number(db, cand.number, cand.issued).documents:
                docs.setdefault(d["key"], d)
        return Match(None, tuple(docs.values()), SEVERAL_IN_TEXT)
    return by_number(db, c.refers_to or c.number, c.issued or c.refers_to_issued)


def _named(db: sqlite3.Connection, c: Citation, on: _dt.date | None) -> Match:
    """A law by its name: the law of that name issued last on or before the
    text's date (a name is reused when a law is replaced); without a date,
    only a name that one law bears."""
    laws = [d for cand in c.candidates for d in store.documents_by_number(db, cand.number)]
    if on is None:
        return Match(laws[0]["number"] if len(laws) == 1 else None, tuple(laws))
    dated = [d for d in laws if d["issued"] and d["issued"] <= on.isoformat()]
    undated = [d for d in laws if not d["issued"]]
    if dated:
        best = max(dated, key=lambda d: d["issued"])
    elif len(undated) == 1:
        best = undated[0]
    else:
        return Match(None, tuple(laws), NONE_ON_DATE if laws else None)
    return Match(best["number"], (best,))
