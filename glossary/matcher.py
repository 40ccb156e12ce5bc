"""Term matching: every form of every concept compiled once, one pass over a text.

``TermIndex.build`` folds every form (stored forms, acronyms and the inflections of
``glossary.inflect``) into a *key* — the scan form of ``glossary.tokens``: case and accents
folded, whitespace collapsed, split-off punctuation made spaces — and compiles all keys into
one Aho-Corasick automaton (ahocorasick-rs). Keys are stored as ``" key "`` and the text is scanned as
``" " + scan form + " "``, both with word-final periods made spaces (``_boundaries``), so a
raw hit always starts at the start of a word and ends before a space or a word-final period:
hits inside words never reach Python.

``TermIndex.scan`` then checks the few raw hits the way sacremoses (``escape=False``) would
tokenize the text: a period after the hit follows sacremoses' non-breaking-prefix rule ("Gov."
stays whole, "State." splits, a lower-case next word keeps the period); an apostrophe or
comma before or after the hit follows sacremoses' apostrophe and comma rules ("Mexico's" →
Mexico 's, "O'Brien" → O 'Brien, "5,300" whole). Among the hits that pass, the
leftmost-longest, non-overlapping ones win, and each gets its candidates: every (concept,
form) under its key, compared with the exact span for accents and case.

The Python work of a scan depends on the text and the number of hits, not on the number of
forms (only the compiled automaton walks a larger trie); ``load_index`` keeps built indexes
in a cache directory.
"""

from __future__ import annotations

import bisect
import hashlib
import os
import pickle
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from itertools import accumulate
from operator import add
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

import ahocorasick_rs

from glossary import __version__
from glossary.inflect import generated_forms
from glossary.model import Concept, Gender, Number, Status, TermForm
from glossary.tokens import (
    APOSTROPHES,
    fold_accents,
    fold_case,
    fold_for_scan,
    fold_key,
    nonbreaking_prefixes,
    normalize,
)

INDEX_FORMAT = 8
"""Bumped whenever the pickled layout or the matching rules change."""

_STATUS_RANK = {Status.PREFERRED: 0, Status.ADMITTED: 1, Status.DEPRECATED: 2, Status.FORBIDDEN: 3}


class Candidate(NamedTuple):
    """One (concept, form) whose folded key equals a matched span (a named tuple: a large
    document makes one per distinct span and term, and checks them millions of times).

    ``accents_ok``: the span equals the form accent-sensitively (case, spacing and split-off
    punctuation aside). ``case_ok``: False only when the concept is case-sensitive and the
    span's case differs from the form's. Acronym forms are candidates only in their exact
    case, so for them ``case_ok`` is always True. ``exact``: the span is a correct, allowed
    form under this candidate (an allowed status, accents and case right); make candidates
    with ``candidate``, which sets it.
    """

    concept_id: str
    form: TermForm
    accents_ok: bool
    case_ok: bool
    exact: bool


def candidate(concept_id: str, form: TermForm, accents_ok: bool, case_ok: bool) -> Candidate:
    """A ``Candidate`` with ``exact`` worked out."""
    return Candidate(concept_id, form, accents_ok, case_ok, form.status.allowed and accents_ok and case_ok)


class Match(NamedTuple):
    """A span of the scanned text holding a term: ``text[start:end] == match.text``.

    ``candidates`` lists every (concept, form) the span can be, best first: exact (accents
    and case right) before inexact, then preferred > admitted > deprecated > forbidden, then
    concept id.
    """

    start: int
    end: int
    text: str
    candidates: tuple[Candidate, ...]


# One (concept, form) under a key, as plain data (fast to pickle):
# (concept id, form fields, accent key, case key, acronym, case sensitivity: 0 no, 1 the
# concept's, 2 a one-word short name of it, see _PROPER_WORD)
_Entry = tuple[str, tuple[Any, ...], str, str, bool, int]


