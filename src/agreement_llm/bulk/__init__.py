"""Bulk runs: many articles in, one JSON line per article out, resumable and bounded.

    articles (folder / JSONL / CSV / stdin, streamed) -> bounded queue -> N asyncio workers -> append-only JSONL

| module       | job                                                                                           |
|--------------|-----------------------------------------------------------------------------------------------|
| `inputs`     | the articles: folders of .txt/.html (HTML to text), JSONL, CSV/TSV, stdin; the resume key    |
| `results`    | the results file: whole-line appends, a torn line cut on start, failures compacted, a lock   |
| `limits`     | requests and tokens per minute, as token buckets shared by the workers                        |
| `runner`     | the workers, the per-article record, the counts; `run`/`arun` for an `Extractor`              |

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

from ..page import html_to_text
from .inputs import Article, Columns, count_articles, iter_articles, job_key
from .limits import RateLimiter
from .results import ResultFile, ResultSink, StreamedResults, errors_path_for, read_results
from .runner import Observer, RunConfig, Runner, Stats, Summarizer, arun, run, runner_for

__all__ = [
    "Article",
    "Columns",
    "Observer",
    "RateLimiter",
    "ResultFile",
    "ResultSink",
    "RunConfig",
    "Runner",
    "Stats",
    "StreamedResults",
    "Summarizer",
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
