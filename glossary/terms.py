"""Term-base operations behind ``glossary terms``: search, JSON shape, add/remove/edit, ids.

Pure: works on ``Concept`` objects and ``glossary.po.Catalog`` values (any frozen dataclass
with ``path`` and ``concepts`` fields); reading and writing files is the caller's job.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from glossary.errors import DataError, UsageError
from glossary.health import main_form
from glossary.merge import unique_id
from glossary.model import (
    CONCEPT_TYPES,
    Concept,
    Gender,
    Note,
    Number,
    Office,
    Period,
    Reference,
    Status,
    TermForm,
)

if TYPE_CHECKING:  # pragma: no cover - typing only; keeps this module free of polib
    from glossary.po import Catalog

    CatalogT = TypeVar("CatalogT", bound=Catalog)
else:
    CatalogT = TypeVar("CatalogT")

__all__ = [
    "COUNTRY_RE",
    "ID_RE",
    "ConceptEdit",
    "check_concept",
    "SearchHit",
    "add_concept",
    "apply_edit",
    "concept_from_dict",
    "concept_to_dict",
    "edit_concept",
    "find_concept",
    "fold",
    "new_id",
    "parse_form",
    "parse_reference",
    "remove_concept",
    "search",
    "search_hits",
]

ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
"""What a concept id must look like."""
COUNTRY_RE = re.compile(r"^[A-Z]{2}(?:-[A-Z0-9]{1,3})?$")
"""What a country code written by ``terms add/edit`` must look like."""

# ----------------------------------------------------------------------------- search


def fold(text: str) -> str:
    """Accent- and case-folded text with white space collapsed ("Gobernación" -> "gobernacion")."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One search result: the concept, the form that matched best and how (0 exact, 1 prefix,
    2 substring). ``form`` is None when the concept id itself matched."""

    concept: Concept
    form: TermForm | None
    rank: int


def search_hits(concepts: Iterable[Concept], text: str, lang: str | None = None) -> list[SearchHit]:
    """Concepts with a form containing ``text`` (folded), best first; see ``search``."""
    query = fold(text)
    if not query:
        return []
    scored: list[tuple[tuple[int, int, int], SearchHit]] = []
    for index, c in enumerate(concepts):
        best: tuple[int, int] | None = None
        best_form: TermForm | None = None
        if lang is None and fold(c.id) == query:
            best = (0, len(c.id))
        for f in c.forms:
            if lang is not None and f.lang != lang:
                continue
            folded = fold(f.text)
            if folded == query:
                score = (0, len(folded))
            elif folded.startswith(query):
                score = (1, len(folded))
            elif query in folded:
                # a match at a word start ranks before one inside a word
                at_word = re.search(r"(?<!\w)" + re.escape(query), folded) is not None
                score = (2, len(folded) + (0 if at_word else 1000))
            else:
                continue
            if best is None or score < best:
                best, best_form = score, f
        if best is not None:
            scored.append(((best[0], best[1], index), SearchHit(c, best_form, best[0])))
    scored.sort(key=lambda pair: pair[0])
    return [hit for _key, hit in scored]


def search(concepts: Iterable[Concept], text: str, lang: str | None = None) -> list[Concept]:
    """Concepts having a form (any status, acronyms included, notes not) that contains ``text``.

    Matching is accent- and case-insensitive on folded text ("gobernacion" finds
    "Secretaría de Gobernación"); ``lang`` limits it to forms of one language. Ranked:
    exact form match, then prefix, then substring (at a word start before inside a word);
    within a rank shorter forms first, then term-base order. A query equal to a concept id also finds it (when ``lang`` is None).
    """
    return [hit.concept for hit in search_hits(concepts, text, lang)]


def find_concept(concepts: Iterable[Concept], concept_id: str, where: str = "") -> Concept:
    """The active concept with this id; ``UsageError`` naming close ids if there is none."""
    pool = [c for c in concepts if not c.obsolete]
    for c in pool:
        if c.id == concept_id:
            return c
    raise UsageError(_unknown(concept_id, [c.id for c in pool], where))


def _unknown(concept_id: str, ids: Sequence[str], where: str) -> str:
    """'unknown concept id ...' with a did-you-mean."""
    close = difflib.get_close_matches(concept_id, ids, n=3, cutoff=0.6)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    place = f" in {where}" if where else ""
    return f"unknown concept id '{concept_id}'{place}{hint}"


# ----------------------------------------------------------------------------- JSON shape


def _flags(c: Concept) -> list[str]:
    """The concept's flags as PO flag names (plus 'obsolete' for #~ entries)."""
    flags = []
    if c.case_sensitive:
        flags.append("case-sensitive")
    if c.do_not_translate:
        flags.append("do-not-translate")
    if c.fuzzy:
        flags.append("fuzzy")
    if c.obsolete:
        flags.append("obsolete")
    return flags


