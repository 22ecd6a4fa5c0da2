"""Write bench/relevance/queries.tsv: the labelled query set of bench/relevance.py.

Run once (deterministic, seeded); the TSV is committed and the bench reads only it.

    python bench/relevance/make_queries.py [--corpus corpus] [--instance instance] [--out …]

Reads the real data the repository ships in corpus/: the two pháp điển
releases (`corpus/phapdien/phapdien-*.tar.xz`: đề mục, article headings and
texts, and each article's source note naming its document and Điều) and the
450 scraped laws (`corpus/vbpl-review/`: their vbpl address names the law).
Each query is labelled with the unit(s) the data says it was made from,
written as the KB's ids: "<doc_key>#<anchor>" for an article, "<doc_key>"
for a document. A built KB (INSTANCE/current/kb.sqlite) is read only to
turn a (number, Điều N) of the data into that id, to keep the labels that
exist, and to find the other articles that answer a query as well (an
identical heading, an identical sentence): never the search engine's
ranking. See bench/relevance/README.md for the classes and the templates.
"""
from __future__ import annotations

import argparse
import json
import os
import pickle
import random
import re
import sqlite3
import sys
import tarfile
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from indexer.sources import phapdien as pd  # noqa: E402  (the project's reader of the release files)
from kb import numbers  # noqa: E402
from kb.identity import slug  # noqa: E402

SEED = 20261129
OUT = ROOT / "bench" / "relevance" / "queries.tsv"
COLUMNS = ["class", "method", "level", "query", "relevant", "source"]
TARGET = {"question-heading": 165, "question-body": 110, "question-definition": 25,
          "topic-demuc": 30, "topic-heading-subject": 30,
          "name-law": 25, "name-number": 20, "name-title": 15,
          "pinpoint": 60}
NO_ACCENT = 0.15           # share of queries typed without diacritics
MAX_HEADING_DOCS = 3       # a heading shared by more documents than this cannot identify an article
MAX_SENTENCE_ARTICLES = 5  # a sentence found in more articles than this is boilerplate
RARE_PAIR = 100            # a heading must hold a pair of syllables found in at most this many headings
MAX_DEMUC = 600            # a đề mục of more articles is a whole field of law, not a topic
AMENDING = ("sua doi", "bo sung", "bai bo", "thay the", "dinh chinh", "quy dinh chi tiet", "huong dan")

# Headings that name no subject of their own (skipped whatever their frequency).
GENERIC_HEADINGS = [
    "phạm vi điều chỉnh", "đối tượng áp dụng", "phạm vi điều chỉnh và đối tượng áp dụng",
    "phạm vi điều chỉnh, đối tượng áp dụng", "phạm vi và đối tượng áp dụng", "phạm vi áp dụng",
    "hiệu lực thi hành", "hiệu lực", "giải thích từ ngữ", "điều khoản chuyển tiếp", "quy định chuyển tiếp",
    "trách nhiệm thi hành", "tổ chức thực hiện", "điều khoản thi hành", "quy định chung", "quy định chi tiết",
    "hướng dẫn thi hành", "điều khoản tham chiếu", "hiệu lực và trách nhiệm thi hành", "xử lý chuyển tiếp",
    "trách nhiệm thực hiện", "hiệu lực thi hành và tổ chức thực hiện", "trách nhiệm tổ chức thực hiện",
    "quy định chi tiết và hướng dẫn thi hành", "nguyên tắc chung", "áp dụng pháp luật",
]


def fold(s: str) -> str:
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def norm(s: str) -> str:
    """Lower case, NFC, single spaces, no end punctuation: how headings are compared."""
    s = unicodedata.normalize("NFC", s or "").lower()
    return re.sub(r"\s+", " ", s).strip(" .;:,")


def fkey(s: str) -> str:
    """The folded syllables of ``s`` joined by one space (for containment tests)."""
    return " ".join(re.findall(r"\w+", fold(s)))


GENERIC = {fkey(h) for h in GENERIC_HEADINGS}


# --- the data -----------------------------------------------------------------

@dataclass
class Article:
    number: str               # the source document's number, normalised
    doc_type: str
    article: str              # "36" (Điều 36)
    heading: str
    text: str
    demuc: str                # "19.5 Khoa học và công nghệ"
    release: str
    ids: list[str] = field(default_factory=list)    # its KB ids (one per KB document of that number)


@dataclass
class Name:
    number: str
    doc_type: str
    title: str | None         # as the data prints it (pháp điển note); None from a vbpl slug
    folded: str               # folded core name ("bao hiem xa hoi")
    year: str | None
    issuer: str | None
    source: str


def read_phapdien(corpus: Path):
    """Articles and document names of both pháp điển releases (the later one first)."""
    arts: dict[tuple[str, str], Article] = {}
    names: dict[str, Name] = {}
    demuc_titles: dict[str, str] = {}
    for archive in sorted(corpus.glob("phapdien/phapdien-*.tar.xz"), reverse=True):
        label = archive.name.removesuffix(".tar.xz")
        print(f"reading {archive.relative_to(corpus)} …", file=sys.stderr)
        for demuc in pd.iter_demuc(archive):
            dm = f"{demuc.number} {demuc.title}".strip()
            if demuc.number:
                demuc_titles.setdefault(demuc.number, demuc.title)
            for a in demuc.articles:
                note = pd.parse_note(a.note) if a.note else None
                if note is None or not note.number or not note.article:
                    continue
                m = re.fullmatch(r"Điều\s+(\d{1,4}[a-zđ]?)", note.article)
                if not m:
                    continue
                key = (note.number, m.group(1))
                if key not in arts:
                    arts[key] = Article(note.number, note.doc_type or "", m.group(1), a.heading or "",
                                        a.text or "", dm, label)
                if note.number not in names and note.title and note.doc_type:
                    names[note.number] = Name(note.number, note.doc_type, note.title,
                                              fkey(core_title(note.title, note.doc_type)),
                                              str(note.issued.year) if note.issued else _year(note.number),
                                              note.issuer, label)
    return list(arts.values()), names, demuc_titles


def read_review(corpus: Path):
    """(number, doc_type, folded name from the vbpl address, [(Điều N, heading, body)]) of the scraped laws."""
    out = []
    for archive in sorted(corpus.glob("vbpl-review/*.tar.xz")):
        with tarfile.open(archive) as tar:
            for m in sorted(tar.getmembers(), key=lambda m: m.name):
                if not (m.isfile() and m.name.endswith(".json")):
                    continue
                d = json.loads(tar.extractfile(m).read().decode("utf-8"))
                number = numbers.normalise(unicodedata.normalize("NFC", d.get("id") or ""))
                url = d.get("sourceUrl") or ""
                s = url.rstrip("/").split("/")[-1].lower()
                mm = re.match(r"(bo-luat|luat|phap-lenh)-(.+?)-so-\d", s) if "vbpl.vn" in url else None
                if not number or not mm:
                    continue
                doc_type = {"bo-luat": "Bộ luật", "luat": "Luật", "phap-lenh": "Pháp lệnh"}[mm.group(1)]
                arts = []
                for ch in d.get("chapters") or []:
                    for a in ch.get("articles") or []:
                        am = re.fullmatch(r"Điều\s+(\d{1,4}[a-zđ]?)\.?", unicodedata.normalize("NFC", a.get("number") or "").strip())
                        if am:
                            arts.append((am.group(1), a.get("heading") or "", a.get("body") or ""))
                out.append((number, doc_type, mm.group(2).replace("-", " "), arts))
    return out


