"""The rule registry: every rule's code, name, default severity and summary.

Names and codes are a contract: CI configurations, suppressions and baselines name them.
Rules are selected by code, code prefix (``GL1``) or name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from glossary.errors import UsageError
from glossary.model import Severity


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """What a rule is called and how serious its findings are by default."""

    code: str
    name: str
    severity: Severity
    summary: str


TERM_RULES: tuple[RuleInfo, ...] = (
    RuleInfo("GL101", "missing-term", Severity.ERROR,
             "The source has a term; the target has none of its allowed forms."),
    RuleInfo("GL102", "forbidden-term", Severity.ERROR,
             "A forbidden form is used (where the source holds its concept, or anywhere if marked so)."),
    RuleInfo("GL103", "deprecated-term", Severity.WARNING,
             "A deprecated form is used; the preferred form is suggested."),
    RuleInfo("GL104", "inconsistent-term", Severity.WARNING,
             "One concept is rendered in different ways in one document (or project)."),
    RuleInfo("GL105", "diacritics-mismatch", Severity.ERROR,
             "A term is written with missing or wrong accents."),
    RuleInfo("GL106", "case-mismatch", Severity.WARNING,
             "A case-sensitive term is written in the wrong case."),
    RuleInfo("GL107", "gender-mismatch", Severity.WARNING,
             "A title disagrees with its determiner or with the gender of the person it names."),
    RuleInfo("GL108", "untranslated-term", Severity.WARNING,
             "A term is left in the source language in the target."),
    RuleInfo("GL109", "proper-name-altered", Severity.ERROR,
             "A do-not-translate name (a person, some acronyms) is changed: accents, case or spelling."),
    RuleInfo("GL110", "wrong-office", Severity.WARNING,
             "A title beside a named person is an office that person did not hold on the document's date."),
    RuleInfo("GL111", "outdated-name", Severity.WARNING,
             "A body or office is named by a name it did not have on the document's date (renamed, merged or abolished)."),
    RuleInfo("GL112", "misspelt-name", Severity.WARNING,
             "A name written almost as a known body's or person's name: a word missing, doubled, misspelt or the institution word changed."),
    RuleInfo("GL199", "unused-suppression", Severity.WARNING,
             "An inline 'glossary: ignore' directive suppresses nothing; remove it so suppressions do not rot."),
    RuleInfo("GL201", "memory-conflict", Severity.WARNING,
             "The translation memory renders one source segment in different ways (tm check)."),
)
"""The terminology rules run by ``glossary check``."""


def all_rules() -> tuple[RuleInfo, ...]:
    """Every rule: terminology rules, then the term-base health rules (GL9xx)."""
    from glossary.health import HEALTH_RULES

    return TERM_RULES + tuple(HEALTH_RULES)


def _matches(rule: RuleInfo, token: str) -> bool:
    token = token.strip()
    return rule.code.upper().startswith(token.upper()) or rule.name == token.lower()


def select_codes(rules: Iterable[RuleInfo], select: Iterable[str] = (), ignore: Iterable[str] = ()) -> frozenset[str]:
    """Codes of the rules in force: ``select`` (codes, prefixes or names; all when empty) minus ``ignore``.

    A token that names no rule is a usage error, so a typo in a CI configuration cannot
    silently turn a check off.
    """
    rules = tuple(rules)
    select = [t for t in select if t.strip()]
    ignore = [t for t in ignore if t.strip()]
    for token in (*select, *ignore):
        if not any(_matches(r, token) for r in rules) and token.strip().upper() not in ("GL", "ALL"):
            raise UsageError(f"unknown rule {token!r} (see `glossary rules`)")
    chosen = {r.code for r in rules if not select or any(_matches(r, t) or t.upper() == "ALL" for t in select)}
    return frozenset(c for c in chosen if not any(_matches(r, t) for r in rules if r.code == c for t in ignore))


def info(code: str) -> RuleInfo:
    """The rule with this code."""
    for r in TERM_RULES:
        if r.code == code:
            return r
    raise KeyError(code)
