"""The terminology rules: one function per rule, each a filter over ``Facts``."""

from __future__ import annotations

import re
from typing import Callable, Iterator, Mapping

from glossary.holders import named_holder
from glossary.inflect import DETERMINERS
from glossary.matcher import Candidate, Match
from glossary.model import Concept, Gender, Number, Status
from glossary.rules.facts import Facts, Issue, SourceTerm, exact_allowed, touches
from glossary.tokens import loose_key

RuleFunc = Callable[[Facts], Iterator[Issue]]


_LANGUAGES = {"en": "English", "es": "Spanish"}


def _preferred(concept: Concept, lang: str) -> str:
    form = concept.preferred(lang)
    return form.text if form else ""


def _expected(facts: Facts, ids: frozenset[str]) -> str:
    lang = facts.settings.target_lang
    return " or ".join(sorted({p for i in ids if (p := _preferred(facts.concept(i), lang))}))


def _label(ids: frozenset[str]) -> str:
    return ", ".join(sorted(ids))


def _note(cand: Candidate) -> str:
    return f" ({cand.form.note})" if cand.form.note else ""


def _first_in_source(facts: Facts, cands: list[Candidate]) -> Candidate:
    src = facts.source_ids
    return next((c for c in cands if c.concept_id in src), cands[0])


def _unsatisfied(facts: Facts) -> list[tuple[int, frozenset[str]]]:
    """Source groups (with the source match start) that no target match touches at all,
    nor names inside a longer term ("los Estados Unidos" inside "secretario de Estado de
    los Estados Unidos")."""
    found = facts.unsatisfied
    if found is None:
        seen: set[frozenset[str]] = set()
        out = []
        inner: list[str] | None = None
        for term in facts.source_terms:
            ids = term.concept_ids
            if ids in seen:
                continue
            seen.add(ids)
            if not any(touches(m, ids) for m in facts.target_matches):
                if inner is None:
                    inner = [f" {loose_key(m.text)} " for m in facts.target_matches]
                if not _nested(facts, ids, inner):
                    out.append((term.match.start, ids))
        found = facts.unsatisfied = out
    return found


def _nested(facts: Facts, ids: frozenset[str], inner: list[str]) -> bool:
    """Whether an allowed target form of one of ``ids`` stands inside a matched target term."""
    if not inner:
        return False
    lang = facts.settings.target_lang
    for cid in ids:
        for f in facts.concept(cid).allowed(lang):
            key = f" {loose_key(f.text)} "
            if any(key in t for t in inner):
                return True
    return False


def missing_term(facts: Facts) -> Iterator[Issue]:
    """GL101: a source term with no rendering at all (allowed or not) in the target."""
    if not facts.bilingual:
        return
    for start, ids in _unsatisfied(facts):
        if any(touches(m, ids) for m in facts.untranslated):
            continue  # GL108 says it better
        if any(i == nm.name.concept_id or i.startswith(nm.name.concept_id + "-")
               for nm in facts.near_misses for i in ids):
            continue  # GL112 names the misspelt body (or the body of the missing title)
        source_text = next(t.match.text for t in facts.source_terms if t.match.start == start)
        expected = _expected(facts, ids)
        yield Issue("GL101", 0, 0,
                    f"'{source_text}' [{_label(ids)}] is not rendered in the translation; expected '{expected}'",
                    term=_label(ids), found="", expected=expected, whole=True)


def untranslated_term(facts: Facts) -> Iterator[Issue]:
    """GL108: a source term left in the source language in the target."""
    if not facts.bilingual or not facts.untranslated:
        return
    for _, ids in _unsatisfied(facts):
        for m in facts.untranslated:
            if touches(m, ids):
                expected = _expected(facts, ids)
                yield Issue("GL108", m.start, m.end,
                            f"'{m.text}' [{_label(ids)}] is left in {_LANGUAGES.get(facts.settings.source_lang, facts.settings.source_lang)}; expected '{expected}'",
                            term=_label(ids), found=m.text, expected=expected)
                break


def _forbidden(facts: Facts, m: Match) -> list[Candidate]:
    return [c for c in m.candidates if c.form.status is Status.FORBIDDEN and facts.in_scope(c)]


