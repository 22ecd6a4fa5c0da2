"""Make the pháp điển slice used by the tests (run once; the output is committed).

From the 2025-02 snapshot it keeps, for each đề mục file listed below, the
file's heading and only the articles whose source note names one of the
wanted provisions (verbatim markup, nothing rewritten).

usage: python tests/data/phapdien-slice/make_slice.py ARCHIVE OUTDIR
"""
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
from indexer.sources.phapdien import _BLOCK_SPLIT_RE, iter_files  # noqa: E402

WANTED = [
    "Điều 1 Nghị định số 59/2019/NĐ-CP",     # first article: title, date, issuer
    "Điều 88 Nghị định số 59/2019/NĐ-CP",    # makes 158/2007/NĐ-CP and eight others expire
    "Điều 1 Quyết định số 26/2021/QĐ-TTg",
    "Điều 5 Quyết định số 26/2021/QĐ-TTg",   # replaces 31/2017/QĐ-TTg from 01/10/2021
    "Điều 1 Luật số 15/2017/QH14",
    "Điều 133 Luật số 15/2017/QH14",         # 09/2008/QH12 expires
    "Điều 12 Nghị định số 101/2012/NĐ-CP",   # amended and partly repealed by a note
    "Điều 1 Nghị định số 101/2012/NĐ-CP",
    "Điều 1 Nghị định số 61/2018/NĐ-CP",
    "Điều 4 Thông tư số 18/2018/TT-BCT",     # cites 02/2017/TT-VPCP ngày 31/10/2017 (the report prints "02/TT-VPCP")
    "Điều 1 Nghị định số 02/2017/NĐ-CP",     # its note says in force from 25/01/2017 …
    "Điều 9 Nghị định số 02/2017/NĐ-CP",     # … its own text says 25/02/2017
]


def wanted(chunk: str) -> bool:
    note = re.search(r"<p class='pGhiChu'>(.*?)</p>", chunk, re.S)
    if not note:
        return False
    text = re.sub(r"<[^>]+>", "", note.group(1)).replace("\xa0", " ")
    return any(re.search(re.escape(w) + r"\b", text) for w in WANTED)


def main(archive: str, outdir: str) -> None:
    out = Path(outdir)
    for name, data in iter_files(archive):
        html = data.decode("utf-8-sig")
        chunks = _BLOCK_SPLIT_RE.split(html)
        keep = [c for c in chunks[1:] if c.startswith("<p class='pDieu'>") and wanted(c)]
        if keep:
            target = out / Path(name).name
            target.write_text(chunks[0] + "".join(keep) + "</div>", encoding="utf-8")
            print(target, len(keep))


if __name__ == "__main__":
    main(*sys.argv[1:3])
# The 2026-01/ subfolder holds the slice of the 2026-01 release made the same way
# (the articles of 02/2017/NĐ-CP are codified there, not in 2025-02).
