"""Transient-error retries, below the openai SDK, through tenacity.

The SDK's own retries are switched off (`max_retries=0`) and instructor only re-asks on *validation* errors, so
timeouts, 429s, 5xx and dropped connections are retried here, for every backend. As in pydantic-ai's `retries.py`,
the layer is an `httpx2` transport whose retry loop is a tenacity `Retrying` (sync) or `AsyncRetrying` (async), and
the wait honours `Retry-After` / `retry-after-ms`, else grows exponentially with jitter.

What tenacity alone does not give is the *shared* cool-down: a request's wait is not slept by that request alone
but added to its `Backoff`, and every request through the same `Backoff` (all the workers of a bulk run) waits it
out before its next attempt, first attempts included. So one 429 pauses every worker once, instead of each worker
hitting the 429 in turn (benchmarks/README.md, "429 storm"). Both loops are built from one `Backoff.policy()`; they
differ only in how they sleep.

>>> backoff = Backoff(attempts=3)
>>> backoff.delay_for(httpx2.Response(429, headers={"retry-after": "2"}), attempt=1)
2.0
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any, TypedDict

import httpx2
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    retry_if_result,
    stop_after_attempt,
    wait_exponential,
    wait_random_exponential,
)
from tenacity.retry import retry_base
from tenacity.stop import stop_base
from tenacity.wait import wait_base

from .layer import Layer, Transport, asend, send

RETRY_STATUSES = frozenset({408, 409, 429, 500, 502, 503, 504, 529})
RETRY_EXCEPTIONS = (httpx2.TimeoutException, httpx2.NetworkError, httpx2.RemoteProtocolError)


def retry_after(response: httpx2.Response) -> float | None:
    """The seconds a response asks the client to wait (`retry-after-ms`, else `Retry-After` in seconds or as an
    HTTP date), or None when it does not say."""
    value = response.headers.get("retry-after-ms")
    if value is not None:
        try:
            return float(value) / 1000
        except ValueError:
            pass
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:  # an HTTP date
            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError):
            return None


def should_retry(response: httpx2.Response) -> bool:
    """True for a transient status, unless the server said `x-should-retry: false` (as the openai SDK honours)."""
    if response.headers.get("x-should-retry") == "false":
        return False
    return response.status_code in RETRY_STATUSES


class wait_retry_after(wait_base):  # lower case, like tenacity's own strategies (wait_exponential, ...)
    """A tenacity wait: what the retried response's `Retry-After` asks (capped at `max_wait`), else `fallback`."""

    def __init__(self, fallback: wait_base, max_wait: float) -> None:
        self.fallback, self.max_wait = fallback, max_wait

    def __call__(self, retry_state: RetryCallState) -> float:
        outcome = retry_state.outcome
        response = outcome.result() if outcome is not None and not outcome.failed else None
        after = retry_after(response) if isinstance(response, httpx2.Response) else None
        if after is not None:
            return min(after, self.max_wait)
        return self.fallback(retry_state)


def equal_jitter(initial: float, max_wait: float) -> wait_base:
    """`initial · 2^(n-1)` seconds before try n+1 (capped at `max_wait`), half of it fixed and half random.

    Half fixed keeps a floor under every wait (a 5xx is not re-sent at once); half random spreads the workers that
    failed together. Built from tenacity's own strategies: fixed exponential plus "full jitter" over the other half.
    """
    return wait_exponential(multiplier=initial / 2, max=max_wait / 2) + wait_random_exponential(
        multiplier=initial / 2, max=max_wait / 2
    )


class Policy(TypedDict):
    """The tenacity arguments both retry loops share (pydantic-ai's `RetryConfig` has the same shape)."""

    stop: stop_base
    wait: wait_base
    retry: retry_base
    before_sleep: Callable[[RetryCallState], None]
    retry_error_callback: Callable[[RetryCallState], Any]


def _last_outcome(retry_state: RetryCallState) -> Any:
    # Out of attempts: the last response goes up unchanged (the SDK turns a 429 into RateLimitError, then
    # TransientError), or the last exception is raised as itself, never wrapped in tenacity's RetryError.
    assert retry_state.outcome is not None  # tenacity only gives up after an attempt
    return retry_state.outcome.result()


