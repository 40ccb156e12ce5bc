"""Run the selected rules over segments; apply suppressions; check consistency. Pure."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Mapping, NamedTuple, Sequence

from glossary.dates import DATELINE_LINES, document_day, today
from glossary.holders import Holders, named_holder, read_title
from glossary import nearmiss
from glossary.matcher import Match, TermIndex
from glossary.nearmiss import NameAnchors, NearMiss
from glossary.model import Concept, Finding, Segment, Severity, Side
from glossary.rules import TERM_RULES, RuleInfo
from glossary.rules.facts import (Facts, Issue, Settings, SourceTerm, exact_allowed, ids_of, source_terms,
                                  subsume_countries)
from glossary.rules.terms import RULE_FUNCS, plainly_correct
from glossary.tokens import loose_key

_INFO: dict[str, RuleInfo] = {r.code: r for r in TERM_RULES}


class Usage(NamedTuple):
    """One correct rendering of a concept in a target text, for the consistency rule (a
    named tuple: a large document has one per term, made and sent between processes fast)."""

    concept_id: str
    key: str
    text: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(slots=True)
class FileResult:
    """What checking one document produced."""

    path: str
    segments: int = 0
    findings: list[Finding] = field(default_factory=list)
    usages: list[Usage] = field(default_factory=list)


class Doc(NamedTuple):
    """What is known of the document a segment belongs to: the date it speaks of (given,
    or read from its dateline; else today, with ``dated`` False) and its countries."""

    day: str
    countries: frozenset[str]
    dated: bool = True
    found: bool = True
    """True when the countries were read from the document (not given by ``--country``)."""


class Checker:
    """Checks segments against a term base with prebuilt indexes, one per language."""

    def __init__(self, concepts: Mapping[str, Concept], indexes: Mapping[str, TermIndex],
                 settings: Settings, codes: frozenset[str],
                 severities: Mapping[str, Severity] | None = None) -> None:
        self.concepts = concepts
        self.indexes = indexes
        self.settings = settings
        self.codes = codes
        self.severities = dict(severities or {})
        self._holders: Holders | None = None
        self._anchors: dict[str, tuple[NameAnchors, TermIndex]] = {}

    @property
    def holders(self) -> Holders:
        """Who held which office when (built on first use)."""
        if self._holders is None:
            self._holders = Holders.of(self.concepts)
        return self._holders

    def facts(self, segment: Segment, target_matches: list[Match], source_matches: list[Match],
              doc: Doc | None = None) -> Facts:
        """What the rules read about one scanned segment, untranslated terms included (one
        segment at a time; ``check`` does the same for a whole document in batches)."""
        doc = doc or self._doc([segment], [target_matches], [source_matches])
        facts = self._facts(segment, target_matches, source_matches, doc)
        self._fill_untranslated([facts])
        return facts

    def _doc(self, segments: Sequence[Segment], targets: Sequence[list[Match]],
             sources: Sequence[list[Match]], lines: Iterable[str] = ()) -> Doc:
        """The document's date (``--date``, its dateline, else today) and countries
        (``--country``, else those its terms belong to)."""
        s = self.settings
        day = s.day
        if not day:
            head = list(lines) or [t for seg in segments[:DATELINE_LINES] for t in
                                   ((seg.source.text if seg.source is not None else ""), seg.target.text)]
            day = document_day(head) or ""
        countries = s.countries
        found_here = not countries
        if not countries:
            found: set[str] = set()
            concepts = self.concepts
            for group in (targets, sources):
                for matches in group:
                    for m in matches:
                        for c in m.candidates:
                            if c.exact:
                                concept = concepts[c.concept_id]
                                # titles are homographs across countries ("Canciller",
                                # "Minister of Defense"): places, bodies and people decide
                                if concept.country and concept.type != "official-title":
                                    found.add(concept.country)
            countries = frozenset(found)
        return Doc(day or today(), countries, bool(day), found_here)

    def _near_misses(self, segments: Sequence[Segment], targets: Sequence[list[Match]]) -> list[list[NearMiss]]:
        """Near misses of known names in each segment's target text (one anchor scan per
        language; see ``glossary.nearmiss``)."""
        out: list[list[NearMiss]] = [[] for _ in segments]
        if "GL112" not in self.codes:
            return out
        by_lang: dict[str, list[int]] = defaultdict(list)
        for i, seg in enumerate(segments):
            if seg.target.text:
                by_lang[seg.target.lang or self.settings.target_lang].append(i)
        for lang, idx in by_lang.items():
            idx = [i for i in idx if targets[i]]  # only where a term was found: a name's
            # near miss stands beside right terms, and a line without any is not looked at
            if not idx:
                continue
            anchors, index = self._anchor_index(lang)
            if not anchors.by_anchor:
                continue
            found = index.scan_many([segments[i].target.text for i in idx])
            for i, hits in zip(idx, found):
                if hits:
                    known = [(m.start, m.end) for m in targets[i] if any(c.exact for c in m.candidates)]
                    out[i] = nearmiss.find(segments[i].target.text, [(h.start, h.end, h.text) for h in hits],
                                           anchors, known)
        return out

    def _anchor_index(self, lang: str) -> tuple[NameAnchors, TermIndex]:
        built = self._anchors.get(lang)
        if built is None:
            anchors = NameAnchors.build(self.concepts.values(), lang)
            built = self._anchors[lang] = (anchors, TermIndex.build(anchors.anchor_concepts(), lang,
                                                                    self.indexes[lang].prefixes))
        return built

    def _in_countries(self, matches: list[Match], countries: frozenset[str]) -> list[Match]:
        """Matches without the readings that are another country's titles: in a document
        about El Salvador and the United States, "Canciller" is not Mexico's foreign
        secretary. Nothing is left out when the document's countries are unknown."""
        if not countries:
            return matches
        concepts = self.concepts
        out = []
        for m in matches:
            keep = tuple(c for c in m.candidates if concepts[c.concept_id].type != "official-title"
                         or not concepts[c.concept_id].country or concepts[c.concept_id].country in countries)
            if len(keep) == len(m.candidates):
                out.append(m)
            elif keep:
                out.append(m._replace(candidates=keep))
        return out

    def _read_titles(self, text: str, matches: list[Match], day: str, dated: bool = True) -> tuple[list[Match], list[Issue]]:
        """Titles beside named holders read as the holder's office on ``day`` (see
        ``glossary.holders``), and GL110 issues where the person did not hold the office."""
        holders = self.holders
        if not holders.by_person or len(matches) < 2:
            return matches, []
        concepts = self.concepts
        out = list(matches)
        issues: list[Issue] = []
        for i, m in enumerate(matches):
            if not any(concepts[c.concept_id].type == "official-title" for c in m.candidates):
                continue
            holder = named_holder(text, matches, i, concepts)
            if holder is None:
                continue
            reading = read_title(m, holder, concepts, holders, day, text, dated)
            if reading is None:
                continue
            if reading.wrong:
                issues.append(Issue("GL110", m.start, m.end, reading.wrong, term=holder.person.id,
                                    found=m.text, expected=""))
            elif reading.candidates != m.candidates:
                out[i] = m._replace(candidates=reading.candidates)
        return out, issues

    def _source_terms(self, segment: Segment, source_matches: list[Match], day: str = "") -> list[SourceTerm]:
        if segment.source is None:
            return []
        terms = source_terms(source_matches, self.concepts, segment, self.settings.country, day)
        return subsume_countries(terms, self.concepts, segment.source.text)

    def _facts(self, segment: Segment, target_matches: list[Match], source_matches: list[Match],
               doc: Doc) -> Facts:
        """The facts of a scanned segment, titles read beside their holders; untranslated
        terms are left for ``_fill_untranslated``, which finds them in one scan."""
        s = self.settings
        tgt_lang = segment.target.lang or s.target_lang
        settings = s if tgt_lang == s.target_lang else Settings(s.source_lang, tgt_lang, s.country, s.day)
        facts = Facts(segment, self.concepts, settings, day=doc.day if doc.dated else "", countries=doc.countries)
        if doc.found:  # --country only narrows homographs (``source_terms``)
            target_matches = self._in_countries(target_matches, doc.countries)
            source_matches = self._in_countries(source_matches, doc.countries)
        target_matches, facts.office_issues = self._read_titles(segment.target.text, target_matches, doc.day, doc.dated)
        facts.target_matches = target_matches
        if segment.source is not None:
            source_matches, _ = self._read_titles(segment.source.text, source_matches, doc.day, doc.dated)
            facts.set_source_terms(self._source_terms(segment, source_matches, facts.day))
        return facts

    def _scan_sides(self, segments: Sequence[Segment]) -> tuple[list[list[Match]], list[list[Match]]]:
        """Target and source matches of every segment, one scan per language and side."""
        s = self.settings
        targets: list[list[Match]] = [[] for _ in segments]
        sources: list[list[Match]] = [[] for _ in segments]
        for out, side_of, default in ((targets, lambda g: g.target, s.target_lang),
                                      (sources, lambda g: g.source, s.source_lang)):
            by_lang: dict[str, list[int]] = defaultdict(list)
            for i, seg in enumerate(segments):
                side = side_of(seg)
                if side is not None and side.text:
                    by_lang[side.lang or default].append(i)
            for lang, idx in by_lang.items():
                found = self.indexes[lang].scan_many([side_of(segments[i]).text for i in idx])
                for i, matches in zip(idx, found):
                    out[i] = matches
        return targets, sources

    def _untranslated(self, facts: Facts, cross_matches: list[Match], tgt_lang: str) -> list[Match]:
        """Source-language forms of the source's concepts found in the target text."""
        ids = facts.source_ids
        good = [(m.start, m.end) for m in facts.target_matches if exact_allowed(m)]
        out = []
        for m in cross_matches:
            if any(a < m.end and m.start < b for a, b in good):
                continue
            for c in m.candidates:
                if c.concept_id not in ids:
                    continue
                concept = self.concepts[c.concept_id]
                if concept.do_not_translate:
                    continue
                if any(loose_key(f.text) == loose_key(m.text) for f in concept.allowed(tgt_lang)):
                    continue
                out.append(m)
                break
        return out

    def check(self, path: str, segments: Iterable[Segment]) -> FileResult:
        """All findings for one document, and the renderings it uses."""
        segments = list(segments)
        targets, sources = self._scan_sides(segments)
        doc = self._doc(segments, targets, sources)
        return self._judge(FileResult(path, len(segments)), segments, targets, sources, doc)

    def check_lines(self, path: str, sources: Sequence[str], targets: Sequence[str], first_line: int = 1,
                    source_lang: str | None = None, target_lang: str | None = None,
                    head: Sequence[str] | None = None) -> FileResult:
        """``check`` of a line-aligned pair given as its lines (``targets[k]`` translates
        ``sources[k]`` and sits on line ``first_line + k`` of ``path``), as if read by
        ``glossary.readers.pair.read_pair``: lines are scanned as they are and only those
        with a term in either language become segments. ``head`` holds the document's
        first lines, where its dateline is (a part of a larger pair passes its document's;
        by default the lines given)."""
        from glossary.readers.pair import line_segment

        s_lang = source_lang or self.settings.source_lang
        t_lang = target_lang or self.settings.target_lang
        rows = [k for k, t in enumerate(targets) if t.strip()]
        found_t = self.indexes[t_lang].scan_many([targets[k] for k in rows])
        found_s = self.indexes[s_lang].scan_many([sources[k] for k in rows])
        segments: list[Segment] = []
        tgt: list[list[Match]] = []
        src: list[list[Match]] = []
        for k, t_m, s_m in zip(rows, found_t, found_s):
            if t_m or s_m:
                segments.append(line_segment(path, first_line + k, sources[k], targets[k], s_lang, t_lang))
                tgt.append(t_m)
                src.append(s_m)
        if head is None:
            head = pair_head(sources, targets)
        doc = self._doc(segments, tgt, src, head or ["-"])
        return self._judge(FileResult(path, len(rows)), segments, tgt, src, doc)

    def _judge(self, result: FileResult, segments: list[Segment], targets: list[list[Match]],
               sources: list[list[Match]], doc: Doc) -> FileResult:
        """Run the rules over scanned segments into ``result``.

        A plainly correct segment (``rules.terms.plainly_correct``) only gives its usages.
        The others get the third scan (their target text in the source language, for
        GL108), batched, then every selected rule."""
        path = result.path
        funcs = [func for code, func in RULE_FUNCS.items() if code in self.codes]
        consistent = "GL104" in self.codes
        usages: list[list[Usage]] = []  # per segment judged, in document order (GL104 ties)
        pending: list[tuple[int, Facts]] = []
        concepts = self.concepts
        near = self._near_misses(segments, targets)
        for segment, tgt, src, misses in zip(segments, targets, sources, near):
            directives = segment.suppressions
            if not tgt and not src and not directives and not misses:
                continue  # nothing any rule could say
            terms = self._source_terms(segment, src)
            ids = ids_of(terms)
            if not directives and not misses and plainly_correct(terms, ids, tgt, concepts):
                if consistent:
                    usages.append(_usages(segment.target, tgt, ids, segment.path or path))
                continue
            facts = self._facts(segment, tgt, src, doc)
            facts.near_misses = misses
            pending.append((len(usages), facts))
            usages.append([])
        self._fill_untranslated([f for _, f in pending])
        for k, facts in pending:
            segment = facts.segment
            directives = segment.suppressions
            issues: list[Issue] = []
            for func in funcs:
                issues.extend(func(facts))
            if directives:
                kept = [i for i in issues if not _suppressed(i, directives)]
                if "GL199" in self.codes:
                    kept.extend(unused_suppressions(directives, issues, _usage_ids(facts), self.codes))
                issues = kept
            if issues:
                result.findings.extend(self._finding(segment.path or path, segment.target, i) for i in issues)
            if consistent and not (directives and _suppressed(Issue("GL104", 0, 0, ""), directives)):
                usages[k] = _usages(segment.target, facts.target_matches, facts.source_ids, segment.path or path)
        for found in usages:
            result.usages.extend(found)
        result.findings.sort(key=Finding.sort_key)
        return result

    def _fill_untranslated(self, pending: list[Facts]) -> None:
        """``Facts.untranslated`` of each of ``pending``, from one scan per source language
        of the target texts where a source term may lack a rendering."""
        s = self.settings
        by_lang: dict[str, list[Facts]] = defaultdict(list)
        for facts in pending:
            seg = facts.segment
            if (facts.source_terms and seg.source is not None and seg.target.text
                    and _maybe_unrendered([t.match for t in facts.source_terms], facts.target_matches)):
                by_lang[seg.source.lang or s.source_lang].append(facts)
        for lang, group in by_lang.items():
            found = self.indexes[lang].scan_many([f.segment.target.text for f in group])
            for facts, cross in zip(group, found):
                facts.untranslated = self._untranslated(facts, cross, facts.settings.target_lang)

    def _finding(self, path: str, side: Side, issue: Issue) -> Finding:
        rule = _INFO[issue.code]
        if issue.whole:
            start, end = 0, len(side.text.rstrip())
        else:
            start, end = issue.start, issue.end
        line, col = side.position(start)
        end_line, end_col = side.position(end)
        return Finding(path, line, col, end_line, end_col, rule.code, rule.name,
                       self.severities.get(rule.code, rule.severity), issue.message,
                       issue.term, issue.found, issue.expected)