def concept_to_dict(c: Concept) -> dict[str, Any]:
    """The stable JSON shape of a concept (generated inflections are left out).

    ``{"id", "type", "country", "gender", "flags", "forms": [{"text", "lang", "status",
    "acronym", "gender", "number", "everywhere", "note"}], "references": [{"path", "line"}],
    "notes": [{"lang", "text"}], "sources": [{"lang", "text"}], "extra"}``. ``country`` is
    "" and ``gender``/form ``gender``/``number`` are null when not set.
    """
    return {
        "id": c.id,
        "type": c.type,
        "country": c.country,
        "gender": c.gender.value if c.gender else None,
        "flags": _flags(c),
        "forms": [
            {
                "text": f.text,
                "lang": f.lang,
                "status": f.status.value,
                "acronym": f.acronym,
                "gender": f.gender.value if f.gender else None,
                "number": f.number.value if f.number else None,
                "everywhere": f.everywhere,
                "note": f.note,
            }
            for f in c.forms
            if not f.generated
        ],
        "references": [{"path": r.path, "line": r.line} for r in c.references],
        "notes": [{"lang": n.lang, "text": n.text} for n in c.notes],
        "sources": [{"lang": n.lang, "text": n.text} for n in c.sources],
        "extra": list(c.extra),
        "valid": _period_dict(c.valid) if c.valid is not None else None,
        "replaced_by": c.replaced_by,
        "offices": [{"office": o.office, **_period_dict(o.period), "note": o.note} for o in c.offices],
    }


def _period_dict(p: Period) -> dict[str, str | None]:
    return {"from": p.start or None, "to": p.end or None}


def holders_of(concepts: Iterable[Concept], office_id: str) -> list[tuple[Concept, Office]]:
    """Who held the office ``office_id`` and when, in order of the start date."""
    found = [(c, o) for c in concepts for o in c.offices if o.office == office_id]
    return sorted(found, key=lambda h: h[1].period.low)


def stats(concepts: Sequence[Concept]) -> dict[str, Any]:
    """Counts of a term base: concepts by type and country, people with offices, sources."""
    by_type: dict[str, int] = {}
    by_country: dict[str, int] = {}
    for c in concepts:
        by_type[c.type] = by_type.get(c.type, 0) + 1
        by_country[c.country or "-"] = by_country.get(c.country or "-", 0) + 1
    people = [c for c in concepts if c.type == "person"]
    return {
        "concepts": len(concepts),
        "by_type": dict(sorted(by_type.items(), key=lambda kv: (-kv[1], kv[0]))),
        "by_country": dict(sorted(by_country.items(), key=lambda kv: (-kv[1], kv[0]))),
        "people": len(people),
        "people_with_offices": sum(1 for c in people if c.offices),
        "office_lines": sum(len(c.offices) for c in people),
        "dated_names": sum(1 for c in concepts if c.valid is not None),
        "with_source": sum(1 for c in concepts if c.sources),
    }


_FLAG_FIELDS = {
    "case-sensitive": "case_sensitive",
    "do-not-translate": "do_not_translate",
    "fuzzy": "fuzzy",
    "obsolete": "obsolete",
}


