"""Project configuration: ``[tool.glossary]`` in ``pyproject.toml`` or a ``glossary.toml``.

The nearest configuration is found from the working folder upward (stopping after a git
root): in each folder a ``glossary.toml`` (keys at the top level) wins over a
``pyproject.toml`` holding a ``[tool.glossary]`` table; a ``pyproject.toml`` without one
is passed over. ``--config PATH`` names the file instead. Paths and globs in a file are
relative to the folder the file is in.

Every value keeps where it came from (``default``, the file, or ``command line``), which
``glossary config`` prints. Unknown keys and bad values raise ``ConfigError`` with the
file and the key, so a typo cannot silently turn a check off.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping

from glossary.errors import ConfigError, GlossaryError, UsageError
from glossary.model import Severity

__all__ = [
    "CONFIG_NAMES",
    "DEFAULT",
    "COMMAND_LINE",
    "KEYS",
    "Override",
    "Settings",
    "find_config",
    "glob_match",
    "describe",
    "load_settings",
    "parse_config",
]

CONFIG_NAMES: tuple[str, ...] = ("glossary.toml", ".glossary.toml", "pyproject.toml")
"""File names looked for in each folder, in order of preference."""

DEFAULT = "default"
"""Origin of a value nobody set."""

COMMAND_LINE = "command line"
"""Origin of a value given as an option."""

KEYS: dict[str, str] = {
    "glossary": "term base PO files or locales/ folders (list)",
    "builtin": "load the term base shipped with glossary (bool)",
    "source-lang": "language of the source side",
    "target-lang": "language of the target side",
    "lang": "language of monolingual files whose name has no .en./.es. part",
    "country": "document countries (MX, US; a list or 'MX,US'): narrow homographs; default: the countries the document names",
    "date": "the date office holders and names are judged on (YYYY-MM-DD); default: the document's dateline, else today",
    "include": "globs: only walked files matching one of these are checked (list)",
    "exclude": "globs: files matching one of these are never checked (list)",
    "select": "rules to run: codes, prefixes or names (list)",
    "ignore": "rules to skip (list)",
    "severity": "table: rule -> error | warning | info",
    "fail-on": "exit 1 at or above this severity: error | warning | info",
    "baseline": "baseline file: report only findings not recorded in it",
    "project": "check consistency (GL104) across all files together (bool)",
    "overrides": "array of tables: paths = [globs] with select / ignore / severity",
}
"""Every key ``[tool.glossary]`` accepts, with what it means."""

_OVERRIDE_KEYS = ("paths", "select", "ignore", "severity")
_SEVERITIES = tuple(s.value for s in Severity)
_LANG = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True, slots=True)
class Override:
    """Rule settings for the files matching ``paths`` (globs relative to ``root``).

    ``select`` (when not None) replaces the rules in force for those files, ``ignore``
    removes more, ``severity`` changes severities; later overrides win.
    """

    paths: tuple[str, ...]
    root: str
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    origin: str = ""


@dataclass(frozen=True, slots=True)
class Settings:
    """The settings in force for a run, and where each came from (``origins``)."""

    glossary: tuple[str, ...] = ()
    builtin: bool = True
    source_lang: str = "en"
    target_lang: str = "es"
    lang: str | None = None
    country: str = ""
    date: str = ""
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    fail_on: Severity = Severity.ERROR
    baseline: str | None = None
    project: bool = False
    overrides: tuple[Override, ...] = ()
    root: str = "."
    path: str | None = None
    origins: tuple[tuple[str, str], ...] = field(default=())

    def origin(self, key: str) -> str:
        """Where the value of ``key`` (a config key such as ``fail-on``) came from."""
        return dict(self.origins).get(key, DEFAULT)

    def with_options(self, **values: Any) -> "Settings":
        """A copy with the command-line ``values`` that were given (not None) in force.

        Keys are field names (``fail_on``); ``ignore`` adds to the configured list, every
        other value replaces it. Severities may be given as strings.
        """
        changes: dict[str, Any] = {}
        origins = dict(self.origins)
        for name, value in values.items():
            if value is None or (isinstance(value, tuple) and not value and name in ("select", "ignore", "glossary")):
                continue
            if name not in Settings.__dataclass_fields__ or name in ("origins", "root", "path"):
                raise TypeError(f"unknown setting {name!r}")
            if name == "fail_on":
                value = Severity(value)
            if name == "ignore":
                value = tuple(dict.fromkeys((*self.ignore, *value)))
            changes[name] = value
            origins[name.replace("_", "-")] = COMMAND_LINE
        return replace(self, **changes, origins=tuple(sorted(origins.items())))

    def _rel(self, path: str, cwd: str) -> str | None:
        return _rel_to(os.path.join(cwd, path), os.path.join(cwd, self.root))

    def wants(self, path: str, *, cwd: str = ".", walked: bool = True) -> bool:
        """Whether ``path`` is checked: not excluded, and (for files found by walking a
        folder) matching ``include`` when it is set."""
        rel = self._rel(path, cwd)
        name = os.path.basename(path)
        target = rel if rel is not None else name
        if any(glob_match(g, target) for g in self.exclude):
            return False
        if walked and self.include:
            return any(glob_match(g, target) for g in self.include)
        return True

    def rules_for(self, path: str, codes: frozenset[str], *, cwd: str = ".") -> tuple[frozenset[str], dict[str, Severity]]:
        """Rule codes and severity overrides in force for ``path``: ``codes`` (the run's
        selection) and ``severity``, changed by every matching override in order."""
        from glossary.rules import TERM_RULES, select_codes

        severities = dict(self.severity)
        if not self.overrides:
            return codes, severities
        for o in self.overrides:
            orel = _rel_to(os.path.join(cwd, path), o.root)
            target = orel if orel is not None else os.path.basename(path)
            if not any(glob_match(g, target) for g in o.paths):
                continue
            if o.select is not None:
                codes = select_codes(TERM_RULES, o.select)
            if o.ignore:
                codes = codes - select_codes(TERM_RULES, o.ignore)
            severities.update(o.severity)
        return codes, severities

    def all_codes(self, codes: frozenset[str]) -> frozenset[str]:
        """``codes`` plus every rule some override selects: what the checker must run."""
        from glossary.rules import TERM_RULES, select_codes

        out = set(codes)
        for o in self.overrides:
            if o.select is not None:
                out |= select_codes(TERM_RULES, o.select)
        return frozenset(out)

    def as_dict(self) -> dict[str, Any]:
        """The settings as plain values keyed like the configuration file."""
        return {
            "glossary": list(self.glossary),
            "builtin": self.builtin,
            "source-lang": self.source_lang,
            "target-lang": self.target_lang,
            "lang": self.lang,
            "country": self.country,
            "date": self.date,
            "include": list(self.include),
            "exclude": list(self.exclude),
            "select": list(self.select),
            "ignore": list(self.ignore),
            "severity": {k: v.value for k, v in self.severity},
            "fail-on": self.fail_on.value,
            "baseline": self.baseline,
            "project": self.project,
            "overrides": [
                {"paths": list(o.paths), "root": o.root,
                 **({"select": list(o.select)} if o.select is not None else {}),
                 **({"ignore": list(o.ignore)} if o.ignore else {}),
                 **({"severity": {k: v.value for k, v in o.severity}} if o.severity else {})}
                for o in self.overrides
            ],
        }


def _rel_to(full: str, root: str) -> str | None:
    rel = os.path.relpath(os.path.normpath(full), root).replace(os.sep, "/")
    return None if rel.startswith("../") or rel == ".." else rel


_GLOB_CACHE: dict[str, re.Pattern[str]] = {}


def _glob_regex(pattern: str) -> re.Pattern[str]:
    cached = _GLOB_CACHE.get(pattern)
    if cached is not None:
        return cached
    p = pattern.strip().replace("\\", "/")
    anchored = "/" in p.rstrip("/")
    p = p.lstrip("/") if p.startswith("/") else p
    if p.startswith("./"):
        p = p[2:]
    if p.endswith("/"):
        p += "**"
    out = []
    i = 0
    while i < len(p):
        c = p[i]
        if p.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif p.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            j = p.find("]", i + 1)
            if j < 0:
                out.append(re.escape(c))
                i += 1
            else:
                body = p[i + 1:j]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = j + 1
        else:
            out.append(re.escape(c))
            i += 1
    body = "".join(out)
    # an unanchored pattern ("*.tmx", "drafts") matches at any depth; a folder matches its contents
    regex = (f"^{body}(?:/.*)?$" if anchored else f"^(?:.*/)?{body}(?:/.*)?$")
    compiled = re.compile(regex)
    _GLOB_CACHE[pattern] = compiled
    return compiled


def glob_match(pattern: str, path: str) -> bool:
    """Whether a ``/``-separated relative ``path`` matches a gitignore-style glob.

    ``*`` and ``?`` stay inside one folder, ``**`` crosses folders, ``[abc]`` is a class.
    A pattern without ``/`` ("*.tmx", "drafts") matches at any depth; a pattern that
    names a folder matches everything under it.
    """
    path = path.replace(os.sep, "/")
    while path.startswith("./"):
        path = path[2:]
    return bool(_glob_regex(pattern).match(path))


def _has_table(path: Path) -> bool:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return True  # let load_settings report what is wrong with it
    return isinstance(data.get("tool"), dict) and "glossary" in data["tool"]


def find_config(start: Path) -> Path | None:
    """The nearest configuration file from ``start`` upward, stopping after a git root."""
    folder = start.resolve()
    while True:
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_table(candidate)):
                return candidate
        if (folder / ".git").exists() or folder.parent == folder:
            return None
        folder = folder.parent


def load_settings(config: str | os.PathLike[str] | None = None, *, cwd: Path | None = None) -> Settings:
    """The settings from ``config`` (a ``pyproject.toml`` or ``glossary.toml``), or from the
    nearest configuration file above ``cwd``, or the defaults when there is none."""
    base = Path(cwd) if cwd is not None else Path.cwd()
    if config is not None:
        path = Path(config)
        path = path if path.is_absolute() else base / path
        if not path.is_file():
            raise ConfigError(f"{config}: no such configuration file")
    else:
        found = find_config(base)
        if found is None:
            return Settings(root=str(base.resolve()))
        path = found
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("glossary", {}) if isinstance(tool, dict) else {}
        return parse_config(table, path, prefix="tool.glossary.")
    return parse_config(data, path, prefix="")


class _Reader:
    """Checks values one key at a time; every error names the file and the key."""

    def __init__(self, path: Path, prefix: str) -> None:
        self.path = path
        self.prefix = prefix

    def fail(self, key: str, message: str) -> ConfigError:
        """An error naming the file and ``key``."""
        return ConfigError(f"{self.path}: {self.prefix}{key}: {message}")

    def string(self, key: str, value: Any) -> str:
        """A non-empty string."""
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f"expected a non-empty string, got {_show(value)}")
        return value.strip()

    def boolean(self, key: str, value: Any) -> bool:
        """true or false."""
        if not isinstance(value, bool):
            raise self.fail(key, f"expected true or false, got {_show(value)}")
        return value

    def strings(self, key: str, value: Any, *, comma: bool = False) -> tuple[str, ...]:
        """A list of strings (or one string; split at commas with ``comma``)."""
        if isinstance(value, str):
            items = [v.strip() for v in value.split(",")] if comma else [value.strip()]
            return tuple(v for v in items if v)
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(key, f"expected a list of strings, got {_show(value)}")
        return tuple(v.strip() for v in value)

    def severity(self, key: str, value: Any) -> Severity:
        """error, warning or info."""
        if not isinstance(value, str) or value.strip().lower() not in _SEVERITIES:
            raise self.fail(key, f"expected one of {', '.join(_SEVERITIES)}, got {_show(value)}")
        return Severity(value.strip().lower())

    def rules(self, key: str, value: Any) -> tuple[str, ...]:
        """Rule codes, prefixes or names that name known rules."""
        from glossary.rules import TERM_RULES, select_codes

        tokens = self.strings(key, value, comma=True)
        try:
            select_codes(TERM_RULES, tokens)
        except GlossaryError as exc:
            raise self.fail(key, str(exc)) from None
        return tokens

    def severities(self, key: str, value: Any) -> tuple[tuple[str, Severity], ...]:
        """A table of rule = severity, expanded to codes."""
        from glossary.rules import TERM_RULES, select_codes

        if not isinstance(value, dict):
            raise self.fail(key, f"expected a table of rule = severity, got {_show(value)}")
        out: dict[str, Severity] = {}
        for rule, sev in value.items():
            try:
                codes = select_codes(TERM_RULES, [rule])
            except GlossaryError:
                raise self.fail(f"{key}.{rule}", "unknown rule (see `glossary rules`)") from None
            level = self.severity(f"{key}.{rule}", sev)
            for code in sorted(codes):
                out[code] = level
        return tuple(sorted(out.items()))


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    return f"{type(value).__name__} {value!r}"


def parse_config(table: Mapping[str, Any], path: Path, *, prefix: str = "tool.glossary.") -> Settings:
    """``Settings`` from a parsed ``[tool.glossary]`` (or ``glossary.toml``) table."""
    r = _Reader(path, prefix)
    root = path.resolve().parent
    values: dict[str, Any] = {}
    origin = str(path)
    for key, value in table.items():
        if key == "tool" and not prefix:
            raise r.fail(key, "a glossary.toml takes its keys at the top level, without [tool.glossary]")
        if key not in KEYS:
            close = [k for k in KEYS if k.replace("-", "_") == key or k.replace("-", "") == key.replace("_", "")]
            hint = f"; did you mean '{close[0]}'?" if close else f"; known keys: {', '.join(KEYS)}"
            raise r.fail(key, f"unknown key{hint}")
        if key == "glossary":
            values["glossary"] = tuple(str(root / p) for p in r.strings(key, value))
        elif key in ("builtin", "project"):
            values[key] = r.boolean(key, value)
        elif key in ("source-lang", "target-lang", "lang"):
            lang = r.string(key, value)
            if not _LANG.match(lang):
                raise r.fail(key, f"not a language code: {lang!r} (use en, es, es-MX)")
            values[key.replace("-", "_")] = lang.lower()
        elif key == "country":
            from glossary.countries import parse_countries

            given = r.strings(key, value, comma=True) if isinstance(value, list) else (r.string(key, value),)
            try:
                values["country"] = parse_countries(given, "country")
            except UsageError as exc:
                raise r.fail(key, str(exc).removeprefix("country: ")) from None
        elif key == "date":
            import datetime

            text = value.isoformat() if isinstance(value, datetime.date) else r.string(key, value)
            try:
                values["date"] = datetime.date.fromisoformat(text).isoformat()
            except ValueError:
                raise r.fail(key, f"not an ISO 8601 date: {text!r} (write YYYY-MM-DD)") from None
        elif key in ("include", "exclude"):
            values[key] = r.strings(key, value)
        elif key in ("select", "ignore"):
            values[key] = r.rules(key, value)
        elif key == "severity":
            values["severity"] = r.severities(key, value)
        elif key == "fail-on":
            values["fail_on"] = r.severity(key, value)
        elif key == "baseline":
            values["baseline"] = str(root / r.string(key, value))
        elif key == "overrides":
            values["overrides"] = _overrides(r, value, str(root), origin)
    if values.get("source_lang") and values.get("source_lang") == values.get("target_lang"):
        raise r.fail("target-lang", "is the same as source-lang")
    origins = tuple(sorted((k, origin) for k in table))
    return Settings(**values, root=str(root), path=str(path), origins=origins)


def _overrides(r: _Reader, value: Any, root: str, origin: str) -> tuple[Override, ...]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise r.fail("overrides", "expected an array of tables ([[tool.glossary.overrides]])")
    out = []
    for n, table in enumerate(value):
        key = f"overrides[{n}]"
        for k in table:
            if k not in _OVERRIDE_KEYS:
                raise r.fail(f"{key}.{k}", f"unknown key; an override takes {', '.join(_OVERRIDE_KEYS)}")
        if "paths" not in table:
            raise r.fail(f"{key}.paths", "missing: which files does this override apply to?")
        paths = r.strings(f"{key}.paths", table["paths"])
        if not paths:
            raise r.fail(f"{key}.paths", "is empty")
        out.append(Override(
            paths=paths,
            root=root,
            select=r.rules(f"{key}.select", table["select"]) if "select" in table else None,
            ignore=r.rules(f"{key}.ignore", table["ignore"]) if "ignore" in table else (),
            severity=r.severities(f"{key}.severity", table["severity"]) if "severity" in table else (),
            origin=origin,
        ))
    return tuple(out)


def describe(settings: Settings, fmt: str = "text") -> str:
    """The settings in force as text (``key = value  # origin``, TOML-like) or JSON."""
    import json

    values = settings.as_dict()
    if fmt == "json":
        return json.dumps({"config": settings.path, "root": settings.root,
                           "settings": {k: {"value": v, "origin": settings.origin(k)} for k, v in values.items()}},
                          indent=2, ensure_ascii=False) + "\n"
    lines = [f"# configuration: {settings.path or 'none found (defaults)'}"]
    width = max(len(k) for k in values)
    for key, value in values.items():
        if key == "overrides":
            continue
        shown = json.dumps(value, ensure_ascii=False)
        lines.append(f"{key:<{width}} = {shown:<40}  # {settings.origin(key)}")
    for o in settings.overrides:
        lines.append("")
        lines.append(f"[[overrides]]  # {o.origin}")
        lines.append(f"paths = {json.dumps(list(o.paths), ensure_ascii=False)}")
        if o.select is not None:
            lines.append(f"select = {json.dumps(list(o.select))}")
        if o.ignore:
            lines.append(f"ignore = {json.dumps(list(o.ignore))}")
        for code, sev in o.severity:
            lines.append(f"severity.{code} = {json.dumps(sev.value)}")
    return "\n".join(lines) + "\n"
