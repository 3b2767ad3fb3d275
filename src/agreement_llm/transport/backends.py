"""Build the instructor clients for a `Settings`: one transport stack for every backend.

    openai SDK (max_retries=0) -> RetryingTransport -> [RecordingTransport] -> [CachingTransport]
        -> CheckingTransport -> HTTP | in-process llama.cpp | replay | an injected transport

Remote endpoints (OpenAI, Azure-style gateways, vLLM, Ollama, llama.cpp's server), the embedded model and replayed
recordings differ only in the bottom transport, chosen by one small builder per backend, so re-asks, backoff, usage
and recording behave the same everywhere. The stack is built once and shared by the sync and async clients.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx2
import instructor
import openai

from .. import __version__, redact
from ..config import DEFAULT_REMOTE_MODEL, MODES, Settings
from ..errors import ConfigurationError
from ..profiles import profile_for
from .cache import CachingTransport, ResponseCache
from .embedded import EmbeddedModel, LlamaTransport
from .endpoint import CheckingTransport, reply_is_usable
from .layer import Transport
from .recording import RecordingTransport, ReplayTransport
from .retry import Backoff, RetryingTransport

LOCAL_URL = "http://embedded.local/v1"  # never resolved: the in-process transport answers it
REPLAY_URL = "http://replay.local/v1"
INJECTED_URL = "http://injected.local/v1"


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
    _closers: list[Callable[[], None]] = field(default_factory=list, repr=False)
    _aclosers: list[Callable[[], Awaitable[None]]] = field(default_factory=list, repr=False)

    def close(self) -> None:
        """Close the sync client, and through it the whole stack (the embedded model included)."""
        for close in self._closers:
            close()
        self._closers.clear()

    async def aclose(self) -> None:
        """Close the async client's connection pool too, then everything `close()` closes."""
        for aclose in self._aclosers:
            await aclose()
        self._aclosers.clear()
        self.close()


@dataclass
class Bottom:
    """What differs between backends: the transport at the bottom of the stack and how the clients address it."""

    name: str  # what results say in run.backend
    transport: Transport
    model: str
    base_url: str | None  # None: the SDK's default (OPENAI_BASE_URL, else api.openai.com)
    api_key: str  # local servers accept any key, but the SDK insists on one
    default_reasks: int  # when Settings.reasks is None
    model_sha256: str | None = None
    # Let the clients read the environment (netrc credentials) for real endpoints only. httpx2 reads *_PROXY only
    # when it builds its own transport, which it never does here: proxies from the environment are not used.
    trust_env: bool = False

    @property
    def where(self) -> str:
        """How errors name the endpoint: its URL when it has a real one."""
        return str(self.base_url) if self.name in ("openai", "injected") else f"({self.name})"


class HTTPTransport(httpx2.BaseTransport, httpx2.AsyncBaseTransport):
    """httpx2's sync and async connection pools behind one transport, so one stack serves both clients."""

    def __init__(self) -> None:
        self.sync, self.async_ = httpx2.HTTPTransport(), httpx2.AsyncHTTPTransport()

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        return self.sync.handle_request(request)

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        return await self.async_.handle_async_request(request)

    def close(self) -> None:
        self.sync.close()

    async def aclose(self) -> None:
        await self.async_.aclose()


def replay_bottom(settings: Settings) -> Bottom:
    """Recordings answer; the model is the one they hold, and re-asks are as many as when they were made."""
    replay = ReplayTransport(settings.replay_dir or "")
    model = settings.model or (replay.models[0] if len(replay.models) == 1 else None)
    if model is None:
        raise ConfigurationError(
            f"{settings.replay_dir} holds recordings of several models ({', '.join(replay.models)}): "
            "pick one with --model"
        )
    reasks = replay.reasks if replay.reasks is not None else 1
    return Bottom("replay", replay, model, REPLAY_URL, "replay", reasks)


def injected_bottom(settings: Settings, transport: Transport) -> Bottom:
    """The caller's transport (a gateway needing a custom client, a test's MockTransport, batch replies)."""
    model = settings.model or DEFAULT_REMOTE_MODEL
    base_url = settings.base_url or INJECTED_URL
    return Bottom("injected", transport, model, base_url, settings.api_key or "not-needed", 1)


