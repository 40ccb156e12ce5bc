"""Markdown reader: paragraphs of prose, with code, URLs, link targets and markup blanked.

Skipped spans are replaced by spaces of the same length in a copy of each line, so every
offset still points at its own line and column in the file. Skipped: front matter
(``---`` YAML or ``+++`` TOML at the top), fenced and indented code blocks, inline code
spans, autolinks, bare URLs and e-mail addresses, link and image targets (the link text
and image alt text stay), reference definitions, reference labels, footnote markers, HTML
tags and comments, and markup characters (``#`` heading marks, ``>`` quote marks,
emphasis ``*``/``_``/``~~``, table pipes and separator rows).

Comments ``<!-- glossary: ignore ... -->`` become suppressions of the next paragraph (or
of the paragraph they sit in); ``<!-- glossary: off -->`` ... ``<!-- glossary: on -->``
drops the paragraphs between them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from glossary.model import Segment
from glossary.readers.common import line_texts
from glossary.readers.text import paragraphs

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?=\s|$)")
_ATX_CLOSE = re.compile(r"\s(#+)\s*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
_THEMATIC = re.compile(r"^ {0,3}((\*\s*){3,}|(-\s*){3,}|(_\s*){3,})$")
_REFDEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S")
_LIST = re.compile(r"^\s*([-*+]|\d{1,9}[.)])(\s+|$)")
_QUOTE = re.compile(r"^( {0,3}>\s?)+")
# no two white-space runs side by side: a long blank line must not take quadratic time
_TABLE_SEP = re.compile(r"^\s*(?:\|\s*)?:?-+:?(?:\s*\|\s*:?-+:?)+\s*(?:\|\s*)?$")
_DIRECTIVE = re.compile(r"^\s*glossary:\s*(.*?)\s*$", re.S | re.I)

_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>")
_LINK = re.compile(
    r"(!?\[)((?:[^\[\]]|\[[^\[\]]*\])*)(\]\(\s*(?:<[^>\n]*>|(?:[^\s()]|\([^\s()]*\))*)"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)|\]\[[^\]]*\])"
)
_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")
# an e-mail address starts only where a run of [\w.+-] starts (not after every dot: quadratic)
_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>\"]+|\bwww\.[^\s<>\"]+|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b",
                  re.I)
_URL_TRAIL = ".,;:!?)]}'\""
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s+[^<>]*?)?/?>")
_EMPHASIS = re.compile(r"\*+|~~+|(?<![^\W_])_+|_+(?![^\W_])|\\(?=[!-/:-@\[-`{-~])")


@dataclass(frozen=True, slots=True)
class _Directive:
    line: int  # 0-based line index
    text: str


def _blank(s: str) -> str:
    return "".join("\n" if c == "\n" else " " for c in s)


def _indent(line: str) -> int:
    width = 0
    for c in line:
        if c == " ":
            width += 1
        elif c == "\t":
            width += 4 - width % 4
        else:
            break
    return width


class _Doc:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.skip = [False] * len(lines)  # whole line is not prose (code, front matter)
        self.breaks: set[int] = set()
        self.directives: list[_Directive] = []

    def blank_line(self, i: int) -> None:
        self.lines[i] = " " * len(self.lines[i])
        self.skip[i] = True

    def blank_span(self, i: int, start: int, end: int) -> None:
        line = self.lines[i]
        self.lines[i] = line[:start] + " " * (end - start) + line[end:]


def _blocks(doc: _Doc) -> None:
    """Front matter, fenced code and indented code: blank whole lines."""
    lines = doc.lines
    n = len(lines)
    i = 0
    if n and lines[0].strip() in ("---", "+++"):
        marker = lines[0].strip()
        ends = ("---", "...") if marker == "---" else ("+++",)
        for j in range(1, n):
            if lines[j].strip() in ends:
                for k in range(0, j + 1):
                    doc.blank_line(k)
                i = j + 1
                break
    prev_blank = True
    in_list = False
    while i < n:
        line = lines[i]
        m = _FENCE.match(line)
        if m and not (m.group(1)[0] == "`" and "`" in m.group(2)):
            fence = m.group(1)
            doc.blank_line(i)
            i += 1
            while i < n:
                close = re.match(r"^ {0,3}(" + re.escape(fence[0]) + r"{" + str(len(fence)) + r",})\s*$", lines[i])
                doc.blank_line(i)
                i += 1
                if close:
                    break
            prev_blank = True
            continue
        if not line.strip():
            prev_blank = True
            i += 1
            continue
        if _indent(line) >= 4 and prev_blank and not in_list:
            while i < n and (not lines[i].strip() or _indent(lines[i]) >= 4):
                doc.blank_line(i)
                i += 1
            prev_blank = True
            continue
        if _LIST.match(line):
            in_list = True
        elif _indent(line) == 0 and prev_blank:
            in_list = False
        prev_blank = False
        i += 1


def _comments(doc: _Doc) -> None:
    """HTML comments outside code: blank them, keep ``glossary:`` directives."""
    lines = doc.lines
    i = 0
    while i < len(lines):
        if doc.skip[i]:
            i += 1
            continue
        start = lines[i].find("<!--")
        if start < 0:
            i += 1
            continue
        body: list[str] = []
        j, col = i, start + 4
        while j < len(lines) and not doc.skip[j]:
            end = lines[j].find("-->", col)
            if end >= 0:
                body.append(lines[j][col:end])
                break
            body.append(lines[j][col:])
            j, col = j + 1, 0
        else:
            j -= 1
            end = len(lines[j]) - 3
        m = _DIRECTIVE.match("\n".join(body))
        if m:
            doc.directives.append(_Directive(i, m.group(1)))
        for k in range(i, j + 1):
            a = start if k == i else 0
            b = end + 3 if k == j else len(lines[k])
            doc.blank_span(k, a, b)
        # a comment alone on its lines leaves blank lines, which separate paragraphs;
        # look again on the same line: there may be another comment after this one
        i = j


def _lines(doc: _Doc) -> None:
    """Line-level markup: headings, rules, reference definitions, quotes, lists, tables."""
    lines = doc.lines
    for i, line in enumerate(lines):
        if doc.skip[i] or not line.strip():
            continue
        q = _QUOTE.match(line)
        if q:
            doc.blank_span(i, 0, q.end())
            line = lines[i]
        if _REFDEF.match(line):
            doc.blank_line(i)
            doc.breaks.add(i)
            continue
        if _THEMATIC.match(line) or (i > 0 and lines[i - 1].strip() and _SETEXT.match(line)):
            doc.blank_line(i)
            continue
        h = _ATX.match(line)
        if h:
            doc.blank_span(i, h.start(1), h.end(1))
            c = _ATX_CLOSE.search(lines[i])
            if c:
                doc.blank_span(i, c.start(1), c.end(1))
            doc.breaks.update((i, i + 1))
            continue
        if _LIST.match(line):
            doc.breaks.add(i)
        if _TABLE_SEP.match(line) and "|" in line:
            doc.blank_line(i)
            j = i - 1
            if j >= 0 and "|" in lines[j]:
                doc.breaks.update((j, j + 1))
                lines[j] = lines[j].replace("|", " ")
            k = i + 1
            while k < len(lines) and "|" in lines[k] and lines[k].strip():
                lines[k] = lines[k].replace("|", " ")
                doc.breaks.add(k)
                k += 1
            if k < len(lines):
                doc.breaks.add(k)


def _inline(text: str) -> str:
    """Blank inline non-prose in a paragraph's text (same length, newlines kept)."""
    chars = list(text)

    def blank(a: int, b: int) -> None:
        for k in range(a, b):
            if chars[k] != "\n":
                chars[k] = " "

    for m in _CODE_SPAN.finditer(text):
        blank(m.start(), m.end())
    text = "".join(chars)
    for m in _AUTOLINK.finditer(text):
        blank(m.start(), m.end())
    text = "".join(chars)
    for m in _LINK.finditer(text):
        blank(m.start(1), m.end(1))
        blank(m.start(3), m.end(3))
    text = "".join(chars)
    for m in _FOOTNOTE.finditer(text):
        blank(m.start(), m.end())
    text = "".join(chars)
    for m in _URL.finditer(text):
        url = m.group().rstrip(_URL_TRAIL)
        blank(m.start(), m.start() + len(url))
    text = "".join(chars)
    for m in _HTML_TAG.finditer(text):
        blank(m.start(), m.end())
    text = "".join(chars)
    for m in _EMPHASIS.finditer(text):
        blank(m.start(), m.end())
    return "".join(chars)


