"""Term-base comment keys (README "Keys"): the key table, target language, value escapes."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from glossary.model import Gender, Number, Period, Status
from glossary.po.decode import _fail
from glossary.po.parse import _comment_kind

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
CONCEPT_KEYS: tuple[str, ...] = ("type", "country", "gender", "valid", "replaced-by", "office")
"""Keys of the concept itself (``#.`` lines, before the English forms), in canonical order."""
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
    keys = list(CONCEPT_KEYS)
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
        whole = raw.strip(" ")
        if not whole:
            raise _fail(path, line, "empty form in value")
        return [(whole, "")]
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


def parse_period(path: str, line: int, text: str) -> Period:
    """``FROM/TO`` with ISO 8601 dates; ``..`` (or nothing) for an open end."""
    from glossary.dates import period

    start, sep, end = text.strip().partition("/")
    if not sep:
        raise _fail(path, line, f"bad period {text!r}: write FROM/TO, e.g. 2018-12-01/2024-09-30 or 2024-10-01/..")
    try:
        return period(start.strip(), end.strip())
    except ValueError as exc:
        raise _fail(path, line, str(exc)) from None
