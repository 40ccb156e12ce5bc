"""PO / POT documents (through ``po.read_units``): one segment per translated string.

A PO gives source (msgid) / target (msgstr) pairs; plural entries give one segment per
plural form (msgid with msgstr[0], msgid_plural with msgstr[1..]). Untranslated strings
and obsolete entries are skipped; fuzzy ones are checked. A POT is monolingual English:
each msgid (and msgid_plural) is a segment with no source. ``glossary: ignore ...`` in a
translator comment becomes a suppression.
"""

from __future__ import annotations

import re
from typing import NoReturn

from glossary.errors import DataError
from glossary.model import Anchor, Segment, Side
from glossary.po import PoUnit, read_units
from glossary.readers.common import directives, norm_lang


def _side(text: str, lang: str, anchors: tuple[Anchor, ...], line: int) -> Side:
    return Side(text, lang, anchors or (Anchor(0, line, 1),))


_NPLURALS = re.compile(r"\bnplurals\s*=\s*(\d+)")


def _nplurals(plural_forms: str) -> int | None:
    """``nplurals`` of a ``Plural-Forms`` header value, or None when absent."""
    m = _NPLURALS.search(plural_forms)
    return int(m.group(1)) if m else None


def _plural_mismatch(path: str, unit: PoUnit, nplurals: int) -> NoReturn:
    """Raise ``DataError`` for an entry with more or fewer msgstr[n] than ``nplurals``
    (``msgfmt -c`` rejects both); the line is the first extra msgstr[n], else the msgid."""
    count = len(unit.msgstr_plural)
    line = unit.line
    if count > nplurals and nplurals < len(unit.msgstr_plural_anchors) and unit.msgstr_plural_anchors[nplurals]:
        line = unit.msgstr_plural_anchors[nplurals][0].line
    raise DataError(path, line, f"{count} plural forms (msgstr[0]..msgstr[{count - 1}]), "
                                f"but the header's Plural-Forms says nplurals={nplurals}")


def _id(unit: PoUnit) -> str:
    return f"{unit.msgctxt}|{unit.msgid}" if unit.msgctxt is not None else unit.msgid


def read_po(
    path: str, *, template: bool = False, source_lang: str = "en", target_lang: str = "es"
) -> list[Segment]:
    """Segments of a PO file, or of a POT when ``template`` is true (see the module notes).

    The header's ``Language:`` sets the target language when present.
    """
    metadata, units = read_units(path)
    header = {k.lower(): v for k, v in metadata}
    tlang = norm_lang(header.get("language")) or norm_lang(target_lang)
    slang = norm_lang(source_lang)
    nplurals = None if template else _nplurals(header.get("plural-forms", ""))
    out: list[Segment] = []
    seen: dict[tuple[str | None, str], int] = {}
    for unit in units:
        if unit.obsolete or not unit.msgid:
            continue
        first = seen.setdefault((unit.msgctxt, unit.msgid), unit.line)
        if first != unit.line:
            raise DataError(path, unit.line, f"duplicate entry: same msgctxt and msgid as the entry at line {first} "
                                             "(msgfmt rejects duplicates)")
        if nplurals is not None and unit.msgstr_plural and len(unit.msgstr_plural) != nplurals:
            _plural_mismatch(path, unit, nplurals)
        sup = directives(unit.tcomment)
        ctx = unit.msgctxt or ""
        uid = _id(unit)
        if template:
            out.append(Segment(path, _side(unit.msgid, slang, unit.msgid_anchors, unit.line), None, uid, ctx, sup))
            if unit.msgid_plural:
                out.append(
                    Segment(
                        path, _side(unit.msgid_plural, slang, unit.msgid_plural_anchors, unit.line),
                        None, uid + "[1]", ctx, sup,
                    )
                )
            continue
        if unit.msgstr_plural:
            for n, text in enumerate(unit.msgstr_plural):
                if not text.strip():
                    continue
                src_text, src_anchors = (
                    (unit.msgid, unit.msgid_anchors) if n == 0 else (unit.msgid_plural, unit.msgid_plural_anchors)
                )
                anchors = unit.msgstr_plural_anchors[n] if n < len(unit.msgstr_plural_anchors) else ()
                out.append(
                    Segment(
                        path,
                        _side(text, tlang, anchors, unit.line),
                        _side(src_text, slang, src_anchors, unit.line),
                        f"{uid}[{n}]",
                        ctx,
                        sup,
                    )
                )
            continue
        if not unit.msgstr.strip():
            continue
        out.append(
            Segment(
                path,
                _side(unit.msgstr, tlang, unit.msgstr_anchors, unit.line),
                _side(unit.msgid, slang, unit.msgid_anchors, unit.line),
                uid,
                ctx,
                sup,
            )
        )
    return out
