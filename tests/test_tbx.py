"""TBX: reading TBX-Basic v3 and TBX 2008 samples, writing valid TBX-Basic, lossless round trips."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree, isoschematron

from glossary.errors import DataError
from glossary.interchange.tbx import parse_tbx, read_tbx, render_tbx
from glossary.model import Concept, Gender, Note, Number, Reference, Status, TermForm
from glossary.po import read_catalog, render_catalog

FIXTURE_PO = '''\
# Test term base.
msgid ""
msgstr ""
"Project-Id-Version: test\\n"
"Language: es\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"

#. type: government-body
#. country: MX
#. en-admitted: Interior Ministry
#. en-deprecated: Ministry of Interior [house style: Mexico has secretarías]
#. en-acronym: SEGOB
#. note: Mexico's interior ministry
#. source: gob.mx/segob
#: seeds/000_f4d848ffd231b71b.txt:12
# es-admitted: Segob
# es-acronym: SEGOB
# es-forbidden: Secretaría del Interior [calque of "Interior"] | Ministerio del Interior
# es-note: lleva tilde
# es-source: DOF
#, case-sensitive
msgctxt "mx-segob"
msgid "Ministry of the Interior"
msgstr "Secretaría de Gobernación"

#. type: official-title
#. en-forbidden-everywhere: Secretary of Interior
# es-masc: secretario de Gobernación
# es-fem: secretaria de Gobernación
# es-masc-plural: secretarios de Gobernación
# es-fem-plural: secretarias de Gobernación
# es-deprecated-everywhere: ministro del Interior
#. odd-key: kept verbatim
# a free comment
#, fuzzy
msgctxt "mx-secretary-of-the-interior"
msgid "Secretary of the Interior"
msgstr "secretario de Gobernación"

#. type: person
#. gender: f
#, do-not-translate
msgctxt "2024-president"
msgid "Claudia Sheinbaum"
msgstr "Claudia Sheinbaum"

msgctxt "untranslated"
msgid "Untranslated thing"
msgstr ""
'''


@pytest.fixture
def fixture_po(tmp_path: Path) -> Path:
    path = tmp_path / "locales" / "es" / "glossary.po"
    path.parent.mkdir(parents=True)
    path.write_text(FIXTURE_PO, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def core_rng() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(_schemas() / "TBXcoreStructV03.rng")))


def _schemas() -> Path:
    return Path(__file__).resolve().parent.parent.parent / "shared" / "schemas"


def _sample(name: str) -> Path:
    return Path(__file__).resolve().parent.parent.parent / "shared" / "samples" / name


# --------------------------------------------------------------------------- reading samples


def test_tbx_basic_v3_sample_counts(samples: Path) -> None:
    batch = read_tbx(samples / "tbx-basic_v3_good_en-es.tbx")
    assert len(batch.concepts) == 39
    skipped = dict(batch.skipped)
    assert skipped["zu terms"] == 6
    assert skipped["concepts without English or Spanish terms"] == 6
    assert all(c.preferred("en") and c.preferred("es") for c in batch.concepts)
    ignored = dict(batch.ignored)
    assert ignored["transacGrp"] > 0 and ignored["context"] > 0


def test_tbx_basic_v3_first_concept(samples: Path) -> None:
    c1 = read_tbx(samples / "tbx-basic_v3_good_en-es.tbx").concepts[0]
    assert c1.id == "c1"
    assert [(f.lang, f.status, f.text) for f in c1.forms] == [
        ("en", Status.PREFERRED, "open cluster"),
        ("en", Status.DEPRECATED, "galactic cluster"),
        ("es", Status.PREFERRED, "cúmulo abierto"),
    ]
    # pretty-printing white space inside a foreign note is collapsed
    assert c1.forms[1].note.startswith("Another name for an open star cluster. They are often termed Galactic Clusters")
    assert Note("", "subject field: General") in c1.notes
    assert Note("en", "A group of stars formed together in the spiral arms of a galaxy.") in c1.notes
    assert Note("en", "Oxford2007") in c1.sources


def test_tbx_basic_termtype_acronym(samples: Path) -> None:
    batch = read_tbx(samples / "tbx-basic_v3_good_en-es.tbx")
    acronyms = [(c.id, f.text) for c in batch.concepts for f in c.forms if f.acronym]
    assert acronyms == [("c4", "GRB")]


def test_martif_sample(samples: Path) -> None:
    batch = read_tbx(samples / "tbx2008_martif_medtronic_multilingual.tbx")
    assert [c.id for c in batch.concepts] == ["c7331", "c7332", "c7333"]
    skipped = dict(batch.skipped)
    assert {k.split()[0] for k in skipped} == {"da", "nl", "fi", "fr", "hu", "it", "no", "pl", "pt", "sv", "el", "cs"}
    alert = batch.concepts[1]
    assert alert.preferred("es").text == "señal de aviso sonora"
    assert ("en", Status.DEPRECATED, "audible notification") in [(f.lang, f.status, f.text) for f in alert.forms]
    assert Note("", "business unit: CRM") in alert.notes
    assert Note("", "product: Concerto/Virtuoso") in alert.notes
    third = batch.concepts[2]
    assert [f.text for f in third.allowed("es")] == ["notificación al facultativo", "señal de aviso silenciosa"]


# --------------------------------------------------------------------------- writing


def test_export_validates_against_core_rng(samples: Path, core_rng: etree.RelaxNG, fixture_po: Path) -> None:
    for concepts in (read_tbx(samples / "tbx-basic_v3_good_en-es.tbx").concepts, read_catalog(fixture_po).concepts):
        doc = etree.fromstring(render_tbx(concepts))
        assert core_rng.validate(doc), core_rng.error_log
        assert doc.get("type") == "TBX-Basic" and doc.get("style") == "dca"


def test_export_validates_against_integrated_basic_rng(fixture_po: Path) -> None:
    rng = etree.RelaxNG(etree.parse(str(_schemas() / "TBXcoreStructV03_TBX-Basic_integrated.rng")))
    doc = etree.fromstring(render_tbx(read_catalog(fixture_po).concepts))
    assert rng.validate(doc), rng.error_log


def test_export_has_xml_model_lines(fixture_po: Path) -> None:
    text = render_tbx(read_catalog(fixture_po).concepts).decode("utf-8")
    lines = text.splitlines()
    assert lines[0] == '<?xml version="1.0" encoding="UTF-8"?>'
    assert lines[1].startswith("<?xml-model ") and "TBX-Basic_DCA.sch" in lines[1]
    assert lines[2].startswith("<?xml-model ") and "TBXcoreStructV03.rng" in lines[2]


def _adapted_schematron() -> isoschematron.Schematron:
    """TBX-Basic_DCA.sch declares XSLT 2, which lxml refuses; its three XPath 2 constructs
    have XPath 1 equivalents, so an adapted copy runs with lxml's XSLT 1."""
    text = (_schemas() / "TBX-Basic_DCA.sch").read_text(encoding="utf-8-sig")
    text = (text.replace('queryBinding="xslt2"', 'queryBinding="xslt1"')
            .replace("matches(@target,'https?://.+')",
                     "(starts-with(@target,'http://') or starts-with(@target,'https://'))")
            .replace("./local-name()", "local-name()"))
    return isoschematron.Schematron(etree.fromstring(text.encode("utf-8")))


