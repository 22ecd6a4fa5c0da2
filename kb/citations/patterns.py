"""Regular-expression building blocks of the citation finder.

Every quantifier is bounded and every number is anchored at the start of
its digit run, so each pattern does a bounded amount of work per input
position: the finder stays linear on hostile input (long runs of digits,
slashes, repeated type words).
"""
from __future__ import annotations

import re

from kb import doctypes
from kb.dates import DATE

# Upper-case Latin letters, Vietnamese ones included (Â, Ă, Đ, Ơ, Ư, Ấ …).
UPPER = "".join(
    ch for rng in ((0x41, 0x5B), (0xC0, 0x250), (0x1E00, 0x1F00))
    for ch in map(chr, range(*rng)) if ch.isupper()
)
UPPER_CLASS = "[" + re.escape(UPPER) + "]"
LETTER = r"[^\W\d_]"
GAP = r"\s{1,3}"            # between the syllables of one word or phrase
SPACE = r"\s{1,120}"        # between a type word and its number: line breaks, blanked page heads

# --- type words ---------------------------------------------------------

# Canonical loại văn bản → the printed forms (case-insensitive), longest
# first, and the upper-case abbreviations ("QĐ 36/2019"; "TT" alone is too
# common in running text, "TT&TT", to accept without a number right after
# it): the one table of types is kb.doctypes.
TYPE_WORDS = doctypes.TYPE_WORDS
TYPE_ABBREVIATIONS = doctypes.TYPE_ABBREVIATIONS
canonical_type = doctypes.canonical_type


def _words(phrase: str) -> str:
    return GAP.join(re.escape(w) for w in phrase.split())


TYPE_WORD = (
    r"(?<!\w)(?:(?i:" + "|".join(_words(p) for _, p in TYPE_WORDS) + r")"
    r"|(?:" + "|".join(sorted(TYPE_ABBREVIATIONS, key=len, reverse=True)) + r")"
    r")(?!\w)"
)
SO = r"(?i:số)"

# --- numbers ------------------------------------------------------------

# One group of a symbol: "QĐ", "UBND", "QH14", "TTg", "CTr".
GROUP = r"[A-ZĐ][A-ZĐ]{0,11}[gr]?\d{0,2}(?!" + LETTER + r")"
SYMBOL = rf"{GROUP}(?:\s{{0,2}}-\s{{0,2}}{GROUP}){{0,5}}(?:\.{GROUP})?"
SEQ = r"\d{1,5}[a-zđ]?"
YEAR = r"(?:19|20)\d\d"
# 61/2018/NĐ-CP, 431/KH-UBND, 43/2006/ NĐ-CP
STATE_NUMBER = rf"{SEQ}(?:\s{{0,3}}/\s{{0,3}}{YEAR})?\s{{0,3}}/\s{{0,3}}{SYMBOL}"
# 05-KL/TU, 35 CT/TU, 920-CTr/TU
PARTY_NUMBER = rf"{SEQ}(?:\s{{0,2}}-\s{{0,2}}|\s{{1,2}})[A-ZĐ]{{1,4}}[gr]?\s{{0,2}}/\s{{0,2}}{GROUP}(?:-{GROUP})?"
# 15-CP (before 1990s numbering); only after a type word
OLD_NUMBER = rf"\d{{1,5}}\s{{0,2}}-\s{{0,2}}{GROUP}(?!\s{{0,2}}[/-])"
FULL_NUMBER = rf"(?:{STATE_NUMBER}|{PARTY_NUMBER})"
# Lower-cased at the source (provincial registers print "quyết định số
# 3263/qđ-ubnd"); accepted only after a type word, with two or more groups.
_LOWER_GROUP = r"[a-zđ]{1,12}\d{0,2}(?!" + LETTER + r")"
LOWER_NUMBER = rf"{SEQ}(?:/{YEAR})?/{_LOWER_GROUP}(?:-{_LOWER_GROUP}){{1,5}}"
# A number without symbol, maybe with a year ("Nghị định 61/2018").
BARE_NUMBER = rf"{SEQ}(?:/{YEAR})?(?![\d/]|[.,:]\d|{LETTER})"
ITEM = rf"(?:{FULL_NUMBER}|{LOWER_NUMBER}|{OLD_NUMBER}|{BARE_NUMBER})"
LIST_SEP = rf"\s{{0,3}}(?:,\s{{0,3}}(?:(?:và|hoặc){GAP})?|{GAP}(?:và|hoặc){GAP})(?:{SO}{GAP})?"
NUMBER_START = r"(?<![\w/.,:-])"

