"""What every layer of the stack shares: it wraps the transport below it, for the sync and the async client alike.

One object per layer serves both clients (as `httpx2.MockTransport` does), so the sync and async stacks can never
drift apart, and what a layer holds (the recordings' sequence numbers, the shared cool-down, the cache counters)
is held once. Passing a request down and closing the transport below are written here, once, instead of in each
layer.
"""

from __future__ import annotations

from typing import TypeAlias

import httpx2

# A bottom transport may serve only one kind of client: a sync-only one is enough for `Extractor.summarize`
# (batch's request capture is one), so the type says either, and `send`/`asend` say what is missing when used.
Transport: TypeAlias = httpx2.BaseTransport | httpx2.AsyncBaseTransport


def send(inner: Transport, request: httpx2.Request) -> httpx2.Response:
    """`inner`'s answer to a request of the sync client."""
    if not isinstance(inner, httpx2.BaseTransport):
        raise TypeError(f"{type(inner).__name__} serves only async clients: pass a transport that serves both")
    return inner.handle_request(request)


async def asend(inner: Transport, request: httpx2.Request) -> httpx2.Response:
    """`inner`'s answer to a request of the async client."""
    if not isinstance(inner, httpx2.AsyncBaseTransport):
        raise TypeError(f"{type(inner).__name__} serves only sync clients: pass a transport that serves both")
    return await inner.handle_async_request(request)


class Layer(httpx2.BaseTransport, httpx2.AsyncBaseTransport):
    """A transport wrapping `inner`; closing it closes what is below (each kind of close reaches its own pool)."""

    def __init__(self, inner: Transport) -> None:
        self.inner = inner

    def close(self) -> None:
        if isinstance(self.inner, httpx2.BaseTransport):
            self.inner.close()

    async def aclose(self) -> None:
        if isinstance(self.inner, httpx2.AsyncBaseTransport):
            await self.inner.aclose()


__all__ = ["Layer", "Transport", "asend", "send"]
