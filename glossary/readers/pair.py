"""Line-aligned pair of plain text files: line N of the source translates line N of the target."""

from __future__ import annotations

from glossary.errors import DataError
from glossary.model import Anchor, Segment, Side
from glossary.readers.common import line_texts


def pair_lines(source_path: str, source_text: str, target_path: str, target_text: str) -> tuple[list[str], list[str]]:
    """The lines of both texts, which must be as many (a final newline does not count as an
    extra line); otherwise ``DataError`` names both counts."""
    src = line_texts(source_text)
    tgt = line_texts(target_text)
    if len(src) != len(tgt):
        raise DataError(
            target_path,
            None,
            f"not line-aligned with {source_path}: {source_path} has {len(src)} lines, "
            f"{target_path} has {len(tgt)}",
        )
    return src, tgt


def line_segment(target_path: str, line: int, source: str, target: str, source_lang: str,
                 target_lang: str) -> Segment:
    """The segment of 1-based ``line`` of a pair: it carries the target's path."""
    anchors = (Anchor(0, line, 1),)
    return Segment(path=target_path, target=Side(target, target_lang, anchors),
                   source=Side(source, source_lang, anchors), id=str(line))


def read_pair(
    source_path: str, source_text: str, target_path: str, target_text: str, *, source_lang: str, target_lang: str
) -> list[Segment]:
    """One segment per line whose target is not blank (see ``pair_lines``)."""
    src, tgt = pair_lines(source_path, source_text, target_path, target_text)
    return [line_segment(target_path, i + 1, s, t, source_lang, target_lang)
            for i, (s, t) in enumerate(zip(src, tgt)) if t.strip()]
