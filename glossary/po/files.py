"""Term-base files on disk: canonical bytes, conflict-checked atomic writes, the writer lock."""

from __future__ import annotations

import codecs
import contextlib
import fcntl
import hashlib
import os
import re
from dataclasses import replace
from typing import Callable, Iterator

from glossary.errors import ConflictError
from glossary.po.concepts import Catalog, default_catalog, read_catalog, render_catalog
from glossary.po.decode import _fail
from glossary.writes import write_bytes_atomic


def _charset_of(metadata: tuple[tuple[str, str], ...]) -> str:
    for k, v in metadata:
        if k.lower() == "content-type":
            m = re.search(r"charset=([A-Za-z0-9._:+-]+)", v)
            if m and m.group(1).upper() != "CHARSET":
                try:
                    return codecs.lookup(m.group(1)).name
                except LookupError:
                    return "utf-8"
    return "utf-8"


def _encode(catalog: Catalog, path: str) -> bytes:
    text = render_catalog(catalog)
    enc = _charset_of(catalog.metadata)
    try:
        return text.encode(enc)
    except UnicodeEncodeError as exc:
        raise _fail(path, None, f"cannot encode {text[exc.start:exc.end]!r} in the file's charset {enc}") from None


def _fingerprint_on_disk(path: str) -> str:
    try:
        with open(path, "rb") as fh:
            return hashlib.sha256(fh.read()).hexdigest()
    except FileNotFoundError:
        return ""
    except IsADirectoryError:
        raise _fail(path, None, "is a directory, not a PO file") from None
    except OSError as exc:
        raise _fail(path, None, f"cannot read: {exc.strerror or exc}") from None


def write_catalog(catalog: Catalog, path: str | None = None) -> Catalog:
    """Write the canonical form of ``catalog`` atomically (temp file, fsync, rename).

    Writing to ``catalog.path`` raises ConflictError when the file on disk no longer has
    the fingerprint it had when read (a new catalog has fingerprint "" and must not find
    a file there). Returns the catalog with its new path and fingerprint.
    """
    target = os.fspath(path) if path is not None else catalog.path
    data = _encode(catalog, target)
    if os.path.abspath(target) == os.path.abspath(catalog.path):
        now = _fingerprint_on_disk(target)
        if now != catalog.fingerprint:
            what = "created" if not catalog.fingerprint else ("deleted" if not now else "changed")
            raise ConflictError(target, None, f"{what} on disk since it was read; not overwritten")
    write_bytes_atomic(target, data)
    return replace(catalog, path=target, fingerprint=hashlib.sha256(data).hexdigest())


_HELD: dict[str, int] = {}
"""Lock files this process holds, with their nesting depth (``_locked`` is re-entrant)."""


def locked(path: str | os.PathLike[str]) -> contextlib.AbstractContextManager[None]:
    """Hold the exclusive lock that every writer of ``path`` takes (``<path>.lock``).

    Re-entrant within a process: a read-decide-append done under it (``tm import``) can
    call ``append_entries``, which takes the same lock."""
    return _locked(os.fspath(path))


@contextlib.contextmanager
def _locked(path: str) -> Iterator[None]:
    """Hold an exclusive flock on ``<path>.lock``; the lock file is removed afterwards."""
    lock_path = path + ".lock"
    key = os.path.abspath(lock_path)
    if _HELD.get(key):
        _HELD[key] += 1
        try:
            yield
        finally:
            _HELD[key] -= 1
        return
    while True:
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as exc:
            raise _fail(path, None, f"cannot create lock file {lock_path}: {exc.strerror or exc}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                same = os.fstat(fd).st_ino == os.stat(lock_path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # the previous holder removed it; lock the new one
    _HELD[key] = 1
    try:
        yield
    finally:
        _HELD.pop(key, None)
        with contextlib.suppress(OSError):
            os.unlink(lock_path)
        os.close(fd)


def update_catalog(
    path: str | os.PathLike[str], change: Callable[[Catalog], Catalog], *, create: bool = False
) -> Catalog:
    """Read, change and write a catalog under an exclusive lock, so concurrent writers
    (two ``glossary terms add`` at once) both land. With ``create``, a missing file
    starts as ``default_catalog(path)``. Returns the catalog as written."""
    p = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(p))
    if not os.path.isdir(folder):
        raise _fail(p, None, f"folder {folder} does not exist")
    with _locked(p):
        if create and not os.path.exists(p):
            current = default_catalog(p)
        else:
            current = read_catalog(p)
        new = change(current)
        if new.fingerprint != current.fingerprint or os.path.abspath(new.path) != os.path.abspath(p):
            new = replace(new, path=p, fingerprint=current.fingerprint)
        return write_catalog(new, p)


def is_canonical(path: str | os.PathLike[str]) -> bool:
    """True when the file's bytes are exactly the canonical rendering of what it holds."""
    p = os.fspath(path)
    cat = read_catalog(p)
    return hashlib.sha256(_encode(cat, p)).hexdigest() == cat.fingerprint


def canonicalize(path: str | os.PathLike[str], *, write: bool = True) -> bool:
    """Put a term-base file in canonical form; True if it was not (with ``write=False``,
    only report). The file is read once; the write is atomic and conflict-checked."""
    p = os.fspath(path)
    if not write:
        cat = read_catalog(p)
        return hashlib.sha256(_encode(cat, p)).hexdigest() != cat.fingerprint
    with _locked(p):  # like update_catalog: a `terms add` running meanwhile waits, and lands
        cat = read_catalog(p)
        data = _encode(cat, p)
        if hashlib.sha256(data).hexdigest() == cat.fingerprint:
            return False
        write_catalog(cat)
    return True
