"""CLI commands: ``terms`` (list, show, search, add, remove, edit) and ``validate``.

Reading commands see the merged term base (built-in, then the user's); writing commands
change one file, the user's ``locales/es/glossary.po`` or ``--glossary PATH``, under a
lock with an atomic replace.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Callable, Sequence, TypeVar

import click

from glossary.cli.common import shown_path, format_option, glossary_option
from glossary.errors import DataError, GlossaryError, UsageError
from glossary.model import CONCEPT_TYPES, Concept, Finding, Gender, Note, Number, Office, Severity, Status, TermForm

F = TypeVar("F", bound=Callable[..., Any])

LANG = "es"
"""Target language of the term base these commands manage."""

TERM_BASE_FILE = "glossary.po"
"""File name of a term base inside ``locales/<lang>/``."""


# ----------------------------------------------------------------------------- output helpers


def _emit_json(doc: dict[str, Any]) -> None:
    """Print ``doc`` as indented UTF-8 JSON."""
    click.echo(json.dumps(doc, ensure_ascii=False, indent=2))




def _table(rows: Sequence[tuple[str, ...]], header: tuple[str, ...]) -> str:
    """Left-aligned columns separated by two spaces (last column not padded)."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    out = []
    for r in [header, *rows]:
        cells = [c.ljust(w) for c, w in zip(r, widths)] + [r[-1]]
        out.append("  ".join(cells).rstrip())
    return "\n".join(out)


def _main_text(c: Concept, lang: str) -> str:
    """The msgid/msgstr form of ``c`` in ``lang``, or ''."""
    from glossary.health import main_form

    f = main_form(c, lang)
    return f.text if f else ""


def _load(glossary_paths: tuple[str, ...], no_builtin: bool) -> tuple[Concept, ...]:
    """The merged term base's concepts."""
    from glossary.termbase import load_termbase

    return load_termbase(glossary_paths, builtin=not no_builtin, lang=LANG, cwd=Path.cwd()).concepts


def _concept_card(c: Concept, holders: Sequence[tuple[Concept, Office]] = ()) -> str:
    """A concept as a human-readable card (with the people who held it, for an office)."""
    head = c.id + f"  ({c.type}" + (f", {c.country}" if c.country else "") + ")"
    lines = [head]
    labels = {Gender.MASCULINE: "masc", Gender.FEMININE: "fem"}
    for f in c.forms:
        if f.generated:
            continue
        kind = "acronym" if f.acronym else f.status.value
        if f.everywhere:
            kind += " (everywhere)"
        if f.gender is not None:
            kind += f" {labels[f.gender]}"
        if f.number is Number.PLURAL:
            kind += " pl"
        note = f"  [{f.note}]" if f.note else ""
        lines.append(f"  {f.lang}  {kind:<22} {f.text}{note}")
    flags = [name for name, on in (("case-sensitive", c.case_sensitive),
                                   ("do-not-translate", c.do_not_translate),
                                   ("fuzzy", c.fuzzy)) if on]
    if c.gender is not None:
        lines.append(f"  gender: {c.gender.value}")
    if flags:
        lines.append(f"  flags: {', '.join(flags)}")
    for n in c.notes:
        lines.append(f"  note{'(' + n.lang + ')' if n.lang else ''}: {n.text}")
    for n in c.sources:
        lines.append(f"  source{'(' + n.lang + ')' if n.lang and n.lang != 'en' else ''}: {n.text}")
    if c.valid is not None:
        lines.append(f"  in use: {c.valid}")
    if c.replaced_by:
        lines.append(f"  replaced by: {c.replaced_by}")
    for o in c.offices:
        lines.append(f"  office: {o.office} {o.period}" + (f"  [{o.note}]" if o.note else ""))
    for person, o in holders:
        lines.append(f"  held by: {person.id} {o.period}" + (f"  [{o.note}]" if o.note else ""))
    if c.references:
        lines.append("  references: " + " ".join(str(r) for r in c.references))
    for e in c.extra:
        lines.append(f"  {e}")
    return "\n".join(lines)


# ----------------------------------------------------------------------------- the group


