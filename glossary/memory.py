"""Translation memory core: tokens, normalisation, match scores, differences, candidate index.

Pure: no files, no printing. Scores are word-based. A segment is cut into words,
numbers, placeholders (``{0}``, ``%s``, ``%(name)s``, ``<b>``, ``&amp;``, ``${x}``) and
punctuation. The *key* of a word is its case-folded text; every number has the key
``#`` and every placeholder the key ``{}``; punctuation and whitespace have none. The
base score of a candidate is the Indel similarity of the two key sequences (rapidfuzz
``ratio``): ``200 * common / (len(a) + len(b))``. Only identical text scores 100: a
candidate whose keys are all equal loses a point per differing number or placeholder,
and a point for differences in case, punctuation or spacing (at most 99, at least 90);
any other candidate scores at most 99.

``MemoryIndex`` finds the best candidates without scanning everything: an inverted
index from word keys to segment ids, with query words taken rarest first (highest idf)
and candidates pruned by the overlap and length they need to reach the threshold, the
survivors scored by rapidfuzz with the same scorer as an exhaustive scan.
"""

from __future__ import annotations

import math
import re
import unicodedata
from array import array
from collections import Counter, deque
from itertools import repeat
from dataclasses import dataclass
from difflib import SequenceMatcher
from operator import itemgetter
from typing import Iterable, Sequence

from rapidfuzz import fuzz, process

__all__ = [
    "Comparison",
    "DiffPart",
    "MemoryIndex",
    "NUMBER_KEY",
    "PLACEHOLDER_KEY",
    "Token",
    "base_score",
    "compare",
    "keys",
    "normalize",
    "render_diff",
    "tokenize",
    "transfer_changes",
]

NUMBER_KEY = "#"
"""The key every number shares."""
PLACEHOLDER_KEY = "{}"
"""The key every placeholder shares."""

_TOKEN_RE = re.compile(
    r"""
    (?P<ph>
        \{\{[^{}\n]*\}\}                                  # {{ mustache }}
      | \{[\w.:,\-]*\}                                    # {0} {name} {count,plural}
      | %(?:\d+\$)?(?:\([\w.\-]+\))?[-+\ \#0]*(?:\d+|\*)?(?:\.\d+)?[sdifuxXoeEgGcr@]  # printf
      | </?[A-Za-z][\w.:\-]*(?:\s[^<>\n]*)?/?>            # <b> </a0> <x id="1"/>
      | \$\{\w+\}                                         # ${var}
      | &(?:[A-Za-z]+|\#\d+|\#x[0-9A-Fa-f]+);             # &amp; &#160;
    )
    | (?P<num>\d+(?:[.,:/'\u2019\u00a0]\d+)*)
    | (?P<word>[^\W\d_]+(?:['\u2019][^\W\d_]+)*|_+)
    | (?P<punct>\S)
    """,
    re.X,
)
_KIND = {"ph": "placeholder", "num": "number", "word": "word", "punct": "punct"}


@dataclass(frozen=True, slots=True)
class Token:
    """One token of a segment: ``kind`` is word, number, placeholder or punct."""

    text: str
    kind: str
    start: int
    end: int

    @property
    def key(self) -> str:
        """What scoring compares: folded word, ``#`` for numbers, ``{}`` for placeholders,
        "" for punctuation (not scored)."""
        if self.kind == "word":
            return self.text.casefold()
        if self.kind == "number":
            return NUMBER_KEY
        if self.kind == "placeholder":
            return PLACEHOLDER_KEY
        return ""


