"""`batch submit`, `batch status` and the download half of `batch collect`, through the openai SDK's files and
batches API on the same transport stack as `run` (transient errors and 429s retried with the shared backoff).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import ConfigurationError, InputError
from ..transport.backends import build_backend
from .job import Job

FINAL = frozenset({"completed", "expired", "cancelled", "failed"})  # "failed": rejected, nothing ran


class BatchNotReadyError(InputError):
    """A batch is still running (validating, in progress, finalizing, cancelling): collect it later."""


@contextmanager
def openai_client(settings: Settings) -> Iterator[Any]:
    """A plain `openai.OpenAI` for `settings`' endpoint, built by `build_backend` (so retries behave as in `run`)."""
    if settings.resolved_backend != "openai":
        raise ConfigurationError(
            "batch submit/status need a provider's Batch API: set OPENAI_API_KEY (OpenAI) or OPENAI_BASE_URL. For a "
            "vLLM cluster, run `vllm run-batch -i requests.jsonl -o output.jsonl` and collect with --output-file"
        )
    # No response cache (a cached GET /batches/{id} would report the same status for ever) and no recording.
    backend = build_backend(settings.with_(cache_dir=None, record_dir=None))
    try:
        yield backend.client.client
    finally:
        backend.close()


def submit(
    job: Job, settings: Settings, *, completion_window: str = "24h", metadata: dict[str, str] | None = None
) -> Job:
    """Upload each part not yet submitted and create its batch; the job is saved after every step."""
    with openai_client(settings) as client:
        for number, part in enumerate(job.parts, 1):
            if part.batch_id:
                continue
            if not part.input_file_id:
                with job.resolve(part.requests).open("rb") as handle:
                    part.input_file_id = client.files.create(file=(part.requests, handle), purpose="batch").id
                job.save()
            tags = {
                "agreement_llm_prompt": job.prompt_version,
                "part": f"{number}/{len(job.parts)}",
                **(metadata or {}),
            }
            batch = client.batches.create(
                input_file_id=part.input_file_id,
                endpoint=job.endpoint,
                completion_window=completion_window,
                metadata=tags,
            )
            part.batch_id = batch.id
            job.save()
    return job


def status(job: Job, settings: Settings) -> list[Any]:
    """The provider's `Batch` object of every submitted part (in order)."""
    with openai_client(settings) as client:
        return [client.batches.retrieve(part.batch_id) for part in job.parts if part.batch_id]


def download(job: Job, settings: Settings) -> Job:
    """Fetch the output and error files of every finished part into the job's folder (once); raises
    `BatchNotReadyError` while a part is still running. A rejected batch is noted in its part, with the reason."""
    missing = [n for n, p in enumerate(job.parts, 1) if not p.batch_id and not p.output]
    if missing:
        raise InputError(
            f"part(s) {missing} of {job.path} were never submitted: run `agreement-llm batch submit` first"
        )
    with openai_client(settings) as client:
        for part in job.parts:
            if part.output or part.failure:
                continue  # collected before: the files are already here
            batch = client.batches.retrieve(part.batch_id)
            if batch.status not in FINAL:
                counts = batch.request_counts
                done = f" ({counts.completed + counts.failed} of {counts.total} done)" if counts else ""
                raise BatchNotReadyError(f"batch {batch.id} is {batch.status}{done}: collect again later")
            if batch.status == "failed":
                reasons = [e.message or e.code or "?" for e in (batch.errors.data or [])] if batch.errors else []
                part.failure = f"the batch {batch.id} failed: {'; '.join(r for r in reasons if r) or 'no reason given'}"
            stem = part.requests.removesuffix(".jsonl")
            if batch.output_file_id:
                part.output = _fetch(client, batch.output_file_id, job.resolve(f"{stem}.output.jsonl"))
            if batch.error_file_id:
                part.errors = _fetch(client, batch.error_file_id, job.resolve(f"{stem}.batch-errors.jsonl"))
            if not (part.output or part.errors or part.failure):
                part.failure = f"the batch {batch.id} ended {batch.status} with no output"
            job.save()
    return job


def _fetch(client: Any, file_id: str, path: Path) -> str:
    """Stream one file to `path` (via a temporary name, so a broken download is never mistaken for a whole one)."""
    tmp = path.with_name(f".{path.name}.part")
    with client.files.with_streaming_response.content(file_id) as response:
        response.stream_to_file(tmp)
    os.replace(tmp, path)
    return path.name


__all__ = ["BatchNotReadyError", "FINAL", "download", "openai_client", "status", "submit"]
