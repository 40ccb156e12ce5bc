"""Inline suppressions, msgctxt and country narrowing."""

from tests.rules.conftest import codes


def test_ignore_by_code_and_concept(check):
    src, tgt = "The Ministry of the Interior met.", "La Secretaría del Interior se reunió."
    assert check(tgt, src, suppressions=("ignore GL102 mx-segob",)) == []
    assert check(tgt, src, suppressions=("ignore forbidden-term",)) == []
    # A directive for another concept suppresses nothing: the finding stays, and GL199 says so.
    assert sorted(codes(check(tgt, src, suppressions=("ignore GL102 us-ice",)))) == ["GL102", "GL199"]


def test_msgctxt_narrows_homograph(check):
    src = "The Secretary of the Interior arrived."
    # Narrowed to Mexico's secretary, "secretario del Interior" is that concept's forbidden form.
    assert codes(check("Llegó el secretario del Interior.", src, context="mx-segob-secretary")) == ["GL102"]
    assert check("Llegó el secretario del Interior.", src, context="us-interior-secretary") == []
    assert codes(check("Llegó el Departamento.", src, "GL101", context="us-interior-secretary")) == ["GL101"]


def test_country_narrows_homograph(check):
    src = "The Secretary of the Interior arrived."
    assert codes(check("Llegó el secretario del Interior.", src, country="MX")) == ["GL102"]
    assert check("Llegó el secretario del Interior.", src, country="US") == []