def _year(number: str) -> str | None:
    m = re.search(r"/((?:19|20)\d\d)/", number)
    return m.group(1) if m else None


def core_title(title: str, doc_type: str) -> str:
    """"Luật Thanh niên" → "Thanh niên"; "Bộ Luật lao động" → "lao động"."""
    t = unicodedata.normalize("NFC", title).strip()
    for prefix in ("bộ luật ", "luật ", "pháp lệnh ", "nghị định ", "thông tư ", "quyết định "):
        if t.lower().startswith(prefix):
            return t[len(prefix):]
    return t


# --- the KB (to turn data into ids, and to find every article that answers) --

class KB:
    def __init__(self, path: Path):
        self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        self.by_number: dict[str, list[str]] = defaultdict(list)
        self.doc_type: dict[str, str] = {}
        for key, number, doc_type in self.db.execute(
                "SELECT key, number, doc_type FROM documents WHERE stub = 0 ORDER BY key"):
            if number:
                self.by_number[numbers.normalise(number) or number].append(key)
            self.doc_type[key] = doc_type or ""
        self.articles: dict[str, str] = {}       # id → heading
        for key, anchor, heading in self.db.execute(
                "SELECT doc_key, anchor, heading FROM provisions WHERE kind = 'article'"):
            if key in self.doc_type:
                self.articles[f"{key}#{anchor}"] = heading or ""
        self.by_heading: dict[str, list[str]] = defaultdict(list)
        self.bigrams: Counter = Counter()       # in how many headings each pair of syllables stands
        for uid, h in self.articles.items():
            if h.strip():
                k = fkey(h)
                self.by_heading[k].append(uid)
                t = k.split()
                self.bigrams.update(set(zip(t, t[1:])))

    def short_unique(self, number: str) -> bool:
        """Whether "<n>/<year>" with the type names one document ("61/2018" of a Nghị định; not "03/2019" of a Thông tư)."""
        parts = (numbers.normalise(number) or number).split("/")
        if len(parts) < 3:
            return False
        kind = parts[2].split("-")[0]
        same = [k for num, keys in self.by_number.items() for k in keys
                if num.split("/")[:2] == parts[:2] and num.split("/")[2:3] and num.split("/")[2].split("-")[0] == kind]
        return len(same) == 1

    def docs(self, number: str) -> list[str]:
        return self.by_number.get(numbers.normalise(number) or number, [])

    def article_ids(self, number: str, article: str) -> list[str]:
        out = []
        for key in self.docs(number):
            uid = f"{key}#dieu-{slug(article)}"
            if uid in self.articles:
                out.append(uid)
        return out

    def specific(self, phrase: str) -> bool:
        """Whether a phrase holds a pair of syllables found in at most RARE_PAIR headings."""
        t = fkey(phrase).split()
        return any(self.bigrams[b] <= RARE_PAIR for b in zip(t, t[1:]))

    def shortened_heading_articles(self, heading: str, question: str) -> list[str]:
        """The articles whose whole heading is a part of ``heading`` that ``question`` says: a question
        made from "Tuyển chọn công dân vào Công an nhân dân sau khi kết thúc …" and shortened asks as
        well for the article "Tuyển chọn công dân vào Công an nhân dân" (3 syllables at least, with
        a rare pair, in at most MAX_HEADING_DOCS documents)."""
        t, q = fkey(heading).split(), f" {fkey(question)} "
        out = []
        for i in range(len(t)):
            for j in range(i + 3, len(t)):          # a proper part: the whole heading is matched already
                part = " ".join(t[i:j])
                uids = self.by_heading.get(part)
                if uids and f" {part} " in q and self.specific(part) and \
                        len({u.split("#")[0] for u in uids}) <= MAX_HEADING_DOCS:
                    out.extend(uids)
        return out

    def heading_docs(self, heading: str) -> int:
        return len({u.split("#")[0] for u in self.by_heading.get(fkey(heading), [])})

    def texts(self):
        """(id, folded full text) of every article: heading, own text, clauses and points."""
        current = None
        for key, anchor, kind, heading, text in self.db.execute(
                "SELECT doc_key, anchor, kind, heading, text FROM provisions ORDER BY doc_key, ord, id"):
            if key not in self.doc_type:
                continue
            if kind == "article":
                if current:
                    yield current[0], fold("\n".join(current[1]))
                current = (f"{key}#{anchor}", [heading or "", text or ""], key, anchor + "-")
            elif current and kind in ("clause", "point") and key == current[2] and anchor.startswith(current[3]):
                current[1].append(text or "")
        if current:
            yield current[0], fold("\n".join(current[1]))


# --- how people type ------------------------------------------------------------

PREFIXES = ["", "", "", "", "", "cho hỏi ", "xin hỏi ", "tôi muốn hỏi ", "cho em hỏi ", "luật sư cho hỏi ",
            "cho tôi hỏi ", "hỏi: "]
SUFFIXES = ["", "", "", "?", "?", " ạ", " theo quy định hiện nay", " hiện nay", " theo quy định của pháp luật",
            " theo luật", " theo quy định mới nhất", " năm 2025"]
EDGE_STOP = {"của", "và", "về", "các", "những", "trong", "đối", "với", "tại", "cho", "theo", "để", "được", "là",
             "hoặc", "có", "từ", "đến", "khi", "việc", "do", "bị", "mà", "thì", "này", "đó", "sau", "trước", "trên",
             "dưới", "vào", "ra", "một", "không", "nhằm", "bằng", "qua", "đã", "sẽ", "cũng", "như"}


def finish(q: str, rng: random.Random, filler: bool = True) -> tuple[str, bool]:
    """Filler words, lower case, sometimes no accents: as a question is typed."""
    q = re.sub(r"\s+", " ", q).strip(" ,;.")
    if filler:
        suffix = rng.choice(SUFFIXES)
        if re.search(r"theo quy định|hiện nay|hiện hành|theo luật", q) and suffix not in ("", "?"):
            suffix = ""
        q = rng.choice(PREFIXES) + q + suffix
    q = q.lower() if rng.random() < 0.85 else q[:1].upper() + q[1:].lower()
    plain = rng.random() < NO_ACCENT
    if plain:
        q = fold(q)
    return re.sub(r"\s+", " ", q).strip(), plain


