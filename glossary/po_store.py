"""PO files: the term base as concepts, and raw PO units for other readers.

This is the only module that knows the PO syntax. It has its own line-aware parser
(rather than polib's) because readers need the line and column of every character of a
``msgid``/``msgstr`` and data errors must name the line; and its own writer, so that the
canonical form is fixed here (msgcat-style wrapping at 79 columns) and fast.

Term-base encoding (README "Keys"): ``msgctxt`` is the concept id, ``msgid``/``msgstr``
the preferred English/target forms, ``#.`` lines hold English and concept keys,
``# `` lines the target-language keys, ``#:`` references, ``#,`` flags.
"""

from __future__ import annotations

import codecs
import contextlib
import fcntl
import functools
import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator

from glossary.errors import ConflictError, DataError
from glossary.files import read_bytes
from glossary.model import (
    CONCEPT_TYPES,
    Anchor,
    Concept,
    Gender,
    Note,
    Number,
    Reference,
    Status,
    TermForm,
)
from glossary.writes import write_bytes_atomic

__all__ = [
    "Catalog",
    "PoUnit",
    "DEFAULT_METADATA",
    "canonicalize",
    "catalog_language",
    "default_catalog",
    "is_canonical",
    "read_catalog",
    "read_units",
    "render_catalog",
    "write_catalog",
    "update_catalog",
    "locked",
]

WRAP_WIDTH = 79
"""Maximum width of a rendered ``msgid``/``msgstr`` line, as msgcat's default."""

