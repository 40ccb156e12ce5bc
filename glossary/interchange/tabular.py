"""CSV and TSV term lists, OmegaT glossaries, and picking the reader for a file.

The full layout (``HEADER``) has one row per term form, and a few rows for a concept's
notes, sources, references and extra comment lines (their ``status`` says which, and the
text is in ``term``). Concept columns (``id`` to ``flags``) repeat on every row of a
concept. It carries everything the data model holds, so PO -> CSV -> PO loses nothing.

Simpler files are read too: two or three columns ``en, es[, note]`` with or without a
header line, and OmegaT glossaries (tab-separated ``source, target, comment``; lines
starting with ``#`` are comments). Rows with the same English term make one concept: the
first Spanish term is preferred, the others admitted; the comment becomes the note of the
Spanish form it sits next to.
"""

from __future__ import annotations

import csv
import io
import os
import stat
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from glossary.errors import DataError
from glossary.files import read_bytes
from glossary.merge import COUNTRY_RE, ID_RE, Batch, concept_id, dedupe_forms, settle_preferred
from glossary.model import CONCEPT_TYPES, Concept, Gender, Note, Number, Reference, Status, TermForm

HEADER: tuple[str, ...] = (
    "id", "type", "country", "concept_gender", "flags",
    "lang", "status", "term", "acronym", "gender", "number", "everywhere", "note",
)
"""Columns of the full CSV/TSV layout, in the order the writer uses."""

_Quoting = Literal[0, 1, 2, 3]
"""A ``csv`` quoting mode: QUOTE_MINIMAL, QUOTE_ALL, QUOTE_NONNUMERIC or QUOTE_NONE."""

DATA_ROWS: tuple[str, ...] = ("note", "source", "reference", "extra")
"""``status`` values of rows that hold concept data rather than a form."""

FLAGS: tuple[tuple[str, str], ...] = (
    ("case_sensitive", "case-sensitive"),
    ("do_not_translate", "do-not-translate"),
    ("fuzzy", "fuzzy"),
    ("obsolete", "obsolete"),
)
"""Concept attribute -> word in the ``flags`` column (space-separated)."""

FORMATS: tuple[str, ...] = ("tbx", "csv", "tsv", "po", "omegat")
"""Formats ``read_batch`` understands."""

KEEP_LANGS: tuple[str, ...] = ("en", "es")
"""Languages the term base holds; rows in others are counted as skipped."""

_YES = {"yes", "y", "true", "1", "x"}
_NO = {"", "no", "n", "false", "0"}
_GENDERS = {"m": Gender.MASCULINE, "masculine": Gender.MASCULINE, "f": Gender.FEMININE, "feminine": Gender.FEMININE}
_NUMBERS = {"sg": Number.SINGULAR, "singular": Number.SINGULAR, "pl": Number.PLURAL, "plural": Number.PLURAL}
_EN_NAMES = {"en", "english", "source", "en-us", "en-gb", "en_us", "en_gb", "term", "source term"}
_ES_NAMES = {"es", "spanish", "español", "target", "es-es", "es-mx", "es_es", "es_mx", "translation", "target term"}


# --------------------------------------------------------------------------- decoding


def read_text(path: str | os.PathLike[str]) -> str:
    """A text file as str: UTF-8 (a byte-order mark is allowed); DataError otherwise."""
    label = os.fspath(path)
    data = read_bytes(path)
    return decode_text(data, label)


def decode_text(data: bytes, label: str) -> str:
    """Decode UTF-8 bytes (BOM allowed); DataError with the line of a bad byte or a NUL."""
    if not data.strip():
        raise DataError(label, None, "empty file")
    if b"\0" in data:
        line = data[: data.index(b"\0")].count(b"\n") + 1
        raise DataError(label, line, "binary file (NUL byte); expected UTF-8 text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataError(label, line, f"not UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8") from None


def _records(text: str, label: str, delimiter: str, *, quoting: _Quoting = csv.QUOTE_MINIMAL,
             comments: bool = False) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) for each non-empty record."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quoting=quoting, strict=True)
    last = 0
    while True:
        start = last + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise DataError(label, reader.line_num or start, f"bad {'CSV' if delimiter == ',' else 'TSV'}: {exc}") from None
        last = reader.line_num
        if not row or all(not c.strip() for c in row):
            continue
        if comments and row[0].startswith("#"):
            continue
        yield start, row


# --------------------------------------------------------------------------- reading


