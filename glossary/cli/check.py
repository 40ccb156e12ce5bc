"""CLI commands: ``check`` (terminology lint) and ``rules`` (the rule list)."""

from __future__ import annotations

import os
import sys

import click

from glossary.cli.common import format_option, glossary_option
from glossary.model import Severity

SEVERITIES = [s.value for s in Severity]


def _split(values: tuple[str, ...]) -> list[str]:
    return [v for value in values for v in value.split(",") if v.strip()]


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--pair", nargs=2, type=click.Path(path_type=str), metavar="SOURCE TARGET",
              help="Check a pair of line-aligned plain-text files.")
@click.option("--source-lang", default="en", show_default=True, help="Language of the source side.")
@click.option("--target-lang", default="es", show_default=True, help="Language of the target side.")
@click.option("--lang", default=None,
              help="Language of monolingual input when the file name has no .en./.es. part.")
@click.option("--input-format", type=click.Choice(["po", "pot", "xliff", "tmx", "tsv", "csv", "text", "markdown"]),
              default=None, help="Read every input as this format instead of guessing from the name.")
@format_option("text", "json", "sarif", "github")
@click.option("--select", multiple=True, metavar="RULES", help="Only these rules (codes, prefixes or names; comma-separated).")
@click.option("--ignore", multiple=True, metavar="RULES", help="Skip these rules (codes, prefixes or names).")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default="error", show_default=True,
              help="Exit 1 when a finding is at or above this severity.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--project", is_flag=True, help="Check consistency (GL104) across all files together.")
@click.option("--country", default="", metavar="CODE",
              help="Document country (MX, US): narrows homographs; applies that country's forbidden forms to monolingual text.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Check files in this many processes.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=str), default=None,
              help="Write the report to this file instead of standard output.")
@click.option("--color/--no-color", "colour", default=None, help="Colour text output (default: when a terminal).")
@glossary_option
def check(paths: tuple[str, ...], pair: tuple[str, str] | None, source_lang: str, target_lang: str,
          lang: str | None, input_format: str | None, fmt: str, select: tuple[str, ...],
          ignore: tuple[str, ...], fail_on: str, exit_zero: bool, project: bool, country: str, jobs: int,
          output: str | None, colour: bool | None, glossary_paths: tuple[str, ...], no_builtin: bool) -> None:
    """Check documents and translations for consistent terminology.

    PATHS are files or folders (walked; git-ignored files skipped); `-` reads standard input.
    Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input error.
    """
    from glossary.errors import UsageError
    from glossary.lint import fails
    from glossary.report import render
    from glossary.rules import TERM_RULES, select_codes
    from glossary.runner import CheckRequest, run_check
    from glossary.writes import write_text_atomic

    if not paths and pair is None:
        raise UsageError("nothing to check: give PATHS, '-' or --pair SOURCE TARGET")
    req = CheckRequest(
        paths=paths, pair=tuple(pair) if pair else None, source_lang=source_lang.lower(),
        target_lang=target_lang.lower(), lang=lang.lower() if lang else None, input_format=input_format,
        glossary_paths=glossary_paths, builtin=not no_builtin,
        codes=select_codes(TERM_RULES, _split(select), _split(ignore)), country=country.upper(),
        project=project, jobs=jobs, stdin_text=click.get_text_stream("stdin").read() if "-" in paths else None,
        cwd=os.getcwd(),
    )
    result = run_check(req)
    use_colour = colour if colour is not None else (output is None and sys.stdout.isatty()
                                                   and "NO_COLOR" not in os.environ)
    text = render(fmt, result.findings, result.files, TERM_RULES, colour=bool(use_colour and fmt == "text"))
    if output:
        write_text_atomic(output, text)
    else:
        click.echo(text, nl=False)
    if not exit_zero and fails(result.findings, Severity(fail_on)):
        raise SystemExit(1)


@click.command("rules")
@format_option("text", "json")
def rules_command(fmt: str) -> None:
    """List every rule: code, name, default severity and summary."""
    import json

    from glossary.rules import all_rules

    rules = all_rules()
    if fmt == "json":
        click.echo(json.dumps([{"code": r.code, "name": r.name, "severity": r.severity.value,
                                "summary": r.summary} for r in rules], indent=2))
        return
    width = max(len(r.name) for r in rules)
    for r in rules:
        click.echo(f"{r.code}  {r.name:<{width}}  {r.severity.value:<7}  {r.summary}")


def register(group: click.Group) -> None:
    """Add ``check`` and ``rules`` to ``group``."""
    group.add_command(check)
    group.add_command(rules_command)
