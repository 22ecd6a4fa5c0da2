"""Legacy Vietnamese 8-bit encodings, TCVN3 and VNI-Windows, to Unicode NFC.

Files typed before Unicode spread in Vietnam (roughly before 2005) hold
Vietnamese in one of two font encodings. Both are Windows-1252 (cp1252)
with some Latin-1 letters repurposed, so the bytes decode "fine" as
cp1252 and give mojibake: "Céng hoµ x· héi" (TCVN3), "Coäng hoøa xaõ
hoäi" (VNI). Nothing in the file says which one it is; ``detect`` guesses
by decoding with each and asking which result reads as Vietnamese.

TCVN3 (ABC, TCVN 5712:1993 "VN3"): one byte per letter, 0xA1-0xFE.
  It has capitals only for the seven un-toned letters Ă Â Ê Ô Ơ Ư Đ (and
  ASCII A E I O U Y). A toned capital such as "Ấ" has no code: writers
  typed the lower-case byte and used a capital font (.VnTimeH) to show it
  as a capital. The case lives in the font, not in the bytes, so such
  bytes decode to lower case ("ĐIỀU" typed in .VnTimeH comes back as "ĐIềU"),
  and ``encode_tcvn3`` writes a toned capital with its lower-case byte.

VNI-Windows: a letter is an ASCII base followed by a diacritic byte
  ("a" + 0xF9 "ù" = "á", "e" + 0xE4 "ä" = "ệ"); ơ ư đ and the toned i, and
  ỵ, are single bytes. Upper-case diacritic bytes are the lower-case ones
  minus 0x20, exactly the cp1252 upper case, so Word's "change case" kept
  VNI text valid; the case of a letter is the case of its base.

Bytes that neither encoding uses keep their cp1252 meaning (curly
quotes, "–", "…", "°"), which is how these files were typed on Windows.
"""
from __future__ import annotations

import codecs
import functools
import re
import unicodedata

__all__ = ["decode_tcvn3", "decode_vni", "encode_tcvn3", "encode_vni", "detect", "decode"]

# Tones in the order of the TCVN3 table: huyền, hỏi, ngã, sắc, nặng.
GRAVE, HOOK, TILDE, ACUTE, DOT = "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"
TONES = (GRAVE, HOOK, TILDE, ACUTE, DOT)
VOWELS = ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")

_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
_UNDEFINED_BYTE = re.compile(b"[\x81\x8d\x8f\x90\x9d]")


def _nfc(text: str) -> str:
    """NFC, so that a letter is one code point however it was built."""
    return unicodedata.normalize("NFC", text)


def _cp1252(byte: int) -> str | None:
    """The cp1252 meaning of a byte, which legacy files keep for punctuation; None if undefined."""
    return None if byte in _CP1252_UNDEFINED else bytes([byte]).decode("cp1252")


# --- TCVN3 -----------------------------------------------------------------

