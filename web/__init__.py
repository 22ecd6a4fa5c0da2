"""Căn cứ web app: ``create_app()``, one blueprint per user task.

Views only parse the request and render; the domain answers live in
``kb``. The KB is opened read-only per request from the instance folder.
"""
from __future__ import annotations

import os

from flask import Flask, render_template

from kb import dates, numbers, provenance


# The colour class of each status, for badges and highlighted citations.
STATUS_CSS = {"Còn hiệu lực": "ok", "Hết hiệu lực một phần": "partial", "Hết hiệu lực toàn bộ": "expired",
              "Chưa có hiệu lực": "notyet", "Ngưng hiệu lực": "suspended", "Ngưng hiệu lực một phần": "suspended",
              "Chưa xác định": "unknown"}


def version() -> str:
    """The installed package's version (shown in every page's footer)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as _version
    try:
        return _version("cancu")
    except PackageNotFoundError:
        return "dev"


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(
        KB_INSTANCE=os.environ.get("CANCU_INSTANCE", os.path.join(os.getcwd(), "instance")),
        CORPUS=os.environ.get("CANCU_CORPUS", os.path.join(os.getcwd(), "corpus")),
        REBUILD_AFTER_SAVE=True,    # a saved report or document is built into the KB at once
        PAGE_SIZE=50,
        MAX_UPLOAD_MB=int(os.environ.get("CANCU_MAX_UPLOAD_MB", "50")),   # uploads larger are refused (413)
        WARM_CACHE=False,      # `cancu serve` turns it on
    )
    if test_config:
        app.config.update(test_config)
    if app.config.get("MAX_CONTENT_LENGTH") is None:     # Flask's default is None: no limit
        app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_UPLOAD_MB"] * 1024 * 1024

    from web import api, documents, kbconn, reports, review, search
    app.jinja_env.globals["status_css"] = STATUS_CSS
    app.jinja_env.globals["app_version"] = version()
    app.jinja_env.filters["dmy"] = dates.dmy
    app.jinja_env.globals["issuer_from_number"] = numbers.issuer_from_number
    # sources named for people; a file of corpus/ by its document, looked up in the live KB
    app.jinja_env.globals["source_name"] = lambda source, where=None: provenance.name(source, where, kbconn.get_db())
    app.jinja_env.globals["document_sources"] = provenance.of_document
    kbconn.init_app(app)
    app.register_blueprint(review.bp)
    app.register_blueprint(documents.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(search.bp)
    app.register_blueprint(reports.bp)
    from web import auth, curation, manage, security
    auth.init_app(app)
    manage.init_app(app)
    security.init_app(app)          # security headers (web/security.py)
    app.register_blueprint(curation.bp)
    if app.config["WARM_CACHE"]:
        kbconn.warm(app)

    @app.route("/")
    def home():
        return render_template("home.html")

    @app.route("/healthz")
    def healthz():
        """For a load balancer or a supervisor: 200 when a KB is live and opens."""
        from pathlib import Path
        from indexer.build import current_db
        path = current_db(Path(app.config["KB_INSTANCE"]))
        body = {"version": version(), "kb": path.parent.resolve().name if path else None}
        if path is None:
            return {**body, "status": "no-kb"}, 503
        try:
            kbconn.get_db().execute("SELECT 1 FROM documents LIMIT 1").fetchall()
        except Exception as e:       # noqa: BLE001 - said in the answer and the log
            app.logger.error("healthz: %s", e)
            return {**body, "status": "error"}, 503
        return {**body, "status": "ok"}

    @app.errorhandler(404)
    def not_found(_):
        return render_template("error.html", title="Không tìm thấy",
                               message="Trang này không có."), 404

    @app.errorhandler(413)
    def too_large(_):
        return render_template("error.html", title="Tệp quá lớn",
                               message=f"Tệp vượt quá giới hạn {app.config['MAX_UPLOAD_MB']} MB; "
                                       "không có gì được ghi."), 413

    @app.errorhandler(500)
    def server_error(_):
        return render_template("error.html", title="Lỗi",
                               message="Đã có lỗi khi xử lý yêu cầu; dữ liệu không bị thay đổi."), 500

    return app
