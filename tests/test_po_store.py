"""glossary.po: PO units with anchors, term-base catalogs, canonical form, safe writes."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossary.errors import ConflictError, DataError
from glossary.model import Concept, Gender, Note, Number, Reference, Side, Status, TermForm
from glossary.po import (
    DEFAULT_METADATA,
    Catalog,
    default_catalog,
    is_canonical,
    read_catalog,
    read_units,
    render_catalog,
    update_catalog,
    write_catalog,
)

MSGFMT = shutil.which("msgfmt")

HEADER = (
    '# Term base.\n'
    'msgid ""\n'
    'msgstr ""\n'
    '"Language: es\\n"\n'
    '"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
)

SEGOB = """\
#. type: government-body
#. country: MX
#. en-admitted: Interior Ministry
#. en-deprecated: Ministry of Interior [house style: Mexico has secretarías]
#. source: gob.mx/segob
#: seeds/000_f4d848ffd231b71b.txt:12
# es-admitted: Segob
# es-acronym: SEGOB
# es-forbidden: Secretaría del Interior [calque of "Interior"]
# es-forbidden: Ministerio del Interior
#, case-sensitive
msgctxt "mx-segob"
msgid "Ministry of the Interior"
msgstr "Secretaría de Gobernación"
"""

_ESCAPE_LETTER = {"\n": "n", "\t": "t", '"': '"', "\\": "\\", "\r": "r"}


def _po(tmp_path: Path, body: str, name: str = "es/glossary.po", header: str = HEADER) -> Path:
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(header + "\n" + body if header else body, encoding="utf-8")
    return p


def _check_anchors(lines: list[str], text: str, anchors: tuple) -> int:
    """Every character of ``text`` sits where its anchors say; returns how many were checked."""
    side = Side(text, "x", anchors)
    for i, ch in enumerate(text):
        line, col = side.position(i)
        file_line = lines[line - 1]
        if file_line[col - 1] == "\\" and ch in _ESCAPE_LETTER:
            assert file_line[col] == _ESCAPE_LETTER[ch], (text, i, line, col)
        else:
            assert file_line[col - 1] == ch, (text, i, line, col, file_line)
    return len(text)


# --------------------------------------------------------------------------- read_units


def test_read_units_gnome_glossary(samples: Path) -> None:
    path = samples / "gnome-glossary_es.po"
    meta, units = read_units(path)
    assert dict(meta)["Language-Team"] == "Spanish <traductores@es.gnome.org>"
    assert len(units) == 909
    assert sum(u.obsolete for u in units) == 8
    assert sum(1 for u in units if not u.obsolete and u.msgstr) == 901
    applet = next(u for u in units if u.msgid == "Applet")
    assert applet.msgstr == "Miniaplicación"
    assert applet.comment  # the definition is an extracted comment
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[applet.line - 1].startswith('msgid "Applet"')
    checked = sum(_check_anchors(lines, u.msgid, u.msgid_anchors)
                  + _check_anchors(lines, u.msgstr, u.msgstr_anchors) for u in units)
    assert checked > 10000
    obsolete = [u for u in units if u.obsolete]
    assert obsolete[0].msgid == "Applix" and lines[obsolete[0].line - 1].startswith("#~ msgid")


def test_read_units_gnucash_latin9(samples: Path) -> None:
    path = samples / "gnucash-glossary_es.po"
    meta, units = read_units(path)
    assert dict(meta)["Content-Type"] == "text/plain; charset=iso-8859-15"
    assert len(units) == 191
    assert sum(u.obsolete for u in units) == 1
    assert sum(1 for u in units if "fuzzy" in u.flags) == 17
    code = next(u for u in units if u.msgid == "account code")
    assert code.msgstr == "código de cuenta"
    lines = path.read_bytes().decode("iso-8859-15").split("\n")
    for u in units:
        _check_anchors(lines, u.msgid, u.msgid_anchors)
        _check_anchors(lines, u.msgstr, u.msgstr_anchors)
    line, col = Side(code.msgstr, "es", code.msgstr_anchors).position(1)
    assert lines[line - 1][col - 1] == "ó"


def test_read_units_anchor_columns(tmp_path: Path) -> None:
    body = (
        '#. extracted\n'
        '# translator\n'
        '#: a.txt:3 b.txt\n'
        '#, fuzzy, c-format\n'
        'msgctxt "ctx"\n'
        'msgid "Hola"\n'
        'msgstr ""\n'
        '"a\\tb\\\\c\\"d\\n"\n'
        '"second line"\n'
        '\n'
        'msgid "one"\n'
        'msgid_plural "many"\n'
        'msgstr[0] "uno"\n'
        'msgstr[1] "muchos"\n'
        '\n'
        '#~ msgid "old"\n'
        '#~ msgstr ""\n'
        '#~ "viejo"\n'
    )
    p = _po(tmp_path, body)
    _meta, units = read_units(p)
    u, plural, old = units
    assert (u.msgctxt, u.msgid, u.msgstr) == ("ctx", "Hola", 'a\tb\\c"d\nsecond line')
    assert u.flags == ("fuzzy", "c-format") and u.comment == "extracted" and u.tcomment == "translator"
    assert u.references == (Reference("a.txt", 3), Reference("b.txt", 0))
    assert Side(u.msgid, "x", u.msgid_anchors).position(0) == (u.line, 8)
    lines = p.read_text().split("\n")
    _check_anchors(lines, u.msgstr, u.msgstr_anchors)
    side = Side(u.msgstr, "x", u.msgstr_anchors)
    assert side.position(u.msgstr.index("s")) == (u.line + 3, 2)  # start of the continuation
    assert side.position(u.msgstr.index("d")) == (u.line + 2, 11)  # after three escapes
    assert plural.msgstr_plural == ("uno", "muchos") and plural.msgid_plural == "many"
    assert plural.msgstr == "uno"
    assert plural.msgstr_plural_anchors[1][0].column == 12
    assert plural.msgid_plural_anchors[0].column == 15
    assert old.obsolete and old.msgstr == "viejo"
    assert Side(old.msgstr, "x", old.msgstr_anchors).position(0) == (old.line + 2, 5)


def test_read_units_simple_msgstr_column(tmp_path: Path) -> None:
    p = _po(tmp_path, 'msgid "Hello"\nmsgstr "Hola"\n', header="")
    _meta, (u,) = read_units(p)
    assert Side(u.msgstr, "es", u.msgstr_anchors).position(0) == (2, 9)


def test_read_units_tolerates_bom_and_crlf(tmp_path: Path) -> None:
    p = tmp_path / "x.po"
    p.write_bytes(b"\xef\xbb\xbf" + b'msgid ""\r\nmsgstr "Language: es\\n"\r\n\r\nmsgid "Hi"\r\nmsgstr "Ol\xc3\xa1"\r\n')
    meta, (u,) = read_units(p)
    assert meta == (("Language", "es"),)
    assert u.msgstr == "Olá" and u.line == 4
    assert Side(u.msgstr, "x", u.msgstr_anchors).position(2) == (5, 11)


def test_read_units_encoding_override(tmp_path: Path) -> None:
    p = tmp_path / "x.po"
    p.write_bytes('msgid "Año"\nmsgstr "Año"\n'.encode("cp1252"))
    with pytest.raises(DataError, match="not valid utf-8"):
        read_units(p)
    _meta, (u,) = read_units(p, encoding="cp1252")
    assert u.msgid == "Año"


@pytest.mark.parametrize("reader", [read_units, read_catalog])
def test_missing_directory_empty_binary(tmp_path: Path, reader) -> None:
    with pytest.raises(DataError, match="no such file"):
        reader(tmp_path / "nope.po")
    with pytest.raises(DataError, match="directory"):
        reader(tmp_path)
    empty = tmp_path / "empty.po"
    empty.write_bytes(b"")
    with pytest.raises(DataError, match="empty"):
        reader(empty)
    binary = tmp_path / "bin.po"
    binary.write_bytes(b'msgid "a"\nmsgstr "b\x00"\n')
    with pytest.raises(DataError, match="NUL") as exc:
        reader(binary)
    assert exc.value.line == 2


@pytest.mark.parametrize("reader", [read_units, read_catalog])
def test_undecodable_bytes_name_the_line(tmp_path: Path, reader) -> None:
    p = tmp_path / "es" / "glossary.po"
    p.parent.mkdir()
    p.write_bytes(HEADER.encode() + b'\nmsgctxt "a"\nmsgid "x"\nmsgstr "\xff"\n')
    with pytest.raises(DataError, match="not valid utf-8") as exc:
        reader(p)
    assert exc.value.line == 12 and exc.value.path == str(p)


def test_declared_charset_is_honoured_and_unknown_charset_rejected(tmp_path: Path) -> None:
    p = tmp_path / "es" / "glossary.po"
    p.parent.mkdir()
    text = HEADER.replace("UTF-8", "ISO-8859-15") + '\nmsgctxt "a"\nmsgid "Euro"\nmsgstr "€ año"\n'
    p.write_bytes(text.encode("iso-8859-15"))
    assert read_catalog(p).concepts[0].preferred("es").text == "€ año"
    p.write_bytes(HEADER.replace("UTF-8", "klingon-8").encode())
    with pytest.raises(DataError, match="unknown charset") as exc:
        read_catalog(p)
    assert exc.value.line == 6


def test_catalog_rejects_bom_and_crlf(tmp_path: Path) -> None:
    p = tmp_path / "g.po"
    p.write_bytes(b"\xef\xbb\xbf" + HEADER.encode())
    with pytest.raises(DataError, match="byte-order mark"):
        read_catalog(p)
    p.write_bytes((HEADER + '\nmsgctxt "a"\r\nmsgid "x"\nmsgstr "y"\n').encode())
    with pytest.raises(DataError, match="CRLF") as exc:
        read_catalog(p)
    assert exc.value.line == 10


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ('msgctxt "a"\nmsgid "x"\n', 11, "no msgstr"),
        ('msgctxt "a"\nmsgid "x\nmsgstr "y"\n', 11, "unterminated"),
        ('msgctxt "a"\nmsgid "x" junk\nmsgstr "y"\n', 11, "after string"),
        ('msgctxt "a"\nmsgid "x"\nmsgstring "y"\n', 12, "syntax error"),
        ('msgctxt "a"\nmsgid "x"\nmsgstr "y\\q"\n', 12, "unknown escape"),
        ('"orphan"\n', 10, "without a keyword"),
        ('msgctxt "a"\nmsgid "x"\n# inside\nmsgstr "y"\n', 12, "inside an entry"),
        ('msgctxt "a"\nmsgstr "y"\n', 11, "msgstr without msgid"),
        ('msgctxt "a"\nmsgid "x"\nmsgstr "y"\nmsgstr "z"\n', 13, "second msgstr"),
        ('msgctxt "a"\nmsgid "x"\nmsgstr\n', 12, "quoted string"),
        ('<<<<<<< HEAD\nmsgctxt "a"\nmsgid "x"\nmsgstr "y"\n', 10, "merge conflict"),
        ('msgctxt "a"\nmsgid "x"\nmsgstr "y"\n=======\n', 13, "merge conflict"),
        ('msgctxt "a"\nmsgid "x"\nmsgstr "y"\n>>>>>>> theirs\n', 13, "merge conflict"),
        ('msgctxt "a"\nmsgid "x"\n#~ msgstr "y"\n', 12, "mixed"),
        ('msgctxt "a"\nmsgid "x"\nmsgstr[0] "y"\n', 12, "without msgid_plural"),
    ],
)
def test_bad_syntax_names_the_line(tmp_path: Path, body: str, line: int, message: str) -> None:
    p = _po(tmp_path, body)
    for reader in (read_units, read_catalog):
        with pytest.raises(DataError, match=message) as exc:
            reader(p)
        assert exc.value.line == line, (reader, exc.value)
        assert str(exc.value).startswith(f"{p}:{line}: ")


@pytest.mark.parametrize(
    ("comment", "message"),
    [
        ("#. type: ministry", "unknown type 'ministry'"),
        ("#. gender: x", "bad gender"),
        ("#. country: mexico", "bad country"),
        ("#. type: place\n#. type: other", "given twice"),
        ("# es-forbidden: Secretaría [calco", "unclosed"),
        ("# es-forbidden: Secretaría] x", "unmatched"),
        ("# es-forbidden: a [n] b", "after the \\[note\\]"),
        ("# es-forbidden: a \\q", "unknown escape"),
        ("# es-forbidden: a | | b", "empty form"),
        ("# es-admitted:", "no value"),
    ],
)
def test_bad_key_values(tmp_path: Path, comment: str, message: str) -> None:
    p = _po(tmp_path, f'#. note: fine\n{comment}\nmsgctxt "a"\nmsgid "x"\nmsgstr "y"\n')
    with pytest.raises(DataError, match=message) as exc:
        read_catalog(p)
    assert exc.value.line == 10 + comment.count("\n") + 1


def test_catalog_structural_errors(tmp_path: Path) -> None:
    p = _po(tmp_path, 'msgctxt "a"\nmsgid "x"\nmsgid_plural "xs"\nmsgstr[0] "y"\nmsgstr[1] "ys"\n')
    with pytest.raises(DataError, match="plural") as exc:
        read_catalog(p)
    assert exc.value.line == 12
    p = _po(tmp_path, 'msgctxt "a"\nmsgid "x"\nmsgstr "y"\n\n# dangling\n')
    with pytest.raises(DataError, match="no entry") as exc:
        read_catalog(p)
    assert exc.value.line == 14
    pot = _po(tmp_path, 'msgctxt "a"\nmsgid "x"\nmsgstr "y"\n', name="glossary.pot")
    with pytest.raises(DataError, match="template"):
        read_catalog(pot)


# --------------------------------------------------------------------------- concepts


def test_readme_example_reads_as_a_concept(tmp_path: Path) -> None:
    cat = read_catalog(_po(tmp_path, SEGOB))
    assert cat.language == "es" and not cat.template
    (c,) = cat.concepts
    assert (c.id, c.type, c.country, c.case_sensitive) == ("mx-segob", "government-body", "MX", True)
    assert c.preferred("en").text == "Ministry of the Interior"
    assert c.preferred("es").text == "Secretaría de Gobernación"
    by_text = {f.text: f for f in c.forms}
    assert by_text["Interior Ministry"].status is Status.ADMITTED
    assert by_text["Ministry of Interior"].status is Status.DEPRECATED
    assert by_text["Ministry of Interior"].note == "house style: Mexico has secretarías"
    assert by_text["SEGOB"].acronym and by_text["SEGOB"].status.allowed
    assert by_text["Secretaría del Interior"].note == 'calque of "Interior"'
    assert by_text["Ministerio del Interior"].status is Status.FORBIDDEN
    assert c.sources == (Note("en", "gob.mx/segob"),)
    assert c.references == (Reference("seeds/000_f4d848ffd231b71b.txt", 12),)
    assert c.extra == ()


def test_lists_escapes_gender_forms_and_notes(tmp_path: Path) -> None:
    body = (
        "#. gender: f\n"
        "#. en-forbidden-everywhere: Mejico | Méjico [old spelling]\n"
        "#. en-note: English \\[note\\] with \\n newline\n"
        "#. note: concept note | with a bar\n"
        "# es-masc: secretario de Gobernación\n"
        "# es-fem: secretaria de Gobernación [for a woman]\n"
        "# es-masc-plural: secretarios de Gobernación\n"
        "# es-fem-plural: secretarias de Gobernación\n"
        "# es-forbidden: A \\| B \\[x\\] \\\\ \\t end\n"
        "# es-note: nota\n"
        "# es-source: DOF\n"
        "#, do-not-translate, fuzzy\n"
        'msgctxt "mx-segob-secretary"\n'
        'msgid "Secretary of the Interior"\n'
        'msgstr "secretaria de Gobernación"\n'
    )
    (c,) = read_catalog(_po(tmp_path, body)).concepts
    assert c.gender is Gender.FEMININE and c.do_not_translate and c.fuzzy
    everywhere = [f for f in c.forms if f.everywhere]
    assert [(f.text, f.note) for f in everywhere] == [("Mejico", ""), ("Méjico", "old spelling")]
    assert all(f.status is Status.FORBIDDEN for f in everywhere)
    gendered = [(f.text, f.gender, f.number) for f in c.forms if f.gender]
    assert gendered == [
        ("secretario de Gobernación", Gender.MASCULINE, Number.SINGULAR),
        ("secretaria de Gobernación", Gender.FEMININE, Number.SINGULAR),
        ("secretarios de Gobernación", Gender.MASCULINE, Number.PLURAL),
        ("secretarias de Gobernación", Gender.FEMININE, Number.PLURAL),
    ]
    assert next(f for f in c.forms if f.text.startswith("secretaria ") and f.gender).note == "for a woman"
    assert any(f.text == "A | B [x] \\ \t end" for f in c.forms)
    assert c.notes == (Note("en", "English [note] with \n newline"), Note("", "concept note | with a bar"),
                       Note("es", "nota"))
    assert c.sources == (Note("es", "DOF"),)


def test_unknown_lines_are_kept_and_ids_are_not_judged(tmp_path: Path) -> None:
    body = (
        "#. definition: kept as is\n"
        "#. Free extracted text\n"
        "# Free translator text\n"
        "#\n"
        "#| msgid \"Old\"\n"
        "#, c-format, no-wrap\n"
        'msgctxt "Bad_ID"\n'
        'msgid "x"\n'
        'msgstr "y"\n'
        "\n"
        'msgid "no id"\n'
        'msgstr ""\n'
    )
    bad, noid = read_catalog(_po(tmp_path, body)).concepts
    assert bad.id == "Bad_ID" and noid.id == ""
    assert bad.extra == ("#. definition: kept as is", "#. Free extracted text", "# Free translator text",
                         "#", "#, c-format, no-wrap", '#| msgid "Old"')


def test_language_from_folder_and_template(tmp_path: Path) -> None:
    header = HEADER.replace('"Language: es\\n"\n', "")
    p = _po(tmp_path, '# fr-admitted: Intérieur\nmsgctxt "a"\nmsgid "x"\nmsgstr "y"\n',
            name="locales/fr/glossary.po", header=header)
    cat = read_catalog(p)
    assert cat.language == "fr"
    assert [(f.lang, f.text) for f in cat.concepts[0].forms] == [("en", "x"), ("fr", "y"), ("fr", "Intérieur")]
    pot = _po(tmp_path, '#. en-admitted: X\n# es-admitted: Y\nmsgctxt "a"\nmsgid "x"\nmsgstr ""\n',
              name="locales/glossary.pot", header=header)
    tcat = read_catalog(pot)
    assert tcat.template and tcat.language is None
    (c,) = tcat.concepts
    assert [f.lang for f in c.forms] == ["en", "en"] and c.extra == ("# es-admitted: Y",)


# --------------------------------------------------------------------------- canonical form


def test_render_is_canonical_and_accepted_by_msgfmt(tmp_path: Path) -> None:
    p = _po(tmp_path, SEGOB)
    cat = read_catalog(p)
    text = render_catalog(cat)
    lines = text.split("\n")
    i = lines.index("#. type: government-body")
    assert lines[i:i + 16] == [
        "#. type: government-body",
        "#. country: MX",
        "#. en-admitted: Interior Ministry",
        "#. en-deprecated: Ministry of Interior [house style: Mexico has secretarías]",
        "#. source: gob.mx/segob",
        "#: seeds/000_f4d848ffd231b71b.txt:12",
        "# es-admitted: Segob",
        '# es-forbidden: Secretaría del Interior [calque of "Interior"]',
        "# es-forbidden: Ministerio del Interior",
        "# es-acronym: SEGOB",
        "#, case-sensitive",
        'msgctxt "mx-segob"',
        'msgid "Ministry of the Interior"',
        'msgstr "Secretaría de Gobernación"',
        "",
    ][:16]
    assert not is_canonical(p)
    out = tmp_path / "es" / "canon.po"
    out.write_text(text, encoding="utf-8")
    assert is_canonical(out)
    assert render_catalog(read_catalog(out)) == text
    if MSGFMT:
        res = subprocess.run([MSGFMT, "-c", "--check-format", "-o", os.devnull, str(out)],
                             capture_output=True, text=True)
        assert res.returncode == 0, res.stderr


def test_long_strings_wrap_like_msgcat(tmp_path: Path) -> None:
    long_en = ("Secretariat of Security and Citizen Protection of the United Mexican States "
               "and its decentralised bodies, as named in the Organic Law of the Federal Public "
               "Administration")
    c = Concept("mx-sspc", forms=(TermForm(long_en, "en"), TermForm("línea uno\nlínea dos", "es")),
                obsolete=False)
    old = replace(c, id="mx-old", obsolete=True)
    cat = Catalog(str(tmp_path / "es" / "glossary.po"), "", DEFAULT_METADATA, (old, c))
    text = render_catalog(cat)
    lines = text.split("\n")
    assert max(len(ln) for ln in lines) <= 79
    assert 'msgid ""' in lines and '"línea uno\\n"' in lines and '"línea dos"' in lines
    assert text.index('msgctxt "mx-sspc"') < text.index('#~ msgctxt "mx-old"')  # obsolete last
    assert any(ln.startswith('#~ "') for ln in lines)
    path = Path(cat.path)
    path.parent.mkdir(parents=True)
    write_catalog(cat)
    back = read_catalog(path)
    assert back.concepts == (c, old)
    assert render_catalog(back) == text
    msgcat = shutil.which("msgcat")
    if msgcat:  # msgcat drops untranslated obsolete entries, so compare the live entry only
        live = replace(cat, concepts=(c,))
        path.write_text(render_catalog(live), encoding="utf-8")
        res = subprocess.run([msgcat, str(path)], capture_output=True, text=True, check=True)
        ours = render_catalog(live).split("\n")
        theirs = res.stdout.split("\n")
        assert ours[ours.index('msgctxt "mx-sspc"'):] == theirs[theirs.index('msgctxt "mx-sspc"'):]


def test_lossless_comments_flags_order_obsolete_header(tmp_path: Path) -> None:
    header = (
        "# SOME TITLE\n"
        "#\n"
        "# Copyright line\n"
        "#, fuzzy\n"
        'msgid ""\n'
        'msgstr ""\n'
        '"Project-Id-Version: x 1.0\\n"\n'
        '"X-Custom: keep me\\n"\n'
        '"Language: es\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    )
    body = (
        "#~ msgctxt \"old-one\"\n#~ msgid \"Old\"\n#~ msgstr \"Viejo\"\n\n"
        "# es-admitted: Zeta\n#. type: place\n#, no-wrap\n#. odd: thing\n"
        "#: b.txt:2 a.txt:1\n#: \u2068with space.txt\u2069:3\n"
        'msgctxt "z-last"\nmsgid "Zed"\nmsgstr "Zeta principal"\n\n'
        'msgctxt "a-first"\nmsgid "Aye"\nmsgstr ""\n'
    )
    p = _po(tmp_path, body, header=header)
    cat = read_catalog(p)
    assert cat.header == "SOME TITLE\n\nCopyright line" and cat.header_extra == ("#, fuzzy",)
    assert cat.metadata[1] == ("X-Custom", "keep me")
    assert [c.id for c in cat.concepts] == ["old-one", "z-last", "a-first"]
    z = cat.concepts[1]
    assert z.references == (Reference("b.txt", 2), Reference("a.txt", 1), Reference("with space.txt", 3))
    assert z.extra == ("#. odd: thing", "#, no-wrap")
    text = render_catalog(cat)
    assert text.startswith("# SOME TITLE\n#\n# Copyright line\n#, fuzzy\nmsgid \"\"\n")
    assert "#: b.txt:2 a.txt:1 \u2068with space.txt\u2069:3\n" in text
    q = tmp_path / "es" / "again.po"
    q.write_text(text, encoding="utf-8")
    again = read_catalog(q)
    assert again.header == cat.header and again.metadata == cat.metadata
    assert again.header_extra == cat.header_extra
    assert [c.id for c in again.concepts] == ["z-last", "a-first", "old-one"]
    assert {c.id: c for c in again.concepts} == {c.id: c for c in cat.concepts}
    assert render_catalog(again) == text


# --------------------------------------------------------------------------- property test

_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=30)
_FORM_TEXT = _TEXT.filter(lambda t: t.strip(" ") == t and t != "")
_NOTE = st.one_of(st.just(""), _FORM_TEXT)
_KEYED = [
    ("en", Status.ADMITTED, False, False, None, None),
    ("en", Status.DEPRECATED, False, False, None, None),
    ("en", Status.DEPRECATED, True, False, None, None),
    ("en", Status.FORBIDDEN, False, False, None, None),
    ("en", Status.FORBIDDEN, True, False, None, None),
    ("en", Status.ADMITTED, False, True, None, None),
    ("es", Status.ADMITTED, False, False, None, None),
    ("es", Status.DEPRECATED, False, False, None, None),
    ("es", Status.DEPRECATED, True, False, None, None),
    ("es", Status.FORBIDDEN, False, False, None, None),
    ("es", Status.FORBIDDEN, True, False, None, None),
    ("es", Status.ADMITTED, False, True, None, None),
    ("es", Status.PREFERRED, False, False, Gender.MASCULINE, Number.SINGULAR),
    ("es", Status.PREFERRED, False, False, Gender.FEMININE, Number.SINGULAR),
    ("es", Status.PREFERRED, False, False, Gender.MASCULINE, Number.PLURAL),
    ("es", Status.PREFERRED, False, False, Gender.FEMININE, Number.PLURAL),
]


@st.composite
def concepts(draw: st.DrawFn) -> Concept:
    """Concepts in the store's canonical order (what read_catalog returns)."""
    forms = [TermForm(draw(_TEXT), "en")]
    extra_en: list[TermForm] = []
    extra_es: list[TermForm] = []
    for lang, status, everywhere, acronym, gender, number in _KEYED:
        for text, note in draw(st.lists(st.tuples(_FORM_TEXT, _NOTE), max_size=2)):
            f = TermForm(text, lang, status, acronym=acronym, gender=gender, number=number,
                         everywhere=everywhere, note=note)
            (extra_en if lang == "en" else extra_es).append(f)
    msgstr = draw(st.one_of(st.just(""), _TEXT))
    forms += extra_en + ([TermForm(msgstr, "es")] if msgstr else []) + extra_es
    notes = [Note(lang, t) for lang in ("en", "", "es") for t in draw(st.lists(_FORM_TEXT, max_size=2))]
    sources = [Note(lang, t) for lang in ("en", "es") for t in draw(st.lists(_FORM_TEXT, max_size=1))]
    path = st.text(st.characters(blacklist_categories=("Cs", "Zl", "Zp", "Cc"),
                                 blacklist_characters="\u2068\u2069"), min_size=1, max_size=12)
    refs = draw(st.lists(st.builds(Reference, path.filter(lambda s: not s[-1:].isdigit()),
                                   st.integers(0, 9999)), max_size=3))
    return Concept(
        id=draw(st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}\Z")),
        type=draw(st.sampled_from(("other", "official-title", "government-body", "place", "person"))),
        forms=tuple(forms),
        country=draw(st.sampled_from(("", "MX", "US", "ES"))),
        gender=draw(st.sampled_from((None, Gender.MASCULINE, Gender.FEMININE))),
        case_sensitive=draw(st.booleans()),
        do_not_translate=draw(st.booleans()),
        fuzzy=draw(st.booleans()),
        obsolete=draw(st.booleans()),
        references=tuple(refs),
        notes=tuple(notes),
        sources=tuple(sources),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(concepts(), min_size=1, max_size=3))
