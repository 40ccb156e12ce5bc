"""Malformed and hostile inputs through the real CLI, in a subprocess with a timeout.

Every case must end with exit code 2 and exactly one stderr line that names the file (and
its line where the problem has one), never a traceback, never a hang. A few inputs that a
professional tool must *accept* (a BOM, CRLF, lone CR in plain text, a DOCTYPE naming a
URL) are checked the other way round: no error, no network, right line numbers.
"""

from __future__ import annotations

import os
import resource
import socket
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO.parent / "shared" / "samples"

# --------------------------------------------------------------------------- running


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(GLOSSARY_CACHE_DIR="", NO_COLOR="1", PYTHONPATH=str(REPO), LC_ALL="C.UTF-8")
    env.pop("PYTHONWARNINGS", None)
    return env


def run_cli(args: list[str], cwd: Path, *, timeout: float = 60, stdin: bytes | None = None,
            preexec: Callable[[], None] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m glossary ARGS`` in ``cwd``; a hang fails the test through the timeout."""
    proc = subprocess.run(
        [sys.executable, "-m", "glossary", *args],
        cwd=cwd, input=stdin, capture_output=True, timeout=timeout, env=_env(), preexec_fn=preexec,
    )
    return subprocess.CompletedProcess(proc.args, proc.returncode,
                                       proc.stdout.decode("utf-8", "replace"),
                                       proc.stderr.decode("utf-8", "replace"))


def assert_one_error(proc: subprocess.CompletedProcess[str], where: str, line: int | None = None,
                     *, words: tuple[str, ...] = ()) -> str:
    """Exit 2, one stderr line ``glossary: error: WHERE[:LINE]: ...``, no traceback."""
    err = proc.stderr
    assert "Traceback" not in err, err
    assert proc.returncode == 2, (proc.returncode, proc.stdout[-2000:], err[-2000:])
    lines = err.splitlines()
    assert len(lines) == 1, err
    msg = lines[0]
    assert msg.startswith("glossary: error: "), msg
    assert where in msg, (where, msg)
    if line is not None:
        assert f"{where}:{line}:" in msg, (line, msg)
    for w in words:
        assert w.lower() in msg.lower(), (w, msg)
    return msg


# --------------------------------------------------------------------------- data

HEADER = (
    'msgid ""\nmsgstr ""\n'
    '"Language: es\\n"\n'
    '"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
)
"""A PO header of 7 lines."""

ENTRY = (
    "#. type: government-body\n"
    'msgctxt "mx-segob"\n'
    'msgid "Ministry of the Interior"\n'
    'msgstr "Secretaría de Gobernación"\n'
)

GOOD_PO = HEADER + "\n" + ENTRY
"""A valid term base: header (lines 1-7), blank (8), one entry (9-12)."""

DOC_PO = HEADER + '\n#: a.c:1\nmsgid "The Ministry of the Interior said."\nmsgstr "La Secretaría de Gobernación dijo."\n'
"""A valid PO translation document."""

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10))
    + "]>\n<{root}>&lol9;</{root}>\n"
)

XXE = (
    '<?xml version="1.0"?>\n<!DOCTYPE {root} [\n <!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'
    "<{root}>&xxe;</{root}>\n"
)

TMX_NO_ES = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
    '<header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" '
    'creationtool="t" creationtoolversion="1"/>\n<body>\n'
    '<tu><tuv xml:lang="en"><seg>The Secretary of State</seg></tuv>'
    '<tuv xml:lang="fr"><seg>Le secrétaire d\'État</seg></tuv></tu>\n'
    "</body>\n</tmx>\n"
)

XLIFF12 = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
    '<file source-language="en" target-language="es" datatype="plaintext" original="x">\n<body>\n'
    '<trans-unit id="1"><source>The Secretary of the Interior</source>'
    "<target>El secretario de Gobernación</target></trans-unit>\n"
    "</body>\n</file>\n</xliff>\n"
)

XLIFF20 = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en" trgLang="es">\n'
    '<file id="f1">\n<unit id="u1"><segment><source>The Secretary of the Interior</source>'
    "<target>El secretario de Gobernación</target></segment></unit>\n"
    "</file>\n</xliff>\n"
)

TBX = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">\n'
    "<tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>\n"
    '<text><body>\n<conceptEntry id="c1">\n'
    '<langSec xml:lang="en"><termSec><term>Ministry of the Interior</term></termSec></langSec>\n'
    '<langSec xml:lang="es"><termSec><term>Secretaría de Gobernación</term></termSec></langSec>\n'
    "</conceptEntry>\n</body></text>\n</tbx>\n"
)


def _truncate(text: str, keep: float = 0.6) -> bytes:
    data = text.encode("utf-8")
    return data[: int(len(data) * keep)]


def _nested(root: str, depth: int = 100_000) -> bytes:
    return (f'<?xml version="1.0"?>\n<{root}>' + "<g>" * depth + "x" + "</g>" * depth + f"</{root}>\n").encode()


PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452") + bytes(range(256)) * 4


# --------------------------------------------------------------------------- the matrix


@dataclass(frozen=True)
class Case:
    """One hostile input: files to create, the command, and what the error line must name."""

    id: str
    files: dict[str, bytes]
    args: list[str]
    where: str
    line: int | None = None
    words: tuple[str, ...] = ()
    dirs: tuple[str, ...] = field(default=())


def _c(id_: str, name: str, data: bytes | str, args: list[str], line: int | None = None,
       words: tuple[str, ...] = (), where: str | None = None) -> Case:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return Case(id_, {name: raw}, args, where or name, line, words)


CHECK = ["check", "--no-builtin", "--glossary", "tb.po"]
"""``check`` against a tiny valid term base written as ``tb.po`` in every case."""

CASES: list[Case] = [
    # ---- PO / POT documents (check)
    _c("po-truncated", "doc.po", HEADER + '\nmsgid "The Secretary"\nmsgstr "El secre', CHECK + ["doc.po"], 10,
       ("unterminated",)),
    _c("po-bad-syntax", "doc.po", HEADER + '\nmsgid "a"\nmsgtxt "b"\n', CHECK + ["doc.po"], 10, ("syntax",)),
    _c("po-unclosed-quote", "doc.po", HEADER + '\nmsgid "a\nmsgstr "b"\n', CHECK + ["doc.po"], 9),
    _c("po-merge-conflict", "doc.po", HEADER + '\n<<<<<<< HEAD\nmsgid "a"\nmsgstr "b"\n=======\n', CHECK + ["doc.po"], 9,
       ("conflict",)),
    _c("po-wrong-encoding", "doc.po", (HEADER + '\nmsgid "a"\nmsgstr "Gobernación"\n').encode("latin-1"),
       CHECK + ["doc.po"], 10, ("utf-8",)),
    _c("po-mixed-encodings", "doc.po",
       (HEADER + '\nmsgid "a"\nmsgstr "Gobernación"\n').encode() + 'msgid "b"\nmsgstr "Relación"\n'.encode("latin-1"),
       CHECK + ["doc.po"], 12),
    _c("po-unknown-charset", "doc.po", HEADER.replace("UTF-8", "KLINGON-8") + '\nmsgid "a"\nmsgstr "b"\n',
       CHECK + ["doc.po"], 5, ("charset",)),
    _c("po-nul-byte", "doc.po", (HEADER + '\nmsgid "a"\nmsgstr "b\x00"\n').encode(), CHECK + ["doc.po"], 10,
       ("binary",)),
    _c("po-binary", "doc.po", PNG, CHECK + ["doc.po"], None, ("binary",)),
    _c("po-empty", "doc.po", b"", CHECK + ["doc.po"], None, ("empty",)),
    _c("po-lone-cr", "doc.po", (HEADER + '\nmsgid "a"\rmsgstr "b"\n'), CHECK + ["doc.po"], 9),
    _c("po-plural-count", "doc.po",
       HEADER + '\nmsgid "one minister"\nmsgid_plural "%d ministers"\nmsgstr[0] "un ministro"\n'
       'msgstr[1] "%d ministros"\nmsgstr[2] "%d ministros"\n', CHECK + ["doc.po"], 13, ("nplurals",)),
    _c("po-plural-missing", "doc.po",
       HEADER + '\nmsgid "one minister"\nmsgid_plural "%d ministers"\nmsgstr "un ministro"\n',
       CHECK + ["doc.po"], 11),
    _c("pot-truncated", "doc.pot", 'msgid ""\nmsgstr ""\n\nmsgid "The Secretary', CHECK + ["doc.pot"], 4),
    _c("pot-duplicate-keyword", "doc.pot", 'msgid "a"\nmsgid "b"\nmsgstr ""\n', CHECK + ["doc.pot"], 2),
    # ---- the term base itself (fmt, validate, check --glossary, terms list)
    _c("po-duplicate-entries", "doc.po", DOC_PO + '\nmsgid "The Ministry of the Interior said."\nmsgstr "x"\n',
       CHECK + ["doc.po"], 13, ("duplicate", "line 10")),
    _c("tb-bom", "tb2.po", b"\xef\xbb\xbf" + GOOD_PO.encode(), ["fmt", "tb2.po"], 1, ("byte-order mark",)),
    _c("tb-crlf", "tb2.po", GOOD_PO.replace("\n", "\r\n"), ["fmt", "tb2.po"], 1, ("crlf",)),
    _c("tb-merge-conflict-check", "tb2.po", GOOD_PO + "<<<<<<< ours\n", ["check", "--no-builtin", "--glossary",
       "tb2.po", "a.en.txt"], 13, ("conflict",)),
    _c("tb-bad-key-terms-list", "tb2.po", GOOD_PO.replace("#. type: government-body", "#. type: spaceship"),
       ["terms", "list", "--no-builtin", "--glossary", "tb2.po"], 9, ("spaceship",)),
    _c("tb-binary-validate", "tb2.po", PNG, ["validate", "tb2.po"], None, ("binary",)),
    # ---- XLIFF 1.2 / 2.x
    _c("xliff12-truncated", "doc.xlf", _truncate(XLIFF12), CHECK + ["doc.xlf"], None, ("xml",)),
    _c("xliff20-truncated", "doc.xlf", _truncate(XLIFF20), CHECK + ["doc.xlf"], None, ("xml",)),
    _c("xliff-billion-laughs", "doc.xlf", BILLION_LAUGHS.format(root="xliff"), CHECK + ["doc.xlf"], None,
       ("entit",)),
    _c("xliff-xxe", "doc.xlf", XXE.format(root="xliff"), CHECK + ["doc.xlf"], None, ("entit",)),
    _c("xliff-deeply-nested", "doc.xlf", _nested("xliff"), CHECK + ["doc.xlf"], None, ("xml",)),
    _c("xliff-wrong-root", "doc.xlf", '<?xml version="1.0"?>\n<html><body/></html>\n', CHECK + ["doc.xlf"], 2,
       ("xliff",)),
    _c("xliff-utf16-no-bom", "doc.xlf", XLIFF12.replace("UTF-8", "UTF-16").encode("utf-16-le"),
       CHECK + ["doc.xlf"], None),
    _c("xliff-wrong-encoding", "doc.xlf", XLIFF12.encode("latin-1"), CHECK + ["doc.xlf"], 5),
    # ---- TMX
    _c("tmx-no-spanish", "doc.tmx", TMX_NO_ES, CHECK + ["doc.tmx"], None, ("no es",)),
    _c("tmx-truncated", "doc.tmx", _truncate(TMX_NO_ES.replace('"fr"', '"es"')), CHECK + ["doc.tmx"], None),
    _c("tmx-billion-laughs", "doc.tmx", BILLION_LAUGHS.format(root="tmx"), CHECK + ["doc.tmx"], None, ("entit",)),
    _c("tmx-empty", "doc.tmx", b"   \n", CHECK + ["doc.tmx"], None, ("empty",)),
    _c("tmx-nul", "doc.tmx", TMX_NO_ES.replace("The Secretary", "The\x00Secretary"), CHECK + ["doc.tmx"], None),
    # ---- TBX (import)
    _c("tbx-xxe", "in.tbx", XXE.format(root="tbx"), ["import", "in.tbx", "--into", "out.po"], None, ("entit",)),
    _c("tbx-billion-laughs", "in.tbx", BILLION_LAUGHS.format(root="tbx"), ["import", "in.tbx", "--into", "out.po"],
       None, ("entit",)),
    _c("tbx-truncated", "in.tbx", _truncate(TBX), ["import", "in.tbx", "--into", "out.po"], None, ("xml",)),
    _c("tbx-deeply-nested", "in.tbx", _nested("tbx"), ["import", "in.tbx", "--into", "out.po"], None),
    _c("tbx-binary", "in.tbx", PNG, ["import", "in.tbx", "--into", "out.po"], None),
    _c("tbx-wrong-root", "in.tbx", '<?xml version="1.0"?>\n<tmx version="1.4"><body/></tmx>\n',
       ["import", "in.tbx", "--into", "out.po"], 2, ("tbx",)),
    # ---- CSV / TSV (check documents and import)
    _c("csv-unclosed-quote", "doc.csv", 'en,es\n"The Secretary,El secretario\nx,y\n', CHECK + ["doc.csv"], 2,
       ("quoted",)),
    _c("tsv-one-column", "doc.tsv", "en\tes\nThe Secretary\n", CHECK + ["doc.tsv"], 2, ("column",)),
    _c("csv-latin1", "doc.csv", "en,es\nMinistry,Gobernación\n".encode("latin-1"), CHECK + ["doc.csv"], 2,
       ("utf-8",)),
    _c("csv-import-unclosed-quote", "in.csv", 'Ministry,"Secretaría\nx,y\n', ["import", "in.csv", "--into", "out.po"],
       None),
    _c("csv-import-nul", "in.csv", b"Ministry,Secretar\x00a\n", ["import", "in.csv", "--into", "out.po"], 1,
       ("binary",)),
    _c("tsv-import-empty", "in.tsv", b"", ["import", "in.tsv", "--into", "out.po"], None, ("empty",)),
    _c("po-import-merge-conflict", "in.po", GOOD_PO + ">>>>>>> theirs\n", ["import", "in.po", "--into", "out.po"],
       13),
    # ---- plain text and Markdown
    _c("text-latin1", "doc.en.txt", "line one\nThe Secretaría\n".encode("latin-1"), CHECK + ["doc.en.txt"], 2,
       ("utf-8",)),
    _c("text-binary", "doc.en.txt", PNG, CHECK + ["doc.en.txt"], None, ("binary",)),
    _c("text-utf16", "doc.en.txt", "The Secretary\n".encode("utf-16"), CHECK + ["doc.en.txt"], 1),
    _c("markdown-nul", "doc.en.md", b"# Title\n\nThe \x00Secretary\n", CHECK + ["doc.en.md"], 3, ("binary",)),
    _c("markdown-mixed-encodings", "doc.en.md", "# Título\n\n".encode() + "Secretaría\n".encode("latin-1"),
       CHECK + ["doc.en.md"], 3),
    _c("text-no-language", "notes.txt", "The Secretary of the Interior\n", CHECK + ["notes.txt"], None, ("--lang",)),
    _c("unknown-extension", "doc.docx", PNG, CHECK + ["doc.docx"], None, ("unknown file type",)),
    Case("jobs-bad-file-in-worker", {f"docs/d{i}.es.txt": f"La Secretaria de Gobernacion {i}\n".encode()
                                     for i in range(4)} | {"docs/d9.es.txt": b"ok\n\xff\n"},
         CHECK + ["--jobs", "2", "docs"], "d9.es.txt", 2, ("utf-8",)),
    # ---- configuration (glossary.toml / pyproject.toml [tool.glossary])
    _c("config-bad-toml", "glossary.toml", 'select = ["GL1"\n', CHECK + ["a.en.txt"], None, ("invalid toml",)),
    _c("config-unknown-key", "glossary.toml", 'selekt = ["GL1"]\n', CHECK + ["a.en.txt"], None, ("selekt",)),
    _c("config-bad-value", "pyproject.toml", '[project]\nname = "x"\n[tool.glossary]\nfail-on = "fatal"\n',
       CHECK + ["a.en.txt"], None, ("fail-on",)),
    _c("config-binary", "glossary.toml", PNG, CHECK + ["a.en.txt"], None),
    _c("config-truncated", "glossary.toml", '[severity]\nGL103 = "err', CHECK + ["a.en.txt"], None, ("toml",)),
    _c("config-duplicate-key", "glossary.toml", 'country = "MX"\ncountry = "US"\n', CHECK + ["a.en.txt"], None,
       ("toml",)),
    _c("config-explicit-missing", "other.toml", "", CHECK + ["--config", "nope.toml", "a.en.txt"], None,
       where="nope.toml"),
    # ---- translation memory, update, extract
    _c("tm-import-billion-laughs", "in.tmx", BILLION_LAUGHS.format(root="tmx"),
       ["tm", "import", "in.tmx", "--memory", "mem.po"], None, ("entit",)),
    _c("tm-import-truncated-po", "in.po", HEADER + '\nmsgid "The Secretary"\nmsgstr "El secre',
       ["tm", "import", "in.po", "--memory", "mem.po"], 10),
    _c("tm-import-no-spanish", "in.tmx", TMX_NO_ES, ["tm", "import", "in.tmx", "--memory", "mem.po"], None),
    _c("tm-memory-conflict-marker", "mem.po", DOC_PO + "<<<<<<< HEAD\n",
       ["tm", "lookup", "The Ministry", "--memory", "mem.po"], 12, ("conflict",)),
    Case("tm-pretranslate-binary", {"in.xlf": PNG, "mem.po": DOC_PO.encode()},
         ["tm", "pretranslate", "in.xlf", "out.xlf", "--memory", "mem.po"], "in.xlf"),
    _c("update-template-nul", "t.pot", b'msgid ""\nmsgstr ""\n\nmsgid "a\x00"\nmsgstr ""\n',
       ["update", "--template", "t.pot", "--po", "tb.po"], 4, ("binary",)),
    _c("update-po-plural-mismatch", "t.pot", 'msgid ""\nmsgstr ""\n\nmsgid "a\nmsgstr ""\n',
       ["update", "--template", "t.pot", "--po", "tb.po"], 4),
    _c("extract-latin1", "d.en.txt", "The Secretaría of State\n".encode("latin-1"),
       ["extract", "-o", "out.pot", "d.en.txt"], 1, ("utf-8",)),
    _c("extract-deep-xml", "d.xlf", _nested("xliff"), ["extract", "-o", "out.pot", "d.xlf"]),
    _c("suggest-memory-xxe", "in.tmx", XXE.format(root="tmx"), ["suggest", "--memory", "in.tmx", "--no-builtin",
       "--glossary", "tb.po"], None, ("entit",)),
    _c("suggest-pair-binary", "s.es.txt", PNG, ["suggest", "--pair", "a.en.txt", "s.es.txt", "--no-builtin",
       "--glossary", "tb.po"], None, ("binary",)),
    _c("pair-misaligned", "a.en.txt", "one\ntwo\nthree\n", CHECK + ["--pair", "a.en.txt", "b.es.txt"],
       where="b.es.txt", words=("line-aligned",)),
]

TB_FILES = {"tb.po": GOOD_PO.encode(), "a.en.txt": b"The Ministry of the Interior.\n", "b.es.txt": b"uno\ndos\n"}


@lru_cache(maxsize=None)
def available(command: str) -> bool:
    """True when ``glossary COMMAND`` exists (other engineers' commands land during the work)."""
    proc = subprocess.run([sys.executable, "-m", "glossary", command, "--help"], capture_output=True, env=_env(),
                          cwd=REPO, timeout=60)
    return proc.returncode == 0


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_input(case: Case, tmp_path: Path) -> None:
    if not available(case.args[0]):
        pytest.skip(f"glossary {case.args[0]} has not landed")
    for name, data in {**TB_FILES, **case.files}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    proc = run_cli(case.args, tmp_path)
    assert_one_error(proc, case.where, case.line, words=case.words)
    # nothing the failed command touched was left behind half-written
    assert not list(tmp_path.glob(".*.tmp")), list(tmp_path.iterdir())
    for written in ("out.po", "mem.po", "out.xlf", "out.pot"):
        if written not in case.files:
            assert not (tmp_path / written).exists(), written


def test_matrix_is_large_enough() -> None:
    """The issue asks for at least 30 hostile inputs; the parametrized matrix alone has more."""
    assert len(CASES) >= 30
    assert len({c.id for c in CASES}) == len(CASES)


# --------------------------------------------------------------------------- special cases


def _write_common(tmp_path: Path) -> None:
    for name, data in TB_FILES.items():
        (tmp_path / name).write_bytes(data)


@pytest.mark.parametrize("args,where", [
    (CHECK + ["missing.en.txt"], "missing.en.txt"),
    (CHECK + ["--pair", "a.en.txt", "missing.es.txt"], "missing.es.txt"),
    (["check", "--no-builtin", "--glossary", "missing.po", "a.en.txt"], "missing.po"),
    (["import", "missing.tbx", "--into", "out.po"], "missing.tbx"),
    (["fmt", "missing.po"], "missing.po"),
    (["validate", "missing.po"], "missing.po"),
    (["terms", "add", "--glossary", "nodir/x.po", "--en", "Foo", "--es", "Fu"], "nodir"),
], ids=["check", "pair", "glossary", "import", "fmt", "validate", "terms-add"])
def test_missing_file(args: list[str], where: str, tmp_path: Path) -> None:
    _write_common(tmp_path)
    assert_one_error(run_cli(args, tmp_path), where)


def assert_usage_error(proc: subprocess.CompletedProcess[str], where: str) -> None:
    """A usage error click found (a bad option value): one line naming ``where`` and the
    command's help, exit 2, no traceback."""
    msg = assert_one_error(proc, where)
    assert "--help')" in msg, msg


@pytest.mark.parametrize("args,where", [
    (CHECK + ["--pair", "d.txt", "b.es.txt"], "d.txt"),
    (CHECK + ["--input-format", "text", "--lang", "en", "d.txt/"], None),
    (["check", "--no-builtin", "--glossary", "d.po", "a.en.txt"], "d.po"),
    (["check", "--no-builtin", "--glossary", "locales", "a.en.txt"], "locales"),
    (["fmt", "locales"], "locales"),
    (["validate", "locales"], "locales"),
    (["terms", "add", "--glossary", "d.po", "--en", "Foo", "--es", "Fu"], "d.po"),
    (["import", "in.csv", "--into", "d.po"], "d.po"),
], ids=["pair", "walked", "glossary", "glossary-locales", "fmt", "validate", "terms-add", "import-into"])
def test_directory_where_a_file_is_expected(args: list[str], where: str | None, tmp_path: Path) -> None:
    _write_common(tmp_path)
    (tmp_path / "in.csv").write_text("Ministry of the Interior,Secretaría de Gobernación\n")
    for d in ("d.txt", "d.po", "locales/es/glossary.po"):
        (tmp_path / d).mkdir(parents=True)
    proc = run_cli(args, tmp_path)
    if where is None:
        # a folder named like a file is walked: empty, so nothing to check and no error
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    elif args[0] == "import":
        assert_usage_error(proc, where)  # click's Path(dir_okay=False) refuses it before we run
    else:
        assert_one_error(proc, where)


@pytest.mark.parametrize("args", [["import", "d.tbx"], ["import", "d.csv", "--format", "csv"]],
                         ids=["tbx", "csv"])
def test_import_from_a_directory(args: list[str], tmp_path: Path) -> None:
    for d in ("d.tbx", "d.csv"):
        (tmp_path / d).mkdir()
    assert_usage_error(run_cli(args + ["--into", "out.po"], tmp_path), args[1])
    assert not (tmp_path / "out.po").exists()


@pytest.mark.parametrize("args,where", [
    (CHECK + ["loop.en.txt"], "loop.en.txt"),
    (["check", "--no-builtin", "--glossary", "loop.po", "a.en.txt"], "loop.po"),
    (["import", "loop.tbx", "--into", "out.po"], "loop.tbx"),
    (["fmt", "loop.po"], "loop.po"),
], ids=["check", "glossary", "import", "fmt"])
def test_symlink_loop(args: list[str], where: str, tmp_path: Path) -> None:
    _write_common(tmp_path)
    for name in ("loop.en.txt", "loop.po", "loop.tbx"):
        os.symlink(name + ".2", tmp_path / name)
        os.symlink(name, tmp_path / (name + ".2"))
    assert_one_error(run_cli(args, tmp_path), where)


def test_symlink_loop_inside_a_walked_folder(tmp_path: Path) -> None:
    _write_common(tmp_path)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "ok.en.txt").write_text("The Ministry of the Interior.\n")
    os.symlink("../docs", docs / "self")  # a folder loop: walking must not follow it forever
    os.symlink("x.en.txt", docs / "y.en.txt")
    os.symlink("y.en.txt", docs / "x.en.txt")
    proc = run_cli(CHECK + ["docs"], tmp_path)
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 2
    assert len(proc.stderr.splitlines()) == 1 and "x.en.txt" in proc.stderr, proc.stderr


DENY = """
import io, os, runpy, sys
_open, _os_open = io.open, os.open
_deny_read = os.environ.get("DENY_READ_PREFIX", "//none//")
_deny_write = os.environ.get("DENY_WRITE_DIR", "//none//")
def _denied(file, writing):
    if isinstance(file, int):
        return False
    name = os.fsdecode(file)
    if os.path.basename(name).startswith(_deny_read):
        return True
    return writing and os.path.dirname(os.path.abspath(name)) == _deny_write
def _fake_open(file, mode="r", *a, **k):
    if _denied(file, any(c in mode for c in "wax+")):
        raise PermissionError(13, "Permission denied", os.fsdecode(file))
    return _open(file, mode, *a, **k)
def _fake_os_open(path, flags, *a, **k):
    if _denied(path, bool(flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))):
        raise PermissionError(13, "Permission denied", os.fsdecode(path))
    return _os_open(path, flags, *a, **k)
import builtins
builtins.open = io.open = _fake_open
os.open = _fake_os_open
sys.argv[0] = "glossary"
runpy.run_module("glossary", run_name="__main__", alter_sys=True)
"""
"""Runs the CLI with open()/os.open() refusing some paths with EACCES, exactly as the kernel
would for a user without permission: root reads and writes anything, and the tests run as
root, so chmod alone proves nothing there."""


def run_denied(args: list[str], cwd: Path, *, read_prefix: str = "//none//",
               write_dir: str = "//none//") -> subprocess.CompletedProcess[str]:
    """``run_cli`` with permission errors for files named ``read_prefix*`` / writes in ``write_dir``."""
    if os.geteuid() != 0:
        # a real user: real permissions (the files were chmod-ed by the caller)
        return run_cli(args, cwd)
    env = _env()
    env.update(DENY_READ_PREFIX=read_prefix, DENY_WRITE_DIR=write_dir)
    proc = subprocess.run([sys.executable, "-c", DENY, *args], cwd=cwd, capture_output=True, timeout=60, env=env)
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode("utf-8", "replace"),
                                       proc.stderr.decode("utf-8", "replace"))


