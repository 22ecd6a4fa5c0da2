"""Queries that name a document or a provision.

- a number, alone or with type words anywhere: "61/2018/NĐ-CP", "nd 61/2018",
  "nghị định 61/2018", "thông tư 01 năm 2018 văn phòng chính phủ";
- a pinpoint: "điều 36 bộ luật lao động", "khoản 2 điều 3 nghị định 61/2018/NĐ-CP";
- a law's name, with or without its year: "luật đất đai 2024", "bộ luật lao động".

Each is resolved against the KB's own documents only; when the words fit
several documents and nothing tells them apart, they are all returned and
none is chosen.
"""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field

from kb import doctypes, numbers
from kb.search.analysis import fold_keep_length
from kb.text import fold, nfc

_NUMBERISH = re.compile(r"^\s*(?:(?P<abbr>[A-Za-zĐđ]{1,6})\s+)?(?P<num>\d{1,5}[a-zđ]?(?:\s*/\s*\d{4})?"
                        r"(?:\s*[/-]\s*[A-Za-zĐđ][\w/-]{0,40})?)\s*$")
# folded type words, longest first ("thong tu lien tich" before "thong tu")
_TYPE_WORDS = sorted({fold(printed): name for name, printed in doctypes.TYPE_WORDS}.items(),
                     key=lambda kv: -len(kv[0]))
_TYPE_RE = "|".join(re.escape(w).replace(r"\ ", " ") for w, _ in _TYPE_WORDS)
_ABBR_RE = "|".join(sorted({re.escape(fold(a)) for a in doctypes.TYPE_ABBREVIATIONS}, key=len, reverse=True))
# "nghi dinh so 61/2018/nd-cp", "thong tu 01 nam 2018", "qd 15"
_TYPED_NUMBER = re.compile(
    rf"(?<!\w)(?P<type>{_TYPE_RE}|{_ABBR_RE})\s(?:so\s)?(?P<num>\d{{1,5}}[a-z]?)"
    rf"(?:\s?/\s?(?P<year>(?:19|20)\d\d))?(?:\s?/\s?(?P<sym>[a-z][a-z0-9-]{{0,40}}))?(?!\w)"
    rf"(?:\snam\s(?P<year2>(?:19|20)\d\d)(?!\w))?")
_FULL_NUMBER = re.compile(r"(?<!\w)\d{1,5}[a-zđ]?/(?:19|20)\d\d/[A-ZĐa-zđ][\w-]{0,40}")
_PROVISION = r"(?:diem\s(?P<diem>[a-z]{1,2})\s)?(?:khoan\s(?P<khoan>\d{1,3})\s)?dieu\s(?P<dieu>\d{1,4}[a-z]?)"
# "điều 36 bộ luật lao động", "khoản 2 điều 3 của nghị định …", or the document first:
# "nghị định 145/2020/nđ-cp điều 38"
_PINPOINT_FIRST = re.compile(rf"^{_PROVISION}\s(?:cua\s|tai\s)?(?P<rest>.+)$")
_PINPOINT_LAST = re.compile(rf"^(?P<rest>.+?)\s(?:tai\s)?{_PROVISION}$")
_YEAR = re.compile(r"(?:\s|^)(?:nam\s)?(?P<year>(?:19|20)\d\d)$")
NAMED_TYPES = ("Hiến pháp", "Bộ luật", "Luật", "Pháp lệnh", "Nghị quyết", "Lệnh", "Sắc lệnh")


@dataclass
class Intent:
    kind: str                         # "number", "pinpoint", "name"
    docs: list = field(default_factory=list)    # rows of documents, best first
    anchor: str | None = None         # a pinpoint's provision
    pinpoint: str = ""                # as typed ("khoản 2 Điều 3")
    anchors: list = field(default_factory=list)   # the provision in each of ``docs``
    by_name: bool = False             # the documents were named, not numbered (several: in force first)


def number_lookup(db: sqlite3.Connection, q: str) -> list[sqlite3.Row] | None:
    """Documents a query made only of a number names ("61/2018", "nd 61/2018",
    "QĐ 36/2019", "158/2007/ND-CP"), or None when the query is not a number."""
    m = _NUMBERISH.match(nfc(q))
    if not m or "/" not in m.group("num") and "-" not in m.group("num"):
        return None
    doc_type = doctypes.query_type(m.group("abbr") or "") if m.group("abbr") else None
    if m.group("abbr") and doc_type is None:
        return None
    rows = _by_number(db, re.sub(r"\s+", "", m.group("num")))
    if doc_type:
        rows = [r for r in rows if r["doc_type"] == doc_type] or rows
    return rows


