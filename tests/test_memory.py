"""glossary.memory: tokens, normalisation, scores, differences, the candidate index."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.memory import (
    NUMBER_KEY,
    PLACEHOLDER_KEY,
    MemoryIndex,
    base_score,
    compare,
    keys,
    normalize,
    render_diff,
    tokenize,
    transfer_changes,
)


def test_tokenize_kinds_and_offsets() -> None:
    text = "Click <b>Save</b> {0} %(name)s 1,000.50 l'État!"
    toks = tokenize(text)
    assert [(t.text, t.kind) for t in toks] == [
        ("Click", "word"), ("<b>", "placeholder"), ("Save", "word"), ("</b>", "placeholder"),
        ("{0}", "placeholder"), ("%(name)s", "placeholder"), ("1,000.50", "number"), ("l'État", "word"),
        ("!", "punct"),
    ]
    assert all(text[t.start:t.end] == t.text for t in toks)


def test_keys_normalise_case_numbers_placeholders_and_drop_punctuation() -> None:
    assert keys("The Minister, on 12 May, said %s.") == ["the", "minister", "on", NUMBER_KEY, "may", "said",
                                                          PLACEHOLDER_KEY]
    assert keys("  THE   minister ") == keys("the Minister")
    assert normalize("  Secretaría   DE\tGobernación ") == "secretaría de gobernación"


def test_exact_is_100_and_only_exact() -> None:
    assert compare("The report.", "The report.").score == 100
    assert compare("The report.", "The report.").kind == "exact"
    near = compare("The report.", "The  report.")
    assert near.score == 99 and near.differences == ("whitespace",)


def test_case_and_punctuation_differences_cost_a_point_each() -> None:
    c = compare("The minister arrived.", "The Minister arrived!")
    assert c.kind == "format"
    assert set(c.differences) == {"case", "punctuation"}
    assert c.score == 98


def test_differs_only_in_a_number() -> None:
    c = compare("The Minister arrived on 12 May.", "The Minister arrived on 14 May.")
    assert c.kind == "number"
    assert c.score == 99
    assert c.changes == (("14", "12"),)
    assert "[-14-]" in render_diff(c.diff) and "{+12+}" in render_diff(c.diff)


def test_differs_only_in_a_name() -> None:
    c = compare("Mr. Smith met the Secretary of State.", "Mr. Jones met the Secretary of State.")
    assert c.kind == "name"
    assert c.changes == (("Jones", "Smith"),)
    assert 80 < c.score < 99


def test_word_change_is_fuzzy_and_word_based() -> None:
    c = compare("The new report was published today", "The report was published yesterday")
    assert c.kind == "fuzzy"
    # keys: 6 and 5 with 4 in common -> 200 * 4 / 11
    assert c.score == pytest.approx(72.7, abs=0.05)
    assert render_diff(c.diff) == "The {+new+} report was published [-yesterday-] {+today+}"


def test_base_score_symmetric_and_bounded() -> None:
    a, b = keys("one two three four"), keys("one two five four six")
    assert base_score(a, b) == base_score(b, a)
    assert base_score([], []) == 100
    assert base_score(a, []) == 0


def test_transfer_changes_needs_exactly_one_occurrence() -> None:
    assert transfer_changes("El ministro llegó el 14 de mayo.", [("14", "12")]) == "El ministro llegó el 12 de mayo."
    assert transfer_changes("14 de mayo, 14 horas", [("14", "12")]) is None
    assert transfer_changes("El 140 aniversario", [("14", "12")]) is None


def _corpus(rng: random.Random, n: int) -> list[str]:
    words = [f"w{i}" for i in range(300)]
    out = []
    for _ in range(n):
        k = rng.randint(3, 14)
        out.append(" ".join(rng.choice(words[: rng.choice([20, 300])]) for _ in range(k)))
    return out


def test_index_lookup_agrees_with_exhaustive_scan_when_budget_allows() -> None:
    rng = random.Random(5)
    texts = _corpus(rng, 3000)
    index = MemoryIndex.build(texts)
    index.BUDGET = 10**9  # complete prefix filtering: must equal the scan
    for _ in range(150):
        q = rng.choice(texts).split()
        if len(q) > 3:
            q[rng.randrange(len(q))] = f"w{rng.randrange(300)}"
        query = " ".join(q)
        for threshold in (60.0, 75.0, 90.0):
            got = index.lookup(query, 1, threshold)
            ref = index.scan(query, 1, threshold)
            assert [s for _, s in got] == [s for _, s in ref], query


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from("a b c d e f g h".split()), min_size=1, max_size=8), min_size=1,
                max_size=40),
       st.lists(st.sampled_from("a b c d e f g h x".split()), min_size=1, max_size=8),
       st.sampled_from([50.0, 75.0, 100.0]))
def test_index_candidates_are_complete(docs: list[list[str]], query: list[str], threshold: float) -> None:
    index = MemoryIndex.build(" ".join(d) for d in docs)
    index.BUDGET = 10**9
    found = set(index.candidates(keys(" ".join(query)), threshold))
    for i, d in enumerate(docs):
        if base_score(query, d) >= threshold:
            assert i in found


def test_index_containing_intersects_words() -> None:
    index = MemoryIndex.build(["the blue house", "a red house", "the red car"])
    assert index.containing(keys("red house")) == [1]
    assert index.containing(keys("the")) == [0, 2]
    assert index.containing(keys("green")) == []
    assert len(index) == 3


def test_index_phase_two_completes_a_tiny_budget() -> None:
    rng = random.Random(9)
    texts = _corpus(rng, 2000)
    index = MemoryIndex.build(texts)
    index.BUDGET = 1  # phase 1 reads only the rarest key: phase 2 must find the rest
    index.MAX_CANDIDATES = 10**6
    for _ in range(120):
        q = rng.choice(texts).split()
        if len(q) > 3:
            del q[rng.randrange(len(q))]
        query = " ".join(q)
        for top in (1, 3):
            assert [s for _, s in index.lookup(query, top, 70.0)] == [s for _, s in index.scan(query, top, 70.0)]


def test_overlap_at_least_counts_shared_keys() -> None:
    index = MemoryIndex.build(["a b c", "a b d", "a x y", "z z z"])
    assert sorted(index.overlap_at_least(keys("a b c"), 2, 10)) == [0, 1]
    assert sorted(index.overlap_at_least(keys("a b c"), 3, 10)) == [0]
    assert sorted(index.overlap_at_least(keys("a b c"), 1, 10)) == [0, 1, 2]
    assert index.overlap_at_least(keys("a b c"), 2, 1) == [0]  # the best level first


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("aZé_İß1.,:'’ {}()%s<b>/$&;#\x01\x02\t\n-") + ["amp", "%d", "{0}", "12"]),
                max_size=30).map("".join))
def test_fast_keys_equal_token_keys(text: str) -> None:
    assert keys(text) == [t.key for t in tokenize(text) if t.kind != "punct"]
