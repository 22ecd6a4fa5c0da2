"""Accounts: memory-hard password hashes, roles, the login rate limit, sessions
that expire, reading without an account (configurable), `cancu user add`."""
import sqlite3
import time

import pytest
from click.testing import CliRunner

from cancu.cli import main as cli
from kb.accounts import MAX_FAILURES, AccountError, Accounts, check_password, hash_password
from manage_site import PASSWORD, app_for, csrf_of, login, make_site


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return make_site(tmp_path_factory.mktemp("accounts"))


def test_passwords_are_stored_as_scrypt_hashes(tmp_path):
    accounts = Accounts(tmp_path)
    accounts.add("lan", "mot-mat-khau-dai", ["editor"])
    (stored,) = sqlite3.connect(tmp_path / "accounts.sqlite").execute("SELECT password FROM users").fetchone()
    assert stored.startswith("scrypt$32768$8$1$") and "mot-mat-khau-dai" not in stored
    assert check_password("mot-mat-khau-dai", stored) and not check_password("mot-mat-khau-dai!", stored)
    assert hash_password("x" * 8) != hash_password("x" * 8)          # salted


def test_bad_accounts_are_refused(tmp_path):
    accounts = Accounts(tmp_path)
    for name, password, roles in (("../x", "mat-khau-dai", ["editor"]), ("lan", "ngan", ["editor"]),
                                  ("lan", "mat-khau-dai", ["root"]), ("lan", "mat-khau-dai", [])):
        with pytest.raises(AccountError):
            accounts.add(name, password, roles)
    accounts.add("lan", "mat-khau-dai", ["editor"])
    with pytest.raises(AccountError, match="đã có"):
        accounts.add("lan", "mat-khau-khac", ["editor"])


def test_roles():
    from kb.accounts import User
    editor, admin = User("a", frozenset({"editor"})), User("b", frozenset({"admin"}))
    assert editor.can("editor") and not editor.can("reviewer") and not editor.can("admin")
    assert admin.can("editor") and admin.can("reviewer")


def test_login_is_rate_limited_even_with_the_right_password(site):
    corpus, instance = site
    Accounts(instance).add("thu", PASSWORD, ["editor"])
    app = app_for(corpus, instance)
    with app.test_client() as c:
        c.environ_base["REMOTE_ADDR"] = "10.0.0.9"
        for _ in range(MAX_FAILURES):
            assert login(c, "thu", "sai-mat-khau").status_code == 401
        r = login(c, "thu")
        assert r.status_code == 429 and "quá nhiều lần" in r.get_data(as_text=True)
        assert c.get("/quan-ly/").status_code == 302          # not logged in
        r = login(c, "bientap")                                # this address is blocked for every account
        assert r.status_code == 429
    with app.test_client() as c:
        c.environ_base["REMOTE_ADDR"] = "10.0.0.10"
        r = login(c, "thu")                                     # the account is delayed elsewhere, not locked
        assert r.status_code == 429 and "giây" in r.get_data(as_text=True)
        assert login(c, "bientap").status_code == 302           # others are not


def test_unknown_name_and_wrong_password_say_the_same(site):
    corpus, instance = site
    with app_for(corpus, instance).test_client() as c:
        a = login(c, "khong-co-ai", "sai-mat-khau-1").get_data(as_text=True)
        b = login(c, "rasoat", "sai-mat-khau-1").get_data(as_text=True)
    assert "Sai tên tài khoản hoặc mật khẩu." in a and "Sai tên tài khoản hoặc mật khẩu." in b


def test_sessions_expire(site, monkeypatch):
    corpus, instance = site
    app = app_for(corpus, instance, SESSION_HOURS=1)
    with app.test_client() as c:
        assert login(c, "bientap").status_code == 302
        assert c.get("/quan-ly/").status_code == 200
        later = time.time() + 3601
        monkeypatch.setattr(time, "time", lambda: later)
        r = c.get("/quan-ly/")
        assert r.status_code == 302 and "/tai-khoan/dang-nhap" in r.headers["Location"]


def test_logout_ends_the_session(site):
    corpus, instance = site
    with app_for(corpus, instance).test_client() as c:
        login(c, "bientap")
        token = csrf_of(c.get("/quan-ly/").get_data(as_text=True))
        c.post("/tai-khoan/dang-xuat", data={"csrf_token": token})
        assert c.get("/quan-ly/").status_code == 302


def test_reading_needs_no_account_unless_configured(site):
    corpus, instance = site
    with app_for(corpus, instance).test_client() as c:
        assert c.get("/van-ban/06-2006-qdd-ubnd.2006-01-16").status_code == 200
        assert c.get("/lich-su/06-2006-qdd-ubnd.2006-01-16").status_code == 200
    with app_for(corpus, instance, READ_REQUIRES_LOGIN=True).test_client() as c:
        r = c.get("/van-ban/06-2006-qdd-ubnd.2006-01-16")
        assert r.status_code == 302 and "/tai-khoan/dang-nhap" in r.headers["Location"]
        login(c, "bientap")
        assert c.get("/van-ban/06-2006-qdd-ubnd.2006-01-16").status_code == 200


def test_admin_creates_an_account_in_the_ui(site):
    corpus, instance = site
    with app_for(corpus, instance).test_client() as c:
        login(c, "quantri")
        token = csrf_of(c.get("/tai-khoan/").get_data(as_text=True))
        r = c.post("/tai-khoan/", data={"csrf_token": token, "name": "moi", "password": "mat-khau-moi-1",
                                        "roles": ["reviewer"]})
        assert r.status_code == 302
    assert Accounts(instance).get("moi").roles == {"reviewer"}


def test_cli_user_add(tmp_path):
    runner = CliRunner()
    r = runner.invoke(cli, ["user", "add", "lan", "--role", "editor", "--password-stdin", "--instance",
                            str(tmp_path)], input="mat-khau-cua-lan\n")
    assert r.exit_code == 0 and "đã tạo tài khoản lan (editor)" in r.output
    assert Accounts(tmp_path).authenticate("lan", "mat-khau-cua-lan", "test").roles == {"editor"}
    r = runner.invoke(cli, ["user", "add", "lan", "--role", "editor", "--password-stdin", "--instance",
                            str(tmp_path)], input="mat-khau-khac-1\n")
    assert r.exit_code == 2 and "đã có" in r.output
    r = runner.invoke(cli, ["user", "add", "ngan", "--role", "editor", "--password-stdin", "--instance",
                            str(tmp_path)], input="ngan\n")
    assert r.exit_code == 2 and "ít nhất 8" in r.output
    r = runner.invoke(cli, ["user", "add", "tu", "--role", "editor", "--instance", str(tmp_path)],
                      input="mat-khau-cua-tu\nmat-khau-cua-tu\n")       # prompted twice
    assert r.exit_code == 0
