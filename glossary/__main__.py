"""``python -m glossary``."""

from glossary.cli import main

main(prog_name="glossary")
