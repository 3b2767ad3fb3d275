"""`agreement-llm run --processes N`: one run over several processes on one machine, into one results file.

    parent: lock + repair + compact the output once -> N children (spawned) -> progress and counts from a queue
    child k: every input, keeping the articles whose resume key falls in shard k -> its own event loop and workers
             -> whole-line O_APPEND writes to the same output and errors files

Why: the per-article pipeline (cleaning, instructor, the SDK, grounding) costs ~10-14 ms of client CPU on the event
loop thread (benchmarks/README.md), so one process tops out near ~110 articles/s however fast the server is. Each
process has its own interpreter and loop, so N processes use N cores.

* Sharding is by resume key (`int(key, 16) % N`), not by position: duplicated input lines share a key, land in the
  same child and are read once, as in a single-process run; and a resumed run keeps the same shards.
* Every child reads every input and skips what is not its shard. Reading a 3.8 kB JSONL article costs 0.03 ms
  and its key 0.008 ms (measured, 3,000 articles) against ~10 ms to summarise it, so N readers cost well under 1 %
  more CPU than one reader feeding N children.
* One file, many writers: each line is one `os.write` on an `O_APPEND` descriptor (`ResultFile.write`). On a local
  Linux filesystem an `O_APPEND` write of a regular file happens under the inode lock, so lines of different
  processes never interleave; only the parent compacts the file, before any child starts.
* `--concurrency` and `--rpm/--tpm` are totals: each child gets its share. The transport's 429 cool-down is per
  process (a 429 slows the child that saw it).
"""

from __future__ import annotations

import multiprocessing
import os
import queue as queue_module
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.process import BaseProcess
from multiprocessing.queues import Queue
from pathlib import Path
from typing import Any

from .bulk import Article, Columns, Observer, ResultFile, RunConfig, Stats, iter_articles, job_key, runner_for
from .bulk.results import success_key
from .errors import InputError

# Skipped articles are reported to the parent in bunches: a resumed run over a million finished articles must not
# send a million messages.
_SKIPPED_BUNCH = 1000

# What a child tells the parent: ("article", slim record), ("skipped", n), ("ended", counts), ("interrupted", None)
# or ("crashed", reason).
Event = tuple[str, Any]


def shard_of(key: str, shards: int) -> int:
    """The child (0 .. shards-1) that reads the article with resume key `key`."""
    return int(key, 16) % shards


def split(total: float | None, shards: int) -> float | None:
    """One child's share of a total rate limit (None stays None)."""
    return None if total is None else total / shards


