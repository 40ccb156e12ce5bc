"""CLI commands: the ``tm`` group (translation memory): import, export, lookup,
pretranslate, check, search. Parsing and rendering only; the work is in
``glossary.tm_store``, ``glossary.tm_exchange`` and ``glossary.memory``."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Callable, TypeVar

import click

from glossary.cli.common import GlossaryGroup, format_option, glossary_option, stdin_text

F = TypeVar("F", bound=Callable[..., Any])
SEVERITIES = ["error", "warning", "info"]


def _memory_option(func: F) -> F:
    return click.option("--memory", "memory_path", type=click.Path(dir_okay=False, path_type=str), default=None,
                        help="Memory PO file (default: locales/<lang>/memory.po in the nearest locales/).")(func)


def _lang_options(func: F) -> F:
    func = click.option("--target-lang", default="es", show_default=True, help="Language of the translations.")(func)
    func = click.option("--source-lang", default="en", show_default=True, help="Language of the source segments.")(func)
    return func


def _memory_lang(source_lang: str, target_lang: str) -> str:
    from glossary.runner import locale_lang

    return locale_lang(source_lang.lower(), target_lang.lower())


def _open(memory_path: str | None, source_lang: str, target_lang: str, *, must_exist: bool = True) -> Any:
    from glossary.tm_store import Memory, default_memory_path, require

    lang = _memory_lang(source_lang, target_lang)
    path = memory_path or os.path.relpath(default_memory_path(Path.cwd(), lang))
    if must_exist:
        require(path)
    return Memory(path, lang=lang)


def _reverse(source_lang: str, target_lang: str) -> bool:
    return source_lang.lower().split("-")[0] != "en"


@click.group("tm", cls=GlossaryGroup)
def tm() -> None:
    """Translation memory: aligned segments in locales/<lang>/memory.po.

    The PO file is the memory; a derived index (in the user cache, rebuilt when the file
    changes) makes lookups fast.
    """


@tm.command("import")
@click.argument("files", nargs=-1, type=click.Path(path_type=str))
@click.option("--pair", "pairs", nargs=2, multiple=True, type=click.Path(dir_okay=False, path_type=str),
              metavar="SOURCE TARGET", help="Import two line-aligned plain-text files (repeatable).")
@click.option("--input-format", type=click.Choice(["po", "xliff", "tmx", "tsv", "csv"]), default=None,
              help="Read every FILE as this format instead of guessing from the name.")
@click.option("--fuzzy", is_flag=True, help="Mark every imported entry fuzzy (not reviewed).")
@click.option("--dry-run", is_flag=True, help="Report what would be imported; write nothing.")
@_lang_options
@_memory_option
def import_cmd(files: tuple[str, ...], pairs: tuple[tuple[str, str], ...], input_format: str | None, fuzzy: bool,
               dry_run: bool, source_lang: str, target_lang: str, memory_path: str | None) -> None:
    """Add the segments of FILES (TMX 1.1/1.4, XLIFF 1.2/2.x, PO, TSV/CSV) to the memory.

    The language pair is picked from each file (TMX variants by language). Exact duplicates
    are skipped; a new translation of a known source is kept and reported as a conflict.
    """
    from glossary.documents import detect_format, read_document, read_pair
    from glossary.errors import UsageError
    from glossary.po import read_units

    if not files and not pairs:
        raise UsageError("nothing to import: give FILES or --pair SOURCE TARGET")
    slang, tlang = source_lang.lower(), target_lang.lower()
    batches = []
    for f in files:
        fmt = input_format or detect_format(f)
        if fmt not in ("po", "xliff", "tmx", "tsv", "csv"):
            raise UsageError(f"{f}: a {fmt} file has one language; import text pairs with --pair SOURCE TARGET")
        segs = read_document(f, source_lang=slang, target_lang=tlang, fmt=fmt, positions=False)
        fuzzy_ids: set[str] = set()
        if fmt == "po":
            for u in read_units(f)[1]:
                if "fuzzy" in u.flags:
                    uid = f"{u.msgctxt}|{u.msgid}" if u.msgctxt is not None else u.msgid
                    fuzzy_ids.update({uid, f"{uid}[0]", f"{uid}[1]"})
        _check_pair(f, segs, slang, tlang)
        if _reverse(slang, tlang):
            segs = [_swap(s) for s in segs]
        batches.append((f, segs, frozenset(fuzzy_ids)))
    for s, t in pairs:
        segs = read_pair(s, t, source_lang=slang, target_lang=tlang, positions=False)
        if _reverse(slang, tlang):
            segs = [_swap(x) for x in segs]
        batches.append((t, segs, frozenset()))
    with _open(memory_path, slang, tlang, must_exist=False) as mem:
        report = mem.add(batches, fuzzy=fuzzy, dry_run=dry_run)
        for label, added, dups in report.files:
            click.echo(f"{label}: {added} added, {dups} duplicate(s)")
        for source, kept, new, where in report.conflicts[:50]:
            click.echo(f"conflict: {where}: '{_clip(source)}' is '{_clip(kept)}' in the memory; "
                       f"also added '{_clip(new)}'", err=True)
        if len(report.conflicts) > 50:
            click.echo(f"... and {len(report.conflicts) - 50} more conflict(s)", err=True)
        verb = "would add" if dry_run else "added"
        click.echo(f"{mem.path}: {verb} {report.added} of {report.read} segment(s): {report.duplicates} duplicate(s), "
                   f"{len(report.conflicts)} conflict(s), {report.empty} empty", err=True)


def _check_pair(path: str, segs: list[Any], slang: str, tlang: str) -> None:
    """DataError when a file declares other languages than the memory holds (an en→fr
    XLIFF must not land in the Spanish memory)."""
    from glossary.errors import DataError
    from glossary.readers.common import norm_lang

    for s in segs:
        if s.source is None:
            continue
        have = (norm_lang(s.source.lang), norm_lang(s.target.lang))
        if all(have) and have != (norm_lang(slang), norm_lang(tlang)):
            raise DataError(path, s.target.position(0)[0],
                            f"holds {have[0]}→{have[1]} segments, but this import is {slang}→{tlang} "
                            "(set --source-lang/--target-lang and --memory)")


def _swap(seg: Any) -> Any:
    """A segment read in the es→en direction, stored the memory's way (English as source)."""
    from glossary.model import Segment

    if seg.source is None:
        return seg
    return Segment(seg.path, seg.source, seg.target, seg.id, seg.context, seg.suppressions)


