"""Build figures on the shipped corpus: full build from a clean instance,
peak memory, and the rebuild after one document changes.

Targets (2 cores): full build ≤ 5 min, peak RSS ≤ 2 GB, one-document
rebuild ≤ 5 s. Works on a copy of corpus/ in a temporary folder.

usage: python bench/build.py [CORPUS]
"""
from __future__ import annotations

import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.build import build  # noqa: E402


def main() -> int:
    corpus_src = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "corpus"
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(corpus_src, corpus)
        instance = Path(tmp) / "instance"
        t0 = time.perf_counter()
        full = build(corpus, instance, full=True)
        full_s = time.perf_counter() - t0
        print(f"full build: {full_s:.1f} s — {full.summary()}")
        docs = sorted((corpus / "documents").rglob("*.md"))
        if docs:
            target = docs[len(docs) // 2]
            target.write_text(target.read_text(encoding="utf-8") + "\n(bench: một dòng thêm)\n", encoding="utf-8")
            t0 = time.perf_counter()
            one = build(corpus, instance)
            one_s = time.perf_counter() - t0
            print(f"rebuild after changing {target.name}: {one_s:.2f} s "
                  f"(re-read {len(one.reread)}, reused {len(one.reused)})")
        else:
            print("rebuild after one change: no corpus/documents to change")
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS: main process {me:.0f} MB, largest worker {kids:.0f} MB "
          f"(targets: full ≤ 300 s, RSS ≤ 2048 MB, one document ≤ 5 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
