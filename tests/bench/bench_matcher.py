"""Benchmark of TermIndex.scan against ``LC_ALL=C grep -F -i -o -f FORMS`` (not a test).

Run:  python tests/bench/bench_matcher.py [--mb 20] [--sizes 1000,10000,100000]

Generates a text of realistic-looking English prose with accented words, curly quotes and
term occurrences, and glossaries of 1k, 10k and 100k forms (titles, bodies, acronyms); the
occurrences come from the forms all glossaries share, so every run finds the same terms.
Prints MB/s for the scan and for grep over the same text, their ratio, and 1k-vs-100k.
Speeds are per CPU second (process time of the scan, rusage of the grep child), so that a
busy shared machine disturbs the comparison less.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from glossary.matcher import TermIndex, load_index  # noqa: E402
from glossary.model import Concept, Status, TermForm  # noqa: E402

COMMON = (
    "the of and to in a is that for on with as by at from was were be this are it an which "
    "have has had not but or its their they both countries government meeting security "
    "migration cooperation bilateral president discussed respect sovereignty rights human "
    "mutual trust responsibility shared principle framework dialogue relations national "
    "federal agency office department ministry secretary director general commissioner "
    "embassy border customs protection enforcement public citizen institute report policy "
    "said would will also after during between within without under over more most other"
).split()
ACCENTED = "Rodríguez Velázquez García Muñoz Yáñez Félix Ramón Álvarez Céspedes Salomón Chargé".split()
HEADS = ["Secretary", "Undersecretary", "Director General", "Commissioner", "Chief", "Deputy Director",
         "Minister", "Ambassador", "Attaché", "Advisor", "Coordinator", "Head"]
BODIES = ["Department", "Ministry", "Office", "Institute", "Agency", "Commission", "Council", "Bureau"]
SYL = ("ba be bi bo bu ca ce co da de di do fa fe ga go la le li lo ma me mi mo na ne ni no pa pe po "
       "ra re ri ro sa se si so ta te ti to va ve vi za zo").split()


def pseudo_words(rng: random.Random, n: int) -> list[str]:
    """n distinct capitalised pseudo-words."""
    out: set[str] = set()
    while len(out) < n:
        w = "".join(rng.choice(SYL) for _ in range(rng.randint(2, 4)))
        out.add(w.capitalize() + rng.choice(["", "", "n", "s", "l", "r"]))
    return sorted(out)


def glossary_forms(n: int, names: list[str], rng: random.Random) -> list[str]:
    """n distinct term forms: titles, bodies, acronyms (the first 1000 are the same for every n)."""
    forms: list[str] = []
    seen: set[str] = set()
    while len(forms) < n:
        r = rng.random()
        a, b = rng.choice(names), rng.choice(names)
        if r < 0.45:
            f = f"{rng.choice(HEADS)} of {a} {b}"
        elif r < 0.8:
            f = f"{rng.choice(BODIES)} of {a} and {b}"
        elif r < 0.9:
            f = f"{a} {b} {rng.choice(BODIES)}"
        else:
            f = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(rng.randint(3, 6)))
        if f.lower() not in seen:
            seen.add(f.lower())
            forms.append(f)
    return forms


def make_text(mb: float, names: list[str], occurrences: list[str], rng: random.Random) -> str:
    """About ``mb`` million characters of sentences with a term every ~150 characters."""
    target = int(mb * 1_000_000)
    parts: list[str] = []
    size = 0
    while size < target:
        words = []
        for _ in range(rng.randint(8, 30)):
            r = rng.random()
            if r < 0.06:
                words.append(rng.choice(occurrences))
            elif r < 0.10:
                words.append(rng.choice(ACCENTED))
            elif r < 0.25:
                words.append(rng.choice(names))
            else:
                words.append(rng.choice(COMMON))
        s = " ".join(words)
        r = rng.random()
        if r < 0.1:
            s = f"“{s}”"
        elif r < 0.2:
            s = s.replace(" ", ", ", 1)
        s = s[0].upper() + s[1:] + rng.choice([". ", ". ", ". ", "; ", "? ", ".\n"])
        parts.append(s)
        size += len(s)
    return "".join(parts)


def concepts_for(forms: list[str]) -> list[Concept]:
    """One concept per form (acronym forms flagged as acronyms)."""
    out = []
    for i, f in enumerate(forms):
        acr = f.isupper() and " " not in f
        status = Status.FORBIDDEN if i % 17 == 0 else Status.PREFERRED
        out.append(Concept(f"c{i}", "official-title" if f.split()[0] in HEADS else "government-body",
                           (TermForm(f, "en", status=status, acronym=acr),)))
    return out


def time_grep(forms_path: Path, text_path: Path) -> float | None:
    """CPU seconds (user + system) of LC_ALL=C grep -F -i -o -f FORMS TEXT (None without grep)."""
    grep = shutil.which("grep")
    if grep is None:
        return None
    env = dict(os.environ, LC_ALL="C")
    out_path = text_path.with_suffix(".grep")
    with open(out_path, "wb") as out:  # not /dev/null: GNU grep stops at the first match there
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([grep, "-F", "-i", "-o", "-f", str(forms_path), str(text_path)],
                       env=env, stdout=out, check=False)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    """Run the benchmark and print a table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=20.0)
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--cache", action="store_true", help="also time load_index from a warm cache")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rng = random.Random(20240601)
    names = pseudo_words(rng, 6000)
    all_forms = glossary_forms(max(sizes), names, random.Random(7))
    text = make_text(args.mb, names, all_forms[:1000], rng)
    data = text.encode("utf-8")
    mb = len(data) / 1e6
    print(f"text: {len(text):,} characters, {mb:.1f} MB UTF-8; python {sys.version.split()[0]}")
    results: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        text_path = Path(tmp) / "text.txt"
        text_path.write_bytes(data)
        print(f"{'forms':>8} {'keys':>8} {'build s':>8} {'matches':>9} {'scan MB/s':>10} "
              f"{'grep MB/s':>10} {'grep/scan':>9}")
        for n in sizes:
            forms = all_forms[:n]
            t0 = time.perf_counter()
            index = TermIndex.build(concepts_for(forms), "en")
            build = time.perf_counter() - t0
            index.scan(text[:100_000])  # warm caches (lazy sacremoses import, fold tables)
            best = float("inf")
            count = 0
            for _ in range(args.repeat):
                t0 = time.process_time()
                count = len(index.scan(text))
                best = min(best, time.process_time() - t0)
            forms_path = Path(tmp) / f"forms{n}.txt"
            forms_path.write_text("\n".join(forms) + "\n", encoding="utf-8")
            g = time_grep(forms_path, text_path)
            speed = mb / best
            results[n] = speed
            gs = f"{mb / g:10.1f}" if g else f"{'n/a':>10}"
            ratio = f"{(mb / g) / speed:9.2f}" if g else f"{'n/a':>9}"
            print(f"{n:>8} {len(index):>8} {build:>8.2f} {count:>9} {speed:>10.1f} {gs} {ratio}")
            if args.cache:
                concepts = concepts_for(forms)
                load_index(concepts, "en", Path(tmp) / "cache")
                t0 = time.perf_counter()
                load_index(concepts, "en", Path(tmp) / "cache")
                print(f"{'':>8} load_index from a warm cache: {time.perf_counter() - t0:.2f} s")
    if len(results) > 1:
        lo, hi = min(results), max(results)
        print(f"scan speed {lo} forms / {hi} forms: {results[lo] / results[hi]:.2f}x")


if __name__ == "__main__":
    main()
