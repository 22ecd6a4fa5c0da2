"""Số ký hiệu: parse, normalise, compare.

Three shapes exist (see DESIGN.md, Identity):
- normative (văn bản QPPL), with the year: ``61/2018/NĐ-CP``, ``36/2018/QH14``;
- administrative, without it: ``431/KH-UBND``, ``617/SLĐTBXH-VP``;
- Party documents: ``05-KL/TU``, ``18-NQ/TW``.

Normalisation: NFC, "Ð" read as "Đ", spaces around "/" and "-" dropped,
letters upper-cased except the official mixed-case codes (TTg, CTr, TTr).
"Đ" is never folded to "D": HĐ is not HD.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from kb import doctypes
from kb.text import fold, nfc

# Type codes that open a symbol ("QĐ" in 52/QĐ-UBND) → loại văn bản, and
# back: the one table of types is kb.doctypes.
DOC_TYPE_CODES: dict[str, str] = doctypes.TYPE_CODES
TYPE_CODE_FOR: dict[str, str] = doctypes.TYPE_CODE_FOR

# Official mixed-case groups; everything else is upper case.
_MIXED_CASE = {"TTG": "TTg", "CTR": "CTr", "TTR": "TTr", "QYĐ": "QyĐ"}

# Issuer codes as they appear in symbols → issuer. A code can stand for
# several bodies of the same kind (UBND of any province); the phrase
# printed beside the number says which.
ISSUER_CODES: dict[str, str] = {
    "QH": "Quốc hội",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "CTN": "Chủ tịch nước",
    "CP": "Chính phủ",
    "TTg": "Thủ tướng Chính phủ",
    "VPCP": "Văn phòng Chính phủ",
    "TTCP": "Thanh tra Chính phủ",
    "BTC": "Bộ Tài chính",
    "BNV": "Bộ Nội vụ",
    "BTP": "Bộ Tư pháp",
    "BCA": "Bộ Công an",
    "BQP": "Bộ Quốc phòng",
    "BNG": "Bộ Ngoại giao",
    "BYT": "Bộ Y tế",
    "BGDĐT": "Bộ Giáo dục và Đào tạo",
    "BKHĐT": "Bộ Kế hoạch và Đầu tư",
    "BCT": "Bộ Công Thương",
    "BXD": "Bộ Xây dựng",
    "BGTVT": "Bộ Giao thông vận tải",
    "BTNMT": "Bộ Tài nguyên và Môi trường",
    "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn",
    "BNNMT": "Bộ Nông nghiệp và Môi trường",
    "BKHCN": "Bộ Khoa học và Công nghệ",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
    "LĐTBXH": "Bộ Lao động - Thương binh và Xã hội",
    "BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội",
    "NHNN": "Ngân hàng Nhà nước Việt Nam",
    "UBDT": "Ủy ban Dân tộc",
    "KTNN": "Kiểm toán nhà nước",
    "TANDTC": "Tòa án nhân dân tối cao",
    "VKSNDTC": "Viện kiểm sát nhân dân tối cao",
    "BHXH": "Bảo hiểm xã hội",
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    # Party bodies (symbol "NN-XX/ORG")
    "TW": "Ban Chấp hành Trung ương Đảng",
    "VPTW": "Văn phòng Trung ương Đảng",
    "TU": "Tỉnh ủy / Thành ủy",
    "HU": "Huyện ủy",
    "ĐUK": "Đảng ủy Khối",
}

# Codes that stand for many bodies of one kind (the Ủy ban nhân dân of any
# province, any Tỉnh ủy), or for several bodies that number under one symbol
# ("NQ/TW": the Central Committee, the Politburo, the Secretariat; "BHXH":
# Bảo hiểm xã hội Việt Nam or a province's): the number alone never says which.
SHARED_ISSUER_CODES = {"UBND", "HĐND", "TU", "HU", "ĐUK", "TW", "BHXH"}

# Document types whose numbers always carry the year.
YEAR_REQUIRED = {"Luật", "Bộ luật", "Pháp lệnh", "Nghị định", "Thông tư", "Thông tư liên tịch"}

# One symbol group: "QĐ", "UBND", "QH14", "TTg"; "&" never appears.
_GROUP = r"[A-ZĐ][A-ZĐ]{0,11}[gr]?\d{0,2}"
_PARSE_RE = re.compile(
    rf"^(?P<seq>\d{{1,5}}[a-zđ]?)"
    rf"(?:(?:/(?P<year>(?:19|20)\d\d))?/(?P<sym>{_GROUP}(?:-{_GROUP}){{0,5}}(?:\.{_GROUP})?)"
    rf"|-(?P<ptype>{_GROUP})/(?P<porg>{_GROUP}(?:-{_GROUP})?)"
    rf"|-(?P<old>{_GROUP}))$"
)


@dataclass(frozen=True)
class Number:
    """A parsed số ký hiệu. ``str()`` gives the normalised form."""

    seq: str                 # "61", "36a"
    year: int | None         # 2018, or None when the shape has none
    symbol: str              # "NĐ-CP", "KH-UBND"; for Party "KL/TU"
    dashed: bool = False     # "05-KL/TU" (Party) or old "15-CP" shape

    def __str__(self) -> str:
        if self.dashed:
            return f"{self.seq}-{self.symbol}"
        if self.year:
            return f"{self.seq}/{self.year}/{self.symbol}"
        return f"{self.seq}/{self.symbol}"

    @property
    def groups(self) -> list[str]:
        return re.split(r"[-/.]", self.symbol)

    @property
    def type_code(self) -> str | None:
        first = self.groups[0]
        return first if first in DOC_TYPE_CODES else None

    @property
    def doc_type(self) -> str | None:
        """Loại văn bản read from the symbol, when the symbol says it.

        An administrative symbol with no type code ("617/SLĐTBXH-VP") is a
        công văn; a law number ("36/2018/QH14") may be a Luật or a Nghị
        quyết of the National Assembly, so it says nothing.
        """
        code = self.type_code
        if code:
            return DOC_TYPE_CODES[code]
        if re.fullmatch(r"(?:QH|UBTVQH)\d{0,2}", self.groups[0]):
            return None
        if not self.dashed and not self.year and len(self.groups) >= 2:
            return "Công văn"
        return None

    @property
    def issuer_codes(self) -> list[str]:
        """Issuer codes in the symbol: "TTLT-BTC-BNV" → ["BTC", "BNV"]."""
        groups = self.groups[1:] if self.type_code else self.groups[:1]
        out = []
        for g in groups:
            base = re.sub(r"\d+$", "", g)
            out.append(base if base else g)
        return out

    @property
    def year_missing(self) -> bool:
        """True when the type normally carries a year and this one does not."""
        return not self.dashed and self.year is None and self.doc_type in YEAR_REQUIRED


def normalise_symbol(raw: str) -> str:
    s = nfc(raw)
    s = re.sub(r"\s+", "", s)
    parts = re.split(r"([-/.])", s)
    out = []
    for p in parts:
        if p in "-/." or not p:
            out.append(p)
            continue
        up = p.upper()
        out.append(_MIXED_CASE.get(up, up))
    return "".join(out)


@functools.lru_cache(maxsize=65536)
def parse(raw: str) -> Number | None:
    """Parse a printed số ký hiệu; None when it is not one.

    >>> str(parse("43/2006/ NĐ-CP")), str(parse("35 CT/TU")), str(parse("QÐ"))
    ('43/2006/NĐ-CP', '35-CT/TU', 'None')
    """
    s = nfc(raw).strip()
    # "35 CT/TU" (space instead of the dash of a Party number)
    s = re.sub(r"^(\d{1,5}[a-zđ]?)\s+(?=[A-ZĐa-zđ]{1,5}\s*/)", r"\1-", s)
    s = normalise_symbol(s)
    s = re.sub(r"^(\d{1,5})([A-ZĐ])(?=[-/]|$)", lambda m: m.group(1) + m.group(2).lower(), s)
    m = _PARSE_RE.match(s)
    if not m:
        return None
    if m.group("sym"):
        year = int(m.group("year")) if m.group("year") else None
        return Number(m.group("seq"), year, m.group("sym"))
    if m.group("ptype"):
        return Number(m.group("seq"), None, f"{m.group('ptype')}/{m.group('porg')}", dashed=True)
    return Number(m.group("seq"), None, m.group("old"), dashed=True)


def normalise(raw: str) -> str | None:
    n = parse(raw)
    return str(n) if n else None


# --- issuers -----------------------------------------------------------

# Printed issuer phrase (folded) → party organisation code for "NN-XX/ORG".
_PARTY_ORGS = [
    ("ban chap hanh trung uong", "TW"),
    ("bo chinh tri", "TW"),
    ("ban bi thu", "TW"),
    ("trung uong dang", "TW"),
    ("ban thuong vu tinh uy", "TU"),
    ("ban thuong vu thanh uy", "TU"),
    ("ban chap hanh dang bo tinh", "TU"),
    ("tinh uy", "TU"),
    ("thanh uy", "TU"),
    ("ban thuong vu huyen uy", "HU"),
    ("huyen uy", "HU"),
    ("dang uy khoi", "ĐUK"),
]

# Printed issuer phrase (folded, abbreviations expanded) → state issuer code.
_STATE_ISSUERS = [
    ("thu tuong chinh phu", "TTg"),
    ("van phong chinh phu", "VPCP"),
    ("thanh tra chinh phu", "TTCP"),
    ("chinh phu", "CP"),
    ("uy ban thuong vu quoc hoi", "UBTVQH"),
    ("quoc hoi", "QH"),
    ("chu tich nuoc", "CTN"),
    ("uy ban nhan dan", "UBND"),
    ("hoi dong nhan dan", "HĐND"),
    ("ngan hang nha nuoc", "NHNN"),
]


def _expand_abbreviations(folded: str) -> str:
    folded = re.sub(r"\bubnd\b", "uy ban nhan dan", folded)
    folded = re.sub(r"\bhdnd\b", "hoi dong nhan dan", folded)
    folded = re.sub(r"\bbtv\b", "ban thuong vu", folded)
    folded = re.sub(r"\bbch\b", "ban chap hanh", folded)
    folded = re.sub(r"\bttg\b", "thu tuong chinh phu", folded)
    return folded


# "TU" stands for Tỉnh ủy only as the printed capitals of a symbol's code:
# folded, "tư" ("Bộ Tư pháp", "Kế hoạch và Đầu tư") reads the same.
_TU_CODE_RE = re.compile(r"(?<![\w/])TU(?![\w])")


def issuer_key(phrase: str) -> str:
    """Folded comparison key of an issuer phrase."""
    return _expand_abbreviations(fold(_TU_CODE_RE.sub("Tỉnh ủy", nfc(phrase))))


def party_org_code(phrase: str) -> str | None:
    """"Ban Thường vụ Tỉnh uỷ" → "TU"; None for a state body."""
    key = issuer_key(phrase)
    for needle, code in _PARTY_ORGS:
        if needle in key:
            return code
    return None


def issuer_codes_for(phrase: str) -> set[str]:
    """Codes a printed issuer may use in its symbols ("Bộ Tài chính" → {"BTC"})."""
    key = issuer_key(phrase)
    party = party_org_code(phrase)
    if party:
        return {party}
    for needle, code in _STATE_ISSUERS:
        if needle in key:
            return {code}
    codes = set()
    for code, name in ISSUER_CODES.items():
        folded = fold(name)
        if folded in key:
            codes.add(code)
        # a provincial department (Sở) uses "S" + its ministry's code:
        # Sở Tài chính → STC, Sở Lao động - Thương binh và Xã hội → SLĐTBXH
        if folded.startswith("bo ") and f"so {folded[3:]}" in key:
            codes.add("S" + (code[1:] if code.startswith("B") else code))
    return codes


def issuer_from_number(raw: str | None) -> str | None:
    """The issuer a number's symbol names surely ("61/2018/NĐ-CP" → "Chính
    phủ", "1847/QĐ-TTg" → "Thủ tướng Chính phủ", "36/2018/QH14" → "Quốc
    hội", "12/2019/TT-BTC" → "Bộ Tài chính"; a joint "TTLT-BTC-BNV" → both):
    every issuer code of the symbol in ISSUER_CODES and naming one body.
    None otherwise ("431/KH-UBND": which province's?; an old "15-CP", of the
    Chính phủ or the Hội đồng Chính phủ before it) — never a guess."""
    n = parse(raw) if raw else None
    codes = n.issuer_codes if n is not None and not n.dashed else []
    if not codes or any(c not in ISSUER_CODES or c in SHARED_ISSUER_CODES for c in codes):
        return None
    names = list(dict.fromkeys(ISSUER_CODES[c] for c in codes))
    return ", ".join(names)


def issuer_compatible(phrase: str, number: Number) -> bool:
    """Could the body named by ``phrase`` have issued ``number``?

    Unknown phrases are compatible (we refuse to reject on ignorance).
    """
    codes = issuer_codes_for(phrase)
    if not codes:
        return True
    return bool(codes & set(number.issuer_codes))


# --- legal force ---------------------------------------------------------

# The system of normative documents from the strongest down, as Điều 4 of the
# Luật Ban hành văn bản quy phạm pháp luật (80/2015/QH13) lists it, told by the
# issuer code of the number; then the documents that are not normative: the
# administrative ones (no year in the number) and the Party's.
_FORCE_BY_ISSUER = [("QH", 10), ("UBTVQH", 20), ("CTN", 30), ("CP", 40), ("TTg", 50),
                    ("TANDTC", 60), ("VKSNDTC", 60), ("KTNN", 65), ("HĐND", 70), ("UBND", 75)]
FORCE_CONSTITUTION, FORCE_OTHER_NORMATIVE, FORCE_ADMINISTRATIVE, FORCE_PARTY, FORCE_UNKNOWN = 0, 68, 80, 85, 99


def legal_force(doc_type: str | None, number: str | None) -> int:
    """A rank for ordering documents by legal force: lower is stronger
    (Hiến pháp 0; a law or a Nghị quyết of the Quốc hội 10; … a Quyết định
    of an Ủy ban nhân dân 75; administrative documents, then the Party's,
    then what cannot be told)."""
    if doc_type == "Hiến pháp":
        return FORCE_CONSTITUTION
    n = parse(number) if number else None
    if n is None:
        return FORCE_UNKNOWN
    if n.dashed and "/" in n.symbol:
        return FORCE_PARTY
    if n.year is None and not n.dashed:      # an old "15-CP" is a decree all the same
        return FORCE_ADMINISTRATIVE
    codes = n.issuer_codes
    if "UBTVQH" in codes:       # checked before "QH", which it ends with
        return 20
    for code, rank in _FORCE_BY_ISSUER:
        if code in codes:
            return rank
    if n.type_code in ("TT", "TTLT") or any(c.startswith("B") for c in codes):
        return 60               # thông tư of a minister, joint thông tư
    return FORCE_OTHER_NORMATIVE