def _no_sleep(seconds: float) -> None:
    """Tenacity's own sleep is not used: the next attempt's `before` hook waits out the shared cool-down."""


async def _no_asleep(seconds: float) -> None:
    """The async twin of `_no_sleep`."""


@dataclass
class Backoff:
    """How transient failures are retried, and the cool-down shared by every request that uses this object.

    `attempts` counts tries in all (1 = no retry). Waits grow exponentially from `initial` seconds with jitter,
    capped at `max_wait`; a `Retry-After` header wins when present (capped too). `sleep`, `asleep` and `clock` are
    read at each wait, so tests can replace them on a built backend.
    """

    attempts: int = 5
    initial: float = 1.0
    max_wait: float = 60.0
    sleep: Callable[[float], None] = time.sleep
    asleep: Callable[[float], Awaitable[object]] = asyncio.sleep
    clock: Callable[[], float] = time.monotonic
    _not_before: float = field(default=0.0, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    retried: int = field(default=0, init=False)

    def policy(self) -> Policy:
        """When to retry, how long to wait and when to stop: one definition for the sync and async loops."""
        return Policy(
            stop=stop_after_attempt(self.attempts),
            wait=wait_retry_after(equal_jitter(self.initial, self.max_wait), self.max_wait),
            retry=retry_if_exception_type(RETRY_EXCEPTIONS) | retry_if_result(should_retry),
            before_sleep=self._share,
            retry_error_callback=_last_outcome,
        )

    def retrying(self) -> Retrying:
        """The sync retry loop (a new one per request: tenacity keeps per-call statistics on the object)."""
        return Retrying(sleep=_no_sleep, before=self._wait_turn, **self.policy())

    def aretrying(self) -> AsyncRetrying:
        """The async retry loop, from the same policy."""
        return AsyncRetrying(sleep=_no_asleep, before=self._await_turn, **self.policy())

    def delay_for(self, response: httpx2.Response | None, attempt: int) -> float:
        """Seconds the policy waits before try `attempt + 1`, after `response` (None: after a network error)."""
        state = RetryCallState(retry_object=self.retrying(), fn=None, args=(), kwargs={})
        state.attempt_number = attempt
        if response is not None:
            state.set_result(response)
        return self.policy()["wait"](state)

    def hold(self, seconds: float) -> None:
        """Make every request through this object wait until `seconds` from now (shared cool-down)."""
        with self._lock:
            self._not_before = max(self._not_before, self.clock() + seconds)
            self.retried += 1

    def pending(self) -> Iterator[float]:
        """The sleeps before this request's next attempt: until the shared deadline, and again only if another
        request moved the deadline meanwhile (so a fake sleep that does not advance the clock never spins)."""
        seen = None
        while (deadline := self._not_before) != seen and (wait := deadline - self.clock()) > 0:
            seen = deadline
            yield wait

    def _share(self, retry_state: RetryCallState) -> None:
        # tenacity's before_sleep runs only when a retry follows (never after the last attempt): this request's
        # wait becomes everyone's.
        self.hold(retry_state.upcoming_sleep)

    def _wait_turn(self, retry_state: RetryCallState) -> None:
        for seconds in self.pending():
            self.sleep(seconds)

    async def _await_turn(self, retry_state: RetryCallState) -> None:
        for seconds in self.pending():
            await self.asleep(seconds)


class RetryingTransport(Layer):
    """Retries transient failures of `inner` (sync or async); the last response or exception is passed up."""

    def __init__(self, inner: Transport, backoff: Backoff) -> None:
        super().__init__(inner)
        self.backoff = backoff

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        response: httpx2.Response = self.backoff.retrying()(self._attempt, request)
        return response

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        response: httpx2.Response = await self.backoff.aretrying()(self._aattempt, request)
        return response

    def _attempt(self, request: httpx2.Request) -> httpx2.Response:
        response = send(self.inner, request)
        if should_retry(response):
            response.read()  # read to the end, which releases the connection before the retry
        return response

    async def _aattempt(self, request: httpx2.Request) -> httpx2.Response:
        response = await asend(self.inner, request)
        if should_retry(response):
            await response.aread()
        return response


__all__ = ["Backoff", "RetryingTransport", "equal_jitter", "retry_after", "should_retry", "wait_retry_after"]
