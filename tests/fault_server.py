"""A real OpenAI-compatible HTTP server on 127.0.0.1 with one route per fault (HAND-WRITTEN replies, never model
output), for the fault-injection suite. Standard library only; `benchmarks/stub_server.py` has the same shape.

The base URL of a fault is `http://127.0.0.1:<port>/<fault>/v1`; `requests[fault]` counts what each route saw.
A hanging route waits on `stop` (set when the fixture ends) and for at most `HANG_SECONDS`, so a test run can
never hang on it.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from hand_written import SEED_000_DRAFT, completion

HANG_SECONDS = 15.0
HUGE_BYTES = 5 * 1024 * 1024  # over endpoint.MAX_REPLY_BYTES (4 MiB)


def _json(status: int, body: Any, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    return (
        status,
        {"content-type": "application/json", **(headers or {})},
        json.dumps(body, ensure_ascii=False).encode(),
    )


def _error(status: int, message: str) -> tuple[int, dict[str, str], bytes]:
    return _json(status, {"error": {"message": message, "type": "hand_written"}})


def reply(fault: str, authorization: str) -> tuple[int, dict[str, str], bytes] | str:
    """The answer of one route: (status, headers, body), or "hang" / "drop"."""
    key = authorization.split(" ", 1)[-1]
    draft = json.dumps(SEED_000_DRAFT, ensure_ascii=False)
    routes: dict[str, Any] = {
        "ok": lambda: _json(200, completion(SEED_000_DRAFT)),
        "400": lambda: _error(400, "max_tokens is too large"),
        "401": lambda: _error(401, f"Incorrect API key provided: {key}"),  # echoes the key, as gateways do
        "403": lambda: _error(403, "this key may not use this model"),
        "404": lambda: _error(404, "The model `m` does not exist"),
        "500": lambda: _error(500, "internal error"),
        "502": lambda: _error(502, "bad gateway"),
        "503": lambda: _error(503, "overloaded"),
        "429s": lambda: _json(429, {"error": {"message": "slow down"}}, {"retry-after": "1"}),
        "429ms": lambda: _json(429, {"error": {"message": "slow down"}}, {"retry-after-ms": "50"}),
        "429date": lambda: _json(
            429, {"error": {"message": "slow down"}}, {"retry-after": formatdate(time.time() + 2, usegmt=True)}
        ),
        "nonjson": lambda: (200, {"content-type": "application/json"}, b"upstream says: all good"),
        "html": lambda: (
            200,
            {"content-type": "text/html"},
            b"<!DOCTYPE html><html><body>Welcome to nginx!</body></html>",
        ),
        "empty": lambda: _json(200, {**completion(SEED_000_DRAFT), "choices": []}),
        "notool": lambda: _json(200, completion(content="The association signed an agreement.")),
        "malformed": lambda: _json(200, completion('{"status": "signed", "parties": [')),
        "cut": lambda: _json(200, completion(draft[: len(draft) * 2 // 3], finish_reason="length")),
        "enum": lambda: _json(
            200,
            completion(
                {
                    **SEED_000_DRAFT,
                    "parties": [{**SEED_000_DRAFT["parties"][0], "kind": "ministry"}, SEED_000_DRAFT["parties"][1]],
                }
            ),
        ),
        "length": lambda: _json(200, completion(content=None, finish_reason="length")),
        "refusal": lambda: _json(200, completion(content=None, refusal="I can't help with that.")),
        "huge": lambda: _json(200, completion({**SEED_000_DRAFT, "summary_en": "x" * HUGE_BYTES})),
    }
    if fault in ("hang", "drop"):
        return fault
    return routes[fault]()


class FaultServer:
    """Serves the routes in a thread; `url(fault)` is a base URL, `requests` the counts, `close()` stops it."""

    def __init__(self) -> None:
        self.requests: Counter[str] = Counter()
        self.stop = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("content-length", "0")))
                fault = self.path.strip("/").split("/", 1)[0]
                server.requests[fault] += 1
                answer = reply(fault, self.headers.get("authorization", ""))
                if answer == "hang":
                    server.stop.wait(HANG_SECONDS)
                    return
                if answer == "drop":
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                status, headers, body = answer  # type: ignore[misc]
                self.send_response(status)
                for name, value in {**headers, "content-length": str(len(body))}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: Any, client_address: Any) -> None:
                # A client that timed out closes its socket while a big body is still being written: the broken
                # pipe is expected, and socketserver's default traceback would land in the captured stderr.
                pass

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def url(self, fault: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_port}/{fault}/v1"

    def close(self) -> None:
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()