def _form_fields(f: TermForm) -> tuple[Any, ...]:
    return (
        f.text, f.lang, f.status.value, f.acronym,
        f.gender.value if f.gender else None, f.number.value if f.number else None,
        f.everywhere, f.note, f.generated,
    )


_STATUS = {s.value: s for s in Status}
_GENDER = {g.value: g for g in Gender}
_NUMBER = {n.value: n for n in Number}


def _form_from(fields: tuple[Any, ...]) -> TermForm:
    text, lang, status, acronym, gender, number, everywhere, note, generated = fields
    return TermForm(
        text, lang, _STATUS[status], acronym,
        _GENDER[gender] if gender else None, _NUMBER[number] if number else None,
        everywhere, note, generated,
    )


_NOT_WORD = re.compile(r"[^\w.\-]|_")


_PROPER_WORD = 2
"""Case sensitivity of a one-word short name that is a word of the concept's full name
("Bienestar" of "Secretaría de Bienestar", "Marina", "Salud"): in lower case the same
letters are an ordinary word, so it matches only with its capital, as an acronym does. A
coined short name ("Segob") still matches in any case and is flagged as a case error."""


def _proper_word(entry: _Entry) -> bool:
    """Whether an index entry is such a short name."""
    return entry[5] == _PROPER_WORD


def _compare_keys(text: str) -> tuple[str, str]:
    """(accent key, case key) of a span or form; spacing and split-off punctuation ignored."""
    bare = _NOT_WORD.sub("", normalize(text))
    return fold_case(bare), fold_accents(bare)


GROUP_CHARS = 1 << 21
"""About how many characters ``scan_many`` joins for one pass."""

SEPARATOR = "\n|\n"
"""Joins texts for one scan: it folds to three spaces, which no term form can span."""

_NON_SPACE = re.compile(r"\S")
_CUT = frozenset(APOSTROPHES) | {","}
_CASE_FILTER = 1
_ENDS_WITH_DIGIT = 2
_DOTTED = 4
_CACHE_SIZE = 65536


def _boundaries(folded: str) -> str:
    """``" " + folded + " "`` with every period that ends a word made a space, so that a key
    ``" secretary "`` is found both in "secretary said" and in "secretary. Then" (length and
    offsets are kept; the scan form itself still tells which of the two it was)."""
    return (" " + folded + " ").replace(". ", "  ")


def _collect(
    concepts: Iterable[Concept], lang: str
) -> tuple[dict[str, Concept], dict[str, list[_Entry]]]:
    """Concepts by id (obsolete ones left out) and the entries under each key."""
    by_id: dict[str, Concept] = {}
    keys: dict[str, list[_Entry]] = {}
    for concept in concepts:
        if concept.obsolete:
            continue
        by_id[concept.id] = concept
        forms = concept.forms_in(lang) + generated_forms(concept, lang)
        words = {w for f in forms if " " in f.text for w in f.text.casefold().split()} if concept.case_sensitive else set()
        for form in forms:
            key = fold_key(form.text)
            if not key:
                continue
            accent_key, case_key = _compare_keys(form.text)
            sensitivity = int(concept.case_sensitive)
            if (sensitivity and not form.acronym and form.text[:1].isupper() and " " not in form.text
                    and form.text.casefold() in words):
                sensitivity = _PROPER_WORD
            keys.setdefault(key, []).append(
                (concept.id, _form_fields(form), accent_key, case_key, form.acronym, sensitivity)
            )
    return by_id, keys


