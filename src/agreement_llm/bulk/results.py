"""The results file of a bulk run: one JSON line per article, appended whole, resumable, repaired on start.

Lines are appended whole with one `os.write` each on an `O_APPEND` descriptor, and a torn last line (a kill in the
middle of a write) is cut off on start, so no finished article is ever lost or doubled. A side lock file keeps a
second run out. Failures also go to `<output>.errors.jsonl`.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, Protocol

from ..errors import InputError, StorageError


class ResultSink(Protocol):
    """Where a run's records go: a `ResultFile`, `StreamedResults`, or a list in memory (a Ray actor's batch)."""

    def open(self) -> set[str]:
        """Get ready to write; return the keys already done, which the run skips."""

    def write(self, record: dict[str, Any]) -> None:
        """Store one finished article's record (called from the event loop, never concurrently)."""

    def close(self) -> None: ...


def errors_path_for(output: Path) -> Path:
    """Where the failures of a run into `output` are listed: `results.jsonl` -> `results.errors.jsonl`."""
    return (
        output.with_name(output.name + ".errors.jsonl")
        if output.suffix != ".jsonl"
        else output.with_suffix(".errors.jsonl")
    )


class ResultFile:
    """The append-only JSONL of results, plus its errors file.

    `open()` cuts a torn last line, drops failed lines (they are about to be retried, and a retry writes a new
    line), and returns the keys already done. Each `write` is one `os.write` of one whole line on an O_APPEND
    descriptor: a kill can only ever tear the line being written, which the next `open()` repairs.
    """

    def __init__(self, path: str | Path, errors_path: str | Path | None = None) -> None:
        self.path = Path(path)
        self.errors_path = Path(errors_path) if errors_path else errors_path_for(self.path)
        # The lock lives in a side file: compaction replaces the results file, and a lock on a replaced inode
        # would no longer keep a second run out.
        self.lock_path = self.path.with_name(f".{self.path.name}.lock")
        self._fd: int | None = None
        self._errors_fd: int | None = None
        self._lock_fd: int | None = None

    def open(self) -> set[str]:
        try:
            return self._open()
        except OSError as exc:  # a read-only folder, a full disk: typed, with advice, never a traceback
            self.close()
            raise exc if isinstance(exc, StorageError) else StorageError.of(exc, "write the results") from None

    def _open(self) -> set[str]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock_fd = os.open(self.lock_path, os.O_WRONLY | os.O_CREAT, 0o644)
        _lock(self._lock_fd, self.path)  # before any repair: never rewrite a file another run is appending to
        if self.path.exists():
            _cut_torn_line(self.path)
        done = self._compact()
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        # The errors file lists the failures of this run: earlier ones are retried now and re-listed if they fail.
        self._errors_fd = os.open(self.errors_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_TRUNC, 0o644)
        return done

    def _compact(self) -> set[str]:
        """Keys of the successes already written; rewrites the file (atomically) only when it holds anything else."""
        done: set[str] = set()
        if not self.path.exists():
            return done
        dirty = False
        with self.path.open("rb") as handle:
            for line in handle:
                key = success_key(line)
                if key is None or key in done:
                    dirty = True
                else:
                    done.add(key)
        if dirty:
            tmp = self.path.with_name(f".{self.path.name}.tmp")
            kept: set[str] = set()
            with self.path.open("rb") as src, tmp.open("wb") as dst:
                for line in src:
                    key = success_key(line)
                    if key is not None and key not in kept:
                        kept.add(key)
                        dst.write(line)
                dst.flush()
                os.fsync(dst.fileno())
            os.replace(tmp, self.path)
        return done

    def write(self, record: dict[str, Any]) -> None:
        try:
            line = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate from a badly encoded input: \u-escape it rather than crash
            line = (json.dumps(record, separators=(",", ":")) + "\n").encode("ascii")
        assert self._fd is not None and self._errors_fd is not None, "open() the ResultFile first"
        for fd, path in (
            ((self._fd, self.path), (self._errors_fd, self.errors_path))
            if not record["ok"]
            else ((self._fd, self.path),)
        ):
            _append_whole(fd, line, path)

    def close(self) -> None:
        for fd in (self._fd, self._errors_fd, self._lock_fd):  # closing the lock file's descriptor releases it
            if fd is not None:
                os.close(fd)
        self._fd = self._errors_fd = self._lock_fd = None


