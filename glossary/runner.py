"""The check pipeline at the edge: load the term base, read inputs, lint, gather findings.

This is where files are read and processes spread; the checking itself is ``lint``.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Sequence

from glossary.config import Settings as ConfigSettings
from glossary.fix import Edit, Unfixed
from glossary.lint import Checker, FileResult, Usage, build_checker, consistency
from glossary.errors import DataError, GlossaryError
from glossary.matcher import TermIndex, load_index
from glossary.model import Concept, Finding, Segment, Severity
from glossary.progress import NullProgress
from glossary.rules.facts import Settings


@dataclass(frozen=True, slots=True)
class CheckRequest:
    """Everything ``glossary check`` was asked to do."""

    paths: tuple[str, ...] = ()
    pair: tuple[str, str] | None = None
    source_lang: str = "en"
    target_lang: str = "es"
    lang: str | None = None
    input_format: str | None = None
    glossary_paths: tuple[str, ...] = ()
    builtin: bool = True
    codes: frozenset[str] = frozenset()
    severities: Mapping[str, Severity] = field(default_factory=dict)
    country: str = ""
    day: str = ""
    project: bool = False
    jobs: int = 1
    stdin_text: str | None = None
    cwd: str = "."
    config: ConfigSettings | None = None
    changed: str | None = None
    baseline: str | None = None
    write_baseline: str | None = None
    fix: bool = False
    diff: bool = False


@dataclass(frozen=True, slots=True)
class CheckResult:
    """Sorted findings and how many files were checked.

    With ``fix``/``diff``: ``fixed`` edits (made, or that would be made), ``left`` fixable
    findings that were not fixed and why, and the unified ``diff``. With a baseline:
    ``baselined`` findings hidden because they are recorded, ``stale`` recorded findings
    no longer seen; ``baseline_written`` counts what ``write_baseline`` recorded.
    """

    findings: tuple[Finding, ...]
    files: int
    segments: int
    fixed: tuple[Edit, ...] = ()
    left: tuple[Unfixed, ...] = ()
    diff: str = ""
    baselined: int = 0
    stale: int = 0
    baseline_written: int | None = None


def cache_dir() -> Path | None:
    """Where compiled term indexes are kept: ``$GLOSSARY_CACHE_DIR``, else the user cache."""
    env = os.environ.get("GLOSSARY_CACHE_DIR")
    if env == "":
        return None
    base = Path(env) if env else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "glossary"
    try:
        base.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return base if os.access(base, os.W_OK) else None


class _Indexes(Mapping[str, TermIndex]):
    """Term indexes built (or loaded from the cache) the first time a language is asked for."""

    def __init__(self, concepts: Sequence[Concept], content_key: str | None = None) -> None:
        self._concepts = concepts
        self._key = content_key
        self._built: dict[str, TermIndex] = {}
        self._cache = cache_dir()

    def __getitem__(self, lang: str) -> TermIndex:
        if lang not in self._built:
            self._built[lang] = load_index(self._concepts, lang, self._cache, self._key)
        return self._built[lang]

    def __iter__(self) -> Iterator[str]:
        return iter(self._built)

    def __len__(self) -> int:
        return len(self._built)


def locale_lang(source_lang: str, target_lang: str) -> str:
    """The PO folder holding the pairs: the non-English side (``es`` both ways)."""
    return target_lang if source_lang == "en" else source_lang


def _checker(concepts: Sequence[Concept], req: CheckRequest, key: str | None = None) -> Checker:
    settings = Settings(req.source_lang, req.target_lang, req.country, req.day)
    return build_checker(concepts, _Indexes(concepts, key), settings, req.codes, req.severities)


def _read(path: str, req: CheckRequest) -> list[Segment]:
    from glossary.documents import read_document

    return read_document(path, source_lang=req.source_lang, target_lang=req.target_lang,
                         lang=req.lang, fmt=req.input_format,
                         stdin_text=req.stdin_text if path == "-" else None)


_WORKER: tuple[Checker, CheckRequest] | None = None


def _init_worker(concepts: Sequence[Concept], req: CheckRequest, key: str | None) -> None:
    global _WORKER
    gc.disable()  # see _without_gc; a worker lives only as long as the check
    if _WORKER is None:  # a forked worker has the parent's checker, indexes loaded
        _WORKER = (_checker(concepts, req, key), req)


@contextlib.contextmanager
def _without_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while segments, matches and findings are made.

    They are acyclic (frozen records, lists, strings), so the collector finds nothing, but
    walking the millions of young objects took about a third of a large check's time.
    Reference counting still frees everything as usual."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _check_in_worker(path: str) -> FileResult:
    assert _WORKER is not None
    checker, req = _WORKER
    return checker.check(path, _read(path, req))


def _check_lines_in_worker(part: tuple[str, list[str], list[str], int, str, str, list[str]]) -> FileResult:
    assert _WORKER is not None
    return _WORKER[0].check_lines(*part)


PAIR_CHUNK_LINES = 20_000
"""With ``--jobs N``, a pair of at least twice this many lines is checked in up to 2N parts
spread over the processes; smaller pairs are not worth starting them for."""


def _line_chunks(n: int, jobs: int) -> list[tuple[int, int]]:
    """``[start, end)`` line ranges that split ``n`` lines for ``jobs`` processes."""
    if jobs < 2 or n < 2 * PAIR_CHUNK_LINES:
        return [(0, n)]
    parts = min(2 * jobs, n // PAIR_CHUNK_LINES)
    step = -(-n // parts)
    return [(a, min(a + step, n)) for a in range(0, n, step)]


def _merge(parts: list[FileResult]) -> FileResult:
    """One document's result from the results of its consecutive parts, in order."""
    out = FileResult(parts[0].path)
    for r in parts:
        out.segments += r.segments
        out.findings.extend(r.findings)
        out.usages.extend(r.usages)
    return out