def read_markdown(path: str, text: str, lang: str) -> list[Segment]:
    """Monolingual segments of a Markdown file in ``lang``: one per paragraph, heading,
    list item or table row, with non-prose blanked so columns still point into the file."""
    doc = _Doc(line_texts(text))
    _blocks(doc)
    _comments(doc)
    _lines(doc)
    directives = sorted(doc.directives, key=lambda d: d.line)
    out: list[Segment] = []
    used: set[int] = set()
    for p in paragraphs(doc.lines, lang, doc.breaks):
        state_off = False
        for d in directives:
            if d.line >= p.first:
                break
            word = d.text.split(None, 1)[0].lower() if d.text.split() else ""
            if word in ("off", "disable"):
                state_off = True
            elif word in ("on", "enable"):
                state_off = False
        sup: list[str] = []
        for k, d in enumerate(directives):
            if k in used or d.line > p.last:
                continue
            if d.text.lower().startswith("ignore"):
                sup.append(d.text)
            used.add(k)
        if state_off:
            continue
        side = p.side
        cleaned = _inline(side.text)
        if not cleaned.strip():
            continue
        side = type(side)(cleaned, side.lang, side.anchors)
        out.append(Segment(path=path, target=side, id=str(p.first + 1), suppressions=tuple(sup)))
    return out
