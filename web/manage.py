"""Document management: upload and add documents, correct metadata, record and
retract events, the history of every change, and reverting one.

Views check the request (``web.auth.write_action``: login, role, CSRF) and
call ``indexer.ingest`` / ``indexer.curation``; every save writes to
``corpus/`` (atomically) and then rebuilds the KB incrementally, so the
change is searchable when the page answers.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from flask import Blueprint, Request, abort, current_app, g, redirect, render_template, request, url_for

from indexer import curation as logs
from indexer import ingest
from kb import curation, numbers, store
from kb.accounts import EDITOR, REVIEWER
from kb.curation import CurationError
from kb.identity import BadNumber, canonical_number
from web import rebuild as rebuilder
from web.auth import write_action
from web.kbconn import NoKB, get_db

bp = Blueprint("manage", __name__, url_prefix="/quan-ly")
history_bp = Blueprint("history", __name__, url_prefix="/lich-su")
INCOMING = "uploads/.incoming"     # under the instance folder


class UploadRequest(Request):
    """Uploaded files are spooled into the instance folder, never to /tmp:
    an upload is written nowhere outside the instance and corpus folders."""

    def _get_file_stream(self, total_content_length, content_type, filename=None, content_length=None):
        folder = Path(current_app.config["KB_INSTANCE"]) / INCOMING
        folder.mkdir(parents=True, exist_ok=True)
        return tempfile.TemporaryFile(dir=folder)       # unnamed: gone when closed or killed


def init_app(app) -> None:
    app.request_class = UploadRequest
    app.register_blueprint(bp)
    app.register_blueprint(history_bp)


def corpus_dir() -> Path:
    return Path(current_app.config["CORPUS"])


def instance_dir() -> Path:
    return Path(current_app.config["KB_INSTANCE"])


def rebuild() -> str | None:
    """Build now (one build at a time, across processes too); None when done,
    else a message: the saved files are safe and the next build reads them."""
    try:
        rebuilder.rebuild_locked(corpus_dir(), instance_dir())
    except Exception as e:
        current_app.logger.exception("rebuild after a save failed")
        return f"Đã lưu, nhưng dựng lại cơ sở dữ liệu bị lỗi ({type(e).__name__}); hãy chạy `cancu build`."
    return None


def _log_and_rebuild(row, key: str, make_entry):
    """Append to the document's log, then rebuild; a refused entry shows the
    edit page again with the reason."""
    try:
        logs.append(corpus_dir(), key, make_entry)
    except CurationError as e:
        _, entries = _document(key)
        return _edit_page(row, entries, str(e), 400)
    return _after_save(key)


def _after_save(key: str):
    error = rebuild()
    if error:
        return render_template("error.html", title="Đã lưu", message=error), 500
    return redirect(url_for("documents.show", key=key))


# --- adding a document ---------------------------------------------------------------

@bp.route("/")
@write_action(EDITOR)
def index():
    return render_template("manage_upload.html", error=None)


@bp.route("/tai-len", methods=["POST"])
@write_action(EDITOR)
def upload():
    f = request.files.get("file")
    try:
        if f is None:
            raise ingest.UploadRefused("Chưa chọn tệp.")
        name = f.filename or ""
        kind = ingest.check_name(name)   # before reading a byte of it
        data = ingest.read_limited(f.stream, kind)
        source = ingest.read_upload(data, name)
    except ingest.UploadRefused as e:
        return render_template("manage_upload.html", error=str(e)), 400
    token = ingest.stage(instance_dir(), data, source, name)
    return redirect(url_for("manage.review", token=token))


@bp.route("/tai-len/<token>", methods=["GET"])
@write_action(EDITOR)
def review(token: str):
    staged = ingest.load_stage(instance_dir(), token)
    if staged is None:
        abort(404)
    fields = staged["prefill"]["fields"]
    return _review_page(token, staged, fields, None)


def _review_page(token, staged, fields, error, status=200):
    return render_template("manage_review.html", token=token, staged=staged, fields=fields,
                           parsed=staged["prefill"]["fields"], duplicates=_duplicates(fields), error=error,
                           names=curation.FIELD_NAMES, kinds=curation.KIND_NAMES), status


def _duplicates(fields: dict) -> list:
    try:
        return ingest.duplicates(get_db(), fields)
    except NoKB:            # no KB built yet: nothing to be a duplicate of
        return []


@bp.route("/tai-len/<token>", methods=["POST"])
@write_action(EDITOR)
def save_upload(token: str):
    instance = instance_dir()
    staged = ingest.load_stage(instance, token)
    if staged is None:
        abort(404)
    wanted = {name: request.form.get(name) for name in ingest.FORM_FIELDS}
    try:
        fields = ingest.clean_fields(wanted)
        if _duplicates(fields):
            # never a second record under the same number or key: it would replace
            # the document read from its source; corrections go to its edit page
            raise ingest.UploadRefused("Đã có văn bản cùng số ký hiệu (kể cả khi viết khác dấu phân cách hoặc "
                                       "bằng chữ trông giống), cơ quan ban hành và ngày ban hành; không lưu bản trùng. "
                                       "Muốn sửa văn bản đã có, hãy dùng trang sửa của nó: thay đổi được ghi "
                                       "vào lịch sử và hoàn tác được.")
        key, path = ingest.save(corpus_dir(), staged, fields, g.user.name)
    except ingest.AlreadySaved as done:
        # the same file was saved, then the server killed before its log entry
        # or its build: finish that save instead of refusing it as a duplicate
        key, path = done.key, done.path
    except (CurationError, ingest.UploadRefused) as e:
        return _review_page(token, staged, wanted, str(e), 409 if "trùng" in str(e) or "đã được thêm" in str(e) else 400)
    parsed = staged["prefill"]["fields"]
    file = path.relative_to(corpus_dir()).as_posix()

    def upload_entry(entries):
        reverted = curation.fold(entries).reverted      # a file added again after its removal is a new upload
        if any(e["action"] == "upload" and e.get("file") == file and e.get("original_sha256") == staged["sha256"]
               and e["id"] not in reverted for e in entries):
            return None         # logged before the kill
        return curation.entry(
            "upload", g.user.name, request.form.get("why", ""), file=file, original_sha256=staged["sha256"],
            changes={n: [parsed.get(n), fields.get(n)] for n in ingest.FORM_FIELDS
                     if (parsed.get(n) or None) != (fields.get(n) or None)})
    logs.append(corpus_dir(), key, upload_entry)
    ingest.drop_stage(instance, token)
    return _after_save(key)


# --- correcting a document ----------------------------------------------------------

def _document(key: str):
    try:
        row = store.document(get_db(), key)
        path = logs.log_path(corpus_dir(), key)
    except CurationError:
        abort(404)
    if row is None:
        abort(404)
    return row, logs.read_log(path)


def _current(row, entries) -> dict:
    """The fields as they stand: the KB's row, with the log's latest values
    (the log is newer than the KB when a build is still to come)."""
    current = {name: row[name] for name in curation.FIELDS}
    current.update(curation.fold(entries).fields)
    return current


@bp.route("/van-ban/<key>")
@write_action(EDITOR)
def edit(key: str):
    row, entries = _document(key)
    return _edit_page(row, entries, None)


def source_events(key: str) -> dict[str, dict]:
    """Fingerprint → event of the KB read from a source (not from a curation log)."""
    rows = get_db().execute("SELECT * FROM events WHERE target_key = ? AND origin NOT LIKE ? ORDER BY date, id",
                            (key, logs.ORIGIN_PREFIX + "%")).fetchall()
    return {curation.fingerprint(r): dict(r) for r in rows}


def _edit_page(row, entries, error, status=200, conflict=None, mine=None):
    st = curation.fold(entries)
    return render_template("manage_edit.html", doc=row, fields=mine or _current(row, entries),
                           version=st.version, events=st.events, error=error, conflict=conflict,
                           source_events=source_events(row["key"]), retracted=st.retracted,
                           names=curation.FIELD_NAMES, kinds=curation.KIND_NAMES,
                           event_kinds=curation.EVENT_KINDS, actions=curation.ACTION_NAMES), status


@bp.route("/van-ban/<key>/thong-tin", methods=["POST"])
@write_action(EDITOR)
def save_fields(key: str):
    row, _ = _document(key)
    # a field the form does not carry is left as it is, not cleared
    wanted = {name: request.form.get(name) for name in curation.FIELDS if name in request.form}
    why = request.form.get("why", "")
    try:
        wanted = _typed_number(row, wanted)
        saved = logs.append(corpus_dir(), key,
                            lambda entries: curation.set_fields(_current(row, entries), wanted, g.user.name, why),
                            base=request.form.get("version", ""))
    except logs.StaleEdit as e:
        _, entries = _document(key)
        return _edit_page(row, entries, str(e), 409, conflict=e.since, mine=wanted)
    except CurationError as e:
        _, entries = _document(key)
        return _edit_page(row, entries, str(e), 400, mine=wanted)
    if saved is None:
        _, entries = _document(key)
        return _edit_page(row, entries, "Không có gì thay đổi.", 200)
    return _after_save(key)


def _typed_number(row, wanted: dict) -> dict:
    """A number typed in place of the document's is read as what it looks like
    (``kb.identity.canonical_number``): no Cyrillic "СР" passing for "CP"."""
    typed = " ".join((wanted.get("number") or "").split())
    if not typed or typed == (row["number"] or ""):
        return wanted
    try:
        return dict(wanted, number=canonical_number(typed, numbers.normalise))
    except BadNumber as e:
        raise CurationError(str(e)) from None


@bp.route("/van-ban/<key>/su-kien", methods=["POST"])
@write_action(EDITOR)
def add_event(key: str):
    row, _ = _document(key)
    if not row["number"]:
        abort(400)
    return _log_and_rebuild(row, key, lambda entries: curation.event_entry(
        request.form, g.user.name, request.form.get("why", "")))


@bp.route("/van-ban/<key>/su-kien/<event_id>/rut", methods=["POST"])
@write_action(EDITOR)
def retract_event(key: str, event_id: str):
    row, _ = _document(key)

    def make(entries):
        st = curation.fold(entries)
        ev = st.events.get(event_id)
        if ev is None:
            raise CurationError("Sự kiện này không có hoặc đã được rút.")
        if ev.get("candidate") and not g.user.can(REVIEWER):
            raise CurationError("Sự kiện đã được người rà soát xác nhận; chỉ người rà soát rút được.")
        return curation.entry("event_retract", g.user.name, request.form.get("why", ""), event_id=event_id)
    return _log_and_rebuild(row, key, make)


@bp.route("/van-ban/<key>/su-kien-nguon/<fp>/rut", methods=["POST"])
@write_action(EDITOR)
def retract_source_event(key: str, fp: str):
    """Retract an event read from a source (a parsing error, a wrong record):
    the source is untouched; the log says who set the event aside, and why."""
    row, _ = _document(key)
    ev = source_events(key).get(fp)
    if ev is None:
        abort(404)
    summary = {k: ev[k] for k in ("kind", "date", "date_note", "scope", "by_number", "by_provision",
                                  "evidence_origin", "quote", "source")}
    return _log_and_rebuild(row, key, lambda entries: curation.entry(
        "source_event_retract", g.user.name, request.form.get("why", ""), fingerprint=fp, event=summary))


# --- history and revert ---------------------------------------------------------------

def needed_role(entry: dict, entries: list[dict]) -> str:
    """Undoing a reviewer's decision needs a reviewer; the rest an editor."""
    if entry["action"] in ("candidate_reject", "candidate_reopen"):
        return REVIEWER
    if entry["action"] in ("event_add", "event_retract"):
        added = next((e for e in entries if e.get("event_id") == entry.get("event_id")
                      and e["action"] == "event_add"), entry)
        if added.get("event", {}).get("candidate"):
            return REVIEWER
    return EDITOR


