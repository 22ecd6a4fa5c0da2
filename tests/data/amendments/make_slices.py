"""Cut the slices of real amending documents used by tests/test_amendments.py
and tests/test_structure_quoted.py. Run by hand; it reads the archives shipped
in corpus/ (the tests read only the slices):

    .venv/bin/python tests/data/amendments/make_slices.py [CORPUS]

Each slice keeps the real text as the source prints it (quote marks, missing
quotes and all): whole JSON articles of the scraped vbpl.vn archive, or, for
116/2024/NĐ-CP, the clauses of its Điều 1 listed below (each clause whole, from
its own instruction line to the line before the next one); the pháp điển
article is the article as the release prints it, with its source note.
"""
from __future__ import annotations

import json
import re
import sys
import tarfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from indexer.sources import phapdien  # noqa: E402

# file in the archive → the articles kept (None: all of them; a string: from that article to the end;
# a pair: the JSON articles in that range; the archive splits quoted articles into articles of their own)
VBPL_REVIEW = {
    "38-2009-qh12.json": None,          # a law amending several laws, named without their numbers
    "28-2018-qh14.json": None,          # a law amending eleven laws, named without their numbers
    "116-2024-n-cp.json": {"Điều 1", "Điều 2", "Điều 3"},
    "16-2018-tt-nhnn.json": None,       # a circular repealing clauses of an amending circular
    "43-2024-qh15.json": None,          # a law moving the effective dates of four laws
    "14-2000-n-cp.json": None,          # a decree amending a decree, its new wording not quoted
    "21-2017-qh14.json": "Điều 57",     # from this article on: an amended article numbered as the next one
    "17-2020-n-cp.json": (4, 7),        # its JSON articles 4 to 6: a quote opened and never closed
    "31-2024-qh15.json": (248, 256),    # Điều 248–252: an amending article given a date of its own
}
# 116/2024/NĐ-CP, Điều 1: the clauses kept (inserted articles, nested points, a heading, repeals)
DECREE_CLAUSES = {"1", "2", "3", "16", "20", "21", "23", "32", "33", "41", "45", "46"}
_TOP_CLAUSE_RE = re.compile(r"^(\d{1,3})\. (?:Sửa đổi|Bổ sung|Bãi bỏ)")
# pháp điển release, đề mục file, article anchor → slice name
PHAPDIEN = ("phapdien/phapdien-2026-01.tar.xz", "q/da0b1767-9a75-469a-b2d9-47038a564c65.html",
            "2200500000000001000004680284250008000210", "08-2023-tt-nhnn-dieu-21.json")


def decree_body(body: str) -> str:
    keep, out = False, []
    for line in body.split("\n"):
        m = _TOP_CLAUSE_RE.match(line)
        if m:
            keep = m.group(1) in DECREE_CLAUSES
        if keep:
            out.append(line)
    return "\n".join(out)


def main(corpus: Path) -> None:
    archive = corpus / "vbpl-review" / "scraped_450docs_articles_json.tar.xz"
    with tarfile.open(archive) as tar:
        for m in tar:
            name = Path(m.name).name
            if name not in VBPL_REVIEW:
                continue
            d = json.loads(tar.extractfile(m).read())
            keep = VBPL_REVIEW[name]
            if isinstance(keep, tuple):
                flat = [a for ch in d["chapters"] for a in ch["articles"]][keep[0]:keep[1]]
                d["chapters"] = [{**d["chapters"][0], "articles": flat}]
            elif isinstance(keep, str):
                seen = False
                for ch in d["chapters"]:
                    kept_here = []
                    for a in ch["articles"]:
                        seen = seen or a["number"] == keep
                        if seen:
                            kept_here.append(a)
                    ch["articles"] = kept_here
                d["chapters"] = [ch for ch in d["chapters"] if ch["articles"]]
            elif keep is not None:
                for ch in d["chapters"]:
                    ch["articles"] = [a for a in ch["articles"] if a["number"] in keep]
                    for a in ch["articles"]:
                        if name == "116-2024-n-cp.json" and a["number"] == "Điều 1":
                            a["body"] = decree_body(a["body"])
            kept = ("" if keep is None else f" (articles from {keep} on" if isinstance(keep, str) else
                    f" (JSON articles {keep[0]} to {keep[1] - 1}" if isinstance(keep, tuple) else
                    f" (articles {', '.join(sorted(keep))}")
            if name == "116-2024-n-cp.json":
                kept += f"; Điều 1: clauses {', '.join(sorted(DECREE_CLAUSES, key=int))}"
            d["slice"] = f"{archive.name}:{m.name}{kept}{')' if kept else ''}"
            (HERE / name).write_text(json.dumps(d, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    release, file, anchor, out = PHAPDIEN
    for demuc in phapdien.iter_demuc(corpus / release):
        for a in demuc.articles:
            if demuc.file == file and a.anchor == anchor:
                record = {"source": f"{release}:{file}#{anchor}", "label": a.label, "note": a.note,
                          "heading": a.heading, "text": a.text}
                (HERE / out).write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parents[2] / "corpus")