def paraphrase(phrase: str, rng: random.Random) -> str:
    """Leave out what a user would not type: one item of a list ("quản lý, sử dụng X" → "sử dụng X"),
    a leading "việc" or "thực hiện"; then shorten."""
    parts = [p.strip() for p in phrase.split(",")]
    if len(parts) > 1 and rng.random() < 0.6:
        del parts[rng.randrange(len(parts) - 1)]          # never the last: it carries the object
    phrase = ", ".join(parts)
    words = phrase.split()
    if len(words) > 3 and words[0] in ("việc", "thực") and rng.random() < 0.7:
        words = words[2:] if words[0] == "thực" and words[1] == "hiện" else words[1:]
    phrase = " ".join(words)
    if len(words) >= 5 and rng.random() < 0.5:          # a light word left out
        light = [w for w in LIGHT_WORDS if f" {w} " in f" {phrase} "]
        if light:
            w = rng.choice(light)
            phrase = f" {phrase} ".replace(f" {w} ", " ", 1).strip()
    for long, short in ABBREVIATIONS:                   # as people write them
        if long in phrase and rng.random() < 0.3:
            phrase = phrase.replace(long, short)
    return shorten(phrase, rng)


LIGHT_WORDS = ["công tác", "hoạt động", "thực hiện", "các", "những", "cụ thể", "trong", "đối với", "về", "của"]
ABBREVIATIONS = [("ủy ban nhân dân", "ubnd"), ("hội đồng nhân dân", "hđnd"), ("bảo hiểm xã hội", "bhxh"),
                 ("bảo hiểm y tế", "bhyt"), ("giá trị gia tăng", "gtgt"), ("thu nhập cá nhân", "tncn"),
                 ("thu nhập doanh nghiệp", "tndn"), ("việt nam", "vn"), ("hằng tháng", "hàng tháng"),
                 ("hằng năm", "hàng năm"), ("người lao động", "nlđ"), ("quyền sử dụng đất", "quyền sdđ")]


def shorten(phrase: str, rng: random.Random, keep_min: int = 3) -> str:
    """Drop what users leave out: a trailing qualifier ("đối với …", "trong …", after a comma) or a function word."""
    words = phrase.split()
    if len(words) > 6 and rng.random() < 0.6:
        # cut before a preposition, or after a word that ends with a comma
        cuts = [i for i, w in enumerate(words) if i >= keep_min and
                w in ("đối", "trong", "tại", "theo", "thuộc", "khi", "ở", "cho", "do", "từ")]
        cuts += [i + 1 for i, w in enumerate(words) if i + 1 >= keep_min and w.endswith(",") and i + 1 < len(words)]
        if cuts:
            words = words[:rng.choice(cuts)]
    if len(words) > 4 and rng.random() < 0.35:
        idx = [i for i, w in enumerate(words) if w.lower() in ("các", "những")]
        if idx:
            del words[rng.choice(idx)]
    while words and words[-1].lower().strip(",") in EDGE_STOP:
        words.pop()
    return " ".join(words).rstrip(",")


# --- questions from a heading -------------------------------------------------

# (pattern on the lower-case heading, templates): {x} is what follows the
# matched words, {h} the whole heading (shortened), {w} the matched words.
HEADING_TEMPLATES: list[tuple[str, list[str]]] = [
    (r"^(?:các |những )?hành vi bị (?:nghiêm )?cấm(?: trong| đối với| khi)?\s*(?P<x>.*)$",
     ["những hành vi nào bị cấm {x}", "pháp luật cấm làm gì {x}", "các hành vi bị nghiêm cấm {x} gồm những gì",
      "{x} không được làm những gì"]),
    (r"^điều kiện (?:đối với|của) (?P<x>.+)$",
     ["{x} cần đáp ứng điều kiện gì", "{x} phải có những điều kiện nào", "điều kiện đối với {x} là gì",
      "điều kiện của {x} hiện nay như thế nào"]),
    (r"^điều kiện (?:để )?(?P<x>.+)$",
     ["điều kiện để {x} là gì", "cần những điều kiện gì để {x}", "muốn {x} thì cần điều kiện nào",
      "{x} cần đáp ứng điều kiện gì", "điều kiện {x} hiện nay như thế nào", "những điều kiện nào để được {x}"]),
    (r"^(?P<w>quyền và nghĩa vụ|quyền, nghĩa vụ|nghĩa vụ và quyền|nhiệm vụ, quyền hạn|nhiệm vụ và quyền hạn|"
     r"quyền hạn và trách nhiệm|quyền và trách nhiệm|trách nhiệm và quyền hạn|trách nhiệm|nhiệm vụ|quyền hạn|quyền|nghĩa vụ)"
     r" (?:của |đối với )(?P<x>.+)$",
     ["{x} có những {w} gì", "{w} của {x} là gì", "{x} có {w} như thế nào", "quy định về {w} của {x}",
      "{x} phải có {w} gì"]),
    (r"^(?P<w>trình tự, thủ tục|trình tự và thủ tục|thủ tục|trình tự|quy trình|cách thức)(?: thực hiện)? (?P<x>.+)$",
     ["thủ tục {x} như thế nào", "{x} cần làm những thủ tục gì", "trình tự {x} thực hiện ra sao",
      "{w} {x} gồm những bước nào", "làm thế nào để {x}"]),
    (r"^hồ sơ (?:đề nghị |xin |đăng ký )?(?P<x>.+)$",
     ["hồ sơ {x} gồm những gì", "cần chuẩn bị hồ sơ gì để {x}", "{x} cần giấy tờ gì", "hồ sơ xin {x} gồm những giấy tờ nào",
      "thành phần hồ sơ {x}"]),
    (r"^(?P<w>mức hưởng|mức đóng|mức phạt|mức thu|mức chi|mức trợ cấp|mức lương|mức phụ cấp|mức bồi thường|mức|tỷ lệ|định mức|lệ phí|phí|giá) (?P<x>.+)$",
     ["{w} {x} là bao nhiêu", "{w} {x} được tính như thế nào", "{x} thì {w} bao nhiêu", "{w} {x} hiện nay là bao nhiêu"]),
    (r"^(?P<w>thời hạn|thời gian|thời hiệu|thời điểm|thời kỳ) (?P<x>.+)$",
     ["{w} {x} là bao lâu", "{x} trong thời hạn bao lâu", "{w} {x} được quy định thế nào", "khi nào {x}", "{x} mất bao lâu"]),
    (r"^thẩm quyền (?P<x>.+)$",
     ["ai có thẩm quyền {x}", "cơ quan nào có thẩm quyền {x}", "thẩm quyền {x} thuộc về ai", "{x} do ai quyết định"]),
    (r"^(?:các )?nguyên tắc (?P<x>.+)$",
     ["nguyên tắc {x} là gì", "{x} phải tuân theo những nguyên tắc nào", "{x} được thực hiện theo nguyên tắc gì"]),
    (r"^(?:tiêu chuẩn|tiêu chí|yêu cầu) (?:đối với |của )?(?P<x>.+)$",
     ["tiêu chuẩn {x} là gì", "{x} cần đạt những tiêu chuẩn nào", "yêu cầu đối với {x} như thế nào"]),
    (r"^(?:đối tượng|người) (?P<x>(?:được|phải|không|bị|có|tham gia|thực hiện|đóng|hưởng|nộp).+)$",
     ["ai {x}", "những đối tượng nào {x}", "đối tượng nào {x}", "những ai {x}", "người nào {x}"]),
    (r"^nội dung (?P<x>.+)$",
     ["{x} gồm những nội dung gì", "nội dung {x} là gì", "{x} bao gồm những gì"]),
    (r"^(?:các |những )?(?P<w>hình thức|phương thức|biện pháp|loại) (?P<x>.+)$",
     ["có những {w} {x} nào", "{x} được thực hiện theo {w} nào", "các {w} {x} gồm những gì"]),
    (r"^(?P<w>chế độ|chính sách) (?P<x>.+)$",
     ["{w} {x} được quy định như thế nào", "{x} được hưởng {w} gì", "{w} {x} hiện nay ra sao"]),
    (r"^(?:nguồn kinh phí|kinh phí|nguồn vốn|nguồn tài chính|nguồn) (?P<x>.+)$",
     ["kinh phí {x} lấy từ đâu", "nguồn kinh phí {x} do ai chi trả", "{x} được chi từ nguồn nào"]),
    (r"^(?:xử lý|xử phạt)(?: vi phạm)? (?P<x>.+)$",
     ["vi phạm {x} bị xử lý như thế nào", "xử phạt {x} thế nào", "{x} bị xử lý ra sao"]),
    (r"^(?:phân loại|các loại|loại) (?P<x>.+)$",
     ["{x} được phân loại như thế nào", "có mấy loại {x}", "{x} gồm những loại nào"]),
    (r"^(?P<w>cấp|cấp lại|gia hạn|thu hồi|điều chỉnh|đăng ký|thành lập|giải thể|đình chỉ|thẩm định|phê duyệt|công nhận|"
     r"chấm dứt|tạm đình chỉ|sửa đổi|hủy bỏ|miễn|giảm|hoàn|bổ nhiệm|tuyển dụng|đánh giá|kiểm tra|thanh tra|"
     r"giải quyết|công bố|lập|quản lý|sử dụng|bảo quản|chuyển|cho thuê|mua|bán|nộp|khai|xây dựng|tổ chức) (?P<x>.+)$",
     ["việc {w} {x} được thực hiện thế nào", "khi nào được {w} {x}", "{w} {x} như thế nào", "quy định về {w} {x}",
      "{w} {x} cần những gì", "trường hợp nào được {w} {x}", "{w} {x} được thực hiện ra sao"]),
]
DEFAULT_TEMPLATES = ["{h} được quy định như thế nào", "quy định về {h} hiện nay ra sao", "pháp luật quy định gì về {h}",
                     "{h} theo quy định hiện hành", "{h} như thế nào", "quy định về {h}", "{h} ra sao",
                     "tìm hiểu quy định về {h}", "{h} được pháp luật quy định thế nào"]


