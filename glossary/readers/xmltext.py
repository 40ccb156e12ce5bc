"""XML text with exact positions: inline-markup-aware text of an element, anchored to the file.

lxml gives the structure (and safe parsing); a small lexer over the decoded file finds the
start tag of every element in document order, so the text of any element can be walked in
the raw file: character data, entity and character references, CDATA and line ends, with
the line and column of every character. Placeholder codes (``<x/>``, ``<ph>``, ``<bpt>``…)
become nothing; the text of paired markup (``<g>``, ``<mrk>``, ``<pc>``, ``<hi>``) is kept.
"""

from __future__ import annotations

import codecs
import functools
import html.entities
import io
import re
from dataclasses import dataclass

from lxml import etree

from glossary.errors import DataError
from glossary.model import Side
from glossary.readers.common import LineMap, SideBuilder, check_binary, decode_bytes
from glossary.xmlsafe import SAFE_SETTINGS, parse_xml

CODES = frozenset({"x", "bx", "ex", "ph", "bpt", "ept", "it", "ut", "sc", "ec", "sm", "em"})
"""Inline elements that stand for native codes: their content is not text."""

_TOKEN = re.compile(
    r"<!--.*?-->"
    r"|<!\[CDATA\[(?P<cdata>.*?)\]\]>"
    r"|<\?.*?\?>"
    r"|<!DOCTYPE(?:[^\[>]|\[.*?\])*>"
    r"|</(?P<end>[^\s>]+)\s*>"
    r"|<(?P<start>[^\s/>!?][^\s/>]*)(?P<attrs>(?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(?P<empty>/?)>",
    re.S,
)
_CHARDATA = re.compile(r"[^&\r\n]+|\r\n|\r|\n|&#[xX](?P<hex>[0-9a-fA-F]+);|&#(?P<dec>[0-9]+);|&(?P<name>[A-Za-z_][\w.-]*);|&")
_LITERAL = re.compile(r"[^\r\n]+|\r\n|\r|\n")
_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_ATTR_HEX = re.compile(r"""\bhex\s*=\s*["']([0-9a-fA-F]+)["']""")
_XML_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def local(tag: object) -> str:
    """Local name of an lxml tag ('{ns}name' or 'prefix:name' -> 'name'); '' for comments and PIs."""
    if not isinstance(tag, str):
        return ""
    return _local(tag)


@functools.lru_cache(maxsize=4096)
def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


@dataclass(frozen=True, slots=True)
class _Span:
    name: str
    content_start: int
    content_end: int


def _decode_xml(data: bytes, label: str) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16").lstrip("\ufeff")
        except UnicodeDecodeError:
            raise DataError(label, None, "not valid UTF-16") from None
    check_binary(data, label)
    m = _ENCODING.match(data.removeprefix(codecs.BOM_UTF8))
    encoding = m.group(1).decode("ascii") if m else "utf-8"
    return decode_bytes(data, label, encoding)


def _spans(text: str) -> list[_Span] | None:
    """Content ranges of all elements in document order, or None if the lexer got lost."""
    spans: list[_Span | None] = []
    stack: list[tuple[int, str, int]] = []
    append, push, pop = spans.append, stack.append, stack.pop
    for m in _TOKEN.finditer(text):
        c = text[m.start() + 1]
        if c == "/":
            name = m.group("end")
            if not stack or stack[-1][1] != name:
                return None
            index, _, start = pop()
            spans[index] = _Span(name, start, m.start())
        elif c in "!?":
            continue
        elif m.group("empty"):
            append(_Span(m.group("start"), m.end(), m.end()))
        else:
            push((len(spans), m.group("start"), m.end()))
            append(None)
    if stack or None in spans:
        return None
    return spans  # type: ignore[return-value]


