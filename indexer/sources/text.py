"""Reading a plain-text file (.txt, .md) into Unicode, or saying why not.

Offsets reported by ``cancu extract`` are into the text returned here, so
decoding never rewrites characters (no NFC here: that is the finder's
view). A byte-order mark is dropped, as every editor does.

Bytes that are not UTF-8 may be Vietnamese in a legacy font encoding
(TCVN3/ABC or VNI-Windows); when ``legacy.detect`` recognises one, the
text is converted to Unicode NFC. Converted text no longer lines up with
the file: one VNI letter is two bytes, so offsets are into the decoded
text (which is what the CLI promises), never byte offsets into the file.
"""
from __future__ import annotations

import codecs
from pathlib import Path

from indexer.sources import legacy

MAX_BYTES = 200 * 1024 * 1024   # a text larger than this is not a document


class UnreadableInput(Exception):
    """A file that cannot be read as text; the message says why, in one line."""


def read_text(path: str | Path) -> str:
    return decode(read_bytes(path), str(path))


def read_bytes(path: str | Path) -> bytes:
    """The bytes of a file, or UnreadableInput saying why not."""
    path = Path(path)
    try:
        if path.is_dir():
            raise UnreadableInput(f"{path}: là một thư mục, không phải tệp (is a directory)")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise UnreadableInput(f"{path}: tệp quá lớn ({size} byte; tối đa {MAX_BYTES})")
        return path.read_bytes()
    except FileNotFoundError:
        raise UnreadableInput(f"{path}: không tìm thấy tệp (file not found)") from None
    except PermissionError:
        raise UnreadableInput(f"{path}: không có quyền đọc tệp (permission denied)") from None
    except OSError as e:
        raise UnreadableInput(f"{path}: không đọc được tệp ({e.strerror or e})") from None


def decode(data: bytes, label: str = "input") -> str:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise UnreadableInput(f"{label}: UTF-16 hỏng ở byte {e.start}") from None
    if data.startswith(b"PK\x03\x04"):
        raise UnreadableInput(f"{label}: tệp nén/.docx, không phải văn bản thuần (not plain text)")
    if data.startswith(b"%PDF"):
        raise UnreadableInput(f"{label}: tệp PDF, không phải văn bản thuần (not plain text)")
    if b"\x00" in data[:8192]:
        raise UnreadableInput(f"{label}: tệp nhị phân, không phải văn bản (binary file)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        bad = e.start
    converted = _from_legacy(data)
    if converted is not None:
        return converted
    raise UnreadableInput(
        f"{label}: không phải UTF-8 (byte 0x{data[bad]:02x} ở vị trí {bad}); "
        "hãy lưu lại tệp dưới dạng UTF-8 (not valid UTF-8)")


def _from_legacy(data: bytes) -> str | None:
    """The text in Unicode NFC if it is TCVN3 or VNI, so old files still open; else None."""
    encoding = legacy.detect(data)
    if encoding is None:
        return None
    try:
        return legacy.decode(data, encoding)
    except UnicodeDecodeError:   # detection saw only the start of the file
        return None
