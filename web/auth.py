"""Accounts in the web app: log in and out, sessions that expire, CSRF, roles.

- A session lives on the server (``instance/accounts.sqlite``: the digest of
  its id, its account, its CSRF token, when it began); Flask's signed cookie
  (HttpOnly, SameSite=Lax, Secure over HTTPS) only carries its id. It ends
  after ``SESSION_HOURS``, or at logout, which deletes it: the cookie, and
  the CSRF token of its forms, are then worth nothing. The signing key
  lives in ``instance/secret_key``.
- Every form carries the session's CSRF token; ``write_action`` checks it
  (and the role) before the view runs, so a refused request writes nothing.
  Forms of anonymous users (login, report checks) carry a token kept in
  their cookie.
- After login, ``next`` is followed only to a path of this site.
- Reading needs no account unless ``READ_REQUIRES_LOGIN`` is set.
"""
from __future__ import annotations

import functools
import hmac
import os
import secrets
from pathlib import Path
from urllib.parse import quote, urlsplit

from flask import (
    Blueprint, current_app, g, has_request_context, redirect, render_template, request, session, url_for,
)
from flask.sessions import SecureCookieSessionInterface

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
    # behind an HTTPS proxy that does not say so, CANCU_HTTPS=1 marks cookies Secure
    if os.environ.get("CANCU_HTTPS") == "1":
        app.config["SESSION_COOKIE_SECURE"] = True
    app.session_interface = _SessionInterface()
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


class _SessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie, marked Secure when the request came over HTTPS."""

    def get_cookie_secure(self, app) -> bool:
        return bool(app.config.get("SESSION_COOKIE_SECURE")) or (has_request_context() and request.is_secure)


def _load_user():
    g.user, g.csrf = None, None
    sid = session.get("sid")
    if sid:
        live = accounts().session(sid, current_app.config["SESSION_HOURS"] * 3600)
        if live is None:             # logged out, expired, or the account disabled since
            session.clear()
        else:
            g.user, g.csrf = live
    elif "user" in session:          # a cookie of the signed-only kind, never revocable: log in again
        session.clear()
    if (current_app.config["READ_REQUIRES_LOGIN"] and g.user is None
            and request.endpoint not in ("auth.login", "static")):
        return redirect(url_for("auth.login", next=request.full_path))


def csrf_token() -> str:
    if g.get("csrf"):
        return g.csrf
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def csrf_ok() -> bool:
    """The form's token is the session's: the server's for an account, the
    cookie's for an anonymous user."""
    expected = g.get("csrf") if g.get("user") is not None else session.get("csrf")
    sent = request.form.get("csrf_token", "")
    return bool(expected) and isinstance(sent, str) and hmac.compare_digest(sent.encode(), expected.encode())


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
        checked.write_role = role or "account"      # read by tests/security (the route matrix)
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
    sid, csrf = accounts().open_session(user.name)
    session.permanent = True
    session.update(sid=sid, csrf=csrf)
    return redirect(nxt or url_for("home"))


@bp.route("/dang-xuat", methods=["POST"])
def logout():
    if csrf_ok():
        if session.get("sid"):
            accounts().close_session(session["sid"])
        session.clear()
    return redirect(url_for("home"))


def _safe_next(target: str | None) -> str | None:
    """Only a path of this site (no open redirect): one "/" then no second
    "/" or "\\" (browsers read "\\" as "/"), no control character anywhere
    (browsers drop tabs and newlines: "/<tab>/evil.example" is "//evil.example"),
    no scheme or host; other characters outside printable ASCII are escaped."""
    if not target or len(target) > 2000:
        return None
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F or 0x80 <= ord(ch) < 0xA0 for ch in target):
        return None
    if "\\" in target or not target.startswith("/") or target[1:2] in ("/", "\\"):
        return None
    target = quote(target, safe="/?&=%#:;,+@!$'()*~-._[]")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith("//"):
        return None
    return target


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
