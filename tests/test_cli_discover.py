"""`glossary extract`, `glossary update`, `glossary suggest`, in process."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from glossary.cli import main
from glossary.po import read_catalog

REPO = Path(__file__).resolve().parent.parent
SEED = "seeds/000_f4d848ffd231b71b.txt"
SEED_BASE = REPO / "tests" / "data" / "seed-termbase"
"""The term base the seed started from (64 concepts): discovery is judged against it."""
POT = SEED_BASE / "glossary.pot"
PO = SEED_BASE / "es" / "glossary.po"
HELDOUT = REPO / "tests" / "data" / "discovery"


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project holding the seed and the seed's term base."""
    import shutil

    root = tmp_path_factory.mktemp("repo")
    shutil.copytree(REPO / "seeds", root / "seeds")
    shutil.copytree(SEED_BASE, root / "locales")
    monkeypatch.chdir(root)
    return root


def test_extract_merge_reproduces_the_committed_template(in_repo: Path, tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "glossary.pot"
    shutil.copyfile(POT, out)
    r = runner.invoke(main, ["extract", SEED, "-o", str(out), "--merge"])
    assert r.exit_code == 0, r.stderr
    assert out.read_bytes() == POT.read_bytes()
    assert "0 added" in r.stderr and "0 new" in r.stderr


def test_extract_merge_adds_new_candidates_without_losing_entries(in_repo: Path, tmp_path: Path,
                                                                  runner: CliRunner) -> None:
    out = tmp_path / "glossary.pot"
    shutil.copyfile(POT, out)
    doc = tmp_path / "release.txt"
    doc.write_text("The Secretary of Economy, Marcelo Ebrard, met the Director of the Federal Bureau of "
                   "Investigation (FBI).\nThe Ministry of the Interior and the FBI agreed.\n", encoding="utf-8")
    r = runner.invoke(main, ["extract", str(doc), "-o", str(out), "--merge", "--no-builtin"])
    assert r.exit_code == 0, r.stderr
    before = {c.id: c for c in read_catalog(POT).concepts}
    after = {c.id: c for c in read_catalog(out).concepts}
    assert set(before) < set(after)
    fbi = after["federal-bureau-of-investigation"]
    assert fbi.fuzzy and any(f.text == "FBI" and f.acronym for f in fbi.forms)
    assert [r.line for r in fbi.references] == [1, 2]
    assert any(e.startswith("#. glossary extract: 1 occurrence in 1 file") for e in fbi.extra)
    segob = after["mx-segob"]
    assert segob.references[: len(before["mx-segob"].references)] == before["mx-segob"].references
    assert segob.references[-1].line == 2
    assert after["secretary-of-economy"].type == "official-title"
    assert after["marcelo-ebrard"].fuzzy  # a new name: a candidate too
    # a second run adds nothing more
    again = out.read_bytes()
    r = runner.invoke(main, ["extract", str(doc), "-o", str(out), "--merge", "--no-builtin"])
    assert r.exit_code == 0 and out.read_bytes() == again


def test_extract_fresh_file_refuses_to_overwrite(in_repo: Path, tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "new.pot"
    r = runner.invoke(main, ["extract", SEED, "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    cat = read_catalog(out)
    assert cat.template and "mx-segob" in {c.id for c in cat.concepts}
    r = runner.invoke(main, ["extract", SEED, "-o", str(out)])
    assert r.exit_code == 2 and "--merge" in r.stderr
    r = runner.invoke(main, ["extract", SEED, "-o", str(out), "--force"])
    assert r.exit_code == 0


def test_extract_list_json_and_errors(in_repo: Path, tmp_path: Path, runner: CliRunner) -> None:
    r = runner.invoke(main, ["extract", SEED, "--list", "json"])
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    secretary = [c for c in doc["candidates"] if c["known"] == ["title-secretary"]]
    assert secretary and secretary[0]["frequency"] == 2
    assert secretary[0]["references"] == [f"{SEED}:11", f"{SEED}:12"]
    r = runner.invoke(main, ["extract", str(tmp_path / "missing.txt")])
    assert r.exit_code == 2 and "missing.txt" in r.stderr
    r = runner.invoke(main, ["extract", SEED, "--merge"])
    assert r.exit_code == 2


def test_extract_spanish_documents(in_repo: Path, tmp_path: Path, runner: CliRunner) -> None:
    doc = tmp_path / "comunicado.es.txt"
    doc.write_text("La Subsecretaría de Derechos Humanos, Población y Migración y la secretaria de "
                   "Gobernación informaron.\n", encoding="utf-8")
    out = tmp_path / "es-candidates.pot"
    r = runner.invoke(main, ["extract", str(doc), "--lang", "es", "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    cat = read_catalog(out)
    texts = [c.preferred("en").text for c in cat.concepts]  # msgids hold the Spanish terms
    assert texts == ["Subsecretaría de Derechos Humanos, Población y Migración"]
    assert ("X-Source-Language", "es") in cat.metadata
    r = runner.invoke(main, ["extract", SEED, "-o", str(out), "--merge"])
    assert r.exit_code == 2 and "holds es terms" in r.stderr


def _project(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    loc = tmp_path / "locales"
    (loc / "es").mkdir(parents=True)
    shutil.copyfile(POT, loc / "glossary.pot")
    shutil.copyfile(PO, loc / "es" / "glossary.po")
    return loc


def test_update_is_a_no_op_on_the_committed_pair(tmp_path: Path, runner: CliRunner,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    loc = _project(tmp_path)
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(main, ["update"])
    assert r.exit_code == 0, r.stderr
    assert (loc / "es" / "glossary.po").read_bytes() == PO.read_bytes()
    assert "0 new" in r.stderr and "0 obsolete" in r.stderr


def test_update_merges_new_and_removed_entries(tmp_path: Path, runner: CliRunner,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    loc = _project(tmp_path)
    pot = (loc / "glossary.pot").read_text(encoding="utf-8")
    start = pot.index('#. type: legal-instrument\n#. en-admitted: memorandum\n')
    end = pot.index('#. en-admitted: risk management')
    pot = pot[:start] + pot[end:]  # memorandum-of-understanding dropped
    pot = pot.replace('msgid "National Migration Institute"', 'msgid "National Institute of Migration"')
    pot += '\nmsgctxt "us-fbi"\nmsgid "Federal Bureau of Investigation"\nmsgstr ""\n'
    (loc / "glossary.pot").write_text(pot, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(main, ["update", "--dry-run"])
    assert r.exit_code == 0 and (loc / "es" / "glossary.po").read_bytes() == PO.read_bytes()
    r = runner.invoke(main, ["update"])
    assert r.exit_code == 0, r.stderr
    assert "new\tus-fbi" in r.stdout and "obsolete\tmemorandum-of-understanding" in r.stdout
    cat = {c.id: c for c in read_catalog(loc / "es" / "glossary.po").concepts}
    assert cat["memorandum-of-understanding"].obsolete
    assert cat["memorandum-of-understanding"].preferred("es") is not None
    assert cat["mx-inm"].fuzzy and cat["mx-inm"].preferred("es").text == "Instituto Nacional de Migración"
    assert cat["us-fbi"].preferred("es") is None
    if shutil.which("msgfmt"):
        subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(loc / "es" / "glossary.po")], check=True)


def test_update_without_locales_is_a_usage_error(tmp_path: Path, runner: CliRunner,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(main, ["update"])
    assert r.exit_code == 2 and "locales" in r.stderr


def test_suggest_pair_writes_fuzzy_entries(in_repo: Path, tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "suggestions.po"
    r = runner.invoke(main, ["suggest", "--pair", str(HELDOUT / "heldout.en.txt"), str(HELDOUT / "heldout.es.txt"),
                             "-o", str(out), "--no-builtin"])
    assert r.exit_code == 0, r.stderr
    cat = {c.id: c for c in read_catalog(out).concepts}
    assert all(c.fuzzy for c in cat.values())
    assert cat["secretary-of-economy"].preferred("es").text == "secretario de Economía"
    assert cat["secretary-of-economy"].references[0].path.endswith("heldout.en.txt")
    assert "us-secretary-of-state" not in cat  # translated in the term base already
    if shutil.which("msgfmt"):
        subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(out)], check=True)
    r = runner.invoke(main, ["validate", str(out), "--format", "json"])
    codes = {f["code"] for f in json.loads(r.stdout)["findings"]}
    assert "GL906" not in codes and "GL902" not in codes


def test_suggest_from_memory_to_stdout(tmp_path: Path, runner: CliRunner) -> None:
    tm = tmp_path / "memory.po"
    tm.write_text('msgid ""\nmsgstr ""\n"Language: es\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "The National Guard arrived in Tijuana."\nmsgstr "La Guardia Nacional llegó a Tijuana."\n\n'
                  'msgid "The National Guard stayed."\nmsgstr "La Guardia Nacional se quedó."\n', encoding="utf-8")
    r = runner.invoke(main, ["suggest", "--memory", str(tm), "--no-builtin", "--min-confidence", "0.6"])
    assert r.exit_code == 0, r.stderr
    assert 'msgid "National Guard"\nmsgstr "Guardia Nacional"' in r.stdout
    assert "# glossary suggest: confidence" in r.stdout


def test_suggest_needs_input(runner: CliRunner) -> None:
    r = runner.invoke(main, ["suggest"])
    assert r.exit_code == 2 and "--pair" in r.stderr
