"""TBX reader (TBX-Basic v3 ``<tbx>`` and TBX 2008 ``<martif>``) and TBX-Basic v3 writer.

Reading keeps English and Spanish (``xml:lang`` ``en``, ``en-US``, ``es-MX``... by primary
subtag); other languages are counted in the batch's ``skipped``. Data categories the model
has no place for (transactions, contexts, cross-references, part of speech...) are counted
in ``ignored``.

Writing produces TBX-Basic (``type="TBX-Basic" style="dca"``, namespace
``urn:iso:std:iso:30042:ed-2``) that validates against ``TBXcoreStructV03.rng``. Standard
data categories carry what they can (``administrativeStatus``, ``termType``,
``grammaticalGender``, ``admin type="source"``, ``note``); the rest of the model travels in
``<note>`` elements whose text starts with ``glossary-<key>: `` (see ``CONVENTION_KEYS``),
so a concept survives PO -> TBX -> PO without loss. The header carries
``<p type="x-glossary">text: exact</p>``: texts in such a file are read exactly as written;
in other files, runs of white space are collapsed (pretty-printed XML wraps long notes).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from lxml import etree

from glossary import __version__
from glossary.errors import DataError
from glossary.files import read_bytes
from glossary.merge import COUNTRY_RE, Batch, concept_id, dedupe_forms, settle_preferred
from glossary.model import CONCEPT_TYPES, Concept, Gender, Note, Number, Reference, Status, TermForm
from glossary.xmlsafe import parse_xml

TBX_NS = "urn:iso:std:iso:30042:ed-2"
"""The TBX v3 namespace (ISO 30042:2019)."""

RNG_URL = "https://raw.githubusercontent.com/LTAC-Global/TBX_Core_RNG/master/TBXcoreStructV03.rng"
"""The TBX v3 core structure RELAX NG schema named in the ``<?xml-model?>`` line."""

SCH_URL = "https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/TBX-Basic_DCA.sch"
"""The TBX-Basic 1.2.1 dialect Schematron named in the ``<?xml-model?>`` line."""

KEEP_LANGS: tuple[str, ...] = ("en", "es")
"""Languages the term base holds."""

CONVENTION_KEYS: tuple[str, ...] = (
    "type", "country", "gender", "flag", "reference", "extra", "note",  # concept level
    "status", "number", "everywhere",  # term level
)
"""Keys of the ``<note>glossary-KEY: value</note>`` convention."""

_CONV_RE = re.compile(r"^glossary-(" + "|".join(CONVENTION_KEYS) + r"): (.*)\Z", re.S)
_WS_RE = re.compile(r"\s+")

STATUS_TO_TBX: dict[Status, str] = {
    Status.PREFERRED: "preferredTerm-admn-sts",
    Status.ADMITTED: "admittedTerm-admn-sts",
    Status.DEPRECATED: "deprecatedTerm-admn-sts",
    Status.FORBIDDEN: "deprecatedTerm-admn-sts",  # plus <note>glossary-status: forbidden</note>
}
"""Our status -> TBX-Basic ``administrativeStatus`` (its picklist has no "forbidden")."""

STATUS_FROM_TBX: dict[str, Status] = {
    "preferredterm-admn-sts": Status.PREFERRED,
    "standardizedterm-admn-sts": Status.PREFERRED,
    "legalterm-admn-sts": Status.PREFERRED,
    "admittedterm-admn-sts": Status.ADMITTED,
    "regulatedterm-admn-sts": Status.ADMITTED,
    "deprecatedterm-admn-sts": Status.DEPRECATED,
    "supersededterm-admn-sts": Status.DEPRECATED,
    "notrecommendedterm-admn-sts": Status.DEPRECATED,
    "obsoleteterm-admn-sts": Status.DEPRECATED,
    "forbiddenterm-admn-sts": Status.FORBIDDEN,
    # usageStatus / normativeAuthorization style values
    "preferred": Status.PREFERRED,
    "admitted": Status.ADMITTED,
    "deprecated": Status.DEPRECATED,
    "superseded": Status.DEPRECATED,
    "notrecommended": Status.DEPRECATED,
    "obsolete": Status.DEPRECATED,
    "forbidden": Status.FORBIDDEN,
}
"""TBX ``administrativeStatus``/``usageStatus``/``normativeAuthorization`` values (lower-cased) -> our status."""

_STATUS_TYPES = {"administrativeStatus", "usageStatus", "normativeAuthorization"}
_ACRONYM_TYPES = {"acronym", "abbreviation", "initialism"}
_GENDER = {"masculine": Gender.MASCULINE, "feminine": Gender.FEMININE}
_NUMBER = {"singular": Number.SINGULAR, "plural": Number.PLURAL, "sg": Number.SINGULAR, "pl": Number.PLURAL}
_NUMBER_OUT = {Number.SINGULAR: "singular", Number.PLURAL: "plural"}
_ADMIN_LABELS = {
    "customerSubset": "customer",
    "projectSubset": "project",
    "productSubset": "product",
    "businessUnitSubset": "business unit",
    "subjectField": "subject field",
}
_FLAGS = (("case_sensitive", "case-sensitive"), ("do_not_translate", "do-not-translate"),
          ("fuzzy", "fuzzy"), ("obsolete", "obsolete"))
_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _local(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _lang_of(el: etree._Element) -> str:
    return el.get("{http://www.w3.org/XML/1998/namespace}lang") or el.get("lang") or ""


def _primary(lang: str) -> str:
    return lang.replace("_", "-").split("-", 1)[0].lower()


@dataclass
class _Reader:
    """State while reading one TBX document."""

    label: str
    exact: bool
    langs: tuple[str, ...]
    ours: bool = False
    used: set[str] = field(default_factory=set)
    skipped: Counter[str] = field(default_factory=Counter)
    ignored: Counter[str] = field(default_factory=Counter)

    def text(self, el: etree._Element) -> str:
        raw = "".join(el.itertext())
        return raw if self.exact else _WS_RE.sub(" ", raw).strip()

    def fail(self, el: etree._Element, message: str) -> DataError:
        return DataError(self.label, el.sourceline, message)

    # ------------------------------------------------------------------ concept level

    def concept(self, entry: etree._Element) -> Concept | None:
        data: dict[str, object] = {"type": "other", "country": "", "gender": None}
        flags: set[str] = set()
        notes: list[Note] = []
        sources: list[Note] = []
        refs: list[Reference] = []
        extra: list[str] = []
        forms: list[tuple[TermForm, bool]] = []
        kept_langs = 0
        for child in entry:
            name = _local(child)
            if name in ("langSec", "langSet"):
                lang = _lang_of(child)
                if not lang:
                    raise self.fail(child, f"<{name}> without xml:lang")
                code = _primary(lang)
                if code not in self.langs:
                    n = sum(1 for el in child.iter() if _local(el) == "term")
                    self.skipped[f"{code} terms"] += n
                    continue
                kept_langs += 1
                self.lang_section(child, code, forms, notes, sources)
            elif name:
                self.aux(child, "", data, flags, notes, sources, refs, extra)
        if not forms:
            if kept_langs or not self.ours:
                self.skipped["concepts without English or Spanish terms"] += 1
            return None
        final = tuple(f for f, _ in forms) if self.ours else dedupe_forms(settle_preferred(forms))
        en = next((f for f in final if f.lang == "en" and f.status is Status.PREFERRED), None)
        if en is None and not self.ours:
            self.skipped["concepts without an English term"] += 1
            return None
        raw_id = entry.get("id", "")
        cid = concept_id([raw_id.lstrip("_") if self.ours else raw_id, en.text if en else ""], self.used)
        return Concept(
            id=cid,
            type=str(data["type"]),
            forms=final,
            country=str(data["country"]),
            gender=data["gender"],  # type: ignore[arg-type]
            case_sensitive="case-sensitive" in flags,
            do_not_translate="do-not-translate" in flags,
            fuzzy="fuzzy" in flags,
            obsolete="obsolete" in flags,
            references=tuple(refs),
            notes=tuple(notes),
            sources=tuple(sources),
            extra=tuple(extra),
        )

    def aux(self, el: etree._Element, lang: str, data: dict[str, object], flags: set[str],
            notes: list[Note], sources: list[Note], refs: list[Reference], extra: list[str]) -> None:
        """Concept- or language-level data categories."""
        name = _local(el)
        dtype = el.get("type", "")
        own_lang = _primary(_lang_of(el)) if _lang_of(el) else lang
        if name == "note":
            text = self.text(el)
            m = _CONV_RE.match(text)
            if m is None or lang:
                if text or self.exact:
                    notes.append(Note(own_lang, text))
                return
            self.convention(el, m.group(1), m.group(2), own_lang, data, flags, notes, refs, extra)
        elif name == "admin" and dtype == "source":
            text = self.text(el)
            if text or self.exact:
                sources.append(Note(own_lang, text))
        elif (name == "admin" and dtype in _ADMIN_LABELS) or (name == "descrip" and dtype == "subjectField"):
            text = self.text(el)
            if text:
                notes.append(Note(own_lang, f"{_ADMIN_LABELS[dtype]}: {text}"))
        elif name == "descrip" and dtype == "definition":
            text = self.text(el)
            if text:
                notes.append(Note(own_lang, text))
        elif name in ("descripGrp", "adminGrp"):
            for child in el:
                if _local(child):
                    self.aux(child, lang, data, flags, notes, sources, refs, extra)
        else:
            self.ignored[dtype if name in ("descrip", "admin", "descripNote", "adminNote") and dtype else name] += 1

    def convention(self, el: etree._Element, key: str, value: str, lang: str, data: dict[str, object],
                   flags: set[str], notes: list[Note], refs: list[Reference], extra: list[str]) -> None:
        if key == "note":
            notes.append(Note(lang, value))
        elif key == "type":
            if value not in CONCEPT_TYPES:
                raise self.fail(el, f"unknown concept type {value!r} (expected one of {', '.join(CONCEPT_TYPES)})")
            data["type"] = value
        elif key == "country":
            if not COUNTRY_RE.match(value):
                raise self.fail(el, f"glossary-country must be an ISO 3166 code such as MX, not {value!r}")
            data["country"] = value
        elif key == "gender":
            try:
                data["gender"] = Gender(value)
            except ValueError:
                raise self.fail(el, f"glossary-gender must be m or f, not {value!r}") from None
        elif key == "flag":
            if value not in {label for _, label in _FLAGS}:
                raise self.fail(el, f"unknown flag {value!r}")
            flags.add(value)
        elif key == "reference":
            path, sep, line = value.rpartition(":")
            if not sep or not line.isdigit():
                raise self.fail(el, f"glossary-reference must be PATH:LINE, not {value!r}")
            refs.append(Reference(path, int(line)))
        elif key == "extra":
            extra.append(value)
        else:
            raise self.fail(el, f"glossary-{key} belongs on a term, not on a concept")

    # ------------------------------------------------------------------ language and term level

    def lang_section(self, sec: etree._Element, lang: str, forms: list[tuple[TermForm, bool]],
                     notes: list[Note], sources: list[Note]) -> None:
        dummy_flags: set[str] = set()
        dummy: dict[str, object] = {}
        for child in sec:
            name = _local(child)
            if name in ("termSec", "tig", "ntig"):
                form = self.term(child, lang, sources)
                if form is not None:
                    forms.append(form)
            elif name:
                self.aux(child, lang, dummy, dummy_flags, notes, sources, [], [])

    def term(self, sec: etree._Element, lang: str, sources: list[Note]) -> tuple[TermForm, bool] | None:
        text: str | None = None
        status: Status | None = None
        acronym = False
        gender: Gender | None = None
        number: Number | None = None
        everywhere = False
        form_notes: list[str] = []
        items: list[etree._Element] = []
        for child in sec:
            if _local(child) == "termGrp":  # TBX 2008 ntig
                items.extend(child)
            else:
                items.append(child)
        for child in items:
            name = _local(child)
            dtype = child.get("type", "")
            if name == "term":
                text = self.text(child)
            elif name in ("termNote", "termNoteGrp"):
                note = child if name == "termNote" else next((c for c in child if _local(c) == "termNote"), None)
                if note is None:
                    continue
                dtype = note.get("type", "")
                value = self.text(note)
                if dtype in _STATUS_TYPES:
                    found = STATUS_FROM_TBX.get(value.replace(" ", "").lower())
                    if found is None:
                        self.ignored[f"{dtype} {value!r}"] += 1
                    elif status is None or found is Status.FORBIDDEN:
                        status = found
                elif dtype == "termType":
                    if value in _ACRONYM_TYPES:
                        acronym = True
                    else:
                        self.ignored[f"termType {value}"] += 1
                elif dtype == "grammaticalGender" and value in _GENDER:
                    gender = _GENDER[value]
                elif dtype == "grammaticalNumber" and value in _NUMBER:
                    number = _NUMBER[value]
                else:
                    self.ignored[dtype or "termNote"] += 1
            elif name == "note":
                value = self.text(child)
                m = _CONV_RE.match(value)
                key, arg = (m.group(1), m.group(2)) if m else ("", "")
                if key == "status":
                    if arg != "forbidden":
                        raise self.fail(child, f"glossary-status must be forbidden, not {arg!r}")
                    status = Status.FORBIDDEN
                elif key == "number":
                    if arg not in _NUMBER:
                        raise self.fail(child, f"glossary-number must be singular or plural, not {arg!r}")
                    number = _NUMBER[arg]
                elif key == "everywhere":
                    everywhere = arg == "yes"
                elif key == "note":
                    form_notes.append(arg)
                elif value or self.exact:
                    form_notes.append(value)
            elif name == "admin" and dtype == "source":
                value = self.text(child)
                if value and Note(lang, value) not in sources:
                    sources.append(Note(lang, value))
            elif name == "descripGrp":
                for sub in child:
                    sname = _local(sub)
                    if sname == "admin" and sub.get("type") == "source":
                        continue  # the source of a context sentence, not of the term
                    if sname:
                        self.ignored[sub.get("type") or sname] += 1
            elif name:
                self.ignored[dtype if name in ("descrip", "admin") and dtype else name] += 1
        if text is None or (not text and not self.exact):
            self.skipped["empty terms"] += 1
            return None
        form = TermForm(
            text=text,
            lang=lang,
            status=status or Status.ADMITTED,
            acronym=acronym,
            gender=gender,
            number=number,
            everywhere=everywhere,
            note="; ".join(form_notes),
        )
        return form, status is not None


def parse_tbx(data: bytes, label: str, *, langs: tuple[str, ...] = KEEP_LANGS) -> Batch:
    """Concepts of a TBX document given as bytes (``label`` names it in errors)."""
    tree = parse_xml(data, label)
    root = tree.getroot()
    kind = _local(root)
    if kind not in ("tbx", "martif"):
        raise DataError(label, root.sourceline, f"not a TBX file: root element is <{kind}>, expected <tbx> or <martif>")
    ours = any(
        _local(p) == "p" and p.get("type") == "x-glossary" and "".join(p.itertext()).strip() == "text: exact"
        for p in root.iter()
        if _local(p) == "p"
    )
    reader = _Reader(label=label, exact=ours, langs=langs, ours=ours)
    concepts: list[Concept] = []
    for entry in root.iter():
        if _local(entry) in ("conceptEntry", "termEntry"):
            concept = reader.concept(entry)
            if concept is not None:
                concepts.append(concept)
    return Batch(
        path=label,
        format="tbx",
        concepts=tuple(concepts),
        skipped=tuple(reader.skipped.items()),
        ignored=tuple(sorted(reader.ignored.items(), key=lambda kv: (-kv[1], kv[0]))),
    )


def read_tbx(path: str | os.PathLike[str], *, langs: tuple[str, ...] = KEEP_LANGS) -> Batch:
    """Read a TBX file (v3 ``<tbx>`` or 2008 ``<martif>``) into concepts; DataError on bad input."""
    label = os.fspath(path)
    data = read_bytes(path)
    return parse_tbx(data, label, langs=langs)


# --------------------------------------------------------------------------- writing


def _xml_id(concept_id: str) -> str:
    """Concept ids may start with a digit; an XML ID may not: prefix ``_`` (our ids never hold one)."""
    return concept_id if concept_id[:1].isalpha() else f"_{concept_id}"


def _escape_note(text: str) -> str:
    return f"glossary-note: {text}" if _CONV_RE.match(text) else text


class _Writer:
    def __init__(self, label: str) -> None:
        self.label = label
        self.concept = ""

    def sub(self, parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
        el = etree.SubElement(parent, f"{{{TBX_NS}}}{tag}")
        for key, value in attrs.items():
            el.set("{http://www.w3.org/XML/1998/namespace}lang" if key == "lang" else key, value)
        if text is not None:
            bad = _XML_ILLEGAL.search(text)
            if bad:
                where = f"concept {self.concept}: " if self.concept else ""
                raise DataError(self.label, None, f"{where}character U+{ord(bad.group()):04X} cannot be written to XML")
            el.text = text
        return el

    def note(self, parent: etree._Element, text: str, lang: str = "") -> None:
        if lang:
            self.sub(parent, "note", text, lang=lang)
        else:
            self.sub(parent, "note", text)

    def entry(self, body: etree._Element, c: Concept) -> None:
        self.concept = c.id
        entry = self.sub(body, "conceptEntry", id=_xml_id(c.id))
        for src in c.sources:
            if src.lang:
                self.sub(entry, "admin", src.text, type="source", lang=src.lang)
            else:
                self.sub(entry, "admin", src.text, type="source")
        if c.type != "other":
            self.note(entry, f"glossary-type: {c.type}")
        if c.country:
            self.note(entry, f"glossary-country: {c.country}")
        if c.gender is not None:
            self.note(entry, f"glossary-gender: {c.gender.value}")
        for attr, label in _FLAGS:
            if getattr(c, attr):
                self.note(entry, f"glossary-flag: {label}")
        for ref in c.references:
            self.note(entry, f"glossary-reference: {ref.path}:{ref.line}")
        for line in c.extra:
            self.note(entry, f"glossary-extra: {line}")
        for n in c.notes:
            self.note(entry, _escape_note(n.text), n.lang)
        for lang in dict.fromkeys(f.lang for f in c.forms):
            sec = self.sub(entry, "langSec", lang=lang)
            for f in c.forms:
                if f.lang == lang:
                    self.term(sec, f)

    def term(self, sec: etree._Element, f: TermForm) -> None:
        ts = self.sub(sec, "termSec")
        self.sub(ts, "term", f.text)
        self.sub(ts, "termNote", STATUS_TO_TBX[f.status], type="administrativeStatus")
        if f.acronym:
            self.sub(ts, "termNote", "acronym", type="termType")
        if f.gender is not None:
            self.sub(ts, "termNote", "masculine" if f.gender is Gender.MASCULINE else "feminine",
                     type="grammaticalGender")
        if f.status is Status.FORBIDDEN:
            self.note(ts, "glossary-status: forbidden")
        if f.number is not None:
            self.note(ts, f"glossary-number: {_NUMBER_OUT[f.number]}")
        if f.everywhere:
            self.note(ts, "glossary-everywhere: yes")
        if f.note:
            self.note(ts, _escape_note(f.note))


def render_tbx(concepts: Iterable[Concept], *, title: str = "glossary term base", source: str = "",
               label: str = "<tbx>") -> bytes:
    """TBX-Basic v3 (UTF-8 bytes) for ``concepts``; generated forms are left out.

    Raises DataError(label, None, ...) for a concept without forms (TBX needs a term in
    every entry), a repeated id, or a character XML cannot carry (control characters).
    """
    w = _Writer(label)
    root = etree.Element(f"{{{TBX_NS}}}tbx", nsmap={None: TBX_NS})
    root.set("type", "TBX-Basic")
    root.set("style", "dca")
    root.set("{http://www.w3.org/XML/1998/namespace}lang", "en")
    header = w.sub(root, "tbxHeader")
    file_desc = w.sub(header, "fileDesc")
    w.sub(w.sub(file_desc, "titleStmt"), "title", title)
    desc = f"Exported by glossary {__version__}" + (f" from {source}" if source else "")
    w.sub(w.sub(file_desc, "sourceDesc"), "p", desc)
    w.sub(w.sub(header, "encodingDesc"), "p", "text: exact", type="x-glossary")
    text = w.sub(root, "text")
    body: etree._Element | None = None
    seen: set[str] = set()
    for c in concepts:
        forms = tuple(f for f in c.forms if not f.generated)
        if not forms:
            raise DataError(label, None, f"concept {c.id}: has no terms; TBX needs at least one")
        if c.id in seen:
            raise DataError(label, None, f"concept {c.id}: id used twice")
        seen.add(c.id)
        if body is None:
            body = w.sub(text, "body")
        w.entry(body, c if len(forms) == len(c.forms) else replace(c, forms=forms))
    etree.indent(root, space="  ")
    xml = etree.tostring(root, encoding="unicode")
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<?xml-model href="{SCH_URL}" type="application/xml" schematypens="http://purl.oclc.org/dsdl/schematron"?>\n'
        f'<?xml-model href="{RNG_URL}" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
    )
    return (head + xml + "\n").encode("utf-8")

