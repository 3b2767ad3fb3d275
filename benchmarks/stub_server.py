"""An OpenAI-compatible stub server on 127.0.0.1 (chat completions, files, batches), for load tests and the batch
tests. Standard library only.

Every POST .../chat/completions waits `--latency` seconds (a model's think time, spent asleep, so the server
itself costs almost no CPU), then answers with a hand-written tool-call reply that passes validation for any
article (status not_an_agreement). With probability `--error-rate` it answers 429 with a `retry-after-ms` header
instead, like a rate-limited provider. A request whose article contains the word «مسموم» ("poisoned") gets a
hand-written reply that is not JSON, so it fails validation every time. HTTP/1.1 keep-alive, Content-Length bodies
only (what httpx sends).

The Batch API (`POST /v1/files`, `POST /v1/batches`, `GET /v1/batches/{id}`, `GET /v1/files/{id}/content`) runs a
batch at once, with the same replies, and ends it as `--batch-outcome` says: `completed` (every
`--batch-fail-every`-th request answered with an HTTP 500 in the error file: a partially completed batch),
`expired` (only the first `--batch-done` requests ran; the rest are `batch_expired` in the error file), `failed`
(rejected, no files), or `in_progress` (never finishes).

    python benchmarks/stub_server.py --port 8765 --latency 0.2 --error-rate 0.02

It binds 127.0.0.1 only and stops after `--max-seconds` (default one hour) or `--max-requests`, so a forgotten
server cannot run for ever.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import sys
import time
from typing import Any


# The one builder of chat completions for this repository: the stub serves it, and the tests' hand-written replies
# (tests/hand_written.py) and their in-process mock model are built by it too. It lives here, not in tests/,
# because this script must run on its own with the standard library only; the tests already depend on this file
# (they start it), so they load it by path rather than the other way round.
def completion(
    arguments: str | dict[str, Any] | None = None,
    *,
    content: str | None = None,
    finish_reason: str = "stop",
    refusal: str | None = None,
    usage: tuple[int, int] = (1000, 200),
) -> dict[str, Any]:
    """A HAND-WRITTEN chat completion (never model output): a `Draft` tool call carrying `arguments` (a JSON
    string, or a dict to encode), or a plain `content` message when `arguments` is None."""
    message: dict[str, Any] = {"role": "assistant", "content": content, "refusal": refusal}
    if arguments is not None:
        args = arguments if isinstance(arguments, str) else json.dumps(arguments, ensure_ascii=False)
        message["tool_calls"] = [
            {"id": "call_hand_written", "type": "function", "function": {"name": "Draft", "arguments": args}}
        ]
    return {
        "id": "chatcmpl-hand-written",
        "object": "chat.completion",
        "created": 0,
        "model": "hand-written",
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
        "usage": {"prompt_tokens": usage[0], "completion_tokens": usage[1], "total_tokens": sum(usage)},
    }


# Hand-written reply (not from a model): valid for any article because it claims no agreement.
NO_AGREEMENT = {
    "status": "not_an_agreement",
    "status_quote": None,
    "summary_ar": "لا يذكر المقال أي اتفاقية بين مؤسسات.",
    "summary_en": "The article reports no agreement between organisations.",
}
# Hand-written reply (not from a model): not JSON, so it fails validation on every try.
MALFORMED = "{this is not json"
POISON = "مسموم"  # the word that marks an article whose every reply is MALFORMED
POISON_MARKS = (POISON.encode(), json.dumps(POISON).strip('"').encode())  # as UTF-8, and as \u escapes
# Encoded once: the server answers thousands of requests a second in a load test. The usage is the stub's own
# (bulk_throughput.py's in-process stand-in and the batch tests count on 1,800 prompt tokens a request).
USAGE = (1800, 60)
COMPLETION = json.dumps(completion(NO_AGREEMENT, usage=USAGE), ensure_ascii=False).encode()
MALFORMED_COMPLETION = json.dumps(completion(MALFORMED, usage=USAGE), ensure_ascii=False).encode()
RATE_LIMITED = b'{"error": {"message": "stub: rate limited", "type": "rate_limit_exceeded"}}'


def chat_reply(body: bytes) -> bytes:
    """The completion for one chat request body: malformed for a poisoned article, else the valid reply."""
    return MALFORMED_COMPLETION if any(mark in body for mark in POISON_MARKS) else COMPLETION


class Batches:
    """Files and batches in memory; a batch runs to its configured outcome as soon as it is created."""

    def __init__(self, outcome: str, done: int, fail_every: int) -> None:
        self.outcome, self.done, self.fail_every = outcome, done, fail_every
        self.files: dict[str, tuple[dict, bytes]] = {}
        self.batches: dict[str, dict] = {}

    def _file(self, content: bytes, name: str, purpose: str) -> dict:
        file_id = f"file-{len(self.files) + 1}"
        meta = {
            "id": file_id,
            "object": "file",
            "bytes": len(content),
            "created_at": int(time.time()),
            "filename": name,
            "purpose": purpose,
            "status": "processed",
        }
        self.files[file_id] = (meta, content)
        return meta

    def upload(self, content_type: str, body: bytes) -> tuple[str, bytes]:
        from email.parser import BytesParser

        message = BytesParser().parsebytes(f"content-type: {content_type}\r\n\r\n".encode() + body)
        fields = {part.get_param("name", header="content-disposition"): part for part in message.get_payload()}
        upload = fields["file"]
        meta = self._file(
            upload.get_payload(decode=True),
            upload.get_filename() or "upload.jsonl",
            fields["purpose"].get_payload(decode=True).decode(),
        )
        return "200 OK", json.dumps(meta).encode()

    def create(self, body: bytes) -> tuple[str, bytes]:
        params = json.loads(body)
        if params.get("input_file_id") not in self.files:
            return "404 Not Found", b'{"error": {"message": "no such file"}}'
        lines = [json.loads(line) for line in self.files[params["input_file_id"]][1].splitlines() if line.strip()]
        batch = {
            "id": f"batch_{len(self.batches) + 1}",
            "object": "batch",
            "endpoint": params["endpoint"],
            "input_file_id": params["input_file_id"],
            "completion_window": params["completion_window"],
            "created_at": int(time.time()),
            "status": self.outcome,
            "metadata": params.get("metadata"),
            "output_file_id": None,
            "error_file_id": None,
            "errors": None,
            "request_counts": {"total": len(lines), "completed": 0, "failed": 0},
        }
        self.batches[batch["id"]] = batch
        if self.outcome == "failed":
            batch["errors"] = {
                "object": "list",
                "data": [{"code": "invalid_request", "message": "stub: the batch was rejected", "line": 1}],
            }
            return "200 OK", json.dumps(batch).encode()
        if self.outcome == "in_progress":
            return "200 OK", json.dumps(batch).encode()
        output, errors = [], []
        for n, line in enumerate(lines, 1):
            entry = {"id": f"batch_req_{n}", "custom_id": line["custom_id"], "response": None, "error": None}
            if self.outcome == "expired" and n > self.done:
                entry["error"] = {
                    "code": "batch_expired",
                    "message": "This request could not be executed before the completion window expired.",
                }
                errors.append(entry)
            elif self.fail_every and n % self.fail_every == 0:
                entry["response"] = {
                    "status_code": 500,
                    "request_id": f"req_{n}",
                    "body": {"error": {"message": "stub: server error", "type": "server_error"}},
                }
                errors.append(entry)
            else:
                reply = json.loads(chat_reply(json.dumps(line["body"], ensure_ascii=False).encode()))
                reply["model"] = line["body"].get("model", "stub")
                entry["response"] = {"status_code": 200, "request_id": f"req_{n}", "body": reply}
                output.append(entry)
        counts = batch["request_counts"]
        counts["completed"], counts["failed"] = len(output), len(errors)
        for key, entries in (("output_file_id", output), ("error_file_id", errors)):
            if entries:
                content = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries).encode()
                batch[key] = self._file(content, f"{batch['id']}_{key}.jsonl", "batch_output")["id"]
        return "200 OK", json.dumps(batch).encode()

    def get(self, path: str) -> tuple[str, bytes]:
        parts = path.split("?")[0].strip("/").split("/")  # v1 batches ID | v1 files ID content
        if parts[-2:-1] == ["batches"] and parts[-1] in self.batches:
            return "200 OK", json.dumps(self.batches[parts[-1]]).encode()
        if parts[-1] == "content" and parts[-2] in self.files:
            return "200 OK", self.files[parts[-2]][1]
        return "404 Not Found", b'{"error": {"message": "stub: not found"}}'


class Stub:
    """Connection handler plus counters (printed as JSON on exit)."""

    def __init__(
        self,
        latency: float,
        error_rate: float,
        retry_after_ms: int,
        max_requests: int,
        seed: int,
        batches: Batches | None = None,
    ) -> None:
        self.latency, self.error_rate, self.retry_after_ms = latency, error_rate, retry_after_ms
        self.batches = batches or Batches("completed", 0, 0)
        self.max_requests = max_requests
        self.random = random.Random(seed)
        self.requests = self.rate_limited = 0
        self.in_flight = self.peak_in_flight = 0
        self.done = asyncio.Event()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while not reader.at_eof():
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                headers = {
                    k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)
                }
                request = await reader.readexactly(int(headers.get("content-length", "0")))
                status, extra, body = await self.answer(lines[0], headers, request)
                writer.write(
                    f"HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {len(body)}\r\n{extra}\r\n".encode()
                    + body
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    async def answer(self, request_line: str, headers: dict[str, str], request: bytes) -> tuple[str, str, bytes]:
        self.requests += 1
        if self.requests >= self.max_requests:
            self.done.set()
        method, path = (request_line.split(" ") + ["", ""])[:2]
        if method == "POST" and path.endswith("/files"):
            return self._plain(self.batches.upload(headers.get("content-type", ""), request))
        if method == "POST" and path.endswith("/batches"):
            return self._plain(self.batches.create(request))
        if method == "GET":
            return self._plain(self.batches.get(path))
        if "/chat/completions" not in request_line:
            return "404 Not Found", "", b'{"error": {"message": "stub: unknown endpoint"}}'
        self.in_flight += 1
        self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.latency)
        finally:
            self.in_flight -= 1
        if self.error_rate and self.random.random() < self.error_rate:
            self.rate_limited += 1
            return "429 Too Many Requests", f"retry-after-ms: {self.retry_after_ms}\r\n", RATE_LIMITED
        return "200 OK", "", chat_reply(request)

    @staticmethod
    def _plain(answer: tuple[str, bytes]) -> tuple[str, str, bytes]:
        return answer[0], "", answer[1]


async def serve(args: argparse.Namespace) -> None:
    batches = Batches(args.batch_outcome, args.batch_done, args.batch_fail_every)
    stub = Stub(args.latency, args.error_rate, args.retry_after_ms, args.max_requests, args.seed, batches)
    server = await asyncio.start_server(stub.handle, "127.0.0.1", args.port, backlog=1024)
    port = server.sockets[0].getsockname()[1]
    print(json.dumps({"listening": f"http://127.0.0.1:{port}/v1"}), flush=True)  # the parent reads this line
    started = time.monotonic()
    async with server:
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stub.done.wait(), timeout=args.max_seconds)
    print(
        json.dumps(
            {
                "requests": stub.requests,
                "rate_limited": stub.rate_limited,
                "peak_in_flight": stub.peak_in_flight,
                "seconds": round(time.monotonic() - started, 1),
            }
        ),
        file=sys.stderr,
        flush=True,
    )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=0, help="0: any free port (printed on the first line)")
    p.add_argument("--latency", type=float, default=0.2, help="seconds per completion (default 0.2)")
    p.add_argument("--error-rate", type=float, default=0.0, help="share of requests answered 429 (default 0)")
    p.add_argument("--retry-after-ms", type=int, default=100, help="the 429s' retry-after-ms (default 100)")
    p.add_argument("--max-seconds", type=float, default=3600, help="stop after this long (default 3600)")
    p.add_argument("--max-requests", type=int, default=1_000_000, help="stop after this many requests")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--batch-outcome", choices=["completed", "expired", "failed", "in_progress"], default="completed")
    p.add_argument("--batch-done", type=int, default=0, help="expired: how many requests ran before the window closed")
    p.add_argument(
        "--batch-fail-every", type=int, default=0, help="answer every K-th batch request with an HTTP 500 (0: none)"
    )
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(p.parse_args()))


if __name__ == "__main__":
    main()