def test_denied_wrapper_really_denies(tmp_path: Path) -> None:
    """The wrapper is a faithful stand-in: reading a denied file fails the way EACCES does."""
    (tmp_path / "secret.txt").write_text("x")
    code = DENY.replace('runpy.run_module("glossary", run_name="__main__", alter_sys=True)',
                        'open("secret.txt").read()')
    env = dict(_env(), DENY_READ_PREFIX="secret")
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert "PermissionError: [Errno 13] Permission denied" in proc.stderr


@pytest.mark.parametrize("args,where", [
    (CHECK + ["secret.en.txt"], "secret.en.txt"),
    (CHECK + ["secret.xlf"], "secret.xlf"),
    (CHECK + ["secret.po"], "secret.po"),
    (["check", "--no-builtin", "--glossary", "secret.po", "a.en.txt"], "secret.po"),
    (["import", "secret.tbx", "--into", "out.po"], "secret.tbx"),
    (["import", "secret.po", "--into", "out.po"], "secret.po"),
    (["fmt", "secret.po"], "secret.po"),
    (["validate", "secret.po"], "secret.po"),
], ids=["text", "xliff", "po-doc", "glossary", "import-tbx", "import-po", "fmt", "validate"])
def test_unreadable_file(args: list[str], where: str, tmp_path: Path) -> None:
    _write_common(tmp_path)
    for name, data in (("secret.en.txt", b"x\n"), ("secret.xlf", XLIFF12.encode()), ("secret.po", GOOD_PO.encode()),
                       ("secret.tbx", TBX.encode())):
        (tmp_path / name).write_bytes(data)
        os.chmod(tmp_path / name, 0)
    proc = run_denied(args, tmp_path, read_prefix="secret")
    assert_one_error(proc, where, words=("permission denied",))


