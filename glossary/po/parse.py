"""The PO parser: lines to raw entries with line/column anchors, and ``read_units``.

It has its own line-aware parser (rather than polib's) because readers need the line and
column of every character of a ``msgid``/``msgstr`` and data errors must name the line.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Iterable

from glossary.files import read_bytes
from glossary.model import Anchor, Reference
from glossary.po.decode import _decode, _fail

_CONFLICT_RE = re.compile(r"^(<<<<<<<|=======|>>>>>>>|\|\|\|\|\|\|\|)(\s|$)")
_KEYWORD_RE = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr\[(\d+)\]|msgstr)(?=[\s\"]|$)")
_PLAIN_RUN_RE = re.compile(r'[^"\\]+')
_SIMPLE_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    '"': '"',
    "\\": "\\",
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "v": "\v",
    "?": "?",
    "'": "'",
}


@dataclass(frozen=True, slots=True)
class PoUnit:
    """One raw PO entry, for readers that are not term bases (documents, memory, foreign glossaries)."""

    msgctxt: str | None
    msgid: str
    msgid_plural: str
    msgstr: str
    msgstr_plural: tuple[str, ...]
    flags: tuple[str, ...]
    comment: str
    tcomment: str
    references: tuple[Reference, ...]
    obsolete: bool
    line: int
    msgid_anchors: tuple[Anchor, ...]
    msgstr_anchors: tuple[Anchor, ...]
    msgstr_plural_anchors: tuple[tuple[Anchor, ...], ...]
    msgid_plural_anchors: tuple[Anchor, ...]


@dataclass(slots=True)
class _Field:
    """One keyword's string value with anchors, while parsing."""

    keyword: str
    line: int
    parts: list[str] = field(default_factory=list)
    anchors: list[Anchor] = field(default_factory=list)
    length: int = 0

    @property
    def text(self) -> str:
        return "".join(self.parts)


@dataclass(slots=True)
class _Raw:
    """One PO entry as parsed: comment lines and keyword fields."""

    comments: list[tuple[int, str]] = field(default_factory=list)
    fields: dict[str, _Field] = field(default_factory=dict)
    obsolete: bool | None = None
    first_line: int = 0

    def has_msgstr(self) -> bool:
        return "msgstr" in self.fields or "msgstr[0]" in self.fields


def _add_anchor(f: _Field, line: int, column: int) -> None:
    a = Anchor(f.length, line, column)
    if f.anchors and f.anchors[-1].offset == f.length:
        f.anchors[-1] = a
    else:
        f.anchors.append(a)


def _read_string(path: str, s: str, i: int, lineno: int, f: _Field) -> None:
    """Parse the quoted string starting at ``s[i] == '"'`` into ``f``; rest of line must be blank."""
    j = i + 1
    n = len(s)
    _add_anchor(f, lineno, j + 1)
    while True:
        if j >= n:
            raise _fail(path, lineno, "unterminated string (missing closing quote)")
        c = s[j]
        if c == '"':
            j += 1
            break
        if c == "\\":
            if j + 1 >= n:
                raise _fail(path, lineno, "backslash at end of line inside a string")
            e = s[j + 1]
            if e in _SIMPLE_ESCAPES:
                ch = _SIMPLE_ESCAPES[e]
                j += 2
            elif e in "01234567":
                k = j + 1
                while k < n and k < j + 4 and s[k] in "01234567":
                    k += 1
                ch = chr(int(s[j + 1 : k], 8))
                j = k
            elif e == "x":
                k = j + 2
                while k < n and s[k] in "0123456789abcdefABCDEF":
                    k += 1
                if k == j + 2:
                    raise _fail(path, lineno, "\\x escape without hex digits")
                ch = chr(int(s[j + 2 : k], 16) & 0xFF)
                j = k
            else:
                raise _fail(path, lineno, f"unknown escape sequence \\{e} in string (column {j + 1})")
            f.parts.append(ch)
            f.length += 1
            _add_anchor(f, lineno, j + 1)
            continue
        m = _PLAIN_RUN_RE.match(s, j)
        assert m is not None
        run = m.group(0)
        f.parts.append(run)
        f.length += len(run)
        j = m.end()
    rest = s[j:]
    if rest.strip():
        raise _fail(path, lineno, f"unexpected text after string: {rest.strip()[:30]!r}")


