"""msgcat-style rendering of PO strings: escapes, display width, line breaking at 79 columns.

``_render_string`` is the reference implementation; ``render_po_string`` gives the same
lines through a fast path for plain one-column text (translation memories render many).
"""

from __future__ import annotations

import re
import unicodedata

from glossary.model import Reference

WRAP_WIDTH = 79
"""Maximum width of a rendered ``msgid``/``msgstr`` line, as msgcat's default."""


def _width(s: str) -> int:
    if s.isascii():
        return len(s)
    w = 0
    for ch in s:
        if unicodedata.combining(ch):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return w


_PO_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\v": "\\v",
}
_PO_ESCAPE_RE = re.compile('[\\\\"\n\t\r\a\b\f\v]')


def _escape_po(text: str) -> str:
    return _PO_ESCAPE_RE.sub(lambda m: _PO_ESCAPES[m.group(0)], text)


_NO_BREAK_BEFORE = frozenset(")]}!?,.;:/%")
_QUOTES = frozenset(('\\"', "'", "\u201c", "\u201d", "\u2018", "\u2019", "\u00ab", "\u00bb"))


def _units(esc: str) -> list[str]:
    """An escaped string split into units: escape sequences stay whole."""
    return re.findall(r"\\.|.", esc, flags=re.S)


def _is_ideo(u: str) -> bool:
    return len(u) == 1 and unicodedata.east_asian_width(u) in ("W", "F") and u.isalpha()


def _break_ok_at(line: list[str], k: int, cur: str) -> bool:
    """``_break_ok`` before ``cur`` at index ``k`` of ``line``, with the rules that look
    back across spaces: no break after an opening bracket, nor between a quote and an
    opening bracket (``"quoted" (paren)`` stays together)."""
    prev = line[k - 1]
    if not _break_ok(prev, cur):
        return False
    if prev == " ":
        j = k - 1
        while j >= 0 and line[j] == " ":
            j -= 1
        if j >= 0 and (line[j] in "([{" or (line[j] in _QUOTES and cur in "([{")):
            return False
    return True


def _break_ok(prev: str, cur: str) -> bool:
    """May a line break fall between units ``prev`` and ``cur``? A small subset of the
    Unicode line-breaking rules msgcat uses: after spaces (not before closing punctuation
    or a slash), after a hyphen or slash followed by a letter, around ideographs."""
    if cur == " ":
        return False
    if prev == " ":
        return cur not in _NO_BREAK_BEFORE
    if prev in "-/,.:;?!" and cur.isalpha():
        return True
    if (_is_ideo(prev) or _is_ideo(cur)) and cur not in _NO_BREAK_BEFORE and not cur.startswith("\\"):
        return prev not in "([{"
    return False


def _wrap(units: list[str], first_col: int, next_col: int, avail: int) -> list[str]:
    """Greedy line filling over break opportunities; an unbreakable run overflows.
    Columns count from 0: the first line starts at ``first_col``, the others at ``next_col``."""
    lines: list[str] = []
    line: list[str] = []
    col = first_col
    last_break = -1  # index in ``line`` before which a break may fall
    for u in units:
        w = _width(u)
        if line and _break_ok_at(line, len(line), u) and not all(x == " " for x in line):
            last_break = len(line)
        if line and col + w > avail and last_break > 0:
            lines.append("".join(line[:last_break]))
            line = line[last_break:]
            col = next_col + sum(_width(x) for x in line)
            last_break = -1
            for k in range(1, len(line)):
                if _break_ok_at(line, k, line[k]) and not all(x == " " for x in line[:k]):
                    last_break = k
        line.append(u)
        col += w
    if line or not lines:
        lines.append("".join(line))
    return lines


def _render_string(prefix: str, keyword: str, text: str, width: int = WRAP_WIDTH) -> list[str]:
    """``keyword "text"`` wrapped the way msgcat does: one line when the text holds no
    inner newline and needs no break, else ``keyword ""`` and the text cut after each
    newline and at line-break opportunities so lines stay within ``width`` columns."""
    pieces = [p for p in re.split(r"(?<=\n)", text) if p]
    head = f"{prefix}{keyword} "
    if len(pieces) <= 1:
        esc = _escape_po(text)
        if len(_wrap(_units(esc), _width(head) + 1, _width(prefix) + 1, width - 1)) == 1:
            return [f'{head}"{esc}"']
    out = [f'{head}""']
    for piece in pieces:
        col = _width(prefix) + 1
        for ln in _wrap(_units(_escape_po(piece)), col, col, width - 1):
            out.append(f'{prefix}"{ln}"')
    return out


def _render_refs(refs: tuple[Reference, ...], width: int = WRAP_WIDTH) -> list[str]:
    out: list[str] = []
    line = "#:"
    for r in refs:
        p = r.path
        if not p or any(ch.isspace() for ch in p):
            p = f"\u2068{p}\u2069"
        tok = f"{p}:{r.line}" if r.line else p
        if line != "#:" and _width(line) + 1 + _width(tok) > width:
            out.append(line)
            line = "#:"
        line += " " + tok
    if line != "#:":
        out.append(line)
    return out


_FAST_SPACE_RUN_RE = re.compile(r" +(?=[^ ])")
_FAST_PUNCT_BREAK_RE = re.compile(r"[-/,.:;?!](?=[^\W\d_\u00b2\u00b3\u00b9\u00bc-\u00be])")
_FAST_NOT_SIMPLE_RE = re.compile("[\n\u0300-\u200f\u2028-\u20ab\u20ad-\U0010ffff]")
_FAST_QUOTE_CHARS = frozenset("'\u201c\u201d\u2018\u2019\u00ab\u00bb")


