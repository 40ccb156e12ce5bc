"""Merging imported concepts into a term base; ids and statuses for imported data.

Pure: no file I/O, no printing. Readers in ``glossary.interchange`` return a :class:`Batch`;
:func:`merge` folds its concepts into the concepts of an existing catalog and says what
changed and what conflicts. A conflict is never resolved silently: unless ``prefer`` is
given, a concept with a conflict is left exactly as it was.

Matching rules (in this order):

1. The same id, when the two concepts share at least one form (same language and text).
   Same id but no form in common is an id collision between different concepts (two
   foreign files both numbering their entries ``c1``, ``c2``...): the incoming concept is
   added under a fresh id.
2. The same English preferred form (exact, case-sensitive: ICE is not ice) and the same
   country.
3. Otherwise the concept is new.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from glossary.model import Concept, Note, Status, TermForm

PREFER_CHOICES: tuple[str, ...] = ("ours", "theirs")
"""Values ``merge(prefer=...)`` accepts."""


@dataclass(frozen=True, slots=True)
class Batch:
    """Concepts read from an interchange file, and what the reader left out.

    ``skipped`` counts data the term base cannot hold and was dropped (``("zu terms", 45)``,
    ``("obsolete entries", 8)``); ``ignored`` counts foreign data categories that have no
    place in the model (``("transacGrp", 316)``). Both keep first-seen order.
    """

    path: str
    format: str
    concepts: tuple[Concept, ...] = ()
    skipped: tuple[tuple[str, int], ...] = ()
    ignored: tuple[tuple[str, int], ...] = ()

    @property
    def skipped_total(self) -> int:
        """The sum of all ``skipped`` counts."""
        return sum(n for _, n in self.skipped)


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two term bases disagree about one point of one concept.

    ``kind`` is ``preferred`` (different preferred form), ``status`` (a form allowed in one
    and not in the other, or deprecated in one and forbidden in the other), ``form`` (a
    form's acronym, everywhere or note), ``type``, ``country`` or ``gender`` (of a person). ``resolved`` is ``""`` when left as is, else ``ours`` or ``theirs``.
    """

    concept: str
    kind: str
    lang: str
    ours: str
    theirs: str
    message: str
    resolved: str = ""


@dataclass(frozen=True, slots=True)
class Change:
    """What happened to one incoming concept: ``added``, ``updated``, ``unchanged`` or ``conflict``."""

    concept: str
    action: str
    details: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MergeResult:
    """The merged concepts (existing order, new ones appended) and the per-concept changes."""

    concepts: tuple[Concept, ...]
    changes: tuple[Change, ...]
    conflicts: tuple[Conflict, ...]

    def count(self, action: str) -> int:
        """How many incoming concepts ended with ``action``."""
        return sum(1 for c in self.changes if c.action == action)

    @property
    def unresolved(self) -> tuple[Conflict, ...]:
        """Conflicts left as is (no ``prefer``)."""
        return tuple(c for c in self.conflicts if not c.resolved)


_SLUG_RE = re.compile(r"[^a-z0-9]+")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""What a concept id looks like: lower-case ASCII letters and digits, single hyphens between."""

COUNTRY_RE = re.compile(r"^[A-Z]{2}(?:-[A-Z0-9]{1,3})?$")
"""What a ``country`` value looks like: an ISO 3166 code (``MX``, ``US``, ``GB-SCT``)."""


def slugify(text: str, *, max_len: int = 60) -> str:
    """``"Secretaría de Gobernación"`` -> ``"secretaria-de-gobernacion"``; ``""`` if nothing is left."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    slug = _SLUG_RE.sub("-", ascii_only).strip("-")
    return slug[:max_len].rstrip("-")


def unique_id(base: str, used: set[str] | frozenset[str]) -> str:
    """``base`` if unused, else ``base-2``, ``base-3``... (``concept`` when ``base`` is empty)."""
    base = base or "concept"
    if base not in used:
        return base
    n = 2
    while f"{base}-{n}" in used:
        n += 1
    return f"{base}-{n}"


def concept_id(candidates: Iterable[str], used: set[str]) -> str:
    """The first candidate that slugifies to something, made unique against ``used`` (and added to it)."""
    base = ""
    for text in candidates:
        base = text if ID_RE.match(text) else slugify(text)
        if base:
            break
    new = unique_id(base, used)
    used.add(new)
    return new


