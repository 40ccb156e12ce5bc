"""glossary.health: each GL9xx rule with a flagging case and a clean case."""

from __future__ import annotations

from dataclasses import replace

import pytest

from glossary import health
from glossary.health import Entry, HEALTH_RULES, check_concepts, check_conflict_markers, check_entries
from glossary.model import Concept, Gender, Reference, Severity, Status, TermForm

REF = (Reference("seeds/a.txt", 3),)


def concept(cid: str, en: str, es: str = "", *more: TermForm, country: str = "",
            **kw: object) -> Concept:
    """A concept with a reference, preferred forms and extra forms."""
    forms = [TermForm(en, "en")]
    if es:
        forms.append(TermForm(es, "es"))
    kw.setdefault("references", REF)
    return Concept(cid, "government-body", tuple(forms) + more, country=country, **kw)  # type: ignore[arg-type]


SEGOB = concept(
    "mx-segob", "Ministry of the Interior", "Secretaría de Gobernación",
    TermForm("Interior Ministry", "en", Status.ADMITTED),
    TermForm("Segob", "es", Status.ADMITTED),
    TermForm("SEGOB", "es", Status.ADMITTED, acronym=True),
    TermForm("Secretaría del Interior", "es", Status.FORBIDDEN, note="calque"),
    country="MX",
)
DOI = concept("us-doi", "Department of the Interior", "Departamento del Interior", country="US")


def codes(findings: list) -> list[str]:
    return [f.code for f in findings]


def test_clean_term_base_has_no_findings() -> None:
    assert check_concepts([SEGOB, DOI], "g.po") == []


def test_rules_table_is_complete_and_kebab_case() -> None:
    assert [r.code for r in HEALTH_RULES] == [f"GL9{n:02d}" for n in range(1, 15)]
    for r in HEALTH_RULES:
        assert r.name == r.name.lower() and " " not in r.name and r.summary
    assert health.rule("GL908").severity is Severity.WARNING
    assert health.rule("GL909").severity is Severity.INFO
    assert health.rule("GL901").name == "duplicate-id"


def test_gl901_duplicate_id_points_at_second_entry() -> None:
    other = concept("mx-segob", "Interior Secretariat", "Secretaría de Gobernación (2)", country="MX")
    found = check_concepts([SEGOB, other], "g.po", lines=[10, 20])
    assert codes(found) == ["GL901"]
    assert found[0].line == 20 and found[0].term == "mx-segob"
    assert "g.po:10" in found[0].message
    assert found[0].severity is Severity.ERROR


def test_gl902_duplicate_form_within_a_concept() -> None:
    dup = replace(SEGOB, forms=SEGOB.forms + (TermForm("Segob", "es", Status.ADMITTED),))
    found = check_concepts([dup])
    assert codes(found) == ["GL902"]
    assert found[0].found == "Segob" and "(as es-admitted)" in found[0].message


def test_gl902_case_variants_in_one_concept_are_accepted_spellings() -> None:
    ok = replace(SEGOB, forms=SEGOB.forms + (TermForm("titular de la Segob", "es", Status.ADMITTED),
                                             TermForm("titular de la SEGOB", "es", Status.ADMITTED)))
    assert check_concepts([ok]) == []


def test_gl902_same_word_as_masculine_and_feminine_is_fine() -> None:
    title = concept("mx-fiscal", "Attorney General", "Fiscal General",
                    TermForm("fiscal general", "es", Status.ADMITTED, gender=Gender.MASCULINE),
                    TermForm("fiscal general", "es", Status.ADMITTED, gender=Gender.FEMININE))
    assert check_concepts([title]) == []


def test_gl902_allowed_form_in_two_concepts_of_one_country() -> None:
    a = concept("mx-a", "Secretary of the Interior", "secretario de Gobernación", country="MX")
    b = concept("mx-b", "Interior Secretary", "secretario de Gobernación", country="MX")
    found = check_concepts([a, b], "g.po", lines={"mx-a": 5, "mx-b": 12})
    assert codes(found) == ["GL902"]
    assert found[0].term == "mx-b" and found[0].line == 12
    assert "mx-a" in found[0].message


