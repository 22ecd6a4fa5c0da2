"""Make the pháp điển slice of the search tests (run once; the output is committed).

The same cut as tests/data/phapdien-slice/make_slice.py (each đề mục file's
heading and only the articles whose source note names a wanted provision,
verbatim markup), for every article of these documents:

usage: python tests/data/search-slice/make_slice.py ARCHIVE OUTDIR
"""
import importlib.util
import sys
from pathlib import Path

WANTED = [
    "Luật số 58/2014/QH13",       # Luật Bảo hiểm xã hội: every article
    "Bộ luật số 45/2019/QH14",    # Bộ luật Lao động 2019: every article
    "Bộ luật số 10/2012/QH13",    # Bộ luật Lao động 2012, which 45/2019 replaced
]

if __name__ == "__main__":
    spec = importlib.util.spec_from_file_location(
        "phapdien_slice", Path(__file__).resolve().parents[1] / "phapdien-slice" / "make_slice.py")
    slicer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(slicer)
    slicer.WANTED = WANTED
    slicer.main(*sys.argv[1:3])