def pair_head(sources: Sequence[str], targets: Sequence[str]) -> list[str]:
    """The first lines of a pair, both sides, where its dateline is looked for."""
    return [t for k in range(min(len(targets), DATELINE_LINES)) for t in
            (sources[k] if k < len(sources) else "", targets[k])]


def _maybe_unrendered(source: list[Match], target: list[Match]) -> bool:
    """Whether some source term may lack a rendering in the target: only then is the target
    scanned for source-language forms (GL108), which costs a third scan."""
    rendered = {c.concept_id for m in target for c in m.candidates}
    return any(not any(c.concept_id in rendered for c in m.candidates) for m in source)


def _suppressed(issue: Issue, directives: Sequence[str]) -> bool:
    """Whether an inline ``glossary: ignore [RULE…] [CONCEPT…]`` or ``off`` covers ``issue``."""
    for directive in directives:
        words = directive.split()
        if not words:
            continue
        if words[0] == "off":
            return True
        if words[0] != "ignore":
            continue
        rules = [w for w in words[1:] if w.upper().startswith("GL") or w in _NAMES]
        terms = [w for w in words[1:] if w not in rules]
        rule_ok = not rules or any(issue.code.startswith(w.upper()) or _NAMES.get(w) == issue.code for w in rules)
        term_ok = not terms or any(t in issue.term.split(", ") for t in terms)
        if rule_ok and term_ok:
            return True
    return False


