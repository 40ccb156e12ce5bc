"""Tests for glossary.matcher: every matching trap of DESIGN §4, sacremoses agreement, caching."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from glossary.inflect import generated_forms
from glossary.matcher import Candidate, Match, TermIndex, load_index
from glossary.model import Concept, Gender, Number, Status, TermForm
from glossary.tokens import fold_for_scan, fold_key, tokenize_with_offsets

P, A, D, X = Status.PREFERRED, Status.ADMITTED, Status.DEPRECATED, Status.FORBIDDEN


def en(text: str, status: Status = P, **kw: object) -> TermForm:
    return TermForm(text, "en", status=status, **kw)  # type: ignore[arg-type]


def es(text: str, status: Status = P, **kw: object) -> TermForm:
    return TermForm(text, "es", status=status, **kw)  # type: ignore[arg-type]


CONCEPTS = [
    Concept("us-ice", "government-body", (
        en("Immigration and Customs Enforcement"), en("ICE", acronym=True),
        es("Servicio de Control de Inmigración y Aduanas"), es("ICE", acronym=True),
        es("hielo", X),
    )),
    Concept("mx-segob", "government-body", (
        en("Ministry of the Interior"), es("Secretaría de Gobernación"), es("Secretaría del Interior", X),
    )),
    Concept("mx-secretario-gobernacion", "official-title", (
        en("Secretary of the Interior"), es("secretario de Gobernación"),
    )),
    Concept("mx-sspc-title", "official-title", (
        en("Secretary of Security and Citizen Protection"), en("Secretary of Security", A),
        es("secretario de Seguridad y Protección Ciudadana"),
    )),
    Concept("secretary", "official-title", (en("Secretary"), es("secretario"))),
    Concept("us", "place", (en("U.S."), en("United States"), es("Estados Unidos"), es("EE. UU."))),
    Concept("mx", "place", (en("Mexico"), es("México"), es("Méjico", X, everywhere=True))),
    Concept("health", "principle", (en("health"), es("salud"))),
    Concept("dhs", "government-body", (
        en("Department of Homeland Security"), en("DHS", acronym=True), es("Departamento de Seguridad Nacional"),
    )),
    Concept("chief-of-staff", "official-title", (en("Chief of Staff"), es("jefe de Gabinete"))),
    Concept("charge", "official-title", (en("Chargé d'Affaires"), es("encargado de negocios"))),
    Concept("dg", "official-title", (en("Director General"), es("director general"))),
    Concept("mx-segob-acr", "government-body", (es("Segob"), es("SEGOB", acronym=True)), case_sensitive=True),
]

EN = TermIndex.build(CONCEPTS, "en")
ES = TermIndex.build(CONCEPTS, "es")


def spans(index: TermIndex, text: str) -> list[str]:
    return [m.text for m in index.scan(text)]


def ids(m: Match) -> list[str]:
    return [c.concept_id for c in m.candidates]


def only(index: TermIndex, text: str) -> Match:
    (m,) = index.scan(text)
    return m


# --------------------------------------------------------------------------- case


def test_acronym_matches_only_with_exact_case() -> None:
    m = only(EN, "ICE agents arrived")
    assert (m.start, m.end, m.text) == (0, 3, "ICE")
    assert ids(m) == ["us-ice"]
    assert EN.scan("ice cream and Ice") == []


def test_black_ice_and_hielo_negro_stay_clean() -> None:
    assert EN.scan("Black ice on the road.") == []
    # "hielo negro" has no match unless a concept holds it: here only the forbidden
    # rendering "hielo" of ICE matches, and the rules decide its scope.
    (m,) = ES.scan("Cuidado con el hielo negro.")
    assert m.text == "hielo" and [c.form.status for c in m.candidates] == [X]
    ix = TermIndex.build([CONCEPTS[0], Concept("black-ice", "other", (en("black ice"), es("hielo negro")))], "es")
    (m,) = ix.scan("Cuidado con el hielo negro.")
    assert m.text == "hielo negro" and ids(m) == ["black-ice"]
    plain = TermIndex.build([Concept("ice", "government-body", (es("ICE", acronym=True),))], "es")
    assert plain.scan("hielo negro") == []


def test_default_matching_ignores_case() -> None:
    assert spans(EN, "the SECRETARY OF THE INTERIOR and the secretary of the interior") == [
        "SECRETARY OF THE INTERIOR", "secretary of the interior",
    ]
    assert all(c.case_ok for m in EN.scan("SECRETARY") for c in m.candidates)


def test_case_sensitive_concept_matches_with_case_ok_false() -> None:
    m = only(ES, "la segob informó")
    (c,) = m.candidates
    assert c.concept_id == "mx-segob-acr" and c.form.text == "Segob" and not c.case_ok and c.accents_ok
    good = only(ES, "la Segob informó").candidates
    assert [(c.form.text, c.case_ok) for c in good] == [("Segob", True)]
    exact = only(ES, "la SEGOB informó").candidates
    assert [(c.form.text, c.case_ok) for c in exact] == [("SEGOB", True), ("Segob", False)]


# --------------------------------------------------------------------------- boundaries


def test_no_match_inside_a_longer_word() -> None:
    assert spans(ES, "Le saludé. La salud es primero.") == ["salud"]
    assert spans(EN, "The Undersecretary met the Secretary.") == ["Secretary"]
    assert spans(EN, "ICEland, Mexicoan, Secretarys") == []


def test_leftmost_longest_hides_shorter_terms() -> None:
    m = EN.scan("Secretary of Security and Citizen Protection Omar García Harfuch")
    assert [(x.text, ids(x)) for x in m] == [
        ("Secretary of Security and Citizen Protection", ["mx-sspc-title"]),
    ]
    m2 = EN.scan("the Secretary of Security, Héctor")
    assert [(x.text, x.candidates[0].form.status) for x in m2] == [("Secretary of Security", A)]


def test_longest_falls_back_when_the_longer_hit_is_not_at_a_boundary() -> None:
    ix = TermIndex.build([
        Concept("a", "other", (en("director general"),)),
        Concept("b", "other", (en("director"),)),
        Concept("c", "other", (en("general assembly"),)),
    ], "en")
    assert spans(ix, "the director generalist") == ["director"]
    assert spans(ix, "the director general assembly") == ["director general"]


def test_possessives_and_curly_apostrophes() -> None:
    assert spans(EN, "Mexico's and Mexico’s and the Secretary's office") == ["Mexico", "Mexico", "Secretary"]
    assert spans(EN, "the Secretaries' offices") == ["Secretaries"]
    assert spans(EN, "Chargé d’Affaires Mark Johnson") == ["Chargé d’Affaires"]
    assert spans(EN, "O'Mexico") == []  # "O 'Mexico": the apostrophe stays with the word


def test_us_keeps_its_dot() -> None:
    m = EN.scan("Representing the U.S. government, U.S.A is not U.S")
    assert [(x.text, ids(x)) for x in m] == [("U.S.", ["us"])]
    assert spans(EN, "in the U.S.") == ["U.S."]
    assert spans(ES, "los EE. UU. y Estados Unidos") == ["EE. UU.", "Estados Unidos"]
    assert spans(ES, "los EE (UU) y EE UU") == []
    assert spans(EN, "the U.S (and) U.S... Mexico") == ["Mexico"]


def test_acronym_in_parentheses() -> None:
    text = "Department of Homeland Security (DHS) and [ICE]"
    assert spans(EN, text) == ["Department of Homeland Security", "DHS", "ICE"]
    m = EN.scan(text)[1]
    assert text[m.start - 1] == "(" and text[m.end] == ")"


def test_sentence_final_period_and_nonbreaking_prefixes() -> None:
    assert spans(EN, "He met the Secretary of the Interior. Then he left.") == ["Secretary of the Interior"]
    ix = TermIndex.build([Concept("gov", "other", (en("Gov"),)), Concept("pol", "other", (en("policy"),))], "en")
    assert spans(ix, "Gov. Smith spoke. The policy.") == ["policy"]  # "Gov." is one token
    assert spans(ix, "the policy. and more") == []  # lower-case after the period: "policy." stays whole


def test_quote_at_segment_start_opens_a_quotation() -> None:
    assert spans(EN, "'Secretary' said") == ["Secretary"]
    assert spans(EN, "‘Mexico’") == ["Mexico"]
    assert spans(EN, "said 'Secretary'") == ["Secretary"]


def test_hyphenated_words_are_one_token() -> None:
    assert spans(EN, "the ex-Secretary and the Secretary-designate") == []


# --------------------------------------------------------------------------- accents


def test_accent_folded_detection() -> None:
    m = only(ES, "La Secretaria de Gobernacion informó")
    assert m.text == "Secretaria de Gobernacion"
    assert {c.concept_id for c in m.candidates} == {"mx-segob", "mx-secretario-gobernacion"}
    assert not any(c.accents_ok for c in m.candidates)
    assert only(ES, "en Mejico").candidates[0].form.text == "Méjico"


def test_ministry_and_official_are_different_words() -> None:
    ministry = only(ES, "la Secretaría de Gobernación")
    official = only(ES, "la secretaria de Gobernación")
    assert ministry.candidates[0].concept_id == "mx-segob" and ministry.candidates[0].accents_ok
    assert official.candidates[0].concept_id == "mx-secretario-gobernacion" and official.candidates[0].accents_ok
    assert [c.accents_ok for c in ministry.candidates] == [True, False]
    assert [c.accents_ok for c in official.candidates] == [True, False]


def test_candidates_are_sorted_exact_then_status_then_id() -> None:
    ix = TermIndex.build([
        Concept("z", "other", (es("Secretaria del Interior", X),)),
        Concept("b", "other", (es("Secretaría del Interior", X),)),
        Concept("a", "other", (es("Secretaría del Interior", D),)),
        Concept("c", "other", (es("secretaría del interior", A),)),
    ], "es")
    m = only(ix, "Secretaría del Interior")
    assert [(c.concept_id, c.accents_ok) for c in m.candidates] == [
        ("c", True), ("a", True), ("b", True), ("z", False),
    ]


# --------------------------------------------------------------------------- inflection


def test_gender_and_number_inflections_match() -> None:
    for text, gender, number in [
        ("secretaria de Gobernación", Gender.FEMININE, Number.SINGULAR),
        ("secretarios de Gobernación", Gender.MASCULINE, Number.PLURAL),
        ("secretarias de Gobernación", Gender.FEMININE, Number.PLURAL),
    ]:
        m = only(ES, f"Las {text} se reunieron")
        c = next(c for c in m.candidates if c.concept_id == "mx-secretario-gobernacion")
        assert m.text == text and c.form.generated and c.form.gender is gender and c.form.number is number
    assert spans(ES, "los directores generales y las directoras generales") == [
        "directores generales", "directoras generales",
    ]
    assert spans(EN, "the Secretaries of the Interior and Chiefs of Staff and Directors General") == [
        "Secretaries of the Interior", "Chiefs of Staff", "Directors General",
    ]


def test_explicit_forms_win_over_generated() -> None:
    ix = TermIndex.build([Concept("t", "official-title", (
        es("secretario de Gobernación"), es("secretaria de Gobernación", A, gender=Gender.FEMININE),
    ))], "es")
    (c,) = only(ix, "la secretaria de Gobernación").candidates
    assert c.form.status is A and not c.form.generated


def test_forbidden_inflections_stay_forbidden() -> None:
    ix = TermIndex.build([Concept("t", "official-title", (es("jefe de Gabinete"), es("jefe del Staff", X)))], "es")
    (c,) = only(ix, "la jefa del Staff").candidates
    assert c.form.status is X and c.form.generated and c.form.gender is Gender.FEMININE


# --------------------------------------------------------------------------- whitespace, offsets


def test_line_breaks_and_runs_of_spaces_inside_a_term() -> None:
    text = "the Secretary  of\n\tthe\u00a0Interior,\r\nand Department of\n   Homeland Security"
    m = EN.scan(text)
    assert [x.text for x in m] == ["Secretary  of\n\tthe\u00a0Interior", "Department of\n   Homeland Security"]
    assert ids(m[0]) == ["mx-secretario-gobernacion"] and m[0].candidates[0].accents_ok


def test_offsets_survive_decomposed_accents_and_invisible_characters() -> None:
    text = "X\u200b la Secretari\u0301a de Gobernacio\u0301n, \u00a0 y  SEGOB."
    m = ES.scan(text)
    assert [x.text for x in m] == ["Secretari\u0301a de Gobernacio\u0301n", "SEGOB"]
    assert m[0].candidates[0].concept_id == "mx-segob" and m[0].candidates[0].accents_ok
    for x in m:
        assert text[x.start : x.end] == x.text


def test_empty_index_and_empty_text() -> None:
    assert TermIndex.build([], "en").scan("anything") == []
    assert EN.scan("") == []


def test_obsolete_concepts_are_not_indexed() -> None:
    ix = TermIndex.build([Concept("old", "other", (en("Secretary"),), obsolete=True)], "en")
    assert ix.scan("Secretary") == [] and "old" not in ix.concepts


# --------------------------------------------------------------------------- properties


@settings(max_examples=300, deadline=None, database=None)
@given(st.text())
def test_scan_never_raises_and_spans_are_exact(text: str) -> None:
    for index in (EN, ES):
        last = 0
        for m in index.scan(text):
            assert 0 <= m.start < m.end <= len(text)
            assert text[m.start : m.end] == m.text
            assert m.start >= last
            last = m.end
            assert m.candidates and all(isinstance(c, Candidate) for c in m.candidates)


SEGMENT_TEXT = st.lists(st.sampled_from(["Secretary of the Interior", "Secretaría de Gobernación", "ICE",
                                         "hielo", "Mexico's", "México.", "U.S.", "secretaria", "  ", "\n",
                                         "é", "Gov.", "(", ",", "and", "salud", "\u00ad", "e\u0301"]),
                        max_size=8).map(" ".join)


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(st.one_of(SEGMENT_TEXT, st.text(max_size=30)), max_size=6))
def test_scan_many_equals_one_scan_per_text(texts: list[str]) -> None:
    for index in (EN, ES):
        assert index.scan_many(texts) == [index.scan(t) for t in texts]


def test_scan_many_in_groups_equals_one_scan_per_text(monkeypatch: pytest.MonkeyPatch) -> None:
    import glossary.matcher as matcher

    texts = ["The Secretary of the Interior met ICE.", "", "Mexico's", "x" * 30, "U.S. and Mexico", "hielo"] * 5
    whole = EN.scan_many(texts), ES.scan_many(texts)
    monkeypatch.setattr(matcher, "GROUP_CHARS", 20)  # about one text per group
    assert (EN.scan_many(texts), ES.scan_many(texts)) == whole
    assert whole[0] == [EN.scan(t) for t in texts] and sum(map(len, whole[0])) == 25


PIECES = [
    "Secretary", "of", "the", "Interior", "State", "U.S.", "U.S", "Undersecretary", "Mexico",
    "Mexico's", "Gov.", "Gov", "policy", "(", ")", ",", ".", "'", "’", "-", "...", "Secretaries",
    "Director", "General", "Directors", "health", "healthy", "1990", "5,300", "said", "Ms.",
    "Chief", "Staff", "and", "\n", "O'", "s", "5",
]
REF_CONCEPTS = [
    Concept("sec", "official-title", (en("Secretary"), en("Secretary of the Interior"))),
    Concept("state", "other", (en("State"), en("U.S."), en("Mexico"), en("Gov"), en("policy"))),
    Concept("dg", "official-title", (en("Director General"), en("Chief of Staff"))),
    Concept("misc", "other", (en("health"), en("1990"), en("5"), en("s"), en("Ms"), en("said"))),
]
REF = TermIndex.build(REF_CONCEPTS, "en")
OVERLAP_ARTIFACT = re.compile(r"['’][^A-Za-z]?['’]|,,")
REF_KEYS = {
    fold_key(f.text) for c in REF_CONCEPTS for f in c.forms_in("en") + generated_forms(c, "en")
}


def reference_spans(text: str) -> list[tuple[int, int]]:
    """Brute force: every run of sacremoses tokens whose scan form is a key, leftmost-longest.

    The text is tokenized between "x " and " X": sacremoses leaves an apostrophe at the very
    start or end of its input glued to the word next to it ("'Secretary", "Secretary'"),
    where the matcher deliberately sees a quotation mark.
    """
    toks = [(t, s - 2, e - 2) for t, s, e in tokenize_with_offsets("x " + text + " X", "en")[1:-1]]
    found = []
    for i in range(len(toks)):
        for j in range(i, len(toks)):
            s, e = toks[i][1], toks[j][2]
            key = fold_key(text[s:e])
            if key in REF_KEYS and key == fold_for_scan(text[s:e]).text:
                found.append((s, -e))
    found.sort()
    out, last = [], 0
    for s, neg in found:
        if s >= last:
            out.append((s, -neg))
            last = -neg
    return out


@settings(max_examples=400, deadline=None, database=None)
@given(st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(["", " ", " ", "  ", "\n"])), max_size=14))
def test_matches_agree_with_sacremoses_tokens(parts: list[tuple[str, str]]) -> None:
    text = "".join(p + sep for p, sep in parts)
    # sacremoses applies each rule with one re.sub, so two apostrophes or commas at most one
    # character apart overlap and the second is left unsplit ("5'5'", "''5", ",,"): an
    # artifact of the implementation, not a tokenization rule worth copying.
    assume(not OVERLAP_ARTIFACT.search(text))
    assert [(m.start, m.end) for m in REF.scan(text)] == reference_spans(text)


@pytest.mark.parametrize(
    "text",
    [
        "the Secretary of the Interior. Then",
        "Gov. Smith and the Gov.",
        "in 1990's and 1990 's",
        "5,300 and 5, 300",
        "'Secretary' said",
        "the Ms. policy",
        "U.S.-Mexico and U.S. Mexico",
        "Secretary...Interior",
    ],
)
def test_known_sentences_agree_with_sacremoses(text: str) -> None:
    assert [(m.start, m.end) for m in REF.scan(text)] == reference_spans(text)


# --------------------------------------------------------------------------- size, pickling, cache


def test_index_holds_stored_acronym_and_generated_forms() -> None:
    forms = {c.form.text for m in ES.scan("secretarias de Gobernación, SEGOB, ICE") for c in m.candidates}
    assert {"secretarias de Gobernación", "SEGOB", "Segob", "ICE"} <= forms
    assert EN.lang == "en" and set(EN.concepts) == {c.id for c in CONCEPTS}


def test_pickle_round_trip_scans_the_same() -> None:
    text = "La Secretaria de Gobernacion, el ICE y los EE. UU."
    clone = pickle.loads(pickle.dumps(ES))
    assert clone.scan(text) == ES.scan(text)
    assert len(clone) == len(ES)


def test_load_index_caches_by_content(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = load_index(CONCEPTS, "es", cache)
    files = sorted(cache.iterdir())
    assert len(files) == 1 and files[0].suffix == ".pickle"
    again = load_index(CONCEPTS, "es", cache)
    assert again.scan("la Secretaría de Gobernación") == first.scan("la Secretaría de Gobernación")
    assert sorted(cache.iterdir()) == files
    changed = CONCEPTS[:-1] + [Concept("mx-segob-acr", "government-body", (es("Gobernación"),))]
    third = load_index(changed, "es", cache)
    assert len(list(cache.iterdir())) == 2
    assert [m.text for m in third.scan("la Segob")] == []
    assert load_index(CONCEPTS, "en", cache).lang == "en"


def test_load_index_rebuilds_a_corrupt_cache(tmp_path: Path) -> None:
    load_index(CONCEPTS, "en", tmp_path)
    (path,) = tmp_path.iterdir()
    path.write_bytes(b"not a pickle")
    index = load_index(CONCEPTS, "en", tmp_path)
    assert [m.text for m in index.scan("ICE")] == ["ICE"]
    assert path.read_bytes() != b"not a pickle"


def test_load_index_prunes_old_indexes(tmp_path: Path) -> None:
    import os

    for i in range(12):
        old = tmp_path / f"index-en-{i:032d}.pickle"
        old.write_bytes(b"stale")
        os.utime(old, (1000 + i, 1000 + i))
    (tmp_path / "index-es-0.pickle").write_bytes(b"other language")
    load_index(CONCEPTS, "en", tmp_path)
    left = sorted(p.name for p in tmp_path.glob("index-en-*.pickle"))
    assert len(left) == 8
    assert "index-en-00000000000000000000000000000011.pickle" in left  # the newest stale ones stay
    assert "index-en-00000000000000000000000000000000.pickle" not in left
    assert (tmp_path / "index-es-0.pickle").exists()


def test_load_index_without_cache_dir() -> None:
    assert [m.text for m in load_index(CONCEPTS, "en", None).scan("the DHS")] == ["DHS"]


def test_index_size_does_not_depend_on_text_scan_of_many_forms() -> None:
    many = [Concept(f"c{i}", "other", (en(f"Office of Zorblat {i}"),)) for i in range(3000)]
    ix = TermIndex.build(many + CONCEPTS, "en")
    assert len(ix) >= 3000
    text = "the Office of Zorblat 2999 and Office of Zorblat 12a and ICE"
    assert spans(ix, text) == ["Office of Zorblat 2999", "ICE"]