def _clip(text: str, width: int = 60) -> str:
    one = " ".join(text.split())
    return one if len(one) <= width else one[: width - 1] + "\u2026"


@tm.command("export")
@click.option("--to", "fmt", type=click.Choice(["tmx", "tsv"]), required=True, help="Output format.")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=str))
@_lang_options
@_memory_option
def export_cmd(fmt: str, file: str, source_lang: str, target_lang: str, memory_path: str | None) -> None:
    """Write the memory as TMX 1.4 or TSV to FILE (`-` for standard output)."""
    from glossary.tm_exchange import render_tmx, render_tsv, write_export

    with _open(memory_path, source_lang, target_lang) as mem:
        entries = mem.entries()
        render = render_tmx if fmt == "tmx" else render_tsv
        chunks = render(entries, "en", mem.lang)
        if file == "-":
            for c in chunks:
                click.echo(c, nl=False)
            return
        size = write_export(file, chunks)
        click.echo(f"{file}: {len(entries)} entries, {size} bytes", err=True)


def _hit_dict(hit: Any, label: str) -> dict[str, Any]:
    from glossary.memory import render_diff

    c = hit.comparison
    e = hit.entry
    return {
        "score": c.score,
        "kind": c.kind,
        "differences": list(c.differences),
        "changes": [list(p) for p in c.changes],
        "source": hit.source,
        "target": hit.translation,
        "diff": [{"op": p.op, "text": p.text} for p in c.diff],
        "diff_text": render_diff(c.diff),
        "fuzzy": e.fuzzy,
        "context": e.context,
        "path": label,
        "line": e.line,
        "references": [str(r) for r in e.references],
    }


_KIND_TEXT = {"exact": "exact", "format": "differs only in case, punctuation or spacing",
              "number": "differs only in a number", "name": "differs only in a name",
              "placeholder": "differs only in a placeholder", "fuzzy": "fuzzy"}


@tm.command("lookup")
@click.argument("text", required=False)
@click.option("--file", "query_file", type=click.Path(dir_okay=False, allow_dash=True, path_type=str),
              help="Look up every non-blank line of this file (`-`: standard input).")
@click.option("--top", type=click.IntRange(1, 1000), default=5, show_default=True, help="Matches per query.")
@click.option("--threshold", type=click.FloatRange(0, 100), default=75, show_default=True,
              help="Lowest score shown (0-100).")