_NAMES = {r.name: r.code for r in TERM_RULES}


def _usage_ids(facts: Facts) -> frozenset[str]:
    """Concepts rendered correctly in the segment: what a GL104 suppression can apply to."""
    return frozenset(c.concept_id for m in facts.target_matches for c in exact_allowed(m))


def unused_suppressions(directives: Sequence[str], issues: Sequence[Issue], rendered: frozenset[str],
                        codes: frozenset[str]) -> list[Issue]:
    """GL199: the ``ignore`` directives of a segment that cover none of its ``issues``.

    A directive naming only rules that are not selected is not judged (it may be needed in
    another run). One naming GL104 counts as used when the segment renders a concept it
    covers, since consistency is decided over the whole document.
    """
    out = []
    for directive in dict.fromkeys(directives):
        words = directive.split()
        if not words or words[0] != "ignore":
            continue
        named = [w for w in words[1:] if w.upper().startswith("GL") or w in _NAMES]
        if named and not any(c.startswith(w.upper()) or _NAMES.get(w) == c for w in named for c in codes):
            continue
        if any(_suppressed(i, (directive,)) for i in issues):
            continue
        if "GL104" in codes and any(_suppressed(Issue("GL104", 0, 0, "", term=cid), (directive,)) for cid in rendered):
            continue
        shown = " ".join(words)
        out.append(Issue("GL199", 0, 0, f"suppression 'glossary: {shown}' matches no finding here; remove it",
                         found=shown))
    return out


