"""Plain text reader: one monolingual segment per paragraph (blank-line separated)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from glossary.model import Anchor, Segment, Side
from glossary.readers.common import line_texts


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Lines ``first``..``last`` (0-based indexes, inclusive) joined by newlines, anchored."""

    first: int
    last: int
    side: Side


def paragraphs(lines: list[str], lang: str, breaks: Collection[int] = ()) -> list[Paragraph]:
    """Group lines into paragraphs: blank (whitespace-only) lines separate them, and a
    paragraph also ends before every line index in ``breaks``. Each line gets an anchor at
    its first column, so offsets map back to the file even across line breaks."""
    out: list[Paragraph] = []
    current: list[int] = []

    def flush() -> None:
        if not current:
            return
        anchors, parts, offset = [], [], 0
        for i in current:
            anchors.append(Anchor(offset, i + 1, 1))
            parts.append(lines[i])
            offset += len(lines[i]) + 1
        out.append(Paragraph(current[0], current[-1], Side("\n".join(parts), lang, tuple(anchors))))
        current.clear()

    for i, line in enumerate(lines):
        if not line.strip():
            flush()
            continue
        if i in breaks:
            flush()
        current.append(i)
    flush()
    return out


def read_text(path: str, text: str, lang: str) -> list[Segment]:
    """Monolingual segments of plain text in ``lang``, one per paragraph; id is the first line number."""
    lines = line_texts(text)
    return [Segment(path=path, target=p.side, id=str(p.first + 1)) for p in paragraphs(lines, lang)]
