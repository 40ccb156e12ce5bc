"""Baselines: content keys (not line numbers), counts, file format, and the CLI round trip."""

from __future__ import annotations

import json

import pytest

from glossary import baseline as bl
from glossary.cli import main
from glossary.errors import DataError
from glossary.model import Finding, Segment, Severity, Side


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(tmp_path / ".cache"))


def _finding(line: int = 1, found: str = "Méjico", path: str = "a.es.txt") -> Finding:
    return Finding(path, line, 12, line, 18, "GL102", "forbidden-term", Severity.ERROR, "m", "mexico", found, "México")


def test_normalise_and_digest_ignore_spacing_and_composition():
    assert bl.normalise("  Viajaron\n a  Me\u0301jico ") == "Viajaron a Méjico"
    assert bl.segment_digest("Viajaron a Méjico") == bl.segment_digest("Viajaron\n  a Me\u0301jico")
    assert bl.segment_digest("Viajaron a Méjico") != bl.segment_digest("Viajaron a Méjico hoy")


def test_entry_ignores_line_and_uses_path_relative_to_baseline(tmp_path):
    e1 = bl.entry_for(_finding(line=3), "Viajaron a Méjico.", cwd=str(tmp_path), base=str(tmp_path))
    e2 = bl.entry_for(_finding(line=30), "Viajaron a Méjico.", cwd=str(tmp_path / "sub"), base=str(tmp_path / "sub"))
    assert e1 == e2
    e3 = bl.entry_for(_finding(), "x", cwd=str(tmp_path / "docs"), base=str(tmp_path))
    assert e3.path == "docs/a.es.txt"


def test_filter_counts_duplicates_and_stale():
    e = bl.Entry("a.es.txt", "GL102", "mexico", "Méjico", "abc")
    other = bl.Entry("b.es.txt", "GL102", "mexico", "Méjico", "abc")
    recorded = bl.Baseline(((e, 1), (other, 1)))
    f1, f2 = _finding(1), _finding(2)
    new, stale = bl.filter_new([(f1, e), (f2, e)], recorded)
    assert new == [f2]  # the second identical mistake is new
    assert stale == 1   # b.es.txt's finding is gone


def test_segment_at_picks_the_segment_covering_the_position():
    segs = [Segment("a", Side("uno dos", "es", ())), Segment("a", Side("tres", "es", (bl_anchor(2),)))]
    assert bl.segment_at(segs, 2, 3).target.text == "tres"
    assert bl.segment_at(segs, 1, 5).target.text == "uno dos"
    assert bl.segment_at(segs, 9, 1) is None


def bl_anchor(line: int):
    from glossary.model import Anchor

    return Anchor(0, line, 1)


def test_dump_load_round_trip_is_sorted_and_stable():
    a = bl.Entry("b.es.txt", "GL103", "x", "y", "1")
    b = bl.Entry("a.es.txt", "GL102", "x", "y", "2")
    text = bl.dump([a, b, a])
    doc = json.loads(text)
    assert [r["path"] for r in doc["findings"]] == ["a.es.txt", "b.es.txt"]
    assert doc["findings"][1]["count"] == 2 and "count" not in doc["findings"][0]
    assert bl.load(text, "f").counter() == {a: 2, b: 1}
    assert bl.dump([b, a, a]) == text


@pytest.mark.parametrize("text, words", [
    ("{", "bad JSON"),
    ('{"version": 1, "findings": []}', "not a glossary baseline"),
    ('{"version": 9, "tool": "glossary", "findings": []}', "unsupported baseline version"),
    ('{"version": 1, "tool": "glossary", "findings": [{"path": "a"}]}', "finding 1: needs"),
])
def test_load_rejects_bad_files(text, words):
    with pytest.raises(DataError, match=words):
        bl.load(text, "base.json")


# -- through the CLI ---------------------------------------------------------------------------

