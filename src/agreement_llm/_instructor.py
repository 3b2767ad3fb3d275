"""Everything that depends on instructor beyond `from_openai` and `Mode`, in one place: this module is written for
instructor 1.17 (`instructor>=1.17,<1.18` in pyproject.toml) and is the one to read before lifting that pin.

What an upgrade can break, and where it would show:

* **Import paths.** `instructor.core.exceptions` and `instructor.core.hooks` are 1.17's shims over `instructor.v2.core`,
  and `response_schema` lives in `instructor.v2.core.function_calls`: a move fails at import, here.
* **`max_retries` counts re-asks after the first try** (1.17; earlier releases counted tries). `Settings.reasks`,
  the recordings' `reasks` and every `attempts` figure assume it; a change shows as one call more or less in
  tests/test_pipeline.py and as replay misses in tests/test_recordings.py.
* **The wrapped response model.** instructor wraps a plain model in a new `pydantic.create_model` class on every call
  (and keeps the last 256 alive in its schema cache); 1.17 takes an already wrapped class as is, so `response_model`
  wraps `Draft` once (benchmarks/README.md: 20.8 -> 14.0 ms client CPU per article, memory flat in bulk runs). The
  tool schema of the wrapped class is what the recordings are keyed on: a release that renders it differently
  misses every replay (tests/test_recordings.py, tests/test_oracle.py).
* **How failures are reported.** A refusal is an `AssertionError("Unable to generate a response due to <refusal>")`
  raised before parsing (`v2/providers/openai/handlers.py`; other wording: the refusal becomes a `ModelError`); a
  reply cut at max_tokens is an `IncompleteOutputException` with `last_completion`, raised at once and not retried;
  exhausted re-asks are an `InstructorRetryException` with `n_attempts`, `total_usage` and `failed_attempts` (each
  with its raw `completion` and `exception`); each wraps what the openai SDK raised in its cause/context chain
  (tests/test_pipeline.py and tests/test_faults.py cover each case).
* **Usage and hooks.** A parsed model carries the usage summed over re-asks as `_total_usage`; the
  `completion:response` hook is called once per reply with the completion first (`cache_hits` and `attempts`).
* **Logging.** Every exhausted re-ask is logged at ERROR on the "instructor" logger.
* **The async-validator check.** 1.17 walks the whole response model (every field, every base class) to refuse
  instructor's own async validators, 7 times a call: 1.05 ms of client CPU a call for the wrapped `Draft` (measured on
  seed 000, 50 calls). `_reject_async_validators_once` remembers the classes that passed; anything else, and
  any class that fails, is checked every time as before. A release that moves the function fails at import, here.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from instructor.core.hooks import Hooks
from instructor.v2.core import patch as _instructor_patch
from instructor.v2.core.function_calls import response_schema
from instructor.v2.validation import async_validators as _async_validators
from pydantic import BaseModel

# Library use is quiet. instructor logs every exhausted re-ask at ERROR (~1 kB a seed, through Python's last-resort
# handler when nothing is configured) although the guards then keep what the article supports and the notes say
# what was dropped. Silenced here unless the application set that logger's level itself: asking for its lines is
# `logging.getLogger("instructor").setLevel(logging.DEBUG)`, and the CLI does so for -vv.
if logging.getLogger("instructor").level == logging.NOTSET:
    logging.getLogger("instructor").setLevel(logging.CRITICAL)

_reject_async_validators = _async_validators.reject_async_validators
_passed_async_validator_check: weakref.WeakSet[type] = weakref.WeakSet()  # weak: instructor makes classes per call


def _reject_async_validators_once(response_model: Any) -> None:
    """instructor's check, run once per response model class (the class does not change between calls)."""
    if not isinstance(response_model, type):
        _reject_async_validators(response_model)
        return
    if response_model not in _passed_async_validator_check:
        _reject_async_validators(response_model)  # raises for a class with async validators: never remembered
        _passed_async_validator_check.add(response_model)


# Most call sites import the function from its module at call time; patch.py imported it at its own import.
_async_validators.reject_async_validators = _reject_async_validators_once
_instructor_patch.reject_async_validators = _reject_async_validators_once  # type: ignore[attr-defined]

M = TypeVar("M", bound=BaseModel)
E = TypeVar("E", bound=BaseException)

_REFUSED = "Unable to generate a response due to"


def response_model(model: type[M]) -> type[M]:
    """`model` wrapped the way instructor wraps it for every call: call once and pass the result to each call."""
    return response_schema(model)


def request(
    *,
    model: str,
    messages: list[dict[str, str]],
    response_model: type[BaseModel],
    reasks: int,
    max_tokens: int,
    temperature: float,
    on_reply: Callable[[Any], None],
    stop: tuple[str, ...] = (),
) -> dict[str, Any]:
    """The keyword arguments of one `create_with_completion` call; `on_reply(completion)` runs for every reply."""
    hooks = Hooks()  # per call, so concurrent calls count their own replies
    hooks.on("completion:response", lambda completion, *_args, **_kw: on_reply(completion))
    kwargs: dict[str, Any] = dict(
        model=model,
        messages=messages,
        response_model=response_model,
        max_retries=reasks,
        max_tokens=max_tokens,
        temperature=temperature,
        hooks=hooks,
    )
    if stop:  # only when asked: every other request, and the recordings keyed on it, stay as they were
        kwargs["stop"] = list(stop)
    return kwargs


def summed_usage(parsed: BaseModel, completion: Any) -> Any:
    """The usage of a successful call: summed over its re-asks, else the last completion's."""
    return getattr(parsed, "_total_usage", None) or getattr(completion, "usage", None)


def in_chain(exc: BaseException | None, kind: type[E] | tuple[type[E], ...]) -> E | None:
    """The first exception of `kind` in `exc`'s cause/context chain (instructor wraps what the SDK raised)."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, kind):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


@dataclass(frozen=True)
class Cut:
    """A call that failed because the token limit cut the reply (not retried); `completion` is that reply."""

    completion: Any


def cut(exc: BaseException) -> Cut | None:
    """The cut reply a call failed on, else None."""
    incomplete = in_chain(exc, IncompleteOutputException)
    return None if incomplete is None else Cut(incomplete.last_completion)


def refusal(exc: BaseException) -> str | None:
    """The refusal a call failed on before any reply was parsed, else None."""
    refused = in_chain(exc, AssertionError)
    if refused is None or _REFUSED not in str(refused):
        return None
    return str(refused).split(_REFUSED, 1)[1].strip()


@dataclass(frozen=True)
class GaveUp:
    """A call whose every reply failed validation: how many tries, their summed usage, and each try's raw
    completion (None where there was none) with why it was rejected."""

    attempts: int
    usage: Any
    completions: list[Any]
    errors: list[str]


def gave_up(exc: BaseException) -> GaveUp | None:
    """What instructor reports when the re-asks ran out, else None (`exc` is some other failure)."""
    if not isinstance(exc, InstructorRetryException):
        return None
    failed = exc.failed_attempts or []
    return GaveUp(
        attempts=exc.n_attempts,
        usage=exc.total_usage,
        completions=[attempt.completion for attempt in failed],
        errors=[str(attempt.exception) for attempt in failed] or [str(exc)],
    )


def sdk_client(client: Any) -> Any:
    """The openai SDK client an instructor client wraps (its `client` attribute)."""
    return client.client


__all__ = ["Cut", "GaveUp", "cut", "gave_up", "in_chain", "refusal", "request", "response_model", "summed_usage"]
