"""CLI commands: ``check`` (terminology lint) and ``rules`` (the rule list)."""

from __future__ import annotations

import os
import sys
from typing import Any, Callable, TypeVar

import click

from glossary.cli.common import format_option, glossary_option, stdin_text
from glossary.model import Severity

SEVERITIES = [s.value for s in Severity]


def _split(values: tuple[str, ...]) -> list[str]:
    return [v for value in values for v in value.split(",") if v.strip()]


F = TypeVar("F", bound=Callable[..., Any])


def config_option(func: F) -> F:
    """``--config PATH``: the pyproject.toml or glossary.toml to read instead of the nearest one."""
    return click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=str), default=None,
                        metavar="PATH", help="Configuration file (pyproject.toml or glossary.toml) "
                        "instead of the nearest one.")(func)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--pair", nargs=2, type=click.Path(path_type=str), metavar="SOURCE TARGET",
              help="Check a pair of line-aligned plain-text files.")
@click.option("--source-lang", default=None, help="Language of the source side.  [default: en]")
@click.option("--target-lang", default=None, help="Language of the target side.  [default: es]")
@click.option("--lang", default=None,
              help="Language of monolingual input when the file name has no .en./.es. part.")
@click.option("--input-format", type=click.Choice(["po", "pot", "xliff", "tmx", "tsv", "csv", "text", "markdown"]),
              default=None, help="Read every input as this format instead of guessing from the name.")
@format_option("text", "json", "sarif", "github")
@click.option("--select", multiple=True, metavar="RULES", help="Only these rules (codes, prefixes or names; comma-separated).")
@click.option("--ignore", multiple=True, metavar="RULES", help="Skip these rules (codes, prefixes or names).")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None,
              help="Exit 1 when a finding is at or above this severity.  [default: error]")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--project", is_flag=True, default=None, help="Check consistency (GL104) across all files together.")
@click.option("--country", multiple=True, metavar="CODE",
              help="Document country, ISO 3166 (MX, US; repeat or 'MX,US' for several): narrows homographs and scopes "
                   "forbidden forms. Default: the countries the document names.")
@click.option("--date", "day", default=None, metavar="YYYY-MM-DD",
              help="Judge office holders and bodies' names on this date. Default: the document's dateline, else today.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Check files, and the parts of a large --pair, in this many processes.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=str), default=None,
              help="Write the report to this file instead of standard output.")
@click.option("--color/--no-color", "colour", default=None, help="Colour text output (default: when a terminal).")
@config_option
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=str), default=None, metavar="FILE",
              help="Report only findings not recorded in this baseline file.")
@click.option("--write-baseline", type=click.Path(dir_okay=False, path_type=str), default=None, metavar="FILE",
              help="Record today's findings in FILE (report nothing, exit 0).")
@click.option("--fix", is_flag=True, help="Replace forbidden and deprecated forms with the preferred one, and put accents and case right, where unambiguous.")
@click.option("--diff", is_flag=True, help="Show what --fix would change as a unified diff; write nothing.")
@click.option("--changed", is_flag=False, flag_value="HEAD", default=None, metavar="[REF]",
              help="Check only files changed against a git REF (default HEAD: uncommitted changes).")
@glossary_option
def check(paths: tuple[str, ...], pair: tuple[str, str] | None, source_lang: str | None, target_lang: str | None,
          lang: str | None, input_format: str | None, fmt: str, select: tuple[str, ...],
          ignore: tuple[str, ...], fail_on: str | None, exit_zero: bool, project: bool | None,
          country: tuple[str, ...], day: str | None, jobs: int, output: str | None, colour: bool | None, config_path: str | None, baseline: str | None,
          write_baseline: str | None, fix: bool, diff: bool, changed: str | None,
          glossary_paths: tuple[str, ...], no_builtin: bool) -> None:
    """Check documents and translations for consistent terminology.

    PATHS are files or folders (walked; git-ignored files skipped); `-` reads standard input.
    Settings come from [tool.glossary] in the nearest pyproject.toml or a glossary.toml
    (see `glossary config`); options override them.
    Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage, config or input error.
    """
    from pathlib import Path

    from glossary.config import load_settings
    from glossary.countries import parse_countries
    from glossary.errors import UsageError
    from glossary.lint import fails
    from glossary.progress import for_stream
    from glossary.report import render
    from glossary.rules import TERM_RULES
    from glossary.runner import request_from_settings, run_check
    from glossary.writes import write_text_atomic

    if not paths and pair is None and changed is None:
        raise UsageError("nothing to check: give PATHS, '-', --pair SOURCE TARGET or --changed")
    if fix and diff:
        raise UsageError("--fix and --diff do not go together: --diff shows what --fix would write")
    settings = load_settings(config_path, cwd=Path.cwd()).with_options(
        glossary=glossary_paths, builtin=False if no_builtin else None,
        source_lang=source_lang.lower() if source_lang else None,
        target_lang=target_lang.lower() if target_lang else None, lang=lang.lower() if lang else None,
        country=parse_countries(country) if country else None, date=_day(day), select=tuple(_split(select)),
        ignore=tuple(_split(ignore)), fail_on=fail_on, project=project, baseline=baseline,
    )
    req = request_from_settings(
        settings, paths=paths, pair=tuple(pair) if pair else None, input_format=input_format, jobs=jobs,
        stdin_text=stdin_text() if "-" in paths else None, cwd=os.getcwd(),
        changed=changed, write_baseline=write_baseline, fix=fix, diff=diff,
    )
    result = run_check(req, progress=for_stream())
    if fix or diff:
        from glossary.fixing import summary_lines

        for line in summary_lines(result.fixed, result.left, wrote=fix):
            click.echo(line, err=True)
    if result.baseline_written is not None:
        click.echo(f"glossary: recorded {result.baseline_written} finding(s) in {write_baseline}", err=True)
        return
    if result.baselined or result.stale:
        click.echo(f"glossary: baseline hides {result.baselined} known finding(s)"
                   + (f"; {result.stale} recorded finding(s) are gone: rewrite it with --write-baseline"
                      if result.stale else ""), err=True)
    if diff:
        click.echo(result.diff, nl=False)
    else:
        use_colour = colour if colour is not None else (output is None and sys.stdout.isatty()
                                                       and "NO_COLOR" not in os.environ)
        text = render(fmt, result.findings, result.files, TERM_RULES, colour=bool(use_colour and fmt == "text"))
        if output:
            write_text_atomic(output, text)
        else:
            click.echo(text, nl=False)
    if not exit_zero and fails(result.findings, settings.fail_on):
        raise SystemExit(1)


def _day(value: str | None) -> str | None:
    """``--date``: an ISO 8601 calendar date."""
    import datetime

    from glossary.errors import UsageError

    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise UsageError(f"--date: {value!r} is not an ISO 8601 date (write YYYY-MM-DD)") from None


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


@click.command("config")
@config_option
@format_option("text", "json")
def config_command(config_path: str | None, fmt: str) -> None:
    """Print the settings in force and where each came from (a file, or the default)."""
    from pathlib import Path

    from glossary.config import describe, load_settings

    click.echo(describe(load_settings(config_path, cwd=Path.cwd()), fmt), nl=False)


def register(group: click.Group) -> None:
    """Add ``check``, ``rules`` and ``config`` to ``group``."""
    group.add_command(check)
    group.add_command(rules_command)
    group.add_command(config_command)