def test_write_then_apply_baseline_survives_edits_elsewhere(runner, tmp_path):
    doc = tmp_path / "nota.es.md"
    doc.write_text("# Viaje\n\nViajaron a Méjico.\n\nHabló la presidente.\n", encoding="utf-8")
    wrote = runner.invoke(main, ["check", "nota.es.md", "--write-baseline", "ci/baseline.json"])
    assert wrote.exit_code == 0, wrote.stderr
    assert "recorded 2 finding(s) in ci/baseline.json" in wrote.stderr
    assert wrote.stdout == ""
    recorded = json.loads((tmp_path / "ci" / "baseline.json").read_text(encoding="utf-8"))
    assert {(r["path"], r["code"]) for r in recorded["findings"]} == {("../nota.es.md", "GL102"),
                                                                      ("../nota.es.md", "GL103")}
    # lines move and another paragraph changes: the old findings stay hidden
    doc.write_text("# Viaje oficial\n\nIntroducción nueva.\n\nViajaron a Méjico.\n\nHabló la presidente.\n",
                   encoding="utf-8")
    quiet = runner.invoke(main, ["check", "nota.es.md", "--baseline", "ci/baseline.json", "--fail-on", "warning"])
    assert quiet.exit_code == 0, quiet.stdout
    assert "no findings" in quiet.stdout and "baseline hides 2 known finding(s)" in quiet.stderr
    # a new mistake is reported; the recorded ones still are not
    doc.write_text("# Viaje oficial\n\nViajaron a Méjico.\n\nHabló la presidente.\n\nY volvieron de Méjico.\n",
                   encoding="utf-8")
    new = runner.invoke(main, ["check", "nota.es.md", "--baseline", "ci/baseline.json", "--format", "json"])
    findings = json.loads(new.stdout)["findings"]
    assert [(f["line"], f["code"]) for f in findings] == [(7, "GL102")]
    assert new.exit_code == 1


def test_editing_the_segment_itself_resurfaces_the_finding(runner, tmp_path):
    doc = tmp_path / "a.es.txt"
    doc.write_text("Viajaron a Méjico.\n", encoding="utf-8")
    runner.invoke(main, ["check", "a.es.txt", "--write-baseline", "b.json"])
    doc.write_text("Viajaron ayer a Méjico.\n", encoding="utf-8")
    result = runner.invoke(main, ["check", "a.es.txt", "--baseline", "b.json"])
    assert result.exit_code == 1 and "GL102" in result.stdout


def test_fixed_findings_are_reported_as_stale(runner, tmp_path):
    doc = tmp_path / "a.es.txt"
    doc.write_text("Viajaron a Méjico.\n", encoding="utf-8")
    runner.invoke(main, ["check", "a.es.txt", "--write-baseline", "b.json"])
    doc.write_text("Viajaron a México.\n", encoding="utf-8")
    result = runner.invoke(main, ["check", "a.es.txt", "--baseline", "b.json"])
    assert result.exit_code == 0
    assert "1 recorded finding(s) are gone" in result.stderr


def test_baseline_from_config_is_relative_to_config(runner, tmp_path):
    (tmp_path / "glossary.toml").write_text('baseline = "base.json"\n', encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.es.txt").write_text("Viajaron a Méjico.\n", encoding="utf-8")
    runner.invoke(main, ["check", "docs", "--write-baseline", "base.json"])
    assert (tmp_path / "base.json").is_file()
    result = runner.invoke(main, ["check", "docs"])
    assert result.exit_code == 0 and "no findings" in result.stdout


def test_missing_or_bad_baseline_is_one_error_line(runner, tmp_path):
    (tmp_path / "a.es.txt").write_text("Hola.\n", encoding="utf-8")
    missing = runner.invoke(main, ["check", "a.es.txt", "--baseline", "nope.json"])
    assert missing.exit_code == 2
    assert missing.stderr.strip() == "glossary: error: nope.json: no such baseline file (write one with --write-baseline)"
    (tmp_path / "bad.json").write_text("[1, 2]", encoding="utf-8")
    bad = runner.invoke(main, ["check", "a.es.txt", "--baseline", "bad.json"])
    assert bad.exit_code == 2 and len(bad.stderr.strip().splitlines()) == 1
