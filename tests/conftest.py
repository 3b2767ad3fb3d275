"""Fixtures shared by several test files."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RECORDINGS = ROOT / "tests" / "recordings" / "embedded"
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def seed_results(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A results JSONL of the five seeds, made by `agreement-llm run` on the replayed real recordings."""
    from agreement_llm.cli import main

    out = tmp_path_factory.mktemp("seeds") / "results.jsonl"
    assert main(["run", str(SEEDS), "-o", str(out), "--replay", str(RECORDINGS), "--quiet"]) == 0
    return out
