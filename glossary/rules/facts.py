"""What a segment says about terminology, computed once and read by every rule.

For a translation pair, each source match names a *group* of concepts (homographs: "Secretary
of the Interior" is Mexico's or the US's); each target match is a *reading*: the candidate
concepts and forms it may be. Rules are thin filters over these facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping, NamedTuple

from glossary.matcher import Candidate, Match
from glossary.nearmiss import NearMiss
from glossary.model import Concept, Segment, Status


@dataclass(frozen=True, slots=True)
class Settings:
    """Options that shape how facts are read.

    ``country`` is a document-level hint (``MX``, ``US``, or several: ``MX,US``): it
    narrows homographs and makes forbidden forms of those countries' concepts apply in
    monolingual text; without it the countries come from the document itself. ``day`` is
    the date office holders and bodies' names are judged on (``YYYY-MM-DD``; '' for the
    document's dateline, else today).
    """

    source_lang: str = "en"
    target_lang: str = "es"
    country: str = ""
    day: str = ""

    @property
    def countries(self) -> frozenset[str]:
        """The countries ``country`` names."""
        return frozenset(c for c in self.country.split(",") if c)


class SourceTerm(NamedTuple):
    """A term found in the source, with the concepts it may name."""

    match: Match
    concept_ids: frozenset[str]


@dataclass(slots=True)
class Facts:
    """Everything the rules need about one segment."""

    segment: Segment
    concepts: Mapping[str, Concept]
    settings: Settings
    source_terms: list[SourceTerm] = field(default_factory=list)
    target_matches: list[Match] = field(default_factory=list)
    untranslated: list[Match] = field(default_factory=list)
    source_ids: frozenset[str] = frozenset()
    """Ids of every concept the source may name: the union of ``source_terms``' groups
    (``set_source_terms`` keeps the two together)."""
    unsatisfied: list[tuple[int, frozenset[str]]] | None = None
    """Worked out once by the rules that read it (``rules.terms._unsatisfied``)."""
    correct: dict[int, bool] = field(default_factory=dict)
    """Per target match (by ``id``): whether it is a right form (``rules.terms._correct``)."""
    day: str = ""
    """The date the document speaks of (``YYYY-MM-DD``)."""
    countries: frozenset[str] = frozenset()
    """The countries the document is about: ``--country``, else those it names."""
    office_issues: list["Issue"] = field(default_factory=list)
    """GL110 findings worked out when titles were read beside their holders."""
    near_misses: list[NearMiss] = field(default_factory=list)
    """Spans of the target written almost as a known name (``glossary.nearmiss``)."""

    @property
    def bilingual(self) -> bool:
        """True when the segment has a source side."""
        return self.segment.source is not None

    def set_source_terms(self, terms: list[SourceTerm], ids: frozenset[str] | None = None) -> None:
        """Set the source terms and the ids they may name (``ids_of(terms)``, if known)."""
        self.source_terms = terms
        self.source_ids = ids_of(terms) if ids is None else ids

    def concept(self, cid: str) -> Concept:
        """The concept with this id."""
        return self.concepts[cid]

    def in_scope(self, cand: Candidate) -> bool:
        """Whether a forbidden reading applies here: its concept is in the source, the form
        is wrong everywhere, or (in monolingual text) the document's country is the concept's."""
        if cand.form.everywhere or cand.concept_id in self.source_ids:
            return True
        if not self.bilingual and self.countries:
            concept = self.concepts[cand.concept_id]
            # a wrong name of an office or body; a place's forbidden forms are mostly other
            # real places ("Los Pinos", "Palacio de Gobierno"), wrong only as a translation
            return concept.country in self.countries and concept.type in ("official-title", "government-body")
        return False


def exact_allowed(match: Match) -> list[Candidate]:
    """Candidates under which ``match`` is a correct, allowed form."""
    return [c for c in match.candidates if c.exact]


def narrow(ids: set[str], concepts: Mapping[str, Concept], segment: Segment, country: str) -> frozenset[str]:
    """Narrow a homograph group by the segment's msgctxt, then by the document's countries
    (``MX`` or ``MX,US``)."""
    if segment.context and segment.context in ids:
        return frozenset({segment.context})
    if country:
        wanted = set(country.split(","))
        same = {i for i in ids if not concepts[i].country or concepts[i].country in wanted}
        if same:
            return frozenset(same)
    return frozenset(ids)


def _current(ids: set[str], concepts: Mapping[str, Concept], day: str) -> set[str]:
    """Of a homograph group, the concepts in use on ``day`` (the FGR, not the PGR, in 2025),
    when that leaves any."""
    if not day:
        return ids
    now = {i for i in ids if concepts[i].valid is None or concepts[i].valid.contains(day)}  # type: ignore[union-attr]
    return now or ids


def source_terms(matches: list[Match], concepts: Mapping[str, Concept], segment: Segment,
                 country: str, day: str = "") -> list[SourceTerm]:
    """Turn source matches into concept groups; forbidden source forms name nothing. A
    homograph group is narrowed to the concepts in use on ``day`` (when known)."""
    out = []
    for m in matches:
        if len(m.candidates) == 1:  # the common case: one concept, nothing to narrow
            c = m.candidates[0]
            if c.form.status is not Status.FORBIDDEN:
                out.append(SourceTerm(m, frozenset((c.concept_id,))))
            continue
        ids = {c.concept_id for c in m.candidates
               if c.form.status is not Status.FORBIDDEN and c.accents_ok}
        if not ids:
            ids = {c.concept_id for c in m.candidates if c.form.status is not Status.FORBIDDEN}
        if ids:
            out.append(SourceTerm(m, narrow(_current(ids, concepts, day), concepts, segment, country)))
    return out


_LINK = re.compile(r"\s*(?:['’]s\s+|\s|-)\s*")


def subsume_countries(terms: list[SourceTerm], concepts: Mapping[str, Concept], text: str) -> list[SourceTerm]:
    """Leave out a country name or demonym that only says whose the next term is ("the
    Mexican Secretariat for Foreign Relations", "Mexico's Tax Administration Service",
    "U.S. National Security Council"): the translation names the body, which says it."""
    if len(terms) < 2:
        return terms
    out = []
    for k, t in enumerate(terms):
        nxt = terms[k + 1] if k + 1 < len(terms) else None
        if nxt is not None and all(concepts[i].type == "place" and concepts[i].country for i in t.concept_ids):
            countries = {concepts[i].country for i in t.concept_ids}
            if (_LINK.fullmatch(text, t.match.end, nxt.match.start)
                    and all(concepts[i].country in countries for i in nxt.concept_ids)):
                continue
        out.append(t)
    return out


def ids_of(terms: list[SourceTerm]) -> frozenset[str]:
    """Ids of every concept the source terms may name."""
    if len(terms) == 1:
        return terms[0].concept_ids
    return frozenset().union(*(t.concept_ids for t in terms))


def touches(match: Match, ids: frozenset[str]) -> bool:
    """Whether any reading of a target match belongs to one of ``ids``."""
    return any(c.concept_id in ids for c in match.candidates)


@dataclass(frozen=True, slots=True)
class Issue:
    """A rule's raw result: a span of the target text (offsets) and what to say about it.

    ``start == end == 0`` with ``whole`` set means the issue is about the segment as a
    whole (a missing term has no span in the target).
    """

    code: str
    start: int
    end: int
    message: str
    term: str = ""
    found: str = ""
    expected: str = ""
    whole: bool = False
