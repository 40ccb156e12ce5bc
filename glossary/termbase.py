"""Finding and loading the term base: the built-in one, then the user's ``locales/``.

This runs on every ``glossary check`` start-up, so it stays cheap: it imports only the
PO store (no tokenizer, no matcher).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from glossary.errors import DataError, UsageError
from glossary.model import Concept, TermBase
from glossary.po import read_catalog

__all__ = [
    "TERM_BASE_NAME",
    "builtin_locales",
    "find_locales",
    "find_user_locales",
    "locales_files",
    "po_files",
    "load_termbase",
    "term_base_files",
]

TERM_BASE_NAME = "glossary.po"
"""File name of a term base inside ``locales/<lang>/``."""

_PACKAGE = Path(__file__).resolve().parent


def builtin_locales() -> Path:
    """The term base shipped with glossary: ``glossary/_locales`` inside an installed
    wheel, else ``<repo>/locales`` next to the package in a source checkout."""
    bundled = _PACKAGE / "_locales"
    if bundled.is_dir():
        return bundled
    return _PACKAGE.parent / "locales"


def _holds_term_base(folder: Path) -> bool:
    try:
        return any((sub / TERM_BASE_NAME).is_file() for sub in folder.iterdir() if sub.is_dir())
    except OSError:
        return False


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def find_locales(start: Path, *, skip_builtin: bool = False) -> Path | None:
    """The nearest ``locales/`` folder holding ``<lang>/glossary.po``, from ``start``
    upward, stopping after a git root (a folder with ``.git``) or at the filesystem root.
    With ``skip_builtin``, the built-in term base's own folder does not count."""
    here = Path(start).resolve()
    if here.is_file():
        here = here.parent
    builtin = builtin_locales()
    for folder in (here, *here.parents):
        cand = folder / "locales"
        if cand.is_dir() and _holds_term_base(cand) and not (skip_builtin and _same(cand, builtin)):
            return cand
        if (folder / ".git").exists():
            return None
    return None


def find_user_locales(start: Path) -> Path | None:
    """The user's term base folder: the nearest ``locales/`` holding ``<lang>/glossary.po``
    from ``start`` upward (stopping at a git root), but never the built-in one."""
    return find_locales(start, skip_builtin=True)


def locales_files(folder: Path) -> list[Path]:
    """The PO files a ``locales/`` folder holds: ``*.pot`` and ``*/*.po``, sorted."""
    folder = Path(folder)
    out = sorted(p for p in folder.glob("*.pot") if p.is_file())
    out += sorted(p for p in folder.glob("*/*.po") if p.is_file())
    return out


def _resolve(path: str | os.PathLike[str], cwd: Path) -> Path:
    p = Path(path).expanduser()
    return Path(os.path.normpath(p if p.is_absolute() else cwd / p))


def _term_base_in(folder: Path, lang: str) -> Path:
    for cand in (folder / lang / TERM_BASE_NAME, folder / TERM_BASE_NAME):
        if cand.is_file():
            return cand
    raise DataError(str(folder), None, f"no {lang}/{TERM_BASE_NAME} in this folder")


def term_base_files(
    paths: Iterable[str | os.PathLike[str]], *, builtin: bool, lang: str = "es", cwd: Path
) -> list[Path]:
    """The term-base files to load, in load order: the built-in ``<lang>/glossary.po``
    (when ``builtin``), then each of ``paths`` (a PO file, a ``locales/`` folder, or a
    folder holding ``glossary.po``); with no ``paths``, the user's ``locales/`` found from
    ``cwd``. A file named twice is loaded once. DataError for a path that does not exist."""
    out: list[Path] = []

    def add(p: Path) -> None:
        if not any(_same(p, q) for q in out):
            out.append(p)

    if builtin:
        b = builtin_locales() / lang / TERM_BASE_NAME
        if b.is_file():
            add(b)
    given = list(paths)
    if given:
        for raw in given:
            p = _resolve(raw, cwd)
            if p.is_dir():
                add(_term_base_in(p, lang))
            elif p.is_file():
                add(p)
            else:
                raise DataError(str(raw), None, "no such term-base file or folder")
    else:
        user = find_user_locales(cwd)
        if user is not None:
            f = user / lang / TERM_BASE_NAME
            if f.is_file():
                add(f)
    return out