def heading_subject(heading: str) -> str | None:
    """What a heading is about, without its head word: "Điều kiện hưởng lương hưu" → "hưởng lương hưu"."""
    h = norm(heading).replace("phòng, chống", "phòng chống")
    for pattern, _ in HEADING_TEMPLATES:
        m = re.match(pattern, h)
        if m and m.groupdict().get("x"):
            x = re.split(r",| và | hoặc | đối với | trong | tại | theo | của | cho | khi ", m.group("x"))[0].split()
            while x and x[-1] in EDGE_STOP:
                x.pop()
            while x and x[0] in EDGE_STOP:
                x.pop(0)
            return " ".join(x) if 2 <= len(x) <= 6 else None
    return None


def _pairs(s: str) -> set[tuple[str, str]]:
    t = fkey(s).split()
    return set(zip(t, t[1:]))


def heading_question(heading: str, context: str, rng: random.Random, rare=lambda pair: False) -> str | None:
    """A question from a heading by the template its head words choose. The subject is paraphrased
    (shortened, a list item or a light word left out) unless that loses what made the heading
    specific (a pair of its syllables that is ``rare`` in headings): then it is kept whole."""
    h = norm(heading).replace("phòng, chống", "phòng chống")
    if not h or len(h.split()) < 2 or len(h.split()) > 25:
        return None

    def build(reword) -> str:
        for pattern, templates in HEADING_TEMPLATES:
            m = re.match(pattern, h)
            if not m:
                continue
            x = reword(m.group("x")) if m.groupdict().get("x") else ""
            x = x.strip(" ,")
            while x.split() and x.split()[0] in EDGE_STOP:
                x = x.split(" ", 1)[1] if " " in x else ""
            w = (m.groupdict().get("w") or "").strip()
            choices = [t for t in templates if "{x}" not in t or x]
            if choices:
                return rng.choice(choices).format(x=x.strip(), w=w, h=reword(h))
            break
        return rng.choice(DEFAULT_TEMPLATES).format(h=reword(h))

    q = build(lambda p: paraphrase(p, rng))
    rare_h = {p for p in _pairs(h) if rare(p)}
    if rare_h and not rare_h & _pairs(q):
        q = build(lambda p: p)
    # a short question gets the subject area a user would add ("… trong lĩnh vực …")
    if len(q.split()) <= 6 and context and rng.random() < 0.5:
        q += " " + rng.choice(["trong lĩnh vực ", "về ", "ngành ", ""]) + shorten(context.lower(), rng)
    return q


# --- questions from a sentence of the body ------------------------------------

_NUMBERING = re.compile(r"^\s*(?:\d+[a-z]?\.|[a-zđ]\)|-|\+|•)\s*")
_QTY = re.compile(
    r"(?P<qual>(?:trong thời hạn|trong vòng|không quá|tối đa|tối thiểu|ít nhất|chậm nhất|từ đủ|đủ|trên|dưới|từ|trong|sau|trước)\s+)?"
    r"(?P<num>\d+(?:[.,]\d+)*)\s*(?P<unit>ngày làm việc|ngày|tháng|năm|giờ|lần|tuổi|người|%|phần trăm|triệu đồng|"
    r"nghìn đồng|đồng|km|mét|m2|ha|héc ta|kg|tấn)\b"
    r"(?:\s*(?:đến|-)\s*(?:dưới\s+)?\d+(?:[.,]\d+)*\s*(?:ngày làm việc|ngày|tháng|năm|giờ|lần|tuổi|người|%|phần trăm|"
    r"triệu đồng|nghìn đồng|đồng|km|mét|m2|ha|kg|tấn)\b)?")
_NOT_BEFORE_QTY = {"ngày", "tháng", "năm", "điều", "khoản", "điểm", "số", "mục", "chương", "phụ", "lục", "mẫu", "nghị",
                   "định", "quyết", "thông", "tư", "luật", "lần", "thứ", "lớp", "hạng", "loại", "cấp", "nhóm", "bậc"}
