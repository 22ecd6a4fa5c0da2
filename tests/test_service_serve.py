"""`cancu serve`: gunicorn with several workers, /healthz, the request log,
the version in the footer, a clear refusal when the port is taken, and
"đang chạy" said only once the port is bound."""
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from indexer.build import build
from test_linked_corpus import make_corpus


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("serve")
    corpus = make_corpus(root)
    build(corpus, root / "instance")
    port = free_port()
    log = root / "access.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "cancu.cli", "serve", "--port", str(port), "--workers", "2", "--threads", "2",
         "--instance", str(root / "instance"), "--corpus", str(corpus), "--access-log", str(log)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    announced = ""
    for line in proc.stderr:       # the announcement comes once the port is bound
        if "đang chạy" in line:
            announced = line
            break
    assert announced, "serve never said it was running"
    yield f"http://127.0.0.1:{port}", port, proc, announced, log, root
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=60)


def test_announced_once_bound_with_workers(site):
    base, port, proc, announced, _, _ = site
    assert f"127.0.0.1:{port}" in announced and "2 tiến trình" in announced
    with socket.create_connection(("127.0.0.1", port), timeout=5):
        pass
    # gunicorn: a master and its two workers (started just after the announcement)
    for _ in range(600):
        kids = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
        if len(kids) >= 2:
            break
        time.sleep(0.05)
    assert len(kids) == 2


def test_healthz_and_footer(site):
    base, *_ = site
    status, body = get(base + "/healthz")
    data = json.loads(body)
    assert status == 200 and data["status"] == "ok" and data["kb"].startswith("kb-") and data["version"]
    status, page = get(base + "/")
    assert status == 200 and f"Căn cứ {data['version']}" in page


def test_requests_are_logged(site):
    base, _, _, _, log, _ = site
    get(base + "/healthz?from=test")
    for _ in range(100):
        if log.exists() and "/healthz?from=test" in log.read_text():
            break
        time.sleep(0.05)
    line = [l for l in log.read_text().splitlines() if "/healthz?from=test" in l][0]
    assert '"GET /healthz?from=test HTTP/1.1" 200' in line


def test_port_taken_is_refused_before_announcing(site):
    _, port, _, _, _, root = site
    r = subprocess.run([sys.executable, "-m", "cancu.cli", "serve", "--port", str(port),
                        "--instance", str(root / "instance")], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2
    assert "đang chạy" not in r.stdout + r.stderr and "Traceback" not in r.stderr
    assert r.stderr.startswith("cancu: ") and str(port) in r.stderr


def test_healthz_without_kb(tmp_path):
    from web import create_app
    app = create_app({"KB_INSTANCE": str(tmp_path / "none"), "CORPUS": str(tmp_path)})
    r = app.test_client().get("/healthz")
    assert r.status_code == 503 and r.get_json()["status"] == "no-kb"
