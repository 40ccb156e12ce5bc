"""Merging, the gettext way: a template into a translated catalog (``msgmerge``) and new
candidates into a template (``xgettext --join-existing``).

Pure: catalogs in, catalogs out. The English side of a concept (``msgid``, ``#.`` keys,
``#:`` references) belongs to the template; the target side (``msgstr``, ``# `` keys,
target notes and sources) to the translated catalog. ``merge_template`` keeps both:

* entries are matched by concept id (``msgctxt``); the template's order wins;
* a matched entry takes its English side from the template and keeps its translation;
  when its ``msgid`` changed it becomes fuzzy, with the old one in ``#| msgid``;
* an entry whose id changed but whose ``msgid`` is the same keeps its translation, fuzzy,
  with the old id in ``#| msgctxt``; with ``fuzzy_matching`` a new entry whose ``msgid``
  is close to an unmatched one (ratio >= 0.8) gets its translation as a fuzzy guess;
* new entries come untranslated; entries the template no longer has become obsolete
  (``#~``), translation and all; an obsolete entry the template has again is revived.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from glossary.extract import TermCandidate, candidate_key
from glossary.model import Concept, Note, Reference, Status, TermForm
from glossary.po import Catalog

__all__ = [
    "JoinReport",
    "UpdateReport",
    "concept_id_for",
    "merge_template",
    "join_template",
    "template_concept",
    "EXTRACT_COMMENT",
]

EXTRACT_COMMENT = "#. glossary extract:"
"""Start of the free extracted comment ``glossary extract`` writes on a new candidate."""

_FUZZY_RATIO = 0.8


@dataclass(frozen=True, slots=True)
class UpdateReport:
    """What ``merge_template`` did, by concept id."""

    kept: tuple[str, ...] = ()
    new: tuple[str, ...] = ()
    fuzzy: tuple[str, ...] = ()
    obsolete: tuple[str, ...] = ()
    revived: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class JoinReport:
    """What ``join_template`` did: concept ids that gained references, known concepts
    added from the term base, new candidates added, candidates left out (below the
    frequency threshold)."""

    referenced: tuple[str, ...] = ()
    known_added: tuple[str, ...] = ()
    new: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()


# --------------------------------------------------------------------------- helpers


def _is_en(lang: str) -> bool:
    return lang.lower().split("-")[0].split("_")[0] == "en"


def _po_quote(text: str) -> str:
    out = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{out}"'


def _extracted(line: str) -> bool:
    return line.startswith("#.")


def _previous(line: str) -> bool:
    return line.startswith("#|")


def template_concept(concept: Concept) -> Concept:
    """The English side of a concept, as a template holds it: English forms, concept
    keys, English and language-neutral notes and sources, references, ``#.`` lines; no
    fuzzy flag."""
    return replace(
        concept,
        forms=tuple(f for f in concept.forms if _is_en(f.lang) and not f.generated),
        notes=tuple(n for n in concept.notes if n.lang == "" or _is_en(n.lang)),
        sources=tuple(n for n in concept.sources if n.lang == "" or _is_en(n.lang)),
        extra=tuple(e for e in concept.extra if _extracted(e)),
        fuzzy=False,
        obsolete=False,
    )


def _target_side(concept: Concept) -> tuple[tuple[TermForm, ...], tuple[Note, ...], tuple[Note, ...], tuple[str, ...]]:
    forms = tuple(f for f in concept.forms if not _is_en(f.lang) and not f.generated)
    notes = tuple(n for n in concept.notes if n.lang != "" and not _is_en(n.lang))
    sources = tuple(n for n in concept.sources if n.lang != "" and not _is_en(n.lang))
    extra = tuple(e for e in concept.extra if not _extracted(e))
    return forms, notes, sources, extra


def _msgid(concept: Concept) -> str:
    f = concept.preferred("en")
    return f.text if f is not None else ""


def _combine(t: Concept, p: Concept, *, fuzzy: bool, previous: Sequence[str]) -> Concept:
    forms, notes, sources, extra = _target_side(p)
    if previous:
        extra = tuple(e for e in extra if not _previous(e)) + tuple(previous)
    elif not fuzzy:
        extra = tuple(e for e in extra if not _previous(e))
    base = template_concept(t)
    return replace(
        base,
        forms=base.forms + forms,
        gender=base.gender if base.gender is not None else p.gender,
        case_sensitive=base.case_sensitive or p.case_sensitive,
        do_not_translate=base.do_not_translate or p.do_not_translate,
        notes=base.notes + notes,
        sources=base.sources + sources,
        extra=base.extra + extra,
        fuzzy=fuzzy,
        obsolete=False,
    )


def _with_metadata(metadata: tuple[tuple[str, str], ...], key: str, value: str) -> tuple[tuple[str, str], ...]:
    if not value:
        return metadata
    if any(k == key for k, _ in metadata):
        return tuple((k, value if k == key else v) for k, v in metadata)
    return metadata


# --------------------------------------------------------------------------- msgmerge


def merge_template(template: Catalog, po: Catalog, *, fuzzy_matching: bool = True) -> tuple[Catalog, UpdateReport]:
    """``msgmerge po template``: the translated catalog brought in line with the template.

    Returns the merged catalog (``po``'s path, header and fingerprint, the template's
    ``POT-Creation-Date``) and a report. Nothing translated is lost: an entry the
    template dropped becomes obsolete.
    """
    by_id: dict[str, Concept] = {}
    for c in po.concepts:
        if c.id and (c.id not in by_id or by_id[c.id].obsolete):
            by_id[c.id] = c
    template_ids = {c.id for c in template.concepts if not c.obsolete}
    used: set[int] = set()
    out: list[Concept] = []
    kept: list[str] = []
    new: list[str] = []
    fuzzy: list[str] = []
    revived: list[str] = []
    live_t = [c for c in template.concepts if not c.obsolete]
    # unmatched translated entries, for id renames and fuzzy guesses
    spare = [c for c in po.concepts if (not c.id or c.id not in template_ids) and not c.obsolete]
    for t in live_t:
        p = by_id.get(t.id) if t.id else None
        if p is not None:
            used.add(id(p))
            old, now = _msgid(p), _msgid(t)
            changed = old != now
            prev = [f"#| msgid {_po_quote(old)}"] if changed else []
            merged = _combine(t, p, fuzzy=p.fuzzy or changed, previous=prev)
            (fuzzy if merged.fuzzy else kept).append(t.id)
            if p.obsolete:
                revived.append(t.id)
            out.append(merged)
            continue
        guess = _guess(t, spare, used, fuzzy_matching)
        if guess is not None:
            used.add(id(guess))
            prev = []
            if guess.id != t.id:
                prev.append(f"#| msgctxt {_po_quote(guess.id)}")
            if _msgid(guess) != _msgid(t):
                prev.append(f"#| msgid {_po_quote(_msgid(guess))}")
            out.append(_combine(t, guess, fuzzy=True, previous=prev))
            fuzzy.append(t.id)
            new.append(t.id)
            continue
        out.append(template_concept(t))
        new.append(t.id)
    obsolete: list[str] = []
    for c in po.concepts:
        if id(c) in used:
            continue
        if not c.obsolete:
            obsolete.append(c.id)
        out.append(replace(c, obsolete=True))
    created = dict(template.metadata).get("POT-Creation-Date", "")
    merged_cat = replace(
        po,
        concepts=tuple(out),
        metadata=_with_metadata(po.metadata, "POT-Creation-Date", created),
    )
    return merged_cat, UpdateReport(tuple(kept), tuple(new), tuple(fuzzy), tuple(obsolete), tuple(revived))


def _guess(t: Concept, spare: Sequence[Concept], used: set[int], fuzzy_matching: bool) -> Concept | None:
    """An unmatched translated entry for template entry ``t``: same msgid (an id rename),
    else, with ``fuzzy_matching``, the most similar msgid at ratio >= 0.8."""
    target = _msgid(t)
    best: Concept | None = None
    best_ratio = 0.0
    for c in spare:
        if id(c) in used or not any(not _is_en(f.lang) for f in c.forms):
            continue
        other = _msgid(c)
        if other == target:
            return c
        if fuzzy_matching:
            r = difflib.SequenceMatcher(None, other.casefold(), target.casefold()).ratio()
            if r >= _FUZZY_RATIO and r > best_ratio:
                best, best_ratio = c, r
    return best


# --------------------------------------------------------------------------- xgettext -j

_SLUG_RE = re.compile(r"[^a-z0-9]+")


def concept_id_for(text: str, taken: set[str] | frozenset[str]) -> str:
    """A stable concept id for a new candidate: its words folded to ASCII, lower case,
    joined by hyphens (at most 60 characters), made unique with ``-2``, ``-3``..."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    base = _SLUG_RE.sub("-", ascii_text.lower()).strip("-")[:60].strip("-") or "term"
    cid = base
    n = 2
    while cid in taken:
        cid = f"{base}-{n}"
        n += 1
    return cid