_CONFLICT_RE = re.compile(r"^(<<<<<<<|=======|>>>>>>>|\|\|\|\|\|\|\|)(\s|$)")
_KEYWORD_RE = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr\[(\d+)\]|msgstr)(?=[\s\"]|$)")
_PLAIN_RUN_RE = re.compile(r'[^"\\]+')
_CHARSET_RE = re.compile(rb"charset=([A-Za-z0-9._:+-]+)")
_FIRST_MSGID_RE = re.compile(rb"(?m)^msgid[ \t]+\"\"[ \t]*\r?$|^msgid[ \t]")
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


# --------------------------------------------------------------------------- records


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


@dataclass(frozen=True, slots=True)
class Catalog:
    """A term-base PO file as concepts.

    ``header`` is the header entry's translator comment block (without ``# ``), and
    ``metadata`` its fields in file order. ``header_extra`` keeps the header's other
    comment lines verbatim (``#, fuzzy`` in a template, say). ``fingerprint`` is the
    sha256 of the bytes read ("" for a catalog not read from disk); ``template`` is True
    for a ``.pot``, which holds English-side data only.
    """

    path: str
    header: str
    metadata: tuple[tuple[str, str], ...]
    concepts: tuple[Concept, ...]
    fingerprint: str = ""
    template: bool = False
    header_extra: tuple[str, ...] = ()

    @property
    def language(self) -> str | None:
        """The target language (``es``), or None for a template."""
        return catalog_language(self.path, self.metadata, self.template)


# --------------------------------------------------------------------------- decoding


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


# --------------------------------------------------------------------------- lexing


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


# --------------------------------------------------------------------------- keys

_EN_KEYS: tuple[tuple[str, Status, bool, bool], ...] = (
    # (suffix, status, everywhere, acronym)
    ("admitted", Status.ADMITTED, False, False),
    ("deprecated", Status.DEPRECATED, False, False),
    ("deprecated-everywhere", Status.DEPRECATED, True, False),
    ("forbidden", Status.FORBIDDEN, False, False),
    ("forbidden-everywhere", Status.FORBIDDEN, True, False),
    ("acronym", Status.ADMITTED, False, True),
)
_GENDER_KEYS: tuple[tuple[str, Gender, Number], ...] = (
    ("masc", Gender.MASCULINE, Number.SINGULAR),
    ("fem", Gender.FEMININE, Number.SINGULAR),
    ("masc-plural", Gender.MASCULINE, Number.PLURAL),
    ("fem-plural", Gender.FEMININE, Number.PLURAL),
)
_FLAG_CASE = "case-sensitive"
_FLAG_DNT = "do-not-translate"
_FLAG_FUZZY = "fuzzy"
_KNOWN_FLAGS = (_FLAG_FUZZY, _FLAG_CASE, _FLAG_DNT)
_COUNTRY_RE = re.compile(r"^[A-Z]{2}(?:-[A-Z0-9]{1,3})?$")
_KEY_RE = re.compile(r"^([a-z][a-z0-9-]*):(?:[ \t]+(.*)|[ \t]*)$")
_LANG_RE = re.compile(r"^[a-z]{2,3}(?:[_@-][A-Za-z0-9]+)*$")
_VALUE_ESCAPES = {"\\": "\\", "|": "|", "[": "[", "]": "]", "n": "\n", "t": "\t", "r": "\r"}


def _lang_tag(value: str) -> str:
    return re.split(r"[_@.-]", value.strip(), maxsplit=1)[0].lower()


def catalog_language(
    path: str, metadata: tuple[tuple[str, str], ...], template: bool = False
) -> str | None:
    """The target language of a catalog: header ``Language:``, else the folder name
    (``locales/es/glossary.po``), else ``es``; None for a template."""
    if template:
        return None
    for k, v in metadata:
        if k.lower() == "language" and v.strip():
            return _lang_tag(v)
    folder = Path(path).parent.name
    if _LANG_RE.match(folder):
        return _lang_tag(folder)
    return "es"


def _key_table(lang: str | None) -> list[str]:
    """All known keys in README table order (the canonical order)."""
    keys = ["type", "country", "gender"]
    keys += [f"en-{s}" for s, *_ in _EN_KEYS]
    keys += ["en-note", "note", "source"]
    if lang:
        keys += [f"{lang}-{s}" for s, *_ in _EN_KEYS]
        keys += [f"{lang}-{s}" for s, *_ in _GENDER_KEYS]
        keys += [f"{lang}-note", f"{lang}-source"]
    return keys


_FormKey = tuple[str, Status, bool, bool]


@functools.lru_cache(maxsize=16)
def _lang_tables(
    lang: str | None,
) -> tuple[dict[str, int], dict[str, _FormKey], dict[str, _FormKey], dict[str, tuple[Gender, Number]]]:
    """Per target language: key -> canonical rank, and the form keys of each side."""
    rank = {k: i for i, k in enumerate(_key_table(lang))}
    en_suffix = {f"en-{s}": (s, st, ev, ac) for s, st, ev, ac in _EN_KEYS}
    tgt_suffix = {f"{lang}-{s}": (s, st, ev, ac) for s, st, ev, ac in _EN_KEYS} if lang else {}
    tgt_gender = {f"{lang}-{s}": (g, nb) for s, g, nb in _GENDER_KEYS} if lang else {}
    return rank, en_suffix, tgt_suffix, tgt_gender


_VALUE_SPECIALS_RE = re.compile(r"[\\|\[\]]")


def _unescape_value(path: str, line: int, raw: str, *, lists: bool) -> list[tuple[str, str]]:
    """Parse a key value into (text, note) items; without ``lists`` the whole value is one text."""
    if not (_VALUE_SPECIALS_RE.search(raw) if lists else "\\" in raw):
        text = raw.strip(" ")
        if not text:
            raise _fail(path, line, "empty form in value")
        return [(text, "")]
    items: list[tuple[str, str]] = []
    text: list[str] = []
    note: list[str] = []
    in_note = False
    note_done = False
    i = 0
    n = len(raw)

    def close_item() -> None:
        nonlocal text, note, in_note, note_done
        t = "".join(text).strip(" ")
        if not t:
            raise _fail(path, line, "empty form in value")
        items.append((t, "".join(note).strip(" ")))
        text, note, in_note, note_done = [], [], False, False

    while i < n:
        c = raw[i]
        if c == "\\":
            if i + 1 >= n:
                raise _fail(path, line, "backslash at end of value (write \\\\ for a backslash)")
            e = raw[i + 1]
            if e not in _VALUE_ESCAPES:
                raise _fail(path, line, f"unknown escape \\{e} in value (known: \\\\ \\| \\[ \\] \\n \\t)")
            ch = _VALUE_ESCAPES[e]
            i += 2
            if note_done:
                raise _fail(path, line, "text after the [note] of a form")
            (note if in_note else text).append(ch)
            continue
        i += 1
        if not lists:
            text.append(c)
            continue
        if in_note:
            if c == "]":
                in_note, note_done = False, True
            elif c == "[":
                raise _fail(path, line, "'[' inside a note (write \\[)")
            else:
                note.append(c)
        elif c == "|":
            close_item()
        elif note_done:
            if c != " ":
                raise _fail(path, line, "text after the [note] of a form (write \\[ \\] for brackets)")
        elif c == "[":
            in_note = True
        elif c == "]":
            raise _fail(path, line, "unmatched ']' in value (write \\])")
        else:
            text.append(c)
    if in_note:
        raise _fail(path, line, "unclosed '[' in value (write \\[ for a bracket)")
    close_item()
    return items


def _escape_value(text: str, *, brackets: bool) -> str:
    out = text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")
    if brackets:
        out = out.replace("|", "\\|").replace("[", "\\[").replace("]", "\\]")
    return out


def _extra_rank(line: str) -> int:
    kind = _comment_kind(line)
    return {".": 0, " ": 1, ",": 2, "|": 3}.get(kind, 1)


def _to_concept(path: str, raw: _Raw, lang: str | None, template: bool) -> Concept:
    fl = raw.fields
    msgid_f = fl["msgid"]
    line = msgid_f.line
    if "msgid_plural" in fl:
        raise _fail(path, fl["msgid_plural"].line, "plural entries cannot be term-base concepts")
    ctx = fl.get("msgctxt")
    # A missing or malformed id is kept as is: `validate` reports it (GL910, GL911).
    cid = ctx.text if ctx is not None else ""
    if msgid_f.text == "":
        raise _fail(path, line, f"concept {cid}: empty msgid (the preferred English form)")
    msgstr = fl["msgstr"].text
    if template and msgstr:
        raise _fail(path, fl["msgstr"].line, "a template (.pot) must have empty msgstr")

    rank, en_suffix, tgt_suffix, tgt_gender = _lang_tables(lang)
    keyed: list[tuple[int, int, str, int, str]] = []  # (rank, seq, key, line, raw value)
    extra: list[str] = []
    refs: list[Reference] = []
    unknown_flags: list[str] = []
    flags: set[str] = set()
    for seq, (ln, c) in enumerate(raw.comments):
        kind = _comment_kind(c)
        if kind == ":":
            refs.extend(_parse_references(c[2:]))
            continue
        if kind == ",":
            for fl_ in (x.strip() for x in c[2:].split(",")):
                if not fl_:
                    continue
                if fl_ in _KNOWN_FLAGS:
                    flags.add(fl_)
                elif fl_ not in unknown_flags:
                    unknown_flags.append(fl_)
            continue
        if kind in ". ":
            body = _strip_marker(c, "#." if kind == "." else "#")
            m = _KEY_RE.match(body)
            if m and m.group(1) in rank:
                keyed.append((rank[m.group(1)], seq, m.group(1), ln, (m.group(2) or "").strip(" \t")))
                continue
        extra.append(c)
    if unknown_flags:
        extra.append("#, " + ", ".join(unknown_flags))
    extra.sort(key=_extra_rank)
    keyed.sort()

    ctype = "other"
    country = ""
    gender: Gender | None = None
    seen_single: dict[str, int] = {}
    en_forms: list[TermForm] = [TermForm(msgid_f.text, "en", Status.PREFERRED)]
    tgt_forms: list[TermForm] = [TermForm(msgstr, lang, Status.PREFERRED)] if msgstr and lang else []
    notes: list[Note] = []
    sources: list[Note] = []
    for _r, _s, key, ln, value in keyed:
        if not value:
            raise _fail(path, ln, f"key {key!r} has no value")
        if key in ("type", "country", "gender"):
            if key in seen_single:
                raise _fail(path, ln, f"{key!r} given twice (first on line {seen_single[key]})")
            seen_single[key] = ln
            if key == "type":
                if value not in CONCEPT_TYPES:
                    raise _fail(path, ln, f"unknown type {value!r} (one of: {', '.join(CONCEPT_TYPES)})")
                ctype = value
            elif key == "country":
                if not _COUNTRY_RE.match(value):
                    raise _fail(path, ln, f"bad country {value!r}: use an ISO 3166 code such as MX or US")
                country = value
            else:
                if value not in ("m", "f"):
                    raise _fail(path, ln, f"bad gender {value!r}: use m or f")
                gender = Gender(value)
        elif key in ("en-note", "note", f"{lang}-note"):
            (text, _), = _unescape_value(path, ln, value, lists=False)
            notes.append(Note({"en-note": "en", "note": ""}.get(key, lang or ""), text))
        elif key in ("source", f"{lang}-source"):
            (text, _), = _unescape_value(path, ln, value, lists=False)
            sources.append(Note("en" if key == "source" else (lang or ""), text))
        elif key in en_suffix or key in tgt_suffix:
            _s2, st, ev, ac = en_suffix.get(key) or tgt_suffix[key]
            flang = "en" if key in en_suffix else (lang or "")
            target = en_forms if key in en_suffix else tgt_forms
            for text, note in _unescape_value(path, ln, value, lists=True):
                target.append(TermForm(text, flang, st, acronym=ac, everywhere=ev, note=note))
        elif key in tgt_gender:
            g, nb = tgt_gender[key]
            for text, note in _unescape_value(path, ln, value, lists=True):
                tgt_forms.append(TermForm(text, lang or "", Status.PREFERRED, gender=g, number=nb, note=note))
    return Concept(
        id=cid,
        type=ctype,
        forms=tuple(en_forms + tgt_forms),
        country=country,
        gender=gender,
        case_sensitive=_FLAG_CASE in flags,
        do_not_translate=_FLAG_DNT in flags,
        fuzzy=_FLAG_FUZZY in flags,
        obsolete=bool(raw.obsolete),
        references=tuple(refs),
        notes=tuple(notes),
        sources=tuple(sources),
        extra=tuple(extra),
    )


def read_catalog(path: str | os.PathLike[str]) -> Catalog:
    """Parse a term-base PO/POT file into concepts (README "Keys").

    Raises DataError(path, line, message) for a missing, unreadable, empty or binary file,
    bytes not valid in the declared charset, a byte-order mark, CRLF line ends, bad PO
    syntax, merge-conflict markers, and bad key values. Comment lines that are not known
    keys are kept verbatim in ``Concept.extra``.
    """
    p = os.fspath(path)
    data = read_bytes(p)
    lines, _enc = _decode(p, data, None, strict=True)
    raws, trailing = _parse(p, lines)
    if trailing:
        raise _fail(p, trailing[0][0], "comment lines after the last entry belong to no entry")
    template = p.endswith(".pot")
    header = ""
    header_extra: list[str] = []
    metadata: tuple[tuple[str, str], ...] = ()
    if raws and _is_header(raws[0]):
        h = raws.pop(0)
        metadata = _parse_metadata(h.fields["msgstr"].text)
        tc: list[str] = []
        for _ln, c in h.comments:
            if _comment_kind(c) == " " and (len(c) == 1 or c[1] == " "):
                tc.append(_strip_marker(c, "#"))
            else:
                header_extra.append(c)
        header = "\n".join(tc)
    for raw in raws:
        if _is_header(raw):
            raise _fail(p, raw.fields["msgid"].line, "empty msgid outside the header")
    lang = catalog_language(p, metadata, template)
    concepts = tuple(_to_concept(p, raw, lang, template) for raw in raws)
    return Catalog(
        path=p,
        header=header,
        metadata=metadata,
        concepts=concepts,
        fingerprint=hashlib.sha256(data).hexdigest(),
        template=template,
        header_extra=tuple(header_extra),
    )


# --------------------------------------------------------------------------- rendering


def _width(s: str) -> int:
    if s.isascii():
        return len(s)
    w = 0
    for ch in s:
        if unicodedata.combining(ch):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return w


_PO_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\v": "\\v",
}
_PO_ESCAPE_RE = re.compile('[\\\\"\n\t\r\a\b\f\v]')