# Bytes of each lower-case vowel with tones (huyền, hỏi, ngã, sắc, nặng).
_TCVN3_TONED = {
    "a": (0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
# The un-toned letters outside ASCII, capitals included.
_TCVN3_PLAIN = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
}


def _tcvn3_letters() -> dict[int, str]:
    """Byte → letter for every letter TCVN3 codes, from the rows above: each code typed once."""
    table = dict(_TCVN3_PLAIN)
    for vowel, codes in _TCVN3_TONED.items():
        table.update((code, _nfc(vowel + tone)) for code, tone in zip(codes, TONES))
    return table


def _tcvn3_decode_table() -> dict[int, str | None]:
    """A str.translate table over latin-1 code points, so decoding is one C-level pass."""
    letters = _tcvn3_letters()
    return {b: letters.get(b, _cp1252(b)) for b in range(0x80, 0x100)}


def _tcvn3_encode_table(decode_table: dict[int, str | None]) -> dict[str, int]:
    """Character → byte; letters win over cp1252 look-alikes in free bytes (0xE0 "à" is not à)."""
    letters = {ch: b for b, ch in _tcvn3_letters().items()}
    capitals = {ch.upper(): b for ch, b in letters.items() if ch.upper() not in letters}
    others = {ch: b for b, ch in decode_table.items() if ch is not None}
    return {**others, **capitals, **letters}


_TCVN3_DECODE = _tcvn3_decode_table()
_TCVN3_ENCODE = _tcvn3_encode_table(_TCVN3_DECODE)


# Bytes TCVN3 leaves free that cp1252 reads as letters ("À", "Í", "à"):
# in a real TCVN3 file they are rare, so many of them mean a wrong guess.
_TCVN3_FOREIGN = bytes(b for b in range(0x80, 0x100)
                       if b not in _tcvn3_letters() and (_cp1252(b) or "").isalpha())


def decode_tcvn3(data: bytes) -> str:
    """TCVN3 bytes as Unicode NFC; raises UnicodeDecodeError on bytes no font had."""
    _check_defined(data, "tcvn3")
    return _nfc(data.decode("latin-1").translate(_TCVN3_DECODE))


def _tcvn3_scan(data: bytes) -> tuple[str, int]:
    """Decoded text, and how many letters came from bytes TCVN3 leaves free (evidence against it)."""
    return decode_tcvn3(data), sum(data.count(b) for b in _TCVN3_FOREIGN)


def encode_tcvn3(text: str) -> bytes:
    """Unicode text as TCVN3 bytes (toned capitals become lower case), to make samples."""
    return _encode(_nfc(text), _TCVN3_ENCODE.get, "tcvn3")


# --- VNI-Windows -----------------------------------------------------------

# Lower-case diacritic bytes; the upper-case byte is 0x20 less.
_VNI_TONE = dict(zip(TONES, (0xF8, 0xFB, 0xF5, 0xF9, 0xEF)))
_VNI_CIRCUMFLEX = dict(zip(("",) + TONES, (0xE2, 0xE0, 0xE5, 0xE3, 0xE1, 0xE4)))
_VNI_BREVE = dict(zip(("",) + TONES, (0xEA, 0xE8, 0xFA, 0xFC, 0xE9, 0xEB)))
# Letters written as one byte: ơ, ư, đ, the toned i, and ỵ.
_VNI_SINGLE = {"ơ": 0xF4, "ư": 0xF6, "đ": 0xF1, "ỵ": 0xEE,
               **{_nfc("i" + t): b for t, b in zip(TONES, (0xEC, 0xE6, 0xF3, 0xED, 0xF2))}}
_VNI_MARKS = frozenset(_VNI_TONE.values()) | frozenset(_VNI_CIRCUMFLEX.values()) \
    | frozenset(_VNI_BREVE.values())


def _vni_lower(letter: str) -> bytes:
    """VNI bytes of one lower-case letter, from its Unicode parts so no pair is typed by hand."""
    if letter in _VNI_SINGLE:
        return bytes([_VNI_SINGLE[letter]])
    base, *marks = unicodedata.normalize("NFD", letter)
    tone = next((m for m in marks if m in TONES), "")
    if "\u0302" in marks:
        return base.encode() + bytes([_VNI_CIRCUMFLEX[tone]])
    if "\u0306" in marks:
        return base.encode() + bytes([_VNI_BREVE[tone]])
    if "\u031b" in marks:                       # ơ, ư with a tone
        head = bytes([_VNI_SINGLE[_nfc(base + "\u031b")]])
        return head + bytes([_VNI_TONE[tone]])
    return base.encode() + (bytes([_VNI_TONE[tone]]) if tone else b"")


def _vni_upper(lower: bytes) -> bytes:
    """The capital of a VNI letter: VNI placed capital marks 0x20 below, like cp1252 capitals."""
    return bytes(b - 0x20 if b >= 0xC0 else ord(chr(b).upper()) for b in lower)


def _vni_letters() -> dict[str, bytes]:
    """Letter → VNI bytes, all letters, both cases: the one table the others derive from."""
    table = {}
    for vowel in VOWELS:
        for tone in ("",) + TONES:
            letter = _nfc(vowel + tone)
            table[letter] = _vni_lower(letter)
            table[letter.upper()] = _vni_upper(table[letter])
    table["đ"], table["Đ"] = b"\xf1", b"\xd1"
    return table


def _vni_decode_table(letters: dict[str, bytes]) -> dict[str, str]:
    """VNI bytes (as latin-1) → letter; marks of either case, as Word's change case mixes them."""
    table = {bs.decode("latin-1"): ch for ch, bs in letters.items() if len(bs) > 1 or bs[0] >= 0x80}
    for seq, ch in list(table.items()):
        if len(seq) == 2:
            other = seq[1].upper() if seq[1].islower() else seq[1].lower()
            table.setdefault(seq[0] + other, ch)  # "Vieät" after Word's Title Case
    table.setdefault("y\xef", "ỵ")                 # "y" + nặng, for the single byte "î"
    table.setdefault("Y\xcf", "Ỵ")
    return table


def _vni_encode_table(letters: dict[str, bytes]) -> dict[str, bytes]:
    """Character → VNI bytes; cp1252 only in free bytes, since "–" and "…" were typed that way."""
    taken = {bs[-1] for bs in letters.values() if bs[-1] >= 0x80}
    table = {bytes([b]).decode("cp1252"): bytes([b]) for b in range(0x80, 0x100)
             if b not in taken and b not in _CP1252_UNDEFINED}
    table.update(letters)
    return table


_VNI_LETTERS = _vni_letters()
_VNI_DECODE = _vni_decode_table(_VNI_LETTERS)
_VNI_ENCODE = _vni_encode_table(_VNI_LETTERS)
_VNI_BASES = "aeouyAEOUY\xf4\xf6\xd4\xd6"
_VNI_MARK_CHARS = "".join(chr(b) + chr(b - 0x20) for b in sorted(_VNI_MARKS))
_VNI_TOKEN = re.compile(f"[{_VNI_BASES}][{_VNI_MARK_CHARS}]|[\x80-\xff]")


def _vni_char(ch: str) -> str:
    """One byte read alone (as latin-1): a VNI single-byte letter, else its cp1252 meaning."""
    return _VNI_DECODE.get(ch) or (ch if ch < "\x80" else _cp1252(ord(ch)) or ch)


def _vni_token_table() -> dict[str, str]:
    """Every token ``_VNI_TOKEN`` can match → its text, so decoding is one dict lookup per token."""
    pairs = {b + m: _VNI_DECODE.get(b + m) or _vni_char(b) + _vni_char(m)
             for b in _VNI_BASES for m in _VNI_MARK_CHARS}
    return {**{chr(b): _vni_char(chr(b)) for b in range(0x80, 0x100)}, **pairs}


_VNI_TOKENS = _vni_token_table()
# Tokens that hold a diacritic byte no base letter takes: a sign of a wrong guess.
_VNI_STRAYS = frozenset(t for t in _VNI_TOKENS if t[-1] in _VNI_MARK_CHARS and t not in _VNI_DECODE)


def decode_vni(data: bytes) -> str:
    """VNI-Windows bytes as Unicode NFC; raises UnicodeDecodeError on bytes no font had."""
    _check_defined(data, "vni")
    return _nfc(_VNI_TOKEN.sub(lambda m: _VNI_TOKENS[m[0]], data.decode("latin-1")))


def _vni_scan(data: bytes) -> tuple[str, int]:
    """Decoded text, and how many diacritic bytes no base letter took (evidence against VNI)."""
    strays = sum(m[0] in _VNI_STRAYS for m in _VNI_TOKEN.finditer(data.decode("latin-1")))
    return decode_vni(data), strays


def encode_vni(text: str) -> bytes:
    """Unicode text as VNI-Windows bytes, to make samples from real text."""
    return _encode(_nfc(text), _VNI_ENCODE.get, "vni")


# --- shared ----------------------------------------------------------------

def _check_defined(data: bytes, encoding: str) -> None:
    """Refuse bytes cp1252 leaves undefined: Windows never typed them, so it is not this encoding."""
    bad = _UNDEFINED_BYTE.search(data)
    if bad:
        raise UnicodeDecodeError(encoding, data, bad.start(), bad.end(), "byte unused by this encoding")


def _encode(text: str, lookup, encoding: str) -> bytes:
    """Encode char by char through ``lookup``, failing loudly rather than writing a wrong byte."""
    out = bytearray()
    for i, ch in enumerate(text):
        code = ord(ch) if ch < "\x80" else lookup(ch)
        if code is None:
            raise UnicodeEncodeError(encoding, text, i, i + 1, "not in this encoding")
        out += bytes([code]) if isinstance(code, int) else code
    return bytes(out)


DECODERS = {"tcvn3": decode_tcvn3, "vni": decode_vni}


def decode(data: bytes, encoding: str) -> str:
    """Decode with a name ``detect`` returned, so callers need not know the functions."""
    return DECODERS[encoding](data)


# --- detection -------------------------------------------------------------

# Syllables frequent in administrative and legal Vietnamese, all with
# diacritics: only such words read differently in each candidate encoding.
COMMON = frozenset("""
của và các được người này có không những định với để đã là một số về cho
năm ngày tháng điều khoản luật nghị quyết thông tư văn bản chính phủ ủy uỷ
nhân dân tỉnh huyện xã hội việc thực hiện đến từ tại trên khi đó cũng nhà
nước sở ở đồng lý hành công tác đơn vị cơ quan tổ chức cán bộ phải hoặc
quản trường hợp bổ sửa đổi áp dụng đối tượng kể hiệu lực thủ tướng
giải báo cáo kế hoạch chỉ đạo kiểm tra lĩnh vực địa phương
""".split())

_ONSET = "ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_NUCLEUS = ("iêu|yêu|oai|oao|oay|oeo|uây|uôi|uya|uyê|uyu|ươi|ươu|"
            "ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|oo|ôi|ơi|ua|uâ|uê|ui|uô|uơ|uy|"
            "ưa|ưi|ươ|ưu|yê|a|ă|â|e|ê|i|o|ô|ơ|u|ư|y")
