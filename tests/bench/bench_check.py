"""Benchmark `glossary check` end to end against grep, in the same run.

Not a test (pytest does not collect it). Run:

    python tests/bench/bench_check.py [--mb 50] [--concepts 10000] [--acronyms short|long] [--workdir DIR]

It generates a term base of N concepts (PO), a line-aligned English/Spanish corpus of at
least MB megabytes per side with terms in it (some rendered wrongly), then times, reporting
wall and CPU seconds (the machine may be shared: CPU seconds are the steadier figure):

- `glossary check --pair` on the corpus, in one process and with `--jobs 2`;
- `glossary check --jobs 2` on the same Spanish side split into 8 monolingual files;
- `LC_ALL=C grep -F -i -o -f FORMS` over both sides (English forms over English, Spanish
  forms over Spanish): the baseline the goal is stated against (within 3x);
- `grep -F -i -w -o -f FORMS` in a UTF-8 locale, the nearest whole-word equivalent;
- start-up: `glossary check` on a one-line file (median of 7 runs, warm index cache), with
  the generated term base and with the built-in one.

``--acronyms short`` (the default) gives each concept an acronym of 2 to 5 letters, as real
agencies have (SRE, INM, DHS, SEGOB); ``long`` gives the six-letter ``XABCDE`` acronyms of
earlier runs, which let grep skip ahead much further (it then runs about 3x faster).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS_EN = ("the of and to in a is that for on with as was by at from this be are it an "
            "government cooperation security migration meeting officials agreed border policy "
            "report public national bilateral dialogue country trade support program federal "
            "regional agency office team plan review budget law court rights press week year").split()
WORDS_ES = ("el la de y a en que los las por con para se del al es un una como fue sobre "
            "gobierno cooperación seguridad migración reunión funcionarios acordaron frontera "
            "política informe público nacional bilateral diálogo país comercio apoyo programa "
            "federal regional agencia oficina equipo plan revisión presupuesto ley corte derechos").split()
HEADS = [("Secretariat", "Secretaría"), ("Institute", "Instituto"), ("Commission", "Comisión"),
         ("Office", "Oficina"), ("Council", "Consejo"), ("Agency", "Agencia")]
TOPICS = [("Health", "Salud"), ("Energy", "Energía"), ("Labor", "Trabajo"), ("Culture", "Cultura"),
          ("Tourism", "Turismo"), ("Economy", "Economía"), ("Education", "Educación"), ("Water", "Agua"),
          ("Transport", "Transporte"), ("Housing", "Vivienda"), ("Science", "Ciencia"), ("Defense", "Defensa")]


def _acronyms(n: int, rng: random.Random, style: str) -> list[str]:
    """n distinct acronyms: 2-5 capitals ("short", like real agencies' and not colliding with
    the corpus' own words), or X + five letters ("long")."""
    if style == "long":
        return ["X" + "".join(chr(ord("A") + int(d)) for d in f"{i:05d}") for i in range(n)]
    words = {w.upper() for w in WORDS_EN + WORDS_ES}
    seen: set[str] = set()
    out = []
    letters = "ABCDEFGHIJKLMNOPRSTUV"
    while len(out) < n:
        size = rng.choice((2, 3, 3, 3, 4, 4, 5))
        acr = "".join(rng.choice(letters) for _ in range(size))
        if acr not in seen and acr not in words:
            seen.add(acr)
            out.append(acr)
    return out


def make_concepts(n: int, rng: random.Random, acronyms: str = "short") -> list[tuple[str, str, str, str, str]]:
    """(id, english, spanish, forbidden spanish, acronym) for n distinct synthetic bodies."""
    out = []
    for i, acr in enumerate(_acronyms(n, rng, acronyms)):
        he, hs = HEADS[i % len(HEADS)]
        te, ts = TOPICS[(i // len(HEADS)) % len(TOPICS)]
        tag = f"{i:05d}"
        code = "".join(chr(ord("a") + int(d)) for d in tag)
        en = f"{he} of {te} {code.capitalize()}"
        es = f"{hs} de {ts} {code.capitalize()}"
        bad = f"Ministerio de {ts} {code.capitalize()}"
        out.append((f"bench-{tag}", en, es, bad, acr))
    return out


def write_po(path: Path, concepts: list[tuple[str, str, str, str, str]]) -> None:
    lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', '"Language: es\\n"', ""]
    for cid, en, es, bad, acr in concepts:
        lines += ["#. type: government-body", f"#. en-acronym: {acr}", f"# es-forbidden: {bad}",
                  f"# es-acronym: {acr}",
                  f'msgctxt "{cid}"', f'msgid "{en}"', f'msgstr "{es}"', ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def _sentence(words: list[str]) -> str:
    """The words as a sentence: first letter capital, the terms' own capitals kept."""
    text = " ".join(words)
    return text[:1].upper() + text[1:] + ".\n"


def make_corpus(src: Path, tgt: Path, mb: float, concepts: list[tuple[str, str, str, str, str]],
                rng: random.Random) -> None:
    limit = int(mb * 1024 * 1024)
    size = 0
    with src.open("w", encoding="utf-8") as fs, tgt.open("w", encoding="utf-8") as ft:
        while size < limit:
            n = rng.randint(12, 24)
            en = [rng.choice(WORDS_EN) for _ in range(n)]
            es = [rng.choice(WORDS_ES) for _ in range(n)]
            if rng.random() < 0.5:
                _, cen, ces, cbad, acr = rng.choice(concepts)
                pos = rng.randint(0, n)
                en.insert(pos, cen)
                es.insert(pos, cbad if rng.random() < 0.05 else ces)
                if rng.random() < 0.3:
                    en.append(f"({acr})")
                    es.append(f"({acr})")
            line_en = _sentence(en)
            line_es = _sentence(es)
            fs.write(line_en)
            ft.write(line_es)
            size += min(len(line_en.encode()), len(line_es.encode()))  # both sides reach MB


def timed(cmd: list[str], env: dict[str, str] | None = None, out: Path | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child). Output goes to a file: GNU grep stops at the
    first match when its output is /dev/null, which would time nothing."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    target = out or Path(tempfile.gettempdir()) / "glossary-bench.out"
    with open(target, "wb") as fh:
        proc = subprocess.run(cmd, env=env, stdout=fh, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        sys.exit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr.decode(errors='replace')}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=50.0, help="corpus size per side in MB")
    ap.add_argument("--concepts", type=int, default=10_000)
    ap.add_argument("--acronyms", choices=("short", "long"), default="short",
                    help="short: 2-5 letters, like real agencies; long: XABCDE, as in earlier runs")
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--w-mb", type=float, default=0.5,
                    help="MB per side on which the slow grep -w baseline is timed and scaled up")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="glossary-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    glossary_exe = shutil.which("glossary") or sys.exit("glossary is not installed (pip install .)")

    concepts = make_concepts(args.concepts, rng, args.acronyms)
    po = work / "bench.po"
    write_po(po, concepts)
    src, tgt = work / "corpus.en.txt", work / "corpus.es.txt"
    stamp = work / "corpus.stamp"
    made_for = f"2 {args.mb} {args.concepts} {args.acronyms} {args.seed}\n"  # 2: the generator's version
    if not (src.exists() and tgt.exists() and stamp.exists() and stamp.read_text() == made_for):
        make_corpus(src, tgt, args.mb, concepts, rng)
        stamp.write_text(made_for)
        shutil.rmtree(work / "split", ignore_errors=True)
    forms_en, forms_es = work / "forms.en", work / "forms.es"
    forms_en.write_text("".join(f"{c[1]}\n{c[4]}\n" for c in concepts), encoding="utf-8")
    forms_es.write_text("".join(f"{c[2]}\n{c[3]}\n{c[4]}\n" for c in concepts), encoding="utf-8")
    split_dir = work / "split"
    if not split_dir.exists():
        split_dir.mkdir()
        lines = tgt.read_text(encoding="utf-8").splitlines(keepends=True)
        step = len(lines) // 8 + 1
        for k in range(8):
            (split_dir / f"part{k}.es.txt").write_text("".join(lines[k * step:(k + 1) * step]), encoding="utf-8")
    mb_total = (src.stat().st_size + tgt.stat().st_size) / 1e6
    env = dict(os.environ, GLOSSARY_CACHE_DIR=str(work / "cache"))
    common = [glossary_exe, "check", "--no-builtin", "--glossary", str(po), "--format", "json",
              "--output", str(work / "report.json")]

    print(f"corpus: {src.stat().st_size / 1e6:.1f} MB en + {tgt.stat().st_size / 1e6:.1f} MB es; "
          f"{len(concepts)} concepts ({args.acronyms} acronyms), {3 * len(concepts)} Spanish forms; "
          f"work dir {work}; {os.cpu_count()} CPUs")
    # Warm the index cache once so the timing below is the check, not the first compile.
    one = work / "one.es.txt"
    one.write_text("La Secretaría de Salud Aaaaa informó.\n", encoding="utf-8")
    t_compile, _ = timed(common + [str(one)], env)
    print(f"first run (compiles and caches the index): {t_compile:.2f} s")

    c_env = dict(os.environ, LC_ALL="C")
    u_env = dict(os.environ, LC_ALL="C.UTF-8")
    pair = ["--pair", str(src), str(tgt)]
    runs = {
        "glossary check --pair (1 process)": (common + pair, mb_total),
        "glossary check --pair --jobs 2": (common + pair + ["--jobs", "2"], mb_total),
        "glossary check --jobs 2 (Spanish side in 8 files)": (
            common + ["--jobs", "2", "--lang", "es", str(split_dir)], tgt.stat().st_size / 1e6),
    }
    rows = []
    for name, (cmd, mb) in runs.items():
        wall, cpu = timed(cmd, env)
        rows.append((name, wall, cpu, mb))
    w1, c1 = timed(["grep", "-F", "-i", "-o", "-f", str(forms_en), str(src)], c_env)
    w2, c2 = timed(["grep", "-F", "-i", "-o", "-f", str(forms_es), str(tgt)], c_env)
    grep = ("LC_ALL=C grep -F -i -o -f FORMS (both sides)", w1 + w2, c1 + c2, mb_total)
    # grep -w in a UTF-8 locale takes minutes per MB with this many forms: time it on the first
    # --w-mb megabytes of each side and scale linearly (said so in the row's name).
    s_src, s_tgt = work / "sample.en.txt", work / "sample.es.txt"
    for whole, part in ((src, s_src), (tgt, s_tgt)):
        with whole.open("rb") as fh:
            part.write_bytes(fh.read(int(args.w_mb * 1e6)).rsplit(b"\n", 1)[0] + b"\n")
    w1, c1 = timed(["grep", "-F", "-i", "-w", "-o", "-f", str(forms_en), str(s_src)], u_env)
    w2, c2 = timed(["grep", "-F", "-i", "-w", "-o", "-f", str(forms_es), str(s_tgt)], u_env)
    scale = mb_total / ((s_src.stat().st_size + s_tgt.stat().st_size) / 1e6)
    grep_w = (f"LC_ALL=C.UTF-8 grep -F -i -w -o (timed on {args.w_mb:g} MB/side, scaled)",
              (w1 + w2) * scale, (c1 + c2) * scale, mb_total)
    starts = sorted(timed(common + [str(one)], env)[0] for _ in range(7))
    builtin = [glossary_exe, "check", "--format", "json", "--output", str(work / "report-builtin.json"), str(one)]
    timed(builtin, env)  # compiles and caches the built-in term base's index
    starts_builtin = sorted(timed(builtin, env)[0] for _ in range(7))

    # ratios are per MB, so the 8-file run (one side only) compares fairly
    g_wall, g_cpu = grep[1] / grep[3], grep[2] / grep[3]
    print(f"{'what':62} {'wall s':>7} {'CPU s':>8} {'MB/s wall':>9} {'wall÷grep':>9} {'CPU÷grep':>8}")
    for name, wall, cpu, mb in rows + [grep, grep_w]:
        print(f"{name:62} {wall:7.2f} {cpu:8.2f} {mb / wall:9.1f} {wall / mb / g_wall:9.2f} {cpu / mb / g_cpu:8.2f}")
    one_proc, two_procs = rows[0], rows[1]
    print(f"start-up: glossary check on a one-line file, median of 7: {statistics.median(starts):.3f} s "
          f"(min {starts[0]:.3f} s) with the {len(concepts)} concepts; "
          f"{statistics.median(starts_builtin):.3f} s (min {starts_builtin[0]:.3f} s) with the built-in term base; "
          f"goal < 0.3 s")
    print(f"check --pair ÷ grep -F -i -o: wall {one_proc[1] / grep[1]:.2f} (1 process), "
          f"{two_procs[1] / grep[1]:.2f} (--jobs 2); CPU {one_proc[2] / grep[2]:.2f} (goal: within 3)")
    print(f"grep -F -i -w in UTF-8 ÷ check --pair (1 process), wall: {grep_w[1] / one_proc[1]:.0f} "
          f"(goal: check faster, > 1)")


if __name__ == "__main__":
    main()
