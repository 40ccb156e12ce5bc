"""PO files: the term base as concepts, and raw PO units for other readers.

This package is the only code that knows the PO syntax. Its modules:

- ``decode``: bytes to lines (charset, byte-order mark, line ends) and ``DataError``s;
- ``parse``: the line-aware parser, ``PoUnit`` and ``read_units``;
- ``keys``: the term-base comment keys, their order and value escapes;
- ``concepts``: PO units <-> ``Concept`` (``Catalog``, ``read_catalog``, ``render_catalog``);
- ``wrap``: msgcat-style string rendering (canonical wrapping at 79 columns);
- ``files``: canonical, conflict-checked atomic writes under the writer lock;
- ``memory``: translation-memory files (streaming render, append, read, fill).
"""

from __future__ import annotations

from glossary.po.concepts import DEFAULT_METADATA, Catalog, default_catalog, read_catalog, render_catalog
from glossary.po.files import canonicalize, is_canonical, locked, update_catalog, write_catalog
from glossary.po.keys import catalog_language
from glossary.po.memory import append_entries, fill_msgstrs, iter_memory_units, memory_header, render_memory_entry
from glossary.po.parse import PoUnit, read_units
from glossary.po.wrap import WRAP_WIDTH, render_po_string

__all__ = [
    "Catalog",
    "PoUnit",
    "DEFAULT_METADATA",
    "WRAP_WIDTH",
    "append_entries",
    "canonicalize",
    "catalog_language",
    "default_catalog",
    "fill_msgstrs",
    "is_canonical",
    "iter_memory_units",
    "locked",
    "memory_header",
    "read_catalog",
    "read_units",
    "render_catalog",
    "render_memory_entry",
    "render_po_string",
    "update_catalog",
    "write_catalog",
]