_TITLE_CASE = re.compile(r"(?:(?:[A-Z][\w'’.-]*|of|the|and|for|in|on|to|a|an|without|with)\s+)*[A-Z][\w'’.-]*")
"""An English span in title case: every word capitalised but the short function words."""


def _listed_key(text: str) -> str:
    """How a rendering is compared with the forms the term base lists: spaces collapsed and
    the first letter's case ignored (a sentence or a heading may capitalise it)."""
    shown = " ".join(text.split()).replace("\u2019", "'")
    return shown[:1].lower() + shown[1:]


def _usages(side: Side, target_matches: list[Match], src: frozenset[str], path: str) -> list[Usage]:
    """The correct renderings among a target side's matches (of a source concept, where
    the source names any). A rendering written as a listed form (stored or generated: a
    preferred or admitted form, an acronym, a title's gender and number) has the key
    ``"="``; one matched only through case or spacing has its own key. All-capitals
    spans (headlines, speaker labels) are left out."""
    out = []
    one = side.anchors[0] if len(side.anchors) == 1 and side.anchors[0].offset == 0 else None
    shift = one.column if one is not None else 0
    for m in target_matches:
        cands = [c for c in m.candidates if c.exact and not c.form.acronym]
        if not cands:
            continue
        if src:
            cands = [c for c in cands if c.concept_id in src] or cands
        if m.text.isupper() and not any(c.form.text.isupper() for c in cands):
            continue
        if side.lang == "en" and _TITLE_CASE.fullmatch(m.text) and not any(
                _TITLE_CASE.fullmatch(c.form.text) for c in cands):
            continue  # "Shared Responsibility" as a heading or list label
        if one is not None:  # a line of a pair or of plain text: positions by arithmetic
            line = end_line = one.line
            col, end_col = m.start + shift, m.end + shift
        else:
            line, col = side.position(m.start)
            end_line, end_col = side.position(m.end)
        shown = " ".join(m.text.split())
        written = _listed_key(m.text)
        listed = any(_listed_key(c.form.text) == written for c in cands)
        # key: "=" for a listed spelling, else "~" and the listed form it is a variant of
        key = "=" if listed else "~" + " ".join(cands[0].form.text.split())
        out.append(Usage(cands[0].concept_id, key, shown, path, line, col, end_line, end_col))
    return out


