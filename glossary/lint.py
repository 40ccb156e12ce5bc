"""Run the selected rules over segments; apply suppressions; check consistency. Pure."""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from typing import Iterable, Mapping, Sequence

from glossary.matcher import Match, TermIndex
from glossary.model import Concept, Finding, Segment, Severity, Side
from glossary.rules import TERM_RULES, RuleInfo
from glossary.rules.facts import Facts, Issue, Settings, exact_allowed, source_terms
from glossary.rules.terms import RULE_FUNCS

_INFO: dict[str, RuleInfo] = {r.code: r for r in TERM_RULES}


@dataclass(frozen=True, slots=True)
class Usage:
    """One correct rendering of a concept in a target text, for the consistency rule."""

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


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", " ".join(text.split()).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


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

    def facts(self, segment: Segment) -> Facts:
        """Scan both sides of a segment and gather what the rules read."""
        s = self.settings
        tgt_lang = segment.target.lang or s.target_lang
        settings = s if tgt_lang == s.target_lang else Settings(s.source_lang, tgt_lang, s.country)
        facts = Facts(segment, self.concepts, settings)
        facts.target_matches = self.indexes[tgt_lang].scan(segment.target.text)
        if segment.source is not None:
            src_lang = segment.source.lang or s.source_lang
            src = self.indexes[src_lang].scan(segment.source.text)
            facts.source_terms = source_terms(src, self.concepts, segment, s.country)
            if facts.source_terms:
                facts.untranslated = self._untranslated(facts, src_lang, tgt_lang)
        return facts

    def _untranslated(self, facts: Facts, src_lang: str, tgt_lang: str) -> list[Match]:
        ids = facts.source_ids
        good = [(m.start, m.end) for m in facts.target_matches if exact_allowed(m)]
        out = []
        for m in self.indexes[src_lang].scan(facts.segment.target.text):
            if any(a < m.end and m.start < b for a, b in good):
                continue
            for c in m.candidates:
                if c.concept_id not in ids:
                    continue
                concept = self.concepts[c.concept_id]
                if concept.do_not_translate:
                    continue
                if any(_fold(f.text) == _fold(m.text) for f in concept.allowed(tgt_lang)):
                    continue
                out.append(m)
                break
        return out

    def check(self, path: str, segments: Iterable[Segment]) -> FileResult:
        """All findings for one document, and the renderings it uses."""
        result = FileResult(path)
        for segment in segments:
            result.segments += 1
            facts = self.facts(segment)
            issues: list[Issue] = []
            for code, func in RULE_FUNCS.items():
                if code in self.codes:
                    issues.extend(func(facts))
            issues = [i for i in issues if not _suppressed(i, segment.suppressions)]
            result.findings.extend(self._finding(segment.path or path, segment.target, i) for i in issues)
            if "GL104" in self.codes and not _suppressed(Issue("GL104", 0, 0, ""), segment.suppressions):
                result.usages.extend(_usages(facts, segment.path or path))
        result.findings.sort(key=Finding.sort_key)
        return result

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


def _rendering_key(text: str) -> str:
    """Renderings that differ only in the gender or number of a title are the same one."""
    from glossary.inflect import spanish_forms

    variants = [_fold(v) for v, _, _ in spanish_forms(" ".join(text.split()))]
    return min(variants) if variants else _fold(text)


def _usages(facts: Facts, path: str) -> list[Usage]:
    out = []
    side = facts.segment.target
    src = facts.source_ids
    for m in facts.target_matches:
        cands = [c for c in exact_allowed(m) if not c.form.acronym]
        if not cands:
            continue
        if src:
            cands = [c for c in cands if c.concept_id in src] or cands
        c = cands[0]
        line, col = side.position(m.start)
        end_line, end_col = side.position(m.end)
        out.append(Usage(c.concept_id, _rendering_key(m.text), " ".join(m.text.split()),
                         path, line, col, end_line, end_col))
    return out


def _merge_nested(group: list[Usage]) -> list[Usage]:
    """Treat a short form inside a longer one ("Estados Unidos" in "los Estados Unidos") as
    the same rendering: the longer one names it fully, the shorter repeats it."""
    keys = sorted({u.key for u in group}, key=len, reverse=True)
    home = {}
    for k in keys:
        home[k] = next((h for h in keys if len(h) > len(k) and f" {k} " in f" {h} "), k)
    return [u if home[u.key] == u.key else replace(u, key=home[u.key]) for u in group]


def consistency(usages: Iterable[Usage], severity: Severity | None = None) -> list[Finding]:
    """GL104: where a concept is rendered in more than one way, flag the minority renderings.

    The rendering used most often is taken as the document's (or project's) choice; ties go
    to the one seen first. A form nested in a longer form of the same concept is not a
    different rendering.
    """
    rule = _INFO["GL104"]
    by_concept: dict[str, list[Usage]] = defaultdict(list)
    for u in usages:
        by_concept[u.concept_id].append(u)
    findings = []
    for cid, group in by_concept.items():
        group = _merge_nested(group)
        counts = Counter(u.key for u in group)
        if len(counts) < 2:
            continue
        order = {k: i for i, k in reversed(list(enumerate(u.key for u in group)))}
        main = max(counts, key=lambda k: (counts[k], -order[k]))
        main_text = next(u.text for u in group if u.key == main)
        for u in group:
            if u.key != main:
                findings.append(Finding(
                    u.path, u.line, u.column, u.end_line, u.end_column, rule.code, rule.name,
                    severity or rule.severity,
                    f"'{u.text}' [{cid}] is rendered '{main_text}' {counts[main]} time(s) elsewhere; use one form",
                    cid, u.text, main_text))
    return sorted(findings, key=Finding.sort_key)


def build_checker(concepts: Sequence[Concept], indexes: Mapping[str, TermIndex], settings: Settings,
                  codes: frozenset[str], severities: Mapping[str, Severity] | None = None) -> Checker:
    """A ``Checker`` over ``concepts`` (by id) with the given indexes."""
    return Checker({c.id: c for c in concepts}, indexes, settings, codes, severities)


def fails(findings: Iterable[Finding], fail_on: Severity) -> bool:
    """Whether any finding is at or above ``fail_on``."""
    return any(f.severity.rank >= fail_on.rank for f in findings)