def _get(data: Mapping[str, Any], key: str, kind: type | tuple[type, ...], default: Any,
         where: str) -> Any:
    """``data[key]`` checked against ``kind``."""
    value = data.get(key, default)
    if value is None and default is None:
        return None
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise DataError(where, None, f"'{key}' has the wrong type ({type(value).__name__})")
    return value


def _enum(enum: Any, value: Any, key: str, where: str) -> Any:
    """``enum(value)`` or a DataError naming the allowed values."""
    if value is None:
        return None
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        raise DataError(where, None, f"'{key}' is {value!r}; expected one of {allowed}") from None


def _notes(items: Any, key: str, where: str) -> tuple[Note, ...]:
    """Notes from ``[{"lang", "text"}]`` (a bare string means no language)."""
    if not isinstance(items, list):
        raise DataError(where, None, f"'{key}' must be a list")
    out = []
    for item in items:
        if isinstance(item, str):
            out.append(Note("", item))
        elif isinstance(item, Mapping):
            out.append(Note(_get(item, "lang", str, "", where), _get(item, "text", str, "", where)))
        else:
            raise DataError(where, None, f"'{key}' entries must be objects")
    return tuple(out)


def concept_from_dict(data: Mapping[str, Any], *, path: str = "") -> Concept:
    """The concept described by ``concept_to_dict``'s shape; ``DataError`` on a bad shape.

    Missing keys take the ``Concept`` defaults; unknown flags are rejected.
    """
    where = path or "<json>"
    if not isinstance(data, Mapping):
        raise DataError(where, None, "a concept must be a JSON object")
    cid = _get(data, "id", str, "", where)
    ctype = _get(data, "type", str, "other", where)
    if ctype not in CONCEPT_TYPES:
        raise DataError(where, None, f"concept '{cid}': unknown type {ctype!r}; expected one of "
                        f"{', '.join(CONCEPT_TYPES)}")
    flags = _get(data, "flags", list, [], where)
    fields: dict[str, Any] = {}
    for flag in flags:
        if flag not in _FLAG_FIELDS:
            raise DataError(where, None, f"concept '{cid}': unknown flag {flag!r}")
        fields[_FLAG_FIELDS[flag]] = True
    forms = []
    for item in _get(data, "forms", list, [], where):
        if not isinstance(item, Mapping):
            raise DataError(where, None, f"concept '{cid}': forms must be objects")
        text = _get(item, "text", str, "", where)
        lang = _get(item, "lang", str, "", where)
        if not text or not lang:
            raise DataError(where, None, f"concept '{cid}': a form needs 'text' and 'lang'")
        forms.append(TermForm(
            text=text,
            lang=lang,
            status=_enum(Status, _get(item, "status", str, "preferred", where), "status", where),
            acronym=_get(item, "acronym", bool, False, where),
            gender=_enum(Gender, _get(item, "gender", str, None, where), "gender", where),
            number=_enum(Number, _get(item, "number", str, None, where), "number", where),
            everywhere=_get(item, "everywhere", bool, False, where),
            note=_get(item, "note", str, "", where),
        ))
    refs = []
    for item in _get(data, "references", list, [], where):
        if isinstance(item, str):
            refs.append(parse_reference(item))
        elif isinstance(item, Mapping):
            refs.append(Reference(_get(item, "path", str, "", where),
                                  _get(item, "line", int, 0, where)))
        else:
            raise DataError(where, None, f"concept '{cid}': references must be objects")
    extra = _get(data, "extra", list, [], where)
    if not all(isinstance(x, str) for x in extra):
        raise DataError(where, None, f"concept '{cid}': 'extra' must be a list of strings")
    return Concept(
        id=cid,
        type=ctype,
        forms=tuple(forms),
        country=_get(data, "country", str, "", where),
        gender=_enum(Gender, _get(data, "gender", str, None, where), "gender", where),
        references=tuple(refs),
        notes=_notes(data.get("notes", []), "notes", where),
        sources=_notes(data.get("sources", []), "sources", where),
        extra=tuple(extra),
        offices=tuple(_office(o, cid, where) for o in _get(data, "offices", list, [], where)),
        valid=_period(data["valid"], cid, where) if data.get("valid") else None,
        replaced_by=_get(data, "replaced_by", str, "", where),
        **fields,
    )