@pytest.mark.parametrize("args", [
    ["terms", "add", "--glossary", "tb.po", "--en", "Foreign Minister", "--es", "canciller"],
    ["terms", "remove", "--glossary", "tb.po", "mx-segob"],
    ["fmt", "tb.po"],
    ["import", "in.csv", "--into", "tb.po"],
], ids=["terms-add", "terms-remove", "fmt", "import"])
def test_unwritable_term_base_folder(args: list[str], tmp_path: Path) -> None:
    """Writing into a folder the user may not write: one error line, the term base unchanged."""
    _write_common(tmp_path)
    (tmp_path / "tb.po").write_text(GOOD_PO + "\n\n")  # not canonical, so fmt wants to write
    (tmp_path / "in.csv").write_text("Foreign Minister,canciller\n")
    before = (tmp_path / "tb.po").read_bytes()
    os.chmod(tmp_path, 0o555)
    try:
        proc = run_denied(args, tmp_path, write_dir=str(tmp_path))
    finally:
        os.chmod(tmp_path, 0o755)
    assert_one_error(proc, "tb.po", words=("permission denied",))
    assert (tmp_path / "tb.po").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*TB_FILES, "in.csv"])


# --------------------------------------------------------------------------- inputs that must be accepted


def test_bom_crlf_and_lone_cr_documents_are_read_with_the_right_lines(tmp_path: Path) -> None:
    _write_common(tmp_path)
    # "Secretaria de Gobernacion" without accents is GL105 on line 3 in every variant
    body = ["Intro line.", "", "La Secretaria de Gobernacion dijo.", ""]
    variants = {
        "bom.es.txt": b"\xef\xbb\xbf" + "\n".join(body).encode(),
        "crlf.es.txt": "\r\n".join(body).encode(),
        "cr.es.txt": "\r".join(body).encode(),
        "bom.es.md": b"\xef\xbb\xbf" + "\r\n".join(body).encode(),
    }
    for name, data in variants.items():
        (tmp_path / name).write_bytes(data)
    proc = run_cli(CHECK + ["--format", "json", *variants], tmp_path)
    assert "Traceback" not in proc.stderr and proc.returncode == 1, proc.stderr
    import json

    findings = json.loads(proc.stdout)["findings"]
    assert {f["path"] for f in findings} == set(variants)
    for f in findings:
        assert f["line"] == 3 and f["column"] == 4, f


