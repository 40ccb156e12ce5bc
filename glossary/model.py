"""The data model: frozen records shared by every module.

This module imports nothing of ours. Everything here is immutable and hashable, so
records can cross process boundaries (``--jobs``) and serve as cache keys.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple


class Status(str, Enum):
    """Administrative status of a term form (TBX-Basic ``administrativeStatus``)."""

    PREFERRED = "preferred"
    ADMITTED = "admitted"
    DEPRECATED = "deprecated"
    FORBIDDEN = "forbidden"

    @property
    def allowed(self) -> bool:
        """True for forms a translation may use (preferred or admitted)."""
        return self in (Status.PREFERRED, Status.ADMITTED)


class Gender(str, Enum):
    """Grammatical gender of a form, or natural gender of a person."""

    MASCULINE = "m"
    FEMININE = "f"


class Number(str, Enum):
    """Grammatical number of a form."""

    SINGULAR = "sg"
    PLURAL = "pl"


class Severity(str, Enum):
    """How serious a finding is; ``rank`` orders them (error highest)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """3 for error, 2 for warning, 1 for info."""
        return {"error": 3, "warning": 2, "info": 1}[self.value]


CONCEPT_TYPES: tuple[str, ...] = (
    "official-title",
    "government-body",
    "place",
    "legal-instrument",
    "principle",
    "person",
    "other",
)
"""The values ``Concept.type`` may take."""


def _reduce(self: object) -> tuple[type, tuple[object, ...]]:
    """Pickle a frozen slotted record as a constructor call: several times faster to load
    than the generic dataclass state (the cached term base holds tens of thousands)."""
    return (type(self), tuple(getattr(self, name) for name in type(self).__slots__))  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class TermForm:
    """One written form of a concept in one language.

    ``everywhere`` applies to deprecated and forbidden forms: such a form is wrong in any
    text ("Méjico"), not only where it renders this concept. ``generated`` marks forms
    produced by inflection rather than stored in the term base; stored forms win over
    generated ones with the same text.
    """

    text: str
    lang: str
    status: Status = Status.PREFERRED
    acronym: bool = False
    gender: Gender | None = None
    number: Number | None = None
    everywhere: bool = False
    note: str = ""
    generated: bool = False

    __reduce__ = _reduce


@dataclass(frozen=True, slots=True)
class Note:
    """A free-text note or source attribution, tagged with a language ('' for none)."""

    lang: str
    text: str

    __reduce__ = _reduce


@dataclass(frozen=True, slots=True)
class Reference:
    """Where a concept was seen: a path and a 1-based line (0 when unknown)."""

    path: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    __reduce__ = _reduce


class Period(NamedTuple):
    """A span of dates, ISO 8601 (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``); an empty end
    is open (``..`` in the PO value). A partial start counts from its first day, a partial
    end to its last, so ``2018/2018`` is the whole year."""

    start: str = ""
    end: str = ""

    @property
    def low(self) -> str:
        """The first day, as a comparable ``YYYY-MM-DD`` string (``0000-01-01`` when open)."""
        s = self.start or "0000"
        return s + "-01-01"[len(s) - 4:] if len(s) < 10 else s

    @property
    def high(self) -> str:
        """The last day, as a comparable string (``9999-12-31`` when open)."""
        e = self.end or "9999"
        return e + "-12-31"[len(e) - 4:] if len(e) < 10 else e

    def contains(self, day: str) -> bool:
        """Whether the day (``YYYY-MM-DD``) falls in the period."""
        return self.low <= day <= self.high

    def overlaps(self, other: "Period") -> bool:
        """Whether two periods share more than a hand-over day (one ends the day the other
        starts: no overlap)."""
        return self.low < other.high and other.low < self.high

    def __str__(self) -> str:
        return f"{self.start or '..'}/{self.end or '..'}"


class Office(NamedTuple):
    """An office a person held: the office's concept id and when."""

    office: str
    period: Period
    note: str = ""


