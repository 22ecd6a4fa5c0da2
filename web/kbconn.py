"""The KB for the current request, read-only, and caches keyed by the build."""
from __future__ import annotations

import datetime as _dt
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


_STATUS_CACHE: OrderedDict = OrderedDict()
_CACHE_SIZE = 8
_TIMELINES: dict = {}     # the events of every document, for the live build


def statuses_on(on: _dt.date) -> dict:
    """Every document's status on a date, computed once per build and date."""
    db = get_db()
    key = (str(g.db_path), on)
    if key in _STATUS_CACHE:
        _STATUS_CACHE.move_to_end(key)
        return _STATUS_CACHE[key]
    path = str(g.db_path)
    if _TIMELINES.get("path") != path:
        _TIMELINES.update(path=path, data=kb_status.load_timelines(db))
    result = kb_status.all_statuses(db, on, _TIMELINES["data"])
    _STATUS_CACHE[key] = result
    while len(_STATUS_CACHE) > _CACHE_SIZE:
        _STATUS_CACHE.popitem(last=False)
    return result


def init_app(app):
    app.teardown_appcontext(close_db)

    @app.errorhandler(NoKB)
    def no_kb(_):
        return render_template("error.html", title="Chưa có cơ sở dữ liệu",
                               message="Hãy chạy `cancu build` để dựng cơ sở dữ liệu từ corpus/."), 503


def warm(app) -> None:
    """Load the events of every document and today's statuses once, at
    start-up, so that the first reviewer does not wait for it."""
    import threading

    def run():
        try:
            with app.app_context():
                statuses_on(_dt.date.today())
        except Exception:     # no KB yet: the pages will say so
            pass
    threading.Thread(target=run, daemon=True).start()
