"""Translation memory on disk: ``memory.po`` is canonical, a SQLite index is derived.

``locales/<lang>/memory.po`` holds one entry per aligned segment: ``msgid`` the English
segment, ``msgstr`` the translation, ``#:`` where it came from, ``#, fuzzy`` when not
reviewed. A second translation of the same source (under the same context) is kept
with ``msgctxt "alt:N"`` (or ``"<context> alt:N"``) so the file stays a valid PO;
``tm check`` reports it (GL201).

The index is a cache file (in ``$GLOSSARY_CACHE_DIR`` or the user cache; next to the
memory when no cache folder is usable) holding the entries and, per side, the word index
of ``glossary.memory``. It records the memory's size, mtime and sha256 and is rebuilt when
they change; deleting it loses nothing. Imports append to the PO (never re-rendering what
is there) and extend the index in place.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from glossary.errors import DataError
from glossary.memory import Comparison, MemoryIndex, compare, keys, normalize
from glossary.model import Reference, Segment
if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from glossary.lint import Checker
    from glossary.model import Finding

from glossary.po import (
    PoUnit,
    append_entries,
    locked,
    iter_memory_units,
    memory_header,
    render_memory_entry,
)

__all__ = [
    "Hit",
    "ImportReport",
    "Memory",
    "MemoryEntry",
    "MEMORY_NAME",
    "SIDES",
    "default_memory_path",
    "split_context",
]

MEMORY_NAME = "memory.po"
"""The file name of a memory inside ``locales/<lang>/``."""
SIDES = ("source", "target")
"""The two sides of a memory: ``source`` is the msgid (English), ``target`` the msgstr."""
_FORMAT = "glossary-tm-4"
_ALT_RE = re.compile(r"(?:^| )alt:(\d+)$")


def split_context(msgctxt: str | None) -> tuple[str, int]:
    """A memory ``msgctxt`` as (context, alternative number); 1 for the first translation."""
    if not msgctxt:
        return "", 1
    m = _ALT_RE.search(msgctxt)
    if not m:
        return msgctxt, 1
    return msgctxt[: m.start()], int(m.group(1))


def _join_context(context: str, alt: int) -> str | None:
    if alt <= 1:
        return context or None
    return f"{context} alt:{alt}" if context else f"alt:{alt}"


def default_memory_path(cwd: Path, lang: str = "es") -> Path:
    """``locales/<lang>/memory.po`` in the user's ``locales/`` (found from ``cwd`` upward),
    else under ``cwd``."""
    from glossary.termbase import find_user_locales

    base = find_user_locales(cwd)
    return (base if base is not None else cwd / "locales") / lang / MEMORY_NAME


@dataclass(frozen=True, slots=True)
class MemoryEntry:
    """One memory entry: ``id`` is its position among the memory's live entries."""

    id: int
    source: str
    target: str
    context: str = ""
    fuzzy: bool = False
    references: tuple[Reference, ...] = ()
    line: int = 0

    def side(self, name: str) -> str:
        """The text of side ``source`` or ``target``."""
        return self.source if name == "source" else self.target


@dataclass(frozen=True, slots=True)
class Hit:
    """A lookup result: the entry, how it compares with the query, and the direction
    (``reverse`` when the query is in the target language)."""

    entry: MemoryEntry
    comparison: Comparison
    reverse: bool = False

    @property
    def score(self) -> float:
        """The match score, 0–100."""
        return self.comparison.score

    @property
    def source(self) -> str:
        """The memory segment that matched the query (in the query's language)."""
        return self.entry.target if self.reverse else self.entry.source

    @property
    def translation(self) -> str:
        """The memory's translation of that segment."""
        return self.entry.source if self.reverse else self.entry.target


@dataclass(slots=True)
class ImportReport:
    """What an import did: counts, and the conflicts (source, kept target, new target, where)."""

    read: int = 0
    added: int = 0
    duplicates: int = 0
    empty: int = 0
    conflicts: list[tuple[str, str, str, str]] = field(default_factory=list)
    files: list[tuple[str, int, int]] = field(default_factory=list)


def _entry_from_unit(i: int, u: PoUnit) -> MemoryEntry:
    ctx, _alt = split_context(u.msgctxt)
    return MemoryEntry(i, u.msgid, u.msgstr, ctx, "fuzzy" in u.flags, u.references, u.line)


