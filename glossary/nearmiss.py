"""Near misses of known names: a body's or a person's name written almost as the term base
has it, but not quite ("Servicio de Inmigración y Control Aduanas", "Departamento de @stado",
"Marcelo Ebrad", "Servicio de Aduanas y Protección Fronteriza"). Pure.

A name is looked for from its first two and its last two words (anchors, found by the same
one-pass index as the terms), then the words around an anchor are compared with the name
word by word. One edit is a near miss when it is of a kind that makes a name wrong rather
than a different name:

- a function word left out or added ("Control Aduanas"), or a word written twice;
- a word misspelt (letters close to the right ones: "Ebrad", "@stado", "Sheinbaun");
- the institution word of a body changed ("Servicio" for "Oficina", "Agencia" for
  "Oficina"), the classic slip of a translator who knows the rest of the name.

Changing any other whole word gives another real name ("Secretaría de Seguridad
Ciudadana" is Mexico City's, not a misspelt "Secretaría de Seguridad Pública"): not a
near miss.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping, NamedTuple, Sequence

from glossary.model import Concept, Status, TermForm
from glossary.tokens import loose_key

_WORD = re.compile(r"\w+")
FUNCTION_WORDS = frozenset("de del la las el los y e of the and for on in a al para".split())
INSTITUTION_WORDS = frozenset(
    "oficina servicio agencia departamento secretaria ministerio instituto comision consejo "
    "direccion administracion procuraduria fiscalia guardia buro office service agency department "
    "secretariat ministry institute commission council bureau administration directorate".split())
_TYPES = ("government-body", "person", "official-title", "place", "legal-instrument")
_MIN_WORDS = {"person": 2}
_DEFAULT_MIN_WORDS = 3
_SPELLING = 80.0
"""Lowest letter similarity (0-100) of a misspelt word to the right one."""


class Name(NamedTuple):
    """An allowed form of a concept, as words."""

    concept_id: str
    text: str
    words: tuple[str, ...]
    kind: str


class NearMiss(NamedTuple):
    """A span of a text that is almost ``name``."""

    start: int
    end: int
    text: str
    name: Name


def _words(text: str) -> list[tuple[str, int, int]]:
    """(folded word, start, end) of every word of ``text``."""
    return [(loose_key(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)]


def _names_of(concept: Concept, lang: str) -> Iterable[Name]:
    if concept.type not in _TYPES:
        return
    least = _MIN_WORDS.get(concept.type, _DEFAULT_MIN_WORDS)
    for f in concept.forms_in(lang):
        if not f.status.allowed or f.acronym:
            continue
        words = tuple(w for w, _, _ in _words(f.text))
        if len(words) >= least and sum(w not in FUNCTION_WORDS for w in words) >= 2:
            yield Name(concept.id, f.text, words, concept.type)


@dataclass(frozen=True, slots=True)
class NameAnchors:
    """The names of a term base in one language, by the anchors that find them."""

    lang: str
    by_anchor: Mapping[str, tuple[Name, ...]]
    vocabulary: frozenset[str] = frozenset()
    """Every word of every name: a word of the domain is no misspelling."""

    @classmethod
    def build(cls, concepts: Iterable[Concept], lang: str) -> "NameAnchors":
        """Anchors of every long enough allowed form of bodies, titles, places and people."""
        table: dict[str, list[Name]] = {}
        for c in concepts:
            for name in _names_of(c, lang):
                # a person's name is short: its first and last words find it too, so a
                # misspelt surname ("Sheinbaun") is still looked at
                ends = (name.words[:1], name.words[-1:]) if name.kind == "person" else ()
                for anchor in (name.words[:2], name.words[-2:], *ends):
                    if all(w in FUNCTION_WORDS for w in anchor):
                        continue
                    table.setdefault(" ".join(anchor), []).append(name)
        vocabulary = frozenset(w for names in table.values() for name in names for w in name.words)
        return cls(lang, {k: tuple(dict.fromkeys(v)) for k, v in table.items()}, vocabulary)

    def anchor_concepts(self) -> list[Concept]:
        """The anchors as concepts (one per anchor text) for a ``TermIndex`` to scan."""
        return [Concept(id=f"anchor-{i}", type="other", forms=(TermForm(text, self.lang, Status.PREFERRED),))
                for i, text in enumerate(sorted(self.by_anchor))]


def _near(written: Sequence[str], name: Sequence[str], vocabulary: frozenset[str] = frozenset()) -> bool:
    """Whether ``written`` is ``name`` with one edit of a name-breaking kind (see module)."""
    from rapidfuzz.distance import Levenshtein  # imported when an anchor is hit, not at start-up
    from rapidfuzz.fuzz import ratio

    if tuple(written) == tuple(name):
        return False
    ops = [op for op in Levenshtein.opcodes(list(written), list(name)) if op.tag != "equal"]
    if len(ops) != 1:
        return False
    op = ops[0]
    src = written[op.src_start:op.src_end]
    dst = name[op.dest_start:op.dest_end]
    if op.tag in ("delete", "insert") and (op.src_start == 0 or op.src_end == len(written)):
        return False  # words beyond either end are the context, not the name
    if op.tag == "delete":  # a word too many in the text: a function word, or a repeat
        return len(src) <= 2 and (all(w in FUNCTION_WORDS for w in src)
                                  or tuple(src) == tuple(written[op.src_end:op.src_end + len(src)])
                                  or tuple(src) == tuple(written[op.src_start - len(src):op.src_start]))
    if op.tag == "insert":  # a word missing: only a function word
        return len(dst) == 1 and dst[0] in FUNCTION_WORDS
    if len(src) != 1 or len(dst) != 1:
        return False
    a, b = src[0], dst[0]
    if (len(b) >= 4 and ratio(a, b) >= _SPELLING and a not in vocabulary
            and not a.startswith(b) and not b.startswith(a) and not (len(a) > len(b) + 3 and b in a)):
        return True  # a misspelling, not another word ("senadores", "gobiernos", "Consejero")
    return op.src_start == 0 and a in INSTITUTION_WORDS and b in INSTITUTION_WORDS


def find(text: str, hits: Sequence[tuple[int, int, str]], anchors: NameAnchors,
         known: Sequence[tuple[int, int]]) -> list[NearMiss]:
    """Near misses in ``text`` around anchor ``hits`` (start, end, anchor text); ``known``
    are the spans of exact matches of terms, which are right as they are."""
    if not hits:
        return []
    words = _words(text)
    starts = {s: i for i, (_, s, _) in enumerate(words)}
    ends = {e: i for i, (_, _, e) in enumerate(words)}
    out: list[NearMiss] = []
    seen: set[tuple[int, int]] = set()
    for h_start, h_end, anchor in hits:
        i, j = starts.get(h_start), ends.get(h_end)
        if i is None or j is None:
            continue
        for name in anchors.by_anchor.get(loose_key(anchor), ()):
            n = len(name.words)
            k = j + 1 - i
            found = tuple(w for w, _, _ in words[i:j + 1])
            windows = []
            for size in (n - 1, n, n + 1, n + 2):
                if size < 2:
                    continue
                if tuple(name.words[:k]) == found:
                    windows.append((i, i + size))
                if tuple(name.words[-k:]) == found:
                    windows.append((j + 1 - size, j + 1))
            for lo, hi in windows:
                if lo < 0 or hi > len(words):
                    continue
                written = [w for w, _, _ in words[lo:hi]]
                if not _near(written, name.words, anchors.vocabulary):
                    continue
                a, b = words[lo][1], words[hi - 1][2]
                if (a, b) in seen or any(ka <= a and b <= kb for ka, kb in known):
                    continue
                seen.add((a, b))
                out.append(NearMiss(a, b, text[a:b], name))
                break
    out.sort()
    # overlapping near misses: keep the longest of each run
    kept: list[NearMiss] = []
    for nm in out:
        if kept and nm.start < kept[-1].end:
            if nm.end - nm.start > kept[-1].end - kept[-1].start:
                kept[-1] = nm
            continue
        kept.append(nm)
    return kept
