"""bench/relevance.py: its metrics on toy rankings, its reading of search
answers, its BM25 baseline on a toy KB, and the committed query set
well-formed. (Whether every label exists in the KB built from the shipped
corpus is checked by the bench itself at run time: it reports and skips
the labels it does not find.)"""
import importlib.util
import math
import sqlite3
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("relevance_bench", ROOT / "bench" / "relevance.py")
rb = importlib.util.module_from_spec(spec)
sys.modules["relevance_bench"] = rb
spec.loader.exec_module(rb)


def test_recall_and_mrr():
    rel = {"a#dieu-2"}
    assert rb.recall_at(["x", "a#dieu-2"], rel) == 1.0
    assert rb.mrr_at(["x", "a#dieu-2"], rel) == 0.5
    assert rb.mrr_at(["a#dieu-2"], rel) == 1.0
    ranked = [f"d{i}" for i in range(10)] + ["a#dieu-2"]      # 11th: outside the top 10
    assert rb.recall_at(ranked, rel) == 0.0 and rb.mrr_at(ranked, rel) == 0.0
    assert rb.recall_at([], rel) == 0.0


def test_ndcg_binary_gains():
    assert rb.ndcg_at(["a", "b"], {"a"}) == 1.0
    assert rb.ndcg_at(["x", "a"], {"a"}) == pytest.approx(1 / math.log2(3))
    # two relevant, one found at rank 1: DCG 1, ideal 1 + 1/log2(3)
    assert rb.ndcg_at(["a", "x"], {"a", "b"}) == pytest.approx(1 / (1 + 1 / math.log2(3)))
    # more relevant units than k: the ideal has k of them
    many = {f"r{i}" for i in range(30)}
    assert rb.ndcg_at([f"r{i}" for i in range(10)], many) == pytest.approx(1.0)
    # a unit listed twice counts once
    assert rb.ndcg_at(["a", "a"], {"a", "b"}) == rb.ndcg_at(["a", "x"], {"a", "b"})
    assert rb.ndcg_at([], {"a"}) == 0.0


def test_summary_and_percentiles():
    assert rb.percentile([5.0, 1.0, 3.0, 2.0, 4.0], 50) == 3.0
    assert rb.percentile([float(i) for i in range(1, 101)], 95) == 95.0
    assert rb.percentile([], 95) == 0.0
    s = rb.summarise([(["a"], {"a"}, 0.010), (["x", "b"], {"b"}, 0.030), (["x"], {"c"}, 0.020)])
    assert s["n"] == 3
    assert s["R@10"] == pytest.approx(2 / 3)
    assert s["MRR@10"] == pytest.approx((1 + 0.5) / 3)
    assert s["p50_ms"] == pytest.approx(20.0)
    assert s["p95_ms"] == pytest.approx(30.0)
    assert rb.summarise([])["n"] == 0


def test_fold_and_fts_query_quoting():
    assert rb.fold("Điều kiện hưởng LƯƠNG HƯU") == "dieu kien huong luong huu"
    assert rb.syllables("Nghị định 61/2018/NĐ-CP, \"điều\" 3") == ["nghị", "định", "61", "2018", "nđ", "cp", "điều", "3"]
    assert rb.fts_or(["a", "b", "a"]) == '"a" OR "b"'
    assert rb.fts_or(['x"y']) == '"x""y"'


def test_ranked_ids_from_api_answers():
    words = {"kind": "words", "hits": [{"id": "k1#dieu-3", "key": "k1", "level": "article"},
                                       {"id": "k2#dieu-4-khoan-2", "key": "k2", "level": "article"},
                                       {"id": "k1#dieu-3-khoan-1", "key": "k1"}]}
    assert rb.ranked_ids(words, "article") == ["k1#dieu-3", "k2#dieu-4"]
    number = {"kind": "number", "documents": [{"key": "61-2018-ndd-cp.2018-04-23"}]}
    assert rb.ranked_ids(number, "document") == ["61-2018-ndd-cp.2018-04-23"]
    opens = {"kind": "words", "understood": {"kind": "pinpoint", "opens": {"key": "k9", "anchor": "dieu-36-khoan-2"}},
             "hits": [{"id": "k1#dieu-3"}, {"id": "k9#dieu-36"}]}
    assert rb.ranked_ids(opens, "article") == ["k9#dieu-36", "k1#dieu-3"]      # where the page redirects, first
    doc = {"understood": {"kind": "number", "opens": {"key": "k9", "anchor": None}}, "hits": [{"id": "k2"}]}
    assert rb.ranked_ids(doc, "document") == ["k9", "k2"]
    assert rb.ranked_ids({"error": "x"}, "article") == []
    assert rb.ranked_ids(None, "article") == []


