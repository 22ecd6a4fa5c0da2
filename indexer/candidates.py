"""Candidate events in secondary texts: a report saying that one document acts on another.

A report is not the acting document: "quyết định 09/2019/QĐ-UBND ngày
28/01/2019 về việc bãi bỏ quyết định 06/2006/QĐ-UBND …" is hearsay about
09/2019's effect, good enough to propose an event to a reviewer, never to
record one without them. The rule, for any two full citations A then B in
one clause (no ";" or line break between them):

    A [date] [của <issuer>] [về việc | v/v | về] <verb> [<part of B>] B

where <verb> is bãi bỏ, thay thế, sửa đổi (bổ sung), đình chỉ / ngưng hiệu
lực, and nothing but the named part of B (Điều, Khoản, Điểm, an attached
"Quy định … ban hành kèm theo") stands between the verb and B. A acts on B.
The date of the event is not in the report (it is A's effective date): the
reviewer gives it.
"""
from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass

from indexer.acts import ACTING_VERBS as _VERBS
from kb.citations import extract
from kb.model import REPEALS, REPEALS_PART
from kb.text import nfc, squash_spaces

_VERB_RE = re.compile("|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _VERBS), re.I)
# Between A and the verb: its issuer and the "về việc" that introduces a subject.
# Each run of blanks possessive where what follows cannot be blank: runs
# of blanks on either side of an optional comma were tried at every
# split (260 spaces took 4 s).
_LEAD_RE = re.compile(r"^\s*+,?\s*+(?:của\s+[^,;()]{1,80}?\s*+)?,?\s*+(?:về\s+việc|v/v|về|nhằm)?\s*+$", re.I)
# Between the verb and B: only the part of B acted on.
# The list of parts is one atomic group: "điểm c, điểm c, …" could otherwise
# be split between the list and the free text after it in every way
# (22 items took 10 s).
_PART_RE = re.compile(r"(?i)^\s*+(?:(?:một\s+(?:số\s+)?(?:điều|nội\s+dung)(?:\s+của)?)|(?>(?:(?:điểm|khoản|điều|chương|mục)"
                      r"\s++(?:\d++[a-zđ]?|[a-zđ]|[IVXLC]++)\b[\s,]*+(?:và\s+)?)+)(?:[^;()]{0,160}?ban\s+hành\s+kèm\s+theo)?"
                      r"|(?:quy\s+định|quy\s+chế)[^;()]{0,160}?ban\s+hành\s+kèm\s+theo)?\s*(?:của\s+)?$")
_SCOPE_RE = re.compile(r"(?i)(?:(?:điểm|khoản|điều)\s+(?:\d+[a-zđ]?|[a-zđ])\b[\s,]*(?:và\s+)?)+")
_MAX_GAP = 260


@dataclass
class Candidate:
    id: str
    kind: str
    target: str                 # the document acted on (number)
    target_issued: str | None
    by_number: str              # the acting document
    by_issued: str | None
    scope: str | None
    quote: str                  # the clause of the secondary text
    source: str                 # "<file>, dòng <n>"
    line: int


def find(text: str, source_name: str) -> list[Candidate]:
    text = nfc(text)
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    cites = [c for c in extract(text) if c.kind == "full" and c.number]
    out: dict[str, Candidate] = {}
    for a, b in zip(cites, cites[1:]):
        gap = text[a.end:b.start]
        if len(gap) > _MAX_GAP or re.search(r"[;\n]", gap) or a.number == b.number:
            continue
        found = _act(gap)
        if found is None:
            continue
        kind, scope = found
        line = bisect.bisect_right(starts, a.start)
        c = Candidate(
            id="", kind=kind, target=b.number, target_issued=_iso(b.issued), by_number=a.number,
            by_issued=_iso(a.issued), scope=scope, quote=_clause(text, a.start, b.end),
            source=f"{source_name}, dòng {line}", line=line)
        c.id = _id(source_name, c)
        out.setdefault(c.id, c)
    return list(out.values())


def _act(gap: str) -> tuple[str, str | None] | None:
    """(kind, scope) when ``gap`` says the first document acts on the second."""
    m = _VERB_RE.search(gap)
    if m is None or not _LEAD_RE.match(gap[:m.start()]):
        return None
    rest = gap[m.end():]
    if _VERB_RE.search(rest) or not _PART_RE.match(rest):
        return None
    kind = m.lastgroup
    s = _SCOPE_RE.search(rest)
    scope = squash_spaces(s.group(0)).strip(" ,") if s else None
    if scope and scope.endswith(" và"):
        scope = scope[:-3]
    if kind == REPEALS and scope:
        kind = REPEALS_PART
    return kind, scope


def _clause(text: str, start: int, end: int) -> str:
    """From the first citation to the end of the clause holding the second."""
    lo = start
    his = [p for p in (text.find(ch, end) for ch in ("\n", ";", ")")) if p >= 0]
    hi = min(his) if his else len(text)
    return squash_spaces(text[lo:hi]).strip()


def _id(source_name: str, c: Candidate) -> str:
    """Stable across edits of the text elsewhere: what is said, not where."""
    key = "|".join([source_name, c.kind, c.by_number, c.target, c.target_issued or "", c.scope or ""])
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def _iso(d) -> str | None:
    return d.isoformat() if d else None
