"""Search: the ranking model, query understanding, filters and counts,
snippets; on the KB of the real slices (pháp điển, scraped laws, real
documents)."""
import datetime
import io
import re
import shutil
import tarfile
from types import SimpleNamespace
from urllib.parse import quote

import numpy as np
import pytest
from whoosh.query import Or, Term

from conftest import DATA
from indexer.build import build, rebuild_search
from kb import numbers, search, store
from kb.search import scoring
from kb.search import whoosh_adapter as wa
from kb.search.analysis import name_words
from kb.text import nfc
from test_linked_corpus import make_corpus
from web import create_app
from web.kbconn import statuses_on


SEARCH_SLICE = DATA / "search-slice"


def make_search_corpus(root):
    """The pháp điển slices (with every article of Luật Bảo hiểm xã hội and of
    Bộ luật Lao động 2019, tests/data/search-slice), the Bình Dương register
    slice, two scraped vbpl laws (whose articles stand in chapters) and the
    real documents of tests/data/documents."""
    corpus = make_corpus(root, registers=True)
    release = corpus / "phapdien" / "phapdien-2025-02.tar.xz"
    with tarfile.open(release) as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar.getmembers() if m.isfile()]
    with tarfile.open(release, "w:xz") as tar:
        for m, data in members:
            tar.addfile(m, io.BytesIO(data))
        for f in sorted(SEARCH_SLICE.glob("*.html")):
            tar.add(f, arcname=f"s/{f.name}")
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
        statuses = statuses_on(datetime.date(2019, 12, 31))
    yield engine, db, statuses, app
    db.close()


def entries(db):
    """(id, doc_key, folded syllables) of everything the index holds, read from the store."""
    for d in db.execute("SELECT key, number, title, source FROM documents WHERE stub = 0").fetchall():
        yield d["key"], d["key"], search.syllables(d["number"] or "") + name_words(d["title"], d["source"], d["number"])
        for anchor, _, text in search.article_texts(db, d["key"]):
            yield f"{d['key']}#{anchor}", d["key"], search.syllables(text)


def has_run(words, run):
    n = len(run)
    return any(words[i:i + n] == run for i in range(len(words) - n + 1))


# --- the adapter of whoosh's internals -------------------------------------------

def _whoosh_postings(reader, fieldname, text):
    if (fieldname, text) not in reader:
        return [], []
    m = reader.postings(fieldname, text)
    ids, weights = [], []
    while m.is_active():
        if not reader.is_deleted(m.id()):
            ids.append(m.id())
            weights.append(m.weight())
        m.next()
    return ids, weights


def test_adapter_reads_postings_and_lengths_as_whoosh_does(env):
    engine, db, _, _ = env
    with engine.searcher() as s:
        for reader, _ in wa.segments(s):
            terms = [t for t in reader.lexicon("body")][:400:7] + [b"zzzz"]
            pairs = [t for t in reader.lexicon("pairs")][:400:9]
            for fieldname, texts in (("body", terms), ("pairs", pairs)):
                for t in texts:
                    text = t.decode("utf-8")
                    ids, weights = wa.postings(reader, fieldname, text)
                    want_ids, want_w = _whoosh_postings(reader, fieldname, text)
                    assert ids.tolist() == want_ids and weights.tolist() == pytest.approx(want_w)
            for fieldname in ("body", "pairs", "head", "headpairs"):
                lengths = wa.field_lengths(reader, fieldname)
                want = [reader.doc_field_length(d, fieldname, 0) or 0 for d in range(reader.doc_count_all())]
                assert lengths.tolist() == want


# --- the ranking model --------------------------------------------------------------

@pytest.mark.parametrize("q", ["cán bộ công chức", "một cửa liên thông", "hết hiệu lực", "ngân hàng nhà nước",
                               "thủ tục hành chính cấp tỉnh", "xử phạt", "tài sản công được sử dụng"])
def test_scores_are_whooshs_own_bm25(env, q):
    """The fast path scores as whoosh does with the model as a weighting:
    an OR of each telling syllable in each field and of each pair."""
    engine, _, _, _ = env
    parsed = search.parse(q)
    with engine.searcher() as s:
        scored = scoring.accumulate(s, engine.catalog, parsed.syllables(), parsed.pairs())
        telling = [w for w in parsed.syllables() if w not in scored.common]
        terms = [Term(f, w) for w in telling for f in scoring.SYLLABLE_FIELDS]
        terms += [Term(f, p) for p in parsed.pairs() for f in scoring.PAIR_FIELDS]
        theirs = {r.docnum: r.score for r in s.search(Or(terms), limit=None)}
    cat = engine.catalog
    # an article's share of its document's title score is added after whoosh's part
    own = scored.scores - np.where(cat.is_article & cat.live, scored.titles[np.maximum(cat.doc_of, 0)], 0)
    ours = {int(d): float(own[d]) for d in np.flatnonzero(own > 1e-6)}
    assert set(ours) == set(theirs) and theirs
    assert ours == pytest.approx(theirs, rel=1e-4)