_MODAL = re.compile(r"^(?P<s>(?:\S+\s+){1,7}?)(?P<mod>không được|có quyền|có trách nhiệm|phải|được)\s+(?P<v>.+)$")
_BAD_SUBJECT = ("trường hợp", "nếu", "khi", "trong", "đối với", "sau", "trước", "việc", "tại", "các trường", "đồng thời",
                "ngoài", "căn cứ", "theo", "trừ", "riêng", "đã", "chỉ", "mọi trường", "những trường", "người đứng đầu")


ADVERBS = {"đã", "sẽ", "đang", "cũng", "vẫn", "chỉ", "mới", "chưa", "không", "còn", "đều", "thì", "mà"}
# the nouns a subject starts with (people, bodies, things acted upon): a grammatical rule, not a list of answers
SUBJECT_HEADS = ("người", "cơ quan", "tổ chức", "cá nhân", "doanh nghiệp", "bên ", "chủ ", "hộ ", "công dân", "cán bộ",
                 "công chức", "viên chức", "ủy ban", "uỷ ban", "bộ ", "sở ", "tòa án", "toà án", "viện", "hội đồng", "nhà ",
                 "đơn vị", "trường", "cơ sở", "thành viên", "học sinh", "sinh viên", "chủ tịch", "thủ trưởng", "giám đốc",
                 "các cơ quan", "các tổ chức", "các bên", "mọi ", "thẩm phán", "kiểm sát viên", "điều tra viên", "luật sư",
                 "công ty", "ngân hàng", "quỹ", "hợp đồng", "hồ sơ", "văn bản", "quyết định", "giấy", "tàu", "phương tiện",
                 "hàng hóa", "hàng hoá", "tài sản", "đất", "nhà ở", "công trình", "dự án", "thuốc", "sản phẩm", "thông tin",
                 "dữ liệu", "vợ", "chồng", "cha", "mẹ", "con", "trẻ em", "học viên", "thí sinh", "bệnh nhân", "phụ nữ",
                 "lao động", "đảng viên", "quân nhân", "sĩ quan", "chiến sĩ", "hạ sĩ quan", "đại biểu", "thanh tra",
                 "kiểm toán", "nhà đầu tư", "nhà thầu", "chủ đầu tư", "đối tượng", "thương nhân", "hợp tác xã", "hội ",
                 "đoàn", "chính phủ", "quốc hội", "thủ tướng", "bộ trưởng")


def sentences(text: str):
    for line in text.split("\n"):
        line = _NUMBERING.sub("", unicodedata.normalize("NFC", line)).strip()
        if re.search(r"\*|ví dụ|giả sử|thí dụ", line, re.I):
            continue
        for seg in re.split(r"(?<=[.;:])\s+", line):
            seg = seg.strip()
            if 20 <= len(seg) <= 400:
                yield seg


_REFERENCE = re.compile(r"quy định tại|nêu tại|nêu trên|theo mẫu|phụ lục|điều \d|khoản \d|điểm [a-zđ]\b|sau đây|dưới đây|"
                        r"như sau|nói trên|này\b|đó\b|trên\b")
_NO_SUBJECT = ("có ", "được ", "phải ", "đã ", "là ", "không ", "đủ ", "từ ", "trong ", "sau ", "trước ", "đến ", "và ",
               "hoặc ", "nếu ", "khi ", "thì ", "mà ", "để ", "bằng ", "với ", "của ", "cho ", "tại ", "theo ")


def _subject_words(s: str) -> int:
    words = s.split()
    while words and words[0] in ("các", "những", "mọi", "mỗi"):
        words = words[1:]
    return len(words)


def with_heading(q: str, evidence: str, heading: str, rng: random.Random) -> str:
    """A body question that names no subject gets the article's subject first, as a user would say it."""
    if q.startswith(_NO_SUBJECT) or len(evidence.split()) < 5:
        h = shorten(norm(heading).replace("phòng, chống", "phòng chống"), rng, keep_min=2)
        if len(h.split()) > 7:
            h = " ".join(h.split()[:7])
            while h.split()[-1] in EDGE_STOP:
                h = h.rsplit(" ", 1)[0]
        if fkey(h) not in fkey(q):
            return f"{h} {q}" if rng.random() < 0.7 else f"{q} đối với {h}"
    return q


def quantity_question(text: str, heading: str, rng: random.Random) -> tuple[str, str] | None:
    """("… bao nhiêu ngày", the words of the text it asks about) from a sentence giving a quantity."""
    found = []
    for seg in sentences(text):
        for part in re.split(r"[;:]", seg):
            low = part.strip()
            low = low[:1].lower() + low[1:]
            for m in _QTY.finditer(low):
                before = low[:m.start()].split()
                if not before or before[-1].strip(",").lower() in _NOT_BEFORE_QTY:
                    continue
                after = low[m.end():m.end() + 6]
                if re.match(r"\s*(?:/|\d|năm \d)", after) or re.search(r"\d{4}", m.group(0)):
                    continue
                prefix = low[:m.start()].strip(" ,")
                words = prefix.split()
                if not 3 <= len(words) <= 14 or _REFERENCE.search(prefix) or re.search(r"\d", prefix):
                    continue
                if "," in prefix and len(words) > 9:        # the clause nearest the number
                    words = prefix.rsplit(",", 1)[1].split()
                    if len(words) < 3:
                        continue
                found.append((" ".join(words), m))
    if not found:
        return None
    words, m = rng.choice(found)
    unit = m.group("unit")
    qual = (m.group("qual") or "").strip()
    ask = {"%": "bao nhiêu phần trăm", "phần trăm": "bao nhiêu phần trăm", "đồng": "bao nhiêu tiền",
           "triệu đồng": "bao nhiêu tiền", "nghìn đồng": "bao nhiêu tiền", "tuổi": rng.choice(["bao nhiêu tuổi", "mấy tuổi"]),
           "lần": rng.choice(["bao nhiêu lần", "mấy lần"])}.get(unit, f"bao nhiêu {unit}")
    if unit in ("ngày", "tháng", "năm", "ngày làm việc", "giờ") and rng.random() < 0.3:
        ask = "bao lâu"
    if qual in ("từ", "trong", "từ đủ", "đủ"):
        qual = ""
    evidence = f"{words} {m.group(0)}"
    q = f"{words} {qual + ' ' if qual else ''}{ask}"
    return with_heading(q, words, heading, rng), evidence


_BAD_VERB = ("quy định", "thực hiện theo", "ban hành", "áp dụng", "tính", "xác định theo", "hướng dẫn", "nêu", "ghi",
             "căn cứ", "thực hiện như", "gửi kèm", "lập theo", "làm theo")