@click.group("terms")
def terms() -> None:
    """List, search, show and edit the term base."""


@terms.command("list")
@click.option("--type", "ctype", type=click.Choice(CONCEPT_TYPES), help="Only concepts of this type.")
@click.option("--country", default=None, metavar="CODE", help="Only concepts of this country (MX, US).")
@click.option("--lang", default=None, metavar="LANG",
              help="Only concepts with a preferred form in this language (en, es).")
@format_option("text", "json")
@glossary_option
def list_cmd(ctype: str | None, country: str | None, lang: str | None, fmt: str,
             glossary_paths: tuple[str, ...], no_builtin: bool) -> None:
    """List the concepts of the term base: id, type, English and Spanish preferred forms."""
    from glossary.terms import concept_to_dict

    chosen = [
        c for c in _load(glossary_paths, no_builtin)
        if (ctype is None or c.type == ctype)
        and (country is None or c.country.upper() == country.upper())
        and (lang is None or _main_text(c, lang.lower()))
    ]
    if fmt == "json":
        _emit_json({"version": 1, "concepts": [concept_to_dict(c) for c in chosen]})
        return
    if not chosen:
        click.echo("no concepts", err=True)
        return
    rows = [(c.id, c.type, _main_text(c, "en"), _main_text(c, LANG)) for c in chosen]
    click.echo(_table(rows, ("id", "type", "en", LANG)))


@terms.command("show")
@click.argument("concept_id", metavar="ID")
@format_option("text", "json")
@glossary_option
def show_cmd(concept_id: str, fmt: str, glossary_paths: tuple[str, ...], no_builtin: bool) -> None:
    """Show one concept with all its forms, notes and references."""
    from glossary.terms import concept_to_dict, find_concept, holders_of

    concepts = _load(glossary_paths, no_builtin)
    c = find_concept(concepts, concept_id, "the term base")
    holders = holders_of(concepts, c.id)
    if fmt == "json":
        _emit_json({"version": 1, "concept": concept_to_dict(c),
                    "holders": [{"person": p.id, "from": o.period.start or None, "to": o.period.end or None,
                                 "note": o.note} for p, o in holders]})
    else:
        click.echo(_concept_card(c, holders))


@terms.command("stats")
@format_option("text", "json")
@glossary_option
def stats_cmd(fmt: str, glossary_paths: tuple[str, ...], no_builtin: bool) -> None:
    """Count the term base: concepts by type and country, people and their offices, sources."""
    from glossary.terms import stats

    counts = stats(_load(glossary_paths, no_builtin))
    if fmt == "json":
        _emit_json({"version": 1, **counts})
        return
    click.echo(f"{counts['concepts']} concepts, {counts['with_source']} with a source")
    for title, key in (("by type", "by_type"), ("by country", "by_country")):
        click.echo(f"{title}: " + ", ".join(f"{k} {v}" for k, v in counts[key].items()))
    click.echo(f"{counts['people']} people, {counts['people_with_offices']} with their offices "
               f"({counts['office_lines']} office lines); {counts['dated_names']} dated names of bodies and offices")


@terms.command("search")
@click.argument("text")
@click.option("--lang", default=None, metavar="LANG", help="Only match forms in this language (en, es).")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Show at most this many results.")
@format_option("text", "json")
@glossary_option
def search_cmd(text: str, lang: str | None, limit: int | None, fmt: str,
               glossary_paths: tuple[str, ...], no_builtin: bool) -> None:
    """Find concepts by any of their forms, ignoring accents and case.

    Exact matches come first, then forms starting with TEXT, then forms containing it.
    Exit code 1 when nothing matches.
    """
    from glossary.terms import concept_to_dict, search_hits

    if not text.strip():
        raise UsageError("search text is empty")
    hits = search_hits(_load(glossary_paths, no_builtin), text, lang.lower() if lang else None)
    if limit is not None:
        hits = hits[:limit]
    kinds = {0: "exact", 1: "prefix", 2: "substring"}
    if fmt == "json":
        _emit_json({"version": 1, "query": text, "results": [
            {"match": h.form.text if h.form else h.concept.id,
             "match_lang": h.form.lang if h.form else "",
             "rank": kinds[h.rank], "concept": concept_to_dict(h.concept)}
            for h in hits]})
    elif hits:
        rows = [(h.concept.id, h.concept.type, _main_text(h.concept, "en"),
                 _main_text(h.concept, LANG), h.form.text if h.form else h.concept.id)
                for h in hits]
        click.echo(_table(rows, ("id", "type", "en", LANG, "matched")))
    else:
        click.echo(f"no concept matches {text!r}", err=True)
    if not hits:
        raise SystemExit(1)


