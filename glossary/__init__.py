"""glossary: English/Spanish terminology lint for government and diplomatic translation."""

__version__ = "0.1.0"
