"""Tests for glossary.inflect: Spanish gender/number of titles, English plurals."""

from __future__ import annotations

import pytest

from glossary.inflect import (
    analyse,
    english_noun_plural,
    english_plural,
    gender_of,
    generated_forms,
    number_of,
    spanish_forms,
)
from glossary.model import Concept, Gender, Number, Status, TermForm

M, F = Gender.MASCULINE, Gender.FEMININE
SG, PL = Number.SINGULAR, Number.PLURAL


def texts(phrase: str) -> dict[tuple[Gender | None, Number], str]:
    return {(g, n): t for t, g, n in spanish_forms(phrase)}


@pytest.mark.parametrize(
    ("stored", "ms", "fs", "mp", "fp"),
    [
        ("secretario", "secretario", "secretaria", "secretarios", "secretarias"),
        ("subsecretaria", "subsecretario", "subsecretaria", "subsecretarios", "subsecretarias"),
        ("presidente", "presidente", "presidenta", "presidentes", "presidentas"),
        ("director general", "director general", "directora general", "directores generales", "directoras generales"),
        ("comisionado", "comisionado", "comisionada", "comisionados", "comisionadas"),
        ("jefa", "jefe", "jefa", "jefes", "jefas"),
        ("asesor", "asesor", "asesora", "asesores", "asesoras"),
        ("agregado", "agregado", "agregada", "agregados", "agregadas"),
        ("encargada de negocios", "encargado de negocios", "encargada de negocios",
         "encargados de negocios", "encargadas de negocios"),
        ("embajador", "embajador", "embajadora", "embajadores", "embajadoras"),
        ("ministra", "ministro", "ministra", "ministros", "ministras"),
        ("jueza", "juez", "jueza", "jueces", "juezas"),
        ("primer ministro", "primer ministro", "primera ministra", "primeros ministros", "primeras ministras"),
    ],
)
def test_spanish_gender_and_number(stored: str, ms: str, fs: str, mp: str, fp: str) -> None:
    assert texts(stored) == {(M, SG): ms, (F, SG): fs, (M, PL): mp, (F, PL): fp}


def test_rest_of_the_phrase_is_kept() -> None:
    t = texts("secretaria de Gobernación")
    assert t[(M, PL)] == "secretarios de Gobernación"
    assert t[(F, PL)] == "secretarias de Gobernación"
    assert texts("Director General del Instituto Nacional de Migración")[(F, PL)] == (
        "Directoras Generales del Instituto Nacional de Migración"
    )


def test_servidor_publico() -> None:
    assert texts("servidor público")[(F, PL)] == "servidoras públicas"


def test_adjectives_joined_by_y_agree() -> None:
    assert texts("embajador extraordinario y plenipotenciario")[(F, SG)] == (
        "embajadora extraordinaria y plenipotenciaria"
    )


def test_common_gender_nouns_give_plural_only() -> None:
    assert spanish_forms("titular del DHS") == [("titular del DHS", None, SG), ("titulares del DHS", None, PL)]
    assert spanish_forms("canciller") == [("canciller", None, SG), ("cancilleres", None, PL)]
    assert texts("cónsul general")[(None, PL)] == "cónsules generales"


def test_determiners_inflect_and_give_gender_to_common_nouns() -> None:
    assert texts("la titular") == {
        (M, SG): "el titular", (F, SG): "la titular", (M, PL): "los titulares", (F, PL): "las titulares",
    }
    assert texts("la secretaria")[(M, PL)] == "los secretarios"


def test_capitalisation_is_kept() -> None:
    assert texts("Secretario de Relaciones Exteriores")[(F, SG)] == "Secretaria de Relaciones Exteriores"
    assert texts("JEFE DE GABINETE")[(F, PL)] == "JEFAS DE GABINETE"


@pytest.mark.parametrize(
    "phrase",
    [
        "Secretaría de Gobernación",  # a ministry, not a title noun
        "la presidente",  # determiner and noun disagree: not ours to "fix"
        "presidente Claudia Sheinbaum",  # a name in apposition
        "la secretaria Noem",
        "",
    ],
)
def test_not_inflected(phrase: str) -> None:
    assert spanish_forms(phrase) == []