def normalize(text: str) -> str:
    """NFC, case-folded, whitespace collapsed: the form concordance search compares."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def tokenize(text: str) -> tuple[Token, ...]:
    """The tokens of ``text`` (NFC) with their character offsets."""
    text = unicodedata.normalize("NFC", text)
    return tuple(Token(m.group(), _KIND[m.lastgroup or "punct"], m.start(), m.end()) for m in _TOKEN_RE.finditer(text))


_PH_PART = _TOKEN_RE.pattern.split("(?P<ph>", 1)[1].split(")\n    | (?P<num>", 1)[0]
_PH_RE = re.compile(_PH_PART, re.X)
_NUM_RE = re.compile(r"\d+(?:[.,:/'\u2019\u00a0]\d+)*")
_WORD_RE = re.compile("[^\\W\\d_]+(?:['\u2019][^\\W\\d_]+)*|_+|[\x01\x02]")
_SENTINELS = {"\x01": PLACEHOLDER_KEY, "\x02": NUMBER_KEY}


def keys(text: str) -> list[str]:
    """The scoring keys of ``text`` (see the module notes), the same as the keys of
    ``tokenize`` without punctuation, but fast: placeholders and numbers are replaced by
    sentinels and the words found in one pass."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    if "\x01" in text or "\x02" in text:
        text = text.replace("\x01", "\x03").replace("\x02", "\x03")  # plain punctuation
    if "{" in text or "%" in text or "<" in text or "$" in text or "&" in text:
        text = _PH_RE.sub("\x01", text)
    text = _NUM_RE.sub("\x02", text)
    if text.isascii():
        words = _WORD_RE.findall(text.lower())
    else:
        words = [w.casefold() for w in _WORD_RE.findall(text)]
    if "\x01" in text or "\x02" in text:
        get = _SENTINELS.get
        return [get(w, w) for w in words]
    return words


def _encode_pair(a: Sequence[str], b: Sequence[str]) -> tuple[str, str]:
    table: dict[str, str] = {}
    ea = "".join(table.setdefault(k, chr(0x100 + len(table))) for k in a)
    eb = "".join(table.setdefault(k, chr(0x100 + len(table))) for k in b)
    return ea, eb


def base_score(a: Sequence[str], b: Sequence[str]) -> float:
    """Word-level similarity 0–100 of two key sequences (rapidfuzz ``ratio``)."""
    if not a and not b:
        return 100.0
    ea, eb = _encode_pair(a, b)
    return float(fuzz.ratio(ea, eb))


@dataclass(frozen=True, slots=True)
class DiffPart:
    """A run of the marked difference: ``op`` is equal, delete (only in the memory
    segment) or insert (only in the query); ``text`` keeps its leading whitespace."""

    op: str
    text: str


@dataclass(frozen=True, slots=True)
class Comparison:
    """How a memory segment compares with a query.

    ``kind``: ``exact`` (identical text), ``number``/``name``/``placeholder`` (differs only
    in numbers, capitalised names or placeholders; several joined by ``+``), ``format``
    (only case, punctuation or spacing), or ``fuzzy``. ``changes`` pairs each differing
    number/name/placeholder as (in the memory segment, in the query).
    """

    score: float
    base: float
    kind: str
    differences: tuple[str, ...]
    changes: tuple[tuple[str, str], ...]
    diff: tuple[DiffPart, ...]


def _value(t: Token) -> str:
    return t.text.casefold() if t.kind == "word" else t.text


def _is_name(t: Token) -> bool:
    return t.kind == "word" and t.text[:1].isupper()


def compare(query: str, candidate: str, base: float | None = None) -> Comparison:
    """Score ``candidate`` (a memory segment) against ``query`` and mark the differences."""
    q, c = tokenize(query), tokenize(candidate)
    qk = [t.key for t in q if t.kind != "punct"]
    ck = [t.key for t in c if t.kind != "punct"]
    if base is None:
        base = base_score(qk, ck)
    diff = _diff(q, c, query, candidate)
    if query == candidate:
        return Comparison(100.0, 100.0, "exact", (), (), diff)
    qs = [t for t in q if t.kind != "punct"]
    cs = [t for t in c if t.kind != "punct"]
    differences: list[str] = []
    changes: list[tuple[str, str]] = []
    penalty = 0
    if qk == ck:
        for a, b in zip(cs, qs):
            if a.kind in ("number", "placeholder") and a.text != b.text:
                penalty += 1
                changes.append((a.text, b.text))
                if a.kind not in differences:
                    differences.append(a.kind)
        if any(a.kind == "word" and a.text != b.text for a, b in zip(cs, qs)):
            penalty += 1
            differences.append("case")
        if [t.text for t in q if t.kind == "punct"] != [t.text for t in c if t.kind == "punct"]:
            penalty += 1
            differences.append("punctuation")
        if not differences:
            differences.append("whitespace")
            penalty = 1
        score = float(100 - min(max(penalty, 1), 10))
        content = [d for d in differences if d in ("number", "placeholder")]
        kind = "+".join(content) if content else "format"
        return Comparison(score, base, kind, tuple(differences), tuple(changes), diff)
    # keys differ: are all differences one-for-one swaps of numbers, names or placeholders?
    sm = SequenceMatcher(None, [_value(t) for t in cs], [_value(t) for t in qs], autojunk=False)
    kinds: list[str] = []
    only_swaps = True
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        if op != "replace" or i2 - i1 != j2 - j1:
            only_swaps = False
            break
        for a, b in zip(cs[i1:i2], qs[j1:j2]):
            if a.kind == b.kind == "number":
                k = "number"
            elif a.kind == b.kind == "placeholder":
                k = "placeholder"
            elif _is_name(a) and _is_name(b):
                k = "name"
            else:
                only_swaps = False
                break
            changes.append((a.text, b.text))
            if k not in kinds:
                kinds.append(k)
        if not only_swaps:
            break
    numbers_differ = sorted(t.text for t in qs if t.kind == "number") != sorted(
        t.text for t in cs if t.kind == "number")
    score = max(0.0, min(base, 99.0) - (1.0 if numbers_differ else 0.0))
    if only_swaps and kinds:
        order = [k for k in ("number", "name", "placeholder") if k in kinds]
        return Comparison(round(score, 1), base, "+".join(order), tuple(order), tuple(changes), diff)
    return Comparison(round(score, 1), base, "fuzzy", ("words",), (), diff)