# ----------------------------------------------------------------------------- writing


def _target_file(glossary_path: str | None, *, create: bool) -> tuple[str, bool]:
    """(file to change, whether it may be created) for add/remove/edit."""
    from glossary.termbase import TERM_BASE_NAME, find_user_locales

    if glossary_path:
        p = Path(glossary_path).expanduser()
        if p.is_dir():
            for cand in (p / LANG / TERM_BASE_NAME, p / TERM_BASE_NAME):
                if cand.is_file():
                    return str(cand), False
            raise DataError(str(p), None, f"no {LANG}/{TERM_BASE_NAME} in this folder; "
                                          f"pass the file itself with --glossary")
        if p.is_file():
            return str(p), False
        if not create:
            raise DataError(str(p), None, "no such term-base file")
        if p.suffix not in (".po", ".pot"):
            raise UsageError(f"{p}: a new term base must be a .po file")
        return str(p), True
    found = find_user_locales(Path.cwd())
    if found is not None and (found / LANG / TERM_BASE_NAME).is_file():
        return shown_path(found / LANG / TERM_BASE_NAME), False
    raise UsageError(f"no term base found (looked for locales/{LANG}/{TERM_BASE_NAME} from "
                     f"{Path.cwd()} upward); pass --glossary PATH")


def _write_option(func: F) -> F:
    """``--glossary PATH``: the one file a writing command changes."""
    return click.option(
        "--glossary", "glossary_path", type=click.Path(path_type=str), default=None,
        help=f"Term base file to change (default: ./locales/{LANG}/{TERM_BASE_FILE} found from the "
             f"working folder). 'add' creates a new .po file.",
    )(func)


_FORM_OPTIONS: tuple[tuple[str, str, Status, bool, bool, Gender | None, Number | None], ...] = (
    # option, lang, status, acronym, everywhere, gender, number
    ("en-admitted", "en", Status.ADMITTED, False, False, None, None),
    ("en-deprecated", "en", Status.DEPRECATED, False, False, None, None),
    ("en-deprecated-everywhere", "en", Status.DEPRECATED, False, True, None, None),
    ("en-forbidden", "en", Status.FORBIDDEN, False, False, None, None),
    ("en-forbidden-everywhere", "en", Status.FORBIDDEN, False, True, None, None),
    ("en-acronym", "en", Status.ADMITTED, True, False, None, None),
    ("es-admitted", "es", Status.ADMITTED, False, False, None, None),
    ("es-deprecated", "es", Status.DEPRECATED, False, False, None, None),
    ("es-deprecated-everywhere", "es", Status.DEPRECATED, False, True, None, None),
    ("es-forbidden", "es", Status.FORBIDDEN, False, False, None, None),
    ("es-forbidden-everywhere", "es", Status.FORBIDDEN, False, True, None, None),
    ("es-acronym", "es", Status.ADMITTED, True, False, None, None),
    ("es-masc", "es", Status.PREFERRED, False, False, Gender.MASCULINE, Number.SINGULAR),
    ("es-fem", "es", Status.PREFERRED, False, False, Gender.FEMININE, Number.SINGULAR),
    ("es-masc-plural", "es", Status.PREFERRED, False, False, Gender.MASCULINE, Number.PLURAL),
    ("es-fem-plural", "es", Status.PREFERRED, False, False, Gender.FEMININE, Number.PLURAL),
)


