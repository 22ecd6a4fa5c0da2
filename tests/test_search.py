"""Search: numbers go to their document, words find articles with or
without accents, filters and counts; on the KB of the real slices."""
import re
import shutil
import tarfile
from collections import Counter
from urllib.parse import quote

import pytest
from whoosh.query import And

from conftest import DATA
from indexer.build import build, rebuild_search
from kb import search, store
from kb.text import nfc
from test_linked_corpus import make_corpus
from web import create_app
from web.kbconn import statuses_on


def make_search_corpus(root):
    """The pháp điển slices, the Bình Dương register slice, two scraped vbpl
    laws (whose articles stand in chapters) and the real documents of
    tests/data/documents."""
    corpus = make_corpus(root, registers=True)
    (corpus / "vbpl-review").mkdir()
    with tarfile.open(corpus / "vbpl-review" / "scraped.tar.xz", "w:xz") as tar:
        for f in sorted((DATA / "vbpl-review").glob("*.json")):
            tar.add(f, arcname=f"scraped/{f.name}")
    (corpus / "documents").mkdir()
    for f in sorted((DATA / "documents").glob("*.txt")):
        shutil.copy(f, corpus / "documents")
    return corpus


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    root = tmp_path_factory.mktemp("search")
    assert build(make_search_corpus(root), root / "instance").errors == []
    return root / "instance"


@pytest.fixture(scope="module")
def env(kb):
    db = store.connect(kb / "current" / "kb.sqlite", readonly=True)
    engine = search.engine_for(kb / "current" / search.DIR_NAME, db)
    app = create_app({"KB_INSTANCE": str(kb)})
    with app.test_request_context("/"):
        import datetime
        statuses = statuses_on(datetime.date(2019, 12, 31))
    yield engine, db, statuses, app
    db.close()


def entries(db):
    """(id, doc_key, folded syllables) of everything the index holds, read from the store."""
    for d in db.execute("SELECT key, number, title FROM documents WHERE stub = 0").fetchall():
        yield d["key"], d["key"], search.syllables(f"{d['number'] or ''} {d['title'] or ''}")
        for anchor, _, text in search.article_texts(db, d["key"]):
            yield f"{d['key']}#{anchor}", d["key"], search.syllables(text)


def has_run(words, run):
    n = len(run)
    return any(words[i:i + n] == run for i in range(len(words) - n + 1))


def matched_keys(engine, q, side_by_side=True):
    """Document keys of whoosh's own matches of the query (no shortcuts)."""
    query = search.parse(q).query(side_by_side)
    with engine.searcher() as s:
        return [s.stored_fields(d)["doc_key"] for d in s.docs_for_query(query)]


def test_accent_free_query_finds_the_one_stop_shop_article(env):
    engine, db, _, _ = env
    res = search.search(engine, db, "mot cua lien thong")
    keys = [h.doc_key for h in res.hits]
    assert any(k.startswith("61-2018-ndd-cp") for k in keys[:3])
    exact = search.search(engine, db, "một cửa liên thông")
    assert exact.hits[0].exact and {h.doc_key for h in exact.hits} == set(keys)
    # a word with other accents matches folded only, and ranks after exact
    # matches (among the hits with the words side by side, which come first)
    mixed = search.search(engine, db, "một của liên thông")
    order = [(not h.adjacent, not h.exact) for h in mixed.hits]
    assert order == sorted(order) and {True, False} <= {h.exact for h in mixed.hits}


@pytest.mark.parametrize("q", ["61/2018/NĐ-CP", "61/2018", "nd 61/2018", "NĐ 61/2018", "61/2018/ND-CP"])
def test_number_queries(kb, q):
    db = store.connect(kb / "current" / "kb.sqlite", readonly=True)
    rows = search.number_lookup(db, q)
    assert [r["number"] for r in rows] == ["61/2018/NĐ-CP"], q


def test_no_stop_words_no_stemming():
    # "an" (an toàn) and "quy" stay words; the folded field keeps them
    assert [t.text for t in search.FOLDED("An toàn thực phẩm quy định")] == ["an", "toan", "thuc", "pham", "quy", "dinh"]
    assert search.syllables("An toàn thực phẩm quy định") == ["an", "toan", "thuc", "pham", "quy", "dinh"]


