"""Sessions, redirects and login limits (issue 16, Medium): a session ends at
logout on the server (its cookie and CSRF token are worth nothing after),
``next`` never leaves the site, and the login limits stop guessing without
letting a stranger keep an account's owner out; concurrent guesses do not
race past them."""
import os
import stat
import threading
from urllib.parse import urlsplit

import pytest

from kb import accounts as acc
from kb.accounts import AccountError, Accounts
from manage_site import PASSWORD, app_for, csrf_of, login, make_site
from sec_site import written


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    corpus, instance = make_site(tmp_path_factory.mktemp("sessions"))
    return corpus, instance, app_for(corpus, instance)


def _cookie(client) -> str:
    return client.get_cookie("session").value


def test_a_session_is_dead_after_logout_cookie_and_token(site):
    corpus, instance, app = site
    with app.test_client() as c:
        assert login(c, "bientap").status_code == 302
        token = csrf_of(c.get("/quan-ly/").get_data(as_text=True))
        stolen = _cookie(c)
        c.post("/tai-khoan/dang-xuat", data={"csrf_token": token})
    before = written(corpus, instance / "reports")
    with app.test_client() as thief:
        thief.set_cookie("session", stolen)
        r = thief.get("/quan-ly/")
        assert r.status_code == 302 and "/tai-khoan/dang-nhap" in r.headers["Location"]
        r = thief.post("/quan-ly/van-ban/06-2006-qdd-ubnd.2006-01-16/thong-tin",
                       data={"csrf_token": token, "signer": "Kẻ trộm", "why": "x", "version": ""})
        assert r.status_code == 302 and "/tai-khoan/dang-nhap" in r.headers["Location"]
        thief.set_cookie("session", stolen)
        r = thief.post("/bao-cao/", data={"csrf_token": token, "text": "Nghị định 61/2018/NĐ-CP"})
        assert r.status_code == 400                        # its CSRF token is gone with it
    assert written(corpus, instance / "reports") == before


def test_a_session_is_kept_on_the_server_not_in_the_cookie(site):
    corpus, instance, app = site
    with app.test_client() as c:
        login(c, "bientap")
        assert c.get("/quan-ly/").status_code == 200
        Accounts(instance).close_sessions("bientap")       # e.g. the account disabled, a password changed
        assert c.get("/quan-ly/").status_code == 302


def test_a_signed_only_cookie_of_the_old_kind_is_not_a_session(site):
    corpus, instance, app = site
    import time
    with app.test_client() as c:
        with c.session_transaction() as s:
            s.update(user="quantri", login_at=time.time(), csrf="x")
        assert c.get("/tai-khoan/").status_code == 302


EVIL_NEXT = ["/\t/evil.example", "//evil.example", "/\\evil.example", "\\\\evil.example", "/\n/evil.example",
             "/\r\nSet-Cookie: a=b", "https://evil.example/", "javascript:alert(1)", " //evil.example",
             "/\x00/evil.example", "///evil.example", "/\u3000/evil.example", "\t//evil.example", "/" + "a" * 5000]


def _lands_here(location: str) -> bool:
    """Where a browser goes: tabs and newlines dropped, "\\" read as "/"."""
    seen = "".join(ch for ch in location if ch not in "\t\r\n").replace("\\", "/")
    parts = urlsplit(seen)
    return parts.netloc in ("", "localhost") and not seen.startswith("//") and parts.scheme in ("", "http")


@pytest.mark.parametrize("nxt", EVIL_NEXT)
def test_next_never_leaves_the_site(site, nxt):
    corpus, instance, app = site
    with app.test_client() as c:
        page = c.get("/tai-khoan/dang-nhap", query_string={"next": nxt})
        assert page.status_code == 200
        r = c.post("/tai-khoan/dang-nhap", data={"name": "rasoat", "password": PASSWORD, "next": nxt,
                                                  "csrf_token": csrf_of(page.get_data(as_text=True))})
        assert r.status_code == 302
        assert _lands_here(r.headers["Location"]), r.headers["Location"]


def test_next_within_the_site_is_followed(site):
    corpus, instance, app = site
    with app.test_client() as c:
        page = c.get("/tai-khoan/dang-nhap", query_string={"next": "/tim-kiem?q=Nghị định"})
        r = c.post("/tai-khoan/dang-nhap", data={"name": "rasoat", "password": PASSWORD,
                                                  "next": "/tim-kiem?q=Nghị định",
                                                  "csrf_token": csrf_of(page.get_data(as_text=True))})
        assert r.headers["Location"] == "/tim-kiem?q=Ngh%E1%BB%8B%20%C4%91%E1%BB%8Bnh"