def test_round_trip_property(tmp_path_factory: pytest.TempPathFactory, cs: list[Concept]) -> None:
    cs.sort(key=lambda c: c.obsolete)  # the canonical form puts obsolete entries last
    folder = tmp_path_factory.mktemp("rt") / "es"
    folder.mkdir()
    cat = default_catalog(folder / "glossary.po")
    cat = replace(cat, concepts=tuple(cs))
    written = write_catalog(cat)
    back = read_catalog(written.path)
    assert back.concepts == tuple(cs)
    assert back.metadata == cat.metadata and back.header == cat.header
    assert back.fingerprint == written.fingerprint
    assert render_catalog(back) == render_catalog(cat)
    assert is_canonical(written.path)


# --------------------------------------------------------------------------- writing


def test_write_is_atomic_and_detects_conflicts(tmp_path: Path) -> None:
    p = _po(tmp_path, SEGOB)
    p.chmod(0o640)
    cat = read_catalog(p)
    assert cat.fingerprint == hashlib.sha256(p.read_bytes()).hexdigest()
    new = write_catalog(cat)
    assert new.fingerprint == hashlib.sha256(p.read_bytes()).hexdigest() != cat.fingerprint
    assert (p.stat().st_mode & 0o777) == 0o640
    assert sorted(x.name for x in p.parent.iterdir()) == ["glossary.po"]  # no temp file left
    with pytest.raises(ConflictError, match="changed on disk"):
        write_catalog(cat)  # stale fingerprint
    p.write_text(p.read_text() + "\n", encoding="utf-8")
    before = p.read_bytes()
    with pytest.raises(ConflictError):
        write_catalog(new)
    assert p.read_bytes() == before
    with pytest.raises(ConflictError, match="created"):
        write_catalog(replace(new, fingerprint=""))
    fresh = default_catalog(tmp_path / "es" / "other.po")
    assert write_catalog(fresh).fingerprint


