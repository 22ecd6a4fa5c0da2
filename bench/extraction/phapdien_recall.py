"""Recall of amending provisions against the pháp điển amendment notes (the 2026-01 release shipped in corpus/phapdien).

Each amendment note of the Bộ pháp điển says that an article of document T
"được sửa đổi, bổ sung bởi" / "bị bãi bỏ bởi" provision P of document A.
When A's article holding P is itself codified in the same release, its text
is there: reading it with ``indexer.effects.events`` must find an event of A
on T. Only recall is measured (the notes name only codified targets).

usage: .venv/bin/python bench/extraction/phapdien_recall.py [ARCHIVE] [--misses N]
"""
from __future__ import annotations

import argparse
import collections
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from indexer import effects  # noqa: E402
from indexer.sources import phapdien  # noqa: E402

DEFAULT = ROOT / "corpus" / "phapdien" / "phapdien-2026-01.tar.xz"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("archive", nargs="?", default=str(DEFAULT))
    ap.add_argument("--misses", type=int, default=0)
    ap.add_argument("--any-kind", action="store_true", help="count an event of any kind on the target")
    args = ap.parse_args()
    loose = args.any_kind
    texts: dict[tuple[str, str], str] = {}
    changes = []
    for demuc in phapdien.iter_demuc(args.archive):
        for a in demuc.articles:
            note = phapdien.parse_note(a.note) if a.note else None
            if note is None or not note.number:
                continue
            if note.article:
                texts.setdefault((note.number, note.article), a.text)
            for c in note.changes:
                changes.append((note.number, c.kind, c.by_number, c.by_provision))
    found = collections.Counter()
    total = collections.Counter()
    misses = []
    seen = set()
    for target, kind, by, provision in changes:
        art = re.search(r"Điều\s+\d+[a-zđ]?", provision or "")
        key = (by, art.group()) if art else None
        if key is None or key not in texts or (target, by, art.group(), kind) in seen:
            continue
        seen.add((target, by, art.group(), kind))
        kinds = {"amends": {"amends"}, "repeals_part": {"repeals_part", "repeals", "expires"},
                 "suspends": {"suspends"}}.get(kind, {kind})
        evs = effects.events(texts[key], by, art.group(), None, "pd")
        total[kind] += 1
        if any(e.target == target and (e.kind in kinds or loose) for e in evs):
            found[kind] += 1
        else:
            misses.append(f"{by} {art.group()} → {kind} {target}: {texts[key][:160]!r}")
    print(f"amendment notes whose amending article is codified: {sum(total.values())}")
    for kind in sorted(total):
        print(f"  {kind:14} recall {found[kind] / total[kind]:.3f}  ({found[kind]}/{total[kind]})")
    print(f"  {'all':14} recall {sum(found.values()) / max(1, sum(total.values())):.3f}")
    for m in misses[:args.misses]:
        print(m)
    return 0


if __name__ == "__main__":
    sys.exit(main())
