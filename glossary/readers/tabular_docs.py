"""Two-column TSV/CSV translation files: source in column 1, target in column 2.

A first row naming languages (``en``/``es``, ``English``/``Spanish``) or roles
(``source``/``target``) is a header and is skipped; language codes in it set the
languages of the columns (an ``es,en`` header means Spanish is the source). Quoted
fields may hold delimiters, doubled quotes and newlines; columns stay exact. Rows with
an empty target are skipped; further columns (comments) are ignored. In TSV files, lines
starting with ``#`` are comments.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from glossary.errors import DataError
from glossary.model import Anchor, Segment, Side
from glossary.readers.common import LineMap, SideBuilder, norm_lang

_EOL = re.compile(r"\r\n|\r|\n")
_LANG_CODE = re.compile(r"^[a-z]{2,3}([-_][a-z0-9]{2,8})*$", re.I)
_KNOWN_CODES = frozenset(
    "en es fr de it pt ca gl eu nl ru zh ja ko ar pl sv da no nb fi el tr he hi ro cs hu uk".split()
)
_LANG_NAMES = {
    "english": "en", "spanish": "es", "inglés": "en", "ingles": "en", "español": "es", "espanol": "es",
    "castellano": "es",
}
_SOURCE_ROLES = frozenset({"source", "src", "source term", "source text", "original"})
_TARGET_ROLES = frozenset({"target", "tgt", "trg", "translation", "target term", "target text"})


@dataclass(frozen=True, slots=True)
class _Field:
    text: SideBuilder
    start: tuple[int, int]

    @property
    def value(self) -> str:
        return self.text.text

    def side(self, lang: str) -> Side:
        return self.text.side(lang, self.start)


@dataclass(frozen=True, slots=True)
class _Plain:
    """An unquoted field on one line: its text starts at ``start`` and runs on (one anchor is exact)."""

    value: str
    start: tuple[int, int]

    def side(self, lang: str) -> Side:
        return Side(self.value, lang, (Anchor(0, self.start[0], self.start[1]),))


@dataclass(frozen=True, slots=True)
class _Row:
    line: int
    fields: Sequence[_Field | _Plain]


def _rows(text: str, delim: str, label: str) -> list[_Row]:
    lines = LineMap(text)
    rows: list[_Row] = []
    n = len(text)
    i = 0
    while i < n:
        row_start = i
        fields, i = _row_at(text, i, delim, label, lines)
        rows.append(_Row(lines.position(row_start)[0], fields))
    return rows


def _lean_rows(text: str, delim: str, label: str) -> list[_Row]:
    """``_rows`` for bulk reading: a line without quotes is split at once (its anchors are
    exact anyway); a line with a quote goes through the full parser."""
    rows: list[_Row] = []
    n = len(text)
    i = 0
    line = 1
    lines: LineMap | None = None
    has_cr = "\r" in text
    while i < n:
        if has_cr:
            m = _EOL.search(text, i)
            end, after = (m.start(), m.end()) if m else (n, n)
        else:
            end = text.find("\n", i)
            end, after = (n, n) if end < 0 else (end, end + 1)
        chunk = text[i:end]
        if '"' not in chunk:
            plain: list[_Plain] = []
            col = 1
            for value in chunk.split(delim):
                plain.append(_Plain(value, (line, col)))
                col += len(value) + 1
            rows.append(_Row(line, plain))
            i = after
            line += 1
            continue
        if lines is None:
            lines = LineMap(text)
        fields, i = _row_at(text, i, delim, label, lines)
        rows.append(_Row(line, fields))
        if i < n:
            line = lines.position(i)[0]
    return rows


def _row_at(text: str, i: int, delim: str, label: str, lines: LineMap) -> tuple[list[_Field], int]:
    """The fields of the row starting at offset ``i``, and the offset after its line end."""
    n = len(text)
    fields: list[_Field] = []
    while True:
        b = SideBuilder()
        line, col = lines.position(i)
        if i < n and text[i] == '"':
            open_at = i
            i += 1
            while True:
                if i >= n:
                    raise DataError(label, lines.position(open_at)[0], "quoted field is never closed")
                j = text.find('"', i)
                if j < 0:
                    j = n
                _add_run(b, text, i, j, lines)
                if j >= n:
                    i = n
                    continue
                if j + 1 < n and text[j + 1] == '"':
                    b.add('"', *lines.position(j))
                    i = j + 2
                    continue
                i = j + 1
                break
            # lenient: characters after the closing quote belong to the field
            k = i
            while k < n and text[k] not in (delim, "\r", "\n"):
                k += 1
            _add_run(b, text, i, k, lines)
            i = k
        else:
            k = i
            while k < n and text[k] not in (delim, "\r", "\n"):
                k += 1
            _add_run(b, text, i, k, lines)
            i = k
        fields.append(_Field(b, (line, col)))
        if i < n and text[i] == delim:
            i += 1
            continue
        break
    if i < n and text[i] == "\r":
        i += 1
    if i < n and text[i] == "\n":
        i += 1
    return fields, i


def _add_run(b: SideBuilder, text: str, start: int, end: int, lines: LineMap) -> None:
    for m in re.finditer(r"[^\r\n]+|\r\n|\r|\n", text[start:end]):
        chunk = m.group()
        b.add("\n" if chunk[0] in "\r\n" else chunk, *lines.position(start + m.start()))


def _header_langs(cells: list[str], source_lang: str, target_lang: str) -> tuple[str, str] | None:
    """Column languages if the row is a header: two language codes/names, or source/target roles."""
    a, b = (c.strip().lower() for c in cells[:2])
    if a in _SOURCE_ROLES and b in _TARGET_ROLES:
        return (source_lang, target_lang)
    known = _KNOWN_CODES | {source_lang, target_lang}
    langs: list[str] = []
    for c in (a, b):
        if c in _LANG_NAMES:
            langs.append(_LANG_NAMES[c])
        elif _LANG_CODE.match(c) and norm_lang(c) in known:
            langs.append(norm_lang(c))
        else:
            return None
    if langs[0] == langs[1]:
        return None
    return (langs[0], langs[1])


def read_tabular(
    path: str, text: str, *, delimiter: str, source_lang: str = "en", target_lang: str = "es", positions: bool = True
) -> list[Segment]:
    """Segments of a two-column TSV (``delimiter='\\t'``) or CSV (``','``) file.

    ``positions`` False (bulk reading) splits unquoted lines directly; the segments and
    their anchors are the same."""
    out: list[Segment] = []
    slang, tlang = norm_lang(source_lang), norm_lang(target_lang)
    first = True
    for row in (_rows if positions else _lean_rows)(text, delimiter, path):
        values = [f.value for f in row.fields]
        if not any(v.strip() for v in values):
            continue
        if delimiter == "\t" and values[0].startswith("#"):
            continue
        if first:
            first = False
            langs = _header_langs(values, slang, tlang) if len(values) >= 2 else None
            if langs:
                slang, tlang = langs
                continue
        if len(values) < 2:
            kind = "tab" if delimiter == "\t" else "comma"
            raise DataError(path, row.line, f"expected two {kind}-separated columns (source, target), found one")
        source, target = row.fields[0], row.fields[1]
        if not target.value.strip():
            continue
        out.append(
            Segment(
                path=path,
                target=target.side(tlang),
                source=source.side(slang),
                id=str(row.line),
            )
        )
    return out

