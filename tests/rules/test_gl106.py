"""GL106 case-mismatch: only case-sensitive concepts; acronyms never match the wrong case."""

import pytest

from glossary.lint import build_checker
from glossary.matcher import TermIndex
from glossary.model import Concept, Segment, TermForm
from glossary.rules.facts import Settings
from tests.rules.conftest import side

CS = (Concept("x-palace", "place", (TermForm("National Palace", "en"), TermForm("Palacio Nacional", "es")),
              case_sensitive=True),)


@pytest.fixture(scope="module")
def run():
    idx = {lang: TermIndex.build(CS, lang) for lang in ("en", "es")}
    checker = build_checker(CS, idx, Settings(), frozenset({"GL106"}))
    return lambda text: checker.check("d", [Segment("d", side(text, "es"))]).findings


def test_wrong_case_of_case_sensitive_term(run):
    found = run("Fue en el palacio nacional.")
    assert [f.code for f in found] == ["GL106"] and found[0].expected == "Palacio Nacional"


def test_right_case_clean(run):
    assert run("Fue en el Palacio Nacional.") == []


def test_case_insensitive_concept_never_flagged(check):
    assert check("la SECRETARÍA DE GOBERNACIÓN", None, "GL106") == []


def test_lowercase_acronym_is_just_a_word(check):
    assert check("El hielo y el ice.", None) == []
