"""Auto-fix: the pure planning (case, gender, number, ambiguity), applying edits, and
`check --fix` / `--diff` through the CLI (atomic, idempotent, reports what it left)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from glossary.cli import main
from glossary.fix import Edit, apply_edits, plan_fixes, replacement
from glossary.model import Concept, Finding, Gender, Number, Severity, Status, TermForm
from glossary.termbase import load_termbase


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(tmp_path / ".cache"))


@pytest.fixture(scope="module")
def concepts() -> dict[str, Concept]:
    tb = load_termbase((), builtin=True, lang="es", cwd=Path(__file__).parent)
    return {c.id: c for c in tb.concepts}


@pytest.mark.parametrize("cid, found, expected", [
    ("mx-segob-secretary", "secretaria del Interior", "secretaria de Gobernación"),
    ("mx-segob-secretary", "secretario del Interior", "secretario de Gobernación"),
    ("mx-segob-secretary", "Secretario del Interior", "Secretario de Gobernación"),
    ("mx-segob-secretary", "SECRETARIAS DEL INTERIOR", "SECRETARIAS DE GOBERNACIÓN"),
    ("mx-segob-secretary", "ministros del Interior", "secretarios de Gobernación"),
    ("mx-segob-secretary", "ministra del Interior", "secretaria de Gobernación"),
    ("mx-segob", "Secretaría del Interior", "Secretaría de Gobernación"),
    ("mx-segob", "Ministerio del\nInterior", "Secretaría de Gobernación"),
    ("mx-president", "la presidente", "la presidenta"),
    ("mx-president", "La presidente", "La presidenta"),
])
def test_replacement_keeps_case_gender_and_number(concepts, cid, found, expected):
    assert replacement(found, concepts[cid], "es") == expected


def test_case_sensitive_concept_keeps_its_exact_case(concepts):
    # ALL CAPS would be a GL106 case error for a case-sensitive concept
    assert replacement("SECRETARÍA DEL INTERIOR", concepts["mx-segob"], "es") == "Secretaría de Gobernación"


def _concept(*forms: TermForm, ctype: str = "official-title", cid: str = "c") -> Concept:
    return Concept(cid, ctype, forms)


def test_ambiguous_gender_is_left():
    c = _concept(TermForm("titular de la Oficina", "es"),
                 TermForm("jefa de la Oficina", "es", Status.PREFERRED, gender=Gender.FEMININE, number=Number.SINGULAR),
                 TermForm("director de Oficina", "es", Status.FORBIDDEN))
    # "titular" is common gender; a plural found form needs a plural the data cannot give unambiguously
    with pytest.raises(ValueError):
        replacement("directoras de Oficina", c, "es")


def test_no_preferred_form_is_left():
    c = _concept(TermForm("Oficina X", "es", Status.FORBIDDEN), ctype="government-body")
    with pytest.raises(ValueError, match="no preferred es form"):
        replacement("Oficina X", c, "es")


def test_plan_skips_other_rules_and_multi_concept_findings(concepts):
    def f(code: str, term: str, found: str) -> Finding:
        return Finding("a.es.txt", 1, 1, 1, 1 + len(found), code, "", Severity.ERROR, "", term, found, "")

    edits, left = plan_fixes([
        f("GL102", "mx-segob", "Secretaría del Interior"),
        f("GL107", "mx-segob-secretary", "el secretaria de Gobernación"),
        f("GL104", "mx-segob", "SEGOB"),
        f("GL102", "mx-segob, us-interior", "Secretaría del Interior"),
    ], concepts, "es")
    assert [e.new for e in edits] == ["Secretaría de Gobernación"]
    assert len(left) == 1 and "exactly one" in left[0].reason


@pytest.mark.parametrize("code,found,expected,new", [
    ("GL105", "Secretaria de Gobernacion", "Secretaría de Gobernación", "Secretaría de Gobernación"),
    ("GL105", "SECRETARIA DE\nGOBERNACION", "Secretaría de Gobernación", "SECRETARÍA DE\nGOBERNACIÓN"),
    ("GL105", "secretaria de gobernacion", "Secretaría de Gobernación", "secretaría de gobernación"),
    ("GL105", "MEXICO", "México", "México"),  # a case-sensitive concept gets its exact form
    ("GL106", "Segob", "SEGOB", "SEGOB"),
])
def test_accents_and_case_are_respelled_letter_for_letter(code, found, expected, new):
    """GL105 takes the expected form's accents and keeps the span's case and line breaks
    (all of the form for a case-sensitive concept); GL106 takes the expected form's case."""
    sensitive = expected in ("México", "SEGOB")
    concept = Concept("c", "government-body", (TermForm(expected, "es"),), case_sensitive=sensitive)
    lines = found.split("\n")
    finding = Finding("a.es.txt", 3, 5, 3 + len(lines) - 1, (5 if len(lines) == 1 else 1) + len(lines[-1]),
                      code, "", Severity.ERROR, "", "c", found, expected)
    edits, left = plan_fixes([finding], {"c": concept}, "es")
    assert [e.new for e in edits] == [new] and left == []
    assert (edits[0].line, edits[0].column, edits[0].old) == (3, 5, found)