def _period(data: Any, cid: str, where: str) -> Period:
    from glossary.dates import period

    if not isinstance(data, Mapping):
        raise DataError(where, None, f"concept '{cid}': a period must be an object with 'from' and 'to'")
    try:
        return period(str(data.get("from") or ""), str(data.get("to") or ""))
    except ValueError as exc:
        raise DataError(where, None, f"concept '{cid}': {exc}") from None


def _office(data: Any, cid: str, where: str) -> Office:
    if not isinstance(data, Mapping) or not isinstance(data.get("office"), str) or not data["office"]:
        raise DataError(where, None, f"concept '{cid}': an office must be an object with an 'office' id")
    return Office(data["office"], _period(data, cid, where), str(data.get("note") or ""))


# ----------------------------------------------------------------------------- small parsers


def parse_form(value: str) -> tuple[str, str]:
    """(form text, note) from ``FORM [why]``, as in the PO key spec; no note -> ''."""
    value = value.strip()
    m = re.match(r"^(.*?)\s+\[([^\[\]]*)\]$", value)
    if m and m.group(1).strip():
        return (" ".join(m.group(1).split()), m.group(2).strip())
    return (" ".join(value.split()), "")


def parse_reference(value: str) -> Reference:
    """A ``Reference`` from ``path:line`` or a bare path."""
    value = value.strip()
    path, sep, line = value.rpartition(":")
    if sep and path and line.isdigit():
        return Reference(path, int(line))
    return Reference(value, 0)


def new_id(en_text: str, country: str = "", existing: Collection[str] = ()) -> str:
    """A fresh concept id: ``country-words-of-the-english-form``, unique among ``existing``.

    Accents are folded, stop words dropped, at most 6 words/48 characters;
    a numeric suffix (``-2``, ``-3``...) keeps it unique.
    """
    stop = {"of", "the", "and", "for", "a", "an", "in", "on", "to", "at", "by",
            "de", "del", "la", "las", "el", "los", "y", "e", "d", "l", "s"}
    words = re.findall(r"[a-z0-9]+", fold(en_text))
    kept = [w for w in words if w not in stop] or words
    prefix = [p for p in re.findall(r"[a-z0-9]+", fold(country))]
    parts = prefix + kept[:6]
    base = "-".join(parts) or "term"
    while len(base) > 48 and "-" in base:
        base = base.rsplit("-", 1)[0]
    base = base[:48].strip("-") or "term"
    return unique_id(base, set(existing))


# ----------------------------------------------------------------------------- catalog edits


def check_concept(c: Concept) -> None:
    """``UsageError`` unless ``c`` can be written: well-formed id, type, country, English form."""
    if not ID_RE.match(c.id):
        raise UsageError(f"concept id '{c.id}' must be lower-case ASCII letters and digits "
                         f"joined by single hyphens (e.g. mx-segob)")
    if c.type not in CONCEPT_TYPES:
        raise UsageError(f"unknown type '{c.type}'; expected one of {', '.join(CONCEPT_TYPES)}")
    if c.country and not COUNTRY_RE.match(c.country):
        raise UsageError(f"country '{c.country}' must be an ISO 3166 code (MX, US, US-CA)")
    en = main_form(c, "en")
    if en is None or not en.text.strip():
        raise UsageError(f"concept '{c.id}' needs a preferred English form")
    for f in c.forms:
        if not f.text.strip():
            raise UsageError(f"concept '{c.id}' has an empty {f.lang} form")


def _fits(catalog: object, c: Concept) -> None:
    """``UsageError`` if ``c`` has target-language forms but ``catalog`` is a template."""
    if getattr(catalog, "template", False):
        other = sorted({f.lang for f in c.forms if f.lang != "en" and not f.generated})
        if other:
            raise UsageError(f"{getattr(catalog, 'path', '')}: a template (.pot) holds the English "
                             f"side only; put {', '.join(other)} forms in locales/<lang>/glossary.po")


