"""The ``cancu`` command: the same tasks as the web app, for scripts.

Commands print human-readable output by default and a stable JSON
contract with ``--json``. Bad input gets one line on stderr and exit 2.
"""
from __future__ import annotations

import json
import sys

import click

from indexer.sources.text import UnreadableInput, read_text
from kb.citations import extract as extract_citations


@click.group(help="Căn cứ: cơ sở dữ liệu văn bản pháp luật Việt Nam.")
def main() -> None:
    pass


def _read_or_exit(path: str) -> str:
    try:
        return read_text(path)
    except UnreadableInput as e:
        click.echo(f"cancu: {e}", err=True)
        sys.exit(2)


@main.command(help="Tìm mọi trích dẫn văn bản trong một tệp văn bản (extract citations).")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
def extract(file: str, as_json: bool) -> None:
    text = sys.stdin.read() if file == "-" else _read_or_exit(file)
    citations = extract_citations(text)
    if as_json:
        json.dump({"citations": [c.to_json() for c in citations]}, sys.stdout,
                  ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    _print_table(text, citations)


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(i + 1 for i, ch in enumerate(text) if ch == "\n")
    return starts


def _print_table(text: str, citations) -> None:
    import bisect
    starts = _line_starts(text)
    rows = [("dòng", "loại", "số ký hiệu", "ngày", "trích dẫn")]
    for c in citations:
        line = bisect.bisect_right(starts, c.start)
        if c.kind == "named":
            number = f"(tên) {c.name}"
        elif c.resolution == "ambiguous":
            number = "mơ hồ: " + " | ".join(f"{x.number} {x.issued or ''}".strip() for x in c.candidates)
        else:
            number = c.refers_to or c.number or "—"
        issued = c.issued.isoformat() if c.issued else ""
        rows.append((str(line), c.kind, number, issued, " ".join(c.text.split())))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for r in rows:
        click.echo("  ".join(r[i].ljust(widths[i]) for i in range(4)) + "  " + r[4])
    click.echo(f"{len(citations)} trích dẫn")


if __name__ == "__main__":
    main()
