"""The memory meets other files: TMX 1.4 / TSV export, and pre-translation of PO and XLIFF.

TMX: one ``<tu>`` per entry with a ``tuid``, the context as ``<prop type="x-context">``,
unreviewed entries as ``<prop type="x-status">fuzzy</prop>``, the ``#:`` references as
``<prop type="x-reference">``, then the source and target ``<tuv>``; it validates against
the TMX 1.4b DTD. Characters XML 1.0 cannot hold become ``<ph type="x-char">U+0007</ph>``.

TSV: a header row naming the languages, then source and translation per row, quoted
CSV-style where a field holds a tab, a quote or a line break, which ``glossary``'s TSV
reader (and ``tm import``) reads back exactly.

Pre-translation fills untranslated units from the memory; every leveraged translation is
checked against the glossary first (``TermGuard``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lxml import etree

from glossary import __version__
from glossary.errors import DataError
from glossary.memory import transfer_changes
from glossary.model import Finding, Segment, Side
from glossary.po import fill_msgstrs, read_units
from glossary.readers.common import norm_lang
from glossary.tm_store import Memory, MemoryEntry
from glossary.writes import write_bytes_atomic
from glossary.xmlsafe import parse_xml

if TYPE_CHECKING:
    from glossary.lint import Checker

__all__ = [
    "Leverage",
    "PretranslateReport",
    "TermGuard",
    "leverage",
    "pretranslate_po",
    "pretranslate_xliff",
    "render_tmx",
    "render_tsv",
    "write_export",
]

_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(text: str) -> str:
    return _esc(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;").replace("\r", "&#13;")


def _seg(text: str) -> str:
    out = _esc(text)
    if _BAD_XML.search(out):
        out = _BAD_XML.sub(lambda m: f'<ph type="x-char">U+{ord(m.group()):04X}</ph>', out)
    return out


def _clean(text: str) -> str:
    return _BAD_XML.sub(lambda m: f"U+{ord(m.group()):04X}", text)


def render_tmx(entries: Iterable[MemoryEntry], source_lang: str = "en", target_lang: str = "es") -> Iterable[str]:
    """The TMX 1.4 document, in chunks."""
    yield ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">\n'
           f'  <header creationtool="glossary" creationtoolversion="{_attr(__version__)}" segtype="sentence" '
           f'o-tmf="glossary memory.po" adminlang="en" srclang="{_attr(source_lang)}" datatype="plaintext"/>\n'
           "  <body>\n")
    for e in entries:
        parts = [f'    <tu tuid="{e.id + 1}">\n']
        if e.context:
            parts.append(f'      <prop type="x-context">{_esc(_clean(e.context))}</prop>\n')
        if e.fuzzy:
            parts.append('      <prop type="x-status">fuzzy</prop>\n')
        for r in e.references:
            parts.append(f'      <prop type="x-reference">{_esc(_clean(str(r)))}</prop>\n')
        parts.append(f'      <tuv xml:lang="{_attr(source_lang)}"><seg>{_seg(e.source)}</seg></tuv>\n')
        parts.append(f'      <tuv xml:lang="{_attr(target_lang)}"><seg>{_seg(e.target)}</seg></tuv>\n')
        parts.append("    </tu>\n")
        yield "".join(parts)
    yield "  </body>\n</tmx>\n"


def _tsv_field(text: str, first: bool) -> str:
    if any(c in text for c in '\t"\n\r') or (first and text.startswith("#")):
        return '"' + text.replace('"', '""') + '"'
    return text


def render_tsv(entries: Iterable[MemoryEntry], source_lang: str = "en", target_lang: str = "es") -> Iterable[str]:
    """The TSV document, in chunks: a ``source_lang<TAB>target_lang`` header, then rows."""
    yield f"{source_lang}\t{target_lang}\n"
    for e in entries:
        yield f"{_tsv_field(e.source, True)}\t{_tsv_field(e.target, False)}\n"


def write_export(path: str, chunks: Iterable[str]) -> int:
    """Write the chunks to ``path`` atomically; returns the number of bytes."""
    data = "".join(chunks).encode("utf-8")
    write_bytes_atomic(path, data)
    return len(data)


# --------------------------------------------------------------------------- pre-translation

_GUARDED = ("GL102", "GL103")


@dataclass(slots=True)
class PretranslateReport:
    """What ``pretranslate`` did, unit by unit counts."""

    units: int = 0
    exact: int = 0
    fuzzy: int = 0
    adjusted: int = 0
    fixed: int = 0
    flagged: int = 0
    kept: int = 0
    skipped_markup: int = 0
    skipped_other: int = 0


@dataclass(frozen=True, slots=True)
class Leverage:
    """A memory translation prepared for one unit: text, whether it needs review, notes."""

    text: str
    score: float
    fuzzy: bool
    notes: tuple[str, ...]
    fixed: bool
    flagged: bool
    adjusted: bool


class TermGuard:
    """Checks leveraged translations against the glossary: a forbidden or deprecated term
    (GL102/GL103) is replaced by the preferred form when the finding names one concept and
    one form; whatever remains is reported, and a remaining GL102/GL103 forces review."""

    def __init__(self, checker: Checker | None, source_lang: str, target_lang: str) -> None:
        self.checker = checker
        self.source_lang = source_lang
        self.target_lang = target_lang

    def _findings(self, source: str, target: str) -> list[Finding]:
        if self.checker is None:
            return []
        seg = Segment("<memory>", Side(target, self.target_lang), Side(source, self.source_lang))
        return list(self.checker.check("<memory>", [seg]).findings)

    def review(self, source: str, target: str) -> tuple[str, list[str], list[Finding]]:
        """(fixed target, descriptions of the fixes, findings left)."""
        findings = self._findings(source, target)
        fixes: list[str] = []
        text = target
        todo = [f for f in findings if f.code in _GUARDED and f.expected and f.found and ", " not in f.term
                and " | " not in f.expected and f.line == 1 and f.end_line == 1]
        for f in sorted(todo, key=lambda f: -f.column):
            start, end = f.column - 1, f.end_column - 1
            if text[start:end] != f.found:
                continue
            repl = f.expected
            if f.found[:1].isupper() and repl[:1].islower() and start == 0:
                repl = repl[:1].upper() + repl[1:]
            text = text[:start] + repl + text[end:]
            fixes.append(f"glossary: '{f.found}' replaced by '{repl}' [{f.term}] ({f.code} {f.rule})")
        left = self._findings(source, text) if fixes else findings
        return text, fixes, left


def leverage(memory: Memory, source: str, guard: TermGuard, *, threshold: float, reverse: bool,
             memory_label: str) -> Leverage | None:
    """The best memory translation for ``source``, adjusted and checked, or None."""
    hits = memory.lookup(source, top=1, threshold=threshold, reverse=reverse)
    if not hits:
        return None
    hit = hits[0]
    cmp = hit.comparison
    text = hit.translation
    notes = [f"tm: {cmp.score:g}% {cmp.kind} match, {memory_label}:{hit.entry.line}"]
    adjusted = False
    if cmp.changes and cmp.kind != "fuzzy":
        moved = transfer_changes(text, cmp.changes)
        if moved is not None and moved != text:
            text = moved
            adjusted = True
            notes.append("tm: " + ", ".join(f"'{a}' -> '{b}'" for a, b in cmp.changes) + " carried into the translation")
    text, fixes, left = guard.review(source, text)
    notes += fixes
    blocking = [f for f in left if f.code in _GUARDED]
    for f in left:
        notes.append(f"glossary: {f.code} {f.rule}: {f.message}")
    fuzzy = cmp.score < 100 or hit.entry.fuzzy or bool(blocking) or bool(fixes)
    return Leverage(text, cmp.score, fuzzy, tuple(notes), bool(fixes), bool(left), adjusted)


def _count(report: PretranslateReport, lev: Leverage) -> None:
    if lev.score >= 100:
        report.exact += 1
    else:
        report.fuzzy += 1
    report.fixed += lev.fixed
    report.flagged += lev.flagged
    report.adjusted += lev.adjusted


def pretranslate_po(path: str, out: str, memory: Memory, guard: TermGuard, *, threshold: float,
                    overwrite: bool, memory_label: str) -> PretranslateReport:
    """Fill the untranslated entries of a PO file from the memory (see ``leverage``);
    the rest of the file is kept byte for byte. Writes ``out`` atomically."""
    metadata, units = read_units(path)
    lang = norm_lang(dict((k.lower(), v) for k, v in metadata).get("language")) or guard.target_lang
    reverse = lang == "en"
    report = PretranslateReport()
    fills: dict[int, tuple[str, bool, tuple[str, ...]]] = {}
    for u in units:
        if u.obsolete or not u.msgid:
            continue
        report.units += 1
        if u.msgid_plural:
            report.skipped_other += 1
            continue
        if u.msgstr and not overwrite:
            report.kept += 1
            continue
        lev = leverage(memory, u.msgid, guard, threshold=threshold, reverse=reverse, memory_label=memory_label)
        if lev is None:
            continue
        _count(report, lev)
        fills[u.line] = (lev.text, lev.fuzzy, lev.notes)
    write_bytes_atomic(out, fill_msgstrs(path, fills))
    return report


def _local(tag: object) -> str:
    return tag.split("}", 1)[-1] if isinstance(tag, str) else ""


def _ns(el: etree._Element) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    return tag[: tag.index("}") + 1] if tag.startswith("{") else ""


def _child(el: etree._Element, name: str) -> etree._Element | None:
    return next((c for c in el if _local(c.tag) == name), None)


def _translatable(el: etree._Element) -> bool:
    node: etree._Element | None = el
    while node is not None:
        if node.get("translate") == "no":
            return False
        node = node.getparent()
    return True


def _plain(el: etree._Element) -> str | None:
    """The text of an element without inline markup, or None when it has child elements."""
    if any(isinstance(c.tag, str) for c in el):
        return None
    return el.text or ""


def pretranslate_xliff(path: str, out: str, memory: Memory, guard: TermGuard, *, threshold: float,
                       overwrite: bool, memory_label: str) -> PretranslateReport:
    """Fill empty targets of an XLIFF 1.2 / 2.x file from the memory.

    XLIFF 1.2: ``<target state="translated" state-qualifier="exact-match">`` or
    ``state="needs-review-translation" state-qualifier="fuzzy-match"``, a ``<note
    from="glossary">`` per remark and, for fuzzy matches, an ``<alt-trans
    match-quality="NN" origin="glossary-tm">``. XLIFF 2.x: segment ``state`` translated or
    initial with ``subState="glossary:fuzzy-NN"``, remarks as unit notes. Units whose
    source holds inline markup or ``<mrk>`` segmentation are left alone (counted).
    """
    tree = parse_xml(path)
    root = tree.getroot()
    if _local(root.tag) != "xliff":
        raise DataError(path, root.sourceline, f"not an XLIFF file (root element <{_local(root.tag)}>)")
    report = PretranslateReport()
    ns = _ns(root)
    v2 = root.get("version", "").startswith("2")

    def fill(source: etree._Element, target: etree._Element | None, *, reverse: bool,
             segmented: bool = False) -> tuple[etree._Element, str, Leverage] | None:
        """Leverage one source into its target (made if missing), counting what happens;
        None when the unit is kept, holds markup or segmentation, or has no match."""
        report.units += 1
        if target is not None and (target.text or len(target)) and not overwrite:
            report.kept += 1
            return None
        text = _plain(source)
        if text is None or segmented:
            report.skipped_markup += 1
            return None
        lev = leverage(memory, text, guard, threshold=threshold, reverse=reverse, memory_label=memory_label)
        if lev is None:
            return None
        _count(report, lev)
        if target is None:
            target = etree.Element(f"{ns}target")
            source.addnext(target)
            target.tail = source.tail
        for c in list(target):
            target.remove(c)
        target.text = lev.text
        return target, text, lev
    if v2:
        src_lang = norm_lang(root.get("srcLang")) or guard.source_lang
        reverse = src_lang != "en"
        for unit in root.iter(f"{ns}unit"):
            if not _translatable(unit):
                continue
            for seg in [c for c in unit if _local(c.tag) == "segment"]:
                source = _child(seg, "source")
                if source is None:
                    continue
                filled = fill(source, _child(seg, "target"), reverse=reverse)
                if filled is None:
                    continue
                target, _, lev = filled
                seg.set("state", "initial" if lev.fuzzy else "translated")
                if lev.fuzzy:
                    seg.set("subState", f"glossary:fuzzy-{int(lev.score)}")
                elif "subState" in seg.attrib:
                    del seg.attrib["subState"]
                notes = _child(unit, "notes")
                if notes is None:
                    notes = etree.Element(f"{ns}notes")
                    unit.insert(0, notes)
                for n in lev.notes:
                    note = etree.SubElement(notes, f"{ns}note", category="glossary")
                    note.text = n
    else:
        for file in root.iter(f"{ns}file"):
            src_lang = norm_lang(file.get("source-language")) or guard.source_lang
            reverse = src_lang != "en"
            for tu in file.iter(f"{ns}trans-unit"):
                if not _translatable(tu):
                    continue
                source = _child(tu, "source")
                if source is None:
                    continue
                filled = fill(source, _child(tu, "target"), reverse=reverse,
                              segmented=_child(tu, "seg-source") is not None)
                if filled is None:
                    continue
                target, text, lev = filled
                target.set("state", "needs-review-translation" if lev.fuzzy else "translated")
                target.set("state-qualifier", "fuzzy-match" if lev.score < 100 else "exact-match")
                alt_first = _child(tu, "alt-trans")
                for n in lev.notes:
                    note = etree.Element(f"{ns}note", attrib={"from": "glossary"})
                    note.text = n
                    if alt_first is not None:
                        alt_first.addprevious(note)
                    else:
                        tu.append(note)
                    note.tail = target.tail
                if lev.score < 100:
                    alt = etree.SubElement(tu, f"{ns}alt-trans", attrib={"match-quality": f"{lev.score:g}",
                                                                        "origin": "glossary-tm"})
                    s = etree.SubElement(alt, f"{ns}source")
                    s.text = text
                    t = etree.SubElement(alt, f"{ns}target")
                    t.text = lev.text
                    alt.tail = target.tail
    enc = tree.docinfo.encoding or "UTF-8"
    data = etree.tostring(tree, xml_declaration=True, encoding=enc)
    write_bytes_atomic(out, data)
    return report
