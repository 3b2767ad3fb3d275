"""`batch collect`: the batch's replies through the same pipeline as `run`, into the same results file.

The articles are read again (grounding needs the text the offsets point into) and run by the bulk `Runner` with an
`Extractor` whose bottom transport is `BatchReplies`: instead of calling a model, it answers with the reply the
batch holds for the article being read (its `custom_id`, the resume key). Everything above the transport (prepare,
instructor's validation, `ground`, the result line, the errors file, resume) is `run`'s own code.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import httpx2

from ..bulk import Article, Observer, ResultFile, RunConfig, Runner, Stats, runner_for
from ..config import Settings
from ..errors import InputError, ModelError
from .job import Job

# The resume key of the article a worker is reading. Set by `_CollectRunner._one` in the worker's task; the SDK and
# instructor await the transport in that same task, so the transport sees it without any change to their APIs.
_CURRENT_KEY: ContextVar[str | None] = ContextVar("agreement_llm_batch_key", default=None)

RERUN = "re-run it with `agreement-llm run` on the same output (it retries failed lines only)"


class BatchMissingError(ModelError):
    """The batch holds no reply for this article."""


class BatchRequestError(ModelError):
    """The batch ran this article's request and it failed (an HTTP error, or `batch_expired`), or the whole batch
    was rejected."""


class OutputIndex:
    """Where each `custom_id`'s line is in the output and error files, without holding the replies in memory.

    A success wins over a failure for the same id (a request retried in a later batch); otherwise the first seen.
    """

    def __init__(self) -> None:
        self._where: dict[str, tuple[int, int, bool]] = {}  # custom_id -> (file number, offset, succeeded)
        self._failures: dict[str, str] = {}  # custom_id -> why (a rejected batch has no lines to point into)
        self._files: list[Path] = []
        self._handles: dict[int, Any] = {}

    def add_file(self, path: str | Path) -> int:
        """Index every line of one OpenAI or vLLM batch output (or error) file; returns how many lines."""
        number = len(self._files)
        self._files.append(Path(path))
        lines = 0
        with Path(path).open("rb") as handle:
            offset = 0
            for line in handle:
                if line.strip():
                    entry = json.loads(line)
                    ok = _reply(entry) is not None
                    known = self._where.get(entry["custom_id"])
                    if known is None or (ok and not known[2]):
                        self._where[entry["custom_id"]] = (number, offset, ok)
                    lines += 1
                offset += len(line)
        return lines

    def add_failure(self, custom_ids: Iterable[str], reason: str) -> None:
        """Every request of a batch that never ran fails with `reason`."""
        for custom_id in custom_ids:
            self._failures.setdefault(custom_id, reason)

    def __len__(self) -> int:
        return len(self._where.keys() | self._failures.keys())

    def answer(self, key: str | None) -> httpx2.Response:
        """The stored reply for `key` as an HTTP response; raises `BatchMissingError` / `BatchRequestError`."""
        if key is None:
            raise RuntimeError("BatchReplies answers only inside a collect run")
        where = self._where.get(key)
        if where is None:
            if key in self._failures:
                raise BatchRequestError(f"{self._failures[key]}: {RERUN}")
            raise BatchMissingError(
                f"the batch output has no reply for this article (it was not in the prepared requests, or the batch "
                f"dropped it): {RERUN}"
            )
        number, offset, _ = where
        handle = self._handles.get(number)
        if handle is None:
            handle = self._handles[number] = self._files[number].open("rb")
        handle.seek(offset)
        entry = json.loads(handle.readline())
        body = _reply(entry)
        if body is None:
            raise BatchRequestError(f"the batch request failed: {_failure(entry)}; {RERUN}")
        return httpx2.Response(200, json=body)

    def close(self) -> None:
        for handle in self._handles.values():
            handle.close()
        self._handles.clear()


def _reply(entry: dict[str, Any]) -> dict[str, Any] | None:
    """The chat completion of a successful line (OpenAI and vLLM write the same shape), else None."""
    response = entry.get("response") or {}
    if entry.get("error") or response.get("status_code", 200) != 200 or not isinstance(response.get("body"), dict):
        return None
    body = response["body"]
    return None if "error" in body and "choices" not in body else body


def _failure(entry: dict[str, Any]) -> str:
    error = entry.get("error")
    if isinstance(error, dict):
        return ": ".join(str(error[k]) for k in ("code", "message") if error.get(k)) or json.dumps(error)
    if error:
        return str(error)  # vLLM writes the error as a string in some versions
    response = entry.get("response") or {}
    body_error = (response.get("body") or {}).get("error") or {}
    message = body_error.get("message") if isinstance(body_error, dict) else body_error
    return f"HTTP {response.get('status_code')}" + (f": {message}" if message else "")


class BatchReplies(httpx2.BaseTransport, httpx2.AsyncBaseTransport):
    """The bottom transport of a collect run: answers each chat request from the batch output."""

    def __init__(self, index: OutputIndex) -> None:
        self.index = index

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        return self.index.answer(_CURRENT_KEY.get())

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        return self.index.answer(_CURRENT_KEY.get())

    def close(self) -> None:
        self.index.close()

    async def aclose(self) -> None:
        self.index.close()


class _CollectRunner(Runner):
    """The bulk runner, telling the transport which article (resume key = custom_id) each worker is reading."""

    async def _one(self, article: Article, key: str, *limits: Any) -> dict[str, Any]:
        token = _CURRENT_KEY.set(key)
        try:
            return await super()._one(article, key, *limits)
        finally:
            _CURRENT_KEY.reset(token)


def read_outputs(job: Job, output_files: Sequence[str | Path] = ()) -> OutputIndex:
    """Index the job's downloaded files (or, for a vLLM run-batch, the local `output_files`), and the failures of
    parts whose batch was rejected."""
    index = OutputIndex()
    for path in output_files:
        index.add_file(path)
    for part in job.parts:
        if not output_files:
            for name in (part.output, part.errors):
                if name:
                    index.add_file(job.resolve(name))
        if part.failure:
            index.add_failure(_custom_ids(job.resolve(part.requests)), part.failure)
    return index


def _custom_ids(requests: Path) -> Iterable[str]:
    with requests.open("rb") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)["custom_id"]


async def acollect(
    articles: Iterable[Article],
    job: Job,
    index: OutputIndex,
    output: str | Path,
    *,
    settings: Settings | None = None,
    salvage: bool = False,
    config: RunConfig | None = None,
    observer: Observer | None = None,
    total: int | None = None,
    errors_path: str | Path | None = None,
) -> Stats:
    """Append one result line per article to `output`, from the batch replies in `index`; resumable like `run`.

    `salvage=False` (the default) fails an article whose reply does not pass validation, so that `run` re-asks it;
    `salvage=True` keeps what the guards can ground from it instead (what `run` does after its last re-ask).
    """
    from ..extract import Extractor

    settings = (settings or Settings.from_env()).with_(
        model=job.model,
        mode=job.mode,
        max_tokens=job.max_tokens,
        reasks=0,
        cache_dir=None,
        record_dir=None,
        replay_dir=None,
    )
    # CPU only (parsing and grounding): a few workers overlap the file reads; more would only queue on one core.
    config = config or RunConfig(concurrency=4)
    with Extractor(settings, strict=not salvage, transport=BatchReplies(index)) as extractor:
        extractor.backend.name = "batch"  # what each result's `run.backend` says (not "injected")
        runner = runner_for(extractor, ResultFile(output, errors_path), config, observer, runner=_CollectRunner)
        if runner.prompt_version != job.prompt_version:
            raise InputError(
                f"the batch was prepared with prompt {job.prompt_version} and this version of agreement-llm has "
                f"{runner.prompt_version}: collect with the version that prepared it, or prepare and submit again"
            )
        return await runner.arun(articles, total)


def collect(*args: Any, **kwargs: Any) -> Stats:
    """`acollect` from synchronous code."""
    import asyncio

    return asyncio.run(acollect(*args, **kwargs))


__all__ = [
    "BatchMissingError",
    "BatchReplies",
    "BatchRequestError",
    "OutputIndex",
    "acollect",
    "collect",
    "read_outputs",
]
