"""Rebuild the KB after something is saved to corpus/.

The build is incremental (about 2 s on the full KB after one file changes)
and swaps ``instance/current`` atomically, so requests keep being answered
from the previous KB until the new one is ready; they open the KB per
request and see the new one at once. One build runs at a time, across
threads and processes.
"""
from __future__ import annotations

import threading
from pathlib import Path

from indexer.build import build
from indexer.locks import exclusive

_build_lock = threading.Lock()    # one build at a time in this process


def build_lock_file(instance: Path):
    """One build at a time across processes: an exclusive lock on
    ``instance/.build.lock``, taken before ``_build_lock``."""
    return exclusive(instance / ".build.lock")


def rebuild_locked(corpus: Path, instance: Path):
    """Build in this thread, after any other build of this instance."""
    with build_lock_file(instance), _build_lock:
        return build(corpus, instance)
