"""glossary.terms: search, the JSON shape, catalog edits and id slugs."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

import pytest
from hypothesis import given, settings, strategies as st

from glossary.errors import DataError, UsageError
from glossary.model import Concept, Gender, Note, Number, Reference, Status, TermForm
from glossary.terms import (
    ConceptEdit,
    add_concept,
    concept_from_dict,
    concept_to_dict,
    edit_concept,
    fold,
    new_id,
    parse_form,
    parse_reference,
    remove_concept,
    search,
    search_hits,
)

SEGOB = Concept(
    id="mx-segob",
    type="government-body",
    country="MX",
    case_sensitive=True,
    forms=(
        TermForm("Ministry of the Interior", "en"),
        TermForm("Interior Ministry", "en", Status.ADMITTED),
        TermForm("Secretaría de Gobernación", "es"),
        TermForm("Segob", "es", Status.ADMITTED),
        TermForm("SEGOB", "es", Status.ADMITTED, acronym=True),
        TermForm("Secretaría del Interior", "es", Status.FORBIDDEN, note='calque of "Interior"'),
    ),
    references=(Reference("seeds/000.txt", 12),),
    notes=(Note("", "Mexico's interior ministry"),),
    sources=(Note("en", "gob.mx/segob"),),
)
SECRETARIO = Concept(
    id="mx-secretario-gobernacion",
    type="official-title",
    country="MX",
    forms=(
        TermForm("Secretary of the Interior", "en"),
        TermForm("secretario de Gobernación", "es"),
        TermForm("secretaria de Gobernación", "es", Status.ADMITTED, gender=Gender.FEMININE,
                 number=Number.SINGULAR),
    ),
)
DOI = Concept(
    id="us-doi",
    type="government-body",
    country="US",
    forms=(TermForm("Department of the Interior", "en"), TermForm("Departamento del Interior", "es")),
)
SRE = Concept(
    id="mx-sre",
    type="government-body",
    country="MX",
    forms=(TermForm("Ministry of Foreign Affairs", "en"),
           TermForm("Secretaría de Relaciones Exteriores", "es"),
           TermForm("SRE", "es", Status.ADMITTED, acronym=True)),
    notes=(Note("", "not the Department of State: Gobernacion is elsewhere"),),
)
ALL = [DOI, SRE, SEGOB, SECRETARIO]


@dataclass(frozen=True, slots=True)
class FakeCatalog:
    """Stands in for glossary.po.Catalog: terms only needs ``path`` and ``concepts``."""

    path: str
    concepts: tuple[Concept, ...]


def ids(concepts: list[Concept]) -> list[str]:
    return [c.id for c in concepts]


@pytest.mark.parametrize("query", ["gobernacion", "Gobernación", "GOBERNACION"])
def test_search_folds_accents_and_case(query: str) -> None:
    assert ids(search(ALL, query)) == ["mx-segob", "mx-secretario-gobernacion"]


@pytest.mark.parametrize("query", ["SEGOB", "segob", "Segob"])
def test_search_finds_acronyms_and_variants_exactly_first(query: str) -> None:
    hits = search_hits(ALL, query)
    assert [h.concept.id for h in hits] == ["mx-segob"]
    assert hits[0].rank == 0


def test_search_full_spanish_name_without_accents() -> None:
    hits = search_hits(ALL, "Secretaria de Gobernacion")
    assert [(h.concept.id, h.rank) for h in hits] == [
        ("mx-segob", 0), ("mx-secretario-gobernacion", 0)]  # the body and the female title
    assert hits[0].form is not None and hits[0].form.text == "Secretaría de Gobernación"
    assert hits[1].form is not None and hits[1].form.gender is Gender.FEMININE


def test_search_english_ranks_exact_then_prefix_then_substring() -> None:
    exact = replace(DOI, id="a", forms=(TermForm("Interior", "en"),))
    prefix = replace(DOI, id="b", forms=(TermForm("Interior Ministry", "en"),))
    substring = replace(DOI, id="c", forms=(TermForm("Ministry of the Interior", "en"),))
    assert ids(search([substring, prefix, exact], "interior")) == ["a", "b", "c"]
    assert [h.rank for h in search_hits([substring, prefix, exact], "interior")] == [0, 1, 2]
    inside = replace(DOI, id="d", forms=(TermForm("Subinterior", "en"),))
    assert ids(search([inside, substring], "interior")) == ["c", "d"]


def test_search_language_filter_and_notes_are_not_searched() -> None:
    assert ids(search(ALL, "interior", lang="en")) == [
        "mx-segob", "mx-secretario-gobernacion", "us-doi"]  # prefix, then shorter substring
    assert "mx-segob" in ids(search(ALL, "interior", lang="es"))  # Secretaría del Interior
    assert "mx-sre" not in ids(search(ALL, "gobernacion"))  # only in a note
    assert search(ALL, "   ") == []
    assert ids(search(ALL, "mx-sre")) == ["mx-sre"]


def test_fold() -> None:
    assert fold("  Secretaría   de\nGobernación ") == "secretaria de gobernacion"
    assert fold("AÑO") == "ano"


def test_concept_dict_round_trip_and_json_shape() -> None:
    data = concept_to_dict(SEGOB)
    assert list(data)[:9] == ["id", "type", "country", "gender", "flags", "forms", "references",
                              "notes", "sources"]
    assert data["flags"] == ["case-sensitive"]
    assert data["forms"][5] == {"text": "Secretaría del Interior", "lang": "es",
                                "status": "forbidden", "acronym": False, "gender": None,
                                "number": None, "everywhere": False,
                                "note": 'calque of "Interior"'}
    assert concept_from_dict(json.loads(json.dumps(data))) == SEGOB
    assert concept_from_dict(concept_to_dict(SECRETARIO)) == SECRETARIO
    person = replace(SRE, gender=Gender.FEMININE, fuzzy=True, obsolete=True, extra=("# hi",))
    assert concept_from_dict(concept_to_dict(person)) == person


def test_generated_forms_are_not_serialised() -> None:
    c = replace(DOI, forms=DOI.forms + (TermForm("departamentos", "es", generated=True),))
    assert len(concept_to_dict(c)["forms"]) == 2


@pytest.mark.parametrize("bad, words", [
    ({"id": "x", "type": "agency"}, "unknown type"),
    ({"id": "x", "flags": ["sticky"]}, "unknown flag"),
    ({"id": "x", "forms": [{"text": "a", "lang": "en", "status": "great"}]}, "expected one of"),
    ({"id": "x", "forms": [{"lang": "en"}]}, "needs 'text'"),
    ({"id": 5}, "wrong type"),
])
def test_concept_from_dict_rejects_bad_shapes(bad: dict, words: str) -> None:
    with pytest.raises(DataError, match=words):
        concept_from_dict(bad, path="in.json")


def test_parse_form_and_reference() -> None:
    assert parse_form("Secretaría del Interior [calque]") == ("Secretaría del Interior", "calque")
    assert parse_form("  Segob ") == ("Segob", "")
    assert parse_form("[x]") == ("[x]", "")
    assert parse_reference("seeds/a.txt:12") == Reference("seeds/a.txt", 12)
    assert parse_reference("https://gob.mx") == Reference("https://gob.mx", 0)


def test_new_id_slugs_and_stays_unique() -> None:
    assert new_id("Ministry of the Interior", "MX") == "mx-ministry-interior"
    assert new_id("Secretaría de Gobernación", "") == "secretaria-gobernacion"
    assert new_id("Ministry of the Interior", "MX", {"mx-ministry-interior"}) == \
        "mx-ministry-interior-2"
    assert new_id("Ministry of the Interior", "MX",
                  {"mx-ministry-interior", "mx-ministry-interior-2"}) == "mx-ministry-interior-3"
    assert new_id("Chargé d'Affaires a.i.", "") == "charge-affaires-i"
    assert new_id("???", "") == "term"
    long = new_id("Undersecretary of Human Rights Population and Migration of the Ministry", "MX")
    assert len(long) <= 48 and long.startswith("mx-undersecretary-human-rights")


def test_add_concept_appends_before_obsolete_entries() -> None:
    old = replace(SRE, id="mx-old", obsolete=True)
    cat = FakeCatalog("g.po", (SEGOB, old))
    out = add_concept(cat, DOI)
    assert ids(list(out.concepts)) == ["mx-segob", "us-doi", "mx-old"]
    assert cat.concepts == (SEGOB, old)  # unchanged


@pytest.mark.parametrize("cid", ["mx-segob", "mx-old"])
def test_add_concept_rejects_existing_ids_even_obsolete(cid: str) -> None:
    cat = FakeCatalog("g.po", (SEGOB, replace(SRE, id="mx-old", obsolete=True)))
    with pytest.raises(UsageError, match="already exists"):
        add_concept(cat, replace(DOI, id=cid))


@pytest.mark.parametrize("bad, words", [
    (replace(DOI, id="US DOI"), "lower-case"),
    (replace(DOI, type="agency"), "unknown type"),
    (replace(DOI, country="usa"), "ISO 3166"),
    (replace(DOI, forms=(TermForm("Departamento del Interior", "es"),)), "preferred English"),
])
def test_add_concept_rejects_malformed_concepts(bad: Concept, words: str) -> None:
    with pytest.raises(UsageError, match=words):
        add_concept(FakeCatalog("g.po", ()), bad)


def test_a_template_takes_english_forms_only() -> None:
    @dataclass(frozen=True, slots=True)
    class Template:
        path: str
        concepts: tuple[Concept, ...]
        template: bool = True

    en_only = replace(DOI, forms=DOI.forms[:1])
    assert add_concept(Template("g.pot", ()), en_only).concepts == (en_only,)
    with pytest.raises(UsageError, match="template"):
        add_concept(Template("g.pot", ()), DOI)
    with pytest.raises(UsageError, match="template"):
        edit_concept(Template("g.pot", (en_only,)), "us-doi",
                     ConceptEdit(set_preferred=(("es", "Departamento del Interior"),)))


def test_remove_concept_deletes_or_obsoletes() -> None:
    cat = FakeCatalog("g.po", (SEGOB, DOI, SRE))
    assert ids(list(remove_concept(cat, "us-doi").concepts)) == ["mx-segob", "mx-sre"]
    obs = remove_concept(cat, "us-doi", obsolete=True)
    assert ids(list(obs.concepts)) == ["mx-segob", "mx-sre", "us-doi"]
    assert obs.concepts[-1].obsolete
    with pytest.raises(UsageError, match="did you mean mx-segob"):
        remove_concept(cat, "mx-segb")


def test_edit_set_preferred_demotes_old_one_to_admitted() -> None:
    cat = FakeCatalog("g.po", (SEGOB,))
    out = edit_concept(cat, "mx-segob", ConceptEdit(set_preferred=(("es", "Segob"),)))
    c = out.concepts[0]
    assert c.preferred("es") == TermForm("Segob", "es")
    es = [(f.text, f.status) for f in c.forms_in("es")]
    assert ("Secretaría de Gobernación", Status.ADMITTED) in es
    assert sum(1 for text, _ in es if text == "Segob") == 1
    assert c.preferred("en") == SEGOB.preferred("en")


def test_edit_drop_add_and_fields() -> None:
    cat = FakeCatalog("g.po", (SEGOB, DOI))
    edit = ConceptEdit(type="other", country="US", drop=("segob",),
                       add_forms=(TermForm("Ministerio del Interior", "es", Status.FORBIDDEN),),
                       add_references=(Reference("x.txt", 1),), case_sensitive=False)
    c = edit_concept(cat, "mx-segob", edit).concepts[0]
    assert (c.type, c.country, c.case_sensitive) == ("other", "US", False)
    texts = [f.text for f in c.forms]
    assert "Segob" not in texts and "Ministerio del Interior" in texts
    assert c.references[-1] == Reference("x.txt", 1)


@pytest.mark.parametrize("edit, words", [
    (ConceptEdit(drop=("Ministry of the Interior",)), "preferred en form"),
    (ConceptEdit(drop=("Nope",)), "has no form"),
    (ConceptEdit(add_forms=(TermForm("Segob", "es", Status.FORBIDDEN),)), "already listed as es-admitted"),
    (ConceptEdit(type="agency"), "unknown type"),
])
def test_edit_rejects_impossible_changes(edit: ConceptEdit, words: str) -> None:
    with pytest.raises(UsageError, match=words):
        edit_concept(FakeCatalog("g.po", (SEGOB,)), "mx-segob", edit)


def test_edit_with_a_mapping_and_unknown_ids() -> None:
    cat = FakeCatalog("g.po", (SEGOB, DOI))
    assert edit_concept(cat, "us-doi", {"country": ""}).concepts[1].country == ""
    with pytest.raises(UsageError, match="unknown concept field"):
        edit_concept(cat, "us-doi", {"colour": "red"})
    with pytest.raises(UsageError, match="already exists"):
        edit_concept(cat, "us-doi", {"id": "mx-segob"})
    with pytest.raises(UsageError, match="unknown concept id 'nope'"):
        edit_concept(cat, "nope", ConceptEdit(country="MX"))


def test_adding_the_same_form_twice_is_idempotent() -> None:
    cat = FakeCatalog("g.po", (SEGOB,))
    edit = ConceptEdit(add_forms=(TermForm("Segob", "es", Status.ADMITTED),))
    assert edit_concept(cat, "mx-segob", edit).concepts[0] == SEGOB


# ----------------------------------------------------------------------------- properties

_text = st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "Zs", "P")),
                min_size=1, max_size=30).filter(lambda t: t.strip() != "")
_forms = st.builds(
    TermForm, text=_text, lang=st.sampled_from(["en", "es"]), status=st.sampled_from(list(Status)),
    acronym=st.booleans(), gender=st.none() | st.sampled_from(list(Gender)),
    number=st.none() | st.sampled_from(list(Number)), everywhere=st.booleans(), note=st.text(max_size=10),
)
_concepts = st.builds(
    Concept, id=st.from_regex(r"[a-z0-9]+(-[a-z0-9]+)*", fullmatch=True),
    type=st.sampled_from(["person", "place", "other", "government-body"]),
    forms=st.lists(_forms, max_size=5).map(tuple), country=st.sampled_from(["", "MX", "US"]),
    gender=st.none() | st.sampled_from(list(Gender)), case_sensitive=st.booleans(),
    do_not_translate=st.booleans(), fuzzy=st.booleans(), obsolete=st.booleans(),
    references=st.lists(st.builds(Reference, _text, st.integers(0, 999)), max_size=2).map(tuple),
    notes=st.lists(st.builds(Note, st.sampled_from(["", "en", "es"]), _text), max_size=2).map(tuple),
)


@settings(max_examples=60, deadline=None)
@given(_concepts)
def test_concept_dict_round_trips_through_json(c: Concept) -> None:
    assert concept_from_dict(json.loads(json.dumps(concept_to_dict(c)))) == c


@settings(max_examples=60, deadline=None)
@given(st.lists(_concepts, min_size=1, max_size=4), st.data())
def test_every_form_finds_its_concept_exactly(concepts: list[Concept], data: st.DataObject) -> None:
    owner = data.draw(st.sampled_from(concepts))
    if not owner.forms or not fold(owner.forms[0].text):
        return
    form = owner.forms[0]
    hits = search_hits(concepts, f"  {form.text.lower()} ", lang=form.lang)
    assert owner in [h.concept for h in hits if h.rank == 0]
    assert all(a.rank <= b.rank for a, b in zip(hits, hits[1:]))
