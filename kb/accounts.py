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

# Login rate limit: this many failures in the window refuses further tries
# from the same address or for the same account until the window passes.
MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY, roles TEXT NOT NULL, password TEXT NOT NULL,
    created TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS login_failures (who TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS login_failures_who ON login_failures(who, at);
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
        db = sqlite3.connect(self.path, timeout=10)
        db.execute("PRAGMA journal_mode=WAL")
        db.executescript(SCHEMA)
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

    def blocked(self, *who: str) -> bool:
        """Too many recent failures for any of ``who`` ("ip:…", "user:…")."""
        db = self._db()
        since = time.time() - WINDOW_SECONDS
        try:
            for w in who:
                (n,) = db.execute("SELECT count(*) FROM login_failures WHERE who = ? AND at > ?",
                                  (w, since)).fetchone()
                if n >= MAX_FAILURES:
                    return True
            return False
        finally:
            db.close()

    def authenticate(self, name: str, password: str, address: str) -> User | None:
        """The user when the password is right; a failure is counted for the
        address and the name. Raises AccountError when rate-limited."""
        name = name.strip().lower()
        who = (f"ip:{address}", f"user:{name}")
        if self.blocked(*who):
            raise AccountError("Đăng nhập sai quá nhiều lần; hãy thử lại sau 15 phút.")
        db = self._db()
        try:
            row = db.execute("SELECT password, roles FROM users WHERE name = ? AND disabled = 0",
                             (name,)).fetchone()
            ok = check_password(password, row[0] if row else _dummy()) and row is not None
            with db:
                if ok:
                    db.execute("DELETE FROM login_failures WHERE who = ?", (who[1],))
                else:
                    now = time.time()
                    db.executemany("INSERT INTO login_failures VALUES (?, ?)", [(w, now) for w in who])
                    db.execute("DELETE FROM login_failures WHERE at < ?", (now - WINDOW_SECONDS,))
        finally:
            db.close()
        return User(name, frozenset(row[1].split(","))) if ok else None
