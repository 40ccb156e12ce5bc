"""Named errors raised by the library; the CLI turns each into one line and exit code 2."""

from __future__ import annotations


class GlossaryError(Exception):
    """Base class: anything the user can fix by changing input, options or data."""

    exit_code = 2


class DataError(GlossaryError):
    """A file is missing, unreadable or malformed. Renders as ``path:line: message``."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"

    def __reduce__(self) -> tuple[type[DataError], tuple[str, int | None, str]]:
        """Pickle with all three fields, so the error crosses from a ``--jobs`` worker intact."""
        return (self.__class__, (self.path, self.line, self.message))


class ConflictError(DataError):
    """A file changed on disk after it was read; saving would clobber someone's work."""


class ConfigError(GlossaryError):
    """A configuration file or option value is wrong."""


class UsageError(GlossaryError):
    """A command was called with arguments that do not fit together."""