def live_units(path: str | os.PathLike[str]) -> Iterator[PoUnit]:
    """The memory's usable units: not obsolete, with a source and a translation."""
    for u in iter_memory_units(path):
        if u.obsolete or not u.msgid or not u.msgstr:
            continue
        yield u


def _refs_text(refs: Sequence[Reference]) -> str:
    return "\n".join(f"{r.path}\t{r.line}" for r in refs)


def _refs_from(text: str) -> tuple[Reference, ...]:
    out = []
    for ln in text.split("\n") if text else ():
        p, _, n = ln.rpartition("\t")
        out.append(Reference(p, int(n) if n.isdigit() else 0))
    return tuple(out)


def _stat_key(path: str) -> str:
    st = os.stat(path)
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


def _sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while True:
            block = fh.read(1 << 20)
            if not block:
                break
            h.update(block)
    return h.hexdigest()


def _cache_file(path: str) -> str:
    from glossary.runner import cache_dir

    folder = cache_dir()
    digest = hashlib.sha256(os.path.abspath(path).encode("utf-8", "surrogateescape")).hexdigest()[:24]
    if folder is not None:
        return str(folder / f"tm-{digest}.sqlite")
    here = os.path.dirname(os.path.abspath(path))
    if os.access(here, os.W_OK):
        return os.path.join(here, f".{os.path.basename(path)}.index.sqlite")
    return ":memory:"