def _form_options(func: F) -> F:
    """The repeatable ``--en-admitted FORM`` ... options and notes/sources/references."""
    extra = (
        ("--note", "notes", "Add a note on the concept."),
        ("--en-note", "en_notes", "Add a note on the English side."),
        ("--es-note", "es_notes", "Add a note on the Spanish side."),
        ("--source", "sources", "Add who attests the English forms (URL or citation)."),
        ("--es-source", "es_sources", "Add who attests the Spanish forms."),
        ("--ref", "refs", "Add a reference (PATH[:LINE]) to where the concept was seen."),
    )
    for flag, dest, text in reversed(extra):
        func = click.option(flag, dest, multiple=True, metavar="TEXT", help=text)(func)
    for name, lang, status, acronym, everywhere, gender, number in reversed(_FORM_OPTIONS):
        if acronym:
            what = "acronym"
        elif gender is not None:
            what = f"{'masculine' if gender is Gender.MASCULINE else 'feminine'} " \
                   f"{'plural ' if number is Number.PLURAL else ''}title form"
        else:
            what = f"{status.value} form" + (" (wrong in any text)" if everywhere else "")
        side = "an English" if lang == "en" else "a Spanish"
        func = click.option(f"--{name}", name.replace("-", "_"), multiple=True, metavar="FORM",
                            help=f"Add {side} {what}; repeatable; 'FORM [note]' adds a note.")(func)
    return func


def _forms_from(opts: dict[str, Any]) -> tuple[TermForm, ...]:
    """The forms given with the ``--en-admitted``... options."""
    from glossary.terms import parse_form

    out: list[TermForm] = []
    for name, lang, status, acronym, everywhere, gender, number in _FORM_OPTIONS:
        for value in opts.get(name.replace("-", "_"), ()):
            text, note = parse_form(value)
            if not text:
                raise UsageError(f"--{name}: empty form")
            out.append(TermForm(text, lang, status, acronym=acronym, gender=gender, number=number,
                                everywhere=everywhere, note=note))
    return tuple(out)


def _notes_from(opts: dict[str, Any]) -> tuple[tuple[Note, ...], tuple[Note, ...]]:
    """(notes, sources) given with ``--note``, ``--source``... ."""
    notes = tuple(Note("", n) for n in opts.get("notes", ()))
    notes += tuple(Note("en", n) for n in opts.get("en_notes", ()))
    notes += tuple(Note(LANG, n) for n in opts.get("es_notes", ()))
    sources = tuple(Note("en", s) for s in opts.get("sources", ()))
    sources += tuple(Note(LANG, s) for s in opts.get("es_sources", ()))
    for n in (*notes, *sources):
        if not n.text.strip():
            raise UsageError("a note or source is empty")
    return notes, sources


def _country(value: str | None) -> str | None:
    """An upper-cased ISO country code ('' clears), or None when not given."""
    if value is None:
        return None
    value = value.strip().upper()
    from glossary.terms import COUNTRY_RE

    if value and not COUNTRY_RE.match(value):
        raise UsageError(f"country '{value}' must be an ISO 3166 code (MX, US, US-CA)")
    return value


def _update(path: str, change: Callable[[Any], Any], concept_id: str) -> Any:
    """``glossary.po.update_catalog``; an unknown id that the built-in term base has gets a hint."""
    from glossary.po import read_catalog, update_catalog
    from glossary.termbase import builtin_locales

    try:
        return update_catalog(path, change)
    except UsageError as exc:
        if "unknown concept id" not in str(exc):
            raise
        b = builtin_locales() / LANG / TERM_BASE_FILE
        try:
            builtin = b.is_file() and any(c.id == concept_id for c in read_catalog(b).concepts)
        except DataError:
            builtin = False
        if not builtin:
            raise
        raise UsageError(f"{exc}; it is in the built-in term base, which is read-only: override "
                         f"it with 'glossary terms add --id {concept_id} ...'") from None