def _union_refs(old: tuple[Reference, ...], new: Sequence[Reference]) -> tuple[Reference, ...]:
    seen = set(old)
    out = list(old)
    for r in new:
        if r not in seen:
            seen.add(r)
            out.append(r)
    return tuple(out)


_TYPES = {"official-title", "government-body"}


def _new_concept(cand: TermCandidate, cid: str) -> Concept:
    # a template's msgid is its source-language form: Spanish candidates from Spanish
    # documents (extract --lang es) sit there too, in a template marked X-Source-Language
    forms = [TermForm(cand.text, "en", Status.PREFERRED)]
    for a in cand.acronyms:
        if a != cand.text:
            forms.append(TermForm(a, "en", Status.ADMITTED, acronym=True))
    files = cand.files
    comment = (f"{EXTRACT_COMMENT} {cand.frequency} occurrence{'s' if cand.frequency != 1 else ''}"
               f" in {files} file{'s' if files != 1 else ''}")
    if cand.lang != "en":
        comment += f"; language {cand.lang}"
    if cand.parts:
        comment += "; known parts " + ", ".join(cand.parts)
    return Concept(
        id=cid,
        type=cand.kind if cand.kind in _TYPES else "other",
        forms=tuple(forms),
        case_sensitive=cand.kind == "acronym",
        fuzzy=True,
        references=cand.references,
        extra=(comment,),
    )


