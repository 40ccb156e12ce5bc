"""TMX 1.1 / 1.4 reader: one segment per translation unit, for the chosen language pair."""

from __future__ import annotations

from lxml import etree

from glossary.errors import DataError
from glossary.model import Segment
from glossary.readers.common import directives, lang_matches, norm_lang
from glossary.readers.xmltext import XmlDocument, local, notes_text

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _lang(tuv: etree._Element) -> str:
    """A tuv's language: ``xml:lang`` (TMX 1.4) or ``lang`` (TMX 1.1)."""
    return (tuv.get(XML_LANG) or tuv.get("lang") or "").strip()


def _pick(tuvs: list[tuple[str, etree._Element]], wanted: str, prefer: str) -> etree._Element | None:
    """The variant in language ``wanted``; an exact tag match with ``prefer`` wins, then the first."""
    matching = [(code, tuv) for code, tuv in tuvs if lang_matches(code, wanted)]
    for code, tuv in matching:
        if prefer and code.lower().replace("_", "-") == prefer.lower().replace("_", "-"):
            return tuv
    return matching[0][1] if matching else None


def read_tmx(path: str, data: bytes, *, source_lang: str = "en", target_lang: str = "es") -> list[Segment]:
    """Segments of a TMX file: source from the ``source_lang`` variant, target from ``target_lang``.

    Language codes match on the primary subtag, in any case (EN-GB, en-us and en all match
    'en'). With several variants in one language, the header ``srclang`` (for the source)
    or an exact match of the requested code wins, else the first. Units lacking either
    language are skipped; a file with units but no ``target_lang`` variant at all is an error.
    """
    doc = XmlDocument(data, path)
    root = doc.root
    if local(root.tag) != "tmx":
        raise DataError(path, root.sourceline, f"not a TMX file (root element <{local(root.tag)}>)")
    header = next((c for c in root if local(c.tag) == "header"), None)
    srclang = (header.get("srclang") or "") if header is not None else ""
    slang, tlang = norm_lang(source_lang), norm_lang(target_lang)
    # an explicit region (en-GB) picks that variant; else the header's srclang variant wins
    has_region = norm_lang(source_lang) != source_lang.strip().lower()
    source_prefer = srclang if not has_region and lang_matches(srclang, source_lang) else source_lang
    out: list[Segment] = []
    units = 0
    seen_target = False
    for index, tu in enumerate(root.iter("{*}tu"), start=1):
        units += 1
        tuvs = [(_lang(c), c) for c in tu if local(c.tag) == "tuv"]
        tgt = _pick(tuvs, target_lang, target_lang)
        src = _pick(tuvs, source_lang, source_prefer)
        if tgt is None:
            continue
        seen_target = True
        if src is None or src is tgt:
            continue
        sseg = next((c for c in src if local(c.tag) == "seg"), None)
        tseg = next((c for c in tgt if local(c.tag) == "seg"), None)
        if sseg is None or tseg is None:
            continue
        tside = doc.side(tseg, tlang)
        if not tside.text.strip():
            continue
        sup = directives(notes_text([c for c in tu if local(c.tag) == "note"]))
        out.append(
            Segment(
                path=path,
                target=tside,
                source=doc.side(sseg, slang),
                id=tu.get("tuid") or str(index),
                suppressions=sup,
            )
        )
    if units and not seen_target:
        raise DataError(path, None, f"no {tlang} segments in this TMX")
    return out
