"""Shared fixtures: the repository, the shared samples and schemas, an in-process CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SAMPLES = SHARED / "samples"
SCHEMAS = SHARED / "schemas"
SEEDS = REPO / "seeds"
LOCALES = REPO / "locales"


@pytest.fixture
def samples() -> Path:
    """``../shared/samples``: real files written by real tools."""
    if not SAMPLES.is_dir():
        pytest.fail(f"shared samples not found at {SAMPLES}")
    return SAMPLES


@pytest.fixture
def schemas() -> Path:
    """``../shared/schemas``: SARIF, TMX, XLIFF and TBX schemas."""
    if not SCHEMAS.is_dir():
        pytest.fail(f"shared schemas not found at {SCHEMAS}")
    return SCHEMAS


@pytest.fixture
def runner() -> CliRunner:
    """click's in-process runner with stderr kept apart from stdout."""
    return CliRunner()
