"""GL105 diacritics-mismatch."""

from tests.rules.conftest import codes


def test_missing_accents_reported_not_missed(check):
    found = check("La Secretaria de Gobernacion se reunió.", "The Ministry of the Interior met.")
    assert codes(found) == ["GL105"]
    assert found[0].expected == "Secretaría de Gobernación"


def test_person_title_for_ministry_is_a_diacritics_error(check):
    found = check("La secretaria de Gobernación se reunió.", "The Ministry of the Interior met.", "GL105")
    assert codes(found) == ["GL105"]
    assert found[0].term == "mx-segob"


def test_ministry_and_title_both_right_is_clean(check):
    src = "The Secretary of the Interior heads the Ministry of the Interior."
    assert check("La secretaria de Gobernación encabeza la Secretaría de Gobernación.", src) == []


def test_monolingual_missing_accent(check):
    assert codes(check("Viajó a Mexico.", None, "GL105")) == ["GL105"]


def test_correct_accents_clean(check):
    assert check("Viajó a México.", None, "GL105") == []
