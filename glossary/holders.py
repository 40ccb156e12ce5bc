"""Who held which office when, and what a title beside a named person refers to. Pure.

A title next to a person the term base knows ("Secretary Ebrard", "la secretaria de
Gobernación, Rosa Icela Rodríguez", "el mandatario estadounidense Joe Biden") takes its
concept from that person's office on the document's date: a generic or homograph title is
read as that office, and a specific title the person did not hold is the wrong office.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping, NamedTuple

from glossary.matcher import Candidate, Match
from glossary.model import Concept, Office

_GAP_AFTER = re.compile(
    r"(?:[,:]|\s|\b(?:de|del|la|el|los|las|of|the|a\.i\.|interin[oa]|acting|general|gral\.|almirante|alm\.|"
    r"admiral|adm\.|gen\.|lic\.|licenciad[oa]|dr\.|dra\.|doctor[a]?|mtr[oa]\.|maestr[oa]|ing\.|sr\.|sra\.|"
    r"mr\.|mrs\.|ms\.|hon\.|don|doña|señor[a]?)(?!\w))*", re.I)
"""What may stand between a title and the name after it ("el secretario de la Defensa
Nacional, General Salvador Cienfuegos", "Secretary of State of the United States Marco
Rubio"): commas, articles, prepositions, honorifics and ranks (country names and demonyms
are matches, stepped over)."""
_GAP_BEFORE = re.compile(r"\s*,\s*")
"""What stands between a name and a title after it in apposition ("Kristi Noem, Secretary")."""
_FORMER = re.compile(r"(?:\b(?:former|then|ex|otrora|entonces|extint[oa]s?|antigu[oa]s?|desaparecid[oa]s?|anterior|"
                     r"ex-?titular|previous|late)\b[\s-]*(?:\w+\s+){0,2})$", re.I)
_MAX_GAP = 48


class Holder(NamedTuple):
    """The person named beside a title, and the countries the words between them name."""

    person: Concept
    at: int
    markers: frozenset[str]


@dataclass(frozen=True, slots=True)
class Holders:
    """The offices of every person of a term base, by person and by office."""

    by_person: Mapping[str, tuple[Office, ...]]

    @classmethod
    def of(cls, concepts: Mapping[str, Concept]) -> "Holders":
        """The holders recorded in ``concepts`` (persons' ``office`` keys)."""
        return cls({c.id: c.offices for c in concepts.values() if c.offices})

    def on(self, person_id: str, day: str) -> list[str]:
        """Offices the person held on ``day`` (``YYYY-MM-DD``)."""
        return [o.office for o in self.by_person.get(person_id, ()) if o.period.contains(day)]

    def ever(self, person_id: str) -> list[Office]:
        """Every office the person held."""
        return list(self.by_person.get(person_id, ()))


def former(text: str, start: int) -> bool:
    """Whether the words before ``start`` say the office or body is a past one ("former",
    "the then", "la extinta", "el entonces")."""
    return _FORMER.search(text[max(0, start - 40):start]) is not None


def _person(concepts: Mapping[str, Concept], m: Match) -> Concept | None:
    for c in m.candidates:
        concept = concepts[c.concept_id]
        if concept.type == "person" and c.form.status.allowed:
            return concept
    return None


def _place_countries(concepts: Mapping[str, Concept], m: Match) -> frozenset[str] | None:
    """The countries a place match (a country name or demonym) names; None if not a place."""
    out = {concepts[c.concept_id].country for c in m.candidates if concepts[c.concept_id].type == "place"}
    out.discard("")
    return frozenset(out) if out else None


def named_holder(text: str, matches: list[Match], i: int, concepts: Mapping[str, Concept]) -> Holder | None:
    """The person named right after the title ``matches[i]`` (or right before it, in
    apposition), with at most a comma, an article or preposition, and country names or
    demonyms ("estadounidense", "de Estados Unidos") between them."""
    for step in (1, -1):
        j = i + step
        markers: set[str] = set()
        edge = matches[i].end if step > 0 else matches[i].start
        while 0 <= j < len(matches):
            other = matches[j]
            lo, hi = (edge, other.start) if step > 0 else (other.end, edge)
            gap = _GAP_AFTER if step > 0 else _GAP_BEFORE
            if hi - lo > _MAX_GAP or not gap.fullmatch(text, lo, hi):
                break
            person = _person(concepts, other)
            if person is not None:
                return Holder(person, j, frozenset(markers))
            places = _place_countries(concepts, other)
            if places is None:
                break
            markers |= places
            edge = other.end if step > 0 else other.start
            j += step
    return None


class Reading(NamedTuple):
    """What a title beside a named holder turns out to be."""

    candidates: tuple[Candidate, ...]
    """The match's candidates, with the holder's office added where the title names it."""
    wrong: str
    """A message when the person did not hold the office the title names, else ''."""


def read_title(match: Match, holder: Holder, concepts: Mapping[str, Concept], holders: Holders,
               day: str, text: str, dated: bool = True) -> Reading | None:
    """How the title ``match`` reads beside ``holder`` on ``day``; None when there is nothing
    to change or say (the person's offices are not recorded, or the title already names
    the office the person held). An office the person held at another time is reported
    only when the document's date is known (``dated``)."""
    person = holder.person
    ever = holders.ever(person.id)
    if not ever:
        return None
    titles = [c for c in match.candidates if concepts[c.concept_id].type == "official-title"]
    if not titles:
        return None
    ids = {c.concept_id for c in titles}
    now = holders.on(person.id, day)
    if ids & set(now):
        # the title names the office held then: narrow a homograph to it
        keep = tuple(c for c in match.candidates if c.concept_id in now or concepts[c.concept_id].type != "official-title")
        return Reading(keep, "") if len(keep) < len(match.candidates) else None
    held = {o.office for o in ever}
    generic = all(not concepts[i].country for i in ids)
    countries = {concepts[i].country for i in ids if concepts[i].country}
    offices = [o for o in now if o in concepts]
    if generic or (holder.markers and not holder.markers & countries):
        # "Secretary Ebrard", "el mandatario estadounidense Joe Biden": the person's office
        if not offices:
            return None
        base = titles[0]
        extra = tuple(Candidate(o, base.form, base.accents_ok, base.case_ok, base.exact) for o in offices)
        return Reading(tuple(match.candidates) + extra, "")
    if former(text, match.start):
        return None
    shown = person.preferred("en")
    name = shown.text if shown is not None else person.id
    if ids & held:
        past = [o for o in ever if o.office in ids]
        if not dated or all(o.period.low > day for o in past):
            return None  # held it only later: more likely a wrong document date than a wrong title
        then = ", ".join(f"{o.office} {o.period}" for o in past)
        now_text = f"; on {day} {name} held {', '.join(now)}" if now else f"; {name} held no recorded office on {day}"
        return Reading(tuple(match.candidates), f"'{match.text}' [{', '.join(sorted(ids))}] beside {name} "
                                                f"[{person.id}]: held it {then}{now_text}")
    held_text = ", ".join(now) if now else ", ".join(f"{o.office} {o.period}" for o in ever)
    return Reading(tuple(match.candidates), f"'{match.text}' [{', '.join(sorted(ids))}] is not an office "
                                            f"{name} [{person.id}] held on {day}; {name} held {held_text}")