def test_indexing_folds_as_whoosh_does(env):
    _, db, _, _ = env
    texts = [t for _, _, t in search.article_texts(db, "59-2019-ndd-cp.2019-07-01")]
    texts += [r["text"] for r in db.execute("SELECT text FROM provisions WHERE text IS NOT NULL LIMIT 3000")]
    assert len(texts) > 300
    for text in texts:
        assert search.syllables(text) == [t.text for t in search.FOLDED(nfc(text))]


@pytest.mark.parametrize("q", ["cán bộ công chức", "một cửa liên thông", "hết hiệu lực", "quy định", "ngân hàng nhà nước",
                               "thủ tục hành chính cấp tỉnh", "xử phạt", '"bảo hiểm" tiền gửi'])
def test_matches_and_scores_are_whooshs_own(env, q):
    engine, _, _, _ = env
    for side_by_side in (True, False):
        query = search.parse(q).query(side_by_side)
        with engine.searcher() as s:
            theirs = {r.docnum: r.score for r in s.search(query, limit=None)}
            ours = search._scored(s, query.subqueries if isinstance(query, And) else [query])
        assert list(ours) == sorted(theirs)
        assert ours == pytest.approx(theirs)
        assert theirs or side_by_side


def test_a_two_word_phrase_is_exactly_its_words_side_by_side(env):
    engine, db, _, _ = env
    run = search.syllables("công chức")
    expected = {i for i, _, words in entries(db) if has_run(words, run)}
    res = search.search(engine, db, '"công chức"', per_page=10_000)
    assert res.total == len(expected) > 5
    assert {h.id for h in res.hits} == expected


def test_words_side_by_side_first_then_anywhere(env):
    engine, db, _, _ = env
    # "liên thông một cửa": each word is common, the order is not
    loose = search.search(engine, db, "liên thông một cửa")
    strict = {i for i, _, w in entries(db) if has_run(w, search.syllables("liên thông một cửa"))}
    assert len(strict) < search.FEW and loose.loose and loose.total > len(strict)
    assert not search.search(engine, db, "cán bộ công chức").loose
    # a quoted phrase is never loosened
    quoted = search.search(engine, db, '"liên thông một cửa"')
    assert quoted.total == len(strict) and not quoted.loose


def test_facets_count_documents_with_the_other_filters(env):
    engine, db, statuses, _ = env
    q = "cán bộ công chức"
    keys = set(matched_keys(engine, q))
    docs = {k: db.execute("SELECT * FROM documents WHERE key = ?", (k,)).fetchone() for k in keys}
    res = search.search(engine, db, q, statuses=statuses)
    assert res.facets["issuer"] == dict(Counter(engine.catalog.issuer[engine.catalog.keys.index(k)] for k in keys
                                                if docs[k]["issuer"]))
    assert res.facets["status"] == dict(Counter(statuses[k].value for k in keys))
    assert sum(res.facets["doc_type"].values()) == len([d for d in docs.values() if d["doc_type"]])
    doc_type = max(res.facets["doc_type"], key=res.facets["doc_type"].get)
    narrowed = search.search(engine, db, q, search.Filters(doc_type=doc_type), statuses)
    # the filter's own facet keeps every value; the others count only that type
    assert narrowed.facets["doc_type"] == res.facets["doc_type"]
    assert narrowed.facets["issuer"] == dict(Counter(engine.catalog.issuer[engine.catalog.keys.index(k)] for k in keys
                                                     if docs[k]["issuer"] and docs[k]["doc_type"] == doc_type))
    assert all(docs[h.doc_key]["doc_type"] == doc_type for h in narrowed.hits)
    assert narrowed.total < res.total


def test_issuer_and_field_filters(env):
    engine, db, statuses, _ = env
    q = "quy định"
    res = search.search(engine, db, q, statuses=statuses)
    issuer = max(res.facets["issuer"], key=res.facets["issuer"].get)
    by_issuer = search.search(engine, db, q, search.Filters(issuer=issuer), statuses, per_page=10_000)
    # one issuer written two ways is one value
    assert {store.document(db, h.doc_key)["issuer"].casefold() for h in by_issuer.hits} == {issuer.casefold()}
    assert len({h.doc_key for h in by_issuer.hits}) == res.facets["issuer"][issuer]
    field = max(res.facets["field"], key=res.facets["field"].get)        # "22.4 Ngân hàng Nhà nước Việt Nam"
    code = field.split(" ", 1)[0]
    by_field = search.search(engine, db, q, search.Filters(field=code), statuses, per_page=10_000)
    assert all(field in store.document(db, h.doc_key)["fields"].split("\n") for h in by_field.hits)
    assert len({h.doc_key for h in by_field.hits}) == res.facets["field"][field]
    topic = search.search(engine, db, q, search.Filters(field=code.split(".")[0]), statuses, per_page=10_000)
    assert {h.id for h in by_field.hits} <= {h.id for h in topic.hits}
    assert all(any(f.startswith(code.split(".")[0] + ".") for f in store.document(db, h.doc_key)["fields"].split("\n"))
               for h in topic.hits)