def _by_number(db: sqlite3.Connection, raw: str) -> list[sqlite3.Row]:
    exact = numbers.normalise(raw)
    rows = store_docs(db, exact) if exact else []
    if rows:
        return rows
    # "61/2018" (no symbol), or a symbol typed without "Đ" ("61/2018/ND-CP"):
    # the documents of that number and year whose symbol reads the same unaccented
    m = re.match(r"(\d{1,5}[a-zđ]?)/(\d{4})(?:/(.+))?$", raw, re.I)
    if not m:
        return []
    rows = _numbers_from(db, f"{m.group(1)}/{m.group(2)}/", 50)
    if m.group(3):
        want = fold(m.group(3))
        rows = [r for r in rows if fold(r["number"].split("/", 2)[2]) == want]
    return rows


def _numbers_from(db, prefix: str, limit: int) -> list[sqlite3.Row]:
    """Documents whose number starts with ``prefix`` ("61/2018/"), newest
    first: a range on the number's index (LIKE would read the whole table)."""
    return db.execute("SELECT * FROM documents WHERE number >= ? AND number < ? ORDER BY stub, issued DESC LIMIT ?",
                      (prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1), limit)).fetchall()


def store_docs(db, number: str):
    return db.execute("SELECT * FROM documents WHERE number = ? ORDER BY stub, issued DESC", (number,)).fetchall()


def understand(db: sqlite3.Connection, catalog, q: str, statuses: dict | None = None) -> Intent | None:
    """What document or provision the query names, if it names one."""
    folded = " ".join(re.findall(r"[\w/-]+", fold_keep_length(nfc(q))))[:300]
    if not folded:
        return None
    m = _PINPOINT_FIRST.match(folded) or _PINPOINT_LAST.match(folded)
    if m:
        target = _document(db, catalog, m.group("rest"), statuses)
        if target:
            # of several documents of that number or name, those having the
            # provision, in the order understood (in force first, newest first)
            found = [p for p in (_pinpoint(db, d, m) for d in target.docs[:5]) if p]
            if found:
                return Intent("pinpoint", [p.docs[0] for p in found], found[0].anchor, found[0].pinpoint,
                              [p.anchor for p in found], target.kind == "name")
            return target
    return _document(db, catalog, folded, statuses)


def _document(db, catalog, folded: str, statuses) -> Intent | None:
    rows = _numbered(db, folded)
    if rows:
        return Intent("number", rows)
    rows = _named(db, catalog, folded, statuses)
    if rows:
        return Intent("name", rows, by_name=True)
    return None


def _numbered(db, folded: str) -> list[sqlite3.Row]:
    """Documents named by a number in the query, narrowed by its type, year
    and the other words (an issuer, a subject)."""
    m = _FULL_NUMBER.search(folded)
    if m:
        rows = _by_number(db, m.group(0))
        if rows:
            return rows
    m = _TYPED_NUMBER.search(folded)
    if not m:
        return []
    doc_type = dict(_TYPE_WORDS).get(m.group("type")) or doctypes.query_type(m.group("type"))
    year = m.group("year") or m.group("year2")
    if m.group("sym") and year:
        rows = _by_number(db, f"{m.group('num')}/{year}/{m.group('sym')}")
    else:
        rows = _numbers_from(db, f"{m.group('num')}/{year}/" if year else f"{m.group('num')}/", 200)
        if m.group("sym"):
            rows = [r for r in rows if fold(r["number"]).endswith("/" + m.group("sym"))]
    if doc_type:
        rows = [r for r in rows if r["doc_type"] == doc_type or not r["doc_type"] and
                _code_of(r["number"]) == doctypes.TYPE_CODE_FOR.get(doc_type)]
    rest = (folded[:m.start()] + " " + folded[m.end():]).split()
    rows = _narrow(rows, [w for w in rest if w not in ("cua", "so", "ngay", "ve", "viec")])
    return rows if len(rows) <= 10 else []


def _code_of(number: str) -> str | None:
    parts = re.split(r"[/-]", number or "")
    return next((p for p in parts[1:] if p and not p.isdigit()), None)