ITEM_RE = re.compile(rf"(?P<full>{FULL_NUMBER}|{LOWER_NUMBER})|(?P<old>{OLD_NUMBER})|(?P<bare>{BARE_NUMBER})")

# --- issuers ------------------------------------------------------------

_MINISTRIES = [
    "Tài chính", "Nội vụ", "Tư pháp", "Công an", "Quốc phòng", "Ngoại giao", "Y tế",
    "Giáo dục và Đào tạo", "Kế hoạch và Đầu tư", "Công Thương", "Xây dựng",
    "Giao thông vận tải", "Tài nguyên và Môi trường",
    "Nông nghiệp và Phát triển nông thôn", "Nông nghiệp và Môi trường",
    "Khoa học và Công nghệ", "Thông tin và Truyền thông",
    "Văn hóa, Thể thao và Du lịch", "Văn hoá, Thể thao và Du lịch",
    "Dân tộc và Tôn giáo", "Kế hoạch và Đầu tư", "Thông tin Truyền thông",
]
_LABOUR = r"(?i:lao\s{1,3}động\s{0,3}[-,]?\s{0,3}thương\s{1,3}binh\s{1,3}và\s{1,3}xã\s{1,3}hội|LĐTBXH|LĐ-TB&XH|LĐTB&XH)"
MINISTRY = r"(?:" + _LABOUR + "|(?i:" + "|".join(_words(m) for m in _MINISTRIES) + "))"
UY = r"(?:[UuỦủ][yYỷỶ])"                      # "Ủy" and "Uỷ" are both in use
PROPER_NAME = rf"{UPPER_CLASS}{LETTER}{{0,9}}(?:[ ]{UPPER_CLASS}{LETTER}{{0,9}}){{0,3}}"
PLACE = rf"(?:tỉnh|thành{GAP}phố|TP\.?|huyện|quận|thị{GAP}xã|xã|phường|thị{GAP}trấn)(?:{GAP}{PROPER_NAME})?"
ISSUER = (
    r"(?:"
    rf"(?:[Ll]iên{GAP})?(?:Bộ{GAP}trưởng{GAP})?Bộ{GAP}{MINISTRY}(?:\s{{0,2}}-\s{{0,2}}(?:Bộ{GAP})?{MINISTRY}){{0,3}}"
    rf"|(?:Thủ{GAP}tướng{GAP})?Chính{GAP}phủ"
    rf"|Văn{GAP}phòng{GAP}Chính{GAP}phủ|Thanh{GAP}tra{GAP}Chính{GAP}phủ"
    rf"|{UY}{GAP}ban{GAP}[Tt]hường{GAP}vụ{GAP}Quốc{GAP}hội|Quốc{GAP}hội|Chủ{GAP}tịch{GAP}nước"
    rf"|(?:Chủ{GAP}tịch{GAP})?(?:UBND|HĐND|{UY}{GAP}ban{GAP}nhân{GAP}dân|Hội{GAP}đồng{GAP}nhân{GAP}dân)(?:{GAP}{PLACE})?"
    rf"|Sở{GAP}(?:{MINISTRY}|{PROPER_NAME})"
    rf"|Ban{GAP}[Tt]hường{GAP}vụ{GAP}(?:Tỉnh|Thành|Huyện){GAP}{UY}(?:{GAP}{PROPER_NAME})?"
    rf"|Ban{GAP}[Cc]hấp{GAP}hành{GAP}Trung{GAP}ương(?:{GAP}Đảng)?"
    rf"|Ban{GAP}[Cc]hấp{GAP}hành{GAP}Đảng{GAP}bộ(?:{GAP}{PLACE})?"
    rf"|Bộ{GAP}Chính{GAP}trị|Ban{GAP}Bí{GAP}thư|Trung{GAP}ương(?:{GAP}Đảng)?"
    rf"|(?:Tỉnh|Thành|Huyện){GAP}{UY}(?:{GAP}{PROPER_NAME})?"
    rf"|Đảng{GAP}{UY}{GAP}[Kk]hối(?:{GAP}(?:các{GAP})?(?i:cơ{GAP}quan|doanh{GAP}nghiệp)(?:{GAP}(?:tỉnh|Trung{GAP}ương|{PROPER_NAME}))?)?"
    rf"|Ngân{GAP}hàng{GAP}Nhà{GAP}nước(?:{GAP}Việt{GAP}Nam)?"
    rf"|Tòa{GAP}án{GAP}nhân{GAP}dân{GAP}tối{GAP}cao|Viện{GAP}kiểm{GAP}sát{GAP}nhân{GAP}dân{GAP}tối{GAP}cao"
    rf"|Kiểm{GAP}toán{GAP}[Nn]hà{GAP}nước|Bảo{GAP}hiểm{GAP}xã{GAP}hội{GAP}Việt{GAP}Nam|{UY}{GAP}ban{GAP}Dân{GAP}tộc"
    r")(?!\w)"
)

