"""Record real model exchanges to reviewable JSON files, and replay them offline.

Record mode wraps the real transport and writes one file per HTTP exchange: the request body (what the model was
asked), the response body (what it said), the model name and weights hash, the prompt version, the library version
and the date. Only the request *body* and an allow-list of response headers are stored, so API keys, cookies,
organisation and request ids never reach a recording. Replay mode answers each request with the recording whose
request body is identical, in recorded order when the same request was made more than once (a retried 429).

Files written by hand to drive error paths must say `"hand_written": true`; `load_recordings(..., real_only=True)`
refuses them, and evals use that so a model is never scored on a reply somebody typed.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import httpx2

from ..errors import ConfigurationError, ReplayMissError
from ..redact import mask_data
from .layer import Layer, Transport, asend, send

KEPT_RESPONSE_HEADERS = ("content-type", "retry-after", "retry-after-ms")
FORMAT = "agreement-llm/recording@1"


def request_key(request: httpx2.Request) -> str:
    """The key of a (read) request, shared by the recordings and the cache: method, path and canonical JSON body.

    Only the path from `/chat/` on counts, so a recording made through one host or gateway prefix replays through
    another; JSON formatting does not count, so `{"a":1}` and `{"a": 1}` are the same request.
    """
    return _key(request.method, _exchange_path(request), request.content)


def _key(method: str, path: str, body: bytes) -> str:
    # The recordings' file names and the cache's entries are named by this hash: changing a byte of it orphans both.
    try:
        canonical = json.dumps(json.loads(body or b"null"), sort_keys=True, ensure_ascii=False)
    except ValueError:
        canonical = body.decode("utf-8", "replace")
    return hashlib.sha256(f"{method} {path}\n{canonical}".encode()).hexdigest()


def _exchange_path(request: httpx2.Request) -> str:
    # Only the path from /chat/... on: the host and any gateway prefix differ between machines, not the exchange.
    path = request.url.path
    return path[path.index("/chat/") :] if "/chat/" in path else path


@dataclass(frozen=True)
class Recording:
    """One recorded exchange: its file, the key of its request, and the file's JSON."""

    file: Path
    key: str
    data: dict[str, Any]

    @property
    def response(self) -> httpx2.Response:
        r = self.data["response"]
        body = r.get("body")
        content = (
            json.dumps(body, ensure_ascii=False).encode() if isinstance(body, (dict, list)) else (body or "").encode()
        )
        return httpx2.Response(r["status"], headers=r.get("headers", {}), content=content)


def load_recordings(folder: str | Path | None, *, real_only: bool = False) -> list[Recording]:
    """Every recording in `folder` (sorted by file name, which starts with the sequence number)."""
    if folder is None or not str(folder).strip():
        raise ConfigurationError("replay needs the folder of recordings: pass --replay DIR (or AGREEMENT_LLM_REPLAY)")
    folder = Path(folder)
    if not folder.is_dir():
        raise ConfigurationError(
            f"no recordings folder at {folder}: pass the folder written by --record DIR (e.g. tests/recordings/embedded)"
        )
    out = []
    for file in sorted(folder.glob("*.json")):
        data = _read_recording(file)
        if data.get("format") != FORMAT:
            continue
        if real_only and data.get("hand_written"):
            raise ValueError(f"{file} is hand-written; models are never scored on hand-written replies")
        try:
            req = data["request"]
            body = json.dumps(req["body"], ensure_ascii=False).encode()
            out.append(Recording(file, _key(req["method"], req["path"], body), data))
        except (KeyError, TypeError) as exc:
            raise _damaged(file, f"no {exc} field") from None
    return out