def test_crlf_bom_po_document_is_read(tmp_path: Path) -> None:
    _write_common(tmp_path)
    data = b"\xef\xbb\xbf" + DOC_PO.replace("Gobernación", "Gobernacion").replace("\n", "\r\n").encode()
    (tmp_path / "doc.po").write_bytes(data)
    proc = run_cli(CHECK + ["--format", "json", "doc.po"], tmp_path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    import json

    [f] = json.loads(proc.stdout)["findings"]
    assert (f["line"], f["code"]) == (11, "GL105")


def test_doctype_pointing_to_a_url_is_never_fetched(tmp_path: Path) -> None:
    """A DOCTYPE naming an http URL parses without any network access."""
    _write_common(tmp_path)
    with socket.socket() as srv:
        srv.bind(("127.0.0.1", 0))
        srv.listen(5)
        srv.setblocking(False)
        url = f"http://127.0.0.1:{srv.getsockname()[1]}/evil.dtd"
        xlf = XLIFF12.replace("<xliff", f'<!DOCTYPE xliff SYSTEM "{url}">\n<xliff', 1)
        tmx = TMX_NO_ES.replace('"fr"', '"es"').replace("<tmx", f'<!DOCTYPE tmx PUBLIC "-//x//y" "{url}">\n<tmx', 1)
        tbx = TBX.replace("<tbx", f'<!DOCTYPE tbx SYSTEM "{url}">\n<tbx', 1)
        (tmp_path / "doc.xlf").write_text(xlf)
        (tmp_path / "doc.tmx").write_text(tmx)
        (tmp_path / "in.tbx").write_text(tbx)
        proc = run_cli(CHECK + ["doc.xlf", "doc.tmx"], tmp_path, timeout=30)
        assert proc.returncode in (0, 1) and "Traceback" not in proc.stderr, proc.stderr
        proc2 = run_cli(["import", "in.tbx", "--into", "out.po"], tmp_path, timeout=30)
        assert proc2.returncode == 0, proc2.stderr
        with pytest.raises(BlockingIOError):
            srv.accept()


# --------------------------------------------------------------------------- size


def _run_measured(args: list[str], cwd: Path, timeout: float) -> tuple[subprocess.CompletedProcess[str], int]:
    """Run the CLI in a fresh child; return the result and that child's peak RSS in KiB."""
    code = (
        "import resource, subprocess, sys, os\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True)\n"
        "sys.stdout.buffer.write(p.stdout); sys.stderr.buffer.write(p.stderr)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=open('rss.out', 'w'))\n"
        "sys.exit(p.returncode)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, sys.executable, "-m", "glossary", *args], cwd=cwd,
                          capture_output=True, timeout=timeout, env=_env())
    rss = int((cwd / "rss.out").read_text())
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode("utf-8", "replace"),
                                       proc.stderr.decode("utf-8", "replace")), rss