def _parse(path: str, lines: list[str]) -> tuple[list[_Raw], list[tuple[int, str]]]:
    """Lines to raw entries; also returns comment lines left after the last entry."""
    entries: list[_Raw] = []
    cur = _Raw()
    last: _Field | None = None

    def finish(lineno: int) -> None:
        nonlocal cur, last
        if cur.fields:
            if not cur.has_msgstr():
                raise _fail(path, cur.fields["msgid"].line if "msgid" in cur.fields else cur.first_line,
                            "entry has no msgstr")
            if "msgid_plural" in cur.fields and "msgstr[0]" not in cur.fields:
                raise _fail(path, cur.fields["msgid_plural"].line, "msgid_plural without msgstr[0]")
            entries.append(cur)
            cur = _Raw()
        last = None

    for idx, s in enumerate(lines):
        lineno = idx + 1
        if not s or s.isspace():
            last = None  # a string after a blank line continues nothing
            continue
        body = s
        col0 = 0
        obsolete = False
        c0 = s[0]
        if c0 == "#":
            if s.startswith("#~") and not s.startswith("#~|"):
                rest = s[2:]
                stripped = rest.lstrip()
                if not stripped:
                    continue
                col0 = len(s) - len(stripped)
                if stripped[0] == '"' or _KEYWORD_RE.match(stripped):
                    body = stripped
                    obsolete = True
                else:
                    body = ""
            else:
                body = ""
            if not body:
                if cur.fields:
                    if cur.has_msgstr():
                        finish(lineno)
                    else:
                        raise _fail(path, lineno, "comment line inside an entry (before its msgstr)")
                if not cur.comments:
                    cur.first_line = lineno
                cur.comments.append((lineno, s))
                continue
        elif _CONFLICT_RE.match(s):
            raise _fail(path, lineno, "merge conflict marker; resolve the conflict first")
        if body[0] == '"':
            if last is None:
                raise _fail(path, lineno, "string without a keyword (msgid, msgstr...) before it")
            if obsolete != bool(cur.obsolete):
                raise _fail(path, lineno, "obsolete (#~) and active lines mixed in one entry")
            _read_string(path, s, col0, lineno, last)
            continue
        m = _KEYWORD_RE.match(body)
        if not m:
            word = body.split()[0] if body.split() else body
            raise _fail(path, lineno, f"syntax error: unexpected {word[:30]!r} "
                                      "(expected a keyword, a quoted string or a comment)")
        kw = m.group(1)
        base = "msgstr[]" if m.group(2) is not None else kw
        if cur.fields and cur.has_msgstr() and base in ("msgctxt", "msgid"):
            finish(lineno)
        if cur.fields and obsolete != bool(cur.obsolete):
            raise _fail(path, lineno, "obsolete (#~) and active lines mixed in one entry")
        have = cur.fields
        if base == "msgctxt":
            if have:
                raise _fail(path, lineno, "msgctxt must come before msgid")
        elif base == "msgid":
            if "msgid" in have:
                raise _fail(path, lineno, "msgid without msgstr before it")
        elif base == "msgid_plural":
            if "msgid" not in have or "msgid_plural" in have or cur.has_msgstr():
                raise _fail(path, lineno, "msgid_plural must follow msgid")
        elif base == "msgstr":
            if "msgid" not in have:
                raise _fail(path, lineno, "msgstr without msgid")
            if "msgid_plural" in have:
                raise _fail(path, lineno, "plural entry needs msgstr[0], msgstr[1]... not msgstr")
            if "msgstr" in have:
                raise _fail(path, lineno, "second msgstr in one entry")
        else:
            if "msgid_plural" not in have:
                raise _fail(path, lineno, f"{kw} without msgid_plural")
            n = int(m.group(2))
            expected = sum(1 for k in have if k.startswith("msgstr["))
            if n != expected:
                raise _fail(path, lineno, f"{kw} out of order (expected msgstr[{expected}])")
        if not have:
            cur.obsolete = obsolete
            if not cur.comments:
                cur.first_line = lineno
        rest_i = m.end()
        while rest_i < len(body) and body[rest_i] in " \t":
            rest_i += 1
        if rest_i >= len(body) or body[rest_i] != '"':
            raise _fail(path, lineno, f"{kw} must be followed by a quoted string")
        fld = _Field(kw, lineno)
        # Parse on the full line so columns count from the line's start.
        _read_string(path, s, col0 + rest_i, lineno, fld)
        have[kw] = fld
        last = fld
    trailing: list[tuple[int, str]] = []
    if cur.fields:
        finish(len(lines) + 1)
    elif cur.comments:
        trailing = cur.comments
    return entries, trailing


def _is_header(raw: _Raw) -> bool:
    return (
        not raw.obsolete
        and "msgctxt" not in raw.fields
        and raw.fields["msgid"].text == ""
        and "msgid_plural" not in raw.fields
    )


def _parse_metadata(text: str) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    for ln in text.split("\n"):
        if not ln.strip():
            continue
        key, sep, value = ln.partition(":")
        out.append((key.strip(), value.strip() if sep else ""))
    return tuple(out)


