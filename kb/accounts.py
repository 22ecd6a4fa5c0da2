"""Accounts: users, roles, password hashes and the login rate limit.

Stored in ``instance/accounts.sqlite`` (never committed: it holds password
hashes). Passwords are hashed with scrypt (stdlib ``hashlib.scrypt``), a
memory-hard function: each guess costs 32 MiB and tens of milliseconds,
so a stolen file is slow to attack. Roles:

- ``editor``: add documents, correct metadata, record and retract events;
- ``reviewer``: confirm or reject candidate events found in secondary texts;
- ``admin``: manage accounts, and may do everything the others do.
"""
from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import hmac
import math
import os
import re
import secrets
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

EDITOR, REVIEWER, ADMIN = "editor", "reviewer", "admin"
ROLES = (EDITOR, REVIEWER, ADMIN)
ROLE_NAMES = {EDITOR: "biên tập viên", REVIEWER: "người rà soát", ADMIN: "quản trị"}
DB_NAME = "accounts.sqlite"

# scrypt cost: N=2^15, r=8 → 32 MiB per hash (OWASP's minimum is N=2^17 with
# r=8, p=1; 2^15 keeps a login near 0.1 s on this 2-core machine).
_N, _R, _P = 2 ** 15, 8, 1
_MAXMEM = 64 * 1024 * 1024
_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
MIN_PASSWORD = 8

# Login limits, decided and counted in one transaction before the password
# is checked (concurrent guesses cannot race past them):
# - an address: MAX_FAILURES failures in WINDOW_SECONDS refuse its tries,
#   for any account, until the window passes;
# - an account and an address: the same, for that pair;
# - an account: after ACCOUNT_FREE_FAILURES failures in a day from addresses
#   it never logged in from, each further try from such an address waits
#   ACCOUNT_DELAY_BASE seconds doubled per failure, at most
#   ACCOUNT_DELAY_MAX. A delay, never a lock: and from an address where the
#   account logged in within TRUSTED_DAYS, only the pair limit applies, so a
#   stranger guessing its password cannot keep its owner out.
MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60
ACCOUNT_FREE_FAILURES = 5
ACCOUNT_WINDOW_SECONDS = 24 * 3600
ACCOUNT_DELAY_BASE = 1.0
ACCOUNT_DELAY_MAX = 15 * 60
TRUSTED_DAYS = 60

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY, roles TEXT NOT NULL, password TEXT NOT NULL,
    created TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS login_failures (who TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS login_failures_who ON login_failures(who, at);
CREATE TABLE IF NOT EXISTS known_addresses (name TEXT NOT NULL, address TEXT NOT NULL, at REAL NOT NULL,
                                            PRIMARY KEY (name, address));
CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, name TEXT NOT NULL, csrf TEXT NOT NULL,
                                     created REAL NOT NULL);
