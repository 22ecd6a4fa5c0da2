"""Security headers and cookie flags (issue 16, Low): a Content-Security-Policy
allowing only this site's files, no framing, no type sniffing; the session
cookie HttpOnly, SameSite=Lax, and Secure when the request came over HTTPS;
no page uses an inline script or style the policy would block."""
import re
from pathlib import Path

import pytest

from manage_site import PASSWORD, app_for, csrf_of, login, make_site

TEMPLATES = Path(__file__).resolve().parents[2] / "web" / "templates"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    corpus, instance = make_site(tmp_path_factory.mktemp("headers"))
    return app_for(corpus, instance)


@pytest.mark.parametrize("path", ["/", "/tim-kiem?q=61/2018", "/van-ban/61-2018-ndd-cp.2018-04-23", "/bao-cao/",
                                  "/tai-khoan/dang-nhap", "/khong-co", "/api/search?q=61"])
def test_every_answer_carries_the_headers(app, path):
    r = app.test_client().get(path)
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" not in r.headers


def test_the_session_cookie_is_secure_over_https_only(app):
    with app.test_client() as c:
        r = login(c, "bientap")
        cookie = r.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    with app.test_client() as c:
        https = "https://localhost"
        page = c.get("/tai-khoan/dang-nhap", base_url=https).get_data(as_text=True)
        r = c.post("/tai-khoan/dang-nhap", base_url=https, data={"name": "bientap", "password": PASSWORD,
                                                                 "csrf_token": csrf_of(page)})
        assert r.status_code == 302
        assert "Secure" in r.headers["Set-Cookie"]
        assert r.headers["Strict-Transport-Security"].startswith("max-age=")


def test_no_template_has_inline_script_or_style():
    for page in TEMPLATES.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), page.name
        assert not re.search(r"<style\b|\sstyle=|\son[a-z]+=", html), page.name