def _correct(facts: Facts, m: Match) -> bool:
    """Whether the span is a right form: of a source concept in a translation, of any concept alone."""
    known = facts.correct.get(id(m))  # a match lives as long as its facts
    if known is None:
        known = facts.correct[id(m)] = _is_correct(facts, m)
    return known


def _is_correct(facts: Facts, m: Match) -> bool:
    ok = exact_allowed(m)
    if facts.bilingual and facts.source_terms:
        src = facts.source_ids
        return any(c.concept_id in src for c in ok) or (bool(ok) and not any(
            c.concept_id in src for c in m.candidates))
    return bool(ok)


def forbidden_term(facts: Facts) -> Iterator[Issue]:
    """GL102: a forbidden form, where its concept is in the source or it is wrong everywhere.

    In a translation a span that is right for some other concept still counts as forbidden
    when it renders a source concept with a forbidden form.
    """
    for m in facts.target_matches:
        if _correct(facts, m):
            continue
        cands = _forbidden(facts, m)
        if cands:
            c = _first_in_source(facts, cands)
            expected = _preferred(facts.concept(c.concept_id), facts.settings.target_lang)
            yield Issue("GL102", m.start, m.end,
                        f"'{m.text}' is a forbidden rendering of [{c.concept_id}]{_note(c)}; use '{expected}'",
                        term=c.concept_id, found=m.text, expected=expected)


def deprecated_term(facts: Facts) -> Iterator[Issue]:
    """GL103: a deprecated form (in any text), unless the span is also a correct form."""
    for m in facts.target_matches:
        if _correct(facts, m) or _forbidden(facts, m):
            continue
        cands = [c for c in m.candidates if c.form.status is Status.DEPRECATED]
        if cands:
            c = _first_in_source(facts, cands)
            expected = _preferred(facts.concept(c.concept_id), facts.settings.target_lang)
            yield Issue("GL103", m.start, m.end,
                        f"'{m.text}' is deprecated for [{c.concept_id}]{_note(c)}; prefer '{expected}'",
                        term=c.concept_id, found=m.text, expected=expected)


def _dnt(facts: Facts, c: Candidate) -> bool:
    return facts.concept(c.concept_id).do_not_translate


def diacritics_mismatch(facts: Facts) -> Iterator[Issue]:
    """GL105: a term with missing or wrong accents.

    A span is reported when nothing matches it accent-exactly, or (in a translation) when
    the source's concept is only matched with other accents ("secretaria" for the ministry
    "Secretaría").
    """
    reported: set[int] = set()
    for m in facts.target_matches:
        if any(c.accents_ok for c in m.candidates):
            continue
        cands = [c for c in m.candidates if c.form.status.allowed and not _dnt(facts, c)]
        if cands:
            c = _first_in_source(facts, cands)
            reported.add(m.start)
            yield Issue("GL105", m.start, m.end,
                        f"'{m.text}' has wrong or missing accents for [{c.concept_id}]; write '{c.form.text}'",
                        term=c.concept_id, found=m.text, expected=c.form.text)
    if not facts.bilingual:
        return
    for term in facts.source_terms:
        ids = term.concept_ids
        if any(c.concept_id in ids for m in facts.target_matches for c in exact_allowed(m)):
            continue
        for m in facts.target_matches:
            if m.start in reported:
                continue
            wrong = [c for c in m.candidates if c.concept_id in ids and c.form.status.allowed
                     and not c.accents_ok and not _dnt(facts, c)]
            if wrong:
                reported.add(m.start)
                c = wrong[0]
                yield Issue("GL105", m.start, m.end,
                            f"'{m.text}' has wrong or missing accents for [{c.concept_id}]; write '{c.form.text}'",
                            term=c.concept_id, found=m.text, expected=c.form.text)


_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“«(\n-]\s*|\b[A-ZÁÉÍÓÚÑ][\w.]*\s+)$")


