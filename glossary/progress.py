"""A progress bar on standard error, only when a person is watching.

It draws only when the stream is a terminal, ``CI`` is not set, ``TERM`` is not ``dumb``
and ``GLOSSARY_NO_PROGRESS`` is not set, and only once a run has taken longer than
``delay`` seconds, so short runs, CI logs and piped output never see it. The bar is
erased when the run ends, leaving the terminal as it was.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from typing import Callable, Mapping, TextIO

__all__ = ["NullProgress", "Progress", "enabled", "for_stream"]


def enabled(stream: TextIO, env: Mapping[str, str] | None = None) -> bool:
    """Whether a bar should be drawn on ``stream``."""
    env = os.environ if env is None else env
    if env.get("CI") or env.get("GLOSSARY_NO_PROGRESS") or env.get("TERM") == "dumb":
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class NullProgress:
    """Does nothing: for runs nobody watches."""

    def start(self, total: int) -> None:
        """Begin a run of ``total`` files."""

    def advance(self, label: str = "") -> None:
        """One more file done."""

    def close(self) -> None:
        """The run is over."""


class Progress(NullProgress):
    """A one-line bar: ``[#####.....]  12/40 files  docs/a.md``, redrawn in place."""

    def __init__(self, stream: TextIO, *, width: int = 30, delay: float = 0.5,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.width = width
        self.delay = delay
        self.clock = clock
        self.total = 0
        self.done = 0
        self.began = 0.0
        self.drawn = False
        self._last = -1.0
        self.cols = 79

    def start(self, total: int) -> None:
        """Begin a run of ``total`` files."""
        self.total = max(total, 0)
        self.done = 0
        self.began = self.clock()
        self.cols = max(20, min(120, shutil.get_terminal_size((80, 24)).columns - 1))

    def advance(self, label: str = "") -> None:
        """One more file done; redraw at most ten times a second."""
        self.done += 1
        now = self.clock()
        if self.total <= 1 or now - self.began < self.delay:
            return
        if self.drawn and now - self._last < 0.1 and self.done < self.total:
            return
        self._last = now
        self._draw(label)

    def _draw(self, label: str) -> None:
        filled = int(self.width * self.done / self.total) if self.total else self.width
        bar = "#" * filled + "." * (self.width - filled)
        tail = label[-40:] if label else ""
        line = f"[{bar}] {self.done:>{len(str(self.total))}}/{self.total} files  {tail}"[:self.cols]
        self.stream.write("\r" + line.ljust(self.cols if self.drawn else len(line)))
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        """Erase the bar."""
        if self.drawn:
            self.stream.write("\r" + " " * self.cols + "\r")
            self.stream.flush()
            self.drawn = False


def for_stream(stream: TextIO | None = None, env: Mapping[str, str] | None = None) -> NullProgress:
    """A ``Progress`` on ``stream`` (standard error by default) when someone is watching,
    else a ``NullProgress``."""
    stream = sys.stderr if stream is None else stream
    return Progress(stream) if enabled(stream, env) else NullProgress()
