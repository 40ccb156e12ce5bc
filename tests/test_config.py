"""Configuration: discovery, keys, values, errors (one line, exit 2), origins, overrides."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from glossary.cli import main
from glossary.config import (
    COMMAND_LINE,
    DEFAULT,
    find_config,
    glob_match,
    load_settings,
)
from glossary.errors import ConfigError
from glossary.model import Severity


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(tmp_path / ".cache"))
    (tmp_path / ".git").mkdir()  # a git root: discovery stops here


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _one_error_line(result) -> str:
    assert result.exit_code == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


# -- discovery ------------------------------------------------------------------------------

def test_no_config_gives_defaults(tmp_path):
    s = load_settings(cwd=tmp_path)
    assert s.path is None
    assert (s.source_lang, s.target_lang, s.fail_on) == ("en", "es", Severity.ERROR)
    assert s.origin("fail-on") == DEFAULT


def test_pyproject_found_from_a_subfolder(tmp_path):
    _write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.glossary]\ncountry = "mx"\n')
    sub = tmp_path / "docs" / "es"
    sub.mkdir(parents=True)
    s = load_settings(cwd=sub)
    assert s.country == "MX"
    assert s.origin("country") == str(tmp_path / "pyproject.toml")
    assert s.origin("target-lang") == DEFAULT


def test_pyproject_without_table_is_passed_over(tmp_path):
    _write(tmp_path / "glossary.toml", 'fail-on = "warning"\n')
    _write(tmp_path / "docs" / "pyproject.toml", '[project]\nname = "docs"\n')
    assert find_config(tmp_path / "docs") == tmp_path / "glossary.toml"
    assert load_settings(cwd=tmp_path / "docs").fail_on is Severity.WARNING


def test_glossary_toml_wins_over_pyproject_in_same_folder(tmp_path):
    _write(tmp_path / "pyproject.toml", '[tool.glossary]\nfail-on = "info"\n')
    _write(tmp_path / "glossary.toml", 'fail-on = "warning"\n')
    assert load_settings(cwd=tmp_path).fail_on is Severity.WARNING


def test_discovery_stops_at_git_root(tmp_path):
    _write(tmp_path / "glossary.toml", 'fail-on = "warning"\n')
    inner = tmp_path / "vendored"
    (inner / ".git").mkdir(parents=True)
    assert find_config(inner) is None


def test_paths_are_relative_to_the_config_file(tmp_path):
    _write(tmp_path / "glossary.toml", 'glossary = ["terms/extra.po"]\nbaseline = "ci/baseline.json"\n')
    (tmp_path / "sub").mkdir()
    s = load_settings(cwd=tmp_path / "sub")
    assert s.glossary == (str(tmp_path / "terms" / "extra.po"),)
    assert s.baseline == str(tmp_path / "ci" / "baseline.json")


def test_all_keys_parse(tmp_path):
    _write(tmp_path / "glossary.toml", """
glossary = "locales"
builtin = false
source-lang = "EN"
target-lang = "es-MX"
lang = "es"
country = "us"
include = ["docs/**"]
exclude = ["docs/legacy/**", "*.tmx"]
select = "GL1, forbidden-term"
ignore = ["GL104"]
fail-on = "warning"
project = true

[severity]
GL103 = "error"
gender-mismatch = "info"

[[overrides]]
paths = ["docs/drafts/**"]
select = ["GL102"]
severity = { GL102 = "warning" }
""")
    s = load_settings(cwd=tmp_path)
    assert s.builtin is False and s.project is True
    assert (s.source_lang, s.target_lang, s.lang, s.country) == ("en", "es-mx", "es", "US")
    assert s.select == ("GL1", "forbidden-term") and s.ignore == ("GL104",)
    assert dict(s.severity) == {"GL103": Severity.ERROR, "GL107": Severity.INFO}
    (o,) = s.overrides
    assert o.paths == ("docs/drafts/**",) and o.select == ("GL102",)
    assert dict(o.severity) == {"GL102": Severity.WARNING}


def test_options_override_config_and_say_so(tmp_path):
    _write(tmp_path / "glossary.toml", 'fail-on = "warning"\nignore = ["GL104"]\n')
    s = load_settings(cwd=tmp_path).with_options(fail_on="info", ignore=("GL103",), country=None)
    assert s.fail_on is Severity.INFO and s.origin("fail-on") == COMMAND_LINE
    assert s.ignore == ("GL104", "GL103")  # --ignore adds to the configured list
    assert s.origin("country") == DEFAULT


# -- per-path rules and include/exclude ------------------------------------------------------

def test_globs():
    assert glob_match("*.tmx", "a/b/c.tmx")
    assert glob_match("docs/**", "docs/a/b.md")
    assert glob_match("docs/*.md", "docs/b.md") and not glob_match("docs/*.md", "docs/a/b.md")
    assert glob_match("legacy", "x/legacy/a.md")
    assert glob_match("/a.md", "a.md") and not glob_match("/a.md", "x/a.md")
    assert glob_match("**/drafts/*.md", "drafts/a.md")
    assert not glob_match("docs/**", "other/docs.md")


def test_rules_for_applies_overrides_in_order(tmp_path):
    _write(tmp_path / "glossary.toml", """
