"""A live server and a headless Chromium for browser tests, and the steps
the browser tests share: a module's ``site`` fixture (a KB built in a fresh
folder, its web app served, a browser on it), opening one of its pages at a
width, sending the reference report, logging in, a citation's popover and
axe-core's serious violations.

Playwright drives Debian's chromium (/usr/bin/chromium); Playwright's own
browser download is not used (and cannot work here).
"""
from __future__ import annotations

import shutil
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from werkzeug.serving import make_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}
# axe-core, installed from npm by `make setup-test` (see tests/a11y)
AXE = Path(__file__).resolve().parent / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")


class LiveServer:
    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join(timeout=10)


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)


@dataclass
class Site:
    """A web app served on ``url``, a browser to read it, and the folder its KB was made in."""
    url: str
    browser: Browser
    app: Any
    root: Path
    timeout: float | None = None      # ms, every page's default; Playwright's own if None

    def open(self, path: str, viewport: dict | None = None, **options) -> Page:
        """A new page (``viewport`` wide and high, if given; ``options`` for
        ``new_page``) on ``path`` of the site, or on a full URL."""
        page = self.browser.new_page(**({"viewport": viewport} if viewport else {}), **options)
        if self.timeout is not None:
            page.set_default_timeout(self.timeout)
        page.goto(path if "://" in path else self.url + path)
        return page


def live_site(name: str, make_app: Callable[[Path], Any], *, timeout: float | None = None):
    """A module-scoped ``site`` fixture: ``make_app(root)`` makes a KB in a
    fresh folder ``root`` (named after ``name``) and returns the web app on
    it; the fixture serves the app, launches the browser and yields a Site."""
    @pytest.fixture(scope="module", name="site")
    def site(tmp_path_factory):
        root = tmp_path_factory.mktemp(name)
        app = make_app(root)
        with LiveServer(app) as server, sync_playwright() as p:
            browser = launch(p)
            yield Site(server.url, browser, app, root, timeout)
            browser.close()
    return site


def built(corpus: Path) -> Path:
    """Build ``corpus`` into the ``instance`` folder beside it; there must be no error. The instance."""
    from indexer.build import build
    instance = corpus.parent / "instance"
    result = build(corpus, instance)
    assert result.errors == [], result.errors
    return instance


def app_on(instance: Path, corpus: Path | None = None, **config):
    """The web app on ``instance`` (and on ``corpus``, given: the pages that
    read or write the corpus need it), with more ``config``."""
    from web import create_app
    return create_app({"KB_INSTANCE": str(instance), **({"CORPUS": str(corpus)} if corpus is not None else {}), **config})


def sent_report(site: Site, day: str, *, text: str | None = None, file: Path | None = None) -> str:
    """Send a report on /bao-cao/, pasted (``text``) or uploaded (``file``),
    for ``day`` (yyyy-mm-dd), as a user does; the URL of the page it lands on,
    which shows that day."""
    page = site.open("/bao-cao/")
    if file is not None:
        page.set_input_files("input[name=file]", str(file))
    else:
        page.fill("textarea[name=text]", text)
    page.fill("input[name=ngay]", day)
    page.click("form.report-form button[type=submit]")
    expect(page.locator("strong.report-day")).to_have_text(date.fromisoformat(day).strftime("%d/%m/%Y"))
    landed = page.url
    page.close()
    return landed


def log_in(page: Page, url: str, name: str, password: str) -> None:
    """Log in on the site at ``url`` as ``name``; the header then names them."""
    page.goto(f"{url}/tai-khoan/dang-nhap")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", password)
    page.click("form.manage-form button[type=submit]")
    expect(page.locator("header .account")).to_contain_text(name)


def popover_of(page: Page, link):
    """The popover that describes an in-text citation's ``link``."""
    return page.locator(f"#{link.get_attribute('aria-describedby')}")


def serious_violations(page: Page) -> list[tuple]:
    """axe-core's serious and critical violations on ``page`` (opened with
    ``bypass_csp=True``: the pages allow only their own scripts, see
    web/security.py): (rule, impact, how many nodes, the first node's HTML)."""
    assert AXE.exists(), "axe-core is not installed: run `make setup-test`"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["impact"], len(v["nodes"]), v["nodes"][0]["html"][:160])
            for v in result["violations"] if v["impact"] in SERIOUS]
