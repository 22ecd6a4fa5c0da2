"""Citations in real sentences from public-data:data (copied into tests/data)."""
import json

import pytest

from kb.citations import extract
from conftest import DATA

CASES = [json.loads(line) for line in open(DATA / "real_sentences.jsonl", encoding="utf-8")]


def test_enough_real_sentences():
    assert len(CASES) >= 30
    assert sum(1 for c in CASES if "\n" in c["text"]) >= 3


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:40] for c in CASES])
def test_real_sentence(case):
    got = []
    for c in extract(case["text"]):
        assert case["text"][c.start:c.end] == c.text
        ident = c.name if c.kind == "named" else (c.refers_to or c.number)
        got.append([c.kind, ident, c.issued.isoformat() if c.issued else None, c.pinpoint])
    assert got == case["expect"]