def _check_pair(checker: Checker, req: CheckRequest, pool: Callable[[], ProcessPoolExecutor]) -> FileResult:
    """The ``--pair`` check; a large pair is cut into line ranges checked in parallel."""
    from glossary.documents import read_pair_lines
    from glossary.readers.common import norm_lang

    assert req.pair is not None
    source_path, target_path = req.pair
    sources, targets = read_pair_lines(source_path, target_path)
    s_lang, t_lang = norm_lang(req.source_lang) or "en", norm_lang(req.target_lang) or "es"
    chunks = _line_chunks(len(targets), req.jobs)
    if len(chunks) == 1:
        return checker.check_lines(target_path, sources, targets, 1, s_lang, t_lang)
    from glossary.lint import pair_head

    head = pair_head(sources, targets)  # every part is judged on the document's dateline
    parts = [(target_path, sources[a:b], targets[a:b], a + 1, s_lang, t_lang, head) for a, b in chunks]
    for lang in (s_lang, t_lang):
        _ = checker.indexes[lang]  # loaded once, before the workers fork
    futures = [pool().submit(_check_lines_in_worker, part) for part in parts[1:]]
    first = checker.check_lines(*parts[0])  # this process takes a part too
    return _merge([first] + [f.result() for f in futures])


def request_from_settings(settings: ConfigSettings, **options: object) -> CheckRequest:
    """A ``CheckRequest`` for ``settings`` (configuration and options merged) and the
    run's other ``options`` (``paths``, ``pair``, ``jobs``, ``fix``, ...)."""
    from glossary.rules import TERM_RULES, select_codes

    return CheckRequest(
        source_lang=settings.source_lang, target_lang=settings.target_lang, lang=settings.lang,
        glossary_paths=settings.glossary, builtin=settings.builtin,
        codes=select_codes(TERM_RULES, settings.select, settings.ignore),
        severities=dict(settings.severity), country=settings.country, day=settings.date,
        project=settings.project,
        config=settings, baseline=settings.baseline, **options,  # type: ignore[arg-type]
    )


