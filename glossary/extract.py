"""Term discovery: candidate titles, bodies and multi-word names in segments.

Pure (no I/O): segments in, candidates out. The rules, for English and Spanish:

* A *chunk* is a run of capitalised words ("National Migration Institute"), acronyms
  ("CBP") and abbreviations ("U.S."), glued by prepositions with an optional article
  ("Chief *of the* North American Unit", "Unidad *para* América *del* Norte"), by
  "and"/"y" between capitalised words ("Immigration *and* Customs Enforcement") and by
  lists inside a complement ("Human Rights, Population, and Migration"). "to", "on",
  "in", "en" glue only after a title or body head ("Advisor *to* the Department").
* A lower-case title head followed by a preposition and a capitalised word starts a
  chunk too: Spanish writes titles in lower case ("secretaria *de* Gobernación").
* Known concepts (a ``TermIndex`` scan) are atomic units. A chunk is cut before and
  after a known person, after a known title followed by a name, and where a known
  span meets capitalised words that are not a title head; so "Secretary Kristi Noem"
  gives the known title and the known person, while "Undersecretary of Trade of the
  Ministry of Economy" stays whole and records its known part.
* Leading function words and sentence starters ("The", "Both", "Tras") are dropped;
  a chunk ending in a run of capitalised words that is found elsewhere as a name on
  its own ("Secretary of Economy Marcelo Ebrard" ... ", Marcelo Ebrard,") loses it.
* Title-case headlines give no new candidates (known concepts in them still count).
* A chunk followed by an acronym in parentheses ("U.S. Customs and Border Protection
  (CBP)") records the acronym, and the acronym becomes a candidate of its own.
* A candidate is a multi-word chunk, an acronym, or a single title head; single
  capitalised words (surnames, demonyms, months) are not candidates.

Every occurrence is kept with its path, line and column; candidates with the same
case-folded text are one candidate, shown in their most frequent spelling.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from glossary.model import Reference, Segment, Side, Status

__all__ = [
    "TITLE_HEADS",
    "BODY_HEADS",
    "Occurrence",
    "Span",
    "TermCandidate",
    "candidate_key",
    "extract",
    "find_spans",
    "guess_kind",
]


class _Scanner(Protocol):
    """What extraction needs of ``glossary.matcher.TermIndex``."""

    @property
    def concepts(self) -> object:  # pragma: no cover - protocol
        ...

    def scan(self, text: str) -> list:  # pragma: no cover - protocol
        ...


# --------------------------------------------------------------------------- vocabulary

TITLE_HEADS: dict[str, frozenset[str]] = {
    "en": frozenset(
        """secretary undersecretary under-secretary subsecretary deputy assistant director
        commissioner chief head advisor adviser attaché attache chargé charge ambassador consul
        minister president vice-president governor mayor administrator coordinator spokesperson
        spokesman spokeswoman counselor counsellor officer commander general admiral senator
        representative speaker chairman chairwoman chair chairperson envoy attorney prosecutor
        treasurer comptroller inspector superintendent delegate agent judge justice magistrate
        premier chancellor registrar ombudsman sheriff marshal""".split()
    ),
    "es": frozenset(
        """secretario secretaria subsecretario subsecretaria director directora subdirector
        subdirectora comisionado comisionada jefe jefa titular asesor asesora agregado agregada
        encargado encargada embajador embajadora cónsul ministro ministra viceministro
        viceministra presidente presidenta vicepresidente vicepresidenta gobernador gobernadora
        alcalde alcaldesa administrador administradora coordinador coordinadora vocero vocera
        portavoz consejero consejera comandante general almirante senador senadora diputado
        diputada canciller enviado enviada fiscal procurador procuradora tesorero tesorera
        inspector inspectora delegado delegada agente juez jueza magistrado magistrada
        comisario comisaria oficial representante""".split()
    ),
}
"""Words that head an official's title ("Secretary of ...", "subsecretaria de ...")."""

BODY_HEADS: dict[str, frozenset[str]] = {
    "en": frozenset(
        """ministry secretariat department agency institute institution office bureau service
        unit administration commission council embassy consulate guard army navy force forces
        police patrol court congress senate chamber house committee directorate center centre
        government authority board prosecutor's administration cabinet command corps
        enforcement protection intelligence registry tribunal assembly parliament""".split()
    ),
    "es": frozenset(
        """secretaría subsecretaría departamento agencia instituto institución oficina servicio
        unidad administración comisión consejo embajada consulado guardia ejército marina
        armada fuerza fuerzas policía patrulla corte congreso senado cámara comité dirección
        centro gobierno autoridad junta fiscalía procuraduría gabinete mando cuerpo sistema
        registro tribunal asamblea parlamento""".split()
    ),
}
"""Words that name a government body ("Ministry", "Secretaría", "Institute")."""