CREATE INDEX IF NOT EXISTS sessions_name ON sessions(name);
"""


class AccountError(ValueError):
    """A refused account operation, with a message for the user (Vietnamese)."""


@dataclass(frozen=True)
class User:
    name: str
    roles: frozenset[str]

    def can(self, role: str) -> bool:
        return role in self.roles or ADMIN in self.roles


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, maxmem=_MAXMEM)
    return "scrypt${}${}${}${}${}".format(_N, _R, _P, _b64(salt), _b64(digest))


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        got = hashlib.scrypt(password.encode(), salt=_unb64(salt), n=int(n), r=int(r), p=int(p),
                             maxmem=_MAXMEM)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, _unb64(digest))


# A hash nobody's password matches, checked for unknown names so that the
# answer takes as long as for a real account (no user enumeration by timing).
_DUMMY = None


def _dummy() -> str:
    global _DUMMY
    if _DUMMY is None:
        _DUMMY = hash_password(secrets.token_hex(16))
    return _DUMMY


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode()


def _unb64(s: str) -> bytes:
    return base64.b64decode(s.encode())


class Accounts:
    """The accounts file of one instance folder."""

    def __init__(self, instance: str | Path):
        self.path = Path(instance) / DB_NAME

    def _db(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.path.exists():      # password hashes and sessions: the owner's only
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600))
        db = sqlite3.connect(self.path, timeout=10)
        db.execute("PRAGMA journal_mode=WAL")
        db.executescript(SCHEMA)
        for extra in ("-wal", "-shm"):
            side = self.path.with_name(self.path.name + extra)
            if side.exists() and side.stat().st_mode & 0o077:
                os.chmod(side, 0o600)
        return db

    def add(self, name: str, password: str, roles: list[str] | set[str]) -> User:
        name = name.strip().lower()
        if not _NAME_RE.match(name):
            raise AccountError("Tên tài khoản chỉ gồm chữ thường không dấu, số, '.', '_', '-' (2–40 ký tự).")
        roles = set(roles)
        unknown = roles - set(ROLES)
        if not roles or unknown:
            raise AccountError(f"Vai trò phải là một trong: {', '.join(ROLES)}.")
        if len(password) < MIN_PASSWORD:
            raise AccountError(f"Mật khẩu cần ít nhất {MIN_PASSWORD} ký tự.")
        db = self._db()
        try:
            with db:
                db.execute("INSERT INTO users VALUES (?,?,?,?,0)",
                           (name, ",".join(sorted(roles)), hash_password(password),
                            _dt.datetime.now().isoformat(timespec="seconds")))
        except sqlite3.IntegrityError:
            raise AccountError(f"Tài khoản “{name}” đã có.") from None
        finally:
            db.close()
        return User(name, frozenset(roles))

    def set_roles(self, name: str, roles: set[str]) -> None:
        if not roles or set(roles) - set(ROLES):
            raise AccountError(f"Vai trò phải là một trong: {', '.join(ROLES)}.")
        db = self._db()
        with db:
            db.execute("UPDATE users SET roles = ? WHERE name = ?", (",".join(sorted(roles)), name))
        db.close()

    def set_disabled(self, name: str, disabled: bool) -> None:
        db = self._db()
        with db:
            db.execute("UPDATE users SET disabled = ? WHERE name = ?", (int(disabled), name))
            if disabled:
                db.execute("DELETE FROM sessions WHERE name = ?", (name,))
        db.close()

    def get(self, name: str) -> User | None:
        """The account, or None when it does not exist or is disabled."""
        db = self._db()
        row = db.execute("SELECT roles FROM users WHERE name = ? AND disabled = 0", (name,)).fetchone()
        db.close()
        return User(name, frozenset(row[0].split(","))) if row else None

    def list(self) -> list[dict]:
        db = self._db()
        rows = db.execute("SELECT name, roles, created, disabled FROM users ORDER BY name").fetchall()
        db.close()
        return [{"name": n, "roles": r.split(","), "created": c, "disabled": bool(d)} for n, r, c, d in rows]

    # --- login -------------------------------------------------------------

    def authenticate(self, name: str, password: str, address: str, now: float | None = None) -> User | None:
        """The user when the password is right. Raises AccountError when the
        limits above refuse the try (nothing checked); else the try is counted
        as a failure *before* the password is checked, in the transaction that
        read the limits, and forgiven when it was right."""
        name = name.strip().lower()
        now = time.time() if now is None else now
        who = (f"ip:{address}", f"pair:{name}@{address}", f"user:{name}")
        db = self._db()
        try:
            db.isolation_level = None
            db.execute("BEGIN IMMEDIATE")           # one login decision at a time
            try:
                refusal = self._refusal(db, name, address, who, now)
                reserved = []
                if refusal is None:
                    reserved = [db.execute("INSERT INTO login_failures VALUES (?, ?)", (w, now)).lastrowid
                                for w in who]
                    db.execute("DELETE FROM login_failures WHERE at < ?", (now - ACCOUNT_WINDOW_SECONDS,))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
            if refusal is not None:
                raise AccountError(refusal)
            row = db.execute("SELECT password, roles FROM users WHERE name = ? AND disabled = 0",
                             (name,)).fetchone()
            ok = check_password(password, row[0] if row else _dummy()) and row is not None
            if ok:
                with db:
                    db.execute("BEGIN IMMEDIATE")
                    # forgiven: this try, and the account's own typos from this address
                    db.executemany("DELETE FROM login_failures WHERE rowid = ?", [(r,) for r in reserved])
                    db.execute("DELETE FROM login_failures WHERE who = ?", (who[1],))
                    db.execute("INSERT OR REPLACE INTO known_addresses VALUES (?, ?, ?)", (name, address, now))
        finally:
            db.close()
        return User(name, frozenset(row[1].split(","))) if ok else None

    def _refusal(self, db, name: str, address: str, who: tuple[str, str, str], now: float) -> str | None:
        """Why a login try is refused now, or None."""
        def failures(w: str, since: float) -> tuple[int, float]:
            n, last = db.execute("SELECT count(*), max(at) FROM login_failures WHERE who = ? AND at > ?",
                                 (w, since)).fetchone()
            return n, last or 0.0

        later = "Đăng nhập sai quá nhiều lần; hãy thử lại sau 15 phút."
        if failures(who[1], now - WINDOW_SECONDS)[0] >= MAX_FAILURES:
            return later
        trusted = db.execute("SELECT 1 FROM known_addresses WHERE name = ? AND address = ? AND at > ?",
                             (name, address, now - TRUSTED_DAYS * 86400)).fetchone()
        if trusted:
            return None
        if failures(who[0], now - WINDOW_SECONDS)[0] >= MAX_FAILURES:
            return later
        n, last = failures(who[2], now - ACCOUNT_WINDOW_SECONDS)
        if n >= ACCOUNT_FREE_FAILURES:
            wait = min(ACCOUNT_DELAY_BASE * 2 ** (n - ACCOUNT_FREE_FAILURES), ACCOUNT_DELAY_MAX)
            if now - last < wait:
                return (f"Tài khoản này vừa bị thử mật khẩu sai nhiều lần; hãy thử lại sau "
                        f"{math.ceil(wait - (now - last))} giây.")
        return None

    def blocked(self, *who: str) -> bool:
        """Too many recent failures for any of ``who`` ("ip:…", "pair:…@…") in the window."""
        db = self._db()
        since = time.time() - WINDOW_SECONDS
        try:
            return any(db.execute("SELECT count(*) FROM login_failures WHERE who = ? AND at > ?",
                                  (w, since)).fetchone()[0] >= MAX_FAILURES for w in who)
        finally:
            db.close()

    # --- sessions -------------------------------------------------------------
    #
    # The cookie holds a random session id (signed by Flask); the server keeps
    # its digest, its account, its CSRF token and when it began. Logging out
    # deletes it: the cookie, and its token, are worth nothing after.

    def open_session(self, name: str) -> tuple[str, str]:
        """(session id, CSRF token) of a new session of ``name``."""
        sid, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        db = self._db()
        try:
            with db:
                db.execute("INSERT INTO sessions VALUES (?, ?, ?, ?)", (_digest(sid), name, csrf, time.time()))
        finally:
            db.close()
        return sid, csrf

    def session(self, sid: str, max_age: float) -> tuple[User, str] | None:
        """(user, CSRF token) of a live session; None when it was closed, is
        older than ``max_age`` seconds, or its account is gone or disabled."""
        if not isinstance(sid, str) or not sid:
            return None
        db = self._db()
        try:
            row = db.execute("SELECT s.name, s.csrf, s.created, u.roles FROM sessions s JOIN users u"
                             " ON u.name = s.name AND u.disabled = 0 WHERE s.id = ?", (_digest(sid),)).fetchone()
            if row is None:
                return None
            if time.time() - row[2] > max_age:
                with db:
                    db.execute("DELETE FROM sessions WHERE id = ?", (_digest(sid),))
                return None
            return User(row[0], frozenset(row[3].split(","))), row[1]
        finally:
            db.close()

    def close_session(self, sid: str) -> None:
        db = self._db()
        try:
            with db:
                db.execute("DELETE FROM sessions WHERE id = ?", (_digest(sid or ""),))
        finally:
            db.close()

    def close_sessions(self, name: str) -> None:
        """Every session of ``name`` (a password changed, an account disabled)."""
        db = self._db()
        try:
            with db:
                db.execute("DELETE FROM sessions WHERE name = ?", (name,))
        finally:
            db.close()

    def drop_old_sessions(self, max_age: float) -> None:
        db = self._db()
        try:
            with db:
                db.execute("DELETE FROM sessions WHERE created < ?", (time.time() - max_age,))
        finally:
            db.close()


def _digest(sid: str) -> str:
    return hashlib.sha256(sid.encode()).hexdigest()