def test_articles_share_their_documents_title_score(env):
    engine, db, _, _ = env
    cat = engine.catalog
    parsed = search.parse("bảo hiểm xã hội")
    with engine.searcher() as s:
        scored = scoring.accumulate(s, cat, parsed.syllables(), parsed.pairs())
        law = cat.ordinal["58-2014-qh13.2014-11-20"]
        entry = s.document_number(id="58-2014-qh13.2014-11-20")
        article = s.document_number(id="58-2014-qh13.2014-11-20#dieu-96")
    # the document's title score, computed from its own entry's heading field, lifts each article
    assert scored.titles[law] > 0 and scored.titles[cat.doc_of[article]] == scored.titles[law]
    assert cat.doc_of[entry] == law


def test_common_syllables_are_scored_only_in_pairs(env):
    engine, _, _, _ = env
    with engine.searcher() as s:
        total = s.doc_count_all()
        words = ["quy", "dinh", "huu", "tri"]
        scored = scoring.accumulate(s, engine.catalog, words, ["quy dinh", "dinh huu", "huu tri"])
        df = {w: s.doc_frequency("body", w) for w in words}
        only_common = scoring.accumulate(s, engine.catalog, ["quy", "dinh", "cua", "va", "cac"], [])
    # the stop list comes from the corpus: a syllable in more than COMMON of the entries
    assert set(scored.common) == {w for w, n in df.items() if n > scoring.COMMON * total}
    assert {"quy", "dinh"} <= set(scored.common) and "huu" not in scored.common
    assert scored.telling == len(words) - len(scored.common)
    # a query of common words only: the rarest of them are scored
    assert only_common.telling == 3 and len(only_common.common) == 2


def test_question_words_are_dropped_and_long_questions_keep_every_word():
    parsed = search.parse("Người lao động được nghỉ bao nhiêu ngày như thế nào?")
    assert parsed.words == ["nguoi", "lao", "dong", "duoc", "nghi", "ngay"]
    assert "bao" not in parsed.typed and "nghỉ" in parsed.typed
    assert search.parse("thủ tục này có được miễn phí không").words[-1] == "phi"
    long = " ".join(f"từ{i}" for i in range(60))
    assert len(search.parse(long).syllables()) == 60
    # a query of question words only is still searched
    assert search.parse("là gì").words == ["la", "gi"]
    # how a question opens and frames itself is not what it asks about
    assert search.parse("Luật sư cho tôi hỏi: thời hạn khiếu nại là bao lâu theo quy định hiện nay?").words == \
        ["thoi", "han", "khieu", "nai"]
    assert search.parse("cho em hoi phap luat quy dinh gi ve tru so tiep cong dan").words == \
        ["tru", "so", "tiep", "cong", "dan"]
    # a year closing a question dates the question; in a topic it is a word
    assert search.parse("mức phạt vượt đèn đỏ là bao nhiêu năm 2024?").words == ["muc", "phat", "vuot", "den", "do"]
    assert search.parse("dự toán ngân sách năm 2024").words[-1] == "2024"
    assert search.parse("cho thuê nhà phải nộp thuế gì").words[:2] == ["cho", "thue"]


@pytest.mark.parametrize("q,term", [("trụ sở làm việc là gì?", "tru so lam viec"),
                                    ("thế nào là tài sản công theo quy định hiện nay", "tai san cong"),
                                    ("cho em hỏi khái niệm tài sản công", "tai san cong"),
                                    ("tài sản công được hiểu như thế nào", "tai san cong")])
def test_a_definition_question_looks_for_where_the_term_is_defined(q, term):
    parsed = search.parse(q)
    assert " ".join(parsed.defined) == term and term in " ".join(parsed.words)
    # laws define a term as "X là …": that pair is looked for
    assert f"{term.split()[-1]} la" in parsed.pairs()


def test_a_definition_question_finds_the_definitions_article(env):
    engine, db, statuses, _ = env
    definitions = "15-2017-qh14.2017-06-21#dieu-3"      # "Trụ sở làm việc là đất, nhà làm việc …"
    asked = search.search(engine, db, "trụ sở làm việc là gì?", search.Filters(level="article"), statuses)
    plain = search.search(engine, db, "trụ sở làm việc", search.Filters(level="article"), statuses)
    rank = [h.id for h in asked.hits].index(definitions)
    assert rank < 5 and rank < [h.id for h in plain.hits].index(definitions)


