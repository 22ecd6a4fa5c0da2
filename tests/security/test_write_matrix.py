"""Every write route × every role × every kind of token, generated from the
app's URL map: a route added later is in the matrix without editing this file.

A route that changes something is a POST (or PUT, PATCH, DELETE) route. Each
is either guarded by ``web.auth.write_action`` (its view says the role it
needs) or is one of the few open to anyone (ANYONE), which still need the
form's CSRF token. For a guarded route: anonymous → the login page; an
account without the role → 403; the role with no token, a forged token or
another session's token → 400; each time nothing is written.
"""
import hashlib
import re

import pytest

from indexer import curation as logs
from indexer import ingest
from kb import curation, store
from kb.accounts import ADMIN, EDITOR, REVIEWER, Accounts
from manage_site import DECISION, app_for, csrf_of, login, make_site

RECORD = "06-2006-qdd-ubnd.2006-01-16"
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# Open to anyone, each still checking the form's token.
ANYONE = {"auth.login", "auth.logout", "reports.submit", "reports.apply_fixes"}
USERS = {"bientap": {EDITOR}, "rasoat": {REVIEWER}, "quantri": {ADMIN}}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("matrix")
    corpus, instance = make_site(root)
    source = ingest.read_upload(DECISION.read_bytes(), "qd.txt")
    token = ingest.stage(instance, DECISION.read_bytes(), source, "qd.txt")
    added = logs.append(corpus, RECORD, lambda _: curation.event_entry(
        {"kind": "expires", "date": "2010-01-01", "by_number": "01/2010/QĐ-UBND", "quote": "thử"}, "bientap", "x"))
    corrected = logs.append(corpus, RECORD, lambda es: curation.set_fields(
        {"signer": None}, {"signer": "Người ký thử"}, "bientap", "x"))
    app = app_for(corpus, instance)
    with app.test_client() as c:
        cid = re.findall(r'id="c-([0-9a-f]{16})"', c.get("/de-xuat/").get_data(as_text=True))[0]
        page = c.get("/bao-cao/").get_data(as_text=True)
        r = c.post("/bao-cao/", data={"csrf_token": csrf_of(page), "text": "Theo Quyết định 06/2006/QĐ-UBND."})
        ref = r.headers["Location"].split("/bao-cao/")[1].split("?")[0]
    db = store.connect(instance / "current" / "kb.sqlite", readonly=True)
    (decree,) = store.documents_by_number(db, "158/2007/NĐ-CP")
    fp = curation.fingerprint(store.events_on(db, decree["key"])[0])
    db.close()
    values = {"key": RECORD, "token": token, "event_id": added["event_id"], "entry_id": corrected["id"],
              "cid": cid, "ref": ref, "fp": fp}
    return {"corpus": corpus, "instance": instance, "app": app, "values": values, "decree": decree["key"]}


def write_routes(app) -> list[tuple[str, str, str | None]]:
    """(endpoint, method, role needed or None when open to anyone), from the URL map."""
    out = []
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods & WRITE_METHODS):
            role = getattr(app.view_functions[rule.endpoint], "write_role", None)
            out.append((rule.endpoint, method, role))
    return out


def url_of(site, endpoint: str) -> str:
    app, values = site["app"], site["values"]
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    args = {name: values.get(name, "x") for name in rule.arguments}
    if endpoint == "manage.retract_source_event":
        args["key"] = site["decree"]
    with app.test_request_context():
        from flask import url_for
        return url_for(endpoint, **args)


FORM = {"signer": "Ai đó", "why": "x", "version": "", "kind": "repeals", "date": "2019-02-01",
        "by_number": "09/2019/QĐ-UBND", "quote": "q", "number": "07/2024/QĐ-TTg", "issued": "2024-06-20",
        "title": "t", "name": "moi", "password": "mat-khau-moi-123", "roles": "admin", "text": "Luật 15/2017/QH14",
        "i": "0", "file": None}


def snapshot(site) -> dict:
    out = {}
    for base in (site["corpus"], site["instance"] / "uploads", site["instance"] / "reports"):
        for p in sorted(base.rglob("*")):
            if p.is_file() and p.name != ".lock":
                out[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
    out["users"] = str(Accounts(site["instance"]).list())
    return out


def _send(client, method, url, token):
    form = {k: v for k, v in FORM.items() if v is not None}
    if token is not None:
        form["csrf_token"] = token
    return client.open(url, method=method, data=form)


def test_every_write_route_is_guarded_or_known_open(site):
    routes = write_routes(site["app"])
    assert len(routes) >= 14
    for endpoint, method, role in routes:
        assert role is not None or endpoint in ANYONE, f"{endpoint} ({method}) writes without write_action"


def _clients(site):
    clients = {}
    for name in USERS:
        c = site["app"].test_client()
        assert login(c, name).status_code == 302
        clients[name] = (c, csrf_of(c.get("/").get_data(as_text=True)))
    return clients


def test_anonymous(site):
    with site["app"].test_client() as c:
        own = csrf_of(c.get("/bao-cao/").get_data(as_text=True))
        for endpoint, method, role in write_routes(site["app"]):
            url = url_of(site, endpoint)
            # open routes with a valid token do their work (other tests say what)
            for token in (None, "forged", own) if role is not None else (None, "", "forged"):
                before = snapshot(site)
                r = _send(c, method, url, token)
                if role is not None:
                    assert r.status_code == 302 and "/tai-khoan/dang-nhap" in r.headers["Location"], (endpoint, token)
                elif endpoint == "auth.logout":
                    assert r.status_code == 302, (endpoint, token)
                else:
                    assert r.status_code == 400, (endpoint, token, r.status_code)
                assert snapshot(site) == before, (endpoint, token)


def test_roles_and_tokens(site):
    clients = _clients(site)
    other_token = {name: clients[next(n for n in USERS if n != name)][1] for name in USERS}
    checked = 0
    for endpoint, method, role in write_routes(site["app"]):
        if role is None:
            continue
        url = url_of(site, endpoint)
        for name, roles in USERS.items():
            c, own = clients[name]
            allowed = role == "account" or role in roles or ADMIN in roles
            tokens = (None, "", "forged", other_token[name]) if allowed else (None, "forged", own)
            for token in tokens:
                before = snapshot(site)
                r = _send(c, method, url, token)
                expected = 400 if allowed else 403
                assert r.status_code == expected, (endpoint, name, token, r.status_code)
                assert snapshot(site) == before, (endpoint, name, token)
                checked += 1
    assert checked >= 14 * 3 * 3
