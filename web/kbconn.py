"""The KB for the current request, read-only, and caches keyed by the build.

A build switches ``instance/current`` at once; the caches of a new build
(every document's events and today's statuses, the search engine) take a
few seconds to fill. So a process keeps answering from the build it has
warm while a thread of its own warms the new one, then moves to it. A
user who has just saved is answered from the new build at once (what they
saved shows), and so is everyone when the build before is gone or the
warm-up takes longer than ``WARM_LIMIT``.
"""
from __future__ import annotations

import datetime as _dt
import logging
import sqlite3
import threading
import time
from collections import OrderedDict
from pathlib import Path

from flask import current_app, g, has_request_context, render_template, session

from indexer.build import current_db
from kb import status as kb_status
from kb import store

_log = logging.getLogger("cancu.web")


class NoKB(Exception):
    pass


def get_db():
    if "db" not in g:
        instance = Path(current_app.config["KB_INSTANCE"])
        live = current_db(instance)
        if live is None:
            raise NoKB()
        live = live.resolve()
        path = _build_to_serve(str(instance), live)
        try:
            g.db = store.connect(path, readonly=True, immutable=True)
        except sqlite3.Error:
            if path == live:
                raise
            path, g.db = live, store.connect(live, readonly=True, immutable=True)   # the one before was removed just now
        g.db_path = path
    return g.db


def close_db(_=None):
    db = g.pop("db", None)
    if db is not None:
        db.close()


# --- which build this process answers from ------------------------------------------

WARM_LIMIT = 60.0           # s: a slower (or failed) warm-up holds the new build back no longer
SESSION_KEY = "kb_build"    # the build a user's own save made: they see it at once
_SERVING: dict[str, dict] = {}     # per instance (a process may serve several: tests do)
_WARMERS: list = []


def on_new_build(fn):
    """Register ``fn()`` to fill a cache of a new build before it is served
    (``get_db()`` gives the new build inside it)."""
    _WARMERS.append(fn)
    return fn


def just_built(directory: Path) -> None:
    """After a user's save rebuilt the KB: their requests read that build at once."""
    if has_request_context():
        session[SESSION_KEY] = Path(directory).name


def _build_to_serve(instance: str, live: Path) -> Path:
    start = False
    with _LOCK:
        state = _SERVING.setdefault(instance, {"path": None, "seq": 0, "warming": None, "since": 0.0, "next": 0})
        serving = state["path"]
        if serving is None or serving == live:
            state["path"] = live
            return live
        if state["warming"] != live:
            state["next"] += 1
            state.update(warming=live, since=time.monotonic())
            start, seq = True, state["next"]
        late = time.monotonic() - state["since"] > WARM_LIMIT
    if start:
        app = current_app._get_current_object()
        threading.Thread(target=_warm_then_serve, args=(app, state, live, seq), name="cancu-warm-build",
                         daemon=True).start()
    own = has_request_context() and session.get(SESSION_KEY) == live.parent.name
    if own or late or not (serving.parent / "BUILD_OK").exists():
        return live
    return serving


def _warm_then_serve(app, state: dict, path: Path, seq: int) -> None:
    t0 = time.perf_counter()
    try:
        warm_build(app, path)
        _log.info("bản dựng mới %s sẵn sàng sau %.1f s", path.parent.name, time.perf_counter() - t0)
    except Exception:       # logged; the build is served anyway, its caches filled on demand
        _log.exception("làm nóng bản dựng mới %s", path.parent.name)
    with _LOCK:
        if seq > state["seq"]:       # never back to an older build warmed later than a newer one
            state.update(path=path, seq=seq)
        if state["warming"] == path:
            state["warming"] = None


def warm_build(app, path: Path) -> None:
    """Fill the caches of the build at ``path`` (its kb.sqlite) in this thread."""
    with app.app_context():
        g.db, g.db_path = store.connect(path, readonly=True, immutable=True), path
        for fn in _WARMERS:
            fn()


# --- caches -------------------------------------------------------------------------

# Caches of this process, keyed by a build's path (a new build is seen at
# once), shared by the server's threads: every read and write holds _LOCK.
# A value missing is computed by one thread while the others asking for it
# wait for that result (``_single``), instead of each computing it again.
_LOCK = threading.Lock()
_STATUS_CACHE: OrderedDict = OrderedDict()
_CACHE_SIZE = 8
_TIMELINES: OrderedDict = OrderedDict()     # build path → every document's events (two builds)
_COMPUTING: dict = {}


def _single(key, lookup, compute):
    """``lookup()`` under _LOCK, else ``compute()`` once for ``key`` across threads."""
    with _LOCK:
        hit = lookup()
        if hit is not None:
            return hit
        gate = _COMPUTING.setdefault(key, threading.Lock())
    with gate:
        with _LOCK:
            hit = lookup()
        if hit is None:
            hit = compute()
        with _LOCK:
            _COMPUTING.pop(key, None)
        return hit


def _timelines(db, path: str):
    def compute():
        data = kb_status.load_timelines(db)
        with _LOCK:
            _TIMELINES[path] = data
            while len(_TIMELINES) > 2:
                _TIMELINES.popitem(last=False)
        return data
    return _single(("timelines", path), lambda: _TIMELINES.get(path), compute)


def statuses_on(on: _dt.date) -> dict:
    """Every document's status on a date, computed once per build and date."""
    db = get_db()
    path = str(g.db_path)
    key = (path, on)

    def lookup():
        hit = _STATUS_CACHE.get(key)
        if hit is not None:
            _STATUS_CACHE.move_to_end(key)
        return hit

    def compute():
        result = kb_status.all_statuses(db, on, _timelines(db, path))
        with _LOCK:
            _STATUS_CACHE[key] = result
            while len(_STATUS_CACHE) > _CACHE_SIZE:
                _STATUS_CACHE.popitem(last=False)
        return result
    return _single(("statuses", key), lookup, compute)


_PER_BUILD: dict = {}      # name → (build path, value), for the live build only


def per_build(name: str, compute, day: _dt.date | None = None):
    """``compute(db)`` once per live build (and ``day``, if given) and process:
    a new build, or a new day, computes it again."""
    db = get_db()
    path = f"{g.db_path}|{day}"

    def lookup():
        hit = _PER_BUILD.get(name)
        return hit[1] if hit is not None and hit[0] == path else None

    def run():
        value = compute(db)
        with _LOCK:
            _PER_BUILD[name] = (path, value)
        return value
    return _single(("per_build", name, path), lookup, run)


on_new_build(lambda: statuses_on(_dt.date.today()))


def init_app(app):
    app.teardown_appcontext(close_db)

    @app.errorhandler(NoKB)
    def no_kb(_):
        return render_template("error.html", title="Chưa có cơ sở dữ liệu",
                               message="Hãy chạy `cancu build` để dựng cơ sở dữ liệu từ corpus/."), 503


def warm(app) -> None:
    """Fill the caches of the live build once, at start-up (what
    ``on_new_build`` lists), so that the first reader does not wait for
    them. A failure is logged (no KB yet is said plainly; anything else
    with its traceback)."""

    def run():
        try:
            live = current_db(Path(app.config["KB_INSTANCE"]))
            if live is None:
                raise NoKB()
            warm_build(app, live.resolve())
        except NoKB:
            app.logger.warning("chưa có cơ sở dữ liệu trong %s: hãy chạy `cancu build`", app.config["KB_INSTANCE"])
        except Exception:
            app.logger.exception("khởi động: không nạp được bộ nhớ đệm của cơ sở dữ liệu")
    threading.Thread(target=run, name="cancu-warm", daemon=True).start()
