"""Rebuild the KB in the background after something is saved to corpus/.

The build is incremental and swaps ``instance/current`` atomically, so
requests keep being answered from the previous KB until the new one is
ready; they open the KB per request and see the new one at once. One
build runs at a time; a save during a build asks for one more after it.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path

from indexer.build import build
from indexer.locks import exclusive

_lock = threading.Lock()          # guards _state
_build_lock = threading.Lock()    # one build at a time in this process
_state = {"running": False, "again": False, "last_error": None}
log = logging.getLogger(__name__)


def request_rebuild(corpus: Path, instance: Path) -> None:
    """Start a build now, or once more after the running one."""
    with _lock:
        if _state["running"]:
            _state["again"] = True
            return
        _state["running"] = True
    threading.Thread(target=_run, args=(corpus, instance), daemon=True, name="cancu-rebuild").start()


def rebuild_now(corpus: Path, instance: Path):
    """Build in this thread, waiting for a background build to finish first.
    The caller holds the build lock file (see ``rebuild_locked``)."""
    with _build_lock:
        return build(corpus, instance)


def rebuild_locked(corpus: Path, instance: Path):
    """Build in this thread, after any other build of this instance."""
    with build_lock_file(instance):
        return rebuild_now(corpus, instance)


def _run(corpus: Path, instance: Path) -> None:
    while True:
        try:
            with build_lock_file(instance), _build_lock:
                result = build(corpus, instance)
            _state["last_error"] = "; ".join(f"{p}: {e}" for p, e in result.errors) or None
        except Exception as e:     # a failed build leaves the previous KB serving
            log.exception("rebuild failed")
            _state["last_error"] = f"{type(e).__name__}: {e}"
        with _lock:
            if not _state["again"]:
                _state["running"] = False
                return
            _state["again"] = False


def build_lock_file(instance: Path):
    """One build at a time across processes (another server, a save in
    another thread holding it): an exclusive lock on ``instance/.build.lock``.
    Taken before ``_build_lock``, in that order everywhere."""
    return exclusive(instance / ".build.lock")


def is_running() -> bool:
    return _state["running"]
