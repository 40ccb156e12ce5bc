"""`glossary check` and `glossary rules` through the CLI, in process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from glossary.cli import main

REPO = Path(__file__).resolve().parent.parent
SEED_EN = REPO / "seeds" / "000_f4d848ffd231b71b.txt"
SEED_ES = REPO / "seeds" / "000_f4d848ffd231b71b.es.txt"


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    """Run in an empty folder (no user locales/) with a private index cache."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(tmp_path / ".cache"))


def _json(result):
    return json.loads(result.stdout)


def test_seed_pair_is_clean(runner):
    result = runner.invoke(main, ["check", "--pair", str(SEED_EN), str(SEED_ES)])
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "no findings" in result.stdout


def test_seed_pair_reversed_direction_is_clean(runner):
    result = runner.invoke(main, ["check", "--source-lang", "es", "--target-lang", "en",
                                  "--pair", str(SEED_ES), str(SEED_EN), "--format", "json"])
    doc = _json(result)
    assert [f for f in doc["findings"] if f["severity"] == "error"] == [], doc["findings"]
    assert result.exit_code == 0


def test_bad_translation_reports_forbidden_term_with_position(runner, tmp_path):
    src = tmp_path / "a.en.txt"
    tgt = tmp_path / "a.es.txt"
    src.write_text("Intro.\nThe Secretary of the Interior met the Ministry of the Interior.\n", encoding="utf-8")
    tgt.write_text("Intro.\nLa secretaria de Gobernación visitó la Secretaría del Interior.\n", encoding="utf-8")
    result = runner.invoke(main, ["check", "--pair", str(src), str(tgt), "--format", "json"])
    assert result.exit_code == 1
    (finding,) = [f for f in _json(result)["findings"] if f["code"] == "GL102"]
    assert finding["path"] == str(tgt)
    assert (finding["line"], finding["column"]) == (2, 40)
    assert finding["found"] == "Secretaría del Interior"
    assert finding["expected"] == "Secretaría de Gobernación"
    assert finding["term"] == "mx-segob"


def test_text_format_line(runner, tmp_path):
    doc = tmp_path / "nota.es.txt"
    doc.write_text("Viajaron a Méjico.\n", encoding="utf-8")
    result = runner.invoke(main, ["check", str(doc)])
    assert result.exit_code == 1
    assert f"{doc}:1:12: GL102 [forbidden-term]" in result.stdout


def test_fail_on_and_exit_zero(runner, tmp_path):
    doc = tmp_path / "nota.es.txt"
    doc.write_text("Habló la presidente de México.\n", encoding="utf-8")
    warn = runner.invoke(main, ["check", str(doc), "--format", "json"])
    assert {f["code"] for f in _json(warn)["findings"]} == {"GL103"}
    assert warn.exit_code == 0  # a warning is below the default --fail-on error
    assert runner.invoke(main, ["check", str(doc), "--fail-on", "warning"]).exit_code == 1
    assert runner.invoke(main, ["check", str(doc), "--fail-on", "warning", "--exit-zero"]).exit_code == 0


def test_select_and_ignore(runner, tmp_path):
    doc = tmp_path / "nota.es.txt"
    doc.write_text("Viajaron a Méjico y habló la presidente.\n", encoding="utf-8")
    only = _json(runner.invoke(main, ["check", str(doc), "--format", "json", "--select", "GL103"]))
    assert {f["code"] for f in only["findings"]} == {"GL103"}
    rest = _json(runner.invoke(main, ["check", str(doc), "--format", "json", "--ignore", "forbidden-term"]))
    assert "GL102" not in {f["code"] for f in rest["findings"]}


def test_unknown_rule_is_usage_error(runner, tmp_path):
    doc = tmp_path / "nota.es.txt"
    doc.write_text("Hola.\n", encoding="utf-8")
    result = runner.invoke(main, ["check", str(doc), "--select", "GL777"])
    assert result.exit_code == 2
    assert "unknown rule 'GL777'" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_file_is_one_line_exit_2(runner, tmp_path):
    result = runner.invoke(main, ["check", str(tmp_path / "nope.es.txt")])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "nope.es.txt" in result.stderr