def _narrow(rows: list, words: list[str]) -> list:
    """Of several documents, those whose issuer, symbol or title hold the
    most of the other words of the query (all of them when none does)."""
    if len(rows) <= 1 or not words:
        return rows
    def overlap(r):
        text = set(fold(f"{r['issuer'] or ''} {r['title'] or ''} {r['number'] or ''}").replace("/", " ")
                   .replace("-", " ").split())
        initials = fold(r["number"] or "")
        hits = sum(w in text for w in words)
        # "van phong chinh phu" → VPCP in the symbol
        acronym = "".join(w[0] for w in words)
        return hits + (len(words) if len(acronym) > 1 and acronym in initials.replace("-", "").replace("/", "") else 0)
    best = max(overlap(r) for r in rows)
    return [r for r in rows if overlap(r) == best] if best else rows


def _named(db, catalog, folded: str, statuses) -> list[sqlite3.Row]:
    """Laws (and the other documents known by a name) whose name is the query,
    the year, if given, choosing among those of one name."""
    m = _YEAR.search(folded)
    year = m.group("year") if m else None
    texts = [folded]
    if m:
        # "… năm 2019" and "… Việt Nam 2019" fold alike: try the name with and without "nam"
        texts = [folded[:m.start()].strip(), folded[:m.start("year")].strip()]
    found = []
    for text in dict.fromkeys(texts):
        doc_type, name = _split_type(text)
        if doc_type is None or doc_type not in NAMED_TYPES or not name:
            continue
        found = [o for o, t_type in _names(catalog).get(name, ())
                 if (t_type in (None, doc_type) or {t_type, doc_type} <= {"Luật", "Bộ luật"})
                 and catalog.doc_type[o] in (doc_type, "", "Luật", "Bộ luật")
                 and (not year or catalog.year[o] == year or f"/{year}/" in catalog.numbers[o])]
        if found:
            break
    if not found:
        return []
    def rank(o):
        st = statuses.get(catalog.keys[o]) if statuses else None
        in_force = st is not None and st.value in ("Còn hiệu lực", "Hết hiệu lực một phần")
        return (not in_force, catalog.issued[o] and -int(catalog.issued[o][:4]) or 0)
    found.sort(key=rank)
    keys = [catalog.keys[o] for o in found]
    rows = {r["key"]: r for r in db.execute(
        f"SELECT * FROM documents WHERE key IN ({','.join('?' * len(keys))})", keys)}
    return [rows[k] for k in keys if k in rows]


def _names(catalog) -> dict[str, list[tuple[int, str | None]]]:
    """Folded name → (document ordinal, type its title prints), once per catalogue."""
    names = getattr(catalog, "_names", None)
    if names is None:
        names = {}
        for o, words in enumerate(catalog.title_words):
            t_type, t_name = _split_type(" ".join(words))
            if t_type is None and catalog.doc_type[o] in NAMED_TYPES:
                t_type = None        # "Bảo hiểm xã hội" of a Luật: the title is the name
            names.setdefault(t_name, []).append((o, t_type))
        catalog._names = names
    return names


def _split_type(text: str) -> tuple[str | None, str]:
    """"bo luat lao dong" → ("Bộ luật", "lao dong")."""
    for word, name in _TYPE_WORDS:
        if text == word:
            return name, ""
        if text.startswith(word + " "):
            rest = text[len(word) + 1:]
            # "bộ luật Bộ Luật lao động": a title that repeats its type
            again, tail = _split_type(rest) if name in ("Luật", "Bộ luật") else (None, rest)
            return name, (tail if again in ("Luật", "Bộ luật") else rest)
    return None, text


def _pinpoint(db, doc, m: re.Match) -> Intent | None:
    anchor = f"dieu-{m.group('dieu')}"
    if db.execute("SELECT 1 FROM provisions WHERE doc_key = ? AND anchor = ?", (doc["key"], anchor)).fetchone() is None:
        return None
    label = f"Điều {m.group('dieu')}"
    if m.group("khoan"):
        deeper = f"{anchor}-khoan-{m.group('khoan')}"
        if db.execute("SELECT 1 FROM provisions WHERE doc_key = ? AND anchor = ?", (doc["key"], deeper)).fetchone():
            anchor, label = deeper, f"khoản {m.group('khoan')} {label}"
            if m.group("diem"):
                point = f"{anchor}-diem-{m.group('diem')}"
                if db.execute("SELECT 1 FROM provisions WHERE doc_key = ? AND anchor = ?",
                              (doc["key"], point)).fetchone():
                    anchor, label = point, f"điểm {m.group('diem')} {label}"
    return Intent("pinpoint", [doc], anchor, label, [anchor])
