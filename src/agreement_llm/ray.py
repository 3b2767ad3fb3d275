"""A distributed run on Ray Data: a Dataset of articles in, a Dataset of result records out (`pip install '.[ray]'`).

    import ray
    from agreement_llm.ray import summarize_dataset, write_results

    articles = ray.data.read_json("s3://bucket/archive/*.jsonl")          # columns: text, id, url, published_at
    results = summarize_dataset(articles, actors=32, concurrency=16, requests_per_minute=30_000,
                                base_url="http://vllm.internal:8000/v1", model="Qwen/Qwen2.5-7B-Instruct")
    write_results(results, "results.jsonl")      # the file `agreement-llm run` writes, and resumes

Each actor holds one `Extractor` (one HTTP client, or one embedded model) and one event loop for its whole life,
and runs the bulk `Runner` over each batch it is given, so a record is built by exactly the code `run` uses: same
key, fields, errors and usage. `concurrency` is per actor (requests in flight = actors x concurrency); the
`requests_per_minute`/`tokens_per_minute` limits are cluster totals, split evenly between the actors. The 429
cool-down is per actor.

Rows come back with the record's fields as columns; `agreement`, `error` and `usage` hold JSON text, because Arrow
infers one schema per block, and a block of failures (agreement null) or of results with different optional nested
fields would not unify with the others. `write_results` and `records` decode them back into `run`'s records.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa

from .bulk import Columns, ResultFile, RunConfig, runner_for
from .bulk.inputs import article_from_row

NESTED = ("agreement", "error", "usage")
SCHEMA = pa.schema(
    [
        ("key", pa.string()),
        ("id", pa.string()),
        ("source", pa.string()),
        ("url", pa.string()),
        ("published_at", pa.string()),
        ("ok", pa.bool_()),
        ("model", pa.string()),
        ("prompt_version", pa.string()),
        ("agreement", pa.string()),
        ("error", pa.string()),
        ("usage", pa.string()),
        ("seconds", pa.float64()),
        ("finished_at", pa.string()),
        ("text", pa.string()),  # the article, as run writes it (the review page reads it)
    ]
)


class _Records:
    """What the runner writes to, in memory: the batch's records (an actor has no file of its own)."""

    def __init__(self) -> None:
        self.records: list[dict[str, Any]] = []

    def open(self) -> set[str]:
        return set()

    def write(self, record: dict[str, Any]) -> None:
        self.records.append(record)

    def close(self) -> None:
        pass


class SummarizeBatch:
    """The Ray Data actor: one `Extractor` and one event loop for the actor's life, the bulk runner per batch."""

    def __init__(self, options: dict[str, Any], columns: Columns, config: RunConfig, strict: bool, source: str) -> None:
        import logging

        from .extract import Extractor

        # As the CLI does: the result's notes say what the guards dropped.
        logging.getLogger("instructor").setLevel(logging.CRITICAL)
        self.extractor = Extractor(strict=strict, **options)
        # The async HTTP client belongs to the loop that first used it: one loop for the actor's life, not one per
        # batch.
        self.loop = asyncio.new_event_loop()
        self.columns, self.config, self.source = columns, config, source

    def __call__(self, batch: pa.Table) -> pa.Table:
        rows = batch.to_pylist()
        articles = [
            article_from_row(row, self.source, row.get(self.columns.id) or _default_id(row, self.columns), self.columns)
            for row in rows
        ]
        sink = _Records()
        runner = runner_for(self.extractor, sink, self.config)
        self.loop.run_until_complete(runner.arun(articles))
        return pa.Table.from_pylist([_flatten(r) for r in sink.records], schema=SCHEMA)

    def __del__(self) -> None:
        self.extractor.close()


def _default_id(row: dict[str, Any], columns: Columns) -> str:
    """An id for a row without one: stable across runs, so resume keys are too."""
    text = row.get(columns.text)
    return "sha256:" + hashlib.sha256(str(text).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _flatten(record: dict[str, Any]) -> dict[str, Any]:
    flat = {k: record.get(k) for k in SCHEMA.names}
    for name in NESTED:
        flat[name] = None if record.get(name) is None else json.dumps(record[name], ensure_ascii=False)
    return flat


def _unflatten(row: dict[str, Any]) -> dict[str, Any]:
    record = dict(row)
    for name in NESTED:
        record[name] = None if record.get(name) is None else json.loads(record[name])
    return record


def summarize_dataset(
    articles: Any,
    *,
    actors: int = 2,
    concurrency: int = 8,
    requests_per_minute: float | None = None,
    tokens_per_minute: float | None = None,
    columns: Columns | None = None,
    strict: bool = False,
    source: str = "ray",
    batch_size: int = 256,
    num_cpus: float = 0.5,
    **options: Any,
) -> Any:
    """A Dataset of result records (lazy, like every Ray Dataset) for a Dataset of articles.

    `articles` has a text column and optionally id, url and published_at (names as in `columns`). `options` are
    `Extractor` options (base_url, model, api_key, backend, reasks, ...), read on each actor; environment
    variables such as OPENAI_API_KEY are those of the actor's worker. `batch_size` articles are read per task: big
    enough that the `concurrency` workers stay busy (the tail of each batch runs with fewer). `num_cpus` is
    reserved per actor: one core covers ~100 articles/s of client CPU (benchmarks/README.md), and an actor mostly
    waits on the model, so two share a core by default. Leave a whole CPU for Ray's read tasks: on two cores, 2
    actors × 1.0 CPU never started (measured); 0.5 each ran.
    """
    import ray
    import ray.data

    if actors < 1 or concurrency < 1:
        raise ValueError("actors and concurrency must be at least 1")
    if ray.is_initialized():  # a fixed cluster can be checked now; an autoscaling one may still grow
        cpus = float(ray.cluster_resources().get("CPU", 0.0))  # type: ignore[no-untyped-call]
        if cpus - actors * num_cpus < 1:
            warnings.warn(
                f"{actors} actors x {num_cpus} CPUs leave less than one of the cluster's {cpus:g} CPUs for Ray's read "
                "tasks, and the run may never start; lower num_cpus or actors",
                stacklevel=2,
            )
    config = RunConfig(
        concurrency,
        None if requests_per_minute is None else requests_per_minute / actors,
        None if tokens_per_minute is None else tokens_per_minute / actors,
    )
    return articles.map_batches(
        SummarizeBatch,
        fn_constructor_kwargs={
            "options": options,
            "columns": columns or Columns(),
            "config": config,
            "strict": strict,
            "source": source,
        },
        batch_format="pyarrow",
        batch_size=batch_size,
        compute=ray.data.ActorPoolStrategy(size=actors),
        num_cpus=num_cpus,
    )


def records(results: Any) -> Iterator[dict[str, Any]]:
    """The result records of a `summarize_dataset` Dataset, as `run` writes them."""
    for row in results.iter_rows():
        yield _unflatten(row)


def write_results(results: Any, output: str | Path, errors_path: str | Path | None = None) -> int:
    """Write the records to a results JSONL (and its errors file) exactly as `run` does; returns lines written.

    Appends, and leaves out keys the file already has as successes, so the file stays one `run` can resume.
    """
    sink = ResultFile(output, errors_path)
    done = sink.open()
    written = 0
    try:
        for record in records(results):
            if record["key"] not in done:
                sink.write(record)
                written += 1
    finally:
        sink.close()
    return written


__all__ = ["SummarizeBatch", "records", "summarize_dataset", "write_results"]
