"""Legacy Vietnamese encodings (TCVN3/ABC, VNI-Windows): conversion and detection.

Samples in tests/data/legacy are real paragraphs (see its README). The
round trips only show the tables are consistent; the "known strings"
below pin them to the real standards, as those strings appear in old files.
"""
import json
import random
import subprocess
import sys
import unicodedata

import pytest
from hypothesis import given, settings, strategies as st

from conftest import DATA, REPORT
from indexer.sources import legacy
from indexer.sources.text import UnreadableInput, decode, read_text

LEGACY = DATA / "legacy"
ORIGINALS = sorted(p for p in LEGACY.glob("*.txt") if p.name.count(".") == 1)
TONES = "\u0300\u0309\u0303\u0301\u0323"
BASES = "aăâeêioôơuưy"


def nfc(text):
    return unicodedata.normalize("NFC", text)


def original(path):
    return nfc(path.read_text(encoding="utf-8"))


def sample(path, encoding):
    return path.with_name(path.name.replace(".txt", f".{encoding}.txt"))


def is_toned_capital(ch):
    return ch.isupper() and any(t in unicodedata.normalize("NFD", ch) for t in TONES)


def tcvn3_view(text):
    """What TCVN3 can hold: toned capitals exist only as lower-case bytes."""
    return "".join(ch.lower() if is_toned_capital(ch) else ch for ch in nfc(text))


def all_letters():
    """The Vietnamese letters, built from Unicode rather than from the module."""
    lower = [nfc(b + t) for b in BASES for t in ("",) + tuple(TONES)] + ["đ"]
    return lower + [ch.upper() for ch in lower]


