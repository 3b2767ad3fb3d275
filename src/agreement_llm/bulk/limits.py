"""Provider rate limits for a bulk run: requests and tokens per minute, as token buckets shared by the workers.

Transient errors (429, 5xx, timeouts) are not handled here: the transport's shared back-off retries them. These
buckets keep a run under a limit the provider announces, so that it is rarely hit at all.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from .inputs import Article


class RateLimiter:
    """A token bucket refilled at `per_minute / 60` per second, holding at most one second's worth.

    `acquire(n)` waits until the bucket holds `n` (or is full, for a request bigger than the bucket), then takes
    `n`: the level may go negative, so a big request still passes and the next ones wait for the debt to clear.
    `settle(delta)` corrects an estimate once the real cost is known (tokens: the estimate is taken before the
    call, usage arrives after).
    """

    def __init__(
        self,
        per_minute: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        asleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        if per_minute <= 0:
            raise ValueError("a rate limit must be positive")
        self.rate = per_minute / 60.0
        self.capacity = max(1.0, self.rate)
        self.level = self.capacity
        self.clock, self.asleep = clock, asleep
        self._last = clock()
        self._lock = asyncio.Lock()

    def _refill(self) -> None:
        now = self.clock()
        self.level = min(self.capacity, self.level + (now - self._last) * self.rate)
        self._last = now

    async def acquire(self, amount: float = 1.0) -> None:
        async with self._lock:  # one waiter at a time: first come, first served
            self._refill()
            need = min(amount, self.capacity)
            while self.level < need:
                await self.asleep((need - self.level) / self.rate)
                self._refill()
            self.level -= amount

    def settle(self, delta: float) -> None:
        self.level -= delta


def estimate_tokens(article: Article, max_tokens: int) -> int:
    """A pessimistic guess before the call: ~2 characters per token of Arabic, the system prompt, a full reply."""
    return len(article.text) // 2 + 1500 + max_tokens