def test_schematron_as_published_needs_xslt2() -> None:
    with pytest.raises(Exception, match="xslt2"):
        isoschematron.Schematron(etree.parse(str(_schemas() / "TBX-Basic_DCA.sch")))


def test_export_passes_tbx_basic_dialect_rules(samples: Path, fixture_po: Path) -> None:
    sch = _adapted_schematron()
    assert sch.validate(etree.fromstring(render_tbx(read_catalog(fixture_po).concepts))), sch.error_log
    assert sch.validate(etree.fromstring(render_tbx(read_tbx(samples / "tbx-basic_v3_good_en-es.tbx").concepts)))
    # the adapted rules do catch the deliberately bad sample's extra errors
    assert not sch.validate(etree.parse(str(samples / "tbx-basic_v3_bad_en-es.tbx")))


def test_forbidden_and_everywhere_conventions(fixture_po: Path) -> None:
    doc = etree.fromstring(render_tbx(read_catalog(fixture_po).concepts))
    ns = {"t": "urn:iso:std:iso:30042:ed-2"}
    sec = doc.xpath("//t:termSec[t:term='Secretary of Interior']", namespaces=ns)[0]
    assert sec.xpath("t:termNote[@type='administrativeStatus']/text()", namespaces=ns) == ["deprecatedTerm-admn-sts"]
    assert sec.xpath("t:note/text()", namespaces=ns) == ["glossary-status: forbidden", "glossary-everywhere: yes"]
    fem = doc.xpath("//t:termSec[t:term='secretaria de Gobernación']", namespaces=ns)[0]
    assert fem.xpath("t:termNote[@type='grammaticalGender']/text()", namespaces=ns) == ["feminine"]
    # an id starting with a digit is not an XML ID: written with a leading underscore
    assert doc.xpath("//t:conceptEntry/@id", namespaces=ns)[2] == "_2024-president"