@dataclass(frozen=True, slots=True)
class Concept:
    """One thing in the world (a body, an office, a person) with its forms per language.

    ``id`` is stable: it is the PO ``msgctxt``, the TBX ``conceptEntry/@id`` and the name
    used in findings, suppressions and baselines. ``gender`` is the natural gender of a
    person (titles that name them must agree). ``extra`` keeps comment lines the store
    did not understand, so nothing a user wrote is dropped on save. ``offices`` are the
    offices a person held and when; ``valid`` is when a body or office existed under
    this name, and ``replaced_by`` the id of what replaced it.
    """

    id: str
    type: str = "other"
    forms: tuple[TermForm, ...] = ()
    country: str = ""
    gender: Gender | None = None
    case_sensitive: bool = False
    do_not_translate: bool = False
    fuzzy: bool = False
    obsolete: bool = False
    references: tuple[Reference, ...] = ()
    notes: tuple[Note, ...] = ()
    sources: tuple[Note, ...] = ()
    extra: tuple[str, ...] = ()
    offices: tuple[Office, ...] = ()
    valid: Period | None = None
    replaced_by: str = ""

    def forms_in(self, lang: str) -> tuple[TermForm, ...]:
        """All forms in ``lang``, in stored order."""
        return tuple(f for f in self.forms if f.lang == lang)

    def preferred(self, lang: str) -> TermForm | None:
        """The first preferred form in ``lang``, or None."""
        for f in self.forms:
            if f.lang == lang and f.status is Status.PREFERRED:
                return f
        return None

    def allowed(self, lang: str) -> tuple[TermForm, ...]:
        """Forms in ``lang`` that a translation may use."""
        return tuple(f for f in self.forms if f.lang == lang and f.status.allowed)

    __reduce__ = _reduce


class Anchor(NamedTuple):
    """Maps a character offset in a segment's text to a 1-based line and column.

    ``Anchor``, ``Side`` and ``Segment`` are named tuples: readers make one or more per
    line of a document, and a tuple is several times faster to make than a frozen
    dataclass (``_replace`` gives a changed copy)."""

    offset: int
    line: int
    column: int


def _offset_of(anchor: Anchor) -> int:
    return anchor.offset


class Side(NamedTuple):
    """One language side of a segment: its text and where that text sits in the file.

    ``anchors`` are sorted by offset. The position of any offset is that of the last
    anchor at or before it, moved right by the distance. Readers add an anchor at the
    start, after every newline, and wherever markup or escapes were removed.
    """

    text: str
    lang: str
    anchors: tuple[Anchor, ...] = (Anchor(0, 1, 1),)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) in the original file of character ``offset``."""
        anchors = self.anchors
        if len(anchors) == 1:  # a line of a pair or of plain text
            a = anchors[0]
        elif not anchors:
            return (1, offset + 1)
        else:
            a = anchors[max(bisect.bisect_right(anchors, offset, key=_offset_of) - 1, 0)]
        return (a.line, a.column + max(offset - a.offset, 0))


class Segment(NamedTuple):
    """A unit of text to check: a translation pair, or one side alone.

    Monolingual text has ``source`` None and its text in ``target``. ``context`` carries a
    PO ``msgctxt`` or an XLIFF resname, which can narrow homographs. ``suppressions``
    holds inline ``glossary: ignore`` directives that apply to this segment.
    """

    path: str
    target: Side
    source: Side | None = None
    id: str = ""
    context: str = ""
    suppressions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found, pointing at a 1-based line and column range."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    rule: str
    severity: Severity
    message: str
    term: str = ""
    found: str = ""
    expected: str = ""

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Findings sort by path, position, code, then concept."""
        return (self.path, self.line, self.column, self.code, self.term)


@dataclass(frozen=True, slots=True)
class TermBase:
    """All concepts in force, in load order; ids are unique."""

    concepts: tuple[Concept, ...] = ()
    paths: tuple[str, ...] = field(default=())

    def get(self, concept_id: str) -> Concept | None:
        """The concept with this id, or None."""
        for c in self.concepts:
            if c.id == concept_id:
                return c
        return None