def settle_preferred(forms: Sequence[tuple[TermForm, bool]]) -> tuple[TermForm, ...]:
    """Give each language exactly one main preferred form, for data from foreign files.

    ``forms`` pairs each form with whether its status was stated in the file. Per language
    the first form stated preferred becomes the main form (with none stated, the first
    allowed form does); later preferred forms and forms without a stated status become
    admitted. The main form is the PO ``msgid``/``msgstr``, so it loses any acronym,
    gender or number mark (a noun's grammatical gender in a foreign file is not one of our
    title gender forms).
    """
    has_pref = {f.lang for f, explicit in forms if explicit and f.status is Status.PREFERRED}
    taken: set[str] = set()
    out: list[TermForm] = []
    for form, explicit in forms:
        status = form.status if explicit else Status.ADMITTED
        if form.lang not in taken and status.allowed and (
            form.lang not in has_pref or status is Status.PREFERRED
        ):
            out.append(replace(form, status=Status.PREFERRED, acronym=False, gender=None, number=None))
            taken.add(form.lang)
            continue
        if status is Status.PREFERRED:
            status = Status.ADMITTED
        out.append(replace(form, status=status))
    return tuple(out)


def form_key(f: TermForm) -> tuple[str, str, object, object]:
    """What makes two forms the same form: language, text, gender and number.

    ``secretario de Gobernación`` as the main form and as the masculine singular form of
    a title are two forms with one text.
    """
    return (f.lang, f.text, f.gender, f.number)


def dedupe_forms(forms: Iterable[TermForm]) -> tuple[TermForm, ...]:
    """Drop repeated forms (same ``form_key``), keeping the first."""
    seen: set[tuple[str, str, object, object]] = set()
    out: list[TermForm] = []
    for f in forms:
        key = form_key(f)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return tuple(out)


def select_for_export(concepts: Iterable[Concept]) -> tuple[tuple[Concept, ...], tuple[tuple[str, int], ...]]:
    """Concepts worth exporting: no obsolete entries, no generated forms, no concept without forms."""
    kept: list[Concept] = []
    obsolete = empty = generated = 0
    for c in concepts:
        if c.obsolete:
            obsolete += 1
            continue
        forms = tuple(f for f in c.forms if not f.generated)
        generated += len(c.forms) - len(forms)
        if not forms:
            empty += 1
            continue
        kept.append(c if len(forms) == len(c.forms) else replace(c, forms=forms))
    skipped = tuple(
        (label, n)
        for label, n in (
            ("obsolete concepts", obsolete),
            ("concepts without terms", empty),
            ("generated forms", generated),
        )
        if n
    )
    return tuple(kept), skipped


def fit_po(c: Concept, lang: str = "es") -> Concept:
    """``c`` as the PO term base will hold it, so merging twice changes nothing the second time.

    The PO keys cannot carry everything the model can: a main form's note becomes a
    concept note of its language; a source without a language is an English source; an
    allowed target form with a gender is a gender form (preferred); number without gender,
    gender on English forms, acronym on disallowed forms and ``everywhere`` on allowed
    forms are dropped; generated forms and data in other languages are left out; texts
    lose surrounding spaces (empty ones are dropped) and extra lines that are not comment
    lines become translator comments.
    """
    keep = ("en", lang)
    forms: list[TermForm] = []
    notes: list[Note] = []
    mains: set[str] = set()
    for f in c.forms:
        text = f.text.strip(" ")
        if f.generated or f.lang not in keep or not text:
            continue
        f = replace(f, text=text, note=f.note.strip(" "))
        if is_main(f) and f.lang not in mains:
            mains.add(f.lang)
            if f.note:
                notes.append(Note(f.lang, f.note))
                f = replace(f, note="")
            forms.append(f)
            continue
        if f.lang != lang or f.gender is None:
            f = replace(f, gender=None, number=None)
        elif f.status.allowed:
            f = replace(f, status=Status.PREFERRED)
        f = replace(f, acronym=False) if not f.status.allowed else replace(f, everywhere=False)
        forms.append(f)
    notes = [Note(n.lang, n.text.strip(" ")) for n in c.notes if n.lang in ("", *keep)] + notes
    sources = [Note("en" if s.lang == "" else s.lang, s.text.strip(" ")) for s in c.sources if s.lang in ("", *keep)]
    extra: list[str] = []
    for line in c.extra:
        for part in line.split("\n"):
            part = part.rstrip()
            if part:
                extra.append(part if part.startswith("#") else f"# {part}")
    return replace(
        c,
        forms=dedupe_forms(forms),
        notes=tuple(dict.fromkeys(n for n in notes if n.text)),
        sources=tuple(dict.fromkeys(s for s in sources if s.text)),
        extra=tuple(dict.fromkeys(extra)),
    )