def _escape_po(text: str) -> str:
    return _PO_ESCAPE_RE.sub(lambda m: _PO_ESCAPES[m.group(0)], text)


_NO_BREAK_BEFORE = frozenset(")]}!?,.;:/%")
_QUOTES = frozenset(('\\"', "'", "\u201c", "\u201d", "\u2018", "\u2019", "\u00ab", "\u00bb"))


def _units(esc: str) -> list[str]:
    """An escaped string split into units: escape sequences stay whole."""
    return re.findall(r"\\.|.", esc, flags=re.S)


def _is_ideo(u: str) -> bool:
    return len(u) == 1 and unicodedata.east_asian_width(u) in ("W", "F") and u.isalpha()


def _break_ok_at(line: list[str], k: int, cur: str) -> bool:
    """``_break_ok`` before ``cur`` at index ``k`` of ``line``, with the rules that look
    back across spaces: no break after an opening bracket, nor between a quote and an
    opening bracket (``"quoted" (paren)`` stays together)."""
    prev = line[k - 1]
    if not _break_ok(prev, cur):
        return False
    if prev == " ":
        j = k - 1
        while j >= 0 and line[j] == " ":
            j -= 1
        if j >= 0 and (line[j] in "([{" or (line[j] in _QUOTES and cur in "([{")):
            return False
    return True


def _break_ok(prev: str, cur: str) -> bool:
    """May a line break fall between units ``prev`` and ``cur``? A small subset of the
    Unicode line-breaking rules msgcat uses: after spaces (not before closing punctuation
    or a slash), after a hyphen or slash followed by a letter, around ideographs."""
    if cur == " ":
        return False
    if prev == " ":
        return cur not in _NO_BREAK_BEFORE
    if prev in "-/,.:;?!" and cur.isalpha():
        return True
    if (_is_ideo(prev) or _is_ideo(cur)) and cur not in _NO_BREAK_BEFORE and not cur.startswith("\\"):
        return prev not in "([{"
    return False


def _wrap(units: list[str], first_col: int, next_col: int, avail: int) -> list[str]:
    """Greedy line filling over break opportunities; an unbreakable run overflows.
    Columns count from 0: the first line starts at ``first_col``, the others at ``next_col``."""
    lines: list[str] = []
    line: list[str] = []
    col = first_col
    last_break = -1  # index in ``line`` before which a break may fall
    for u in units:
        w = _width(u)
        if line and _break_ok_at(line, len(line), u) and not all(x == " " for x in line):
            last_break = len(line)
        if line and col + w > avail and last_break > 0:
            lines.append("".join(line[:last_break]))
            line = line[last_break:]
            col = next_col + sum(_width(x) for x in line)
            last_break = -1
            for k in range(1, len(line)):
                if _break_ok_at(line, k, line[k]) and not all(x == " " for x in line[:k]):
                    last_break = k
        line.append(u)
        col += w
    if line or not lines:
        lines.append("".join(line))
    return lines