# --- what follows a number ------------------------------------------------

DATE_AFTER_RE = re.compile(
    rf"\s{{0,3}},?\s{{0,3}}(?:(?i:ban{GAP}hành|ký){GAP})?(?i:ngày){GAP}(?P<date>{DATE})"
)
ISSUER_AFTER_RE = re.compile(rf"\s{{0,3}},?\s{{0,3}}(?:của|do){GAP}(?:(?i:liên){GAP})?(?P<issuer>{ISSUER})")
# The context that makes a bare number after a type word a citation and
# not a quantity ("Quyết định 52 của UBND tỉnh", not "Kế hoạch 3 năm").
BARE_TAIL_RE = re.compile(
    rf"\s{{0,3}}(?:[,;.:)(\]\n]|\Z|(?:của|do|và|hoặc|về|tại|theo)(?!\w)"
    rf"|(?i:ngày){GAP}\d{{1,2}}\s{{0,2}}(?:[/.-]|(?i:tháng)))"
)
# Session qualifiers that make an unnumbered Party resolution identifiable.
QUALIFIER_RE = re.compile(
    rf"{GAP}(?:(?:tại{GAP})?(?i:hội{GAP}nghị){GAP})?"
    rf"(?:(?i:lần){GAP}thứ|(?i:kỳ){GAP}họp{GAP}thứ){GAP}(?:\d{{1,3}}|[IVXLC]{{1,6}}|{LETTER}{{1,6}})"
    rf"(?:\s{{0,2}},?{GAP}(?i:khóa|khoá){GAP}(?:[IVXLC]{{1,6}}|\d{{1,3}}))?"
)
VAGUE_AFTER_RE = re.compile(
    rf"(?:{GAP}(?i:ngày){GAP}(?P<date>{DATE}))?"
    rf"(?:\s{{0,3}},?\s{{0,3}}(?:của|do){GAP}(?P<issuer>{ISSUER}))?"
)

# --- what precedes a citation --------------------------------------------

PINPOINT = (
    rf"(?:(?i:điểm){GAP}(?P<point>[a-zđ]\d?)\s{{0,2}},?{GAP})?"
    rf"(?:(?i:khoản){GAP}(?P<clause>\d{{1,3}}[a-z]?)\s{{0,2}},?{GAP})?"
    rf"(?i:điều){GAP}(?P<article>\d{{1,4}}[a-z]?)"
)
PINPOINT_BEFORE_RE = re.compile(rf"{PINPOINT}\s{{0,3}},?\s{{0,3}}(?:(?:của|tại){GAP})?\Z")

# --- laws by name ----------------------------------------------------------