# --- login limits ----------------------------------------------------------------

@pytest.fixture()
def people(tmp_path):
    a = Accounts(tmp_path)
    a.add("chu", PASSWORD, ["editor"])
    a.add("khac", PASSWORD, ["editor"])
    return a


def test_a_stranger_cannot_keep_the_owner_out(people):
    assert people.authenticate("chu", PASSWORD, "10.0.0.1")             # the owner's office
    for _ in range(acc.MAX_FAILURES * 3):
        try:
            people.authenticate("chu", "doan-mo", "10.6.6.6")
        except AccountError:
            pass
    assert people.authenticate("chu", PASSWORD, "10.0.0.1")             # at once, from where they log in


def test_made_up_names_block_their_address_not_its_known_users(people):
    assert people.authenticate("khac", PASSWORD, "10.0.0.2")
    for i in range(acc.MAX_FAILURES):
        assert people.authenticate(f"khong-co-{i}", "doan-mo", "10.0.0.2") is None
    with pytest.raises(AccountError):
        people.authenticate("chu", PASSWORD, "10.0.0.2")                 # new here: the address is blocked
    assert people.authenticate("khac", PASSWORD, "10.0.0.2")            # logged in from here before


def test_an_account_under_attack_is_delayed_exponentially_not_locked(people):
    t = 1_000_000.0
    free = acc.ACCOUNT_FREE_FAILURES
    for i in range(free):                        # from many addresses: each under its own limit
        assert people.authenticate("chu", "doan-mo", f"10.1.0.{i}", now=t + i) is None
    with pytest.raises(AccountError, match="giây"):
        people.authenticate("chu", PASSWORD, "10.2.0.1", now=t + free - 1 + acc.ACCOUNT_DELAY_BASE / 2)
    last = t + free - 1 + acc.ACCOUNT_DELAY_BASE
    assert people.authenticate("chu", "doan-mo", "10.2.0.2", now=last) is None      # one more failure
    wait = acc.ACCOUNT_DELAY_BASE * 2
    with pytest.raises(AccountError):
        people.authenticate("chu", PASSWORD, "10.2.0.3", now=last + wait - 0.1)
    assert people.authenticate("chu", PASSWORD, "10.2.0.3", now=last + wait)       # the owner, after the delay


def test_the_same_address_and_account_is_limited_even_when_trusted(people):
    assert people.authenticate("chu", PASSWORD, "10.0.0.3")
    for _ in range(acc.MAX_FAILURES):
        assert people.authenticate("chu", "doan-mo", "10.0.0.3") is None
    with pytest.raises(AccountError, match="15 phút"):
        people.authenticate("chu", PASSWORD, "10.0.0.3")


def _race(people, n: int, addresses) -> tuple[int, int]:
    checked, refused = [], []
    start = threading.Barrier(n)

    def guess(i):
        start.wait()
        try:
            people.authenticate("chu", f"doan-{i}", addresses(i))
            checked.append(i)
        except AccountError:
            refused.append(i)
    threads = [threading.Thread(target=guess, args=(i,)) for i in range(n)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return len(checked), len(refused)


def test_concurrent_guesses_from_one_address_do_not_race_past_the_limit(people):
    checked, refused = _race(people, 30, lambda i: "10.9.9.9")
    assert checked == acc.MAX_FAILURES and refused == 30 - acc.MAX_FAILURES


def test_concurrent_guesses_from_many_addresses_do_not_race_past_the_account_delay(people, monkeypatch):
    monkeypatch.setattr(acc, "ACCOUNT_DELAY_BASE", 600.0)
    checked, refused = _race(people, 30, lambda i: f"10.8.{i}.1")
    assert checked == acc.ACCOUNT_FREE_FAILURES and refused == 30 - acc.ACCOUNT_FREE_FAILURES


def test_the_accounts_file_is_the_owners_only(tmp_path):
    Accounts(tmp_path).add("lan", PASSWORD, ["editor"])
    for p in tmp_path.glob("accounts.sqlite*"):
        assert stat.S_IMODE(os.stat(p).st_mode) & 0o077 == 0, p
