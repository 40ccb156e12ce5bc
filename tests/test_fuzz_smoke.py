"""A bounded run of the reader fuzzer (tests/fuzz/fuzz_readers.py) as part of the test suite.

hypothesis drives it with a fixed budget and derandomized inputs, so CI is repeatable;
run the fuzzer itself for longer, random, or coverage-guided (atheris) sessions.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

FUZZ = Path(__file__).resolve().parent / "fuzz" / "fuzz_readers.py"


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fuzz_readers", FUZZ)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["fuzz_readers"] = mod
    spec.loader.exec_module(mod)
    return mod


fr = _module()


@pytest.mark.parametrize("target", fr.TARGETS, ids=[t.name for t in fr.TARGETS])
def test_fuzz_reader(target: object) -> None:
    """60 mutated inputs per reader: each reads or raises GlossaryError, nothing else."""
    fr.hypothesis_fuzz((target,), examples=60, derandomize=True)


def test_every_target_has_real_seeds() -> None:
    for target in fr.TARGETS:
        assert any(len(s) > 60 for s in fr.seeds(target)), target.name


def test_the_fuzzer_catches_a_bug() -> None:
    """Not vacuous: a reader that raises something other than GlossaryError fails the run."""
    from hypothesis.errors import HypothesisException

    def broken(path: str) -> object:
        data = Path(path).read_bytes()
        if b"\r" in data or b"<" in data or len(data) % 3 == 0:
            raise ValueError("reader bug")
        return None

    bad = fr.Target("broken", "x.txt", ("@doc.es.txt",), broken)
    with pytest.raises((ValueError, HypothesisException)):
        fr.hypothesis_fuzz((bad,), examples=50, derandomize=True)


def test_replay_and_corpus(tmp_path: Path) -> None:
    n = fr.make_corpus(str(tmp_path / "corpus"))
    assert n == len(list((tmp_path / "corpus").iterdir())) >= len(fr.TARGETS)
    sample = sorted((tmp_path / "corpus").iterdir())[0]
    proc = subprocess.run([sys.executable, str(FUZZ), "--replay", str(sample)], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr


def test_atheris_run(tmp_path: Path) -> None:
    """A short coverage-guided session when atheris is installed."""
    pytest.importorskip("atheris", reason="atheris is not installed (pip install atheris)")
    corpus = tmp_path / "corpus"
    fr.make_corpus(str(corpus))
    proc = subprocess.run([sys.executable, str(FUZZ), "--atheris", str(corpus), "-runs=600", "-max_total_time=15",
                           f"-artifact_prefix={tmp_path}/"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Done" in proc.stderr or "DONE" in proc.stderr, proc.stderr[-2000:]