def _index_rows(side: str, idx: MemoryIndex) -> list[tuple[str, object]]:
    """The blobs that store one side's index: keys, postings (flat, with offsets), the
    encoded segments, their lengths, and the bitsets of the common keys."""
    offsets = array("Q", [0])
    flat = array("I")
    for p in idx.postings:
        flat.extend(p)
        offsets.append(len(flat))
    n = len(idx.encoded)
    nbytes = (n + 7) >> 3
    common = idx.common_bitsets(max(2000, n // 200)) if n else {}
    ids = array("I", sorted(common))
    return [
        (f"{side}.keys", "\n".join(idx.vocab)),
        (f"{side}.offsets", offsets.tobytes()),
        (f"{side}.postings", flat.tobytes()),
        (f"{side}.encoded", "\n".join(idx.encoded)),
        (f"{side}.lengths", idx.lengths.tobytes()),
        (f"{side}.bitset_ids", ids.tobytes()),
        (f"{side}.bitsets", b"".join(common[t].to_bytes(nbytes, "little") for t in ids)),
    ]


_FORK_JOB: tuple[MemoryIndex, list[str]] | None = None
_PARALLEL_MIN = 50_000
"""Imports of at least this many entries build the index in a forked process meanwhile."""


def _extend_in_child() -> list[tuple[str, object]]:
    assert _FORK_JOB is not None
    index, texts = _FORK_JOB
    for t in texts:
        index.add(t)
    return _index_rows("source", index)


class Memory:
    """A memory file and its index. Use as a context manager (closes the index)."""

    def __init__(self, path: str | os.PathLike[str], *, lang: str = "es", cache: str | None = None) -> None:
        self.path = os.fspath(path)
        self.lang = lang
        self._cache = cache
        self._db: sqlite3.Connection | None = None
        self._indexes: dict[str, MemoryIndex] = {}
        self._fresh = False

    # ------------------------------------------------------------------ plumbing

    def __enter__(self) -> Memory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the index database."""
        if self._db is not None:
            self._db.close()
            self._db = None

    @property
    def exists(self) -> bool:
        """Whether the memory file exists."""
        return os.path.isfile(self.path)

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            name = self._cache or _cache_file(self.path)
            try:
                db = sqlite3.connect(name)
                db.execute("PRAGMA journal_mode=OFF")
                db.execute("PRAGMA synchronous=OFF")
                db.execute("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v)")
                row = db.execute("SELECT v FROM meta WHERE k='format'").fetchone()
            except sqlite3.DatabaseError:
                try:
                    os.unlink(name)
                except OSError:
                    pass
                db = sqlite3.connect(name if name != ":memory:" else ":memory:")
                db.execute("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v)")
                row = None
            if row is None or row[0] != _FORMAT:
                db.executescript("DROP TABLE IF EXISTS entries; DROP TABLE IF EXISTS blobs; DELETE FROM meta;")
                db.execute("INSERT INTO meta VALUES ('format', ?)", (_FORMAT,))
            db.execute("CREATE TABLE IF NOT EXISTS entries (id INTEGER PRIMARY KEY, ctx TEXT, source TEXT, "
                       "target TEXT, fuzzy INTEGER, refs TEXT, line INTEGER)")
            db.execute("CREATE TABLE IF NOT EXISTS blobs (name TEXT PRIMARY KEY, data BLOB)")
            db.commit()
            self._db = db
        return self._db

    def _meta(self, key: str) -> str | None:
        row = self._connect().execute("SELECT v FROM meta WHERE k=?", (key,)).fetchone()
        return None if row is None else row[0]

    def _set_meta(self, **values: str) -> None:
        self._connect().executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", list(values.items()))

    def refresh(self) -> None:
        """Make the index match the memory file, rebuilding it if the file changed."""
        if self._fresh:
            return
        db = self._connect()
        if not self.exists:
            if self._meta("sha256") != "":
                self._rebuild([], "", "")
            self._fresh = True
            return
        stat = _stat_key(self.path)
        if self._meta("stat") == stat:
            self._fresh = True
            return
        sha = _sha256(self.path)
        if self._meta("sha256") == sha:
            self._set_meta(stat=stat)
            db.commit()
            self._fresh = True
            return
        units = list(live_units(self.path))
        self._rebuild(units, stat, sha)
        self._fresh = True

    def _rebuild(self, units: list[PoUnit], stat: str, sha: str) -> None:
        db = self._connect()
        db.execute("DELETE FROM entries")
        db.execute("DELETE FROM blobs")
        db.executemany(
            "INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?)",
            ((i, u.msgctxt or "", u.msgid, u.msgstr, int("fuzzy" in u.flags), _refs_text(u.references), u.line)
             for i, u in enumerate(units)),
        )
        self._indexes = {"source": MemoryIndex.build(u.msgid for u in units)}
        self._save_index("source")
        self._set_meta(stat=stat, sha256=sha, count=str(len(units)))
        db.commit()

    def _save_index(self, side: str) -> None:
        self._connect().executemany("INSERT OR REPLACE INTO blobs VALUES (?, ?)",
                                    _index_rows(side, self._indexes[side]))

    def _load_index(self, side: str) -> MemoryIndex | None:
        db = self._connect()
        got = dict(db.execute("SELECT name, data FROM blobs WHERE name LIKE ?", (f"{side}.%",)).fetchall())
        if len(got) != 7:
            return None
        n = self.count()
        vocab_keys = got[f"{side}.keys"].split("\n") if got[f"{side}.keys"] else []
        offsets = array("Q")
        offsets.frombytes(got[f"{side}.offsets"])
        flat = array("I")
        flat.frombytes(got[f"{side}.postings"])
        lengths = array("I")
        lengths.frombytes(got[f"{side}.lengths"])
        encoded = got[f"{side}.encoded"].split("\n") if n else []
        if len(encoded) != n or len(lengths) != n or len(offsets) != len(vocab_keys) + 1:
            return None
        postings = [flat[offsets[i]:offsets[i + 1]] for i in range(len(vocab_keys))]
        index = MemoryIndex(dict(zip(vocab_keys, range(len(vocab_keys)))), postings, encoded, lengths)
        ids = array("I")
        ids.frombytes(got[f"{side}.bitset_ids"])
        data = got[f"{side}.bitsets"]
        nbytes = (n + 7) >> 3
        if len(data) == nbytes * len(ids):
            index.pinned = {t: int.from_bytes(data[i * nbytes:(i + 1) * nbytes], "little") for i, t in enumerate(ids)}
        return index

    def index(self, side: str = "source") -> MemoryIndex:
        """The word index of one side (``source`` or ``target``), loaded or built."""
        self.refresh()
        if side not in self._indexes:
            idx = self._load_index(side)
            if idx is None:
                texts = (r[0] for r in self._connect().execute(
                    f"SELECT {'source' if side == 'source' else 'target'} FROM entries ORDER BY id"))
                idx = MemoryIndex.build(texts)
                self._indexes[side] = idx
                self._save_index(side)
                self._connect().commit()
            self._indexes[side] = idx
        return self._indexes[side]

    # ------------------------------------------------------------------ reading

    def count(self) -> int:
        """How many entries the memory holds."""
        self.refresh()
        row = self._connect().execute("SELECT COUNT(*) FROM entries").fetchone()
        return int(row[0])

    def entries(self, ids: Iterable[int] | None = None) -> list[MemoryEntry]:
        """Entries by id (in the order given), or all of them in file order."""
        self.refresh()
        db = self._connect()
        cols = "id, ctx, source, target, fuzzy, refs, line"
        if ids is None:
            rows = db.execute(f"SELECT {cols} FROM entries ORDER BY id").fetchall()
        else:
            wanted = list(ids)
            rows = []
            for i in range(0, len(wanted), 900):
                chunk = wanted[i:i + 900]
                rows += db.execute(f"SELECT {cols} FROM entries WHERE id IN ({','.join('?' * len(chunk))})",
                                   chunk).fetchall()
            order = {v: k for k, v in enumerate(wanted)}
            rows.sort(key=lambda r: order[r[0]])
        return [MemoryEntry(r[0], r[2], r[3], split_context(r[1])[0], bool(r[4]), _refs_from(r[5]), r[6])
                for r in rows]

    def lookup(self, query: str, *, top: int = 5, threshold: float = 75.0, reverse: bool = False,
               exhaustive: bool = False) -> list[Hit]:
        """The best ``top`` entries scoring ``threshold`` or more against ``query``; with
        ``reverse`` the query is matched against the translations (the other direction)."""
        side = "target" if reverse else "source"
        idx = self.index(side)
        pool = max(top * 3, top + 10)
        found = idx.scan(query, pool, threshold) if exhaustive else idx.lookup(query, pool, threshold)
        if found and found[0][1] >= 100:
            # many segments may tie at base 100 (differing only in numbers): make sure the
            # identical ones are among them
            db = self._connect()
            db.execute(f"CREATE INDEX IF NOT EXISTS entries_{side} ON entries({side})")
            same = [r[0] for r in db.execute(f"SELECT id FROM entries WHERE {side} = ? LIMIT ?", (query, top))]
            have = {i for i, _ in found}
            found = [(i, 100.0) for i in same if i not in have] + found
        if not found:
            return []
        entries = self.entries([i for i, _ in found])
        hits = []
        for e, (_, base) in zip(entries, found):
            c = compare(query, e.side(side), base)
            if c.score >= threshold:
                hits.append(Hit(e, c, reverse))
        hits.sort(key=lambda h: (-h.score, h.entry.fuzzy, h.entry.id))
        return hits[:top]

    def search(self, text: str, *, reverse: bool = False, limit: int = 0) -> list[MemoryEntry]:
        """Concordance: entries whose source (target with ``reverse``) contains ``text``
        (case and spacing ignored), in file order; ``limit`` 0 means all."""
        side = "target" if reverse else "source"
        needle = normalize(text)
        if not needle:
            return []
        idx = self.index(side)
        ids = idx.containing(keys(text))
        out: list[MemoryEntry] = []
        for i in range(0, len(ids), 2000):
            for e in self.entries(ids[i:i + 2000]):
                if needle in normalize(e.side(side)):
                    out.append(e)
                    if limit and len(out) >= limit:
                        return out
        return out

    # ------------------------------------------------------------------ writing

    def _start_child(self, index: MemoryIndex, texts: list[str]) -> tuple[ProcessPoolExecutor, Future[list[tuple[str, object]]]] | None:
        """For a large import on a machine with several CPUs, extend a copy of the index in
        a forked process while this one renders and writes the PO: (executor, future)."""
        global _FORK_JOB
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        if len(texts) < _PARALLEL_MIN or (os.cpu_count() or 1) < 2 \
                or "fork" not in multiprocessing.get_all_start_methods():
            return None
        _FORK_JOB = (index, texts)
        try:
            executor = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
            return executor, executor.submit(_extend_in_child)
        except OSError:
            return None
        finally:
            _FORK_JOB = None

    def add(self, batches: Iterable[tuple[str, Sequence[Segment], frozenset[str]]], *,
            fuzzy: bool = False, dry_run: bool = False) -> ImportReport:
        """Append the segments of each (label, segments, fuzzy segment ids) batch.

        Exact duplicates (same context, source and translation) are skipped; a new
        translation of a known source is kept as an alternative and reported as a
        conflict. Entries get ``#:`` label:line and ``#, fuzzy`` when ``fuzzy`` or when
        their id is in the batch's fuzzy set. Reading, deciding and appending happen under
        the memory's lock, so imports running at once neither lose nor duplicate entries.
        """
        if dry_run or not os.path.isdir(os.path.dirname(os.path.abspath(self.path))):
            return self._add(batches, fuzzy=fuzzy, dry_run=dry_run)
        with locked(self.path):
            return self._add(batches, fuzzy=fuzzy, dry_run=dry_run)

    def _add(self, batches: Iterable[tuple[str, Sequence[Segment], frozenset[str]]], *,
             fuzzy: bool, dry_run: bool) -> ImportReport:
        """``add`` itself, run with the lock held."""
        self.refresh()
        db = self._connect()
        known: dict[tuple[str, str], dict[str, int]] = {}
        first_target: dict[tuple[str, str], str] = {}
        for ctx, source, target in db.execute("SELECT ctx, source, target FROM entries ORDER BY id"):
            context, _alt = split_context(ctx)
            alts = known.setdefault((context, source), {})
            alts.setdefault(target, len(alts) + 1)
            first_target.setdefault((context, source), target)
        report = ImportReport()
        new: list[tuple[str, str, str, bool, tuple[Reference, ...]]] = []
        rendered: list[str] = []
        for label, segments, fuzzy_ids in batches:
            added_here = dup_here = 0
            for seg in segments:
                report.read += 1
                if seg.source is None or not seg.source.text.strip() or not seg.target.text.strip():
                    report.empty += 1
                    continue
                source, target = seg.source.text.strip(), seg.target.text.strip()
                context = split_context(seg.context)[0] if seg.context else ""
                alts = known.setdefault((context, source), {})
                if target in alts:
                    report.duplicates += 1
                    dup_here += 1
                    continue
                alt = len(alts) + 1
                alts[target] = alt
                where = seg.source.position(0)[0]
                if alt > 1:
                    report.conflicts.append((source, first_target[(context, source)], target, f"{label}:{where}"))
                else:
                    first_target[(context, source)] = target
                refs: tuple[Reference, ...] = (Reference(label, where),)
                is_fuzzy = fuzzy or seg.id in fuzzy_ids
                new.append((_join_context(context, alt) or "", source, target, is_fuzzy, refs))
                added_here += 1
            report.files.append((label, added_here, dup_here))
        report.added = len(new)
        if dry_run or not new:
            return report
        src_index = self.index("source")
        start = len(src_index)
        child = self._start_child(src_index, [n[1] for n in new])
        try:
            for ctx, source, target, is_fuzzy, refs in new:
                rendered.append(render_memory_entry(source, target, msgctxt=ctx or None,
                                                    flags=("fuzzy",) if is_fuzzy else (), references=refs))
            before = _stat_key(self.path) if self.exists else ""
            size, lines = append_entries(self.path, rendered, header=memory_header(self.lang))
        except BaseException:
            if child is not None:
                child[0].shutdown(cancel_futures=True)
            raise
        if before != (self._meta("stat") or "") or os.stat(self.path).st_size != size:
            # someone else wrote the memory meanwhile: let the next reader rebuild the index
            if child is not None:
                child[0].shutdown(cancel_futures=True)
            self._set_meta(stat="", sha256="-")
            db.commit()
            self._indexes.clear()
            self._fresh = False
            return report
        # extend the index in place: the appended entries are ours, their lines known
        rows = []
        line = lines
        for k, ((ctx, source, target, is_fuzzy, refs), text) in enumerate(zip(new, rendered)):
            line += 1  # the blank line before the entry
            msgid_at = 0 if text.startswith("msgid ") else text.count("\n", 0, text.find("\nmsgid ") + 1)
            rows.append((start + k, ctx, source, target, int(is_fuzzy), _refs_text(refs), line + msgid_at + 1))
            line += text.count("\n")
        db.executemany("INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        blobs = None
        if child is not None:
            try:
                blobs = child[1].result()
            except Exception:  # noqa: BLE001 - a failed helper process: build here instead
                blobs = None
            finally:
                child[0].shutdown()
        if blobs is not None:
            db.executemany("INSERT OR REPLACE INTO blobs VALUES (?, ?)", blobs)
            self._indexes.pop("source", None)
        else:
            for r in rows:
                src_index.add(r[2])
            self._save_index("source")
        if "target" in self._indexes:
            for r in rows:
                self._indexes["target"].add(r[3])
            self._save_index("target")
        else:
            db.execute("DELETE FROM blobs WHERE name LIKE 'target.%'")
        self._set_meta(stat=_stat_key(self.path), sha256=_sha256(self.path), count=str(start + len(rows)))
        db.commit()
        return report


def check_groups(entries: Iterable[MemoryEntry]) -> tuple[list[list[MemoryEntry]], list[list[MemoryEntry]]]:
    """Groups of entries with the same source (spacing and case ignored) but different
    translations, and with the same translation but different sources."""
    by_source: dict[str, list[MemoryEntry]] = {}
    by_target: dict[str, list[MemoryEntry]] = {}
    for e in entries:
        by_source.setdefault(normalize(e.source), []).append(e)
        by_target.setdefault(" ".join(e.target.split()), []).append(e)
    conflicts = [g for g in by_source.values() if len({" ".join(e.target.split()) for e in g}) > 1]
    shared = [g for g in by_target.values() if len({normalize(e.source) for e in g}) > 1]
    return conflicts, shared


def require(path: str) -> None:
    """DataError when the memory file does not exist."""
    if not os.path.isfile(path):
        raise DataError(path, None, "no such memory file (import something first: glossary tm import FILE)")


# --------------------------------------------------------------------------- glossary checks


def term_checker(glossary_paths: Sequence[str], *, builtin: bool, source_lang: str, target_lang: str,
                 cwd: Path, codes: frozenset[str] | None = None, country: str = "") -> Checker:
    """A ``lint.Checker`` for the term base in force (the GL1xx rules, or ``codes``)."""
    from glossary.lint import build_checker
    from glossary.matcher import load_index
    from glossary.rules import TERM_RULES
    from glossary.rules.facts import Settings
    from glossary.runner import cache_dir, locale_lang
    from glossary.termbase import load_termbase

    termbase = load_termbase(glossary_paths, builtin=builtin, lang=locale_lang(source_lang, target_lang), cwd=cwd)
    concepts = termbase.concepts
    folder = cache_dir()
    indexes = {lang: load_index(concepts, lang, folder) for lang in {source_lang, target_lang}}
    if codes is None:
        codes = frozenset(r.code for r in TERM_RULES if r.code.startswith("GL1"))
    return build_checker(concepts, indexes, Settings(source_lang, target_lang, country), codes)


def memory_segments(path: str, *, source_lang: str = "en", target_lang: str = "es") -> list[Segment]:
    """The memory's entries as segments pointing at their msgid/msgstr lines."""
    from glossary.model import Anchor, Side

    out = []
    for u in live_units(path):
        tgt = Side(u.msgstr, target_lang, u.msgstr_anchors or (Anchor(0, u.line + 1, 1),))
        src = Side(u.msgid, source_lang, u.msgid_anchors or (Anchor(0, u.line, 1),))
        out.append(Segment(path, tgt, src, u.msgid, split_context(u.msgctxt)[0]))
    return out


def check_memory(path: str, *, checker: Checker | None, codes: frozenset[str], lang: str = "es") -> list[Finding]:
    """Findings for a memory: GL201 (a source translated differently; a translation shared
    by different sources, as info) and, with a ``checker``, the GL1xx rules over every entry."""
    from glossary.model import Finding, Severity
    from glossary.rules import info

    findings: list[Finding] = []
    units = list(live_units(path))
    entries = [_entry_from_unit(i, u) for i, u in enumerate(units)]
    if "GL201" in codes:
        rule = info("GL201")
        conflicts, shared = check_groups(entries)
        for group in conflicts:
            first = group[0]
            for e in group[1:]:
                if " ".join(e.target.split()) == " ".join(first.target.split()):
                    continue
                findings.append(Finding(path, e.line, 1, e.line, 1, rule.code, rule.name, rule.severity,
                                        f"'{_short(e.source)}' is translated '{_short(e.target)}' here but "
                                        f"'{_short(first.target)}' at line {first.line}",
                                        found=e.target, expected=first.target))
        for group in shared:
            first = group[0]
            for e in group[1:]:
                if normalize(e.source) == normalize(first.source):
                    continue
                findings.append(Finding(path, e.line, 1, e.line, 1, rule.code, rule.name, Severity.INFO,
                                        f"'{_short(e.target)}' also translates a different source at line "
                                        f"{first.line}: '{_short(e.source)}' here, '{_short(first.source)}' there",
                                        found=e.source, expected=first.source))
    if checker is not None:
        segs = memory_segments(path, target_lang=lang)
        findings.extend(checker.check(path, segs).findings)
    findings.sort(key=Finding.sort_key)
    return findings


def _short(text: str, width: int = 60) -> str:
    one = " ".join(text.split())
    return one if len(one) <= width else one[: width - 1] + "\u2026"
