"""Translation suggestions from aligned segments."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from glossary.model import Anchor, Concept, Segment, Side, TermForm
from glossary.po import read_catalog
from glossary.suggest import SUGGEST_COMMENT, learn_lexicon, suggest, suggestion_concepts

REPO = Path(__file__).resolve().parent.parent


def pair(*lines: tuple[str, str]) -> list[Segment]:
    return [
        Segment("t.es.txt", Side(es, "es", (Anchor(0, i + 1, 1),)), Side(en, "en", (Anchor(0, i + 1, 1),)), str(i + 1))
        for i, (en, es) in enumerate(lines)
    ]


def concept(cid: str, en: str, es: str, ctype: str = "government-body") -> Concept:
    return Concept(cid, ctype, (TermForm(en, "en"), TermForm(es, "es")))


def by_source(found):
    return {s.source: s for s in found}


def test_titles_bodies_names_and_acronyms() -> None:
    segs = pair(
        ("Secretary of Economy Marcelo Ebrard met the Director of the Federal Bureau of Investigation (FBI), Kash Patel.",
         "El secretario de Economía, Marcelo Ebrard, se reunió con el director de la Oficina Federal de "
         "Investigación (FBI), Kash Patel."),
    )
    got = by_source(suggest(segs))
    assert got["Secretary of Economy"].target == "secretario de Economía"  # the name was cut off
    assert got["Marcelo Ebrard"].target == "Marcelo Ebrard"
    assert got["Federal Bureau of Investigation"].target == "Oficina Federal de Investigación"
    assert any("acronym (FBI)" in e for e in got["Federal Bureau of Investigation"].evidence)
    assert got["FBI"].target == "FBI" and got["Kash Patel"].target == "Kash Patel"
    assert got["Director of the Federal Bureau of Investigation"].target == (
        "director de la Oficina Federal de Investigación")
    for s in got.values():
        assert 0.0 <= s.confidence <= 1.0 and s.evidence


def test_known_parts_of_a_name_guide_the_span() -> None:
    known = [concept("mx-se", "Ministry of Economy", "Secretaría de Economía")]
    segs = pair((
        "The Undersecretary of Foreign Trade of the Ministry of Economy, Luis Rosendo Gutiérrez, spoke.",
        "El subsecretario de Comercio Exterior de la Secretaría de Economía, Luis Rosendo Gutiérrez, habló.",
    ))
    got = by_source(suggest(segs, known))
    s = got["Undersecretary of Foreign Trade of the Ministry of Economy"]
    assert s.target == "subsecretario de Comercio Exterior de la Secretaría de Economía"
    assert any(e.startswith("known part mx-se") for e in s.evidence)
    assert "Ministry of Economy" not in got  # known and translated: nothing to propose


def test_known_concept_without_translation_gets_its_id() -> None:
    known = [Concept("mx-se", "government-body", (TermForm("Ministry of Economy", "en"),))]
    segs = pair(("The Ministry of Economy said so.", "La Secretaría de Economía lo dijo."))
    got = suggest(segs, known)
    assert [(s.concept_id, s.target) for s in got] == [("mx-se", "Secretaría de Economía")]


def test_co_occurrence_across_segments() -> None:
    segs = pair(
        ("The National Guard arrived.", "La Guardia Nacional llegó."),
        ("Then the National Guard left the city.", "Luego la Guardia Nacional dejó la ciudad."),
        ("The Army stayed.", "El Ejército se quedó."),
    )
    s = by_source(suggest(segs))["National Guard"]
    assert s.target == "Guardia Nacional"
    assert any("co-occurs in 2 of 2 segments" in e for e in s.evidence)


def test_min_confidence_and_explicit_terms() -> None:
    segs = pair(("We discussed shared responsibility at length.", "Hablamos largamente de la responsabilidad compartida."))
    got = suggest(segs, terms=["shared responsibility"])
    assert by_source(got)["shared responsibility"].target == "responsabilidad compartida"
    assert suggest(segs, terms=["shared responsibility"], min_confidence=0.99) == []


def test_learn_lexicon_from_translated_concepts() -> None:
    concepts = read_catalog(REPO / "tests" / "data" / "seed-termbase" / "es" / "glossary.po").concepts
    lex = {(a, b) for a, b, _w in learn_lexicon(concepts)}
    assert ("homeland", "nacional") in lex
    assert all(w >= 0.5 for _a, _b, w in learn_lexicon(concepts))


def test_suggestion_concepts_fold_acronyms_and_comment_is_not_a_key() -> None:
    segs = pair((
        "the Administrator of the Drug Enforcement Administration (DEA), Terrance Cole",
        "el administrador de la Administración para el Control de Drogas (DEA), Terrance Cole",
    ))
    found = suggest(segs)
    entries = {c.id: c for c in suggestion_concepts(found, {})}
    assert "dea" not in entries
    dea = entries["drug-enforcement-administration"]
    assert dea.fuzzy
    assert {(f.text, f.lang, f.acronym) for f in dea.forms if f.acronym} == {("DEA", "en", True), ("DEA", "es", True)}
    assert dea.preferred("es").text == "Administración para el Control de Drogas"
    person = entries["terrance-cole"]
    assert person.do_not_translate and person.type == "person"
    key_line = re.compile(r"^#[.]?\s*([A-Za-z][A-Za-z0-9_-]*)\s*:")  # how validate spots keys
    for c in entries.values():
        comments = [e for e in c.extra if e.startswith(SUGGEST_COMMENT)]
        assert len(comments) == 1 and "confidence" in comments[0]
        assert not key_line.match(comments[0])


def _eval_module():
    spec = importlib.util.spec_from_file_location("eval_suggest", REPO / "tests" / "bench" / "eval_suggest.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("setting", ["seed-cold", "heldout-termbase"])
def test_precision_and_recall_do_not_regress(setting: str) -> None:
    ev = _eval_module()
    if setting == "seed-cold":
        n, on_gold, ok, gold, _bad = ev.evaluate(ev.SEED, (), 0.5, False)
    else:
        po = read_catalog(REPO / "tests" / "data" / "seed-termbase" / "es" / "glossary.po").concepts
        n, on_gold, ok, gold, _bad = ev.evaluate(ev.HELDOUT, po, 0.5, False)
    assert n and gold
    assert ok / n >= 0.85, (ok, n)
    assert ok / gold >= 0.8, (ok, gold)
