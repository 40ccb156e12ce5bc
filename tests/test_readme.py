"""README.md stays accurate: the set-up commands, every command and option, rule and PO key."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from glossary.health import KNOWN_KEYS
from glossary.rules import all_rules

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_fresh_machine_commands():
    blocks = re.findall(r"```sh\n(.*?)```", README, re.S)
    assert blocks[0].strip().startswith("pip install . && glossary check")
    assert blocks[1].strip() == "pip install -e '.[test]' && pytest"
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -e '.[test]' && pytest" in ci


def test_cli_reference_is_current():
    proc = subprocess.run([sys.executable, str(REPO / "tests" / "tools" / "cli_reference.py"), "--check"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_every_rule_is_documented():
    for rule in all_rules():
        assert f"`{rule.code}`" in README and rule.name in README, rule.code


def test_every_po_key_is_documented():
    for key in KNOWN_KEYS:
        assert f"`{key}`" in README, key


def test_the_bad_translation_example_is_what_check_prints(tmp_path: Path) -> None:
    """The transcript under 'What it says about a bad translation' is replayed: the files
    its `cat` commands show, then `glossary check`, whose output and exit code must match."""
    block = README.split("## What it says about a bad translation", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    commands = re.split(r"^\$ ", block, flags=re.M)[1:]
    outputs = {}
    for chunk in commands:
        command, _, output = chunk.partition("\n")
        outputs[command] = output
    for name in ("release.en.txt", "release.es.txt"):
        (tmp_path / name).write_text(outputs[f"cat {name}"], encoding="utf-8")
    check = next(c for c in outputs if c.startswith("glossary check"))
    proc = subprocess.run([sys.executable, "-m", "glossary", *check.split()[1:]], cwd=tmp_path,
                          capture_output=True, text=True)
    assert proc.stdout == outputs[check], proc.stderr
    assert str(proc.returncode) == outputs["echo $?"].strip()