def _inputs(req: CheckRequest) -> list[str]:
    """The files to check: the arguments expanded (or the changed files among them), less
    those the configuration excludes."""
    from glossary.documents import EXTENSIONS, iter_inputs

    cwd = Path(req.cwd)
    named = [p for p in req.paths if p != "-"]
    if req.changed is not None:
        from glossary.vcs import changed_files

        within = [os.path.normpath(os.path.join(req.cwd, p)) for p in (named or ["."])]
        files = []
        for c in changed_files(req.changed, cwd=cwd):
            full = os.path.normpath(os.path.join(req.cwd, c))
            if Path(c).suffix.lower() in EXTENSIONS and any(
                    full == w or full.startswith(w.rstrip(os.sep) + os.sep) for w in within):
                files.append(c)
        walked = set(files)
    else:
        files = iter_inputs(named, cwd=cwd)
        walked = set(files) - set(named)
    if req.config is not None:
        files = [f for f in files if req.config.wants(f, cwd=req.cwd, walked=f in walked)]
    return [p for p in req.paths if p == "-"] + files


def _check_all(concepts: Sequence[Concept], req: CheckRequest, paths: list[str],
               progress: NullProgress, key: str | None = None) -> list[FileResult]:
    results: list[FileResult] = []
    checker = _checker(concepts, req, key)
    progress.start(len(paths) + (1 if req.pair is not None else 0))
    with contextlib.ExitStack() as stack:
        started: list[ProcessPoolExecutor] = []

        def pool() -> ProcessPoolExecutor:
            """The worker processes, started the first time they are needed. Where they
            start by forking (Linux) they inherit this one's checker, term base and loaded
            indexes; where they are spawned, each loads them itself."""
            global _WORKER
            if not started:
                method = multiprocessing.get_start_method()
                _WORKER = (checker, req) if method == "fork" else None
                started.append(stack.enter_context(ProcessPoolExecutor(
                    max_workers=req.jobs, mp_context=multiprocessing.get_context(method),
                    initializer=_init_worker, initargs=(concepts, req, key))))
            return started[0]

        try:
            if req.pair is not None:
                results.append(_check_pair(checker, req, pool))
                progress.advance(req.pair[1])
            if paths and req.jobs > 1 and len(paths) > 1:
                for r in pool().map(_check_in_worker, paths, chunksize=max(1, len(paths) // (req.jobs * 4))):
                    results.append(r)
                    progress.advance(r.path)
            elif paths:
                for p in paths:
                    results.append(checker.check(p, _read(p, req)))
                    progress.advance(p)
        finally:
            progress.close()
    global _WORKER
    _WORKER = None  # the workers are gone; do not keep the checker alive for them
    return results


def _gather(results: list[FileResult], req: CheckRequest, base: frozenset[str]) -> list[Finding]:
    """All findings of a run (GL104 included), with per-path overrides applied to ``base``,
    the run's own rule selection."""
    findings: list[Finding] = [f for r in results for f in r.findings]
    if "GL104" in req.codes:
        sev = req.severities.get("GL104")
        if req.project:
            findings.extend(consistency([u for r in results for u in r.usages], sev))
        else:
            for r in results:
                findings.extend(consistency(r.usages, sev))
    return _per_path(findings, req, base)


def _per_path(findings: list[Finding], req: CheckRequest, base: frozenset[str]) -> list[Finding]:
    """Apply the configuration's per-path overrides (rules and severities) to findings."""
    settings = req.config
    if settings is None or not settings.overrides:
        return findings
    from glossary.rules import info

    cache: dict[str, tuple[frozenset[str], dict[str, Severity]]] = {}
    out = []
    for f in findings:
        if f.path not in cache:
            cache[f.path] = settings.rules_for(f.path, base, cwd=req.cwd)
        codes, sevs = cache[f.path]
        if f.code not in codes:
            continue
        sev = sevs.get(f.code, info(f.code).severity)
        out.append(f if f.severity is sev else replace(f, severity=sev))
    return out


def _segments_of(path: str, req: CheckRequest) -> list[Segment]:
    from glossary.documents import STDIN, STDIN_LABEL, read_pair

    try:
        if req.pair is not None and path == req.pair[1]:
            return read_pair(req.pair[0], req.pair[1], source_lang=req.source_lang, target_lang=req.target_lang)
        return _read(STDIN if path == STDIN_LABEL else path, req)
    except GlossaryError:
        return []


def _baseline(findings: list[Finding], req: CheckRequest) -> tuple[list[Finding], int, int, int | None]:
    """Write and/or apply the baseline: (findings kept, hidden, stale, written)."""
    from glossary import baseline as bl
    from glossary.writes import write_text_atomic

    target = req.write_baseline or req.baseline
    assert target is not None
    full = os.path.join(req.cwd, target)
    base = os.path.dirname(os.path.abspath(full))
    by_path: dict[str, list[Finding]] = {}
    for f in findings:
        by_path.setdefault(f.path, []).append(f)
    keyed: list[tuple[Finding, bl.Entry]] = []
    for path, group in by_path.items():
        locate = bl.SegmentLocator(_segments_of(path, req))  # one index per file, not a scan per finding
        for f in group:
            seg = locate.at(f.line, f.column)
            keyed.append((f, bl.entry_for(f, seg.target.text if seg else None, cwd=req.cwd, base=base)))
    if req.write_baseline:
        try:
            os.makedirs(base, exist_ok=True)
        except OSError as exc:
            raise DataError(target, None, f"cannot create its folder: {exc.strerror or exc}") from None
        write_text_atomic(full, bl.dump(e for _, e in keyed))
        return [], 0, 0, len(keyed)
    try:
        text = Path(full).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(target, None, "no such baseline file (write one with --write-baseline)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(target, None, f"cannot read baseline: {exc}") from None
    recorded = bl.load(text, target)
    new, stale = bl.filter_new(keyed, recorded)
    return new, len(findings) - len(new), stale, None


def run_check(req: CheckRequest, progress: NullProgress | None = None) -> CheckResult:
    """Run a whole check; raises ``GlossaryError`` for bad input, options or data.

    In order: choose the inputs (``changed``, include/exclude), check them (with a
    ``progress`` bar), apply per-path overrides, fix (``fix`` writes, ``diff`` only shows;
    after writing, the files are checked again), then write or apply the baseline.
    """
    with _without_gc():
        return _run_check(req, progress)


def _run_check(req: CheckRequest, progress: NullProgress | None) -> CheckResult:
    from glossary.termbase import load_termbase_cached

    progress = progress or NullProgress()
    termbase, key = load_termbase_cached(req.glossary_paths, builtin=req.builtin,
                                         lang=locale_lang(req.source_lang, req.target_lang),
                                         cwd=Path(req.cwd), cache_dir=cache_dir())
    concepts = termbase.concepts
    paths = _inputs(req)
    run_req = req if req.config is None else replace(req, codes=req.config.all_codes(req.codes))
    results = _check_all(concepts, run_req, paths, progress, key)
    findings = _gather(results, run_req, req.codes)
    fixed: tuple[Edit, ...] = ()
    left: tuple[Unfixed, ...] = ()
    diff = ""
    if req.fix or req.diff:
        from glossary.fix import plan_fixes
        from glossary.fixing import apply_fixes

        edits, unfixable = plan_fixes(findings, {c.id: c for c in concepts}, req.target_lang)
        outcome = apply_fixes(edits, cwd=req.cwd, write=req.fix, lang=req.target_lang)
        fixed, left, diff = outcome.fixed, tuple(unfixable) + outcome.left, outcome.diff
        if req.fix and outcome.files:
            results = _check_all(concepts, run_req, paths, NullProgress(), key)
            findings = _gather(results, run_req, req.codes)
    baselined = stale = 0
    written: int | None = None
    if req.write_baseline or req.baseline:
        findings, baselined, stale, written = _baseline(findings, req)
    findings.sort(key=Finding.sort_key)
    return CheckResult(tuple(findings), len(results), sum(r.segments for r in results),
                       fixed, left, diff, baselined, stale, written)


__all__ = ["CheckRequest", "CheckResult", "Usage", "cache_dir", "locale_lang", "request_from_settings", "run_check"]
