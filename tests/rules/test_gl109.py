"""GL109 proper-name-altered."""

from tests.rules.conftest import codes


def test_name_losing_an_accent(check):
    found = check("Habló Juan Ramon de la Fuente.", "Juan Ramón de la Fuente spoke.")
    assert codes(found) == ["GL109"]
    assert found[0].expected == "Juan Ramón de la Fuente"


def test_name_in_wrong_case(check):
    assert codes(check("Habló juan ramón de la fuente.", None, "GL109")) == ["GL109"]


def test_name_broken_across_lines_is_unchanged(check):
    assert check("Habló Juan Ramón\nde la Fuente.", None, "GL109") == []


def test_exact_name_clean(check):
    assert check("Habló Juan Ramón de la Fuente.", "Juan Ramón de la Fuente spoke.") == []
