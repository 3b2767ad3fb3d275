"""Settings: arguments first, then environment, then defaults. Secrets are never printed (`repr` hides the key).

| setting      | argument      | environment                         | default                                   |
|--------------|---------------|-------------------------------------|-------------------------------------------|
| endpoint     | `base_url`    | `OPENAI_BASE_URL`                   | none: use the embedded model              |
| API key      | `api_key`     | `OPENAI_API_KEY`                    | "not-needed" for local servers            |
| model        | `model`       | `AGREEMENT_LLM_MODEL`               | gpt-4o-mini remote, the packaged GGUF local |
| backend      | `backend`     | `AGREEMENT_LLM_BACKEND`             | "auto": remote when an endpoint or key is set |
| mode         | `mode`        | `AGREEMENT_LLM_MODE`                | "tools" (llama.cpp's server rejects json_schema) |
| draft        | `draft`       | `AGREEMENT_LLM_DRAFT`               | "auto": "lean" on the embedded model, "full" on an endpoint, the recordings' own when replaying (profiles.py) |
| local GGUF   | `gguf`        | `AGREEMENT_LLM_GGUF`                | the packaged Qwen2.5-Coder-1.5B           |
| record       | `record_dir`  | `AGREEMENT_LLM_RECORD`              | off                                       |
| replay       | `replay_dir`  | `AGREEMENT_LLM_REPLAY`              | off                                       |
| cache        | `cache_dir`   | `AGREEMENT_LLM_CACHE_DIR`           | off                                       |
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any, Literal, TypedDict, get_args

import instructor

from .errors import ConfigurationError

if TYPE_CHECKING:  # only annotations use it: no runtime dependency on typing_extensions for Python 3.10
    from typing_extensions import Unpack

# The allowed values are written once, as types; the runtime collections (checks, the CLI's choices) derive from them.
ModeName = Literal["tools", "tools_strict", "json", "json_schema", "md_json"]
BackendName = Literal["auto", "openai", "embedded", "replay"]
DraftName = Literal["auto", "full", "core", "lean"]  # what the model is asked to fill: profiles.py
MODES: dict[ModeName, instructor.Mode] = {name: instructor.Mode[name.upper()] for name in get_args(ModeName)}
BACKENDS: tuple[BackendName, ...] = get_args(BackendName)
DRAFTS: tuple[DraftName, ...] = get_args(DraftName)
DEFAULT_REMOTE_MODEL = "gpt-4o-mini"


@dataclass(frozen=True)
class Settings:
    """Everything that decides how a model is reached. Build with `Settings.from_env(**overrides)`."""

    backend: BackendName = "auto"
    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    model: str | None = None
    mode: ModeName = "tools"
    draft: DraftName = "auto"
    gguf: str | None = None
    n_ctx: int = 8192
    n_threads: int | None = None
    max_tokens: int = 2048
    temperature: float = 0.0
    timeout: float = 300.0
    # instructor 1.17: retries *after* the first try. None: 1 for endpoints, 0 for the embedded model, whose re-ask
    # cost ~3 minutes on 2 cores and turned a usable reply into all-"null" on seed 000 (measured); what is still
    # invalid is dropped by the guards, not believed. Replay uses what the recordings were made with.
    reasks: int | None = None
    transient_attempts: int = 5
    # Backoff for timeouts, 429s and 5xx: the first wait in seconds (doubling, with jitter) and the cap on any wait,
    # Retry-After included (transport.retry.Backoff).
    retry_wait: float = 1.0
    retry_max_wait: float = 60.0
    record_dir: str | None = None
    replay_dir: str | None = None
    cache_dir: str | None = None  # disk cache of model responses (transport/cache.py): a repeated request costs no call

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Unpack[Options]) -> Settings:
        if env is None:
            env = os.environ
        known = {f.name for f in fields(cls)}
        unknown = set(overrides) - known
        if unknown:
            raise ConfigurationError(f"unknown option(s) {sorted(unknown)}; known options: {sorted(known)}")
        values: dict[str, Any] = {
            "base_url": env.get("OPENAI_BASE_URL") or None,
            "api_key": env.get("OPENAI_API_KEY") or None,
            "model": env.get("AGREEMENT_LLM_MODEL") or None,
            "backend": env.get("AGREEMENT_LLM_BACKEND") or "auto",
            "mode": env.get("AGREEMENT_LLM_MODE") or "tools",
            "draft": env.get("AGREEMENT_LLM_DRAFT") or "auto",
            "gguf": env.get("AGREEMENT_LLM_GGUF") or None,
            "record_dir": env.get("AGREEMENT_LLM_RECORD") or None,
            "replay_dir": env.get("AGREEMENT_LLM_REPLAY") or None,
            "cache_dir": env.get("AGREEMENT_LLM_CACHE_DIR") or None,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values).validated()

    def validated(self) -> Settings:
        if self.mode not in MODES:
            raise ConfigurationError(f"unknown mode {self.mode!r}; choose one of {', '.join(MODES)}")
        if self.draft not in DRAFTS:
            raise ConfigurationError(f"unknown draft {self.draft!r}; choose one of {', '.join(DRAFTS)}")
        if self.backend not in BACKENDS:
            raise ConfigurationError(f"unknown backend {self.backend!r}; choose one of {', '.join(BACKENDS)}")
        if self.record_dir and self.replay_dir:
            raise ConfigurationError("record and replay are exclusive: pass only one of --record / --replay")
        if (self.reasks is not None and self.reasks < 0) or self.transient_attempts < 1:
            raise ConfigurationError("reasks must be >= 0 and transient_attempts >= 1")
        if self.timeout <= 0 or self.retry_wait < 0 or self.retry_max_wait < 0:
            raise ConfigurationError("timeout must be > 0 seconds, and the retry waits >= 0")
        if self.base_url is not None:
            _check_base_url(self.base_url)
        if self.backend == "replay" and not self.replay_dir:
            raise ConfigurationError(
                "--backend replay needs the folder of recordings: pass --replay DIR (or set AGREEMENT_LLM_REPLAY)"
            )
        return self

    @property
    def resolved_backend(self) -> str:
        """'replay', 'openai' (any OpenAI-compatible endpoint) or 'embedded'."""
        if self.replay_dir:
            return "replay"
        if self.backend != "auto":
            return self.backend
        return "openai" if (self.base_url or self.api_key) else "embedded"

    def with_(self, **changes: Unpack[Options]) -> Settings:
        return replace(self, **changes).validated()


class Options(TypedDict, total=False):
    """The keyword options of `Settings.from_env`, `Settings.with_` and `Extractor` (one per `Settings` field)."""

    backend: BackendName
    base_url: str | None
    api_key: str | None
    model: str | None
    mode: ModeName
    draft: DraftName
    gguf: str | None
    n_ctx: int
    n_threads: int | None
    max_tokens: int
    temperature: float
    timeout: float
    reasks: int | None
    transient_attempts: int
    retry_wait: float
    retry_max_wait: float
    record_dir: str | None
    replay_dir: str | None
    cache_dir: str | None


class ExtractorOptions(Options, total=False):
    """The keyword options of `summarize` and `asummarize`: those of `Extractor`."""

    strict: bool


def _check_base_url(url: str) -> None:
    """A base URL must be http(s) with a host; before this check 'not a url' and ftp://... ended, after five
    connection attempts, as a TransientError that said "try again later" (issue 9)."""
    scheme, sep, rest = url.strip().partition("://")
    host = rest.split("/", 1)[0].rsplit("@", 1)[-1]
    if not sep or scheme.lower() not in ("http", "https") or not host or any(c.isspace() for c in url.strip()):
        raise ConfigurationError(
            f"the endpoint {url!r} is not an http(s) URL: pass OPENAI_BASE_URL / --base-url like "
            "'https://api.openai.com/v1' or 'http://localhost:8000/v1'"
        )
