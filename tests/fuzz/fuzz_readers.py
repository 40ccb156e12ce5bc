"""Fuzzing entry point for every reader: bytes in, segments/concepts or ``GlossaryError`` out.

Any other exception (a traceback for the user), or a reader that hangs, is a bug.

Seeds are the real files in ``../shared/samples`` (and the repository's own term base),
mutated byte-wise and with a dictionary of tokens that matter to the formats (entity
declarations, CDATA, PO keywords, BOMs, stray CRs, NULs, conflict markers...).

Two engines:

- atheris (libFuzzer, coverage-guided), when installed (``pip install atheris``)::

      python tests/fuzz/fuzz_readers.py --atheris [CORPUS_DIR] [-max_total_time=300] [libFuzzer flags]

  The first byte of an input picks the reader; ``--make-corpus DIR`` writes the seeds in
  that layout. A crash leaves ``crash-*`` files that ``--replay FILE`` runs again.

- hypothesis (no extra install; what CI runs, see tests/test_fuzz_smoke.py)::

      python tests/fuzz/fuzz_readers.py --hypothesis [--examples 2000] [--target NAME]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SAMPLES = REPO.parent / "shared" / "samples"
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from glossary.errors import GlossaryError  # noqa: E402

# --------------------------------------------------------------------------- targets


@dataclass(frozen=True)
class Target:
    """One reader: the file name it reads, its seed files and how to call it on a path."""

    name: str
    filename: str
    seeds: tuple[str, ...]
    call: Callable[[str], object]


def _document(path: str) -> object:
    from glossary.documents import read_document

    return read_document(path)


def _term_base(path: str) -> object:
    from glossary.po import read_catalog

    return read_catalog(path)


def _batch(fmt: str) -> Callable[[str], object]:
    def call(path: str) -> object:
        from glossary.interchange.tabular import read_batch

        return read_batch(path, fmt, untranslated=True)

    return call


def _config(path: str) -> object:
    from glossary.config import load_settings

    return load_settings(path)


def _pair(path: str) -> object:
    from glossary.documents import read_pair

    other = os.path.join(os.path.dirname(path), "pair.en.txt")
    with open(path, "rb") as src, open(other, "wb") as dst:
        dst.write(src.read())  # aligned with itself, so the reading goes past the line count
    return read_pair(other, path)


_XLIFF = ("xliff12_swordfish_en-es.xlf", "xliff12_worldserver_en-es.xlf", "xliff12_angular_en-es.xlf",
          "xliff20_angular_de-en.xlf", "trados_en-fr.docx.sdlxliff")
_TMX = ("tmx11_omegat_en-es.tmx", "tmx14_lisa-compliance-kit_ImportTest1C.tmx", "tmx14_omegat_en-fr.tmx")
_TBX = ("tbx2008_martif_medtronic_multilingual.tbx", "tbx-basic_v3_good_en-es.tbx")
_PO = ("gnucash-glossary_es.po", "gnome-glossary_es.po")

TARGETS: tuple[Target, ...] = (
    Target("doc-po", "doc.po", _PO + ("@doc.po",), _document),
    Target("doc-pot", "doc.pot", ("@glossary.pot",), _document),
    Target("doc-xliff", "doc.xlf", _XLIFF, _document),
    Target("doc-tmx", "doc.tmx", _TMX, _document),
    Target("doc-tsv", "doc.tsv", ("omegat_glossary_en-es.txt", "@doc.csv"), _document),
    Target("doc-csv", "doc.csv", ("@doc.csv",), _document),
    Target("doc-text", "doc.es.txt", ("@doc.es.txt",), _document),
    Target("doc-markdown", "doc.en.md", ("README.md", "@doc.en.md"), _document),
    Target("doc-pair", "pair.es.txt", ("@doc.es.txt",), _pair),
    Target("term-base-po", "glossary.po", ("@glossary.po",), _term_base),
    Target("import-tbx", "in.tbx", _TBX, _batch("tbx")),
    Target("import-csv", "in.csv", ("@doc.csv",), _batch("csv")),
    Target("import-tsv", "in.tsv", ("omegat_glossary_en-es.txt",), _batch("tsv")),
    Target("import-omegat", "in.txt", ("omegat_glossary_en-es.txt",), _batch("omegat")),
    Target("import-po", "in.po", _PO + ("@glossary.po",), _batch("po")),
    Target("config-toml", "glossary.toml", ("@glossary.toml",), _config),
    Target("config-pyproject", "pyproject.toml", ("@pyproject.toml",), _config),
)
"""Every reader reachable from a file a user hands the CLI."""

_BUILTIN_SEEDS: dict[str, bytes] = {
    "doc.po": (
        'msgid ""\nmsgstr ""\n"Language: es\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        '# glossary: ignore GL102\n#, fuzzy\nmsgctxt "ctx"\nmsgid "The Secretary of the Interior"\n'
        'msgstr "La secretaria de Gobernacion"\n\nmsgid "one ministry"\nmsgid_plural "%d ministries"\n'
        'msgstr[0] "una secretaría"\nmsgstr[1] "%d secretarías"\n\n#~ msgid "old"\n#~ msgstr "viejo"\n'
    ).encode(),
    "doc.csv": 'en,es\nThe Secretary of the Interior,"La secretaria, de ""Gobernación"""\n"a\nb",c\r\n'.encode(),
    "doc.es.txt": "La Secretaría de Gobernación y Méjico.\n\nEl secretario\r\nde Estado.\rFin\n".encode(),
    "doc.en.md": (
        "# The Ministry of the Interior\n\n* Secretary of State\n\n| a | b |\n|---|---|\n| ICE | x |\n\n"
        "```\ncode Secretary\n```\n<!-- glossary: ignore GL101 -->\n[link](http://x) `Mexico`\n"
    ).encode(),
    "glossary.toml": (
        'glossary = ["locales"]\nsource-lang = "en"\ntarget-lang = "es"\nselect = ["GL1"]\n'
        'ignore = ["GL104"]\nfail-on = "warning"\n[severity]\nGL103 = "error"\n'
    ).encode(),
    "pyproject.toml": '[project]\nname = "x"\n\n[tool.glossary]\ncountry = "MX"\nexclude = ["vendor/**"]\n'.encode(),
}


