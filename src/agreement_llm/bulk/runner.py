"""The bulk runner: articles in, one result record per article out, through N asyncio workers.

    articles (streamed) -> bounded queue -> N workers -> `Summarizer.asummarize` -> one record each -> `ResultSink`

* Memory stays flat: the queue holds at most `2 * concurrency` articles. The only state that grows with the input
  is the set of finished keys (32 hex characters per article) used to resume.
* Transient errors (429, 5xx, timeouts) are retried by the transport's shared `Backoff` only; the runner never
  retries on top of it, so a rate-limited provider sees one cool-down, not one per worker per layer.
* A failure never stops the run: it becomes a record with `ok: false` and its reason. Only errors that would fail
  every article alike (a refused key, a broken endpoint, a full disk) stop it; a re-run resumes.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ..errors import ConfigurationError, EndpointError, InputError, ModelGaveUpError, StorageError
from ..redact import mask
from .inputs import Article, job_key
from .limits import RateLimiter, estimate_tokens
from .results import ResultFile, ResultSink, StreamedResults

if TYPE_CHECKING:
    from ..extract import Extractor
    from ..schema import Agreement


@dataclass
class Stats:
    """Counts of one run; `done`/`failed` count this run's articles, `skipped` those finished before."""

    total: int | None = None
    done: int = 0
    failed: int = 0
    skipped: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0
    cache_hits: int = 0
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    errors: dict[str, int] = field(default_factory=dict)

    @property
    def elapsed(self) -> float:
        return (self.finished or time.monotonic()) - self.started

    @property
    def per_minute(self) -> float:
        return 60.0 * (self.done + self.failed) / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def remaining(self) -> int | None:
        return None if self.total is None else max(0, self.total - self.done - self.failed - self.skipped)

    @property
    def eta(self) -> float | None:
        """Seconds left at the current pace, None before the first article or without a total."""
        rate = self.per_minute / 60.0
        return None if self.remaining is None or rate <= 0 else self.remaining / rate

    def cost(self, price_in: float | None, price_out: float | None) -> float | None:
        """Estimated spend in the prices' currency (prices per million tokens); None without prices."""
        if price_in is None and price_out is None:
            return None
        return (self.prompt_tokens * (price_in or 0.0) + self.completion_tokens * (price_out or 0.0)) / 1e6

    def count(self, record: dict[str, Any]) -> None:
        """Add one finished article's line (a result record) to the counts."""
        usage = record.get("usage") or {}
        self.prompt_tokens += usage.get("prompt_tokens", 0)
        self.completion_tokens += usage.get("completion_tokens", 0)
        self.calls += usage.get("attempts", 0)
        self.cache_hits += usage.get("cache_hits", 0)
        if record["ok"]:
            self.done += 1
        else:
            self.failed += 1
            kind = record["error"]["type"]
            self.errors[kind] = self.errors.get(kind, 0) + 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "done": self.done,
            "failed": self.failed,
            "skipped": self.skipped,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "calls": self.calls,
            "cache_hits": self.cache_hits,
            "seconds": round(self.elapsed, 3),
            "per_minute": round(self.per_minute, 1),
            "errors": dict(self.errors),
        }


class Observer(Protocol):
    """What a progress display or log is told; every method is called from the event loop, never concurrently."""

    def started(self, stats: Stats) -> None: ...
    def finished_article(self, record: dict[str, Any], stats: Stats) -> None: ...
    def skipped_article(self, article: Article, stats: Stats) -> None: ...
    def ended(self, stats: Stats) -> None: ...


class Summarizer(Protocol):
    """What reading articles needs of an `Extractor`: one article (and its publication date, when known) in, one
    `Agreement` out, from synchronous code (`evals.evaluate`) or on the event loop (the `Runner`). A protocol, so
    that a stand-in can take the model's place (the runner's own cost is measured with a sleep)."""

    def summarize(self, text: str, *, published_at: date | datetime | str | None = None) -> Agreement: ...

    async def asummarize(self, text: str, *, published_at: date | datetime | str | None = None) -> Agreement: ...


