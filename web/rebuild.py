"""Rebuild the KB after something is saved to corpus/.

The build is incremental (about 2 s on the full KB after one file changes)
and swaps ``instance/current`` atomically, so requests keep being answered
from the previous KB until the new one is ready; each worker moves to the
new one once its caches are warm, the saver at once (web/kbconn.py). One build runs at a time, across
threads and processes: ``indexer.build.build`` holds the instance's build
lock (``instance/.build.lock``), the same one `cancu build` takes.
"""
from __future__ import annotations

import threading
from pathlib import Path

from indexer.build import build

_build_lock = threading.Lock()    # one build at a time in this process


def rebuild_locked(corpus: Path, instance: Path):
    """Build in this thread, after any other build of this instance. The
    user whose request rebuilt is answered from the new build at once, on
    any worker (others, once a worker has it warm: web/kbconn.py)."""
    from web import kbconn
    with _build_lock:
        result = build(corpus, instance)
    kbconn.just_built(result.directory)
    return result
