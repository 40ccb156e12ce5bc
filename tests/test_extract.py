"""Term discovery: candidate spans, known concepts, frequencies and references."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossary.documents import read_document
from glossary.extract import extract, find_spans, guess_kind
from glossary.matcher import TermIndex
from glossary.model import Anchor, Segment, Side
from glossary.po import read_catalog

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "000_f4d848ffd231b71b.txt"
SEED_ES = REPO / "seeds" / "000_f4d848ffd231b71b.es.txt"


@pytest.fixture(scope="module")
def concepts() -> tuple:
    # discovery is judged against the term base the seed started from (64 concepts): what
    # the seed names beyond it is what extraction must find
    return read_catalog(REPO / "tests" / "data" / "seed-termbase" / "es" / "glossary.po").concepts


@pytest.fixture(scope="module")
def en_index(concepts: tuple) -> TermIndex:
    return TermIndex.build(concepts, "en")


@pytest.fixture(scope="module")
def es_index(concepts: tuple) -> TermIndex:
    return TermIndex.build(concepts, "es")


def texts(text: str, lang: str = "en", index: TermIndex | None = None) -> list[str]:
    return [s.text for s in find_spans(text, lang, index) if not s.nested]


def seg(path: str, text: str, lang: str = "en", line: int = 1) -> Segment:
    """A segment whose lines start at ``line``, anchored as the readers do (one per line)."""
    anchors, off = [], 0
    for i, ln in enumerate(text.split("\n")):
        anchors.append(Anchor(off, line + i, 1))
        off += len(ln) + 1
    return Segment(path, Side(text, lang, tuple(anchors)))


# --------------------------------------------------------------------------- spans, cold


def test_long_title_with_a_list_inside_is_one_candidate() -> None:
    t = ("and Undersecretary of Human Rights, Population, and Migration of the Ministry of the "
         "Interior Félix Arturo Medina Padilla; Undersecretary of Public Security, Héctor Elizalde Mora;")
    got = texts(t)
    assert got[0].startswith("Undersecretary of Human Rights, Population, and Migration of the Ministry")
    assert "Undersecretary of Public Security" in got
    assert "Héctor Elizalde Mora" in got


def test_body_names_and_acronym_in_parentheses() -> None:
    spans = find_spans("It was signed with U.S. Customs and Border Protection (CBP) in July.", "en")
    main = [s for s in spans if s.text == "U.S. Customs and Border Protection"]
    assert main and main[0].acronym == "CBP" and main[0].kind == "government-body"
    assert any(s.text == "CBP" and s.kind == "acronym" for s in spans)
    assert not any("July" in s.text for s in spans)


def test_sentence_starters_and_single_words_are_not_candidates() -> None:
    assert texts("Both delegations met in Washington.") == []
    assert texts("For example, the Secretary reaffirmed it.") == ["Secretary"]


def test_headline_gives_no_new_candidates() -> None:
    assert texts("The Two Countries Maintain Good Relations within a Framework of Respect for Sovereignty.") == []


def test_coordination_of_two_places_is_not_one_name() -> None:
    got = texts("dialogue between Mexico and the United States, and Immigration and Customs Enforcement")
    assert "United States" in got
    assert "Immigration and Customs Enforcement" in got
    assert not any(g.startswith("Mexico and") for g in got)


def test_title_head_followed_by_a_name_is_cut() -> None:
    assert texts("and Secretary Kristi Noem ratified") == ["Secretary", "Kristi Noem"]
    assert texts("with the Attorney General Pamela Bondi.") == ["Attorney General", "Pamela Bondi"]


def test_charge_d_affaires_keeps_its_abbreviation() -> None:
    assert texts("Chargé d'Affaires a.i. of the embassy, Mark C. Johnson;")[:2] == [
        "Chargé d'Affaires a.i.", "Mark C. Johnson"]


def test_body_inside_a_new_title_is_a_candidate_with_the_acronym() -> None:
    spans = find_spans("the Director of the Federal Bureau of Investigation (FBI), Kash Patel", "en")
    by_text = {s.text: s for s in spans}
    assert by_text["Director of the Federal Bureau of Investigation"].acronym == ""
    assert by_text["Federal Bureau of Investigation"].acronym == "FBI"
    assert by_text["Federal Bureau of Investigation"].kind == "government-body"
    assert "FBI" in by_text and "Kash Patel" in by_text


def test_spanish_bodies_and_lower_case_titles() -> None:
    got = texts("el subsecretario de Derechos Humanos, Población y Migración de la Secretaría de "
                "Gobernación, Félix Arturo Medina Padilla; la secretaria de Gobernación, Rosa Icela", "es")
    assert got[0] == ("subsecretario de Derechos Humanos, Población y Migración de la Secretaría de "
                      "Gobernación")
    assert "Félix Arturo Medina Padilla" in got
    assert "secretaria de Gobernación" in got
    assert texts("La Subsecretaría de Derechos Humanos, Población y Migración informó.", "es") == [
        "Subsecretaría de Derechos Humanos, Población y Migración"]


def test_guess_kind() -> None:
    assert guess_kind(["Secretary", "of", "Economy"], "en") == "official-title"
    assert guess_kind(["National", "Migration", "Institute"], "en") == "government-body"
    assert guess_kind(["comisionado", "del", "Instituto", "Nacional"], "es") == "official-title"
    assert guess_kind(["CBP"], "en", acronym=True) == "acronym"


# --------------------------------------------------------------------------- known concepts


def test_known_concepts_are_atomic_and_marked(en_index: TermIndex) -> None:
    spans = find_spans("Secretary of Foreign Affairs Juan Ramón de la Fuente; and Secretary Kristi Noem",
                       "en", en_index)
    whole = [(s.text, s.known) for s in spans if not s.nested]
    assert whole == [
        ("Secretary of Foreign Affairs", ("mx-sre-secretary",)),
        ("Juan Ramón de la Fuente", ("person-juan-ramon-de-la-fuente",)),
        ("Secretary", ("title-secretary",)),
        ("Kristi Noem", ("person-kristi-noem",)),
    ]


def test_new_title_records_its_known_part(en_index: TermIndex) -> None:
    spans = find_spans("the Undersecretary of Foreign Trade of the Ministry of Foreign Affairs said", "en", en_index)
    title = [s for s in spans if not s.nested]
    assert [s.text for s in title] == ["Undersecretary of Foreign Trade of the Ministry of Foreign Affairs"]
    assert title[0].known == () and title[0].parts == ("mx-sre",)
    assert any(s.nested and s.known == ("mx-sre",) for s in spans)


def test_nested_mentions_but_not_a_title_head(en_index: TermIndex) -> None:
    spans = find_spans("Commissioner of the National Migration Institute, and the Secretary of Foreign Affairs",
                       "en", en_index)
    nested = {s.text: s.known for s in spans if s.nested}
    assert nested == {"National Migration Institute": ("mx-inm",)}


def test_misspelled_known_form_is_not_a_mention(es_index: TermIndex) -> None:
    spans = find_spans("la Secretaria de Gobernacion informó", "es", es_index)
    assert all(not s.known for s in spans)


def test_seed_candidates_are_all_known_with_template_references(en_index: TermIndex) -> None:
    template = {c.id: c for c in read_catalog(REPO / "tests" / "data" / "seed-termbase" / "glossary.pot").concepts}
    segs = read_document(str(SEED), lang="en")
    segs = [Segment("seeds/000_f4d848ffd231b71b.txt", s.target, s.source, s.id) for s in segs]
    cands = extract(segs, "en", en_index)
    assert cands and all(c.known for c in cands)
    for c in cands:
        for cid in c.known:
            assert set(c.references) == set(template[cid].references), cid


def test_homograph_narrowed_by_country_of_the_line(en_index: TermIndex) -> None:
    segs = [seg("a.txt", "Secretary of the Interior Rosa Icela Rodríguez Velázquez and the Ministry of "
                         "Foreign Affairs")]
    cands = extract(segs, "en", en_index)
    sec = [c for c in cands if c.text == "Secretary of the Interior"]
    assert sec[0].known == ("mx-segob-secretary",)


def test_spanish_seed_marks_known_spanish_forms(es_index: TermIndex) -> None:
    segs = read_document(str(SEED_ES), lang="es")
    cands = extract(segs, "es", es_index)
    by_text = {c.text: c for c in cands}
    assert by_text["secretaria de Gobernación"].known == ("mx-segob-secretary",)
    assert by_text["Secretaría de Gobernación"].known == ("mx-segob",)
    assert all(c.known for c in cands)


# --------------------------------------------------------------------------- frequency


def test_frequency_references_and_variants() -> None:
    segs = [
        seg("a.txt", "The National Guard arrived.\nLater the National Guard left.", line=3),
        seg("b.txt", "the national guard was there; the National Guard stayed"),
    ]
    cands = extract(segs, "en")
    guard = [c for c in cands if c.text == "National Guard"]
    assert len(guard) == 1
    g = guard[0]
    assert g.frequency == 3 and g.files == 2
    assert [str(r) for r in g.references] == ["a.txt:3", "a.txt:4", "b.txt:1"]
    assert [(o.line, o.column) for o in g.occurrences] == [(3, 5), (4, 11), (1, 35)]


def test_names_on_the_other_side_cut_titles_in_bilingual_segments() -> None:
    en = "Secretary of Economy Marcelo Ebrard Casaubón met the press."
    es = "El secretario de Economía, Marcelo Ebrard Casaubón, se reunió con la prensa."
    mono = extract([seg("a.txt", en)], "en")
    assert [c.text for c in mono] == ["Secretary of Economy Marcelo Ebrard Casaubón"]
    bi = Segment("a.es.txt", Side(es, "es", (Anchor(0, 1, 1),)), Side(en, "en", (Anchor(0, 1, 1),)))
    assert [c.text for c in extract([bi], "en")] == ["Secretary of Economy", "Marcelo Ebrard Casaubón"]