def _render_string(prefix: str, keyword: str, text: str, width: int = WRAP_WIDTH) -> list[str]:
    """``keyword "text"`` wrapped the way msgcat does: one line when the text holds no
    inner newline and needs no break, else ``keyword ""`` and the text cut after each
    newline and at line-break opportunities so lines stay within ``width`` columns."""
    pieces = [p for p in re.split(r"(?<=\n)", text) if p]
    head = f"{prefix}{keyword} "
    if len(pieces) <= 1:
        esc = _escape_po(text)
        if len(_wrap(_units(esc), _width(head) + 1, _width(prefix) + 1, width - 1)) == 1:
            return [f'{head}"{esc}"']
    out = [f'{head}""']
    for piece in pieces:
        col = _width(prefix) + 1
        for ln in _wrap(_units(_escape_po(piece)), col, col, width - 1):
            out.append(f'{prefix}"{ln}"')
    return out


def _render_refs(refs: tuple[Reference, ...], width: int = WRAP_WIDTH) -> list[str]:
    out: list[str] = []
    line = "#:"
    for r in refs:
        p = r.path
        if not p or any(ch.isspace() for ch in p):
            p = f"\u2068{p}\u2069"
        tok = f"{p}:{r.line}" if r.line else p
        if line != "#:" and _width(line) + 1 + _width(tok) > width:
            out.append(line)
            line = "#:"
        line += " " + tok
    if line != "#:":
        out.append(line)
    return out


def _form_suffix(f: TermForm, is_target: bool) -> str:
    """The key suffix (``admitted``, ``forbidden-everywhere``, ``fem-plural``...) of a form."""
    if f.acronym and f.status.allowed:
        return "acronym"
    if f.status.allowed:
        if is_target and f.gender is not None:
            plural = f.number is Number.PLURAL
            return ("masc" if f.gender is Gender.MASCULINE else "fem") + ("-plural" if plural else "")
        return "admitted"
    base = "deprecated" if f.status is Status.DEPRECATED else "forbidden"
    return base + ("-everywhere" if f.everywhere else "")


def _is_main(f: TermForm) -> bool:
    return (
        f.status is Status.PREFERRED and not f.acronym and f.gender is None
        and f.number is None and not f.generated
    )


def _render_concept(path: str, c: Concept, lang: str | None) -> list[str]:
    en_main: TermForm | None = None
    tgt_main: TermForm | None = None
    by_key: dict[str, list[TermForm]] = {}
    extra_notes: list[Note] = []
    for f in c.forms:
        if f.generated:
            continue
        if f.lang == "en":
            is_target = False
        elif lang is not None and (f.lang == lang or _lang_tag(f.lang) == lang):
            is_target = True
        elif lang is None:
            continue  # a template keeps the English side only
        else:
            raise _fail(path, None, f"concept {c.id}: form {f.text!r} is in {f.lang!r}, "
                                    f"but this file holds en and {lang}")
        if _is_main(f):
            if is_target and tgt_main is None:
                tgt_main = f
                continue
            if not is_target and en_main is None:
                en_main = f
                continue
        if not f.text.strip(" ") or f.text != f.text.strip(" "):
            raise _fail(path, None, f"concept {c.id}: form {f.text!r} is empty or has surrounding spaces")
        key = f"{lang if is_target else 'en'}-{_form_suffix(f, is_target)}"
        by_key.setdefault(key, []).append(f)
    if en_main is None or not en_main.text:
        raise _fail(path, None, f"concept {c.id}: no preferred English form (msgid)")
    for m in (en_main, tgt_main):
        if m is not None and m.note:
            extra_notes.append(Note("en" if m is en_main else (lang or ""), m.note))
    values: dict[str, list[str]] = {}
    if c.type != "other":
        values["type"] = [c.type]
    if c.country:
        values["country"] = [c.country]
    if c.gender is not None:
        values["gender"] = [c.gender.value]
    for key, forms in by_key.items():
        values[key] = [
            _escape_value(f.text, brackets=True)
            + (f" [{_escape_value(f.note, brackets=True)}]" if f.note else "")
            for f in forms
        ]
    for n in (*c.notes, *extra_notes):
        if n.lang == "en":
            key = "en-note"
        elif n.lang == "":
            key = "note"
        elif lang is None and n.lang != "en":
            continue
        elif lang is not None and _lang_tag(n.lang) == lang:
            key = f"{lang}-note"
        else:
            raise _fail(path, None, f"concept {c.id}: note in {n.lang!r} does not fit this file")
        values.setdefault(key, []).append(_escape_value(n.text, brackets=False))
    for n in c.sources:
        if n.lang in ("en", ""):
            key = "source"
        elif lang is None:
            continue
        elif _lang_tag(n.lang) == lang:
            key = f"{lang}-source"
        else:
            raise _fail(path, None, f"concept {c.id}: source in {n.lang!r} does not fit this file")
        values.setdefault(key, []).append(_escape_value(n.text, brackets=False))
    for key, vals in values.items():
        for v in vals:
            if not v.strip(" ") or v != v.strip(" "):
                raise _fail(path, None, f"concept {c.id}: {key} value {v!r} is empty or has surrounding spaces")

    extracted: list[str] = []
    translator: list[str] = []
    for key in _key_table(lang):
        for v in values.get(key, ()):
            if key.startswith("en-") or "-" not in key or key in ("note", "source"):
                extracted.append(f"#. {key}: {v}")
            else:
                translator.append(f"# {key}: {v}")
    extras = sorted(c.extra, key=_extra_rank)
    flags = [fl for fl, on in ((_FLAG_FUZZY, c.fuzzy), (_FLAG_CASE, c.case_sensitive),
                               (_FLAG_DNT, c.do_not_translate)) if on]
    previous: list[str] = []
    for e in extras:
        if "\n" in e or not e.startswith("#"):
            raise _fail(path, None, f"concept {c.id}: extra line {e!r} is not a comment line")
        r = _extra_rank(e)
        if r == 0:
            extracted.append(e)
        elif r == 1:
            translator.append(e)
        elif r == 2:
            for fl in (x.strip() for x in e[2:].split(",")):
                if fl and fl not in flags:
                    flags.append(fl)
        else:
            previous.append(e)
    out = extracted + _render_refs(c.references) + translator
    if flags:
        out.append("#, " + ", ".join(flags))
    out += previous
    prefix = "#~ " if c.obsolete else ""
    if c.id:
        out += _render_string(prefix, "msgctxt", c.id)
    out += _render_string(prefix, "msgid", en_main.text)
    out += _render_string(prefix, "msgstr", tgt_main.text if tgt_main is not None else "")
    return out