def test_write_unencodable_text_is_a_data_error(tmp_path: Path) -> None:
    meta = tuple((k, "text/plain; charset=ISO-8859-1" if k == "Content-Type" else v) for k, v in DEFAULT_METADATA)
    cat = Catalog(str(tmp_path / "g.po"), "", meta, (Concept("a", forms=(TermForm("€", "en"),)),))
    with pytest.raises(DataError, match="cannot encode"):
        write_catalog(cat)


def test_render_refuses_unstorable_forms(tmp_path: Path) -> None:
    base = Catalog(str(tmp_path / "es" / "g.po"), "", DEFAULT_METADATA, ())
    bad = Concept("a", forms=(TermForm("x", "en"), TermForm("y", "de", Status.ADMITTED)))
    with pytest.raises(DataError, match="'de'"):
        render_catalog(replace(base, concepts=(bad,)))
    spaced = Concept("a", forms=(TermForm("x", "en"), TermForm(" y", "es", Status.ADMITTED)))
    with pytest.raises(DataError, match="surrounding spaces"):
        render_catalog(replace(base, concepts=(spaced,)))
    nomsgid = Concept("a", forms=(TermForm("y", "es"),))
    with pytest.raises(DataError, match="no preferred English"):
        render_catalog(replace(base, concepts=(nomsgid,)))
    generated = Concept("a", forms=(TermForm("x", "en"), TermForm("xs", "en", generated=True)))
    assert "xs" not in render_catalog(replace(base, concepts=(generated,)))