@dataclass
class RunConfig:
    """How to run: the bound on concurrent calls and optional provider limits."""

    concurrency: int = 8
    requests_per_minute: float | None = None
    tokens_per_minute: float | None = None
    max_tokens: int = 1536

    def __post_init__(self) -> None:
        if self.concurrency < 1:
            raise InputError("--concurrency must be at least 1")


class Runner:
    """Runs `summarizer` over articles into `results` (a `ResultSink`).

    Use `run()` / `arun()` unless you need the pieces."""

    def __init__(
        self,
        summarizer: Summarizer,
        results: ResultSink,
        *,
        model: str,
        prompt_version: str,
        config: RunConfig | None = None,
        observer: Observer | None = None,
        clock: Callable[[], float] = time.monotonic,
        asleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self.summarizer, self.results, self.observer = summarizer, results, observer
        self.config = config or RunConfig()
        self.model, self.prompt_version = model, prompt_version
        self._clock, self._asleep = clock, asleep
        self.stats = Stats()

    async def arun(self, articles: Iterable[Article], total: int | None = None) -> Stats:
        done = self.results.open()
        self.stats = Stats(total=total, started=self._clock())
        limits = [
            RateLimiter(self.config.requests_per_minute, clock=self._clock, asleep=self._asleep)
            if self.config.requests_per_minute
            else None,
            RateLimiter(self.config.tokens_per_minute, clock=self._clock, asleep=self._asleep)
            if self.config.tokens_per_minute
            else None,
        ]
        queue: asyncio.Queue[tuple[Article, str] | None] = asyncio.Queue(maxsize=2 * self.config.concurrency)
        if self.observer:
            self.observer.started(self.stats)
        workers = [asyncio.create_task(self._worker(queue, *limits)) for _ in range(self.config.concurrency)]
        feeder = asyncio.create_task(self._feed(articles, done, queue, len(workers)))
        try:
            # gather raises at the first crash of the feeder or a worker (a full disk, a bad input file), instead
            # of leaving the feeder blocked on a queue that nobody reads any more
            await asyncio.gather(feeder, *workers)
        finally:
            for task in (feeder, *workers):
                task.cancel()
            await asyncio.gather(feeder, *workers, return_exceptions=True)
            self.results.close()
            self.stats.finished = self._clock()
        if self.observer:
            self.observer.ended(self.stats)
        return self.stats

    async def _feed(
        self,
        articles: Iterable[Article],
        done: set[str],
        queue: asyncio.Queue[tuple[Article, str] | None],
        workers: int,
    ) -> None:
        seen: set[str] = set()  # keys queued this run: a duplicated input line is read once
        for article in articles:
            key = job_key(article, self.model, self.prompt_version)
            if key in done or key in seen:
                self.stats.skipped += 1
                if self.observer:
                    self.observer.skipped_article(article, self.stats)
                continue
            seen.add(key)
            await queue.put((article, key))  # blocks while 2 x concurrency articles wait: memory stays flat
        for _ in range(workers):
            await queue.put(None)

    async def _worker(
        self, queue: asyncio.Queue[tuple[Article, str] | None], requests: RateLimiter | None, tokens: RateLimiter | None
    ) -> None:
        while (item := await queue.get()) is not None:
            article, key = item
            record = await self._one(article, key, requests, tokens)
            self.results.write(record)  # synchronous, on the loop: lines from different workers never interleave
            self._count(record)
            if self.observer:
                self.observer.finished_article(record, self.stats)

    async def _one(
        self, article: Article, key: str, requests: RateLimiter | None, tokens: RateLimiter | None
    ) -> dict[str, Any]:
        started = self._clock()
        record: dict[str, Any] = {
            "key": key,
            "id": article.id,
            "source": article.source,
            "url": article.url,
            "published_at": article.published_at,
            "ok": False,
            "model": self.model,
            "prompt_version": self.prompt_version,
        }
        try:
            if article.problem:
                raise InputError(article.problem)
            estimate = estimate_tokens(article, self.config.max_tokens)
            if requests:
                await requests.acquire()
            if tokens:
                await tokens.acquire(estimate)
            agreement = await self.summarizer.asummarize(article.text, published_at=article.published_at)
            usage = agreement.run.usage.model_dump() if agreement.run else {}
            if tokens and usage:
                tokens.settle(usage.get("total_tokens", 0) - estimate)
            record.update(ok=True, agreement=agreement.model_dump(mode="json"), error=None, usage=usage)
        except (asyncio.CancelledError, ConfigurationError, EndpointError, StorageError):
            raise  # a refused key or a broken endpoint fails every article alike: stop; a re-run resumes
        except Exception as exc:
            record.update(agreement=None, error=_error(exc), usage=_error_usage(exc))
        record["seconds"] = round(self._clock() - started, 3)
        record["finished_at"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
        # The text the spans point into, so a review can show each value where it stands (`agreement-llm review`).
        # Last, so a reader skimming a line sees the metadata first; lines written before it lack it.
        record["text"] = article.text
        return record

    def _count(self, record: dict[str, Any]) -> None:
        self.stats.count(record)


def _error(exc: BaseException) -> dict[str, Any]:
    error: dict[str, Any] = {"type": type(exc).__name__, "message": mask(str(exc))}
    if isinstance(exc, ModelGaveUpError):
        error.update(attempts=exc.attempts, last_error=mask(exc.last_error))
    return error


def _error_usage(exc: BaseException) -> dict[str, Any]:
    # Calls that failed still cost: a model that gave up after its re-asks was called that many times.
    return {"attempts": exc.attempts} if isinstance(exc, ModelGaveUpError) else {"attempts": 0}


async def arun(
    articles: Iterable[Article],
    extractor: Extractor,
    output: str | Path,
    *,
    config: RunConfig | None = None,
    observer: Observer | None = None,
    total: int | None = None,
    errors_path: str | Path | None = None,
) -> Stats:
    """Read every article with `extractor`, appending one line each to `output` ("-": standard output); resumable."""
    results: ResultSink = StreamedResults(errors_path) if str(output) == "-" else ResultFile(output, errors_path)
    return await runner_for(extractor, results, config, observer).arun(articles, total)


def runner_for(
    extractor: Extractor,
    results: ResultSink,
    config: RunConfig | None = None,
    observer: Observer | None = None,
    runner: type[Runner] = Runner,
) -> Runner:
    """A `runner` class (`Runner` or a subclass) reading with `extractor` into `results`, keyed like every run."""
    backend = extractor.backend  # built once here, not lazily inside N concurrent workers
    config = config or RunConfig()
    config = RunConfig(
        config.concurrency, config.requests_per_minute, config.tokens_per_minute, extractor.settings.max_tokens
    )
    return runner(
        extractor,
        results,
        model=backend.model,
        prompt_version=extractor.prompt_version,
        config=config,
        observer=observer,
    )


def run(
    articles: Iterable[Article],
    extractor: Extractor,
    output: str | Path,
    *,
    config: RunConfig | None = None,
    observer: Observer | None = None,
    total: int | None = None,
    errors_path: str | Path | None = None,
) -> Stats:
    """`arun` from synchronous code (scripts, the CLI): starts and closes its own event loop.

    In a notebook (a loop is already running) `await arun(...)` instead. The extractor's async HTTP connections
    belong to the loop that first used them, so give each `run()` call its own `Extractor`.
    """
    return asyncio.run(
        arun(articles, extractor, output, config=config, observer=observer, total=total, errors_path=errors_path)
    )