def _diff(q: tuple[Token, ...], c: tuple[Token, ...], qtext: str, ctext: str) -> tuple[DiffPart, ...]:
    """Token-level difference of the memory segment ``c`` against the query ``q``."""
    sm = SequenceMatcher(None, [t.text for t in c], [t.text for t in q], autojunk=False)
    qtext = unicodedata.normalize("NFC", qtext)
    ctext = unicodedata.normalize("NFC", ctext)
    parts: list[DiffPart] = []

    def span(tokens: tuple[Token, ...], text: str, i: int, j: int) -> str:
        lead = tokens[i - 1].end if i > 0 else 0
        return text[lead : tokens[j - 1].end]

    def add(op: str, text: str) -> None:
        if parts and parts[-1].op == op:
            parts[-1] = DiffPart(op, parts[-1].text + text)
        else:
            parts.append(DiffPart(op, text))

    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            add("equal", span(c, ctext, i1, i2))
            continue
        if i2 > i1:
            add("delete", span(c, ctext, i1, i2))
        if j2 > j1:
            add("insert", span(q, qtext, j1, j2))
    return tuple(parts)


def render_diff(parts: Iterable[DiffPart]) -> str:
    """The difference as text, wdiff style: ``[-only in memory-]{+only in query+}``."""
    out: list[str] = []
    for p in parts:
        body = p.text.lstrip()
        lead = p.text[: len(p.text) - len(body)]
        if p.op == "equal":
            out.append(p.text)
        elif p.op == "delete":
            out.append(f"{lead}[-{body}-]")
        else:
            out.append(f"{lead}{{+{body}+}}")
    return "".join(out).strip()


def transfer_changes(target: str, changes: Sequence[tuple[str, str]]) -> str | None:
    """Apply number/name/placeholder swaps to a memory translation: each old value must
    occur exactly once in ``target`` as a whole token. None when that is not so."""
    out = target
    for old, new in changes:
        pattern = re.compile(r"(?<![\w])" + re.escape(old) + r"(?![\w])")
        found = pattern.findall(out)
        if len(found) != 1:
            return None
        out = pattern.sub(lambda _m: new, out, count=1)
    return out


# --------------------------------------------------------------------------- index


def _bit_positions(bits: int, limit: int) -> list[int]:
    """The positions of the set bits of ``bits`` (lowest first), at most ``limit``."""
    out: list[int] = []
    if bits <= 0 or limit <= 0:
        return out
    data = bits.to_bytes((bits.bit_length() + 7) >> 3, "little")
    for m in _NONZERO_RE.finditer(data):
        base = m.start() << 3
        b = data[m.start()]
        while b:
            low = b & -b
            out.append(base + low.bit_length() - 1)
            b ^= low
        if len(out) >= limit:
            return out[:limit]
    return out


_NONZERO_RE = re.compile(rb"[^\x00]")


def _make_bitset(postings: Iterable[int], n: int) -> int:
    """An int with bit ``d`` set for each ``d`` in ``postings`` (all below ``n``): the
    digits are scattered into a '0'/'1' string at C speed, reversed and parsed."""
    digits = bytearray(b"0") * n
    deque(map(digits.__setitem__, postings, repeat(49)), maxlen=0)
    digits.reverse()
    return int(digits, 2) if n else 0