def _after_write(path: str, catalog: Any, concept_id: str, fmt: str, action: str) -> None:
    """Report a write: the concept as saved and the health findings about it."""
    from glossary.health import check_concepts
    from glossary.po import catalog_language, read_catalog
    from glossary.terms import concept_to_dict

    try:
        catalog = read_catalog(path)  # as written: canonical order
    except DataError:
        pass
    lang = catalog_language(catalog.path, catalog.metadata, catalog.template) or LANG
    findings = [f for f in check_concepts(catalog.concepts, shown_path(path),
                                          template=catalog.template, target_lang=lang)
                if f.term == concept_id and f.severity is not Severity.INFO]
    saved = next((c for c in catalog.concepts if c.id == concept_id), None)
    if fmt == "json":
        from glossary.report import finding_dict

        _emit_json({"version": 1, "action": action, "path": shown_path(path), "id": concept_id,
                    "concept": concept_to_dict(saved) if saved else None,
                    "findings": [finding_dict(f) for f in findings]})
    else:
        click.echo(f"{action} {concept_id} in {shown_path(path)}")
    for f in findings:
        click.echo(f"glossary: {f.severity.value}: {concept_id}: {f.code} [{f.rule}] {f.message}",
                   err=True)


@terms.command("add")
@click.option("--id", "concept_id", default=None,
              help="Concept id (default: derived from --country and --en, e.g. mx-ministry-interior).")
@click.option("--en", "en", required=True, metavar="FORM", help="Preferred English form (msgid).")
@click.option("--es", "es", default=None, metavar="FORM", help="Preferred Spanish form (msgstr).")
@click.option("--type", "ctype", type=click.Choice(CONCEPT_TYPES), default="other", show_default=True)
@click.option("--country", default=None, metavar="CODE", help="ISO 3166 code (MX, US).")
@click.option("--gender", type=click.Choice(["m", "f"]), default=None,
              help="A person's gender (titles naming them must agree).")
@click.option("--case-sensitive", is_flag=True, help="Every form must match case exactly.")
@click.option("--do-not-translate", is_flag=True, help="The English form must stay unchanged.")
@_form_options
@_write_option
@format_option("text", "json")
def add_cmd(concept_id: str | None, en: str, es: str | None, ctype: str, country: str | None,
            gender: str | None, case_sensitive: bool, do_not_translate: bool,
            glossary_path: str | None, fmt: str, **opts: Any) -> None:
    """Add a concept to the user's term base."""
    from dataclasses import replace

    from glossary.po import read_catalog, update_catalog
    from glossary.termbase import builtin_locales
    from glossary.terms import add_concept, new_id, parse_reference

    path, create = _target_file(glossary_path, create=True)
    en_text = " ".join(en.split())
    if not en_text:
        raise UsageError("--en is empty")
    forms = [TermForm(en_text, "en")]
    if es is not None:
        if not es.strip():
            raise UsageError("--es is empty (leave it out to add the concept untranslated)")
        forms.append(TermForm(" ".join(es.split()), "es"))
    notes, sources = _notes_from(opts)
    country_code = _country(country) or ""
    proto = Concept(
        id=concept_id or "", type=ctype, forms=tuple(forms) + _forms_from(opts), country=country_code,
        gender=Gender(gender) if gender else None, case_sensitive=case_sensitive,
        do_not_translate=do_not_translate, notes=notes, sources=sources,
        references=tuple(parse_reference(r) for r in opts.get("refs", ())),
    )
    # A derived id must not silently override a built-in concept; an explicit one may.
    builtin_ids: set[str] = set()
    b = builtin_locales() / LANG / TERM_BASE_FILE
    if b.is_file() and not (os.path.exists(path) and os.path.samefile(b, path)):
        try:
            builtin_ids = {c.id for c in read_catalog(b).concepts}
        except DataError:
            pass
    chosen: dict[str, str] = {}

    def change(cat: Any) -> Any:
        """Add the concept, choosing its id against the ids in the file as it is now."""
        taken = {c.id for c in cat.concepts} | builtin_ids
        cid = concept_id or new_id(en_text, country_code, taken)
        chosen["id"] = cid
        return add_concept(cat, replace(proto, id=cid))

    saved = update_catalog(path, change, create=create)
    _after_write(path, saved, chosen["id"], fmt, "added")
    if concept_id and concept_id in builtin_ids:
        click.echo(f"glossary: note: {concept_id} overrides the built-in concept of that id", err=True)