def test_respelling_refuses_other_letters(concepts):
    finding = Finding("a.es.txt", 1, 1, 1, 8, "GL105", "", Severity.ERROR, "", "mx-segob", "Secretarias", "Secretaría")
    edits, left = plan_fixes([finding], concepts, "es")
    assert edits == [] and "not spelled like" in left[0].reason


def test_fix_puts_accents_right_in_a_file(runner, tmp_path):
    src, tgt = _pair(tmp_path, "The Ministry of the Interior met Mexico.\n",
                     "La Secretaria de Gobernacion se reunió con MEXICO.\n")
    args = ["check", "--pair", str(src), str(tgt), "--fix", "--format", "json"]
    first = runner.invoke(main, args)
    # "Mexico" is case-sensitive in the term base: its exact form is the right one
    assert tgt.read_text(encoding="utf-8") == "La Secretaría de Gobernación se reunió con México.\n"
    assert json.loads(first.stdout)["findings"] == [] and first.exit_code == 0
    assert "fixed 2 finding(s)" in first.stderr


def test_plan_refuses_a_replacement_that_is_itself_flagged():
    good = _concept(TermForm("Foo", "es"), TermForm("Bar", "es", Status.FORBIDDEN), ctype="other", cid="a")
    other = _concept(TermForm("Baz", "es"), TermForm("Foo", "es", Status.DEPRECATED), ctype="other", cid="b")
    finding = Finding("x.es.txt", 1, 1, 1, 4, "GL102", "", Severity.ERROR, "", "a", "Bar", "Foo")
    edits, left = plan_fixes([finding], {"a": good, "b": other}, "es")
    assert edits == [] and "itself a flagged form" in left[0].reason


def test_apply_edits_checks_text_and_overlaps():
    text = "uno dos\r\ntres cuatro\n"
    edits = [
        Edit("f", 2, 6, 2, 12, "cuatro", "4"),
        Edit("f", 1, 1, 1, 4, "uno", "1"),
        Edit("f", 1, 1, 1, 8, "uno dos", "x"),     # overlaps the edit above
        Edit("f", 1, 5, 1, 8, "DOS", "2"),         # the text there is not what was found
        Edit("f", 9, 1, 9, 2, "z", "y"),           # outside the file
    ]
    out, made, skipped = apply_edits(text, edits)
    assert out == "1 dos\r\ntres 4\n"
    assert {e.new for e in made} == {"1", "4"}
    assert len(skipped) == 3


def test_apply_edits_twice_changes_nothing():
    text = "a Bar b\n"
    e = Edit("f", 1, 3, 1, 6, "Bar", "Foo")
    once, _, _ = apply_edits(text, [e])
    twice, made, skipped = apply_edits(once, [e])
    assert once == twice == "a Foo b\n" and made == [] and len(skipped) == 1


# -- through the CLI ---------------------------------------------------------------------------

def _pair(tmp_path: Path, en: str, es: str) -> tuple[Path, Path]:
    src, tgt = tmp_path / "a.en.txt", tmp_path / "a.es.txt"
    src.write_text(en, encoding="utf-8")
    tgt.write_text(es, encoding="utf-8")
    return src, tgt


def test_fix_pair_writes_and_is_idempotent(runner, tmp_path):
    src, tgt = _pair(tmp_path, "Title.\nThe Secretary of the Interior met the Ministry of the Interior.\n",
                     "Título.\nLa secretaria del Interior visitó el Ministerio del Interior.\n")
    args = ["check", "--country", "MX", "--pair", str(src), str(tgt), "--fix", "--format", "json"]
    first = runner.invoke(main, args)
    assert tgt.read_text(encoding="utf-8") == "Título.\nLa secretaria de Gobernación visitó la Secretaría de Gobernación.\n"
    assert "fixed 2 finding(s) in 1 file(s)" in first.stderr
    assert [f["code"] for f in json.loads(first.stdout)["findings"]] == []  # checked again after writing
    assert first.exit_code == 0
    second = runner.invoke(main, args)
    assert "fixed 0 finding(s)" in second.stderr
    assert tgt.read_text(encoding="utf-8").count("Gobernación") == 2
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]  # atomic: no temp files left


def test_diff_shows_without_writing(runner, tmp_path):
    doc = tmp_path / "nota.es.md"
    original = "# Informe\n\nHabló la presidente.\n"
    doc.write_text(original, encoding="utf-8")
    result = runner.invoke(main, ["check", "nota.es.md", "--diff"])
    assert doc.read_text(encoding="utf-8") == original
    assert "--- a/nota.es.md\n+++ b/nota.es.md\n" in result.stdout
    assert "-Habló la presidente.\n+Habló la presidenta.\n" in result.stdout
    assert "would fix 1 finding(s)" in result.stderr


