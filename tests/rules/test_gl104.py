"""GL104 inconsistent-term: within a document."""

from glossary.lint import build_checker, consistency
from glossary.model import Segment
from glossary.rules.facts import Settings
from tests.rules.conftest import CONCEPTS, side


def _run(indexes, targets):
    checker = build_checker(CONCEPTS, indexes, Settings(), frozenset({"GL104"}))
    segs = [Segment("doc", side(t, "es", i + 1), side("The Ministry of Foreign Affairs.", "en", i + 1))
            for i, t in enumerate(targets)]
    return consistency(checker.check("doc", segs).usages)


def test_minority_rendering_flagged(indexes):
    found = _run(indexes, ["La Secretaría de Relaciones Exteriores.", "La Secretaría de Relaciones Exteriores.",
                           "La Cancillería."])
    assert [f.code for f in found] == ["GL104"]
    assert found[0].line == 3 and found[0].found == "Cancillería"
    assert found[0].expected == "Secretaría de Relaciones Exteriores"


def test_one_rendering_throughout_is_clean(indexes):
    assert _run(indexes, ["La Cancillería.", "La Cancillería."]) == []


def test_acronym_beside_full_name_is_not_inconsistent(indexes):
    assert _run(indexes, ["La Secretaría de Relaciones Exteriores (SRE).", "La SRE."]) == []


def test_gender_variants_of_a_title_are_one_rendering(indexes):
    checker = build_checker(CONCEPTS, indexes, Settings(), frozenset({"GL104"}))
    segs = [Segment("doc", side("la secretaria de Gobernación", "es")),
            Segment("doc", side("el secretario de Gobernación", "es", 2))]
    assert consistency(checker.check("doc", segs).usages) == []


def test_short_form_inside_long_form_is_one_rendering():
    from glossary.lint import Usage, consistency

    def u(text, line):
        return Usage("us", text.lower(), text, "d", line, 1, line, 2)

    assert consistency([u("los Estados Unidos", 1), u("Estados Unidos", 2), u("Estados Unidos", 3)]) == []
    assert [f.found for f in consistency([u("Cancillería", 1), u("SRE oficina", 2), u("SRE oficina", 3)])] == [
        "Cancillería"]
