"""A disk cache of model responses, as an `httpx2` transport: a repeated request is answered from disk.

It sits just above the endpoint check and the bottom transport (HTTP, the embedded model or an injected one), so a
cache hit skips the model entirely while the SDK, instructor's re-asks, the retry layer and recording behave
exactly as on a miss. The key is `recording.request_key` (method, path and the canonical JSON body, as for the
recordings), so anything that changes what the model is asked (model name, prompt, article, temperature, a
re-ask's error message) is a different entry.

Only successful (2xx) replies are stored: a 429 or a 500 must be retried for real, never replayed. The backends
also pass `accept=endpoint.reply_is_usable`, so only a complete chat completion whose answer parses is kept: a
200 that was not JSON used to be cached and failed every re-run with 0 calls after the endpoint was fixed (issue
9). An entry that cannot be read, lacks a field or is not acceptable is a miss (and is removed), never an error.
Bodies are masked (`redact`) before they are written. Files are written to a temporary name and renamed into
place, so a killed run never leaves a half-written entry that a later run would trust; concurrent writers of the
same key simply both win with identical content.

>>> import httpx2, tempfile
>>> calls = []
>>> inner = httpx2.MockTransport(lambda r: calls.append(1) or httpx2.Response(200, json={"ok": True}))
>>> with tempfile.TemporaryDirectory() as folder:
...     client = httpx2.Client(transport=CachingTransport(inner, folder))
...     first = client.post("http://x/v1/chat/completions", json={"a": 1}).json()
...     again = client.post("http://x/v1/chat/completions", json={"a": 1}).json()
>>> first == again == {"ok": True}, len(calls)
(True, 1)
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import httpx2

from ..errors import StorageError
from ..redact import mask
from .layer import Layer, Transport, asend, send
from .recording import request_key

log = logging.getLogger("agreement_llm.cache")  # the name it had before the transport package: users filter on it
FORMAT = "agreement-llm/cache@1"
KEPT_HEADERS = ("content-type",)
HIT_HEADER = "x-agreement-llm-cache"

# The hits of the call being made, so the extractor can count a cached reply as a hit rather than as a model call
# with tokens and cost. A context variable, not a counter on the cache: concurrent calls (threads or asyncio tasks)
# sharing one cache each see only their own hits.
_call_hits: ContextVar[list[int] | None] = ContextVar("agreement_llm_cache_hits", default=None)


@contextmanager
def counting_hits() -> Iterator[list[int]]:
    """Collect the cache hits of the calls made inside the block (one item per reply answered from disk)."""
    hits: list[int] = []
    token = _call_hits.set(hits)
    try:
        yield hits
    finally:
        _call_hits.reset(token)


def _record_hit() -> None:
    if (hits := _call_hits.get()) is not None:
        hits.append(1)


class ResponseCache:
    """Response bodies on disk, one JSON file per request key, fanned out over 256 sub-folders."""

    def __init__(self, folder: str | Path, accept: Callable[[bytes], bool] | None = None) -> None:
        self.folder = Path(folder)
        self.accept = accept
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(
                f"cannot use {self.folder} as the cache folder ({exc.strerror}): pass a writable --cache DIR"
            ) from None
        self.hits = 0
        self.misses = 0
        self._lock = threading.Lock()  # the counters are shared by sync threads and the event loop

    def file_for(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> httpx2.Response | None:
        """The stored response for `key`, or None (a missing or unreadable entry is a miss, never an error)."""
        file = self.file_for(key)
        try:
            data = json.loads(file.read_bytes())
        except (OSError, ValueError):
            data = None
        response = self._response(data)
        if response is None:
            if data is not None:  # present but damaged or unacceptable: drop it so the next answer replaces it
                file.unlink(missing_ok=True)
            with self._lock:
                self.misses += 1
            return None
        with self._lock:
            self.hits += 1
        return response

    def _response(self, data: Any) -> httpx2.Response | None:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return None
        status, body, headers = data.get("status"), data.get("body"), data.get("headers", {})
        if (
            not isinstance(status, int)
            or not 200 <= status < 300
            or not isinstance(body, str)
            or not isinstance(headers, dict)
        ):
            return None
        content = body.encode("utf-8")
        if self.accept is not None and not self.accept(content):
            return None
        return httpx2.Response(status, headers={**headers, HIT_HEADER: "hit"}, content=content)

    def put(self, key: str, response: httpx2.Response) -> None:
        """Store a read response atomically: write a temporary file next to the entry, then rename it."""
        if not 200 <= response.status_code < 300 or (self.accept is not None and not self.accept(response.content)):
            return
        entry = {
            "format": FORMAT,
            "status": response.status_code,
            "headers": {k: v for k, v in response.headers.items() if k.lower() in KEPT_HEADERS},
            "body": mask(response.content.decode("utf-8", "replace")),
        }
        target = self.file_for(key)
        target.parent.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(entry, out, ensure_ascii=False)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


class CachingTransport(Layer):
    """Answers from `cache` when it can, else asks `inner` (sync or async, whichever the client uses) and stores
    the reply. One object serves both clients, like `httpx2.MockTransport`, so the sync and async stacks share it.
    """

    def __init__(
        self, inner: Transport, cache: ResponseCache | str | Path, accept: Callable[[bytes], bool] | None = None
    ) -> None:
        super().__init__(inner)
        self.cache = cache if isinstance(cache, ResponseCache) else ResponseCache(cache, accept)

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        request.read()
        key = request_key(request)
        if (hit := self.cache.get(key)) is not None:
            _record_hit()
            return hit
        response = send(self.inner, request)
        response.read()
        self._store(key, response)
        return response

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        await request.aread()
        key = request_key(request)
        if (hit := self.cache.get(key)) is not None:
            _record_hit()
            return hit
        response = await asend(self.inner, request)
        await response.aread()
        self._store(key, response)
        return response

    def _store(self, key: str, response: httpx2.Response) -> None:
        # A full or read-only cache folder costs the next run a call, not this article its answer.
        try:
            self.cache.put(key, response)
        except OSError as exc:
            log.warning("not cached (%s): %s", exc.strerror, self.cache.folder)


__all__ = ["CachingTransport", "ResponseCache", "counting_hits"]