def test_a_question_with_filler_words_finds_its_article(env):
    engine, db, statuses, _ = env
    # Điều 113 of Bộ luật Lao động 2019 is "Nghỉ hằng năm"
    q = "Người lao động được nghỉ hằng năm bao nhiêu ngày theo quy định hiện nay?"
    res = search.search(engine, db, q, search.Filters(level="article"), statuses)
    assert res.hits[0].id == "45-2019-qh14.2019-11-20#dieu-113", [h.id for h in res.hits[:5]]
    # every syllable need not match: the same question with a word no article holds
    res = search.search(engine, db, q + " xyzzyq", search.Filters(level="article"), statuses)
    assert res.hits[0].id == "45-2019-qh14.2019-11-20#dieu-113" and not res.loose


def test_more_matched_words_rank_higher(env):
    """Of two hits, one holding more of the telling words with a BM25 score
    at least as high never ranks below the other."""
    engine, db, _, _ = env
    q = "dau gia tai san cong ban truc tiep"       # no accents, no statuses: coverage is the only feature
    res = search.search(engine, db, q, search.Filters(level="article"), per_page=60)
    parsed = search.parse(q)
    with engine.searcher() as s:
        scored = scoring.accumulate(s, engine.catalog, parsed.syllables(), parsed.pairs())
        docnum = {h.id: s.document_number(id=h.id) for h in res.hits}
    base = {h.id: float(scored.scores[docnum[h.id]]) for h in res.hits}
    held = {h.id: int(scored.matched[docnum[h.id]]) for h in res.hits}
    assert len(set(held.values())) > 1
    for i, a in enumerate(res.hits):
        for b in res.hits[i + 1:]:
            assert not (held[b.id] > held[a.id] and base[b.id] >= base[a.id]), (a.id, b.id)


def test_a_quoted_phrase_filters_and_unquoted_words_do_not(env):
    engine, db, _, _ = env
    run = search.syllables("công chức")
    expected = {i for i, _, words in entries(db) if has_run(words, run)}
    quoted = search.search(engine, db, '"công chức"', per_page=10_000)
    assert quoted.total == len(expected) > 5 and {h.id for h in quoted.hits} == expected
    loose = search.search(engine, db, "công chức", per_page=10_000)
    assert {h.id for h in loose.hits} > expected


def test_exact_diacritics_rank_first(env):
    engine, db, _, _ = env
    res = search.search(engine, db, "một cửa liên thông")
    keys = [h.doc_key for h in res.hits]
    assert any(k.startswith("61-2018-ndd-cp") for k in keys[:3])
    assert res.hits[0].exact
    folded = search.search(engine, db, "mot cua lien thong")
    assert {h.doc_key for h in folded.hits[:5]} & {h.doc_key for h in res.hits[:5]}


def test_ended_documents_rank_after_those_in_force(env):
    engine, db, statuses, _ = env
    q = "cán bộ công chức"
    before = search.search(engine, db, q, search.Filters(level="article"), statuses, per_page=100)
    top = before.hits[0].doc_key
    ended = dict(statuses)
    ended[top] = SimpleNamespace(value="Hết hiệu lực toàn bộ", amended=False)
    after = search.search(engine, db, q, search.Filters(level="article"), ended, per_page=100)
    was = {h.id: h.score for h in before.hits}
    now = {h.id: h.score for h in after.hits}
    common = set(was) & set(now)
    assert any(h.doc_key != top for h in before.hits) and len(common) > 20
    for h in after.hits:
        if h.id in common:
            assert now[h.id] == pytest.approx(was[h.id] * (search.engine.ENDED_FACTOR if h.doc_key == top else 1))
    assert [h.score for h in after.hits] == sorted((h.score for h in after.hits), reverse=True)
    # unless the user asks for a status: then it is not a feature
    only = search.search(engine, db, q, search.Filters(level="article", status="Hết hiệu lực toàn bộ"), ended)
    assert only.hits and all(h.doc_key == top for h in only.hits)


# --- what a query names --------------------------------------------------------------

@pytest.mark.parametrize("q", ["61/2018/NĐ-CP", "61/2018", "nd 61/2018", "NĐ 61/2018", "61/2018/ND-CP"])
def test_number_queries(kb, q):
    db = store.connect(kb / "current" / "kb.sqlite", readonly=True)
    rows = search.number_lookup(db, q)
    assert [r["number"] for r in rows] == ["61/2018/NĐ-CP"], q


@pytest.mark.parametrize("q,number", [("nghị định 61/2018", "61/2018/NĐ-CP"),
                                      ("nghi dinh so 61 nam 2018 cua chinh phu", "61/2018/NĐ-CP"),
                                      ("quy định tại Nghị định 61/2018/NĐ-CP về một cửa", "61/2018/NĐ-CP"),
                                      ("thông tư 19 năm 2015 ngân hàng nhà nước", "19/2015/TT-NHNN")])
