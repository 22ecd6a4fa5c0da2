"""Every long stage of a build says how far it is: the search index counts
the documents it has indexed (issue 14: it used to say nothing for minutes)."""
from indexer.build import build, current_db, rebuild_search
from kb import store
from test_linked_corpus import make_corpus


def test_the_search_index_stage_counts_documents(tmp_path):
    corpus = make_corpus(tmp_path)
    said = []
    build(corpus, tmp_path / "instance", progress=lambda stage, **kw: said.append((stage, kw.get("done"), kw.get("total"))))
    counted = [(d, t) for stage, d, t in said if stage.startswith("chỉ mục tìm kiếm") and t is not None]
    assert counted, said
    total = counted[-1][1]
    db = store.connect(current_db(tmp_path / "instance"), readonly=True)
    assert total == store.counts(db)["documents"] > 0
    db.close()
    assert counted[-1] == (total, total) and counted[0][0] == 0
    assert [d for d, _ in counted] == sorted(d for d, _ in counted)

    told = []
    n = rebuild_search(tmp_path / "instance", progress=lambda done, total: told.append((done, total)))
    assert n > 0 and told[0] == (0, total) and told[-1] == (total, total)