def _toy_kb(path):
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE documents (key TEXT PRIMARY KEY, number TEXT, title TEXT, stub INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE provisions (id INTEGER PRIMARY KEY, doc_key TEXT, anchor TEXT, kind TEXT, label TEXT,
                                 heading TEXT, text TEXT, ord INTEGER);
    """)
    db.executemany("INSERT INTO documents VALUES (?, ?, ?, ?)", [
        ("58-2014-qh13", "58/2014/QH13", "Bảo hiểm xã hội", 0),
        ("45-2019-qh14", "45/2019/QH14", "Bộ luật Lao động", 0),
        ("stub-1", "1/2000/QĐ", None, 1)])
    db.executemany("INSERT INTO provisions (doc_key, anchor, kind, label, heading, text, ord) VALUES (?, ?, ?, ?, ?, ?, ?)", [
        ("58-2014-qh13", "dieu-54", "article", "Điều 54", "Điều kiện hưởng lương hưu", "", 1),
        ("58-2014-qh13", "dieu-54-khoan-1", "clause", "1", None, "Người lao động đủ 60 tuổi và có đủ 20 năm đóng", 2),
        ("58-2014-qh13", "dieu-55", "article", "Điều 55", "Mức lương hưu hằng tháng", "Tính theo tỷ lệ phần trăm", 3),
        ("45-2019-qh14", "dieu-139", "article", "Điều 139", "Nghỉ thai sản",
         "Lao động nữ được nghỉ thai sản trước và sau khi sinh con là 06 tháng", 1),
        ("stub-1", "dieu-1", "article", "Điều 1", "Lương hưu", "lương hưu", 1)])
    db.commit()
    db.close()


def test_bm25_baseline_on_a_toy_kb(tmp_path):
    inst = tmp_path / "instance"
    (inst / "kb-1").mkdir(parents=True)
    _toy_kb(inst / "kb-1" / "kb.sqlite")
    (inst / "current").symlink_to("kb-1")
    kb = rb.kb_path(inst)
    units = dict(rb.article_units(rb.connect_ro(kb)))
    assert set(units) == {"58-2014-qh13#dieu-54", "58-2014-qh13#dieu-55", "45-2019-qh14#dieu-139"}   # no stub
    assert "đủ 60 tuổi" in units["58-2014-qh13#dieu-54"]          # its clauses are part of the article
    db = rb.bm25_index(inst, kb, say=lambda m: None)
    fold, accent = rb.BM25(db, "fold"), rb.BM25(db, "accent")
    assert fold.search("dieu kien huong luong huu la gi", "article")[0] == "58-2014-qh13#dieu-54"
    assert fold.search("lao động nữ nghỉ thai sản bao nhiêu tháng", "article")[0] == "45-2019-qh14#dieu-139"
    assert accent.search("nghỉ thai sản", "article")[0] == "45-2019-qh14#dieu-139"
    assert accent.search("nghi san", "article") == []          # the accent-keeping variant keeps accents
    assert fold.search("bảo hiểm xã hội", "document") == ["58-2014-qh13"]
    assert fold.search('"; DROP TABLE units; --', "article") == []   # quoted: no FTS syntax gets through
    assert fold.search("", "article") == []
    db.close()
    # cached: the same KB is not indexed again
    mtime = (inst / rb.BM25_FILE).stat().st_mtime_ns
    rb.bm25_index(inst, kb, say=lambda m: None).close()
    assert (inst / rb.BM25_FILE).stat().st_mtime_ns == mtime


def test_a_run_on_a_toy_kb(tmp_path):
    """Labels missing from the KB skipped and counted; figures per class, overall and per method."""
    inst = tmp_path / "instance"
    (inst / "kb-1").mkdir(parents=True)
    _toy_kb(inst / "kb-1" / "kb.sqlite")
    (inst / "current").symlink_to("kb-1")
    Q = rb.Query
    queries = [Q("question", "heading-template", "article", "điều kiện hưởng lương hưu",
                 ["58-2014-qh13#dieu-54", "58-2014-qh13#dieu-999"]),
               Q("question", "body-template-noaccent", "article", "nu duoc nghi",
                 ["45-2019-qh14#dieu-139"]),
               Q("pinpoint", "article-of-name", "article", "điều 55 luật bảo hiểm xã hội", ["58-2014-qh13#dieu-55"]),
               Q("name", "law-name", "document", "luật bảo hiểm xã hội", ["58-2014-qh13"]),
               Q("topic", "demuc-title", "article", "gone", ["gone#dieu-1"])]

    class Fake:      # Căn cứ as a stand-in: always the same answer
        def search(self, q, level):
            return ["58-2014-qh13#dieu-55", "58-2014-qh13#dieu-54"] if level == "article" else ["58-2014-qh13"]

    said = []
    result = rb.run(inst, queries, accent_variant=True, cancu=Fake(), say=said.append)
    assert result["skipped"]["labels"] == 2 and result["skipped"]["queries"] == 1
    assert any("skipped 2 of 6 labels" in m for m in said)
    assert set(result["classes"]) == {"question", "pinpoint", "name", "overall (article)"}
    cc = result["classes"]["overall (article)"]["Căn cứ"]
    assert cc["n"] == 3 and cc["R@10"] == pytest.approx(2 / 3) and cc["MRR@10"] == pytest.approx((0.5 + 1) / 3)
    assert result["classes"]["name"]["Căn cứ"]["MRR@10"] == 1.0
    bm = result["classes"]["question"]["BM25"]
    assert bm["R@10"] == 1.0                       # both questions found by the folded BM25
    assert result["methods"]["article/typed without diacritics"]["BM25 (dấu)"]["R@10"] == 0.0
    assert [d["rank"]["Căn cứ"] for d in result["per_query"]] == [2, None, 1, 1]


def test_clear_errors_without_a_kb(tmp_path, capsys):
    assert rb.main([str(tmp_path / "nowhere")]) == 2
    assert "no instance folder" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert rb.main([str(tmp_path / "empty")]) == 2
    err = capsys.readouterr().err
    assert "no built KB" in err and "Traceback" not in err


def test_committed_query_set_is_well_formed():
    queries = rb.load_queries()
    counts = Counter(q.cls for q in queries)
    assert len(queries) >= 400
    assert counts["question"] >= 250
    assert all(counts[c] >= 30 for c in ("topic", "name", "pinpoint"))
    assert len({rb.fold(q.text) for q in queries}) == len(queries)          # no query twice
    for q in queries:
        assert q.method and q.source
        assert len(set(q.relevant)) == len(q.relevant)
        for label in q.relevant:
            if q.level == "article":
                key, anchor = label.split("#")
                assert key and anchor.startswith(("dieu-", "pd-")), label
            else:
                assert "#" not in label and label
    # about one question in seven is typed without diacritics
    plain = sum(q.method.endswith("-noaccent") for q in queries if q.cls == "question")
    assert 0.08 <= plain / counts["question"] <= 0.25


def test_malformed_query_files_are_refused(tmp_path):
    head = "\t".join(rb.COLUMNS) + "\n"
    bad = {"columns": head + "question\tx\tarticle\tq\n",
           "class": head + "nonsense\tx\tarticle\tq\tk#dieu-1\ts\n",
           "level": head + "name\tx\tarticle\tq\tk\ts\n",
           "label": head + "question\tx\tarticle\tq\tk\ts\n",
           "empty": head + "question\tx\tarticle\t \tk#dieu-1\ts\n"}
    for name, text in bad.items():
        p = tmp_path / f"{name}.tsv"
        p.write_text(text, encoding="utf-8")
        with pytest.raises(ValueError):
            rb.load_queries(p)
    ok = tmp_path / "ok.tsv"
    ok.write_text(head + "question\tx\tarticle\tq\tk#dieu-1 k#dieu-2\ts\n", encoding="utf-8")
    assert rb.load_queries(ok)[0].relevant == ["k#dieu-1", "k#dieu-2"]
