"""What a typed query asks for.

Words are split into syllables and folded as the index is. Quoted phrases
are kept apart (the user insists on them). The question words of
Vietnamese ("như thế nào", "là gì", "bao nhiêu", a final "không") are a
closed grammatical class, and so are the openings of a question ("cho tôi
hỏi", "xin hỏi"): they say that something is asked, not what, so they are
dropped. Which of the remaining words are too common to tell
articles apart is decided by the corpus (document frequency, in
``scoring``), not by a list.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kb.search.analysis import exact_syllables, fold_keep_length, has_accents, syllable_pairs
from kb.text import nfc

MAX_CHARS = 2000          # longer queries are cut (a pasted page is not a question)
MAX_TERMS = 64            # distinct syllables scored

# Question words, as typed (with accents) and, where unambiguous, without.
_QUESTION_RUNS = [
    "là bao nhiêu", "la bao nhieu", "là bao lâu", "là khi nào", "là ai",
    "như thế nào", "nhu the nao", "thế nào", "the nao", "ra sao", "bao nhiêu", "bao nhieu",
    "bao lâu", "bao lau", "bao giờ", "bao gio", "là gì", "la gi", "làm gì", "vì sao", "tại sao",
    "hay không", "hay khong", "được không", "duoc khong", "có phải", "phải không", "phai khong",
    "hay chưa", "gì", "gi", "nào", "đâu",
]
# How a question frames its subject in time or authority, not what it asks about:
# "theo quy định của pháp luật hiện hành", "hiện nay", "mới nhất", "tìm hiểu quy định về"
_FRAMING_RE = re.compile(
    r"(?<!\w)(?:theo\s+(?:quy\s+định|qui\s+định|luật|pháp\s+luật|quy\s+dinh|luat|phap\s+luat)"
    r"(?:\s+(?:của|cua)\s+(?:pháp\s+luật|phap\s+luat|nhà\s+nước|nha\s+nuoc))?"
    r"(?:\s+(?:hiện\s+hành|hien\s+hanh|hiện\s+nay|hien\s+nay|mới\s+nhất|moi\s+nhat))?"
    r"|(?:hiện\s+nay|hien\s+nay|mới\s+nhất|moi\s+nhat|hiện\s+hành|hien\s+hanh)$"
    r"|^(?:(?:tìm\s+hiểu|tim\s+hieu)\s+)?(?:(?:pháp\s+luật|phap\s+luat)\s+)?(?:quy\s+định|quy\s+dinh)\s+(?:gì\s+|gi\s+)?(?:về|ve)"
    r"|^(?:tìm\s+hiểu|tim\s+hieu)(?:\s+(?:về|ve))?)(?!\w)")
# "… năm 2025" closing a question dates the question, not its subject
_TRAILING_YEAR_RE = re.compile(r"(?:\s(?:năm|nam))?\s(?:19|20)\d\d\W*$")
_FINAL_PARTICLES = {"không", "khong", "chưa", "vậy", "vay", "ạ", "à", "nhỉ", "nhé", "ơi"}
# How a question opens: "cho tôi hỏi", "xin hỏi", "luật sư cho em hỏi", "tôi muốn hỏi là"
_OPENING_RE = re.compile(
    r"^\W*(?:(?:luật sư|luat su|ls|anh|chị|chi|admin)\W+(?:ơi\W+|oi\W+)?)?"
    r"(?:(?:cho|xin|tôi muốn|toi muon|em muốn|em muon|mình muốn|minh muon)\s+"
    r"(?:(?:tôi|toi|em|mình|minh|cháu|chau|con|anh|chị|chi)\s+)?(?:(?:được|duoc)\s+)?(?:hỏi|hoi)"
    r"|xin\s+chào|xin\s+chao|(?:chào|chao)\s+(?:luật sư|luat su|ls|anh|chị|chi)|(?:hỏi|hoi)\s*:)"
    r"(?:\s+(?:là|la|về|ve|rằng|rang))?(?!\w)")
_QUESTION_RE = re.compile(r"(?<!\w)(?:" + "|".join(
    r"\s+".join(map(re.escape, run.split())) for run in sorted(_QUESTION_RUNS, key=len, reverse=True)) + r")(?!\w)")


# A question asking what a term means: "X là gì", "thế nào là X", "khái niệm X",
# "X được hiểu như thế nào". Laws define a term as "X là …" (in "Giải thích từ ngữ").
_DEFINITION_RES = [
    re.compile(r"^(?:thế nào|the nao)\s+(?:là|la|được gọi là|duoc goi la)\s+(?P<x>.+)$"),
    re.compile(r"^(?:khái niệm|khai niem|định nghĩa|dinh nghia)(?:\s+(?:về|ve|của|cua))?\s+(?P<x>.+)$"),
    re.compile(r"^(?P<x>.+?)\s+(?:là gì|la gi|là như thế nào|la nhu the nao|nghĩa là gì|nghia la gi|"
               r"được hiểu (?:là gì|như thế nào|thế nào|ra sao)|duoc hieu (?:la gi|nhu the nao|the nao|ra sao))$"),
]


@dataclass
class Parsed:
    """A query as typed: quoted phrases and the other words (folded), the
    words as typed (lower-case, with their accents) for exact matching."""
    phrases: list[list[str]]
    words: list[str]
    typed: list[str] = field(default_factory=list)
    truncated: bool = False
    defined: list[str] = field(default_factory=list)    # the term a definition question asks about

    def empty(self) -> bool:
        return not self.phrases and not self.words

    def all_words(self) -> list[str]:
        return [w for p in self.phrases for w in p] + self.words

    def syllables(self) -> list[str]:
        """Distinct folded syllables, in query order."""
        return list(dict.fromkeys(self.all_words()))[:MAX_TERMS]

    def pairs(self) -> list[str]:
        """Distinct neighbouring pairs of the words and of each phrase."""
        out = [p for ph in self.phrases for p in syllable_pairs(ph)]
        out += syllable_pairs(self.words)
        if self.defined:
            out.append(f"{self.defined[-1]} la")       # where a law says "X là …"
        return list(dict.fromkeys(out))[:MAX_TERMS]

    def accented(self) -> list[str]:
        """The words typed with diacritics (an exact match of these ranks higher)."""
        return [w for w in dict.fromkeys(self.typed) if has_accents(w)]


def parse(q: str) -> Parsed:
    q = nfc(q or "")
    truncated = len(q) > MAX_CHARS
    q = q[:MAX_CHARS].lower()
    phrases = [w for w in (_words(p) for p in re.findall(r'"([^"]+)"', q)) if w]
    rest = re.sub(r'"[^"]*"?', " ", q)
    asked = _drop_question_words(rest)
    if not _words(asked) and not phrases:
        asked = rest                 # a query of question words only: keep them
    words = _words(asked)
    typed = exact_syllables(" ".join(re.findall(r'"([^"]+)"', q)) + " " + asked)
    return Parsed(phrases, words, typed, truncated, _defined(rest))


def _defined(text: str) -> list[str]:
    """The folded words of the term a definition question asks about, if it is one."""
    text = text.strip()
    for _ in range(3):
        text, n = _OPENING_RE.subn(" ", text)
        text = text.strip()
        if not n:
            break
    text = _FRAMING_RE.sub(" ", _TRAILING_YEAR_RE.sub(" ", re.sub(r"[\s?.!]+$", "", text))).strip()
    text = re.sub(r"\s+(?:ạ|a|vậy|vay)$", "", re.sub(r"\s+", " ", text))
    for r in _DEFINITION_RES:
        m = r.match(text)
        if m:
            return _words(m.group("x"))[:8]
    return []


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", fold_keep_length(text))


def _drop_question_words(text: str) -> str:
    asked = "?" in text
    for _ in range(3):                 # "chào luật sư, tôi muốn hỏi là …"
        text, n = _OPENING_RE.subn(" ", text.strip())
        asked |= bool(n)
        if not n:
            break
    text, n = _QUESTION_RE.subn(" ", text)
    asked |= bool(n)
    if asked:
        text = _TRAILING_YEAR_RE.sub(" ", text.strip())
    for _ in range(3):
        text, n = _FRAMING_RE.subn(" ", re.sub(r"\s+", " ", text).strip(" ,.:;?!"))
        if not n:
            break
    words = text.split()
    # "… có được nghỉ không?": a final particle; "có" then only frames the question
    while words and re.sub(r"\W+", "", words[-1]) in _FINAL_PARTICLES:
        words.pop()
    return " ".join(words)