class TermIndex:
    """All forms in one language of a set of concepts, compiled for one-pass matching."""

    lang: str
    concepts: Mapping[str, Concept]

    def __init__(
        self,
        lang: str,
        concepts: Mapping[str, Concept],
        keys: list[str],
        entries: list[tuple[_Entry, ...]],
        dotted: dict[int, str],
        prefixes: tuple[frozenset[str], frozenset[str]] | None = None,
        flags: list[int] | None = None,
    ) -> None:
        """Use ``TermIndex.build`` or ``load_index``; this stores already compiled parts.

        ``prefixes`` are sacremoses' non-breaking prefixes for ``lang``, read once when the
        index is built and kept in the cached index, so that checking a text never pays for
        importing sacremoses (about 1 s) just to look at a period after a term."""
        self.lang = lang
        self.concepts = concepts
        self._keys = keys  # " key " for each key id, as compiled into the automata
        self._ascii: Any = None  # the automata, compiled when first needed (see _hits)
        self._unicode: Any = None
        self._entries = entries
        self._dotted = dotted  # keys holding a period, which _boundaries may have hidden
        self._prefixes = prefixes if prefixes is not None else nonbreaking_prefixes(lang)
        self._flags = flags if flags is not None else [
            (_CASE_FILTER if all(e[4] or _proper_word(e) for e in es) else 0)
            | (_ENDS_WITH_DIGIT if es[0][2][-1:].isdigit() else 0)
            | (_DOTTED if kid in dotted else 0)
            for kid, es in enumerate(entries)
        ]
        self._cache: dict[tuple[int, str], tuple[Candidate, ...]] = {}
        self._forms: dict[tuple[Any, ...], TermForm] = {}

    @property
    def prefixes(self) -> tuple[frozenset[str], frozenset[str]]:
        """sacremoses' non-breaking prefixes this index uses."""
        return self._prefixes

    def _payload(self) -> dict[str, Any]:
        """Everything but the concepts, as plain data."""
        return {
            "format": INDEX_FORMAT,
            "lang": self.lang,
            "keys": self._keys,
            "entries": self._entries,
            "dotted": self._dotted,
            "prefixes": self._prefixes,
            "flags": self._flags,
        }

    @classmethod
    def _from_payload(cls, payload: dict[str, Any], concepts: Mapping[str, Concept]) -> "TermIndex":
        if payload.get("format") != INDEX_FORMAT:
            raise ValueError("index format changed")
        return cls(
            payload["lang"], concepts, payload["keys"],
            payload["entries"], payload["dotted"], payload["prefixes"], payload["flags"],
        )

    def __getstate__(self) -> dict[str, Any]:
        state = self._payload()
        state["concepts"] = tuple(self.concepts.values())
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        concepts = MappingProxyType({c.id: c for c in state["concepts"]})
        other = TermIndex._from_payload(state, concepts)
        for name in ("lang", "concepts", "_keys", "_ascii", "_unicode", "_entries", "_dotted", "_prefixes",
                     "_flags", "_cache", "_forms"):
            setattr(self, name, getattr(other, name))

    def __len__(self) -> int:
        """Number of distinct keys compiled."""
        return len(self._keys)

    @classmethod
    def build(cls, concepts: Iterable[Concept], lang: str,
              prefixes: tuple[frozenset[str], frozenset[str]] | None = None) -> "TermIndex":
        """Compile every form in ``lang`` of every concept not obsolete: stored forms,
        acronyms and generated inflections (see ``glossary.inflect``). ``prefixes`` are
        sacremoses' non-breaking prefixes when already known (another index's)."""
        by_id, keys = _collect(concepts, lang)
        compiled: list[str] = []
        entries: list[tuple[_Entry, ...]] = []
        dotted: dict[int, str] = {}
        for key, es in keys.items():
            if "." in key:
                dotted[len(compiled)] = key
            compiled.append(_boundaries(key))
            entries.append(tuple(es))
        return cls(lang, MappingProxyType(by_id), compiled, entries, dotted, prefixes)

    def _hits(self, b: str) -> list[tuple[int, int, int]]:
        """(key id, start, end) of every occurrence of every key in ``b``, overlapping ones
        included. An ASCII text (nearly all folded English and Spanish) is searched as bytes,
        which is about twice as fast; the automata are compiled on first use (a few
        milliseconds per ten thousand keys), since they cannot be pickled."""
        if b.isascii():
            if self._ascii is None:
                self._ascii = ahocorasick_rs.BytesAhoCorasick(
                    [k.encode("utf-8") for k in self._keys], implementation=ahocorasick_rs.Implementation.ContiguousNFA)
            return self._ascii.find_matches_as_indexes(b.encode("ascii"), overlapping=True)  # type: ignore[no-any-return]
        if self._unicode is None:
            self._unicode = ahocorasick_rs.AhoCorasick(self._keys)
        return self._unicode.find_matches_as_indexes(b, overlapping=True)  # type: ignore[no-any-return]

    # -----------------------------------------------------------------------------------

    def scan(self, text: str) -> list[Match]:
        """Leftmost-longest, non-overlapping matches of any form at token boundaries."""
        return self.scan_many((text,))[0]

    def scan_many(self, texts: Sequence[str]) -> list[list[Match]]:
        """``scan`` of each text, done as one scan of the texts joined by ``SEPARATOR``.

        One automaton pass per document instead of one per segment: the per-call overhead
        of folding and scanning dominated on documents of many short segments. Offsets in
        each list are those of its own text.
        """
        if not self._keys or not texts:
            return [[] for _ in texts]
        if len(texts) == 1:
            return self._scan_group(texts)
        # Texts are scanned in groups of about GROUP_CHARS: every stage makes a copy of the
        # joined text, and copies of tens of megabytes cost more in page faults than in work.
        ends = list(accumulate(map(len, texts)))
        out: list[list[Match]] = []
        first = 0
        while first < len(texts):
            last = max(bisect.bisect_right(ends, (ends[first - 1] if first else 0) + GROUP_CHARS), first + 1)
            out.extend(self._scan_group(texts[first:last]))
            first = last
        return out

    def _scan_group(self, texts: Sequence[str]) -> list[list[Match]]:
        """``scan_many`` of a group of texts, joined for one pass."""
        out: list[list[Match]] = [[] for _ in texts]
        text = texts[0] if len(texts) == 1 else SEPARATOR.join(texts)
        if not text:
            return out
        folded = fold_for_scan(text)
        g = folded.text
        n = len(g)
        identity = not folded.maps
        to_original = folded.to_original
        flags = self._flags
        cut = _CUT
        cache_get = self._cache.get
        # (start, -end, key id, candidates when already worked out): sorted, the first three
        # never tie, so the candidates are never compared
        hits: list[tuple[int, int, int, tuple[Candidate, ...] | None]] = []
        append = hits.append
        # A raw hit starts at a word start and ends before a space or a period followed by
        # a space: " key " found at [s, e) of _boundaries(g) (g with a space before it) is
        # the key at [s, e - 2) of g.
        for kid, start, e_ in self._hits(_boundaries(g)):
            end = e_ - 2
            f = flags[kid]
            if f or (end < n and g[end] != " "):
                if f & _DOTTED and g[start:end] != self._dotted[kid]:
                    continue  # "u.s." must not match "U.S (" through a hidden period
                # right edge: a space accepts, a period follows sacremoses' prefix rule
                if end < n:
                    if g[end] == " ":
                        if f & _ENDS_WITH_DIGIT and not self._digit_end_ok(text, folded, end):
                            continue
                    elif not self._period_ok(text, folded, end):
                        continue
                if f & _CASE_FILTER:  # acronyms only: the span must have a form's case
                    span = text[start:end] if identity else text[to_original(start):to_original(end)]
                    known = cache_get((kid, span))
                    if known is None:
                        known = self._candidates(kid, span)
                    if not known:
                        continue
                else:
                    known = None
            else:
                known = None
            # left edge: the space before the hit may stand for an apostrophe or a comma
            if start:
                o = start - 1 if identity else to_original(start) - 1
                if text[o] in cut and not self._left_ok(text, o, g[start]):
                    continue
            append((start, -end, kid, known))
        if not hits:
            return out
        hits.sort()
        # where each text starts in the joined text, to give offsets relative to it
        step = len(SEPARATOR)  # the last bound lies past the end of the joined text
        bounds = list(accumulate(map(len, texts), initial=0))
        bounds = list(map(add, bounds, range(0, step * len(bounds), step)))
        k = 0
        base = 0
        nxt = bounds[1]
        cur = out[0]
        last = 0
        for start, neg_end, kid, known in hits:
            if start < last:
                continue
            end = -neg_end
            last = end
            if identity:
                os_, oe = start, end
            else:
                os_, oe = to_original(start), to_original(end)
            span = text[os_:oe]
            cands = known or cache_get((kid, span))
            if cands is None:
                cands = self._candidates(kid, span)
            if not cands:
                continue
            if os_ >= nxt:
                while os_ >= bounds[k + 1]:
                    k += 1
                base = bounds[k]
                nxt = bounds[k + 1]
                cur = out[k]
            cur.append(Match(os_ - base, oe - base, span, cands))
        return out

    def _candidates(self, kid: int, span: str) -> tuple[Candidate, ...]:
        """The candidates of key ``kid`` for the matched ``span`` of the original text (the
        caller has looked in the cache already); stored in the cache."""
        cache_key = (kid, span)
        entries = self._entries[kid]
        # The span is most often written exactly as one of the forms: its compare keys are
        # then that form's, and normalising the span would only find them again.
        if len(entries) == 1:
            same = entries[0] if entries[0][1][0] == span else None
        else:
            same = next((e for e in entries if e[1][0] == span), None)
        accent_key, case_key = (same[2], same[3]) if same is not None else _compare_keys(span)
        out: list[Candidate] = []
        forms = self._forms
        for concept_id, fields, e_accent, e_case, acronym, case_sensitive in entries:
            accents_ok = accent_key == e_accent
            if acronym:
                if case_key != e_case:
                    continue
                case_ok = True
            elif case_sensitive:
                case_ok = case_key == e_case
                if not case_ok and case_sensitive == _PROPER_WORD and span[:1].islower():
                    continue  # "el bienestar" is not the Secretaría de Bienestar
            else:
                case_ok = True
            form = forms.get(fields)
            if form is None:
                form = forms[fields] = _form_from(fields)
            out.append(candidate(concept_id, form, accents_ok, case_ok))
        if len(out) > 1:
            out.sort(
                key=lambda c: (
                    not (c.accents_ok and c.case_ok),
                    _STATUS_RANK[c.form.status],
                    c.concept_id,
                    c.form.generated,
                    c.form.text,
                )
            )
        result = tuple(out)
        if len(self._cache) >= _CACHE_SIZE:
            self._cache.clear()
        self._cache[cache_key] = result
        return result

    # ----------------------------------------------------------------- sacremoses rules

    def _left_ok(self, text: str, o: int, first: str) -> bool:
        """Is there a token boundary after the apostrophe or comma at ``text[o]``?"""
        before = text[o - 1] if o > 0 else " "
        if text[o] == ",":
            # "5,300" stays one token
            return not (before.isdigit() and first.isdigit())
        if self.lang == "en" and before.isalnum():
            # "O'Brien" -> O 'Brien and "1990's" -> 1990 's, but "O'1990" -> O ' 1990
            return not first.isalpha()
        return True

    def _digit_end_ok(self, text: str, folded: Any, end: int) -> bool:
        """After a hit ending in a digit: "5,300" and English "5'x" stay one token."""
        o = folded.to_original(end)
        if o >= len(text):
            return True
        c = text[o]
        after = text[o + 1] if o + 1 < len(text) else " "
        if c == ",":
            return not after.isdigit()
        if c in APOSTROPHES and self.lang == "en":
            return not (after.isalpha() and after != "s")
        return True

    def _period_ok(self, text: str, folded: Any, end: int) -> bool:
        """A period follows the hit: is it split off (sacremoses' non-breaking prefixes)?"""
        g = folded.text
        if end + 1 < len(g) and g[end + 1] != " ":
            return False  # "U.S.A", "gob.mx": the period is inside a token
        ws = g.rfind(" ", 0, end) + 1
        prefix = text[folded.to_original(ws) : folded.to_original(end)]
        o = folded.to_original(end) + 1
        found = _NON_SPACE.search(text, o)
        nxt = found.group() if found else ""
        if "." in prefix and any(ch.isalpha() for ch in prefix):
            return False
        if nxt and nxt.islower():
            return False
        keep, numeric = self._prefixes
        if prefix in keep:
            return False
        if prefix in numeric and nxt.isdigit():
            return False
        return True


