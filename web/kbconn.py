"""The KB for the current request, read-only, and caches keyed by the build."""
from __future__ import annotations

import datetime as _dt
import threading
from collections import OrderedDict
from pathlib import Path

from flask import current_app, g, render_template

from indexer.build import current_db
from kb import status as kb_status
from kb import store


class NoKB(Exception):
    pass


def get_db():
    if "db" not in g:
        path = current_db(Path(current_app.config["KB_INSTANCE"]))
        if path is None:
            raise NoKB()
        g.db = store.connect(path, readonly=True)
        g.db_path = path.resolve()
    return g.db


def close_db(_=None):
    db = g.pop("db", None)
    if db is not None:
        db.close()


# Caches of this process, keyed by the live build's path (a new build is seen
# at once), shared by the server's threads: every read and write holds _LOCK;
# the computing itself does not, so two threads may compute the same date once
# each, never corrupt the cache.
_LOCK = threading.Lock()
_STATUS_CACHE: OrderedDict = OrderedDict()
_CACHE_SIZE = 8
_TIMELINES: dict = {}     # the events of every document, for the live build


def statuses_on(on: _dt.date) -> dict:
    """Every document's status on a date, computed once per build and date."""
    db = get_db()
    path = str(g.db_path)
    key = (path, on)
    with _LOCK:
        hit = _STATUS_CACHE.get(key)
        if hit is not None:
            _STATUS_CACHE.move_to_end(key)
            return hit
        timelines = _TIMELINES.get("data") if _TIMELINES.get("path") == path else None
    if timelines is None:
        timelines = kb_status.load_timelines(db)
        with _LOCK:
            _TIMELINES.clear()
            _TIMELINES.update(path=path, data=timelines)
    result = kb_status.all_statuses(db, on, timelines)
    with _LOCK:
        _STATUS_CACHE[key] = result
        _STATUS_CACHE.move_to_end(key)
        while len(_STATUS_CACHE) > _CACHE_SIZE:
            _STATUS_CACHE.popitem(last=False)
    return result


_PER_BUILD: dict = {}      # name → (build path, value), for the live build only


def per_build(name: str, compute, day: _dt.date | None = None):
    """``compute(db)`` once per live build (and ``day``, if given) and process:
    a new build, or a new day, computes it again."""
    db = get_db()
    path = f"{g.db_path}|{day}"
    with _LOCK:
        hit = _PER_BUILD.get(name)
        if hit is not None and hit[0] == path:
            return hit[1]
    value = compute(db)
    with _LOCK:
        _PER_BUILD[name] = (path, value)
    return value


def init_app(app):
    app.teardown_appcontext(close_db)

    @app.errorhandler(NoKB)
    def no_kb(_):
        return render_template("error.html", title="Chưa có cơ sở dữ liệu",
                               message="Hãy chạy `cancu build` để dựng cơ sở dữ liệu từ corpus/."), 503


def warm(app) -> None:
    """Load the events of every document and today's statuses once, at
    start-up, so that the first reviewer does not wait for it. A failure is
    logged (no KB yet is said plainly; anything else with its traceback)."""

    def run():
        try:
            with app.app_context():
                statuses_on(_dt.date.today())
        except NoKB:
            app.logger.warning("chưa có cơ sở dữ liệu trong %s: hãy chạy `cancu build`", app.config["KB_INSTANCE"])
        except Exception:
            app.logger.exception("khởi động: không nạp được tình trạng hiệu lực hôm nay")
    threading.Thread(target=run, name="cancu-warm", daemon=True).start()
