"""Command-line interface: parse options, call the library, render, choose the exit code.

No logic lives here. Each command group has its own module; this one assembles them.
"""

from __future__ import annotations

from glossary.cli.common import GlossaryGroup
from glossary import __version__

import click


@click.group(cls=GlossaryGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="glossary")
def main() -> None:
    """English/Spanish terminology lint for government and diplomatic translation."""


def _register() -> None:
    from glossary.cli import check, discover, exchange, store, terms

    from glossary.cli import tm

    for module in (store, terms, exchange, check, discover, tm):
        module.register(main)


_register()