def test_status_filter_counts_every_match(env):
    engine, db, statuses, _ = env
    q = "quy định"
    every = search.search(engine, db, q, statuses=statuses)
    assert len(every.facets["status"]) > 1
    for status, count in every.facets["status"].items():
        res = search.search(engine, db, q, search.Filters(status=status), statuses, per_page=10_000)
        with engine.searcher() as s:
            query = search.parse(q).query()
            expected = [d for d in s.docs_for_query(query) if statuses[s.stored_fields(d)["doc_key"]].value == status]
        assert res.total == len(expected) == len(res.hits) > 0
        assert len({h.doc_key for h in res.hits}) == count


def test_article_hits_name_their_chapter(env):
    engine, db, _, _ = env
    res = search.search(engine, db, "tuyển dụng công chức", search.Filters(level="article"))
    law = [h for h in res.hits if h.doc_key.startswith("22-2008-qh12")]
    assert law and all(h.level == "article" for h in res.hits)
    assert all(re.match(r"Chương [IVX]+\. \S", h.chapter) for h in law), [h.chapter for h in law]
    assert all(re.match(r"Điều \d+\. \S", h.heading) for h in law)


def test_sorting_and_pages(env):
    engine, db, _, _ = env
    q = "quy định"
    first = search.search(engine, db, q, sort="issued", per_page=10)
    second = search.search(engine, db, q, sort="issued", page=2, per_page=10)
    dates = [store.document(db, h.doc_key)["issued"] or "" for h in first.hits + second.hits]
    assert dates == sorted(dates, reverse=True) and first.pages > 2
    assert not {h.id for h in first.hits} & {h.id for h in second.hits}
    everything = search.search(engine, db, q, per_page=10_000)
    assert [h.id for h in search.search(engine, db, q, page=2, per_page=10).hits] == [h.id for h in everything.hits[10:20]]


@pytest.mark.parametrize("q", ['"', '"""', "AND OR (", "((( AND OR", "x" * 10_000, "ab\x00\x01cd\x7f", "\x07\x1b[31m",
                               "*", "?~^", "<script>alert(1)</script>", "999999/2099/ZZ-XX", "   ", "\u0300\u0301"])
def test_garbage_queries_answer_helpfully(env, q):
    _, _, _, app = env
    client = app.test_client()
    resp = client.get(f"/tim-kiem?q={quote(q)}")
    assert resp.status_code == 200, q
    html = resp.data.decode()
    assert 'class="notice"' in html or 'class="total"' in html
    assert "<script>alert(1)" not in html
    api = client.get(f"/api/search?q={quote(q)}")
    assert api.status_code == 200 and api.is_json


def test_search_only_rebuild_answers_the_same(kb, env):
    engine, db, _, _ = env
    before = search.search(engine, db, "cán bộ công chức", per_page=50)
    rebuild_search(kb)
    again = search.engine_for(kb / "current" / search.DIR_NAME, db)
    assert again is not engine
    after = search.search(again, db, "cán bộ công chức", per_page=50)
    assert (after.total, [h.id for h in after.hits]) == (before.total, [h.id for h in before.hits])


def test_api_search_answers_as_the_page(env):
    engine, db, statuses, app = env
    client = app.test_client()
    data = client.get("/api/search?q=tuyen+dung+cong+chuc&level=article&type=Lu%E1%BA%ADt&on=2019-12-31").get_json()
    res = search.search(engine, db, "tuyen dung cong chuc", search.Filters(level="article", doc_type="Luật"), statuses)
    assert data["kind"] == "text" and data["total"] == res.total > 0
    assert [h["id"] for h in data["hits"]] == [h.id for h in res.hits]
    assert data["facets"]["doc_type"] == res.facets["doc_type"]
    law = [h for h in data["hits"] if h["key"].startswith("22-2008-qh12")]
    assert law and all(h["chapter"].startswith("Chương ") and h["status"] for h in law)
    assert client.get("/api/search?q=x&on=2019-13-45").status_code == 400
    assert client.get("/api/search?q=nd+61/2018").get_json()["documents"][0]["number"] == "61/2018/NĐ-CP"