def join_template(
    base: Catalog,
    candidates: Sequence[TermCandidate],
    known: Mapping[str, Concept],
    *,
    min_frequency: int = 1,
    include_known: bool = True,
) -> tuple[Catalog, JoinReport]:
    """``xgettext --join-existing``: candidates merged into a template.

    Entries already in ``base`` are kept as they are, in their order, gaining the
    references of new occurrences (appended). A candidate naming a concept of the term
    base (``known``) that ``base`` lacks adds that concept's English side, with the
    references found (unless ``include_known`` is False). Any other candidate seen at
    least ``min_frequency`` times, whose text is not already a form of an entry, is added
    at the end as a fuzzy entry (not reviewed) with a new id, its acronyms, a type guess
    for titles and bodies, and a ``#. glossary extract:`` comment with its frequency.
    """
    concepts = list(base.concepts)
    index = {c.id: i for i, c in enumerate(concepts) if c.id}
    by_form: dict[str, int] = {}
    for i, c in enumerate(concepts):
        for f in c.forms:
            if _is_en(f.lang):
                by_form.setdefault(candidate_key(f.text), i)
    taken = set(index) | set(known)
    referenced: list[str] = []
    known_added: list[str] = []
    new: list[str] = []
    skipped: list[str] = []

    def add_refs(i: int, refs: Sequence[Reference]) -> None:
        c = concepts[i]
        merged = _union_refs(c.references, refs)
        if merged != c.references:
            concepts[i] = replace(c, references=merged)
            if c.id not in referenced:
                referenced.append(c.id)

    for cand in candidates:
        refs = cand.references
        if cand.known:
            for cid in cand.known:
                if cid in index:
                    add_refs(index[cid], refs)
                elif include_known and cid in known:
                    concepts.append(replace(template_concept(known[cid]), references=tuple(refs)))
                    index[cid] = len(concepts) - 1
                    known_added.append(cid)
            continue
        hit = by_form.get(candidate_key(cand.text))
        if hit is not None:
            add_refs(hit, refs)
            continue
        if cand.frequency < min_frequency:
            skipped.append(cand.text)
            continue
        cid = concept_id_for(cand.text, taken)
        taken.add(cid)
        concepts.append(_new_concept(cand, cid))
        index[cid] = len(concepts) - 1
        for form in (cand.text, *cand.acronyms):
            by_form.setdefault(candidate_key(form), len(concepts) - 1)
        new.append(cid)
    out = replace(base, concepts=tuple(concepts))
    return out, JoinReport(tuple(referenced), tuple(known_added), tuple(new), tuple(skipped))
