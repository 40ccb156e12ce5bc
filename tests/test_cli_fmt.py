"""`glossary fmt`: canonical PO files, in place or as a CI check."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from glossary.cli import main
from glossary.po import is_canonical

HEADER = (
    'msgid ""\nmsgstr ""\n"Language: es\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
)
MESSY = (
    HEADER
    + "# es-forbidden: Secretaría del Interior\n"
    + "# es-admitted: Segob\n"
    + "#. type: government-body\n"
    + 'msgctxt "mx-segob"\nmsgid "Ministry of the Interior"\nmsgstr "Secretaría de Gobernación"\n'
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git project with locales/glossary.pot and locales/es/glossary.po, cwd inside it."""
    (tmp_path / ".git").mkdir()
    loc = tmp_path / "locales"
    (loc / "es").mkdir(parents=True)
    (loc / "es" / "glossary.po").write_text(MESSY, encoding="utf-8")
    (loc / "glossary.pot").write_text(
        HEADER.replace("es", "") + 'msgctxt "mx-segob"\nmsgid "Ministry of the Interior"\nmsgstr ""\n',
        encoding="utf-8")
    sub = tmp_path / "docs"
    sub.mkdir()
    monkeypatch.chdir(sub)
    return tmp_path


def test_check_lists_non_canonical_files_and_writes_nothing(runner: CliRunner, project: Path) -> None:
    po = project / "locales" / "es" / "glossary.po"
    before = po.read_bytes()
    result = runner.invoke(main, ["fmt", "--check"])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == ["../locales/es/glossary.po"]
    assert "glossary.pot" not in result.stdout  # already canonical
    assert "1 of 2" in result.stderr
    assert po.read_bytes() == before


def test_fmt_rewrites_then_check_passes(runner: CliRunner, project: Path) -> None:
    po = project / "locales" / "es" / "glossary.po"
    pot = project / "locales" / "glossary.pot"
    pot_mtime = pot.stat().st_mtime_ns
    result = runner.invoke(main, ["fmt"])
    assert result.exit_code == 0, result.stderr
    assert "formatted" in result.stdout and "glossary.po" in result.stdout
    assert is_canonical(po)
    text = po.read_text(encoding="utf-8")
    assert text.index("#. type:") < text.index("# es-admitted:") < text.index("# es-forbidden:")
    assert pot.stat().st_mtime_ns == pot_mtime  # canonical files are not rewritten
    again = runner.invoke(main, ["fmt", "--check"])
    assert again.exit_code == 0 and again.stdout == ""


def test_fmt_explicit_paths(runner: CliRunner, project: Path, tmp_path: Path) -> None:
    po = project / "locales" / "es" / "glossary.po"
    result = runner.invoke(main, ["fmt", "--check", str(po)])
    assert result.exit_code == 1 and result.stdout.strip() == str(po)
    result = runner.invoke(main, ["fmt", str(project / "locales")])
    assert result.exit_code == 0 and is_canonical(po)


def test_fmt_data_error_is_one_line_exit_2(runner: CliRunner, project: Path) -> None:
    po = project / "locales" / "es" / "glossary.po"
    po.write_text(MESSY.replace("#. type: government-body", "#. type: ministry"), encoding="utf-8")
    result = runner.invoke(main, ["fmt"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("glossary: error: ")
    assert "glossary.po:8: unknown type 'ministry'" in lines[0]
    missing = runner.invoke(main, ["fmt", "nope.po"])
    assert missing.exit_code == 2 and "nope.po: no such file" in missing.stderr


def test_fmt_without_locales_is_a_usage_error(runner: CliRunner, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["fmt"])
    assert result.exit_code == 2
    assert "no locales/ folder" in result.stderr
