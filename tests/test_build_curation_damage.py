"""A damaged line of a curation log (truncated by a crash, edited by hand) is
reported with its file and line and skipped: the rest of the log is laid over
the KB, and the pages that read logs keep answering."""
import json

from indexer import curation as logs
from indexer.build import build
from kb import curation, store
from manage_site import app_for, make_site

KEY = "61-2018-ndd-cp.2018-04-23"


def test_a_truncated_line_is_reported_and_skipped(tmp_path):
    corpus, instance = make_site(tmp_path)
    good = curation.entry("set", "bientap", "sửa trích yếu", changes={"title": ["cũ", "Trích yếu đã sửa"]})
    later = curation.entry("set", "bientap", "sửa người ký", changes={"signer": [None, "Nguyễn Xuân Phúc"]})
    path = corpus / "curation" / f"{KEY}.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    whole = json.dumps(good, ensure_ascii=False)
    path.write_text(whole + "\n" + whole[: len(whole) // 2] + "\n" + json.dumps(later, ensure_ascii=False) + "\n"
                    + '["not", "an", "entry"]\n', encoding="utf-8")

    result = build(corpus, instance)
    damaged = [(where, why) for where, why in result.errors if where.startswith(str(path))]
    assert [where for where, _ in damaged] == [f"{path}:2", f"{path}:4"]
    assert all("đã bỏ qua" in why for _, why in damaged)
    db = store.connect(instance / "current" / "kb.sqlite", readonly=True)
    row = store.document(db, KEY)
    assert row["title"] == "Trích yếu đã sửa" and row["signer"] == "Nguyễn Xuân Phúc"   # the rest is kept
    db.close()

    client = app_for(corpus, instance).test_client()
    assert client.get(f"/lich-su/{KEY}").status_code == 200
    assert client.get("/de-xuat/").status_code == 200

    # a new entry is appended after the damaged lines, which stay for whoever repairs them
    logs.append(corpus, KEY, lambda entries: curation.entry("set", "bientap", "lần nữa",
                                                            changes={"place": [None, "Hà Nội"]}))
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5 and lines[1] == whole[: len(whole) // 2] and json.loads(lines[4])["why"] == "lần nữa"
    assert len(logs.read_log(path)) == 3