def _typographic(text: str, m: Match, form: str, lang: str) -> bool:
    """A case difference that typography explains: an all-capitals heading or label, or a
    lower-case form (a demonym) capitalised at a sentence start or inside a capitalised
    proper name ("Ejército Mexicano")."""
    if m.text.isupper() and not form.isupper():
        return True
    if lang == "en" and " " in form and m.text[1:] == m.text[1:].lower():
        return True  # "a high-level economic dialogue", "the Mexican consulate": a description
    if form[:1].islower() and m.text[:1].isupper() and m.text[1:] == form[1:]:
        return _SENTENCE_START.search(text, max(0, m.start - 30), m.start) is not None
    return False


def case_mismatch(facts: Facts) -> Iterator[Issue]:
    """GL106: a case-sensitive term in the wrong case (headlines, sentence starts and proper
    names aside)."""
    text = facts.segment.target.text
    for m in facts.target_matches:
        if exact_allowed(m):
            continue
        cands = [c for c in m.candidates if c.form.status.allowed and c.accents_ok and not c.case_ok
                 and not _dnt(facts, c)]
        if cands and any(_typographic(text, m, c.form.text, facts.settings.target_lang) for c in cands):
            continue
        if cands:
            c = _first_in_source(facts, cands)
            yield Issue("GL106", m.start, m.end,
                        f"'{m.text}' is case-sensitive [{c.concept_id}]; write '{c.form.text}'",
                        term=c.concept_id, found=m.text, expected=c.form.text)


_SPACE = re.compile(r"\s+")


def proper_name_altered(facts: Facts) -> Iterator[Issue]:
    """GL109: a do-not-translate form (a person's name) whose accents, case or spacing changed."""
    for m in facts.target_matches:
        dnt = [c for c in m.candidates if _dnt(facts, c) and c.form.status.allowed]
        if not dnt or any(c.accents_ok and c.case_ok for c in m.candidates if not _dnt(facts, c)):
            continue
        found = _SPACE.sub(" ", m.text)
        if any(found == c.form.text for c in dnt):
            continue
        if found.isupper() and any(found == c.form.text.upper() for c in dnt):
            continue  # a name in capitals (a heading, a speaker label) keeps its letters
        if any(c.form.status is Status.FORBIDDEN and facts.in_scope(c) for c in m.candidates):
            continue  # an explicit forbidden variant: GL102 reports it
        c = _first_in_source(facts, dnt)
        yield Issue("GL109", m.start, m.end,
                    f"'{m.text}' alters the name [{c.concept_id}]; write it as '{c.form.text}'",
                    term=c.concept_id, found=m.text, expected=c.form.text)


_WORD_BEFORE = re.compile(r"(\w+)\s+$")
_GENDER_WORD = {Gender.MASCULINE: "masculine", Gender.FEMININE: "feminine"}


def _title_gender(facts: Facts, m: Match) -> tuple[Candidate, Gender | None, Number | None] | None:
    from glossary.inflect import analyse

    for c in exact_allowed(m):
        if facts.concept(c.concept_id).type == "official-title" and not c.form.acronym:
            gender, number = analyse(m.text)
            return c, gender or c.form.gender, number or c.form.number
    return None


def gender_mismatch(facts: Facts) -> Iterator[Issue]:
    """GL107: a Spanish title that disagrees with its determiner or its holder's gender."""
    if facts.settings.target_lang != "es":
        return
    text = facts.segment.target.text
    matches = facts.target_matches
    for i, m in enumerate(matches):
        title = _title_gender(facts, m)
        if title is None:
            continue
        cand, gender, number = title
        before = _WORD_BEFORE.search(text, max(0, m.start - 24), m.start)
        if before and before.end() == m.start and gender is not None:
            det = DETERMINERS.get(before.group(1).lower())
            if det and (det[0] is not gender or (number is not None and det[1] is not number)):
                yield Issue("GL107", before.start(1), m.end,
                            f"'{before.group(1)}' does not agree with '{m.text.split()[0]}' [{cand.concept_id}]",
                            term=cand.concept_id, found=text[before.start(1):m.end], expected="")
                continue
        if number is Number.PLURAL:
            continue  # "los secretarios de Bienestar, Ariadna Montiel, y de Economía, ...":
            # a plural names several people, and the masculine plural is the generic one
        holder = named_holder(text, matches, i, facts.concepts)
        if holder is not None and holder.person.gender is not None and gender is not None \
                and holder.person.gender is not gender:
            person, pgender = holder.person, holder.person.gender
            name = person.preferred(facts.settings.target_lang)
            yield Issue("GL107", m.start, m.end,
                        f"'{m.text}' [{cand.concept_id}] is {_GENDER_WORD[gender]} but names "
                        f"{name.text if name else person.id} [{person.id}], who is {_GENDER_WORD[pgender]}",
                        term=cand.concept_id, found=m.text, expected="")