@lru_cache(maxsize=None)
def seeds(target: Target) -> tuple[bytes, ...]:
    """The seed files of ``target`` as bytes (samples missing on this machine are skipped)."""
    out: list[bytes] = []
    for name in target.seeds:
        if name.startswith("@"):
            key = name[1:]
            if key in _BUILTIN_SEEDS:
                out.append(_BUILTIN_SEEDS[key])
            elif key == "glossary.po":
                out.append((REPO / "locales" / "es" / "glossary.po").read_bytes())
            elif key == "glossary.pot":
                out.append((REPO / "locales" / "glossary.pot").read_bytes())
            continue
        path = SAMPLES / name
        if path.is_file():
            out.append(path.read_bytes())
    return tuple(out) or (b"",)


class Workspace:
    """A private folder where each input is written under its target's file name."""

    def __init__(self) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="glossary-fuzz-")
        self.folder = self._tmp.name

    def run(self, target: Target, data: bytes) -> None:
        """Feed ``data`` to ``target``; re-raise anything but ``GlossaryError``."""
        path = os.path.join(self.folder, target.filename)
        with open(path, "wb") as fh:
            fh.write(data)
        try:
            target.call(path)
        except GlossaryError:
            pass

    def close(self) -> None:
        """Remove the folder."""
        self._tmp.cleanup()


# --------------------------------------------------------------------------- mutations

TOKENS: tuple[bytes, ...] = (
    b"<", b">", b"/>", b"&", b"&amp;", b"&#0;", b"&#x110000;", b"&#xD800;", b"&nbsp;", b"&e;", b"<![CDATA[", b"]]>",
    b"<!--", b"-->", b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>", b"<?pi x?>",
    b"<!DOCTYPE x [<!ENTITY e \"xx\">]>", b"<!DOCTYPE x SYSTEM \"http://127.0.0.1:9/x.dtd\">",
    b"<!ENTITY a SYSTEM \"file:///etc/passwd\">", b"xml:lang=\"es\"", b" lang=\"EN-GB\"", b"version=\"2.0\"",
    b"<mrk mtype=\"seg\" mid=\"1\">", b"</mrk>", b"<g>", b"<x/>", b"<ph>", b"<cp hex=\"110000\"/>",
    b"<seg>", b"</seg>", b"<tuv xml:lang=\"es\">", b"<target>", b"</target>", b"<note>glossary: ignore GL102</note>",
    b"\"", b"\\", b"\\x", b"\\777", b"\\u", b"msgid ", b"msgstr ", b"msgstr[7] ", b"msgid_plural ", b"msgctxt ",
    b"#~ ", b"#~| ", b"#, fuzzy, c-format", b"# es-forbidden: a | b [note]", b"#. type: person", b"#: x:1 y",
    b"# es-masc: ", b"#. gender: x", b"\"Plural-Forms: nplurals=9; plural=n;\\n\"", b"charset=KOI8-R",
    b"charset=nope", b"charset=UTF-16", b"<<<<<<< HEAD\n", b"=======\n", b">>>>>>> b\n",
    b"\r", b"\r\n", b"\n", b"\n\n", b"\t", b",", b";", b"|", b"#", b"*", b"`", b"```", b"[", b"]", b"=", b"{", b"}",
    b"\x00", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xc3", b"\xe2\x80", b"\xed\xa0\x80", b"\xf4\x90\x80\x80",
    "é".encode(), "Méjico".encode(), "İ".encode(), "\u0301".encode(), "\u2028".encode(), "\ufeff".encode(),
    b"[tool.glossary]\n", b"select = [\"GL1\"]\n", b"severity = 3\n", b"glossary = \"..\"\n", b"= 1e999\n",
    b"\"\"\"", b"'''",
)
"""Fragments spliced into seeds: what the formats treat specially, and encodings' traps."""