def test_a_number_with_type_words_anywhere_names_its_document(env, q, number):
    engine, db, statuses, _ = env
    intent = search.understand(db, engine.catalog, q, statuses)
    assert intent.kind == "number" and [d["number"] for d in intent.docs] == [number]
    res = search.search(engine, db, q, statuses=statuses)
    assert res.hits[0].number == number and res.hits[0].pinned == "number"


def test_a_pinpoint_opens_its_provision(env):
    engine, db, statuses, app = env
    intent = search.understand(db, engine.catalog, "khoản 2 điều 36 bộ luật lao động", statuses)
    assert intent.kind == "pinpoint" and intent.anchor == "dieu-36-khoan-2" and intent.docs[0]["number"] == "45/2019/QH14"
    intent = search.understand(db, engine.catalog, "điểm a khoản 1 điều 35 bộ luật lao động năm 2019", statuses)
    assert intent.kind == "pinpoint" and intent.anchor == "dieu-35-khoan-1-diem-a"
    # the document first, the provision after it
    intent = search.understand(db, engine.catalog, "bo luat lao dong dieu 36", statuses)
    assert intent.kind == "pinpoint" and intent.anchor == "dieu-36" and intent.docs[0]["number"] == "45/2019/QH14"
    intent = search.understand(db, engine.catalog, "điều 3 luật quản lý, sử dụng tài sản công", statuses)
    assert intent.kind == "pinpoint" and intent.anchor == "dieu-3" and intent.docs[0]["number"] == "15/2017/QH14"
    client = app.test_client()
    resp = client.get("/tim-kiem?q=" + quote("điều 3 luật quản lý, sử dụng tài sản công"))
    assert resp.status_code == 302 and resp.headers["Location"].endswith("#dieu-3")
    # an article the law does not have opens nothing: the words are searched
    assert search.understand(db, engine.catalog, "điều 999 luật quản lý, sử dụng tài sản công", statuses).kind == "name"


@pytest.mark.parametrize("q", ["luật quản lý, sử dụng tài sản công", "Luật quản lý sử dụng tài sản công 2017",
                               "luat quan ly su dung tai san cong"])
def test_a_law_name_puts_the_law_first(env, q):
    engine, db, statuses, _ = env
    res = search.search(engine, db, q, statuses=statuses)
    assert res.hits[0].number == "15/2017/QH14" and res.hits[0].level == "document" and res.hits[0].pinned == "name"
    # then its articles
    assert all(h.doc_key == res.hits[0].doc_key for h in res.hits[1:4])
    # asked for articles only: the law's own articles first
    articles = search.search(engine, db, q, search.Filters(level="article"), statuses)
    assert all(h.doc_key == res.hits[0].doc_key for h in articles.hits[:3])
    # "năm" and the "Nam" of "Việt Nam" fold alike: a name ending in "Nam" keeps it
    assert search.understand(db, engine.catalog, "luat quan ly su dung tai san cong nam 2017", statuses).docs
    wrong_year = search.understand(db, engine.catalog, "luật quản lý sử dụng tài sản công 2009", statuses)
    assert wrong_year is None or not wrong_year.docs


# --- snippets and highlights ------------------------------------------------------------

def test_highlights_respect_diacritics():
    typed = search.parse("cửa nghị").typed
    matcher = search.Matcher(typed)
    marked = [piece for piece, hit in search.highlighted("Bộ phận một cửa của nghị định nghỉ phép", matcher) if hit]
    assert marked == ["cửa", "nghị"]
    folded = search.Matcher(search.parse("cua nghi").typed)
    marked = [piece for piece, hit in search.highlighted("một cửa của nghị định nghỉ phép", folded) if hit]
    assert marked == ["cửa", "của", "nghị", "nghỉ"]


def test_the_snippet_is_the_passage_with_most_query_words():
    text = ("Điều 9. Một điều dài\n" + "Câu không liên quan gì cả. " * 40 + "Người lao động được nghỉ hằng năm 12 ngày "
            "làm việc. " + "Câu khác nữa. " * 40)
    matcher = search.Matcher(search.parse("người lao động nghỉ hằng năm bao nhiêu ngày").typed)
    snip = search.present.snippet(text, matcher)
    assert "nghỉ hằng năm 12 ngày" in snip and len(snip) < 300


# --- filters, counts, pages -------------------------------------------------------------------