def render_catalog(catalog: Catalog) -> str:
    """The canonical text of a catalog: header first, then concepts in the order given,
    obsolete ones last; comment lines in a fixed order (keys in README table order);
    strings wrapped at 79 columns as msgcat does. ``read(render(c))`` equals ``c`` for
    a catalog that was read (up to fingerprint), so canonical form is a fixed point."""
    lang = catalog_language(catalog.path, catalog.metadata, catalog.template)
    blocks: list[list[str]] = []
    if catalog.header or catalog.metadata or catalog.header_extra:
        head: list[str] = []
        if catalog.header:
            head += [f"# {ln}" if ln else "#" for ln in catalog.header.split("\n")]
        head += list(catalog.header_extra)
        head.append('msgid ""')
        meta = "".join(f"{k}: {v}\n" for k, v in catalog.metadata)
        head += _render_string("", "msgstr", meta)
        blocks.append(head)
    live = [c for c in catalog.concepts if not c.obsolete]
    dead = [c for c in catalog.concepts if c.obsolete]
    for c in live + dead:
        blocks.append(_render_concept(catalog.path, c, lang))
    return "\n\n".join("\n".join(b) for b in blocks) + "\n" if blocks else ""


# --------------------------------------------------------------------------- writing

DEFAULT_METADATA: tuple[tuple[str, str], ...] = (
    ("Project-Id-Version", "glossary"),
    ("Report-Msgid-Bugs-To", ""),
    ("POT-Creation-Date", ""),
    ("PO-Revision-Date", ""),
    ("Last-Translator", ""),
    ("Language-Team", ""),
    ("Language", "es"),
    ("MIME-Version", "1.0"),
    ("Content-Type", "text/plain; charset=UTF-8"),
    ("Content-Transfer-Encoding", "8bit"),
    ("Plural-Forms", "nplurals=2; plural=(n != 1);"),
)
"""Header fields of a new term-base file (``Language`` follows the file's folder)."""


def default_catalog(path: str | os.PathLike[str], lang: str | None = None) -> Catalog:
    """An empty catalog with the default header, for a file that does not exist yet.

    The language is ``lang``, else the folder name (``locales/fr/x.po``), else ``es``;
    a ``.pot`` gets an empty ``Language`` and no target-language data.
    """
    p = os.fspath(path)
    template = p.endswith(".pot")
    if template:
        language = ""
    else:
        language = lang or catalog_language(p, (), False) or "es"
    meta = tuple((k, language if k == "Language" else v) for k, v in DEFAULT_METADATA)
    if template:
        meta = tuple((k, v) for k, v in meta if k != "Plural-Forms")
    header = "Term base for glossary (English/Spanish terminology lint)."
    return Catalog(path=p, header=header, metadata=meta, concepts=(), template=template)


def _charset_of(metadata: tuple[tuple[str, str], ...]) -> str:
    for k, v in metadata:
        if k.lower() == "content-type":
            m = re.search(r"charset=([A-Za-z0-9._:+-]+)", v)
            if m and m.group(1).upper() != "CHARSET":
                try:
                    return codecs.lookup(m.group(1)).name
                except LookupError:
                    return "utf-8"
    return "utf-8"


def _encode(catalog: Catalog, path: str) -> bytes:
    text = render_catalog(catalog)
    enc = _charset_of(catalog.metadata)
    try:
        return text.encode(enc)
    except UnicodeEncodeError as exc:
        raise _fail(path, None, f"cannot encode {text[exc.start:exc.end]!r} in the file's charset {enc}") from None


def _fingerprint_on_disk(path: str) -> str:
    try:
        with open(path, "rb") as fh:
            return hashlib.sha256(fh.read()).hexdigest()
    except FileNotFoundError:
        return ""
    except IsADirectoryError:
        raise _fail(path, None, "is a directory, not a PO file") from None
    except OSError as exc:
        raise _fail(path, None, f"cannot read: {exc.strerror or exc}") from None


def write_catalog(catalog: Catalog, path: str | None = None) -> Catalog:
    """Write the canonical form of ``catalog`` atomically (temp file, fsync, rename).

    Writing to ``catalog.path`` raises ConflictError when the file on disk no longer has
    the fingerprint it had when read (a new catalog has fingerprint "" and must not find
    a file there). Returns the catalog with its new path and fingerprint.
    """
    target = os.fspath(path) if path is not None else catalog.path
    data = _encode(catalog, target)
    if os.path.abspath(target) == os.path.abspath(catalog.path):
        now = _fingerprint_on_disk(target)
        if now != catalog.fingerprint:
            what = "created" if not catalog.fingerprint else ("deleted" if not now else "changed")
            raise ConflictError(target, None, f"{what} on disk since it was read; not overwritten")
    write_bytes_atomic(target, data)
    return replace(catalog, path=target, fingerprint=hashlib.sha256(data).hexdigest())


_HELD: dict[str, int] = {}
"""Lock files this process holds, with their nesting depth (``_locked`` is re-entrant)."""


def locked(path: str | os.PathLike[str]) -> contextlib.AbstractContextManager[None]:
    """Hold the exclusive lock that every writer of ``path`` takes (``<path>.lock``).

    Re-entrant within a process: a read-decide-append done under it (``tm import``) can
    call ``append_entries``, which takes the same lock."""
    return _locked(os.fspath(path))