def modal_question(text: str, heading: str, rng: random.Random) -> tuple[str, str] | None:
    """"S có được V không?" / "S có phải V không?" / "ai có trách nhiệm V?" from "S không được / phải / được V"."""
    found = []
    for seg in sentences(text):
        low = seg[:1].lower() + seg[1:]
        m = _MODAL.match(low)
        if not m:
            continue
        s = m.group("s").strip(" ,").split()
        while s and s[-1] in ADVERBS:
            s.pop()
        if len(s) >= 2 and " ".join(s[-2:]) == "có thể":
            s = s[:-2]
        s = " ".join(s)
        if s.startswith(_BAD_SUBJECT) or _subject_words(s) < 3 or re.search(r"\d|[(),;:*]", s) or _REFERENCE.search(s) \
                or not s.startswith(SUBJECT_HEADS):
            continue
        v = re.split(r"[,;:(.]| và | hoặc | theo | trong thời hạn| khi | nếu ", m.group("v"))[0].split()
        if len(v) > 9:
            cuts = [i for i in range(5, 10) if v[i] in EDGE_STOP]
            if not cuts:
                continue
            v = v[:rng.choice(cuts)]
        v = [w.strip("“”\"'‘’") for w in v if w.strip("“”\"'‘’")]
        while v and v[-1] in EDGE_STOP:
            v.pop()
        vs = " ".join(v)
        if len(v) < (4 if m.group("mod") == "có trách nhiệm" else 3) or vs.startswith(_BAD_VERB) or _REFERENCE.search(vs) or re.search(r"\d", vs):
            continue
        found.append((s, m.group("mod"), vs))
    if not found:
        return None
    s, mod, v = rng.choice(found)
    if mod == "không được":
        q = rng.choice([f"{s} có được {v} không", f"{s} có được phép {v} không", f"{s} có được {v} hay không"])
    elif mod == "phải":
        q = rng.choice([f"{s} có phải {v} không", f"{s} có bắt buộc phải {v} không", f"{s} có cần {v} không"])
    elif mod == "được":
        q = rng.choice([f"{s} có được {v} không", f"{s} được {v} không", f"{s} có được {v} hay không"])
    elif mod == "có quyền":
        q = rng.choice([f"{s} có quyền {v} không", f"{s} có được {v} không"])
    else:
        q = rng.choice([f"ai có trách nhiệm {v}", f"trách nhiệm {v} thuộc về ai", f"cơ quan nào có trách nhiệm {v}"])
        # the subject left out, the article's subject is said instead
        h = shorten(norm(heading).replace("phòng, chống", "phòng chống"), rng, keep_min=2).split()[:6]
        while h and h[-1] in EDGE_STOP:
            h.pop()
        if h and fkey(" ".join(h)) not in fkey(q):
            q += " " + rng.choice(["trong ", "về ", "đối với ", ""]) + " ".join(h)
        return q, f"{s} {mod} {v}"
    return with_heading(q, f"{s} {v}", heading, rng), f"{s} {mod} {v}"


_DEFINITION = re.compile(r"^(?P<t>[^\d,;:()]{3,60}?)\s+là\s+\S")


def definitions(text: str) -> list[str]:
    """The terms a "Giải thích từ ngữ" article defines ("1. Tài sản công là …" → "tài sản công")."""
    out = []
    for line in text.split("\n"):
        line = _NUMBERING.sub("", unicodedata.normalize("NFC", line)).strip()
        m = _DEFINITION.match(line)
        if m and 2 <= len(m.group("t").split()) <= 7 and not m.group("t").lower().startswith(_BAD_SUBJECT):
            out.append(m.group("t").lower().strip(" \"“”'‘’"))
    return out


def defines(folded_text: str, term_folded: str) -> bool:
    for line in folded_text.split("\n"):
        line = re.sub(r"^\s*(?:\d+[a-z]?\.|[a-z]\)|-|\+)\s*", "", line)
        if line.startswith(term_folded + " la ") or line.startswith(term_folded + " (") or \
                re.match(re.escape(term_folded) + r"\s*(?:\([^)]*\))?\s*la\s", line):
            return True
    return False


# --- names ------------------------------------------------------------------------

TYPE_WORDS = {"Luật": ["luật"], "Bộ luật": ["bộ luật"], "Pháp lệnh": ["pháp lệnh"],
              "Nghị định": ["nghị định", "nđ", "nghị định số"], "Thông tư": ["thông tư", "tt", "thông tư số"],
              "Thông tư liên tịch": ["thông tư liên tịch", "ttlt"], "Quyết định": ["quyết định", "qđ", "quyết định số"],
              "Nghị quyết": ["nghị quyết", "nq"]}


def law_name(n: Name, rng: random.Random, with_year: bool) -> str:
    word = "bộ luật" if n.doc_type == "Bộ luật" else n.doc_type.lower()
    core = core_title(n.title, n.doc_type).lower()
    year = n.year if with_year and n.year else None
    if year:
        return rng.choice([f"{word} {core} {year}", f"{word} {core} năm {year}", f"{word} {core} {year}"])
    return f"{word} {core}"


def number_name(n: Name, rng: random.Random, short_ok: bool = True) -> str:
    """"nghị định 61/2018", "thông tư 01 năm 2018 văn phòng chính phủ", "nđ 61/2018/nđ-cp"."""
    word = rng.choice(TYPE_WORDS.get(n.doc_type, [n.doc_type.lower()]))
    parts = n.number.split("/")
    num, year = parts[0], (parts[1] if len(parts) > 2 and re.fullmatch(r"\d{4}", parts[1]) else n.year)
    forms = [f"{word} {n.number.lower()}"]
    if year and short_ok:
        forms += [f"{word} {num}/{year}", f"{word} {num}/{year}"]
    if year:
        if n.issuer:
            forms.append(f"{word} {num} năm {year} {n.issuer.lower()}")
            forms.append(f"{word} {num} năm {year} của {n.issuer.lower()}")
    return rng.choice(forms)


def _law_like(n: Name) -> bool:
    return n.doc_type in ("Luật", "Bộ luật", "Pháp lệnh")


# --- the set ------------------------------------------------------------------------

@dataclass
class Row:
    cls: str
    method: str
    level: str
    query: str
    relevant: list[str]
    source: str


