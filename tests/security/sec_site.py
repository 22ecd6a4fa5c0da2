"""Helpers of the security tests: a small site (see tests/manage_site.py), what
the app may write, and an editor's upload through the UI."""
from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

from manage_site import csrf_of, login


def written(*folders: Path) -> dict[str, str]:
    """Every file under ``folders`` with its digest (locks aside)."""
    out = {}
    for base in folders:
        if base.exists():
            for p in sorted(base.rglob("*")):
                if p.is_file() and p.name != ".lock":
                    out[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def upload_and_save(client, data: bytes, name: str, **fields):
    """Upload ``data`` as an editor, then save the review form with ``fields``
    over what was read: (review page, answer to the save)."""
    token = csrf_of(client.get("/quan-ly/").get_data(as_text=True))
    r = client.post("/quan-ly/tai-len", data={"csrf_token": token, "file": (io.BytesIO(data), name)},
                    content_type="multipart/form-data")
    assert r.status_code == 302, r.get_data(as_text=True)[:500]
    review = client.get(r.headers["Location"]).get_data(as_text=True)
    form = dict(re.findall(r'<input name="(\w+)" value="([^"]*)"', review), csrf_token=token)
    form.update(title="Văn bản thử", why="thử")
    form.update(fields)
    return review, client.post(r.headers["Location"], data=form)


__all__ = ["login", "upload_and_save", "written"]
