"""Readers: one per source format, each returning a ``SourceText``.

A reader turns bytes into plain Unicode text (NFC) plus whatever
metadata the format carries. It never guesses legal facts; a reader that
cannot read its input raises ``UnreadableInput`` with a one-line reason.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from indexer.sources.text import UnreadableInput


@dataclass
class Paragraph:
    """One paragraph of the source, located in ``SourceText.text``."""

    start: int
    end: int
    bold: bool = False          # a whole-bold paragraph (.docx headings)
    style: str | None = None    # the format's own style name, if any


@dataclass
class SourceText:
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    paragraphs: list[Paragraph] = field(default_factory=list)
    format: str = "txt"


__all__ = ["Paragraph", "SourceText", "UnreadableInput"]
