"""Findings rendered as text, JSON, SARIF 2.1.0 or GitHub workflow annotations. Pure."""

from __future__ import annotations

import json
from collections import Counter
from itertools import groupby
from typing import Sequence

from glossary import __version__
from glossary.model import Finding, Severity
from glossary.rules import RuleInfo

FORMATS = ("text", "json", "sarif", "github")
INFORMATION_URI = "https://pypi.org/project/glossary/"

_COLOURS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def summary(findings: Sequence[Finding], files: int) -> dict[str, int]:
    """Counts by severity, plus files checked."""
    counts = Counter(f.severity.value for f in findings)
    return {"files": files, "findings": len(findings), "error": counts["error"],
            "warning": counts["warning"], "info": counts["info"]}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def render_text(findings: Sequence[Finding], files: int, colour: bool = False) -> str:
    """``path:line:col: CODE [name] message`` lines grouped by file, then a summary line."""
    out: list[str] = []
    for path, group in groupby(findings, key=lambda f: f.path):
        if out:
            out.append("")
        if colour:
            out.append(f"{_BOLD}{path}{_RESET}")
        for f in group:
            if colour:
                sev = f"{_COLOURS[f.severity]}{f.code}{_RESET}"
                out.append(f"{f.path}:{f.line}:{f.column}: {sev} {_DIM}[{f.rule}]{_RESET} {f.message}")
            else:
                out.append(f"{f.path}:{f.line}:{f.column}: {f.code} [{f.rule}] {f.message}")
    s = summary(findings, files)
    if findings:
        parts = [_plural(s[k], k) for k in ("error", "warning", "info") if s[k]]
        n_paths = len({f.path for f in findings})
        tail = f"{', '.join(parts)} in {_plural(n_paths, 'file')} ({_plural(files, 'file')} checked)"
    else:
        tail = f"no findings ({_plural(files, 'file')} checked)"
    if out:
        out.append("")
    out.append(tail)
    return "\n".join(out) + "\n"


def finding_dict(f: Finding) -> dict[str, object]:
    """The JSON object of one finding (DESIGN §6; end_column is exclusive)."""
    return {"path": f.path, "line": f.line, "column": f.column, "end_line": f.end_line,
            "end_column": f.end_column, "code": f.code, "rule": f.rule, "severity": f.severity.value,
            "message": f.message, "term": f.term, "found": f.found, "expected": f.expected}


def render_json(findings: Sequence[Finding], files: int) -> str:
    """``{"version": 1, "findings": [...], "summary": {...}}``, one finding per line (written
    by json's C encoder: ``indent`` takes the pure-Python one, about 70 µs a finding)."""
    items = ",\n".join("    " + json.dumps(finding_dict(f), ensure_ascii=False) for f in findings)
    listed = f"[\n{items}\n  ]" if findings else "[]"
    return (f'{{\n  "version": 1,\n  "findings": {listed},\n'
            f'  "summary": {json.dumps(summary(findings, files), ensure_ascii=False)}\n}}\n')


_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render_sarif(findings: Sequence[Finding], rules: Sequence[RuleInfo]) -> str:
    """A SARIF 2.1.0 log with one run; rules carry their default level."""
    index = {r.code: i for i, r in enumerate(rules)}
    results = []
    for f in findings:
        result: dict[str, object] = {
            "ruleId": f.code,
            "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": f.path.replace("\\", "/")},
                "region": {"startLine": f.line, "startColumn": f.column,
                           "endLine": f.end_line, "endColumn": max(f.end_column, 1)},
            }}],
            "properties": {"term": f.term, "found": f.found, "expected": f.expected},
        }
        if f.code in index:
            result["ruleIndex"] = index[f.code]
        results.append(result)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "glossary",
                "version": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [{
                    "id": r.code,
                    "name": r.name,
                    "shortDescription": {"text": r.summary},
                    "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity]},
                } for r in rules],
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


_GH_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def render_github(findings: Sequence[Finding]) -> str:
    """GitHub Actions workflow commands (``::error file=…,line=…::message``)."""
    lines = []
    for f in findings:
        props = (f"file={_gh_escape(f.path, True)},line={f.line},col={f.column},"
                 f"endLine={f.end_line},endColumn={f.end_column},title={_gh_escape(f'{f.code} {f.rule}', True)}")
        lines.append(f"::{_GH_LEVEL[f.severity]} {props}::{_gh_escape(f.message)}")
    return "".join(line + "\n" for line in lines)


def render(fmt: str, findings: Sequence[Finding], files: int, rules: Sequence[RuleInfo],
           colour: bool = False) -> str:
    """Render ``findings`` in ``fmt`` (one of ``FORMATS``)."""
    if fmt == "json":
        return render_json(findings, files)
    if fmt == "sarif":
        return render_sarif(findings, rules)
    if fmt == "github":
        return render_github(findings)
    return render_text(findings, files, colour)
