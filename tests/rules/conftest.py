"""A small hand-made term base and helpers to run the rules on a segment."""

from __future__ import annotations

from typing import Callable

import pytest

from glossary.lint import build_checker, consistency
from glossary.matcher import TermIndex
from glossary.model import Anchor, Concept, Finding, Gender, Note, Segment, Side, Status, TermForm
from glossary.rules import TERM_RULES
from glossary.rules.facts import Settings

P, A, D, F = Status.PREFERRED, Status.ADMITTED, Status.DEPRECATED, Status.FORBIDDEN


def en(text: str, status: Status = P, **kw: object) -> TermForm:
    return TermForm(text, "en", status, **kw)  # type: ignore[arg-type]


def es(text: str, status: Status = P, **kw: object) -> TermForm:
    return TermForm(text, "es", status, **kw)  # type: ignore[arg-type]


CONCEPTS = (
    Concept("mx-segob", "government-body", (
        en("Ministry of the Interior"), en("Interior Ministry", A), en("SEGOB", A, acronym=True),
        es("Secretaría de Gobernación"), es("Segob", A, acronym=True), es("SEGOB", A, acronym=True),
        es("Secretaría del Interior", F, note="calque of Interior"),
        es("Ministerio del Interior", F),
    ), country="MX"),
    Concept("mx-segob-secretary", "official-title", (
        en("Secretary of the Interior"),
        es("secretaria de Gobernación", gender=Gender.FEMININE),
        es("secretario de Gobernación", A, gender=Gender.MASCULINE),
        es("secretaria del Interior", F),
    ), country="MX"),
    Concept("us-interior-secretary", "official-title", (
        en("Secretary of the Interior"), es("secretario del Interior", gender=Gender.MASCULINE),
    ), country="US"),
    Concept("mx-sre", "government-body", (
        en("Ministry of Foreign Affairs"), en("SRE", A, acronym=True),
        es("Secretaría de Relaciones Exteriores"), es("Cancillería", A), es("SRE", A, acronym=True),
        es("Ministerio de Asuntos Exteriores", F),
    ), country="MX"),
    Concept("us-ice", "government-body", (
        en("Immigration and Customs Enforcement"), en("ICE", A, acronym=True),
        es("Servicio de Inmigración y Control de Aduanas"), es("ICE", A, acronym=True),
        es("hielo", F, note="ICE is an acronym, not ice"),
    ), country="US"),
    Concept("mx-president", "official-title", (
        en("President"), es("presidenta", gender=Gender.FEMININE),
        es("presidente", A, gender=Gender.MASCULINE), es("la presidente", D),
    ), country="MX"),
    Concept("mx", "place", (
        en("Mexico"), es("México"), es("Méjico", F, everywhere=True, note="archaic spelling"),
    )),
    Concept("mx-security-secretary", "official-title", (
        en("Secretary of Security and Citizen Protection"),
        es("secretario de Seguridad y Protección Ciudadana", gender=Gender.MASCULINE),
    ), country="MX"),
    Concept("person-rosa-icela-rodriguez", "person", (
        en("Rosa Icela Rodríguez"), es("Rosa Icela Rodríguez"),
    ), gender=Gender.FEMININE, do_not_translate=True),
    Concept("person-juan-ramon-de-la-fuente", "person", (
        en("Juan Ramón de la Fuente"), es("Juan Ramón de la Fuente"),
    ), gender=Gender.MASCULINE, do_not_translate=True),
    Concept("us-dhs", "government-body", (
        en("Department of Homeland Security"), en("DHS", A, acronym=True),
        es("Departamento de Seguridad Nacional"), es("DHS", A, acronym=True),
        es("Departamento de Seguridad Interior", F),
    ), country="US", notes=(Note("", "US federal department"),)),
)


def side(text: str, lang: str, line: int = 1) -> Side:
    return Side(text, lang, (Anchor(0, line, 1),))


@pytest.fixture(scope="session")
def indexes() -> dict[str, TermIndex]:
    return {lang: TermIndex.build(CONCEPTS, lang) for lang in ("en", "es")}


Check = Callable[..., list[Finding]]


@pytest.fixture
def check(indexes: dict[str, TermIndex]) -> Check:
    """``check(target, source=None, code=None, lang='es', country='', context='')`` → findings."""

    def run(target: str, source: str | None = None, code: str | None = None, lang: str = "es",
            country: str = "", context: str = "", suppressions: tuple[str, ...] = ()) -> list[Finding]:
        src_lang = "en" if lang == "es" else "es"
        settings = Settings(src_lang, lang, country)
        codes = frozenset({code} if code else {r.code for r in TERM_RULES})
        checker = build_checker(CONCEPTS, indexes, settings, codes)
        seg = Segment("doc", side(target, lang), side(source, src_lang) if source is not None else None,
                      context=context, suppressions=suppressions)
        result = checker.check("doc", [seg])
        return result.findings + (consistency(result.usages) if "GL104" in codes else [])

    return run


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]