def _char(i: int) -> str:
    """The code point standing for vocabulary id ``i`` in encoded key strings."""
    cp = i + 0x20
    if cp >= 0xD800:
        cp += 0x800
    if cp > 0x10FFFF:
        cp = 0x20 + (cp % 0xD7E0)
    return chr(cp)


class MemoryIndex:
    """An inverted word index over one side of a memory (segments numbered 0..n-1).

    ``vocab`` maps a key to its id; ``postings[id]`` lists the segments holding the key
    (each once); ``encoded[i]`` is segment ``i``'s key sequence as a string (one code
    point per key) and ``lengths[i]`` its number of keys. ``pinned`` holds bitsets of
    common keys stored with the index (see ``common_bitsets``); others are built on demand.
    """

    BUDGET = 8_000
    """Postings phase 1 reads per query beyond the rarest word."""
    MAX_CANDIDATES = 10_000
    """Segments phase 2 scores at most."""
    BITSET_CACHE = 1_024
    """Per-key bitsets kept for phase 2."""

    def __init__(self, vocab: dict[str, int], postings: list[array[int]], encoded: list[str],
                 lengths: array[int]) -> None:
        self.vocab = vocab
        self.postings = postings
        self.encoded = encoded
        self.lengths = lengths
        self._chars: list[str] = [_char(i) for i in range(len(vocab))]
        self._bits: dict[int, int] = {}
        self.pinned: dict[int, int] = {}
        self._le: list[int] | None = None

    def __len__(self) -> int:
        return len(self.encoded)

    @classmethod
    def build(cls, texts: Iterable[str]) -> MemoryIndex:
        """Index ``texts`` (segment ``i`` is the ``i``-th text)."""
        index = cls({}, [], [], array("I"))
        for t in texts:
            index.add(t)
        return index

    def add(self, text: str) -> int:
        """Append one segment; returns its number."""
        return self.add_keys(keys(text))

    def add_keys(self, ks: Sequence[str]) -> int:
        """Append one segment given its keys; returns its number."""
        vocab, chars, postings = self.vocab, self._chars, self.postings
        doc = len(self.encoded)
        get = vocab.get
        ids = [get(k, -1) for k in ks]
        if -1 in ids:
            for i, k in enumerate(ks):
                if ids[i] == -1:
                    tid = vocab.get(k)
                    if tid is None:
                        tid = len(vocab)
                        vocab[k] = tid
                        chars.append(_char(tid))
                        postings.append(array("I"))
                    ids[i] = tid
        for tid in set(ids):
            postings[tid].append(doc)
        if self._bits or self.pinned or self._le is not None:
            self._bits.clear()
            self.pinned.clear()
            self._le = None
        self.encoded.append("".join(map(chars.__getitem__, ids)))
        self.lengths.append(len(ids))
        return doc

    def encode(self, ks: Sequence[str]) -> str:
        """A query's keys as an encoded string; unknown keys get code points no segment uses."""
        extra: dict[str, str] = {}
        out = []
        for k in ks:
            tid = self.vocab.get(k)
            if tid is None:
                ch = extra.get(k)
                if ch is None:
                    ch = extra[k] = _char(len(self.vocab) + len(extra))
                out.append(ch)
            else:
                out.append(self._chars[tid])
        return "".join(out)

    def _prefix(self, ks: Sequence[str], threshold: float) -> tuple[list[int], int, int, set[int]]:
        """Phase 1: (segments holding one of the rarest query keys, how many query keys
        (with repeats) those postings cover, how many query keys no segment has, the ids
        of the keys read)."""
        n = len(ks)
        t = max(0.0, min(threshold, 100.0)) / 100.0
        lo = math.ceil(n * t / (2 - t) - 1e-9) if t > 0 else 0
        known = []
        unknown = 0
        for k, c in Counter(ks).items():
            tid = self.vocab.get(k)
            if tid is None:
                unknown += c
            else:
                known.append((len(self.postings[tid]), tid, c))
        known.sort()
        need = n - max(lo, 1) + 1 - unknown
        chosen: set[int] = set()
        read: set[int] = set()
        used = covered = 0
        if need > 0:
            for df, tid, c in known:
                if covered >= need or (used and used + df > self.BUDGET):
                    break
                chosen.update(self.postings[tid])
                read.add(tid)
                used += df
                covered += c
        return list(chosen), covered, unknown, read

    def candidates(self, ks: Sequence[str], threshold: float) -> list[int]:
        """Segments that may score ``threshold`` or more against keys ``ks``, from phase 1.

        A segment of ``m`` keys reaches ratio ``T`` against a query of ``n`` keys only if it
        shares at least ``o = T(n+m)/2`` keys with it, hence ``o >= nT/(2-T)``: it must
        hold one of the query's ``n - o + 1`` rarest keys (prefix filtering; keys no segment
        has count as the rarest), so the union of their postings is complete. When those
        postings exceed ``BUDGET`` only the rarest are read, and ``lookup`` completes the
        search with ``overlap_at_least``.
        """
        if not ks or not self.encoded:
            return []
        return self._prefix(ks, threshold)[0]

    def _bitset(self, tid: int) -> int:
        """The segments holding key ``tid`` as the bits of an int (bit ``i`` is segment
        ``i``): pinned ones first, else built and kept in a small LRU cache."""
        bits = self.pinned.get(tid)
        if bits is not None:
            return bits
        bits = self._bits.pop(tid, None)
        if bits is None:
            p, n = self.postings[tid], len(self.encoded)
            if len(p) * 16 < n:  # sparse: set bits one by one in a packed bitmap
                packed = bytearray((n + 7) >> 3)
                for d in p:
                    packed[d >> 3] |= 1 << (d & 7)
                bits = int.from_bytes(packed, "little")
            else:
                bits = _make_bitset(p, n)
            if len(self._bits) >= self.BITSET_CACHE:
                self._bits.pop(next(iter(self._bits)))
        self._bits[tid] = bits
        return bits

    def common_bitsets(self, min_df: int) -> dict[int, int]:
        """Bitsets of every key held by at least ``min_df`` segments (worth storing with
        the index: they are the expensive ones to build)."""
        return {tid: self._bitset(tid) for tid, p in enumerate(self.postings) if len(p) >= min_df}

    def _length_masks(self) -> list[int]:
        """``masks[m]``: the segments with at most ``m`` keys (lengths above 255 count as
        255), as bitsets; built once per index."""
        if self._le is None:
            n = len(self.encoded)
            small = array("B", map(min, self.lengths, repeat(255))).tobytes()
            top = max(small) if small else 0
            masks = []
            for m in range(top + 1):
                table = bytes(49 if v <= m else 48 for v in range(256))
                digits = bytearray(small.translate(table))
                digits.reverse()
                masks.append(int(digits, 2) if n else 0)
            self._le = masks
        return self._le

    def overlap_at_least(self, ks: Sequence[str], least: int, limit: int,
                         lengths: tuple[int, int] | None = None) -> list[int]:
        """Segments sharing at least ``least`` keys with ``ks`` (repeats counted as an upper
        bound) and, with ``lengths`` (lo, hi), holding between lo and hi keys; found by
        bit-sliced counting over per-key bitsets. When more than ``limit`` qualify, the
        largest overlaps are kept: whole overlap levels while they fit, then the shortest
        segments of the level that does not (for one overlap, shorter scores higher)."""
        planes: list[int] = []
        for k, c in Counter(ks).items():
            tid = self.vocab.get(k)
            if tid is None:
                continue
            x = self._bitset(tid)
            for _ in range(c):
                carry = x
                for j in range(len(planes)):
                    p = planes[j]
                    planes[j] = p ^ carry
                    carry = p & carry
                    if not carry:
                        break
                if carry:
                    planes.append(carry)
        if not planes or least >= 1 << len(planes):
            return []
        full = (1 << len(self.encoded)) - 1
        masks = self._length_masks()
        if lengths is not None and masks:
            lo_m, hi_m = max(lengths[0], 0), min(lengths[1], len(masks) - 1)
            if lo_m > hi_m:
                return []
            allowed = masks[hi_m] & ~masks[lo_m - 1] if lo_m > 0 else masks[hi_m]
        else:
            lo_m, hi_m, allowed = 0, len(masks) - 1, full

        def at_least(level: int) -> int:
            gt, eq = 0, allowed
            for j in range(len(planes) - 1, -1, -1):
                p = planes[j]
                if (level >> j) & 1:
                    eq &= p
                else:
                    gt |= eq & p
                    eq &= p ^ full
            return gt | eq

        least = max(least, 1)
        bits = at_least(least)
        if bits.bit_count() <= limit:
            return _bit_positions(bits, limit)
        lo, hi = least, (1 << len(planes)) - 1
        while lo < hi:  # the smallest level whose set fits the limit
            mid = (lo + hi) // 2
            if at_least(mid).bit_count() <= limit:
                hi = mid
            else:
                lo = mid + 1
        best = at_least(lo)
        out = _bit_positions(best, limit)
        if lo - 1 < least or len(out) >= limit:
            return out
        rest = at_least(lo - 1) & ~best
        room = limit - len(out)
        taken = 0
        for m in range(lo_m, hi_m + 1):  # shortest first
            cur = rest & masks[m]
            if cur.bit_count() > room:
                return out + _bit_positions(taken, room) + _bit_positions(cur & ~taken, room - taken.bit_count())
            taken = cur
        return out + _bit_positions(taken, room)

    def lookup(self, query: str, top: int = 5, threshold: float = 75.0) -> list[tuple[int, float]]:
        """Up to ``top`` (segment, base score) pairs at or above ``threshold``, best first.

        Phase 1 scores the prefix-filter candidates. The segments it did not see share at
        most ``o`` keys with the query (the keys it did not read), so score at most
        ``200 o / (n + o)``; when that cannot beat what phase 1 found, the answer is
        exact. Otherwise phase 2 scores every segment whose overlap can still beat it
        (``overlap_at_least``, capped at ``MAX_CANDIDATES``).
        """
        ks = keys(query)
        n = len(ks)
        if n == 0 or not self.encoded:
            return []
        qenc = self.encode(ks)
        found, covered, unknown, read = self._prefix(ks, threshold)
        results = self._score(qenc, found, threshold, top)
        o_max = n - covered - unknown
        bound = 200.0 * o_max / (n + o_max) if o_max > 0 else 0.0
        floor = results[-1][1] if len(results) >= top else threshold
        if bound < max(floor, threshold) or (bound == floor and len(results) >= top):
            return results
        s = max(floor, threshold) / 100.0
        least = math.ceil(s * n / (2 - s) - 1e-9) if s < 1 else n
        # segments phase 1 did not see hold none of the keys it read: count only the others
        vocab = self.vocab
        unread = [k for k in ks if vocab.get(k, -1) not in read]
        seen = set(found)
        span = (math.ceil(n * s / (2 - s) - 1e-9), math.floor(n * (2 - s) / s + 1e-9)) if s > 0 else None
        more = [d for d in self.overlap_at_least(unread, least, self.MAX_CANDIDATES + len(seen), span)
                if d not in seen]
        more = more[: self.MAX_CANDIDATES]
        if more:
            results = sorted(results + self._score(qenc, more, threshold, top), key=lambda x: (-x[1], x[0]))[:top]
        return results

    def _score(self, qenc: str, found: list[int], threshold: float, top: int) -> list[tuple[int, float]]:
        if not found:
            return []
        choices = itemgetter(*found)(self.encoded) if len(found) > 1 else (self.encoded[found[0]],)
        res = process.extract(qenc, choices, scorer=fuzz.ratio, score_cutoff=threshold, limit=top)
        return sorted(((found[i], float(sc)) for _, sc, i in res), key=lambda x: (-x[1], x[0]))

    def scan(self, query: str, top: int = 5, threshold: float = 75.0) -> list[tuple[int, float]]:
        """The same as ``lookup`` by scoring every segment (the exhaustive reference)."""
        ks = keys(query)
        if not ks or not self.encoded:
            return []
        res = process.extract(self.encode(ks), self.encoded, scorer=fuzz.ratio, score_cutoff=threshold, limit=top)
        return sorted(((i, float(s)) for _, s, i in res), key=lambda x: (-x[1], x[0]))

    def containing(self, ks: Sequence[str]) -> list[int]:
        """Segments holding every key in ``ks`` (ascending); all segments for no keys."""
        if not ks:
            return list(range(len(self.encoded)))
        ids = []
        for k in set(ks):
            tid = self.vocab.get(k)
            if tid is None:
                return []
            ids.append(tid)
        ids.sort(key=lambda i: len(self.postings[i]))
        result = set(self.postings[ids[0]])
        for tid in ids[1:]:
            result.intersection_update(self.postings[tid])
            if not result:
                break
        return sorted(result)
