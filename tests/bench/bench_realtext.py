"""Precision and recall of ``glossary check`` on real published texts (tests/eval/).

Every text in tests/eval/texts/ is checked the way a desk checks it: a pair against its
original in the direction it was translated (``--source-lang``/``--target-lang`` from the
manifest), a monolingual text with no options at all. Each finding is looked up in
tests/eval/judgements.jsonl, where a person judged it ``true`` (a real problem), ``style``
(house style: defensible either way) or ``false`` (a false alarm, with a category). The
real errors found by reading the texts are in tests/eval/*-errors.jsonl; seeded errors (one
per line, of every rule) are in tests/eval/seeds.jsonl and are applied to copies.

    python tests/bench/bench_realtext.py              # the table
    python tests/bench/bench_realtext.py --unjudged   # findings nobody judged yet (JSON lines)
    python tests/bench/bench_realtext.py --check      # exit 1 when a target is missed

Targets (issue 12): precision >= 90%, seeded recall >= 95%, real-error recall >= 80%, and
the seed pair clean.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EVAL = REPO / "tests" / "eval"
TEXTS = EVAL / "texts"
MODES = ("pair", "mono es", "mono en")
TARGETS = {"precision": 0.90, "seeded": 0.95, "real": 0.80}


@dataclass
class Text:
    id: str
    mode: str
    files: tuple[str, ...]
    source_lang: str = ""
    target_lang: str = ""
    meta: dict[str, object] = field(default_factory=dict)

    @property
    def checked(self) -> str:
        """The file findings point at (the translation of a pair)."""
        return self.files[-1]


def load_texts() -> list[Text]:
    out = []
    for manifest in sorted(EVAL.glob("*.jsonl")):
        if manifest.name.endswith("-errors.jsonl") or manifest.stem in ("judgements", "seeds"):
            continue
        for line in manifest.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            m = json.loads(line)
            if m["mode"] == "pair":
                src, tgt = ("en", "es") if m.get("direction", "en-es") == "en-es" else ("es", "en")
                out.append(Text(m["id"], "pair", (f"{m['id']}.{src}.txt", f"{m['id']}.{tgt}.txt"), src, tgt, m))
            else:
                out.append(Text(m["id"], f"mono {m['lang']}", (f"{m['id']}.{m['lang']}.txt",), meta=m))
    return out


def _jsonl(name: str) -> list[dict[str, object]]:
    out = []
    for p in sorted(EVAL.glob(name)):
        out += [json.loads(x) for x in p.read_text(encoding="utf-8").splitlines() if x.strip()]
    return out


def run(text: Text, folder: Path, cache: str) -> list[dict[str, object]]:
    """The findings of one text, as ``glossary check --format json`` reports them."""
    cmd = [sys.executable, "-m", "glossary", "check", "--format", "json", "--exit-zero"]
    if text.mode == "pair":
        cmd += ["--source-lang", text.source_lang, "--target-lang", text.target_lang,
                "--pair", text.files[0], text.files[1]]
    else:
        cmd += [text.files[0]]
    env = dict(os.environ, GLOSSARY_CACHE_DIR=cache)
    done = subprocess.run(cmd, cwd=folder, capture_output=True, text=True, env=env)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{text.id}: glossary check failed: {done.stderr.strip()}")
    return list(json.loads(done.stdout)["findings"])


def key(f: dict[str, object]) -> tuple[str, int, str, str]:
    return (str(f["path"]), int(f["line"]), str(f["code"]), str(f["found"]))  # type: ignore[call-overload]


def overlaps(f: dict[str, object], line: int, text: str, span: str) -> bool:
    """Whether finding ``f`` points at ``span`` on ``line`` (a whole-segment finding covers
    the line)."""
    if int(f["line"]) != line:  # type: ignore[call-overload]
        return False
    start = text.find(span) + 1
    if start == 0:
        return True
    end = start + len(span)
    return int(f["column"]) < end and start < int(f["end_column"])  # type: ignore[call-overload]


def seeded_copy(text: Text, seeds: list[dict[str, object]], into: Path) -> list[tuple[dict[str, object], str]]:
    """Copy the text's files into ``into`` with its seeds applied; (seed, new line) pairs."""
    applied = []
    for name in text.files:
        lines = (TEXTS / name).read_text(encoding="utf-8").split("\n")
        for s in seeds:
            if s["file"] != name:
                continue
            i = int(s["line"]) - 1  # type: ignore[call-overload]
            old = lines[i]
            if str(s["find"]) not in old:
                raise SystemExit(f"seed {s}: {s['find']!r} is not on line {s['line']} of {name}")
            lines[i] = old.replace(str(s["find"]), str(s["replace"]), 1)
            applied.append((s, lines[i]))
        (into / name).write_text("\n".join(lines), encoding="utf-8")
    return applied


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--unjudged", action="store_true", help="print unjudged findings as JSON lines")
    ap.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    ap.add_argument("--verbose", "-v", action="store_true", help="list every finding with its verdict")
    args = ap.parse_args()

    texts = load_texts()
    judged = {(str(j["file"]), int(j["line"]), str(j["code"]), str(j["found"])): j  # type: ignore[call-overload]
              for j in _jsonl("judgements.jsonl")}
    errors = _jsonl("*-errors.jsonl")
    seeds = _jsonl("seeds.jsonl")
    cache = tempfile.mkdtemp(prefix="glossary-bench-")
    rows: dict[str, Counter[str]] = {m: Counter() for m in MODES}
    categories: dict[str, Counter[str]] = {m: Counter() for m in MODES}
    unjudged: list[dict[str, object]] = []
    try:
        for t in texts:
            row = rows[t.mode]
            row["texts"] += 1
            row["lines"] += sum(1 for x in (TEXTS / t.checked).read_text(encoding="utf-8").split("\n") if x.strip())
            found = run(t, TEXTS, cache)
            for f in found:
                row["findings"] += 1
                j = judged.get(key(f))
                verdict = str(j["verdict"]) if j else "unjudged"
                row[verdict] += 1
                if verdict == "false":
                    categories[t.mode][str(j.get("category", "other")) if j else "other"] += 1
                if j is None:
                    unjudged.append({"file": f["path"], "line": f["line"], "code": f["code"], "found": f["found"],
                                     "message": f["message"], "verdict": "", "category": "", "why": ""})
                if args.verbose:
                    print(f"{verdict:8} {f['path']}:{f['line']}:{f['column']}: {f['code']} {f['message']}")
            text_of = {n: (TEXTS / n).read_text(encoding="utf-8").split("\n") for n in t.files}
            for e in errors:
                if e["file"] in t.files and (t.mode != "pair" or e["file"] == t.checked):
                    row["real"] += 1
                    line = int(e["line"])  # type: ignore[call-overload]
                    hit = any(f["path"] == e["file"] and overlaps(f, line, text_of[str(e["file"])][line - 1], str(e["span"]))
                              for f in found)
                    row["real found"] += hit
                    if args.verbose and not hit:
                        print(f"MISSED   {e['file']}:{e['line']}: {e['span']!r}: {e['problem']}")
            mine = [s for s in seeds if s["file"] in t.files]
            if mine:
                with tempfile.TemporaryDirectory() as tmp:
                    applied = seeded_copy(t, mine, Path(tmp))
                    found = run(t, Path(tmp), cache)
                for s, new_line in applied:
                    row["seeded"] += 1
                    line = int(s["line"])  # type: ignore[call-overload]
                    hit = any(f["path"] == s["file"] and overlaps(f, line, new_line, str(s["replace"])) for f in found)
                    row["seeded found"] += hit
                    if args.verbose and not hit:
                        print(f"SEED MISSED {s['file']}:{s['line']}: {s['replace']!r} ({s['code']})")
    finally:
        shutil.rmtree(cache, ignore_errors=True)

    if args.unjudged:
        for u in unjudged:
            print(json.dumps(u, ensure_ascii=False))
        return 0

    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:.0f}%" if b else "-"

    print("| mode | texts | lines | findings | per 1k lines | true | style | false | unjudged | precision "
          "| real errors found | seeded found |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    total: Counter[str] = Counter()
    for mode in MODES:
        r = rows[mode]
        total.update(r)
        judged_n = r["true"] + r["style"] + r["false"]
        print(f"| {mode} | {r['texts']} | {r['lines']} | {r['findings']} | {1000 * r['findings'] / max(r['lines'], 1):.0f} "
              f"| {r['true']} | {r['style']} | {r['false']} | {r['unjudged']} | {pct(r['true'], judged_n)} "
              f"| {r['real found']}/{r['real']} ({pct(r['real found'], r['real'])}) "
              f"| {r['seeded found']}/{r['seeded']} ({pct(r['seeded found'], r['seeded'])}) |")
    judged_n = total["true"] + total["style"] + total["false"]
    print(f"| all | {total['texts']} | {total['lines']} | {total['findings']} | "
          f"{1000 * total['findings'] / max(total['lines'], 1):.0f} | {total['true']} | {total['style']} | {total['false']} "
          f"| {total['unjudged']} | {pct(total['true'], judged_n)} | {total['real found']}/{total['real']} "
          f"({pct(total['real found'], total['real'])}) | {total['seeded found']}/{total['seeded']} "
          f"({pct(total['seeded found'], total['seeded'])}) |")
    for mode in MODES:
        if categories[mode]:
            print(f"false alarms, {mode}: " + ", ".join(f"{k} {v}" for k, v in categories[mode].most_common()))
    precision = total["true"] / judged_n if judged_n else 1.0
    real = total["real found"] / total["real"] if total["real"] else 1.0
    seeded = total["seeded found"] / total["seeded"] if total["seeded"] else 1.0
    ok = (precision >= TARGETS["precision"] and real >= TARGETS["real"] and seeded >= TARGETS["seeded"]
          and not total["unjudged"])
    print(f"precision {precision:.1%} (target {TARGETS['precision']:.0%}), real-error recall {real:.1%} "
          f"(target {TARGETS['real']:.0%}), seeded recall {seeded:.1%} (target {TARGETS['seeded']:.0%})"
          + ("" if not total["unjudged"] else f"; {total['unjudged']} finding(s) not judged yet"))
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    raise SystemExit(main())
