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


def _mono(indexes, targets):
    checker = build_checker(CONCEPTS, indexes, Settings(), frozenset({"GL104"}))
    segs = [Segment("doc", side(t, "es", i + 1)) for i, t in enumerate(targets)]
    return consistency(checker.check("doc", segs).usages)


def test_admitted_variants_are_not_inconsistent(indexes):
    # "la Cancillería" after "la Secretaría de Relaciones Exteriores": both listed forms
    assert _run(indexes, ["La Secretaría de Relaciones Exteriores.", "La Secretaría de Relaciones Exteriores.",
                          "La Cancillería."]) == []


def test_unlisted_spelling_beside_a_listed_one_is_flagged(indexes):
    found = _mono(indexes, ["El secretario de Gobernación habló.", "El secretario de Gobernación dijo.",
                            "El secretario de gobernación respondió."])
    assert [f.code for f in found] == ["GL104"]
    assert found[0].line == 3 and found[0].found == "secretario de gobernación"
    assert found[0].expected == "secretario de Gobernación"


def test_capitalised_first_letter_and_headlines_are_not_variants(indexes):
    assert _mono(indexes, ["Secretario de Gobernación, dijo.", "el secretario de Gobernación",
                           "EL SECRETARIO DE GOBERNACIÓN"]) == []


def test_one_rendering_throughout_is_clean(indexes):
    assert _run(indexes, ["La Cancillería.", "La Cancillería."]) == []


def test_acronym_beside_full_name_is_not_inconsistent(indexes):
    assert _run(indexes, ["La Secretaría de Relaciones Exteriores (SRE).", "La SRE."]) == []


def test_gender_variants_of_a_title_are_one_rendering(indexes):
    checker = build_checker(CONCEPTS, indexes, Settings(), frozenset({"GL104"}))
    segs = [Segment("doc", side("la secretaria de Gobernación", "es")),
            Segment("doc", side("el secretario de Gobernación", "es", 2))]
    assert consistency(checker.check("doc", segs).usages) == []


def test_several_unlisted_spellings_keep_the_most_frequent():
    from glossary.lint import Usage, consistency

    def u(key, text, line):
        return Usage("us", key, text, "d", line, 1, line, 2)

    assert consistency([u("=", "Estados Unidos", 1), u("=", "EUA", 2)]) == []
    # no listed spelling in the document: the less frequent unlisted one is flagged
    found = consistency([u("~Secretaría X", "secretaría x", 1), u("~Secretaría X", "secretaría x", 2),
                         u("~Secretaría X", "Secretaría x", 3)])
    assert [(f.found, f.expected) for f in found] == [("Secretaría x", "Secretaría X")]
