"""Citation-finder throughput on the text of the pháp điển snapshot 2025-02.

Extracts the text of every đề mục file with lxml (not timed), then times
``kb.citations.extract`` over all of it, file by file, on one core.
Prints MB/s (UTF-8 bytes) and characters per second. Target: ≥ 10 MB/s.

usage: python bench/citations.py [ARCHIVE] [--repeat N]
"""
from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.sources import phapdien  # noqa: E402
from kb.citations import extract  # noqa: E402

DEFAULT = ROOT / "corpus" / "phapdien" / "phapdien-2025-02.tar.xz"   # the release as shipped


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("archive", nargs="?", default=str(DEFAULT))
    ap.add_argument("--repeat", type=int, default=3, help="timed passes; the best is reported")
    args = ap.parse_args()

    t0 = time.perf_counter()
    texts = [text for _, text in phapdien.iter_texts(args.archive)]
    load = time.perf_counter() - t0
    chars = sum(map(len, texts))
    size = sum(len(t.encode("utf-8")) for t in texts)
    print(f"corpus: {len(texts)} files, {chars:,} characters, {size / 1e6:.1f} MB UTF-8 "
          f"(text extraction {load:.1f} s, not timed)")

    best = None
    for _ in range(args.repeat):
        kinds = collections.Counter()
        t0 = time.perf_counter()
        for text in texts:
            kinds.update(c.kind for c in extract(text))
        elapsed = time.perf_counter() - t0
        best = elapsed if best is None else min(best, elapsed)
    print(f"citations: {sum(kinds.values()):,} ({', '.join(f'{k} {v:,}' for k, v in kinds.most_common())})")
    print(f"time: {best:.2f} s (best of {args.repeat})")
    print(f"throughput: {size / best / 1e6:.1f} MB/s, {chars / best / 1e6:.1f} M characters/s "
          f"(target ≥ 10 MB/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