_WEAK_BODY_HEADS = frozenset({"protection", "enforcement", "intelligence", "government", "house", "forces"})
"""Body words that also end non-body phrases ("Security and Citizen Protection")."""

_FUNCTION: dict[str, frozenset[str]] = {
    "en": frozenset(
        """the a an this that these those both after before for in on at with within without by
        from as during under but and or he she it they we our its their his her no not each
        every all some such other another following representing however although while when
        where there here today yesterday also meanwhile accordingly furthermore moreover thus
        further finally first second third last next since until upon among between through
        regarding concerning about if so then i you my your us them mr mrs ms dr""".split()
    ),
    "es": frozenset(
        """el la los las un una unos unas este esta estos estas ese esa esos esas ambos ambas
        tras en por para con sin desde durante según sobre entre aunque ningún ninguna cada
        su sus nuestro nuestra nuestros nuestras al del de y o e u ni que como cuando donde
        también asimismo además hoy ayer así luego primero finalmente mientras sr sra
        dicho dicha""".split()
    ),
}
"""Words that never start a candidate (sentence starters, determiners, pronouns)."""

_MONTHS = frozenset(
    """january february march april may june july august september october november
    december monday tuesday wednesday thursday friday saturday sunday enero febrero marzo
    abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre lunes
    martes miércoles jueves viernes sábado domingo""".split()
)

_PREPS: dict[str, frozenset[str]] = {
    "en": frozenset({"of", "for"}),
    "es": frozenset({"de", "del", "para"}),
}
"""Prepositions that glue any two capitalised parts."""

_HEAD_PREPS: dict[str, frozenset[str]] = {
    "en": frozenset({"to", "on", "in", "at"}),
    "es": frozenset({"en", "ante", "contra", "a"}),
}
"""Prepositions that glue only after a title or body head ("Advisor to", "Embassy in")."""

_ARTICLES: dict[str, frozenset[str]] = {
    "en": frozenset({"the"}),
    "es": frozenset({"la", "los", "las", "el"}),
}
_ANDS: dict[str, frozenset[str]] = {"en": frozenset({"and", "&"}), "es": frozenset({"y", "e", "&"})}
_NAME_PARTICLES = frozenset({"de", "del", "la", "las", "los", "van", "von", "der", "da", "dos", "di", "y"})
_TRAILING_ABBR = frozenset({"a.i.", "ad interim", "a. i."})

_TOKEN_RE = re.compile(
    r"(?P<abbr>(?:[^\W\d_]\.){2,})"  # U.S.  a.i.  U.S.A.
    r"|(?P<initial>[A-Z]\.)(?=\s+[A-Z])"  # the C. of Mark C. Johnson
    r"|(?P<word>[^\W\d_]+(?:[-'’][^\W\d_]+)*)"
    r"|(?P<num>\d+(?:[.,:]\d+)*)"
    r"|(?P<punct>\S)"
)
_POSSESSIVE_RE = re.compile(r"^(.+?)['’]s$")
_ELIDED_RE = re.compile(r"^[dlDL]['’][^\W\d_]")


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class Occurrence:
    """Where a candidate was seen: path, 1-based line and column, and the text as written."""

    path: str
    line: int
    column: int
    text: str


@dataclass(frozen=True, slots=True)
class Span:
    """One candidate span in one text: ``text[start:end]``.

    ``known`` lists the concept ids when the whole span is one known concept's form;
    ``parts`` the concept ids of known spans inside a longer candidate. ``acronym`` is
    the acronym defined in parentheses right after the span ("(CBP)").
    """

    start: int
    end: int
    text: str
    kind: str
    known: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()
    acronym: str = ""
    nested: bool = False


@dataclass(frozen=True, slots=True)
class TermCandidate:
    """A candidate term: its most frequent spelling, every occurrence, what is known of it.

    ``kind`` is a concept type guess (``official-title``, ``government-body``, ``person``,
    ``place``, ``other``) or ``acronym``. ``references`` are the distinct path:line pairs
    in order of first sight; ``frequency`` counts occurrences.
    """

    text: str
    lang: str
    kind: str
    occurrences: tuple[Occurrence, ...]
    known: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()

    @property
    def frequency(self) -> int:
        """How many times the candidate occurs."""
        return len(self.occurrences)

    @property
    def references(self) -> tuple[Reference, ...]:
        """Distinct path:line references, in order of first occurrence."""
        seen: dict[tuple[str, int], None] = {}
        for o in self.occurrences:
            seen.setdefault((o.path, o.line), None)
        return tuple(Reference(p, ln) for p, ln in seen)

    @property
    def files(self) -> int:
        """How many distinct files the candidate occurs in."""
        return len({o.path for o in self.occurrences})