def _log_of(key: str) -> list[dict]:
    try:
        return logs.read_log(logs.log_path(corpus_dir(), key))
    except CurationError:
        abort(404)


@history_bp.route("/<key>")
def show(key: str):
    """The history of a document, also once its upload was reverted (the
    document is gone; its log stays)."""
    entries = _log_of(key)
    row = store.document(get_db(), key)
    if row is None and not entries:
        abort(404)
    st = curation.fold(entries)
    doc = row if row is not None else _gone(key, entries)
    return render_template("history.html", doc=doc, gone=row is None, entries=list(reversed(entries)),
                           reverted=st.reverted, unfinished=_unfinished(entries, st),
                           revertible=curation.REVERTIBLE, names=curation.FIELD_NAMES,
                           kinds=curation.KIND_NAMES, actions=curation.ACTION_NAMES,
                           can_revert=lambda e: g.user is not None and g.user.can(needed_role(e, entries)))


def _gone(key: str, entries: list[dict]) -> dict:
    """What the log says of a document no longer in the KB."""
    last = next((e for e in reversed(entries) if e["action"] == "upload_remove"), {})
    return {"key": key, "number": last.get("number"), "title": last.get("title") or key}


def _unfinished(entries: list[dict], st) -> set[str]:
    """Reverted uploads whose file is still there (a revert killed before it
    removed the file): offered again, to finish."""
    out = set()
    for e in entries:
        if e["action"] == "upload" and e["id"] in st.reverted:
            try:
                if ingest.uploaded_file(corpus_dir(), e) is not None:
                    out.add(e["id"])
            except CurationError:
                pass
    return out