# --------------------------------------------------------------------------- round trips


def test_po_tbx_po_round_trip(fixture_po: Path) -> None:
    catalog = read_catalog(fixture_po)
    back = parse_tbx(render_tbx(catalog.concepts), "x.tbx")
    assert back.concepts == catalog.concepts
    assert render_catalog(replace(catalog, concepts=back.concepts)) == render_catalog(catalog)
    assert back.skipped == () and back.ignored == ()


def test_sample_tbx_round_trip_is_stable(samples: Path) -> None:
    first = read_tbx(samples / "tbx-basic_v3_good_en-es.tbx").concepts
    assert parse_tbx(render_tbx(first), "x.tbx").concepts == first


_XML_CHARS = st.characters(
    codec="utf-8",
    exclude_categories=("Cs",),
    exclude_characters="".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r") + "\ufffe\uffff",
)
_text = st.text(_XML_CHARS, max_size=12)
_ids = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,4}){0,2}", fullmatch=True)


@st.composite
def _concepts(draw: st.DrawFn) -> tuple[Concept, ...]:
    ids = draw(st.lists(_ids, min_size=1, max_size=3, unique=True))
    out = []
    for cid in ids:
        langs = draw(st.lists(st.sampled_from(["en", "es"]), min_size=1, max_size=2, unique=True))
        forms = []
        for lang in langs:
            for _ in range(draw(st.integers(1, 3))):
                forms.append(TermForm(
                    text=draw(_text),
                    lang=lang,
                    status=draw(st.sampled_from(list(Status))),
                    acronym=draw(st.booleans()),
                    gender=draw(st.sampled_from([None, *Gender])),
                    number=draw(st.sampled_from([None, *Number])),
                    everywhere=draw(st.booleans()),
                    note=draw(_text),
                ))
        notes = draw(st.lists(st.builds(Note, st.sampled_from(["", "en", "es"]), _text), max_size=3))
        sources = draw(st.lists(st.builds(Note, st.sampled_from(["", "en", "es"]), _text), max_size=2))
        refs = draw(st.lists(st.builds(Reference, _text, st.integers(0, 10_000)), max_size=2))
        out.append(Concept(
            id=cid,
            type=draw(st.sampled_from(["other", "person", "government-body"])),
            forms=tuple(forms),
            country=draw(st.sampled_from(["", "MX", "US"])),
            gender=draw(st.sampled_from([None, *Gender])),
            case_sensitive=draw(st.booleans()),
            do_not_translate=draw(st.booleans()),
            fuzzy=draw(st.booleans()),
            references=tuple(refs),
            notes=tuple(notes),
            sources=tuple(sources),
            extra=tuple(draw(st.lists(_text, max_size=2))),
        ))
    return tuple(out)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_concepts())
def test_tbx_round_trip_is_lossless(concepts: tuple[Concept, ...]) -> None:
    """Any concept whose texts are XML-legal survives TBX exactly (forms grouped by language)."""
    assert parse_tbx(render_tbx(concepts), "x.tbx").concepts == concepts


@settings(max_examples=40, deadline=None)
@given(st.text(_XML_CHARS, min_size=1, max_size=8))
def test_note_that_looks_like_a_convention_survives(tail: str) -> None:
    c = Concept(id="x", forms=(TermForm("a", "en", note="glossary-status: " + tail),),
                notes=(Note("", "glossary-type: " + tail), Note("es", "glossary-note: " + tail)))
    assert parse_tbx(render_tbx([c]), "x.tbx").concepts == (c,)


# --------------------------------------------------------------------------- bad input


