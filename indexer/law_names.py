"""Harvest the names of laws, codes and ordinances from real texts.

Laws are often cited by name alone ("Luật cán bộ, công chức"). The
table that lets the citation finder see where such a name ends, and later
lets the KB resolve it, is harvested from sentences that print a name
and a number together, e.g. the pháp điển source notes
"(Điều 1 Luật số 15/2017/QH14 Quản lý, sử dụng tài sản công ngày …)" or
"Luật Phòng, chống tham nhũng số 36/2018/QH14". Each row keeps where it
was read. Run: ``python -m indexer.law_names ARCHIVE… > kb/data/law_names.tsv``.
"""
from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

from indexer.sources import phapdien
from kb.text import squash_spaces

_NUMBER = r"\d{1,3}/\d{4}/(?:QH|UBTVQH|PL-UBTVQH|L-CTN)\d{0,2}"
_HEAD = r"(Bộ luật|Luật|Pháp lệnh)"
# "Luật số 15/2017/QH14 Quản lý, sử dụng tài sản công ngày 21/06/2017"
_NUMBER_THEN_NAME = re.compile(rf"{_HEAD} số ({_NUMBER}) ([^\n()]{{3,160}}?) ngày \d")
# "Luật Phòng, chống tham nhũng số 36/2018/QH14"
_NAME_THEN_NUMBER = re.compile(rf"{_HEAD} ((?:[A-ZĐ]|[Ss]ửa đổi)[^\n()\d;:]{{2,160}}?) số ({_NUMBER})")


def clean_name(name: str) -> str | None:
    """The name proper, or None when the sentence did not isolate one."""
    name = squash_spaces(name.replace("\xa0", " ")).strip(" ,;.")
    name = re.sub(r"^(?:Bộ luật|Luật|Pháp lệnh)\s+", "", name)
    name = re.split(r",?\s+(?:có hiệu lực|đã được|được sửa đổi)", name)[0].strip(" ,")
    amending = re.match(r"[Ss]ửa đổi", name)
    if not name or not (name[0].isupper() or amending):
        return None
    if not amending and (re.search(r"\b(?:Luật|Nghị quyết|Nghị định|Pháp lệnh)\b", name) or len(name.split()) > 14):
        return None
    return name[0].upper() + name[1:]


def harvest(texts) -> dict[tuple[str, str, str], str]:
    """{(head, name, number): first source} from (source, text) pairs."""
    found: dict[tuple[str, str, str], str] = {}
    for source, text in texts:
        for m in _NUMBER_THEN_NAME.finditer(text):
            _add(found, m.group(1), m.group(3), m.group(2), source)
        for m in _NAME_THEN_NUMBER.finditer(text):
            _add(found, m.group(1), m.group(2), m.group(3), source)
    return found


def _add(found, head, raw_name, number, source):
    name = clean_name(raw_name)
    if name:
        found.setdefault((head, name, number), source)


def snapshot_label(archive: Path) -> str:
    """"…/phapdien-snapshot-2025-02/demuc-html.tar.xz" (as downloaded) and
    "corpus/phapdien/phapdien-2025-02.tar.xz" (as shipped) are both
    "phapdien-snapshot-2025-02", so the table's sources read the same."""
    if archive.name.startswith("demuc"):
        return archive.resolve().parent.name
    return "phapdien-snapshot-" + archive.name.split(".")[0].removeprefix("phapdien-")


def main(argv: list[str]) -> int:
    rows: dict[tuple[str, str, str], str] = {}
    for archive in argv:
        label = snapshot_label(Path(archive))
        texts = ((f"{label}:{name}", text) for name, text in phapdien.iter_texts(archive))
        for key, source in harvest(texts).items():
            rows.setdefault(key, source)
    by_number = defaultdict(list)
    for (head, name, number), source in rows.items():
        by_number[number].append((head, name, source))
    print("head\tname\tnumber\tsource")
    for number in sorted(by_number):
        for head, name, source in sorted(by_number[number]):
            print(f"{head}\t{name}\t{number}\t{source}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