def test_template_render_keeps_english_only(tmp_path: Path) -> None:
    c = Concept("a", forms=(TermForm("x", "en"), TermForm("equis", "es"), TermForm("X", "en", acronym=True,
                                                                                      status=Status.ADMITTED)),
                notes=(Note("es", "nota"), Note("en", "note")))
    pot = default_catalog(tmp_path / "glossary.pot")
    assert pot.template and ("Language", "") in pot.metadata
    text = render_catalog(replace(pot, concepts=(c,)))
    assert "equis" not in text and "nota" not in text
    assert "#. en-acronym: X\n#. en-note: note\n" in text and 'msgstr ""' in text


def _add_many(path: str, tag: str, n: int) -> None:
    for i in range(n):
        def change(cat: Catalog, i: int = i) -> Catalog:
            c = Concept(f"{tag}-{i}", forms=(TermForm(f"{tag} {i}", "en"), TermForm(f"{tag} {i} es", "es")))
            return replace(cat, concepts=cat.concepts + (c,))
        update_catalog(path, change, create=True)


def test_update_catalog_two_processes_all_land(tmp_path: Path) -> None:
    path = str(tmp_path / "es" / "glossary.po")
    (tmp_path / "es").mkdir()
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_add_many, args=(path, tag, 20)) for tag in ("left", "right")]
    for pr in procs:
        pr.start()
    for pr in procs:
        pr.join(60)
        assert pr.exitcode == 0
    ids = [c.id for c in read_catalog(path).concepts]
    assert len(ids) == 40 and len(set(ids)) == 40
    assert sorted(os.listdir(tmp_path / "es")) == ["glossary.po"]  # lock and temp files gone


