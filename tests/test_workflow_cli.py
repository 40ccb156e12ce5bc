"""The editor and CI workflow through the CLI: inline suppressions and stale ones (GL199),
--changed against a git ref, the progress bar, and a real `pre-commit run` of the hook."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from glossary.cli import main
from glossary.progress import NullProgress, Progress, enabled, for_stream

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(tmp_path / ".cache"))


def _codes(result) -> list[tuple[int, str]]:
    return [(f["line"], f["code"]) for f in json.loads(result.stdout)["findings"]]


def _check_json(runner, *args: str):
    return runner.invoke(main, ["check", "--format", "json", *args])


# -- inline suppressions -----------------------------------------------------------------------

def test_markdown_ignore_by_code_name_and_concept(runner, tmp_path):
    (tmp_path / "a.es.md").write_text(
        "Viajaron a Méjico.\n\n"
        "<!-- glossary: ignore GL102 -->\nViajaron a Méjico.\n\n"
        "<!-- glossary: ignore forbidden-term -->\nViajaron a Méjico.\n\n"
        "<!-- glossary: ignore mexico -->\nViajaron a Méjico.\n\n"
        "<!-- glossary: ignore GL103 -->\nViajaron a Méjico.\n",
        encoding="utf-8")
    result = _check_json(runner, "a.es.md")
    # only the first paragraph and the one whose directive names another rule are reported,
    # and that directive is itself stale
    assert sorted(_codes(result)) == [(1, "GL102"), (13, "GL102"), (13, "GL199")]


def test_markdown_off_on_block(runner, tmp_path):
    (tmp_path / "a.es.md").write_text(
        "<!-- glossary: off -->\nViajaron a Méjico.\n\nOtra vez Méjico.\n<!-- glossary: on -->\n\n"
        "Y Méjico al final.\n", encoding="utf-8")
    assert _codes(_check_json(runner, "a.es.md")) == [(7, "GL102")]


def test_po_translator_comment_and_stale_one(runner, tmp_path):
    (tmp_path / "x.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: es\\n"\n\n'
        '# glossary: ignore GL102\nmsgid "They went to Mexico."\nmsgstr "Fueron a Méjico."\n\n'
        '# glossary: ignore deprecated-term\nmsgid "Hello"\nmsgstr "Hola"\n', encoding="utf-8")
    result = _check_json(runner, "x.po")
    findings = json.loads(result.stdout)["findings"]
    assert [(f["line"], f["code"]) for f in findings] == [(12, "GL199")]
    assert findings[0]["severity"] == "warning"
    assert "'glossary: ignore deprecated-term'" in findings[0]["message"]
    assert result.exit_code == 0  # a warning is below the default --fail-on


def test_xliff_note_suppresses(runner, tmp_path):
    (tmp_path / "a.xlf").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
        '<file source-language="en" target-language="es" datatype="plaintext" original="a"><body>\n'
        '<trans-unit id="1"><source>They went to Mexico.</source><target>Fueron a Méjico.</target>\n'
        '<note>glossary: ignore GL102</note></trans-unit>\n'
        '<trans-unit id="2"><source>They went to Mexico.</source><target>Fueron a Méjico.</target>\n'
        '<note>glossary: ignore GL106</note></trans-unit>\n'
        '</body></file></xliff>\n', encoding="utf-8")
    assert sorted(_codes(_check_json(runner, "a.xlf"))) == [(6, "GL102"), (6, "GL199")]


def test_stale_suppressions_are_not_judged_for_unselected_rules(runner, tmp_path):
    (tmp_path / "a.es.md").write_text("<!-- glossary: ignore GL103 -->\nViajaron a México.\n", encoding="utf-8")
    assert _codes(_check_json(runner, "a.es.md")) == [(2, "GL199")]
    assert _codes(_check_json(runner, "a.es.md", "--select", "GL102,GL199")) == []
    assert _codes(_check_json(runner, "a.es.md", "--ignore", "unused-suppression")) == []


# -- --changed -----------------------------------------------------------------------------------

def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
           "GIT_AUTHOR_DATE": "2024-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2024-01-01T00:00:00Z"}
    out = subprocess.run(["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
                         cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_changed_checks_only_files_changed_against_a_ref(runner, tmp_path):
    bad = "Viajaron a Méjico.\n"
    _git(tmp_path, "init", "-q")
    for name in ("old.es.txt", "edited.es.txt", "docs/deep.es.txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(bad, encoding="utf-8")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "one")
    first = _git(tmp_path, "rev-parse", "HEAD")
    (tmp_path / "edited.es.txt").write_text("Hoy.\n" + bad, encoding="utf-8")
    (tmp_path / "new.es.txt").write_text(bad, encoding="utf-8")       # untracked
    (tmp_path / "notes.bin").write_text("x", encoding="utf-8")        # not a document
    result = _check_json(runner, "--changed")
    assert {f["path"] for f in json.loads(result.stdout)["findings"]} == {"edited.es.txt", "new.es.txt"}
    # committed on a branch: against the first commit, the commit's files count too
    _git(tmp_path, "add", "edited.es.txt")
    _git(tmp_path, "commit", "-q", "-m", "two")
    (tmp_path / "docs" / "deep.es.txt").write_text("Ayer.\n" + bad, encoding="utf-8")
    against = _check_json(runner, "--changed", first)
    assert {f["path"] for f in json.loads(against.stdout)["findings"]} == {
        "edited.es.txt", "new.es.txt", "docs/deep.es.txt"}
    only_docs = _check_json(runner, "docs", "--changed", first)
    assert {f["path"] for f in json.loads(only_docs.stdout)["findings"]} == {"docs/deep.es.txt"}


def test_changed_with_nothing_changed_is_clean(runner, tmp_path):
    _git(tmp_path, "init", "-q")
    (tmp_path / "a.es.txt").write_text("Viajaron a Méjico.\n", encoding="utf-8")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "one")
    result = runner.invoke(main, ["check", "--changed"])
    assert result.exit_code == 0 and "0 files checked" in result.stdout


def test_changed_errors(runner, tmp_path):
    outside = runner.invoke(main, ["check", "--changed"])
    assert outside.exit_code == 2 and "not inside a git work tree" in outside.stderr
    _git(tmp_path, "init", "-q")
    (tmp_path / "a.es.txt").write_text("x\n", encoding="utf-8")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "one")
    bad_ref = runner.invoke(main, ["check", "--changed", "no-such-branch"])
    assert bad_ref.exit_code == 2
    assert bad_ref.stderr.strip() == "glossary: error: --changed: unknown git ref 'no-such-branch'"


# -- progress ------------------------------------------------------------------------------------

class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal_outside_ci():
    assert enabled(_Tty(), env={})
    assert not enabled(_Tty(), env={"CI": "true"})
    assert not enabled(_Tty(), env={"TERM": "dumb"})
    assert not enabled(io.StringIO(), env={})
    assert isinstance(for_stream(io.StringIO(), env={}), NullProgress)
    assert isinstance(for_stream(_Tty(), env={}), Progress)


def test_progress_draws_and_erases():
    ticks = iter([0.0, 5.0, 5.5, 6.0])
    stream = _Tty()
    bar = Progress(stream, delay=1.0, clock=lambda: next(ticks))
    bar.start(3)
    bar.advance("a.md")
    bar.advance("b.md")
    assert "2/3 files" in stream.getvalue() and "b.md" in stream.getvalue()
    bar.close()
    assert stream.getvalue().endswith("\r")


def test_short_runs_draw_nothing():
    stream = _Tty()
    bar = Progress(stream, delay=10.0, clock=lambda: 0.0)
    bar.start(5)
    for _ in range(5):
        bar.advance("x")
    bar.close()
    assert stream.getvalue() == ""


def test_check_output_has_no_progress_when_piped(runner, tmp_path):
    for i in range(3):
        (tmp_path / f"a{i}.es.txt").write_text("Viajaron a Méjico.\n", encoding="utf-8")
    result = runner.invoke(main, ["check", "."])
    assert "files  " not in result.stderr and "\r" not in result.stderr + result.stdout


# -- pre-commit ----------------------------------------------------------------------------------

def _snapshot(dest: Path) -> str:
    """This working tree as a git repository of its own (what other repositories clone)."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache", "*.egg-info")
    shutil.copytree(REPO / "glossary", dest / "glossary", ignore=ignore)
    shutil.copytree(REPO / "locales", dest / "locales", ignore=ignore)
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy2(REPO / name, dest / name)
    _git(dest, "init", "-q")
    _git(dest, "add", ".")
    _git(dest, "commit", "-q", "-m", "snapshot")
    return _git(dest, "rev-parse", "HEAD")


