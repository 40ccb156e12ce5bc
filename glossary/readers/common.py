"""Helpers shared by the readers: decoding, line maps, anchors, languages, directives."""

from __future__ import annotations

import bisect
import codecs
import functools
import re

from glossary.errors import DataError
from glossary.model import Anchor, Side

_NEWLINE = re.compile(r"\r\n|\r|\n")
_DIRECTIVE = re.compile(r"glossary:\s*(ignore\b[^\r\n]*)", re.IGNORECASE)


MAX_LINE_BYTES = 1 << 20
"""Longest line (1 MiB) a text document may have. Longer ones are no text to check (a
minified or binary blob) and would cost the matcher time and memory out of all proportion."""


def _may_have_long_line(data: bytes, limit: int) -> bool:
    """Whether some stretch of more than ``limit`` bytes holds no LF, found by jumping from
    the last LF of one window to the next (a few C calls per ``limit`` bytes)."""
    start, n = 0, len(data)
    while n - start > limit:
        last = data.rfind(b"\n", start, start + limit + 1)
        if last < 0:
            return True
        start = last + 1
    return False


def check_line_lengths(data: bytes, label: str, limit: int = MAX_LINE_BYTES) -> None:
    """Raise ``DataError`` naming the first line (CRLF, LF or CR ended) longer than ``limit`` bytes."""
    if len(data) <= limit or not _may_have_long_line(data, limit):
        return
    start, line, n = 0, 1, len(data)
    while start < n:
        end = data.find(b"\n", start)
        if end < 0:
            end = n
        if end - start > limit:
            chunk = data[start:end]
            pieces = (chunk[:-1] if chunk.endswith(b"\r") else chunk).split(b"\r")  # lone CRs end lines too
            for k, piece in enumerate(pieces):
                if len(piece) > limit:
                    raise DataError(label, line + k, f"line too long ({len(piece):,} bytes; the limit is "
                                                     f"{limit:,}): not a text document?")
            line += len(pieces) - 1
        start = end + 1
        line += 1


def check_binary(data: bytes, label: str) -> None:
    """Raise ``DataError`` when ``data`` holds NUL bytes (a binary file, or UTF-16 text)."""
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise DataError(label, line, "binary file (NUL byte found); not a text document")


def decode_bytes(data: bytes, label: str, encoding: str = "utf-8") -> str:
    """Decode ``data`` strictly, dropping a UTF-8 byte-order mark; errors name the line."""
    if encoding.replace("_", "-").lower() in ("utf-8", "utf8") and data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = data[exc.start:exc.start + 1].hex()
        raise DataError(label, line, f"not valid {encoding.upper()} (byte 0x{bad} at byte column {col})") from None
    except LookupError:
        raise DataError(label, None, f"unknown text encoding {encoding!r}") from None
    return text[1:] if text.startswith("\ufeff") else text


def text_from_bytes(data: bytes, label: str) -> str:
    """UTF-8 text of a text document: NUL bytes, bad UTF-8 and over-long lines raise ``DataError``."""
    check_binary(data, label)
    check_line_lengths(data, label)
    return decode_bytes(data, label)


def split_lines(text: str) -> list[tuple[str, str]]:
    """Lines of ``text`` as (content, line ending) pairs; CRLF, LF and lone CR all end a line."""
    out: list[tuple[str, str]] = []
    pos = 0
    for m in _NEWLINE.finditer(text):
        out.append((text[pos:m.start()], m.group()))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], ""))
    return out


def line_texts(text: str) -> list[str]:
    """The lines of ``text`` without their endings (``split_lines`` contents), split in C
    when the text holds no carriage return."""
    if "\r" in text:
        return [content for content, _ in split_lines(text)]
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines


class LineMap:
    """Maps offsets in a decoded text to 1-based (line, column); CRLF, LF and CR end lines."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of ``offset``."""
        i = bisect.bisect_right(self.starts, offset) - 1
        return (i + 1, offset - self.starts[i] + 1)


class SideBuilder:
    """Collects text in pieces with their file positions and makes a ``Side`` with anchors.

    Each piece occupies consecutive columns of one line (a piece may end in a newline).
    An anchor is added only where the position does not follow from the previous piece.
    """

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.anchors: list[Anchor] = []
        self.length = 0
        self._next: tuple[int, int] | None = None

    def add(self, chunk: str, line: int, column: int) -> None:
        """Append ``chunk`` whose first character sits at ``line``/``column`` of the file."""
        if not chunk:
            return
        if self._next != (line, column):
            self.anchors.append(Anchor(self.length, line, column))
        self.parts.append(chunk)
        self.length += len(chunk)
        self._next = None if "\n" in chunk else (line, column + len(chunk))

    @property
    def text(self) -> str:
        """The text collected so far."""
        return "".join(self.parts)

    def side(self, lang: str, default: tuple[int, int] = (1, 1)) -> Side:
        """The collected text as a ``Side`` in ``lang``."""
        anchors = tuple(self.anchors) or (Anchor(0, default[0], default[1]),)
        return Side(self.text, lang, anchors)


@functools.lru_cache(maxsize=1024)
def norm_lang(code: str | None) -> str:
    """Primary language subtag in lower case: 'en-US' -> 'en', 'ES_es' -> 'es', None -> ''."""
    if not code:
        return ""
    return re.split(r"[-_@.]", code.strip(), maxsplit=1)[0].lower()


def lang_matches(code: str | None, wanted: str) -> bool:
    """True when ``code`` (any case, any region) is in the language ``wanted``."""
    return bool(code) and norm_lang(code) == norm_lang(wanted)


def directives(text: str | None) -> tuple[str, ...]:
    """``glossary: ignore ...`` directives in a comment or note, as 'ignore ...' strings."""
    if not text:
        return ()
    out = []
    for m in _DIRECTIVE.finditer(text):
        d = m.group(1).strip()
        for end in ("-->", "*/"):
            if d.endswith(end):
                d = d[: -len(end)].rstrip()
        out.append(d)
    return tuple(out)