def mutate(data: bytes, choices: Callable[[int], int], count: int) -> bytes:
    """Apply ``count`` mutations to ``data``; ``choices(n)`` returns a number in [0, n)."""
    buf = bytearray(data)
    for _ in range(count):
        op = choices(8)
        pos = choices(len(buf) + 1)
        if op == 0 and buf:  # flip a byte
            i = min(pos, len(buf) - 1)
            buf[i] = choices(256)
        elif op == 1:  # delete a run
            del buf[pos:pos + 1 + choices(64)]
        elif op in (2, 3):  # splice a token
            tok = TOKENS[choices(len(TOKENS))]
            buf[pos:pos] = tok * (1 + (choices(40) if op == 3 and choices(8) == 0 else 0))
        elif op == 4:  # duplicate a run
            run = bytes(buf[pos:pos + 1 + choices(256)])
            buf[pos:pos] = run
        elif op == 5:  # truncate
            del buf[pos:]
        elif op == 6:  # random bytes
            buf[pos:pos] = bytes(choices(256) for _ in range(1 + choices(8)))
        elif op == 7 and buf:  # swap case / newline style of a run
            i = min(pos, len(buf) - 1)
            buf[i:i + 32] = bytes(buf[i:i + 32]).replace(b"\n", b"\r").swapcase()
    return bytes(buf)


# --------------------------------------------------------------------------- engines


def hypothesis_fuzz(targets: tuple[Target, ...] = TARGETS, examples: int = 200, *, derandomize: bool = False) -> None:
    """Run ``examples`` mutated inputs through each target with hypothesis; raise on a bug."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    ws = Workspace()

    def fuzz(target: Target) -> None:
        pool = seeds(target)

        @settings(max_examples=examples, deadline=None, derandomize=derandomize, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(st.integers(0, len(pool) - 1), st.integers(0, 12), st.randoms(use_true_random=False))
        def one(index: int, count: int, rnd: random.Random) -> None:
            data = mutate(pool[index], lambda n: rnd.randrange(n) if n > 0 else 0, count)
            try:
                ws.run(target, data)
            except Exception as exc:
                exc.add_note(f"fuzz target {target.name}; input {data[:300]!r}...")
                raise

        one()

    try:
        for target in targets:
            fuzz(target)
    finally:
        ws.close()


def atheris_fuzz(argv: list[str]) -> None:
    """Hand over to libFuzzer through atheris; the first input byte chooses the reader."""
    import atheris

    with atheris.instrument_imports():
        import glossary.config  # noqa: F401
        import glossary.documents  # noqa: F401
        import glossary.interchange.tabular  # noqa: F401
        import glossary.interchange.tbx  # noqa: F401
        import glossary.po  # noqa: F401
        import glossary.readers.markdown  # noqa: F401
        import glossary.readers.tabular_docs  # noqa: F401
        import glossary.readers.text  # noqa: F401
        import glossary.readers.tmx  # noqa: F401
        import glossary.readers.xliff  # noqa: F401
        import glossary.readers.xmltext  # noqa: F401
    ws = Workspace()

    def test_one_input(data: bytes) -> None:
        if not data:
            return
        ws.run(TARGETS[data[0] % len(TARGETS)], data[1:])

    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()


def make_corpus(folder: str) -> int:
    """Write every seed as ``<target byte> + seed`` into ``folder``; return how many."""
    os.makedirs(folder, exist_ok=True)
    n = 0
    for i, target in enumerate(TARGETS):
        for k, seed in enumerate(seeds(target)):
            with open(os.path.join(folder, f"{target.name}-{k}"), "wb") as fh:
                fh.write(bytes([i]) + seed)
            n += 1
    return n


def replay(path: str) -> None:
    """Run one saved input (``<target byte> + data``) and let any bug raise with its traceback."""
    data = Path(path).read_bytes()
    ws = Workspace()
    try:
        target = TARGETS[data[0] % len(TARGETS)]
        print(f"target {target.name}, {len(data) - 1} bytes", file=sys.stderr)
        ws.run(target, data[1:])
    finally:
        ws.close()


def main(argv: list[str]) -> int:
    """Command line; see the module notes."""
    if "--atheris" in argv:
        rest = [a for a in argv if a != "--atheris"]
        atheris_fuzz(rest)
        return 0
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hypothesis", action="store_true", help="mutation fuzzing with hypothesis (default)")
    parser.add_argument("--examples", type=int, default=2000, help="inputs per target")
    parser.add_argument("--target", action="append", help="only this target (repeatable): " +
                        ", ".join(t.name for t in TARGETS))
    parser.add_argument("--make-corpus", metavar="DIR", help="write the seed corpus for atheris and exit")
    parser.add_argument("--replay", metavar="FILE", help="run one saved input")
    args = parser.parse_args(argv[1:])
    if args.make_corpus:
        print(f"{make_corpus(args.make_corpus)} seeds written to {args.make_corpus}")
        return 0
    if args.replay:
        replay(args.replay)
        return 0
    chosen = tuple(t for t in TARGETS if not args.target or t.name in args.target)
    if not chosen:
        parser.error(f"unknown target; choose from {', '.join(t.name for t in TARGETS)}")
    hypothesis_fuzz(chosen, args.examples)
    print(f"no bugs found in {args.examples} inputs for each of {len(chosen)} readers")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