LAW_HEAD = (
    rf"(?<![Pp]háp )(?<!PHÁP )(?<![Kk]ỷ )(?<!\w)"
    rf"(?:(?i:bộ{GAP}luật|pháp{GAP}lệnh|hiến{GAP}pháp)|Luật|LUẬT|luật)(?!\w)"
)

# --- scanning ---------------------------------------------------------------
# The finder scans in two cheap passes and only then runs the detailed
# patterns above, anchored, at the positions found: a pattern that starts
# with an assertion or a case-insensitive alternation makes the regex
# engine try every position, which is ten times slower on 100 MB.

# Pass 1, over the lower-cased view: type words (plain literals), where a
# number, a date, an issuer or a law's name may follow.
_AFTER_TYPE_WORD = (
    rf"(?!\w)(?=(?:{GAP}số)?(?:\s{{0,2}}[:.])?{SPACE}\d|{GAP}(?:ngày{GAP}\d|của\s|do\s))"
)


def _scan_patterns() -> list[re.Pattern]:
    """One pattern per first syllable of the type words, each starting
    with that literal syllable, which the regex engine searches for fast."""
    by_first: dict[str, list[str]] = {}
    for _, printed in TYPE_WORDS:
        first, *rest = printed.split()
        by_first.setdefault(first, []).append(_words(" ".join(rest)) if rest else "")
    out = []
    for first, rests in by_first.items():
        tails = sorted(rests, key=len, reverse=True)
        alt = "|".join(f"{GAP}{r}" if r else "" for r in tails)
        out.append(re.compile(rf"{re.escape(first)}(?:{alt}){_AFTER_TYPE_WORD}"))
    abbreviations = "|".join(a.lower() for a in sorted(TYPE_ABBREVIATIONS, key=len, reverse=True))
    out.append(re.compile(rf"(?:{abbreviations}){_AFTER_TYPE_WORD}"))
    return out


TYPE_SCAN_RES = _scan_patterns()
LAW_SCAN_RE = re.compile(rf"(?:bộ{GAP}luật|luật|pháp{GAP}lệnh|hiến{GAP}pháp)(?!\w)(?=\s{{1,3}}{LETTER})")
# Pass 2, over the view: a number followed by the start of a symbol.
# Every full number has a slash followed by its symbol or by the year:
# find the slashes (a literal, found fast), then the number's start.
SLASH_SCAN_RE = re.compile(r"/\s{0,3}(?:[A-ZĐ]|(?:19|20)\d\d\s{0,3}/)")
SEQ_BEFORE_SLASH_RE = re.compile(
    r"(?<![\w/.,:-])\d{1,5}[a-zđ]?(?:\s{0,3}|(?:\s{0,2}-\s{0,2}|\s{1,2})[A-ZĐ]{1,4}[gr]?\s{0,2})\Z"
)
SO_BEFORE_RE = re.compile(rf"{SO}{GAP}\Z")

# Anchored patterns, run at the positions found.
TYPED_RE = re.compile(
    rf"(?P<type>{TYPE_WORD})(?P<so>{GAP}{SO}(?:\s{{0,2}}[:.])?)?{SPACE}"
    rf"(?P<list>{ITEM}(?:{LIST_SEP}{ITEM}){{0,30}})"
)
BARE_RE = re.compile(rf"{NUMBER_START}{FULL_NUMBER}")
LAW_RE = re.compile(rf"(?P<law>{LAW_HEAD})(?=\s{{1,3}}{LETTER})")
# "Pháp lệnh bảo vệ và kiểm dịch thực vật số 36/2001/PL-UBTVQH10": a name,
# then the number that confirms it.
NAME_THEN_NUMBER_RE = re.compile(
    rf"{GAP}(?P<name>[^\n;:()\d]{{1,160}}?){GAP}{SO}{GAP}(?P<number>{FULL_NUMBER})"
)
HEAD_RE = re.compile(rf"(?P<head>{TYPE_WORD})(?=\s{{1,3}}(?:(?i:ngày){GAP}\d|của\s|do\s))")