def test_three_words_side_by_side_rank_before_their_pairs_apart(env):
    engine, db, _, _ = env
    # "sử dụng" and "dụng tiền" both occur in Điều 1 of 101/2012/NĐ-CP, "sử dụng tiền" does not
    run = search.syllables("sử dụng tiền")
    with_run = {i for i, _, words in entries(db) if has_run(words, run)}
    pairs_apart = {i for i, _, words in entries(db) if not has_run(words, run)
                   and set(search.syllable_pairs(run)) <= set(search.syllable_pairs(words))}
    assert with_run and "101-2012-ndd-cp.2012-11-22#dieu-1" in pairs_apart
    for q in ['"sử dụng tiền"', "su dung tien"]:
        res = search.search(engine, db, q, per_page=search.RERANK)
        if q.startswith('"'):
            assert res.total == len(with_run | pairs_apart) and not res.loose
        else:       # four hits with the words side by side are too few: the words anywhere too, after them
            assert res.total > len(with_run | pairs_apart) and res.loose
        assert [h.id for h in res.hits if h.adjacent] == [h.id for h in res.hits[:len(with_run)]]
        assert {h.id for h in res.hits if h.adjacent} == with_run


def test_folded_pattern_finds_what_folding_finds(env):
    _, db, _, _ = env
    texts = [t for _, _, t in search.article_texts(db, "22-2008-qh12")][:40]
    for text in texts:
        words = search.syllables(text)
        assert words
        for a, b in zip(words[::7], words[1::7]):
            assert search.folded_pattern([a, b]).search(text), (a, b)
        assert not search.folded_pattern(["qqxz"]).search(text)
    assert search.folded_pattern(["mot", "cua"]).search("thủ tục MỘT, Cửa liên thông")
    assert search.folded_pattern(["mot", "cua"]).search("một của")      # folded, "của" is "cua"
    assert not search.folded_pattern(["dieu"]).search("Điểm")


def test_an_incremental_build_searches_as_a_full_one(tmp_path):
    corpus = make_search_corpus(tmp_path)
    assert build(corpus, tmp_path / "instance").errors == []
    doc = corpus / "documents" / "19-2015-tt-nhnn.txt"
    doc.write_text(doc.read_text(encoding="utf-8").replace("Phạm vi điều chỉnh", "Phạm vi điều chỉnh về vàng bạc đá quý"),
                   encoding="utf-8")
    assert build(corpus, tmp_path / "instance").errors == []          # the index patched: deletions and a new segment
    assert build(corpus, tmp_path / "full", full=True).errors == []
    answers = []
    for instance in (tmp_path / "instance", tmp_path / "full"):
        db = store.connect(instance / "current" / "kb.sqlite", readonly=True)
        engine = search.engine_for(instance / "current" / search.DIR_NAME, db)
        with engine.searcher() as s:
            deleted = s.reader().has_deletions()
            for q in ("vàng bạc đá quý", "ngân hàng nhà nước", "tài khoản"):
                query = search.parse(q).query()
                theirs = {r.docnum: r.score for r in s.search(query, limit=None)}
                assert search._scored(s, query.subqueries if isinstance(query, And) else [query]) == pytest.approx(theirs)
        # the hits are the same; scores differ a little (idf counts a patched index's deleted entries)
        answers.append((deleted, [sorted(h.id for h in search.search(engine, db, q, per_page=500).hits)
                                  for q in ("vàng bạc đá quý", "ngân hàng nhà nước", "tài khoản")]))
        db.close()
    (patched_deleted, patched), (_, full) = answers
    assert patched_deleted and patched == full and patched[0]


def test_an_index_of_an_older_schema_is_not_used(env, tmp_path):
    from whoosh import index
    from whoosh.fields import ID, TEXT, Schema
    _, db, _, _ = env
    old = index.create_in(str(tmp_path), Schema(id=ID(stored=True), doc_key=ID(stored=True), body=TEXT(phrase=True)))
    with old.writer() as w:
        w.add_document(id="x", doc_key="x", body="một cửa liên thông")
    assert search.engine_for(tmp_path, db) is None