def test_gl902_homographs_with_different_countries_are_legitimate() -> None:
    mx = concept("mx-sec-interior", "Secretary of the Interior", "secretario de Gobernación",
                 country="MX")
    us = concept("us-sec-interior", "Secretary of the Interior", "secretario del Interior",
                 country="US")
    assert check_concepts([mx, us]) == []


def test_gl903_empty_translation_in_po_but_not_in_pot() -> None:
    bare = concept("mx-sre", "Ministry of Foreign Affairs")
    assert codes(check_concepts([bare], "es/glossary.po")) == ["GL903"]
    assert check_concepts([bare], "glossary.pot", template=True) == []


def test_gl904_form_both_allowed_and_forbidden() -> None:
    bad = replace(SEGOB, forms=SEGOB.forms + (TermForm("Interior ministry", "en", Status.DEPRECATED),))
    found = check_concepts([bad])
    assert codes(found) == ["GL904"]
    assert found[0].expected == "Interior Ministry"


def test_gl904_accents_and_acronym_case_make_different_forms() -> None:
    ok = replace(SEGOB, forms=SEGOB.forms + (
        TermForm("Secretaria de Gobernacion", "es", Status.FORBIDDEN),
    ))
    assert check_concepts([ok]) == []


def test_gl905_forbidden_form_is_another_concepts_preferred_form() -> None:
    a = concept("mx-sre", "Ministry of Foreign Affairs", "Secretaría de Relaciones Exteriores",
                TermForm("Departamento de Estado", "es", Status.FORBIDDEN), country="MX")
    b = concept("mx-dos", "Department of State", "Departamento de Estado", country="MX")
    found = check_concepts([a, b])
    assert codes(found) == ["GL905"]
    assert found[0].term == "mx-sre" and found[0].expected == "mx-dos"


def test_gl905_not_reported_when_countries_differ_unless_everywhere() -> None:
    a = concept("mx-sre", "Ministry of Foreign Affairs", "Secretaría de Relaciones Exteriores",
                TermForm("Departamento de Estado", "es", Status.FORBIDDEN), country="MX")
    b = concept("us-dos", "Department of State", "Departamento de Estado", country="US")
    assert check_concepts([a, b]) == []
    everywhere = replace(a, forms=a.forms[:2] + (
        TermForm("Departamento de Estado", "es", Status.FORBIDDEN, everywhere=True),))
    assert codes(check_concepts([everywhere, b])) == ["GL905"]


def test_gl906_unknown_key_with_suggestion_and_free_comments_pass() -> None:
    c = replace(SEGOB, extra=("# es-forbiden: Ministerio del Interior", "# checked by MG 2024"))
    found = check_concepts([c])
    assert codes(found) == ["GL906"]
    assert "es-forbidden" in found[0].message and found[0].severity is Severity.WARNING
    assert check_concepts([replace(SEGOB, extra=("# see also: the DOF, 2019",))]) == []


def test_gl906_known_key_in_the_wrong_comment_kind() -> None:
    c = replace(SEGOB, extra=("# type: person",))
    found = check_concepts([c])
    assert codes(found) == ["GL906"]
    assert "#. type" in found[0].message


def test_gl907_merge_conflict_markers() -> None:
    text = 'msgid "a"\n<<<<<<< HEAD\nmsgstr "b"\n=======\nmsgstr "c"\n>>>>>>> theirs\n'
    found = check_conflict_markers(text, "g.po")
    assert codes(found) == ["GL907"] * 3
    assert [f.line for f in found] == [2, 4, 6]
    assert found[0].severity is Severity.ERROR and found[0].end_column == len("<<<<<<< HEAD") + 1


def test_gl907_lookalike_lines_are_not_markers() -> None:
    text = '# ========\n# <<<<<<< HEAD\n=========\nmsgid "======= x"\n'
    assert check_conflict_markers(text) == []


