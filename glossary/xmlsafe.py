"""Safe XML parsing for every reader: no entity expansion, no network, no DTD loading.

Entity declarations are refused outright (billion laughs, external entities), as
defusedxml does; libxml2's default depth and size limits stay on (no ``huge_tree``).
"""

from __future__ import annotations

import os

from lxml import etree

from glossary.errors import DataError
from glossary.files import read_bytes


SAFE_SETTINGS: dict[str, bool] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "remove_blank_text": False,
    "strip_cdata": False,
}
"""lxml parser settings for every XML we read (whole-file and streamed)."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(**SAFE_SETTINGS)


def parse_xml(source: bytes | str | os.PathLike[str], label: str | None = None) -> etree._ElementTree:
    """Parse XML bytes or a file safely; raise ``DataError(label, line, reason)`` on any problem."""
    if isinstance(source, bytes):
        data, name = source, label or "<bytes>"
    else:
        name = label or os.fspath(source)
        data = read_bytes(source)
    if not data.strip():
        raise DataError(name, None, "empty file")
    try:
        tree = etree.ElementTree(etree.fromstring(data, _parser()))
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        msg = " ".join(str(exc.msg or exc).split(", line ")[0].split())  # one line, whatever libxml2 says
        raise DataError(name, line, f"not well-formed XML: {msg}") from None
    except ValueError as exc:  # e.g. unicode strings with encoding declarations
        raise DataError(name, None, f"not well-formed XML: {' '.join(str(exc).split())}") from None
    dtd = tree.docinfo.internalDTD
    if dtd is not None:
        for entity in dtd.iterentities():
            raise DataError(name, None, f"XML entity declarations are not allowed (entity {entity.name!r})")
    return tree