def consistency(usages: Iterable[Usage], severity: Severity | None = None) -> list[Finding]:
    """GL104: where a document writes a concept in a way the term base does not list
    (another capitalisation or spacing of a form) beside a way it does, or in several
    unlisted ways, flag the unlisted ones and name the form to keep.

    Listed variants never conflict with each other: "presidenta", "mandataria" and "titular
    del Ejecutivo", or "Secretaría de Relaciones Exteriores" and "Cancillería", are one
    concept's admitted renderings, and a title's gender and number forms are one rendering.
    """
    rule = _INFO["GL104"]
    by_concept: dict[str, list[Usage]] = defaultdict(list)
    for u in usages:
        by_concept[u.concept_id].append(u)
    findings = []
    for cid, group in by_concept.items():
        unlisted = [u for u in group if u.key != "="]
        if not unlisted:
            continue
        listed = [u for u in group if u.key == "="]
        if listed:
            flagged = unlisted
            times = len(listed)
        else:
            spellings = Counter(u.text for u in unlisted)
            if len(spellings) < 2:
                continue
            main = max(spellings, key=lambda t: (spellings[t], -next(i for i, u in enumerate(unlisted) if u.text == t)))
            flagged = [u for u in unlisted if u.text != main]
            times = 0
        for u in flagged:
            keep = u.key[1:]
            where = (f"the term base lists '{keep}', written so {times} time(s) elsewhere in the document"
                     if times else f"the term base lists '{keep}'; the document also writes it other ways")
            findings.append(Finding(
                u.path, u.line, u.column, u.end_line, u.end_column, rule.code, rule.name,
                severity or rule.severity, f"'{u.text}' [{cid}]: {where}; keep '{keep}'",
                cid, u.text, keep))
    return sorted(findings, key=Finding.sort_key)


def build_checker(concepts: Sequence[Concept], indexes: Mapping[str, TermIndex], settings: Settings,
                  codes: frozenset[str], severities: Mapping[str, Severity] | None = None) -> Checker:
    """A ``Checker`` over ``concepts`` (by id) with the given indexes."""
    return Checker({c.id: c for c in concepts}, indexes, settings, codes, severities)


def fails(findings: Iterable[Finding], fail_on: Severity) -> bool:
    """Whether any finding is at or above ``fail_on``."""
    return any(f.severity.rank >= fail_on.rank for f in findings)
