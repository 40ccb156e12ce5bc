"""XLIFF 1.2 (with SDLXLIFF segmentation) and XLIFF 2.x reader."""

from __future__ import annotations

from lxml import etree

from glossary.errors import DataError
from glossary.model import Segment, Side
from glossary.readers.common import directives, norm_lang
from glossary.readers.xmltext import XmlDocument, local, notes_text

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _children(el: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in el if local(c.tag) == name]


def _child(el: etree._Element, name: str) -> etree._Element | None:
    for c in el:
        if local(c.tag) == name:
            return c
    return None


def _translatable(el: etree._Element) -> bool:
    """False when ``el`` or an enclosing group says ``translate="no"``."""
    node: etree._Element | None = el
    while node is not None and local(node.tag) not in ("file", "xliff"):
        if node.get("translate") == "no":
            return False
        node = node.getparent()
    return True


def _seg_marks(el: etree._Element) -> list[etree._Element]:
    """``<mrk mtype="seg">`` descendants of ``el`` (SDLXLIFF / XLIFF 1.2 segmentation)."""
    return [m for m in el.iter("{*}mrk") if m.get("mtype") == "seg"]


def read_xliff(
    path: str, data: bytes, *, source_lang: str = "en", target_lang: str = "es", positions: bool = True
) -> list[Segment]:
    """Segments of an XLIFF 1.2 / 2.x file; languages declared in the file win over the defaults.

    Units without a (non-blank) target, and units marked ``translate="no"``, are skipped;
    ``alt-trans`` matches are ignored. ``glossary: ignore ...`` in a note becomes a suppression.
    With ``positions`` False the raw file is not scanned for exact columns: each side gets
    one anchor at its element's line (same texts, same errors).
    """
    doc = XmlDocument(data, path, positions=positions)
    root = doc.root
    if local(root.tag) != "xliff":
        raise DataError(path, root.sourceline, f"not an XLIFF file (root element <{local(root.tag)}>)")
    version = root.get("version", "")
    if version.startswith("2"):
        return _read_v2(doc, path, source_lang, target_lang)
    return _read_v1(doc, path, source_lang, target_lang)


def _read_v1(doc: XmlDocument, path: str, source_lang: str, target_lang: str) -> list[Segment]:
    out: list[Segment] = []
    for file in doc.root.iter("{*}file"):
        slang = norm_lang(file.get("source-language")) or source_lang
        tlang = norm_lang(file.get("target-language")) or target_lang
        for tu in file.iter("{*}trans-unit"):
            if not _translatable(tu):
                continue
            source, target = _child(tu, "source"), _child(tu, "target")
            if source is None or target is None:
                continue
            ulang = norm_lang(target.get(XML_LANG)) or tlang
            sup = directives(notes_text(_children(tu, "note")))
            uid = tu.get("id", "")
            ctx = tu.get("resname", "")
            seg_source = _child(tu, "seg-source")
            smarks = _seg_marks(seg_source) if seg_source is not None else []
            tmarks = {m.get("mid"): m for m in _seg_marks(target)}
            if smarks and tmarks:
                for sm in smarks:
                    tm = tmarks.get(sm.get("mid"))
                    if tm is None:
                        continue
                    _add(out, doc, path, sm, tm, slang, ulang, f"{uid}#{sm.get('mid')}", ctx, sup)
            else:
                _add(out, doc, path, source, target, slang, ulang, uid, ctx, sup)
    return out


def _read_v2(doc: XmlDocument, path: str, source_lang: str, target_lang: str) -> list[Segment]:
    out: list[Segment] = []
    slang = norm_lang(doc.root.get("srcLang")) or source_lang
    tlang = norm_lang(doc.root.get("trgLang")) or target_lang
    for unit in doc.root.iter("{*}unit"):
        if not _translatable(unit):
            continue
        notes = _child(unit, "notes")
        sup = directives(notes_text(_children(notes, "note"))) if notes is not None else ()
        segments = _children(unit, "segment")
        uid = unit.get("id", "")
        for seg in segments:
            source, target = _child(seg, "source"), _child(seg, "target")
            if source is None or target is None:
                continue
            sid = uid if len(segments) == 1 or not seg.get("id") else f"{uid}#{seg.get('id')}"
            ulang = norm_lang(target.get(XML_LANG)) or tlang
            _add(out, doc, path, source, target, slang, ulang, sid, unit.get("name", ""), sup)
    return out


def _add(
    out: list[Segment],
    doc: XmlDocument,
    path: str,
    source: etree._Element,
    target: etree._Element,
    slang: str,
    tlang: str,
    sid: str,
    ctx: str,
    sup: tuple[str, ...],
) -> None:
    tside: Side = doc.side(target, tlang)
    if not tside.text.strip():
        return
    out.append(Segment(path=path, target=tside, source=doc.side(source, slang), id=sid, context=ctx, suppressions=sup))
