"""Crash safety and concurrency of every command that writes.

A writer killed with SIGKILL at any moment leaves each file it writes either as it was or
as the finished command would have left it: never a mix, never empty. Two writers at once
both land (the term base is locked), and a file changed on disk since it was read is not
overwritten.
"""

from __future__ import annotations

import hashlib
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

HEADER = (
    "# Term base for the crash tests.\n"
    'msgid ""\nmsgstr ""\n'
    '"Language: es\\n"\n'
    '"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
)


def term_base(n: int = 800, *, canonical_gap: str = "\n") -> str:
    """A term base of ``n`` concepts (about 100 bytes each), big enough that writing it takes a while."""
    entries = [
        f"#. type: other\n# es-admitted: término alternativo {i}\n"
        f'msgctxt "c-{i:05d}"\nmsgid "Term number {i}"\nmsgstr "Término número {i}"\n'
        for i in range(n)
    ]
    return HEADER + "\n" + canonical_gap.join(entries)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(GLOSSARY_CACHE_DIR="", NO_COLOR="1", PYTHONPATH=str(REPO), LC_ALL="C.UTF-8")
    return env


def cli(args: list[str], cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``python -m glossary ARGS`` to completion."""
    return subprocess.run([sys.executable, "-m", "glossary", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env=_env())


def available(*words: str) -> bool:
    """True when ``glossary WORDS --help`` works (the command has landed)."""
    proc = subprocess.run([sys.executable, "-m", "glossary", *words, "--help"], capture_output=True, text=True,
                          env=_env(), cwd=REPO, timeout=60)
    return proc.returncode == 0


def _digest(data: bytes | None) -> str:
    return "missing" if data is None else f"{len(data)} bytes sha256:{hashlib.sha256(data).hexdigest()[:12]}"


def _snapshot(folder: Path, names: tuple[str, ...]) -> dict[str, bytes | None]:
    return {n: (folder / n).read_bytes() if (folder / n).exists() else None for n in names}


# --------------------------------------------------------------------------- the writers


@dataclass(frozen=True)
class Writer:
    """A command that writes ``files`` in a folder prepared by ``setup``."""

    id: str
    setup: Callable[[Path], None]
    args: list[str]
    files: tuple[str, ...]
    needs: tuple[str, ...] = ()


def _tb(folder: Path, text: str | None = None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tb.po").write_text(text if text is not None else CANONICAL)


def _setup_import(folder: Path) -> None:
    _tb(folder)
    rows = "".join(f"Imported term {i},término importado {i}\n" for i in range(200))
    (folder / "in.csv").write_text(rows)


def _setup_fix(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "doc.es.txt").write_text("Méjico y la Secretaría de Gobernación.\n\n" * 400)


def _setup_export(folder: Path) -> None:
    _tb(folder)
    (folder / "out.tbx").write_text("<previous export/>\n")


def _setup_baseline(folder: Path) -> None:
    _setup_fix(folder)
    (folder / "baseline.json").write_text('{"previous": true}\n')


SAMPLES = REPO.parent / "shared" / "samples"


def _setup_tm(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mem.po").write_bytes(MEMORY)


def _setup_pretranslate(folder: Path) -> None:
    _setup_tm(folder)
    units = "".join(f'msgid "Version {{0}} - Build {{1}} ({i})"\nmsgstr ""\n\n' for i in range(150))
    (folder / "doc.po").write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                                   'msgid "Version {0} - Build {1}"\nmsgstr ""\n\n' + units)
    (folder / "out.po").write_text("previous output\n")


def _setup_tm_export(folder: Path) -> None:
    _setup_tm(folder)
    (folder / "out.tmx").write_text("<previous/>\n")


def _setup_update(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    pot = (REPO / "locales" / "glossary.pot").read_text()
    (folder / "t.pot").write_text(pot + '\n#. type: other\nmsgctxt "new-concept"\nmsgid "New concept"\nmsgstr ""\n')
    (folder / "tb.po").write_bytes((REPO / "locales" / "es" / "glossary.po").read_bytes())


def _setup_extract(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "d.en.txt").write_text("The Secretary of the Interior met the Undersecretary of Public Security.\n"
                                     "The Commissioner of the National Migration Institute spoke.\n" * 50)
    (folder / "out.pot").write_text("# previous template\n")


CANONICAL = ""  # filled in by the fixture below: term_base() after `glossary fmt`
MEMORY = b""  # a translation memory made by `glossary tm import`, when tm has landed

WRITERS: list[Writer] = [
    Writer("fmt", lambda f: _tb(f, term_base(canonical_gap="\n\n\n")), ["fmt", "tb.po"], ("tb.po",)),
    Writer("terms-add", _tb, ["terms", "add", "--glossary", "tb.po", "--id", "new-one", "--en", "Foreign Minister",
                              "--es", "canciller"], ("tb.po",)),
    Writer("terms-edit", _tb, ["terms", "edit", "--glossary", "tb.po", "c-00400", "--set-es", "Término nuevo"],
           ("tb.po",)),
    Writer("terms-remove", _tb, ["terms", "remove", "--glossary", "tb.po", "c-00799"], ("tb.po",)),
    Writer("import", _setup_import, ["import", "in.csv", "--into", "tb.po"], ("tb.po",)),
    Writer("export", _setup_export, ["export", "out.tbx", "--no-builtin", "--glossary", "tb.po"], ("out.tbx",)),
    Writer("check-fix", _setup_fix, ["check", "--fix", "doc.es.txt"], ("doc.es.txt",), needs=("check", "--fix")),
    Writer("check-output", _setup_fix, ["check", "--format", "json", "-o", "report.json", "doc.es.txt"],
           ("report.json",)),
    Writer("write-baseline", _setup_baseline, ["check", "--write-baseline", "baseline.json", "doc.es.txt"],
           ("baseline.json",), needs=("check", "--write-baseline")),
    Writer("tm-import", _setup_tm, ["tm", "import", str(SAMPLES / "xliff12_swordfish_en-es.xlf"), "--memory",
                                    "mem.po"], ("mem.po",), needs=("tm", "import", "--memory")),
    Writer("tm-pretranslate", _setup_pretranslate, ["tm", "pretranslate", "doc.po", "out.po", "--memory", "mem.po"],
           ("out.po",), needs=("tm", "pretranslate", "--memory")),
    Writer("tm-export", _setup_tm_export, ["tm", "export", "out.tmx", "--to", "tmx", "--memory", "mem.po"],
           ("out.tmx",), needs=("tm", "export", "--memory")),
    Writer("update", _setup_update, ["update", "--template", "t.pot", "--po", "tb.po"], ("tb.po",),
           needs=("update", "--template")),
    Writer("extract", _setup_extract, ["extract", "-o", "out.pot", "--force", "d.en.txt"], ("out.pot",),
           needs=("extract", "--force")),
]


@pytest.fixture(scope="module", autouse=True)
def _canonical_term_base(tmp_path_factory: pytest.TempPathFactory) -> None:
    global CANONICAL, MEMORY
    folder = tmp_path_factory.mktemp("canonical")
    (folder / "tb.po").write_text(term_base())
    proc = cli(["fmt", "tb.po"], folder)
    assert proc.returncode == 0, proc.stderr
    CANONICAL = (folder / "tb.po").read_text()
    if _has_option(("tm", "import", "--memory")):
        proc = cli(["tm", "import", str(SAMPLES / "tmx11_omegat_en-es.tmx"), "--memory", "mem.po"], folder)
        assert proc.returncode == 0, proc.stderr
        MEMORY = (folder / "mem.po").read_bytes()


def _has_option(words: tuple[str, ...]) -> bool:
    *command, option = words
    proc = subprocess.run([sys.executable, "-m", "glossary", *command, "--help"], capture_output=True, text=True,
                          env=_env(), cwd=REPO, timeout=60)
    return proc.returncode == 0 and option in proc.stdout


KILLS = 5
"""SIGKILLs per writer; with the reference run about 15 runs of well under a second each."""


@pytest.mark.parametrize("writer", WRITERS, ids=[w.id for w in WRITERS])
def test_sigkill_leaves_old_or_new(writer: Writer, tmp_path: Path) -> None:
    if writer.needs and not _has_option(writer.needs):
        pytest.skip(f"{' '.join(writer.needs)} has not landed")
    ref = tmp_path / "ref"
    writer.setup(ref)
    old = _snapshot(ref, writer.files)
    started = time.monotonic()
    proc = cli(writer.args, ref)
    took = time.monotonic() - started
    assert proc.returncode in (0, 1), proc.stderr
    new = _snapshot(ref, writer.files)
    assert any(new[n] != old[n] for n in writer.files), "the reference run changed nothing"
    assert all(new[n] for n in writer.files), "the reference run left an empty or missing file"

    rng = random.Random(f"{writer.id}-{os.getpid()}")
    outcomes = {"old": 0, "new": 0}
    for i in range(KILLS):
        work = tmp_path / f"kill{i}"
        writer.setup(work)
        given = {p.name for p in work.iterdir()}
        child = subprocess.Popen([sys.executable, "-m", "glossary", *writer.args], cwd=work, env=_env(),
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # half the kills anywhere in the run, half late, where the writing happens
        delay = rng.uniform(0, took) if i % 2 else rng.uniform(0.6 * took, 1.1 * took)
        time.sleep(delay)
        child.kill()
        child.wait(timeout=60)
        now = _snapshot(work, writer.files)
        for name in writer.files:
            assert now[name] in (old[name], new[name]), (
                f"{name} after SIGKILL at {delay:.3f}s is neither old ({_digest(old[name])}) "
                f"nor new ({_digest(new[name])}): {_digest(now[name])}"
            )
            outcomes["old" if now[name] == old[name] else "new"] += 1
    # the last killed folder still works: no stale lock, the command finishes and writes the new version
    if _snapshot(work, writer.files) == old:
        again = cli(writer.args, work)
        assert again.returncode in (0, 1), again.stderr
        assert _snapshot(work, writer.files) == new
    # temporary files may survive a SIGKILL, but never under a name a reader would pick up
    for leftover in work.iterdir():
        assert leftover.name in given | set(writer.files) | {f + ".lock" for f in writer.files} or \
            leftover.name.startswith("."), leftover.name


KILL_AT = """
import os, signal, sys, runpy, types
import glossary.writes as w
point = os.environ["KILL_AT"]
def die():
    os.kill(os.getpid(), signal.SIGKILL)
class Half:
    def __init__(self, fh):
        self.fh = fh
    def __enter__(self):
        return self
    def __exit__(self, *a):
        self.fh.close()
    def write(self, data):
        self.fh.write(data[: len(data) // 2])
        self.fh.flush()
        die()
    def __getattr__(self, name):
        return getattr(self.fh, name)
proxy = types.SimpleNamespace(**{k: getattr(os, k) for k in dir(os) if not k.startswith("__")})
if point == "mid-write":
    proxy.fdopen = lambda fd, mode: Half(os.fdopen(fd, mode))
elif point == "before-rename":
    proxy.replace = lambda a, b: die()
elif point == "after-rename":
    def replace_then_die(a, b):
        os.replace(a, b)
        die()
    proxy.replace = replace_then_die
w.os = proxy
sys.argv[0] = "glossary"
runpy.run_module("glossary", run_name="__main__", alter_sys=True)
"""
"""Runs the CLI and SIGKILLs it at one exact point of the atomic write."""

EXACT = [w for w in WRITERS if w.id in ("fmt", "terms-add", "import", "export", "check-fix")]


@pytest.mark.parametrize("writer,point", [(w, p) for w in EXACT for p in ("mid-write", "before-rename")]
                         + [(EXACT[1], "after-rename")],
                         ids=[f"{w.id}-{p}" for w in EXACT for p in ("mid-write", "before-rename")]
                         + [f"{EXACT[1].id}-after-rename"])
def test_sigkill_at_each_step_of_the_write(writer: Writer, point: str, tmp_path: Path) -> None:
    """Deterministic companion of the random kills: die inside the write itself."""
    if writer.needs and not _has_option(writer.needs):
        pytest.skip(f"{' '.join(writer.needs)} has not landed")
    ref = tmp_path / "ref"
    writer.setup(ref)
    old = _snapshot(ref, writer.files)
    if point == "after-rename":
        assert cli(writer.args, ref).returncode in (0, 1)
    new = _snapshot(ref, writer.files)
    work = tmp_path / "work"
    writer.setup(work)
    proc = subprocess.run([sys.executable, "-c", KILL_AT, *writer.args], cwd=work, capture_output=True,
                          env=dict(_env(), KILL_AT=point), timeout=120)
    assert proc.returncode == -9, proc.stderr  # it really died at that point
    expected = new if point == "after-rename" else old
    assert _snapshot(work, writer.files) == expected
    if point == "before-rename" and writer.id == "terms-add":
        again = cli(writer.args, work)  # the next run is not stuck on the dead writer's lock
        assert again.returncode == 0, again.stderr


# --------------------------------------------------------------------------- concurrency


def test_concurrent_adds_all_land(tmp_path: Path) -> None:
    _tb(tmp_path)
    n = 6
    procs = [
        subprocess.Popen([sys.executable, "-m", "glossary", "terms", "add", "--glossary", "tb.po", "--id",
                          f"concurrent-{k}", "--en", f"Concurrent term {k}", "--es", f"término concurrente {k}"],
                         cwd=tmp_path, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for k in range(n)
    ]
    for p in procs:
        _out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    text = (tmp_path / "tb.po").read_text()
    for k in range(n):
        assert f'msgctxt "concurrent-{k}"' in text
    assert text.count("msgctxt ") == 800 + n
    assert not (tmp_path / "tb.po.lock").exists()


def test_concurrent_import_and_add_both_land(tmp_path: Path) -> None:
    _setup_import(tmp_path)
    a = subprocess.Popen([sys.executable, "-m", "glossary", "import", "in.csv", "--into", "tb.po"], cwd=tmp_path,
                         env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    b = subprocess.Popen([sys.executable, "-m", "glossary", "terms", "add", "--glossary", "tb.po", "--id", "added-meanwhile",
                          "--en", "Added meanwhile", "--es", "añadido mientras"], cwd=tmp_path, env=_env(),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for p in (a, b):
        _out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    text = (tmp_path / "tb.po").read_text()
    assert 'msgctxt "added-meanwhile"' in text
    assert text.count('msgid "Imported term ') == 200


def test_concurrent_tm_imports_both_land(tmp_path: Path) -> None:
    if not _has_option(("tm", "import", "--memory")):
        pytest.skip("glossary tm import has not landed")
    files = [SAMPLES / "xliff12_swordfish_en-es.xlf", SAMPLES / "tmx14_lisa-compliance-kit_ImportTest1C.tmx",
             SAMPLES / "xliff12_angular_en-es.xlf"]
    # the same imports one after the other give the memory to expect
    serial = tmp_path / "serial"
    _setup_tm(serial)
    for f in files:
        assert cli(["tm", "import", str(f), "--memory", "mem.po"], serial).returncode == 0

    def entries(path: Path) -> set[str]:
        blocks = path.read_text().split("\n\n")
        return {"\n".join(ln for ln in b.splitlines() if not ln.startswith(("#:", "msgctxt"))) for b in blocks}

    for attempt in range(3):  # the race (two imports deciding on the same old state) is timing-dependent
        work = tmp_path / f"concurrent{attempt}"
        _setup_tm(work)
        procs = [subprocess.Popen([sys.executable, "-m", "glossary", "tm", "import", str(f), "--memory", "mem.po"],
                                  cwd=work, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for f in files]
        for p in procs:
            _out, err = p.communicate(timeout=120)
            assert p.returncode == 0, err
        text = (work / "mem.po").read_text()
        assert text.count("\nmsgid ") == (serial / "mem.po").read_text().count("\nmsgid "), "entries lost or doubled"
        assert entries(work / "mem.po") == entries(serial / "mem.po")
        check = subprocess.run(["msgfmt", "-c", "-o", os.devnull, "mem.po"], cwd=work, capture_output=True, text=True)
        assert check.returncode == 0, check.stderr  # no duplicate definitions


def test_changed_on_disk_since_read_is_not_clobbered(tmp_path: Path) -> None:
    """An editor saves the file between our read and our write: we refuse, its save survives."""
    from glossary.errors import ConflictError
    from glossary.po import read_catalog, update_catalog, write_catalog

    path = tmp_path / "tb.po"
    path.write_text(CANONICAL)
    cat = read_catalog(path)
    edited = CANONICAL.replace("Término número 7\"", "Término editado 7\"")
    path.write_text(edited)
    with pytest.raises(ConflictError, match="changed on disk"):
        write_catalog(cat)
    assert path.read_text() == edited

    def change(c):  # noqa: ANN001, ANN202 - the catalog type is glossary.po's
        path.write_text(edited + "\n")  # someone saves while we work on the catalog
        return c

    path.write_text(CANONICAL)
    with pytest.raises(ConflictError):
        update_catalog(path, change)
    assert path.read_text() == edited + "\n"
    # deleted meanwhile: not recreated from a stale read
    cat = read_catalog(path)
    path.unlink()
    with pytest.raises(ConflictError, match="deleted"):
        write_catalog(cat)
    assert not path.exists()


def test_conflict_through_the_cli_is_one_line(tmp_path: Path) -> None:
    """``fmt`` loses the race against an editor: exit 2, one line, the editor's bytes kept.

    The race is forced by a wrapper that edits the file right after the command read it.
    """
    (tmp_path / "tb.po").write_text(term_base(50, canonical_gap="\n\n"))
    code = (
        "import sys, glossary.po.files as s\n"
        "real = s.read_catalog\n"
        "def racing(path):\n"
        "    cat = real(path)\n"
        "    open(path, 'a').write('# editor was here\\n')\n"
        "    return cat\n"
        "s.read_catalog = racing\n"
        "sys.argv[0] = 'glossary'\n"
        "import runpy; runpy.run_module('glossary', run_name='__main__', alter_sys=True)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, "fmt", "tb.po"], cwd=tmp_path, capture_output=True,
                          text=True, env=_env(), timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.splitlines()) == 1, proc.stderr
    assert "tb.po" in proc.stderr and "changed on disk" in proc.stderr
    assert (tmp_path / "tb.po").read_text().endswith("# editor was here\n")


# --------------------------------------------------------------------------- the atomic write itself


@pytest.mark.parametrize("fail_at", ["write", "fsync", "chmod", "replace"])
def test_failed_write_leaves_old_file_and_no_temp(fail_at: str, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Every step of write_bytes_atomic can fail (disk full, I/O error, signal): old file intact."""
    import glossary.writes as writes
    from glossary.errors import DataError

    target = tmp_path / "f.txt"
    target.write_bytes(b"old contents\n")
    os.chmod(target, 0o640)

    def boom(*_a: object, **_k: object) -> None:
        raise OSError(28, "No space left on device")

    if fail_at == "write":
        real_fdopen = os.fdopen

        class Full:
            def __init__(self, fh: object) -> None:
                self.fh = fh

            def __enter__(self) -> "Full":
                return self

            def __exit__(self, *a: object) -> None:
                self.fh.close()  # type: ignore[attr-defined]

            def write(self, data: bytes) -> int:
                self.fh.write(data[: len(data) // 2])  # type: ignore[attr-defined]
                raise OSError(28, "No space left on device")

        monkeypatch.setattr(writes.os, "fdopen", lambda fd, mode: Full(real_fdopen(fd, mode)))
    else:
        monkeypatch.setattr(writes.os, {"fsync": "fsync", "chmod": "chmod", "replace": "replace"}[fail_at], boom)
    with pytest.raises(DataError, match="No space left"):
        writes.write_bytes_atomic(target, b"new contents, much longer than the old ones\n" * 100)
    monkeypatch.undo()
    assert target.read_bytes() == b"old contents\n"
    assert os.stat(target).st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["f.txt"]


def test_interrupt_during_write_leaves_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import glossary.writes as writes

    target = tmp_path / "f.txt"
    target.write_bytes(b"old\n")

    def interrupted(_fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(writes.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        writes.write_bytes_atomic(target, b"new\n")
    monkeypatch.undo()
    assert target.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["f.txt"]


def test_write_keeps_permissions_and_follows_no_temp_symlink(tmp_path: Path) -> None:
    from glossary.writes import write_bytes_atomic

    target = tmp_path / "f.txt"
    target.write_bytes(b"old\n")
    os.chmod(target, 0o600)
    write_bytes_atomic(target, b"new\n")
    assert target.read_bytes() == b"new\n"
    assert os.stat(target).st_mode & 0o777 == 0o600


def test_write_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    """A term base symlinked from elsewhere is updated where it lives; the link stays a link."""
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "tb.po").write_text(CANONICAL)
    work = tmp_path / "work"
    work.mkdir()
    os.symlink(shared / "tb.po", work / "tb.po")
    proc = cli(["terms", "add", "--glossary", "tb.po", "--id", "linked", "--en", "Linked term", "--es", "término"],
               work)
    assert proc.returncode == 0, proc.stderr
    assert (work / "tb.po").is_symlink()
    assert 'msgctxt "linked"' in (shared / "tb.po").read_text()


def test_fmt_and_add_at_once_both_land(tmp_path: Path) -> None:
    """``fmt`` takes the term-base lock too: an ``add`` arriving while fmt works waits for it
    and lands, instead of being overwritten by fmt's stale copy. fmt is slowed down right
    before its write so that the add surely arrives in the middle."""
    (tmp_path / "tb.po").write_text(term_base(50, canonical_gap="\n\n"))
    slow_fmt = (
        "import sys, time, glossary.po.files as s\n"
        "real = s.write_bytes_atomic\n"
        "def slow(path, data):\n"
        "    open('fmt-read', 'w').close()\n"
        "    time.sleep(1.5)\n"
        "    real(path, data)\n"
        "s.write_bytes_atomic = slow\n"
        "sys.argv[0] = 'glossary'\n"
        "import runpy; runpy.run_module('glossary', run_name='__main__', alter_sys=True)\n"
    )
    fmt = subprocess.Popen([sys.executable, "-c", slow_fmt, "fmt", "tb.po"], cwd=tmp_path, env=_env(),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (tmp_path / "fmt-read").exists():
        assert fmt.poll() is None and time.monotonic() < deadline, fmt.communicate()
        time.sleep(0.02)
    add = cli(["terms", "add", "--glossary", "tb.po", "--id", "during-fmt", "--en", "During fmt", "--es", "durante"],
              tmp_path)
    _out, err = fmt.communicate(timeout=60)
    assert fmt.returncode == 0, err
    assert add.returncode == 0, add.stderr
    text = (tmp_path / "tb.po").read_text()
    assert 'msgctxt "during-fmt"' in text
    assert cli(["fmt", "--check", "tb.po"], tmp_path).returncode == 0  # and it is canonical
