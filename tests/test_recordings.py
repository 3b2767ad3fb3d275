"""The real embedded model's answers on the five seeds, replayed offline through the whole pipeline.

The recordings (tests/recordings/embedded) were made by `benchmarks/embedded_seeds.py --record`. These tests
assert what the pipeline made of them: what the guards kept, what they dropped or corrected, and the invariants that
hold whatever a model says.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from agreement_llm.arabic import clean, parse_date
from agreement_llm.extract import Extractor
from agreement_llm.recording import load_recordings
from agreement_llm.schema import Agreement, Status
from agreement_llm.status import STATUS_ORDER, analyse, claims_signing

ROOT = Path(__file__).resolve().parents[1]
RECORDINGS = ROOT / "tests" / "recordings" / "embedded"
SEEDS = {p.name[:3]: p for p in sorted((ROOT / "seeds").glob("*.txt"))}


@cache
def replayed(seed: str) -> Agreement:
    with Extractor(replay_dir=str(RECORDINGS)) as ex:
        return ex.summarize(SEEDS[seed].read_text(encoding="utf-8"))


def text_of(seed: str) -> str:
    return SEEDS[seed].read_text(encoding="utf-8")


def test_recordings_are_real_and_say_how_they_were_made() -> None:
    recordings = load_recordings(RECORDINGS, real_only=True)
    assert recordings
    for rec in recordings:
        d = rec.data
        assert d["model"] == "qwen2.5-coder-1.5b-instruct-q4_k_m" and d["backend"] == "embedded"
        assert d["model_sha256"] == "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
        assert d["prompt_version"].startswith("extract@") and d["recorded_at"].startswith("2026-")
        assert d["response"]["body"]["usage"]["completion_tokens"] > 0


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_invariants_hold_on_real_output(seed: str) -> None:
    text, a = text_of(seed), replayed(seed)
    ceiling = analyse(clean(text).text).status
    assert STATUS_ORDER[a.status] <= STATUS_ORDER[ceiling]
    spans = [p.span for p in a.parties] + [r.span for p in a.parties for r in p.representatives]
    spans += [q.span for q in a.objectives + a.commitments + a.beneficiaries]
    for span, value in zip(spans, [p.name for p in a.parties] + [r.name for p in a.parties for r in p.representatives]
                           + [q.text for q in a.objectives + a.commitments + a.beneficiaries]):
        assert span is not None and span.end <= len(text)
        assert text[span.start : span.end].replace(" ", "") != ""  # grounded somewhere real
        del value
    if a.date is not None:
        assert a.date.text in text
        parsed = parse_date(a.date.text, a.source.published_at.date() if a.source.published_at else None)
        assert a.date.iso == parsed.iso
    if a.status not in (Status.SIGNED, Status.RENEWED):
        assert not claims_signing(a.summary.ar, a.summary.en)
    assert a.run.model == "qwen2.5-coder-1.5b-instruct-q4_k_m" and a.run.usage.total_tokens > 0


def test_guard_notes_are_reported_for_review() -> None:
    """Every guard action names its field, what the model said and why it was not kept."""
    notes = [n for seed in SEEDS for n in replayed(seed).notes]
    for n in notes:
        assert n.field and n.action in {"dropped", "corrected", "flagged"} and n.reason
    print(json.dumps([n.model_dump() for n in notes], ensure_ascii=False, indent=1))
