"""Input documents to segments: format detection, dispatch to a reader, folder walking.

Every reader returns ``Segment``s whose sides carry anchors to the right line and column
of the original file. Formats: PO/POT, XLIFF 1.2/2.x (SDLXLIFF included), TMX 1.1/1.4,
two-column TSV/CSV, plain text, Markdown, and line-aligned pairs of text files.
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
import stat
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from glossary.errors import DataError, UsageError
from glossary.model import Segment
from glossary.files import read_bytes
from glossary.readers.common import norm_lang, text_from_bytes

FORMATS: tuple[str, ...] = ("po", "pot", "xliff", "tmx", "tsv", "csv", "text", "markdown")
"""Names accepted by ``--format`` for input documents."""

EXTENSIONS: dict[str, str] = {
    ".po": "po",
    ".pot": "pot",
    ".xlf": "xliff",
    ".xliff": "xliff",
    ".sdlxliff": "xliff",
    ".mqxliff": "xliff",
    ".mxliff": "xliff",
    ".tmx": "tmx",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".csv": "csv",
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
}
"""File name extensions (lower case) and the format each means."""

_ALIASES = {"xlf": "xliff", "sdlxliff": "xliff", "txt": "text", "md": "markdown", "tab": "tsv"}
_NAME_LANG = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{2,8})?$")
_NAME_LANGS = frozenset("en es fr de it pt ca gl eu nl ru zh ja ko ar".split())
STDIN = "-"
"""The path that means standard input."""
STDIN_LABEL = "<stdin>"
"""How segments read from standard input name their path."""


def detect_format(path: str) -> str:
    """The format of ``path`` from its extension; unknown ones raise ``DataError``."""
    suffix = Path(path).suffix.lower()
    fmt = EXTENSIONS.get(suffix)
    if fmt is None:
        shown = f"'{suffix}'" if suffix else "(no extension)"
        raise DataError(path, None, f"unknown file type {shown} (use --input-format {'|'.join(FORMATS)})")
    return fmt


def _normal_format(fmt: str) -> str:
    name = fmt.strip().lower()
    name = _ALIASES.get(name, name)
    if name not in FORMATS:
        raise UsageError(f"unknown input format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return name


def lang_from_name(path: str, *, source_lang: str = "en", target_lang: str = "es") -> str | None:
    """The language named by a ``.xx.`` part before the extension (``notes.es.txt``), or None.

    Also accepts a region (``README.es-MX.md``) and reports the primary subtag.
    """
    suffixes = Path(path).suffixes
    if len(suffixes) < 2:
        return None
    m = _NAME_LANG.match(suffixes[-2][1:])
    if not m:
        return None
    lang = m.group(1).lower()
    return lang if lang in _NAME_LANGS | {norm_lang(source_lang), norm_lang(target_lang)} else None


def document_lang(path: str, lang: str | None, *, source_lang: str = "en", target_lang: str = "es") -> str:
    """Language of a monolingual document: from its file name, else ``lang``, else ``DataError``."""
    found = lang_from_name(path, source_lang=source_lang, target_lang=target_lang) if path != STDIN_LABEL else None
    if found:
        return found
    if lang:
        return norm_lang(lang)
    raise DataError(path, None, f"cannot tell the language of {path}; use --lang")


def read_document(
    path: str,
    *,
    source_lang: str = "en",
    target_lang: str = "es",
    lang: str | None = None,
    fmt: str | None = None,
    stdin_text: str | None = None,
    positions: bool = True,
) -> list[Segment]:
    """Segments of one input file (``-`` is standard input, given as ``stdin_text``).

    ``fmt`` overrides the extension (standard input defaults to text). Bilingual formats
    give source/target pairs; languages written in the file (XLIFF, PO ``Language:``,
    TSV headers) win over ``source_lang``/``target_lang``. Text and Markdown are
    monolingual (``source`` None) in the language from the file name or ``lang``.

    ``positions=False`` is the lean mode for bulk reading (the translation memory): same
    segments (texts, languages, ids, contexts, suppressions) and same errors, but each side
    gets one anchor at its first line instead of one per position, and XML is streamed
    (TMX) or not scanned for exact columns (XLIFF). ``glossary check`` keeps the default.
    """
    if positions:
        return _read_document(path, source_lang, target_lang, lang, fmt, stdin_text, True)
    with _gc_paused():
        return _read_document(path, source_lang, target_lang, lang, fmt, stdin_text, False)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector meanwhile: bulk reading makes millions of acyclic
    objects, and collections that walk them all would take more time than the reading."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read_document(
    path: str,
    source_lang: str,
    target_lang: str,
    lang: str | None,
    fmt: str | None,
    stdin_text: str | None,
    positions: bool,
) -> list[Segment]:
    slang, tlang = norm_lang(source_lang) or "en", norm_lang(target_lang) or "es"
    if path == STDIN:
        label = STDIN_LABEL
        name = _normal_format(fmt) if fmt else "text"
        if stdin_text is None:
            raise DataError(label, None, "no text on standard input")
        data = stdin_text.encode("utf-8")
    else:
        label = path
        name = _normal_format(fmt) if fmt else detect_format(path)
        data = b"" if name in ("po", "pot") else read_bytes(path)
    if name in ("po", "pot"):
        return _read_po(path, label, data, template=name == "pot", source_lang=slang, target_lang=tlang)
    if name == "xliff":
        from glossary.readers.xliff import read_xliff

        return read_xliff(label, data, source_lang=slang, target_lang=tlang, positions=positions)
    if name == "tmx":
        from glossary.readers.tmx import read_tmx

        # TMX variants are picked by language: keep a region the caller asked for (en-GB)
        return read_tmx(label, data, source_lang=source_lang or slang, target_lang=target_lang or tlang,
                        positions=positions)
    text = text_from_bytes(data, label)
    if name in ("tsv", "csv"):
        from glossary.readers.tabular_docs import read_tabular

        return read_tabular(label, text, delimiter="\t" if name == "tsv" else ",", source_lang=slang,
                            target_lang=tlang, positions=positions)
    doc_lang = document_lang(label, lang, source_lang=slang, target_lang=tlang)
    if name == "markdown":
        from glossary.readers.markdown import read_markdown

        return read_markdown(label, text, doc_lang)
    from glossary.readers.text import read_text

    return read_text(label, text, doc_lang)


def _read_po(path: str, label: str, data: bytes, *, template: bool, source_lang: str, target_lang: str) -> list[Segment]:
    from glossary.readers.po_docs import read_po

    if path != STDIN:
        return read_po(path, template=template, source_lang=source_lang, target_lang=target_lang)
    # the PO parser reads files: spool standard input to a private temporary file.
    fd, tmp = tempfile.mkstemp(suffix=".pot" if template else ".po")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        try:
            segments = read_po(tmp, template=template, source_lang=source_lang, target_lang=target_lang)
        except DataError as exc:
            raise DataError(label, exc.line, exc.message) from None
    finally:
        os.unlink(tmp)
    return [
        Segment(label, s.target, s.source, s.id, s.context, s.suppressions) for s in segments
    ]


def _pair_texts(source_path: str, target_path: str) -> tuple[str, str]:
    return (text_from_bytes(read_bytes(source_path), source_path),
            text_from_bytes(read_bytes(target_path), target_path))


def read_pair_lines(source_path: str, target_path: str) -> tuple[list[str], list[str]]:
    """The lines of two line-aligned plain text files; a different number of lines raises
    ``DataError``. ``glossary.lint.Checker.check_lines`` checks them without first making a
    segment of every line."""
    from glossary.readers.pair import pair_lines

    source_text, target_text = _pair_texts(source_path, target_path)
    return pair_lines(source_path, source_text, target_path, target_text)


def read_pair(
    source_path: str, target_path: str, *, source_lang: str = "en", target_lang: str = "es", positions: bool = True
) -> list[Segment]:
    """Segments of two line-aligned plain text files (line N translates line N).

    Segments carry ``target_path``; a different number of lines raises ``DataError``.
    ``positions`` is accepted for symmetry with ``read_document``: a line is one anchor
    either way, so both modes give the same segments.
    """
    from glossary.readers.pair import read_pair as _read

    source_text, target_text = _pair_texts(source_path, target_path)
    return _read(source_path, source_text, target_path, target_text,
                 source_lang=norm_lang(source_lang) or "en", target_lang=norm_lang(target_lang) or "es")


def _git_ignored(folder: Path, files: list[Path]) -> set[Path]:
    """The subset of ``files`` that git ignores, asked in one ``git check-ignore`` call."""
    if not files:
        return set()
    try:
        inside = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--is-inside-work-tree"],
            capture_output=True,
            text=True,
            timeout=30,
        )
        if inside.returncode != 0 or inside.stdout.strip() != "true":
            return set()
        payload = "\0".join(str(f) for f in files) + "\0"
        result = subprocess.run(
            ["git", "-C", str(folder), "check-ignore", "--stdin", "-z"],
            input=payload.encode("utf-8", "surrogateescape"),
            capture_output=True,
            timeout=120,
        )
    except (OSError, subprocess.SubprocessError):
        return set()
    if result.returncode not in (0, 1):
        return set()
    names = result.stdout.decode("utf-8", "surrogateescape").split("\0")
    ignored: set[Path] = set()
    for name in names:
        if name:
            p = Path(name)
            ignored.add(p if p.is_absolute() else folder / p)
    return ignored


def _walk(folder: Path) -> list[Path]:
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            if Path(name).suffix.lower() in EXTENSIONS:
                try:
                    mode = os.lstat(os.path.join(root, name)).st_mode
                except OSError:
                    continue
                if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
                    continue  # a pipe, socket or device: reading it could block or never end
                found.append(Path(root) / name)
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def iter_inputs(paths: Sequence[str], *, cwd: Path) -> list[str]:
    """Expand the input arguments into the files to read, in order, without duplicates.

    Files named explicitly (and ``-``) are always taken. Folders are walked recursively:
    hidden files and folders (``.git`` among them) are skipped, only known extensions are
    kept, and inside a git work tree the files git ignores are left out (one
    ``git check-ignore`` call per folder). A path that does not exist raises ``DataError``.
    """
    out: list[str] = []
    seen: set[str] = set()

    def take(shown: str, real: Path) -> None:
        key = os.path.normcase(os.path.abspath(real))
        if key not in seen:
            seen.add(key)
            out.append(shown)

    for arg in paths:
        if arg == STDIN:
            if STDIN not in seen:
                seen.add(STDIN)
                out.append(STDIN)
            continue
        real = Path(arg) if Path(arg).is_absolute() else cwd / arg
        if real.is_dir():
            files = _walk(real)
            ignored = _git_ignored(real, [_resolved(f) for f in files])
            for f in files:
                if _resolved(f) in ignored:
                    continue
                take(os.path.normpath(os.path.join(arg, os.path.relpath(f, real))), f)
        elif real.exists() or real.is_symlink():  # a symlink loop is reported by the reader
            take(arg, real)
        else:
            raise DataError(arg, None, "no such file or folder")
    return out


def _resolved(path: Path) -> Path:
    """``path.resolve()``, or its absolute form when a symlink loop stops resolution."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))
