"""Translation-memory PO files: streaming render, append and read, and in-place msgstr fills.

Translation-memory PO files are large and grow by appending: entries are rendered one
at a time (a fast path of the canonical wrapping for plain text), appended to a copy of
the file and swapped in atomically, so existing entries are never re-read or re-wrapped;
``iter_memory_units`` streams them back without building anchors.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
from typing import Iterator

from glossary.files import read_bytes
from glossary.model import Anchor, Reference
from glossary.po.concepts import DEFAULT_METADATA
from glossary.po.decode import _declared_charset, _decode, _fail
from glossary.po.files import _locked
from glossary.po.parse import _SIMPLE_ESCAPES, PoUnit, _parse, _sort_comments, read_units
from glossary.po.wrap import _render_refs, _render_string, render_po_string

_FAST_WS_RE = re.compile(r"\s")


def render_memory_entry(
    msgid: str,
    msgstr: str,
    *,
    msgctxt: str | None = None,
    flags: tuple[str, ...] = (),
    references: tuple[Reference, ...] = (),
    comments: tuple[str, ...] = (),
) -> str:
    """One translation-memory entry in canonical form (extracted comments, ``#:``
    references, ``#,`` flags, strings), ending with a newline, no blank line."""
    out = [f"#. {c}" if c else "#." for c in comments]
    if len(references) == 1 and references[0].path and _FAST_WS_RE.search(references[0].path) is None:
        r = references[0]
        out.append(f"#: {r.path}:{r.line}" if r.line else f"#: {r.path}")
    else:
        out += _render_refs(references)
    if flags:
        out.append("#, " + ", ".join(flags))
    if msgctxt is not None:
        out += render_po_string("", "msgctxt", msgctxt)
    out += render_po_string("", "msgid", msgid)
    out += render_po_string("", "msgstr", msgstr)
    return "\n".join(out) + "\n"


def memory_header(lang: str, comment: str = "Translation memory for glossary (aligned segments).") -> str:
    """The header entry of a new memory file for target language ``lang``."""
    meta = tuple((k, lang if k == "Language" else v) for k, v in DEFAULT_METADATA)
    lines = [f"# {comment}", 'msgid ""']
    lines += _render_string("", "msgstr", "".join(f"{k}: {v}\n" for k, v in meta))
    return "\n".join(lines) + "\n"


def append_entries(path: str | os.PathLike[str], entries: list[str], *, header: str) -> tuple[int, int]:
    """Append rendered entries to a PO file without re-rendering what it holds.

    Under the file's lock, the current bytes are copied to a temporary file in the same
    folder, the entries are appended (each preceded by a blank line), and the copy is
    fsynced and renamed over the original: readers see the old file or the new one. A
    missing file starts with ``header``. Returns the new size in bytes and the number of
    lines before the appended text (entry ``k`` starts after one blank line).
    """
    import tempfile

    p = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(p))
    if not os.path.isdir(folder):
        raise _fail(p, None, f"folder {folder} does not exist")
    with _locked(p):
        exists = os.path.exists(p)
        try:
            mode = os.stat(p).st_mode & 0o7777 if exists else 0o644
            fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(p)}.", suffix=".tmp", dir=folder)
        except OSError as exc:
            raise _fail(p, None, f"cannot write: {exc.strerror or exc}") from None
        try:
            with os.fdopen(fd, "wb") as out:
                last = b""
                lines = 0
                if exists:
                    with open(p, "rb") as src:
                        while True:
                            block = src.read(1 << 20)
                            if not block:
                                break
                            out.write(block)
                            lines += block.count(b"\n")
                            last = block[-1:]
                else:
                    data = header.encode("utf-8")
                    out.write(data)
                    lines = data.count(b"\n")
                    last = b"\n"
                if last and last != b"\n":
                    out.write(b"\n")
                    lines += 1
                chunk: list[str] = []
                for e in entries:
                    chunk.append("\n")
                    chunk.append(e)
                    if len(chunk) >= 4096:
                        out.write("".join(chunk).encode("utf-8"))
                        chunk = []
                out.write("".join(chunk).encode("utf-8"))
                out.flush()
                os.fsync(out.fileno())
                size = out.tell()
            os.chmod(tmp, mode)
            os.replace(tmp, p)
        except BaseException as exc:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            if isinstance(exc, OSError):
                raise _fail(p, None, f"cannot write: {exc.strerror or exc}") from None
            raise
    return size, lines


def _fast_unquote(line: str, start: int) -> str | None:
    """The value of the quoted string at ``line[start]``, or None when the fast path
    cannot decode it (octal/hex escapes, text after the string)."""
    s = line.rstrip()
    if len(s) - start < 2 or s[start] != '"' or s[-1] != '"':
        return None
    body = s[start + 1 : -1]
    if "\\" not in body:
        return None if '"' in body else body
    out: list[str] = []
    i = 0
    n = len(body)
    while i < n:
        c = body[i]
        if c == "\\":
            if i + 1 >= n:
                return None
            e = _SIMPLE_ESCAPES.get(body[i + 1])
            if e is None:
                return None
            out.append(e)
            i += 2
        elif c == '"':
            return None
        else:
            j = body.find("\\", i)
            j = n if j < 0 else j
            chunk = body[i:j]
            if '"' in chunk:
                return None
            out.append(chunk)
            i = j
    return "".join(out)


