"""Rebuild whole documents from the pháp điển for the inspect tests (run once; output committed).

The pháp điển holds every article of a codified document, with a source
note giving its number, date, issuer and title. This joins the articles of
one document in article order under a header in the official layout made
from that note, so the body (and its final provisions) is the real text.

usage: python tests/data/documents/make_documents.py ARCHIVE[,ARCHIVE] OUTDIR NUMBER...
"""
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
from indexer.sources.phapdien import iter_demuc, parse_note  # noqa: E402
from kb import dates  # noqa: E402
from kb.identity import slug  # noqa: E402

ISSUER_HEAD = {"Chính phủ": "CHÍNH PHỦ", "Thủ tướng Chính phủ": "THỦ TƯỚNG CHÍNH PHỦ", "Quốc hội": "QUỐC HỘI"}


def main(archive, outdir, *wanted):
    found = {n: {} for n in wanted}
    notes = {}
    for demuc in (d for one in archive.split(",") for d in iter_demuc(one)):
        for a in demuc.articles:
            note = parse_note(a.note) if a.note else None
            if note and note.number in found and note.article:
                m = re.match(r"Điều (\d+)", note.article)
                if m:
                    found[note.number].setdefault(int(m.group(1)), (a.heading, a.text))
                    if note.title and note.number not in notes:
                        notes[note.number] = note
    for number, articles in found.items():
        note = notes[number]
        head = [ISSUER_HEAD.get(note.issuer, (note.issuer or "").upper()),
                f"Số: {number}", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                f"Hà Nội, {dates.vietnamese(note.issued)}", "", (note.doc_type or "").upper(), note.title, ""]
        body = [f"Điều {n}. {h}\n{t}" for n, (h, t) in sorted(articles.items())]
        text = "\n".join(head) + "\n" + "\n".join(body) + "\n"
        (Path(outdir) / f"{slug(number)}.txt").write_text(text, encoding="utf-8")
        print(number, len(articles))


if __name__ == "__main__":
    main(*sys.argv[1:])
