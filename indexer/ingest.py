"""Adding a document through the UI: check the upload, read it, pre-fill, save to corpus/.

The upload is checked before anything is written: its name (never used as
a path: only its extension counts, and names with path parts are
refused), its content type by magic bytes (which must agree with the
extension), then the format's own reader (the .docx reader refuses zip
bombs and entity declarations). The text read is staged in the instance
folder under a random token for the review form; saving writes the corpus
record (corpus format, front matter as the user corrected it, then the
text) with an atomic rename.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import re
import secrets
import shutil
import sqlite3
import time
from pathlib import Path

from indexer.curation import append as append_to_log, atomic_write
from indexer.document import document_from
from indexer.sources import SourceText
from indexer.sources.corpus_md import read_corpus_md, write_corpus_md
from indexer.sources.docx import read_docx
from indexer.sources.html import read_html
from indexer.sources.pdf import read_pdf
from indexer.sources.text import UnreadableInput, decode
from kb import curation
from kb import numbers
from kb.identity import BadNumber, canonical_number, document_key, is_key, number_key, slug
from kb.model import TAKES_EFFECT

UPLOAD_DIR = "documents/tai-len"      # under corpus/
STAGE_DIR = "uploads"                 # under instance/
KINDS = {".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html", ".txt": "text", ".md": "text"}
KIND_NAMES = {"docx": "Word (.docx)", "pdf": "PDF", "html": "HTML", "text": "văn bản thuần"}
_BAD_NAME = re.compile(r"[/\\\x00-\x1f\x7f]|\.\.|^\.|^~")
_TOKEN_RE = re.compile(r"^[0-9a-f]{32}$")
# Signatures of formats refused outright, to say what they are.
_OTHER = [(b"\xd0\xcf\x11\xe0", "tệp Word cũ (.doc); hãy lưu lại thành .docx"),
          (b"\x89PNG", "ảnh PNG; hãy tải bản PDF"), (b"\xff\xd8\xff", "ảnh JPEG; hãy tải bản PDF"),
          (b"Rar!", "tệp nén RAR"), (b"\x1f\x8b", "tệp nén gzip"), (b"7z\xbc\xaf", "tệp nén 7z"),
          (b"\x7fELF", "chương trình"), (b"MZ", "chương trình")]


# A document's text: the longest codes are about 1 MB; 3 million characters
# pre-fill in about 10 s. A text file is read from the spooled upload in
# chunks and refused as soon as it is longer than its text may be (a 49 MB
# .txt once took 140 s and 450 MB of memory to be accepted).
MAX_TEXT_CHARS = 3_000_000
MAX_TEXT_BYTES = 4 * MAX_TEXT_CHARS       # UTF-8 (or a legacy encoding) of that many characters
_CHUNK = 1024 * 1024


class UploadRefused(ValueError):
    """An upload refused before anything was written; the message says why (Vietnamese)."""


def check_name(name: str | None) -> str:
    """The kind of document the name announces; names with path parts are refused."""
    name = (name or "").strip()
    if not name:
        raise UploadRefused("Chưa chọn tệp.")
    if _BAD_NAME.search(name) or len(name) > 255:
        raise UploadRefused(f"Tên tệp “{name[:80]}” không hợp lệ (có đường dẫn hoặc ký tự điều khiển); "
                            "hãy đổi tên tệp rồi tải lại.")
    ext = Path(name).suffix.lower()
    if ext not in KINDS:
        raise UploadRefused(f"Chỉ nhận tệp .docx, .pdf, .html, .txt, .md (tệp “{name[:80]}” có đuôi “{ext or 'trống'}”).")
    return KINDS[ext]


def read_limited(stream, kind: str) -> bytes:
    """The upload's bytes, read in chunks; a text or HTML file longer than
    MAX_TEXT_BYTES is refused before the rest is read."""
    limit = MAX_TEXT_BYTES if kind in ("text", "html") else None
    chunks, size = [], 0
    while True:
        chunk = stream.read(_CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if limit is not None and size > limit:
            raise UploadRefused(f"Tệp văn bản quá dài (hơn {limit // (1024 * 1024)} MB; văn bản dài nhất "
                                f"được nhận là {MAX_TEXT_CHARS:,} ký tự); hãy tách phụ lục thành tệp riêng. "
                                "Không có gì được ghi.".replace(",", "."))
        chunks.append(chunk)


def sniff(data: bytes) -> str:
    """The kind of content by its first bytes."""
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if data.startswith(b"%PDF-"):
        return "pdf"
    for magic, what in _OTHER:
        if data.startswith(magic):
            raise UploadRefused(f"Nội dung tệp là {what}, không phải văn bản.")
    head = data[:1024].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return "html"
    return "text"


def read_upload(data: bytes, name: str) -> SourceText:
    """The text of an upload, or UploadRefused saying why not."""
    announced = check_name(name)
    if not data:
        raise UploadRefused("Tệp rỗng.")
    kind = sniff(data)
    if kind != announced:
        raise UploadRefused(f"Nội dung tệp là {KIND_NAMES[kind]} nhưng tên tệp có đuôi của "
                            f"{KIND_NAMES[announced]}; tệp bị từ chối.")
    label = "Tệp tải lên"
    try:
        if kind == "docx":
            source = read_docx(data, label)
        elif kind == "pdf":
            source = read_pdf(data, label)
        elif kind == "html":
            source = read_html(data, label)
        elif data.lstrip().startswith(b"---") and name.lower().endswith(".md"):
            source = read_corpus_md(data, label)
        else:
            source = SourceText(decode(data, label), format="txt")
    except UnreadableInput as e:
        raise UploadRefused(str(e)) from None
    if len(source.text) > MAX_TEXT_CHARS:
        raise UploadRefused(f"Văn bản quá dài ({len(source.text):,} ký tự; tối đa {MAX_TEXT_CHARS:,}); "
                            "hãy tách phụ lục thành tệp riêng. Không có gì được ghi.".replace(",", "."))
    return source


# --- the review form ----------------------------------------------------------------

FORM_FIELDS = curation.FIELDS + ("effective_from",)


def prefill(source: SourceText) -> dict:
    """What the indexer reads from the upload: fields for the form, and the
    events and citations found (shown, read again at build)."""
    doc = document_from(source, "tệp tải lên")
    fields = {
        "number": doc.number, "doc_type": doc.doc_type, "title": doc.title, "issuer": doc.issuer,
        "issued": doc.issued.isoformat() if doc.issued else None, "signer": doc.signer, "place": doc.place,
        "effective_from": doc.effective_from.isoformat() if doc.effective_from else None,
    }
    events = [{"kind": e.kind, "target": e.target, "scope": e.scope,
               "date": e.date.isoformat() if e.date else e.date_note, "quote": e.evidence.quote,
               "provision": e.evidence.by_provision}
              for e in doc.events if e.kind != TAKES_EFFECT]
    return {"fields": fields, "events": events, "citations": len(doc.citations),
            "provisions": len(doc.provisions), "format": source.format,
            "text_layer": source.meta.get("text_layer"), "ocr_engine": source.meta.get("ocr_engine")}


def stage(instance: Path, data: bytes, source: SourceText, name: str) -> str:
    """Keep the upload and its text for the review form; the token names it."""
    _drop_old_stages(instance)
    token = secrets.token_hex(16)
    folder = instance / STAGE_DIR / token
    folder.mkdir(parents=True)
    (folder / "original").write_bytes(data)
    info = {"name": name[:255], "sha256": hashlib.sha256(data).hexdigest(), "size": len(data),
            "text": source.text, "meta": {k: v for k, v in source.meta.items() if isinstance(v, (str, int, bool))},
            "prefill": prefill(source), "staged": _dt.datetime.now().isoformat(timespec="seconds")}
    (folder / "upload.json").write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
    return token


def load_stage(instance: Path, token: str) -> dict | None:
    if not _TOKEN_RE.match(token or ""):
        return None
    path = instance / STAGE_DIR / token / "upload.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


STAGE_HOURS = 24


def _drop_old_stages(instance: Path) -> None:
    """Uploads read but never saved are forgotten after a day."""
    cutoff = time.time() - STAGE_HOURS * 3600
    for folder in (instance / STAGE_DIR).glob("*"):
        if _TOKEN_RE.match(folder.name) and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)


def drop_stage(instance: Path, token: str) -> None:
    if _TOKEN_RE.match(token or ""):
        shutil.rmtree(instance / STAGE_DIR / token, ignore_errors=True)


def clean_fields(form: dict) -> dict:
    """The form's fields as stored (numbers in their printed form, look-alikes
    read as what they look like; dates ISO); CurationError when wrong."""
    out = {name: curation.clean_field(name, form.get(name)) for name in curation.FIELDS}
    if out["number"]:
        try:
            out["number"] = canonical_number(out["number"], numbers.normalise)
        except BadNumber as e:
            raise curation.CurationError(str(e)) from None
    eff = (form.get("effective_from") or "").strip()
    d = curation.parse_date(eff) if eff else None
    if eff and d is None:
        raise curation.CurationError(f"Ngày có hiệu lực “{eff}” không đọc được; dùng dạng 28/01/2019.")
    out["effective_from"] = d.isoformat() if d else None
    if not out["number"] and not out["title"]:
        raise curation.CurationError("Cần ít nhất số ký hiệu hoặc trích yếu.")
    if not is_key(key_for(out)):
        raise curation.CurationError("Số ký hiệu hoặc trích yếu không có chữ hay số nào để đặt tên văn bản.")
    return out


def duplicates(db: sqlite3.Connection, fields: dict) -> list[sqlite3.Row]:
    """Documents of the KB an upload with these fields would duplicate (stubs
    aside: a full text may replace what was known only from citations):

    - the document whose key it would take, whatever its number says: a save
      under that key would replace it, its source and provisions;
    - documents with the same number, separators, case and look-alikes aside
      (``number_key``), issue date and issuer (when both sides know them).

    ``fields`` may be as typed (the review form shows duplicates before saving)."""
    out: dict[str, sqlite3.Row] = {}
    try:
        key = key_for(clean_fields(fields))
    except (curation.CurationError, ValueError):
        key = None
    if key:
        for r in db.execute("SELECT * FROM documents WHERE key = ? AND stub = 0", (key,)):
            out[r["key"]] = r
    nk = number_key(fields.get("number"))
    seq = re.match(r"[0-9]+", nk)
    if nk and seq:
        issued = fields.get("issued")
        try:
            issued = clean_fields(fields)["issued"]
        except (curation.CurationError, ValueError):
            pass
        for r in db.execute("SELECT * FROM documents WHERE stub = 0 AND number LIKE ?", (seq.group() + "%",)):
            if (number_key(r["number"]) == nk
                    and (not issued or not r["issued"] or r["issued"] == issued)
                    and (not fields.get("issuer") or not r["issuer"] or slug(r["issuer"]) == slug(fields["issuer"]))):
                out.setdefault(r["key"], r)
    return list(out.values())


def key_for(fields: dict) -> str:
    issued = _dt.date.fromisoformat(fields["issued"]) if fields.get("issued") else None
    return document_key(fields.get("number"), issued, fallback=fields.get("title"))


class AlreadySaved(Exception):
    """The same upload was saved before (the server may have been killed
    before its log entry or the build that follows): finish that save."""

    def __init__(self, key: str, path: Path):
        super().__init__(key)
        self.key, self.path = key, path


def save(corpus: Path, staged: dict, fields: dict, who: str) -> tuple[str, Path]:
    """Write the corpus record of a staged upload; (key, path). The fields the
    user left as parsed are left to the parser (so its evidence is kept)."""
    key = key_for(fields)
    if not is_key(key):         # "..": no dot file, no path
        raise UploadRefused("Số ký hiệu hoặc trích yếu không có chữ hay số nào để đặt tên văn bản.")
    path = corpus / UPLOAD_DIR / f"{key[:150]}.md"
    if path.exists():
        try:
            same = read_corpus_md(path.read_bytes()).meta.get("original_sha256") == staged["sha256"]
        except (UnreadableInput, OSError):
            same = False
        if same:
            raise AlreadySaved(key, path)
        raise UploadRefused("Văn bản này đã được thêm trước đây (cùng số ký hiệu và ngày ban hành).")
    parsed = staged["prefill"]["fields"]
    meta = {name: fields[name] for name in curation.FIELDS if fields.get(name)}
    if fields.get("effective_from") and fields["effective_from"] != parsed.get("effective_from"):
        meta["effective_from"] = fields["effective_from"]
    now = _dt.datetime.now().isoformat(timespec="seconds")
    how = f"{KIND_NAMES.get(_kind(staged), staged['prefill']['format'])}"
    if staged["meta"].get("text_layer") == "ocr":
        how += f", chữ nhận dạng bằng OCR ({staged['meta'].get('ocr_engine')}): cần đối chiếu bản gốc"
    meta.update(source=f"Tải lên bởi {who} lúc {now.replace('T', ' ')} ({how})",
                uploaded_by=who, uploaded_at=now, original_sha256=staged["sha256"],
                text_layer=staged["meta"].get("text_layer") or "text")
    if staged["meta"].get("ocr_engine"):
        meta["ocr_engine"] = staged["meta"]["ocr_engine"]
    atomic_write(path, write_corpus_md(meta, staged["text"]).encode("utf-8"))
    return key, path


def _kind(staged: dict) -> str:
    return KINDS.get(Path(staged["name"]).suffix.lower(), "text")


# --- reverting an upload --------------------------------------------------------------

_UPLOAD_NAME = re.compile(r"[a-z0-9][a-z0-9.-]{0,160}\.md")


def uploaded_file(corpus: Path, entry: dict) -> Path | None:
    """The file an ``upload`` entry saved, when it is still there; None when
    it is gone. A log is a corpus file (edited by hand, a key reused): it is
    never followed outside ``corpus/documents/tai-len/``, nor to a file that
    is not that upload (CurationError)."""
    rel = entry.get("file")
    name = rel.rsplit("/", 1)[-1] if isinstance(rel, str) else ""
    if rel != f"{UPLOAD_DIR}/{name}" or not _UPLOAD_NAME.fullmatch(name) or ".." in name:
        raise curation.CurationError("Mục nhật ký này không trỏ tới một tệp tải lên; không gỡ gì cả.")
    path = corpus / UPLOAD_DIR / name
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise curation.CurationError("Tệp của văn bản này không phải tệp tải lên; không gỡ gì cả.")
    if not path.exists():
        return None
    digest = entry.get("original_sha256")
    try:
        same = bool(digest) and read_corpus_md(path.read_bytes()).meta.get("original_sha256") == digest
    except (UnreadableInput, OSError):
        same = False
    if not same:
        raise curation.CurationError(f"Tệp {rel} không phải tệp của lần tải lên này; không gỡ gì cả.")
    return path


def remove_upload(corpus: Path, key: str, entry_id: str, who: str, why: str, current) -> dict | None:
    """Revert the upload ``entry_id`` of document ``key``: log its removal
    (``kb.curation.revert_entry``), then remove its file; the next build drops
    what it added. ``current(entries)`` gives the document's fields. A removal
    logged whose file is still there (the server killed in between) is
    finished: None is returned, nothing logged twice. CurationError when
    refused, with nothing written."""
    found: list[Path | None] = []

    def make(entries):
        target = next((e for e in entries if e["id"] == entry_id), None)
        if target is None or target["action"] != "upload":
            raise curation.CurationError("Không có lần tải lên này trong lịch sử.")
        found.append(uploaded_file(corpus, target))
        if entry_id in curation.fold(entries).reverted:
            if found[0] is not None:
                return None          # logged before a kill: only the file is left to remove
            raise curation.CurationError("Thay đổi này đã được hoàn tác.")
        return curation.revert_entry(entries, entry_id, current(entries), who, why)
    entry = append_to_log(corpus, key, make)
    if found and found[0] is not None:
        found[0].unlink(missing_ok=True)
        fd = os.open(found[0].parent, os.O_RDONLY)      # the removal itself durable
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    return entry
