"""`batch prepare`: one batch request per article, captured from the real request path of `run`.

Each article goes through `Extractor.summarize` as in `run`; the bottom transport keeps the request body the SDK
built and stops the call there (`_Captured`). So the body is, by construction, what `run` would send: the rendered
messages, instructor's tool schema and tool choice for the configured mode, model, max_tokens and temperature.
An article that `run` would reject before calling the model (empty, not Arabic, too long, unreadable) gets no
request; `collect` gives it the same failed line `run` would.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import httpx2

from ..bulk import Article, job_key
from ..config import Settings
from ..errors import AgreementLLMError, ConfigurationError, InputError
from .job import Job, Part, job_path_for

# OpenAI's Batch API takes at most 50,000 requests and 200 MB per input file; a little under the byte limit, so a
# provider counting the multipart framing or a different line ending still accepts the file.
MAX_REQUESTS = 50_000
MAX_BYTES = 190 * 2**20


class _Captured(AgreementLLMError):
    """Raised by the capture transport with the request body: the call stops before any network."""

    def __init__(self, body: bytes) -> None:
        super().__init__("request captured for a batch file")
        self.body = body


class _CaptureTransport(httpx2.BaseTransport):
    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        raise _Captured(request.read())


def _capturing_extractor(settings: Settings) -> Any:
    from ..extract import Extractor

    # No cache, recording or replay between the SDK and the capture: a cached reply would answer instead of the
    # capture, and nothing is actually exchanged. reasks=0: a re-ask is never sent in a batch.
    settings = settings.with_(cache_dir=None, record_dir=None, replay_dir=None, reasks=0)
    extractor = Extractor(settings, transport=_CaptureTransport())
    if extractor.profile.stop:  # "auto" never picks it here: only an explicit draft="lean"
        raise ConfigurationError(
            f"draft={settings.draft!r} cannot go into a batch file: its reply is cut after the parties, and only the "
            "embedded model closes it; use draft='full' (or 'core')"
        )
    return extractor


def request_body(extractor: Any, article: Article) -> dict[str, Any]:
    """The chat-completions body `run` would send for `article`; raises `InputError` as `run` would."""
    try:
        extractor.summarize(article.text, published_at=article.published_at)
    except _Captured as captured:
        body: dict[str, Any] = json.loads(captured.body)
        return body
    raise AssertionError("the capture transport answered a call")  # pragma: no cover - it always raises


class _PartWriter:
    """Requests files of at most `max_requests` lines and `max_bytes` bytes: out.jsonl, out.2.jsonl, ..."""

    def __init__(self, first: Path, max_requests: int, max_bytes: int) -> None:
        self.first, self.max_requests, self.max_bytes = first, max_requests, max_bytes
        self.parts: list[Part] = []
        self._handle: Any = None
        self._bytes = 0

    def _name(self, n: int) -> Path:
        return self.first if n == 1 else self.first.with_name(f"{self.first.name.removesuffix('.jsonl')}.{n}.jsonl")

    def write(self, line: bytes) -> None:
        part = self.parts[-1] if self.parts else None
        if part is None or part.count >= self.max_requests or (part.count and self._bytes + len(line) > self.max_bytes):
            self._next()
        self._handle.write(line)
        self._bytes += len(line)
        self.parts[-1].count += 1

    def _next(self) -> None:
        self.close()
        path = self._name(len(self.parts) + 1)
        self._handle = path.open("wb")
        self._bytes = 0
        self.parts.append(Part(requests=path.name, count=0))

    def close(self) -> None:
        if self._handle is not None:
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self._handle.close()
            self._handle = None


def _line(obj: dict[str, Any]) -> bytes:
    try:
        return (json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from a badly encoded input: \u-escape it, as ResultFile does
        return (json.dumps(obj, separators=(",", ":")) + "\n").encode("ascii")


def prepare(
    articles: Iterable[Article],
    output: str | Path,
    *,
    settings: Settings | None = None,
    done: set[str] | None = None,
    max_requests: int = MAX_REQUESTS,
    max_bytes: int = MAX_BYTES,
    **options: Any,
) -> Job:
    """Write one batch request per article to `output` (and further parts when it is full) and the job beside it.

    `settings`/`options` are those of `Extractor` (the model named here is the one the batch runs, and the one
    `collect` keys results by). `done`: resume keys to leave out (e.g. the successes of an earlier results file).
    """
    output = Path(output)
    if output.suffix != ".jsonl":
        raise InputError(f"name the requests file *.jsonl (got {output.name})")
    output.parent.mkdir(parents=True, exist_ok=True)
    settings = settings.with_(**options) if settings else Settings.from_env(**options)
    done = done or set()
    writer = _PartWriter(output, max_requests, max_bytes)
    skipped: dict[str, int] = {}
    seen: set[str] = set()
    # instructor logs every stopped call as an API error at ERROR level: here each one is a captured request.
    instructor_log = logging.getLogger("instructor")
    level = instructor_log.level
    instructor_log.setLevel(logging.CRITICAL)
    with _capturing_extractor(settings) as extractor:
        model, version = extractor.backend.model, extractor.prompt_version
        try:
            for article in articles:
                key = job_key(article, model, version)
                if key in done or key in seen:
                    reason = "done before" if key in done else "duplicate"
                    skipped[reason] = skipped.get(reason, 0) + 1
                    continue
                seen.add(key)
                try:
                    if article.problem:
                        raise InputError(article.problem)
                    body = request_body(extractor, article)
                except InputError:
                    skipped["input problem (collect lists it)"] = skipped.get("input problem (collect lists it)", 0) + 1
                    continue
                line = {"custom_id": key, "method": "POST", "url": "/v1/chat/completions", "body": body}
                writer.write(_line(line))
        finally:
            writer.close()
            instructor_log.setLevel(level)
    job = Job(
        model=model,
        prompt_version=version,
        mode=settings.mode,
        max_tokens=settings.max_tokens,
        parts=writer.parts,
        skipped=skipped,
    )
    job.save(job_path_for(output))
    return job


__all__ = ["MAX_BYTES", "MAX_REQUESTS", "prepare", "request_body"]
