"""`cancu serve`: the web app under gunicorn, a production WSGI server.

Why gunicorn rather than waitress: a request that holds the GIL (a long
report trace, a pathological regex, a big export) blocks every thread of
its process. gunicorn runs several worker *processes* (each with a few
threads), so one such request holds one worker while the others keep
answering; waitress serves from threads of a single process, where it
would freeze the whole server. Workers are restarted if they die, and
each keeps its own caches (``web/kbconn.py``), keyed by the live build.
"""
from __future__ import annotations

import os
import socket

from gunicorn.app.base import BaseApplication


def default_workers() -> int:
    """Two per core, at least two: requests are short, and a GIL-bound one
    must leave others free."""
    return max(2, 2 * (os.cpu_count() or 1))


class Server(BaseApplication):
    def __init__(self, config: dict, options: dict, on_ready=None):
        self.app_config, self.options, self.on_ready = config, options, on_ready
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)
        if self.on_ready is not None:
            on_ready = self.on_ready
            self.cfg.set("when_ready", lambda _arbiter: on_ready())

    def load(self):
        from web import create_app
        return create_app(self.app_config)


def port_free(host: str, port: int) -> str | None:
    """None when ``host:port`` can be bound, else the reason."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as e:
        return f"không phân giải được {host}: {e.strerror}"
    family, _, _, _, addr = infos[0]
    s = socket.socket(family, socket.SOCK_STREAM)
    try:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(addr)
    except OSError as e:
        return f"không mở được cổng {port} trên {host}: {e.strerror}"
    finally:
        s.close()
    return None


def run(config: dict, host: str, port: int, workers: int, threads: int, access_log: str | None,
        timeout: int, on_ready=None) -> None:
    options = {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "accesslog": access_log,
        "access_log_format": '%(h)s "%(r)s" %(s)s %(b)s %(M)sms',
        "errorlog": "-",
        "loglevel": "warning",
        "timeout": timeout,          # a worker silent this long is restarted
        "graceful_timeout": 30,
        "proc_name": "cancu",
    }
    Server(config, options, on_ready).run()