def _fast_units(path: str, text: str) -> Iterator[PoUnit] | None:
    """Units of plain PO text (no plurals, obsolete entries or unusual escapes), or None.

    Each string gets one anchor per line it spans (columns after an escape on the same
    line are not corrected: good enough to point at a memory entry)."""
    units: list[PoUnit] = []
    comments: list[str] = []
    fields: dict[str, list[str]] = {}
    anchors: dict[str, list[Anchor]] = {}
    lengths: dict[str, int] = {}
    cur = ""
    msgid_line = 0
    first = True

    def flush() -> bool:
        nonlocal first, comments, fields, anchors, lengths, cur
        if not fields:
            return True
        if "msgid" not in fields or "msgstr" not in fields:
            return False
        msgid = "".join(fields["msgid"])
        ctx = "".join(fields["msgctxt"]) if "msgctxt" in fields else None
        if first and msgid == "" and ctx is None:
            first = False
        else:
            first = False
            extracted, translator, flags, refs = _sort_comments(comments)
            units.append(PoUnit(ctx, msgid, "", "".join(fields["msgstr"]), (), tuple(flags),
                                "\n".join(extracted), "\n".join(translator), tuple(refs), False,
                                msgid_line, tuple(anchors["msgid"]), tuple(anchors["msgstr"]), (), ()))
        comments, fields, anchors, lengths, cur = [], {}, {}, {}, ""
        return True

    for idx, line in enumerate(text.split("\n")):
        if not line.strip():
            cur = ""
            continue
        c0 = line[0]
        if c0 == "#":
            if line.startswith("#~"):
                return None
            if fields:
                if "msgstr" not in fields or not flush():
                    return None
            comments.append(line)
            continue
        if c0 == '"':
            if not cur:
                return None
            v = _fast_unquote(line, 0)
            if v is None:
                return None
            if v:
                a = Anchor(lengths[cur], idx + 1, 2)
                if anchors[cur][-1].offset == a.offset:
                    anchors[cur][-1] = a
                else:
                    anchors[cur].append(a)
                lengths[cur] += len(v)
            fields[cur].append(v)
            continue
        kw, _, rest = line.partition(" ")
        if kw not in ("msgctxt", "msgid", "msgstr"):
            return None
        if kw in fields or (kw != "msgstr" and "msgstr" in fields):
            if "msgstr" not in fields or not flush():
                return None
        if kw in fields:
            return None
        if kw == "msgid":
            msgid_line = idx + 1
        elif kw == "msgstr" and "msgid" not in fields:
            return None
        body = rest.lstrip(" \t")
        v = _fast_unquote(body, 0)
        if v is None:
            return None
        fields[kw] = [v]
        anchors[kw] = [Anchor(0, idx + 1, len(line) - len(body) + 2)]
        lengths[kw] = len(v)
        cur = kw
    if not flush():
        return None
    return iter(units)


def iter_memory_units(path: str | os.PathLike[str]) -> Iterator[PoUnit]:
    """The units of a memory PO file, read fast: plain entries are parsed without anchors
    (PoUnit anchors are empty); a file with anything unusual (plurals, obsolete entries,
    octal escapes, a non-UTF-8 charset) goes through ``read_units``, which also names
    the line of any syntax error."""
    p = os.fspath(path)
    data = read_bytes(p)
    if data and b"\x00" not in data and b"\r" not in data and not data.startswith(codecs.BOM_UTF8):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        if text is not None and _declared_charset(p, data) in ("utf-8", "ascii"):
            fast = _fast_units(p, text)
            if fast is not None:
                return fast
    return iter(read_units(p)[1])


def fill_msgstrs(
    path: str | os.PathLike[str], fills: dict[int, tuple[str, bool, tuple[str, ...]]]
) -> bytes:
    """The bytes of PO file ``path`` with some translations filled in, everything else
    kept byte for byte (line ends and charset included).

    ``fills`` maps the line of an entry's ``msgid`` keyword to (msgstr, fuzzy, comments):
    the msgstr is replaced (canonical wrapping), ``fuzzy`` adds the flag, and each
    comment becomes a translator comment (``# ...``) at the top of the entry. Plural and
    obsolete entries are left alone.
    """
    p = os.fspath(path)
    data = read_bytes(p)
    lines, enc = _decode(p, data, None, strict=False)
    raws, _trailing = _parse(p, lines)
    edits: list[tuple[int, int, list[str]]] = []
    for raw in raws:
        f = raw.fields.get("msgid")
        if f is None or f.line not in fills or raw.obsolete or "msgstr" not in raw.fields:
            continue
        text, fuzzy, comments = fills[f.line]
        ms = raw.fields["msgstr"]
        start = ms.line - 1
        end = start + 1
        while end < len(lines) and lines[end].lstrip().startswith('"'):
            end += 1
        edits.append((start, end, render_po_string("", "msgstr", text)))
        first_kw = min(fld.line for fld in raw.fields.values()) - 1
        flag_at = next((ln - 1 for ln, c in raw.comments if c.startswith("#,")), None)
        if fuzzy:
            if flag_at is not None:
                have = [x.strip() for x in lines[flag_at][2:].split(",") if x.strip()]
                if "fuzzy" not in have:
                    edits.append((flag_at, flag_at + 1, ["#, " + ", ".join(["fuzzy", *have])]))
            else:
                prev_at = next((ln - 1 for ln, c in raw.comments if c.startswith("#|")), first_kw)
                edits.append((prev_at, prev_at, ["#, fuzzy"]))
        if comments:
            top = raw.comments[0][0] - 1 if raw.comments else first_kw
            edits.append((top, top, [f"# {c}" if c else "#" for c in comments]))
    edits.sort(key=lambda e: (e[0], e[1]), reverse=True)
    out = list(lines)
    for s, e, new in edits:
        out[s:e] = new
    eol = "\r\n" if b"\r\n" in data else "\n"
    text = eol.join(out) + eol
    bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
    try:
        return bom + text.encode(enc)
    except UnicodeEncodeError as exc:
        raise _fail(p, None, f"cannot encode {text[exc.start:exc.end]!r} in the file's charset {enc}") from None
