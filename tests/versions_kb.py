"""A KB of real amended documents and the operations on them, for the
versions tests: tests/data/versions/*.json (real texts, copied; see each
file's "about") written through kb.store and linked by indexer.link."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from conftest import DATA
from indexer.link import link
from kb import store
from kb.model import Document, Event, Evidence, Operation, Provision

SLICES = DATA / "versions"


def _date(iso):
    return dt.date.fromisoformat(iso) if iso else None


def load(name: str) -> dict:
    return json.loads((SLICES / f"{name}.json").read_text(encoding="utf-8"))


def write_kb(path: Path, names=("luat-43-2024", "nd-79-2001", "tt-30-2025", "phapdien", "tt-13-2019")) -> Path:
    """The KB of the named slices at ``path`` (a kb.sqlite file)."""
    db = store.connect(path)
    store.create(db)
    for name in names:
        data = load(name)
        ops: dict[str, list[Operation]] = {}
        for o in data["operations"]:
            ops.setdefault(o["by_number"], []).append(Operation(
                o["action"], o["target"],
                Evidence(o["evidence_origin"], o["quote"], o["source"], o["by_number"], o["by_provision"]),
                o["provision"], o["anchor"], o["text"], o["old_words"], o["new_words"], o["after"],
                _date(o["date"]), o["date_note"], _date(o.get("target_issued")), o["by_anchor"]))
        for d in data["documents"]:
            doc = Document(d["number"], d["doc_type"], d["title"], d["issuer"], _date(d["issued"]),
                           effective_from=_date(d["effective_from"]), effective_note=d["effective_note"],
                           source=d["source"])
            doc.provisions = [Provision(p["anchor"], p["label"], p["kind"], p["heading"] or "", p["text"] or "",
                                        p["parent"], p["source"], p.get("codified_as")) for p in d["provisions"]]
            doc.events = [Event(e["kind"], e["target"], Evidence(e["evidence_origin"], e["quote"], e["source"],
                                                                 e["by_number"], e["by_provision"]),
                                _date(e["date"]), e["date_note"], e["scope"], _date(e["target_issued"]))
                          for e in d["events"]]
            doc.operations = ops.pop(d["number"], [])
            store.write_document(db, d["key"], doc, d["origin"])
        assert not ops, f"{name}: operations of documents not in the slice: {list(ops)}"
    link(db)
    db.commit()
    db.close()
    return path


def write_instance(root: Path, names=None) -> Path:
    """An instance folder whose live KB is the slices (for the web app and the CLI)."""
    build = root / "kb-20260101-000000-test"
    build.mkdir(parents=True)
    write_kb(build / "kb.sqlite", *(() if names is None else (names,)))
    (build / "BUILD_OK").write_text("test\n")
    (root / "current").symlink_to(build.name)
    return root
