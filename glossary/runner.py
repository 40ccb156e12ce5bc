"""The check pipeline at the edge: load the term base, read inputs, lint, gather findings.

This is where files are read and processes spread; the checking itself is ``lint``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from glossary.lint import Checker, FileResult, Usage, build_checker, consistency
from glossary.matcher import TermIndex, load_index
from glossary.model import Concept, Finding, Segment, Severity
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
    project: bool = False
    jobs: int = 1
    stdin_text: str | None = None
    cwd: str = "."


@dataclass(frozen=True, slots=True)
class CheckResult:
    """Sorted findings and how many files were checked."""

    findings: tuple[Finding, ...]
    files: int
    segments: int


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

    def __init__(self, concepts: Sequence[Concept]) -> None:
        self._concepts = concepts
        self._built: dict[str, TermIndex] = {}
        self._cache = cache_dir()

    def __getitem__(self, lang: str) -> TermIndex:
        if lang not in self._built:
            self._built[lang] = load_index(self._concepts, lang, self._cache)
        return self._built[lang]

    def __iter__(self) -> Iterator[str]:
        return iter(self._built)

    def __len__(self) -> int:
        return len(self._built)


def locale_lang(source_lang: str, target_lang: str) -> str:
    """The PO folder holding the pairs: the non-English side (``es`` both ways)."""
    return target_lang if source_lang == "en" else source_lang


def _checker(concepts: Sequence[Concept], req: CheckRequest) -> Checker:
    settings = Settings(req.source_lang, req.target_lang, req.country)
    return build_checker(concepts, _Indexes(concepts), settings, req.codes, req.severities)


def _read(path: str, req: CheckRequest) -> list[Segment]:
    from glossary.documents import read_document

    return read_document(path, source_lang=req.source_lang, target_lang=req.target_lang,
                         lang=req.lang, fmt=req.input_format,
                         stdin_text=req.stdin_text if path == "-" else None)


_WORKER: tuple[Checker, CheckRequest] | None = None


def _init_worker(concepts: Sequence[Concept], req: CheckRequest) -> None:
    global _WORKER
    _WORKER = (_checker(concepts, req), req)


def _check_in_worker(path: str) -> FileResult:
    assert _WORKER is not None
    checker, req = _WORKER
    return checker.check(path, _read(path, req))


def run_check(req: CheckRequest) -> CheckResult:
    """Run a whole check; raises ``GlossaryError`` for bad input, options or data."""
    from glossary.documents import iter_inputs, read_pair
    from glossary.termbase import load_termbase

    termbase = load_termbase(req.glossary_paths, builtin=req.builtin,
                             lang=locale_lang(req.source_lang, req.target_lang), cwd=Path(req.cwd))
    concepts = termbase.concepts
    results: list[FileResult] = []
    if req.pair is not None:
        checker = _checker(concepts, req)
        segments = read_pair(req.pair[0], req.pair[1], source_lang=req.source_lang, target_lang=req.target_lang)
        results.append(checker.check(req.pair[1], segments))
    paths = [p for p in req.paths if p == "-"] + iter_inputs([p for p in req.paths if p != "-"], cwd=Path(req.cwd))
    if paths and req.jobs > 1 and len(paths) > 1:
        with ProcessPoolExecutor(max_workers=req.jobs, initializer=_init_worker,
                                 initargs=(concepts, req)) as pool:
            results.extend(pool.map(_check_in_worker, paths, chunksize=max(1, len(paths) // (req.jobs * 4))))
    elif paths:
        checker = _checker(concepts, req)
        results.extend(checker.check(p, _read(p, req)) for p in paths)
    findings: list[Finding] = [f for r in results for f in r.findings]
    if "GL104" in req.codes:
        sev = req.severities.get("GL104")
        if req.project:
            findings.extend(consistency([u for r in results for u in r.usages], sev))
        else:
            for r in results:
                findings.extend(consistency(r.usages, sev))
    findings.sort(key=Finding.sort_key)
    return CheckResult(tuple(findings), len(results), sum(r.segments for r in results))


__all__ = ["CheckRequest", "CheckResult", "Usage", "cache_dir", "locale_lang", "run_check"]
