"""Record mode writes reviewable, scrubbed files; replay answers from them offline; backoff is shared."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx2
import pytest

from agreement_llm import ReplayMissError
from agreement_llm.extract import Extractor
from agreement_llm.transport.recording import load_recordings
from agreement_llm.transport.retry import Backoff, RetryingTransport
from conftest import seed
from hand_written import SEED_000_DRAFT, Script, completion

SEED_000 = seed("000")
KEY = "sk-test-SECRET-0123456789"


def leaky_reply() -> httpx2.Response:
    """A hand-written 200 carrying the headers a provider sends, which must never reach a recording."""
    return httpx2.Response(
        200,
        json=completion(SEED_000_DRAFT),
        headers={"set-cookie": "session=abc", "openai-organization": "org-secret", "x-request-id": "req-123"},
    )


def test_record_then_replay_gives_the_same_agreement_offline(tmp_path: Path) -> None:
    script = Script([leaky_reply()])
    recorded = Extractor(
        model="gpt-test", api_key=KEY, transport=script.transport(), record_dir=str(tmp_path)
    ).summarize(SEED_000)

    files = list(tmp_path.glob("*.json"))
    assert len(files) == 1
    text = files[0].read_text(encoding="utf-8")
    for secret in (KEY, "session=abc", "org-secret", "req-123", "authorization"):
        assert secret.lower() not in text.lower()
    data = json.loads(text)
    assert data["hand_written"] is False and data["model"] == "gpt-test"
    assert data["prompt_version"] == recorded.run.prompt_version and data["recorded_at"]
    assert data["request"]["body"]["messages"][-1]["content"].endswith(">>>")  # the article, readable in the file

    replayed = Extractor(replay_dir=str(tmp_path)).summarize(SEED_000)
    assert replayed.model_dump(exclude={"run"}) == recorded.model_dump(exclude={"run"})
    assert replayed.run.model == "gpt-test" and replayed.run.backend == "replay"


def test_a_request_nobody_recorded_is_a_clear_error(tmp_path: Path) -> None:
    Extractor(
        model="gpt-test", transport=Script([completion(SEED_000_DRAFT)]).transport(), record_dir=str(tmp_path)
    ).summarize(SEED_000)
    with pytest.raises(ReplayMissError, match="record again with --record"):
        Extractor(replay_dir=str(tmp_path)).summarize(SEED_000 + "\nفقرة أخرى.")


def test_hand_written_files_are_refused_where_only_real_ones_count(tmp_path: Path) -> None:
    Extractor(
        model="m", transport=Script([completion(SEED_000_DRAFT)]).transport(), record_dir=str(tmp_path)
    ).summarize(SEED_000)
    file = next(tmp_path.glob("*.json"))
    data = json.loads(file.read_text(encoding="utf-8"))
    data["hand_written"] = True
    file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert len(load_recordings(tmp_path)) == 1
    with pytest.raises(ValueError, match="hand-written"):
        load_recordings(tmp_path, real_only=True)


def test_one_429_holds_back_every_concurrent_worker() -> None:
    """A provider's Retry-After is shared: requests already queued wait it out instead of each hitting the 429."""
    clock = [0.0]
    waits: list[float] = []

    async def asleep(seconds: float) -> None:
        waits.append(seconds)
        clock[0] += seconds

    backoff = Backoff(attempts=3, asleep=asleep, clock=lambda: clock[0])
    served: list[float] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        served.append(clock[0])
        if len(served) == 1:
            return httpx2.Response(429, headers={"retry-after": "5"})  # hand-written
        return httpx2.Response(200, json={"ok": True})

    transport = RetryingTransport(httpx2.MockTransport(handler), backoff)

    async def main() -> list[int]:
        async with httpx2.AsyncClient(transport=transport, base_url="http://stub.local") as client:
            first = await client.get("/a")  # meets the 429, holds everyone for 5 s, then succeeds
            rest = await asyncio.gather(*(client.get(f"/{i}") for i in range(3)))
            return [first.status_code] + [r.status_code for r in rest]

    assert asyncio.run(main()) == [200, 200, 200, 200]
    assert served[0] == 0.0 and all(t >= 5.0 for t in served[1:])
    assert backoff.retried == 1


def test_retry_after_as_an_http_date_is_understood() -> None:
    import time
    from email.utils import formatdate

    response = httpx2.Response(503, headers={"retry-after": formatdate(time.time() + 30, usegmt=True)})
    assert 25 <= Backoff().delay_for(response, attempt=1) <= 30