@terms.command("remove")
@click.argument("concept_id", metavar="ID")
@click.option("--obsolete", is_flag=True,
              help="Keep the entry as obsolete (#~) instead of deleting it, as msgmerge does.")
@_write_option
@format_option("text", "json")
def remove_cmd(concept_id: str, obsolete: bool, glossary_path: str | None, fmt: str) -> None:
    """Remove a concept from the user's term base."""
    from glossary.terms import remove_concept

    path, _ = _target_file(glossary_path, create=False)
    _update(path, lambda cat: remove_concept(cat, concept_id, obsolete=obsolete), concept_id)
    action = "obsoleted" if obsolete else "removed"
    if fmt == "json":
        _emit_json({"version": 1, "action": action, "path": shown_path(path), "id": concept_id,
                    "concept": None, "findings": []})
    else:
        click.echo(f"{action} {concept_id} in {shown_path(path)}")


@terms.command("edit")
@click.argument("concept_id", metavar="ID")
@click.option("--set-en", default=None, metavar="FORM",
              help="New preferred English form; the old one becomes admitted.")
@click.option("--set-es", default=None, metavar="FORM",
              help="New preferred Spanish form; the old one becomes admitted.")
@click.option("--drop", multiple=True, metavar="FORM", help="Remove this form (any language); repeatable.")
@click.option("--set-type", type=click.Choice(CONCEPT_TYPES), default=None)
@click.option("--set-country", default=None, metavar="CODE", help="New country ('' clears it).")
@click.option("--set-gender", type=click.Choice(["m", "f"]), default=None, help="A person's gender.")
@click.option("--case-sensitive/--no-case-sensitive", default=None, help="Set or clear the flag.")
@click.option("--do-not-translate/--translate", "do_not_translate", default=None,
              help="Set or clear the do-not-translate flag.")
@click.option("--fuzzy/--no-fuzzy", default=None, help="Mark as not approved / approve.")
@_form_options
@_write_option
@format_option("text", "json")
def edit_cmd(concept_id: str, set_en: str | None, set_es: str | None, drop: tuple[str, ...],
             set_type: str | None, set_country: str | None, set_gender: str | None,
             case_sensitive: bool | None, do_not_translate: bool | None, fuzzy: bool | None,
             glossary_path: str | None, fmt: str, **opts: Any) -> None:
    """Change a concept in the user's term base: forms, type, country, flags."""
    from glossary.terms import ConceptEdit, edit_concept, parse_reference

    path, _ = _target_file(glossary_path, create=False)
    notes, sources = _notes_from(opts)
    preferred = tuple((lang, text) for lang, text in (("en", set_en), ("es", set_es))
                      if text is not None)
    edit = ConceptEdit(
        type=set_type, country=_country(set_country),
        gender=Gender(set_gender) if set_gender else None,
        case_sensitive=case_sensitive, do_not_translate=do_not_translate, fuzzy=fuzzy,
        set_preferred=preferred, drop=tuple(" ".join(d.split()) for d in drop),
        add_forms=_forms_from(opts), add_notes=notes, add_sources=sources,
        add_references=tuple(parse_reference(r) for r in opts.get("refs", ())),
    )
    if edit.is_empty():
        raise UsageError("nothing to change: give an option such as --set-es, --drop or --es-admitted")
    saved = _update(path, lambda cat: edit_concept(cat, concept_id, edit), concept_id)
    _after_write(path, saved, concept_id, fmt, "edited")


# ----------------------------------------------------------------------------- validate


def _validation_files(paths: tuple[str, ...]) -> list[Path]:
    """Files to validate: the given files and folders, else the user's, else the built-in."""
    from glossary.termbase import builtin_locales, find_user_locales

    def in_folder(folder: Path) -> list[Path]:
        """The term-base files of a locales/ folder."""
        found = sorted(folder.glob("*.pot")) + sorted(folder.glob(f"*/{TERM_BASE_FILE}"))
        found += sorted(folder.glob(TERM_BASE_FILE))
        return [p for p in found if p.is_file()]

    if not paths:
        folder = find_user_locales(Path.cwd()) or builtin_locales()
        files = in_folder(folder)
        if not files:
            raise DataError(shown_path(folder), None, "no term-base files here")
        return files
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            got = in_folder(p)
            if not got:
                raise DataError(raw, None, f"no *.pot or */{TERM_BASE_FILE} in this folder")
            out += got
        else:
            out.append(p)  # missing files are reported when read
    return out