@click.option("--exhaustive", is_flag=True, help="Score every entry instead of using the index (slow; a reference).")
@format_option("text", "json")
@_lang_options
@_memory_option
def lookup_cmd(text: str | None, query_file: str | None, top: int, threshold: float, exhaustive: bool, fmt: str,
               source_lang: str, target_lang: str, memory_path: str | None) -> None:
    """Find the best earlier translations of TEXT with a 0-100 match score.

    Differences are marked [-only in the memory-] {+only in the query+}. With
    --source-lang es --target-lang en the query is Spanish. Exit 1 when nothing matched.
    """
    from glossary.errors import UsageError
    from glossary.memory import render_diff
    from glossary.files import read_bytes
    from glossary.readers.common import text_from_bytes

    if (text is None) == (query_file is None):
        raise UsageError("give TEXT or --file QUERIES (one of them)")
    if query_file is not None:
        raw = stdin_text() if query_file == "-" else text_from_bytes(read_bytes(query_file), query_file)
        queries = [q.strip() for q in raw.splitlines() if q.strip()]
    else:
        queries = [text or ""]
    reverse = _reverse(source_lang, target_lang)
    found_any = False
    with _open(memory_path, source_lang, target_lang) as mem:
        results = []
        for q in queries:
            hits = mem.lookup(q, top=top, threshold=threshold, reverse=reverse, exhaustive=exhaustive)
            found_any = found_any or bool(hits)
            results.append((q, hits))
        if fmt == "json":
            doc = {"version": 1, "memory": mem.path, "threshold": threshold,
                   "queries": [{"query": q, "matches": [_hit_dict(h, mem.path) for h in hits]} for q, hits in results]}
            click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
        else:
            for n, (q, hits) in enumerate(results):
                if len(results) > 1:
                    click.echo(("\n" if n else "") + f"query: {q}")
                if not hits:
                    click.echo(f"  no match at or above {threshold:g}%")
                for h in hits:
                    c = h.comparison
                    flags = " (fuzzy)" if h.entry.fuzzy else ""
                    click.echo(f"{c.score:5.1f}%  {_KIND_TEXT.get(c.kind, c.kind)}{flags}  {mem.path}:{h.entry.line}")
                    if c.changes and c.kind != "fuzzy":
                        click.echo("        " + ", ".join(f"{a} -> {b}" for a, b in c.changes))
                    click.echo(f"  memory: {render_diff(c.diff) if c.kind != 'exact' else h.source}")
                    click.echo(f"  translation: {h.translation}")
    if not found_any:
        raise SystemExit(1)


@tm.command("pretranslate")
@click.argument("infile", type=click.Path(dir_okay=False, exists=False, path_type=str))
@click.argument("outfile", type=click.Path(dir_okay=False, path_type=str))
@click.option("--threshold", type=click.FloatRange(0, 100), default=75, show_default=True,
              help="Lowest score leveraged.")
@click.option("--overwrite", is_flag=True, help="Also replace translations the file already has.")
@click.option("--no-glossary-check", is_flag=True, help="Do not check leveraged translations against the glossary.")
@_lang_options
@_memory_option
@glossary_option
def pretranslate_cmd(infile: str, outfile: str, threshold: float, overwrite: bool, no_glossary_check: bool,
                     source_lang: str, target_lang: str, memory_path: str | None, glossary_paths: tuple[str, ...],
                     no_builtin: bool) -> None:
    """Fill the untranslated units of a PO or XLIFF file from the memory, writing OUTFILE.

    Exact matches are filled as translated; fuzzy ones are filled and marked fuzzy (PO
    `#, fuzzy`, XLIFF needs-review) with their score in a comment. A leveraged translation
    that uses a forbidden or deprecated term gets the preferred term when that is
    unambiguous, else it is marked for review with the finding.
    """
    from glossary.documents import detect_format
    from glossary.errors import UsageError
    from glossary.tm_exchange import TermGuard, pretranslate_po, pretranslate_xliff
    from glossary.tm_store import term_checker

    fmt = detect_format(infile)
    if fmt not in ("po", "xliff"):
        raise UsageError(f"pretranslate reads PO or XLIFF, not {fmt}")
    slang, tlang = source_lang.lower(), target_lang.lower()
    checker = None if no_glossary_check else term_checker(
        glossary_paths, builtin=not no_builtin, source_lang=slang, target_lang=tlang, cwd=Path.cwd())
    guard = TermGuard(checker, slang, tlang)
    with _open(memory_path, slang, tlang) as mem:
        run = pretranslate_po if fmt == "po" else pretranslate_xliff
        r = run(infile, outfile, mem, guard, threshold=threshold, overwrite=overwrite, memory_label=mem.path)
    click.echo(f"{outfile}: {r.exact} exact, {r.fuzzy} fuzzy of {r.units} unit(s); {r.kept} already translated; "
               f"{r.adjusted} adjusted (numbers/names), {r.fixed} glossary fix(es), {r.flagged} flagged for review"
               + (f"; {r.skipped_markup} skipped (inline markup)" if r.skipped_markup else "")
               + (f"; {r.skipped_other} skipped (plural)" if r.skipped_other else ""), err=True)