def embedded_bottom(settings: Settings) -> Bottom:
    """The GGUF loaded in this process, once. No re-asks by default (see `Settings.reasks`)."""
    local = EmbeddedModel.resolve(settings.gguf, n_ctx=settings.n_ctx, n_threads=settings.n_threads)
    model = settings.model or local.name
    return Bottom("embedded", LlamaTransport(local), model, LOCAL_URL, "local", 0, model_sha256=local.sha256)


def openai_bottom(settings: Settings) -> Bottom:
    """Any OpenAI-compatible endpoint over HTTP."""
    if not settings.base_url and not settings.api_key:
        raise ConfigurationError(
            "no endpoint configured: set OPENAI_API_KEY (OpenAI) or OPENAI_BASE_URL (any OpenAI-compatible "
            "server: vLLM, Ollama, llama.cpp), or use the embedded model with --backend embedded"
        )
    model = settings.model or DEFAULT_REMOTE_MODEL
    api_key = settings.api_key or "not-needed"
    return Bottom("openai", HTTPTransport(), model, settings.base_url, api_key, 1, trust_env=True)


BOTTOMS: dict[str, Callable[[Settings], Bottom]] = {
    "replay": replay_bottom,
    "embedded": embedded_bottom,
    "openai": openai_bottom,
}


def choose_bottom(settings: Settings, transport: Transport | None) -> Bottom:
    """Recordings win over an injected transport (a replay stays offline); an injected one wins over the rest."""
    kind = settings.resolved_backend
    if transport is not None and kind != "replay":
        return injected_bottom(settings, transport)
    return BOTTOMS[kind](settings)


def build_backend(settings: Settings, transport: Transport | None = None) -> Backend:
    """Create the clients. Loading the embedded model happens here, once, not per article.

    `transport`, when given, is the bottom of the stack instead of HTTP (an `httpx2` transport serving both sync
    and async requests, e.g. `httpx2.MockTransport`): for gateways that need a custom client, and for tests.
    """
    redact.register(settings.api_key)  # masked in errors, logs, results, recordings and the cache, whatever its shape
    redact.install()
    bottom = choose_bottom(settings, transport)
    stack: Transport = CheckingTransport(bottom.transport, bottom.where)
    if settings.cache_dir and bottom.name != "replay":  # replaying is already offline: nothing to cache
        # It keeps only complete replies that parse.
        stack = CachingTransport(stack, ResponseCache(settings.cache_dir, accept=reply_is_usable))
    reasks = settings.reasks if settings.reasks is not None else bottom.default_reasks
    if settings.record_dir:
        if bottom.name == "replay":
            raise ConfigurationError("cannot record while replaying")
        metadata = {
            "library_version": __version__,
            "prompt_version": profile_for(settings, bottom.name).version,
            "backend": bottom.name,
            "model_sha256": bottom.model_sha256,
            "mode": settings.mode,
            "reasks": reasks,
        }
        stack = RecordingTransport(stack, settings.record_dir, metadata)
    backoff = Backoff(
        attempts=settings.transient_attempts, initial=settings.retry_wait, max_wait=settings.retry_max_wait
    )
    retrying = RetryingTransport(stack, backoff)
    http = httpx2.Client(transport=retrying, trust_env=bottom.trust_env, timeout=settings.timeout)
    ahttp = httpx2.AsyncClient(transport=retrying, trust_env=bottom.trust_env, timeout=settings.timeout)
    mode = MODES[settings.mode]
    sdk = openai.OpenAI(
        http_client=http, api_key=bottom.api_key, base_url=bottom.base_url, max_retries=0, timeout=settings.timeout
    )
    asdk = openai.AsyncOpenAI(
        http_client=ahttp, api_key=bottom.api_key, base_url=bottom.base_url, max_retries=0, timeout=settings.timeout
    )
    client = instructor.from_openai(sdk, mode=mode)
    aclient = instructor.from_openai(asdk, mode=mode)
    closers: list[Callable[[], None]] = [http.close]
    return Backend(
        client, aclient, bottom.name, bottom.model, bottom.model_sha256, backoff, reasks, closers, [ahttp.aclose]
    )
