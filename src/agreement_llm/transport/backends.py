"""Build the instructor clients for a `Settings`: one transport stack for every backend.

    openai SDK (max_retries=0) -> RetryingTransport -> [RecordingTransport] -> HTTP | in-process llama.cpp | replay

Remote endpoints (OpenAI, Azure-style gateways, vLLM, Ollama, llama.cpp's server), the embedded model and replayed
recordings differ only in the bottom transport, so re-asks, backoff, usage and recording behave the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx2
import instructor
import openai

from .. import __version__, redact
from ..config import DEFAULT_REMOTE_MODEL, MODES, Settings
from ..errors import ConfigurationError
from ..prompts import prompt_version
from .endpoint import CheckingTransport, reply_is_usable
from .recording import (
    AsyncRecordingTransport,
    AsyncReplayTransport,
    Recorder,
    RecordingTransport,
    Replayer,
    ReplayTransport,
)
from .retry import AsyncRetryingTransport, Backoff, RetryingTransport

LOCAL_URL = "http://embedded.local/v1"  # never resolved: the in-process transport answers it
REPLAY_URL = "http://replay.local/v1"


@dataclass
class Backend:
    """Configured clients plus what a result must say about how it was made."""

    client: instructor.Instructor
    aclient: instructor.AsyncInstructor
    name: str
    model: str
    model_sha256: str | None
    backoff: Backoff
    reasks: int
    _closers: list[Any] = field(default_factory=list, repr=False)

    def close(self) -> None:
        for close in self._closers:
            close()
        self._closers.clear()


def build_backend(settings: Settings, transport: Any = None) -> Backend:
    """Create the clients. Loading the embedded model happens here, once, not per article.

    `transport`, when given, is the bottom of the stack instead of HTTP (an `httpx2` transport serving both sync
    and async requests, e.g. `httpx2.MockTransport`): for gateways that need a custom client, and for tests.
    """
    kind = settings.resolved_backend
    redact.register(settings.api_key)  # masked in errors, logs, results, recordings and the cache, whatever its shape
    redact.install()
    backoff = Backoff(
        attempts=settings.transient_attempts, initial=settings.retry_wait, max_wait=settings.retry_max_wait
    )
    model_sha: str | None = None
    trust_env = False
    closers: list[Any] = []
    if kind == "replay":
        replayer = Replayer(settings.replay_dir)  # type: ignore[arg-type]
        model = settings.model or (replayer.models[0] if len(replayer.models) == 1 else None)
        if model is None:
            raise ConfigurationError(
                f"{settings.replay_dir} holds recordings of several models ({', '.join(replayer.models)}): "
                "pick one with --model"
            )
        default_reasks = replayer.reasks if replayer.reasks is not None else 1
        sync_inner: Any = ReplayTransport(replayer)
        async_inner: Any = AsyncReplayTransport(replayer)
        base_url, api_key = REPLAY_URL, "replay"
    elif transport is not None:
        sync_inner = async_inner = transport
        model = settings.model or DEFAULT_REMOTE_MODEL
        base_url, api_key = settings.base_url or "http://injected.local/v1", settings.api_key or "not-needed"
        kind, default_reasks = "injected", 1
    elif kind == "embedded":
        from .embedded import EmbeddedModel, LlamaTransport

        local = EmbeddedModel.resolve(settings.gguf, n_ctx=settings.n_ctx, n_threads=settings.n_threads)
        sync_inner = async_inner = LlamaTransport(local)
        closers.append(sync_inner.close)
        model, model_sha = settings.model or local.name, local.sha256
        base_url, api_key = LOCAL_URL, "local"
        default_reasks = 0
    else:
        if not (settings.base_url or settings.api_key):
            raise ConfigurationError(
                "no endpoint configured: set OPENAI_API_KEY (OpenAI) or OPENAI_BASE_URL (any OpenAI-compatible "
                "server: vLLM, Ollama, llama.cpp), or use the embedded model with --backend embedded"
            )
        sync_inner, async_inner = httpx2.HTTPTransport(), httpx2.AsyncHTTPTransport()
        model = settings.model or DEFAULT_REMOTE_MODEL
        base_url = settings.base_url
        default_reasks = 1
        api_key = settings.api_key or "not-needed"  # local servers accept any key; the SDK insists on one
        trust_env = True  # honour the user's proxy settings for real endpoints
    where = base_url if kind in ("openai", "injected") else f"({kind})"
    sync_inner, async_inner = CheckingTransport(sync_inner, where), CheckingTransport(async_inner, where)
    if settings.cache_dir and kind != "replay":  # replaying is already offline: nothing to cache
        from .cache import CachingTransport, ResponseCache

        # one store shared by the sync and async stacks; it keeps only complete replies that parse
        cache = ResponseCache(settings.cache_dir, accept=reply_is_usable)
        sync_inner, async_inner = CachingTransport(sync_inner, cache), CachingTransport(async_inner, cache)
    reasks = settings.reasks if settings.reasks is not None else default_reasks
    if settings.record_dir:
        if kind == "replay":
            raise ConfigurationError("cannot record while replaying")
        recorder = Recorder(
            settings.record_dir,
            {
                "library_version": __version__,
                "prompt_version": prompt_version(),
                "backend": kind,
                "model_sha256": model_sha,
                "mode": settings.mode,
                "reasks": reasks,
            },
        )
        sync_inner = RecordingTransport(sync_inner, recorder)
        async_inner = AsyncRecordingTransport(async_inner, recorder)
    mode = MODES[settings.mode]
    http = httpx2.Client(
        transport=RetryingTransport(sync_inner, backoff), trust_env=trust_env, timeout=settings.timeout
    )
    ahttp = httpx2.AsyncClient(
        transport=AsyncRetryingTransport(async_inner, backoff), trust_env=trust_env, timeout=settings.timeout
    )
    common = dict(api_key=api_key, base_url=base_url, max_retries=0, timeout=settings.timeout)
    client = instructor.from_openai(openai.OpenAI(http_client=http, **common), mode=mode)
    aclient = instructor.from_openai(openai.AsyncOpenAI(http_client=ahttp, **common), mode=mode)
    closers.insert(0, http.close)
    return Backend(client, aclient, kind, model, model_sha, backoff, reasks, closers)
