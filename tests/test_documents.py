"""documents: format detection, text/Markdown/pair/TSV/CSV/PO readers, folder walking."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from glossary.documents import detect_format, iter_inputs, lang_from_name, read_document, read_pair
from glossary.errors import DataError, UsageError
from glossary.model import Segment, Side

DATA = Path(__file__).resolve().parent / "data"


def file_lines(path: Path) -> list[str]:
    text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
    return re.split(r"\r\n|\r|\n", text)


def at(side: Side, lines: list[str], needle: str) -> str:
    """The file text at the reported position of ``needle`` in ``side``."""
    line, col = side.position(side.text.index(needle))
    return lines[line - 1][col - 1 : col - 1 + len(needle)]


def assert_every_char(side: Side, lines: list[str], escapes: str = "") -> None:
    for i, ch in enumerate(side.text):
        line, col = side.position(i)
        row = lines[line - 1]
        raw = row[col - 1] if col - 1 < len(row) else "\n"
        assert raw == ch or (raw in escapes), (side.text, i, ch, line, col, raw)


# --- detection ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.po", "po"), ("a.POT", "pot"), ("a.xlf", "xliff"), ("a.xliff", "xliff"),
        ("a.docx.sdlxliff", "xliff"), ("a.tmx", "tmx"), ("a.tsv", "tsv"), ("a.csv", "csv"),
        ("a.txt", "text"), ("README.es.md", "markdown"), ("a.markdown", "markdown"),
    ],
)
def test_detect_format(name: str, fmt: str) -> None:
    assert detect_format(name) == fmt


def test_unknown_type_is_a_data_error() -> None:
    with pytest.raises(DataError) as err:
        detect_format("notes.xyz")
    assert err.value.path == "notes.xyz"
    assert "unknown file type '.xyz' (use --input-format po|pot|" in err.value.message
    with pytest.raises(DataError, match="unknown file type"):
        read_document(str(DATA / "notes.xyz"))
    # --format overrides the extension
    segs = read_document(str(DATA / "notes.xyz"), fmt="text", lang="en")
    assert [s.target.text for s in segs] == ["hello"]
    with pytest.raises(UsageError):
        read_document(str(DATA / "notes.xyz"), fmt="docx")


def test_language_from_file_name() -> None:
    assert lang_from_name("notes.es.txt") == "es"
    assert lang_from_name("docs/README.en.md") == "en"
    assert lang_from_name("README.es-MX.md") == "es"
    assert lang_from_name("release.v2.txt") is None
    assert lang_from_name("notes.txt") is None


# --- plain text -------------------------------------------------------------------------


def test_text_bom_crlf_and_lone_cr() -> None:
    path = DATA / "notes_crlf.es.txt"
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b"\rno" in raw
    segs = read_document(str(path))
    assert [s.target.text for s in segs] == [
        "La Secretaría de\nGobernación informó.",
        "El Ministerio del Interior\nno existe en México.",
        "  Tercer párrafo.",
    ]
    assert all(s.source is None and s.target.lang == "es" for s in segs)
    assert [s.id for s in segs] == ["1", "4", "7"]
    lines = file_lines(path)
    first, second, third = segs
    assert first.target.position(0) == (1, 1)  # the BOM takes no column
    assert first.target.position(first.target.text.index("Gobernación")) == (2, 1)
    assert at(second.target, lines, "no existe") == "no existe"
    assert second.target.position(second.target.text.index("no existe")) == (5, 1)
    assert third.target.position(2) == (7, 3)
    for s in segs:
        assert_every_char(s.target, lines, escapes="\n")


def test_text_language_needed(tmp_path: Path) -> None:
    with pytest.raises(DataError) as err:
        read_document(str(DATA / "nolang.txt"))
    assert err.value.message == f"cannot tell the language of {DATA / 'nolang.txt'}; use --lang"
    segs = read_document(str(DATA / "nolang.txt"), lang="en-US")
    assert segs[0].target.lang == "en"
    # a language in the file name wins over --lang
    assert read_document(str(DATA / "notes_crlf.es.txt"), lang="en")[0].target.lang == "es"


def test_binary_and_undecodable_files() -> None:
    with pytest.raises(DataError) as err:
        read_document(str(DATA / "binary.txt"), lang="en")
    assert "binary file" in err.value.message and err.value.line == 2
    with pytest.raises(DataError) as err:
        read_document(str(DATA / "latin1.txt"), lang="es")
    assert err.value.line == 2 and "UTF-8" in err.value.message


def test_missing_file() -> None:
    with pytest.raises(DataError, match="no such file"):
        read_document(str(DATA / "does-not-exist.txt"), lang="en")


def test_stdin_text_and_formats() -> None:
    segs = read_document("-", stdin_text="Ministerio del\nInterior\n\nfin\n", lang="es")
    assert [s.target.text for s in segs] == ["Ministerio del\nInterior", "fin"]
    assert segs[0].path == "<stdin>" and segs[1].target.position(0) == (4, 1)
    md = read_document("-", stdin_text="Use `code` here\n", fmt="markdown", lang="en")
    assert md[0].target.text == "Use        here"
    tsv = read_document("-", stdin_text="Interior\tGobernación\n", fmt="tsv")
    assert tsv[0].source is not None and tsv[0].source.text == "Interior"
    po = read_document("-", stdin_text='msgid "Home"\nmsgstr "Inicio"\n', fmt="po")
    assert [(s.path, s.target.text, s.target.position(0)) for s in po] == [("<stdin>", "Inicio", (2, 9))]
    with pytest.raises(DataError, match="cannot tell the language"):
        read_document("-", stdin_text="hola")


# --- Markdown -----------------------------------------------------------------------------


def test_markdown_skips_code_urls_and_markup() -> None:
    path = DATA / "guide.en.md"
    segs = read_document(str(path))
    texts = [s.target.text for s in segs]
    everything = "\n".join(texts)
    # front matter, fenced/indented code, code spans, URLs, link targets, comments: gone
    assert "title:" not in everything
    assert "```" not in everything and "indented code" not in everything
    assert "example.com" not in everything and "https" not in everything and "www." not in everything
    assert "ministry@example.org" not in everything
    assert "Dropped" not in everything and "Also dropped" not in everything  # glossary: off/on
    assert "plain comment" not in everything and "<!--" not in everything
    assert "Ministry of the Interior` in code" not in everything
    # the heading (its *emphasis* blanked) and the paragraph after the directive
    assert re.sub(r"\s+", " ", everything).count("Ministry of the Interior") == 2
    # link text, image alt text stay
    assert "Secretary\nof State" in everything and "Ministry seal" in everything
    heading = segs[0]
    assert heading.target.text.split() == ["The", "Ministry", "of", "the", "Interior"]
    lines = file_lines(path)
    assert at(heading.target, lines, "Ministry") == "Ministry"
    link = next(s for s in segs if "Secretary\nof State" in s.target.text)
    assert link.target.position(link.target.text.index("of State")) == (7, 1)
    assert at(link.target, lines, "Secretary") == "Secretary"
    nxt = next(s for s in segs if s.target.text.startswith("Next paragraph"))
    assert nxt.suppressions == ("ignore GL102 mx-segob",)
    assert sum(1 for s in segs if s.suppressions) == 1
    # list items and table rows are separate segments; table pipes are blanked
    assert any(s.target.text.startswith("- item one") for s in segs)
    assert any(s.target.text == "- item two\n  continued" for s in segs)
    row = next(s for s in segs if "Secretaría" in s.target.text)
    assert row.target.text.split() == ["Ministry", "Secretaría"]
    quote = segs[-1]
    # quote marker, reference label [ref] and image target blanked; texts kept
    assert quote.target.text.split() == ["quoted", "Ministry", "ref", "link", "and", "Ministry", "seal"]
    for s in segs:  # blanking keeps every kept character where it was
        for i, ch in enumerate(s.target.text):
            if not ch.isspace():
                line, col = s.target.position(i)
                assert lines[line - 1][col - 1] == ch


def test_markdown_code_block_needs_blank_line_and_lists_indent(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_text(
        "A paragraph\n    still the paragraph\n\n1. item\n\n    item body Ministry\n\ntext\n\n    code Ministry\n",
        encoding="utf-8",
    )
    texts = [s.target.text for s in read_document(str(path), lang="en")]
    assert texts[0] == "A paragraph\n    still the paragraph"
    assert "    item body Ministry" in texts
    assert not any("code Ministry" in t for t in texts)


# --- pairs, TSV, CSV ------------------------------------------------------------------------


def test_pair_of_text_files() -> None:
    segs = read_pair(str(DATA / "pair.en.txt"), str(DATA / "pair.es.txt"))
    assert [(s.source.text if s.source else None, s.target.text) for s in segs] == [
        ("Ministry of the Interior", "Secretaría de Gobernación"),
        ("Secretary of State", "secretario de Estado"),
        ("", "vacía"),
    ]
    assert all(s.path == str(DATA / "pair.es.txt") for s in segs)
    assert segs[1].target.position(0) == (2, 1) and segs[1].source is not None
    assert segs[1].source.position(3) == (2, 4)
    assert (segs[0].source.lang if segs[0].source else "", segs[0].target.lang) == ("en", "es")


def test_pair_line_count_mismatch() -> None:
    with pytest.raises(DataError) as err:
        read_pair(str(DATA / "pair.en.txt"), str(DATA / "pair_short.es.txt"))
    assert "4 lines" in err.value.message and "has 2" in err.value.message


def test_csv_quotes_newlines_and_header() -> None:
    path = DATA / "terms.csv"
    segs = read_document(str(path))
    assert [s.id for s in segs] == ["2", "3"]  # header and untranslated row skipped
    first, second = segs
    assert first.target.text == 'Secretaría de "Gobernación"'
    lines = file_lines(path)
    assert at(first.target, lines, "Gobernación") == "Gobernación"
    assert first.source is not None and first.source.position(0) == (2, 1)
    assert second.source is not None and second.source.text == "Secretary of\nState"
    assert second.source.position(0) == (3, 2)
    assert second.target.text == "secretario de\nEstado, EE. UU."
    assert second.target.position(second.target.text.index("Estado")) == (5, 1)
    assert at(second.target, lines, "secretario") == "secretario"


def test_tsv_header_sets_languages_and_comments_skipped() -> None:
    segs = read_document(str(DATA / "terms.tsv"))
    assert len(segs) == 2
    seg = segs[0]
    assert seg.source is not None and (seg.source.lang, seg.target.lang) == ("es", "en")
    assert (seg.source.text, seg.target.text) == ("Secretaría de Gobernación", "Ministry of the Interior")
    assert seg.target.position(0) == (3, 27)
    assert segs[1].target.text == "adiós\tamigo"


def test_one_column_row_is_an_error() -> None:
    with pytest.raises(DataError) as err:
        read_document(str(DATA / "one_column.csv"))
    assert err.value.line == 2


def test_omegat_tab_glossary_reads_as_tsv(samples: Path) -> None:
    segs = read_document(str(samples / "omegat_glossary_en-es.txt"), fmt="tsv")
    assert len(segs) == 49
    assert segs[0].source is not None and (segs[0].source.text, segs[0].target.text) == ("source", "original")


# --- PO / POT ----------------------------------------------------------------------------


def test_po_units_plurals_context_and_suppressions() -> None:
    path = DATA / "sample.po"
    segs = read_document(str(path))
    assert [s.id for s in segs] == [
        "mx-segob|Ministry of the Interior",
        "one secretary[0]",
        "one secretary[1]",
        "Fuzzy one",
    ]
    first = segs[0]
    assert first.context == "mx-segob" and first.suppressions == ("ignore GL102 mx-segob",)
    assert first.target.text == 'Secretaría de "Gobernación"' and first.target.lang == "es"
    lines = file_lines(path)
    assert at(first.target, lines, "Gobernación") == "Gobernación"
    assert first.source is not None and at(first.source, lines, "Interior") == "Interior"
    plural = segs[2]
    assert plural.source is not None and plural.source.text == "%d secretaries"
    assert plural.target.text == "%d secretarios" and plural.target.position(0) == (18, 2)


def test_pot_is_monolingual_source() -> None:
    segs = read_document(str(DATA / "sample.pot"))
    assert [(s.source, s.target.text, s.target.lang) for s in segs] == [
        (None, "Ministry of the Interior", "en"),
        (None, "one secretary", "en"),
        (None, "%d secretaries", "en"),
    ]
    assert segs[0].target.position(0) == (7, 8)


def test_real_po_glossaries(samples: Path) -> None:
    gnome = read_document(str(samples / "gnome-glossary_es.po"))
    assert len(gnome) == 901  # obsolete entries skipped
    gnucash = read_document(str(samples / "gnucash-glossary_es.po"))
    assert len(gnucash) == 158 + 17  # translated + fuzzy; untranslated and obsolete skipped
    lines = (samples / "gnucash-glossary_es.po").read_bytes().decode("iso-8859-15").split("\n")
    for seg in gnucash:
        assert isinstance(seg, Segment) and seg.source is not None
        assert_every_char(seg.target, lines, escapes="\\\"")


# --- folders -----------------------------------------------------------------------------


def test_iter_inputs_walks_folders_without_git(tmp_path: Path) -> None:
    (tmp_path / "docs" / "sub").mkdir(parents=True)
    (tmp_path / "docs" / ".hidden").mkdir()
    for name in ("docs/b.es.txt", "docs/a.md", "docs/sub/c.xlf", "docs/.hidden/d.md", "docs/e.xyz", "docs/.f.md"):
        (tmp_path / name).write_text("x\n", encoding="utf-8")
    (tmp_path / "single.xyz").write_text("x\n", encoding="utf-8")
    found = iter_inputs(["docs", "single.xyz", "docs/a.md", "-"], cwd=tmp_path)
    assert found == ["docs/a.md", "docs/b.es.txt", "docs/sub/c.xlf", "single.xyz", "-"]
    with pytest.raises(DataError, match="no such file"):
        iter_inputs(["nope"], cwd=tmp_path)


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_iter_inputs_skips_git_ignored_files(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("build/\n*.draft.md\n", encoding="utf-8")
    (tmp_path / "build").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / ".git" / "x.md").write_text("x\n", encoding="utf-8")
    for name in ("build/out.md", "docs/keep.md", "docs/notes.draft.md", "top.po"):
        (tmp_path / name).write_text("x\n", encoding="utf-8")
    assert iter_inputs(["."], cwd=tmp_path) == ["docs/keep.md", "top.po"]
    assert iter_inputs(["docs"], cwd=tmp_path) == ["docs/keep.md"]
    # an ignored file named explicitly is still taken
    assert iter_inputs(["docs/notes.draft.md", str(tmp_path / "build")], cwd=tmp_path) == ["docs/notes.draft.md"]


# --- properties ----------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_FIELD = st.lists(st.sampled_from(list('ab é",\t') + ["\n", "\r\n", "word", "ñ"]), max_size=12).map("".join)


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(_FIELD, _FIELD), min_size=1, max_size=6), delimiter=st.sampled_from([",", "\t"]))
def test_csv_tsv_round_trip_with_positions(rows: list[tuple[str, str]], delimiter: str) -> None:
    import csv
    import io

    from glossary.readers.tabular_docs import read_tabular

    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_MINIMAL).writerows(rows)
    text = buf.getvalue()
    segs = read_tabular("p", text, delimiter=delimiter)
    norm = lambda s: s.replace("\r\n", "\n")  # noqa: E731
    expected = [
        (norm(s), norm(t))
        for s, t in rows
        if t.strip()
        and not (delimiter == "\t" and s.startswith("#"))
        and (s.strip() or t.strip())
    ]
    got = [(seg.source.text if seg.source else "", seg.target.text) for seg in segs]
    if got != expected:  # only a header-looking first row may be missing
        assert got == expected[1:]
    lines = re.split(r"\r\n|\r|\n", text)
    for seg in segs:
        for side in (seg.source, seg.target):
            assert side is not None
            assert_every_char(side, lines, escapes='"\n')


@settings(max_examples=60, deadline=None)
@given(parts=st.lists(st.sampled_from(["word", "ñandú", " ", "\n", "\r\n", "\r", "\n\n", "  \t"]), max_size=30))
def test_text_paragraph_positions(parts: list[str]) -> None:
    from glossary.readers.text import read_text

    text = "".join(parts)
    segs = read_text("p", text, "es")
    lines = re.split(r"\r\n|\r|\n", text)
    joined = [ln for ln in lines if ln.strip()]
    assert [ln for s in segs for ln in s.target.text.split("\n")] == joined
    for seg in segs:
        assert_every_char(seg.target, lines, escapes="\n")


@pytest.mark.parametrize("data,line", [
    (b"ab\n" * 10 + b"x" * 21 + b"\nend\n", 11),  # a long line in the middle
    (b"ab\n" * 10 + b"x" * 21, 11),  # at the end, with no newline
    (b"x" * 21 + b"\n" + b"ab\n" * 10, 1),  # first
    (b"ab\r" * 3 + b"x" * 21 + b"\r" + b"ab\n" * 10, 4),  # lone CRs end lines too
    (b"ab\n" * 10 + b"x" * 20 + b"\nend\n", None),  # exactly the limit is allowed
    (b"x" * 20 + b"\n" + b"y" * 20 + b"\n" + b"z" * 20, None),
    (b"x" * 10 + b"\r" + b"y" * 15 + b"\n" + b"z" * 20, None),  # 26 bytes between LFs, but CR-split
])
def test_line_length_limit(data: bytes, line: int | None) -> None:
    from glossary.readers.common import check_line_lengths

    if line is None:
        check_line_lengths(data, "f.txt", limit=20)
        return
    with pytest.raises(DataError) as err:
        check_line_lengths(data, "f.txt", limit=20)
    assert err.value.line == line and "line too long (21 bytes" in str(err.value)
