"""Resolve stage: what a short citation means, from its own text.

Conservative, in this order, and never a guess:
1. earlier full citations of the same type and number (and compatible
   issuer) in the same text: one document → resolved; two or more
   different documents (same number, different dates) → ambiguous, all
   listed;
2. the Party numbering rule: a Party body's document is "NN-XX/ORG"
   (a resolution of the Central Committee is NN-NQ/TW, a directive of a
   provincial committee NN-CT/TU), so type + issuer give the number;
3. a Nghị định is only ever issued by the Government: "Nghị định 61/2018"
   is 61/2018/NĐ-CP;
4. a Party number printed in the same list ("Chỉ thị 35, 20") lends its
   symbol to its unresolved neighbours;
otherwise the citation stays unresolved, with the reason.

A law cited by name gets the laws of that name as candidates; which one
it means depends on the date of the citing text, which the KB decides.
"""
from __future__ import annotations

from kb import numbers
from kb.citations import laws
from kb.model import AMBIGUOUS, FULL, NAMED, RESOLVED, SHORT, UNRESOLVED, Candidate, Citation


def resolve(citations: list[Citation]) -> list[Citation]:
    earlier: dict[str, list[tuple[Citation, numbers.Number]]] = {}   # by seq
    for c in citations:
        if c.kind == FULL:
            c.resolution = RESOLVED
            c.refers_to = c.number
            c.method = "printed"
            n = numbers.parse(c.number)
            if n is not None:
                earlier.setdefault(n.seq.lower(), []).append((c, n))
        elif c.kind == SHORT:
            _resolve_short(c, earlier.get(c.seq.lower(), []))
        elif c.kind == NAMED:
            _name_candidates(c)
    _lend_list_symbols(citations)
    return citations


def _resolve_short(c: Citation, earlier) -> None:
    docs = _same_documents(c, earlier)
    if len(docs) == 1:
        _resolved(c, docs[0].number, "earlier_citation")
        c.refers_to_issued = docs[0].issued
        return
    if len(docs) > 1:
        c.resolution = AMBIGUOUS
        c.candidates = docs
        c.reason = f"{len(docs)} tài liệu khác nhau cùng số đã được trích dẫn trước đó"
        return
    number = _by_rule(c)
    if number:
        _resolved(c, number[0], number[1])
        return
    c.resolution = UNRESOLVED
    c.reason = "không có trích dẫn đầy đủ trước đó và không suy ra được ký hiệu"


def _name_candidates(c: Citation) -> None:
    """Laws of that name, for the KB to choose from by date.

    A name is reused when a law is replaced ("Luật Cán bộ, công chức" of
    2008 and of 2025), so the text alone never picks one.
    """
    c.candidates = [Candidate(law.number) for law in laws.known(c.name)]
    c.resolution = UNRESOLVED
    c.reason = "luật được dẫn bằng tên: cần ngày của văn bản để chọn số hiệu"


def _resolved(c: Citation, number: str, method: str) -> None:
    c.resolution = RESOLVED
    c.refers_to = number
    c.method = method


def _same_documents(c: Citation, earlier) -> list[Candidate]:
    """Distinct earlier documents (of the same seq) a short citation can mean."""
    found: list[Candidate] = []
    for e, n in earlier:
        if c.doc_type and e.doc_type and c.doc_type != e.doc_type:
            continue
        if c.year and n.year and c.year != n.year:
            continue
        if c.issuer and not numbers.issuer_compatible(c.issuer, n):
            continue
        _merge(found, Candidate(e.number, e.issued, e.start))
    return found


def _merge(found: list[Candidate], new: Candidate) -> None:
    """Same number and no conflicting date: the same document."""
    for i, old in enumerate(found):
        if old.number != new.number:
            continue
        if old.issued is None or new.issued is None or old.issued == new.issued:
            if old.issued is None and new.issued is not None:
                found[i] = Candidate(old.number, new.issued, old.at)
            return
    found.append(new)


def _by_rule(c: Citation) -> tuple[str, str] | None:
    if c.issuer and c.doc_type and not c.year:
        org = numbers.party_org_code(c.issuer)
        code = numbers.TYPE_CODE_FOR.get(c.doc_type)
        if org and code:
            return f"{c.seq}-{code}/{org}", "party_numbering"
    if c.doc_type == "Nghị định" and c.year:
        return f"{c.seq}/{c.year}/NĐ-CP", "decree_symbol"
    return None


def _lend_list_symbols(citations: list[Citation]) -> None:
    groups: dict[int, list[Citation]] = {}
    for c in citations:
        if c.list_group is not None:
            groups.setdefault(c.list_group, []).append(c)
    for members in groups.values():
        parsed = [numbers.parse(c.refers_to) for c in members if c.refers_to]
        party = {n.symbol for n in parsed if n is not None and n.dashed}
        if len(party) != 1:
            continue
        symbol = party.pop()
        for c in members:
            if c.kind == SHORT and c.resolution == UNRESOLVED:
                _resolved(c, f"{c.seq}-{symbol}", "list_neighbour")
                c.reason = None
