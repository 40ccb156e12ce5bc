"""GL107 gender-mismatch: determiner and title, title and holder."""

from tests.rules.conftest import codes


def test_determiner_disagrees_with_title(check):
    found = check("Llegó el secretaria de Gobernación.", None, "GL107")
    assert codes(found) == ["GL107"]
    assert found[0].found.startswith("el ")


def test_title_disagrees_with_named_holder(check):
    found = check("Habló el secretario de Gobernación, Rosa Icela Rodríguez.", None, "GL107")
    assert codes(found) == ["GL107"]
    assert "person-rosa-icela-rodriguez" in found[0].message


def test_agreeing_title_and_holder_clean(check):
    assert check("Habló la secretaria de Gobernación, Rosa Icela Rodríguez.", None, "GL107") == []
    assert check("Habló el secretario de Seguridad y Protección Ciudadana, Juan Ramón de la Fuente.", None,
                 "GL107") == []


def test_plural_determiner_with_singular_title(check):
    assert codes(check("Llegaron los secretario de Gobernación.", None, "GL107")) == ["GL107"]


def test_ministry_is_not_a_title(check):
    assert check("la Secretaría de Gobernación", None, "GL107") == []