def test_update_catalog_create_and_missing(tmp_path: Path) -> None:
    path = tmp_path / "es" / "glossary.po"
    path.parent.mkdir()
    with pytest.raises(DataError, match="no such file"):
        update_catalog(path, lambda c: c)
    out = update_catalog(path, lambda c: c, create=True)
    assert dict(out.metadata)["Language"] == "es"
    assert dict(out.metadata)["Content-Type"] == "text/plain; charset=UTF-8"
    assert "Plural-Forms" in dict(out.metadata)
    assert is_canonical(path)
    with pytest.raises(DataError, match="does not exist"):
        update_catalog(tmp_path / "nowhere" / "x.po", lambda c: c, create=True)
    if MSGFMT:
        res = subprocess.run([MSGFMT, "-c", "-o", os.devnull, str(path)], capture_output=True, text=True)
        assert res.returncode == 0, res.stderr


def test_canonicalize_reports_then_writes(tmp_path: Path) -> None:
    from glossary.po import canonicalize

    p = _po(tmp_path, SEGOB)
    before = p.read_bytes()
    assert canonicalize(p, write=False) is True and p.read_bytes() == before
    assert canonicalize(p) is True and p.read_bytes() != before
    after = p.read_bytes()
    assert canonicalize(p) is False and p.read_bytes() == after
    assert read_catalog(p).concepts == read_catalog(_po(tmp_path, SEGOB, name="es/copy.po")).concepts
