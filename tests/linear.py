"""The linear-time check shared by the property tests.

A parser is linear when 8× the input costs well under 64× (quadratic) the
time; 24× leaves room for the noise of a shared machine. Times under
``floor`` count as ``floor`` (the small input's time is otherwise mostly
noise). Ratios, never absolute times: the tests must hold on any machine.
"""
from __future__ import annotations

import gc
import time


def best_time(fn, arg, repeat: int = 3) -> float:
    """The best of ``repeat`` timings of ``fn(arg)``, in seconds. The cyclic
    garbage collector is held off while timing: late in a test run its passes
    walk the whole suite's heap, and their cost grows with what the parser
    allocates, which made a linear parser look quadratic."""
    best = None
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeat):
            t0 = time.perf_counter()
            fn(arg)
            elapsed = time.perf_counter() - t0
            best = elapsed if best is None else min(best, elapsed)
    finally:
        if was_enabled:
            gc.enable()
    return best


def assert_linear(fn, make, label=None, floor: float = 1e-2, min_size: int = 0) -> None:
    """``fn`` on ``make(8)`` costs under 24× what it costs on ``make(1)``."""
    small, large = make(1), make(8)
    assert len(large) >= min_size, (label, len(large))
    ratio = best_time(fn, large) / max(best_time(fn, small), floor)
    assert ratio < 24, (label, ratio)