_SYLLABLE = re.compile(f"(?:{_ONSET})?(?:{_NUCLEUS})(?:ng|nh|ch|c|m|n|p|t)?")
_WORD = re.compile(r"[^\W\d_]+")
_VOWEL = re.compile("[aăâeêioôơuưy]")
_BAD_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
SAMPLE_BYTES = 1 << 20       # enough to judge; a file is then decoded whole


@functools.lru_cache(maxsize=1 << 16)
def is_syllable(word: str) -> bool:
    """Whether a word (lower case, NFC) is a possible Vietnamese syllable: mojibake rarely is."""
    parts = unicodedata.normalize("NFD", word)
    if sum(ch in TONES for ch in parts) > 1:
        return False
    bare = _nfc("".join(ch for ch in parts if ch not in TONES))
    return _SYLLABLE.fullmatch(bare) is not None


def score(text: str, strays: int = 0) -> tuple[float, int, int]:
    """(share well-formed, common count, judged) over accented words: only they differ per encoding."""
    words = [w for w in _WORD.findall(text.lower()) if not w.isascii()]
    words = [w for w in words if _VOWEL.search(unicodedata.normalize("NFD", w))]
    judged = len(words) + strays
    if not judged:
        return 0.0, 0, 0
    valid = sum(map(is_syllable, words))
    return valid / judged, sum(w in COMMON for w in words), judged