def test_gl908_fuzzy_entry_is_a_warning() -> None:
    found = check_concepts([replace(SEGOB, fuzzy=True)])
    assert codes(found) == ["GL908"] and found[0].severity is Severity.WARNING
    assert check_concepts([SEGOB]) == []


def test_gl909_missing_reference_is_info() -> None:
    found = check_concepts([replace(SEGOB, references=())])
    assert codes(found) == ["GL909"] and found[0].severity is Severity.INFO


def test_gl910_bad_id_suggests_a_slug() -> None:
    found = check_concepts([replace(SEGOB, id="MX_Segob")])
    assert codes(found) == ["GL910"]
    assert found[0].expected == "mx-segob"
    for good in ("mx-segob", "a1", "us-dhs-ice"):
        assert check_concepts([replace(SEGOB, id=good)]) == []
    for bad in ("mx--segob", "-mx", "mx-", "méx"):
        assert codes(check_concepts([replace(SEGOB, id=bad)])) == ["GL910"]


def test_gl911_missing_id() -> None:
    found = check_concepts([replace(SEGOB, id="")])
    assert codes(found) == ["GL911"]


def test_obsolete_entries_are_skipped() -> None:
    assert check_concepts([SEGOB, replace(SEGOB, obsolete=True, fuzzy=True)]) == []


def test_raw_text_gives_exact_line_and_column() -> None:
    text = (
        '#. type: government-body\n'
        '#: seeds/a.txt:3\n'
        '# es-admitted: Segob\n'
        '# es-forbidden: Segob\n'
        'msgctxt "mx-segob"\n'
        'msgid "Ministry of the Interior"\n'
        'msgstr "Secretaría de Gobernación"\n'
    )
    c = concept("mx-segob", "Ministry of the Interior", "Secretaría de Gobernación",
                TermForm("Segob", "es", Status.ADMITTED),
                TermForm("Segob", "es", Status.FORBIDDEN))
    found = check_concepts([c], "g.po", lines={"mx-segob": 6}, text=text)
    assert codes(found) == ["GL904"]
    assert (found[0].line, found[0].column, found[0].end_column) == (4, 17, 22)
    typo = replace(c, forms=c.forms[:3], extra=("# es-forbiden: Segob",))
    found = check_concepts([typo], "g.po", lines={"mx-segob": 6},
                           text=text.replace("# es-forbidden", "# es-forbiden"))
    assert codes(found) == ["GL906"]
    assert (found[0].line, found[0].column, found[0].end_column) == (4, 3, 14)


def test_entries_from_several_files_are_cross_checked() -> None:
    a = Entry(SEGOB, "builtin.po", 4)
    b = Entry(replace(DOI, id="mx-segob"), "user.po", 9)
    found = check_entries([a, b])
    assert codes(found) == ["GL901"]
    assert found[0].path == "user.po" and "builtin.po:4" in found[0].message


def test_entry_lines_pairs_units_even_with_repeated_ids() -> None:
    class U:
        def __init__(self, ctx: str | None, msgid: str, line: int, obsolete: bool = False) -> None:
            self.msgctxt, self.msgid, self.line, self.obsolete = ctx, msgid, line, obsolete

    first = concept("x", "One")
    second = concept("x", "Two")
    units = [U("x", "One", 5), U("x", "Two", 11), U(None, "Three", 20)]
    third = concept("", "Three")
    assert health.entry_lines([second, first, third], units) == (11, 5, 20)


@pytest.mark.parametrize("rule", HEALTH_RULES, ids=lambda r: r.code)
def test_every_rule_has_a_sensible_severity(rule: health.HealthRule) -> None:
    expected = {"GL906": Severity.WARNING, "GL908": Severity.WARNING, "GL909": Severity.INFO,
                "GL914": Severity.WARNING}
    assert rule.severity is expected.get(rule.code, Severity.ERROR)
