"""termbase: where term bases are found and how they are merged."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import glossary.termbase as termbase
from glossary.errors import DataError
from glossary.termbase import (
    builtin_locales,
    find_user_locales,
    load_termbase,
    locales_files,
    term_base_files,
)

REPO = Path(__file__).resolve().parent.parent

HEADER = (
    'msgid ""\nmsgstr ""\n"Language: es\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
)


def _entry(cid: str, en: str, es: str, obsolete: bool = False) -> str:
    p = "#~ " if obsolete else ""
    return f'{p}msgctxt "{cid}"\n{p}msgid "{en}"\n{p}msgstr "{es}"\n\n'


def _locales(root: Path, *entries: str, lang: str = "es") -> Path:
    f = root / "locales" / lang / "glossary.po"
    f.parent.mkdir(parents=True, exist_ok=True)
    f.write_text(HEADER + "".join(entries), encoding="utf-8")
    return root / "locales"


@pytest.fixture
def no_builtin(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Point the built-in term base at an empty folder, so tests see only their own files."""
    empty = tmp_path / "builtin-locales"
    empty.mkdir()
    monkeypatch.setattr(termbase, "builtin_locales", lambda: empty)
    return empty


def test_builtin_locales_in_source_checkout() -> None:
    assert builtin_locales() == REPO / "locales"


def test_find_user_locales_walks_up_and_stops_at_git_root(tmp_path: Path, no_builtin: Path) -> None:
    project = tmp_path / "project"
    deep = project / "docs" / "2024" / "q1"
    deep.mkdir(parents=True)
    assert find_user_locales(deep) is None
    loc = _locales(project, _entry("a", "A", "A"))
    assert find_user_locales(deep) == loc
    assert find_user_locales(project) == loc
    (loc.parent / "docs" / "locales").mkdir()  # a locales/ without <lang>/glossary.po is skipped
    assert find_user_locales(deep) == loc
    # A git root between start and the locales/ above it ends the search.
    (project / "docs" / ".git").mkdir()
    assert find_user_locales(deep) is None
    assert find_user_locales(project / "docs") is None


def test_find_user_locales_skips_the_builtin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outer = _locales(tmp_path, _entry("a", "A", "A"))
    inner_root = tmp_path / "pkg"
    inner = _locales(inner_root, _entry("b", "B", "B"))
    monkeypatch.setattr(termbase, "builtin_locales", lambda: inner)
    assert find_user_locales(inner_root) == outer
    assert termbase.find_locales(inner_root) == inner


def test_term_base_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builtin = _locales(tmp_path / "builtin", _entry("a", "A", "A"))
    monkeypatch.setattr(termbase, "builtin_locales", lambda: builtin)
    user = _locales(tmp_path / "user", _entry("b", "B", "B"))
    cwd = tmp_path / "user" / "sub"
    cwd.mkdir()
    b, u = builtin / "es" / "glossary.po", user / "es" / "glossary.po"
    assert term_base_files([], builtin=True, cwd=cwd) == [b, u]
    assert term_base_files([], builtin=False, cwd=cwd) == [u]
    assert term_base_files([str(user)], builtin=False, cwd=tmp_path) == [u]  # a locales/ folder
    assert term_base_files(["../es/glossary.po"], builtin=False, cwd=user / "es") == [u]
    assert term_base_files([user / "es"], builtin=False, cwd=tmp_path) == [u]  # folder with glossary.po
    assert term_base_files([u, str(u)], builtin=True, cwd=tmp_path) == [b, u]  # loaded once
    assert term_base_files([b], builtin=True, cwd=tmp_path) == [b]
    with pytest.raises(DataError, match="no such"):
        term_base_files(["missing.po"], builtin=False, cwd=tmp_path)
    with pytest.raises(DataError, match="no fr/glossary.po"):
        term_base_files([user], builtin=False, lang="fr", cwd=tmp_path)


def test_load_termbase_merges_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builtin = _locales(tmp_path / "builtin", _entry("a", "A", "a-builtin"), _entry("b", "B", "b-builtin"),
                       _entry("c", "C", "c-builtin"))
    monkeypatch.setattr(termbase, "builtin_locales", lambda: builtin)
    user = _locales(tmp_path / "user", _entry("b", "B", "b-user"), _entry("d", "D", "d-user"),
                    _entry("c", "C", "c-gone", obsolete=True), _entry("e", "E", "e-old", obsolete=True))
    tb = load_termbase(cwd=tmp_path / "user")
    assert [c.id for c in tb.concepts] == ["a", "b", "c", "d"]
    assert tb.get("b").preferred("es").text == "b-user"  # replaced in place
    assert tb.get("c").preferred("es").text == "c-builtin"  # an obsolete entry replaces nothing
    assert tb.get("e") is None
    assert tb.paths == (str(builtin / "es" / "glossary.po"), str(user / "es" / "glossary.po"))
    only_user = load_termbase([user], builtin=False, cwd=tmp_path)
    assert [c.id for c in only_user.concepts] == ["b", "d"]
    assert load_termbase(builtin=False, cwd=tmp_path).concepts == ()


def test_load_termbase_propagates_data_errors(tmp_path: Path, no_builtin: Path) -> None:
    loc = _locales(tmp_path, _entry("a", "A", "A"))
    (loc / "es" / "glossary.po").write_text(HEADER + "<<<<<<< HEAD\n", encoding="utf-8")
    with pytest.raises(DataError, match="merge conflict"):
        load_termbase(cwd=tmp_path)


def test_locales_files(tmp_path: Path) -> None:
    loc = _locales(tmp_path, _entry("a", "A", "A"))
    (loc / "glossary.pot").write_text(HEADER, encoding="utf-8")
    (loc / "es" / "memory.po").write_text(HEADER, encoding="utf-8")
    (loc / "es" / "notes.txt").write_text("x", encoding="utf-8")
    assert [p.relative_to(loc).as_posix() for p in locales_files(loc)] == [
        "glossary.pot", "es/glossary.po", "es/memory.po"]


def test_loading_does_not_import_the_tokenizer() -> None:
    code = ("import sys, glossary.termbase as t; t.load_termbase(builtin=True); "
            "print('sacremoses' in sys.modules, 'polib' in sys.modules)")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert res.stdout.split() == ["False", "False"]


def test_po_files(tmp_path: Path) -> None:
    from glossary.errors import UsageError
    from glossary.termbase import po_files

    loc = _locales(tmp_path, _entry("a", "A", "A"))
    (loc / "glossary.pot").write_text(HEADER, encoding="utf-8")
    assert po_files(["locales"], cwd=tmp_path) == [Path("locales/glossary.pot"), Path("locales/es/glossary.po")]
    assert po_files(["x.po", "x.po"], cwd=tmp_path) == [Path("x.po")]
    assert po_files([], cwd=loc / "es") == [loc / "glossary.pot", loc / "es" / "glossary.po"]
    (tmp_path / "other" / ".git").mkdir(parents=True)
    with pytest.raises(UsageError, match="no locales/"):
        po_files([], cwd=tmp_path / "other")
