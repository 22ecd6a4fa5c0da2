"""Write bench/queries.tsv: 200 realistic queries for bench/search.py (run once; committed).

Topics legal staff search for, each as typed with accents, without them,
as a quoted phrase, and with a filter; plus numbers of real documents of
the KB in the forms staff type them.

usage: python bench/make_queries.py INSTANCE
"""
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from indexer.build import current_db  # noqa: E402
from kb import store  # noqa: E402
from kb.text import fold  # noqa: E402

TOPICS = [
    "một cửa liên thông", "thủ tục hành chính", "an toàn thực phẩm", "bảo hiểm xã hội", "bảo hiểm y tế",
    "thuế thu nhập cá nhân", "tài sản công", "phòng chống tham nhũng", "xử phạt vi phạm hành chính", "đất đai",
    "cán bộ công chức", "viên chức", "ngân sách nhà nước", "đầu tư công", "giáo dục nghề nghiệp",
    "người có công với cách mạng", "trẻ em", "bảo trợ xã hội", "lao động nước ngoài", "tiền lương",
    "an toàn vệ sinh lao động", "môi trường", "khoáng sản", "giao thông đường bộ", "phòng cháy chữa cháy",
    "kiểm soát thủ tục hành chính", "văn bản quy phạm pháp luật", "công chứng", "hộ tịch", "quốc phòng",
]


def main(instance: str) -> None:
    db = store.connect(current_db(Path(instance)), readonly=True)
    rng = random.Random(7)
    rows = []
    for t in TOPICS:
        rows.append(("words", t, ""))
        rows.append(("folded", fold(t), ""))
        rows.append(("phrase", f'"{t}"', ""))
    for t in rng.sample(TOPICS, 20):
        rows.append(("filtered", t, rng.choice(["type=Nghị định", "type=Thông tư", "year=2019", "year=2020"])))
    numbers = [r[0] for r in db.execute(
        "SELECT number FROM documents WHERE stub = 0 AND number LIKE '%/____/%' ORDER BY number")]
    for n in rng.sample(numbers, 90):
        seq, year, symbol = n.split("/", 2)
        form = rng.choice(["full", "short", "typed"])
        q = n if form == "full" else f"{seq}/{year}" if form == "short" else f"{symbol.split('-')[0].lower()} {seq}/{year}"
        rows.append(("number", q, ""))
    out = Path(__file__).resolve().parent / "queries.tsv"
    with open(out, "w", encoding="utf-8") as f:
        f.write("kind\tquery\tfilter\n")
        for kind, q, flt in rows[:200]:
            f.write(f"{kind}\t{q}\t{flt}\n")
    print(out, len(rows[:200]))


if __name__ == "__main__":
    main(sys.argv[1])