def test_facets_count_documents_with_the_other_filters(env):
    engine, db, statuses, _ = env
    q = "cán bộ công chức"
    res = search.search(engine, db, q, statuses=statuses, per_page=10_000)
    keys = {h.doc_key for h in res.hits}
    assert res.total == len(res.hits)
    assert sum(res.facets["status"].values()) == len(keys)
    assert sum(res.facets["doc_type"].values()) == len(keys)    # "không rõ" counts those without one
    doc_type = max(res.facets["doc_type"], key=res.facets["doc_type"].get)
    narrowed = search.search(engine, db, q, search.Filters(doc_type=doc_type), statuses, per_page=10_000)
    assert narrowed.facets["doc_type"] == res.facets["doc_type"]
    assert all(store.document(db, h.doc_key)["doc_type"] == doc_type for h in narrowed.hits)
    assert len({h.doc_key for h in narrowed.hits}) == res.facets["doc_type"][doc_type]
    assert sum(narrowed.facets["issuer"].values()) == res.facets["doc_type"][doc_type]


def test_missing_values_count_as_unknown(env):
    engine, db, statuses, _ = env
    res = search.search(engine, db, "quy định", statuses=statuses, per_page=10_000)
    docs = {h.doc_key: store.document(db, h.doc_key) for h in res.hits}
    no_issuer = {k for k, d in docs.items() if not issuer_of(d)}
    assert no_issuer and res.facets["issuer"][search.UNKNOWN] == len(no_issuer)
    only = search.search(engine, db, "quy định", search.Filters(issuer=search.UNKNOWN), statuses, per_page=10_000)
    assert {h.doc_key for h in only.hits} == no_issuer


def test_issuer_and_field_filters(env):
    engine, db, statuses, _ = env
    q = "quy định"
    res = search.search(engine, db, q, statuses=statuses)
    issuer = next(v for v in res.facets["issuer"] if v != search.UNKNOWN)
    by_issuer = search.search(engine, db, q, search.Filters(issuer=issuer), statuses, per_page=10_000)
    assert {issuer_of(store.document(db, h.doc_key)).casefold() for h in by_issuer.hits} == {issuer.casefold()}
    assert len({h.doc_key for h in by_issuer.hits}) == res.facets["issuer"][issuer]
    field = next(v for v in res.facets["field"] if v != search.UNKNOWN)        # "22.4 Ngân hàng Nhà nước Việt Nam"
    code = field.split(" ", 1)[0]
    by_field = search.search(engine, db, q, search.Filters(field=code), statuses, per_page=10_000)
    assert all(field in store.document(db, h.doc_key)["fields"].split("\n") for h in by_field.hits)
    assert len({h.doc_key for h in by_field.hits}) == res.facets["field"][field]
    topic = search.search(engine, db, q, search.Filters(field=code.split(".")[0]), statuses, per_page=10_000)
    assert {h.id for h in by_field.hits} <= {h.id for h in topic.hits}


def test_status_filter(env):
    engine, db, statuses, _ = env
    q = "quy định"
    every = search.search(engine, db, q, statuses=statuses)
    assert len(every.facets["status"]) > 1
    for status, count in every.facets["status"].items():
        res = search.search(engine, db, q, search.Filters(status=status), statuses, per_page=10_000)
        assert res.hits and all(statuses[h.doc_key].value == status for h in res.hits)
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
    everything = search.search(engine, db, q, per_page=200)
    assert [h.id for h in search.search(engine, db, q, page=2, per_page=10).hits] == [h.id for h in everything.hits[10:20]]


@pytest.mark.parametrize("q", ['"', '"""', "AND OR (", "((( AND OR", "x" * 10_000, "ab\x00\x01cd\x7f", "\x07\x1b[31m",
                               "*", "?~^", "<script>alert(1)</script>", "999999/2099/ZZ-XX", "   ", "\u0300\u0301",
                               "là gì như thế nào", "điều 5", "luật", "nghị định 99999"])
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


def test_a_100kb_query_is_cut_and_said_so(env):
    _, _, _, app = env
    client = app.test_client()
    q = "tài sản công " * 8000
    resp = client.get("/api/search", query_string={"q": q})
    data = resp.get_json()
    assert resp.status_code == 200 and data["truncated"] and data["hits"]
    page = client.get("/tim-kiem", query_string={"q": q}).data.decode()
    assert "quá dài" in page


def test_search_only_rebuild_answers_the_same(kb, env):
    engine, db, _, _ = env
    before = search.search(engine, db, "cán bộ công chức", per_page=50)
    rebuild_search(kb)
    again = search.engine_for(kb / "current" / search.DIR_NAME, db)
    assert again is not engine
    after = search.search(again, db, "cán bộ công chức", per_page=50)
    assert (after.total, [h.id for h in after.hits]) == (before.total, [h.id for h in before.hits])


