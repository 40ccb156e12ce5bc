"""Data-health checks over a term base: the GL9xx rules run by ``glossary validate``.

Pure: no file I/O, no printing. Callers hand in concepts (with the file line of each
entry) and, optionally, the raw text of the file, which is used to point a finding at the
exact comment line and column of the offending form rather than at the entry as a whole.

Conflict markers (GL907) are looked for in the raw text *before* the file is parsed, so a
file left half-merged is reported as findings rather than as a parse error.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from glossary.po.keys import _key_table
from glossary.rules import RuleInfo
from glossary.model import Concept, Finding, Gender, Number, Office, Severity, Status, TermForm

__all__ = [
    "HEALTH_RULES",
    "HealthRule",
    "Entry",
    "ID_PATTERN",
    "KNOWN_KEYS",
    "EN_KEYS",
    "concepts_from_units",
    "main_form",
    "target_keys",
    "check_conflict_markers",
    "check_entries",
    "check_concepts",
    "entry_lines",
    "rule",
]


HealthRule = RuleInfo
"""A data-health rule is described like any other rule."""


HEALTH_RULES: tuple[HealthRule, ...] = (
    HealthRule("GL901", "duplicate-id", Severity.ERROR,
               "two entries share one concept id (msgctxt)"),
    HealthRule("GL902", "duplicate-form", Severity.ERROR,
               "an allowed form appears twice in a concept, or in two concepts of one country"),
    HealthRule("GL903", "empty-translation", Severity.ERROR,
               "a concept has no preferred target form (empty msgstr in a .po)"),
    HealthRule("GL904", "allowed-and-forbidden", Severity.ERROR,
               "a form is both allowed and deprecated/forbidden in one concept"),
    HealthRule("GL905", "forbidden-is-preferred", Severity.ERROR,
               "a deprecated/forbidden form is another concept's preferred form"),
    HealthRule("GL906", "unknown-key", Severity.WARNING,
               "a comment line looks like `key: value` but the key is not in the spec"),
    HealthRule("GL907", "merge-conflict", Severity.ERROR,
               "the file holds unresolved merge-conflict markers"),
    HealthRule("GL908", "fuzzy-entry", Severity.WARNING,
               "an entry is marked fuzzy (not approved yet)"),
    HealthRule("GL909", "missing-reference", Severity.INFO,
               "a concept has no #: reference to where it was seen"),
    HealthRule("GL910", "bad-id", Severity.ERROR,
               "a concept id is not lower-case ASCII words joined by hyphens"),
    HealthRule("GL911", "missing-id", Severity.ERROR,
               "an entry has no msgctxt, so the concept has no id"),
    HealthRule("GL912", "office-overlap", Severity.ERROR,
               "two people hold one office on overlapping dates"),
    HealthRule("GL913", "unknown-office", Severity.ERROR,
               "a person's office (or a replaced-by) names no concept, or an office that is not a title"),
    HealthRule("GL914", "missing-source", Severity.WARNING,
               "a concept has no source (#. source: / # es-source:) in a term base whose other concepts cite theirs"),
)
"""Every data-health rule, in code order."""

_BY_CODE: dict[str, HealthRule] = {r.code: r for r in HEALTH_RULES}

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
"""What a concept id (msgctxt) must look like."""

_FORM_SUFFIXES = ("admitted", "deprecated", "deprecated-everywhere", "forbidden",
                  "forbidden-everywhere", "acronym")
EN_KEYS: frozenset[str] = frozenset(_key_table(None))
"""Keys of extracted comments (``#.``): the concept and its English side."""


def target_keys(lang: str = "es") -> frozenset[str]:
    """Keys of translator comments (``# ``) for a target language."""
    return frozenset(_key_table(lang)) - EN_KEYS


KNOWN_KEYS: frozenset[str] = EN_KEYS | target_keys("es")
"""The comment keys of the README key spec, for Spanish term bases."""

_MARKERS: tuple[str, ...] = ("<<<<<<<", "|||||||", "=======", ">>>>>>>")
_KEY_LINE = re.compile(r"^#[.]?\s*([A-Za-z][A-Za-z0-9_-]*)\s*:(?:\s+(\S.*))?\s*$")


def rule(code: str) -> HealthRule:
    """The health rule with this code (``KeyError`` if there is none)."""
    return _BY_CODE[code]


@dataclass(frozen=True, slots=True)
class Entry:
    """A concept as found in a file: where its entry starts (the ``msgid`` line, 0 if unknown).

    ``template`` is True for a ``.pot``, where an empty target side is expected; ``lang`` is
    the file's target language.
    """

    concept: Concept
    path: str = ""
    line: int = 0
    template: bool = False
    lang: str = "es"


# ----------------------------------------------------------------------------- helpers


def _norm(text: str) -> str:
    """NFC with runs of white space collapsed to one space (how matching sees a form)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _key(form: TermForm, concept: Concept) -> str:
    """Comparison key: exact for acronyms and case-sensitive concepts, else case-folded."""
    text = _norm(form.text)
    return text if (form.acronym or concept.case_sensitive) else text.casefold()


def _same(a: TermForm, ca: Concept, b: TermForm, cb: Concept) -> bool:
    """True when two forms are the same form as the matcher would see it."""
    ta, tb = _norm(a.text), _norm(b.text)
    if ta == tb:
        return True
    sensitive = a.acronym or b.acronym or ca.case_sensitive or cb.case_sensitive
    return not sensitive and ta.casefold() == tb.casefold()


def main_form(c: Concept, lang: str) -> TermForm | None:
    """The form written as ``msgid``/``msgstr``: preferred, no gender or number, no acronym."""
    for f in c.forms:
        if f.lang == lang and f.status is Status.PREFERRED and not f.acronym \
                and f.gender is None and f.number is None and not f.generated:
            return f
    return None


def _name(c: Concept) -> str:
    """How messages name a concept: its id, or its English form when it has no id."""
    if c.id:
        return f"'{c.id}'"
    en = main_form(c, "en")
    return f"without id ('{en.text}')" if en else "without id"


def _describe(form: TermForm) -> str:
    """The key a form is written under ('es-forbidden', 'en-acronym'...), for messages."""
    if form.acronym and form.status.allowed:
        return f"{form.lang}-acronym"
    if form.status.allowed and form.gender is not None:
        kind = "masc" if form.gender is Gender.MASCULINE else "fem"
        return f"{form.lang}-{kind}{'-plural' if form.number is Number.PLURAL else ''}"
    if form.status is Status.PREFERRED:
        return "msgid" if form.lang == "en" else "msgstr"
    kind = form.status.value
    if form.everywhere and not form.status.allowed:
        kind += "-everywhere"
    return f"{form.lang}-{kind}"


class _Locator:
    """Finds the line and column of a piece of an entry in the raw file text."""

    def __init__(self, text: str | None) -> None:
        """Index the lines of ``text`` (no text: every position falls back to the entry)."""
        self.lines: list[str] = text.splitlines() if text else []

    def block(self, line: int) -> tuple[int, int]:
        """1-based first and last line of the entry whose ``msgid`` is at ``line``."""
        lines = self.lines
        if not lines or not 1 <= line <= len(lines):
            return (0, -1)
        start = line
        while start > 1 and lines[start - 2].strip():
            start -= 1
        end = line
        while end < len(lines) and lines[end].strip():
            end += 1
        return (start, end)

    def find(self, line: int, needle: str, prefixes: tuple[str, ...]) -> tuple[int, int, int]:
        """(line, column, end column) of ``needle`` in a line of the entry starting with the
        first of ``prefixes`` that has it; else any line of the entry; else the entry line."""
        start, end = self.block(line)
        if needle:
            for prefix in prefixes + ("",):
                for n in range(start, end + 1):
                    text = self.lines[n - 1]
                    if not text.lstrip().startswith(prefix):
                        continue
                    col = text.find(needle, len(prefix) if prefix else 0)
                    if col >= 0:
                        return (n, col + 1, col + 1 + len(needle))
        return self.whole(line, "msgid")

    def whole(self, line: int, keyword: str) -> tuple[int, int, int]:
        """(line, 1, end column) of the line of the entry starting with ``keyword``."""
        start, end = self.block(line)
        for n in range(start, end + 1):
            if self.lines[n - 1].startswith(keyword):
                return (n, 1, len(self.lines[n - 1]) + 1)
        if 1 <= line <= len(self.lines):
            return (line, 1, len(self.lines[line - 1]) + 1)
        return (max(line, 1) if line else 1, 1, 1)


def _finding(code: str, entry: Entry, where: tuple[int, int, int], message: str,
             found: str = "", expected: str = "") -> Finding:
    """A finding of health rule ``code`` about ``entry`` at ``where`` (line, col, end col)."""
    r = _BY_CODE[code]
    line, col, end_col = where
    return Finding(
        path=entry.path, line=line, column=col, end_line=line, end_column=max(end_col, col),
        code=r.code, rule=r.name, severity=r.severity, message=message,
        term=entry.concept.id, found=found, expected=expected,
    )


def _form_prefixes(form: TermForm) -> tuple[str, ...]:
    """The file lines a form is likely written on, most specific first."""
    marker = "#." if form.lang == "en" else "#"
    if form.status.allowed and form.acronym:
        return (f"{marker} {form.lang}-acronym:", "#")
    if form.status.allowed and form.gender is not None:
        key = "masc" if form.gender is Gender.MASCULINE else "fem"
        if form.number is Number.PLURAL:
            key += "-plural"
        return (f"{marker} {form.lang}-{key}:", "#")
    if form.status is Status.PREFERRED:
        return ("msgid",) if form.lang == "en" else ("msgstr",)
    key = form.status.value + ("-everywhere" if form.everywhere else "")
    return (f"{marker} {form.lang}-{key}:", "#")


# ----------------------------------------------------------------------------- rules


def check_conflict_markers(text: str, path: str = "") -> list[Finding]:
    """GL907: one finding per line starting with a merge-conflict marker.

    Run it on the raw text before parsing: a conflicted file does not parse.
    """
    out: list[Finding] = []
    r = _BY_CODE["GL907"]
    for n, line in enumerate(text.splitlines(), start=1):
        marker = line[:7]
        if marker not in _MARKERS:
            continue
        rest = line[7:]
        if marker == "=======" and rest.strip():
            continue  # "======= foo" is not a marker; git writes the bare line
        if rest and not rest[0].isspace():
            continue  # "<<<<<<<<" or "=========" is text, not a marker
        out.append(Finding(
            path=path, line=n, column=1, end_line=n, end_column=len(line) + 1,
            code=r.code, rule=r.name, severity=r.severity,
            message=f"merge-conflict marker '{marker}': resolve the conflict and remove it",
            found=line.strip(),
        ))
    return out


def _check_id(entry: Entry, loc: _Locator) -> list[Finding]:
    """GL910 bad-id, GL911 missing-id."""
    cid = entry.concept.id
    if not cid:
        return [_finding("GL911", entry, loc.whole(entry.line, "msgid"),
                         "entry has no msgctxt: give the concept a stable id "
                         "(lower-case letters, digits and hyphens)")]
    if not ID_PATTERN.match(cid):
        return [_finding("GL910", entry, loc.whole(entry.line, "msgctxt"),
                         f"concept id '{cid}' is not lower-case ASCII letters and digits "
                         f"joined by single hyphens", found=cid, expected=_slug_hint(cid))]
    return []


def _slug_hint(cid: str) -> str:
    """A well-formed id close to ``cid``."""
    text = unicodedata.normalize("NFKD", cid)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return "-".join(re.findall(r"[a-z0-9]+", text))


def _check_forms(entry: Entry, loc: _Locator) -> list[Finding]:
    """GL902 (within one concept) and GL904."""
    c = entry.concept
    out: list[Finding] = []
    forms = [f for f in c.forms if not f.generated]
    seen: list[TermForm] = []
    for f in forms:
        if not f.status.allowed:
            continue
        for g in seen:
            # Exact repeats only: case variants ("Segob", "SEGOB") record accepted spellings.
            if g.lang == f.lang and g.gender == f.gender and g.number == f.number \
                    and _norm(f.text) == _norm(g.text):
                kinds = _describe(f) if _describe(f) == _describe(g) else \
                    f"{_describe(g)} and as {_describe(f)}"
                out.append(_finding(
                    "GL902", entry, loc.find(entry.line, f.text, _form_prefixes(f)),
                    f"'{f.text}' is listed twice in concept {_name(c)} (as {kinds})",
                    found=f.text))
                break
        else:
            seen.append(f)
    for bad in forms:
        if bad.status.allowed:
            continue
        for good in forms:
            if good.status.allowed and good.lang == bad.lang and _same(bad, c, good, c):
                out.append(_finding(
                    "GL904", entry, loc.find(entry.line, bad.text, _form_prefixes(bad)),
                    f"'{bad.text}' is listed both as {_describe(good)} and as {_describe(bad)} "
                    f"in concept {_name(c)}", found=bad.text, expected=good.text))
                break
    return out


def _check_entry(entry: Entry, loc: _Locator) -> list[Finding]:
    """The rules that look at one entry alone."""
    c = entry.concept
    out = _check_id(entry, loc)
    out += _check_forms(entry, loc)
    if not entry.template and main_form(c, entry.lang) is None:
        out.append(_finding("GL903", entry, loc.whole(entry.line, "msgstr"),
                            f"concept {_name(c)} has no preferred {entry.lang} form "
                            f"(empty msgstr)"))
    for raw in c.extra:
        out += _check_extra(entry, loc, raw)
    if c.fuzzy:
        out.append(_finding("GL908", entry, loc.find(entry.line, "fuzzy", ("#,",)),
                            f"concept {_name(c)} is marked fuzzy: review it and remove the flag"))
    if not c.references:
        out.append(_finding("GL909", entry, loc.whole(entry.line, "msgid"),
                            f"concept {_name(c)} has no #: reference to where it was seen"))
    return out


def _check_extra(entry: Entry, loc: _Locator, raw: str) -> list[Finding]:
    """GL906 for one comment line the store kept verbatim."""
    es_keys = target_keys(entry.lang)
    known = EN_KEYS | es_keys
    first = raw.splitlines()[0] if raw else ""
    m = _KEY_LINE.match(first.strip())
    if not m or not m.group(2):
        return []  # a free comment
    key = m.group(1)
    comment = first.strip()
    where = loc.find(entry.line, comment, ("#",))
    line = where[0]
    if 1 <= line <= len(loc.lines) and comment in loc.lines[line - 1]:
        col = loc.lines[line - 1].find(comment) + comment.find(key) + 1
        where = (line, col, col + len(key))  # point at the key itself
    if key in known:
        extracted = first.lstrip().startswith("#.")
        if (key in EN_KEYS) == extracted:
            msg = f"key '{key}' could not be read here"
        elif key in es_keys:
            msg = f"key '{key}' belongs in a translator comment ('# {key}: ...')"
        else:
            msg = f"key '{key}' belongs in an extracted comment ('#. {key}: ...')"
        return [_finding("GL906", entry, where, msg, found=key, expected=key)]
    close = difflib.get_close_matches(key.lower(), sorted(known), n=1, cutoff=0.75)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return [_finding("GL906", entry, where, f"unknown key '{key}'{hint}",
                     found=key, expected=close[0] if close else "")]


def _check_duplicate_ids(entries: Sequence[Entry], locs: Mapping[str, _Locator]) -> list[Finding]:
    """GL901: every entry after the first with the same id."""
    out: list[Finding] = []
    first: dict[str, Entry] = {}
    for e in entries:
        cid = e.concept.id
        if not cid:
            continue
        if cid in first:
            f = first[cid]
            where = f"{f.path}:{f.line}" if f.line else (f.path or "an earlier entry")
            out.append(_finding("GL901", e, locs[e.path].whole(e.line, "msgctxt"),
                                f"concept id '{cid}' is already used at {where}", found=cid))
        else:
            first[cid] = e
    return out


def _check_cross(entries: Sequence[Entry], locs: Mapping[str, _Locator]) -> list[Finding]:
    """GL902 across concepts and GL905."""
    out: list[Finding] = []
    allowed: dict[tuple[str, str], list[tuple[Entry, TermForm]]] = {}
    preferred: dict[tuple[str, str], list[tuple[Entry, TermForm]]] = {}
    for e in entries:
        c = e.concept
        keys_here: set[tuple[str, str]] = set()
        for f in c.forms:
            if f.generated or not f.status.allowed:
                continue
            k = (f.lang, _norm(f.text).casefold())
            if k in keys_here:
                continue  # duplicates inside one concept are _check_forms' business
            keys_here.add(k)
            for other, g in allowed.get(k, ()):
                if other.concept.id == c.id or other.concept.country != c.country:
                    continue
                if c.valid and other.concept.valid and not c.valid.overlaps(other.concept.valid):
                    continue  # a successor keeps its predecessor's name: told apart by date
                if not _same(f, c, g, other.concept):
                    continue
                country = f" (country {c.country})" if c.country else " (neither has a country)"
                out.append(_finding(
                    "GL902", e, locs[e.path].find(e.line, f.text, _form_prefixes(f)),
                    f"'{f.text}' is an allowed {f.lang} form of both '{other.concept.id}' and "
                    f"{_name(c)}{country}: set a country to tell the homographs apart, "
                    f"or keep it in one concept", found=f.text))
                break
            allowed.setdefault(k, []).append((e, f))
            if f.status is Status.PREFERRED and not f.acronym:
                preferred.setdefault(k, []).append((e, f))
    for e in entries:
        c = e.concept
        for f in c.forms:
            if f.generated or f.status.allowed:
                continue
            for other, g in preferred.get((f.lang, _norm(f.text).casefold()), ()):
                oc = other.concept
                if oc.id == c.id or not _same(f, c, g, oc):
                    continue
                if oc.country != c.country and not f.everywhere:
                    continue
                out.append(_finding(
                    "GL905", e, locs[e.path].find(e.line, f.text, _form_prefixes(f)),
                    f"'{f.text}' is listed as {_describe(f)} in {_name(c)} but is the preferred {f.lang} form "
                    f"of '{oc.id}'", found=f.text, expected=oc.id))
                break
    return out


def check_entries(entries: Iterable[Entry], *,
                  texts: Mapping[str, str] | None = None) -> list[Finding]:
    """Run every concept-level health rule (all but GL907) over ``entries``, sorted.

    Entries may come from several files: duplicate ids, duplicate forms and forbidden-is-
    preferred are checked across all of them. ``texts`` maps a path to its raw text, used to
    point findings at the exact line and column. Obsolete (``#~``) concepts are skipped.
    """
    active = [e for e in entries if not e.concept.obsolete]
    texts = texts or {}
    locs: dict[str, _Locator] = {}
    for e in active:
        if e.path not in locs:
            locs[e.path] = _Locator(texts.get(e.path))
    out: list[Finding] = []
    for e in active:
        out += _check_entry(e, locs[e.path])
    out += _check_duplicate_ids(active, locs)
    out += _check_cross(active, locs)
    out += _check_offices(active, locs)
    return sorted(set(out), key=Finding.sort_key)


def _check_offices(entries: Sequence[Entry], locs: Mapping[str, _Locator]) -> list[Finding]:
    """GL912 (one office, two holders at once), GL913 (an office or successor that is not
    a known concept) and GL914 (no source)."""
    out: list[Finding] = []
    by_id = {e.concept.id: e.concept for e in entries if e.concept.id}
    held: dict[str, list[tuple[Entry, Office]]] = {}
    sourced = any(e.concept.sources for e in entries)
    for e in entries:
        c = e.concept
        if sourced and not e.template and not c.sources:
            out.append(_finding("GL914", e, locs[e.path].whole(e.line, "msgid"),
                                f"concept {_name(c)} has no source: add '#. source: URL' (and "
                                f"'# {e.lang}-source: URL') naming the official page"))
        if c.replaced_by and c.replaced_by not in by_id:
            out.append(_finding("GL913", e, locs[e.path].find(e.line, c.replaced_by, ("#.",)),
                                f"concept {_name(c)} is replaced by '{c.replaced_by}', which is not a concept",
                                found=c.replaced_by))
        for o in c.offices:
            office = by_id.get(o.office)
            if office is None or office.type != "official-title":
                what = "is not a concept" if office is None else f"is a {office.type}, not an official-title"
                out.append(_finding("GL913", e, locs[e.path].find(e.line, o.office, ("#.",)),
                                    f"{_name(c)} holds office '{o.office}', which {what}", found=o.office))
                continue
            for other, oo in held.get(o.office, ()):
                if other.concept.id != c.id and oo.period.overlaps(o.period) and not (o.note or oo.note):
                    out.append(_finding(
                        "GL912", e, locs[e.path].find(e.line, o.office, ("#.",)),
                        f"{_name(c)} holds '{o.office}' {o.period}, overlapping "
                        f"'{other.concept.id}' ({oo.period}); fix the dates, or add a [note] "
                        f"saying why both held it", found=str(o.period), expected=other.concept.id))
                    break
            held.setdefault(o.office, []).append((e, o))
    return out


def check_concepts(concepts: Sequence[Concept], path: str = "", *,
                   lines: Mapping[str, int] | Sequence[int] | None = None,
                   text: str | None = None, template: bool = False,
                   target_lang: str = "es") -> list[Finding]:
    """Run the concept-level health rules over the concepts of one file.

    ``lines`` gives each entry's ``msgid`` line: either a mapping concept id -> line, or a
    sequence parallel to ``concepts`` (exact even when ids repeat; see ``entry_lines``).
    ``text`` is the raw file text (for exact columns); ``template`` is True for a ``.pot``.
    """
    entries = []
    for i, c in enumerate(concepts):
        if lines is None:
            line = 0
        elif isinstance(lines, Mapping):
            line = int(lines.get(c.id, 0))
        else:
            line = int(lines[i]) if i < len(lines) else 0
        entries.append(Entry(c, path, line, template, target_lang))
    return check_entries(entries, texts={path: text} if text else None)


def entry_lines(concepts: Sequence[Concept], units: Iterable[object]) -> tuple[int, ...]:
    """Line of each concept's entry, parallel to ``concepts``, from raw PO units.

    ``units`` are ``glossary.po.PoUnit``-like objects (``msgctxt``, ``msgid``, ``obsolete``,
    ``line``). Units and concepts are paired by (msgctxt, msgid, obsolete) in file order, so
    repeated ids still get their own lines. 0 where no unit matches.
    """
    rows = [(getattr(u, "msgctxt", None) or "", getattr(u, "msgid", ""),
             bool(getattr(u, "obsolete", False)), int(getattr(u, "line", 0))) for u in units]
    exact: dict[tuple[str, str, bool], list[int]] = {}
    loose: dict[tuple[str, bool], list[int]] = {}
    for i, (ctx, msgid, obs, _line) in enumerate(rows):
        exact.setdefault((ctx, msgid, obs), []).append(i)
        loose.setdefault((ctx, obs), []).append(i)
    used = [False] * len(rows)

    def take(candidates: list[int] | None) -> int | None:
        """The first unused unit index among ``candidates``."""
        while candidates:
            i = candidates.pop(0)
            if not used[i]:
                used[i] = True
                return i
        return None

    out: list[int] = []
    for c in concepts:
        en = main_form(c, "en")
        row = take(exact.get((c.id, en.text if en else "", c.obsolete)))
        if row is None:
            row = take(loose.get((c.id, c.obsolete)))
        out.append(rows[row][3] if row is not None else 0)
    return tuple(out)


def concepts_from_units(units: Iterable[object], lang: str | None = "es") -> tuple[Concept, ...]:
    """Bare concepts (id, msgid, msgstr, flags, references) from raw PO units.

    A fallback for files the term-base reader rejects because of an id problem (no or a
    malformed msgctxt): the id rules and the entry-level rules can still run on them.
    """
    out: list[Concept] = []
    for u in units:
        msgid = str(getattr(u, "msgid", ""))
        msgstr = str(getattr(u, "msgstr", ""))
        forms = [TermForm(msgid, "en")] if msgid else []
        if msgstr and lang:
            forms.append(TermForm(msgstr, lang))
        flags = tuple(getattr(u, "flags", ()))
        out.append(Concept(
            id=getattr(u, "msgctxt", None) or "",
            forms=tuple(forms),
            case_sensitive="case-sensitive" in flags,
            do_not_translate="do-not-translate" in flags,
            fuzzy="fuzzy" in flags,
            obsolete=bool(getattr(u, "obsolete", False)),
            references=tuple(getattr(u, "references", ())),
        ))
    return tuple(out)
