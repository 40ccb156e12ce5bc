"""CLI commands for term discovery: ``extract``, ``update`` and ``suggest``."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import click

from glossary.cli.common import glossary_option, stdin_text
from glossary.documents import FORMATS
from glossary.errors import UsageError

if TYPE_CHECKING:
    from glossary.extract import TermCandidate
    from glossary.model import Concept, Segment
    from glossary.po import Catalog

TARGET_LANG = "es"
"""Target language of the term base."""


def _shown(path: str) -> str:
    """A path as references write it: relative to the current directory when inside it."""
    p = os.path.normpath(path)
    if os.path.isabs(p):
        rel = os.path.relpath(p)
        return p if rel.startswith("..") else rel
    return p


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M+0000")


def _termbase(glossary_paths: tuple[str, ...], no_builtin: bool) -> tuple["Concept", ...]:
    from glossary.termbase import load_termbase

    return load_termbase(glossary_paths, builtin=not no_builtin, lang=TARGET_LANG).concepts


def _read_inputs(files: tuple[str, ...], lang: str, fmt: str | None) -> list["Segment"]:
    from glossary.documents import read_document

    segments: list[Segment] = []
    for f in files:
        shown = _shown(f)
        segs = read_document(f, lang=lang, fmt=fmt, stdin_text=stdin_text() if f == "-" else None)
        segments += [s._replace(path=shown) if s.path == f else s for s in segs]
    return segments


def _candidates(segments: list["Segment"], lang: str, concepts: tuple["Concept", ...]) -> list["TermCandidate"]:
    from glossary.extract import extract
    from glossary.matcher import TermIndex

    index = TermIndex.build(concepts, lang) if concepts else None
    return extract(segments, lang, index)


def _listing(cands: list["TermCandidate"], fmt: str) -> str:
    if fmt == "json":
        return json.dumps({"version": 1, "candidates": [
            {"text": c.text, "lang": c.lang, "kind": c.kind, "frequency": c.frequency,
             "known": list(c.known), "parts": list(c.parts), "acronyms": list(c.acronyms),
             "variants": list(c.variants), "references": [str(r) for r in c.references]}
            for c in cands]}, ensure_ascii=False, indent=2) + "\n"
    lines = []
    for c in cands:
        status = "known " + ",".join(c.known) if c.known else "new"
        acr = f" ({', '.join(c.acronyms)})" if c.acronyms else ""
        refs = " ".join(str(r) for r in c.references)
        lines.append(f"{c.frequency:>4}  {c.kind:<16} {c.text}{acr}  [{status}]  {refs}")
    return "\n".join(lines) + ("\n" if lines else "")


@click.command("extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str),
              help="Template (.pot) to write; without it the template goes to standard output.")
@click.option("--lang", type=click.Choice(["en", "es"]), default="en", show_default=True,
              help="Language of the documents (and of the candidates).")
@click.option("--merge", is_flag=True,
              help="Join with the existing OUTPUT (xgettext -j): keep every entry, add references and new candidates.")
@click.option("--force", is_flag=True, help="Overwrite an existing OUTPUT instead of refusing (without --merge).")
@click.option("--min-frequency", type=click.IntRange(min=1), default=1, show_default=True,
              help="Add a new candidate only if it occurs at least this many times.")
@click.option("--list", "list_fmt", type=click.Choice(["text", "json"]),
              help="Print the candidates (known and new, with references) instead of writing a template.")
@click.option("--input-format", "input_format", type=click.Choice(FORMATS), default=None,
              help="Read FILES as this format instead of guessing it from the extension.")
@glossary_option
def extract_cmd(files: tuple[str, ...], output: str | None, lang: str, merge: bool, force: bool,
                min_frequency: int, list_fmt: str | None, input_format: str | None,
                glossary_paths: tuple[str, ...], no_builtin: bool) -> None:
    """Extract candidate terms (titles, bodies, names, acronyms) from FILES into a template.

    Concepts of the term base are recognised and keep their ids; with --merge the
    existing template keeps all its entries and gains references and new candidates,
    which come as fuzzy entries (not reviewed) with their frequency.
    """
    from glossary.po import default_catalog, render_catalog, update_catalog
    from glossary.update import join_template

    if merge and not output:
        raise UsageError("--merge needs --output (the template to join)")
    if output and not output.endswith(".pot") and list_fmt is None:
        raise UsageError(f"{output}: the output is a template; give it a .pot name")
    concepts = _termbase(glossary_paths, no_builtin)
    segments = _read_inputs(files, lang, input_format)
    if list_fmt is not None:
        click.echo(_listing(_candidates(segments, lang, concepts), list_fmt), nl=False)
        return
    known = {c.id: c for c in concepts}
    include_known = lang == "en"
    report: list[str] = []

    def join(base: "Catalog") -> "Catalog":
        source_lang = dict(base.metadata).get("X-Source-Language", "en") or "en"
        if base.concepts and source_lang != lang:
            raise UsageError(f"{output}: holds {source_lang} terms; cannot join {lang} candidates")
        extra = tuple(c for c in base.concepts if c.id not in known) if lang == "en" else ()
        cands = _candidates(segments, lang, concepts + extra)
        n_known = sum(1 for c in cands if c.known)
        n_all = len(cands)
        if lang != "en":
            cands = [c for c in cands if not c.known]  # known Spanish forms are in the term base
        joined, rep = join_template(base, cands, known, min_frequency=min_frequency,
                                    include_known=include_known)
        if lang != "en" and not any(k == "X-Source-Language" for k, _ in joined.metadata):
            joined = replace(joined, metadata=joined.metadata + (("X-Source-Language", lang),))
        if joined.concepts != base.concepts or not base.fingerprint:
            meta = tuple((k, _now() if k == "POT-Creation-Date" else v) for k, v in joined.metadata)
            joined = replace(joined, metadata=meta)
        report.append(f"{n_all} candidate(s): {n_known} known, {n_all - n_known} new; "
                      f"{len(rep.new)} added, {len(rep.known_added)} known concept(s) added, "
                      f"{len(rep.referenced)} entr{'y' if len(rep.referenced) == 1 else 'ies'} gained references"
                      + (f", {len(rep.skipped)} below --min-frequency" if rep.skipped else ""))
        return joined

    if output is None:
        click.echo(render_catalog(join(default_catalog("messages.pot"))), nl=False)
    elif merge:
        update_catalog(output, join, create=True)
    else:
        if os.path.exists(output) and not force:
            raise UsageError(f"{output} exists; use --merge to join it or --force to overwrite it")
        from glossary.writes import write_text_atomic

        fresh = join(default_catalog(output))
        write_text_atomic(output, render_catalog(fresh))
    if report:
        click.echo(report[0] + (f" -> {output}" if output else ""), err=True)


def _locales() -> Path:
    from glossary.termbase import find_locales

    found = find_locales(Path.cwd())
    if found is None:
        raise UsageError("no locales/ folder found here or above; give --template and --po")
    return found


@click.command("update")
@click.option("--template", "template_path", type=click.Path(dir_okay=False, path_type=str),
              help="Template to merge from (default: locales/glossary.pot).")
@click.option("--po", "po_path", type=click.Path(dir_okay=False, path_type=str),
              help="Translated term base to update (default: locales/es/glossary.po).")
@click.option("--no-fuzzy-matching", is_flag=True,
              help="Do not guess translations of new entries from similar old ones.")
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
def update_cmd(template_path: str | None, po_path: str | None, no_fuzzy_matching: bool, dry_run: bool) -> None:
    """Merge the template into the translated term base, the way msgmerge does.

    Entries match by concept id; translations and Spanish keys are kept; a changed
    English msgid makes its entry fuzzy (old one in #| msgid); new entries come
    untranslated (or fuzzy with a guess from a similar old entry); entries the template
    dropped become obsolete (#~).
    """
    from glossary.po import read_catalog, update_catalog
    from glossary.update import UpdateReport, merge_template

    if template_path is None or po_path is None:
        loc = _locales()
        template_path = template_path or str(loc / "glossary.pot")
        po_path = po_path or str(loc / TARGET_LANG / "glossary.po")
    template = read_catalog(template_path)
    if not template.template:
        raise UsageError(f"{template_path}: not a template (.pot)")
    reports: list[UpdateReport] = []

    def change(po: "Catalog") -> "Catalog":
        merged, rep = merge_template(template, po, fuzzy_matching=not no_fuzzy_matching)
        reports.append(rep)
        return merged

    if dry_run:
        change(read_catalog(po_path))
    else:
        update_catalog(po_path, change)
    r = reports[0]
    click.echo(f"{_shown(po_path)}: {len(r.kept)} kept, {len(r.new)} new, {len(r.fuzzy)} fuzzy, "
               f"{len(r.obsolete)} obsolete" + (f", {len(r.revived)} revived" if r.revived else "")
               + (" (dry run)" if dry_run else ""), err=True)
    for label, ids in (("new", r.new), ("fuzzy", r.fuzzy), ("obsolete", r.obsolete)):
        for cid in ids:
            click.echo(f"{label}\t{cid}")


@click.command("suggest")
@click.option("--pair", nargs=2, type=click.Path(dir_okay=False, path_type=str), metavar="SOURCE TARGET",
              help="Line-aligned English and Spanish text files.")
@click.option("--memory", "memory_paths", multiple=True, type=click.Path(dir_okay=False, path_type=str),
              help="Bilingual file (translation memory PO, TMX, XLIFF, TSV); repeatable.")
@click.option("--term", "terms", multiple=True, help="Also propose a translation for this English term; repeatable.")
@click.option("--min-confidence", type=click.FloatRange(0.0, 1.0), default=0.5, show_default=True,
              help="Leave out proposals below this confidence.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str),
              help="PO file to write (default: standard output).")
@glossary_option
def suggest_cmd(pair: tuple[str, str] | None, memory_paths: tuple[str, ...], terms: tuple[str, ...],
                min_confidence: float, output: str | None, glossary_paths: tuple[str, ...],
                no_builtin: bool) -> None:
    """Propose Spanish counterparts of English terms that have no translation yet.

    Reads aligned text (--pair and/or --memory), finds the English candidates the term
    base does not translate, and writes each proposal as a fuzzy PO entry with a
    '# glossary suggest: confidence ...' comment giving the evidence.
    """
    from glossary.documents import read_document, read_pair
    from glossary.po import Catalog, default_catalog, render_catalog
    from glossary.suggest import suggest, suggestion_concepts

    if not pair and not memory_paths:
        raise UsageError("give --pair SOURCE TARGET or --memory PATH")
    segments: list[Segment] = []
    if pair:
        source, target = pair
        segs = read_pair(source, target, source_lang="en", target_lang=TARGET_LANG)
        segments += [s._replace(path=_shown(source)) for s in segs]
    for m in memory_paths:
        segments += [s._replace(path=_shown(m)) if s.path == m else s
                     for s in read_document(m, source_lang="en", target_lang=TARGET_LANG)]
    concepts = _termbase(glossary_paths, no_builtin)
    found = suggest(segments, concepts, target_lang=TARGET_LANG, terms=terms, min_confidence=min_confidence)
    known = {c.id: c for c in concepts}
    entries = suggestion_concepts(found, known, target_lang=TARGET_LANG)
    base: Catalog = default_catalog(output or "suggestions.po", lang=TARGET_LANG)
    meta = tuple((k, _now() if k == "PO-Revision-Date" else v) for k, v in base.metadata)
    cat = replace(base, metadata=meta, concepts=entries,
                  header="Suggested translations from glossary suggest: review each fuzzy entry.")
    text = render_catalog(cat)
    if output:
        from glossary.writes import write_text_atomic

        write_text_atomic(output, text)
        click.echo(f"{len(entries)} suggestion(s) -> {output}", err=True)
    else:
        click.echo(text, nl=False)
        click.echo(f"{len(entries)} suggestion(s)", err=True)


def register(group: click.Group) -> None:
    """Add this module's commands (``extract``, ``update``, ``suggest``) to ``group``."""
    group.add_command(extract_cmd)
    group.add_command(update_cmd)
    group.add_command(suggest_cmd)