BIG = 50 * 1024 * 1024


@pytest.mark.parametrize("name,make,command", [
    ("big.en.txt", lambda: b"The Ministry of the Interior said. " * (BIG // 35), CHECK),
    ("big.po", lambda: (HEADER + '\nmsgid "' + "a" * BIG + '"\nmsgstr "b"\n').encode(), CHECK),
    ("big.xlf", lambda: (XLIFF12.replace("\n", "")[:-len("</body></file></xliff>")]
                         + '<trans-unit id="2"><source>x</source><target>' + "y" * BIG
                         + "</target></trans-unit></body></file></xliff>").encode(), CHECK),
    ("big.csv", lambda: b"Ministry," + b"x" * BIG, ["import", "--into", "out.po"]),
    ("big.tbx", lambda: TBX.replace("Ministry", "M" * BIG).encode(), ["import", "--into", "out.po"]),
], ids=["text", "po", "xliff", "csv-import", "tbx-import"])
def test_one_line_50mb_file(name: str, make: Callable[[], bytes], command: list[str], tmp_path: Path) -> None:
    """A 50 MB file on one line: refused with one error line, in seconds, in bounded memory."""
    _write_common(tmp_path)
    (tmp_path / name).write_bytes(make())
    proc, rss_kib = _run_measured(command + [name], tmp_path, timeout=60)
    assert_one_error(proc, name, words=() if command[0] == "import" else ("too long",))
    assert rss_kib < 400 * 1024, f"peak RSS {rss_kib // 1024} MiB"


def test_rusage_measures_children() -> None:
    """The RSS bound above means something: a child that allocates 200 MB shows it."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run([sys.executable, "-c", "x = bytearray(200 * 1024 * 1024); x[::4096] = b'1' * len(x[::4096])"],
                   check=True, timeout=60)
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss >= max(before, 190 * 1024)


def test_stdin_binary(tmp_path: Path) -> None:
    _write_common(tmp_path)
    proc = run_cli(CHECK + ["--lang", "en", "-"], tmp_path, stdin=PNG)
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 2 and len(proc.stderr.splitlines()) == 1, proc.stderr
    assert "<stdin>" in proc.stderr


def test_samples_still_read(tmp_path: Path) -> None:
    """The hardening refuses hostile files, not real ones: every shared sample reads cleanly."""
    _write_common(tmp_path)
    docs = [SAMPLES / n for n in ("xliff12_swordfish_en-es.xlf", "xliff12_worldserver_en-es.xlf",
                                  "xliff12_angular_en-es.xlf", "tmx11_omegat_en-es.tmx",
                                  "tmx14_lisa-compliance-kit_ImportTest1C.tmx", "gnome-glossary_es.po",
                                  "gnucash-glossary_es.po")]
    proc = run_cli(CHECK + ["--source-lang", "en", *map(str, docs)], tmp_path)
    assert proc.returncode in (0, 1) and "Traceback" not in proc.stderr, proc.stderr
    assert f"({len(docs)} files checked)" in proc.stdout, proc.stdout[-300:]


def test_file_name_with_a_line_break_stays_one_line(tmp_path: Path) -> None:
    """A hostile file name cannot forge a second error line (or a fake finding)."""
    _write_common(tmp_path)
    name = "evil\nglossary: ok.en.txt"
    (tmp_path / name).write_bytes(b"\xff\n")
    proc = run_cli(CHECK + [name], tmp_path)
    assert_one_error(proc, "evil\\nglossary: ok.en.txt", 1, words=("utf-8",))


def test_stdin_invalid_utf8(tmp_path: Path) -> None:
    _write_common(tmp_path)
    proc = run_cli(CHECK + ["--lang", "es", "-"], tmp_path, stdin="línea uno\nSecretaría\n".encode("latin-1"))
    assert_one_error(proc, "<stdin>", 1, words=("utf-8",))


@pytest.mark.parametrize("args,where", [
    (CHECK + ["zero.en.txt"], "zero.en.txt"),
    (CHECK + ["docs"], "zero.es.txt"),
    (["check", "--no-builtin", "--glossary", "zero.po", "a.en.txt"], "zero.po"),
    (["fmt", "zero.po"], "zero.po"),
    (["import", "zero.csv", "--into", "out.po"], "zero.csv"),
    (["import", "zero.tbx", "--into", "out.po"], "zero.tbx"),
    (["tm", "import", "zero.po", "--memory", "mem.po"], "zero.po"),
    (["update", "--template", "zero.po", "--po", "tb.po"], "zero.po"),
], ids=["check", "walked", "glossary", "fmt", "import-csv", "import-tbx", "tm-import", "update"])
def test_device_instead_of_a_file(args: list[str], where: str, tmp_path: Path) -> None:
    """A symlink to /dev/zero (one line in a pull request) must not read forever and eat memory."""
    if not available(args[0]):
        pytest.skip(f"glossary {args[0]} has not landed")
    _write_common(tmp_path)
    for name in ("zero.en.txt", "zero.po", "zero.csv", "zero.tbx"):
        os.symlink("/dev/zero", tmp_path / name)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "ok.en.txt").write_text("The Ministry of the Interior.\n")
    os.symlink("/dev/zero", tmp_path / "docs" / "zero.es.txt")
    proc = run_cli(args, tmp_path, timeout=30)
    if args[:2] == ["check", "--no-builtin"] and "--glossary" in args and "zero.po" in args:
        assert_one_error(proc, where)  # not a term-base file
    else:
        assert_one_error(proc, where, words=("device",))


def test_named_pipe_in_a_walked_folder_is_skipped(tmp_path: Path) -> None:
    """Walking a folder never opens a FIFO (it would block forever with no writer)."""
    _write_common(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "ok.es.txt").write_text("La Secretaria de Gobernacion.\n")
    os.mkfifo(tmp_path / "docs" / "pipe.es.txt")
    proc = run_cli(CHECK + ["docs"], tmp_path, timeout=30)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert "docs/ok.es.txt:1:4: GL105" in proc.stdout and "pipe" not in proc.stdout + proc.stderr


def test_errors_cross_process_boundaries() -> None:
    """``--jobs`` workers send errors back pickled: every field survives."""
    import pickle

    from glossary.errors import ConflictError, DataError

    for exc in (DataError("a.po", 3, "bad"), ConflictError("b.po", None, "changed on disk")):
        back = pickle.loads(pickle.dumps(exc))
        assert type(back) is type(exc)
        assert (back.path, back.line, back.message, str(back)) == (exc.path, exc.line, exc.message, str(exc))


PATHOLOGICAL = {
    "quote-marks.en.md": ">" * 300_000,
    "dotted-words.en.md": "a." * 150_000,
    "blank-after-quote.en.md": "> " + " " * 300_000 + "x",
    "code-spans.en.md": "``a " * 75_000,
    "brackets.en.md": "[" * 150_000 + "](" * 75_000,
    "one-long-line.es.txt": "Secretaria de Gobernacion " * 12_000,
    "hyphens.es.txt": "-" * 300_000,
    "quotes.csv": '"' * 300_001,
    "escapes.po": 'msgid "a"\nmsgstr "' + "\\n\\t\\\"" * 50_000 + '"\n',
    "entities.xlf": XLIFF12.replace("El secretario", "&amp;&#233;&lt;" * 20_000),
}
"""Inputs that make naive parsers (backtracking regexes) take quadratic time or worse."""


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological_input_finishes_in_seconds(name: str, tmp_path: Path) -> None:
    """300 KB crafted to trigger super-linear behaviour: linear code reads it in about a
    second; a quadratic regex would run for minutes and hit the timeout."""
    _write_common(tmp_path)
    (tmp_path / name).write_text(PATHOLOGICAL[name])
    try:
        proc = run_cli(CHECK + [name], tmp_path, timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{name}: still running after 30 s (super-linear parsing?)")
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert proc.returncode in (0, 1, 2), proc.stderr
    if proc.returncode == 2:
        assert len(proc.stderr.splitlines()) == 1 and name in proc.stderr, proc.stderr
