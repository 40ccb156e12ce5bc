"""The date a document speaks of: a dateline it opens with ("WASHINGTON, March 28, 2025 —",
"Ciudad de México, 28 de marzo de 2025.-", "2025-03-28"). Pure.

Office holders and the names bodies had are judged on that date (``--date`` and the
``date`` configuration key override it; today's date is the fallback).
"""

from __future__ import annotations

import datetime
import re
from typing import Iterable

from glossary.model import Period

_EN_MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), start=1)}
_EN_MONTHS.update({m[:3]: i for m, i in list(_EN_MONTHS.items())})
_EN_MONTHS["sept"] = 9
_ES_MONTHS = {m: i for i, m in enumerate(
    ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
     "octubre", "noviembre", "diciembre"), start=1)}
_ES_MONTHS["setiembre"] = 9

_EN_NAMES = "|".join(sorted(_EN_MONTHS, key=len, reverse=True))
_ES_NAMES = "|".join(sorted(_ES_MONTHS, key=len, reverse=True))
_PATTERNS: tuple[tuple[re.Pattern[str], tuple[int, int, int], dict[str, int] | None], ...] = (
    # (pattern, group of year/month/day, month names or None for a numeric month)
    (re.compile(rf"\b({_EN_NAMES})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I), (3, 1, 2), _EN_MONTHS),
    (re.compile(rf"\b(\d{{1,2}})\s+({_EN_NAMES})\.?,?\s+(\d{{4}})\b", re.I), (3, 2, 1), _EN_MONTHS),
    (re.compile(rf"\b(\d{{1,2}})(?:º|°)?\s+de\s+({_ES_NAMES})\s+(?:de|del)\s+(\d{{4}})\b", re.I), (3, 2, 1), _ES_MONTHS),
    (re.compile(r"\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b"), (1, 2, 3), None),
)
DATELINE_LINES = 8
"""How many of a document's first non-empty lines are searched for its date."""
DATELINE_COLUMNS = 100
"""A dateline's date starts within this many characters of its line's start."""


def parse_day(text: str, within: int | None = None) -> str | None:
    """``YYYY-MM-DD`` of the first date written in ``text`` (English, Spanish or ISO), or
    None; with ``within``, only a date starting in the first ``within`` characters."""
    best: tuple[int, str] | None = None
    for pattern, (yg, mg, dg), months in _PATTERNS:
        m = pattern.search(text, 0, len(text) if within is None else min(len(text), within + 40))
        if m is None or (within is not None and m.start() > within):
            continue
        if m is None:
            continue
        month_text = m.group(mg)
        month = months.get(month_text.lower().rstrip(".")) if months else int(month_text)
        try:
            day = datetime.date(int(m.group(yg)), month or 0, int(m.group(dg)))
        except ValueError:
            continue
        if best is None or m.start() < best[0]:
            best = (m.start(), day.isoformat())
    return best[1] if best else None


def document_day(lines: Iterable[str]) -> str | None:
    """The date of a document from the first lines that carry one (its dateline)."""
    seen = 0
    for line in lines:
        if not line.strip():
            continue
        found = parse_day(line, DATELINE_COLUMNS)
        if found:
            return found
        seen += 1
        if seen >= DATELINE_LINES:
            break
    return None


def today() -> str:
    """Today's date, ``YYYY-MM-DD``."""
    return datetime.date.today().isoformat()


_ISO_DATE = re.compile(r"^\d{4}(?:-(\d{2})(?:-(\d{2}))?)?$")


def iso_date(text: str) -> str:
    """``text`` if it is an ISO 8601 calendar date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``)
    with a real month and day; ValueError otherwise."""
    m = _ISO_DATE.match(text)
    ok = m is not None
    if m is not None and m.group(1):
        try:
            datetime.date(int(text[:4]), int(m.group(1)), int(m.group(2) or 1))
        except ValueError:
            ok = False
    if not ok:
        raise ValueError(f"bad date {text!r}: use ISO 8601 (YYYY-MM-DD, YYYY-MM or YYYY)")
    return text


def period(start: str, end: str) -> Period:
    """The period from ``start`` to ``end`` (ISO 8601 dates; '' or ``..`` for an open end);
    ValueError for a bad date or an end before the start."""
    p = Period("" if start in ("", "..") else iso_date(start), "" if end in ("", "..") else iso_date(end))
    if p.start and p.end and p.low > p.high:
        raise ValueError(f"period {p} ends before it starts")
    return p