@tm.command("check")
@click.option("--select", multiple=True, metavar="RULES", help="Only these rules (codes, prefixes or names).")
@click.option("--ignore", multiple=True, metavar="RULES", help="Skip these rules.")
@format_option("text", "json", "sarif", "github")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default="error", show_default=True,
              help="Exit 1 when a finding is at or above this severity.")
@_lang_options
@_memory_option
@glossary_option
def check_cmd(select: tuple[str, ...], ignore: tuple[str, ...], fmt: str, fail_on: str, source_lang: str,
              target_lang: str, memory_path: str | None, glossary_paths: tuple[str, ...], no_builtin: bool) -> None:
    """Find where the memory contradicts itself (GL201) or the glossary (GL1xx).

    GL201 warns where one source is translated differently, and notes (info) where one
    translation serves different sources.
    """
    from glossary.lint import fails
    from glossary.model import Severity
    from glossary.report import render
    from glossary.rules import TERM_RULES, select_codes
    from glossary.tm_store import check_memory, term_checker

    split = [v for value in select for v in value.split(",") if v.strip()]
    ign = [v for value in ignore for v in value.split(",") if v.strip()]
    codes = select_codes(TERM_RULES, split, ign) - {"GL104", "GL199"}
    lang = _memory_lang(source_lang, target_lang)
    with _open(memory_path, source_lang, target_lang) as mem:
        path = mem.path
    gl1 = frozenset(c for c in codes if c.startswith("GL1"))
    checker = term_checker(glossary_paths, builtin=not no_builtin, source_lang="en", target_lang=lang,
                           cwd=Path.cwd(), codes=gl1) if gl1 else None
    findings = check_memory(path, checker=checker, codes=codes, lang=lang)
    click.echo(render(fmt, findings, 1, TERM_RULES), nl=False)
    if fails(findings, Severity(fail_on)):
        raise SystemExit(1)


@tm.command("search")
@click.argument("text")
@click.option("--limit", type=click.IntRange(0), default=50, show_default=True, help="At most this many (0: all).")
@format_option("text", "json")
@_lang_options
@_memory_option
def search_cmd(text: str, limit: int, fmt: str, source_lang: str, target_lang: str, memory_path: str | None) -> None:
    """Concordance: entries whose source contains TEXT (a word or phrase; case and
    spacing ignored). With --source-lang es the translations are searched."""
    reverse = _reverse(source_lang, target_lang)
    with _open(memory_path, source_lang, target_lang) as mem:
        found = mem.search(text, reverse=reverse, limit=limit)
        if fmt == "json":
            click.echo(json.dumps({"version": 1, "memory": mem.path, "query": text, "entries": [
                {"source": e.target if reverse else e.source, "target": e.source if reverse else e.target,
                 "line": e.line, "fuzzy": e.fuzzy, "context": e.context,
                 "references": [str(r) for r in e.references]} for e in found]}, ensure_ascii=False, indent=2))
        else:
            for e in found:
                a, b = (e.target, e.source) if reverse else (e.source, e.target)
                click.echo(f"{mem.path}:{e.line}: {_mark(a, text)}\n    {b}")
            click.echo(f"{len(found)} entr{'y' if len(found) == 1 else 'ies'}", err=True)
    if not found:
        raise SystemExit(1)


def _mark(text: str, needle: str) -> str:
    """``text`` with case-insensitive occurrences of ``needle`` in ``[[...]]``."""
    import re

    words = needle.split()
    if not words:
        return text
    pattern = r"\s+".join(re.escape(w) for w in words)
    return re.sub(pattern, lambda m: f"[[{m.group()}]]", text, flags=re.IGNORECASE)


def register(group: click.Group) -> None:
    """Add the ``tm`` group to ``group``."""
    group.add_command(tm)
