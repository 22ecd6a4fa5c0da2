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


@main.command(help="Xem bộ chỉ mục đọc được gì từ một tệp, không động tới CSDL (inspect one file).")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
def inspect(file: str, as_json: bool) -> None:
    from pathlib import Path
    from indexer.document import inspect as inspect_file
    from indexer.sources import UnreadableInput
    try:
        found = inspect_file(Path(file))
    except UnreadableInput as e:
        click.echo(f"cancu: {e}", err=True)
        sys.exit(2)
    if not found.get("number") and not found.get("title") and not any(found["structure"].values()) \
            and not found["events"] and not found.get("citations"):
        click.echo(f"cancu: {file}: không đọc được gì (tệp rỗng, hoặc không phải văn bản)", err=True)
        sys.exit(2)
    if as_json:
        json.dump(found, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    for field in ("number", "doc_type", "issuer", "issued", "place", "title", "signer", "effective_from"):
        click.echo(f"{field:15} {found[field] if found[field] is not None else '—'}")
    click.echo("structure       " + ", ".join(f"{k} {v}" for k, v in found["structure"].items() if v))
    for e in found["events"]:
        click.echo(f"event           {EVENT_LABELS.get(e['kind'], e['kind'])} {e['target']} {e['scope'] or ''} "
                   f"{e['date'] or ''} ({e['provision'] or ''})")


# --- the KB ----------------------------------------------------------------

def _default_paths():
    from pathlib import Path
    root = Path.cwd()
    return root / "corpus", root / "instance"


@main.command(help="Dựng cơ sở dữ liệu từ corpus/ (build the KB from the corpus).")
@click.option("--corpus", type=click.Path(file_okay=False), default=None, help="Thư mục corpus (mặc định ./corpus).")
@click.option("--instance", type=click.Path(file_okay=False), default=None, help="Thư mục instance (mặc định ./instance).")
@click.option("--full", is_flag=True, help="Dựng lại toàn bộ, không dùng lại kết quả cũ.")
@click.option("--search-only", is_flag=True, help="Chỉ dựng lại chỉ mục tìm kiếm của bản đang dùng, từ cơ sở dữ liệu.")
@click.option("--force", is_flag=True, help="Chuyển sang bản mới dù nó mất nhiều văn bản so với bản đang dùng.")
@click.option("--quiet", "-q", is_flag=True, help="Không hiện tiến độ.")
def build(corpus, instance, full, search_only, force, quiet):
    from pathlib import Path
    default_corpus, default_instance = _default_paths()
    instance = Path(instance) if instance else default_instance
    if search_only:
        _search_only(instance, quiet)
        return
    corpus = Path(corpus) if corpus else default_corpus
    if not corpus.is_dir():
        click.echo(f"cancu: {corpus}: không có thư mục corpus (no corpus directory)", err=True)
        sys.exit(2)
    result = _run_build(corpus, instance, full=full, force=force, quiet=quiet)
    sys.exit(1 if result.errors else 0)


def _run_build(corpus, instance, full=False, force=False, quiet=False):
    """Build with progress on a terminal; print the summary and each source
    that could not be read; exit 1 when the build is refused for shrinking."""
    from indexer.build import ShrinkRefused
    from indexer.build import build as run_build
    from cancu.progress import Progress
    with Progress(quiet) as progress:
        try:
            result = run_build(corpus, instance, full=full, progress=progress, force=force)
        except ShrinkRefused as e:
            progress.close()
            click.echo(f"cancu: {e}", err=True)
            for key, number in e.lost[:30]:
                click.echo(f"  mất: {number} ({key})", err=True)
            if len(e.lost) > 30:
                click.echo(f"  … và {len(e.lost) - 30} văn bản khác", err=True)
            sys.exit(1)
    if result.why_full and not quiet:
        click.echo(f"dựng toàn bộ: {result.why_full}", err=True)
    click.echo(result.summary())
    for path, reason in result.errors:
        click.echo(f"cancu: không đọc được {path}: {reason}", err=True)
    return result


def _search_only(instance, quiet):
    import threading
    import time
    from indexer.build import rebuild_search
    from cancu.progress import Progress
    t0 = time.perf_counter()
    expected = _last_duration(instance, "chỉ mục tìm kiếm (riêng)")
    with Progress(quiet) as progress:
        stop = threading.Event()

        counted = {}

        def tick():
            while not stop.wait(1.0):
                progress("chỉ mục tìm kiếm", expected=expected, **counted)

        def indexed(done, total):
            counted.update(done=done, total=total)
            progress("chỉ mục tìm kiếm", expected=expected, **counted)
        progress("chỉ mục tìm kiếm", expected=expected)
        threading.Thread(target=tick, daemon=True).start()
        try:
            n = rebuild_search(instance, progress=indexed)
        except FileNotFoundError as e:
            stop.set()
            progress.close()
            click.echo(f"cancu: {e}", err=True)
            sys.exit(2)
        stop.set()
    seconds = time.perf_counter() - t0
    _remember_duration(instance, "chỉ mục tìm kiếm (riêng)", seconds)
    click.echo(f"chỉ mục tìm kiếm: {n} điều ({seconds:.1f} s)")


def _last_duration(instance, stage):
    import json
    try:
        return json.loads((instance / ".build-times.json").read_text()).get(stage)
    except (OSError, ValueError):
        return None


def _remember_duration(instance, stage, seconds):
    import json
    path = instance / ".build-times.json"
    try:
        times = json.loads(path.read_text())
    except (OSError, ValueError):
        times = {}
    times[stage] = seconds
    try:
        path.write_text(json.dumps(times, ensure_ascii=False))
    except OSError:
        pass


def _open_kb(instance):
    from pathlib import Path
    from indexer.build import current_db
    from kb import store
    path = current_db(Path(instance) if instance else _default_paths()[1])
    if path is None:
        click.echo("cancu: chưa có cơ sở dữ liệu; hãy chạy `cancu build` (no KB built yet)", err=True)
        sys.exit(2)
    return store.connect(path, readonly=True)


# Human words for the codes of the JSON output.
from kb.model import EVENT_LABELS  # noqa: E402
RESOLUTION_LABELS = {"resolved": "xác định", "unknown": "chưa có", "ambiguous": "mơ hồ",
                     "wrong_number": "số sai", "vague": "không số", "unresolved": "chưa rõ"}


def find_documents(db, text: str) -> list:
    """The documents a typed text names, as the web's search box opens them:
    a key; a number in any form the search takes ("158/2007", "158/2007/ND-CP",
    "nd 61/2018"), through ``kb.search.number_lookup``; or a citation
    ("Nghị định 158/2007/NĐ-CP", "Luật số 15/2017/QH14") whose number is
    looked up the same way."""
    from kb import store
    from kb.search import number_lookup
    text = " ".join(text.split())
    row = store.document(db, text)
    if row is not None:
        return [row]
    rows = number_lookup(db, text)
    if rows is None:
        cited = [c for c in extract_citations(text) if c.refers_to or c.number]
        numbers = {c.refers_to or c.number for c in cited}
        if len(numbers) == 1:
            (number,) = numbers
            rows = number_lookup(db, number) or store.documents_by_number(db, number)
            types = {c.doc_type for c in cited if c.doc_type}
            if types and len(rows) > 1:
                rows = [r for r in rows if r["doc_type"] in types] or rows
    return list(rows or [])


def near_numbers(db, text: str, limit: int = 8) -> list:
    """Documents whose number is close to a typed one, for "did you mean"."""
    import difflib
    import re
    from kb.text import fold
    m = re.search(r"(\d{1,5}[a-zđ]?)(?:\s*/\s*(\d{4}))?", text, re.I)
    if not m:
        return []
    seq, year = m.group(1), m.group(2)
    like = [f"{seq}/%", f"{seq}-%"] + ([f"%/{year}/%"] if year else [])
    rows = db.execute("SELECT * FROM documents WHERE " + " OR ".join("number LIKE ?" for _ in like)
                      + " ORDER BY stub, issued DESC LIMIT 400", like).fetchall()
    typed = fold(text).lower()
    by_number = {fold(r["number"]).lower(): r for r in rows if r["number"]}
    close = difflib.get_close_matches(typed, list(by_number), n=limit, cutoff=0.5)
    out = [by_number[c] for c in close]
    out += [r for r in rows if r["number"] and r["number"].startswith(f"{seq}/") and r not in out]
    return out[:limit]


def _which(row) -> str:
    """Type, issuer and issue date: what tells a document from others of its number."""
    from kb.dates import dmy
    from kb.numbers import issuer_from_number
    issued = f"ban hành {dmy(row['issued'])}" if row["issued"] else "ngày ban hành chưa rõ"
    inferred = not row["issuer"] and issuer_from_number(row["number"])
    issuer = row["issuer"] or (f"{inferred} (suy từ số hiệu)" if inferred else "cơ quan ban hành chưa rõ")
    return ", ".join((row["doc_type"] or "loại chưa rõ", issuer, issued))


def _describe(db, row) -> str:
    import datetime as dt
    from kb import status as kb_status
    st = kb_status.document_status(db, row["key"], dt.date.today())
    return (f"  {row['number'] or '—'}  {_which(row)} — {st.value}{' (chỉ có bản ghi)' if row['stub'] else ''}"
            f"  [khoá: {row['key']}]")


def _one_document(db, number: str):
    """The one document a number (or a key) names, or exit 2 saying why not:
    several answer (each listed, none picked), or none (with near numbers)."""
    if not number.strip():
        click.echo("cancu: cần số ký hiệu (ví dụ 61/2018/NĐ-CP)", err=True)
        sys.exit(2)
    docs = find_documents(db, number)
    if len(docs) == 1:
        return docs[0]
    if len(docs) > 1:
        click.echo(f"cancu: {number}: {len(docs)} văn bản trả lời; hãy chỉ rõ bằng số đầy đủ hoặc khoá:", err=True)
        for d in docs:
            click.echo(_describe(db, d), err=True)
        sys.exit(2)
    click.echo(f"cancu: {number}: không có trong cơ sở dữ liệu", err=True)
    near = near_numbers(db, number)
    if near:
        click.echo("có phải:", err=True)
        for d in near:
            click.echo(_describe(db, d), err=True)
    sys.exit(2)


def _parse_on(on: str | None):
    import datetime as dt
    from kb import dates
    if not on:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(on)
    except ValueError:
        d = dates.parse(on)
        if d is None:
            click.echo(f"cancu: ngày không hợp lệ: {on!r} (dùng YYYY-MM-DD)", err=True)
            sys.exit(2)
        return d


@main.command(help="Tình trạng hiệu lực của văn bản vào một ngày, với lý do và căn cứ.")
@click.argument("number", required=False)
@click.option("--on", "on", default=None, help="Ngày (YYYY-MM-DD); mặc định hôm nay.")
@click.option("--list", "as_list", is_flag=True, help="Liệt kê mọi văn bản (lọc bằng --status).")
@click.option("--status", "wanted", default=None, help="Chỉ liệt kê văn bản có tình trạng này.")
@click.option("--provision", default=None, help="Tình trạng của một điều khoản, ví dụ \"khoản 2 Điều 3\".")
@click.option("--json", "as_json", is_flag=True)
@click.option("--instance", type=click.Path(file_okay=False), default=None)
def status(number, on, as_list, wanted, provision, as_json, instance):
    from kb import status as kb_status
    day = _parse_on(on)
    db = _open_kb(instance)
    if wanted and wanted not in kb_status.STATUSES:
        click.echo(f"cancu: tình trạng không hợp lệ: {wanted!r}; một trong: {', '.join(kb_status.STATUSES)}", err=True)
        sys.exit(2)
    if as_list:
        rows = []
        for doc in db.execute("SELECT key, number, doc_type, title FROM documents ORDER BY number"):
            st = kb_status.document_status(db, doc["key"], day)
            if wanted and st.value != wanted:
                continue
            rows.append({"key": doc["key"], "number": doc["number"], "doc_type": doc["doc_type"],
                         "status": st.value, "amended": st.amended, "reason": st.reason})
        if as_json:
            json.dump({"on": day.isoformat(), "documents": rows}, sys.stdout, ensure_ascii=False, indent=1)
            sys.stdout.write("\n")
        else:
            for r in rows:
                click.echo(f"{r['number'] or r['key']:30} {r['status']:24} {r['reason']}")
            click.echo(f"{len(rows)} văn bản")
        return
    if not number:
        click.echo("cancu: cần số ký hiệu, hoặc --list", err=True)
        sys.exit(2)
    doc = _one_document(db, number)
    if provision is not None:
        return _provision_status(db, doc, provision, day, as_json)
    st = kb_status.document_status(db, doc["key"], day)
    if as_json:
        out = {"number": doc["number"], "key": doc["key"], "doc_type": doc["doc_type"], "issuer": doc["issuer"],
               "issued": doc["issued"], **st.to_json()}
        json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    click.echo(f"{doc['number']} — {st.value} ngày {day:%d/%m/%Y}" + (f" ({kb_status.AMENDED_FLAG})" if st.amended else ""))
    # which document answered: a number without a year may belong to several bodies
    click.echo(f"văn bản: {_which(doc)}  [khoá: {doc['key']}]")
    click.echo(f"lý do: {st.reason}")
    for e in st.deciding:
        click.echo(f"  {EVENT_LABELS.get(e.kind, e.kind)} {e.date or e.date_note} {e.by_provision or ''} "
                   f"{e.by_number or ''}".rstrip())
        click.echo(f"    “{' '.join(e.quote.split())[:300]}” ({e.source})")
    for c in st.conflicts:
        click.echo(f"  ! {c}")


def _provision_status(db, doc, provision: str, day, as_json: bool) -> None:
    """``cancu status NUMBER --provision …``: the document's JSON contract, for one provision."""
    from kb import status as kb_status
    anchor = _provision_anchor(db, doc, provision)
    st = kb_status.provision_status(db, doc["key"], anchor, day)
    if as_json:
        out = {"number": doc["number"], "key": doc["key"], "provision": _pinpoint(anchor), "anchor": anchor,
               **st.to_json()}
        json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    click.echo(f"{_pinpoint(anchor)} {doc['number']} — {st.value} ngày {day:%d/%m/%Y}"
               + (f" ({kb_status.AMENDED_FLAG})" if st.amended else ""))
    click.echo(f"lý do: {st.reason}")
    for e in st.deciding:
        click.echo(f"  {EVENT_LABELS.get(e.kind, e.kind)} {e.date or e.date_note} {e.by_provision or ''} "
                   f"{e.by_number or ''}".rstrip())
        click.echo(f"    “{' '.join(e.quote.split())[:300]}” ({e.source})")


def _pinpoint(anchor: str) -> str:
    from kb.cite import pinpoint
    return pinpoint(anchor) or anchor


def _provision_anchor(db, doc, text: str) -> str:
    """The anchor of a printed provision ("khoản 2 Điều 3", read by
    kb.identity.provision_anchor), or exit 2 when it cannot be read or the
    document has no such provision (in its text, or inserted by an amendment)."""
    from kb.identity import provision_anchor
    anchor = provision_anchor(text)
    if anchor is None:
        click.echo(f"cancu: không đọc được vị trí {text!r} (ví dụ: \"điểm b khoản 2 Điều 3\")", err=True)
        sys.exit(2)
    if db.execute("SELECT 1 FROM provisions WHERE doc_key = ? AND anchor = ?", (doc["key"], anchor)).fetchone():
        return anchor
    from kb import versions as kb_versions
    if kb_versions.timeline(db, doc["key"], anchor) is None:
        click.echo(f"cancu: {doc['number']} không có {_pinpoint(anchor)}", err=True)
        sys.exit(2)
    return anchor


@main.command(help="Nội dung văn bản (hoặc một điều khoản) vào một ngày: các sửa đổi, bổ sung đã áp dụng, "
                   "kèm điều khoản sửa đổi và ngày.")
@click.argument("number")
@click.option("--on", "on", default=None, help="Ngày (YYYY-MM-DD); mặc định hôm nay.")
@click.option("--provision", default=None, help="Một điều khoản, ví dụ \"khoản 2 Điều 3\".")
@click.option("--json", "as_json", is_flag=True)
@click.option("--instance", type=click.Path(file_okay=False), default=None)
def text(number, on, provision, as_json, instance):
    from kb import versions as kb_versions
    day = _parse_on(on)
    db = _open_kb(instance)
    doc = _one_document(db, number)
    if provision is not None:
        anchor = _provision_anchor(db, doc, provision)
        found = kb_versions.provision_on(db, doc["key"], anchor, day)
        if as_json:
            json.dump({"number": doc["number"], **found.to_json()}, sys.stdout, ensure_ascii=False, indent=1)
            sys.stdout.write("\n")
            return
        _print_provision(doc, found)
        return
    c = kb_versions.consolidated(db, doc["key"], day)
    if as_json:
        json.dump(c.to_json(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    _print_text(doc, c)


def _change_line(c) -> str:
    by = " ".join(x for x in (c.by_provision, c.by_number) if x) or "văn bản chưa rõ"
    when = f"từ {c.date:%d/%m/%Y}" if c.date else (c.date_note or "ngày chưa rõ")
    return f"{c.label} {c.provision or 'văn bản'} bởi {by} {when}"


def _print_text(doc, c) -> None:
    from kb import versions as kb_versions
    click.echo(f"{doc['number'] or doc['key']} — nội dung ngày {c.on:%d/%m/%Y} ({c.base.label})")
    if c.computed:
        click.echo(f"[{kb_versions.BANNER}]")
    for n in c.notices:
        click.echo(f"[{n}]")
    for u in c.units:
        if u.kind in ("part", "chapter", "section", "subsection", "article"):
            click.echo("")
            click.echo(f"{u.label}. {u.heading}".rstrip(". ") if u.heading else u.label)
            body = u.text
        else:
            body = f"{u.number}{')' if u.kind == 'point' else '.'} {u.text}" if u.text is not None else None
        if u.unknown:
            click.echo(f"  [{u.unknown}]")
        elif u.repealed:
            click.echo(f"  [{u.number} — bị bãi bỏ: {_change_line(u.repealed)}]")
        elif body:
            click.echo(body)
        for p in u.problems:
            click.echo(f"  [chưa áp dụng được: {_change_line(p)} — {p.reason}]")
    pending = [p for p in c.problems if not any(p in u.problems for u in c.units)]
    if pending:
        click.echo("")
        click.echo("Chưa áp dụng được:")
        for p in pending:
            click.echo(f"  {_change_line(p)} — {p.reason}")
            click.echo(f"    “{' '.join(p.quote.split())[:300]}” ({p.source})")


def _print_provision(doc, found) -> None:
    from kb import versions as kb_versions
    v = found.version
    click.echo(f"{found.timeline.provision} {doc['number']} — ngày {found.on:%d/%m/%Y}: {found.status.value}"
               + (f" ({v.status})" if v and v.status != found.status.value else ""))
    if found.timeline.computed:
        click.echo(f"[{kb_versions.BANNER}]")
    if v is None or v.text is None:
        click.echo(f"[{v.note if v and v.note else 'Chưa có nội dung vào ngày này.'}]")
    else:
        click.echo(v.text)
    click.echo("")
    click.echo("Các phiên bản:")
    for i, x in enumerate(found.timeline.versions):
        since = f"từ {x.valid_from:%d/%m/%Y}" if x.valid_from else "từ khi ban hành"
        until = f" đến trước {x.valid_until:%d/%m/%Y}" if x.valid_until else ""
        made = "; ".join(_change_line(c) for c in x.changes) or (
            found.timeline.base.label if i == 0 and x.text is not None else "tình trạng hiệu lực thay đổi" if i else "")
        click.echo(f"  {since}{until}: {x.status} — {made}" + (f" [{x.note}]" if x.note else ""))
    for p in found.timeline.problems:
        click.echo(f"  chưa áp dụng được: {_change_line(p)} — {p.reason}")


@main.command(help="Truy căn cứ pháp lý của một báo cáo và kiểm tra trích dẫn vào ngày báo cáo.")
@click.argument("report", type=click.Path(dir_okay=False))
@click.option("--as-of", "as_of", default=None, help="Ngày của báo cáo (YYYY-MM-DD), nếu đầu báo cáo không ghi.")
@click.option("--json", "as_json", is_flag=True)
@click.option("--instance", type=click.Path(file_okay=False), default=None)
def check(report, as_of, as_json, instance):
    """Exit status: 0 when no citation has a problem, 1 when some do, 2 on bad input."""
    from pathlib import Path
    from indexer.document import read_source
    from indexer.reports import trace_report
    from indexer.sources import UnreadableInput
    try:
        source = read_source(Path(report))
    except UnreadableInput as e:
        click.echo(f"cancu: {e}", err=True)
        sys.exit(2)
    if not source.text.strip():
        click.echo(f"cancu: {report}: tệp rỗng, không có gì để kiểm tra", err=True)
        sys.exit(2)
    day = _parse_on(as_of) if as_of else None
    rt = trace_report(_open_kb(instance), source, day)
    problems = sum(1 for t in rt.traced if t.problems)
    if as_json:
        json.dump(rt.to_json(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        if rt.report_date is None:
            click.echo(f"Báo cáo không ghi ngày; ngày muộn nhất được trích dẫn là {rt.lower_bound}. "
                       "Hãy cho ngày bằng --as-of.")
        from kb.trace import PROBLEM_LABELS
        if rt.traced:
            click.echo(f"{'trích dẫn':60} {'nhận diện':10} {'ngày báo cáo':22} {'hôm nay':22} vấn đề")
        for t in rt.traced:
            c = t.citation
            then = t.status_on_report_date.value if t.status_on_report_date else "—"
            now = t.status_today.value if t.status_today else "—"
            problems = "; ".join(PROBLEM_LABELS.get(p, p) for p in t.problems)
            click.echo(f"{' '.join(c.text.split())[:60]:60} {RESOLUTION_LABELS.get(t.resolution, t.resolution):10} "
                       f"{then:22} {now:22} {problems}{' → ' + t.suggestion if t.suggestion else ''}")
        click.echo(f"{len(rt.traced)} trích dẫn, {problems} có vấn đề")
    sys.exit(1 if problems else 0)


@main.command(help="Trích dẫn văn bản theo thể thức chính thức (cite a document).")
@click.argument("number")
@click.option("--short", "short", is_flag=True, help="Dạng rút gọn cho lần dẫn sau.")
@click.option("--pinpoint", default=None, help="Ví dụ: \"khoản 2 Điều 3\".")
@click.option("--instance", type=click.Path(file_okay=False), default=None)
def cite(number, short, pinpoint, instance):
    from kb.cite import format_citation
    db = _open_kb(instance)
    doc = _one_document(db, number)
    if pinpoint is not None:
        pinpoint = _checked_pinpoint(db, doc, pinpoint)
    f = format_citation(doc, pinpoint)
    click.echo(f.short if short else f.full)
    if f.missing and not short:
        click.echo(f"(thiếu trong cơ sở dữ liệu: {', '.join(f.missing)})", err=True)


def _checked_pinpoint(db, doc, text: str) -> str:
    """The pinpoint as written ("điểm b khoản 2 Điều 3"), or exit 2 when it
    cannot be read or the document has no such provision."""
    from kb.identity import provision_anchor
    found = provision_anchor(text)
    if found is None:
        click.echo(f"cancu: không đọc được vị trí {text!r} (ví dụ: \"điểm b khoản 2 Điều 3\")", err=True)
        sys.exit(2)
    words = _pinpoint(found)
    (has_text,) = db.execute("SELECT count(*) FROM provisions WHERE doc_key = ?", (doc["key"],)).fetchone()
    if not has_text:
        click.echo(f"(cơ sở dữ liệu không có toàn văn của {doc['number']}: không kiểm được {words})", err=True)
        return words
    if db.execute("SELECT 1 FROM provisions WHERE doc_key = ? AND anchor = ?",
                  (doc["key"], found)).fetchone() is None:
        click.echo(f"cancu: {doc['number']} không có {words}", err=True)
        sys.exit(2)
    return words


@main.command(help="Chạy giao diện web (gunicorn: nhiều tiến trình; dừng bằng Ctrl+C).")
@click.option("--host", default="127.0.0.1", help="Địa chỉ lắng nghe (mặc định chỉ máy này).")
@click.option("--port", default=5000, type=int)
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Số tiến trình (mặc định 2 × số lõi, ít nhất 2; biến CANCU_WORKERS).")
@click.option("--threads", type=click.IntRange(1, 64), default=None,
              help="Số luồng mỗi tiến trình (mặc định 4; biến CANCU_THREADS).")
@click.option("--access-log", default="-", help="Nhật ký yêu cầu: tệp, hoặc - (mặc định) cho đầu ra chuẩn; '' để tắt.")
@click.option("--timeout", type=int, default=300, help="Giây trước khi khởi động lại một tiến trình treo.")
@click.option("--debug", is_flag=True, help="Máy chủ phát triển của Flask (một tiến trình, trang lỗi chi tiết).")
@click.option("--instance", type=click.Path(file_okay=False), default=None)
@click.option("--corpus", type=click.Path(file_okay=False), default=None)
def serve(host, port, workers, threads, access_log, timeout, debug, instance, corpus):
    import logging
    import os
    from pathlib import Path
    default_corpus, default_instance = _default_paths()
    config = {"KB_INSTANCE": str((Path(instance) if instance else default_instance).resolve()),
              "CORPUS": str((Path(corpus) if corpus else default_corpus).resolve()), "WARM_CACHE": True}
    from cancu.server import default_workers, port_free, run
    busy = port_free(host, port)
    if busy:
        click.echo(f"cancu: {busy}", err=True)
        sys.exit(2)
    url = f"http://{host}:{port}/"
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if debug:
        from web import create_app
        click.echo(f"Căn cứ (máy chủ phát triển, --debug) tại {url}; dừng bằng Ctrl+C", err=True)
        create_app(config).run(host=host, port=port, debug=True, use_reloader=False, threaded=True)
        return
    workers = workers or int(os.environ.get("CANCU_WORKERS") or 0) or default_workers()
    threads = threads or int(os.environ.get("CANCU_THREADS") or 0) or 4

    def ready():      # called once the port is bound
        click.echo(f"Căn cứ đang chạy tại {url} ({workers} tiến trình × {threads} luồng, pid {os.getpid()}); "
                   "dừng bằng Ctrl+C hoặc kill PID", err=True)
    run(config, host, port, workers, threads, access_log or None, timeout, on_ready=ready)


@main.group(name="import", help="Nhập dữ liệu vào corpus/ rồi dựng lại (import data).")
def import_group() -> None:
    pass


@import_group.command(name="phapdien", help="Nhập một bản Bộ pháp điển (tệp demuc-html.tar.xz hoặc thư mục).")
@click.argument("source", type=click.Path(exists=True))
@click.option("--date", "month", default=None,
              help="Tháng của bản (YYYY-MM); mặc định tháng in trong tên, hoặc ngày ban hành muộn nhất trong ghi chú.")
@click.option("--corpus", type=click.Path(file_okay=False), default=None)
@click.option("--instance", type=click.Path(file_okay=False), default=None)
@click.option("--force", is_flag=True, help="Chuyển sang bản mới dù nó mất nhiều văn bản so với bản đang dùng.")
@click.option("--quiet", "-q", is_flag=True, help="Không hiện tiến độ.")
def import_phapdien(source, month, corpus, instance, force, quiet):
    from pathlib import Path
    from cancu.progress import Progress
    from indexer.phapdien_import import ImportRefused, add_to_corpus
    default_corpus, default_instance = _default_paths()
    corpus = Path(corpus) if corpus else default_corpus
    instance = Path(instance) if instance else default_instance
    with Progress(quiet) as progress:
        try:
            archive, previous = add_to_corpus(Path(source), corpus, month, say=progress)
        except (ImportRefused, ValueError, OSError) as e:
            progress.close()
            click.echo(f"cancu: {e}", err=True)
            sys.exit(2)
    click.echo(f"đã chép vào {archive}")
    result = _run_build(corpus, instance, force=force, quiet=quiet)
    if previous:
        from indexer.build import dropped_in
        gone = dropped_in(result.directory, previous, archive)
        click.echo(f"{len(gone)} văn bản có trong {previous.name} nhưng không còn trong {archive.name} "
                   "(gợi ý: có thể đã hết hiệu lực, hoặc tệp bị thiếu; không phải bằng chứng)")
        for number in gone[:50]:
            click.echo(f"  {number}")
    sys.exit(1 if result.errors else 0)


@main.group(name="user", help="Tài khoản của giao diện web (accounts).")
def user_group() -> None:
    pass


@user_group.command(name="add", help="Tạo tài khoản: cancu user add TÊN --role editor (hỏi mật khẩu).")
@click.argument("name")
@click.option("--role", "roles", multiple=True, required=True,
              type=click.Choice(["editor", "reviewer", "admin"]), help="Vai trò (lặp lại để có nhiều vai trò).")
@click.option("--password-stdin", is_flag=True, help="Đọc mật khẩu từ dòng đầu của đầu vào chuẩn.")
@click.option("--instance", type=click.Path(file_okay=False), default=None)
def user_add(name, roles, password_stdin, instance):
    from pathlib import Path
    from kb.accounts import AccountError, Accounts
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Mật khẩu", hide_input=True, confirmation_prompt="Nhập lại mật khẩu")
    try:
        user = Accounts(Path(instance) if instance else _default_paths()[1]).add(name, password, set(roles))
    except AccountError as e:
        click.echo(f"cancu: {e}", err=True)
        sys.exit(2)
    click.echo(f"đã tạo tài khoản {user.name} ({', '.join(sorted(user.roles))})")


if __name__ == "__main__":
    main()
