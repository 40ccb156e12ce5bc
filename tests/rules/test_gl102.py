"""GL102 forbidden-term: scoped to the concept in the source, or everywhere."""

from tests.rules.conftest import codes


def test_flags_forbidden_rendering_of_source_concept(check):
    found = check("La Secretaría del Interior se reunió.", "The Ministry of the Interior met.", "GL102")
    assert codes(found) == ["GL102"]
    f = found[0]
    assert (f.term, f.found, f.expected) == ("mx-segob", "Secretaría del Interior", "Secretaría de Gobernación")
    assert (f.column, f.end_column) == (4, 27)
    assert "calque" in f.message


def test_hielo_is_wrong_only_where_the_source_says_ice(check):
    assert codes(check("El hielo detuvo a dos personas.", "ICE detained two people.", "GL102")) == ["GL102"]
    assert check("Cuidado con el hielo negro.", "Watch out for black ice.", "GL102") == []
    assert check("Cuidado con el hielo negro.", None, "GL102") == []


def test_everywhere_form_is_reported_in_monolingual_text(check):
    found = check("Viajó a Méjico.", None, "GL102")
    assert codes(found) == ["GL102"] and found[0].expected == "México"


def test_scoped_form_not_reported_in_monolingual_text_without_country(check):
    assert check("El Ministerio del Interior de España.", None, "GL102") == []


def test_country_hint_applies_scoped_forms_in_monolingual_text(check):
    found = check("La Secretaría del Interior informó.", None, "GL102", country="MX")
    assert codes(found) == ["GL102"]


def test_forbidden_form_without_accents_still_reported(check):
    found = check("La Secretaria del Interior se reunió.", "The Ministry of the Interior met.", "GL102")
    assert codes(found) == ["GL102"]