def make(corpus: Path, kb_file: Path, seed: int = SEED) -> list[Row]:
    rng = random.Random(seed)
    kb = KB(kb_file)
    cache = os.environ.get("RELEVANCE_DATA_CACHE")     # a pickle of the data read, to try templates quickly
    if cache and Path(cache).exists():
        with open(cache, "rb") as f:
            articles, names, demuc_titles, review = pickle.load(f)
    else:
        articles, names, demuc_titles = read_phapdien(corpus)
        review = read_review(corpus)
        if cache:
            with open(cache, "wb") as f:
                pickle.dump((articles, names, demuc_titles, review), f)
    for a in articles:
        a.ids = kb.article_ids(a.number, a.article)
    articles = [a for a in articles if a.ids]
    articles.sort(key=lambda a: (a.demuc, numbers.normalise(a.number), a.article))
    print(f"{len(articles)} pháp điển articles found in the KB", file=sys.stderr)
    rows: list[Row] = []
    used_queries: set[str] = set()
    used_articles: set[tuple[str, str]] = set()

    def add(cls, method, level, q, relevant, source):
        key = fkey(q)
        if key in used_queries or not relevant:
            return False
        used_queries.add(key)
        rows.append(Row(cls, method, level, q, sorted(set(relevant)), source))
        return True

    # articles by đề mục, taken in turn so that many đề mục are drawn
    by_demuc: dict[str, list[Article]] = defaultdict(list)
    for a in articles:
        by_demuc[a.demuc].append(a)
    for lst in by_demuc.values():
        rng.shuffle(lst)
    demucs = sorted(by_demuc)
    rng.shuffle(demucs)

    def draw():
        while any(by_demuc[d] for d in demucs):
            for d in demucs:
                if by_demuc[d]:
                    yield by_demuc[d].pop()

    def identifying(a: Article) -> bool:
        """A heading that can pick out its article: not generic, held by few documents, with a rare pair of words."""
        h = fkey(a.heading)
        t = h.split()
        return bool(h) and h not in GENERIC and 2 <= len(t) <= 25 and not re.search(r"\d", h) \
            and not h.startswith(AMENDING) and not h.endswith(" khac") \
            and kb.heading_docs(a.heading) <= MAX_HEADING_DOCS and kb.specific(a.heading)

    def src(a: Article) -> str:
        return f"{a.release} {a.demuc.split(' ')[0]}: Điều {a.article} {a.number} — {norm(a.heading)[:80]}"

    # 1. questions: from the heading, from a sentence of the body, and "X là gì" from definitions
    pending_body: list[tuple[str, str, str, Article]] = []     # (method, query, evidence, article)
    pending_def: list[tuple[str, str, Article]] = []
    n_head = n_body = 0
    for a in draw():
        if (a.number, a.article) in used_articles:
            continue
        if fkey(a.heading) == fkey("giải thích từ ngữ"):
            if len(pending_def) < TARGET["question-definition"] * 2 and rng.random() < 0.5:
                terms = [t for t in definitions(a.text) if 2 <= len(t.split()) <= 6]
                if terms:
                    pending_def.append((rng.choice(terms), src(a), a))
                    used_articles.add((a.number, a.article))
            continue
        if not identifying(a):
            continue
        want_body = n_body < TARGET["question-body"] * 1.6 and (rng.random() < 0.45 or n_head >= TARGET["question-heading"])
        if want_body:
            made = quantity_question(a.text, a.heading, rng) if rng.random() < 0.55 else None
            made = made or modal_question(a.text, a.heading, rng) or quantity_question(a.text, a.heading, rng)
            if made:
                pending_body.append(("question-body", made[0], made[1], a))
                used_articles.add((a.number, a.article))
                n_body += 1
                continue
        if n_head < TARGET["question-heading"]:
            q = heading_question(a.heading, a.demuc.split(" ", 1)[-1], rng, lambda p: kb.bigrams[p] <= RARE_PAIR)
            if q:
                q, plain = finish(q, rng)
                same = kb.by_heading.get(fkey(a.heading), []) + kb.shortened_heading_articles(a.heading, q)
                if add("question", "heading-template" + ("-noaccent" if plain else ""), "article", q,
                       same + a.ids, src(a)):
                    used_articles.add((a.number, a.article))
                    n_head += 1
        if n_head >= TARGET["question-heading"] and n_body >= TARGET["question-body"] * 1.6 and \
                len(pending_def) >= TARGET["question-definition"] * 2:
            break

    # every article holding the same words answers a body question as well: one pass over the KB's texts
    evidence = {fkey(ev): [] for _, _, ev, _ in pending_body}
    terms = {fkey(t): [] for t, _, _ in pending_def}
    print(f"reading the KB's article texts for {len(evidence)} sentences and {len(terms)} terms …", file=sys.stderr)
    for uid, text in kb.texts():
        flat = " ".join(re.findall(r"\w+", text))
        for ev, hits in evidence.items():
            if ev in flat:
                hits.append(uid)
        for t, hits in terms.items():
            if t.split()[0] in flat and defines(text, t):
                hits.append(uid)
    n = 0
    for method, q, ev, a in pending_body:
        hits = evidence[fkey(ev)]
        if len(hits) > MAX_SENTENCE_ARTICLES or n >= TARGET["question-body"]:
            continue
        q, plain = finish(q, rng)
        if add("question", "body-template" + ("-noaccent" if plain else ""), "article", q, hits + a.ids,
               f"{src(a)} | «{ev[:100]}»"):
            n += 1
    n = 0
    for term, source, a in pending_def:
        hits = terms[fkey(term)]
        if not hits or len(hits) > MAX_SENTENCE_ARTICLES or n >= TARGET["question-definition"]:
            continue
        q = rng.choice([f"{term} là gì", f"thế nào là {term}", f"{term} được hiểu như thế nào", f"khái niệm {term}",
                        f"định nghĩa {term}"])
        q, plain = finish(q, rng)
        if add("question", "definition-template" + ("-noaccent" if plain else ""), "article", q, hits + a.ids,
               f"{source} | định nghĩa «{term}»"):
            n += 1

    # 2. topics: a đề mục's title → its articles; a fragment of headings → the articles whose heading holds it
    demuc_articles: dict[str, set[str]] = defaultdict(set)
    for a in articles:
        demuc_articles[a.demuc.split(" ")[0]].update(a.ids)
    codes = sorted(c for c in demuc_articles if c in demuc_titles and 5 <= len(demuc_articles[c]) <= MAX_DEMUC)
    rng.shuffle(codes)
    n = 0
    for code in codes:
        if n >= TARGET["topic-demuc"]:
            break
        title = demuc_titles[code]
        if len(title.split()) > 12:
            continue
        q = rng.choice(["{t}", "{t}", "quy định về {t}", "pháp luật về {t}", "văn bản về {t}"]).format(t=title.lower())
        q, plain = finish(q, rng, filler=False)
        if add("topic", "demuc-title" + ("-noaccent" if plain else ""), "article", q, sorted(demuc_articles[code]),
               f"đề mục {code} {title} ({len(demuc_articles[code])} articles)"):
            n += 1
    # the subject of a heading ("hưởng lương hưu" of "Điều kiện hưởng lương hưu") → every heading that holds it
    headings = sorted({norm(a.heading) for a in articles if identifying(a)})
    rng.shuffle(headings)
    heading_index = [(" " + fk + " ", uid) for fk, uids in kb.by_heading.items() for uid in uids]
    n = 0
    for h in headings:
        if n >= TARGET["topic-heading-subject"]:
            break
        subject = heading_subject(h)
        if not subject:
            continue
        f = " " + fkey(subject) + " "
        hits = [uid for fh, uid in heading_index if f in fh]
        if not 3 <= len(hits) <= 40:
            continue
        q, plain = finish(subject, rng, filler=False)
        if add("topic", "heading-subject" + ("-noaccent" if plain else ""), "article", q, hits,
               f"subject of the heading «{h[:80]}» ({len(hits)} headings hold it)"):
            n += 1

    # 3. names → documents
    # every document the data names alike: pháp điển titles, and vbpl addresses of the scraped laws
    same_name: dict[tuple[str, str], set[str]] = defaultdict(set)
    for n_ in names.values():
        if _law_like(n_):
            same_name[(n_.doc_type, n_.folded)].update(kb.docs(n_.number))
    for number, doc_type, folded, _ in review:
        same_name[(doc_type, folded)].update(kb.docs(number))
    laws = sorted((n_ for n_ in names.values() if _law_like(n_) and kb.docs(n_.number) and n_.title
                   and not fold(n_.title).startswith(("sua doi", "luat sua doi"))), key=lambda n_: n_.number)
    rng.shuffle(laws)
    others = sorted((n_ for n_ in names.values() if not _law_like(n_) and n_.doc_type in TYPE_WORDS and kb.docs(n_.number)
                     and re.search(r"/(19|20)\d\d/", n_.number)), key=lambda n_: n_.number)
    rng.shuffle(others)
    n = 0
    for n_ in laws:
        if n >= TARGET["name-law"]:
            break
        with_year = rng.random() < 0.5
        q = law_name(n_, rng, with_year)
        rel = kb.docs(n_.number) if with_year else sorted(same_name[(n_.doc_type, n_.folded)])
        q, plain = finish(q, rng, filler=False)
        if add("name", "law-name" + ("-year" if with_year else "") + ("-noaccent" if plain else ""), "document", q,
               rel, f"{n_.source}: {n_.doc_type} {n_.number} {n_.title}"):
            n += 1
    n = 0
    for n_ in others[:TARGET["name-number"] * 2]:
        if n >= TARGET["name-number"]:
            break
        q, plain = finish(number_name(n_, rng, kb.short_unique(n_.number)), rng, filler=False)
        if add("name", "number" + ("-noaccent" if plain else ""), "document", q, kb.docs(n_.number),
               f"{n_.source}: {n_.doc_type} {n_.number} ({n_.issuer or '?'})"):
            n += 1
    by_title: dict[tuple[str, str], set[str]] = defaultdict(set)
    for n_ in names.values():
        if n_.title:
            by_title[(n_.doc_type, fkey(n_.title))].update(kb.docs(n_.number))
    n = 0
    for n_ in others[TARGET["name-number"] * 2:]:
        if n >= TARGET["name-title"]:
            break
        t = core_title(n_.title or "", n_.doc_type)
        if not 4 <= len(t.split()) <= 20 or fold(t).startswith(("sua doi", "bai bo", "quy dinh chi tiet", "huong dan")):
            continue
        q = f"{n_.doc_type.lower()} {t.lower()}"
        q, plain = finish(q, rng, filler=False)
        if add("name", "title" + ("-noaccent" if plain else ""), "document", q,
               sorted(by_title[(n_.doc_type, fkey(n_.title))]), f"{n_.source}: {n_.doc_type} {n_.number} {n_.title}"):
            n += 1

    # 4. pinpoints: "điều N <name>" → that article
    n = 0
    pool = [a for a in articles if (a.number, a.article) not in used_articles and a.number in names]
    rng.shuffle(pool)
    for a in pool:
        if n >= TARGET["pinpoint"] - 10:
            break
        n_ = names[a.number]
        if _law_like(n_):
            if fold(n_.title or "").startswith(("sua doi", "luat sua doi")):
                continue
            with_year = rng.random() < 0.5
            name = law_name(n_, rng, with_year)
            docs = kb.docs(n_.number) if with_year else sorted(same_name[(n_.doc_type, n_.folded)])
        elif n_.doc_type in TYPE_WORDS and re.search(r"/(19|20)\d\d/", n_.number):
            name = number_name(n_, rng, kb.short_unique(n_.number))
            docs = kb.docs(n_.number)
        else:
            continue
        rel = [f"{k}#dieu-{slug(a.article)}" for k in docs if f"{k}#dieu-{slug(a.article)}" in kb.articles]
        pin = rng.choice([f"điều {a.article} {name}", f"điều {a.article} {name}", f"Điều {a.article} {name}",
                          f"{name} điều {a.article}"])
        q, plain = finish(pin, rng, filler=False)
        if add("pinpoint", "article-of-name" + ("-noaccent" if plain else ""), "article", q, rel,
               f"{a.release}: Điều {a.article} {n_.doc_type} {n_.number} — {norm(a.heading)[:60]}"):
            used_articles.add((a.number, a.article))
            n += 1
    # the scraped laws: their name from their vbpl address (no accents), an article the KB holds
    rng.shuffle(review)
    for number, doc_type, folded, arts in review:
        if n >= TARGET["pinpoint"]:
            break
        rel_docs = kb.docs(number)
        if not rel_docs or not arts or folded.startswith("sua doi"):
            continue
        art = rng.choice(arts)[0]
        year = _year(number) if rng.random() < 0.7 else None
        if not year:       # every law of that name
            rel_docs = sorted(same_name[(doc_type, folded)])
        rel = [f"{k}#dieu-{slug(art)}" for k in rel_docs if f"{k}#dieu-{slug(art)}" in kb.articles]
        word = "bo luat" if doc_type == "Bộ luật" else fold(doc_type)
        q = f"dieu {art} {word} {folded}" + (f" {year}" if year else "")
        if add("pinpoint", "article-of-vbpl-name-noaccent", "article", q, rel,
               f"vbpl-review: Điều {art} {doc_type} {number}"):
            n += 1
    return rows