# --------------------------------------------------------------------------- tokens


@dataclass(frozen=True, slots=True)
class _Tok:
    text: str
    start: int
    end: int
    kind: str  # word | abbr | initial | num | punct | known
    known: tuple[str, ...] = ()
    known_type: str = ""

    @property
    def low(self) -> str:
        return self.text.lower()


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    for m in _TOKEN_RE.finditer(text):
        kind = m.lastgroup or "punct"
        s, e = m.start(), m.end()
        tok = m.group(0)
        if kind == "word":
            pm = _POSSESSIVE_RE.match(tok)
            if pm and len(pm.group(1)) > 1:
                cut = s + len(pm.group(1))
                out.append(_Tok(pm.group(1), s, cut, "word"))
                out.append(_Tok(text[cut:e], cut, e, "punct"))
                continue
        out.append(_Tok(tok, s, e, kind))
    return out


def _is_acronym(t: _Tok) -> bool:
    letters = [c for c in t.text if c.isalpha()]
    if t.kind == "abbr":
        return all(c.isupper() for c in letters) and len(letters) >= 2
    if t.kind != "word" or len(letters) < 2:
        return False
    upper = sum(1 for c in letters if c.isupper())
    return letters[0].isupper() and upper >= 2 and upper >= len(letters) - 1 and len(letters) <= 8


def _is_cap(t: _Tok) -> bool:
    if t.kind == "known":
        return t.text[:1].isupper()
    if t.kind in ("abbr", "initial"):
        return t.text[0].isupper()
    if t.kind != "word":
        return False
    return t.text[0].isupper() or bool(_ELIDED_RE.match(t.text) and t.text[2].isupper())


def _head_word(t: _Tok, lang: str) -> str:
    low = t.low
    return low.split("-")[0] if low not in TITLE_HEADS[lang] and "-" in low else low


def _is_title_head(t: _Tok, lang: str) -> bool:
    if t.kind == "known":
        return t.known_type == "official-title"
    return t.kind == "word" and (t.low in TITLE_HEADS[lang] or _head_word(t, lang) in TITLE_HEADS[lang])


def _is_body_head(t: _Tok, lang: str) -> bool:
    if t.kind == "known":
        return t.known_type == "government-body"
    return t.kind == "word" and t.low in BODY_HEADS[lang]


# --------------------------------------------------------------------------- chunks


def _with_known(toks: list[_Tok], text: str, index: _Scanner | None) -> list[_Tok]:
    """Replace the tokens covered by each known span with one ``known`` token."""
    if index is None:
        return toks
    concepts = getattr(index, "concepts", {})
    matches = index.scan(text)
    if not matches:
        return toks
    out: list[_Tok] = []
    i = 0
    for m in matches:
        while i < len(toks) and toks[i].end <= m.start:
            out.append(toks[i])
            i += 1
        j = i
        while j < len(toks) and toks[j].start < m.end:
            j += 1
        if j == i or toks[i].start < m.start or toks[j - 1].end > m.end:
            continue  # a span that does not fall on our token boundaries
        ids = tuple(dict.fromkeys(
            c.concept_id for c in m.candidates
            if c.accents_ok and c.case_ok and c.form.status is not Status.FORBIDDEN
        ))
        if not ids:
            # a misspelling of a known term (accents, case), or a form that is wrong for
            # the concept (and may well name something else): not a mention
            continue
        ctype = ""
        for cid in ids:
            c = concepts.get(cid) if hasattr(concepts, "get") else None
            if c is not None:
                ctype = c.type
                break
        out.append(_Tok(text[m.start : m.end], m.start, m.end, "known", ids, ctype))
        i = j
    out.extend(toks[i:])
    return out


