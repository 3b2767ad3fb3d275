"""What the test files share: the repository's paths, the seed articles, the hypothesis profile, and fixtures.

Test files import the paths and helpers (`from conftest import ROOT, seed`; pytest puts tests/ on the path, as
it does for `hand_written`) and ask for the fixtures by name.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
RECORDINGS = ROOT / "tests" / "recordings" / "full-draft" / "seeds"  # the default (full) draft's
STUB_SERVER = ROOT / "benchmarks" / "stub_server.py"

# Every property test runs without a deadline: the machines that run this suite are shared and sometimes loaded,
# so a deadline measures the machine, not the code (test_fast_normalize_equals_the_mapped_one once failed on it).
# A test's own @settings(max_examples=...) keeps this deadline: unset values come from the loaded profile.
if TYPE_CHECKING:
    from agreement_llm.schema import Agreement

settings.register_profile("agreement_llm", deadline=None)
settings.load_profile("agreement_llm")


def seed_path(prefix: str) -> Path:
    """The seed article whose file name starts with `prefix` ("000" to "004")."""
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def seed(prefix: str) -> str:
    """The text of the seed article whose file name starts with `prefix`."""
    return seed_path(prefix).read_text(encoding="utf-8")


def replayed_lean(set_name: str, stem: str) -> Agreement:
    """The result of an article of a shipped set, from the embedded model's recorded lean draft
    (tests/recordings/lean/<set>), with the publication date the eval passes."""
    from agreement_llm.evals.sets import load_set
    from agreement_llm.extract import Extractor

    s = load_set(set_name)
    article = s.article(stem).read_text(encoding="utf-8")
    published = s.published.get(stem)
    with Extractor(replay_dir=str(ROOT / "tests" / "recordings" / "lean" / set_name)) as ex:
        return ex.summarize(article, published_at=published) if published else ex.summarize(article)


@pytest.fixture(scope="session")
def seed_results(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A results JSONL of the five seeds, made by `agreement-llm run` on the replayed real recordings."""
    from agreement_llm.cli import main

    out = tmp_path_factory.mktemp("seeds") / "results.jsonl"
    assert main(["run", str(SEEDS), "-o", str(out), "--replay", str(RECORDINGS), "--quiet"]) == 0
    return out
