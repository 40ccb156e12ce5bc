"""Inline suppressions, msgctxt and country narrowing."""

from tests.rules.conftest import codes


def test_ignore_by_code_and_concept(check):
    src, tgt = "The Ministry of the Interior met.", "La Secretaría del Interior se reunió."
    assert check(tgt, src, suppressions=("ignore GL102 mx-segob",)) == []
    assert check(tgt, src, suppressions=("ignore forbidden-term",)) == []
    assert codes(check(tgt, src, suppressions=("ignore GL102 us-ice",))) == ["GL102"]


def test_msgctxt_narrows_homograph(check):
    src = "The Secretary of the Interior arrived."
    assert codes(check("Llegó el secretario del Interior.", src, "GL101", context="mx-segob-secretary")) == ["GL101"]
    assert check("Llegó el secretario del Interior.", src, "GL101", context="us-interior-secretary") == []


def test_country_narrows_homograph(check):
    src = "The Secretary of the Interior arrived."
    assert codes(check("Llegó el secretario del Interior.", src, "GL101", country="MX")) == ["GL101"]