class StreamedResults:
    """`ResultFile`'s interface on standard output (`run -o -`): lines stream to a pipe, nothing to resume.

    Each line is written whole and flushed from the event loop, so lines of concurrent workers never interleave.
    Failures also go to `errors_path` when one is given (a pipe has no name to derive it from).
    """

    def __init__(self, errors_path: str | Path | None = None, stream: IO[str] | None = None) -> None:
        self.errors_path = Path(errors_path) if errors_path else None
        self._stream = stream
        self._errors_fd: int | None = None

    def open(self) -> set[str]:
        if self.errors_path:
            self._errors_fd = os.open(self.errors_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_TRUNC, 0o644)
        return set()

    def write(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
        stream = self._stream or sys.stdout  # looked up now: a test or a notebook may have replaced sys.stdout
        stream.write(line)
        stream.flush()
        if not record["ok"] and self._errors_fd is not None:
            _write_all(self._errors_fd, line.encode("utf-8", "backslashreplace"))

    def close(self) -> None:
        if self._errors_fd is not None:
            os.close(self._errors_fd)
        self._errors_fd = None


def success_key(line: bytes) -> str | None:
    """The resume key of a results line that records a success; None for a failure or a broken line."""
    try:
        record = json.loads(line)
    except ValueError:
        return None
    return record.get("key") if isinstance(record, dict) and record.get("ok") is True else None


def _cut_torn_line(path: Path) -> None:
    """Truncate `path` after its last newline: whatever follows it is a line a kill interrupted."""
    with path.open("rb+") as handle:
        end = handle.seek(0, os.SEEK_END)
        pos = end
        while pos > 0:
            step = min(65536, pos)
            handle.seek(pos - step)
            chunk = handle.read(step)
            newline = chunk.rfind(b"\n")
            if newline >= 0:
                cut = pos - step + newline + 1
                break
            pos -= step
        else:
            cut = 0
        if cut != end:
            handle.truncate(cut)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _append_whole(fd: int, line: bytes, path: Path) -> None:
    """Append `line` whole or not at all: a write the disk refuses half-way (ENOSPC) is cut back off at once, so
    the file never holds a torn line that a reader of a still-running job would meet, and the next run resumes."""
    size = os.fstat(fd).st_size
    try:
        _write_all(fd, line)
    except OSError as exc:
        with contextlib.suppress(OSError):  # the next open() cuts the torn line anyway
            os.ftruncate(fd, size)
        raise StorageError.of(OSError(exc.errno, exc.strerror, str(path)), "append to") from None


def _lock(fd: int, path: Path) -> None:
    """Refuse a second run appending to the same output at the same time (POSIX only; elsewhere trust the user)."""
    try:
        import fcntl
    except ImportError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise InputError(f"another run is writing {path}: wait for it, or write to another file") from None


def read_results(path: str | Path, stdin: IO[str] | None = None) -> Iterator[dict[str, Any]]:
    """The records of a results file ("-": standard input), skipping a torn last line (the file may still be
    being written). A broken line elsewhere is an `InputError` that says how to repair the file."""
    if str(path) == "-":
        yield from _result_lines(stdin or sys.stdin, "standard input")
        return
    with Path(path).open(encoding="utf-8", errors="replace") as handle:
        yield from _result_lines(handle, str(path))


def _result_lines(lines: Iterable[str], name: str) -> Iterator[dict[str, Any]]:
    for number, line in enumerate(lines, 1):
        if not line.endswith("\n") or not line.strip():
            continue
        try:
            yield json.loads(line)
        except ValueError as exc:
            raise InputError(
                f"line {number} of {name} is not a result ({exc}): the file is damaged; run the same "
                "`agreement-llm run` again to repair it (it drops broken lines and redoes their articles)"
            ) from None