@dataclass
class _Pending:
    """A concept being assembled from rows."""

    line: int
    fields: dict[str, object]
    forms: list[tuple[TermForm, bool]] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    sources: list[Note] = field(default_factory=list)
    refs: list[Reference] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)


def _yes(label: str, line: int, column: str, value: str) -> bool:
    v = value.strip().lower()
    if v in _YES:
        return True
    if v in _NO:
        return False
    raise DataError(label, line, f"column {column}: expected yes or empty, not {value!r}")


def _concept_fields(label: str, line: int, cells: dict[str, str]) -> dict[str, object]:
    ctype = cells.get("type", "").strip() or "other"
    if ctype not in CONCEPT_TYPES:
        raise DataError(label, line, f"unknown type {ctype!r} (one of: {', '.join(CONCEPT_TYPES)})")
    gender_s = cells.get("concept_gender", "").strip().lower()
    if gender_s and gender_s not in _GENDERS:
        raise DataError(label, line, f"column concept_gender: expected m or f, not {gender_s!r}")
    country = cells.get("country", "").strip()
    if country and not COUNTRY_RE.match(country):
        raise DataError(label, line, f"bad country {country!r}: use an ISO 3166 code such as MX or US")
    flags = cells.get("flags", "").replace(",", " ").split()
    known = {word for _, word in FLAGS}
    for word in flags:
        if word not in known:
            raise DataError(label, line, f"unknown flag {word!r} (known: {', '.join(sorted(known))})")
    return {
        "type": ctype,
        "country": country,
        "gender": _GENDERS.get(gender_s),
        **{attr: word in flags for attr, word in FLAGS},
    }


def _read_full(text: str, label: str, delimiter: str, fmt: str) -> Batch:
    rows = _records(text, label, delimiter)
    try:
        first_line, head = next(rows)
    except StopIteration:
        return Batch(label, fmt)
    columns = [h.strip().lower() for h in head]
    for name in columns:
        if name and name not in HEADER:
            raise DataError(label, first_line, f"unknown column {name!r} (known: {', '.join(HEADER)})")
    for need in ("id", "lang", "term"):
        if need not in columns:
            raise DataError(label, first_line, f"missing column {need!r}")
    pending: dict[str, _Pending] = {}
    skipped: Counter[str] = Counter()
    for line, row in rows:
        if len(row) > len(columns):
            raise DataError(label, line, f"{len(row)} cells, but the header has {len(columns)} columns")
        cells = {name: row[i] if i < len(row) else "" for i, name in enumerate(columns)}
        cid = cells["id"].strip()
        if not cid:
            raise DataError(label, line, "empty id")
        fields = _concept_fields(label, line, cells)
        p = pending.get(cid)
        if p is None:
            p = pending[cid] = _Pending(line, fields)
        elif any(cells.get(k, "").strip() for k in ("type", "country", "concept_gender", "flags")) and fields != p.fields:
            raise DataError(label, line, f"concept {cid}: type, country, gender or flags differ from line {p.line}")
        status = cells.get("status", "").strip().lower()
        lang = cells["lang"].strip()
        text_ = cells["term"]
        if lang and lang not in KEEP_LANGS:
            code = lang.replace("_", "-").split("-", 1)[0].lower()
            if code not in KEEP_LANGS:
                skipped[f"{code} {'terms' if status not in DATA_ROWS else status + 's'}"] += 1
                continue
            lang = code
        if status in DATA_ROWS:
            if status == "note":
                p.notes.append(Note(lang, text_))
            elif status == "source":
                p.sources.append(Note(lang, text_))
            elif status == "reference":
                path, sep, num = text_.rpartition(":")
                if not sep or not num.isdigit():
                    raise DataError(label, line, f"reference must be PATH:LINE, not {text_!r}")
                p.refs.append(Reference(path, int(num)))
            else:
                p.extra.append(text_)
            continue
        if not status and not text_ and not lang:
            continue  # a concept row without forms
        if not lang:
            raise DataError(label, line, "empty lang")
        if not text_:
            raise DataError(label, line, "empty term")
        try:
            st = Status(status) if status else Status.ADMITTED
        except ValueError:
            raise DataError(label, line, f"unknown status {status!r} (one of: preferred, admitted, deprecated, "
                                         f"forbidden, {', '.join(DATA_ROWS)})") from None
        gender_s = cells.get("gender", "").strip().lower()
        number_s = cells.get("number", "").strip().lower()
        if gender_s and gender_s not in _GENDERS:
            raise DataError(label, line, f"column gender: expected m or f, not {gender_s!r}")
        if number_s and number_s not in _NUMBERS:
            raise DataError(label, line, f"column number: expected sg or pl, not {number_s!r}")
        form = TermForm(
            text=text_,
            lang=lang,
            status=st,
            acronym=_yes(label, line, "acronym", cells.get("acronym", "")),
            gender=_GENDERS.get(gender_s),
            number=_NUMBERS.get(number_s),
            everywhere=_yes(label, line, "everywhere", cells.get("everywhere", "")),
            note=cells.get("note", ""),
        )
        p.forms.append((form, bool(status)))
    used: set[str] = set()
    concepts: list[Concept] = []
    for cid, p in pending.items():
        exact = all(explicit for _, explicit in p.forms)
        forms = tuple(f for f, _ in p.forms) if exact else settle_preferred(p.forms)
        new_id = cid if ID_RE.match(cid) and cid not in used else concept_id([cid], used)
        used.add(new_id)
        concepts.append(Concept(
            id=new_id,
            forms=forms,
            notes=tuple(p.notes),
            sources=tuple(p.sources),
            references=tuple(p.refs),
            extra=tuple(p.extra),
            **p.fields,  # type: ignore[arg-type]
        ))
    return Batch(label, fmt, tuple(concepts), skipped=tuple(skipped.items()))


