"""TMX 1.1 / 1.4 reader: one segment per translation unit, for the chosen language pair."""

from __future__ import annotations

from lxml import etree

from glossary.errors import DataError
from glossary.model import Anchor, Segment, Side
from glossary.readers.common import directives, lang_matches, norm_lang
from glossary.readers.xmltext import XmlDocument, check_decoding, local, notes_text, plain_text, stream_xml

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


def read_tmx(
    path: str, data: bytes, *, source_lang: str = "en", target_lang: str = "es", positions: bool = True
) -> list[Segment]:
    """Segments of a TMX file: source from the ``source_lang`` variant, target from ``target_lang``.

    Language codes match on the primary subtag, in any case (EN-GB, en-us and en all match
    'en'). With several variants in one language, the header ``srclang`` (for the source)
    or an exact match of the requested code wins, else the first. Units lacking either
    language are skipped; a file with units but no ``target_lang`` variant at all is an error.

    With ``positions`` False (the memory's bulk import) the file is streamed, units are
    dropped once read, and each side gets one anchor at its ``<seg>`` line: same segments,
    same errors, a fraction of the time and memory.
    """
    if not positions:
        try:
            return _stream_tmx(path, data, source_lang, target_lang)
        except DataError:
            XmlDocument(data, path, positions=False)  # parse and decoding errors come first, as below
            raise
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


_Variant = tuple[str, str, str | None, int]
"""A ``<tuv>`` kept by the streaming reader: language code, its primary subtag, ``<seg>``
text (None without a seg, or in a language not read) and the seg's line."""


def _pick_index(variants: list[_Variant], wanted: str, prefer: str) -> int | None:
    """``_pick`` over kept variants (``wanted`` already normalized), by position."""
    first: int | None = None
    want = prefer.lower().replace("_", "-") if prefer else ""
    for i, (code, lang, _text, _line) in enumerate(variants):
        if lang == wanted and code:
            if want and code.lower().replace("_", "-") == want:
                return i
            if first is None:
                first = i
    return first


def _stream_tmx(path: str, data: bytes, source_lang: str, target_lang: str) -> list[Segment]:
    """``read_tmx`` without positions: one streaming pass that clears each unit once read."""
    slang, tlang = norm_lang(source_lang), norm_lang(target_lang)
    has_region = slang != source_lang.strip().lower()
    source_prefer = source_lang
    header_seen = False
    # units whose source variant depends on a header not read yet: (index, tuid, variants, target, notes)
    pending: list[tuple[int, str, list[_Variant], int, tuple[str, ...]]] = []
    out: list[tuple[int, Segment]] = []
    open_units: list[int] = []
    units = 0
    seen_target = False
    reordered = False
    kinds: dict[object, str] = {}
    langs: dict[str, str] = {"": ""}

    def emit(index: int, tuid: str, variants: list[_Variant], t: int, sup: tuple[str, ...]) -> None:
        s = _pick_index(variants, slang, source_prefer)
        if s is None or s == t:
            return
        stext, sline = variants[s][2:]
        ttext, tline = variants[t][2:]
        if stext is None or ttext is None or not ttext.strip():
            return
        out.append((index, Segment(
            path=path,
            target=Side(ttext, tlang, (Anchor(0, tline, 1),)),
            source=Side(stext, slang, (Anchor(0, sline, 1),)),
            id=tuid or str(index),
            suppressions=sup,
        )))

    events = stream_xml(data, ("{*}tu", "{*}header"))
    root: etree._Element | None = None
    try:
        for event, el in events:
            if root is None:
                root = el.getroottree().getroot()
                _check_root(path, root)
            if event == "start":
                if local(el.tag) == "tu":
                    units += 1
                    open_units.append(units)
                    reordered = reordered or len(open_units) > 1
                continue
            if local(el.tag) == "header":
                if not header_seen and el.getparent() is root:
                    header_seen = True
                    srclang = el.get("srclang") or ""
                    if not has_region and lang_matches(srclang, source_lang):
                        source_prefer = srclang
                    for item in pending:
                        emit(*item)
                    reordered = reordered or bool(pending)
                    pending.clear()
                continue
            index = open_units.pop()
            variants: list[_Variant] = []
            notes: list[etree._Element] = []
            candidates = 0
            for c in el:
                kind = kinds.get(c.tag)
                if kind is None:
                    kind = kinds[c.tag] = local(c.tag)
                if kind == "note":
                    notes.append(c)
                if kind != "tuv":
                    continue
                code = (c.get(XML_LANG) or c.get("lang") or "").strip()
                lang = langs.get(code)
                if lang is None:
                    lang = langs[code] = norm_lang(code)
                text: str | None = None
                line = 0
                if lang == slang or lang == tlang:
                    candidates += lang == slang
                    for seg in c:
                        kind = kinds.get(seg.tag)
                        if kind is None:
                            kind = kinds[seg.tag] = local(seg.tag)
                        if kind == "seg":
                            text = (seg.text or "") if len(seg) == 0 else plain_text(seg)
                            line = seg.sourceline or 1
                            break
                variants.append((code, lang, text, line))
            t = _pick_index(variants, tlang, target_lang)
            if t is not None:
                seen_target = True
                sup = directives(notes_text(notes)) if notes else ()
                if header_seen or candidates < 2:
                    emit(index, el.get("tuid") or "", variants, t, sup)
                else:
                    pending.append((index, el.get("tuid") or "", variants, t, sup))
            if not open_units:  # a unit inside a unit stays until the outer one is read
                el.clear(keep_tail=False)
                parent = el.getparent()
                if parent is not None:
                    while el.getprevious() is not None:
                        del parent[0]
        root = events.root if root is None else root
    except etree.XMLSyntaxError as exc:
        raise DataError(path, exc.lineno or None, "not well-formed XML") from None
    if root is None:
        raise DataError(path, None, "not well-formed XML")
    _check_root(path, root)
    check_decoding(data, path)
    for item in pending:
        emit(*item)
    if reordered:
        out.sort(key=lambda pair: pair[0])
    if units and not seen_target:
        raise DataError(path, None, f"no {tlang} segments in this TMX")
    return [seg for _, seg in out]


def _check_root(path: str, root: etree._Element) -> None:
    """``DataError`` unless ``root`` is ``<tmx>`` and the document declares no XML entities."""
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None:
        for entity in dtd.iterentities():
            raise DataError(path, None, f"XML entity declarations are not allowed (entity {entity.name!r})")
    if local(root.tag) != "tmx":
        raise DataError(path, root.sourceline, f"not a TMX file (root element <{local(root.tag)}>)")