def write(rows: list[Row], out: Path) -> None:
    order = {"question": 0, "topic": 1, "pinpoint": 2, "name": 3}
    rows = sorted(rows, key=lambda r: order[r.cls])       # stable: the order drawn within a class
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(COLUMNS) + "\n")
        for r in rows:
            cells = [r.cls, r.method, r.level, r.query, " ".join(r.relevant), r.source]
            f.write("\t".join(re.sub(r"[\t\n\r]+", " ", c) for c in cells) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=str(ROOT / "corpus"), help="the shipped corpus (default ./corpus)")
    ap.add_argument("--instance", default=str(ROOT / "instance"), help="a KB built from the shipped corpus")
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args()
    kb_file = Path(args.instance) / "current" / "kb.sqlite"
    if not kb_file.exists():
        sys.exit(f"make_queries: no KB at {kb_file}; build one with `cancu build`")
    rows = make(Path(args.corpus), kb_file, args.seed)
    write(rows, Path(args.out))
    counts = Counter((r.cls, r.method.replace("-noaccent", "")) for r in rows)
    print(f"{len(rows)} queries → {args.out}", file=sys.stderr)
    for (cls, method), c in sorted(counts.items()):
        print(f"  {cls:<9} {method:<28} {c}", file=sys.stderr)


if __name__ == "__main__":
    main()
