"""The fixed prompt prefix (system prompt and tool schema), evaluated once and kept on disk for the next process.

Within one process llama.cpp already reuses the evaluated prefix of the previous prompt. A fresh process (every
`agreement-llm summarize`, every notebook kernel) used to evaluate the ~2,200 tokens of system prompt and tool
schema again before the article's first token: most of a cold call's prompt time on two cores. Here the prefix's
state (its KV cache, ~29 kB a token for the default model) is saved once under the cache folder and loaded by the
next process, which then evaluates only the article.

Which tokens are the prefix is read off the request itself: its prompt is rendered twice by the model's own chat
template, with two different articles, and the tokens the two share (less the last, where a word may join the
article) are the prefix. A template that is not the model's Jinja template, or any surprise, turns this off (one
debug line) and the call goes on as before. The state file's name hashes everything that makes the state valid: the
model's SHA-256, llama.cpp's version and build, the context settings and the prefix tokens themselves.

Only the llama.cpp context state and the token ids are written: `Llama.save_state` would also copy the logits
buffer (hundreds of MB for a 151k vocabulary), which a prefix followed by an article never needs.
"""

from __future__ import annotations

import ctypes
import hashlib
import logging
import os
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger("agreement_llm.embedded")

_MAGIC = b"agreement-llm/prefix-state@1\n"


def prefix_tokens(llama: Any, request: dict[str, Any]) -> list[int] | None:
    """The tokens every prompt of this kind starts with, or None when they cannot be told."""
    from llama_cpp import llama_chat_format

    template = (getattr(llama, "metadata", None) or {}).get("tokenizer.chat_template")
    if not template or getattr(llama, "chat_handler", None) is not None or llama.chat_format != "chat_template.default":
        return None
    eos, bos = llama.token_eos(), llama.token_bos()
    formatter = llama_chat_format.Jinja2ChatFormatter(
        template=template,
        eos_token=llama._model.token_get_text(eos) if eos != -1 else "",
        bos_token=llama._model.token_get_text(bos) if bos != -1 else "",
        stop_token_ids=[eos],
    )
    messages = request.get("messages") or []
    if not messages or messages[-1].get("role") != "user":
        return None
    renders = []
    for filler in ("\u0623", "\u0628"):  # two different one-letter articles
        changed = [*messages[:-1], {**messages[-1], "content": filler}]
        result = formatter(messages=changed, tools=request.get("tools"), tool_choice=request.get("tool_choice"))
        renders.append(llama.tokenize(result.prompt.encode("utf-8"), add_bos=not result.added_special, special=True))
    shared = 0
    for a, b in zip(*renders, strict=False):
        if a != b:
            break
        shared += 1
    return renders[0][: shared - 1] if shared > 1 else None


def state_path(folder: Path, model_sha256: str, settings: str, tokens: list[int]) -> Path:
    import llama_cpp

    digest = hashlib.sha256()
    # The build's instruction sets too: a state evaluated by an AVX2 build is valid for an AVX-512 one, but not
    # bit for bit what that build would have computed.
    for part in (model_sha256, llama_cpp.__version__, llama_cpp.llama_print_system_info().decode(), settings):
        digest.update(part.encode() + b"\x1f")
    digest.update(np.asarray(tokens, dtype=np.int32).tobytes())
    return folder / f"{digest.hexdigest()[:32]}.state"


def load(llama: Any, path: Path, tokens: list[int]) -> bool:
    """Put the saved prefix into `llama`'s context; False when the file is missing or not this prefix's."""
    import llama_cpp

    try:
        data = path.read_bytes()
    except OSError:
        return False
    n = len(tokens)
    head = len(_MAGIC) + 4 * n
    if not data.startswith(_MAGIC) or len(data) <= head:
        return False
    ids = np.frombuffer(data[len(_MAGIC) : head], dtype=np.int32)
    if ids.tolist() != tokens:
        return False
    state = (ctypes.c_uint8 * (len(data) - head)).from_buffer_copy(data[head:])
    llama.reset()
    if llama_cpp.llama_state_set_data(llama._ctx.ctx, state, len(data) - head) != len(data) - head:
        llama.reset()
        return False
    llama.input_ids[:n] = ids
    llama.n_tokens = n
    return True


def evaluate_and_save(llama: Any, path: Path, tokens: list[int]) -> None:
    """Evaluate `tokens` from an empty context and write the resulting state to `path` (atomically)."""
    import llama_cpp

    llama.reset()
    llama.eval(tokens)
    size = llama_cpp.llama_state_get_size(llama._ctx.ctx)
    buffer = (ctypes.c_uint8 * int(size))()
    written = llama_cpp.llama_state_get_data(llama._ctx.ctx, buffer, size)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.partial")
    with partial.open("wb") as out:
        out.write(_MAGIC)
        out.write(np.asarray(tokens, dtype=np.int32).tobytes())
        out.write(memoryview(buffer)[:written])
    partial.replace(path)


def warm(llama: Any, request: dict[str, Any], folder: Path, model_sha256: str, settings: str) -> str:
    """Make sure `llama`'s context starts with this request's fixed prefix; returns what was done (for the log)."""
    tokens = prefix_tokens(llama, request)
    if not tokens:
        return "no fixed prefix"
    if llama.n_tokens >= len(tokens) and llama.input_ids[: len(tokens)].tolist() == tokens:
        return "prefix already evaluated"
    path = state_path(folder, model_sha256, settings, tokens)
    if load(llama, path, tokens):
        return f"prefix of {len(tokens)} tokens loaded from {path.name}"
    evaluate_and_save(llama, path, tokens)
    return f"prefix of {len(tokens)} tokens evaluated and saved to {path.name}"
