"""Killing the server during a save leaves the old or the new version of the
document and of its history, never a broken one."""
import html
import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

import pytest

from indexer import curation as logs
from indexer.sources.corpus_md import read_corpus_md
from kb import curation
from manage_site import PASSWORD, make_site

RECORD = "06-2006-qdd-ubnd.2006-01-16"
HISTORY = 20000       # entries already in the log: a save rewrites a few MB, long enough to be hit


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, corpus, instance):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "cancu.cli", "serve", "--port", str(self.port),
             "--instance", str(instance), "--corpus", str(corpus)],
            start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/tai-khoan/dang-nhap", timeout=2)
                return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("server did not start")

    def kill(self):
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()


class Browser:
    """Just enough of a browser: cookies, forms with their CSRF token."""

    def __init__(self, url):
        self.url = url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path) -> str:
        return self.opener.open(self.url + path, timeout=30).read().decode()

    def post(self, path, form):
        data = urllib.parse.urlencode(form).encode()
        return self.opener.open(self.url + path, data=data, timeout=60)

    def login(self, name):
        token = csrf(self.get("/tai-khoan/dang-nhap"))
        self.post("/tai-khoan/dang-nhap", {"name": name, "password": PASSWORD, "csrf_token": token})


def csrf(page: str) -> str:
    return html.unescape(re.search(r'name="csrf_token" value="([^"]+)"', page).group(1))


def version_of(page: str) -> str:
    return re.search(r'name="version" value="([^"]*)"', page).group(1)


@pytest.fixture()
def site(tmp_path):
    corpus, instance = make_site(tmp_path)
    # a long history, written as the app writes it
    entries = [curation.entry("set", "bientap", f"lần {i}", changes={"place": [None if i == 0 else f"nơi {i - 1}",
                                                                              f"nơi {i}"]})
               for i in range(HISTORY)]
    lines = [json.dumps(e, ensure_ascii=False, sort_keys=True) for e in entries]
    logs.atomic_write(logs.log_path(corpus, RECORD), ("\n".join(lines) + "\n").encode())
    return corpus, instance


def test_killing_the_server_mid_save_leaves_old_or_new(site):
    corpus, instance = site
    path = logs.log_path(corpus, RECORD)
    outcomes = {"old": 0, "new": 0}
    for i, delay in enumerate((0.0, 0.02, 0.05, 0.08, 0.12, 0.2, 0.35, 0.6)):
        before = logs.read_log(path)
        server = Server(corpus, instance)
        b = Browser(server.url)
        b.login("bientap")
        page = b.get(f"/quan-ly/van-ban/{RECORD}")
        form = {"csrf_token": csrf(page), "version": version_of(page), "signer": f"Người ký {i}",
                "why": f"thử lần {i}"}
        for name in ("number", "doc_type", "title", "issuer", "issued", "place"):
            m = re.search(rf'<input name="{name}" value="([^"]*)"', page)
            if m:
                form[name] = html.unescape(m.group(1))
        form["title"] = html.unescape(re.search(r'<textarea name="title"[^>]*>([^<]*)</textarea>', page).group(1))
        threading.Thread(target=_post_quietly, args=(b, f"/quan-ly/van-ban/{RECORD}/thong-tin", form),
                         daemon=True).start()
        time.sleep(delay)
        server.kill()
        after = logs.read_log(path)           # every line whole JSON, or this raises
        if after == before:
            outcomes["old"] += 1
        else:
            assert after[:-1] == before and len(after) == len(before) + 1
            assert after[-1]["changes"] == {"signer": [curation.fold(before).fields.get("signer"), f"Người ký {i}"]}
            outcomes["new"] += 1
    assert outcomes["old"] + outcomes["new"] == 8
    print("kills leaving the old / the new version:", outcomes)
    # the next server reads what was saved, and saves again
    server = Server(corpus, instance)
    try:
        b = Browser(server.url)
        b.login("bientap")
        page = b.get(f"/quan-ly/van-ban/{RECORD}")
        assert version_of(page) == curation.fold(logs.read_log(path)).version
        form = {"csrf_token": csrf(page), "version": version_of(page), "signer": "Người ký cuối",
                "why": "sau các lần tắt"}
        b.post(f"/quan-ly/van-ban/{RECORD}/thong-tin", form)
    finally:
        server.kill()
    assert curation.fold(logs.read_log(path)).fields["signer"] == "Người ký cuối"
    assert not list(path.parent.glob(".*.tmp"))      # temporary files of killed saves are gone


def _post_quietly(b, path, form):
    try:
        b.post(path, form)
    except OSError:
        pass      # the server was killed under it


def test_an_upload_killed_mid_save_is_whole_or_absent(tmp_path):
    """The corpus record of an upload is written with one rename: a crash
    before it leaves no record, after it a whole one."""
    from indexer.curation import atomic_write
    target = tmp_path / "documents" / "tai-len" / "x.md"
    make_body = '"---\\nnumber: 07/2024/QĐ-TTg\\n---\\n" + "Điều 1. Nội dung.\\n" * 400000'
    body = eval(make_body)
    code = (f"import sys; sys.path.insert(0, {str(os.getcwd())!r})\n"
            "from pathlib import Path\nfrom indexer.curation import atomic_write\n"
            f"atomic_write(Path({str(target)!r}), ({make_body}).encode())\n")
    seen = set()
    for delay in (0.0, 0.05, 0.1, 0.2, 0.4):
        if target.exists():
            target.unlink()
        proc = subprocess.Popen([sys.executable, "-c", code], start_new_session=True)
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        if target.exists():
            assert read_corpus_md(target.read_bytes()).meta["number"] == "07/2024/QĐ-TTg"
            assert target.read_text(encoding="utf-8") == body
            seen.add("new")
        else:
            seen.add("absent")
    atomic_write(target, body.encode())
    assert target.read_text(encoding="utf-8") == body