def _strip_marker(line: str, marker: str) -> str:
    rest = line[len(marker) :]
    return rest[1:] if rest.startswith(" ") else rest


_ISOLATE_REF_RE = re.compile("\u2068([^\u2069]*)\u2069(?::([0-9]+))?|(\\S+)")


def _parse_references(body: str) -> list[Reference]:
    """``#:`` tokens to references; a path with spaces is wrapped in U+2068/U+2069 (gettext)."""
    refs: list[Reference] = []
    for m in _ISOLATE_REF_RE.finditer(body):
        if m.group(1) is not None:
            refs.append(Reference(m.group(1), int(m.group(2)) if m.group(2) else 0))
            continue
        tok = m.group(3)
        p, sep, ln = tok.rpartition(":")
        if sep and p and ln.isascii() and ln.isdigit():
            refs.append(Reference(p, int(ln)))
        else:
            refs.append(Reference(tok, 0))
    return refs


def _comment_kind(line: str) -> str:
    """Classify a comment line: '.', ':', ',', '|' or ' ' (translator)."""
    if line.startswith("#~|"):
        return "|"
    if len(line) > 1 and line[1] in ".:,|":
        return line[1]
    return " "


def _tuple_anchors(f: _Field | None) -> tuple[Anchor, ...]:
    return tuple(f.anchors) if f is not None else ()


def read_units(
    path: str | os.PathLike[str], *, encoding: str | None = None
) -> tuple[tuple[tuple[str, str], ...], tuple[PoUnit, ...]]:
    """(header metadata, units) of any PO/POT file.

    Tolerant of foreign files: a UTF-8 byte-order mark and CRLF line ends are accepted;
    the charset comes from the header (or ``encoding``). The header entry is not a unit.
    Each unit's anchors map offsets in its strings to 1-based line/column in the file.
    Raises DataError for a missing, empty, binary, undecodable or malformed file.
    """
    p = os.fspath(path)
    data = read_bytes(p)
    lines, _enc = _decode(p, data, encoding, strict=False)
    raws, _trailing = _parse(p, lines)
    metadata: tuple[tuple[str, str], ...] = ()
    units: list[PoUnit] = []
    for i, raw in enumerate(raws):
        if i == 0 and _is_header(raw):
            metadata = _parse_metadata(raw.fields["msgstr"].text if "msgstr" in raw.fields else "")
            continue
        units.append(_unit(raw))
    return metadata, tuple(units)


def _sort_comments(comments: Iterable[str]) -> tuple[list[str], list[str], list[str], list[Reference]]:
    """Extracted comments, translator comments, flags and references of an entry's comment lines."""
    extracted: list[str] = []
    translator: list[str] = []
    flags: list[str] = []
    refs: list[Reference] = []
    for c in comments:
        kind = _comment_kind(c)
        if kind == ".":
            extracted.append(_strip_marker(c, "#."))
        elif kind == ":":
            refs.extend(_parse_references(c[2:]))
        elif kind == ",":
            flags.extend(x.strip() for x in c[2:].split(",") if x.strip())
        elif kind == " ":
            translator.append(_strip_marker(c, "#"))
    return extracted, translator, flags, refs


def _unit(raw: _Raw) -> PoUnit:
    extracted, translator, flags, refs = _sort_comments(c for _ln, c in raw.comments)
    fl = raw.fields
    plural_keys = sorted((k for k in fl if k.startswith("msgstr[")), key=lambda k: int(k[7:-1]))
    plurals = tuple(fl[k].text for k in plural_keys)
    plural_anchors = tuple(tuple(fl[k].anchors) for k in plural_keys)
    msgstr_f = fl.get("msgstr") or (fl[plural_keys[0]] if plural_keys else None)
    ctx = fl.get("msgctxt")
    return PoUnit(
        msgctxt=ctx.text if ctx is not None else None,
        msgid=fl["msgid"].text,
        msgid_plural=fl["msgid_plural"].text if "msgid_plural" in fl else "",
        msgstr=msgstr_f.text if msgstr_f is not None else "",
        msgstr_plural=plurals,
        flags=tuple(flags),
        comment="\n".join(extracted),
        tcomment="\n".join(translator),
        references=tuple(refs),
        obsolete=bool(raw.obsolete),
        line=fl["msgid"].line,
        msgid_anchors=tuple(fl["msgid"].anchors),
        msgstr_anchors=_tuple_anchors(msgstr_f),
        msgstr_plural_anchors=plural_anchors,
        msgid_plural_anchors=_tuple_anchors(fl.get("msgid_plural")),
    )
