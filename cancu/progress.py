"""Progress of long operations on a terminal: stage, counts, elapsed, ETA.

Quiet with ``--quiet`` or when standard error is not a terminal (a log, a
pipe, CI): then only the final summary is printed by the command.
A stage without counts gets its ETA from how long it took last time, when
the caller knows it (``expected`` seconds).
"""
from __future__ import annotations

import sys
import threading
import time


def _clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


class Progress:
    """A callable ``progress(stage, done=None, total=None, item="", expected=None)``
    redrawing one line of standard error, at most a few times a second, and
    every second while a stage runs without news (so the clock moves)."""

    def __init__(self, quiet: bool = False, stream=None):
        self.stream = stream or sys.stderr
        self.on = not quiet and self.stream.isatty()
        self.stage, self.started, self.done, self.total, self.item, self.expected = None, 0.0, None, None, "", None
        self.t0 = time.monotonic()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._last = 0.0
        self._thread = None
        if self.on:
            self._thread = threading.Thread(target=self._tick, daemon=True)
            self._thread.start()

    def __call__(self, stage: str, done: int | None = None, total: int | None = None,
                 item: str = "", expected: float | None = None) -> None:
        if not self.on:
            return
        with self._lock:
            if stage != self.stage:
                self.stage, self.started, self.expected = stage, time.monotonic(), expected
            self.done, self.total, self.item = done, total, item
            if time.monotonic() - self._last > 0.2 or done == total:
                self._draw()

    def _eta(self, now: float) -> str:
        spent = now - self.started
        if self.done and self.total:
            return _clock(spent * (self.total - self.done) / self.done)
        if self.expected:
            return _clock(self.expected - spent) if spent < self.expected else "sắp xong"
        return "?"

    def _draw(self) -> None:
        now = time.monotonic()
        self._last = now
        count = f" {self.done}/{self.total}" if self.total else ""
        item = f" {self.item}" if self.item else ""
        line = f"{self.stage}{count}{item}"[:58]
        self.stream.write(f"\r{line:<58} {_clock(now - self.t0):>6}  còn {self._eta(now):<8}")
        self.stream.flush()

    def _tick(self) -> None:
        while not self._stop.wait(1.0):
            with self._lock:
                if self.stage is not None:
                    self._draw()

    def close(self) -> None:
        """Stop redrawing and end the line."""
        self._stop.set()
        if self.on:
            with self._lock:
                self.stream.write("\n")
                self.stream.flush()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
