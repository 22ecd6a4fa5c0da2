"""Locks and process hygiene for builds and curation writes.

- ``exclusive``: an exclusive lock on a file across threads and processes
  (``flock``; released by the kernel when the holder dies, even by SIGKILL).
- ``die_with_parent``: a worker process asks the kernel to kill it when its
  parent dies, so a build killed with SIGKILL leaves no index worker behind.
"""
from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import fcntl
import multiprocessing.util
import os
import signal
from pathlib import Path


class Busy(Exception):
    """The lock is held by another process and the caller would not wait."""


@contextlib.contextmanager
def exclusive(path: Path, wait: bool = True, on_wait=None):
    """Hold an exclusive lock on ``path`` (created if missing) for the block.

    With ``wait=False`` raise ``Busy`` instead of waiting; ``on_wait`` is
    called once, before waiting, when the lock is held by someone else."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise Busy(str(path)) from None
            if on_wait is not None:
                on_wait()
            fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Linux: SIGKILL this process when its parent dies (``prctl``). If the
    parent is already gone (it died before the call), exit at once."""
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):     # not Linux: workers are reaped by their pool instead
        return
    if parent == 1 or os.getppid() != parent:
        os._exit(1)


class _WorkerHook:
    """Registered with multiprocessing: every process it starts (whoosh's
    index writers, the snapshot parsers' pool) dies with its parent."""

    def __call__(self, _obj) -> None:
        die_with_parent()


_HOOK = _WorkerHook()


def workers_die_with_parent() -> None:
    """Make every process started by ``multiprocessing`` from now on die
    with the process that started it. Idempotent."""
    multiprocessing.util.register_after_fork(_HOOK, _HOOK)
