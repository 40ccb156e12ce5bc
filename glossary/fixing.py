"""Applying fixes to files: read, edit by line and column, write atomically or show a diff.

The planning is pure (``glossary.fix``); this module is the I/O edge. A file is rewritten
only when at least one edit applies, in one atomic replace, keeping its byte-order mark
and line endings. Replacement text that would need escaping in the file's format (a quote
in a PO string, ``<`` or ``&`` in XML, a delimiter in CSV/TSV) is refused.
"""

from __future__ import annotations

import codecs
import difflib
import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from glossary.errors import DataError
from glossary.fix import Edit, Unfixed, apply_edits
from glossary.model import Finding, Severity
from glossary.writes import write_bytes_atomic

__all__ = ["FixOutcome", "apply_fixes", "summary_lines"]

_SPECIAL: dict[str, str] = {
    ".po": '"\\', ".pot": '"\\',
    ".xlf": "<>&", ".xliff": "<>&", ".sdlxliff": "<>&", ".mqxliff": "<>&", ".mxliff": "<>&", ".tmx": "<>&",
    ".csv": '",\n', ".tsv": '\t"\n', ".tab": '\t"\n',
}


@dataclass(frozen=True, slots=True)
class FixOutcome:
    """What applying fixes did: edits made, fixes left (with why), the unified diff and the
    files changed (or that would change, with ``write=False``)."""

    fixed: tuple[Edit, ...] = ()
    left: tuple[Unfixed, ...] = ()
    diff: str = ""
    files: tuple[str, ...] = ()


def _as_finding(e: Edit) -> Finding:
    return Finding(e.path, e.line, e.column, e.end_line, e.end_column, e.code, "", Severity.ERROR, "",
                   e.term, e.old, e.new)


def apply_fixes(edits: Sequence[Edit], *, cwd: str = ".", write: bool = True, lang: str = "es") -> FixOutcome:
    """Apply ``edits`` file by file. With ``write`` False nothing is written: the diff
    shows what would change."""
    by_path: dict[str, list[Edit]] = defaultdict(list)
    for e in edits:
        by_path[e.path].append(e)
    fixed: list[Edit] = []
    left: list[Unfixed] = []
    diffs: list[str] = []
    files: list[str] = []
    for path in sorted(by_path):
        group = by_path[path]
        if path.startswith("<"):
            left.extend(Unfixed(_as_finding(e), "standard input cannot be fixed in place") for e in group)
            continue
        special = _SPECIAL.get(Path(path).suffix.lower(), "")
        ok = []
        for e in group:
            bad = sorted({c for c in e.new if c in special})
            if bad:
                left.append(Unfixed(_as_finding(e), f"'{e.new}' would need escaping in this file ({' '.join(map(repr, bad))})"))
            else:
                ok.append(e)
        if not ok:
            continue
        full = os.path.join(cwd, path)
        try:
            data = Path(full).read_bytes()
        except OSError as exc:
            raise DataError(path, None, f"cannot read: {exc.strerror or exc}") from None
        bom = data.startswith(codecs.BOM_UTF8)
        try:
            text = data[len(codecs.BOM_UTF8) if bom else 0:].decode("utf-8")
        except UnicodeDecodeError:
            left.extend(Unfixed(_as_finding(e), "the file is not UTF-8") for e in ok)
            continue
        new_text, made, skipped = apply_edits(text, ok, lang)
        left.extend(Unfixed(_as_finding(e), why) for e, why in skipped)
        if not made or new_text == text:
            continue
        fixed.extend(made)
        files.append(path)
        shown = path.replace(os.sep, "/")
        lines = difflib.unified_diff(text.splitlines(keepends=True), new_text.splitlines(keepends=True),
                                     fromfile=f"a/{shown}", tofile=f"b/{shown}")
        diffs.append("".join(ln if ln.endswith(("\n", "\r")) else ln + "\n\\ No newline at end of file\n"
                             for ln in lines))
        if write:
            write_bytes_atomic(full, (codecs.BOM_UTF8 if bom else b"") + new_text.encode("utf-8"))
    return FixOutcome(tuple(fixed), tuple(left), "".join(diffs), tuple(files))


def summary_lines(fixed: Sequence[Edit], left: Sequence[Unfixed], *, wrote: bool) -> list[str]:
    """Lines for standard error: each fixable finding left with its reason, then a count."""
    verb = "fixed" if wrote else "would fix"
    files = len({e.path for e in fixed})
    lines = [f"{u.finding.path}:{u.finding.line}:{u.finding.column}: {u.finding.code} "
             f"'{' '.join(u.finding.found.split())}' not fixed: {u.reason}" for u in left]
    lines.append(f"glossary: {verb} {len(fixed)} finding(s) in {files} file(s); "
                 f"{len(left)} fixable finding(s) left as they are")
    return lines
