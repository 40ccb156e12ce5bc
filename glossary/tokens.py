"""Tokens and normalisation: the one place that decides what "the same word" means.

Two views of a text are used:

* ``normalize`` gives the *display* form used to compare a span with a stored form: NFC,
  curly apostrophes and quotes made straight, every run of whitespace one space.
* ``fold_for_scan`` gives the *scan* form used by the matcher: case and accents folded,
  whitespace runs collapsed, and every character that sacremoses always splits off as a
  token of its own (brackets, quotes, apostrophes, commas, dashes other than ``-``, runs of
  dots...) turned into a space. The scan form keeps an offset map back to the original
  text, so matches point at the characters the user wrote.

Tokenization is sacremoses' ``MosesTokenizer`` with ``escape=False``; sacremoses is imported
lazily (importing it costs a noticeable fraction of a second).
"""

from __future__ import annotations

import bisect
import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from sacremoses import MosesTokenizer

APOSTROPHES: frozenset[str] = frozenset("'\u2019\u2018\u02bc\u201b\u2032\u00b4\uff07")
"""Characters treated as the apostrophe ``'`` (straight, curly, modifier letter, prime, acute)."""

QUOTES: frozenset[str] = frozenset('"\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\uff02')
"""Characters treated as the double quote ``"`` (curly, low, guillemets)."""

IGNORABLE: frozenset[str] = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
"""Invisible characters dropped when folding (soft hyphen, zero-width space/joiners, BOM)."""

# ---------------------------------------------------------------------------------------
# Display normalisation


_WS_RUN = re.compile(r"\s+")
_QUOTE_TABLE: dict[int, str | None] = {ord(c): "'" for c in APOSTROPHES if c != "'"}
_QUOTE_TABLE.update({ord(c): '"' for c in QUOTES if c != '"'})
_QUOTE_TABLE.update({ord(c): None for c in IGNORABLE})


def normalize(text: str) -> str:
    """NFC, straight apostrophes and quotes, no invisible characters, whitespace runs as one
    space, stripped: the form in which a span and a stored form are compared."""
    text = unicodedata.normalize("NFC", text).translate(_QUOTE_TABLE)
    return _WS_RUN.sub(" ", text).strip()


def fold_case(text: str) -> str:
    """Lower-case ``text`` without changing its length ("İ" becomes "i", not "i̇")."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower()[0] for c in text)


@lru_cache(maxsize=4096)
def _strip_char(c: str) -> str:
    if unicodedata.combining(c):
        return ""
    d = unicodedata.normalize("NFD", c)
    base = "".join(x for x in d if not unicodedata.combining(x))
    return base if len(base) == 1 else c


def fold_accents(text: str) -> str:
    """Remove diacritics, keeping case ("Gobernación" → "Gobernacion", "Ñ" → "N").

    Length-preserving for precomposed (NFC) text; combining marks of decomposed text are
    dropped."""
    if text.isascii():
        return text
    return "".join(_strip_char(c) for c in text)


def fold(text: str) -> str:
    """Case- and accent-folded display form: ``fold_accents(fold_case(normalize(text)))``."""
    return fold_accents(fold_case(normalize(text)))


def loose_key(text: str) -> str:
    """``text`` case-folded (``casefold``: "ß" is "ss"), without combining marks (NFD), its
    whitespace collapsed: what two spellings of a term share when only accents, case or
    spacing differ."""
    decomposed = unicodedata.normalize("NFD", " ".join(text.split()).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# ---------------------------------------------------------------------------------------
# Scan form with offset map

_SPLIT = '"'
"""Placeholder for a non-ASCII character sacremoses splits off; stage 5 turns it into a space."""


def _scan_char(c: str) -> str:
    """Scan form of one non-ASCII character: '' (drop), ' ', "'", '"' or one character."""
    if c.isspace():
        return " "
    if c in APOSTROPHES:
        return "'"
    if c in QUOTES:
        return '"'
    if c in IGNORABLE or unicodedata.combining(c):
        return ""
    low = c.lower()[0]
    r = _strip_char(low) or low
    if not r.isalnum():
        return _SPLIT
    return r


class _ScanTable(dict[int, str]):
    """A lazily filled ``str.translate`` table for non-ASCII characters."""

    def __missing__(self, key: int) -> str:
        value = _scan_char(chr(key))
        self[key] = value
        return value


_SCAN_TABLE = _ScanTable()
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
_SPACE_RUN = re.compile(r"  +")
_MULTIDOT = re.compile(r"\.{2,}")


def _ascii_tables() -> tuple[bytes, bytes]:
    first = bytearray(range(256))
    second = bytearray(range(256))
    for b in range(128):
        ch = chr(b)
        if "A" <= ch <= "Z":
            first[b] = ord(ch.lower())
        elif b < 0x20 or b == 0x7F:
            first[b] = 0x20
        if not ch.isalnum() and ch not in ".-":
            second[b] = 0x20
    return bytes(first), bytes(second)


_LOWER_WS, _PUNCT_SPACE = _ascii_tables()


class _Piecewise:
    """A monotone map from positions in a derived string to positions in its source."""

    __slots__ = ("dst", "src")

    def __init__(self) -> None:
        self.dst: list[int] = [0]
        self.src: list[int] = [0]

    def add(self, dst: int, src: int) -> None:
        if self.dst[-1] == dst:
            self.src[-1] = src
        else:
            self.dst.append(dst)
            self.src.append(src)

    def __call__(self, i: int) -> int:
        k = bisect.bisect_right(self.dst, i) - 1
        return self.src[k] + (i - self.dst[k])

    def __getstate__(self) -> tuple[list[int], list[int]]:
        return (self.dst, self.src)

    def __setstate__(self, state: tuple[list[int], list[int]]) -> None:
        self.dst, self.src = state


@dataclass(frozen=True, slots=True)
class Folded:
    """The scan form of a text and the way back to the text's own offsets.

    ``text`` has case and accents folded, whitespace runs collapsed to one space, and every
    character that is always a token of its own turned into a space; only letters, digits,
    spaces, ``.`` and ``-`` remain. ``maps`` (applied last to first) lead back to offsets
    in the original; empty when the lengths agree.
    """

    text: str
    original_length: int
    maps: tuple[_Piecewise, ...] = ()

    def to_original(self, i: int) -> int:
        """Offset in the original text of scan-form offset ``i`` (``len`` maps to ``len``)."""
        if i >= len(self.text):
            return self.original_length
        for m in reversed(self.maps):
            i = m(i)
        return i

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``(start, end)`` of the scan-form span ``[start, end)``; a span's end
        takes in characters dropped right after it (combining marks)."""
        if not self.maps:
            return start, end
        return self.to_original(start), self.to_original(end)


