"""GL103 deprecated-term."""

from tests.rules.conftest import codes


def test_flags_deprecated_form_and_suggests_preferred(check):
    found = check("Habló la presidente.", "The President spoke.", "GL103")
    assert codes(found) == ["GL103"]
    assert found[0].expected == "presidenta"


def test_deprecated_form_reported_in_monolingual_text(check):
    assert codes(check("Habló la presidente.", None, "GL103")) == ["GL103"]


def test_preferred_form_is_clean(check):
    assert check("Habló la presidenta.", "The President spoke.", "GL103") == []