def split_concurrency(concurrency: int, shards: int, index: int) -> int:
    """Child `index`'s workers: the total spread as evenly as possible, at least one each."""
    return max(1, concurrency // shards + (1 if index < concurrency % shards else 0))


class ShardResultFile(ResultFile):
    """A child's view of the shared results file: no lock, no repair, no truncation (the parent did all three
    before any child started), and only the finished keys of its own shard kept in memory."""

    def __init__(self, path: str | Path, errors_path: str | Path | None, shard: int, shards: int) -> None:
        super().__init__(path, errors_path)
        self.shard, self.shards = shard, shards

    def open(self) -> set[str]:
        done: set[str] = set()
        if self.path.exists():
            with self.path.open("rb") as handle:
                for line in handle:
                    key = success_key(line)
                    if key is not None and shard_of(key, self.shards) == self.shard:
                        done.add(key)
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        self._errors_fd = os.open(self.errors_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        return done


@dataclass
class ShardJob:
    """What one child needs (picklable: children are spawned, not forked)."""

    inputs: list[str]
    columns: Columns
    output: str
    errors: str
    shard: int
    shards: int
    config: RunConfig
    options: dict[str, Any] = field(default_factory=dict)
    strict: bool = False


class _Forward:
    """A child's observer: sends each finished record (without the agreement) and bunches of skips to the parent."""

    def __init__(self, events: Queue[Event]) -> None:
        self.events = events
        self.skipped = 0

    def started(self, stats: Stats) -> None:
        pass

    def finished_article(self, record: dict[str, Any], stats: Stats) -> None:
        slim = {k: record.get(k) for k in ("id", "ok", "error", "usage", "seconds")}
        self.events.put(("article", slim))

    def skipped_article(self, article: Article, stats: Stats) -> None:
        self.skipped += 1
        if self.skipped == _SKIPPED_BUNCH:
            self._flush()

    def ended(self, stats: Stats) -> None:
        self._flush()

    def _flush(self) -> None:
        if self.skipped:
            self.events.put(("skipped", self.skipped))
            self.skipped = 0


class _ShardFilter:
    """The articles of one shard. The runner computes each key again (0.008 ms: not worth a new runner API)."""

    def __init__(self, job: ShardJob, model: str, prompt_version: str) -> None:
        self.job, self.model, self.prompt_version = job, model, prompt_version

    def __iter__(self) -> Iterator[Article]:
        for article in iter_articles(self.job.inputs, self.job.columns):
            if shard_of(job_key(article, self.model, self.prompt_version), self.job.shards) == self.job.shard:
                yield article


def _child(job: ShardJob, events: Queue[Event]) -> None:
    """Entry point of one child process."""
    import asyncio
    import logging

    from .extract import Extractor

    logging.getLogger("instructor").setLevel(logging.CRITICAL)  # as the CLI does: the guards report what they drop
    observer = _Forward(events)
    try:
        with Extractor(strict=job.strict, **job.options) as extractor:
            results = ShardResultFile(job.output, job.errors, job.shard, job.shards)
            runner = runner_for(extractor, results, job.config, observer)
            stats = asyncio.run(runner.arun(_ShardFilter(job, runner.model, runner.prompt_version)))
        events.put(("ended", stats.as_dict()))
    except KeyboardInterrupt:
        events.put(("interrupted", None))
    except BaseException as exc:
        events.put(("crashed", f"{type(exc).__name__}: {exc}"))
        raise


def run_processes(
    inputs: Sequence[str],
    output: str | Path,
    *,
    processes: int,
    columns: Columns | None = None,
    config: RunConfig | None = None,
    options: dict[str, Any] | None = None,
    strict: bool = False,
    errors_path: str | Path | None = None,
    observer: Observer | None = None,
    total: int | None = None,
) -> Stats:
    """Run `processes` children over `inputs` into `output` (resumable, like `bulk.run`); return the summed counts.

    `options` are `Extractor` options (each child builds its own). Standard input cannot be shared between
    processes: pass files or folders.
    """
    if processes < 1:
        raise InputError("--processes must be at least 1")
    if any(str(item) == "-" for item in inputs):
        raise InputError("--processes needs files or folders: standard input cannot be split between processes")
    config, columns = config or RunConfig(), columns or Columns()
    results = ResultFile(output, errors_path)
    results.open()  # lock, cut a torn line, compact, truncate the errors file: once, before any child appends
    ctx = multiprocessing.get_context("spawn")  # a fork would copy the parent's threads and locks mid-state
    events: Queue[Event] = ctx.Queue()
    children: list[BaseProcess] = []
    stats = Stats(total=total)
    try:
        for shard in range(processes):
            share = RunConfig(
                split_concurrency(config.concurrency, processes, shard),
                split(config.requests_per_minute, processes),
                split(config.tokens_per_minute, processes),
                config.max_tokens,
            )
            job = ShardJob(
                list(map(str, inputs)),
                columns,
                str(results.path),
                str(results.errors_path),
                shard,
                processes,
                share,
                dict(options or {}),
                strict,
            )
            child = ctx.Process(target=_child, args=(job, events), name=f"agreement-llm-shard-{shard}")
            child.start()
            children.append(child)
        if observer:
            observer.started(stats)
        _gather(events, children, stats, observer)
    finally:
        for started in children:
            if started.is_alive():
                started.terminate()
            started.join(timeout=30)
        results.close()
    stats.finished = time.monotonic()
    if observer:
        observer.ended(stats)
    return stats


def _gather(events: Queue[Event], children: list[BaseProcess], stats: Stats, observer: Observer | None) -> None:
    """Count the children's events until each has ended; raise if one crashed or died."""
    ended = 0
    while ended < len(children):
        try:
            kind, payload = events.get(timeout=1.0)
        except queue_module.Empty:
            dead = [c for c in children if not c.is_alive() and c.exitcode not in (0, None)]
            if dead:
                raise RuntimeError(f"{dead[0].name} died with exit code {dead[0].exitcode}") from None
            continue
        if kind == "article":
            stats.count(payload)
            if observer:
                observer.finished_article(payload, stats)
        elif kind == "skipped":
            stats.skipped += payload
            if observer:
                observer.skipped_article(Article("", "", ""), stats)
        elif kind == "ended":
            ended += 1
        elif kind == "interrupted":
            raise KeyboardInterrupt
        else:
            raise RuntimeError(f"a run process failed: {payload}")


__all__ = ["ShardResultFile", "run_processes", "shard_of", "split_concurrency"]
