"""The benchmark stub server (benchmarks/stub_server.py) as a test fixture: a child process on 127.0.0.1 that
stops by itself after `max_seconds`, whatever happens to the test."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from conftest import STUB_SERVER


@contextmanager
def stub_server(*flags: str, max_seconds: float = 120) -> Iterator[str]:
    """Start the stub with `flags`; yields its base URL (http://127.0.0.1:PORT/v1)."""
    process = subprocess.Popen(
        [sys.executable, str(STUB_SERVER), "--latency", "0", "--max-seconds", str(max_seconds), *flags],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = json.loads(process.stdout.readline())["listening"]
        assert url.startswith("http://127.0.0.1:"), url
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
