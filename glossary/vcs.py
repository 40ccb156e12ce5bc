"""Git at the edge: which files changed against a ref (``glossary check --changed``)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from glossary.errors import UsageError

__all__ = ["changed_files"]


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, timeout=120)
    except FileNotFoundError:
        raise UsageError("--changed needs git, which is not installed or not on PATH") from None
    except (OSError, subprocess.SubprocessError) as exc:
        raise UsageError(f"--changed: running git failed: {exc}") from None


def _names(out: bytes) -> list[str]:
    return [n for n in out.decode("utf-8", "surrogateescape").split("\0") if n]


def changed_files(ref: str, *, cwd: Path) -> list[str]:
    """Files changed against ``ref``, as paths relative to ``cwd``, sorted.

    "Changed" is everything that differs between the working tree and the merge base of
    ``ref`` and ``HEAD`` (so ``origin/main`` means "changed on this branch"): committed,
    staged and unstaged edits, renames and copies (by their new name), and untracked files
    git does not ignore. Deleted files are left out. Raises ``UsageError`` outside a git
    work tree or for a ref git does not know.
    """
    top = _git(["rev-parse", "--show-toplevel"], cwd)
    if top.returncode != 0:
        raise UsageError(f"--changed: {cwd} is not inside a git work tree")
    root = Path(top.stdout.decode("utf-8", "surrogateescape").strip())
    verify = _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd)
    if verify.returncode != 0:
        hint = (" (it is a path: put paths before --changed, or write --changed=HEAD)"
                if (cwd / ref).exists() else "")
        raise UsageError(f"--changed: unknown git ref {ref!r}{hint}")
    base = ref
    merge_base = _git(["merge-base", ref, "HEAD"], cwd)
    if merge_base.returncode == 0 and merge_base.stdout.strip():
        base = merge_base.stdout.decode().strip()
    diff = _git(["diff", "--name-only", "-z", "--no-renames", "--diff-filter=d", base, "--"], root)
    if diff.returncode != 0:
        raise UsageError(f"--changed: git diff failed: {diff.stderr.decode(errors='replace').strip()}")
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z", "--full-name"], root)
    names = set(_names(diff.stdout)) | (set(_names(untracked.stdout)) if untracked.returncode == 0 else set())
    here = cwd.resolve()
    out = []
    for name in names:
        full = root / name
        if not full.is_file():
            continue
        out.append(os.path.relpath(full, here))
    return sorted(out)
