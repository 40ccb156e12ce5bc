"""CLI commands: ``export`` (term base -> TBX/CSV/TSV) and ``import`` (TBX/CSV/TSV/PO/OmegaT -> PO)."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from glossary.cli.common import shown_path, glossary_option
from glossary.errors import UsageError

if TYPE_CHECKING:
    from glossary.merge import MergeResult
    from glossary.po import Catalog

LANG = "es"
"""Target language of the term base."""

EXPORT_FORMATS: tuple[str, ...] = ("tbx", "csv", "tsv")
"""Values of ``export --to``."""

IMPORT_FORMATS: tuple[str, ...] = ("tbx", "csv", "tsv", "po", "omegat")
"""Values of ``import --format``."""




def _counts(pairs: dict[str, int] | tuple[tuple[str, int], ...]) -> str:
    items = pairs.items() if isinstance(pairs, dict) else pairs
    return ", ".join(f"{n} {label}" for label, n in items)


@click.command("export")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=str))
@click.option("--to", "fmt", type=click.Choice(EXPORT_FORMATS),
              help="Output format (default: from FILE's extension).")
@glossary_option
def export_cmd(file: str, fmt: str | None, glossary_paths: tuple[str, ...], no_builtin: bool) -> None:
    """Write the term base to FILE as TBX-Basic, CSV or TSV ("-" for stdout).

    The term base is the built-in one plus the user's locales/ (or --glossary PATH).
    """
    from glossary.interchange.tabular import render_table
    from glossary.interchange.tbx import render_tbx
    from glossary.merge import select_for_export
    from glossary.termbase import load_termbase
    from glossary.writes import write_bytes_atomic

    if fmt is None:
        ext = os.path.splitext(file)[1].lower().lstrip(".")
        if ext not in EXPORT_FORMATS:
            raise UsageError(f"cannot tell the format from {file!r}; give --to tbx, csv or tsv")
        fmt = ext
    base = load_termbase(glossary_paths, builtin=not no_builtin, lang=LANG, cwd=Path.cwd())
    concepts, skipped = select_for_export(base.concepts)
    label = file if file != "-" else "<stdout>"
    if fmt == "tbx":
        source = ", ".join(shown_path(p) for p in base.paths)
        data = render_tbx(concepts, source=source, label=label)
    else:
        data = render_table(concepts, fmt).encode("utf-8")
    if file == "-":
        click.echo(data.decode("utf-8"), nl=False)
    else:
        write_bytes_atomic(file, data)
    message = f"exported {len(concepts)} concepts to {label} ({fmt})"
    if skipped:
        message += f"; skipped {_counts(skipped)}"
    click.echo(message, err=file == "-")


def _default_into() -> str:
    from glossary.termbase import TERM_BASE_NAME, find_user_locales

    found = find_user_locales(Path.cwd())
    folder = found if found is not None else Path("locales")
    return shown_path(folder / LANG / TERM_BASE_NAME)


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@click.option("--format", "fmt", type=click.Choice(IMPORT_FORMATS),
              help="Input format (default: from the extension, else the content).")
@click.option("--into", "into", type=click.Path(dir_okay=False, path_type=str),
              help="Term base to merge into (default: ./locales/es/glossary.po; created if missing).")
@click.option("--prefer", type=click.Choice(("ours", "theirs")),
              help="Resolve conflicts: keep ours or take theirs (default: report and leave as is).")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--untranslated", is_flag=True, help="PO: also import entries without a translation.")
@click.option("-v", "--verbose", is_flag=True, help="List every added or updated concept.")
@click.option("--report", "report_fmt", type=click.Choice(("text", "json")), default="text", show_default=True,
              help="Report format.")
def import_cmd(file: str, fmt: str | None, into: str | None, prefer: str | None, dry_run: bool,
               untranslated: bool, verbose: bool, report_fmt: str) -> None:
    """Merge the terms in FILE (TBX, CSV/TSV, PO glossary, OmegaT glossary) into a term base.

    New concepts are added; a known concept (same id, or same English preferred form and
    country) gets the forms, notes and sources it lacks. Conflicts (another preferred form,
    a form allowed in one and not in the other...) are reported and left as they are
    (exit 1) unless --prefer says which side wins.
    """
    from glossary.interchange.tabular import read_batch
    from glossary.merge import import_report, merge, prepare_for_po
    from glossary.po import default_catalog, read_catalog, update_catalog

    target = into or _default_into()
    if target.endswith(".pot"):
        raise UsageError(f"--into {target}: a template (.pot) holds no Spanish; give a .po file")
    batch = prepare_for_po(read_batch(file, fmt, untranslated=untranslated), LANG)
    incoming = batch.concepts
    outcome: dict[str, MergeResult] = {}

    def change(catalog: Catalog) -> Catalog:
        result = merge(catalog.concepts, incoming, prefer=prefer)
        outcome["result"] = result
        return replace(catalog, concepts=result.concepts)

    if dry_run:
        current = read_catalog(target) if os.path.exists(target) else default_catalog(target, LANG)
        change(current)
    else:
        folder = os.path.dirname(os.path.abspath(target))
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"--into {target}: cannot create folder {folder}: {exc.strerror or exc}") from None
        update_catalog(target, change, create=True)
    result = outcome["result"]
    doc = import_report(batch, result, into=target, dry_run=dry_run)
    if report_fmt == "json":
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        _print_text(doc, verbose=verbose or dry_run)
    if result.unresolved:
        click.get_current_context().exit(1)


def _print_text(doc: dict[str, Any], *, verbose: bool) -> None:
    marks = {"added": "+", "updated": "~", "conflict": "!"}
    for ch in doc["changes"]:
        if ch["action"] == "conflict" or (verbose and ch["action"] in marks):
            details = "; ".join(ch["details"])
            click.echo(f"{marks[ch['action']]} {ch['id']}" + (f": {details}" if details else ""))
    for c in doc["conflicts"]:
        if c["resolved"]:
            click.echo(f"  resolved ({c['resolved']}): {c['id']}: {c['message']}")
    s = doc["summary"]
    line = (f"added {s['added']}, updated {s['updated']}, unchanged {s['unchanged']}, "
            f"conflicts {s['conflicts']}, skipped {s['skipped']}")
    if doc["skipped"]:
        line += f" ({_counts(doc['skipped'])})"
    if s["resolved"]:
        line += f"; resolved {s['resolved']} conflicts ({'taking theirs' if any(c['resolved'] == 'theirs' for c in doc['conflicts']) else 'keeping ours'})"
    click.echo(line)
    if doc["ignored"]:
        click.echo(f"not imported (no place in the term base): {_counts(doc['ignored'])}")
    where = shown_path(doc["into"])
    if doc["dry_run"]:
        click.echo(f"dry run: {where} not changed")
    elif s["conflicts"]:
        click.echo(f"{where}: conflicting concepts left as they are; use --prefer ours|theirs to resolve")


def register(group: click.Group) -> None:
    """Add ``export`` and ``import`` to ``group``."""
    group.add_command(export_cmd)
    group.add_command(import_cmd)
