"""Line-aligned pair of plain text files: line N of the source translates line N of the target."""

from __future__ import annotations

from glossary.errors import DataError
from glossary.model import Anchor, Segment, Side
from glossary.readers.common import split_lines


def read_pair(
    source_path: str, source_text: str, target_path: str, target_text: str, *, source_lang: str, target_lang: str
) -> list[Segment]:
    """One segment per line whose target is not blank; segments carry the target's path.

    Both files must have the same number of lines (a final newline does not count as an
    extra line); otherwise ``DataError`` names both counts.
    """
    src = [c for c, _ in split_lines(source_text)]
    tgt = [c for c, _ in split_lines(target_text)]
    if len(src) != len(tgt):
        raise DataError(
            target_path,
            None,
            f"not line-aligned with {source_path}: {source_path} has {len(src)} lines, "
            f"{target_path} has {len(tgt)}",
        )
    out: list[Segment] = []
    for i, (s, t) in enumerate(zip(src, tgt)):
        if not t.strip():
            continue
        out.append(
            Segment(
                path=target_path,
                target=Side(t, target_lang, (Anchor(0, i + 1, 1),)),
                source=Side(s, source_lang, (Anchor(0, i + 1, 1),)),
                id=str(i + 1),
            )
        )
    return out
