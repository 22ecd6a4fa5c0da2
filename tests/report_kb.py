"""A KB for tracing the reference report: real slices of the pháp điển and of
the scraped vbpl laws, plus the corpus records of the report's local documents."""
import shutil
import tarfile
from pathlib import Path

from conftest import DATA, ROOT
from indexer.build import build
from test_linked_corpus import make_corpus


def make_report_kb(root: Path) -> tuple[Path, Path]:
    """Build it under ``root``; the corpus and the instance folders."""
    corpus = make_corpus(root)
    shutil.copytree(ROOT / "corpus" / "documents" / "ha-tinh", corpus / "documents" / "ha-tinh")
    (corpus / "vbpl-review").mkdir()
    with tarfile.open(corpus / "vbpl-review" / "scraped.tar.xz", "w:xz") as tar:
        for f in (DATA / "vbpl-review").glob("*.json"):
            tar.add(f, arcname=f"scraped/{f.name}")
    result = build(corpus, root / "instance")
    assert result.errors == [], result.errors
    return corpus, root / "instance"
