"""XLIFF and TMX readers: real samples, segment counts, languages, and exact anchors."""

from __future__ import annotations

import re
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.documents import read_document
from glossary.errors import DataError
from glossary.model import Segment, Side
from glossary.readers.xliff import read_xliff
from glossary.readers.xmltext import XmlDocument, local, plain_text

DATA = Path(__file__).resolve().parent / "data"


def file_lines(path: Path) -> list[str]:
    """The decoded lines of a file as an editor shows them (BOM dropped, any line end)."""
    text = path.read_bytes().decode("utf-8")
    text = text.removeprefix("\ufeff")
    return re.split(r"\r\n|\r|\n", text)


def char_at(lines: list[str], line: int, column: int) -> str:
    row = lines[line - 1]
    return row[column - 1] if column - 1 < len(row) else "\n"


def assert_anchored(side: Side, lines: list[str], elements: str = "") -> None:
    """Every character of ``side`` sits at its reported line/column (an escape starts with '&';
    characters in ``elements`` may come from an element such as ``<cp hex=".."/>``)."""
    for i, ch in enumerate(side.text):
        line, column = side.position(i)
        raw = char_at(lines, line, column)
        ok = raw == ch or raw == "&" or (ch in elements and raw == "<")
        assert ok, (side.text, i, ch, line, column, raw)


def assert_all_anchored(segments: list[Segment], path: Path, elements: str = "") -> None:
    lines = file_lines(path)
    for seg in segments:
        assert_anchored(seg.target, lines, elements)
        if seg.source is not None:
            assert_anchored(seg.source, lines, elements)


# --- real samples -----------------------------------------------------------------


def test_swordfish_xliff12_bom(samples: Path) -> None:
    path = samples / "xliff12_swordfish_en-es.xlf"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    segs = read_document(str(path))
    assert len(segs) == 90  # 98 trans-units, 8 without a target
    assert {s.source.lang for s in segs if s.source} == {"en"}
    assert {s.target.lang for s in segs} == {"es"}
    first = segs[0]
    assert (first.id, first.source.text, first.target.text) == ("About.0", "About...", "Acerca de...")
    assert first.target.position(0) == (8, 156)
    version = next(s for s in segs if s.id == "About.2")
    assert version.target.text == "Versión {0} - Distribución {1}"
    lines = file_lines(path)
    line, col = version.target.position(0)
    assert lines[line - 1][col - 1:].startswith("Versión {0}")
    # alt-trans matches are not segments
    assert not {s.target.position(0)[0] for s in segs} & {11, 15}
    assert_all_anchored(segs, path)


def test_worldserver_one_unit(samples: Path) -> None:
    path = samples / "xliff12_worldserver_en-es.xlf"
    segs = read_document(str(path))
    assert [(s.source.text, s.target.text) for s in segs if s.source] == [("Home", "Inicio")]
    assert segs[0].target.position(0) == (85, 13)
    assert_all_anchored(segs, path)


def test_angular_xliff12(samples: Path) -> None:
    path = samples / "xliff12_angular_en-es.xlf"
    segs = read_document(str(path))
    assert len(segs) == 125
    apos = next(s for s in segs if s.source and s.source.text.startswith("What's your favourite"))
    assert apos.source.text == "What's your favourite pokemon?"
    line, col = apos.source.position(apos.source.text.index("s your"))
    assert file_lines(path)[line - 1][col - 1:].startswith("s your favourite")
    mit = next(s for s in segs if s.source and "MIT License" in s.source.text)
    # <x/> placeholders vanish; the defective <x>.</x> holds code, not text
    assert mit.target.text == " ©2016-2025. Código con licencia bajo Licencia MIT"
    assert_all_anchored(segs, path)


def test_angular_xliff20_reports_languages(samples: Path) -> None:
    path = samples / "xliff20_angular_de-en.xlf"
    segs = read_document(str(path))
    assert len(segs) == 25
    assert {s.source.lang for s in segs if s.source} == {"de"}
    assert {s.target.lang for s in segs} == {"en"}
    placeholder = next(s for s in segs if s.target.text.startswith("Entry "))
    assert placeholder.target.text == "Entry  of total  added."
    multi = next(s for s in segs if s.target.text.startswith("This text\n"))
    assert multi.target.position(multi.target.text.index("contains")) == (52, 11)
    assert_all_anchored(segs, path)