def test_nothing_to_check_is_usage_error(runner):
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 2 and "nothing to check" in result.stderr


def test_stdin(runner):
    result = runner.invoke(main, ["check", "-", "--lang", "es", "--format", "json"], input="Viajó a Méjico.\n")
    assert result.exit_code == 1
    assert _json(result)["findings"][0]["code"] == "GL102"


def test_sarif_and_github_formats(runner, tmp_path):
    doc = tmp_path / "nota.es.txt"
    doc.write_text("Viajaron a Méjico.\n", encoding="utf-8")
    sarif = json.loads(runner.invoke(main, ["check", str(doc), "--format", "sarif"]).stdout)
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"][0]["ruleId"] == "GL102"
    gh = runner.invoke(main, ["check", str(doc), "--format", "github"]).stdout
    assert gh.startswith("::error file=")


def test_output_file_written(runner, tmp_path):
    doc = tmp_path / "nota.es.txt"
    doc.write_text("Viajaron a Méjico.\n", encoding="utf-8")
    out = tmp_path / "report.json"
    result = runner.invoke(main, ["check", str(doc), "--format", "json", "--output", str(out)])
    assert result.exit_code == 1 and result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["error"] == 1


def test_project_consistency_across_files(runner, tmp_path):
    # one file writes the title with a lower-case body name the term base does not list
    for name, text in [("a.es.txt", "El secretario de relaciones exteriores informó.\n"),
                       ("b.es.txt", "El secretario de Relaciones Exteriores informó.\n"),
                       ("c.es.txt", "La Cancillería respondió.\n")]:
        (tmp_path / name).write_text(text, encoding="utf-8")
    alone = _json(runner.invoke(main, ["check", str(tmp_path), "--format", "json", "--select", "GL104"]))
    assert alone["findings"] == []
    together = _json(runner.invoke(main, ["check", str(tmp_path), "--format", "json", "--select", "GL104",
                                          "--project"]))
    assert [(Path(f["path"]).name, f["found"]) for f in together["findings"]] == [
        ("a.es.txt", "secretario de relaciones exteriores")]


def test_jobs_give_same_findings(runner, tmp_path):
    for i in range(4):
        (tmp_path / f"n{i}.es.txt").write_text("Viajaron a Méjico.\n" * (i + 1), encoding="utf-8")
    one = _json(runner.invoke(main, ["check", str(tmp_path), "--format", "json"]))
    two = _json(runner.invoke(main, ["check", str(tmp_path), "--format", "json", "--jobs", "2"]))
    assert one == two and one["summary"]["findings"] == 10


def test_jobs_split_a_large_pair_into_parts_with_the_same_findings(runner, tmp_path, monkeypatch):
    from glossary import runner as run

    monkeypatch.setattr(run, "PAIR_CHUNK_LINES", 3)
    assert run._line_chunks(20, 2) == [(0, 5), (5, 10), (10, 15), (15, 20)]
    src = "".join(f"The Ministry of the Interior met {i}.\n" for i in range(20))
    tgt = "".join("La Secretaría del Interior se reunió.\n" if i % 3 else "La Secretaría de Gobernación.\n"
                  for i in range(20))
    (tmp_path / "a.en.txt").write_text(src, encoding="utf-8")
    (tmp_path / "a.es.txt").write_text(tgt, encoding="utf-8")
    args = ["check", "--pair", str(tmp_path / "a.en.txt"), str(tmp_path / "a.es.txt"), "--format", "json"]
    one = _json(runner.invoke(main, args))
    two = _json(runner.invoke(main, args + ["--jobs", "2"]))
    assert one == two
    assert [f["line"] for f in two["findings"] if f["code"] == "GL102"] == [i + 1 for i in range(20) if i % 3]
    # where processes cannot fork (macOS, Windows), workers load the term base themselves
    monkeypatch.setattr(run.multiprocessing, "get_start_method", lambda: "spawn")
    assert _json(runner.invoke(main, args + ["--jobs", "2"])) == one