def test_api_hits_carry_the_document(env):
    engine, db, statuses, app = env
    client = app.test_client()
    data = client.get("/api/search?q=tuyen+dung+cong+chuc&level=article&type=Lu%E1%BA%ADt&on=2019-12-31").get_json()
    res = search.search(engine, db, "tuyen dung cong chuc", search.Filters(level="article", doc_type="Luật"), statuses)
    assert data["kind"] == "text" and data["total"] == res.total > 0
    assert [h["id"] for h in data["hits"]] == [h.id for h in res.hits]
    hit = data["hits"][0]
    assert hit["number"] and "title" in hit and hit["doc_type"] == "Luật" and hit["heading"].startswith("Điều ")
    assert hit["status"] and hit["status_today"] and isinstance(hit["score"], float)
    assert client.get("/api/search?q=x&on=2019-13-45").status_code == 400
    assert client.get("/api/search?q=nd+61/2018").get_json()["documents"][0]["number"] == "61/2018/NĐ-CP"
    named = client.get("/api/search?q=" + quote("khoản 2 điều 36 bộ luật lao động")).get_json()
    assert named["understood"]["opens"]["anchor"] == "dieu-36-khoan-2"


def test_suggest_is_wired_to_the_search_box(env):
    _, _, _, app = env
    client = app.test_client()
    html = client.get("/tim-kiem").data.decode()
    assert 'list="suggest-list"' in html and "suggest.js" in html
    assert client.get("/static/suggest.js").status_code == 200
    assert any(d["number"] == "61/2018/NĐ-CP" for d in client.get("/api/suggest?q=61/20").get_json())


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
        answers.append((deleted, [sorted(h.id for h in search.search(engine, db, q, per_page=500).hits)
                                  for q in ("vàng bạc đá quý", "ngân hàng nhà nước", "tài khoản")]))
        db.close()
    (patched_deleted, patched), (_, full) = answers
    assert patched_deleted and patched == full and patched[0]


def test_an_editors_correction_reindexes_that_document_alone(tmp_path):
    """A title corrected by an editor (a curation entry) on a document of a
    pháp điển release: the incremental build indexes that one document
    again, not the release, and searches as a full build does."""
    from indexer import curation as logs
    from kb import curation
    corpus = make_search_corpus(tmp_path)
    assert build(corpus, tmp_path / "instance").errors == []
    db = store.connect(tmp_path / "instance" / "current" / "kb.sqlite", readonly=True)
    doc = db.execute("SELECT * FROM documents WHERE origin LIKE 'phapdien%' AND stub = 0 AND title != '' "
                     "ORDER BY key LIMIT 1").fetchone()
    (in_release,) = db.execute("SELECT count(*) FROM documents WHERE origin = ? AND stub = 0", (doc["origin"],)).fetchone()
    db.close()
    assert in_release > 1
    logs.append(corpus, doc["key"], lambda entries: curation.entry(
        "set", "bientap", "sửa tên", changes={"title": [doc["title"], doc["title"] + " về chim hải âu"]}))
    indexed = []

    def progress(stage, done=None, total=None, **_):
        if stage.startswith("chỉ mục tìm kiếm") and total is not None:
            indexed.append((stage, total))
    assert build(corpus, tmp_path / "instance", progress=progress).errors == []
    assert indexed and indexed[-1] == ("chỉ mục tìm kiếm (cập nhật)", 1)
    assert build(corpus, tmp_path / "full", full=True).errors == []
    answers = []
    for instance in (tmp_path / "instance", tmp_path / "full"):
        db = store.connect(instance / "current" / "kb.sqlite", readonly=True)
        engine = search.engine_for(instance / "current" / search.DIR_NAME, db)
        answers.append([sorted(h.id for h in search.search(engine, db, q, per_page=500).hits)
                        for q in ("chim hải âu", "xử lý vi phạm hành chính", "cán bộ công chức")])
        db.close()
    assert answers[0] == answers[1] and answers[0][0] and answers[0][0][0].startswith(doc["key"])


def test_an_index_of_an_older_schema_is_not_used(env, tmp_path):
    from whoosh import index
    from whoosh.fields import ID, TEXT, Schema
    _, db, _, _ = env
    old = index.create_in(str(tmp_path), Schema(id=ID(stored=True), doc_key=ID(stored=True), body=TEXT(phrase=True)))
    with old.writer() as w:
        w.add_document(id="x", doc_key="x", body="một cửa liên thông")
    assert search.engine_for(tmp_path, db) is None