def test_control_character_cannot_be_exported() -> None:
    c = Concept(id="x", forms=(TermForm("bad\x0bterm", "en"),))
    with pytest.raises(DataError, match=r"concept x: character U\+000B"):
        render_tbx([c], label="out.tbx")


def test_concept_without_forms_cannot_be_exported() -> None:
    with pytest.raises(DataError, match="no terms"):
        render_tbx([Concept(id="x")])


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (b"<html><body/></html>", 1, "not a TBX file"),
        (b"<tbx><text><body>\n<conceptEntry id='a'>", 2, "not well-formed"),
        (b"   ", None, "empty file"),
        (b'<!DOCTYPE tbx [<!ENTITY a "aaaa">]><tbx>&a;</tbx>', None, "entity"),
        (b"<martif><text><body><termEntry id='a'>\n<langSet><tig><term>x</term></tig></langSet>"
         b"</termEntry></body></text></martif>", 2, "without xml:lang"),
    ],
)
def test_bad_tbx_input(data: bytes, line: int | None, message: str) -> None:
    with pytest.raises(DataError, match=message) as info:
        parse_tbx(data, "in.tbx")
    assert info.value.path == "in.tbx"
    assert info.value.line == line


def test_bad_convention_value_reports_line() -> None:
    ours = render_tbx([Concept(id="x", type="person", forms=(TermForm("a", "en"),))])
    bad = ours.replace(b"glossary-type: person", b"glossary-type: planet")
    with pytest.raises(DataError, match="unknown concept type 'planet'") as info:
        parse_tbx(bad, "in.tbx")
    assert info.value.line == bad[: bad.index(b"planet")].count(b"\n") + 1


def test_missing_file() -> None:
    with pytest.raises(DataError, match="no such file"):
        read_tbx("/nonexistent/x.tbx")


# --------------------------------------------------------------------------- foreign statuses


def _one_term_tbx(*term_notes: str, lang: str = "es") -> bytes:
    notes = "".join(f"<termNote type='{t}'>{v}</termNote>" for t, v in (n.split("=") for n in term_notes))
    return (
        "<tbx xmlns='urn:iso:std:iso:30042:ed-2' type='TBX-Basic' style='dca' xml:lang='en'><text><body>"
        "<conceptEntry id='Entry 1'><langSec xml:lang='en-US'><termSec><term>ice</term></termSec></langSec>"
        f"<langSec xml:lang='{lang}'><termSec><term>hielo</term></termSec>"
        f"<termSec><term>  hielo\n   duro </term>{notes}</termSec></langSec>"
        "</conceptEntry></body></text></tbx>"
    ).encode()


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("administrativeStatus=supersededTerm-admn-sts", Status.DEPRECATED),
        ("administrativeStatus=deprecatedTerm-admn-sts", Status.DEPRECATED),
        ("usageStatus=notRecommended", Status.DEPRECATED),
        ("administrativeStatus=admittedTerm-admn-sts", Status.ADMITTED),
        ("normativeAuthorization=forbidden", Status.FORBIDDEN),
    ],
)
def test_foreign_status_values(value: str, status: Status) -> None:
    c = parse_tbx(_one_term_tbx(value), "x.tbx").concepts[0]
    assert c.id == "entry-1"
    assert [(f.text, f.status) for f in c.forms_in("es")] == [("hielo", Status.PREFERRED), ("hielo duro", status)]
    assert c.preferred("en").text == "ice"  # en-US counts as English


def test_foreign_second_preferred_becomes_admitted_and_main_form_is_plain() -> None:
    data = _one_term_tbx("administrativeStatus=preferredTerm-admn-sts", "grammaticalGender=masculine",
                         "grammaticalNumber=plural", "termType=abbreviation")
    c = parse_tbx(data, "x.tbx").concepts[0]
    assert c.forms_in("es") == (
        TermForm("hielo", "es", Status.ADMITTED),
        TermForm("hielo duro", "es", Status.PREFERRED),  # stated preferred; marks dropped on the main form
    )


def test_spanish_variants_all_count_as_es() -> None:
    c = parse_tbx(_one_term_tbx(lang="es-MX"), "x.tbx").concepts[0]
    assert len(c.forms_in("es")) == 2
    batch = parse_tbx(_one_term_tbx(lang="fr"), "x.tbx")
    assert dict(batch.skipped) == {"fr terms": 2}
    assert batch.concepts[0].forms_in("es") == ()
