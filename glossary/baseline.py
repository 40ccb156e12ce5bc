"""Baselines: record today's findings, later report only new ones.

A finding is keyed by its content, not its position: the file (relative to the baseline's
folder), the rule, the concept, the text found and a digest of the segment's normalised
text (Unicode NFC, runs of white space made one space). Editing other paragraphs, or
moving this one, does not bring a recorded finding back; changing the segment itself does.
Identical keys are counted, so a second identical mistake in one segment is new.

Pure: the caller reads and writes the file (``load``/``dump`` work on strings).
"""

from __future__ import annotations

import bisect
import hashlib
import json
import os
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

from glossary.errors import DataError
from glossary.model import Finding, Segment

__all__ = ["BASELINE_VERSION", "Baseline", "Entry", "dump", "entry_for", "filter_new", "load",
           "normalise", "segment_at", "segment_digest", "SegmentLocator"]

BASELINE_VERSION = 1
"""Format version written in every baseline file."""


@dataclass(frozen=True, slots=True, order=True)
class Entry:
    """One baseline key."""

    path: str
    code: str
    term: str
    found: str
    segment: str


@dataclass(frozen=True, slots=True)
class Baseline:
    """Recorded keys with how many findings share each."""

    counts: tuple[tuple[Entry, int], ...] = ()

    def counter(self) -> Counter[Entry]:
        """The keys as a ``Counter``."""
        return Counter(dict(self.counts))

    def __len__(self) -> int:
        return sum(n for _, n in self.counts)


def normalise(text: str) -> str:
    """Segment text as keyed: NFC, white space runs as one space, trimmed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def segment_digest(text: str) -> str:
    """A short stable digest of a segment's normalised text."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:16]


class SegmentLocator:
    """Finds the segment covering a position in about log(n) steps (built once per file).

    Among several covering segments the one starting last wins, and of those the last
    one given, as ``segment_at`` promises.
    """

    def __init__(self, segments: Sequence[Segment]) -> None:
        spans = []
        for index, seg in enumerate(segments):
            side = seg.target
            spans.append((side.position(0), index, side.position(len(side.text)), seg))
        spans.sort(key=lambda s: (s[0], s[1]))
        self._starts = [s[0] for s in spans]
        self._spans = spans

    def at(self, line: int, column: int) -> Segment | None:
        """The segment whose target text covers 1-based (``line``, ``column``), or None."""
        point = (line, column)
        i = bisect.bisect_right(self._starts, point)
        while i > 0:
            i -= 1
            _start, _index, end, seg = self._spans[i]
            if point <= end:
                return seg
        return None


def segment_at(segments: Sequence[Segment], line: int, column: int) -> Segment | None:
    """The segment whose target text covers 1-based (``line``, ``column``), or None.

    For many look-ups in one file, build a ``SegmentLocator`` once instead.
    """
    return SegmentLocator(segments).at(line, column)


def _key_path(path: str, cwd: str, base: str) -> str:
    if path.startswith("<"):
        return path
    full = os.path.normpath(os.path.join(cwd, path))
    try:
        rel = os.path.relpath(full, base)
    except ValueError:  # another drive on Windows
        rel = full
    return rel.replace(os.sep, "/")


def entry_for(finding: Finding, segment_text: str | None, *, cwd: str, base: str) -> Entry:
    """The key of ``finding``; ``base`` is the folder paths are made relative to."""
    digest = segment_digest(segment_text) if segment_text is not None else ""
    return Entry(_key_path(finding.path, cwd, base), finding.code, finding.term, normalise(finding.found), digest)


def filter_new(findings: Iterable[tuple[Finding, Entry]], baseline: Baseline) -> tuple[list[Finding], int]:
    """Findings not covered by ``baseline``, and how many baseline entries went unused
    (fixed since it was written)."""
    left = baseline.counter()
    new = []
    for finding, entry in findings:
        if left[entry] > 0:
            left[entry] -= 1
        else:
            new.append(finding)
    return new, sum(n for n in left.values() if n > 0)


def dump(entries: Iterable[Entry]) -> str:
    """Baseline file text: sorted, one entry per finding key, stable for version control."""
    counts = Counter(entries)
    rows = [
        {"path": e.path, "code": e.code, "term": e.term, "found": e.found, "segment": e.segment,
         **({"count": n} if n > 1 else {})}
        for e, n in sorted(counts.items())
    ]
    doc = {"version": BASELINE_VERSION, "tool": "glossary", "findings": rows}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def load(text: str, path: str) -> Baseline:
    """Parse baseline file text; anything malformed raises ``DataError`` naming ``path``."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(path, exc.lineno, f"not a baseline file (bad JSON: {exc.msg})") from None
    if not isinstance(doc, dict) or doc.get("tool") != "glossary" or "findings" not in doc:
        raise DataError(path, None, "not a glossary baseline file (write one with --write-baseline)")
    if doc.get("version") != BASELINE_VERSION:
        raise DataError(path, None, f"unsupported baseline version {doc.get('version')!r}")
    rows = doc["findings"]
    if not isinstance(rows, list):
        raise DataError(path, None, "'findings' must be a list")
    counts: Counter[Entry] = Counter()
    for n, row in enumerate(rows):
        try:
            entry = Entry(*(str(row[k]) for k in ("path", "code", "term", "found", "segment")))
            count = int(row.get("count", 1))
        except (KeyError, TypeError, ValueError, AttributeError):
            raise DataError(path, None, f"finding {n + 1}: needs path, code, term, found and segment") from None
        counts[entry] += max(count, 1)
    return Baseline(tuple(sorted(counts.items())))
