"""glossary terms list/show/search/add/remove/edit and glossary validate, in-process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from glossary.cli import main
from glossary.po import read_catalog

REPO = Path(__file__).resolve().parent.parent

HEADER = '''# Test term base.
msgid ""
msgstr ""
"Project-Id-Version: glossary\\n"
"Language: es\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
'''

SEGOB = '''
#. type: government-body
#. country: MX
#. en-admitted: Interior Ministry
#: seeds/a.txt:12
# es-admitted: Segob
# es-acronym: SEGOB
# es-forbidden: Secretaría del Interior [calque]
msgctxt "mx-segob"
msgid "Ministry of the Interior"
msgstr "Secretaría de Gobernación"
'''

DOI = '''
#. type: government-body
#. country: US
#: seeds/b.txt:3
msgctxt "us-doi"
msgid "Department of the Interior"
msgstr "Departamento del Interior"
'''

PRESIDENT = '''
#. type: official-title
#. country: MX
#: seeds/a.txt:2
# es-masc: presidente
# es-fem: presidenta
msgctxt "mx-president"
msgid "President"
msgstr "presidenta"
'''


def write_po(path: Path, *entries: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + "".join(entries), encoding="utf-8")
    return path


@pytest.fixture
def po(tmp_path: Path) -> Path:
    """A small valid term base."""
    return write_po(tmp_path / "locales" / "es" / "glossary.po", SEGOB, DOI, PRESIDENT)


def run(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(main, list(args), catch_exceptions=False)


def read_only(po: Path, *args: str) -> list[str]:
    return [*args, "--glossary", str(po), "--no-builtin"]


def one_error_line(result: Result, *words: str) -> None:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("glossary: error: "), result.stderr
    for w in words:
        assert w in lines[0], lines[0]
    assert "Traceback" not in result.stderr


# ----------------------------------------------------------------------------- list


def test_list_text_columns(runner: CliRunner, po: Path) -> None:
    result = run(runner, *read_only(po, "terms", "list"))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["id", "type", "en", "es"]
    assert lines[1].split()[:2] == ["mx-segob", "government-body"]
    assert "Secretaría de Gobernación" in lines[1]
    assert len(lines) == 4


def test_list_filters_and_json(runner: CliRunner, po: Path) -> None:
    result = run(runner, *read_only(po, "terms", "list", "--country", "us", "--format", "json"))
    doc = json.loads(result.stdout)
    assert doc["version"] == 1
    assert [c["id"] for c in doc["concepts"]] == ["us-doi"]
    result = run(runner, *read_only(po, "terms", "list", "--type", "official-title", "--format", "json"))
    assert [c["id"] for c in json.loads(result.stdout)["concepts"]] == ["mx-president"]
    forms = json.loads(result.stdout)["concepts"][0]["forms"]
    assert {"text": "presidente", "lang": "es", "status": "preferred", "acronym": False,
            "gender": "m", "number": "sg", "everywhere": False, "note": ""} in forms


def test_list_lang_filter(runner: CliRunner, tmp_path: Path) -> None:
    po = write_po(tmp_path / "g.po", SEGOB, DOI.replace('msgstr "Departamento del Interior"', 'msgstr ""'))
    result = run(runner, *read_only(po, "terms", "list", "--lang", "es", "--format", "json"))
    assert [c["id"] for c in json.loads(result.stdout)["concepts"]] == ["mx-segob"]


def test_list_merges_builtin_term_base(runner: CliRunner) -> None:
    result = run(runner, "terms", "list", "--format", "json")
    assert result.exit_code == 0, result.stderr
    ids = [c["id"] for c in json.loads(result.stdout)["concepts"]]
    assert ids and len(ids) == len(set(ids))


def test_list_bad_po_is_one_error_line(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.po"
    bad.write_text(HEADER + '\nmsgctxt "x"\nmsgid "a"\nmsgstr "b\n', encoding="utf-8")
    one_error_line(run(runner, *read_only(bad, "terms", "list")), "bad.po")


def test_list_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    one_error_line(run(runner, *read_only(tmp_path / "nope.po", "terms", "list")), "nope.po")


# ----------------------------------------------------------------------------- show / search


def test_show_text_and_json(runner: CliRunner, po: Path) -> None:
    result = run(runner, *read_only(po, "terms", "show", "mx-segob"))
    assert result.exit_code == 0
    assert result.stdout.startswith("mx-segob  (government-body, MX)")
    assert "forbidden" in result.stdout and "[calque]" in result.stdout
    doc = json.loads(run(runner, *read_only(po, "terms", "show", "mx-segob", "--format", "json")).stdout)
    c = doc["concept"]
    assert (c["id"], c["country"], c["references"]) == ("mx-segob", "MX", [{"path": "seeds/a.txt", "line": 12}])
    assert {"text": "SEGOB", "lang": "es", "status": "admitted", "acronym": True, "gender": None,
            "number": None, "everywhere": False, "note": ""} in c["forms"]


def test_show_unknown_id(runner: CliRunner, po: Path) -> None:
    one_error_line(run(runner, *read_only(po, "terms", "show", "mx-segb")),
                   "unknown concept id 'mx-segb'", "mx-segob")


@pytest.mark.parametrize("query", ["gobernacion", "SEGOB", "segob", "Secretaria de Gobernacion"])
def test_search_spanish(runner: CliRunner, po: Path, query: str) -> None:
    result = run(runner, *read_only(po, "terms", "search", query, "--format", "json"))
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["results"][0]["concept"]["id"] == "mx-segob"


def test_search_english_ranks_and_text_output(runner: CliRunner, po: Path) -> None:
    doc = json.loads(run(runner, *read_only(po, "terms", "search", "interior", "--lang", "en",
                                            "--format", "json")).stdout)
    assert [(r["concept"]["id"], r["rank"]) for r in doc["results"]] == [
        ("mx-segob", "prefix"), ("us-doi", "substring")]
    assert doc["results"][0]["match"] == "Interior Ministry"
    text = run(runner, *read_only(po, "terms", "search", "interior ministry")).stdout
    assert text.splitlines()[1].startswith("mx-segob")


def test_search_nothing_found_exits_1(runner: CliRunner, po: Path) -> None:
    result = run(runner, *read_only(po, "terms", "search", "Hacienda"))
    assert result.exit_code == 1 and result.stdout == ""
    assert "no concept matches" in result.stderr


# ----------------------------------------------------------------------------- add


def test_add_creates_a_new_file_that_msgfmt_accepts(runner: CliRunner, tmp_path: Path) -> None:
    new = tmp_path / "new.po"
    result = run(runner, "terms", "add", "--glossary", str(new), "--en", "Ministry of Foreign Affairs",
                 "--es", "Secretaría de Relaciones Exteriores", "--country", "mx", "--type",
                 "government-body", "--es-acronym", "SRE", "--es-forbidden",
                 "Ministerio de Asuntos Exteriores [Spain]", "--ref", "seeds/a.txt:9",
                 "--note", "Mexico's foreign ministry", "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["action"] == "added" and doc["id"] == "mx-ministry-foreign-affairs"
    c = read_catalog(new).concepts[0]
    assert c.id == "mx-ministry-foreign-affairs" and c.country == "MX"
    assert sorted((f.text, f.status.value, f.acronym, f.note) for f in c.forms_in("es")) == [
        ("Ministerio de Asuntos Exteriores", "forbidden", False, "Spain"),
        ("SRE", "admitted", True, ""),
        ("Secretaría de Relaciones Exteriores", "preferred", False, "")]
    assert [f["text"] for f in doc["concept"]["forms"]] == [f.text for f in c.forms]
    if shutil.which("msgfmt"):
        check = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(new)], capture_output=True)
        assert check.returncode == 0, check.stderr


def test_add_duplicate_id_is_an_error_and_leaves_the_file(runner: CliRunner, po: Path) -> None:
    before = po.read_bytes()
    result = run(runner, "terms", "add", "--glossary", str(po), "--id", "mx-segob", "--en", "Interior")
    one_error_line(result, "mx-segob", "already exists")
    assert po.read_bytes() == before


def test_add_derives_a_unique_id(runner: CliRunner, po: Path) -> None:
    run(runner, "terms", "add", "--glossary", str(po), "--en", "Department of the Interior", "--country", "US")
    ids = [c.id for c in read_catalog(po).concepts]
    assert ids[-1] == "us-department-interior"
    run(runner, "terms", "add", "--glossary", str(po), "--en", "Department of the Interior", "--country", "US")
    assert read_catalog(po).concepts[-1].id == "us-department-interior-2"


def test_add_derived_ids_avoid_builtin_ids_and_explicit_ones_override(runner: CliRunner,
                                                                      tmp_path: Path) -> None:
    from glossary.termbase import builtin_locales

    builtin = read_catalog(builtin_locales() / "es" / "glossary.po").concepts
    target = builtin[0]
    en = target.preferred("en")
    assert en is not None
    new = tmp_path / "g.po"
    result = run(runner, "terms", "add", "--glossary", str(new), "--en", en.text, "--id", target.id)
    assert result.exit_code == 0 and "overrides the built-in" in result.stderr
    slug_clash = tmp_path / "h.po"
    run(runner, "terms", "add", "--glossary", str(slug_clash), "--en", target.id.replace("-", " "))
    assert read_catalog(slug_clash).concepts[0].id != target.id


def test_add_warns_about_health_problems(runner: CliRunner, po: Path) -> None:
    result = run(runner, "terms", "add", "--glossary", str(po), "--en", "Interior Department",
                 "--es", "Departamento del Interior", "--country", "US", "--id", "us-doi-2")
    assert result.exit_code == 0
    assert "GL902" in result.stderr and "us-doi" in result.stderr


def test_add_finds_the_users_locales_from_a_subfolder(runner: CliRunner, po: Path) -> None:
    root = po.parent.parent.parent
    (root / "docs").mkdir()
    (root / ".git").mkdir()
    cwd = os.getcwd()
    os.chdir(root / "docs")
    try:
        result = run(runner, "terms", "add", "--en", "Supreme Court", "--es", "Suprema Corte", "--id", "mx-scjn")
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.stderr
    assert read_catalog(po).concepts[-1].id == "mx-scjn"


def test_add_without_a_term_base_asks_for_glossary(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        one_error_line(run(runner, "terms", "add", "--en", "Senate"), "--glossary")
    finally:
        os.chdir(cwd)


def test_add_into_a_missing_folder(runner: CliRunner, tmp_path: Path) -> None:
    one_error_line(run(runner, "terms", "add", "--glossary", str(tmp_path / "no" / "g.po"), "--en", "Senate"),
                   "does not exist")


@pytest.mark.parametrize("args, words", [
    (["--id", "Bad Id"], "lower-case"),
    (["--country", "Mexico"], "ISO 3166"),
    (["--en-admitted", ""], "empty"),
])
def test_add_rejects_bad_values(runner: CliRunner, po: Path, args: list[str], words: str) -> None:
    one_error_line(run(runner, "terms", "add", "--glossary", str(po), "--en", "Senate", *args), words)


def test_add_to_a_bad_po_fails_cleanly(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.po"
    bad.write_text(HEADER + '\n#. type: agency\nmsgctxt "x"\nmsgid "a"\nmsgstr "b"\n', encoding="utf-8")
    one_error_line(run(runner, "terms", "add", "--glossary", str(bad), "--en", "Senate"), "unknown type")


def test_processes_adding_at_once_all_land(tmp_path: Path) -> None:
    target = write_po(tmp_path / "g.po", SEGOB)
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    procs = [
        subprocess.Popen([sys.executable, "-m", "glossary", "terms", "add", "--glossary", str(target),
                          "--id", f"concept-{n}", "--en", f"Concept {n}", "--es", f"Concepto {n}"],
                         cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for n in (1, 2, 3, 4)
    ]
    for p in procs:
        _out, err = p.communicate(timeout=60)
        assert p.returncode == 0, err.decode()
    ids = {c.id for c in read_catalog(target).concepts}
    assert ids == {"mx-segob", "concept-1", "concept-2", "concept-3", "concept-4"}


# ----------------------------------------------------------------------------- remove / edit


def test_remove_and_obsolete(runner: CliRunner, po: Path) -> None:
    result = run(runner, "terms", "remove", "us-doi", "--glossary", str(po), "--format", "json")
    assert json.loads(result.stdout)["action"] == "removed"
    assert [c.id for c in read_catalog(po).concepts] == ["mx-segob", "mx-president"]
    run(runner, "terms", "remove", "mx-president", "--obsolete", "--glossary", str(po))
    concepts = read_catalog(po).concepts
    assert [(c.id, c.obsolete) for c in concepts] == [("mx-segob", False), ("mx-president", True)]
    assert "#~ msgctxt \"mx-president\"" in po.read_text(encoding="utf-8")


def test_remove_unknown_id(runner: CliRunner, po: Path) -> None:
    one_error_line(run(runner, "terms", "remove", "mx-nope", "--glossary", str(po)), "unknown concept id")


def test_editing_a_builtin_concept_explains_how_to_override(runner: CliRunner, po: Path) -> None:
    from glossary.termbase import builtin_locales

    builtin = read_catalog(builtin_locales() / "es" / "glossary.po").concepts
    cid = next(c.id for c in builtin if c.id not in {"mx-segob", "us-doi", "mx-president"})
    one_error_line(run(runner, "terms", "edit", cid, "--glossary", str(po), "--set-type", "other"),
                   "built-in term base", f"--id {cid}")


def test_remove_from_a_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    one_error_line(run(runner, "terms", "remove", "x", "--glossary", str(tmp_path / "none.po")), "none.po")


def test_edit_set_preferred_drop_and_fields(runner: CliRunner, po: Path) -> None:
    result = run(runner, "terms", "edit", "mx-segob", "--glossary", str(po), "--set-es", "Segob",
                 "--drop", "SEGOB", "--es-deprecated", "Gobernación [too short]", "--set-type", "other",
                 "--fuzzy", "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["concept"]["type"] == "other" and "fuzzy" in doc["concept"]["flags"]
    c = read_catalog(po).concepts[0]
    es = [(f.text, f.status.value) for f in c.forms_in("es")]
    assert es[0] == ("Segob", "preferred")
    assert ("Secretaría de Gobernación", "admitted") in es
    assert ("Gobernación", "deprecated") in es and not any(t == "SEGOB" for t, _ in es)
    assert 'msgstr "Segob"' in po.read_text(encoding="utf-8")


def test_edit_country_flags_and_approve(runner: CliRunner, po: Path) -> None:
    run(runner, "terms", "edit", "us-doi", "--glossary", str(po), "--set-country", "", "--case-sensitive")
    c = read_catalog(po).concepts[1]
    assert c.country == "" and c.case_sensitive
    run(runner, "terms", "edit", "us-doi", "--glossary", str(po), "--no-case-sensitive")
    assert not read_catalog(po).concepts[1].case_sensitive


@pytest.mark.parametrize("args, words", [
    (["mx-nope", "--set-type", "other"], "unknown concept id 'mx-nope'"),
    (["mx-segob"], "nothing to change"),
    (["mx-segob", "--drop", "Ministry of the Interior"], "preferred en form"),
    (["mx-segob", "--drop", "Segobb"], "has no form"),
    (["mx-segob", "--es-forbidden", "Segob"], "drop it first"),
])
def test_edit_errors(runner: CliRunner, po: Path, args: list[str], words: str) -> None:
    before = po.read_bytes()
    one_error_line(run(runner, "terms", "edit", *args, "--glossary", str(po)), words)
    assert po.read_bytes() == before


# ----------------------------------------------------------------------------- validate


def test_validate_clean_file(runner: CliRunner, po: Path) -> None:
    result = run(runner, "validate", str(po))
    assert result.exit_code == 0, result.stdout
    assert "no findings" in result.stdout


def test_validate_findings_text_and_exit_1(runner: CliRunner, tmp_path: Path) -> None:
    po = write_po(tmp_path / "g.po", SEGOB, SEGOB.replace("Interior Ministry", "Interior Ministry\n#. colour: red"))
    result = run(runner, "validate", str(po))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any(":" in ln and " GL901 [duplicate-id] " in ln for ln in lines)
    gl906 = next(ln for ln in lines if "GL906" in ln)
    assert gl906.startswith(f"{po}:") and "unknown key 'colour'" in gl906


def test_validate_json_and_fail_on(runner: CliRunner, tmp_path: Path) -> None:
    po = write_po(tmp_path / "g.po", SEGOB.replace("#: seeds/a.txt:12\n", "#, fuzzy\n"))
    result = run(runner, "validate", str(po), "--format", "json")
    doc = json.loads(result.stdout)
    assert result.exit_code == 0  # a warning and an info do not fail by default
    assert sorted(f["code"] for f in doc["findings"]) == ["GL908", "GL909"]
    assert doc["findings"][0]["term"] == "mx-segob"
    assert run(runner, "validate", str(po), "--fail-on", "warning").exit_code == 1
    result = run(runner, "validate", str(po), "--ignore", "GL908,GL909", "--fail-on", "info")
    assert result.exit_code == 0


def test_validate_reports_merge_conflicts_as_findings(runner: CliRunner, tmp_path: Path) -> None:
    po = tmp_path / "g.po"
    po.write_text(HEADER + SEGOB.replace('msgstr "Secretaría de Gobernación"',
                                         '<<<<<<< HEAD\nmsgstr "Secretaría de Gobernación"\n=======\n'
                                         'msgstr "Gobernación"\n>>>>>>> other'), encoding="utf-8")
    result = run(runner, "validate", str(po))
    assert result.exit_code == 1, result.stderr
    assert [ln.split()[1] for ln in result.stdout.splitlines() if "GL907" in ln] == ["GL907"] * 3
    assert result.stderr == ""


def test_validate_bad_and_missing_ids_are_findings(runner: CliRunner, tmp_path: Path) -> None:
    po = write_po(tmp_path / "g.po", SEGOB.replace('"mx-segob"', '"MX_Segob"'),
                  DOI.replace('msgctxt "us-doi"\n', ""))
    result = run(runner, "validate", str(po), "--format", "json")
    assert result.exit_code == 1, result.stderr
    found = {(f["code"], f["line"]) for f in json.loads(result.stdout)["findings"]}
    text = po.read_text(encoding="utf-8").splitlines()
    assert ("GL910", text.index('msgctxt "MX_Segob"') + 1) in found
    assert ("GL911", text.index('msgid "Department of the Interior"') + 1) in found


@pytest.mark.parametrize("content, words", [
    (HEADER + '\nmsgctxt "x"\nmsgid "a"\nmsgstr "b\n', "g.po"),
    (None, "no such file"),
])
def test_validate_unreadable_input_exits_2(runner: CliRunner, tmp_path: Path, content: str | None,
                                           words: str) -> None:
    po = tmp_path / "g.po"
    if content is not None:
        po.write_text(content, encoding="utf-8")
    result = run(runner, "validate", str(po))
    assert result.exit_code == 2
    assert words in result.stderr and "Traceback" not in result.stderr


def test_validate_defaults_to_the_users_locales(runner: CliRunner, po: Path) -> None:
    root = po.parent.parent.parent
    (root / ".git").mkdir()
    pot = root / "locales" / "glossary.pot"
    pot.write_text(HEADER + SEGOB.replace('msgstr "Secretaría de Gobernación"', 'msgstr ""')
                   .replace("# es-admitted: Segob\n# es-acronym: SEGOB\n# es-forbidden: Secretaría del Interior [calque]\n", ""),
                   encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = run(runner, "validate", "--format", "json")
    finally:
        os.chdir(cwd)
    doc = json.loads(result.stdout)
    assert result.exit_code == 0, result.stdout
    assert doc["summary"]["files"] == 2 and doc["findings"] == []


def test_validate_folder_argument_and_sarif(runner: CliRunner, po: Path) -> None:
    result = run(runner, "validate", str(po.parent.parent), "--format", "sarif")
    assert result.exit_code == 0
    log = json.loads(result.stdout)
    assert log["version"] == "2.1.0"
    assert any(r["id"] == "GL907" for r in log["runs"][0]["tool"]["driver"]["rules"])