def _candidates(data: bytes) -> dict[str, tuple[float, int, int]]:
    """Score of each reading that decodes at all, so detection can compare them."""
    results = {}
    for name, scan in (("tcvn3", _tcvn3_scan), ("vni", _vni_scan), ("cp1258", _cp1258_scan)):
        try:
            text, strays = scan(data)
        except UnicodeDecodeError:
            continue
        if not _BAD_CONTROLS.search(text):
            results[name] = score(text, strays)
    return results


def _cp1258_scan(data: bytes) -> tuple[str, int]:
    """The rival reading: Windows' own Vietnamese code page, which we do not convert."""
    return _nfc(data.decode("cp1258")), 0


def _is_utf8(data: bytes, final: bool) -> bool:
    """Whether the bytes are UTF-8, tolerating a sample that ends inside a character."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=final)
    except UnicodeDecodeError:
        return False
    return True


def detect(data: bytes) -> str | None:
    """The legacy encoding ("tcvn3", "vni") the bytes read best in, or None: a wrong guess is worse."""
    sample = data[:SAMPLE_BYTES]
    if _is_utf8(sample, final=len(data) <= SAMPLE_BYTES):
        return None              # ASCII or UTF-8: not ours to convert
    # A reading counts if 80% of its accented words are well-formed syllables
    # and at least one is a common one; cp1258 competes so that it is not
    # mistaken for either (it is converted by nobody here, and stays refused).
    plausible = {name: (valid + common / judged)
                 for name, (valid, common, judged) in _candidates(sample).items()
                 if valid >= 0.8 and common >= 1}
    if not plausible:
        return None
    best = max(plausible, key=plausible.get)
    return best if best != "cp1258" else None