@contextlib.contextmanager
def _locked(path: str) -> Iterator[None]:
    """Hold an exclusive flock on ``<path>.lock``; the lock file is removed afterwards."""
    lock_path = path + ".lock"
    key = os.path.abspath(lock_path)
    if _HELD.get(key):
        _HELD[key] += 1
        try:
            yield
        finally:
            _HELD[key] -= 1
        return
    while True:
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as exc:
            raise _fail(path, None, f"cannot create lock file {lock_path}: {exc.strerror or exc}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                same = os.fstat(fd).st_ino == os.stat(lock_path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # the previous holder removed it; lock the new one
    _HELD[key] = 1
    try:
        yield
    finally:
        _HELD.pop(key, None)
        with contextlib.suppress(OSError):
            os.unlink(lock_path)
        os.close(fd)


def update_catalog(
    path: str | os.PathLike[str], change: Callable[[Catalog], Catalog], *, create: bool = False
) -> Catalog:
    """Read, change and write a catalog under an exclusive lock, so concurrent writers
    (two ``glossary terms add`` at once) both land. With ``create``, a missing file
    starts as ``default_catalog(path)``. Returns the catalog as written."""
    p = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(p))
    if not os.path.isdir(folder):
        raise _fail(p, None, f"folder {folder} does not exist")
    with _locked(p):
        if create and not os.path.exists(p):
            current = default_catalog(p)
        else:
            current = read_catalog(p)
        new = change(current)
        if new.fingerprint != current.fingerprint or os.path.abspath(new.path) != os.path.abspath(p):
            new = replace(new, path=p, fingerprint=current.fingerprint)
        return write_catalog(new, p)


def is_canonical(path: str | os.PathLike[str]) -> bool:
    """True when the file's bytes are exactly the canonical rendering of what it holds."""
    p = os.fspath(path)
    cat = read_catalog(p)
    return hashlib.sha256(_encode(cat, p)).hexdigest() == cat.fingerprint


def canonicalize(path: str | os.PathLike[str], *, write: bool = True) -> bool:
    """Put a term-base file in canonical form; True if it was not (with ``write=False``,
    only report). The file is read once; the write is atomic and conflict-checked."""
    p = os.fspath(path)
    if not write:
        cat = read_catalog(p)
        return hashlib.sha256(_encode(cat, p)).hexdigest() != cat.fingerprint
    with _locked(p):  # like update_catalog: a `terms add` running meanwhile waits, and lands
        cat = read_catalog(p)
        data = _encode(cat, p)
        if hashlib.sha256(data).hexdigest() == cat.fingerprint:
            return False
        write_catalog(cat)
    return True


# --------------------------------------------------------------------------- memory files
# Translation-memory PO files are large and grow by appending: entries are rendered one
# at a time (a fast path of the canonical wrapping for plain text), appended to a copy of
# the file and swapped in atomically, so existing entries are never re-read or re-wrapped;
# ``iter_memory_units`` streams them back without building anchors.

_FAST_SPACE_RUN_RE = re.compile(r" +(?=[^ ])")
_FAST_PUNCT_BREAK_RE = re.compile(r"[-/,.:;?!](?=[^\W\d_\u00b2\u00b3\u00b9\u00bc-\u00be])")
_FAST_NOT_SIMPLE_RE = re.compile("[\n\u0300-\u200f\u2028-\u20ab\u20ad-\U0010ffff]")
_FAST_WS_RE = re.compile(r"\s")
_FAST_QUOTE_CHARS = frozenset("'\u201c\u201d\u2018\u2019\u00ab\u00bb")


def _fast_simple(text: str) -> bool:
    """True when every character is one column wide, not combining, not ideographic and
    not a newline, so the canonical wrapping can be computed on character counts."""
    return _FAST_NOT_SIMPLE_RE.search(text) is None


def _fast_breaks(esc: str) -> list[int]:
    """Break opportunities of an escaped simple string (``_break_ok_at`` rules), sorted."""
    out: list[int] = []
    for m in _FAST_SPACE_RUN_RE.finditer(esc):
        s, k = m.start(), m.end()
        if s == 0:
            continue  # the line before the break would be all spaces
        cur, prev = esc[k], esc[s - 1]
        if cur in ")]}!?,.;:/%" or prev in "([{":
            continue
        if cur in "([{" and (prev in _FAST_QUOTE_CHARS or prev == '"'):
            continue
        out.append(k)
    if _FAST_PUNCT_BREAK_RE.search(esc):
        out.extend(m.end() for m in _FAST_PUNCT_BREAK_RE.finditer(esc))
        out.sort()
    return out


def _fast_wrap(esc: str, breaks: list[int], first_col: int, next_col: int, avail: int) -> list[str]:
    """``_wrap(_units(esc), ...)`` for an escaped simple string (see ``_fast_simple``),
    jumping from break opportunity to break opportunity instead of walking every unit."""
    from bisect import bisect_right

    n = len(esc)
    second: set[int] = set()
    if "\\" in esc:
        second = {m.start() + 1 for m in re.finditer(r"\\.", esc, flags=re.S)}
    lines: list[str] = []
    start, col0, excluded = 0, first_col, -1
    while True:
        limit = start + avail - col0
        if n <= limit:
            break
        p = limit - 1 if limit in second else limit
        if p <= start:
            p = start + (2 if start + 1 in second else 1)
        i = bisect_right(breaks, p)
        best = -1
        j = i - 1
        while j >= 0 and breaks[j] > start:
            if breaks[j] != excluded:
                best = breaks[j]
                break
            j -= 1
        after = breaks[i] if i < len(breaks) else -1
        if best > 0:
            excluded = p
        elif after > 0:
            best, excluded = after, -1
        else:
            break
        lines.append(esc[start:best])
        start, col0 = best, next_col
    lines.append(esc[start:])
    return lines


def _space_break_ok(esc: str, b: int) -> bool:
    """Whether a break may fall at ``b`` in an escaped simple string whose only break
    opportunities are after spaces (``_break_ok_at`` rules)."""
    if b >= len(esc) or esc[b] == " " or esc[b - 1] != " ":
        return False
    s = b - 1
    while s > 0 and esc[s - 1] == " ":
        s -= 1
    if s == 0:
        return False
    cur, prev = esc[b], esc[s - 1]
    if cur in ")]}!?,.;:/%" or prev in "([{":
        return False
    return not (cur in "([{" and (prev in _FAST_QUOTE_CHARS or prev == '"'))


