"""Property-based tests (hypothesis): round trips of arbitrary Unicode, and a checker that
never raises and always points inside its input.

- PO term base: concepts -> canonical PO -> concepts loses nothing; anchors of the PO
  document reader point at the very characters in the file.
- TBX: concepts -> TBX-Basic -> concepts loses nothing.
- TMX and XLIFF 1.2/2.0: a file written by lxml with any text reads back as that text,
  and every character's line/column is where the file has it.
- The checker (matcher + rules) on generated documents never raises, and every finding's
  line/column range lies inside the input; ``--fix`` is idempotent.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import replace
from functools import lru_cache
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree

from glossary.errors import DataError
from glossary.model import Concept, Side, Status, TermForm

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --------------------------------------------------------------------------- text strategies

# any Unicode scalar value but surrogates and NUL
ANY_CHAR = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
# what XML 1.0 can carry: no C0 controls but tab/newline/CR, no U+FFFE/U+FFFF
XML_CHAR = st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufffe\uffff").filter(
    lambda c: c in "\t\n\r" or ord(c) >= 0x20)
WORDISH = st.sampled_from(list("abcdefghijklmnopqrstuvwxyzáéíóúñüÁÉÍÓÚÑ ,.;:'\"-|[]\\/()¿?¡!#&<>İßﬁ\u0301\u00a0"))
TERM_TEXT = st.text(st.one_of(ANY_CHAR, WORDISH), min_size=1, max_size=25).filter(
    lambda s: s.strip() == s and s != "" and "\n" not in s and "\r" not in s)
XML_TERM_TEXT = st.text(st.one_of(XML_CHAR, WORDISH), min_size=1, max_size=25).filter(
    lambda s: s.strip() == s and s != "" and "\n" not in s and "\r" not in s)


def _positions_ok(file_text: str, side: Side, escaped: str) -> None:
    """Every character of ``side`` that the file holds literally sits at its anchored line/column."""
    lines = file_text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for k, ch in enumerate(side.text):
        if ch in escaped or ch in "\r\n":
            continue
        line, col = side.position(k)
        assert 1 <= line <= len(lines), (k, ch, line)
        got = lines[line - 1][col - 1:col]
        assert got == ch, (side.text, k, ch, line, col, lines[line - 1])


# --------------------------------------------------------------------------- PO


@st.composite
def concepts(draw: Any, max_size: int = 4, xml: bool = False) -> list[Concept]:
    n = draw(st.integers(1, max_size))
    out = []
    term = XML_TERM_TEXT if xml else TERM_TEXT
    for i in range(n):
        en = draw(term)
        es = draw(term)
        extra = draw(st.lists(st.tuples(st.sampled_from(["en", "es"]),
                                        st.sampled_from([Status.ADMITTED, Status.DEPRECATED, Status.FORBIDDEN]),
                                        term), max_size=3))
        forms = [TermForm(en, "en"), TermForm(es, "es")]
        seen = {("en", en), ("es", es)}
        for lang, status, text in extra:
            if (lang, text) not in seen:
                seen.add((lang, text))
                forms.append(TermForm(text, lang, status))
        out.append(Concept(id=f"c-{i}", type="other", forms=tuple(forms)))
    return out


def _forms(c: Concept) -> list[tuple[str, str, str]]:
    return sorted((f.lang, f.status.value, f.text) for f in c.forms if not f.generated)


@SETTINGS
@given(concepts())
def test_po_term_base_round_trip(cs: list[Concept]) -> None:
    from glossary.po import default_catalog, read_catalog, write_catalog

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "glossary.po")
        cat = replace(default_catalog(path, "es"), concepts=tuple(cs))
        try:
            write_catalog(cat)
        except DataError:
            assert not os.path.exists(path)  # refused up front, nothing half written
            return
        back = read_catalog(path)
        assert [c.id for c in back.concepts] == [c.id for c in cs]
        for a, b in zip(cs, back.concepts):
            assert _forms(a) == _forms(b)
        # canonical: writing what was read changes nothing
        with open(path, "rb") as fh:
            first = fh.read()
        write_catalog(back)
        with open(path, "rb") as fh:
            assert fh.read() == first


@SETTINGS
@given(st.lists(st.tuples(st.text(ANY_CHAR, min_size=1, max_size=40), st.text(ANY_CHAR, max_size=40)),
                min_size=1, max_size=5, unique_by=lambda t: t[0]))
def test_po_document_reader_round_trip_and_anchors(pairs: list[tuple[str, str]]) -> None:
    """msgid/msgstr written in canonical PO read back exactly, each character anchored."""
    from glossary.po import read_units
    from glossary.po.wrap import _render_string

    lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', ""]
    for msgid, msgstr in pairs:
        lines += _render_string("", "msgid", msgid) + _render_string("", "msgstr", msgstr) + [""]
    text = "\n".join(lines)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "doc.po")
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        _meta, units = read_units(path)
    assert [(u.msgid, u.msgstr) for u in units] == pairs
    for u in units:
        _positions_ok(text, Side(u.msgid, "en", u.msgid_anchors), escaped='\\"\t\x07\x08\x0b\x0c')
        if u.msgstr:
            _positions_ok(text, Side(u.msgstr, "es", u.msgstr_anchors), escaped='\\"\t\x07\x08\x0b\x0c')


# --------------------------------------------------------------------------- TBX


@SETTINGS
@given(concepts())
def test_tbx_writer_refuses_what_xml_cannot_carry(cs: list[Concept]) -> None:
    """Any Unicode: either a TBX that reads back, or DataError naming the character (C0 controls)."""
    from glossary.interchange.tbx import parse_tbx, render_tbx

    try:
        data = render_tbx(cs)
    except DataError as exc:
        assert "cannot be written" in exc.message
        return
    assert [c.id for c in parse_tbx(data, "<tbx>").concepts] == [c.id for c in cs]


@SETTINGS
@given(concepts(xml=True))
def test_tbx_round_trip(cs: list[Concept]) -> None:
    from glossary.interchange.tbx import parse_tbx, render_tbx

    data = render_tbx(cs)
    back = parse_tbx(data, "<tbx>").concepts
    assert [c.id for c in back] == [c.id for c in cs]
    for a, b in zip(cs, back):
        assert _forms(a) == _forms(b)


# --------------------------------------------------------------------------- TMX and XLIFF

SEG_TEXT = st.text(XML_CHAR, min_size=1, max_size=60).filter(lambda s: s.strip() != "")


def _serialize(root: etree._Element) -> str:
    return etree.tostring(root, encoding="unicode")


@SETTINGS
@given(st.lists(st.tuples(SEG_TEXT, SEG_TEXT, st.booleans()), min_size=1, max_size=4))
def test_tmx_reader_reads_any_text_back(units: list[tuple[str, str, bool]]) -> None:
    from glossary.readers.tmx import read_tmx

    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(root, "header", srclang="en", datatype="plaintext", segtype="sentence", adminlang="en",
                     **{"o-tmf": "x", "creationtool": "t", "creationtoolversion": "1"})
    body = etree.SubElement(root, "body")
    for i, (src, tgt, newline_tuv) in enumerate(units):
        tu = etree.SubElement(body, "tu", tuid=str(i))
        for lang, text in (("en", src), ("es-MX", tgt)):
            tuv = etree.SubElement(tu, "tuv", **{xml_lang: lang})
            seg = etree.SubElement(tuv, "seg")
            seg.text = text
            if newline_tuv:
                tuv.tail = "\n"
    text = '<?xml version="1.0" encoding="UTF-8"?>\n' + _serialize(root)
    segments = read_tmx("t.tmx", text.encode("utf-8"))
    assert [(s.source.text, s.target.text) for s in segments] == [(a, b) for a, b, _ in units]
    for s in segments:
        _positions_ok(text, s.target, escaped="&<>\"'")
        _positions_ok(text, s.source, escaped="&<>\"'")


@SETTINGS
@given(st.lists(st.tuples(SEG_TEXT, SEG_TEXT), min_size=1, max_size=4), st.sampled_from(["1.2", "2.0"]))
def test_xliff_reader_reads_any_text_back(units: list[tuple[str, str]], version: str) -> None:
    from glossary.readers.xliff import read_xliff

    if version == "1.2":
        ns = "urn:oasis:names:tc:xliff:document:1.2"
        root = etree.Element(f"{{{ns}}}xliff", version="1.2", nsmap={None: ns})
        file = etree.SubElement(root, f"{{{ns}}}file", **{"source-language": "en", "target-language": "es",
                                                          "datatype": "plaintext", "original": "x"})
        body = etree.SubElement(file, f"{{{ns}}}body")
        for i, (src, tgt) in enumerate(units):
            tu = etree.SubElement(body, f"{{{ns}}}trans-unit", id=str(i))
            etree.SubElement(tu, f"{{{ns}}}source").text = src
            etree.SubElement(tu, f"{{{ns}}}target").text = tgt
            tu.tail = "\n"
    else:
        ns = "urn:oasis:names:tc:xliff:document:2.0"
        root = etree.Element(f"{{{ns}}}xliff", version="2.0", srcLang="en", trgLang="es", nsmap={None: ns})
        file = etree.SubElement(root, f"{{{ns}}}file", id="f")
        for i, (src, tgt) in enumerate(units):
            unit = etree.SubElement(file, f"{{{ns}}}unit", id=str(i))
            seg = etree.SubElement(unit, f"{{{ns}}}segment")
            etree.SubElement(seg, f"{{{ns}}}source").text = src
            etree.SubElement(seg, f"{{{ns}}}target").text = tgt
    text = _serialize(root)
    segments = read_xliff("t.xlf", text.encode("utf-8"))
    assert [(s.source.text, s.target.text) for s in segments] == units
    for s in segments:
        _positions_ok(text, s.target, escaped="&<>\"'")
        _positions_ok(text, s.source, escaped="&<>\"'")


# --------------------------------------------------------------------------- the checker


@lru_cache(maxsize=1)
def _checker() -> Any:
    from glossary.lint import build_checker
    from glossary.matcher import load_index
    from glossary.rules import TERM_RULES, select_codes
    from glossary.rules.facts import Settings
    from glossary.termbase import load_termbase

    base = load_termbase((), builtin=True, lang="es", cwd=tempfile.gettempdir())
    concepts = base.concepts
    indexes = {lang: load_index(concepts, lang, None) for lang in ("en", "es")}
    return build_checker(concepts, indexes, Settings("en", "es", ""), select_codes(TERM_RULES, [], [])), concepts


@lru_cache(maxsize=1)
def _form_texts() -> tuple[str, ...]:
    import unicodedata

    _, concepts = _checker()
    out: set[str] = set()
    for c in concepts:
        for f in c.forms:
            out.add(f.text)
            out.add(f.text.lower())
            out.add(f.text.upper())
            stripped = "".join(ch for ch in unicodedata.normalize("NFD", f.text) if not unicodedata.combining(ch))
            out.add(stripped)  # diacritics errors
            out.add(f.text.replace(" ", "\n"))  # a line break inside a term
    return tuple(sorted(out))


@st.composite
def documents(draw: Any) -> str:
    forms = _form_texts()
    pieces = draw(st.lists(st.one_of(
        st.sampled_from(forms),
        st.sampled_from(["el ", "la ", "los ", "las ", "The ", " de ", " ", "  ", ".", ",", "\n", "\n\n", "\r\n", "\r",
                         "\t", "«", "»", "(", ")", "#", "* ", "`", "<!-- glossary: ignore GL102 -->"]),
        st.text(ANY_CHAR, max_size=8),
    ), max_size=30))
    return "".join(pieces)


def _lines(text: str) -> list[str]:
    from glossary.readers.common import split_lines

    return [c for c, _ in split_lines(text)] or [""]


def _assert_inside(findings: Any, text: str, path: str) -> None:
    lines = _lines(text)
    for f in findings:
        assert f.path == path
        assert 1 <= f.line <= f.end_line <= len(lines), (f, len(lines))
        assert 1 <= f.column <= len(lines[f.line - 1]) + 1, (f, lines[f.line - 1])
        assert 1 <= f.end_column <= len(lines[f.end_line - 1]) + 1, (f, lines[f.end_line - 1])
        assert (f.line, f.column) <= (f.end_line, f.end_column), f


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.sampled_from(["es", "en"]), st.sampled_from(["text", "markdown"]))
def test_checker_never_raises_and_points_inside(text: str, lang: str, kind: str) -> None:
    from glossary.readers.markdown import read_markdown
    from glossary.readers.text import read_text

    checker, _ = _checker()
    path = f"doc.{lang}.{'md' if kind == 'markdown' else 'txt'}"
    segments = (read_markdown if kind == "markdown" else read_text)(path, text, lang)
    result = checker.check(path, segments)
    _assert_inside(result.findings, text, path)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(documents(), documents()), min_size=1, max_size=4))
def test_checker_on_bilingual_pairs(pairs: list[tuple[str, str]]) -> None:
    """Source/target pairs laid out like a TSV: findings point inside the target lines."""
    from glossary.readers.tabular_docs import read_tabular

    checker, _ = _checker()

    def cell(s: str) -> str:
        return '"' + s.replace('"', '""') + '"'

    text = "en\tes\n" + "".join(f"{cell(a)}\t{cell(b)}\n" for a, b in pairs)
    segments = read_tabular("doc.tsv", text, delimiter="\t")
    result = checker.check("doc.tsv", segments)
    _assert_inside(result.findings, text, "doc.tsv")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(documents(), documents()), min_size=1, max_size=5), st.integers(1, 50))
def test_check_lines_equals_check_of_the_read_pair(pairs: list[tuple[str, str]], first: int) -> None:
    """The lean pair path (lines scanned as they are, segments only where a term is) finds
    exactly what checking every segment of ``read_pair`` finds, from any first line on."""
    from glossary.readers.pair import pair_lines, read_pair

    checker, _ = _checker()
    src_text = "\n".join(" ".join(a.split()) for a, _ in pairs) + "\n"
    tgt_text = "\n".join(" ".join(b.split()) for _, b in pairs) + "\n"
    padded = "\n" * (first - 1)
    segments = read_pair("s.en.txt", padded + src_text, "t.es.txt", padded + tgt_text,
                         source_lang="en", target_lang="es")
    full = checker.check("t.es.txt", segments)
    sources, targets = pair_lines("s.en.txt", src_text, "t.es.txt", tgt_text)
    lean = checker.check_lines("t.es.txt", sources, targets, first, "en", "es")
    assert lean.findings == full.findings
    assert lean.usages == full.usages
    assert lean.segments == full.segments


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(documents(), documents()), min_size=1, max_size=4), st.booleans())
@example([("", "el secretaria de Gobernación informó")], False)  # exact forms, but GL107
@example([("", "juan ramón de la fuente habló")], False)  # exact forms, but GL109
@example([("Juan Ramón de la Fuente spoke", "juan ramón de la fuente habló")], True)
def test_plainly_correct_segments_get_no_finding_from_any_rule(pairs: list[tuple[str, str]], bilingual: bool) -> None:
    """The shortcut that skips the rules is sound: where it says a segment is plainly
    correct, running every rule reports nothing."""
    from glossary.readers.pair import read_pair
    from glossary.readers.text import read_text
    from glossary.rules.terms import RULE_FUNCS, plainly_correct

    checker, _ = _checker()
    if bilingual:
        segments = read_pair("s.en.txt", "".join(" ".join(a.split()) + "\n" for a, _ in pairs), "t.es.txt",
                             "".join(" ".join(b.split()) + "\n" for _, b in pairs), source_lang="en", target_lang="es")
    else:
        segments = read_text("t.es.txt", "\n".join(b for _, b in pairs), "es")
    targets, sources = checker._scan_sides(segments)
    for segment, tgt, src in zip(segments, targets, sources):
        facts = checker.facts(segment, tgt, src)
        if plainly_correct(facts.source_terms, facts.source_ids, facts.target_matches, facts.concepts):
            assert [i for func in RULE_FUNCS.values() for i in func(facts)] == [], segment


def _fix_once(text: str) -> str:
    from glossary.fix import apply_edits, plan_fixes
    from glossary.readers.text import read_text

    checker, concepts = _checker()
    result = checker.check("doc.es.txt", read_text("doc.es.txt", text, "es"))
    edits, _left = plan_fixes(result.findings, {c.id: c for c in concepts}, "es")
    new, _made, _skipped = apply_edits(text, edits, "es")
    return new


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_fix_is_idempotent(text: str) -> None:
    once = _fix_once(text)
    assert _fix_once(once) == once


def test_fix_fixes_something() -> None:
    """The idempotence property is not vacuous: a known forbidden form is fixed."""
    assert _fix_once("Viajó a Méjico.\n") == "Viajó a México.\n"


def test_checker_finds_something() -> None:
    checker, _ = _checker()
    from glossary.readers.text import read_text

    result = checker.check("d.es.txt", read_text("d.es.txt", "La Secretaria de Gobernacion\n", "es"))
    assert [f.code for f in result.findings] == ["GL105"]
