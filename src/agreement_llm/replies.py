"""A model call's replies: counted (from the model or the response cache), their usage, and a failed call turned
into a typed error, or into the replies worth grounding when only their checks failed.

instructor's own exceptions are read through `_instructor`; the completions are the openai SDK's.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

import jiter
import openai
from pydantic import ValidationError

from . import _instructor
from .config import Settings
from .draft import Draft
from .errors import (
    AgreementLLMError,
    ModelError,
    ModelGaveUpError,
    RefusalError,
    TransientError,
    TruncatedOutputError,
)
from .redact import mask
from .schema import Usage
from .transport.endpoint import status_error

log = logging.getLogger("agreement_llm")


def salvage(
    exc: Exception, tally: Tally, settings: Settings, *, strict: bool, draft: type[Draft] = Draft
) -> tuple[list[Draft], Usage]:
    """Map a failed call to a typed error, or return the replies that parse when only their grounding failed
    (unless `strict`) as `draft`s, with their usage."""
    if (ours := _instructor.in_chain(exc, AgreementLLMError)) is not None:  # e.g. a replay miss in the transport
        raise ours
    if (cut := _instructor.cut(exc)) is not None:
        salvaged = None if strict else lenient(_raw_reply(cut.completion), draft)
        if salvaged is None:
            raise TruncatedOutputError(
                f"the model stopped at its token limit (max_tokens={settings.max_tokens}) before finishing "
                "its answer: raise --max-tokens, or use a model that writes less"
            ) from exc
        salvaged._cut = True
        return [salvaged], usage_of(getattr(cut.completion, "usage", None), 1, tally)
    transient = _instructor.in_chain(
        exc, (openai.APIConnectionError, openai.RateLimitError, openai.InternalServerError)
    )
    if transient is not None:  # APITimeoutError is an APIConnectionError
        raise TransientError(
            f"{type(transient).__name__} (tried up to {settings.transient_attempts} times): {_safe(transient)}. "
            "The endpoint is unreachable or overloaded; try again later or lower --concurrency"
        ) from None  # the chain holds the provider's reply, which may echo the key
    if (status := _instructor.in_chain(exc, openai.APIStatusError)) is not None:
        raise status_error(status.status_code, _safe(status)) from None
    if (refused := _instructor.refusal(exc)) is not None:
        raise RefusalError(f"the model refused: {refused!r}") from exc
    if (gave_up := _instructor.gave_up(exc)) is None:
        raise ModelError(f"the model call failed: {type(exc).__name__}: {_safe(exc)}") from None
    replies = [_raw_reply(completion) for completion in gave_up.completions]
    refusal = _refusal(gave_up.completions[-1]) if gave_up.completions else None
    if refusal:
        raise RefusalError(f"the model refused: {refusal!r}") from exc
    spent = usage_of(gave_up.usage, gave_up.attempts, tally)
    if not strict:
        drafts = []
        for completion, reply in zip(gave_up.completions, replies, strict=True):
            if (parsed := lenient(reply, draft)) is not None:  # no checks: ground() drops what fails
                parsed._cut = _was_cut(completion, settings.max_tokens)
                drafts.append(parsed)
        if drafts:
            log.info(
                "no reply passed every check in %d tries; the guards keep what the article supports",
                gave_up.attempts,
            )
            return drafts, spent
    last = mask(gave_up.errors[-1])
    raise ModelGaveUpError(
        f"the model gave no valid answer in {gave_up.attempts} tries; last problem: {_first_line(last)}. "
        "Try a stronger model (--model / OPENAI_BASE_URL) or more re-asks (--reasks)",
        attempts=gave_up.attempts,
        last_error=last,
        raw_replies=[mask(r) for r in replies if r],
    ) from exc


@dataclass
class Tally:
    """The replies of one `summarize` call: those from the model, and those from the response cache.

    A cached reply costs nothing, so it is counted as a hit and its tokens are taken out of the usage (instructor
    sums the usage of every reply, cached or not).
    """

    hits: list[int] = field(default_factory=list)  # filled by the cache (`cache.counting_hits`)
    calls: int = 0
    cached_prompt: int = 0
    cached_completion: int = 0
    _seen: int = 0

    def on_reply(self, completion: Any) -> None:
        if len(self.hits) > self._seen:  # the transport answered this reply from the cache
            self._seen = len(self.hits)
            usage = getattr(completion, "usage", None)
            self.cached_prompt += getattr(usage, "prompt_tokens", 0) or 0
            self.cached_completion += getattr(usage, "completion_tokens", 0) or 0
        else:
            self.calls += 1


def lenient(reply: str | None, draft: type[Draft] = Draft) -> Draft | None:
    """Parse a reply without the article checks; a reply cut mid-JSON keeps what came before the cut."""
    if not reply:
        return None
    try:
        data = jiter.from_json(reply.encode(), partial_mode="trailing-strings")
        return draft.model_validate(data)
    except (ValueError, ValidationError):
        return None


def _was_cut(completion: Any, max_tokens: int) -> bool:
    # llama-cpp-python reports finish_reason "tool_calls" even when the token limit cut the arguments.
    try:
        return bool(completion.choices[0].finish_reason == "length" or completion.usage.completion_tokens >= max_tokens)
    except (AttributeError, IndexError, TypeError):
        return False


def usage_of(total: Any, replies: int, tally: Tally) -> Usage:
    """Usage of `replies` replies, less those the cache answered (`tally`): they were no model call and cost nothing."""
    hits = len(tally.hits)
    attempts = max(0, replies - hits)
    if total is None:
        return Usage(attempts=attempts, cache_hits=hits)
    prompt = max(0, (getattr(total, "prompt_tokens", 0) or 0) - tally.cached_prompt)
    completion = max(0, (getattr(total, "completion_tokens", 0) or 0) - tally.cached_completion)
    return Usage(
        prompt_tokens=prompt,
        completion_tokens=completion,
        total_tokens=prompt + completion,
        attempts=attempts,
        cache_hits=hits,
    )


def _raw_reply(completion: Any) -> str | None:
    """The JSON the model wrote: tool-call arguments, else the message content without ``` fences."""
    try:
        message = completion.choices[0].message
    except (AttributeError, IndexError, TypeError):
        return None
    calls = getattr(message, "tool_calls", None) or []
    if calls:
        arguments: str | None = calls[0].function.arguments
        return arguments
    content = getattr(message, "content", None) or ""
    fenced = re.search(r"```(?:json)?\s*(.*?)```", content, re.DOTALL)
    return (fenced.group(1) if fenced else content).strip() or None


def _refusal(completion: Any) -> str | None:
    try:
        refusal: str | None = getattr(completion.choices[0].message, "refusal", None)
    except (AttributeError, IndexError, TypeError):
        return None
    return refusal


def _safe(exc: BaseException) -> str:
    """An exception's first line with the configured key, bearer tokens and `sk-…` keys masked (`redact`)."""
    return mask(_first_line(mask(str(exc))))


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line[:300]


__all__ = ["Tally", "lenient", "salvage", "usage_of"]