def test_a_document_without_title_is_found_by_the_words_of_its_address():
    source = "vbpl-review:x.json (https://thuvienphapluat.vn/van-ban/Bat-dong-san/Luat-Dat-dai-2024-31-2024-QH15-523642.aspx)"
    assert name_words("", source, "31/2024/QH15") == ["luat", "dat", "dai"]
    source = "vbpl-review:x (https://vbpl.vn/van-ban/chi-tiet/nghi-dinh-so-13-2023-nd-cp-bao-ve-du-lieu-ca-nhan--161106)"
    assert name_words(None, source, "13/2023/NĐ-CP") == ["nghi", "dinh", "bao", "ve", "du", "lieu", "ca", "nhan"]
    # a title wins; no address, no words
    assert name_words("Bảo hiểm xã hội", source, "58/2014/QH13") == ["bao", "hiem", "xa", "hoi"]
    assert name_words(None, "corpus/documents/x.txt", "1/2020/QĐ-UBND") == []


def test_folding_is_whooshs():
    assert [t.text for t in search.FOLDED("An toàn thực phẩm quy định")] == ["an", "toan", "thuc", "pham", "quy", "dinh"]
    assert search.syllables("An toàn thực phẩm quy định") == ["an", "toan", "thuc", "pham", "quy", "dinh"]
    for text in ("Điều 3. Giải thích từ ngữ — Ứng dụng, ỨNG DỤNG", nfc("Nghi\u0323 đi\u0323nh")):
        assert search.syllables(text) == [t.text for t in search.FOLDED(nfc(text))]


def test_the_postings_cache_answers_as_the_index_and_keeps_to_its_budget(env):
    engine, _, _, _ = env
    parsed = search.parse("người lao động được nghỉ hằng năm bảo hiểm xã hội")
    cache = scoring.PostingsCache(budget_bytes=1 << 20)
    cache.MIN_POSTINGS = 1          # the test KB is small: keep every list
    with engine.searcher() as s:
        plain = scoring.accumulate(s, engine.catalog, parsed.syllables(), parsed.pairs())
        for _ in range(2):          # cold, then from the cache
            cached = scoring.accumulate(s, engine.catalog, parsed.syllables(), parsed.pairs(), cache)
            assert np.array_equal(plain.scores, cached.scores) and np.array_equal(plain.matched, cached.matched)
    assert 0 < cache.used <= cache.budget and cache._lists
    tiny = scoring.PostingsCache(budget_bytes=4096)
    tiny.MIN_POSTINGS = 1
    with engine.searcher() as s:
        scoring.accumulate(s, engine.catalog, parsed.syllables(), parsed.pairs(), tiny)
    assert tiny.used <= 4096


def test_adapter_reads_lists_of_many_blocks_and_deletions(tmp_path):
    """Posting lists longer than a block, and an index with deletions, read
    as whoosh reads them."""
    from whoosh import index as wix
    from kb.search.indexing import SCHEMA, Codec
    ix = wix.create_in(str(tmp_path), SCHEMA)
    writer = ix.writer(codec=Codec())
    for i in range(5000):
        words = ["chung"] + (["le"] if i % 2 else ["chan"]) + [f"so{i % 7}"] * (1 + i % 3)
        writer.add_document(id=f"d{i}", doc_key=f"d{i // 10}", origin="o", level="article", heading="",
                            body=words, pairs=words, head=words[:1], headpairs=words[:1])
    writer.commit()
    writer = ix.writer(codec=Codec())
    for i in range(0, 5000, 13):
        writer.delete_by_term("id", f"d{i}")
    writer.commit(merge=False)
    with ix.searcher() as s:
        for reader, _ in wa.segments(s):
            for fieldname, text in (("body", "chung"), ("body", "le"), ("body", "so3"), ("pairs", "chung le"),
                                    ("body", "absent")):
                ids, weights = wa.postings(reader, fieldname, text)
                want_ids, want_w = _whoosh_postings(reader, fieldname, text)
                assert ids.tolist() == want_ids and weights.tolist() == pytest.approx(want_w)
            assert len(wa.postings(reader, "body", "chung")[0]) == 5000 - len(range(0, 5000, 13))


@pytest.mark.parametrize("gap", [1, 300, 70000])
@pytest.mark.parametrize("weights", ["ones", "const", "small", "float"])
def test_raw_blocks_decode_to_what_was_written(gap, weights):
    ids = [5 + i * gap for i in range(700)]
    w = {"ones": [1.0] * 700, "const": [3.0] * 700, "small": [float(1 + i % 200) for i in range(700)],
         "float": [0.5 + i for i in range(700)]}[weights]
    got_ids, got_w = wa.decode_block(wa.encode_block(ids, w), len(ids))
    assert got_ids.tolist() == ids and got_w.tolist() == w