def _fast_wrap_spaces(esc: str, col: int, avail: int) -> list[str] | None:
    """``_fast_wrap`` for text whose only break opportunities follow spaces, finding
    each line's break with ``rfind``; None when the text fits on the first line."""
    n = len(esc)
    second: set[int] = set()
    if "\\" in esc:
        second = {m.start() + 1 for m in re.finditer(r"\\.", esc, flags=re.S)}
    lines: list[str] = []
    start, excluded = 0, -1
    while True:
        limit = start + avail - col
        if n <= limit:
            break
        p = limit - 1 if limit in second else limit
        if p <= start:
            p = start + (2 if start + 1 in second else 1)
        best = -1
        k = p
        while True:
            sp = esc.rfind(" ", start, k)
            if sp < 0:
                break
            if sp + 1 > start and sp + 1 != excluded and _space_break_ok(esc, sp + 1):
                best = sp + 1
                break
            k = sp
        if best > 0:
            excluded = p
        else:
            k = p
            while True:
                sp = esc.find(" ", k)
                if sp < 0:
                    break
                if sp + 1 > p and _space_break_ok(esc, sp + 1):
                    best = sp + 1
                    break
                k = sp + 1
            if best < 0:
                break
            excluded = -1
        lines.append(esc[start:best])
        start = best
    lines.append(esc[start:])
    return lines


def render_po_string(prefix: str, keyword: str, text: str) -> list[str]:
    """``keyword "text"`` in canonical form (msgcat wrapping), exactly as the term-base
    writer renders it; plain one-column text takes a fast path."""
    if not (text.isascii() and "\n" not in text) and _FAST_NOT_SIMPLE_RE.search(text) is not None:
        return _render_string(prefix, keyword, text)
    esc = _escape_po(text)
    head = f"{prefix}{keyword} "
    if len(head) + 1 + len(esc) <= WRAP_WIDTH - 1:
        return [f'{head}"{esc}"']
    col = len(prefix) + 1
    if _FAST_PUNCT_BREAK_RE.search(esc) is None:
        # one line iff there is no break opportunity at all
        lines = _fast_wrap_spaces(esc, col, WRAP_WIDTH - 1)
        if lines is None or (len(lines) == 1 and not any(
                _space_break_ok(esc, m.end()) for m in _FAST_SPACE_RUN_RE.finditer(esc))):
            return [f'{head}"{esc}"']
        return [f'{head}""'] + [f'{prefix}"{ln}"' for ln in lines]
    breaks = _fast_breaks(esc)
    if not breaks:
        return [f'{head}"{esc}"']
    return [f'{head}""'] + [f'{prefix}"{ln}"' for ln in _fast_wrap(esc, breaks, col, col, WRAP_WIDTH - 1)]


def render_memory_entry(
    msgid: str,
    msgstr: str,
    *,
    msgctxt: str | None = None,
    flags: tuple[str, ...] = (),
    references: tuple[Reference, ...] = (),
    comments: tuple[str, ...] = (),
) -> str:
    """One translation-memory entry in canonical form (extracted comments, ``#:``
    references, ``#,`` flags, strings), ending with a newline, no blank line."""
    out = [f"#. {c}" if c else "#." for c in comments]
    if len(references) == 1 and references[0].path and _FAST_WS_RE.search(references[0].path) is None:
        r = references[0]
        out.append(f"#: {r.path}:{r.line}" if r.line else f"#: {r.path}")
    else:
        out += _render_refs(references)
    if flags:
        out.append("#, " + ", ".join(flags))
    if msgctxt is not None:
        out += render_po_string("", "msgctxt", msgctxt)
    out += render_po_string("", "msgid", msgid)
    out += render_po_string("", "msgstr", msgstr)
    return "\n".join(out) + "\n"


def memory_header(lang: str, comment: str = "Translation memory for glossary (aligned segments).") -> str:
    """The header entry of a new memory file for target language ``lang``."""
    meta = tuple((k, lang if k == "Language" else v) for k, v in DEFAULT_METADATA)
    lines = [f"# {comment}", 'msgid ""']
    lines += _render_string("", "msgstr", "".join(f"{k}: {v}\n" for k, v in meta))
    return "\n".join(lines) + "\n"


def append_entries(path: str | os.PathLike[str], entries: list[str], *, header: str) -> tuple[int, int]:
    """Append rendered entries to a PO file without re-rendering what it holds.

    Under the file's lock, the current bytes are copied to a temporary file in the same
    folder, the entries are appended (each preceded by a blank line), and the copy is
    fsynced and renamed over the original: readers see the old file or the new one. A
    missing file starts with ``header``. Returns the new size in bytes and the number of
    lines before the appended text (entry ``k`` starts after one blank line).
    """
    import tempfile

    p = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(p))
    if not os.path.isdir(folder):
        raise _fail(p, None, f"folder {folder} does not exist")
    with _locked(p):
        exists = os.path.exists(p)
        try:
            mode = os.stat(p).st_mode & 0o7777 if exists else 0o644
            fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(p)}.", suffix=".tmp", dir=folder)
        except OSError as exc:
            raise _fail(p, None, f"cannot write: {exc.strerror or exc}") from None
        try:
            with os.fdopen(fd, "wb") as out:
                last = b""
                lines = 0
                if exists:
                    with open(p, "rb") as src:
                        while True:
                            block = src.read(1 << 20)
                            if not block:
                                break
                            out.write(block)
                            lines += block.count(b"\n")
                            last = block[-1:]
                else:
                    data = header.encode("utf-8")
                    out.write(data)
                    lines = data.count(b"\n")
                    last = b"\n"
                if last and last != b"\n":
                    out.write(b"\n")
                    lines += 1
                chunk: list[str] = []
                for e in entries:
                    chunk.append("\n")
                    chunk.append(e)
                    if len(chunk) >= 4096:
                        out.write("".join(chunk).encode("utf-8"))
                        chunk = []
                out.write("".join(chunk).encode("utf-8"))
                out.flush()
                os.fsync(out.fileno())
                size = out.tell()
            os.chmod(tmp, mode)
            os.replace(tmp, p)
        except BaseException as exc:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            if isinstance(exc, OSError):
                raise _fail(p, None, f"cannot write: {exc.strerror or exc}") from None
            raise
    return size, lines


def _fast_unquote(line: str, start: int) -> str | None:
    """The value of the quoted string at ``line[start]``, or None when the fast path
    cannot decode it (octal/hex escapes, text after the string)."""
    s = line.rstrip()
    if len(s) - start < 2 or s[start] != '"' or s[-1] != '"':
        return None
    body = s[start + 1 : -1]
    if "\\" not in body:
        return None if '"' in body else body
    out: list[str] = []
    i = 0
    n = len(body)
    while i < n:
        c = body[i]
        if c == "\\":
            if i + 1 >= n:
                return None
            e = _SIMPLE_ESCAPES.get(body[i + 1])
            if e is None:
                return None
            out.append(e)
            i += 2
        elif c == '"':
            return None
        else:
            j = body.find("\\", i)
            j = n if j < 0 else j
            chunk = body[i:j]
            if '"' in chunk:
                return None
            out.append(chunk)
            i = j
    return "".join(out)


