"""Transient-error retries, below the openai SDK.

The SDK's own retries are switched off (`max_retries=0`) and instructor only re-asks on *validation* errors, so
timeouts, 429s, 5xx and dropped connections are retried here, once, for every backend. A 429's `Retry-After` is
honoured and shared: every request through the same `Backoff` waits it out, so concurrent workers slow down
together instead of hammering a rate-limited provider.

>>> backoff = Backoff(attempts=3)
>>> backoff.delay_for(httpx2.Response(429, headers={"retry-after": "2"}), attempt=1)
2.0
"""

from __future__ import annotations

import asyncio
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

import httpx2

RETRY_STATUSES = frozenset({408, 409, 429, 500, 502, 503, 504, 529})
RETRY_EXCEPTIONS = (httpx2.TimeoutException, httpx2.NetworkError, httpx2.RemoteProtocolError)


@dataclass
class Backoff:
    """How transient failures are retried, and the cool-down shared by every request that uses this object.

    `attempts` counts tries in all (1 = no retry). Waits grow exponentially from `initial` seconds with jitter,
    capped at `max_wait`; a `Retry-After` header wins when present (capped too).
    """

    attempts: int = 5
    initial: float = 1.0
    max_wait: float = 60.0
    sleep: Callable[[float], None] = time.sleep
    asleep: Callable[[float], object] = asyncio.sleep
    clock: Callable[[], float] = time.monotonic
    _not_before: float = field(default=0.0, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    retried: int = field(default=0, init=False)

    def delay_for(self, response: httpx2.Response | None, attempt: int) -> float:
        """Seconds to wait before try `attempt + 1`."""
        after = _retry_after(response) if response is not None else None
        if after is not None:
            return min(after, self.max_wait)
        return min(self.initial * 2 ** (attempt - 1), self.max_wait) * (0.5 + random.random() / 2)

    def hold(self, seconds: float) -> None:
        """Make every request through this object wait until `seconds` from now (shared cool-down)."""
        with self._lock:
            self._not_before = max(self._not_before, self.clock() + seconds)
            self.retried += 1

    def remaining(self) -> float:
        return max(0.0, self._not_before - self.clock())


def _retry_after(response: httpx2.Response) -> float | None:
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


def _should_retry(response: httpx2.Response) -> bool:
    if response.headers.get("x-should-retry") == "false":
        return False
    return response.status_code in RETRY_STATUSES


class RetryingTransport(httpx2.BaseTransport):
    """Retries transient failures of `inner`; the last response or exception is passed up unchanged."""

    def __init__(self, inner: httpx2.BaseTransport, backoff: Backoff) -> None:
        self.inner, self.backoff = inner, backoff

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        for attempt in range(1, self.backoff.attempts + 1):
            if (wait := self.backoff.remaining()) > 0:
                self.backoff.sleep(wait)
            last = attempt == self.backoff.attempts
            try:
                response = self.inner.handle_request(request)
            except RETRY_EXCEPTIONS:
                if last:
                    raise
                self.backoff.hold(self.backoff.delay_for(None, attempt))
                continue
            if last or not _should_retry(response):
                return response
            response.read()
            response.close()
            self.backoff.hold(self.backoff.delay_for(response, attempt))
        raise AssertionError("unreachable: the loop returns or raises on its last attempt")

    def close(self) -> None:
        self.inner.close()


class AsyncRetryingTransport(httpx2.AsyncBaseTransport):
    """The asyncio twin of `RetryingTransport`, sharing the same `Backoff` semantics."""

    def __init__(self, inner: httpx2.AsyncBaseTransport, backoff: Backoff) -> None:
        self.inner, self.backoff = inner, backoff

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        for attempt in range(1, self.backoff.attempts + 1):
            while (wait := self.backoff.remaining()) > 0:  # re-check: another worker may extend the hold
                await self.backoff.asleep(wait)
            last = attempt == self.backoff.attempts
            try:
                response = await self.inner.handle_async_request(request)
            except RETRY_EXCEPTIONS:
                if last:
                    raise
                self.backoff.hold(self.backoff.delay_for(None, attempt))
                continue
            if last or not _should_retry(response):
                return response
            await response.aread()
            await response.aclose()
            self.backoff.hold(self.backoff.delay_for(response, attempt))
        raise AssertionError("unreachable: the loop returns or raises on its last attempt")

    async def aclose(self) -> None:
        await self.inner.aclose()