def test_fix_reports_what_it_left(runner, tmp_path):
    # inside an XLIFF target the replacement is fine; in a PO string a quote would not be:
    # use a term base whose preferred form holds a quote
    po = tmp_path / "terms.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: es\\n"\n\n'
                  '#. type: other\n# es-forbidden-everywhere: Foo Bar\nmsgctxt "foo"\nmsgid "Foo"\n'
                  'msgstr "el \\"Foo\\""\n', encoding="utf-8")
    doc = tmp_path / "x.po"
    doc.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: es\\n"\n\n'
                   'msgid "Hello Foo"\nmsgstr "Hola Foo Bar"\n', encoding="utf-8")
    before = doc.read_text(encoding="utf-8")
    result = runner.invoke(main, ["check", "--no-builtin", "--glossary", str(po), "x.po", "--fix"])
    assert doc.read_text(encoding="utf-8") == before
    assert "x.po:7:14: GL102 'Foo Bar' not fixed: " in result.stderr
    assert "would need escaping" in result.stderr
    assert "1 fixable finding(s) left" in result.stderr
    assert result.exit_code == 1


def test_fix_and_diff_together_is_a_usage_error(runner, tmp_path):
    (tmp_path / "a.es.txt").write_text("x\n", encoding="utf-8")
    result = runner.invoke(main, ["check", "a.es.txt", "--fix", "--diff"])
    assert result.exit_code == 2 and "do not go together" in result.stderr


@pytest.mark.parametrize("before, after", [
    ("visitó el Ministerio del Interior.", "visitó la Secretaría de Gobernación."),
    ("jefe del Ministerio del Interior.", "jefe de la Secretaría de Gobernación."),
    ("fue al Ministerio del Interior.", "fue a la Secretaría de Gobernación."),
    ("El Ministerio del Interior informó.", "La Secretaría de Gobernación informó."),
])
def test_determiner_before_the_span_agrees_with_the_replacement(before, after):
    old = "Ministerio del Interior"
    a = before.index(old)
    out, made, skipped = apply_edits(before, [Edit("f", 1, a + 1, 1, a + 1 + len(old), old,
                                                   "Secretaría de Gobernación")])
    assert (out, skipped) == (after, [])


def test_determiner_of_unknown_gender_is_left():
    text = "habló la Secretaría del Interior."
    old = "Secretaría del Interior"
    a = text.index(old)
    out, made, skipped = apply_edits(text, [Edit("f", 1, a + 1, 1, a + 1 + len(old), old, "Segob")])
    assert out == text and made == [] and "cannot tell" in skipped[0][1]


def test_fix_po_translation_in_place(runner, tmp_path):
    doc = tmp_path / "x.po"
    doc.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: es\\n"\n\n'
                   'msgid "The Secretary of the Interior spoke with the Ministry of the Interior."\n'
                   'msgstr "El secretario del Interior habló con el Ministerio del Interior."\n', encoding="utf-8")
    result = runner.invoke(main, ["check", "x.po", "--country", "MX", "--fix"])
    assert result.exit_code == 0, result.stdout + result.stderr
    assert 'msgstr "El secretario de Gobernación habló con la Secretaría de Gobernación."\n' in doc.read_text(
        encoding="utf-8")
    again = runner.invoke(main, ["check", "x.po", "--country", "MX", "--diff"])
    assert again.stdout == "" and again.exit_code == 0


@pytest.mark.parametrize("before, after", [
    ("visitó el **Ministerio del Interior**.", "visitó la **Secretaría de Gobernación**."),
    ('visitó el <g id="1">Ministerio del Interior</g>.', 'visitó la <g id="1">Secretaría de Gobernación</g>.'),
])
def test_determiner_agrees_across_markup(before, after):
    old = "Ministerio del Interior"
    a = before.index(old)
    out, _, skipped = apply_edits(before, [Edit("f", 1, a + 1, 1, a + 1 + len(old), old,
                                                "Secretaría de Gobernación")])
    assert (out, skipped) == (after, [])


def test_fix_xliff_keeps_inline_markup_and_entities(runner, tmp_path):
    doc = tmp_path / "a.xlf"
    doc.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
        '<file source-language="en" target-language="es" datatype="plaintext" original="a"><body>\n'
        '<trans-unit id="1"><source>The Secretary of the Interior met the Ministry of the Interior.</source>\n'
        '<target>La secretaria del Interior &amp; el <g id="1">Ministerio del Interior</g>.</target></trans-unit>\n'
        '</body></file></xliff>\n', encoding="utf-8")
    result = runner.invoke(main, ["check", "a.xlf", "--country", "MX", "--fix"])
    assert result.exit_code == 0, result.stdout + result.stderr
    assert ('<target>La secretaria de Gobernación &amp; la <g id="1">Secretaría de Gobernación</g>.</target>'
            in doc.read_text(encoding="utf-8"))