def test_gender_and_number_of_words() -> None:
    assert gender_of("secretaria") is F
    assert gender_of("Secretario") is M
    assert gender_of("titular") is None
    assert gender_of("las") is F
    assert gender_of("Gobernación") is None
    assert number_of("directores") is PL
    assert number_of("directora") is SG
    assert analyse("las subsecretarias de Estado") == (F, PL)
    assert analyse("Secretaría de Gobernación") == (None, None)


@pytest.mark.parametrize(
    ("singular", "plural"),
    [
        ("Secretary of State", "Secretaries of State"),
        ("Undersecretary of Public Security", "Undersecretaries of Public Security"),
        ("Chief of Staff", "Chiefs of Staff"),
        ("Director General", "Directors General"),
        ("Attorney General", "Attorneys General"),
        ("Homeland Security Secretary", "Homeland Security Secretaries"),
        ("Secretary-General", "Secretaries-General"),
        ("Chargé d'Affaires a.i.", "Chargés d'Affaires a.i."),
        ("Ambassador Extraordinary and Plenipotentiary", "Ambassadors Extraordinary and Plenipotentiary"),
        ("Commissioner of the National Migration Institute", "Commissioners of the National Migration Institute"),
        ("Chairman", "Chairmen"),
        ("Advisor to the Department of Homeland Security", "Advisors to the Department of Homeland Security"),
    ],
)
def test_english_plural(singular: str, plural: str) -> None:
    assert english_plural(singular) == plural


def test_english_plural_refuses_names_and_non_titles() -> None:
    assert english_plural("Secretary Kristi Noem") is None
    assert english_plural("Ministry of the Interior") is None
    assert english_noun_plural("SECRETARY") == "SECRETARIES"
    assert english_noun_plural("Boss") == "Bosses"


def title(*forms: TermForm, type_: str = "official-title", gender: Gender | None = None) -> Concept:
    return Concept("t", type_, forms, gender=gender)


def test_generated_forms_only_for_official_titles() -> None:
    body = title(TermForm("secretario de Gobernación", "es"), type_="government-body")
    assert generated_forms(body, "es") == ()
    person = title(TermForm("secretario de Gobernación", "es"), type_="person")
    assert generated_forms(person, "es") == ()


def test_generated_forms_carry_gender_number_status_and_flag() -> None:
    c = title(
        TermForm("secretario de Gobernación", "es"),
        TermForm("ministro del Interior", "es", status=Status.FORBIDDEN, everywhere=True, note="calque"),
        TermForm("SEGOB", "es", acronym=True),
    )
    gen = {f.text: f for f in generated_forms(c, "es")}
    assert set(gen) == {
        "secretaria de Gobernación", "secretarios de Gobernación", "secretarias de Gobernación",
        "ministra del Interior", "ministros del Interior", "ministras del Interior",
    }
    assert gen["secretarias de Gobernación"].gender is F and gen["secretarias de Gobernación"].number is PL
    assert all(f.generated for f in gen.values())
    forbidden = gen["ministras del Interior"]
    assert forbidden.status is Status.FORBIDDEN and forbidden.everywhere and forbidden.note == "calque"
    assert gen["secretaria de Gobernación"].status is Status.PREFERRED


def test_stored_forms_win_over_generated_ones() -> None:
    c = title(
        TermForm("secretario de Gobernación", "es", gender=M, number=SG),
        TermForm("secretaria de Gobernación", "es", status=Status.ADMITTED, gender=F, number=SG),
    )
    gen = generated_forms(c, "es")
    assert "secretaria de Gobernación" not in {f.text for f in gen}
    assert {f.text for f in gen} == {"secretarios de Gobernación", "secretarias de Gobernación"}


def test_wrong_gender_form_does_not_condemn_the_right_one() -> None:
    # For a woman, "el presidente" is wrong; its feminine variants are the right title,
    # and the allowed "la presidenta" yields no masculine variants.
    c = title(TermForm("la presidenta", "es"), TermForm("el presidente", "es", status=Status.FORBIDDEN), gender=F)
    gen = {f.text: f.status for f in generated_forms(c, "es")}
    assert gen == {"las presidentas": Status.PREFERRED, "los presidentes": Status.FORBIDDEN}


def test_english_generated_plural() -> None:
    c = title(TermForm("Secretary of State", "en"), TermForm("Secretary Kristi Noem", "en"))
    (plural,) = generated_forms(c, "en")
    assert plural.text == "Secretaries of State" and plural.number is PL and plural.generated
