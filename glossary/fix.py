"""Safe auto-fix: replace forbidden and deprecated forms with the preferred one, and put
right the accents (GL105) or the case (GL106) of a term. Pure.

A fix is made only where it is unambiguous: the finding names one concept, that concept
has a preferred form in the target language, the form found can be identified (or
analysed) for gender and number, exactly one preferred variant agrees with it, and the
replacement is not itself a flagged form. The replacement keeps the case pattern of
what it replaces (ALL CAPS, a capital first letter) and its gender and number
("secretarias del Interior" → "secretarias de Gobernación"); a determiner inside the
flagged form is kept ("la presidente" → "la presidenta").

Edits are applied to text by line and column only where the text there is exactly what
the finding says it found, so a file that changed, or a span that crosses markup or
escapes, is left alone and reported. Applying the same plan twice changes nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from glossary.model import Concept, Finding, Gender, Number, Status, TermForm
from glossary.inflect import DETERMINERS
from glossary.tokens import loose_key

__all__ = ["FIXABLE", "Edit", "Unfixed", "apply_edits", "noun_gender", "plan_fixes", "replacement"]

FIXABLE: frozenset[str] = frozenset({"GL102", "GL103", "GL105", "GL106"})
"""Rule codes whose findings ``--fix`` can repair."""

_RESPELL = frozenset({"GL105", "GL106"})
"""Findings fixed by re-spelling the span as the expected form, letter for letter: accents
(GL105) or case (GL106) change, nothing else."""


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``old`` at 1-based line/column (end exclusive) of ``path`` with ``new``."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    old: str
    new: str
    code: str = ""
    term: str = ""


@dataclass(frozen=True, slots=True)
class Unfixed:
    """A fixable kind of finding that was left as it is, and why."""

    finding: Finding
    reason: str


class _CannotFix(Exception):
    pass


_DETS = DETERMINERS  # one table for the rules and the fixer


def _recase(model: str, text: str) -> str:
    """``text`` in the case pattern of ``model``: ALL CAPS stays all caps, a capital first
    letter is kept; otherwise the preferred form's own capitals stand. (Forms of
    case-sensitive concepts are never recased: only their exact case is right.)"""
    letters = [c for c in model if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return text.upper()
    if model[:1].isupper() and text[:1].islower():
        return text[:1].upper() + text[1:]
    return text


def _forms(concept: Concept, lang: str) -> list[TermForm]:
    from glossary.inflect import generated_forms

    return [*concept.forms_in(lang), *generated_forms(concept, lang)]


def _grammar(form_text: str, form: TermForm | None, lang: str) -> tuple[Gender | None, Number | None]:
    from glossary.inflect import analyse

    g = form.gender if form else None
    n = form.number if form else None
    if lang == "es" and (g is None or n is None):
        ag, an = analyse(form_text)
        g, n = g or ag, n or an
    return g, n


def _variant(concept: Concept, lang: str, gender: Gender | None, number: Number | None) -> str:
    """The one preferred form of ``concept`` agreeing with ``gender`` and ``number``."""
    pref = concept.preferred(lang)
    assert pref is not None
    if gender is None and number is None:
        return pref.text
    variants: dict[str, tuple[Gender | None, Number | None]] = {}
    for f in _forms(concept, lang):
        if f.status is Status.PREFERRED and not f.acronym:
            variants.setdefault(f.text, _grammar(f.text, f, lang))
    exact = [t for t, (g, n) in variants.items()
             if (number is None or n == number) and (gender is None or g in (None, gender))
             and (n is not None or g is not None)]
    loose = [t for t, (g, n) in variants.items()
             if (number is None or n in (None, number)) and (gender is None or g in (None, gender))]
    for group in (exact, loose):
        if pref.text in group and (len(group) == 1 or _grammar(pref.text, pref, lang) == (gender, number)):
            return pref.text
        distinct = list(dict.fromkeys(group))
        if len(distinct) == 1:
            return distinct[0]
        if len(distinct) > 1:
            # several variants agree: the stored (not generated) gender-marked one decides
            stored = [t for t in distinct if any(f.text == t and not f.generated and f.gender is gender
                                                 and f.number is number for f in concept.forms_in(lang))]
            if len(stored) == 1:
                return stored[0]
            raise _CannotFix(f"several preferred forms fit: {', '.join(repr(t) for t in distinct)}")
    words = {Gender.MASCULINE: "masculine", Gender.FEMININE: "feminine", Number.SINGULAR: "singular",
             Number.PLURAL: "plural"}
    shown = " ".join(words[x] for x in (gender, number) if x is not None)
    raise _CannotFix(f"no {shown} form of the preferred '{pref.text}'")


def replacement(found: str, concept: Concept, lang: str) -> str:
    """What replaces the flagged ``found`` for ``concept`` in ``lang``.

    Raises ``ValueError`` (with the reason) when the replacement is not unambiguous.
    """
    try:
        return _replacement(found, concept, lang)
    except _CannotFix as exc:
        raise ValueError(str(exc)) from None


def _replacement(found: str, concept: Concept, lang: str) -> str:
    pref = concept.preferred(lang)
    if pref is None:
        raise _CannotFix(f"[{concept.id}] has no preferred {lang} form")
    text = " ".join(found.split())
    if not text:
        raise _CannotFix("nothing was found to replace")
    words = text.split(" ")
    pref_first = pref.text.split()[0].lower() if pref.text.split() else ""
    if lang == "es" and len(words) > 1 and words[0].lower() in _DETS and pref_first not in _DETS:
        # "la presidente" -> "la presidenta": the determiner stays and decides agreement
        det = words[0]
        det_gender, det_number = _DETS[det.lower()]
        rest = " ".join(words[1:])
        new = _variant(concept, lang, det_gender, det_number)
        return f"{det} {new if concept.case_sensitive else _recase(rest, new)}"
    key = loose_key(text)
    hits = [f for f in _forms(concept, lang) if loose_key(f.text) == key]
    flagged = [f for f in hits if not f.status.allowed] or hits
    grammar = {_grammar(text, f, lang) for f in flagged} or {_grammar(text, None, lang)}
    if len(grammar) > 1:
        raise _CannotFix(f"'{text}' may be several forms of [{concept.id}]")
    gender, number = grammar.pop()
    if lang == "en" and number is None and any(f.number is not None for f in flagged):
        number = Number.SINGULAR
    if lang == "en" and number is Number.SINGULAR:
        number = None  # English stored forms are singular and carry no number
    chosen = _variant(concept, lang, gender, number)
    return chosen if concept.case_sensitive else _recase(text, chosen)


def respell(found: str, expected: str, *, accents: bool) -> str:
    """``found`` with the accents (``accents``) or the exact case (not ``accents``) of
    ``expected``, letter for letter; its spacing, line breaks and, for accents, its case are
    kept. Raises ``_CannotFix`` unless the two are the same letters."""
    want = [c for c in unicodedata.normalize("NFC", expected) if not c.isspace()]
    out: list[str] = []
    k = 0
    for ch in unicodedata.normalize("NFC", found):
        if ch.isspace():
            out.append(ch)
            continue
        if k >= len(want) or loose_key(ch) != loose_key(want[k]):
            raise _CannotFix(f"'{found}' is not spelled like '{expected}' but for accents or case")
        w = want[k]
        k += 1
        out.append(w if not accents else (w.upper() if ch.isupper() else w.lower()) if ch.isalpha() else ch)
    if k != len(want):
        raise _CannotFix(f"'{found}' is not spelled like '{expected}' but for accents or case")
    return "".join(out)


def plan_fixes(findings: Iterable[Finding], concepts: Mapping[str, Concept], lang: str) -> tuple[list[Edit], list[Unfixed]]:
    """Edits for the fixable findings (GL102, GL103, GL105, GL106) and the ones left with a
    reason.

    Findings of other rules are not looked at. A replacement that is itself a forbidden
    or deprecated form of some concept is refused, so fixing twice changes nothing.
    """
    flagged_keys = {loose_key(f.text) for c in concepts.values() for f in c.forms_in(lang) if not f.status.allowed}
    edits: list[Edit] = []
    left: list[Unfixed] = []
    for finding in findings:
        if finding.code not in FIXABLE:
            continue
        ids = [t for t in finding.term.split(", ") if t]
        if len(ids) != 1 or ids[0] not in concepts:
            left.append(Unfixed(finding, "the finding does not name exactly one known concept"))
            continue
        try:
            if finding.code in _RESPELL:
                if not finding.expected:
                    raise _CannotFix("the finding names no expected form")
                # a case-sensitive concept's exact case is part of getting it right
                keep_case = finding.code == "GL105" and not concepts[ids[0]].case_sensitive
                new = respell(finding.found, finding.expected, accents=keep_case)
            else:
                new = _replacement(finding.found, concepts[ids[0]], lang)
        except _CannotFix as exc:
            left.append(Unfixed(finding, str(exc)))
            continue
        if loose_key(new) in flagged_keys:
            left.append(Unfixed(finding, f"the replacement '{new}' is itself a flagged form"))
            continue
        if new == finding.found:
            continue
        edits.append(Edit(finding.path, finding.line, finding.column, finding.end_line, finding.end_column,
                          finding.found, new, finding.code, ids[0]))
    return edits, left


_DET_FORMS: dict[str, tuple[str, str, str, str]] = {
    w: forms for forms in (("el", "la", "los", "las"), ("un", "una", "unos", "unas"),
                           ("este", "esta", "estos", "estas"), ("ese", "esa", "esos", "esas"),
                           ("aquel", "aquella", "aquellos", "aquellas"), ("nuestro", "nuestra", "nuestros", "nuestras"),
                           ("dicho", "dicha", "dichos", "dichas"), ("del", "de la", "de los", "de las"),
                           ("al", "a la", "a los", "a las"))
    for w in forms if " " not in w
}
_TAGS = re.compile(r"(?:<[^<>]*>)+")
_MASC_A = frozenset("día mapa programa sistema problema tema idioma clima planeta".split())
_MARK = r"(?:<[^<>]*>|[*~\[]+|(?<!\w)_+)"
_WORD_BEFORE = re.compile(rf"(?:\b(de|a)\s+)?\b(\w+)(\s+(?:{_MARK}\s*)*|\s*(?:{_MARK}\s*)+)$", re.IGNORECASE)


def noun_gender(word: str) -> Gender | None:
    """Grammatical gender of a Spanish noun: known titles first, then its ending
    ("-ción", "-dad", "-ía", "-a" feminine; "-o", "-or", "-aje", "-ón" masculine)."""
    from glossary.inflect import gender_of

    w = word.lower()
    known = gender_of(w)
    if known is not None:
        return known
    if w in _MASC_A:
        return Gender.MASCULINE
    if w.endswith(("ción", "sión", "dad", "tad", "tud", "umbre", "ía", "ez", "triz", "a")):
        return Gender.FEMININE
    if w.endswith(("o", "or", "aje", "ón", "es")) and not w.isupper():
        return Gender.MASCULINE
    return None


def _head(text: str) -> str:
    words = [w for w in re.findall(r"\w+", text)]
    while words and words[0].lower() in _DET_FORMS:
        words = words[1:]
    return words[0] if words else ""


def _determiner_fix(text: str, a: int, e: Edit) -> tuple[int, str] | str | None:
    """When a determiner right before the span must change with the replacement
    ("el Ministerio" -> "la Secretaría"): (new start, new determiner text); a reason
    string when it cannot be made to agree; None when nothing needs to change."""
    m = _WORD_BEFORE.search(text, max(0, a - 200), a)
    if not m or m.end() != a:
        return None
    det = m.group(2)
    forms = _DET_FORMS.get(det.lower())
    old_head, new_head = _head(e.old), _head(e.new)
    if forms is None or old_head.lower() == new_head.lower():
        return None
    g_old, g_new = noun_gender(old_head), noun_gender(new_head)
    if g_old is not None and g_old == g_new:
        return None
    if g_new is None:
        return f"cannot tell whether '{det}' agrees with '{new_head}'"
    slot = forms.index(det.lower())
    plural = slot >= 2
    idx = (0 if g_new is Gender.MASCULINE else 1) + (2 if plural else 0)
    new_det = forms[idx]
    start = m.start(2)
    prep = m.group(1)
    if prep and forms[0] == "el" and idx == 0 and det.lower() == "el":
        return None
    if prep and det.lower() == "la" and idx == 0:
        # "de la Secretaría" -> "del Ministerio", "a la" -> "al"
        start = m.start(1)
        new_det = "del" if prep.lower() == "de" else "al"
        return start, _recase(prep, new_det) + m.group(3)
    return start, _recase(det, new_det) + m.group(3)


def _line_starts(text: str) -> list[int]:
    starts = [0]
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\r" and i + 1 < n and text[i + 1] == "\n":
            starts.append(i + 2)
            i += 2
            continue
        if c in "\r\n":
            starts.append(i + 1)
        i += 1
    return starts


def _offset(starts: list[int], text: str, line: int, column: int) -> int | None:
    if not 1 <= line <= len(starts) or column < 1:
        return None
    off = starts[line - 1] + column - 1
    return off if off <= len(text) else None


def apply_edits(text: str, edits: Sequence[Edit], lang: str = "es") -> tuple[str, list[Edit], list[tuple[Edit, str]]]:
    """Apply ``edits`` to one file's ``text``: the new text, the edits made, and the edits
    skipped with why (the text there is not what was found, or two edits overlap).

    In Spanish a determiner right before the span is made to agree with a replacement of
    another gender ("el Ministerio del Interior" -> "la Secretaría de Gobernación"; "del"
    -> "de la"); when the new noun's gender cannot be told, the edit is skipped."""
    starts = _line_starts(text)
    located: list[tuple[int, int, Edit]] = []
    skipped: list[tuple[Edit, str]] = []
    for e in edits:
        a = _offset(starts, text, e.line, e.column)
        b = _offset(starts, text, e.end_line, e.end_column)
        if a is None or b is None or b < a:
            skipped.append((e, "the position is outside the file"))
            continue
        here = text[a:b]
        if here != e.old and here.startswith(e.old) and _TAGS.fullmatch(here, len(e.old)):
            b = a + len(e.old)  # the span's end was mapped past closing markup ("...</g>")
            here = e.old
        if here != e.old:
            if " ".join(here.split()) == " ".join(e.old.split()) and "\n" not in here and "\r" not in here:
                pass  # the same words with other spacing on one line: safe to replace
            else:
                skipped.append((e, f"the file has {here!r} there (markup, escapes or an edit since the check)"))
                continue
        if lang == "es":
            agree = _determiner_fix(text, a, e)
            if isinstance(agree, str):
                skipped.append((e, agree))
                continue
            if agree is not None:
                a, prefix = agree
                e = Edit(e.path, e.line, e.column, e.end_line, e.end_column, text[a:b], prefix + e.new, e.code, e.term)
        located.append((a, b, e))
    located.sort(key=lambda t: (t[0], t[1]))
    chosen: list[tuple[int, int, Edit]] = []
    for a, b, e in located:
        if chosen and a < chosen[-1][1]:
            skipped.append((e, "it overlaps another fix"))
            continue
        chosen.append((a, b, e))
    out = text
    for a, b, e in reversed(chosen):
        out = out[:a] + e.new + out[b:]
    return out, [e for _, _, e in chosen], skipped
