"""The pipeline: text -> clean -> prompt -> call -> validate -> ground -> `Agreement`.

Every entry point (the Python API, the CLI, bulk runs, evals) goes through `Extractor`, which holds one configured
backend for many calls. `prepare` and `ground` are pure; only `_call` / `_acall` talk to a model.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import jiter
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from instructor.core.hooks import Hooks
from instructor.v2.core.function_calls import response_schema
from pydantic import ValidationError

from . import __version__
from .arabic import CleanedText, clean, is_arabic_script
from .backends import Backend, build_backend
from .cache import counting_hits
from .config import Settings
from .draft import Draft, checking
from .endpoint import status_error
from .errors import (
    AgreementLLMError,
    InputError,
    ModelError,
    ModelGaveUpError,
    RefusalError,
    TransientError,
    TruncatedOutputError,
)
from .ground import ground
from .guard import shield
from .labels import label_notes
from .page import articles_in_text, check_input, meta_date, page_text, published_date
from .prompts import prompt_version, render_messages
from .redact import mask
from .schema import Agreement, Note, RunInfo, Usage
from .status import StatusAnalysis, analyse

log = logging.getLogger("agreement_llm")
log.addHandler(logging.NullHandler())  # a library prints nothing unless its user configures logging (issue 9)

# Library use is quiet. instructor logs every exhausted re-ask at ERROR (~1 kB a seed, through Python's last-resort
# handler when nothing is configured) although the guards then keep what the article supports and the notes say
# what was dropped. Silenced here unless the application set that logger's level itself: asking for its lines is
# `logging.getLogger("instructor").setLevel(logging.DEBUG)`, and the CLI does so for -vv.
if logging.getLogger("instructor").level == logging.NOTSET:
    logging.getLogger("instructor").setLevel(logging.CRITICAL)

MAX_CHARS = 60_000  # ~25k tokens of Arabic: past this an article is a whole page of articles, not one

# instructor wraps a plain model in a new class on every call (and caches up to 256 of them); wrapping once keeps the
# tool schema built once and memory flat in bulk runs (measured: 20.8 -> 14.0 ms client CPU per article).
RESPONSE_MODEL = response_schema(Draft)


@dataclass(frozen=True)
class Prepared:
    """An article ready for the model: cleaned, its status cues read, its messages rendered."""

    cleaned: CleanedText
    analysis: StatusAnalysis
    published: date | None
    messages: list[dict[str, str]]
    notes: list[Note] = field(default_factory=list)  # what was done to the input before the model saw it


def prepare(text: str, published_at: date | datetime | str | None = None) -> Prepared:
    """Check and clean one article and render its prompt. Raises `InputError` for text that cannot be an article.

    HTML becomes its visible text (`page.page_text`); lines addressed to a model are removed and the prompt's fence
    cannot be closed from inside (`guard.shield`); each is noted. Plain articles without such lines render exactly
    as before, so recorded exchanges replay.
    """
    check_input(text, published_at)
    if not text.strip():
        raise InputError("the article is empty: pass the text of an Arabic news article")
    if len(text) > MAX_CHARS:
        raise InputError(
            f"the article is {len(text):,} characters, over the {MAX_CHARS:,} limit: split the page into articles"
        )
    notes: list[Note] = []
    body, meta_published, articles = page_text(text)
    if body is not text:
        notes.append(
            Note(
                field="article",
                action="corrected",
                reason="HTML: only the page's visible text was read (no scripts, styles, comments or attributes); "
                "offsets are in that text",
            )
        )
        if published_at is None and meta_published:
            published_at = meta_date(meta_published)
    articles = max(articles, articles_in_text(body))
    if articles > 1:
        notes.append(
            Note(
                field="article",
                action="flagged",
                reason=f"the page seems to hold {articles} articles: they were read as one; split the page "
                "and pass each article alone",
            )
        )
    cleaned = clean(body)
    if not is_arabic_script(cleaned.text, min_share=0.3):
        if is_arabic_script(body, min_share=0.3):
            raise InputError(
                f"nothing is left of the text once page noise is removed ({len(body.strip())} characters read as a "
                "caption or boilerplate line): pass the full text of an article, not a word or a single line"
            )
        raise InputError("the text is not Arabic: agreement-llm reads Arabic news articles")
    cleaned, guarded = shield(cleaned)
    notes += guarded
    published = published_date(published_at, cleaned.published_at)
    messages = render_messages(
        cleaned.text, published_at=published.isoformat() if published else None, tool_name=Draft.__name__
    )
    return Prepared(cleaned, analyse(cleaned.text, published), published, messages, notes)


class Extractor:
    """A configured model for many calls.

    >>> from agreement_llm import Extractor
    >>> with Extractor(replay_dir="tests/recordings/embedded") as extractor:  # doctest: +SKIP
    ...     agreement = extractor.summarize(open("seeds/000_fd964e18e62d9c2a.txt").read())

    Options are those of `Settings` (model, base_url, api_key, backend, mode, gguf, reasks, record_dir, replay_dir,
    ...); anything not given comes from the environment. `transport` replaces HTTP at the bottom of the stack
    (see `backends.build_backend`). `strict=True` raises `ModelGaveUpError` when the model's
    replies stay invalid after every re-ask, instead of keeping only what the article supports.
    """

    def __init__(
        self, settings: Settings | None = None, *, strict: bool = False, transport: Any = None, **options: Any
    ) -> None:
        self.settings = settings.with_(**options) if settings else Settings.from_env(**options)
        self.strict = strict
        self._transport = transport
        self._backend: Backend | None = None

    @property
    def backend(self) -> Backend:
        """The configured clients, built on first use (loading the embedded model happens here)."""
        if self._backend is None:
            self._backend = build_backend(self.settings, self._transport)
        return self._backend

    def close(self) -> None:
        if self._backend is not None:
            self._backend.close()
            self._backend = None

    def __enter__(self) -> Extractor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _request(self, prepared: Prepared, tally: _Tally) -> dict[str, Any]:
        hooks = Hooks()  # per call, so concurrent calls count their own attempts
        hooks.on("completion:response", tally.on_response)
        return dict(
            model=self.backend.model,
            messages=prepared.messages,
            response_model=RESPONSE_MODEL,
            max_retries=self.backend.reasks,
            max_tokens=self.settings.max_tokens,
            temperature=self.settings.temperature,
            hooks=hooks,
        )

    def summarize(self, text: str, *, published_at: date | datetime | str | None = None) -> Agreement:
        """Read one article and return its `Agreement`."""
        started = time.perf_counter()
        prepared = prepare(text, published_at)
        tally = _Tally()
        backend = self.backend  # configuration errors surface as themselves, before any call
        try:
            with checking(prepared.cleaned.text, prepared.analysis.ceiling), counting_hits() as tally.hits:
                result = backend.client.chat.completions.create_with_completion(**self._request(prepared, tally))
            drafts, usage = _unpack(result, tally)
        except Exception as exc:
            drafts, usage = self._salvage(exc, tally)
        return self._finish(drafts, usage, prepared, started)

    async def asummarize(self, text: str, *, published_at: date | datetime | str | None = None) -> Agreement:
        """`summarize` for asyncio; many may run at once on one `Extractor`."""
        started = time.perf_counter()
        prepared = prepare(text, published_at)
        tally = _Tally()
        backend = self.backend
        try:
            with checking(prepared.cleaned.text, prepared.analysis.ceiling), counting_hits() as tally.hits:
                result = await backend.aclient.chat.completions.create_with_completion(**self._request(prepared, tally))
            drafts, usage = _unpack(result, tally)
        except Exception as exc:
            drafts, usage = self._salvage(exc, tally)
        return self._finish(drafts, usage, prepared, started)

    def _finish(self, drafts: list[Draft], usage: Usage, prepared: Prepared, started: float) -> Agreement:
        # One draft when the model answered validly; else every parseable failed attempt, of which the one that
        # keeps the most grounded values wins (a re-ask can make a small model worse: seed 000 turned to "null"s).
        grounded = []
        for draft in drafts:
            relabelled = label_notes(draft)
            if any(n.field == "status" for n in relabelled):
                draft.status = prepared.analysis.status  # no usable label: the status the article's cues show
            agreement = ground(draft, prepared.cleaned, prepared.analysis, prepared.published)
            agreement.notes[:0] = prepared.notes + relabelled
            if draft._cut:
                agreement.notes.append(
                    Note(
                        field="run",
                        action="flagged",
                        reason=f"the model's reply was cut at max_tokens={self.settings.max_tokens}: what came after the "
                        "cut is missing (raise --max-tokens)",
                    )
                )
            grounded.append(agreement)
        agreement = max(grounded, key=_grounded_values)
        agreement.run = RunInfo(
            model=self.backend.model,
            backend=self.backend.name,
            prompt_version=prompt_version(),
            library_version=__version__,
            seconds=round(time.perf_counter() - started, 3),
            usage=usage,
        )
        return agreement.with_article_text(prepared.cleaned.original)

    def _salvage(self, exc: Exception, tally: _Tally | None = None) -> tuple[list[Draft], Usage]:
        """Map a failed call to a typed error, or return the replies that parse when only their grounding failed."""
        if (ours := _in_chain(exc, AgreementLLMError)) is not None:  # e.g. a replay miss raised in the transport
            raise ours
        if (cut := _in_chain(exc, IncompleteOutputException)) is not None:
            draft = None if self.strict else _lenient(_raw_reply(cut.last_completion))
            if draft is None:
                raise TruncatedOutputError(
                    f"the model stopped at its token limit (max_tokens={self.settings.max_tokens}) before finishing "
                    "its answer: raise --max-tokens, or use a model that writes less"
                ) from exc
            draft._cut = True
            return [draft], _usage(getattr(cut.last_completion, "usage", None), 1, tally)
        transient = _in_chain(exc, (openai.APIConnectionError, openai.RateLimitError, openai.InternalServerError))
        if transient is not None:  # APITimeoutError is an APIConnectionError
            raise TransientError(
                f"{type(transient).__name__} (tried up to {self.settings.transient_attempts} times): {_safe(transient)}. "
                "The endpoint is unreachable or overloaded; try again later or lower --concurrency"
            ) from None  # the chain holds the provider's reply, which may echo the key
        if (status := _in_chain(exc, openai.APIStatusError)) is not None:
            raise status_error(status.status_code, _safe(status)) from None
        # instructor 1.17 raises AssertionError("Unable to generate a response due to <refusal>") before parsing.
        refused = _in_chain(exc, AssertionError)
        if refused is not None and _REFUSED in str(refused):
            raise RefusalError(f"the model refused: {str(refused).split(_REFUSED, 1)[1].strip()!r}") from exc
        if not isinstance(exc, InstructorRetryException):
            raise ModelError(f"the model call failed: {type(exc).__name__}: {_safe(exc)}") from None
        replies = [_raw_reply(a.completion) for a in exc.failed_attempts or []]
        refusal = _refusal(exc.failed_attempts[-1].completion) if exc.failed_attempts else None
        if refusal:
            raise RefusalError(f"the model refused: {refusal!r}") from exc
        usage = _usage(exc.total_usage, exc.n_attempts, tally)
        if not self.strict:
            drafts = []
            for attempt, reply in zip(exc.failed_attempts or [], replies):
                if (draft := _lenient(reply)) is not None:  # no checks: ground() drops what fails
                    draft._cut = _was_cut(attempt.completion, self.settings.max_tokens)
                    drafts.append(draft)
            if drafts:
                log.info(
                    "no reply passed every check in %d tries; the guards keep what the article supports", exc.n_attempts
                )
                return drafts, usage
        last = mask(str(exc.failed_attempts[-1].exception) if exc.failed_attempts else str(exc))
        raise ModelGaveUpError(
            f"the model gave no valid answer in {exc.n_attempts} tries; last problem: {_first_line(last)}. "
            "Try a stronger model (--model / OPENAI_BASE_URL) or more re-asks (--reasks)",
            attempts=exc.n_attempts,
            last_error=last,
            raw_replies=[mask(r) for r in replies if r],
        ) from exc


@dataclass
class _Tally:
    """The replies of one `summarize` call: those from the model, and those from the response cache.

    A cached reply costs nothing, so it is counted as a hit and its tokens are taken out of the usage (instructor
    sums the usage of every reply, cached or not).
    """

    hits: list[int] = field(default_factory=list)  # filled by the cache (`cache.counting_hits`)
    calls: int = 0
    cached_prompt: int = 0
    cached_completion: int = 0
    _seen: int = 0

    def on_response(self, completion: Any = None, *_args: Any, **_kw: Any) -> None:
        if len(self.hits) > self._seen:  # the transport answered this reply from the cache
            self._seen = len(self.hits)
            usage = getattr(completion, "usage", None)
            self.cached_prompt += getattr(usage, "prompt_tokens", 0) or 0
            self.cached_completion += getattr(usage, "completion_tokens", 0) or 0
        else:
            self.calls += 1


def _unpack(result: tuple[Draft, Any], tally: _Tally) -> tuple[list[Draft], Usage]:
    draft, completion = result
    total = getattr(draft, "_total_usage", None) or getattr(completion, "usage", None)  # summed over re-asks
    return [draft], _usage(total, max(1, tally.calls + len(tally.hits)), tally)


def _lenient(reply: str | None) -> Draft | None:
    """Parse a reply without the article checks; a reply cut mid-JSON keeps what came before the cut."""
    if not reply:
        return None
    try:
        data = jiter.from_json(reply.encode(), partial_mode="trailing-strings")
        return Draft.model_validate(data)
    except (ValueError, ValidationError):
        return None


def _was_cut(completion: Any, max_tokens: int) -> bool:
    # llama-cpp-python reports finish_reason "tool_calls" even when the token limit cut the arguments.
    try:
        return completion.choices[0].finish_reason == "length" or completion.usage.completion_tokens >= max_tokens
    except (AttributeError, IndexError, TypeError):
        return False


def _grounded_values(a: Agreement) -> tuple[int, int]:
    """How much of a result rests on the article (more is better; fewer guard notes breaks ties)."""
    kept = len(a.parties) + sum(len(p.representatives) for p in a.parties) + len(a.instruments)
    kept += (a.date is not None) + (a.place is not None) + len(a.objectives) + len(a.commitments) + len(a.beneficiaries)
    return kept, -len(a.notes)


def _usage(total: Any, replies: int, tally: _Tally | None = None) -> Usage:
    """Usage of `replies` replies, less those the cache answered (`tally`): they were no model call and cost nothing."""
    hits = len(tally.hits) if tally else 0
    attempts = max(0, replies - hits)
    if total is None:
        return Usage(attempts=attempts, cache_hits=hits)
    prompt = max(0, (getattr(total, "prompt_tokens", 0) or 0) - (tally.cached_prompt if tally else 0))
    completion = max(0, (getattr(total, "completion_tokens", 0) or 0) - (tally.cached_completion if tally else 0))
    return Usage(
        prompt_tokens=prompt,
        completion_tokens=completion,
        total_tokens=prompt + completion,
        attempts=attempts,
        cache_hits=hits,
    )


def _in_chain(exc: BaseException | None, types: Any) -> Any:
    """The first exception of `types` in `exc`'s cause/context chain (instructor wraps what the SDK raised)."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, types):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


def _raw_reply(completion: Any) -> str | None:
    """The JSON the model wrote: tool-call arguments, else the message content without ``` fences."""
    try:
        message = completion.choices[0].message
    except (AttributeError, IndexError, TypeError):
        return None
    calls = getattr(message, "tool_calls", None) or []
    if calls:
        return calls[0].function.arguments
    content = getattr(message, "content", None) or ""
    fenced = re.search(r"```(?:json)?\s*(.*?)```", content, re.DOTALL)
    return (fenced.group(1) if fenced else content).strip() or None


def _refusal(completion: Any) -> str | None:
    try:
        return getattr(completion.choices[0].message, "refusal", None)
    except (AttributeError, IndexError, TypeError):
        return None


_REFUSED = "Unable to generate a response due to"


def _safe(exc: BaseException) -> str:
    """An exception's first line with the configured key, bearer tokens and `sk-…` keys masked (`redact`)."""
    return mask(_first_line(mask(str(exc))))


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line[:300]


__all__ = ["Extractor", "Prepared", "prepare"]