def test_trados_sdlxliff_segments(samples: Path) -> None:
    path = samples / "trados_en-fr.docx.sdlxliff"
    segs = read_document(str(path))
    assert len(segs) == 6
    assert [s.target.text for s in segs][2:5] == ["Ceci est la phrase.", "Et plus.", "Ceci est la phrase."]
    assert segs[3].source is not None and segs[3].source.text == "And more."
    assert segs[3].id.endswith("#4")
    assert {(s.source.lang, s.target.lang) for s in segs if s.source} == {("en", "fr")}
    assert_all_anchored(segs, path)


def test_tmx14_omegat_en_fr(samples: Path) -> None:
    path = samples / "tmx14_omegat_en-fr.tmx"
    with pytest.raises(DataError, match="no es segments in this TMX"):
        read_document(str(path))
    segs = read_document(str(path), target_lang="fr")
    assert len(segs) == 25
    assert segs[0].source is not None
    assert (segs[0].source.text, segs[0].target.text) == ("Elephants cannot fly.", "Les éléphants ne peuvent pas voler.")
    assert segs[0].target.position(0) == (20, 14)
    assert_all_anchored(segs, path)


def test_tmx11_omegat_en_es_crlf(samples: Path) -> None:
    path = samples / "tmx11_omegat_en-es.tmx"
    assert b"\r\n" in path.read_bytes()
    segs = read_document(str(path))
    assert len(segs) == 31
    third = segs[2]
    assert third.source is not None
    assert third.source.text == "3.\xa0Accessing the TaaS service"
    assert third.target.text == "3. Acceso al servicio de TAA"
    assert_all_anchored(segs, path)


def test_tmx_lisa_picks_variants_by_language(samples: Path) -> None:
    path = samples / "tmx14_lisa-compliance-kit_ImportTest1C.tmx"
    segs = read_document(str(path))
    pairs = [(s.source.text, s.target.text) for s in segs if s.source]
    assert pairs == [
        ("First entry in US English", "First entry in Spanish"),
        ("Second entry in US English", "Second entry in Spanish"),
        ("Third entry in US English", "Third entry in Spanish"),
    ]
    assert segs[1].target.position(0) == (19, 31)
    fr = read_document(str(path), target_lang="fr-CA")
    assert fr[2].target.text == "Third entry in French Canadian"
    gb = read_document(str(path), source_lang="en-GB")
    assert gb[0].source is not None and gb[0].source.text == "First entry in UK English"
    assert_all_anchored(segs, path)


@pytest.mark.parametrize(
    "name",
    [
        "xliff12_swordfish_en-es.xlf",
        "xliff12_worldserver_en-es.xlf",
        "xliff12_angular_en-es.xlf",
        "xliff20_angular_de-en.xlf",
        "trados_en-fr.docx.sdlxliff",
        "tmx14_omegat_en-fr.tmx",
        "tmx11_omegat_en-es.tmx",
        "tmx14_lisa-compliance-kit_ImportTest1C.tmx",
    ],
)
def test_raw_walk_agrees_with_lxml(samples: Path, name: str) -> None:
    doc = XmlDocument((samples / name).read_bytes(), name)
    assert doc.exact
    for el in doc.root.iter():
        if local(el.tag) in ("source", "target", "seg", "mrk"):
            assert doc.side(el, "en").text == plain_text(el)


# --- fixtures: entities, CRLF, inline codes -------------------------------------------


def test_xliff12_fixture_entities_and_codes() -> None:
    path = DATA / "crlf_entities.xlf"
    segs = read_document(str(path))
    assert [s.id for s in segs] == ["u1", "u2", "u5"]  # no target, translate=no, blank target skipped
    u1, u2, u5 = segs
    assert u1.target.lang == "es" and u1.source is not None and u1.source.lang == "en"
    assert u1.target.text == "Secretaría de Gobernación & Relaciones Exteriores"
    assert u1.context == "title"
    assert u1.suppressions == ("ignore GL102 mx-segob",)
    # start tag spread over two lines; &#237; is 6 columns, &#xF3; 6, &amp; 5
    assert u1.target.position(0) == (9, 32)
    assert u1.target.position(u1.target.text.index("a de")) == (9, 46)
    assert u1.target.position(u1.target.text.index("n &")) == (9, 66)
    assert u1.target.position(u1.target.text.index("& Rel")) == (9, 68)
    assert u1.target.position(u1.target.text.index("Relaciones")) == (9, 74)
    assert u2.target.text == "Pulse Guardar <ahora> ya"
    assert u2.source is not None and u2.source.text == "Press Save now"
    assert u5.target.text == "Dos líneas\ny más <crudo> & fin"
    assert u5.target.position(u5.target.text.index("y más")) == (28, 1)
    assert u5.target.position(u5.target.text.index("<crudo>")) == (28, 35)
    assert_all_anchored(segs, path)


