"""Foreign PO glossaries (GNOME, GnuCash, any msgid -> msgstr term list) as concepts.

A PO file in our own term-base format (``msgctxt`` ids and ``#. type:``-style keys) is
read with ``glossary.po.read_catalog`` instead, losslessly.

Mapping of a foreign entry:

* ``msgid`` -> the English preferred form; ``msgstr`` -> the Spanish preferred form.
* Alternatives in ``msgstr`` separated by ``;``, or by ``, `` when the ``msgid`` itself
  has no comma (``"ganancia, beneficio"``), become admitted Spanish forms. Commas inside
  parentheses never split, and a ``msgid`` with a comma (``"rebalance, to"``) keeps its
  ``msgstr`` whole, because official names can hold commas.
* A trailing parenthesised qualifier becomes the form's note: ``"Acción (libro)"`` ->
  ``Acción [libro]``. On the English side only when the bare English term is unique in
  the file (``business (noun)`` and ``business (adjective)`` stay as they are).
* Extracted comments (``#.``) -> concept notes (surrounding quotes removed, ``"-"``
  dropped); translator comments -> Spanish notes; ``#:`` -> references; ``#, fuzzy`` ->
  fuzzy. Plural entries add the plural forms as admitted plural forms.
* Obsolete entries are skipped, and so are untranslated ones unless ``untranslated``.
"""

from __future__ import annotations

import os
import re
from collections import Counter

from glossary.files import read_bytes
from glossary.merge import Batch, concept_id, dedupe_forms, notes_from
from glossary.model import Concept, Number, Status, TermForm
from glossary.po import read_catalog, read_units

_QUALIFIER_RE = re.compile(r"^(.*?\S)\s*\(([^()]*)\)$", re.S)
_TERMBASE_KEY_RE = re.compile(rb"(?m)^#\.? (?:type|country|gender|en-[a-z-]+|[a-z]{2}-[a-z-]+|note|source): ")
_MSGCTXT_RE = re.compile(rb"(?m)^msgctxt ")


def split_qualifier(text: str) -> tuple[str, str]:
    """``"Acción (libro)"`` -> ``("Acción", "libro")``; text without one -> ``(text, "")``."""
    m = _QUALIFIER_RE.match(text.strip())
    if m is None:
        return text.strip(), ""
    return m.group(1), m.group(2).strip()


def _top_level_split(text: str, seps: tuple[str, ...]) -> list[str]:
    parts: list[str] = []
    depth = 0
    cur: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        if depth == 0:
            sep = next((s for s in seps if text.startswith(s, i)), None)
            if sep is not None:
                parts.append("".join(cur))
                cur = []
                i += len(sep)
                continue
        cur.append(ch)
        i += 1
    parts.append("".join(cur))
    return [p.strip() for p in parts if p.strip()]


def split_alternatives(msgstr: str, msgid: str = "") -> list[str]:
    """Alternatives in a glossary ``msgstr``: split on top-level ``;`` always, and on
    top-level ``, `` unless ``msgid`` has a top-level comma too (then the comma belongs to
    the term, as in an official name)."""
    seps: tuple[str, ...] = (";",)
    if len(_top_level_split(msgid, (",",))) <= 1:
        seps = (";", ", ")
    return _top_level_split(msgstr, seps)


def _comment_text(comment: str) -> str:
    text = comment.strip()
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        text = text[1:-1].strip()
    return "" if text in ("-", "") else text


def is_term_base(data: bytes) -> bool:
    """True for a PO file in our term-base format (``msgctxt`` ids and key comments)."""
    return bool(_MSGCTXT_RE.search(data)) and bool(_TERMBASE_KEY_RE.search(data))


def read_po(path: str | os.PathLike[str], *, untranslated: bool = False, lang: str = "es") -> Batch:
    """Read a PO glossary (foreign, or one of ours) into concepts; DataError on bad input."""
    label = os.fspath(path)
    data = read_bytes(path)
    if is_term_base(data):
        catalog = read_catalog(label)
        live = tuple(c for c in catalog.concepts if not c.obsolete)
        obsolete = len(catalog.concepts) - len(live)
        return Batch(label, "po", live, skipped=(("obsolete entries", obsolete),) if obsolete else ())
    return _read_foreign(label, untranslated=untranslated, lang=lang)


def _read_foreign(label: str, *, untranslated: bool, lang: str) -> Batch:
    _meta, units = read_units(label)
    skipped: Counter[str] = Counter()
    live = []
    for u in units:
        if u.obsolete:
            skipped["obsolete entries"] += 1
        elif not u.msgid.strip():
            skipped["entries with an empty msgid"] += 1
        elif not u.msgstr.strip() and not untranslated:
            skipped["untranslated entries"] += 1
        else:
            live.append(u)
    bare = Counter(split_qualifier(u.msgid)[0] for u in live)
    used: set[str] = set()
    concepts: list[Concept] = []
    for u in live:
        en_text, en_note = split_qualifier(u.msgid)
        if bare[en_text] > 1:
            en_text, en_note = u.msgid.strip(), ""
        forms = [TermForm(en_text, "en", Status.PREFERRED, note=en_note)]
        if u.msgid_plural.strip():
            forms.append(TermForm(u.msgid_plural.strip(), "en", Status.ADMITTED, number=Number.PLURAL))
        plurals = u.msgstr_plural[1:] if u.msgstr_plural else ()
        for i, alt in enumerate(split_alternatives(u.msgstr, u.msgid)):
            text, note = split_qualifier(alt)
            forms.append(TermForm(text, lang, Status.PREFERRED if i == 0 else Status.ADMITTED, note=note))
        for p in plurals:
            if p.strip():
                forms.append(TermForm(p.strip(), lang, Status.ADMITTED, number=Number.PLURAL))
        notes: list[tuple[str, str]] = [("", _comment_text(u.comment))]
        notes += [(lang, line.strip()) for line in u.tcomment.split("\n")]
        cid = concept_id([f"{u.msgctxt} {u.msgid}" if u.msgctxt else u.msgid], used)
        concepts.append(Concept(
            id=cid,
            forms=dedupe_forms(forms),
            fuzzy="fuzzy" in u.flags,
            references=u.references,
            notes=notes_from(notes),
        ))
    return Batch(label, "po", tuple(concepts), skipped=tuple(skipped.items()))


__all__ = ["is_term_base", "read_po", "split_alternatives", "split_qualifier"]
