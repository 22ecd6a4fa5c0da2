from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
REPORT = ROOT / "corpus" / "reports" / "bao-cao-cchc-2019-sldtbxh-ha-tinh.txt"


@pytest.fixture(scope="session")
def report_text() -> str:
    return REPORT.read_text(encoding="utf-8")
