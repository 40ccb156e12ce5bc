"""The term base as PO: units <-> concepts (``read_catalog``, ``render_catalog``).

Term-base encoding (README "Keys"): ``msgctxt`` is the concept id, ``msgid``/``msgstr``
the preferred English/target forms, ``#.`` lines hold English and concept keys,
``# `` lines the target-language keys, ``#:`` references, ``#,`` flags.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

from glossary.files import read_bytes
from glossary.model import CONCEPT_TYPES, Concept, Gender, Note, Number, Office, Period, Reference, Status, TermForm
from glossary.po.decode import _decode, _fail
from glossary.po.keys import (
    _COUNTRY_RE,
    _FLAG_CASE,
    _FLAG_DNT,
    _FLAG_FUZZY,
    _KEY_RE,
    _KNOWN_FLAGS,
    _escape_value,
    _extra_rank,
    _key_table,
    _lang_tables,
    _lang_tag,
    _unescape_value,
    CONCEPT_KEYS,
    catalog_language,
    parse_period,
)
from glossary.po.parse import (
    _comment_kind,
    _is_header,
    _parse,
    _parse_metadata,
    _parse_references,
    _Raw,
    _strip_marker,
)
from glossary.po.wrap import _render_refs, _render_string


@dataclass(frozen=True, slots=True)
class Catalog:
    """A term-base PO file as concepts.

    ``header`` is the header entry's translator comment block (without ``# ``), and
    ``metadata`` its fields in file order. ``header_extra`` keeps the header's other
    comment lines verbatim (``#, fuzzy`` in a template, say). ``fingerprint`` is the
    sha256 of the bytes read ("" for a catalog not read from disk); ``template`` is True
    for a ``.pot``, which holds English-side data only.
    """

    path: str
    header: str
    metadata: tuple[tuple[str, str], ...]
    concepts: tuple[Concept, ...]
    fingerprint: str = ""
    template: bool = False
    header_extra: tuple[str, ...] = ()

    @property
    def language(self) -> str | None:
        """The target language (``es``), or None for a template."""
        return catalog_language(self.path, self.metadata, self.template)


def _to_concept(path: str, raw: _Raw, lang: str | None, template: bool) -> Concept:
    fl = raw.fields
    msgid_f = fl["msgid"]
    line = msgid_f.line
    if "msgid_plural" in fl:
        raise _fail(path, fl["msgid_plural"].line, "plural entries cannot be term-base concepts")
    ctx = fl.get("msgctxt")
    # A missing or malformed id is kept as is: `validate` reports it (GL910, GL911).
    cid = ctx.text if ctx is not None else ""
    if msgid_f.text == "":
        raise _fail(path, line, f"concept {cid}: empty msgid (the preferred English form)")
    msgstr = fl["msgstr"].text
    if template and msgstr:
        raise _fail(path, fl["msgstr"].line, "a template (.pot) must have empty msgstr")

    rank, en_suffix, tgt_suffix, tgt_gender = _lang_tables(lang)
    keyed: list[tuple[int, int, str, int, str]] = []  # (rank, seq, key, line, raw value)
    extra: list[str] = []
    refs: list[Reference] = []
    unknown_flags: list[str] = []
    flags: set[str] = set()
    for seq, (ln, c) in enumerate(raw.comments):
        kind = _comment_kind(c)
        if kind == ":":
            refs.extend(_parse_references(c[2:]))
            continue
        if kind == ",":
            for fl_ in (x.strip() for x in c[2:].split(",")):
                if not fl_:
                    continue
                if fl_ in _KNOWN_FLAGS:
                    flags.add(fl_)
                elif fl_ not in unknown_flags:
                    unknown_flags.append(fl_)
            continue
        if kind in ". ":
            body = _strip_marker(c, "#." if kind == "." else "#")
            m = _KEY_RE.match(body)
            if m and m.group(1) in rank:
                keyed.append((rank[m.group(1)], seq, m.group(1), ln, (m.group(2) or "").strip(" \t")))
                continue
        extra.append(c)
    if unknown_flags:
        extra.append("#, " + ", ".join(unknown_flags))
    extra.sort(key=_extra_rank)
    keyed.sort()

    ctype = "other"
    country = ""
    gender: Gender | None = None
    seen_single: dict[str, int] = {}
    en_forms: list[TermForm] = [TermForm(msgid_f.text, "en", Status.PREFERRED)]
    tgt_forms: list[TermForm] = [TermForm(msgstr, lang, Status.PREFERRED)] if msgstr and lang else []
    notes: list[Note] = []
    sources: list[Note] = []
    offices: list[Office] = []
    valid: Period | None = None
    replaced_by = ""
    for _r, _s, key, ln, value in keyed:
        if not value:
            raise _fail(path, ln, f"key {key!r} has no value")
        if key == "office":
            for text, note in _unescape_value(path, ln, value, lists=True):
                office, _sp, span = text.partition(" ")
                if not span.strip():
                    raise _fail(path, ln, f"office {text!r}: write 'OFFICE-ID FROM/TO', e.g. "
                                          "'mx-sre-secretary 2018-12-01/2023-06-12'")
                offices.append(Office(office, parse_period(path, ln, span), note))
        elif key in ("valid", "replaced-by"):
            if key in seen_single:
                raise _fail(path, ln, f"{key!r} given twice (first on line {seen_single[key]})")
            seen_single[key] = ln
            (text, _), = _unescape_value(path, ln, value, lists=False)
            if key == "valid":
                valid = parse_period(path, ln, text)
            else:
                replaced_by = text
        elif key in ("type", "country", "gender"):
            if key in seen_single:
                raise _fail(path, ln, f"{key!r} given twice (first on line {seen_single[key]})")
            seen_single[key] = ln
            if key == "type":
                if value not in CONCEPT_TYPES:
                    raise _fail(path, ln, f"unknown type {value!r} (one of: {', '.join(CONCEPT_TYPES)})")
                ctype = value
            elif key == "country":
                if not _COUNTRY_RE.match(value):
                    raise _fail(path, ln, f"bad country {value!r}: use an ISO 3166 code such as MX or US")
                country = value
            else:
                if value not in ("m", "f"):
                    raise _fail(path, ln, f"bad gender {value!r}: use m or f")
                gender = Gender(value)
        elif key in ("en-note", "note", f"{lang}-note"):
            (text, _), = _unescape_value(path, ln, value, lists=False)
            notes.append(Note({"en-note": "en", "note": ""}.get(key, lang or ""), text))
        elif key in ("source", f"{lang}-source"):
            (text, _), = _unescape_value(path, ln, value, lists=False)
            sources.append(Note("en" if key == "source" else (lang or ""), text))
        elif key in en_suffix or key in tgt_suffix:
            _s2, st, ev, ac = en_suffix.get(key) or tgt_suffix[key]
            flang = "en" if key in en_suffix else (lang or "")
            target = en_forms if key in en_suffix else tgt_forms
            for text, note in _unescape_value(path, ln, value, lists=True):
                target.append(TermForm(text, flang, st, acronym=ac, everywhere=ev, note=note))
        elif key in tgt_gender:
            g, nb = tgt_gender[key]
            for text, note in _unescape_value(path, ln, value, lists=True):
                tgt_forms.append(TermForm(text, lang or "", Status.PREFERRED, gender=g, number=nb, note=note))
    return Concept(
        id=cid,
        type=ctype,
        forms=tuple(en_forms + tgt_forms),
        country=country,
        gender=gender,
        case_sensitive=_FLAG_CASE in flags,
        do_not_translate=_FLAG_DNT in flags,
        fuzzy=_FLAG_FUZZY in flags,
        obsolete=bool(raw.obsolete),
        references=tuple(refs),
        notes=tuple(notes),
        sources=tuple(sources),
        extra=tuple(extra),
        offices=tuple(offices),
        valid=valid,
        replaced_by=replaced_by,
    )


def read_catalog(path: str | os.PathLike[str]) -> Catalog:
    """Parse a term-base PO/POT file into concepts (README "Keys").

    Raises DataError(path, line, message) for a missing, unreadable, empty or binary file,
    bytes not valid in the declared charset, a byte-order mark, CRLF line ends, bad PO
    syntax, merge-conflict markers, and bad key values. Comment lines that are not known
    keys are kept verbatim in ``Concept.extra``.
    """
    p = os.fspath(path)
    data = read_bytes(p)
    lines, _enc = _decode(p, data, None, strict=True)
    raws, trailing = _parse(p, lines)
    if trailing:
        raise _fail(p, trailing[0][0], "comment lines after the last entry belong to no entry")
    template = p.endswith(".pot")
    header = ""
    header_extra: list[str] = []
    metadata: tuple[tuple[str, str], ...] = ()
    if raws and _is_header(raws[0]):
        h = raws.pop(0)
        metadata = _parse_metadata(h.fields["msgstr"].text)
        tc: list[str] = []
        for _ln, c in h.comments:
            if _comment_kind(c) == " " and (len(c) == 1 or c[1] == " "):
                tc.append(_strip_marker(c, "#"))
            else:
                header_extra.append(c)
        header = "\n".join(tc)
    for raw in raws:
        if _is_header(raw):
            raise _fail(p, raw.fields["msgid"].line, "empty msgid outside the header")
    lang = catalog_language(p, metadata, template)
    concepts = tuple(_to_concept(p, raw, lang, template) for raw in raws)
    return Catalog(
        path=p,
        header=header,
        metadata=metadata,
        concepts=concepts,
        fingerprint=hashlib.sha256(data).hexdigest(),
        template=template,
        header_extra=tuple(header_extra),
    )


def _form_suffix(f: TermForm, is_target: bool) -> str:
    """The key suffix (``admitted``, ``forbidden-everywhere``, ``fem-plural``...) of a form."""
    if f.acronym and f.status.allowed:
        return "acronym"
    if f.status.allowed:
        if is_target and f.gender is not None:
            plural = f.number is Number.PLURAL
            return ("masc" if f.gender is Gender.MASCULINE else "fem") + ("-plural" if plural else "")
        return "admitted"
    base = "deprecated" if f.status is Status.DEPRECATED else "forbidden"
    return base + ("-everywhere" if f.everywhere else "")


def _is_main(f: TermForm) -> bool:
    return (
        f.status is Status.PREFERRED and not f.acronym and f.gender is None
        and f.number is None and not f.generated
    )


def _render_concept(path: str, c: Concept, lang: str | None) -> list[str]:
    en_main: TermForm | None = None
    tgt_main: TermForm | None = None
    by_key: dict[str, list[TermForm]] = {}
    extra_notes: list[Note] = []
    for f in c.forms:
        if f.generated:
            continue
        if f.lang == "en":
            is_target = False
        elif lang is not None and (f.lang == lang or _lang_tag(f.lang) == lang):
            is_target = True
        elif lang is None:
            continue  # a template keeps the English side only
        else:
            raise _fail(path, None, f"concept {c.id}: form {f.text!r} is in {f.lang!r}, "
                                    f"but this file holds en and {lang}")
        if _is_main(f):
            if is_target and tgt_main is None:
                tgt_main = f
                continue
            if not is_target and en_main is None:
                en_main = f
                continue
        if not f.text.strip(" ") or f.text != f.text.strip(" "):
            raise _fail(path, None, f"concept {c.id}: form {f.text!r} is empty or has surrounding spaces")
        key = f"{lang if is_target else 'en'}-{_form_suffix(f, is_target)}"
        by_key.setdefault(key, []).append(f)
    if en_main is None or not en_main.text:
        raise _fail(path, None, f"concept {c.id}: no preferred English form (msgid)")
    for m in (en_main, tgt_main):
        if m is not None and m.note:
            extra_notes.append(Note("en" if m is en_main else (lang or ""), m.note))
    values: dict[str, list[str]] = {}
    if c.type != "other":
        values["type"] = [c.type]
    if c.country:
        values["country"] = [c.country]
    if c.gender is not None:
        values["gender"] = [c.gender.value]
    if c.valid is not None:
        values["valid"] = [str(c.valid)]
    if c.replaced_by:
        values["replaced-by"] = [_escape_value(c.replaced_by, brackets=False)]
    if c.offices:
        values["office"] = [f"{o.office} {o.period}" + (f" [{_escape_value(o.note, brackets=True)}]" if o.note else "")
                            for o in c.offices]
    for key, forms in by_key.items():
        values[key] = [
            _escape_value(f.text, brackets=True)
            + (f" [{_escape_value(f.note, brackets=True)}]" if f.note else "")
            for f in forms
        ]
    for n in (*c.notes, *extra_notes):
        if n.lang == "en":
            key = "en-note"
        elif n.lang == "":
            key = "note"
        elif lang is None and n.lang != "en":
            continue
        elif lang is not None and _lang_tag(n.lang) == lang:
            key = f"{lang}-note"
        else:
            raise _fail(path, None, f"concept {c.id}: note in {n.lang!r} does not fit this file")
        values.setdefault(key, []).append(_escape_value(n.text, brackets=False))
    for n in c.sources:
        if n.lang in ("en", ""):
            key = "source"
        elif lang is None:
            continue
        elif _lang_tag(n.lang) == lang:
            key = f"{lang}-source"
        else:
            raise _fail(path, None, f"concept {c.id}: source in {n.lang!r} does not fit this file")
        values.setdefault(key, []).append(_escape_value(n.text, brackets=False))
    for key, vals in values.items():
        for v in vals:
            if not v.strip(" ") or v != v.strip(" "):
                raise _fail(path, None, f"concept {c.id}: {key} value {v!r} is empty or has surrounding spaces")

    extracted: list[str] = []
    translator: list[str] = []
    for key in _key_table(lang):
        for v in values.get(key, ()):
            if key.startswith("en-") or key in CONCEPT_KEYS or key in ("note", "source"):
                extracted.append(f"#. {key}: {v}")
            else:
                translator.append(f"# {key}: {v}")
    extras = sorted(c.extra, key=_extra_rank)
    flags = [fl for fl, on in ((_FLAG_FUZZY, c.fuzzy), (_FLAG_CASE, c.case_sensitive),
                               (_FLAG_DNT, c.do_not_translate)) if on]
    previous: list[str] = []
    for e in extras:
        if "\n" in e or not e.startswith("#"):
            raise _fail(path, None, f"concept {c.id}: extra line {e!r} is not a comment line")
        r = _extra_rank(e)
        if r == 0:
            extracted.append(e)
        elif r == 1:
            translator.append(e)
        elif r == 2:
            for fl in (x.strip() for x in e[2:].split(",")):
                if fl and fl not in flags:
                    flags.append(fl)
        else:
            previous.append(e)
    out = extracted + _render_refs(c.references) + translator
    if flags:
        out.append("#, " + ", ".join(flags))
    out += previous
    prefix = "#~ " if c.obsolete else ""
    if c.id:
        out += _render_string(prefix, "msgctxt", c.id)
    out += _render_string(prefix, "msgid", en_main.text)
    out += _render_string(prefix, "msgstr", tgt_main.text if tgt_main is not None else "")
    return out


def render_catalog(catalog: Catalog) -> str:
    """The canonical text of a catalog: header first, then concepts in the order given,
    obsolete ones last; comment lines in a fixed order (keys in README table order);
    strings wrapped at 79 columns as msgcat does. ``read(render(c))`` equals ``c`` for
    a catalog that was read (up to fingerprint), so canonical form is a fixed point."""
    lang = catalog_language(catalog.path, catalog.metadata, catalog.template)
    blocks: list[list[str]] = []
    if catalog.header or catalog.metadata or catalog.header_extra:
        head: list[str] = []
        if catalog.header:
            head += [f"# {ln}" if ln else "#" for ln in catalog.header.split("\n")]
        head += list(catalog.header_extra)
        head.append('msgid ""')
        meta = "".join(f"{k}: {v}\n" for k, v in catalog.metadata)
        head += _render_string("", "msgstr", meta)
        blocks.append(head)
    live = [c for c in catalog.concepts if not c.obsolete]
    dead = [c for c in catalog.concepts if c.obsolete]
    for c in live + dead:
        blocks.append(_render_concept(catalog.path, c, lang))
    return "\n\n".join("\n".join(b) for b in blocks) + "\n" if blocks else ""


DEFAULT_METADATA: tuple[tuple[str, str], ...] = (
    ("Project-Id-Version", "glossary"),
    ("Report-Msgid-Bugs-To", ""),
    ("POT-Creation-Date", ""),
    ("PO-Revision-Date", ""),
    ("Last-Translator", ""),
    ("Language-Team", ""),
    ("Language", "es"),
    ("MIME-Version", "1.0"),
    ("Content-Type", "text/plain; charset=UTF-8"),
    ("Content-Transfer-Encoding", "8bit"),
    ("Plural-Forms", "nplurals=2; plural=(n != 1);"),
)
"""Header fields of a new term-base file (``Language`` follows the file's folder)."""


def default_catalog(path: str | os.PathLike[str], lang: str | None = None) -> Catalog:
    """An empty catalog with the default header, for a file that does not exist yet.

    The language is ``lang``, else the folder name (``locales/fr/x.po``), else ``es``;
    a ``.pot`` gets an empty ``Language`` and no target-language data.
    """
    p = os.fspath(path)
    template = p.endswith(".pot")
    if template:
        language = ""
    else:
        language = lang or catalog_language(p, (), False) or "es"
    meta = tuple((k, language if k == "Language" else v) for k, v in DEFAULT_METADATA)
    if template:
        meta = tuple((k, v) for k, v in meta if k != "Plural-Forms")
    header = "Term base for glossary (English/Spanish terminology lint)."
    return Catalog(path=p, header=header, metadata=meta, concepts=(), template=template)