def _list_end(toks: list[_Tok], i: int, lang: str) -> int:
    """If ``toks[i]`` is a comma opening "B, C, and D" (items of 1-3 capitalised words),
    the index after the list; else -1."""
    j = i
    items = 0
    while j < len(toks) and toks[j].text == ",":
        j += 1
        if j < len(toks) and toks[j].low in _ANDS[lang]:
            j += 1
            k = j
            while k < len(toks) and _is_cap(toks[k]) and toks[k].kind != "known" and k - j < 3:
                k += 1
            return k if k > j and items >= 0 else -1
        k = j
        while k < len(toks) and _is_cap(toks[k]) and toks[k].kind != "known" and k - j < 3:
            k += 1
        if k == j:
            return -1
        items += 1
        j = k
        if j < len(toks) and toks[j].low in _ANDS[lang]:
            k = j + 1
            m = k
            while m < len(toks) and _is_cap(toks[m]) and toks[m].kind != "known" and m - k < 3:
                m += 1
            return m if m > k else -1
    return -1


def _glue(toks: list[_Tok], i: int, unit_start: int, lang: str, has_prep: bool) -> int:
    """Connector tokens starting at ``i`` that join the chunk to a following capitalised
    token: the index of that token, or -1."""
    n = len(toks)
    t = toks[i]
    low = t.low
    prev = toks[i - 1]
    j = i
    if low in _PREPS[lang] or (low in _HEAD_PREPS[lang] and (_is_title_head(prev, lang) or _is_body_head(prev, lang))):
        j = i + 1
        if j < n and toks[j].low in _ARTICLES[lang]:
            j += 1
        if lang == "es" and j < n and toks[j].low in ("de", "del"):
            j += 1
    elif lang == "en" and low in _NAME_PARTICLES and low != "y" and _is_cap(prev) and prev.kind == "word" \
            and not _is_title_head(prev, lang) and not _is_body_head(prev, lang):
        j = i + 1  # "Juan Ramón de la Fuente" in English text
        while j < n and toks[j].low in _NAME_PARTICLES and j - i < 3:
            j += 1
        if j < n and _is_cap(toks[j]) and toks[j].kind == "word" and not _is_title_head(toks[j], lang):
            return j
        return -1
    elif low in _ANDS[lang]:
        j = i + 1
        if j >= n or not _is_cap(toks[j]) or _is_title_head(toks[j], lang):
            return -1
        if prev.kind == "known" and prev.known_type in ("person", "place"):
            return -1
        if toks[j].kind == "known" and toks[j].known_type in ("person", "place", "official-title"):
            return -1
        if prev.kind == "known" and prev.known_type == "official-title":
            return -1
        return j
    elif t.text == "," and has_prep:
        end = _list_end(toks, i, lang)
        return i + 1 if end > 0 else -1
    else:
        return -1
    if j < n and _is_cap(toks[j]) and j > i:
        return j
    return -1


def _chunks(toks: list[_Tok], lang: str) -> list[list[_Tok]]:
    """Maximal runs of capitalised tokens and the connectors that join them."""
    out: list[list[_Tok]] = []
    n = len(toks)
    i = 0
    while i < n:
        t = toks[i]
        if t.kind == "known" and not _is_cap(t):
            out.append([t])  # a known lower-case term ("memorandum of understanding") stands alone
            i += 1
            continue
        starts = _is_cap(t) or (
            t.kind == "word" and _is_title_head(t, lang) and i + 1 < n
            and toks[i + 1].low in _PREPS[lang] and _glue(toks, i + 1, i, lang, True) > 0
        )
        if not starts:
            i += 1
            continue
        chunk = [t]
        has_prep = False
        list_end = -1
        j = i + 1
        while j < n:
            u = toks[j]
            if j < list_end:
                chunk.append(u)
                j += 1
                continue
            if _is_cap(u) and toks[j - 1].end <= u.start:
                chunk.append(u)
                j += 1
                continue
            if u.kind == "word" and u.low in _TRAILING_ABBR or (u.kind == "abbr" and u.low in _TRAILING_ABBR):
                chunk.append(u)
                j += 1
                continue
            if u.kind == "word" and lang == "es" and u.low in ("general", "adjunto", "adjunta") and _is_title_head(chunk[-1], lang):
                chunk.append(u)
                j += 1
                continue
            k = _glue(toks, j, i, lang, has_prep)
            if k < 0:
                break
            if u.text == ",":
                list_end = _list_end(toks, j, lang)
            if u.low in _PREPS[lang] or u.low in _HEAD_PREPS[lang]:
                has_prep = True
            chunk.extend(toks[j:k])
            j = k
        out.append(chunk)
        i = j
    return out


