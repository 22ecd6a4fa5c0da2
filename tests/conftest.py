from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
REPORT = ROOT / "corpus" / "reports" / "bao-cao-cchc-2019-sldtbxh-ha-tinh.txt"
# The four vbpl.vn pages of one document (ItemID 2315), as shipped in the corpus.
VBPL_PAGES = ROOT / "corpus" / "vbpl" / "2315"


@pytest.fixture(scope="session")
def report_text() -> str:
    return REPORT.read_text(encoding="utf-8")
