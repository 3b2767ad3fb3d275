"""Bulk runs: many articles in, one JSON line per article out, resumable and bounded.

    articles (folder / JSONL / CSV / stdin, streamed) -> bounded queue -> N asyncio workers -> append-only JSONL

* Memory stays flat: inputs are read lazily and the queue holds at most `2 * concurrency` articles. The only state
  that grows with the input is the set of finished keys (32 hex characters per article) used to resume.
* Resumable: every line carries `key` = hash(content hash, model, prompt version). A re-run skips keys already
  written as successes and retries failures. Lines are appended whole with one `os.write` each, and a torn last
  line (a kill in the middle of a write) is cut off on start, so no finished article is ever lost or doubled.
* Transient errors (429, 5xx, timeouts) are retried by the transport's shared `Backoff` only; the runner never
  retries on top of it, so a rate-limited provider sees one cool-down, not one per worker per layer.
* A failure never stops the run: it becomes a line with `ok: false` and its reason, and a line in
  `<output>.errors.jsonl`.
"""

from __future__ import annotations

import asyncio
import csv
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any, Protocol

from .errors import ConfigurationError, EndpointError, InputError, ModelGaveUpError, StorageError
from .page import html_to_text
from .redact import mask

TEXT_SUFFIXES = frozenset({".txt", ".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
CSV_SUFFIXES = frozenset({".csv", ".tsv"})


# --------------------------------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Columns:
    """Which fields of a JSONL object or CSV row hold the article and its metadata."""

    text: str = "text"
    id: str = "id"
    url: str = "url"
    published_at: str = "published_at"


@dataclass(frozen=True)
class Article:
    """One article to read. `problem` is set when the input itself was unusable (the run records it as failed)."""

    id: str
    text: str
    source: str
    url: str | None = None
    published_at: str | None = None
    problem: str | None = None

    @property
    def content_sha256(self) -> str:
        """Hash of what decides the prompt (text and publication date) plus the id, so duplicates stay distinct."""
        digest = hashlib.sha256()
        for part in (self.id, self.published_at or "", self.text):
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\x1f")
        return digest.hexdigest()


def job_key(article: Article, model: str, prompt_version: str) -> str:
    """The resume key: the same article read by the same model with the same prompt is the same job."""
    raw = f"{article.content_sha256}\x1f{model}\x1f{prompt_version}".encode()
    return hashlib.sha256(raw).hexdigest()[:32]


def _file_article(path: Path, article_id: str) -> Article:
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return Article(article_id, "", str(path), problem=f"not UTF-8 text ({exc.reason} at byte {exc.start})")
    except OSError as exc:
        return Article(article_id, "", str(path), problem=f"cannot read the file: {exc.strerror}")
    if path.suffix.lower() in {".html", ".htm"}:
        text, published = html_to_text(raw)
        return Article(article_id, text, str(path), published_at=published)
    return Article(article_id, raw, str(path))


def _record_article(obj: Any, source: str, default_id: str, columns: Columns) -> Article:
    """An article from a JSONL object or CSV row; a missing or empty text becomes a per-article problem."""
    if not isinstance(obj, dict):
        return Article(default_id, "", source, problem="the line is not a JSON object")
    article_id = str(obj.get(columns.id) or default_id)
    text = obj.get(columns.text)
    url, published = obj.get(columns.url) or None, obj.get(columns.published_at) or None
    if not isinstance(text, str) or not text.strip():
        return Article(article_id, "", source, url, published, problem=f"no text in column {columns.text!r}")
    return Article(
        article_id, text, source, None if url is None else str(url), None if published is None else str(published)
    )


def _jsonl_articles(lines: Iterable[str], source: str, columns: Columns) -> Iterator[Article]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as exc:
            yield Article(f"{source}:{number}", "", source, problem=f"line {number} is not JSON: {exc.msg}")
            continue
        yield _record_article(obj, source, f"{source}:{number}", columns)


def _csv_articles(path: Path, columns: Columns) -> Iterator[Article]:
    csv.field_size_limit(2**31 - 1)  # an article is one (large) field
    # utf-8-sig: spreadsheet exports start with a BOM; "replace": one broken byte must not stop a whole file
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t" if path.suffix.lower() == ".tsv" else ",")
        if columns.text not in (reader.fieldnames or []):
            raise InputError(
                f"{path} has no {columns.text!r} column (columns: {', '.join(reader.fieldnames or [])}); "
                "name the text column with --text-column"
            )
        for number, row in enumerate(reader, 1):
            yield _record_article(row, str(path), f"{path}:{number}", columns)


def _stdin_articles(stream: IO[str], columns: Columns) -> Iterator[Article]:
    """JSONL when the first non-blank character is '{', else the whole input is one plain-text article."""
    first = ""
    for line in stream:
        if line.strip():
            first = line
            break
    if first.lstrip().startswith("{"):
        yield from _jsonl_articles(_chain([first], stream), "<stdin>", columns)
    elif first:
        yield Article("<stdin>", first + stream.read(), "<stdin>")


def _chain(head: list[str], tail: Iterable[str]) -> Iterator[str]:
    yield from head
    yield from tail


def iter_articles(
    inputs: Sequence[str | Path], columns: Columns = Columns(), stdin: IO[str] | None = None
) -> Iterator[Article]:
    """Stream the articles of every input, in order: folders (.txt/.html, recursively), JSONL, CSV/TSV, single
    text or HTML files, or "-" for standard input. Raises `InputError` for an input that cannot be read at all."""
    for item in inputs:
        if str(item) == "-":
            if stdin is None and hasattr(sys.stdin, "reconfigure"):
                sys.stdin.reconfigure(errors="replace")  # as for files: a broken byte is not worth a crash
            yield from _stdin_articles(stdin or sys.stdin, columns)
            continue
        path = Path(item)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.suffix.lower() in TEXT_SUFFIXES and p.is_file())
            for file in files:
                yield _file_article(file, file.relative_to(path).as_posix())
        elif not path.is_file():
            raise InputError(f"no such file or folder: {item}")
        elif path.suffix.lower() in JSONL_SUFFIXES or path.suffix.lower() == ".json":
            with path.open(encoding="utf-8-sig", errors="replace") as handle:
                yield from _jsonl_articles(handle, str(path), columns)
        elif path.suffix.lower() in CSV_SUFFIXES:
            yield from _csv_articles(path, columns)
        else:
            yield _file_article(path, path.name)


def count_articles(inputs: Sequence[str | Path], columns: Columns = Columns()) -> int | None:
    """How many articles the inputs hold (for the progress bar's ETA), or None when one is standard input."""
    if any(str(i) == "-" for i in inputs):
        return None
    return sum(1 for _ in iter_articles(inputs, columns))


# --------------------------------------------------------------------------------------------------- output


def errors_path_for(output: Path) -> Path:
    return (
        output.with_name(output.name + ".errors.jsonl")
        if output.suffix != ".jsonl"
        else output.with_suffix(".errors.jsonl")
    )


class ResultFile:
    """The append-only JSONL of results, plus its errors file.

    `open()` cuts a torn last line, drops failed lines (they are about to be retried, and a retry writes a new
    line), and returns the keys already done. Each `write` is one `os.write` of one whole line on an O_APPEND
    descriptor: a kill can only ever tear the line being written, which the next `open()` repairs.
    """

    def __init__(self, path: str | Path, errors_path: str | Path | None = None) -> None:
        self.path = Path(path)
        self.errors_path = Path(errors_path) if errors_path else errors_path_for(self.path)
        # The lock lives in a side file: compaction replaces the results file, and a lock on a replaced inode
        # would no longer keep a second run out.
        self.lock_path = self.path.with_name(f".{self.path.name}.lock")
        self._fd: int | None = None
        self._errors_fd: int | None = None
        self._lock_fd: int | None = None

    def open(self) -> set[str]:
        try:
            return self._open()
        except OSError as exc:  # a read-only folder, a full disk: typed, with advice, never a traceback
            self.close()
            raise exc if isinstance(exc, StorageError) else StorageError.of(exc, "write the results") from None

    def _open(self) -> set[str]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock_fd = os.open(self.lock_path, os.O_WRONLY | os.O_CREAT, 0o644)
        _lock(self._lock_fd, self.path)  # before any repair: never rewrite a file another run is appending to
        if self.path.exists():
            _cut_torn_line(self.path)
        done = self._compact()
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        # The errors file lists the failures of this run: earlier ones are retried now and re-listed if they fail.
        self._errors_fd = os.open(self.errors_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_TRUNC, 0o644)
        return done

    def _compact(self) -> set[str]:
        """Keys of the successes already written; rewrites the file (atomically) only when it holds anything else."""
        done: set[str] = set()
        if not self.path.exists():
            return done
        dirty = False
        with self.path.open("rb") as handle:
            for line in handle:
                key = _ok_key(line)
                if key is None or key in done:
                    dirty = True
                else:
                    done.add(key)
        if dirty:
            tmp = self.path.with_name(f".{self.path.name}.tmp")
            kept: set[str] = set()
            with self.path.open("rb") as src, tmp.open("wb") as dst:
                for line in src:
                    key = _ok_key(line)
                    if key is not None and key not in kept:
                        kept.add(key)
                        dst.write(line)
                dst.flush()
                os.fsync(dst.fileno())
            os.replace(tmp, self.path)
        return done

    def write(self, record: dict[str, Any]) -> None:
        try:
            line = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate from a badly encoded input: \u-escape it rather than crash
            line = (json.dumps(record, separators=(",", ":")) + "\n").encode("ascii")
        assert self._fd is not None and self._errors_fd is not None, "open() the ResultFile first"
        for fd, path in (
            ((self._fd, self.path), (self._errors_fd, self.errors_path))
            if not record["ok"]
            else ((self._fd, self.path),)
        ):
            _append_whole(fd, line, path)

    def close(self) -> None:
        for fd in (self._fd, self._errors_fd, self._lock_fd):  # closing the lock file's descriptor releases it
            if fd is not None:
                os.close(fd)
        self._fd = self._errors_fd = self._lock_fd = None


class StreamedResults:
    """`ResultFile`'s interface on standard output (`run -o -`): lines stream to a pipe, nothing to resume.

    Each line is written whole and flushed from the event loop, so lines of concurrent workers never interleave.
    Failures also go to `errors_path` when one is given (a pipe has no name to derive it from).
    """

    def __init__(self, errors_path: str | Path | None = None, stream: IO[str] | None = None) -> None:
        self.errors_path = Path(errors_path) if errors_path else None
        self._stream = stream
        self._errors_fd: int | None = None

    def open(self) -> set[str]:
        if self.errors_path:
            self._errors_fd = os.open(self.errors_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_TRUNC, 0o644)
        return set()

    def write(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
        stream = self._stream or sys.stdout  # looked up now: a test or a notebook may have replaced sys.stdout
        stream.write(line)
        stream.flush()
        if not record["ok"] and self._errors_fd is not None:
            _write_all(self._errors_fd, line.encode("utf-8", "backslashreplace"))

    def close(self) -> None:
        if self._errors_fd is not None:
            os.close(self._errors_fd)
        self._errors_fd = None


def _ok_key(line: bytes) -> str | None:
    try:
        record = json.loads(line)
    except ValueError:
        return None
    return record.get("key") if isinstance(record, dict) and record.get("ok") is True else None


def _cut_torn_line(path: Path) -> None:
    """Truncate `path` after its last newline: whatever follows it is a line a kill interrupted."""
    with path.open("rb+") as handle:
        end = handle.seek(0, os.SEEK_END)
        pos = end
        while pos > 0:
            step = min(65536, pos)
            handle.seek(pos - step)
            chunk = handle.read(step)
            newline = chunk.rfind(b"\n")
            if newline >= 0:
                cut = pos - step + newline + 1
                break
            pos -= step
        else:
            cut = 0
        if cut != end:
            handle.truncate(cut)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _append_whole(fd: int, line: bytes, path: Path) -> None:
    """Append `line` whole or not at all: a write the disk refuses half-way (ENOSPC) is cut back off at once, so
    the file never holds a torn line that a reader of a still-running job would meet, and the next run resumes."""
    size = os.fstat(fd).st_size
    try:
        _write_all(fd, line)
    except OSError as exc:
        try:
            os.ftruncate(fd, size)
        except OSError:
            pass  # the next open() cuts the torn line anyway
        raise StorageError.of(OSError(exc.errno, exc.strerror, str(path)), "append to") from None


def _lock(fd: int, path: Path) -> None:
    """Refuse a second run appending to the same output at the same time (POSIX only; elsewhere trust the user)."""
    try:
        import fcntl
    except ImportError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise InputError(f"another run is writing {path}: wait for it, or write to another file") from None


# --------------------------------------------------------------------------------------------------- rate limits


class RateLimiter:
    """A token bucket refilled at `per_minute / 60` per second, holding at most one second's worth.

    `acquire(n)` waits until the bucket holds `n` (or is full, for a request bigger than the bucket), then takes
    `n`: the level may go negative, so a big request still passes and the next ones wait for the debt to clear. `settle(delta)` corrects an estimate
    once the real cost is known (tokens: the estimate is taken before the call, usage arrives after).
    """

    def __init__(
        self,
        per_minute: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        asleep: Callable[[float], Any] = asyncio.sleep,
    ) -> None:
        if per_minute <= 0:
            raise ValueError("a rate limit must be positive")
        self.rate = per_minute / 60.0
        self.capacity = max(1.0, self.rate)
        self.level = self.capacity
        self.clock, self.asleep = clock, asleep
        self._last = clock()
        self._lock = asyncio.Lock()

    def _refill(self) -> None:
        now = self.clock()
        self.level = min(self.capacity, self.level + (now - self._last) * self.rate)
        self._last = now

    async def acquire(self, amount: float = 1.0) -> None:
        async with self._lock:  # one waiter at a time: first come, first served
            self._refill()
            need = min(amount, self.capacity)
            while self.level < need:
                await self.asleep((need - self.level) / self.rate)
                self._refill()
            self.level -= amount

    def settle(self, delta: float) -> None:
        self.level -= delta


def estimate_tokens(article: Article, max_tokens: int) -> int:
    """A pessimistic guess before the call: ~2 characters per token of Arabic, the system prompt, a full reply."""
    return len(article.text) // 2 + 1500 + max_tokens


# --------------------------------------------------------------------------------------------------- the run


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
    """The part of `Extractor` a run needs (a protocol so the runner's own cost can be measured without a model)."""

    async def asummarize(self, text: str, *, published_at: Any = None) -> Any: ...


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
    """Runs `summarizer` over articles into a `ResultFile`. Use `run()` / `arun()` unless you need the pieces."""

    def __init__(
        self,
        summarizer: Summarizer,
        results: ResultFile,
        *,
        model: str,
        prompt_version: str,
        config: RunConfig | None = None,
        observer: Observer | None = None,
        clock: Callable[[], float] = time.monotonic,
        asleep: Callable[[float], Any] = asyncio.sleep,
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
    extractor: Any,
    output: str | Path,
    *,
    config: RunConfig | None = None,
    observer: Observer | None = None,
    total: int | None = None,
    errors_path: str | Path | None = None,
) -> Stats:
    """Read every article with `extractor` (an `Extractor`), appending one line each to `output`; resumable."""
    results: Any = StreamedResults(errors_path) if str(output) == "-" else ResultFile(output, errors_path)
    return await runner_for(extractor, results, config, observer).arun(articles, total)


def runner_for(
    extractor: Any,
    results: ResultFile,
    config: RunConfig | None = None,
    observer: Observer | None = None,
    runner: type[Runner] = Runner,
) -> Runner:
    """A `runner` class (`Runner` or a subclass) reading with `extractor` into `results`, keyed like every run."""
    from .prompts import prompt_version

    backend = extractor.backend  # built once here, not lazily inside N concurrent workers
    config = config or RunConfig()
    config = RunConfig(
        config.concurrency, config.requests_per_minute, config.tokens_per_minute, extractor.settings.max_tokens
    )
    return runner(
        extractor, results, model=backend.model, prompt_version=prompt_version(), config=config, observer=observer
    )


def run(articles: Iterable[Article], extractor: Any, output: str | Path, **options: Any) -> Stats:
    """`arun` from synchronous code (scripts, the CLI): starts and closes its own event loop.

    In a notebook (a loop is already running) `await arun(...)` instead. The extractor's async HTTP connections
    belong to the loop that first used them, so give each `run()` call its own `Extractor`.
    """
    return asyncio.run(arun(articles, extractor, output, **options))


def read_results(path: str | Path, stdin: IO[str] | None = None) -> Iterator[dict[str, Any]]:
    """The records of a results file ("-": standard input), skipping a torn last line (the file may still be
    being written). A broken line elsewhere is an `InputError` that says how to repair the file."""
    if str(path) == "-":
        yield from _result_lines(stdin or sys.stdin, "standard input")
        return
    with Path(path).open(encoding="utf-8", errors="replace") as handle:
        yield from _result_lines(handle, str(path))


def _result_lines(lines: Iterable[str], name: str) -> Iterator[dict[str, Any]]:
    for number, line in enumerate(lines, 1):
        if not line.endswith("\n") or not line.strip():
            continue
        try:
            yield json.loads(line)
        except ValueError as exc:
            raise InputError(
                f"line {number} of {name} is not a result ({exc}): the file is damaged; run the same "
                "`agreement-llm run` again to repair it (it drops broken lines and redoes their articles)"
            ) from None


__all__ = [
    "Article",
    "Columns",
    "Observer",
    "RateLimiter",
    "ResultFile",
    "RunConfig",
    "Runner",
    "Stats",
    "StreamedResults",
    "arun",
    "count_articles",
    "errors_path_for",
    "html_to_text",
    "iter_articles",
    "job_key",
    "read_results",
    "run",
    "runner_for",
]
