"""The pipeline: text -> clean -> prompt -> call -> validate -> ground -> `Agreement`.

Every entry point (the Python API, the CLI, bulk runs, evals) goes through `Extractor`, which holds one configured
backend for many calls. `prepare` and `ground` are pure; only `summarize` / `asummarize` talk to a model, through
instructor (whose version-bound details live in `_instructor`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

import httpx2

from . import __version__, _instructor
from .arabic import CleanedText, clean, is_arabic_script
from .config import Options, Settings
from .draft import Draft, checking
from .errors import InputError
from .ground import ground
from .guard import shield
from .labels import label_notes
from .page import articles_in_text, check_input, meta_date, page_text, published_date
from .profiles import FULL, Profile, profile_for
from .replies import Tally, salvage, usage_of
from .schema import Agreement, Note, RunInfo, Usage
from .status import StatusAnalysis, analyse
from .transport.backends import Backend, build_backend
from .transport.cache import counting_hits

if TYPE_CHECKING:  # only annotations use it: no runtime dependency on typing_extensions for Python 3.10
    from typing_extensions import Unpack

log = logging.getLogger("agreement_llm")
log.addHandler(logging.NullHandler())  # a library prints nothing unless its user configures logging (issue 9)

MAX_CHARS = 60_000  # ~25k tokens of Arabic: past this an article is a whole page of articles, not one


Transport = httpx2.BaseTransport | httpx2.AsyncBaseTransport
"""What can replace HTTP at the bottom of the stack: an `httpx2` transport; one of both kinds (like
`httpx2.MockTransport`) serves `summarize` and `asummarize`."""


@dataclass(frozen=True)
class Prepared:
    """An article ready for the model: cleaned, its status cues read, its messages rendered."""

    cleaned: CleanedText
    analysis: StatusAnalysis
    published: date | None
    messages: list[dict[str, str]]
    notes: list[Note] = field(default_factory=list)  # what was done to the input before the model saw it


def prepare(text: str, published_at: date | datetime | str | None = None, profile: Profile = FULL) -> Prepared:
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
    messages = profile.messages(cleaned.text, published.isoformat() if published else None)
    return Prepared(cleaned, analyse(cleaned.text, published), published, messages, notes)


class Extractor:
    """A configured model for many calls.

    >>> from agreement_llm import Extractor
    >>> with Extractor(replay_dir="tests/recordings/embedded") as extractor:  # doctest: +SKIP
    ...     agreement = extractor.summarize(open("seeds/000_fd964e18e62d9c2a.txt").read())

    Options are those of `Settings` (`config.Options`: model, base_url, api_key, backend, mode, gguf, reasks,
    record_dir, replay_dir, ...); anything not given comes from the environment. `transport` replaces HTTP at the
    bottom of the stack (see `backends.build_backend`). `strict=True` raises `ModelGaveUpError` when the model's
    replies stay invalid after every re-ask, instead of keeping only what the article supports. Async code closes
    it with `async with` or `await aclose()`.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        strict: bool = False,
        transport: Transport | None = None,
        **options: Unpack[Options],
    ) -> None:
        self.settings = settings.with_(**options) if settings else Settings.from_env(**options)
        self.strict = strict
        self._transport = transport
        self._backend: Backend | None = None

    @cached_property
    def profile(self) -> Profile:
        """What the model is asked to fill (`profiles.py`): by default the lean draft on the embedded model and the
        full one on an endpoint; when replaying, what the recordings were made with."""
        return profile_for(self.settings, "injected" if self._transport is not None else None)

    @property
    def prompt_version(self) -> str:
        """The version of the prompt this extractor sends (resume keys, caches and recordings depend on it)."""
        return self.profile.version

    @property
    def backend(self) -> Backend:
        """The configured clients, built on first use (loading the embedded model happens here)."""
        if self._backend is None:
            self._backend = build_backend(self.settings, self._transport)
        return self._backend

    def close(self) -> None:
        """Close both clients and free the embedded model. Called inside a running event loop, it closes the async
        client on that loop as a task: async code should `await aclose()` (or use `async with`) instead."""
        backend, self._backend = self._backend, None
        if backend is None:
            return
        try:
            _close_async_client(backend)
        finally:
            backend.close()

    async def aclose(self) -> None:
        """Close both clients, the async one on this event loop (where its connections live)."""
        backend, self._backend = self._backend, None
        if backend is None:
            return
        try:
            await _instructor.sdk_client(backend.aclient).close()
        finally:
            backend.close()

    def __enter__(self) -> Extractor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def __aenter__(self) -> Extractor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def summarize(self, text: str, *, published_at: date | datetime | str | None = None) -> Agreement:
        """Read one article and return its `Agreement`."""
        call = self._start(text, published_at)
        with self._calling(call):
            call.answered(self.backend.client.chat.completions.create_with_completion(**call.request))
        return self._finish(call)

    async def asummarize(self, text: str, *, published_at: date | datetime | str | None = None) -> Agreement:
        """`summarize` for asyncio; many may run at once on one `Extractor`."""
        call = self._start(text, published_at)
        with self._calling(call):
            call.answered(await self.backend.aclient.chat.completions.create_with_completion(**call.request))
        return self._finish(call)

    def _start(self, text: str, published_at: date | datetime | str | None) -> _Call:
        started = time.perf_counter()
        prepared = prepare(text, published_at, self.profile)
        backend = self.backend  # configuration errors surface as themselves, before any call
        tally = Tally()
        request = _instructor.request(
            model=backend.model,
            messages=prepared.messages,
            response_model=self.profile.response_model,
            reasks=backend.reasks,
            max_tokens=self.settings.max_tokens,
            temperature=self.settings.temperature,
            on_reply=tally.on_reply,
            stop=self.profile.stop,
        )
        return _Call(prepared, request, tally, started)

    @contextmanager
    def _calling(self, call: _Call) -> Iterator[None]:
        """Around the model call: the draft's checks and the cache's hit count on; a failure becomes a typed error,
        or the replies worth grounding (`replies.salvage`)."""
        try:
            with (
                checking(call.prepared.cleaned.text, call.prepared.analysis.ceiling),
                counting_hits() as call.tally.hits,
            ):
                yield
        except Exception as exc:
            call.drafts, call.usage = salvage(
                exc, call.tally, self.settings, strict=self.strict, draft=self.profile.draft
            )

    def _finish(self, call: _Call) -> Agreement:
        # One draft when the model answered validly; else every parseable failed attempt, of which the one that
        # keeps the most grounded values wins (a re-ask can make a small model worse: seed 000 turned to "null"s).
        prepared, grounded = call.prepared, []
        for draft in call.drafts:
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
            prompt_version=self.profile.version,
            library_version=__version__,
            seconds=round(time.perf_counter() - call.started, 3),
            usage=call.usage,
        )
        return agreement.with_article_text(prepared.cleaned.original)