def cp1258(text):
    """Windows-1258 bytes the way Windows writes them: precomposed where it can."""
    out = b""
    for ch in nfc(text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = nfc("".join(c for c in parts if c not in TONES))
            out += (base + "".join(c for c in parts if c in TONES)).encode("cp1258")
    return out


# --- the data --------------------------------------------------------------

def test_samples_are_real_varied_paragraphs():
    assert len(ORIGINALS) >= 3
    sentences = (DATA / "real_sentences.jsonl").read_text(encoding="utf-8").splitlines()
    sources = REPORT.read_text(encoding="utf-8") + "".join(json.loads(x)["text"] + "\n" for x in sentences)
    everything = ""
    for path in ORIGINALS:
        text = path.read_text(encoding="utf-8").strip()
        assert text in sources and len(text) >= 300
        everything += text
    letters = {ch for ch in nfc(everything) if ch.isalpha() and not ch.isascii()}
    assert len(letters) >= 60
    assert {"Đ", "đ"} <= letters and any(map(is_toned_capital, letters))
    assert any(map(str.isupper, letters - {"Đ"}))


@pytest.mark.parametrize("path", ORIGINALS, ids=lambda p: p.stem)
def test_vni_sample_decodes_to_the_original(path):
    assert legacy.decode_vni(sample(path, "vni").read_bytes()) == original(path)


@pytest.mark.parametrize("path", ORIGINALS, ids=lambda p: p.stem)
def test_tcvn3_sample_decodes_to_the_original(path):
    got = legacy.decode_tcvn3(sample(path, "tcvn3").read_bytes())
    assert got == tcvn3_view(original(path))
    if not any(map(is_toned_capital, original(path))):
        assert got == original(path)


@pytest.mark.parametrize("path", ORIGINALS, ids=lambda p: p.stem)
@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_detect_identifies_each_sample(path, encoding):
    assert legacy.detect(sample(path, encoding).read_bytes()) == encoding


@pytest.mark.parametrize("path", ORIGINALS, ids=lambda p: p.stem)
def test_read_text_converts_the_samples(path):
    assert read_text(sample(path, "vni")) == original(path)
    assert read_text(sample(path, "tcvn3")) == tcvn3_view(original(path))


def test_samples_are_what_the_encoders_write():
    for path in ORIGINALS:
        assert sample(path, "vni").read_bytes() == legacy.encode_vni(original(path))
        assert sample(path, "tcvn3").read_bytes() == legacy.encode_tcvn3(original(path))


def test_cli_offsets_are_into_the_converted_text():
    path = sample(LEGACY / "chi-dao-ra-soat.txt", "vni")
    r = subprocess.run([sys.executable, "-m", "cancu.cli", "extract", str(path), "--json"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    text = read_text(path)
    items = json.loads(r.stdout)["citations"]
    assert any(c["number"] == "431/KH-UBND" for c in items)
    assert all(text[c["start"]:c["end"]] == c["text"] for c in items)


# --- the tables against the standards ----------------------------------------

KNOWN_TCVN3 = {
    "Céng hoµ x· héi chñ nghÜa ViÖt Nam": "Cộng hoà xã hội chủ nghĩa Việt Nam",
    "§éc lËp - Tù do - H¹nh phóc": "Độc lập - Tự do - Hạnh phúc",
    "QuyÕt ®Þnh cña Uû ban nh©n d©n tØnh": "Quyết định của Uỷ ban nhân dân tỉnh",
    "B¶o Th¾ng, M\xadêng Kh\xad¬ng, B¸t X¸t": "Bảo Thắng, Mường Khương, Bát Xát",
    "¡n ¢m £m ¤ng ¥i ¦u": "Ăn Âm Êm Ông Ơi Ưu",
}
KNOWN_VNI = {
    "COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Ñoäc laäp - Töï do - Haïnh phuùc": "Độc lập - Tự do - Hạnh phúc",
    "Quyeát ñònh cuûa ngöôøi ñöôïc giao": "Quyết định của người được giao",
    "naêm, khaúng ñònh, saün saøng": "năm, khẳng định, sẵn sàng",
    "baèng, ñaëc, baét": "bằng, đặc, bắt",
    "chæ ñaïo, kyõ thuaät, Myõ, tyû, kyø": "chỉ đạo, kỹ thuật, Mỹ, tỷ, kỳ",
    "Tuyeân Quang, chính, gì, Ñieän Bieân": "Tuyên Quang, chính, gì, Điện Biên",
    "Xin chaøo caùc baïn": "Xin chào các bạn",
}


@pytest.mark.parametrize("old,new", KNOWN_TCVN3.items())
def test_known_tcvn3_strings(old, new):
    assert legacy.decode_tcvn3(old.encode("cp1252")) == new


@pytest.mark.parametrize("old,new", KNOWN_VNI.items())
def test_known_vni_strings(old, new):
    assert legacy.decode_vni(old.encode("cp1252")) == new
    assert legacy.encode_vni(new) == old.encode("cp1252")


def test_vni_single_bytes():
    # ơ ư đ, the toned i and ỵ are one byte each; capitals are 0x20 lower.
    assert legacy.decode_vni(b"\xf4\xf6\xf1\xec\xed\xe6\xf3\xf2\xee") == "ơưđìíỉĩịỵ"
    assert legacy.decode_vni(b"\xd4\xd6\xd1\xcc\xcd\xc6\xd3\xd2\xce") == "ƠƯĐÌÍỈĨỊỴ"


def test_vni_case_comes_from_the_base_letter():
    # Word's "Change case" on VNI text changes the base and/or the mark byte.
    assert legacy.decode_vni("Vieät Nam".encode("cp1252")) == "Việt Nam"
    assert legacy.decode_vni("VIEÄT NAM".encode("cp1252")) == "VIỆT NAM"
    assert legacy.decode_vni("VIEäT".encode("cp1252")) == "VIỆT"
    assert legacy.decode_vni("vieÄt".encode("cp1252")) == "việt"


# --- every letter --------------------------------------------------------------

def test_letter_inventory():
    letters = all_letters()
    assert len(set(letters)) == 146                               # 12 vowels x 6 tones + đ, both cases
    assert len([ch for ch in letters if not ch.isascii()]) == 134


def test_vni_round_trip_of_every_letter():
    encoded = {ch: legacy.encode_vni(ch) for ch in all_letters()}
    assert len(set(encoded.values())) == len(encoded)
    for ch, data in encoded.items():
        assert legacy.decode_vni(data) == ch
        assert legacy.decode_vni(b"x" + data + b"x") == "x" + ch + "x"
    text = " ".join(all_letters())
    assert legacy.decode_vni(legacy.encode_vni(text)) == text


def test_tcvn3_round_trip_of_every_letter_it_has():
    has = [ch for ch in all_letters() if not is_toned_capital(ch)]
    assert len(has) == 86                                         # 73 lower + 13 capitals
    encoded = {ch: legacy.encode_tcvn3(ch) for ch in has}
    assert len(set(encoded.values())) == len(encoded)
    for ch, data in encoded.items():
        assert legacy.decode_tcvn3(data) == ch
    text = " ".join(all_letters())
    assert legacy.decode_tcvn3(legacy.encode_tcvn3(text)) == tcvn3_view(text)


def test_tcvn3_toned_capitals_are_written_in_lower_case():
    for ch in filter(is_toned_capital, all_letters()):
        assert legacy.encode_tcvn3(ch) == legacy.encode_tcvn3(ch.lower())
        assert legacy.decode_tcvn3(legacy.encode_tcvn3(ch)) == ch.lower()


def test_encoders_refuse_what_they_cannot_write():
    for encode in (legacy.encode_tcvn3, legacy.encode_vni):
        with pytest.raises(UnicodeEncodeError):
            encode("Hà Nội 河内")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(all_letters() + list("AEIOUYaeiouy bcdfnt.,;:-/()0123456789\n") +
                                         ["–", "…", "“", "”", "°"]), max_size=200))
def test_round_trip_of_any_text(text):
    assert legacy.decode_vni(legacy.encode_vni(text)) == nfc(text)
    assert legacy.decode_tcvn3(legacy.encode_tcvn3(text)) == tcvn3_view(text)


# --- what detection must not claim ------------------------------------------------

@pytest.mark.parametrize("path", ORIGINALS, ids=lambda p: p.stem)
def test_detect_leaves_utf8_and_cp1258_alone(path):
    text = original(path)
    assert legacy.detect(text.encode("utf-8")) is None
    assert legacy.detect(unicodedata.normalize("NFD", text).encode("utf-8")) is None
    assert legacy.detect(text.encode("utf-8-sig")) is None
    data = cp1258(text)
    assert nfc(data.decode("cp1258")) == text
    assert legacy.detect(data) is None


def test_detect_leaves_ascii_alone():
    assert legacy.detect(b"") is None
    assert legacy.detect(b"Quyet dinh so 52/QD-UBND ngay 22/11/2017 cua UBND tinh Ha Tinh\n" * 50) is None
    assert legacy.detect(legacy.encode_vni("Nghi dinh so 61/2018/ND-CP")) is None


def test_detect_rejects_random_bytes():
    rng = random.Random(20190101)
    for size in (16, 300, 5000):
        for _ in range(100):
            assert legacy.detect(rng.randbytes(size)) is None
            assert legacy.detect(bytes(rng.randrange(0x20, 0x100) for _ in range(size))) is None


def test_detect_rejects_western_european_text():
    for text in ("Le café de la gare était fermé; naïve façade, déjà vu.",
                 "Die Größe der Straße überrascht öfter Gäste aus Köln."):
        assert legacy.detect(text.encode("cp1252")) is None


def test_detect_rejects_the_cli_wrong_encoding_case():
    data = "Quyết định số 52/QĐ-UBND".encode("cp1258", errors="replace") + b"\xff\xfe\x81"
    assert legacy.detect(data) is None
    with pytest.raises(UnreadableInput, match="UTF-8"):
        decode(data)


def test_utf8_sample_cut_inside_a_character_is_still_utf8(monkeypatch):
    data = "Nghị định số 61/2018/NĐ-CP của Chính phủ".encode("utf-8")
    for cut in range(5, 15):
        monkeypatch.setattr(legacy, "SAMPLE_BYTES", cut)
        assert legacy.detect(data) is None


def test_long_file_is_judged_on_its_start_and_decoded_whole(monkeypatch):
    path = LEGACY / "doan-giam-sat.txt"
    monkeypatch.setattr(legacy, "SAMPLE_BYTES", 400)
    data = sample(path, "vni").read_bytes() * 3
    assert legacy.detect(data) == "vni"
    assert decode(data) == original(path) * 3
