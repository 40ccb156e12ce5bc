"""Bytes of a PO file to lines: charset from the header, and the data errors of reading.

Every ``DataError`` of the PO code is made by ``_fail`` (path, line, message).
"""

from __future__ import annotations

import codecs
import re

from glossary.errors import DataError

_CHARSET_RE = re.compile(rb"charset=([A-Za-z0-9._:+-]+)")
_FIRST_MSGID_RE = re.compile(rb"(?m)^msgid[ \t]+\"\"[ \t]*\r?$|^msgid[ \t]")


def _fail(path: str, line: int | None, message: str) -> DataError:
    return DataError(path, line, message)


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _declared_charset(path: str, data: bytes) -> str:
    """The charset named in the header entry, or utf-8."""
    m = _FIRST_MSGID_RE.search(data)
    if not m or not m.group(0).rstrip().endswith(b'""'):
        return "utf-8"
    end = data.find(b"\n\n", m.end())
    region = data[m.end() : end if end >= 0 else len(data)]
    cm = _CHARSET_RE.search(region)
    if not cm:
        return "utf-8"
    name = cm.group(1).decode("ascii")
    if name.upper() == "CHARSET":
        return "utf-8"
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise _fail(path, _line_of(data, m.end() + cm.start()), f"unknown charset {name!r} in header") from None


def _decode(path: str, data: bytes, encoding: str | None, *, strict: bool) -> tuple[list[str], str]:
    """Bytes to lines (without line ends) and the encoding used; DataError on bad bytes."""
    if not data:
        raise _fail(path, None, "file is empty")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise _fail(path, _line_of(data, nul), "binary file (NUL byte), not a PO file")
    from glossary.readers.common import check_line_lengths

    check_line_lengths(data, path)  # a 50 MB one-line "PO" is no PO file: refuse it early
    if data.startswith(codecs.BOM_UTF8):
        if strict:
            raise _fail(path, 1, "file starts with a byte-order mark")
        data = data[len(codecs.BOM_UTF8) :]
    enc = encoding or _declared_charset(path, data)
    try:
        text = data.decode(enc)
    except UnicodeDecodeError as exc:
        line = _line_of(data, exc.start)
        raise _fail(path, line, f"bytes not valid {enc} (byte 0x{data[exc.start]:02x})") from None
    except LookupError:
        raise _fail(path, None, f"unknown encoding {enc!r}") from None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for i, ln in enumerate(lines):
        if ln.endswith("\r"):
            if strict:
                raise _fail(path, i + 1, "CRLF line end (use LF line ends)")
            lines[i] = ln[:-1]
    return lines, enc