def _split_known(chunk: list[_Tok], lang: str) -> list[list[_Tok]]:
    """Cut a chunk around known persons, after a known title followed by a name, and where
    a known span directly meets capitalised words that are not a title head."""
    parts: list[list[_Tok]] = [[chunk[0]]]
    for prev, t in zip(chunk, chunk[1:]):
        cut = False
        if prev.kind == "known" or t.kind == "known":
            adjacent = _is_cap(prev) and _is_cap(t)
            if t.kind == "known" and t.known_type == "person":
                cut = True
            elif prev.kind == "known" and prev.known_type == "person":
                cut = True
            elif adjacent and prev.kind == "known" and not _is_title_head(t, lang):
                # a place is a modifier ("United States Trade Representative")
                cut = prev.known_type != "place" and not (
                    prev.known_type == "government-body" and _is_body_head(t, lang))
            elif adjacent and t.kind == "known" and prev.kind == "known":
                cut = not (t.known_type == "official-title" and prev.known_type in ("government-body", "place"))
            elif adjacent and t.kind == "known" and t.known_type == "official-title" and _is_title_head(prev, lang):
                cut = True
        if cut:
            parts.append([t])
        else:
            parts[-1].append(t)
    return parts


def _trim(chunk: list[_Tok], lang: str) -> list[_Tok]:
    """Drop leading function words and trailing connectors and punctuation."""
    func = _FUNCTION[lang]
    connectors = _PREPS[lang] | _HEAD_PREPS[lang] | _ARTICLES[lang] | _ANDS[lang] | {","}
    s, e = 0, len(chunk)
    while s < e and chunk[s].kind != "known" and (
        chunk[s].low in func or chunk[s].low in connectors or chunk[s].kind == "punct"
        or (chunk[s].kind == "word" and not _is_cap(chunk[s]) and not _is_title_head(chunk[s], lang))
    ):
        s += 1
    while e > s and chunk[e - 1].kind != "known" and (chunk[e - 1].low in connectors or chunk[e - 1].kind == "punct"):
        e -= 1
    return chunk[s:e]


def _content(chunk: list[_Tok], lang: str) -> list[_Tok]:
    connectors = _PREPS[lang] | _HEAD_PREPS[lang] | _ARTICLES[lang] | _ANDS[lang]
    return [t for t in chunk if t.kind != "punct" and t.low not in connectors]


def guess_kind(words: Sequence[str], lang: str, *, acronym: bool = False) -> str:
    """A concept type guess for a candidate from its words: a title head first gives
    ``official-title``, a body head anywhere ``government-body``, two to five capitalised
    name words ``person``; ``acronym`` for a lone acronym; else ``other``."""
    if acronym:
        return "acronym"
    lows = [w.lower() for w in words]
    if not lows:
        return "other"
    first = lows[0].split("-")[0] if "-" in lows[0] and lows[0] not in TITLE_HEADS[lang] else lows[0]
    heads = TITLE_HEADS[lang]
    if first in heads or (len(lows) > 1 and lows[1] in heads and lows[0] in ("deputy", "assistant", "vice", "under", "special", "chief")):
        return "official-title"
    if any(w in heads for w in lows) and not any(w in BODY_HEADS[lang] for w in lows):
        return "official-title"
    if any(w in BODY_HEADS[lang] for w in lows):
        for w in lows:
            if w in BODY_HEADS[lang]:
                return "government-body"
            if w in heads:
                return "official-title"
    content = [w for w in words if w.lower() not in _NAME_PARTICLES]
    if 2 <= len(content) <= 5 and all(w[:1].isupper() and not w.isupper() for w in content):
        return "person"
    return "other"


def _is_headline(toks: list[_Tok], lang: str) -> bool:
    words = [t for t in toks if t.kind in ("word", "known")]
    content = [t for t in words if t.kind == "known" or (t.low not in _FUNCTION[lang] and t.low not in _PREPS[lang]
                                                          and t.low not in _HEAD_PREPS[lang])]
    if len(content) < 5 or not words or not words[0].text[:1].isupper():
        return False
    caps = sum(1 for t in content if _is_cap(t))
    return caps == len(content) and not any(t.text == "," for t in toks)


def _chunk_span(chunk: list[_Tok], text: str, lang: str, toks_after: list[_Tok]) -> Span | None:
    content = _content(chunk, lang)
    if not content:
        return None
    start, end = chunk[0].start, chunk[-1].end
    if len(chunk) == 1 and chunk[0].kind == "known":
        t = chunk[0]
        return Span(start, end, text[start:end], t.known_type or "other", t.known, (), _paren_acronym(toks_after))
    parts = tuple(dict.fromkeys(cid for t in chunk if t.kind == "known" for cid in t.known[:1]))
    words = [w for t in content for w in t.text.split()]
    if len(content) == 1:
        t = content[0]
        if _is_acronym(t):
            return Span(start, end, text[start:end], "acronym")
        if not _is_title_head(t, lang) or not _is_cap(t):
            return None
        if t.low in _MONTHS:
            return None
        return Span(start, end, text[start:end], "official-title")
    if all(t.low in _MONTHS or t.kind == "num" for t in content):
        return None
    kind = guess_kind(words, lang)
    return Span(start, end, text[start:end], kind, (), parts, _paren_acronym(toks_after))