def test_an_index_written_in_whooshs_own_block_format_reads_the_same(tmp_path):
    """Segments written before blocks were arrays (the codec pickled with
    raw_blocks False) still read, and give the same postings as whoosh's
    own matchers."""
    from whoosh import index as wix
    from kb.search.indexing import SCHEMA, Codec
    old_codec = Codec()
    old_codec.raw_blocks = False
    terms = (("body", "le"), ("body", "so3"), ("pairs", "chung le"))
    read = {}
    for name, codec in (("old", old_codec), ("new", Codec())):
        (tmp_path / name).mkdir()
        ix = wix.create_in(str(tmp_path / name), SCHEMA)
        writer = ix.writer(codec=codec)
        for i in range(4500):
            words = ["chung"] + ["le"] * (1 + i % 3) + [f"so{i % 7}"]
            writer.add_document(id=f"d{i}", doc_key=f"d{i // 10}", origin="o", level="article", heading="",
                                body=words, pairs=words, head=words[:1], headpairs=words[:1])
        writer.commit()
        with wix.open_dir(str(tmp_path / name)).searcher() as s:
            (reader, _), = wa.segments(s)
            fast = {t: tuple(a.tolist() for a in wa.postings(reader, *t)) for t in terms}
            assert fast == {t: tuple(_whoosh_postings(reader, *t)) for t in terms}
            read[name] = (type(reader.postings("body", "chung")).__name__, fast)
    assert read["old"][0] == "W3LeafMatcher" and read["new"][0] == "RawLeafMatcher"
    assert read["old"][1] == read["new"][1]


def test_a_name_ending_in_nam_and_a_year():
    """'… Việt Nam 2019' folds like '… năm 2019': the name keeps its 'Nam'."""
    import importlib
    import sqlite3
    understand = importlib.import_module("kb.search.understand")
    db = sqlite3.connect(":memory:")
    db.row_factory = sqlite3.Row
    db.execute("CREATE TABLE documents (key TEXT, number TEXT, doc_type TEXT, title TEXT, issued TEXT, stub INT)")
    db.execute("INSERT INTO documents VALUES ('49-2019-qh14', '49/2019/QH14', 'Luật', "
               "'Luật xuất cảnh, nhập cảnh của công dân Việt Nam', '2019-11-22', 0)")
    catalog = SimpleNamespace(keys=["49-2019-qh14"], numbers=["49/2019/QH14"], doc_type=["Luật"], year=["2019"],
                              issued=["2019-11-22"], title_words=[tuple(search.syllables(
                                  "Luật xuất cảnh, nhập cảnh của công dân Việt Nam"))])
    for q in ("luat xuat canh nhap canh cua cong dan viet nam 2019",
              "luat xuat canh nhap canh cua cong dan viet nam nam 2019"):
        assert [r["number"] for r in understand._named(db, catalog, q, None)] == ["49/2019/QH14"], q
    assert understand._named(db, catalog, "luat xuat canh nhap canh cua cong dan viet nam 2020", None) == []


def issuer_of(d):
    """The issuer a document prints, else the one its number names surely."""
    return d["issuer"] or numbers.issuer_from_number(d["number"]) or ""


def test_the_issuer_facet_counts_an_issuer_read_from_the_number(env):
    """A law whose source prints no issuer is counted, and filtered, under
    "Quốc hội" (its symbol QH12 names one body); a number whose symbol many
    bodies share (UBND) stays "không rõ"."""
    engine, db, statuses, _ = env
    cat = engine.catalog
    law = cat.ordinal["22-2008-qh12"]
    assert not store.document(db, "22-2008-qh12")["issuer"] and cat.issuer[law] == "Quốc hội"
    letter = cat.ordinal["3559-ubnd-vx.2022-07-15"]
    assert not store.document(db, "3559-ubnd-vx.2022-07-15")["issuer"] and cat.issuer[letter] == ""
    hits = search.search(engine, db, "cán bộ công chức", search.Filters(issuer="Quốc hội", level="document"),
                         statuses, per_page=100).hits
    assert "22-2008-qh12" in {h.doc_key for h in hits}


def test_short_blocks_are_encoded_as_numpy_encodes_them(monkeypatch):
    """Short posting blocks take a plain-Python path: byte for byte what the
    array path writes, and decoded back to the same postings."""
    import random
    rng = random.Random(7)
    for n in list(range(1, wa._SMALL)) * 40:
        gap = rng.choice([1, 3, 300, 70000])
        ids = sorted(rng.sample(range(gap * n * 2 + 10), n))
        weights = rng.choice([[1.0] * n, [2.5] * n, [float(rng.randrange(256)) for _ in range(n)],
                              [rng.random() * 10 for _ in range(n)], [float(rng.randrange(300)) for _ in range(n)]])
        small = wa.encode_block(ids, weights)
        with monkeypatch.context() as m:
            m.setattr(wa, "_SMALL", 0)
            assert wa.encode_block(ids, weights) == small
        got_ids, got_w = wa.decode_block(small, n)
        assert got_ids.tolist() == ids and np.allclose(got_w, np.asarray(weights, dtype=np.float32))