class XmlDocument:
    """A parsed XML file that can give the anchored text of any of its elements."""

    def __init__(self, data: bytes, label: str, *, positions: bool = True) -> None:
        """Parse ``data``; with ``positions`` False the raw text is only checked (same errors),
        not scanned, and every side gets one anchor at its element's line."""
        self.label = label
        self.tree = parse_xml(data, label)
        self.root = self.tree.getroot()
        self._spans: dict[object, _Span] | None = None
        self.text = _decode_xml(data, label)
        if not positions:
            self.text = ""
            self.lines = LineMap("")
            return
        self.lines = LineMap(self.text)
        elements = list(self.root.iter(etree.Element))
        spans = _spans(self.text)
        if spans is not None and len(spans) == len(elements):
            if all(local(el.tag) == s.name.rsplit(":", 1)[-1] for el, s in zip(elements, spans)):
                self._elements = elements  # keeps the proxies (and so the dict keys) alive
                self._spans = dict(zip(elements, spans))

    @property
    def exact(self) -> bool:
        """True when columns are exact (the lexer matched lxml element for element)."""
        return self._spans is not None

    def side(self, el: etree._Element, lang: str) -> Side:
        """The text of ``el`` (inline codes dropped) as a ``Side`` anchored in the file."""
        b = SideBuilder()
        span = self._spans.get(el) if self._spans is not None else None
        if span is None:
            b.add(plain_text(el), el.sourceline or 1, 1)
            return b.side(lang, (el.sourceline or 1, 1))
        self._walk(b, span.content_start, span.content_end)
        return b.side(lang, self.lines.position(span.content_start))

    def _walk(self, b: SideBuilder, start: int, end: int) -> None:
        text, pos = self.text, self.lines.position
        skip = 0
        i = start
        for m in _TOKEN.finditer(text, start, end):
            if i < m.start() and not skip:
                self._chars(b, i, m.start())
            i = m.end()
            name = m.group("start")
            if name is not None:
                lname = name.rsplit(":", 1)[-1]
                if skip:
                    skip += 0 if m.group("empty") else 1
                elif lname in CODES:
                    skip = 0 if m.group("empty") else 1
                elif lname == "cp":
                    h = _ATTR_HEX.search(m.group("attrs") or "")
                    if h:
                        try:
                            b.add(chr(int(h.group(1), 16)), *pos(m.start()))
                        except (ValueError, OverflowError):
                            pass
                    skip = 0 if m.group("empty") else 1
            elif m.group("end") is not None:
                if skip:
                    skip -= 1
            elif m.group("cdata") is not None and not skip:
                cstart = m.start("cdata")
                for c in _LITERAL.finditer(text, cstart, m.end("cdata")):
                    chunk = c.group()
                    b.add("\n" if chunk[0] in "\r\n" else chunk, *pos(c.start()))
        if i < end and not skip:
            self._chars(b, i, end)

    def _chars(self, b: SideBuilder, start: int, end: int) -> None:
        pos = self.lines.position
        text = self.text
        if text.find("&", start, end) < 0 and text.find("\n", start, end) < 0 and text.find("\r", start, end) < 0:
            b.add(text[start:end], *pos(start))
            return
        for m in _CHARDATA.finditer(self.text, start, end):
            chunk = m.group()
            if chunk[0] not in "&\r\n":
                b.add(chunk, *pos(m.start()))
            elif chunk[0] != "&":
                b.add("\n", *pos(m.start()))
            elif m.group("hex") or m.group("dec"):
                try:
                    code = int(m.group("hex"), 16) if m.group("hex") else int(m.group("dec"))
                    b.add(chr(code), *pos(m.start()))
                except (ValueError, OverflowError):
                    b.add(chunk, *pos(m.start()))
            elif m.group("name"):
                name = m.group("name")
                ch = _XML_ENTITIES.get(name) or html.entities.html5.get(name + ";", chunk)
                b.add(ch, *pos(m.start()))
            else:
                b.add(chunk, *pos(m.start()))


def stream_xml(data: bytes, tags: tuple[str, ...]) -> etree.iterparse:
    """Start and end events of the elements named ``tags`` (``{*}name`` patterns) in ``data``,
    streamed with the safety settings of ``parse_xml`` (no entities, network or DTD loading).

    The caller maps ``etree.XMLSyntaxError`` to ``DataError`` (``XmlDocument`` of the same data
    gives the exact error) and checks the document's DTD for entity declarations."""
    return etree.iterparse(io.BytesIO(data), events=("start", "end"), tag=tags, **SAFE_SETTINGS)


def check_decoding(data: bytes, label: str) -> None:
    """Raise the ``DataError`` that decoding ``data`` as ``XmlDocument`` does would raise, if any."""
    _decode_xml(data, label)


def plain_text(el: etree._Element) -> str:
    """Text of ``el`` from lxml alone (inline codes dropped), used when positions are unknown."""
    parts: list[str] = [el.text or ""]
    for child in el:
        name = local(child.tag)
        if name and name not in CODES:
            if name == "cp":
                try:
                    parts.append(chr(int(child.get("hex", ""), 16)))
                except (ValueError, OverflowError):
                    pass
            else:
                parts.append(plain_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def notes_text(elements: list[etree._Element]) -> str:
    """All text of the given note elements, one per line."""
    return "\n".join("".join(el.itertext()) for el in elements)
