"""bench/scaled_kb.py: the synthetic KB k times larger that bench/search.py
times (issue 11, "an index ten times larger") is a faithful multiple of the
KB it copies: k times the entries and documents, and each query finds every
original hit k times, under the renamed documents, with the same text."""
import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pytest

from indexer.build import build
from kb import search, store
from test_search import make_search_corpus

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("scaled_kb", ROOT / "bench" / "scaled_kb.py")
scaled_kb = importlib.util.module_from_spec(spec)
sys.modules["scaled_kb"] = scaled_kb
spec.loader.exec_module(scaled_kb)

K = 3


@pytest.fixture(scope="module")
def kbs(tmp_path_factory):
    root = tmp_path_factory.mktemp("scale")
    assert build(make_search_corpus(root), root / "instance").errors == []
    kb_dir = (root / "instance" / "current").resolve()
    target = scaled_kb.ensure_scaled(kb_dir, root / "scaled", K, log=lambda *_: None)
    dbs = [store.connect(kb_dir / "kb.sqlite", readonly=True),
           store.connect(target / "current" / "kb.sqlite", readonly=True)]
    engines = [search.engine_for(kb_dir / search.DIR_NAME, dbs[0]),
               search.engine_for(target / "current" / search.DIR_NAME, dbs[1])]
    yield kb_dir, target, dbs, engines
    for db in dbs:
        db.close()


def test_k_times_the_entries_and_documents(kbs):
    _, _, dbs, (one, big) = kbs
    a, b = one.catalog, big.catalog
    assert b.n == K * a.n and b.ndocs == K * a.ndocs
    assert b.live.all() and int(b.is_article.sum()) == K * int(a.is_article.sum())
    # each document is there k times, renamed, with as many entries each time
    per_key = Counter(a.keys[o] for o in a.doc_of)
    per_copy = Counter(b.keys[o] for o in b.doc_of)
    for key, n in per_key.items():
        assert [per_copy[scaled_kb.scaled_key(key, i)] for i in range(K)] == [n] * K
    assert sorted(scaled_kb.original_key(k) for k in b.keys) == sorted(a.keys * K)
    # and so are its provisions
    count = "SELECT count(*) FROM provisions WHERE doc_key IN (SELECT key FROM documents WHERE stub = 0)"
    assert dbs[1].execute(count).fetchone()[0] == K * dbs[0].execute(count).fetchone()[0]


@pytest.mark.parametrize("q", ["thời giờ làm việc", "bảo hiểm thất nghiệp", "thoi gio nghi ngoi"])
def test_each_hit_is_found_k_times(kbs, q):
    _, _, (db1, dbk), (one, big) = kbs
    level = search.Filters(level="article")
    r1 = search.search(one, db1, q, level, per_page=100)
    rk = search.search(big, dbk, q, level, per_page=100 * K)
    assert 0 < r1.total <= 100, "a query whose matches fit on one page"
    assert rk.total == K * r1.total and len(rk.hits) == K * len(r1.hits)
    originals = {h.id: h for h in r1.hits}
    copies: dict[str, list] = {}
    for h in rk.hits:
        key, _, anchor = h.id.partition("#")
        assert h.doc_key == key, "the stored id names the renamed document"
        copies.setdefault(f"{scaled_kb.original_key(key)}#{anchor}", []).append(h)
    assert copies.keys() == originals.keys()
    for hid, hs in copies.items():
        o = originals[hid]
        assert sorted(h.doc_key for h in hs) == sorted(scaled_kb.scaled_key(o.doc_key, i) for i in range(K))
        # the same text read back from the copied provisions
        assert {h.snippet for h in hs} == {o.snippet} and {h.heading for h in hs} == {o.heading}
        assert {h.chapter for h in hs} == {o.chapter}
        if not search.parse(q).accented():
            # no text read for exact diacritics: the copies score alike
            assert len({h.score for h in hs}) == 1


def test_built_once_for_a_build(kbs):
    kb_dir, target, _, _ = kbs
    before = (target / "current" / "kb.sqlite").stat().st_mtime_ns
    said = []
    assert scaled_kb.ensure_scaled(kb_dir, target, K, log=said.append) == target
    assert said == [] and (target / "current" / "kb.sqlite").stat().st_mtime_ns == before
