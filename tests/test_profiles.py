"""What the model is asked to fill (profiles.py): the core draft for the embedded model, the full one for endpoints."""

from __future__ import annotations

import json
from pathlib import Path

import httpx2
import pytest

from agreement_llm import Extractor
from agreement_llm.briefs import build_summary
from agreement_llm.config import Settings
from agreement_llm.errors import ConfigurationError
from agreement_llm.profiles import CORE, FULL, profile_for, recorded_profile
from hand_written import SEED_000_DRAFT, completion

ROOT = Path(__file__).resolve().parents[1]
SEED = (ROOT / "seeds" / "000_fd964e18e62d9c2a.txt").read_text(encoding="utf-8")
LEFT_OUT = {
    "summary_ar",
    "summary_en",
    "objectives",
    "commitments",
    "beneficiaries",
    "sectors",
    "city_en",
    "instruments",
    "status_quote",
}


def test_the_core_tool_schema_asks_only_for_the_core_fields() -> None:
    core = CORE.draft.model_json_schema()
    assert LEFT_OUT.isdisjoint(core["properties"]) and core["required"] == list(core["properties"])
    assert "role_en" not in json.dumps(core["$defs"])
    assert set(FULL.draft.model_json_schema()["properties"]) >= LEFT_OUT
    system = CORE.messages("وقعت الجمعية اتفاقية", None)[0]["content"]
    assert "summary" not in system and "objectives" not in system and "CoreDraft" in system


def test_the_full_profile_sends_what_the_full_draft_recordings_were_made_with() -> None:
    recorded = json.loads(next((ROOT / "tests" / "recordings" / "full-draft" / "dev-test").glob("*.json")).read_text())
    assert recorded["prompt_version"] == FULL.version
    assert recorded_profile(ROOT / "tests" / "recordings" / "full-draft" / "dev-test") is FULL


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"backend": "embedded"}, FULL),
        ({"backend": "embedded", "draft": "core"}, CORE),
        ({"base_url": "http://127.0.0.1:8000/v1"}, FULL),
        ({"api_key": "sk-test"}, FULL),
        ({"backend": "embedded", "draft": "full"}, FULL),
        ({"base_url": "http://127.0.0.1:8000/v1", "draft": "core"}, CORE),
    ],
)
def test_auto_is_full_and_core_is_asked_for(options: dict[str, str], expected: object) -> None:
    assert profile_for(Settings.from_env({}, **options)) is expected


def test_replaying_takes_the_profile_the_recordings_were_made_with(tmp_path: Path) -> None:
    (tmp_path / "0001-x.json").write_text(json.dumps({"prompt_version": CORE.version}), encoding="utf-8")
    assert profile_for(Settings.from_env({}, replay_dir=str(tmp_path))) is CORE
    assert profile_for(Settings.from_env({}, replay_dir=str(tmp_path / "empty"))) is FULL


def test_an_unknown_draft_is_a_configuration_error_that_names_the_choices() -> None:
    with pytest.raises(ConfigurationError, match="auto, full, core"):
        Settings.from_env({"AGREEMENT_LLM_DRAFT": "tiny"})


def test_a_core_reply_gives_the_built_brief_and_no_lists() -> None:
    # A HAND-WRITTEN core reply: the hand-written correct full reading of seed 000, less what the core draft omits.
    core_reply = {k: v for k, v in SEED_000_DRAFT.items() if k in CORE.draft.model_json_schema()["properties"]}
    seen: list[dict[str, object]] = []

    def serve(request: httpx2.Request) -> httpx2.Response:
        seen.append(json.loads(request.content))
        return httpx2.Response(200, json=completion(core_reply))

    with Extractor(transport=httpx2.MockTransport(serve), model="hand-written", draft="core", reasks=0) as ex:
        agreement = ex.summarize(SEED)
    assert seen[0]["tools"][0]["function"]["name"] == "CoreDraft"
    assert agreement.run.prompt_version == CORE.version
    assert (agreement.status.value, agreement.date.iso) == ("signed", "2022-01-01")
    assert [p.name for p in agreement.parties] == ["سفراء الخير – السمارة", "كليير فيزيون"]
    assert agreement.objectives == agreement.commitments == agreement.beneficiaries == agreement.sectors == []
    assert agreement.summary == build_summary(agreement)
    assert "كليير فيزيون" in agreement.summary.ar and "2022" in agreement.summary.en