def _complement(part: list[_Tok], text: str, lang: str) -> Span | None:
    """The body a new title names ("Director of *the Federal Bureau of Investigation*"):
    what follows the title's first preposition, when it holds a body head and no known
    span (a known one is counted already)."""
    for k, t in enumerate(part[:-1]):
        if t.low in _PREPS[lang] or t.low in _HEAD_PREPS[lang]:
            rest = part[k + 1 :]
            while rest and (rest[0].low in _ARTICLES[lang] or rest[0].low in ("de", "del")):
                rest = rest[1:]
            if len(_content(rest, lang)) < 2 or any(r.kind == "known" for r in rest):
                return None
            if lang == "en":  # head-final up to the first preposition: "Federal *Bureau* of ..."
                cut = next((i for i, r in enumerate(rest) if r.low in _PREPS[lang]), len(rest))
                head = rest[cut - 1] if cut else rest[0]
            else:  # head-initial: "*Oficina* Federal de Investigación"
                head = rest[0]
            if head.low in _WEAK_BODY_HEADS or not _is_body_head(head, lang):
                return None
            start, end = rest[0].start, rest[-1].end
            return Span(start, end, text[start:end], "government-body", (), (), "", True)
    return None


def _paren_acronym(after: list[_Tok]) -> str:
    if len(after) >= 3 and after[0].text == "(" and after[2].text == ")" and _is_acronym(after[1]):
        return after[1].text
    return ""


def _nested(tok: _Tok, index: _Scanner, lang: str) -> list[Span]:
    """Known concepts inside a known span, counted as mentions: another concept of another
    type ("Ministry of the Interior" inside an undersecretary's title, "U.S." inside
    "U.S. government"), named by its preferred form or an acronym. A title's own head
    ("Secretary" inside "Secretary of Foreign Affairs") is not a mention."""
    concepts = getattr(index, "concepts", {})
    words = [t for t in _tokens(tok.text) if t.kind != "punct"]
    if len(words) < 2:
        return []
    pieces = [(w.start, tok.text[w.start :]) for w in words[1:]]
    pieces.append((0, tok.text[: words[-2].end]))
    out: dict[tuple[int, int], Span] = {}
    outer = set(tok.known)
    for base, sub in pieces:
        for m in index.scan(sub):
            ids = tuple(dict.fromkeys(c.concept_id for c in m.candidates if c.accents_ok and c.case_ok))
            if not ids or outer & set(ids):
                continue
            concept = concepts.get(ids[0]) if hasattr(concepts, "get") else None
            ctype = concept.type if concept is not None else "other"
            if ctype == tok.known_type:
                continue
            form = m.candidates[0].form
            if not (form.acronym or form.status is Status.PREFERRED):
                continue
            start = tok.start + base + m.start
            end = tok.start + base + m.end
            out.setdefault((start, end), Span(start, end, m.text, ctype, ids, (), "", True))
    spans = list(out.values())
    # a piece cut short ("... of the Ministry of the") exposes shorter terms inside a
    # longer mention: keep only spans not inside another one
    return [s for s in spans if not any(
        o is not s and o.start <= s.start and s.end <= o.end for o in spans)]