def test_rules_lists_every_code(runner):
    out = runner.invoke(main, ["rules"]).stdout
    for code in ("GL101", "GL102", "GL103", "GL104", "GL105", "GL106", "GL107", "GL108", "GL109", "GL901"):
        assert code in out
    rules = json.loads(runner.invoke(main, ["rules", "--format", "json"]).stdout)
    assert {"code": "GL102", "name": "forbidden-term", "severity": "error"}.items() <= rules[1].items()


def test_generic_secretaria_of_an_unknown_body_is_not_a_diacritics_error(runner, tmp_path):
    """'Secretaría de Salud' is a ministry the term base does not list: the word is right."""
    doc = tmp_path / "nota.es.txt"
    doc.write_text("La Secretaría de Salud informó y la secretaria Kristi Noem respondió.\n", encoding="utf-8")
    result = runner.invoke(main, ["check", str(doc), "--fail-on", "info"])
    assert result.exit_code == 0, result.stdout


def test_person_title_written_as_ministry_is_reported_in_translation(runner, tmp_path):
    src = tmp_path / "a.en.txt"
    tgt = tmp_path / "a.es.txt"
    src.write_text("The Secretary reaffirmed it.\n", encoding="utf-8")
    tgt.write_text("La Secretaría lo reafirmó.\n", encoding="utf-8")
    doc = _json(runner.invoke(main, ["check", "--pair", str(src), str(tgt), "--format", "json"]))
    assert [(f["code"], f["found"], f["expected"]) for f in doc["findings"]] == [
        ("GL105", "Secretaría", "secretaria")]


def test_scanning_does_not_import_sacremoses(tmp_path):
    """Start-up: a cached index checks text (a period after a term included) without the
    ~1 s import of sacremoses; only building the index needs it."""
    import subprocess
    import sys

    build = ("import pickle, sys; from glossary.matcher import TermIndex; from glossary.model import *; "
             "c = Concept('x', 'person', (TermForm('Kristi Noem', 'es'),)); "
             f"pickle.dump(TermIndex.build([c], 'es'), open({str(tmp_path / 'i.pickle')!r}, 'wb'))")
    subprocess.run([sys.executable, "-c", build], check=True)
    scan = ("import pickle, sys; "
            f"i = pickle.load(open({str(tmp_path / 'i.pickle')!r}, 'rb')); "
            "m = i.scan('Llegó la secretaria Kristi Noem. Luego habló.'); "
            "print(len(m), 'sacremoses' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", scan], check=True, capture_output=True, text=True).stdout
    assert out.split() == ["1", "False"]


@pytest.mark.parametrize("args,words", [
    (["check", "--nope"], ["glossary check:", "--nope", "--ignore"]),
    (["chek"], ["glossary:", "'chek'", "'check'"]),
    (["check", "--format", "xml", "x.es.txt"], ["--format", "'xml'"]),
    (["check", "--pair", "only-one.txt"], ["--pair", "2 arguments"]),
    (["terms", "show"], ["glossary terms show:", "ID"]),
])
def test_usage_errors_are_one_line(runner, args, words):
    """A mistyped command line gets one error line and exit 2, not click's three-line usage."""
    result = runner.invoke(main, args, prog_name="glossary")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("glossary: error: "), result.stderr
    assert all(w in lines[0] for w in words), lines[0]
    assert "--help')" in lines[0]


def test_bare_group_prints_its_help(runner):
    result = runner.invoke(main, [], prog_name="glossary")
    assert result.stdout.startswith("Usage: glossary [OPTIONS] COMMAND")
    assert "check" in result.stdout and result.exit_code in (0, 2)  # click < 8.2 exits 0
