"""What the model is asked to fill (profiles.py): the lean draft for the embedded model, the full one for endpoints,
the core one when asked for."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import httpx2
import pytest

from agreement_llm import Extractor
from agreement_llm.briefs import build_summary
from agreement_llm.config import Settings
from agreement_llm.errors import ConfigurationError
from agreement_llm.profiles import CORE, FULL, LEAN, Profile, profile_for, recorded_profile
from agreement_llm.transport.embedded import close_cut_tool_calls
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
        ({"backend": "embedded"}, LEAN),
        ({"backend": "embedded", "draft": "core"}, CORE),
        ({"base_url": "http://127.0.0.1:8000/v1"}, FULL),
        ({"api_key": "sk-test"}, FULL),
        ({"backend": "embedded", "draft": "full"}, FULL),
        ({"base_url": "http://127.0.0.1:8000/v1", "draft": "core"}, CORE),
    ],
)
def test_auto_is_lean_for_the_embedded_model_and_full_for_endpoints(options: dict[str, str], expected: object) -> None:
    assert profile_for(Settings.from_env({}, **options)) is expected


@pytest.mark.parametrize(
    "options",
    [
        {"base_url": "http://127.0.0.1:9/v1"},
        {"api_key": "sk-test"},
        {"backend": "embedded", "mode": "json"},  # the transport closes tool calls only
    ],
)
@pytest.mark.parametrize("injected", [False, True], ids=["built", "injected transport"])
def test_the_lean_draft_where_nothing_closes_its_reply_is_refused_before_any_call(
    options: dict[str, str], injected: bool
) -> None:
    # An endpoint (or the embedded model in a JSON mode) would hand back the reply cut at the stop sequence, unclosed:
    # every article would fail validation. An injected transport (as `batch prepare` uses) does not hide the endpoint.
    transport = httpx2.MockTransport(lambda request: httpx2.Response(500)) if injected else None
    extractor = Extractor(draft="lean", transport=transport, **options)  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="embedded model in tools mode only.*draft='full'"):
        extractor.summarize("وقعت الجمعية اتفاقية شراكة مع البلدية.")


def test_auto_is_full_for_the_embedded_model_in_a_json_mode() -> None:
    assert profile_for(Settings.from_env({}, backend="embedded", mode="json")) is FULL


def test_replaying_takes_the_profile_the_recordings_were_made_with(tmp_path: Path) -> None:
    (tmp_path / "0001-x.json").write_text(json.dumps({"prompt_version": CORE.version}), encoding="utf-8")
    assert profile_for(Settings.from_env({}, replay_dir=str(tmp_path))) is CORE
    assert profile_for(Settings.from_env({}, replay_dir=str(tmp_path / "empty"))) is FULL


def test_an_unknown_draft_is_a_configuration_error_that_names_the_choices() -> None:
    with pytest.raises(ConfigurationError, match="auto, full, core, lean"):
        Settings.from_env({"AGREEMENT_LLM_DRAFT": "tiny"})


def _core_reply() -> dict[str, object]:
    # the hand-written correct full reading of seed 000, less what the core draft omits
    return {k: v for k, v in SEED_000_DRAFT.items() if k in CORE.draft.model_json_schema()["properties"]}


def _lean_reply() -> dict[str, object]:
    # the hand-written correct full reading of seed 000 up to the parties, as the embedded transport closes it
    order = list(FULL.draft.model_json_schema()["properties"])
    return {k: v for k, v in SEED_000_DRAFT.items() if order.index(k) <= order.index("parties")}


@pytest.mark.parametrize(
    ("profile", "reply", "tool", "stop"),
    [(CORE, _core_reply, "CoreDraft", None), (LEAN, _lean_reply, "Draft", ['"instruments"'])],
    ids=["core", "lean"],
)
def test_a_reply_without_summary_or_lists_gives_the_built_brief(
    profile: Profile, reply: Callable[[], dict[str, object]], tool: str, stop: list[str] | None
) -> None:
    # HAND-WRITTEN replies (see _core_reply, _lean_reply): what each draft's reply holds when the model is right.
    seen: list[dict[str, object]] = []

    def serve(request: httpx2.Request) -> httpx2.Response:
        seen.append(json.loads(request.content))
        return httpx2.Response(200, json=completion(reply()))

    with Extractor(transport=httpx2.MockTransport(serve), model="hand-written", draft=profile.name, reasks=0) as ex:
        agreement = ex.summarize(SEED)
    assert seen[0]["tools"][0]["function"]["name"] == tool and seen[0].get("stop") == stop
    assert agreement.run.prompt_version == profile.version
    assert (agreement.status.value, agreement.date.iso) == ("signed", "2022-01-01")
    assert [p.name for p in agreement.parties] == ["سفراء الخير – السمارة", "كليير فيزيون"]
    assert agreement.objectives == agreement.commitments == agreement.beneficiaries == []
    # No sectors were asked for: the article's words give them (sectors.py); gold reads seed 000 as social, health.
    assert [s.value for s in agreement.sectors] == ["social"]
    assert agreement.summary == build_summary(agreement)
    assert "كليير فيزيون" in agreement.summary.ar and "2022" in agreement.summary.en
    assert not any("summary" in n.field for n in agreement.notes)  # no summary was asked for: nothing to correct


def test_the_lean_draft_sends_the_full_drafts_request_and_only_adds_where_to_stop() -> None:
    """Same system prompt, same article message, same tool: the fields before the cut are the full draft's own."""
    from agreement_llm import _instructor

    assert LEAN.messages(SEED, "2022-01-02") == FULL.messages(SEED, "2022-01-02")
    assert _instructor.response_model(LEAN.draft).openai_schema == _instructor.response_model(FULL.draft).openai_schema
    assert LEAN.version != FULL.version  # recordings, caches and resume keys never mix the two

    def request(profile: Profile) -> dict[str, object]:
        return _instructor.request(
            model="m",
            messages=[],
            response_model=profile.response_model,
            reasks=0,
            max_tokens=10,
            temperature=0.0,
            on_reply=lambda _: None,
            stop=profile.stop,
        )

    assert request(LEAN)["stop"] == ['"instruments"']
    assert "stop" not in request(FULL)  # every other request, and the recordings keyed on it, as before


@pytest.mark.parametrize(
    ("arguments", "closed"),
    [
        ('{"status": "signed", "parties": [{"name": "أ"}], ', '{"status": "signed", "parties": [{"name": "أ"}]}'),
        ('{"status": "signed",\n  "parties": []\n  ,\n  ', '{"status": "signed",\n  "parties": []}'),
        ('{"status": "signed"}', '{"status": "signed"}'),  # whole: untouched
        ('{"status": "sig', '{"status": "sig'),  # cut inside a value: closing cannot mend it, validation says so
    ],
)
def test_a_reply_cut_at_a_key_is_closed_into_the_fields_written_so_far(arguments: str, closed: str) -> None:
    # llama-cpp-python answers with tool_calls and the legacy function_call, each carrying the cut arguments
    message = {
        "tool_calls": [{"function": {"name": "Draft", "arguments": arguments}}],
        "function_call": {"name": "Draft", "arguments": arguments},
    }
    close_cut_tool_calls({"choices": [{"message": message}]})
    assert message["tool_calls"][0]["function"]["arguments"] == message["function_call"]["arguments"] == closed