@dataclass
class _Call:
    """One `summarize` call: the article prepared, the request, its replies counted, and what came back."""

    prepared: Prepared
    request: dict[str, Any]
    tally: Tally
    started: float
    drafts: list[Draft] = field(default_factory=list)  # what to ground: one valid reply, or those `salvage` kept
    usage: Usage = field(default_factory=Usage)

    def answered(self, result: tuple[Draft, Any]) -> None:
        """The model's valid reply: (the parsed draft, its completion)."""
        draft, completion = result
        replies = max(1, self.tally.calls + len(self.tally.hits))
        self.drafts, self.usage = [draft], usage_of(_instructor.summed_usage(draft, completion), replies, self.tally)


_closing: set[asyncio.Task[None]] = set()  # close tasks in flight (the loop keeps only weak references to tasks)


def _close_async_client(backend: Backend) -> None:
    """Close the async client from sync code: on the running event loop as a task, else on a loop of its own."""
    client = _instructor.sdk_client(backend.aclient)
    if client.is_closed():
        return
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        try:
            asyncio.run(client.close())
        except RuntimeError:  # its connections belong to an event loop already closed: left to the collector
            log.debug("the async client's connections outlived their event loop; use `async with Extractor`")
        return
    task = loop.create_task(client.close())
    _closing.add(task)
    task.add_done_callback(_closing.discard)


def _grounded_values(a: Agreement) -> tuple[int, int]:
    """How much of a result rests on the article (more is better; fewer guard notes breaks ties)."""
    kept = len(a.parties) + sum(len(p.representatives) for p in a.parties) + len(a.instruments)
    kept += (a.date is not None) + (a.place is not None) + len(a.objectives) + len(a.commitments) + len(a.beneficiaries)
    return kept, -len(a.notes)


__all__ = ["Extractor", "Prepared", "prepare"]
