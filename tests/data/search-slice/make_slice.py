"""Make the pháp điển slice of the search tests (run once; the output is committed).

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
    "Luật số 58/2014/QH13",       # Luật Bảo hiểm xã hội: every article
    "Bộ luật số 45/2019/QH14",    # Bộ luật Lao động 2019: every article
    "Bộ luật số 10/2012/QH13",    # Bộ luật Lao động 2012, which 45/2019 replaced
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