# ---------------------------------------------------------------------------------------


def _code_digest() -> str:
    h = hashlib.sha256()
    for mod in ("tokens.py", "inflect.py", "matcher.py", "model.py"):
        try:
            h.update((Path(__file__).with_name(mod)).read_bytes())
        except OSError:
            h.update(mod.encode())
    return h.hexdigest()[:16]


def _key_hash(lang: str) -> "hashlib._Hash":
    import sys

    h = hashlib.sha256()
    h.update(f"{INDEX_FORMAT}|{__version__}|{_code_digest()}|{lang}|".encode())
    h.update(f"{unicodedata.unidata_version}|".encode())
    h.update(sys.version.encode())
    return h


def index_key(concepts: Sequence[Concept], lang: str, content_key: str | None = None) -> str:
    """Cache key of the index of ``concepts`` in ``lang``: changes with the concepts, the
    glossary version, the matching code and the Python version.

    ``content_key``, when the caller has one (a digest of the term-base files the concepts
    were read from), stands for the concepts and saves hashing them one by one."""
    h = _key_hash(lang)
    if content_key is not None:
        h.update(b"files|" + content_key.encode())
        return h.hexdigest()
    for c in concepts:
        h.update(repr(c).encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


CACHE_KEEP = 8
"""How many cached indexes per language ``load_index`` keeps (the most recently written)."""


def _prune(cache_dir: Path, lang: str, keep: Path) -> None:
    """Remove all but the ``CACHE_KEEP`` newest cached indexes of ``lang``."""
    found = []
    for p in cache_dir.glob(f"index-{lang}-*.pickle"):
        try:
            found.append((p.stat().st_mtime, p))
        except OSError:
            continue
    found.sort(reverse=True)
    for _, p in found[CACHE_KEEP:]:
        if p != keep:
            try:
                p.unlink()
            except OSError:
                pass


def load_index(concepts: Sequence[Concept], lang: str, cache_dir: Path | None,
               content_key: str | None = None) -> TermIndex:
    """The index of ``concepts`` in ``lang``, loaded from ``cache_dir`` when a pickle built
    from exactly these concepts is there, else built (and stored there). A missing,
    unreadable or corrupt cache is rebuilt silently; ``cache_dir`` None disables caching.
    Only the ``CACHE_KEEP`` most recent indexes per language are kept. ``content_key``: see
    ``index_key``."""
    if cache_dir is None:
        return TermIndex.build(concepts, lang)
    path = Path(cache_dir) / f"index-{lang}-{index_key(concepts, lang, content_key)[:32]}.pickle"
    try:
        with open(path, "rb") as fh:
            payload = pickle.load(fh)
        if isinstance(payload, dict) and payload.get("lang") == lang:
            by_id = MappingProxyType({c.id: c for c in concepts if not c.obsolete})
            return TermIndex._from_payload(payload, by_id)
    except Exception:  # noqa: BLE001 - any unreadable cache is simply rebuilt
        pass
    index = TermIndex.build(concepts, lang)
    try:
        Path(cache_dir).mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".index-", suffix=".tmp", dir=cache_dir)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(index._payload(), fh, protocol=pickle.HIGHEST_PROTOCOL)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
            _prune(Path(cache_dir), lang, keep=path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    except OSError:
        pass  # a read-only cache is not an error: the index is still returned
    return index