def _fast_simple(text: str) -> bool:
    """True when every character is one column wide, not combining, not ideographic and
    not a newline, so the canonical wrapping can be computed on character counts."""
    return _FAST_NOT_SIMPLE_RE.search(text) is None


def _fast_breaks(esc: str) -> list[int]:
    """Break opportunities of an escaped simple string (``_break_ok_at`` rules), sorted."""
    out: list[int] = []
    for m in _FAST_SPACE_RUN_RE.finditer(esc):
        s, k = m.start(), m.end()
        if s == 0:
            continue  # the line before the break would be all spaces
        cur, prev = esc[k], esc[s - 1]
        if cur in ")]}!?,.;:/%" or prev in "([{":
            continue
        if cur in "([{" and (prev in _FAST_QUOTE_CHARS or prev == '"'):
            continue
        out.append(k)
    if _FAST_PUNCT_BREAK_RE.search(esc):
        out.extend(m.end() for m in _FAST_PUNCT_BREAK_RE.finditer(esc))
        out.sort()
    return out


def _escape_tails(esc: str) -> set[int]:
    """Offsets of the second character of every backslash escape: no line may break there."""
    if "\\" not in esc:
        return set()
    return {m.start() + 1 for m in re.finditer(r"\\.", esc, flags=re.S)}


def _fast_wrap(esc: str, breaks: list[int], first_col: int, next_col: int, avail: int) -> list[str]:
    """``_wrap(_units(esc), ...)`` for an escaped simple string (see ``_fast_simple``),
    jumping from break opportunity to break opportunity instead of walking every unit."""
    from bisect import bisect_right

    n = len(esc)
    second = _escape_tails(esc)
    lines: list[str] = []
    start, col0, excluded = 0, first_col, -1
    while True:
        limit = start + avail - col0
        if n <= limit:
            break
        p = limit - 1 if limit in second else limit
        if p <= start:
            p = start + (2 if start + 1 in second else 1)
        i = bisect_right(breaks, p)
        best = -1
        j = i - 1
        while j >= 0 and breaks[j] > start:
            if breaks[j] != excluded:
                best = breaks[j]
                break
            j -= 1
        after = breaks[i] if i < len(breaks) else -1
        if best > 0:
            excluded = p
        elif after > 0:
            best, excluded = after, -1
        else:
            break
        lines.append(esc[start:best])
        start, col0 = best, next_col
    lines.append(esc[start:])
    return lines


def _space_break_ok(esc: str, b: int) -> bool:
    """Whether a break may fall at ``b`` in an escaped simple string whose only break
    opportunities are after spaces (``_break_ok_at`` rules)."""
    if b >= len(esc) or esc[b] == " " or esc[b - 1] != " ":
        return False
    s = b - 1
    while s > 0 and esc[s - 1] == " ":
        s -= 1
    if s == 0:
        return False
    cur, prev = esc[b], esc[s - 1]
    if cur in ")]}!?,.;:/%" or prev in "([{":
        return False
    return not (cur in "([{" and (prev in _FAST_QUOTE_CHARS or prev == '"'))


def _fast_wrap_spaces(esc: str, col: int, avail: int) -> list[str] | None:
    """``_fast_wrap`` for text whose only break opportunities follow spaces, finding
    each line's break with ``rfind``; None when the text fits on the first line."""
    n = len(esc)
    second = _escape_tails(esc)
    lines: list[str] = []
    start, excluded = 0, -1
    while True:
        limit = start + avail - col
        if n <= limit:
            break
        p = limit - 1 if limit in second else limit
        if p <= start:
            p = start + (2 if start + 1 in second else 1)
        best = -1
        k = p
        while True:
            sp = esc.rfind(" ", start, k)
            if sp < 0:
                break
            if sp + 1 > start and sp + 1 != excluded and _space_break_ok(esc, sp + 1):
                best = sp + 1
                break
            k = sp
        if best > 0:
            excluded = p
        else:
            k = p
            while True:
                sp = esc.find(" ", k)
                if sp < 0:
                    break
                if sp + 1 > p and _space_break_ok(esc, sp + 1):
                    best = sp + 1
                    break
                k = sp + 1
            if best < 0:
                break
            excluded = -1
        lines.append(esc[start:best])
        start = best
    lines.append(esc[start:])
    return lines


def render_po_string(prefix: str, keyword: str, text: str) -> list[str]:
    """``keyword "text"`` in canonical form (msgcat wrapping), exactly as the term-base
    writer renders it; plain one-column text takes a fast path."""
    if not (text.isascii() and "\n" not in text) and _FAST_NOT_SIMPLE_RE.search(text) is not None:
        return _render_string(prefix, keyword, text)
    esc = _escape_po(text)
    head = f"{prefix}{keyword} "
    if len(head) + 1 + len(esc) <= WRAP_WIDTH - 1:
        return [f'{head}"{esc}"']
    col = len(prefix) + 1
    if _FAST_PUNCT_BREAK_RE.search(esc) is None:
        # one line iff there is no break opportunity at all
        lines = _fast_wrap_spaces(esc, col, WRAP_WIDTH - 1)
        if lines is None or (len(lines) == 1 and not any(
                _space_break_ok(esc, m.end()) for m in _FAST_SPACE_RUN_RE.finditer(esc))):
            return [f'{head}"{esc}"']
        return [f'{head}""'] + [f'{prefix}"{ln}"' for ln in lines]
    breaks = _fast_breaks(esc)
    if not breaks:
        return [f'{head}"{esc}"']
    return [f'{head}""'] + [f'{prefix}"{ln}"' for ln in _fast_wrap(esc, breaks, col, col, WRAP_WIDTH - 1)]
