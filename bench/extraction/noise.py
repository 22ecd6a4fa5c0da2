"""Noisy variants of a clean document text, as documents arrive in practice.

Deterministic (seeded by the document's name), so that the bench and the
tests see the same texts every time. Three variants:

- ``clean``: the text as composed (one paragraph a line, the .docx order);
- ``gazette``: what ``pdftotext -layout`` gives of a Công báo issue: the
  header in two columns side by side, the body hard-wrapped at 80
  columns with indented paragraphs, a running head ("CÔNG BÁO/Số …/Ngày …"
  with the page number) every 45 lines, wherever it falls (inside a
  sentence too), and the digital-signature block of the gazette's
  electronic copy ("Người ký: …", "Email: …", "Cơ quan: …", "Thời gian
  ký: …") on the first page;
- ``narrow``: a text saved hard-wrapped at about 80 columns after the
  header was read column by column from a narrow table: every header
  line wrapped at 24 columns (the motto "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT
  NAM" over two lines), the body at 80.

The header block is the lines before the first blank line; the left
column is the issuer and the number, the right one the motto and the
place and date.
"""
from __future__ import annotations

import random
import re
import textwrap

VARIANTS = ("clean", "gazette", "narrow")
_MOTTO = ("cộng hòa", "độc lập", "----")


def variant(name: str, text: str, kind: str) -> str:
    if kind == "clean":
        return text
    rng = random.Random(f"{kind}:{name}")
    head, _, body = text.partition("\n\n")
    if kind == "gazette":
        return _gazette(head, body, rng)
    if kind == "narrow":
        lines = [w for line in head.split("\n") for w in (textwrap.wrap(line, 24) or [""])]
        return "\n".join(lines) + "\n\n" + _wrap(body, 80, indent="")
    raise ValueError(kind)


def _wrap(body: str, width: int, indent: str) -> str:
    out = []
    for line in body.split("\n"):
        if not line.strip():
            out.append("")
            continue
        out.extend(textwrap.wrap(line, width, initial_indent=indent, subsequent_indent="",
                                 break_long_words=False, break_on_hyphens=False))
    return "\n".join(out)


def _columns(head: str) -> list[str]:
    left, right = [], []
    for line in head.split("\n"):
        low = line.lower()
        if low.startswith(_MOTTO) or re.search(r",?\s*ngày\s+\d", low) and not low.startswith("số"):
            right.append(line)
        else:
            left.append(line)
    rows = []
    for i in range(max(len(left), len(right))):
        a = left[i] if i < len(left) else ""
        b = right[i] if i < len(right) else ""
        rows.append(f"{a:<34}{' ' * 4}{b}".rstrip() if b else a)
    return rows


def _gazette(head: str, body: str, rng: random.Random) -> str:
    number = rng.randint(1, 1200)
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(2008, 2026)
    running = f"CÔNG BÁO/Số {number} + {number + 1}/Ngày {day:02d}-{month:02d}-{year}"
    signature = ["Người ký: Cổng Thông tin điện tử Chính phủ", "Email: thongtinchinhphu@chinhphu.vn",
                 "Cơ quan: Văn phòng Chính phủ",
                 f"Thời gian ký: {day:02d}.{month:02d}.{year} {rng.randint(7, 17):02d}:{rng.randint(0, 59):02d}:"
                 f"{rng.randint(0, 59):02d} +07:00"]
    lines = signature + [""] + _columns(head) + [""] + _wrap(body, 80, indent="    ").split("\n")
    out = []
    page = rng.randint(3, 60)
    for i, line in enumerate(lines):
        if i and i % 45 == 0:
            head_line = (f"{running}{' ' * 30}{page}" if page % 2 else f"{page}{' ' * 30}{running}")
            out.extend(["", head_line, ""])
            page += 1
        out.append(line)
    return "\n".join(out) + "\n"