def _is_bilingual_header(row: list[str]) -> bool:
    cells = [c.strip().lower() for c in row]
    return len(cells) >= 2 and cells[0] in _EN_NAMES and cells[1] in _ES_NAMES


def _read_pairs(text: str, label: str, delimiter: str, fmt: str, *, quoting: _Quoting, comments: bool) -> Batch:
    groups: dict[str, list[tuple[str, str]]] = {}
    first = True
    skipped: Counter[str] = Counter()
    for line, row in _records(text, label, delimiter, quoting=quoting, comments=comments):
        if first and _is_bilingual_header(row):
            first = False
            continue
        first = False
        if len(row) > 3:
            raise DataError(label, line, f"expected 2 or 3 columns (English, Spanish, note), got {len(row)}")
        en = row[0].strip()
        es = row[1].strip() if len(row) > 1 else ""
        note = row[2].strip() if len(row) > 2 else ""
        if not en:
            raise DataError(label, line, "empty English term")
        group = groups.setdefault(en, [])
        if not es:
            skipped["rows without a Spanish term"] += 1
            continue
        group.append((es, note))
    used: set[str] = set()
    concepts: list[Concept] = []
    for en, targets in groups.items():
        if not targets:
            continue
        forms = [(TermForm(en, "en", Status.PREFERRED), True)]
        forms += [(TermForm(es, "es", Status.ADMITTED, note=note), False) for es, note in targets]
        concepts.append(Concept(id=concept_id([en], used), forms=dedupe_forms(settle_preferred(forms))))
    return Batch(label, fmt, tuple(concepts), skipped=tuple(skipped.items()))


def parse_table(text: str, label: str, fmt: str = "csv") -> Batch:
    """Concepts from CSV (``fmt="csv"``), TSV (``"tsv"``) or OmegaT glossary (``"omegat"``) text.

    A first row naming ``HEADER`` columns (``term`` and one of ``id``, ``lang``, ``status``)
    selects the full layout, which needs ``id``, ``lang`` and ``term``; anything else is
    read as ``en, es[, note]`` pairs.
    """
    if fmt not in ("csv", "tsv", "omegat"):
        raise ValueError(f"not a table format: {fmt!r}")
    delimiter = "," if fmt == "csv" else "\t"
    sniff_quoting: _Quoting = csv.QUOTE_MINIMAL if fmt == "csv" else csv.QUOTE_NONE
    first = next(_records(text, label, delimiter, quoting=sniff_quoting, comments=fmt == "omegat"), None)
    if first is None:
        return Batch(label, fmt)
    names = {c.strip().lower() for c in first[1]}
    if fmt != "omegat" and "term" in names and names & {"id", "lang", "status"}:
        return _read_full(text, label, delimiter, fmt)
    quoting: _Quoting = csv.QUOTE_MINIMAL if fmt == "csv" else csv.QUOTE_NONE
    return _read_pairs(text, label, delimiter, fmt, quoting=quoting, comments=fmt == "omegat")


def read_table(path: str | os.PathLike[str], fmt: str = "csv") -> Batch:
    """Read a CSV, TSV or OmegaT glossary file (UTF-8) into concepts; DataError on bad input."""
    label = os.fspath(path)
    return parse_table(read_text(path), label, fmt)


