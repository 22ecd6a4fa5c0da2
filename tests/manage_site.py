"""A small site for the document-management tests: the pháp điển slice, the two
Hà Tĩnh records the reference report names (09/2019 and 06/2006/QĐ-UBND), the
reference report itself, and one account per role."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import DATA, REPORT, ROOT
from indexer.build import build
from kb.accounts import Accounts
from test_linked_corpus import make_corpus

HA_TINH = ROOT / "corpus" / "documents" / "ha-tinh"
RECORDS = ("06-2006-qdd-ubnd.2006-01-16.md", "09-2019-qdd-ubnd.2019-01-28.md")
PASSWORD = "mat-khau-thu-nghiem"
USERS = {"bientap": ["editor"], "rasoat": ["reviewer"], "quantri": ["admin"]}
DECISION = DATA / "documents" / "07-2024-qdd-ttg.txt"     # a real decision (see its README)


def make_site(root: Path) -> tuple[Path, Path]:
    corpus = make_corpus(root)
    (corpus / "documents" / "ha-tinh").mkdir(parents=True)
    for name in RECORDS:
        shutil.copy(HA_TINH / name, corpus / "documents" / "ha-tinh" / name)
    (corpus / "reports").mkdir()
    shutil.copy(REPORT, corpus / "reports" / REPORT.name)
    instance = root / "instance"
    result = build(corpus, instance)
    assert result.errors == [], result.errors
    accounts = Accounts(instance)
    for name, roles in USERS.items():
        accounts.add(name, PASSWORD, roles)
    return corpus, instance


def app_for(corpus: Path, instance: Path, **config):
    from web import create_app
    return create_app({"KB_INSTANCE": str(instance), "CORPUS": str(corpus), "TESTING": True, **config})


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "no CSRF token in the page"
    return m.group(1)


def login(client, name: str, password: str = PASSWORD):
    page = client.get("/tai-khoan/dang-nhap").get_data(as_text=True)
    return client.post("/tai-khoan/dang-nhap", data={"name": name, "password": password,
                                                     "csrf_token": csrf_of(page)})


def pdf_of(objects: list[bytes]) -> bytes:
    """A minimal PDF file of these objects (numbered from 1, the first the
    catalogue), with its cross-reference table: for tests that need a PDF
    of a given shape (a page size, an image, a filtered stream)."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
