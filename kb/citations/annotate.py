"""Annotate: a text cut at its marks (citations, section anchors), as eyecite's
``annotate_citations`` does — the one annotator of every page.

The pieces, joined, are the original text: offsets are the text's own and
nothing shifts or is lost. A mark is ``(start, end, value)``; one of no
width (start == end) is an anchor, an empty piece at its place, before a
mark starting there. Marks never overlap: one that starts inside the
previous mark's span is dropped (the first wins), as is one outside the
text.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Piece:
    start: int
    text: str
    mark: Any = None        # the mark's value; None for plain text


def annotate(text: str, marks: Iterable[tuple[int, int, Any]]) -> list[Piece]:
    ordered = sorted(((s, e, i, v) for i, (s, e, v) in enumerate(marks)),
                     key=lambda m: (m[0], m[1] > m[0], m[2]))
    pieces, at = [], 0
    for start, end, _, value in ordered:
        if start < at or end < start or end > len(text):
            continue
        if start > at:
            pieces.append(Piece(at, text[at:start]))
        pieces.append(Piece(start, text[start:end], value))
        at = end
    if at < len(text):
        pieces.append(Piece(at, text[at:]))
    return pieces
