"""An OpenAI-compatible stub chat-completions server on 127.0.0.1, for load tests. Standard library only.

Every POST .../chat/completions waits `--latency` seconds (a model's think time, spent asleep, so the server
itself costs almost no CPU), then answers with a hand-written tool-call reply that passes validation for any
article (status not_an_agreement). With probability `--error-rate` it answers 429 with a `retry-after-ms` header
instead, like a rate-limited provider. HTTP/1.1 keep-alive, Content-Length bodies only (what httpx sends).

    python benchmarks/stub_server.py --port 8765 --latency 0.2 --error-rate 0.02

It binds 127.0.0.1 only and stops after `--max-seconds` (default one hour) or `--max-requests`, so a forgotten
server cannot run for ever.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time

# Hand-written reply (not from a model): valid for any article because it claims no agreement.
HAND_WRITTEN_REPLY = {
    "status": "not_an_agreement",
    "status_quote": None,
    "summary_ar": "لا يذكر المقال أي اتفاقية بين مؤسسات.",
    "summary_en": "The article reports no agreement between organisations.",
}
COMPLETION = json.dumps(
    {
        "id": "chatcmpl-stub", "object": "chat.completion", "created": 0, "model": "stub",
        "choices": [{
            "index": 0, "finish_reason": "tool_calls",
            "message": {"role": "assistant", "content": None, "tool_calls": [{
                "id": "call_stub", "type": "function",
                "function": {"name": "Draft", "arguments": json.dumps(HAND_WRITTEN_REPLY, ensure_ascii=False)},
            }]},
        }],
        "usage": {"prompt_tokens": 1800, "completion_tokens": 60, "total_tokens": 1860},
    },
    ensure_ascii=False,
).encode()
RATE_LIMITED = b'{"error": {"message": "stub: rate limited", "type": "rate_limit_exceeded"}}'


class Stub:
    """Connection handler plus counters (printed as JSON on exit)."""

    def __init__(self, latency: float, error_rate: float, retry_after_ms: int, max_requests: int, seed: int) -> None:
        self.latency, self.error_rate, self.retry_after_ms = latency, error_rate, retry_after_ms
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
                headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
                await reader.readexactly(int(headers.get("content-length", "0")))
                status, extra, body = await self.answer(lines[0])
                writer.write(
                    f"HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {len(body)}\r\n{extra}\r\n".encode()
                    + body
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    async def answer(self, request_line: str) -> tuple[str, str, bytes]:
        self.requests += 1
        if self.requests >= self.max_requests:
            self.done.set()
        if "/chat/completions" not in request_line:
            return "404 Not Found", "", b'{"error": {"message": "only /chat/completions"}}'
        self.in_flight += 1
        self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.latency)
        finally:
            self.in_flight -= 1
        if self.error_rate and self.random.random() < self.error_rate:
            self.rate_limited += 1
            return "429 Too Many Requests", f"retry-after-ms: {self.retry_after_ms}\r\n", RATE_LIMITED
        return "200 OK", "", COMPLETION


async def serve(args: argparse.Namespace) -> None:
    stub = Stub(args.latency, args.error_rate, args.retry_after_ms, args.max_requests, args.seed)
    server = await asyncio.start_server(stub.handle, "127.0.0.1", args.port, backlog=1024)
    port = server.sockets[0].getsockname()[1]
    print(json.dumps({"listening": f"http://127.0.0.1:{port}/v1"}), flush=True)  # the parent reads this line
    started = time.monotonic()
    async with server:
        try:
            await asyncio.wait_for(stub.done.wait(), timeout=args.max_seconds)
        except asyncio.TimeoutError:
            pass
    print(json.dumps({"requests": stub.requests, "rate_limited": stub.rate_limited, "peak_in_flight": stub.peak_in_flight,
                      "seconds": round(time.monotonic() - started, 1)}), file=sys.stderr, flush=True)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=0, help="0: any free port (printed on the first line)")
    p.add_argument("--latency", type=float, default=0.2, help="seconds per completion (default 0.2)")
    p.add_argument("--error-rate", type=float, default=0.0, help="share of requests answered 429 (default 0)")
    p.add_argument("--retry-after-ms", type=int, default=100, help="the 429s' retry-after-ms (default 100)")
    p.add_argument("--max-seconds", type=float, default=3600, help="stop after this long (default 3600)")
    p.add_argument("--max-requests", type=int, default=1_000_000, help="stop after this many requests")
    p.add_argument("--seed", type=int, default=0)
    try:
        asyncio.run(serve(p.parse_args()))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