def find_spans(text: str, lang: str, index: _Scanner | None = None, *, names: frozenset[str] = frozenset()) -> list[Span]:
    """Candidate spans of one text (a line or a paragraph), in text order.

    ``index`` marks known concepts; ``names`` holds case-folded person names seen on
    their own elsewhere, cut off the end of longer chunks. Title-case headlines give
    only their known spans and acronyms. Known concepts inside a longer candidate, or
    mentioned inside a known span (see ``_nested``), come as spans with ``nested`` set.
    """
    lang = "es" if lang.lower().startswith("es") else "en"
    toks = _with_known(_tokens(text), text, index)
    headline = _is_headline(toks, lang)
    out: list[Span] = []
    pos = {id(t): k for k, t in enumerate(toks)}
    whole: set[int] = set()
    for chunk in _chunks(toks, lang):
        for piece in _split_known(chunk, lang):
            for part in (p for q in _split_names(_trim(piece, lang), lang, names)
                         for p in _split_head_name(_trim(q, lang), lang)):
                part = _trim(part, lang)
                if not part:
                    continue
                after = toks[pos[id(part[-1])] + 1 : pos[id(part[-1])] + 4]
                span = _chunk_span(part, text, lang, after)
                if span is None:
                    continue
                if headline and not span.known and span.kind != "acronym":
                    continue
                inner = _complement(part, text, lang) if span.kind == "official-title" and not span.known else None
                if inner is not None and span.acronym and inner.end == span.end:
                    # "Administrator of the Drug Enforcement Administration (DEA)": the
                    # acronym names the body, not its administrator
                    inner = replace(inner, acronym=span.acronym)
                    span = replace(span, acronym="")
                if headline and inner is not None and not span.known:
                    inner = None
                out.append(span)
                if inner is not None:
                    out.append(inner)
                if span.known:
                    whole.add(id(part[0]))
                if span.acronym or (inner is not None and inner.acronym):
                    a = toks[pos[id(part[-1])] + 2]
                    out.append(Span(a.start, a.end, a.text, "acronym", (), (), ""))
    for t in toks:
        if t.kind != "known":
            continue
        if id(t) not in whole:
            out.append(Span(t.start, t.end, t.text, t.known_type or "other", t.known, (), "", True))
        if index is not None:
            out.extend(_nested(t, index, lang))
    out.sort(key=lambda s: (s.start, -s.end))
    dedup: list[Span] = []
    for s in out:
        if dedup and dedup[-1].start == s.start and dedup[-1].end == s.end:
            continue
        dedup.append(s)
    return dedup


def _name_words(chunk: list[_Tok], lang: str) -> bool:
    content = [t for t in chunk if t.low not in _NAME_PARTICLES]
    return (
        2 <= len(content) <= 5
        and all(t.kind in ("word", "initial") and _is_cap(t) and not _is_acronym(t) for t in content)
        and not any(_is_title_head(t, lang) or _is_body_head(t, lang) for t in content)
    )


def _split_head_name(chunk: list[_Tok], lang: str) -> list[list[_Tok]]:
    """"Secretary Kristi Noem", "Attorney General Pamela Bondi": a run of title heads
    followed directly by a name is cut before the name."""
    k = 0
    while k < len(chunk) and chunk[k].kind == "word" and _is_title_head(chunk[k], lang) and _is_cap(chunk[k]):
        k += 1
    if k == 0 or k >= len(chunk):
        return [chunk]
    rest = chunk[k:]
    if rest[0].low in _NAME_PARTICLES or not (len(rest) == 1 and rest[0].kind == "word" and _is_cap(rest[0])
                                               and not _is_acronym(rest[0]) and not _is_body_head(rest[0], lang)
                                               or _name_words(rest, lang)):
        return [chunk]
    return [chunk[:k], rest]


def _split_names(chunk: list[_Tok], lang: str, names: frozenset[str]) -> list[list[_Tok]]:
    if not names or len(chunk) < 3:
        return [chunk]
    for k in range(1, len(chunk) - 1):
        tail = chunk[k:]
        if " ".join(t.text for t in tail).casefold() in names and _is_cap(tail[0]):
            return [chunk[:k], tail]
    return [chunk]


# --------------------------------------------------------------------------- documents


def candidate_key(text: str) -> str:
    """The key under which spellings of one candidate are counted together: case folded,
    whitespace collapsed, curly apostrophes straightened (accents kept)."""
    return " ".join(text.replace("’", "'").split()).casefold()


def _side_for(seg: Segment, lang: str) -> Side | None:
    for side in (seg.source, seg.target):
        if side is not None and side.lang.lower().split("-")[0] == lang:
            return side
    if seg.source is None:
        return seg.target
    return None


def _lines(side: Side) -> Iterable[tuple[int, str]]:
    """(offset, line text) for each line of a side's text."""
    off = 0
    for ln in side.text.split("\n"):
        yield off, ln
        off += len(ln) + 1


def _standalone_names(texts: Iterable[str], lang: str, index: _Scanner | None) -> frozenset[str]:
    """Case-folded person-like chunks that occur on their own (set off by punctuation)."""
    found: set[str] = set()
    for text in texts:
        toks = _with_known(_tokens(text), text, index)
        for chunk in _chunks(toks, lang):
            for piece in _split_known(chunk, lang):
                piece = _trim(piece, lang)
                if piece and _name_words(piece, lang):
                    found.add(" ".join(t.text for t in piece).casefold())
                elif len(piece) == 1 and piece[0].kind == "known" and piece[0].known_type == "person":
                    found.add(piece[0].text.casefold())
    return frozenset(found)