def prepare_for_po(batch: Batch, lang: str = "es") -> Batch:
    """The batch with each concept shaped by ``fit_po``; concepts left without an English
    main form (a PO entry needs its ``msgid``) are dropped and counted in ``skipped``."""
    kept: list[Concept] = []
    dropped = 0
    for c in batch.concepts:
        fitted = fit_po(c, lang)
        if main_form(fitted, "en") is None:
            dropped += 1
        else:
            kept.append(fitted)
    skipped = batch.skipped + ((("concepts without an English term", dropped),) if dropped else ())
    return replace(batch, concepts=tuple(kept), skipped=skipped)


# --------------------------------------------------------------------------- merging


def is_main(f: TermForm) -> bool:
    """A language's main preferred form (PO ``msgid``/``msgstr``): preferred, plain, stored."""
    return (f.status is Status.PREFERRED and not f.acronym and f.gender is None
            and f.number is None and not f.generated)


def main_form(c: Concept, lang: str) -> TermForm | None:
    """The first main preferred form of ``c`` in ``lang`` (gender forms and acronyms aside)."""
    for f in c.forms:
        if f.lang == lang and is_main(f):
            return f
    return None


def _shares_form(a: Concept, b: Concept) -> bool:
    texts = {(f.lang, f.text) for f in a.forms}
    return any((f.lang, f.text) in texts for f in b.forms)


def _en_key(c: Concept) -> tuple[str, str] | None:
    p = main_form(c, "en")
    return (p.text, c.country) if p is not None else None


def _insert(forms: list[TermForm], form: TermForm, *, first: bool = False) -> None:
    """Insert ``form`` next to its language: first of the group, or after its last form."""
    idx = [i for i, f in enumerate(forms) if f.lang == form.lang]
    if not idx:
        forms.append(form)
    elif first:
        forms.insert(idx[0], form)
    else:
        forms.insert(idx[-1] + 1, form)


def _find(forms: list[TermForm], form: TermForm) -> int | None:
    key = form_key(form)
    for i, f in enumerate(forms):
        if form_key(f) == key:
            return i
    return None


def _label(f: TermForm) -> str:
    return f"{f.lang}-{f.status.value} {f.text!r}"


_FORM_ATTRS: tuple[str, ...] = ("acronym", "everywhere", "note")


