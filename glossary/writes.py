"""Atomic file writes: a temporary file in the same folder, fsync, rename, fsync the folder.

A reader (or a crash) sees either the old file or the new one, never a mix or an empty file.
"""

from __future__ import annotations

import os
import tempfile

from glossary.errors import DataError


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically, keeping the old file's permissions."""
    target = os.fspath(path)
    if os.path.islink(target):
        # write through the link (a shared or dotfile-managed file), do not replace the link
        target = os.path.realpath(target)
    folder = os.path.dirname(os.path.abspath(target))
    try:
        mode = os.stat(target).st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    except OSError as exc:
        raise DataError(target, None, f"cannot write: {exc.strerror or exc}") from None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise DataError(target, None, f"cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise DataError(target, None, f"cannot write: {exc.strerror or exc}") from None
        raise
    _fsync_dir(folder)


def write_text_atomic(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``text`` atomically."""
    write_bytes_atomic(path, text.encode(encoding))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_dir(folder: str) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
