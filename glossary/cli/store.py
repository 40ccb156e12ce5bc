"""CLI commands: store (``glossary fmt``)."""

from __future__ import annotations

import os
from pathlib import Path

import click


def _shown(p: Path, found: bool) -> str:
    """A path as the user named it, or relative to the current directory if it was found."""
    return os.path.relpath(p) if found else str(p)


@click.command("fmt")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--check", is_flag=True,
              help="Write nothing; list files not in canonical form and exit 1 if there are any.")
def fmt(paths: tuple[str, ...], check: bool) -> None:
    """Put term-base PO files in canonical form.

    PATHS are PO/POT files or folders (their *.pot, *.po and */*.po); by default the
    locales/ folder found from the current directory upward (up to the git root).
    """
    from glossary.po import canonicalize
    from glossary.termbase import po_files

    files = po_files(paths, cwd=Path.cwd())
    changed = [f for f in files if canonicalize(f, write=not check)]
    for f in changed:
        shown = _shown(f, found=not paths)
        click.echo(shown if check else f"formatted {shown}")
    if check:
        if changed:
            click.echo(f"{len(changed)} of {len(files)} file(s) not in canonical form; "
                       "run `glossary fmt`", err=True)
            click.get_current_context().exit(1)
        return
    click.echo(f"{len(changed)} file(s) formatted, {len(files) - len(changed)} already canonical",
               err=True)


def register(group: click.Group) -> None:
    """Add this module's commands (``fmt``) to ``group``."""
    group.add_command(fmt)