def _read_entries(path: Path) -> tuple[list[Any], list[Finding], str]:
    """(health entries, findings found before parsing, raw text) of one file."""
    from glossary import health
    from glossary.files import read_bytes
    from glossary.po import catalog_language, read_catalog, read_units

    shown = shown_path(path)
    data = read_bytes(path, shown)
    markers = health.check_conflict_markers(data.decode("utf-8", errors="replace"), shown)
    if markers:
        return [], markers, ""
    metadata, units = read_units(path)
    template = path.suffix == ".pot"
    lang = catalog_language(str(path), metadata, template)
    charset = "utf-8"
    for key, value in metadata:
        if key.lower() == "content-type" and "charset=" in value:
            charset = value.split("charset=", 1)[1].split(";")[0].strip() or "utf-8"
    try:
        text = data.decode(charset)
    except (LookupError, UnicodeDecodeError):
        text = data.decode("utf-8", errors="replace")
    try:
        concepts = read_catalog(path).concepts
    except DataError:
        # The store rejects entries without a well-formed id; report those as GL910/GL911
        # with the entry-level rules rather than failing on the first one.
        if not any(not u.obsolete and not health.ID_PATTERN.match(u.msgctxt or "") for u in units):
            raise
        concepts = health.concepts_from_units(units, lang)
    lines = health.entry_lines(concepts, units)
    entries = [health.Entry(c, shown, line, template, lang or LANG) for c, line in zip(concepts, lines)]
    return entries, [], text.lstrip("\ufeff")


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@format_option("text", "json", "sarif", "github")
@click.option("--fail-on", type=click.Choice([s.value for s in Severity]), default="error",
              show_default=True, help="Exit 1 when a finding is at or above this severity.")
@click.option("--select", multiple=True, metavar="RULES",
              help="Only these rules (codes, prefixes or names; comma-separated).")
@click.option("--ignore", multiple=True, metavar="RULES", help="Skip these rules.")
def validate_cmd(paths: tuple[str, ...], fmt: str, fail_on: str, select: tuple[str, ...],
                 ignore: tuple[str, ...]) -> None:
    """Check term-base files for data problems (GL901-GL914).

    PATHS are PO/POT files or locales/ folders; default: the user's locales/ found from the
    working folder, else the built-in term base. Exit codes: 0 clean, 1 findings at or
    above --fail-on, 2 a file could not be read.
    """
    from glossary import health
    from glossary.report import render
    from glossary.rules import select_codes

    split = lambda values: [v for value in values for v in value.split(",") if v.strip()]  # noqa: E731
    codes = select_codes(health.HEALTH_RULES, split(select), split(ignore))  # type: ignore[arg-type]
    files = _validation_files(paths)
    findings: list[Finding] = []
    errors: list[GlossaryError] = []
    groups: dict[tuple[bool, str], list[Any]] = {}
    texts: dict[str, str] = {}
    for path in files:
        try:
            entries, early, text = _read_entries(path)
        except DataError as exc:
            errors.append(exc)
            continue
        findings += early
        if entries:
            texts[entries[0].path] = text
            groups.setdefault((entries[0].template, entries[0].lang), []).extend(entries)
    for group in groups.values():
        findings += health.check_entries(group, texts=texts)
    findings = sorted((f for f in findings if f.code in codes), key=Finding.sort_key)
    click.echo(render(fmt, findings, len(files), health.HEALTH_RULES), nl=False)  # type: ignore[arg-type]
    for err in errors:
        click.echo(f"glossary: error: {err}", err=True)
    if errors:
        raise SystemExit(2)
    if any(f.severity.rank >= Severity(fail_on).rank for f in findings):
        raise SystemExit(1)


def register(group: click.Group) -> None:
    """Add the ``terms`` group and the ``validate`` command to ``group``."""
    group.add_command(terms)
    group.add_command(validate_cmd)