def test_pre_commit_hook_in_another_repository(tmp_path):
    pytest.importorskip("pre_commit")
    hook_repo = tmp_path / "hook"
    rev = _snapshot(hook_repo)
    work = tmp_path / "work"
    work.mkdir()
    _git(work, "init", "-q")
    (work / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {hook_repo}\n  rev: {rev}\n  hooks:\n  - id: glossary\n", encoding="utf-8")
    (work / "pyproject.toml").write_text('[tool.glossary]\nexclude = ["vendor/**"]\n', encoding="utf-8")
    (work / "nota.es.txt").write_text("Viajaron a Méjico.\n", encoding="utf-8")
    (work / "vendor").mkdir()
    (work / "vendor" / "x.es.txt").write_text("Otra vez Méjico.\n", encoding="utf-8")
    (work / "script.py").write_text("print('Méjico')\n", encoding="utf-8")
    _git(work, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "GLOSSARY_CACHE_DIR": "",
           "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    env.pop("VIRTUAL_ENV", None)

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
                              cwd=work, env=env, capture_output=True, text=True, timeout=600)

    failed = run()
    out = failed.stdout + failed.stderr
    assert failed.returncode == 1, out
    assert "glossary terminology check" in out and "Failed" in out
    assert "nota.es.txt:1:12: GL102 [forbidden-term]" in out
    assert "vendor/x.es.txt" not in out and "script.py" not in out
    (work / "nota.es.txt").write_text("Viajaron a México.\n", encoding="utf-8")
    _git(work, "add", ".")
    passed = run()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout


def test_unused_suppression_is_a_listed_rule(runner):
    result = runner.invoke(main, ["rules", "--format", "json"])
    rule = next(r for r in json.loads(result.stdout) if r["code"] == "GL199")
    assert (rule["name"], rule["severity"]) == ("unused-suppression", "warning")
