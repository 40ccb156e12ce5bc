"""Pieces shared by several commands: error handling and common options."""

from __future__ import annotations

import os
import sys
from typing import Any, Callable, TypeVar

import click

from glossary.errors import GlossaryError

F = TypeVar("F", bound=Callable[..., Any])


_NO_ARGS_IS_HELP: Any = getattr(click.exceptions, "NoArgsIsHelpError", ())
"""Raised (click 8.2 and later) for a group run without a command."""


class GlossaryGroup(click.Group):
    """A click group that turns library errors and usage errors into one line on stderr and
    exit code 2."""

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _NO_ARGS_IS_HELP as exc:  # a group run bare: its help, as click prints it
            click.echo(exc.ctx.get_help() if exc.ctx is not None else exc.format_message())
            sys.exit(exc.exit_code)
        except click.UsageError as exc:
            # click prints usage, a hint and the error on three lines; say it in one
            where = exc.ctx.command_path if exc.ctx is not None else "glossary"
            message = exc.format_message().replace("\n", " ")
            click.echo(f"glossary: error: {where}: {message} (see '{where} --help')", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            click.echo(f"glossary: error: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("glossary: aborted", err=True)
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GlossaryError as exc:
            # one line, even when a file name or a parser message holds line breaks
            one_line = str(exc).replace("\r", "\\r").replace("\n", "\\n")
            click.echo(f"glossary: error: {one_line}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("glossary: interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            # Output piped into `head` and the like: stop quietly.
            sys.stderr.close()
            ctx.exit(1)


def stdin_text() -> str:
    """Standard input as UTF-8 text; NUL bytes or bad UTF-8 raise ``DataError`` naming <stdin>."""
    from glossary.documents import STDIN_LABEL
    from glossary.readers.common import text_from_bytes

    return text_from_bytes(sys.stdin.buffer.read(), STDIN_LABEL)


def glossary_option(func: F) -> F:
    """``--glossary PATH`` (repeatable) and ``--no-builtin``: which term bases to load."""
    func = click.option(
        "--glossary",
        "glossary_paths",
        multiple=True,
        type=click.Path(path_type=str),
        help="Term base PO file or locales/ folder; repeatable. Defaults to ./locales if present.",
    )(func)
    func = click.option(
        "--no-builtin",
        is_flag=True,
        help="Do not load the term base that ships with glossary.",
    )(func)
    return func


def format_option(*choices: str, default: str = "text") -> Callable[[F], F]:
    """``--format`` limited to ``choices``."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=default,
        show_default=True,
        help="Output format.",
    )


def shown_path(path: str | os.PathLike[str]) -> str:
    """``path`` relative to the working folder when it lies inside it, else as given."""
    p = os.fspath(path)
    try:
        rel = os.path.relpath(p)
    except ValueError:
        return p
    return p if rel.startswith("..") else rel