def load_termbase(
    paths: Iterable[str | os.PathLike[str]] = (),
    *,
    builtin: bool = True,
    lang: str = "es",
    cwd: Path | None = None,
) -> TermBase:
    """Load the term base in force: built-in first, then the user's files. A later
    concept with the same id replaces the earlier one in place; new ids extend the list.
    Obsolete (``#~``) concepts are left out."""
    files = term_base_files(paths, builtin=builtin, lang=lang, cwd=Path(cwd) if cwd else Path.cwd())
    merged: dict[str, Concept] = {}
    for f in files:
        for i, c in enumerate(read_catalog(f).concepts):
            if c.obsolete:
                continue
            # A dict keeps the first position of a replaced key. Entries without an id
            # (validate reports them) cannot replace anything: each stays apart.
            merged[c.id or f"\0{f}:{i}"] = c
    return TermBase(concepts=tuple(merged.values()), paths=tuple(str(f) for f in files))


def po_files(paths: Iterable[str | os.PathLike[str]], *, cwd: Path) -> list[Path]:
    """The PO/POT files named by ``paths`` (files, or folders: their ``*.pot``, ``*.po``
    and ``*/*.po``), in order and once each; with no ``paths``, the files of the nearest
    ``locales/`` found from ``cwd`` (UsageError when there is none)."""
    given = list(paths)
    if not given:
        folder = find_locales(cwd)
        if folder is None:
            raise UsageError("no locales/ folder with <lang>/glossary.po found here or above; "
                             "name the PO files")
        return locales_files(folder)
    out: list[Path] = []
    for raw in given:
        p = Path(raw)
        full = _resolve(p, cwd)
        if full.is_dir():
            found = locales_files(full) + sorted(q for q in full.glob("*.po") if q.is_file())
            if not found:
                raise DataError(str(p), None, "no *.pot, *.po or */*.po files in this folder")
            out += [p / q.relative_to(full) for q in found]
        else:
            out.append(p)
    return list(dict.fromkeys(out))


def termbase_digest(files: Iterable[Path]) -> str:
    """A digest of the term-base files in order (their paths and bytes) and of the code that
    reads them: equal digests mean equal term bases."""
    import hashlib

    from glossary import __version__

    h = hashlib.sha256(f"{__version__}|".encode())
    for module in sorted(Path(__file__).with_name("po").glob("*.py")):
        h.update(module.read_bytes())
    for f in files:
        h.update(b"\0" + str(f).encode("utf-8", "surrogateescape") + b"\0")
        try:
            h.update(Path(f).read_bytes())
        except OSError:
            h.update(b"<unreadable>")  # read_catalog will report it
    return h.hexdigest()


def load_termbase_cached(
    paths: Iterable[str | os.PathLike[str]] = (),
    *,
    builtin: bool = True,
    lang: str = "es",
    cwd: Path | None = None,
    cache_dir: Path | None = None,
) -> tuple[TermBase, str]:
    """``load_termbase`` through a pickle in ``cache_dir`` keyed by ``termbase_digest``.

    Parsing a 10,000-concept PO file takes about half a second; the pickle loads in a tenth
    of that. Returns the term base and its digest (the matcher keys its indexes on it). A
    missing or unreadable cache is rebuilt; ``cache_dir`` None reads the files every time."""
    import pickle
    import tempfile

    paths = list(paths)
    files = term_base_files(paths, builtin=builtin, lang=lang, cwd=Path(cwd) if cwd else Path.cwd())
    digest = termbase_digest(files)
    if cache_dir is None:
        return load_termbase(paths, builtin=builtin, lang=lang, cwd=cwd), digest
    cached = Path(cache_dir) / f"termbase-{digest[:32]}.pickle"
    try:
        with open(cached, "rb") as fh:
            termbase = pickle.load(fh)
        if isinstance(termbase, TermBase):
            return termbase, digest
    except Exception:  # noqa: BLE001 - any unreadable cache is simply rebuilt
        pass
    termbase = load_termbase(paths, builtin=builtin, lang=lang, cwd=cwd)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".termbase-", suffix=".tmp", dir=cache_dir)
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(termbase, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cached)
        for old in sorted(Path(cache_dir).glob("termbase-*.pickle"), key=_mtime, reverse=True)[8:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only cache is not an error
    return termbase, digest


def _mtime(p: Path) -> float:
    try:
        return p.stat().st_mtime
    except OSError:
        return 0.0
