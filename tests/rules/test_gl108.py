"""GL108 untranslated-term."""

from tests.rules.conftest import codes


def test_english_term_left_in_spanish(check):
    found = check("El Department of Homeland Security informó.", "The Department of Homeland Security reported.")
    assert codes(found) == ["GL108"]
    assert found[0].found == "Department of Homeland Security"
    assert found[0].expected == "Departamento de Seguridad Nacional"


def test_shared_acronym_is_not_untranslated(check):
    assert check("El DHS informó.", "DHS reported.") == []


def test_names_are_not_untranslated(check):
    assert check("Juan Ramón de la Fuente habló.", "Juan Ramón de la Fuente spoke.") == []