def _fast_units(path: str, text: str) -> Iterator[PoUnit] | None:
    """Units of plain PO text (no plurals, obsolete entries or unusual escapes), or None.

    Each string gets one anchor per line it spans (columns after an escape on the same
    line are not corrected: good enough to point at a memory entry)."""
    units: list[PoUnit] = []
    comments: list[str] = []
    fields: dict[str, list[str]] = {}
    anchors: dict[str, list[Anchor]] = {}
    lengths: dict[str, int] = {}
    cur = ""
    msgid_line = 0
    first = True

    def flush() -> bool:
        nonlocal first, comments, fields, anchors, lengths, cur
        if not fields:
            return True
        if "msgid" not in fields or "msgstr" not in fields:
            return False
        msgid = "".join(fields["msgid"])
        ctx = "".join(fields["msgctxt"]) if "msgctxt" in fields else None
        if first and msgid == "" and ctx is None:
            first = False
        else:
            first = False
            extracted, translator, flags, refs = _sort_comments(comments)
            units.append(PoUnit(ctx, msgid, "", "".join(fields["msgstr"]), (), tuple(flags),
                                "\n".join(extracted), "\n".join(translator), tuple(refs), False,
                                msgid_line, tuple(anchors["msgid"]), tuple(anchors["msgstr"]), (), ()))
        comments, fields, anchors, lengths, cur = [], {}, {}, {}, ""
        return True

    for idx, line in enumerate(text.split("\n")):
        if not line.strip():
            cur = ""
            continue
        c0 = line[0]
        if c0 == "#":
            if line.startswith("#~"):
                return None
            if fields:
                if "msgstr" not in fields or not flush():
                    return None
            comments.append(line)
            continue
        if c0 == '"':
            if not cur:
                return None
            v = _fast_unquote(line, 0)
            if v is None:
                return None
            if v:
                a = Anchor(lengths[cur], idx + 1, 2)
                if anchors[cur][-1].offset == a.offset:
                    anchors[cur][-1] = a
                else:
                    anchors[cur].append(a)
                lengths[cur] += len(v)
            fields[cur].append(v)
            continue
        kw, _, rest = line.partition(" ")
        if kw not in ("msgctxt", "msgid", "msgstr"):
            return None
        if kw in fields or (kw != "msgstr" and "msgstr" in fields):
            if "msgstr" not in fields or not flush():
                return None
        if kw in fields:
            return None
        if kw == "msgid":
            msgid_line = idx + 1
        elif kw == "msgstr" and "msgid" not in fields:
            return None
        body = rest.lstrip(" \t")
        v = _fast_unquote(body, 0)
        if v is None:
            return None
        fields[kw] = [v]
        anchors[kw] = [Anchor(0, idx + 1, len(line) - len(body) + 2)]
        lengths[kw] = len(v)
        cur = kw
    if not flush():
        return None
    return iter(units)


def iter_memory_units(path: str | os.PathLike[str]) -> Iterator[PoUnit]:
    """The units of a memory PO file, read fast: plain entries are parsed without anchors
    (PoUnit anchors are empty); a file with anything unusual (plurals, obsolete entries,
    octal escapes, a non-UTF-8 charset) goes through ``read_units``, which also names
    the line of any syntax error."""
    p = os.fspath(path)
    data = read_bytes(p)
    if data and b"\x00" not in data and b"\r" not in data and not data.startswith(codecs.BOM_UTF8):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        if text is not None and _declared_charset(p, data) in ("utf-8", "ascii"):
            fast = _fast_units(p, text)
            if fast is not None:
                return fast
    return iter(read_units(p)[1])


def fill_msgstrs(
    path: str | os.PathLike[str], fills: dict[int, tuple[str, bool, tuple[str, ...]]]
) -> bytes:
    """The bytes of PO file ``path`` with some translations filled in, everything else
    kept byte for byte (line ends and charset included).

    ``fills`` maps the line of an entry's ``msgid`` keyword to (msgstr, fuzzy, comments):
    the msgstr is replaced (canonical wrapping), ``fuzzy`` adds the flag, and each
    comment becomes a translator comment (``# ...``) at the top of the entry. Plural and
    obsolete entries are left alone.
    """
    p = os.fspath(path)
    data = read_bytes(p)
    lines, enc = _decode(p, data, None, strict=False)
    raws, _trailing = _parse(p, lines)
    edits: list[tuple[int, int, list[str]]] = []
    for raw in raws:
        f = raw.fields.get("msgid")
        if f is None or f.line not in fills or raw.obsolete or "msgstr" not in raw.fields:
            continue
        text, fuzzy, comments = fills[f.line]
        ms = raw.fields["msgstr"]
        start = ms.line - 1
        end = start + 1
        while end < len(lines) and lines[end].lstrip().startswith('"'):
            end += 1
        edits.append((start, end, render_po_string("", "msgstr", text)))
        first_kw = min(fld.line for fld in raw.fields.values()) - 1
        flag_at = next((ln - 1 for ln, c in raw.comments if c.startswith("#,")), None)
        if fuzzy:
            if flag_at is not None:
                have = [x.strip() for x in lines[flag_at][2:].split(",") if x.strip()]
                if "fuzzy" not in have:
                    edits.append((flag_at, flag_at + 1, ["#, " + ", ".join(["fuzzy", *have])]))
            else:
                prev_at = next((ln - 1 for ln, c in raw.comments if c.startswith("#|")), first_kw)
                edits.append((prev_at, prev_at, ["#, fuzzy"]))
        if comments:
            top = raw.comments[0][0] - 1 if raw.comments else first_kw
            edits.append((top, top, [f"# {c}" if c else "#" for c in comments]))
    edits.sort(key=lambda e: (e[0], e[1]), reverse=True)
    out = list(lines)
    for s, e, new in edits:
        out[s:e] = new
    eol = "\r\n" if b"\r\n" in data else "\n"
    text = eol.join(out) + eol
    bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
    try:
        return bom + text.encode(enc)
    except UnicodeEncodeError as exc:
        raise _fail(p, None, f"cannot encode {text[exc.start:exc.end]!r} in the file's charset {enc}") from None