def _attr_str(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(getattr(value, "value", value))


class _Merger:
    """Merges one incoming concept into one existing concept."""

    def __init__(self, ours: Concept, theirs: Concept, prefer: str | None) -> None:
        self.ours = ours
        self.theirs = theirs
        self.prefer = prefer
        self.forms = list(ours.forms)
        self.conflicts: list[Conflict] = []
        self.details: list[str] = []

    def conflict(self, kind: str, lang: str, ours: str, theirs: str, message: str) -> bool:
        """Record a conflict; True when theirs should be applied."""
        self.conflicts.append(Conflict(self.ours.id, kind, lang, ours, theirs, message, self.prefer or ""))
        return self.prefer == "theirs"

    def run(self) -> Concept:
        """Return the merged concept (conflicting points resolved per ``prefer``, ours when None)."""
        theirs = self.theirs
        handled_pref: set[tuple[str, str, object, object]] = set()
        langs = list(dict.fromkeys(f.lang for f in theirs.forms))
        for lang in langs:
            ep, xp = main_form(self.ours, lang), main_form(theirs, lang)
            if ep is None or xp is None or ep.text == xp.text:
                continue
            handled_pref.add(form_key(xp))
            if self.conflict("preferred", lang, ep.text, xp.text,
                             f"preferred {lang} form differs: ours {ep.text!r}, theirs {xp.text!r}"):
                i = _find(self.forms, ep)
                if i is not None:
                    self.forms[i] = replace(self.forms[i], status=Status.ADMITTED)
                j = _find(self.forms, xp)
                if j is not None:
                    self.forms[j] = replace(self.forms[j], status=Status.PREFERRED)
                else:
                    _insert(self.forms, xp, first=True)
                self.details.append(f"{lang} preferred {ep.text!r} -> {xp.text!r}")
        for f in theirs.forms:
            if f.generated or form_key(f) in handled_pref:
                continue
            i = _find(self.forms, f)
            if i is None:
                self._add(f)
            else:
                self._compare(i, f)
        return self._concept_fields()

    def _add(self, f: TermForm) -> None:
        if is_main(f):
            if any(g.lang == f.lang and is_main(g) for g in self.forms):
                return  # the preferred conflict was recorded (and resolved) above
            _insert(self.forms, f, first=True)
        else:
            _insert(self.forms, f)
        self.details.append(f"added {_label(f)}")

    def _compare(self, i: int, f: TermForm) -> None:
        g = self.forms[i]
        new = g
        if g.status is not f.status and not (g.status.allowed and f.status.allowed):
            if self.conflict("status", f.lang, g.status.value, f.status.value,
                             f"{f.lang} form {f.text!r} is {g.status.value} in ours, {f.status.value} in theirs"):
                if is_main(replace(g, status=f.status)):
                    for k, h in enumerate(self.forms):
                        if h.lang == f.lang and is_main(h):
                            self.forms[k] = replace(h, status=Status.ADMITTED)
                new = replace(new, status=f.status)
        for attr in _FORM_ATTRS:
            ov, tv = getattr(g, attr), getattr(f, attr)
            if tv in (None, False, "") or ov == tv:
                continue
            if ov in (None, False, ""):
                new = replace(new, **{attr: tv})
                self.details.append(f"{f.lang} {f.text!r}: {attr} {_attr_str(tv)}")
            elif self.conflict("form", f.lang, _attr_str(ov), _attr_str(tv),
                               f"{f.lang} form {f.text!r}: {attr} is {_attr_str(ov)!r} in ours, {_attr_str(tv)!r} in theirs"):
                new = replace(new, **{attr: tv})
        if new != g:
            if new.status is not g.status:
                self.details.append(f"{f.lang} {f.text!r}: {g.status.value} -> {new.status.value}")
            self.forms[i] = new

    def _concept_fields(self) -> Concept:
        o, t = self.ours, self.theirs
        changes: dict[str, object] = {"forms": tuple(self.forms)}
        if t.type != "other" and t.type != o.type:
            if o.type == "other":
                changes["type"] = t.type
                self.details.append(f"type {t.type}")
            elif self.conflict("type", "", o.type, t.type, f"type is {o.type} in ours, {t.type} in theirs"):
                changes["type"] = t.type
        if t.country and t.country != o.country:
            if not o.country:
                changes["country"] = t.country
                self.details.append(f"country {t.country}")
            elif self.conflict("country", "", o.country, t.country,
                               f"country is {o.country} in ours, {t.country} in theirs"):
                changes["country"] = t.country
        if t.gender is not None and t.gender != o.gender:
            if o.gender is None:
                changes["gender"] = t.gender
                self.details.append(f"gender {t.gender.value}")
            elif self.conflict("gender", "", o.gender.value, t.gender.value,
                               f"gender is {o.gender.value} in ours, {t.gender.value} in theirs"):
                changes["gender"] = t.gender
        for flag, label in (("case_sensitive", "case-sensitive"), ("do_not_translate", "do-not-translate")):
            if getattr(t, flag) and not getattr(o, flag):
                changes[flag] = True
                self.details.append(f"flag {label}")
        for name in ("references", "notes", "sources", "extra"):
            have = list(getattr(o, name))
            added = [v for v in getattr(t, name) if v not in have]
            if added:
                changes[name] = tuple(have + list(dict.fromkeys(added)))
                self.details.append(f"{len(added)} {name if len(added) > 1 else name.rstrip('s')} added")
        return replace(o, **changes)  # type: ignore[arg-type]


def merge(existing: Sequence[Concept], incoming: Iterable[Concept], *, prefer: str | None = None) -> MergeResult:
    """Merge ``incoming`` into ``existing`` (see the module docstring for matching).

    New concepts are appended (under a fresh id when theirs is taken); matched concepts get
    the forms, notes, sources and references they lack. Conflicts are reported; with
    ``prefer`` None a conflicting concept is left exactly as it was, with ``"ours"`` the
    conflicting points keep our value and with ``"theirs"`` they take theirs.
    """
    if prefer is not None and prefer not in PREFER_CHOICES:
        raise ValueError(f"prefer must be one of {PREFER_CHOICES}, not {prefer!r}")
    result: list[Concept] = list(existing)
    by_id: dict[str, int] = {c.id: i for i, c in enumerate(result)}
    by_en: dict[tuple[str, str], int] = {}
    for i, c in enumerate(result):
        key = _en_key(c)
        if key is not None and not c.obsolete:
            by_en.setdefault(key, i)
    used: set[str] = set(by_id)
    changes: list[Change] = []
    conflicts: list[Conflict] = []
    for theirs in incoming:
        pos: int | None = None
        same_id = by_id.get(theirs.id)
        if same_id is not None and not result[same_id].obsolete and _shares_form(result[same_id], theirs):
            pos = same_id
        if pos is None:
            key = _en_key(theirs)
            if key is not None:
                pos = by_en.get(key)
        if pos is None:
            new = theirs
            detail: tuple[str, ...] = ()
            if theirs.id in used or not theirs.id:
                en = main_form(theirs, "en")
                new_id = concept_id([en.text if en else "", theirs.id], used)
                detail = (f"id {theirs.id!r} is taken by another concept; added as {new_id!r}",)
                new = replace(theirs, id=new_id)
            else:
                used.add(theirs.id)
            en_main, es_mains = main_form(new, "en"), [f.text for f in new.forms if f.lang != "en" and is_main(f)]
            summary = f"{en_main.text if en_main else '?'} -> {es_mains[0] if es_mains else '(untranslated)'}"
            detail = (summary, *detail)
            result.append(new)
            by_id[new.id] = len(result) - 1
            key = _en_key(new)
            if key is not None:
                by_en.setdefault(key, len(result) - 1)
            changes.append(Change(new.id, "added", detail))
            continue
        ours = result[pos]
        merger = _Merger(ours, theirs, prefer)
        merged = merger.run()
        conflicts.extend(merger.conflicts)
        if merger.conflicts and prefer is None:
            changes.append(Change(ours.id, "conflict", tuple(c.message for c in merger.conflicts)))
            continue
        if merged != ours:
            result[pos] = merged
            changes.append(Change(ours.id, "updated", tuple(merger.details)))
        else:
            changes.append(Change(ours.id, "unchanged"))
    return MergeResult(tuple(result), tuple(changes), tuple(conflicts))


def notes_from(pairs: Iterable[tuple[str, str]]) -> tuple[Note, ...]:
    """Notes from ``(lang, text)`` pairs, skipping empty texts and repeats."""
    out: list[Note] = []
    for lang, text in pairs:
        note = Note(lang, text)
        if text and note not in out:
            out.append(note)
    return tuple(out)


def import_report(batch: Batch, result: MergeResult, *, into: str, dry_run: bool) -> dict[str, object]:
    """The outcome of an import as a JSON-ready dict (``version`` 1)."""
    return {
        "version": 1,
        "source": batch.path,
        "format": batch.format,
        "into": into,
        "dry_run": dry_run,
        "summary": {
            "read": len(batch.concepts),
            "added": result.count("added"),
            "updated": result.count("updated"),
            "unchanged": result.count("unchanged"),
            "conflicts": result.count("conflict"),
            "resolved": sum(1 for c in result.conflicts if c.resolved),
            "skipped": batch.skipped_total,
        },
        "skipped": dict(batch.skipped),
        "ignored": dict(batch.ignored),
        "changes": [{"id": c.concept, "action": c.action, "details": list(c.details)} for c in result.changes],
        "conflicts": [
            {"id": c.concept, "kind": c.kind, "lang": c.lang, "ours": c.ours, "theirs": c.theirs,
             "message": c.message, "resolved": c.resolved or None}
            for c in result.conflicts
        ],
    }
