"""Reading input files: one place that turns every way a read can fail into a ``DataError``."""

from __future__ import annotations

import os
import stat

from glossary.errors import DataError


def read_bytes(path: str | os.PathLike[str], label: str | None = None) -> bytes:
    """The bytes of ``path``; a missing file, a folder, a device (``/dev/zero`` would never
    end) or an unreadable file raises ``DataError`` naming ``label`` (default: the path)."""
    label = label if label is not None else os.fspath(path)
    try:
        with open(path, "rb") as fh:
            mode = os.fstat(fh.fileno()).st_mode
            if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
                raise DataError(label, None, "is a device, not a file")
            return fh.read()
    except IsADirectoryError:
        raise DataError(label, None, "is a directory, not a file") from None
    except FileNotFoundError:
        raise DataError(label, None, "no such file") from None
    except PermissionError:
        raise DataError(label, None, "permission denied") from None
    except OSError as exc:
        raise DataError(label, None, f"cannot read: {exc.strerror or exc}") from None