def _country_votes(
    found: list[tuple[str, Side, int, Span]], concepts: object
) -> dict[tuple[str, int], dict[str, int]]:
    """Countries of the unambiguous known concepts, counted per (path, line) and per
    (path, 0) for the whole file."""
    votes: dict[tuple[str, int], dict[str, int]] = {}
    get = getattr(concepts, "get", None)
    if get is None:
        return votes
    for path, side, off, span in found:
        if len(span.known) != 1:
            continue
        c = get(span.known[0])
        if c is None or not c.country:
            continue
        line = side.position(off + span.start)[0]
        for key in ((path, line), (path, 0)):
            v = votes.setdefault(key, {})
            v[c.country] = v.get(c.country, 0) + 1
    return votes


def _narrow(
    ids: tuple[str, ...], concepts: object, votes: dict[tuple[str, int], dict[str, int]], path: str, line: int
) -> tuple[str, ...]:
    """A homograph's concepts narrowed by country: those whose country the other known
    concepts on the line (then in the file) name most; all of them when that decides nothing."""
    get = getattr(concepts, "get", None)
    if get is None:
        return ids
    def score(cid: str) -> tuple[int, int]:
        c = get(cid)
        country = c.country if c is not None else ""
        return (votes.get((path, line), {}).get(country, 0), votes.get((path, 0), {}).get(country, 0))
    best = max(score(c) for c in ids)
    if best == (0, 0):
        return ids
    return tuple(c for c in ids if score(c) == best)


def extract(segments: Sequence[Segment], lang: str = "en", index: _Scanner | None = None) -> list[TermCandidate]:
    """Candidates in the ``lang`` side of ``segments`` (monolingual segments are taken as
    they are), in order of first occurrence. ``index`` (a ``TermIndex`` in ``lang``)
    marks known concepts. In bilingual segments, names set off by punctuation on the
    other side are cut off the titles they run into on this side."""
    lang = "es" if lang.lower().startswith("es") else "en"
    sides: list[tuple[str, Side]] = []
    for seg in segments:
        side = _side_for(seg, lang)
        if side is not None and side.text.strip():
            sides.append((seg.path, side))
    names = _standalone_names((ln for _p, s in sides for _o, ln in _lines(s)), lang, index)
    # names are not translated: in bilingual segments, names set off on the other side
    # ("El secretario de Economía, Marcelo Ebrard, ...") cut them off titles on this one
    other_lang = "en" if lang == "es" else "es"
    others = [o for seg in segments if seg.source is not None
              for o in (seg.source, seg.target) if _side_for(seg, lang) is not o and o.text.strip()]
    if others:
        names |= _standalone_names((ln for o in others for _o, ln in _lines(o)), other_lang, None)
    found: list[tuple[str, Side, int, Span]] = []
    for path, side in sides:
        for off, ln in _lines(side):
            for span in find_spans(ln, lang, index, names=names):
                found.append((path, side, off, span))
    concepts = getattr(index, "concepts", {}) if index is not None else {}
    countries = _country_votes(found, concepts)
    groups: dict[str, list[tuple[Occurrence, Span]]] = {}
    for path, side, off, span in found:
        line, col = side.position(off + span.start)
        if len(span.known) > 1:
            span = replace(span, known=_narrow(span.known, concepts, countries, path, line))
        occ = Occurrence(path, line, col, " ".join(span.text.split()))
        key = "\0".join(span.known) if span.known else candidate_key(span.text)
        groups.setdefault(key, []).append((occ, span))
    out: list[TermCandidate] = []
    for items in groups.values():
        counts: dict[str, int] = {}
        for occ, _s in items:
            counts[occ.text] = counts.get(occ.text, 0) + 1
        order = list(counts)
        best = max(order, key=lambda t: (counts[t], -order.index(t)))  # most frequent, then first
        spans = [s for _o, s in items]
        known = tuple(dict.fromkeys(c for s in spans for c in s.known))
        parts = tuple(dict.fromkeys(c for s in spans for c in s.parts))
        acronyms = tuple(dict.fromkeys(s.acronym for s in spans if s.acronym))
        kinds = [s.kind for s in spans]
        kind = max(dict.fromkeys(kinds), key=kinds.count)
        out.append(TermCandidate(
            text=best,
            lang=lang,
            kind=kind,
            occurrences=tuple(o for o, _s in items),
            known=known,
            parts=parts,
            acronyms=acronyms,
            variants=tuple(t for t in counts if t != best),
        ))
    return out
