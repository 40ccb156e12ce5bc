"""Precision and recall of ``glossary suggest`` on the seed pair and a held-out pair.

Run from the repository root::

    python tests/bench/eval_suggest.py [--threshold 0.5] [--verbose]

Gold lists are ``tests/data/discovery/{seed,heldout}.gold.tsv``: an English term, a tab,
and its Spanish counterpart as written in the aligned text (alternatives separated by
`` | ``). A suggestion is correct when its English term is in the gold list and its Spanish
text equals one of the alternatives (case-insensitively, accents kept). Gold terms the term
base in use already translates are left out of the gold list for that setting (suggest
does not propose what is known), and so are known names marked do-not-translate.

* precision: correct suggestions / all suggestions at or above the threshold (extraction
  noise counts against it);
* aligned precision: correct / suggestions whose English term is in the gold list;
* recall: correct / gold terms.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from glossary.documents import read_pair  # noqa: E402
from glossary.matcher import TermIndex  # noqa: E402
from glossary.model import Concept  # noqa: E402
from glossary.po import read_catalog  # noqa: E402
from glossary.suggest import suggest  # noqa: E402

DATA = REPO / "tests" / "data" / "discovery"
SEED = ("seeds/000_f4d848ffd231b71b.txt", "seeds/000_f4d848ffd231b71b.es.txt", DATA / "seed.gold.tsv")
HELDOUT = ("tests/data/discovery/heldout.en.txt", "tests/data/discovery/heldout.es.txt", DATA / "heldout.gold.tsv")


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def read_gold(path: Path) -> dict[str, set[str]]:
    """English term (normalised) -> accepted Spanish texts (normalised)."""
    gold: dict[str, set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        en, es = line.split("\t")
        gold[_norm(en)] = {_norm(x) for x in es.split(" | ")}
    return gold


def _translated(concepts: tuple[Concept, ...], term: str) -> bool:
    """True when ``term`` as a whole is a form of a concept that has a Spanish form."""
    index = TermIndex.build(concepts, "en")
    ms = index.scan(term)
    if len(ms) != 1 or ms[0].start != 0 or ms[0].end != len(term):
        return False
    by_id = {c.id: c for c in concepts}
    return any(
        by_id[c.concept_id].preferred("es") is not None or by_id[c.concept_id].do_not_translate
        for c in ms[0].candidates if c.concept_id in by_id
    )


def evaluate(pair: tuple[str, str, Path], concepts: tuple[Concept, ...], threshold: float,
             verbose: bool) -> tuple[int, int, int, int, int]:
    """(suggestions, on gold terms, correct, gold size, errors) for one setting."""
    src, tgt, gold_path = pair
    gold = read_gold(gold_path)
    if concepts:
        gold = {k: v for k, v in gold.items() if not _translated(concepts, k)}
    segments = read_pair(str(REPO / src), str(REPO / tgt))
    got = [s for s in suggest(segments, concepts) if s.confidence >= threshold]
    on_gold = [s for s in got if _norm(s.source) in gold]
    correct = [s for s in on_gold if _norm(s.target) in gold[_norm(s.source)]]
    if verbose:
        for s in got:
            mark = "ok " if s in correct else ("BAD" if s in on_gold else "---")
            print(f"  {mark} {s.confidence:.2f} {s.source!r} -> {s.target!r}")
        found = {_norm(s.source) for s in correct}
        for k in gold:
            if k not in found:
                print(f"  MISSED {k!r}")
    return len(got), len(on_gold), len(correct), len(gold), len(on_gold) - len(correct)


def main() -> None:
    """Print the table of the README."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    po = read_catalog(REPO / "locales" / "es" / "glossary.po").concepts
    english_only = tuple(replace(c, forms=tuple(f for f in c.forms if f.lang == "en")) for c in po)
    settings = [
        ("seed pair", "none", SEED, ()),
        ("seed pair", "English template only", SEED, english_only),
        ("held-out pair", "none", HELDOUT, ()),
        ("held-out pair", "seed term base (es)", HELDOUT, po),
    ]
    print(f"threshold {args.threshold}")
    print("| pair | term base | suggestions | precision | aligned precision | recall |")
    print("|---|---|---:|---:|---:|---:|")
    for name, tb, pair, concepts in settings:
        if args.verbose:
            print(f"{name} / {tb}:")
        n, on_gold, ok, g, _bad = evaluate(pair, concepts, args.threshold, args.verbose)
        p = ok / n if n else 0.0
        ap_ = ok / on_gold if on_gold else 0.0
        r = ok / g if g else 0.0
        print(f"| {name} | {tb} | {n} | {p:.2f} ({ok}/{n}) | {ap_:.2f} ({ok}/{on_gold}) | {r:.2f} ({ok}/{g}) |")


if __name__ == "__main__":
    main()