def wrong_office(facts: Facts) -> Iterator[Issue]:
    """GL110: a title beside a named person that is not an office the person held then."""
    yield from facts.office_issues


def outdated_name(facts: Facts) -> Iterator[Issue]:
    """GL111: a body or office named as it was not called on the document's date."""
    from glossary.holders import former

    day = facts.day
    if not day:
        return
    text = facts.segment.target.text
    for m in facts.target_matches:
        for c in exact_allowed(m):
            concept = facts.concept(c.concept_id)
            valid = concept.valid
            if valid is None or valid.contains(day):
                continue
            if c.concept_id in facts.source_ids or former(text, m.start):
                break  # the source names it too, or the text says it is a past one
            lang = facts.settings.target_lang
            if day > valid.high:
                when = f"no longer used after {valid.end}"
                succ = facts.concepts.get(concept.replaced_by) if concept.replaced_by else None
                now = _preferred(succ, lang) if succ is not None else ""
                expected = now
                tail = f"; replaced by '{now}' [{succ.id}]" if succ is not None and now else ""
            else:
                when = f"not in use before {valid.start}"
                expected, tail = "", ""
            yield Issue("GL111", m.start, m.end,
                        f"'{m.text}' [{c.concept_id}] is {when}{tail} (document date {day})",
                        term=c.concept_id, found=m.text, expected=expected)
            break


def misspelt_name(facts: Facts) -> Iterator[Issue]:
    """GL112: a span written almost as a known name (see ``glossary.nearmiss``)."""
    for nm in facts.near_misses:
        if any(m.start <= nm.start and nm.end <= m.end and not exact_allowed(m) for m in facts.target_matches):
            continue  # a forbidden or mis-accented form of it: the term rules say it better
        yield Issue("GL112", nm.start, nm.end,
                    f"'{nm.text}' is almost the name '{nm.name.text}' [{nm.name.concept_id}]; write '{nm.name.text}'",
                    term=nm.name.concept_id, found=nm.text, expected=nm.name.text)


def plainly_correct(terms: list[SourceTerm], source_ids: frozenset[str], target_matches: list[Match],
                    concepts: Mapping[str, Concept]) -> bool:
    """True when no rule of ``RULE_FUNCS`` can report anything about a segment with these
    source terms (and their ``source_ids``) and target matches, decided without running the
    rules or making the facts (most segments of a good translation; ``lint`` skips them).

    That is: every target match is an exact, allowed form (of a source concept, when the
    source names any), none may be a title (GL107) or a name (GL109), and every source group
    has such a rendering (so nothing is missing, untranslated or mis-accented). Inline
    suppressions are the caller's to rule out (GL199 judges them against the findings).
    """
    need = bool(terms)
    rendered: set[str] = set()
    for m in target_matches:
        ok = False
        for c in m.candidates:
            concept = concepts[c.concept_id]
            if concept.do_not_translate or concept.type == "official-title" or concept.valid is not None:
                return False
            if c.exact and (not need or c.concept_id in source_ids):
                ok = True
                rendered.add(c.concept_id)
        if not ok:
            return False
    for t in terms:
        if t.concept_ids.isdisjoint(rendered):
            return False
    return True


RULE_FUNCS: dict[str, RuleFunc] = {
    "GL101": missing_term,
    "GL102": forbidden_term,
    "GL103": deprecated_term,
    "GL105": diacritics_mismatch,
    "GL106": case_mismatch,
    "GL107": gender_mismatch,
    "GL108": untranslated_term,
    "GL109": proper_name_altered,
    "GL110": wrong_office,
    "GL111": outdated_name,
    "GL112": misspelt_name,
}
"""Per-segment rules by code. GL104 (consistency) runs over whole documents in ``lint``."""
