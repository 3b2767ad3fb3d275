"""The retry layer: one tenacity policy for the sync and the async client, and the cool-down shared by both."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import httpx2
import pytest

from agreement_llm.transport.embedded import models_dir
from agreement_llm.transport.retry import Backoff, RetryingTransport

Reply = httpx2.Response | Exception


def serve(replies: list[Reply]) -> tuple[httpx2.MockTransport, list[int]]:
    """A transport answering `replies` in turn (HAND-WRITTEN statuses, no model output); the list counts requests."""
    seen: list[int] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(1)
        reply = replies[min(len(seen), len(replies)) - 1]
        if isinstance(reply, Exception):
            raise reply
        return reply

    return httpx2.MockTransport(handler), seen


def fake_time(backoff: Backoff) -> list[float]:
    """Make `backoff` sleep on a fake clock; returns the sleeps."""
    clock, waits = [0.0], []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        clock[0] += seconds

    async def asleep(seconds: float) -> None:
        sleep(seconds)

    backoff.sleep, backoff.asleep, backoff.clock = sleep, asleep, lambda: clock[0]
    return waits


def sync_get(transport: RetryingTransport) -> httpx2.Response:
    with httpx2.Client(transport=transport) as client:
        return client.get("http://stub.local/v1/chat/completions")


def async_get(transport: RetryingTransport) -> httpx2.Response:
    async def get() -> httpx2.Response:
        async with httpx2.AsyncClient(transport=transport) as client:
            return await client.get("http://stub.local/v1/chat/completions")

    return asyncio.run(get())


CLIENTS: list[Callable[[RetryingTransport], httpx2.Response]] = [sync_get, async_get]
CASES: dict[str, tuple[Callable[[], list[Reply]], int, int | type[Exception]]] = {
    # replies (made afresh: a client binds a response to itself), requests the endpoint sees with 3 attempts, then
    # the status or exception the caller gets
    "a 503 then an answer": (lambda: [httpx2.Response(503), httpx2.Response(200)], 2, 200),
    "a 503 every time": (lambda: [httpx2.Response(503)], 3, 503),
    "a timeout every time": (lambda: [httpx2.ReadTimeout("slow")], 3, httpx2.ReadTimeout),
    "a 400 is not transient": (lambda: [httpx2.Response(400)], 1, 400),
    "the server says do not retry": (lambda: [httpx2.Response(503, headers={"x-should-retry": "false"})], 1, 503),
    "an error of ours is not retried": (lambda: [ValueError("a bug")], 1, ValueError),
}


@pytest.mark.parametrize("get", CLIENTS, ids=["sync", "async"])
@pytest.mark.parametrize("case", list(CASES))
def test_sync_and_async_retry_alike(get: Callable[[RetryingTransport], httpx2.Response], case: str) -> None:
    replies, requests, outcome = CASES[case]
    inner, seen = serve(replies())
    backoff = Backoff(attempts=3, initial=1.0)
    waits = fake_time(backoff)
    transport = RetryingTransport(inner, backoff)
    if isinstance(outcome, int):
        assert get(transport).status_code == outcome
    else:
        with pytest.raises(outcome):
            get(transport)
    assert len(seen) == requests and backoff.retried == requests - 1 == len(waits)
    assert all(0.5 * 2**i <= w <= 2**i for i, w in enumerate(waits))  # exponential, half of it jitter


@pytest.mark.parametrize("get", CLIENTS, ids=["sync", "async"])
def test_a_cool_down_held_by_another_request_is_waited_out_first(
    get: Callable[[RetryingTransport], httpx2.Response],
) -> None:
    inner, _ = serve([httpx2.Response(200)])
    backoff = Backoff()
    waits = fake_time(backoff)
    backoff.hold(5.0)  # another worker met a 429 asking for 5 s
    assert get(RetryingTransport(inner, backoff)).status_code == 200
    assert waits == [5.0]


def test_a_cool_down_extended_while_waiting_is_waited_out_again() -> None:
    backoff = Backoff()
    clock = [0.0]
    backoff.clock = lambda: clock[0]

    def sleep(seconds: float) -> None:
        if not clock[0]:
            backoff.hold(3.0)  # another worker's 429 lands while this one sleeps
        clock[0] += seconds

    backoff.sleep = sleep
    backoff.hold(2.0)
    assert list(backoff.pending()) == [2.0]  # a fake sleep that does not move the clock never spins
    waits = []
    for seconds in backoff.pending():
        waits.append(seconds)
        sleep(seconds)
    assert waits == [2.0, 1.0]  # until the new deadline, 3 s after the first sleep began


def test_retry_after_wins_and_is_capped() -> None:
    backoff = Backoff(max_wait=10.0)
    assert backoff.delay_for(httpx2.Response(429, headers={"retry-after-ms": "250"}), attempt=1) == 0.25
    assert backoff.delay_for(httpx2.Response(429, headers={"retry-after": "120"}), attempt=1) == 10.0
    assert 32 <= Backoff(max_wait=64.0).delay_for(None, attempt=7) <= 64


def test_the_models_folder_has_its_own_variable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("AGREEMENT_LLM_MODELS_DIR", raising=False)
    monkeypatch.setenv("AGREEMENT_LLM_CACHE", str(tmp_path / "old"))  # the deprecated name still counts
    assert models_dir() == tmp_path / "old" / "models"
    monkeypatch.setenv("AGREEMENT_LLM_MODELS_DIR", str(tmp_path / "models"))
    assert models_dir() == tmp_path / "models"
    monkeypatch.delenv("AGREEMENT_LLM_CACHE")
    monkeypatch.delenv("AGREEMENT_LLM_MODELS_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert models_dir() == tmp_path / "agreement_llm" / "models"