@bp.route("/van-ban/<key>/hoan-tac/<entry_id>", methods=["POST"])
@write_action(None)     # the role depends on the change: see needed_role
def revert(key: str, entry_id: str):
    return _revert(key, entry_id)


def _revert(key: str, entry_id: str):
    entries = _log_of(key)
    target = next((e for e in entries if e["id"] == entry_id), None)
    if target is None:
        abort(404)
    role = needed_role(target, entries)
    if not g.user.can(role):
        return render_template("error.html", title="Không có quyền",
                               message="Chỉ người rà soát hoàn tác được quyết định của người rà soát."), 403
    if target["action"] == "upload":
        return _revert_upload(key, entry_id)
    row, entries = _document(key)
    try:
        logs.append(corpus_dir(), key, lambda es: curation.revert_entry(
            es, entry_id, _current(row, es), g.user.name, request.form.get("why", "")))
    except CurationError as e:
        return render_template("error.html", title="Không hoàn tác được", message=str(e)), 409
    return _after_save(key)


def _revert_upload(key: str, entry_id: str):
    """Remove an uploaded document: the log says so, its file goes, the
    rebuild drops what it added; the history page stays."""
    row = store.document(get_db(), key)
    try:
        ingest.remove_upload(corpus_dir(), key, entry_id, g.user.name, request.form.get("why", ""),
                             lambda es: _current(row, es) if row is not None else _gone(key, es))
    except CurationError as e:
        return render_template("error.html", title="Không hoàn tác được", message=str(e)), 409
    error = rebuild()
    if error:
        return render_template("error.html", title="Đã lưu", message=error), 500
    return redirect(url_for("history.show", key=key))