def _scan_errors(exc: UnicodeError) -> tuple[bytes, int]:
    """``encode`` error handler: the UTF-8 bytes of the scan form of a non-ASCII run."""
    run: str = exc.object[exc.start : exc.end]  # type: ignore[attr-defined]
    out = _RUN_CACHE.get(run)
    if out is None:
        if len(_RUN_CACHE) > 65536:
            _RUN_CACHE.clear()
        out = _RUN_CACHE[run] = run.translate(_SCAN_TABLE).encode("utf-8", "surrogatepass")
    return out, exc.end  # type: ignore[attr-defined]


_RUN_CACHE: dict[str, bytes] = {}


codecs.register_error("glossary-scan", _scan_errors)


def _fold_non_ascii(s: str) -> tuple[str, _Piecewise | None]:
    """Slow path: fold non-ASCII runs one by one, recording dropped characters."""
    changed: list[tuple[int, str]] = []

    def repl(m: re.Match[str]) -> str:
        run = m.group()
        out = run.translate(_SCAN_TABLE)
        if len(out) != len(run):
            changed.append((m.start(), run))
        return out

    s = _NON_ASCII_RUN.sub(repl, s)
    if not changed:
        return s, None
    pm = _Piecewise()
    dropped = 0
    for pos, run in changed:
        for i, ch in enumerate(run):
            if _SCAN_TABLE[ord(ch)] == "":
                dropped += 1
                pm.add(pos + i + 1 - dropped, pos + i + 1)
    return s, pm


class _NotLatin(Exception):
    """A character whose scan form is not one Latin-1 character: ``_latin_fold`` gives up."""


def _latin_errors(exc: UnicodeError) -> tuple[bytes, int]:
    """``encode`` error handler: the Latin-1 bytes of the scan form of a run beyond Latin-1
    (curly quotes, dashes), or ``_NotLatin`` when that form is not one Latin-1 character each."""
    run: str = exc.object[exc.start : exc.end]  # type: ignore[attr-defined]
    out = run.translate(_SCAN_TABLE)
    if len(out) != len(run):
        raise _NotLatin
    try:
        return out.encode("latin-1"), exc.end  # type: ignore[attr-defined]
    except UnicodeEncodeError:
        raise _NotLatin from None


codecs.register_error("glossary-scan-latin", _latin_errors)


def _latin_table() -> tuple[bytes, bytes]:
    """A byte table giving the scan form of every Latin-1 character that has a one-character
    Latin-1 scan form (ASCII as ``_LOWER_WS``), and the bytes of those that have not."""
    table = bytearray(_LOWER_WS)
    odd = bytearray()
    for b in range(128, 256):
        r = _scan_char(chr(b))
        if len(r) == 1 and ord(r) < 256:
            table[b] = ord(r)
        else:
            odd.append(b)
    return bytes(table), bytes(odd)


