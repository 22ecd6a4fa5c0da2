"""Accounts in the web app: log in and out, sessions that expire, CSRF, roles.

- The session is Flask's signed cookie (HttpOnly, SameSite=Lax) holding the
  user's name, the login time and a CSRF token; it expires after
  ``SESSION_HOURS``. The signing key lives in ``instance/secret_key``.
- Every form carries the session's CSRF token; ``write_action`` checks it
  (and the role) before the view runs, so a refused request writes nothing.
- Reading needs no account unless ``READ_REQUIRES_LOGIN`` is set.
"""
from __future__ import annotations

import functools
import hmac
import os
import secrets
import time
from pathlib import Path

from flask import (
    Blueprint, current_app, g, redirect, render_template, request, session, url_for,
)

from kb.accounts import ADMIN, ROLE_NAMES, ROLES, AccountError, Accounts

bp = Blueprint("auth", __name__, url_prefix="/tai-khoan")


def init_app(app) -> None:
    instance = Path(app.config["KB_INSTANCE"])
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(instance)
    app.config.setdefault("SESSION_HOURS", 8)
    app.config.setdefault("READ_REQUIRES_LOGIN", False)
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
                      PERMANENT_SESSION_LIFETIME=app.config["SESSION_HOURS"] * 3600)
    app.before_request(_load_user)
    app.jinja_env.globals.update(csrf_token=csrf_token, role_names=ROLE_NAMES)
    app.register_blueprint(bp)


def accounts() -> Accounts:
    return Accounts(current_app.config["KB_INSTANCE"])


def _secret_key(instance: Path) -> bytes:
    """The instance's signing key, created once (readable by the owner only)."""
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "secret_key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(secrets.token_bytes(32))
    except FileExistsError:
        pass
    return path.read_bytes()


def _load_user():
    g.user = None
    name, at = session.get("user"), session.get("login_at", 0)
    if name:
        if time.time() - at > current_app.config["SESSION_HOURS"] * 3600:
            session.clear()          # expired: log in again
        else:
            g.user = accounts().get(name)
            if g.user is None:       # deleted or disabled since
                session.clear()
    if (current_app.config["READ_REQUIRES_LOGIN"] and g.user is None
            and request.endpoint not in ("auth.login", "static")):
        return redirect(url_for("auth.login", next=request.full_path))


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def csrf_ok() -> bool:
    sent = request.form.get("csrf_token", "")
    return bool(session.get("csrf")) and hmac.compare_digest(sent, session["csrf"])


def refuse(status: int, title: str, message: str):
    return render_template("error.html", title=title, message=message), status


def write_action(role: str | None):
    """A view that changes something: login, then role (None: any account, the
    view checks it), then CSRF token, checked in that order before the view runs. Anonymous → the login page; wrong role → 403;
    a missing or forged token → 400."""
    def wrap(view):
        @functools.wraps(view)
        def checked(*args, **kwargs):
            if g.user is None:
                if request.method == "GET":
                    return redirect(url_for("auth.login", next=request.full_path))
                return redirect(url_for("auth.login"))
            if role is not None and not g.user.can(role):
                return refuse(403, "Không có quyền",
                              f"Tài khoản {g.user.name} không có vai trò {ROLE_NAMES[role]}.")
            if request.method == "POST" and not csrf_ok():
                return refuse(400, "Phiên làm việc không hợp lệ",
                              "Mã bảo vệ biểu mẫu (CSRF) không đúng hoặc đã hết hạn; hãy tải lại trang rồi thử lại. "
                              "Không có gì được ghi.")
            return view(*args, **kwargs)
        return checked
    return wrap


@bp.route("/dang-nhap", methods=["GET", "POST"])
def login():
    nxt = _safe_next(request.values.get("next"))
    if request.method == "GET":
        return render_template("login.html", next=nxt, error=None)
    if not csrf_ok():
        return render_template("login.html", next=nxt,
                               error="Phiên đăng nhập đã hết hạn; hãy thử lại."), 400
    name, password = request.form.get("name", ""), request.form.get("password", "")
    try:
        user = accounts().authenticate(name, password, request.remote_addr or "?")
    except AccountError as e:
        return render_template("login.html", next=nxt, error=str(e)), 429
    if user is None:
        return render_template("login.html", next=nxt, error="Sai tên tài khoản hoặc mật khẩu."), 401
    session.clear()                  # a new session: no fixation of the old one
    session.permanent = True
    session.update(user=user.name, login_at=time.time(), csrf=secrets.token_urlsafe(32))
    return redirect(nxt or url_for("home"))


@bp.route("/dang-xuat", methods=["POST"])
def logout():
    if csrf_ok():
        session.clear()
    return redirect(url_for("home"))


def _safe_next(target: str | None) -> str | None:
    """Only a path of this site (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


@bp.route("/", methods=["GET"])
@write_action(ADMIN)
def users():
    return render_template("accounts.html", users=accounts().list(), roles=ROLES, error=None)


@bp.route("/", methods=["POST"])
@write_action(ADMIN)
def add_user():
    roles = [r for r in request.form.getlist("roles") if r in ROLES]
    try:
        accounts().add(request.form.get("name", ""), request.form.get("password", ""), roles)
    except AccountError as e:
        return render_template("accounts.html", users=accounts().list(), roles=ROLES, error=str(e)), 400
    return redirect(url_for("auth.users"))
