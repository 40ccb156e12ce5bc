"""Benchmark the translation memory: import, indexed lookup vs exhaustive scan, recall.

Not a test (pytest does not collect it). Run:

    python tests/bench/bench_memory.py [--sizes 10000,100000,1000000] [--queries 300]
                                       [--exhaustive-queries 200] [--workdir DIR]

For each size it generates a line-aligned English/Spanish corpus of synthetic but
realistic government/diplomatic sentences (templates, a Zipf-distributed vocabulary of
several thousand words, names, numbers and dates) written as TSV, then measures:

- import: ``Memory.add`` of all segments into an empty ``memory.po`` (reading the TSV is
  timed apart: ``read s`` with positions as ``glossary check`` reads, ``lean s`` with
  ``positions=False`` as ``tm import`` reads), which appends the PO entries and builds and
  saves the index;
- end to end: ``python -m glossary tm import`` of the TSV, and of the same corpus as TMX,
  into an empty memory, wall time of the whole process (``--no-e2e`` skips it);
- index load: opening the memory again in a fresh ``Memory`` (index read from the cache);
- lookups/s through the index (``MemoryIndex.lookup``, top 1, threshold 75) and through
  an exhaustive rapidfuzz scan with the same scorer (``MemoryIndex.scan``), same queries;
- recall: the share of queries whose best exhaustive score (when there is one >= 75) the
  index also reaches.

Queries are memory sentences edited the way new text differs from old (a word replaced,
dropped or added, a number or a name changed; 1-3 edits), plus 20% fresh sentences.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from glossary.documents import read_document  # noqa: E402
from glossary.tm_store import Memory  # noqa: E402

SUBJECTS = [("The Secretary of Foreign Affairs", "El secretario de Relaciones Exteriores"),
            ("The Minister of the Interior", "El ministro del Interior"),
            ("The ambassador", "La embajadora"), ("The delegation", "La delegación"),
            ("The Government of Mexico", "El Gobierno de México"), ("The committee", "El comité"),
            ("The President", "El presidente"), ("The spokesperson", "La portavoz"),
            ("The National Security Council", "El Consejo de Seguridad Nacional"),
            ("The working group", "El grupo de trabajo"), ("The consul general", "El cónsul general"),
            ("The Attorney General", "El fiscal general")]
VERBS = [("announced", "anunció"), ("reviewed", "revisó"), ("signed", "firmó"), ("discussed", "debatió"),
         ("approved", "aprobó"), ("presented", "presentó"), ("rejected", "rechazó"), ("welcomed", "acogió"),
         ("published", "publicó"), ("postponed", "aplazó"), ("supported", "apoyó"), ("examined", "examinó")]
OBJECTS = [("the bilateral agreement", "el acuerdo bilateral"), ("the annual report", "el informe anual"),
           ("a new migration policy", "una nueva política migratoria"), ("the trade protocol", "el protocolo comercial"),
           ("the security strategy", "la estrategia de seguridad"), ("the draft resolution", "el proyecto de resolución"),
           ("the budget proposal", "la propuesta de presupuesto"), ("the joint declaration", "la declaración conjunta"),
           ("the border cooperation plan", "el plan de cooperación fronteriza"),
           ("the human rights review", "el examen de derechos humanos")]
PLACES = [("in Mexico City", "en la Ciudad de México"), ("in Washington", "en Washington"),
          ("in Geneva", "en Ginebra"), ("at the United Nations", "en las Naciones Unidas"),
          ("in Madrid", "en Madrid"), ("in Bogotá", "en Bogotá"), ("in Brussels", "en Bruselas")]
MONTHS = [("January", "enero"), ("March", "marzo"), ("May", "mayo"), ("July", "julio"),
          ("September", "septiembre"), ("November", "noviembre")]
NAMES = ["García", "Smith", "López", "Johnson", "Martínez", "Brown", "Hernández", "Davis", "Ramírez", "Wilson"]
SYLL = ["ca", "lo", "mi", "ter", "pro", "sa", "ven", "dor", "ri", "na", "bel", "to", "fi", "gra", "mon", "tes"]


def _vocab(rng: random.Random, n: int) -> list[tuple[str, str]]:
    words = set()
    while len(words) < n:
        words.add("".join(rng.choice(SYLL) for _ in range(rng.randint(2, 4))))
    out = sorted(words)
    rng.shuffle(out)
    return [(w, w + "o") for w in out]


class Corpus:
    """Sentence pairs from templates plus Zipf-distributed topic words."""

    def __init__(self, seed: int = 7, vocab: int = 8000) -> None:
        self.rng = random.Random(seed)
        self.words = _vocab(self.rng, vocab)
        self.weights = [1.0 / (i + 1) for i in range(len(self.words))]
        self.cum = []
        total = 0.0
        for w in self.weights:
            total += w
            self.cum.append(total)

    def _topic(self, k: int) -> list[tuple[str, str]]:
        return self.rng.choices(self.words, cum_weights=self.cum, k=k)

    def pair(self) -> tuple[str, str]:
        r = self.rng
        s, v, o, p = r.choice(SUBJECTS), r.choice(VERBS), r.choice(OBJECTS), r.choice(PLACES)
        day, (m_en, m_es), year = r.randint(1, 28), r.choice(MONTHS), r.randint(1990, 2030)
        topic = self._topic(r.randint(2, 7))
        t_en = " ".join(a for a, _ in topic)
        t_es = " ".join(b for _, b in topic)
        kind = r.random()
        if kind < 0.4:
            return (f"{s[0]} {v[0]} {o[0]} on {t_en} {p[0]} on {day} {m_en} {year}.",
                    f"{s[1]} {v[1]} {o[1]} sobre {t_es} {p[1]} el {day} de {m_es} de {year}.")
        if kind < 0.7:
            name = r.choice(NAMES)
            n = r.randint(2, 900)
            return (f"According to Mr. {name}, {n} officials {v[0]} the {t_en} report {p[0]}.",
                    f"Según el señor {name}, {n} funcionarios {v[1]} el informe {t_es} {p[1]}.")
        return (f"{s[0]} said that {o[0]} on {t_en} will be {v[0]} before {m_en} {year}.",
                f"{s[1]} dijo que {o[1]} sobre {t_es} será {v[1]} antes de {m_es} de {year}.")

    def edit(self, text: str) -> str:
        """The sentence with 1-3 edits of the kinds new text differs from old."""
        r = self.rng
        words = text.split()
        for _ in range(r.randint(1, 3)):
            op = r.random()
            i = r.randrange(len(words))
            if op < 0.3:
                words[i] = self._topic(1)[0][0]
            elif op < 0.5 and len(words) > 4:
                del words[i]
            elif op < 0.7:
                words.insert(i, self._topic(1)[0][0])
            elif op < 0.85:
                nums = [k for k, w in enumerate(words) if w.strip(".,").isdigit()]
                if nums:
                    k = r.choice(nums)
                    words[k] = str(r.randint(1, 2030)) + ("." if words[k].endswith(".") else "")
            else:
                names = [k for k, w in enumerate(words) if w.strip(",") in NAMES]
                if names:
                    k = r.choice(names)
                    words[k] = r.choice(NAMES) + ("," if words[k].endswith(",") else "")
        return " ".join(words)


def _tsv(path: Path, pairs: list[tuple[str, str]]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("en\tes\n")
        for a, b in pairs:
            fh.write(f"{a}\t{b}\n")


def _tmx(path: Path, pairs: list[tuple[str, str]]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n<header creationtool="bench" '
                 'creationtoolversion="1" segtype="sentence" o-tmf="none" adminlang="en" srclang="en" '
                 'datatype="plaintext"/>\n<body>\n')
        for i, (a, b) in enumerate(pairs, start=1):
            fh.write(f'<tu tuid="{i}">\n<tuv xml:lang="en"><seg>{escape(a)}</seg></tuv>\n'
                     f'<tuv xml:lang="es"><seg>{escape(b)}</seg></tuv>\n</tu>\n')
        fh.write("</body>\n</tmx>\n")


def _e2e(corpus: Path, workdir: Path) -> float:
    """Wall time of ``glossary tm import CORPUS`` into an empty memory, in a fresh process."""
    mem = workdir / f"e2e-{corpus.stem}-{corpus.suffix[1:]}.po"
    if mem.exists():
        mem.unlink()
    env = dict(os.environ, GLOSSARY_CACHE_DIR=str(workdir / "e2e-cache"))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).resolve().parents[2]),
                                                      env.get("PYTHONPATH")]))
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "glossary", "tm", "import", str(corpus), "--memory", str(mem)],
                   env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def run(size: int, queries: int, exhaustive_queries: int, workdir: Path, e2e: bool = True) -> dict[str, float]:
    corpus = Corpus(seed=size)
    pairs = [corpus.pair() for _ in range(size)]
    tsv = workdir / f"corpus-{size}.tsv"
    _tsv(tsv, pairs)
    mem_path = workdir / f"memory-{size}.po"
    if mem_path.exists():
        mem_path.unlink()
    t0 = time.perf_counter()
    segs = read_document(str(tsv))
    t_read = time.perf_counter() - t0
    del segs
    t0 = time.perf_counter()
    segs = read_document(str(tsv), positions=False)
    t_lean = time.perf_counter() - t0
    t0 = time.perf_counter()
    with Memory(mem_path, cache=str(workdir / f"index-{size}.sqlite")) as mem:
        report = mem.add([(tsv.name, segs, frozenset())])
    t_import = time.perf_counter() - t0
    del segs
    t0 = time.perf_counter()
    mem = Memory(mem_path, cache=str(workdir / f"index-{size}.sqlite"))
    index = mem.index("source")
    t_load = time.perf_counter() - t0
    rng = random.Random(size + 1)
    qs = [corpus.edit(rng.choice(pairs)[0]) if rng.random() < 0.8 else corpus.pair()[0] for _ in range(queries)]
    del pairs
    t0 = time.perf_counter()
    idx_best = [index.lookup(q, 1, 75.0) for q in qs]
    t_idx = time.perf_counter() - t0
    nx = min(exhaustive_queries, len(qs))
    t0 = time.perf_counter()
    ex_best = [index.scan(q, 1, 75.0) for q in qs[:nx]]
    t_ex = time.perf_counter() - t0
    with_match = [(a, b) for a, b in zip(idx_best[:nx], ex_best) if b]
    agree = sum(1 for a, b in with_match if a and abs(a[0][1] - b[0][1]) < 1e-9)
    recall = agree / len(with_match) if with_match else 1.0
    mem.close()
    e2e_tsv = e2e_tmx = float("nan")
    if e2e:
        e2e_tsv = _e2e(tsv, workdir)
        tmx = workdir / f"corpus-{size}.tmx"
        corpus = Corpus(seed=size)
        _tmx(tmx, [corpus.pair() for _ in range(size)])
        e2e_tmx = _e2e(tmx, workdir)
    return {
        "size": size, "added": report.added, "read_s": t_read, "import_s": t_import, "load_s": t_load,
        "lean_s": t_lean, "e2e_tsv_s": e2e_tsv, "e2e_tmx_s": e2e_tmx,
        "index_qps": len(qs) / t_idx, "scan_qps": nx / t_ex, "recall": recall, "with_match": len(with_match),
        "queries": len(qs), "po_mb": mem_path.stat().st_size / 1e6,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--queries", type=int, default=500)
    ap.add_argument("--exhaustive-queries", type=int, default=200)
    ap.add_argument("--workdir", default=None)
    ap.add_argument("--no-e2e", action="store_true", help="Skip the end-to-end `tm import` timings.")
    args = ap.parse_args()
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="bench-memory-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"workdir {workdir}; python {sys.version.split()[0]}; {os.cpu_count()} CPUs", flush=True)
    print(f"{'segments':>9} {'PO MB':>6} {'read s':>7} {'lean s':>7} {'import s':>8} {'load s':>7} {'index q/s':>9} "
          f"{'scan q/s':>8} {'speed-up':>8} {'recall':>7} {'matched':>8} {'e2e tsv s':>9} {'e2e tmx s':>9}",
          flush=True)
    for size in (int(s) for s in args.sizes.split(",")):
        r = run(size, args.queries, args.exhaustive_queries, workdir, e2e=not args.no_e2e)
        print(f"{r['size']:>9} {r['po_mb']:>6.1f} {r['read_s']:>7.1f} {r['lean_s']:>7.1f} {r['import_s']:>8.1f} "
              f"{r['load_s']:>7.2f} {r['index_qps']:>9.0f} {r['scan_qps']:>8.1f} "
              f"{r['index_qps'] / r['scan_qps']:>7.0f}x {r['recall'] * 100:>6.1f}% "
              f"{r['with_match']:>4}/{min(args.exhaustive_queries, r['queries'])} "
              f"{r['e2e_tsv_s']:>9.1f} {r['e2e_tmx_s']:>9.1f}", flush=True)


if __name__ == "__main__":
    main()
