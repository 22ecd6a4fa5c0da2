"""Build bench/extraction/vbpl.jsonl.xz and heldout.jsonl.xz from corpus/ (run by hand, once).

For each document labelled in labels_vbpl.py: the articles of the scraped
vbpl.vn JSON (corpus/vbpl-review), under a header in the
official layout composed from the pháp điển source note of the document
(number, type, issuer, issue date, title: both releases under
corpus/phapdien/phapdien-*.tar.xz), the issue date of a law without a
note taken from the council formula of its own text ("… thông qua ngày
…"). The header labels are the fields so composed; effective_from and the
events are the hand labels of labels_vbpl.py.

    .venv/bin/python bench/extraction/make_set.py
"""
from __future__ import annotations

import json
import lzma
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from indexer.sources import phapdien  # noqa: E402
from indexer.sources.vbpl_review import read_review_json  # noqa: E402
from indexer.vbpl_review_import import iter_json  # noqa: E402
from kb import dates  # noqa: E402
from labels_heldout import LABELS as HELDOUT  # noqa: E402
from labels_vbpl import LABELS  # noqa: E402

CORPUS = ROOT / "corpus"          # the real releases and scraped laws the repository ships
ISSUERS = {"QH": "QUỐC HỘI", "CP": "CHÍNH PHỦ", "TTg": "THỦ TƯỚNG CHÍNH PHỦ", "BCT": "BỘ CÔNG THƯƠNG",
           "NHNN": "NGÂN HÀNG NHÀ NƯỚC VIỆT NAM", "BTP": "BỘ TƯ PHÁP"}


def notes() -> dict[str, dict]:
    meta: dict[str, dict] = {}
    for snap in sorted(CORPUS.glob("phapdien/phapdien-*.tar.xz")):
        for demuc in phapdien.iter_demuc(snap):
            for a in demuc.articles:
                n = phapdien.parse_note(a.note) if a.note else None
                if n is None or not n.number:
                    continue
                m = meta.setdefault(n.number, {})
                for k in ("doc_type", "title", "issued"):
                    if getattr(n, k) and k not in m:
                        m[k] = getattr(n, k)
    return meta


def main() -> None:
    meta = notes()
    write(meta, LABELS, "vbpl.jsonl.xz")
    write(meta, HELDOUT, "heldout.jsonl.xz")


def write(meta: dict, labels: dict, out_name: str) -> None:
    wanted = {f"{k}.json" for k in labels}
    out = []
    for name, data in iter_json(CORPUS / "vbpl-review" / "scraped_450docs_articles_json.tar.xz"):
        if name not in wanted:
            continue
        r = read_review_json(data, name)
        m = meta.get(r.number, {})
        doc_type = r.doc_type if r.doc_type != "Luật" or not re.match(r"(?i)bộ\s+luật", m.get("title") or "") else "Bộ luật"
        if r.number.endswith(("/QH11", "/QH12", "/QH13", "/QH14", "/QH15", "/QH10")) and "bo-luat" in r.url.lower():
            doc_type = "Bộ luật"
        issued = m.get("issued")
        if issued is None:
            c = re.search(r"thông qua ngày (\d{1,2} tháng \d{1,2} năm \d{4})", r.text)
            issued = dates.parse(c.group(1)) if c else None
        code = r.number.split("/")[-1].split("-")[-1]
        issuer = ISSUERS[re.sub(r"\d+$", "", code)]
        title = " ".join((m.get("title") or "").split()).strip(" .")
        if doc_type in ("Luật", "Bộ luật"):
            title = re.sub(r"(?i)^(?:bộ\s+)?luật\s+", "", title).upper()
        elif title:
            title = title[0].upper() + title[1:]
        head = [issuer, "-------", f"{'Luật số' if doc_type in ('Luật', 'Bộ luật') else 'Số'}: {r.number_printed}",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "---------------"]
        if issued:
            head.append(f"Hà Nội, ngày {issued.day:02d} tháng {issued.month:02d} năm {issued.year}")
        head += ["", doc_type.upper()] + ([title] if title else []) + [""]
        eff, events = labels[name[:-5]]
        out.append({
            "name": name[:-5] + ".txt", "source": f"vbpl-review-laws/{name} ({r.url})",
            "text": "\n".join(head) + "\n" + r.text + "\n",
            "expected": {"number": r.number, "doc_type": doc_type, "issuer": issuer,
                         "issued": issued.isoformat() if issued else None, "title": title or None,
                         "effective_from": eff, "events": [list(e) for e in events]},
        })
    out.sort(key=lambda d: d["name"])
    with lzma.open(Path(__file__).parent / out_name, "wt", encoding="utf-8") as f:
        for d in out:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    print(out_name, len(out), "documents")


if __name__ == "__main__":
    main()