def _read_recording(file: Path) -> dict[str, Any]:
    """One recording's JSON; a truncated, binary or non-object file is a `ConfigurationError` naming it."""
    try:
        data = json.loads(file.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        raise _damaged(file, "not UTF-8 text") from None
    except ValueError as exc:
        raise _damaged(file, f"not complete JSON: {exc}") from None
    except OSError as exc:
        raise _damaged(file, f"unreadable: {exc.strerror}") from None
    if not isinstance(data, dict):
        raise _damaged(file, "not a JSON object")
    return data


def _damaged(file: Path, why: str) -> ConfigurationError:
    return ConfigurationError(
        f"the recording {file} is damaged ({why}): restore it (git checkout -- {file}) or record again with --record"
    )


class RecordingTransport(Layer):
    """Passes every exchange through to `inner` and writes it into `folder`, numbered in the order they complete.

    `metadata` (library and prompt versions, backend, model hash, mode, re-asks) goes into every file, so a
    recording says how it was made, and a replay can re-ask as the recording did.
    """

    def __init__(self, inner: Transport, folder: str | Path, metadata: dict[str, Any]) -> None:
        super().__init__(inner)
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.metadata = metadata
        self._lock = threading.Lock()  # the sync client's threads and the event loop number files from one counter
        self._seq = len(list(self.folder.glob("*.json")))

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        started = time.perf_counter()
        response = send(self.inner, request)
        response.read()
        self.write(request, response, time.perf_counter() - started)
        return response

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        started = time.perf_counter()
        response = await asend(self.inner, request)
        await response.aread()
        self.write(request, response, time.perf_counter() - started)
        return response

    def write(self, request: httpx2.Request, response: httpx2.Response, seconds: float) -> Path:
        """Write one exchange (a read request and response); returns the file."""
        body = json.loads(request.content or b"null")
        try:
            response_body: Any = response.json()
        except ValueError:
            response_body = response.text
        record = {
            "format": FORMAT,
            "hand_written": False,
            "recorded_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            **self.metadata,
            "model": (body or {}).get("model"),
            "seconds": round(seconds, 3),
            "request": {"method": request.method, "path": _exchange_path(request), "body": body},
            "response": {
                "status": response.status_code,
                "headers": {k: v for k, v in response.headers.items() if k.lower() in KEPT_RESPONSE_HEADERS},
                # A 401 body can echo the key (issue 9): what is written is masked. Replay matches on the request,
                # which never holds the key, so masking the response never breaks a replay.
                "body": mask_data(response_body),
            },
        }
        key = request_key(request)
        with self._lock:
            self._seq += 1
            file = self.folder / f"{self._seq:04d}-{key[:12]}.json"
            file.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return file


class ReplayTransport(httpx2.BaseTransport, httpx2.AsyncBaseTransport):
    """The bottom transport of a replay: answers each request with the recording of an identical request.

    Identical requests recorded more than once (a retried 429, then its answer) are answered in recorded order;
    the last answer repeats after that.
    """

    def __init__(self, folder: str | Path, *, real_only: bool = False) -> None:
        recordings = load_recordings(folder, real_only=real_only)
        self.folder = Path(folder)
        self._queues: dict[str, deque[Recording]] = defaultdict(deque)
        self._lock = threading.Lock()  # the sync client's threads and the event loop share the queues
        for rec in recordings:
            self._queues[rec.key].append(rec)
        self.models = sorted({str(r.data.get("model")) for q in self._queues.values() for r in q})
        reasks = {r.data["reasks"] for q in self._queues.values() for r in q if r.data.get("reasks") is not None}
        self.reasks: int | None = max(reasks) if reasks else None  # so a replay re-asks as the recording did

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        request.read()
        return self.answer(request)

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        await request.aread()
        return self.answer(request)

    def answer(self, request: httpx2.Request) -> httpx2.Response:
        """The recorded response to a read request; `ReplayMissError` when nothing recorded answers it."""
        key = request_key(request)
        with self._lock:
            queue = self._queues.get(key)
            if not queue:
                raise ReplayMissError(
                    f"no recording in {self.folder} answers this request (models recorded there: "
                    f"{', '.join(self.models) or 'none'}). The prompt, the model, the options or the article "
                    "differ from when it was recorded: record again with --record DIR against a real model."
                )
            rec = queue.popleft() if len(queue) > 1 else queue[0]  # the last answer repeats for identical requests
        response = rec.response
        response.extensions["recording"] = rec.data
        return response


__all__ = ["FORMAT", "Recording", "RecordingTransport", "ReplayTransport", "load_recordings", "request_key"]
