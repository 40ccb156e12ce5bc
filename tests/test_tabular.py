"""CSV/TSV term lists and OmegaT glossaries: layout, round trips, simple files, errors with lines."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossary.errors import DataError
from glossary.interchange.tabular import HEADER, parse_table, read_batch, read_table, render_table, sniff_format
from glossary.model import Concept, Gender, Note, Number, Reference, Status, TermForm
from glossary.po import read_catalog, render_catalog

FIXTURE_PO = '''\
msgid ""
msgstr ""
"Language: es\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

#. type: government-body
#. country: MX
#. en-admitted: Interior Ministry
#. en-deprecated: Ministry of Interior [house style, "secretarías"]
#. en-acronym: SEGOB
#. note: line one\\nline two, with a comma
#. source: gob.mx/segob
#: seeds/a.txt:12 seeds/b.txt:3
# es-admitted: Segob
# es-forbidden: Secretaría del Interior [calque of "Interior"]
# es-forbidden-everywhere: Méjico
# es-masc: secretario de Gobernación
# es-fem: secretaria de Gobernación
# es-note: tab\\there
#. odd-key: kept verbatim
# a free comment
#, case-sensitive, fuzzy
msgctxt "mx-segob"
msgid "Ministry of the Interior"
msgstr "Secretaría de Gobernación"

#. type: person
#. gender: f
#, do-not-translate
msgctxt "2024-president"
msgid "Claudia Sheinbaum"
msgstr "Claudia Sheinbaum"
'''


@pytest.fixture
def catalog(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "es" / "glossary.po"
    path.parent.mkdir()
    path.write_text(FIXTURE_PO, encoding="utf-8")
    return read_catalog(path)


# --------------------------------------------------------------------------- full layout


def test_header_is_documented_order(catalog) -> None:  # type: ignore[no-untyped-def]
    text = render_table(catalog.concepts, "csv")
    assert text.splitlines()[0] == ",".join(HEADER)
    assert "mx-segob,government-body,MX,,case-sensitive fuzzy,en,preferred,Ministry of the Interior,,,,," in text
    assert "mx-segob,government-body,MX,,case-sensitive fuzzy,es,forbidden,Méjico,,,,yes," in text
    assert "2024-president,person,,f,do-not-translate,en,preferred,Claudia Sheinbaum,,,,," in text
    assert "\r" not in text


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_po_table_po_round_trip(catalog, fmt: str) -> None:  # type: ignore[no-untyped-def]
    back = parse_table(render_table(catalog.concepts, fmt), f"x.{fmt}", fmt)
    assert back.concepts == catalog.concepts
    assert render_catalog(replace(catalog, concepts=back.concepts)) == render_catalog(catalog)


_chars = st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00")
_text = st.text(_chars, max_size=10)
_ids = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,4}){0,2}", fullmatch=True)


@st.composite
def _concepts(draw: st.DrawFn) -> tuple[Concept, ...]:
    out = []
    for cid in draw(st.lists(_ids, min_size=1, max_size=3, unique=True)):
        forms = tuple(
            TermForm(
                text=draw(st.text(_chars, min_size=1, max_size=10)),
                lang=draw(st.sampled_from(["en", "es"])),
                status=draw(st.sampled_from(list(Status))),
                acronym=draw(st.booleans()),
                gender=draw(st.sampled_from([None, *Gender])),
                number=draw(st.sampled_from([None, *Number])),
                everywhere=draw(st.booleans()),
                note=draw(_text),
            )
            for _ in range(draw(st.integers(0, 4)))
        )
        out.append(Concept(
            id=cid,
            type=draw(st.sampled_from(["other", "person", "place"])),
            forms=forms,
            country=draw(st.sampled_from(["", "MX"])),
            gender=draw(st.sampled_from([None, *Gender])),
            case_sensitive=draw(st.booleans()),
            do_not_translate=draw(st.booleans()),
            fuzzy=draw(st.booleans()),
            obsolete=draw(st.booleans()),
            references=tuple(draw(st.lists(st.builds(Reference, _text, st.integers(0, 999)), max_size=2))),
            notes=tuple(draw(st.lists(st.builds(Note, st.sampled_from(["", "en", "es"]), _text), max_size=2))),
            sources=tuple(draw(st.lists(st.builds(Note, st.sampled_from(["", "es"]), _text), max_size=2))),
            extra=tuple(draw(st.lists(_text, max_size=2))),
        ))
    return tuple(out)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_concepts(), st.sampled_from(["csv", "tsv"]))
def test_table_round_trip_is_lossless(concepts: tuple[Concept, ...], fmt: str) -> None:
    """Any concept (any text but NUL, which no text file carries) survives CSV and TSV exactly."""
    assert parse_table(render_table(concepts, fmt), "x", fmt).concepts == concepts


def test_full_layout_columns_in_any_order_and_missing_status() -> None:
    text = "term,lang,id,note\nICE,en,us-ice,\nhielo,es,us-ice,wrong\nServicio de Inmigración,es,us-ice,\n"
    (c,) = parse_table(text, "x.csv").concepts
    assert c.id == "us-ice"
    assert [(f.lang, f.status, f.text) for f in c.forms] == [
        ("en", Status.PREFERRED, "ICE"),
        ("es", Status.PREFERRED, "hielo"),
        ("es", Status.ADMITTED, "Servicio de Inmigración"),
    ]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("id,lang,term,colour\n", 1, "unknown column 'colour'"),
        ("id,term\n", 1, "missing column 'lang'"),
        ("id,lang,term,status\na,en,x,preferred\na,es,y,favourite\n", 3, "unknown status 'favourite'"),
        ("id,lang,term,gender\na,en,x,\n\n\na,es,y,n\n", 5, "column gender: expected m or f"),
        ("id,lang,term,type\na,en,x,person\na,es,y,place\n", 3, "differ from line 2"),
        ('id,lang,term,note\na,en,x,"multi\nline\nnote"\n,es,y,\n', 5, "empty id"),
        ("id,lang,term,acronym\na,en,x,maybe\n", 2, "column acronym"),
        ("id,lang,term,flags\na,en,x,loud\n", 2, "unknown flag 'loud'"),
        ("id,lang,term\na,en,x,extra\n", 2, "4 cells"),
        ('id,lang,term\na,en,"unclosed\n', 2, "bad CSV"),
    ],
)
def test_full_layout_errors_have_lines(text: str, line: int, message: str) -> None:
    with pytest.raises(DataError, match=message) as info:
        parse_table(text, "in.csv")
    assert (info.value.path, info.value.line) == ("in.csv", line)


# --------------------------------------------------------------------------- simple files


def test_two_column_csv_without_header() -> None:
    text = "Secretary of State,secretario de Estado\nMexico,México\nMexico,Méjico\nPeso,\n"
    batch = parse_table(text, "x.csv")
    assert [c.id for c in batch.concepts] == ["secretary-of-state", "mexico"]
    mexico = batch.concepts[1]
    assert [(f.status, f.text) for f in mexico.forms_in("es")] == [
        (Status.PREFERRED, "México"), (Status.ADMITTED, "Méjico")]
    assert dict(batch.skipped) == {"rows without a Spanish term": 1}


def test_bilingual_header_and_note_column() -> None:
    text = "English,Spanish,Note\nICE,ICE,agency: never translate as hielo\n"
    (c,) = parse_table(text, "x.csv").concepts
    assert c.forms[1] == TermForm("ICE", "es", Status.PREFERRED, note="agency: never translate as hielo")


def test_two_column_errors() -> None:
    with pytest.raises(DataError, match="expected 2 or 3 columns") as info:
        parse_table("a,b\nc,d,e,f\n", "x.csv")
    assert info.value.line == 2
    with pytest.raises(DataError, match="empty English term") as info:
        parse_table("a,b\n\n,d\n", "x.csv")
    assert info.value.line == 3


def test_omegat_sample(samples: Path) -> None:
    batch = read_table(samples / "omegat_glossary_en-es.txt", "omegat")
    assert len(batch.concepts) == 47  # 49 entries, two English terms appear twice
    by_id = {c.id: c for c in batch.concepts}
    source = by_id["source"]
    assert [(f.status, f.text) for f in source.forms_in("es")] == [
        (Status.PREFERRED, "original"), (Status.ADMITTED, "de origen")]
    assert source.forms[1].note.startswith("como adjetivo")
    notes = [f.note for c in batch.concepts for f in c.forms if f.note]
    assert len(notes) == 12
    assert by_id["computer"].preferred("es").text == "equipo"


def test_omegat_quotes_are_literal() -> None:
    batch = parse_table('# comment\n"quoted" term\t"citado"\tnote "x"\n', "g.txt", "omegat")
    (c,) = batch.concepts
    assert c.preferred("en").text == '"quoted" term'
    assert c.forms[1] == TermForm('"citado"', "es", Status.PREFERRED, note='note "x"')


def test_encoding_errors(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.csv"
    bad.write_bytes("a,b\nMéxico,México\n".encode("latin-1"))
    with pytest.raises(DataError, match="not UTF-8") as info:
        read_table(bad)
    assert info.value.line == 2
    nul = tmp_path / "nul.tsv"
    nul.write_bytes(b"a\tb\n\x00\n")
    with pytest.raises(DataError, match="NUL"):
        read_table(nul, "tsv")
    bom = tmp_path / "bom.csv"
    bom.write_bytes("\ufeffen,es\nMexico,México\n".encode("utf-8"))
    assert read_table(bom).concepts[0].preferred("es").text == "México"


@pytest.mark.parametrize(
    ("name", "content", "fmt"),
    [
        ("a.tbx", b"", "tbx"),
        ("a.CSV", b"", "csv"),
        ("a.tab", b"", "tsv"),
        ("a.pot", b"", "po"),
        ("glossary.txt", b"", "omegat"),
        ("noext", b"\xef\xbb\xbf<?xml version='1.0'?>\n<martif type='TBX'>", "tbx"),
        ("noext2", b'msgid ""\nmsgstr ""\n', "po"),
        ("noext3", b"a\tb\n", "tsv"),
        ("noext4", b"a,b\n", "csv"),
    ],
)
def test_sniff_format(tmp_path: Path, name: str, content: bytes, fmt: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert sniff_format(path) == fmt


def test_sniff_format_unknown(tmp_path: Path) -> None:
    path = tmp_path / "mystery"
    path.write_bytes(b"just words\n")
    with pytest.raises(DataError, match="give --format"):
        read_batch(path)


def test_other_languages_are_skipped_and_regions_folded() -> None:
    text = "id,lang,status,term\na,en-US,preferred,ice\na,fr,preferred,glace\na,es-MX,preferred,hielo\na,de,note,Eis\n"
    batch = parse_table(text, "x.csv")
    assert [(f.lang, f.text) for f in batch.concepts[0].forms] == [("en", "ice"), ("es", "hielo")]
    assert dict(batch.skipped) == {"fr terms": 1, "de notes": 1}


def test_bad_country_is_reported() -> None:
    with pytest.raises(DataError, match="bad country 'Mexico'") as info:
        parse_table("id,lang,term,country\na,en,x,Mexico\n", "x.csv")
    assert info.value.line == 2