# --------------------------------------------------------------------------- writing


def _flags(c: Concept) -> str:
    return " ".join(word for attr, word in FLAGS if getattr(c, attr))


def table_rows(concepts: Iterable[Concept]) -> Iterator[list[str]]:
    """The full layout as rows of cells, header first (generated forms are left out)."""
    yield list(HEADER)
    for c in concepts:
        head = [c.id, c.type, c.country, c.gender.value if c.gender else "", _flags(c)]
        n = 0
        for f in c.forms:
            if f.generated:
                continue
            n += 1
            yield head + [
                f.lang, f.status.value, f.text, "yes" if f.acronym else "",
                f.gender.value if f.gender else "", f.number.value if f.number else "",
                "yes" if f.everywhere else "", f.note,
            ]
        data: list[tuple[str, str, str]] = []
        data += [("note", n_.lang, n_.text) for n_ in c.notes]
        data += [("source", s.lang, s.text) for s in c.sources]
        data += [("reference", "", f"{r.path}:{r.line}") for r in c.references]
        data += [("extra", "", e) for e in c.extra]
        for kind, lang, text in data:
            n += 1
            yield head + [lang, kind, text, "", "", "", "", ""]
        if not n:
            yield head + [""] * 8


def render_table(concepts: Iterable[Concept], fmt: str = "csv") -> str:
    """The full layout as CSV (``fmt="csv"``) or TSV (``"tsv"``) text, LF line ends, no BOM."""
    if fmt not in ("csv", "tsv"):
        raise ValueError(f"cannot write {fmt!r}; use csv or tsv")
    buf = io.StringIO()
    delimiter = "," if fmt == "csv" else "\t"
    plain = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    quoted = csv.writer(buf, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in table_rows(concepts):
        # csv quotes "\n" but not a lone "\r" when the line end is "\n"; quote such rows whole.
        (quoted if any("\r" in cell for cell in row) else plain).writerow(row)
    return buf.getvalue()


# --------------------------------------------------------------------------- choosing a reader


def sniff_format(path: str | os.PathLike[str]) -> str:
    """The format of a file from its extension, else from its first bytes; DataError if unclear."""
    label = os.fspath(path)
    ext = os.path.splitext(label)[1].lower()
    by_ext = {".tbx": "tbx", ".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".po": "po", ".pot": "po",
              ".txt": "omegat", ".utf8": "omegat"}
    if ext in by_ext:
        return by_ext[ext]
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except FileNotFoundError:
        raise DataError(label, None, "no such file") from None
    except OSError as exc:
        raise DataError(label, None, f"cannot read: {exc.strerror or exc}") from None
    text = head.decode("utf-8", "replace").lstrip("\ufeff").lstrip()
    if text.startswith("<"):
        if "<tbx" in text or "<martif" in text:
            return "tbx"
        raise DataError(label, None, "XML but not TBX; give --format")
    if "msgid " in text:
        return "po"
    first = text.splitlines()[0] if text else ""
    if "\t" in first:
        return "tsv"
    if "," in first:
        return "csv"
    raise DataError(label, None, "cannot tell the format; give --format (tbx, csv, tsv, po, omegat)")


def _mode(path: str | os.PathLike[str]) -> int:
    """``st_mode`` of ``path`` (following links), 0 when it cannot be stat-ed (the reader says why)."""
    try:
        return os.stat(path).st_mode
    except (OSError, ValueError):
        return 0


def read_batch(path: str | os.PathLike[str], fmt: str | None = None, *, untranslated: bool = False) -> Batch:
    """Read any supported file into a Batch; ``fmt`` None sniffs it (see ``sniff_format``).

    ``untranslated`` keeps foreign PO entries that have no Spanish (English-only concepts).
    """
    if stat.S_ISCHR(_mode(path)) or stat.S_ISBLK(_mode(path)):  # /dev/zero would never end
        raise DataError(os.fspath(path), None, "is a device, not a file")
    fmt = fmt or sniff_format(path)
    if fmt == "tbx":
        from glossary.interchange.tbx import read_tbx

        return read_tbx(path)
    if fmt == "po":
        from glossary.interchange.po_glossary import read_po

        return read_po(path, untranslated=untranslated)
    if fmt in ("csv", "tsv", "omegat"):
        return read_table(path, fmt)
    raise DataError(os.fspath(path), None, f"unknown format {fmt!r} (one of: {', '.join(FORMATS)})")
