"""The ``glossary tm`` commands, in process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from glossary.cli import main
from glossary.po import read_units

TERMS = '''msgid ""
msgstr ""
"Language: es\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

#. type: government-body
# es-forbidden: Secretaría del Interior
# es-deprecated: Ministerio de Gobernación
msgctxt "mx-segob"
msgid "Ministry of the Interior"
msgstr "Secretaría de Gobernación"
'''

CORPUS = (
    "en\tes\n"
    "The Ministry of the Interior published the report.\tLa Secretaría del Interior publicó el informe.\n"
    "The Ministry of the Interior signed the agreement.\tEl Ministerio de Gobernación firmó el acuerdo.\n"
    "The Minister arrived on 14 May.\tEl ministro llegó el 14 de mayo.\n"
    "Save the file\tGuardar el archivo\n"
    "Save the file\tGrabar el archivo\n"
    "Open\tAbrir\n"
)


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "locales" / "es").mkdir(parents=True)
    (tmp_path / "terms.po").write_text(TERMS, encoding="utf-8")
    (tmp_path / "corpus.tsv").write_text(CORPUS, encoding="utf-8")
    return tmp_path


def _run(runner: CliRunner, *args: str) -> object:
    return runner.invoke(main, list(args), catch_exceptions=False)


def _imported(runner: CliRunner, work: Path) -> Path:
    r = _run(runner, "tm", "import", "corpus.tsv")
    assert r.exit_code == 0, r.stderr
    return work / "locales" / "es" / "memory.po"


def test_import_default_memory_and_report(runner: CliRunner, work: Path) -> None:
    r = runner.invoke(main, ["tm", "import", "corpus.tsv"])
    assert r.exit_code == 0
    assert "corpus.tsv: 6 added, 0 duplicate(s)" in r.stdout
    assert "conflict: corpus.tsv:6: 'Save the file' is 'Guardar el archivo'" in r.stderr
    assert "added 6 of 6 segment(s): 0 duplicate(s), 1 conflict(s)" in r.stderr
    units = read_units(work / "locales" / "es" / "memory.po")[1]
    assert [u.msgid for u in units][:2] == ["The Ministry of the Interior published the report.",
                                            "The Ministry of the Interior signed the agreement."]
    assert units[0].references[0].path == "corpus.tsv"
    r = runner.invoke(main, ["tm", "import", "corpus.tsv", "--dry-run"])
    assert "would add 0 of 6 segment(s): 6 duplicate(s)" in r.stderr


def test_import_samples_with_language_pair(runner: CliRunner, work: Path, samples: Path) -> None:
    r = runner.invoke(main, ["tm", "import", str(samples / "tmx14_omegat_en-fr.tmx"), "--target-lang", "fr",
                             "--memory", "fr.po"])
    assert r.exit_code == 0, r.stderr
    assert "added 22 of 25 segment(s): 3 duplicate(s)" in r.stderr
    assert "Language: fr" in (work / "fr.po").read_text(encoding="utf-8")
    r = runner.invoke(main, ["tm", "import", str(samples / "tmx14_omegat_en-fr.tmx"), "--memory", "es.po"])
    assert r.exit_code == 2
    assert r.stderr.startswith("glossary: error: ") and "no es segments" in r.stderr
    # German→English XLIFF 2.0 into a German memory: English stays the msgid
    r = runner.invoke(main, ["tm", "import", str(samples / "xliff20_angular_de-en.xlf"), "--source-lang", "de",
                             "--target-lang", "en", "--memory", "de.po"])
    assert r.exit_code == 0, r.stderr
    assert "added 23 of 25 segment(s)" in r.stderr
    r = runner.invoke(main, ["tm", "lookup", "--memory", "de.po", "--source-lang", "de", "--target-lang", "en",
                             "--format", "json", "--threshold", "0", "--top", "1", "x"])
    assert r.exit_code in (0, 1)


def test_import_fuzzy_po_entries_stay_fuzzy(runner: CliRunner, work: Path, samples: Path) -> None:
    r = runner.invoke(main, ["tm", "import", str(samples / "gnucash-glossary_es.po"), "--memory", "m.po"])
    assert r.exit_code == 0, r.stderr
    units = read_units(work / "m.po")[1]
    assert len(units) == 175
    assert sum("fuzzy" in u.flags for u in units) == 17


def test_lookup_text_and_json(runner: CliRunner, work: Path) -> None:
    _imported(runner, work)
    r = _run(runner, "tm", "lookup", "The Minister arrived on 12 May.")
    assert r.exit_code == 0
    assert "99.0%  differs only in a number" in r.stdout
    assert "14 -> 12" in r.stdout
    assert "translation: El ministro llegó el 14 de mayo." in r.stdout
    r = _run(runner, "tm", "lookup", "--format", "json", "Save the file")
    doc = json.loads(r.stdout)
    matches = doc["queries"][0]["matches"]
    assert [m["target"] for m in matches] == ["Guardar el archivo", "Grabar el archivo"]
    assert matches[0]["score"] == 100 and matches[0]["kind"] == "exact"
    r = _run(runner, "tm", "lookup", "--format", "json", "The Ministry of the Interior published reports.")
    m = json.loads(r.stdout)["queries"][0]["matches"][0]
    assert m["kind"] == "fuzzy" and 75 <= m["score"] < 100
    assert {"op": "delete", "text": " the report"} in m["diff"]
    assert m["diff_text"] == "The Ministry of the Interior published [-the report-] {+reports+}."


def test_lookup_reverse_file_and_no_match(runner: CliRunner, work: Path) -> None:
    _imported(runner, work)
    r = _run(runner, "tm", "lookup", "--source-lang", "es", "--target-lang", "en", "Abrir")
    assert r.exit_code == 0 and "translation: Open" in r.stdout
    (work / "q.txt").write_text("Open\n\nSave the file\n", encoding="utf-8")
    r = _run(runner, "tm", "lookup", "--file", "q.txt", "--format", "json")
    assert [len(q["matches"]) for q in json.loads(r.stdout)["queries"]] == [1, 2]
    r = _run(runner, "tm", "lookup", "Completely unrelated words here")
    assert r.exit_code == 1 and "no match at or above 75%" in r.stdout
    r = runner.invoke(main, ["tm", "lookup"])
    assert r.exit_code == 2 and "give TEXT or --file" in r.stderr


def test_missing_memory_is_one_line_error(runner: CliRunner, work: Path) -> None:
    r = runner.invoke(main, ["tm", "lookup", "--memory", "nope.po", "x"])
    assert r.exit_code == 2
    assert r.stderr.strip().splitlines() == [
        "glossary: error: nope.po: no such memory file (import something first: glossary tm import FILE)"]


def test_search_concordance(runner: CliRunner, work: Path) -> None:
    _imported(runner, work)
    r = _run(runner, "tm", "search", "ministry of THE")
    assert r.exit_code == 0
    assert r.stdout.count("[[Ministry of the]]") == 2
    assert "2 entries" in r.stderr
    r = _run(runner, "tm", "search", "--format", "json", "--source-lang", "es", "--target-lang", "en", "archivo")
    assert [e["source"] for e in json.loads(r.stdout)["entries"]] == ["Guardar el archivo", "Grabar el archivo"]
    assert _run(runner, "tm", "search", "zebra").exit_code == 1


def test_check_conflicts_and_glossary(runner: CliRunner, work: Path) -> None:
    _imported(runner, work)
    r = _run(runner, "tm", "check", "--no-builtin", "--glossary", "terms.po", "--format", "json")
    doc = json.loads(r.stdout)
    codes = sorted(f["code"] for f in doc["findings"])
    assert codes == ["GL102", "GL103", "GL201"]
    gl201 = next(f for f in doc["findings"] if f["code"] == "GL201")
    assert "'Save the file' is translated 'Grabar el archivo' here but 'Guardar el archivo'" in gl201["message"]
    assert r.exit_code == 1  # GL102 is an error
    r = _run(runner, "tm", "check", "--no-builtin", "--glossary", "terms.po", "--select", "GL201")
    assert r.exit_code == 0 and "GL201" in r.stdout and "GL102" not in r.stdout


def test_pretranslate_po_fixes_glossary_and_marks_fuzzy(runner: CliRunner, work: Path) -> None:
    _imported(runner, work)
    (work / "in.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: es\\n"\n\n'
        'msgid "The Ministry of the Interior published the report."\nmsgstr ""\n\n'
        'msgid "The Minister arrived on 12 May."\nmsgstr ""\n\n'
        'msgid "Open"\nmsgstr ""\n\n'
        'msgid "Nothing like it"\nmsgstr ""\n\n'
        'msgid "Save the file"\nmsgstr "Ya traducido"\n', encoding="utf-8")
    r = _run(runner, "tm", "pretranslate", "in.po", "out.po", "--no-builtin", "--glossary", "terms.po")
    assert r.exit_code == 0, r.stderr
    assert "2 exact, 1 fuzzy of 5 unit(s); 1 already translated; 1 adjusted (numbers/names), 1 glossary fix" in r.stderr
    units = {u.msgid: u for u in read_units(work / "out.po")[1]}
    fixed = units["The Ministry of the Interior published the report."]
    assert fixed.msgstr == "La Secretaría de Gobernación publicó el informe."
    assert "fuzzy" in fixed.flags and "replaced by 'Secretaría de Gobernación'" in fixed.tcomment
    num = units["The Minister arrived on 12 May."]
    assert num.msgstr == "El ministro llegó el 12 de mayo." and "fuzzy" in num.flags
    assert "tm: 99% number match" in num.tcomment
    assert units["Open"].msgstr == "Abrir" and units["Open"].flags == ()
    assert units["Nothing like it"].msgstr == ""
    assert units["Save the file"].msgstr == "Ya traducido"


def test_pretranslate_xliff12(runner: CliRunner, work: Path, samples: Path) -> None:
    r = _run(runner, "tm", "import", str(samples / "xliff12_swordfish_en-es.xlf"))
    assert r.exit_code == 0
    src = etree.parse(str(samples / "xliff12_swordfish_en-es.xlf"))
    for tu in src.getroot().iter("{*}trans-unit"):
        for t in tu.findall("{*}target"):
            tu.remove(t)
    src.write(str(work / "empty.xlf"), xml_declaration=True, encoding="UTF-8")
    r = _run(runner, "tm", "pretranslate", "empty.xlf", "out.xlf", "--no-glossary-check")
    assert r.exit_code == 0, r.stderr
    out = etree.parse(str(work / "out.xlf"))
    targets = list(out.getroot().iter("{*}target"))
    exact = [t for t in targets if t.get("state-qualifier") == "exact-match"]
    assert len(exact) >= 80
    assert all(t.get("state") == "translated" for t in exact)
    unit = next(tu for tu in out.getroot().iter("{*}trans-unit")
                if tu.find("{*}source").text == "Version {0} - Build {1}")
    assert unit.find("{*}target").text == "Versión {0} - Distribución {1}"
    schemas = samples.parent / "schemas"

    class _Local(etree.Resolver):
        def resolve(self, url, pubid, context):  # type: ignore[no-untyped-def]
            if url.endswith("xml.xsd"):
                return self.resolve_filename(str(schemas / "informativeCopiesOf3rdPartySchemas/w3c/xml.xsd"),
                                             context)
            return None

    parser = etree.XMLParser()
    parser.resolvers.add(_Local())
    xsd = etree.XMLSchema(etree.parse(str(schemas / "xliff-core-1.2-strict.xsd"), parser))
    assert xsd.validate(out), xsd.error_log


def test_export_tmx_and_tsv(runner: CliRunner, work: Path, schemas: Path) -> None:
    _imported(runner, work)
    r = _run(runner, "tm", "export", "--to", "tmx", "out.tmx")
    assert r.exit_code == 0 and "6 entries" in r.stderr
    dtd = etree.DTD(str(schemas / "tmx14.dtd"))
    assert dtd.validate(etree.parse(str(work / "out.tmx"))), dtd.error_log
    r = _run(runner, "tm", "export", "--to", "tsv", "-")
    lines = r.stdout.splitlines()
    assert lines[0] == "en\tes" and len(lines) == 7
    r = _run(runner, "tm", "import", "out.tmx", "--memory", "again.po")
    assert "added 6 of 6" in r.stderr


def test_rules_list_has_gl201(runner: CliRunner) -> None:
    r = _run(runner, "rules")
    assert "GL201  memory-conflict" in r.stdout


def test_pretranslate_xliff20_reverse_direction(runner: CliRunner, work: Path, samples: Path) -> None:
    sample = samples / "xliff20_angular_de-en.xlf"
    r = _run(runner, "tm", "import", str(sample), "--source-lang", "de", "--target-lang", "en", "--memory", "de.po")
    assert r.exit_code == 0, r.stderr
    src = etree.parse(str(sample))
    for seg in src.getroot().iter("{*}segment"):
        for t in seg.findall("{*}target"):
            seg.remove(t)
    src.write(str(work / "empty.xlf"), xml_declaration=True, encoding="UTF-8")
    r = _run(runner, "tm", "pretranslate", "empty.xlf", "out.xlf", "--memory", "de.po", "--source-lang", "de",
             "--target-lang", "en", "--no-glossary-check")
    assert r.exit_code == 0, r.stderr
    out = etree.parse(str(work / "out.xlf")).getroot()
    filled = [s for s in out.iter("{*}segment") if s.find("{*}target") is not None]
    plain = [s for s in out.iter("{*}segment") if not len(s.find("{*}source"))]
    assert filled and len(filled) == len(plain)
    assert all(s.get("state") == "translated" for s in filled)
    orig = {u.get("id"): u for u in etree.parse(str(sample)).getroot().iter("{*}unit")}
    for s in filled:
        unit = s.getparent()
        want = orig[unit.get("id")].find("{*}segment/{*}target")
        assert s.find("{*}target").text == want.text


def test_import_refuses_another_language_pair(runner: CliRunner, work: Path, samples: Path) -> None:
    r = runner.invoke(main, ["tm", "import", str(samples / "trados_en-fr.docx.sdlxliff")])
    assert r.exit_code == 2
    assert "holds en→fr segments, but this import is en→es" in r.stderr
    assert not (work / "locales" / "es" / "memory.po").exists()
    r = runner.invoke(main, ["tm", "import", str(samples / "trados_en-fr.docx.sdlxliff"), "--target-lang", "fr",
                             "--memory", "fr.po"])
    assert r.exit_code == 0 and "added 3 of 6 segment(s): 3 duplicate(s)" in r.stderr
    r = runner.invoke(main, ["tm", "import", "notes.txt"])
    assert r.exit_code == 2
