"""GL101 missing-term."""

from tests.rules.conftest import codes


def test_flags_source_term_with_no_rendering(check):
    found = check("La reunión fue en el Palacio.", "The Ministry of the Interior met.", "GL101")
    assert codes(found) == ["GL101"]
    assert found[0].term == "mx-segob"
    assert found[0].expected == "Secretaría de Gobernación"
    assert (found[0].line, found[0].column) == (1, 1)


def test_clean_when_preferred_or_admitted_form_used(check):
    assert check("La Secretaría de Gobernación se reunió.", "The Ministry of the Interior met.", "GL101") == []
    assert check("La Segob se reunió.", "The Ministry of the Interior met.", "GL101") == []


def test_homograph_passes_with_either_country(check):
    src = "The Secretary of the Interior arrived."
    assert check("Llegó la secretaria de Gobernación.", src, "GL101") == []
    assert check("Llegó el secretario del Interior.", src, "GL101") == []


def test_any_gender_or_number_of_a_title_satisfies(check):
    src = "The Secretary of the Interior arrived."
    assert check("Llegaron los secretarios de Gobernación.", src, "GL101") == []


def test_forbidden_rendering_is_not_also_missing(check):
    found = check("La Secretaría del Interior se reunió.", "The Ministry of the Interior met.")
    assert "GL101" not in codes(found)
    assert "GL102" in codes(found)


def test_acronym_in_source_needs_a_rendering(check):
    assert codes(check("El servicio actuó.", "ICE acted.", "GL101")) == ["GL101"]
    assert check("El ICE actuó.", "ICE acted.", "GL101") == []


def test_reported_once_per_concept(check):
    found = check("Nada.", "Mexico and Mexico.", "GL101")
    assert len(found) == 1


def test_monolingual_text_has_no_missing_terms(check):
    assert check("Texto sin términos.", None, "GL101") == []