[[overrides]]
paths = ["legacy/**"]
ignore = ["GL103"]
severity = { GL102 = "warning" }
[[overrides]]
paths = ["legacy/keep/**"]
select = ["GL103"]
""")
    s = load_settings(cwd=tmp_path)
    base = frozenset({"GL102", "GL103", "GL105"})
    codes, sev = s.rules_for("legacy/a.es.txt", base, cwd=str(tmp_path))
    assert codes == {"GL102", "GL105"} and sev == {"GL102": Severity.WARNING}
    codes, _ = s.rules_for("legacy/keep/a.es.txt", base, cwd=str(tmp_path))
    assert codes == {"GL103"}
    codes, sev = s.rules_for("new/a.es.txt", base, cwd=str(tmp_path))
    assert codes == base and sev == {}


def test_include_applies_to_walked_files_exclude_to_all(tmp_path):
    _write(tmp_path / "glossary.toml", 'include = ["docs/**"]\nexclude = ["**/legacy/**"]\n')
    s = load_settings(cwd=tmp_path)
    cwd = str(tmp_path)
    assert s.wants("docs/a.md", cwd=cwd)
    assert not s.wants("other/a.md", cwd=cwd)
    assert s.wants("other/a.md", cwd=cwd, walked=False)  # named on the command line
    assert not s.wants("docs/legacy/a.md", cwd=cwd, walked=False)


# -- errors: one line naming the file and the key, exit 2 ------------------------------------

@pytest.mark.parametrize("body, key, words", [
    ('[tool.glossary]\nfail_on = "error"\n', "tool.glossary.fail_on", "did you mean 'fail-on'"),
    ('[tool.glossary]\ncolour = true\n', "tool.glossary.colour", "unknown key"),
    ('[tool.glossary]\nfail-on = "fatal"\n', "tool.glossary.fail-on", "expected one of error, warning, info"),
    ('[tool.glossary]\nselect = ["GL999"]\n', "tool.glossary.select", "unknown rule 'GL999'"),
    ('[tool.glossary]\ncountry = "Mexico"\n', "tool.glossary.country", "not an ISO 3166"),
    ('[tool.glossary]\nbuiltin = "no"\n', "tool.glossary.builtin", "expected true or false"),
    ('[tool.glossary]\ninclude = [1, 2]\n', "tool.glossary.include", "expected a list of strings"),
    ('[tool.glossary.severity]\nGL777 = "error"\n', "tool.glossary.severity.GL777", "unknown rule"),
    ('[tool.glossary.severity]\nGL103 = "loud"\n', "tool.glossary.severity.GL103", "expected one of"),
    ('[[tool.glossary.overrides]]\nselect = ["GL102"]\n', "tool.glossary.overrides[0].paths", "missing"),
    ('[[tool.glossary.overrides]]\npaths = ["a"]\nfail-on = "info"\n', "tool.glossary.overrides[0].fail-on",
     "unknown key"),
    ('[tool.glossary]\nsource-lang = "es"\ntarget-lang = "es"\n', "tool.glossary.target-lang", "same as"),
])
def test_bad_config_is_one_line_with_file_and_key(runner, tmp_path, body, key, words):
    cfg = _write(tmp_path / "pyproject.toml", body)
    _write(tmp_path / "nota.es.txt", "Hola.\n")
    line = _one_error_line(runner.invoke(main, ["check", "nota.es.txt"]))
    assert line.startswith(f"glossary: error: {cfg}: {key}: "), line
    assert words in line


def test_bad_toml_is_one_line_with_position(runner, tmp_path):
    cfg = _write(tmp_path / "glossary.toml", 'fail-on = "error"\ncountry = \n')
    _write(tmp_path / "nota.es.txt", "Hola.\n")
    line = _one_error_line(runner.invoke(main, ["check", "nota.es.txt"]))
    assert line.startswith(f"glossary: error: {cfg}: invalid TOML: ")
    assert "line 2" in line


def test_missing_config_option_file(runner, tmp_path):
    line = _one_error_line(runner.invoke(main, ["check", "--config", "nope.toml", "x.es.txt"]))
    assert "nope.toml: no such configuration file" in line


# -- through the CLI ---------------------------------------------------------------------------

def test_config_changes_check_and_option_wins(runner, tmp_path):
    _write(tmp_path / "pyproject.toml", '[tool.glossary]\nfail-on = "warning"\n'
           '[tool.glossary.severity]\nGL103 = "error"\n')
    _write(tmp_path / "nota.es.txt", "Habló la presidente de México.\n")
    result = runner.invoke(main, ["check", "nota.es.txt", "--format", "json"])
    (f,) = json.loads(result.stdout)["findings"]
    assert (f["code"], f["severity"]) == ("GL103", "error")
    assert result.exit_code == 1
    ignored = runner.invoke(main, ["check", "nota.es.txt", "--ignore", "GL103"])
    assert ignored.exit_code == 0 and "no findings" in ignored.stdout


def test_config_country_applies_and_per_path_override(runner, tmp_path):
    _write(tmp_path / "glossary.toml", 'country = "MX"\n[[overrides]]\npaths = ["legacy/**"]\n'
           'severity = { forbidden-term = "info" }\n')
    text = "La Secretaría del Interior informó.\n"
    _write(tmp_path / "new" / "a.es.txt", text)
    _write(tmp_path / "legacy" / "a.es.txt", text)
    doc = json.loads(runner.invoke(main, ["check", ".", "--format", "json"]).stdout)
    sev = {f["path"]: f["severity"] for f in doc["findings"] if f["code"] == "GL102"}
    assert sev == {"new/a.es.txt": "error", "legacy/a.es.txt": "info"}


def test_override_select_widens_only_its_paths(runner, tmp_path):
    _write(tmp_path / "glossary.toml", 'select = ["GL102"]\n[[overrides]]\npaths = ["strict/**"]\n'
           'select = ["GL102", "GL103"]\n')
    text = "Habló la presidente en Méjico.\n"
    _write(tmp_path / "loose" / "a.es.txt", text)
    _write(tmp_path / "strict" / "a.es.txt", text)
    doc = json.loads(runner.invoke(main, ["check", ".", "--format", "json"]).stdout)
    codes = {(f["path"], f["code"]) for f in doc["findings"]}
    assert codes == {("loose/a.es.txt", "GL102"), ("strict/a.es.txt", "GL102"), ("strict/a.es.txt", "GL103")}


def test_exclude_skips_files_even_when_named(runner, tmp_path):
    _write(tmp_path / "glossary.toml", 'exclude = ["vendor/**"]\n')
    _write(tmp_path / "vendor" / "a.es.txt", "Viajaron a Méjico.\n")
    result = runner.invoke(main, ["check", "vendor/a.es.txt", "."])
    assert result.exit_code == 0, result.stdout
    assert "0 files checked" in result.stdout


def test_config_command_shows_values_and_origins(runner, tmp_path):
    cfg = _write(tmp_path / "pyproject.toml", '[tool.glossary]\ncountry = "MX"\n')
    result = runner.invoke(main, ["config"])
    assert result.exit_code == 0, result.stderr
    line = next(ln for ln in result.stdout.splitlines() if ln.startswith("country"))
    assert '"MX"' in line and line.endswith(f"# {cfg}")
    assert any(ln.startswith("fail-on") and ln.endswith("# default") for ln in result.stdout.splitlines())
    doc = json.loads(runner.invoke(main, ["config", "--format", "json"]).stdout)
    assert doc["settings"]["country"] == {"value": "MX", "origin": str(cfg)}
    assert doc["config"] == str(cfg)


def test_config_command_reports_bad_config(runner, tmp_path):
    _write(tmp_path / "glossary.toml", "select = [\n")
    line = _one_error_line(runner.invoke(main, ["config"]))
    assert "invalid TOML" in line


def test_load_settings_raises_config_error(tmp_path):
    _write(tmp_path / "glossary.toml", "overrides = 3\n")
    with pytest.raises(ConfigError, match="overrides: expected an array of tables"):
        load_settings(cwd=tmp_path)


def test_tool_table_in_glossary_toml_is_explained(runner, tmp_path):
    _write(tmp_path / "glossary.toml", '[tool.glossary]\ncountry = "MX"\n')
    line = _one_error_line(runner.invoke(main, ["config"]))
    assert "glossary.toml: tool: a glossary.toml takes its keys at the top level" in line