def add_concept(catalog: CatalogT, concept: Concept) -> CatalogT:
    """``catalog`` with ``concept`` appended after the active entries.

    ``UsageError`` if the concept is malformed or its id is already used in the catalog
    (obsolete entries included: ids are never reused).
    """
    check_concept(concept)
    _fits(catalog, concept)
    for c in catalog.concepts:  # type: ignore[attr-defined]
        if c.id == concept.id:
            state = "an obsolete entry" if c.obsolete else "a concept"
            raise UsageError(f"{catalog.path}: {state} with id '{concept.id}' already exists"  # type: ignore[attr-defined]
                             f"; choose another --id or use 'glossary terms edit'")
    concepts = list(catalog.concepts)  # type: ignore[attr-defined]
    at = len(concepts)
    while at > 0 and concepts[at - 1].obsolete:
        at -= 1
    concepts.insert(at, concept)
    return dataclasses.replace(catalog, concepts=tuple(concepts))  # type: ignore[type-var]


def remove_concept(catalog: CatalogT, concept_id: str, *, obsolete: bool = False) -> CatalogT:
    """``catalog`` without the active concept ``concept_id`` (or with it marked obsolete, #~).

    ``UsageError`` if the catalog has no active concept with that id.
    """
    concepts = list(catalog.concepts)  # type: ignore[attr-defined]
    for i, c in enumerate(concepts):
        if c.id == concept_id and not c.obsolete:
            if obsolete:
                concepts[i] = dataclasses.replace(c, obsolete=True)
                concepts.append(concepts.pop(i))
            else:
                del concepts[i]
            return dataclasses.replace(catalog, concepts=tuple(concepts))  # type: ignore[type-var]
    raise UsageError(_unknown(concept_id, [c.id for c in concepts if not c.obsolete],
                              catalog.path))  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class ConceptEdit:
    """A change to one concept, as ``glossary terms edit`` builds it.

    ``None`` fields are left alone. ``set_preferred`` holds (lang, text) pairs: the text
    becomes the preferred form and the old preferred form becomes admitted. ``drop`` removes
    forms by text (exact, else case-insensitive). ``add_forms`` are appended; a form already
    present with the same status is skipped, with another status it is an error.
    """

    type: str | None = None
    country: str | None = None
    gender: Gender | None = None
    case_sensitive: bool | None = None
    do_not_translate: bool | None = None
    fuzzy: bool | None = None
    set_preferred: tuple[tuple[str, str], ...] = ()
    drop: tuple[str, ...] = ()
    add_forms: tuple[TermForm, ...] = ()
    add_notes: tuple[Note, ...] = ()
    add_sources: tuple[Note, ...] = ()
    add_references: tuple[Reference, ...] = ()

    def is_empty(self) -> bool:
        """True when this edit changes nothing."""
        return self == ConceptEdit()


def _same_text(a: str, b: str) -> bool:
    """Equal after collapsing white space."""
    return " ".join(a.split()) == " ".join(b.split())


def _set_preferred(c: Concept, lang: str, text: str) -> Concept:
    """``c`` with ``text`` as its preferred ``lang`` form; the old one becomes admitted."""
    text = " ".join(text.split())
    if not text:
        raise UsageError(f"the new preferred {lang} form of '{c.id}' is empty")
    old = main_form(c, lang)
    forms: list[TermForm] = []
    placed = False
    for f in c.forms:
        if f.lang == lang and _same_text(f.text, text) and f is not old:
            continue  # the new preferred form, currently listed with another status
        if f is old:
            forms.append(TermForm(text, lang))
            placed = True
            if not _same_text(old.text, text):
                forms.append(dataclasses.replace(old, status=Status.ADMITTED))
            continue
        forms.append(f)
    if not placed:
        forms.insert(0, TermForm(text, lang))
    return dataclasses.replace(c, forms=tuple(forms))


