"""Text views for matching: NFC, look-alike letters, folded keys.

The citation finder works on a *view* of the original text in which
Unicode is NFC, look-alike letters are unified and page noise (page
numbers, gazette running heads) is blanked. Offsets found in the view
map back to the original, so that ``original[start:end]`` is always the
citation as printed (eyecite's rule: offsets stay true to the source).
"""
from __future__ import annotations

import bisect
import re
import unicodedata

# Same-length replacements: they never move an offset.
_LOOKALIKES = str.maketrans({
    "\u00d0": "Đ",   # Ð (Icelandic eth capital), common in Vietnamese files
    "\u0189": "Đ",   # Ɖ (African D)
    "\u00f0": "đ",   # ð
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-",
    "\u2014": "-", "\u2212": "-",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u200b": " ",
    "\ufeff": " ", "\t": " ", "\r": " ",
})

_LOOKALIKE_PAIRS = [(chr(k), v) for k, v in _LOOKALIKES.items()]
_LOOKALIKE_RE = re.compile("[" + "".join(c for c, _ in _LOOKALIKE_PAIRS) + "]")
_LOOKALIKE_MAP = dict(_LOOKALIKE_PAIRS)

# Lines that are page furniture rather than text: a bare page number
# ("12", "- 12 -", "Trang 3/10") or a Công báo running head. PDF
# extraction drops them in the middle of sentences, and citations.
# Every run of spaces is possessive (``*+``): two runs that may meet (the
# spaces before "-" and after it, around a page number) would otherwise be
# tried at every split, quadratic in a long run of blanks (100 KB of them
# took 98 s); possessive, each blank is read once.
_PAGE_NOISE = re.compile(
    r"\n[ \t]*+(?:"
    r"-?[ \t]*+\d{1,4}+[ \t]*+-?"
    r"|[Tt]rang[ \t]++\d{1,4}+(?:[ \t]*+/[ \t]*+\d{1,4}+)?"
    r"|CÔNG BÁO/[^\n]{0,120}"
    r")[ \t]*+(?=\n|\Z)"
)


def _blank_page_noise(text: str) -> str:
    # The pattern starts with a literal newline, which the regex engine
    # finds fast; a first line is given one to match.
    blanked = _PAGE_NOISE.sub(lambda m: "\n" + " " * (len(m.group()) - 1), "\n" + text)
    return blanked[1:]


# Combining marks: where a decomposed text differs from its NFC form.
_COMBINING_RUN = re.compile("[\\u0300-\\u036f\\u1ab0-\\u1aff\\u1dc0-\\u1dff\\u20d0-\\u20ff\\ufe20-\\ufe2f]+")


class TextView:
    """A normalised copy of ``original`` with an offset map back to it.

    ``text`` keeps the letter case; ``lower`` is the same text lower-cased,
    offset for offset, for fast case-insensitive scanning.
    """

    __slots__ = ("original", "text", "_map", "_lower")

    def __init__(self, original: str):
        self.original = original
        # Only combining marks change length under NFC; a text without
        # them (nearly all) is used as it is.
        if _COMBINING_RUN.search(original):
            text, self._map = _nfc_with_offsets(original)
        else:
            text, self._map = original, None
        for char, replacement in _LOOKALIKE_PAIRS:
            if char in text:            # str.replace is far faster than translate on 100 MB
                text = text.replace(char, replacement)
        self.text = _blank_page_noise(text)
        self._lower = None

    @property
    def lower(self) -> str:
        if self._lower is None:
            low = self.text.replace("\u0130", "I").lower()
            if len(low) != len(self.text):
                # A few letters lower-case to two characters (İ → i̇);
                # replace them one for one so offsets still line up.
                low = "".join(c if len(c) == 1 else c[0] for c in map(str.lower, self.text))
            self._lower = low
        return self._lower

    def to_original(self, i: int) -> int:
        """Offset in the original text of view offset ``i`` (0..len)."""
        if self._map is None:
            return i
        view_starts, orig_starts, linear = self._map
        k = bisect.bisect_right(view_starts, i) - 1
        if linear[k]:
            return orig_starts[k] + (i - view_starts[k])
        return orig_starts[k]

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.to_original(start), self.to_original(end)


# Combining marks: where a decomposed text differs from its NFC form.


def _nfc_with_offsets(s: str):
    """NFC of ``s`` and a piecewise map from its offsets back to ``s``.

    Text between combining marks maps linearly; each composed cluster
    (a base letter and its marks) maps to the cluster's first character.
    """
    parts: list[str] = []
    view_starts, orig_starts, linear = [0], [0], [True]
    vpos = pos = 0
    for m in _COMBINING_RUN.finditer(s):
        cstart = max(m.start() - 1, pos)
        plain = unicodedata.normalize("NFC", s[pos:cstart])
        if len(plain) != cstart - pos:   # a singleton changed length: keep it as is
            plain = s[pos:cstart]
        parts.append(plain)
        vpos += len(plain)
        cluster = unicodedata.normalize("NFC", s[cstart:m.end()])
        parts.append(cluster)
        view_starts.append(vpos); orig_starts.append(cstart); linear.append(False)
        vpos += len(cluster)
        view_starts.append(vpos); orig_starts.append(m.end()); linear.append(True)
        pos = m.end()
    parts.append(s[pos:])
    return "".join(parts), (view_starts, orig_starts, linear)


def nfc(s: str) -> str:
    s = unicodedata.normalize("NFC", s)
    if _LOOKALIKE_RE.search(s):
        s = _LOOKALIKE_RE.sub(lambda m: _LOOKALIKE_MAP[m.group()], s)
    return s


def squash_spaces(s: str) -> str:
    return " ".join(s.split())


def fold(s: str) -> str:
    """Accent-free lower-case key: "Phòng, chống" -> "phong chong".

    For lookup keys only (names, search); never for số ký hiệu, where
    Đ and D are different letters.
    """
    s = unicodedata.normalize("NFD", nfc(s).replace("đ", "d").replace("Đ", "D"))
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    return " ".join(re.findall(r"\w+", s))


# --- how a unit's line begins (one place: the structure parser and kb.versions) ---
# "Điều 3. Heading", "Điều 3: Heading", or "Điều 3" alone, its heading on the next line
ARTICLE_LINE_RE = re.compile(r"^\s*(?:Điều|ĐIỀU)\s+(?P<n>\d{1,4}[a-zđ]?)(?:\s*[.:]\s*(?P<rest>.*)|\s*(?P<alone>))$")
CLAUSE_LINE_RE = re.compile(r"^\s*(?P<n>\d{1,3}[a-zđ]?)\s*[.)-]\s*(?P<rest>\S.*)$")     # "2. …", "2a) …"
POINT_LINE_RE = re.compile(r"^\s*(?P<n>[a-zđ]\d?)\s*\)\s*(?P<rest>.*)$")               # "b) …", "a1) …"