_LATIN_FOLD, _LATIN_ODD = _latin_table()


def _latin_fold(text: str) -> bytes | None:
    """The case- and accent-folded form of ``text`` as Latin-1 bytes of the same length, in
    two C passes, when every character folds to one Latin-1 character (Spanish and English
    text, curly quotes and dashes included); None otherwise."""
    try:
        b = text.encode("latin-1", "glossary-scan-latin")
    except _NotLatin:
        return None
    if _LATIN_ODD and any(ch in b for ch in _LATIN_ODD):
        return None
    return b.translate(_LATIN_FOLD)


def fold_for_scan(text: str) -> Folded:
    """The scan form of ``text`` (see ``Folded``); linear time, almost all of it in C."""
    n = len(text)
    maps: list[_Piecewise] = []
    latin = _latin_fold(text)
    if latin is not None:
        if b"  " not in latin and b".." not in latin:
            # Nothing to collapse: one more C pass.
            return Folded(latin.translate(_PUNCT_SPACE).decode("latin-1"), n)
        s = latin.decode("latin-1")
    else:
        s = text.encode("ascii", "glossary-scan").translate(_LOWER_WS).decode("utf-8")
        if len(s) != n:
            lowered = text.encode("utf-8", "surrogatepass").translate(_LOWER_WS)
            s, pm = _fold_non_ascii(lowered.decode("utf-8", "surrogatepass"))
            if pm is not None:
                maps.append(pm)
    if "  " in s:
        pm = _Piecewise()
        removed = 0
        pieces: list[str] = []
        last = 0
        for m in _SPACE_RUN.finditer(s):
            a, z = m.span()
            pieces.append(s[last : a + 1])
            last = z
            removed += z - a - 1
            pm.add(z - removed, z)
        pieces.append(s[last:])
        s = "".join(pieces)
        maps.append(pm)
    if ".." in s:
        s = _MULTIDOT.sub(lambda m: " " * len(m.group()), s)
    s = s.encode("utf-8").translate(_PUNCT_SPACE).decode("utf-8")
    return Folded(s, n, tuple(maps))


def fold_key(text: str) -> str:
    """The scan form of a stored term form, stripped ('' when nothing is left)."""
    return fold_for_scan(normalize(text)).text.strip()


# ---------------------------------------------------------------------------------------
# sacremoses


@lru_cache(maxsize=None)
def get_tokenizer(lang: str) -> "MosesTokenizer":
    """The cached ``MosesTokenizer`` for ``lang`` (imports sacremoses on first use)."""
    from sacremoses import MosesTokenizer

    return MosesTokenizer(lang=lang)


@lru_cache(maxsize=None)
def nonbreaking_prefixes(lang: str) -> tuple[frozenset[str], frozenset[str]]:
    """sacremoses' non-breaking prefixes for ``lang``: (all that keep their period, numeric-only)."""
    tok: Any = get_tokenizer(lang)
    numeric = frozenset(tok.NUMERIC_ONLY_PREFIXES)
    return frozenset(tok.NONBREAKING_PREFIXES) - numeric, numeric


_TOKENIZE_QUOTES = {ord(c): "'" for c in APOSTROPHES if c != "'"}


def tokenize(text: str, lang: str) -> list[str]:
    """sacremoses tokens of ``text`` (``escape=False``), curly apostrophes read as straight."""
    return [t for t, _, _ in tokenize_with_offsets(text, lang)]


def tokenize_with_offsets(text: str, lang: str) -> list[tuple[str, int, int]]:
    """sacremoses tokens of ``text`` with their ``[start, end)`` character offsets.

    Tokens are returned as written in ``text`` (``text[start:end]``); curly apostrophes are
    treated as straight ones, control characters sacremoses drops are skipped over.
    """
    prepared = text.translate(_TOKENIZE_QUOTES)
    raw = get_tokenizer(lang).tokenize(prepared, escape=False)
    out: list[tuple[str, int, int]] = []
    pos = 0
    n = len(prepared)
    for tok in raw:
        idx = prepared.find(tok, pos)
        if idx >= 0 and (idx == pos or _only_junk(prepared, pos, idx)):
            out.append((text[idx : idx + len(tok)], idx, idx + len(tok)))
            pos = idx + len(tok)
            continue
        # A token with junk characters removed from inside it: walk character by character.
        while pos < n and (prepared[pos].isspace() or ord(prepared[pos]) < 0x20):
            pos += 1
        start = pos
        for ch in tok:
            while pos < n and prepared[pos] != ch and ord(prepared[pos]) < 0x20:
                pos += 1
            if pos < n and prepared[pos] == ch:
                pos += 1
        if pos > start:
            out.append((text[start:pos], start, pos))
    return out


def _only_junk(s: str, a: int, b: int) -> bool:
    return all(c.isspace() or ord(c) < 0x20 for c in s[a:b])