def _drop(c: Concept, text: str) -> Concept:
    """``c`` without the forms written ``text`` (exact match, else case-insensitive)."""
    for same in (_same_text, lambda a, b: _same_text(a.casefold(), b.casefold())):
        hit = [f for f in c.forms if not f.generated and same(f.text, text)]
        if hit:
            break
    else:
        raise UsageError(f"concept '{c.id}' has no form '{text}'")
    for f in hit:
        if f is main_form(c, f.lang):
            raise UsageError(f"'{f.text}' is the preferred {f.lang} form of '{c.id}'; "
                             f"set another one first (--set-{f.lang})")
    return dataclasses.replace(c, forms=tuple(f for f in c.forms if f not in hit))


def _add_form(c: Concept, form: TermForm) -> Concept:
    """``c`` with ``form`` appended (skipped if present with the same status)."""
    if not form.text.strip():
        raise UsageError(f"an empty {form.lang} form cannot be added to '{c.id}'")
    for f in c.forms:
        if f.lang == form.lang and _same_text(f.text, form.text) and not f.generated:
            if (f.status, f.acronym, f.gender, f.number) == \
                    (form.status, form.acronym, form.gender, form.number):
                if form.note and not f.note:
                    forms = tuple(dataclasses.replace(g, note=form.note) if g is f else g
                                  for g in c.forms)
                    return dataclasses.replace(c, forms=forms)
                return c
            if f.gender != form.gender or f.number != form.number:
                continue  # e.g. the same word as masculine and feminine title
            kind = "acronym" if f.acronym else f.status.value
            raise UsageError(f"'{form.text}' is already listed as {f.lang}-{kind} in '{c.id}'; "
                             f"drop it first (--drop)")
    return dataclasses.replace(c, forms=c.forms + (form,))


def apply_edit(c: Concept, edit: ConceptEdit) -> Concept:
    """``c`` changed as ``edit`` says; ``UsageError`` on a change that cannot be made."""
    changes: dict[str, Any] = {}
    for name in ("type", "country", "gender", "case_sensitive", "do_not_translate", "fuzzy"):
        value = getattr(edit, name)
        if value is not None:
            changes[name] = value
    out = dataclasses.replace(c, **changes)
    for lang, text in edit.set_preferred:
        out = _set_preferred(out, lang, text)
    for text in edit.drop:
        out = _drop(out, text)
    for form in edit.add_forms:
        out = _add_form(out, form)
    out = dataclasses.replace(
        out,
        notes=out.notes + tuple(n for n in edit.add_notes if n not in out.notes),
        sources=out.sources + tuple(n for n in edit.add_sources if n not in out.sources),
        references=out.references + tuple(r for r in edit.add_references
                                          if r not in out.references),
    )
    check_concept(out)
    return out


def edit_concept(catalog: CatalogT, concept_id: str,
                 changes: ConceptEdit | Mapping[str, Any]) -> CatalogT:
    """``catalog`` with concept ``concept_id`` changed.

    ``changes`` is a ``ConceptEdit`` or a mapping of ``Concept`` field names to new values
    (``id`` included, which renames the concept). ``UsageError`` if the id is missing, a
    field is unknown, or the result is malformed.
    """
    concepts = list(catalog.concepts)  # type: ignore[attr-defined]
    for i, c in enumerate(concepts):
        if c.id == concept_id and not c.obsolete:
            break
    else:
        raise UsageError(_unknown(concept_id, [c.id for c in concepts if not c.obsolete],
                                  catalog.path))  # type: ignore[attr-defined]
    if isinstance(changes, ConceptEdit):
        new = apply_edit(c, changes)
    else:
        names = {f.name for f in dataclasses.fields(Concept)}
        bad = sorted(set(changes) - names)
        if bad:
            raise UsageError(f"unknown concept field(s): {', '.join(bad)}")
        new = dataclasses.replace(c, **dict(changes))
        check_concept(new)
        if new.id != c.id and any(o.id == new.id for o in concepts):
            raise UsageError(f"{catalog.path}: concept id '{new.id}' already exists")  # type: ignore[attr-defined]
    _fits(catalog, new)
    concepts[i] = new
    return dataclasses.replace(catalog, concepts=tuple(concepts))  # type: ignore[type-var]