def test_xliff20_fixture() -> None:
    path = DATA / "v2.xlf"
    segs = read_document(str(path))
    assert [s.id for s in segs] == ["a#s1", "a#s2"]
    a1, a2 = segs
    assert (a1.source.lang if a1.source else "", a1.target.lang) == ("en", "es")
    assert a1.target.text == "El secretario de Estado habló."
    assert a1.context == "ctx-a" and a1.suppressions == ("ignore GL101",)
    assert a2.target.text == "Ciudad de México\xa0hoy!"
    assert a2.target.position(a2.target.text.index("hoy")) == (8, 105)
    assert a2.target.position(a2.target.text.index("\xa0")) == (8, 89)  # the <cp hex="00A0"/>
    assert_all_anchored(segs, path, elements="\xa0")


def test_tmx_fixture_inline_codes_and_notes() -> None:
    path = DATA / "entities.tmx"
    segs = read_document(str(path))
    assert len(segs) == 1  # a unit with no Spanish, and one with no English, are skipped
    seg = segs[0]
    assert seg.id == "t1" and seg.suppressions == ("ignore GL103",)
    assert seg.target.text == "Secretaría de Gobernación & más"
    assert seg.source is not None and seg.source.text == "Ministry of the Interior & more"
    assert seg.target.position(seg.target.text.index("Gobern")) == (6, 73)
    assert_all_anchored(segs, path)


def test_not_xliff_or_broken_xml(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlf"
    bad.write_text("<xliff version='1.2'>\n<file>\n</xliff>\n")
    with pytest.raises(DataError) as err:
        read_document(str(bad))
    assert err.value.line == 3 and "not well-formed" in err.value.message
    other = tmp_path / "other.xlf"
    other.write_text("<html><body/></html>")
    with pytest.raises(DataError, match="not an XLIFF file"):
        read_document(str(other))
    tmx = tmp_path / "x.tmx"
    tmx.write_text("<xliff version='1.2'/>")
    with pytest.raises(DataError, match="not a TMX file"):
        read_document(str(tmx))


def test_xml_entity_declarations_refused(tmp_path: Path) -> None:
    evil = tmp_path / "evil.xlf"
    evil.write_text('<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e "boom">]>\n<xliff version="1.2"/>')
    with pytest.raises(DataError, match="entity"):
        read_document(str(evil))


def test_latin1_declared_xliff(tmp_path: Path) -> None:
    path = tmp_path / "latin.xlf"
    body = (
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n<xliff version="1.2"><file source-language="en" '
        'target-language="es"><body>\n<trans-unit id="1"><source>Interior</source><target>Gobernación y más'
        "</target></trans-unit></body></file></xliff>\n"
    )
    path.write_bytes(body.encode("latin-1"))
    (seg,) = read_document(str(path))
    assert seg.target.text == "Gobernación y más"
    assert seg.target.position(seg.target.text.index("y más")) == (3, 65)


_XML_TEXT = st.lists(
    st.sampled_from(list("ab é\n&<>\"'\tñ]") + ["\r\n", "\r", "]]>", "\u00a0", "word"]), min_size=1, max_size=30
).map("".join)


@settings(max_examples=60, deadline=None)
@given(source=_XML_TEXT, target=_XML_TEXT, crlf=st.booleans(), use_refs=st.booleans())
def test_any_text_round_trips_with_exact_positions(source: str, target: str, crlf: bool, use_refs: bool) -> None:
    def enc(s: str) -> str:
        out = escape(s)
        if use_refs:
            out = out.replace("é", "&#233;").replace("ñ", "&#xF1;")
        return out

    target = target if target.strip() else target + "x"
    xml = (
        '<?xml version="1.0"?>\n<xliff version="1.2"><file source-language="en" target-language="es"><body>\n'
        f'<trans-unit id="1">\n<source>{enc(source)}</source>\n  <target>{enc(target)}</target>\n'
        "</trans-unit></body></file></xliff>\n"
    )
    if crlf:
        xml = xml.replace("\r\n", "\n").replace("\n", "\r\n")
    data = xml.encode("utf-8")
    (seg,) = read_xliff("p.xlf", data)
    norm = lambda s: s.replace("\r\n", "\n").replace("\r", "\n")  # noqa: E731
    assert seg.target.text == norm(target)
    assert seg.source is not None and seg.source.text == norm(source)
    lines = re.split(r"\r\n|\r|\n", xml)
    assert seg.target.position(0) == (5 + norm(source).count("\n"), 11)
    for side in (seg.source, seg.target):
        for i, ch in enumerate(side.text):
            raw = char_at(lines, *side.position(i))
            assert raw == ch or raw == "&"
