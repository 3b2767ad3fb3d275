"""File-system faults, broken recordings and a poisoned cache: typed errors with an exit code and advice, never a
traceback; a disk-full run resumes; the cache keeps only usable replies and a bad entry is a miss (issue 9)."""

from __future__ import annotations

import errno
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from agreement_llm import cli
from agreement_llm.transport.cache import ResponseCache
from conftest import RECORDINGS, SEEDS
from fault_server import FaultServer


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    fault_server = FaultServer()
    yield fault_server
    fault_server.close()


@pytest.fixture
def replay_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "recordings"
    shutil.copytree(RECORDINGS, folder)
    return folder


def _run(inputs: list[str], output: Path, *options: str) -> int:
    return cli.main(["run", *inputs, "-o", str(output), "--quiet", *options])


def test_a_read_only_output_folder_is_a_storage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real_open = os.open
    target = tmp_path / "ro"

    def refusing(path: object, *args: object, **kwargs: object) -> int:
        if str(path).startswith(str(target)):  # tests run as root here, so chmod alone would not refuse
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    target.mkdir()
    monkeypatch.setattr(os, "open", refusing)
    code = _run([str(SEEDS)], target / "results.jsonl", "--replay", str(RECORDINGS))
    err = capsys.readouterr().err
    assert code == 74 and "permission denied" in err and "Traceback" not in err


def test_disk_full_cuts_the_torn_line_and_the_next_run_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "results.jsonl"
    real_write = os.write
    writes = {"n": 0}

    def filling(fd: int, data: bytes | memoryview) -> int:
        writes["n"] += 1
        if writes["n"] == 3:  # the third line: half of it fits, then the disk is full
            real_write(fd, bytes(data[: len(data) // 2]))
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", filling)
    assert _run([str(SEEDS)], output, "--replay", str(RECORDINGS), "--concurrency", "1") == 74
    assert "disk is full" in capsys.readouterr().err
    lines = output.read_bytes().split(b"\n")
    assert lines[-1] == b"" and all(json.loads(line)["ok"] for line in lines[:-1])  # no torn line left
    monkeypatch.setattr(os, "write", real_write)
    assert _run([str(SEEDS)], output, "--replay", str(RECORDINGS)) == 0
    keys = [json.loads(line)["key"] for line in output.read_text(encoding="utf-8").splitlines()]
    assert len(keys) == len(set(keys)) == 5


def test_export_of_a_file_with_a_broken_middle_line_names_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = tmp_path / "results.jsonl"
    good = json.dumps({"id": "a", "ok": True, "agreement": {"status": "signed", "parties": []}})
    results.write_text(good + '\n{"id": "b", "ok": tr\n' + good + "\n", encoding="utf-8")
    assert cli.main(["export", str(results), "-o", str(tmp_path / "out.csv")]) == 2
    err = capsys.readouterr().err
    assert "line 2" in err and "run the same" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("options", "advice"),
    [
        (["--replay", "/nonexistent/recordings"], "no recordings folder"),
        (["--backend", "replay"], "--replay DIR"),
    ],
)
def test_replay_without_its_folder_is_a_configuration_error(
    options: list[str], advice: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["summarize", str(SEEDS / "000_fd964e18e62d9c2a.txt"), *options]) == 2
    assert advice in capsys.readouterr().err


@pytest.mark.parametrize("damage", ["truncated", "binary"])
def test_a_damaged_recording_names_the_file(damage: str, replay_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = sorted(replay_copy.glob("*.json"))[2]
    data = file.read_bytes()
    file.write_bytes(data[: len(data) // 2] if damage == "truncated" else b"\x89PNG\r\n\x1a\n\xff\xfe" + os.urandom(64))
    assert cli.main(["summarize", str(SEEDS / "000_fd964e18e62d9c2a.txt"), "--replay", str(replay_copy)]) == 2
    err = capsys.readouterr().err
    assert file.name in err and "damaged" in err and "Traceback" not in err


def test_a_broken_200_is_not_cached_so_the_next_run_asks_again(
    server: FaultServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "k-test-1234")
    cache, output = tmp_path / "cache", tmp_path / "r.jsonl"
    seed = str(SEEDS / "000_fd964e18e62d9c2a.txt")
    common = ["--model", "m", "--cache", str(cache), "--retries", "1"]
    assert _run([seed], output, "--base-url", server.url("nonjson"), *common) == 1
    assert not list(cache.rglob("*.json"))
    before = server.requests["ok"]
    assert _run([seed], output, "--base-url", server.url("ok"), *common) == 0  # the endpoint is fixed
    assert server.requests["ok"] - before == 1
    assert len(list(cache.rglob("*.json"))) == 1


@pytest.mark.parametrize(
    "entry",
    [
        {"format": "agreement-llm/cache@1"},
        {"format": "agreement-llm/cache@1", "status": 200, "headers": {}, "body": "not json"},
        "garbage",
    ],
)
def test_a_bad_cache_entry_is_a_miss(
    entry: object, server: FaultServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "k-test-1234")
    cache, output = tmp_path / "cache", tmp_path / "r.jsonl"
    seed = str(SEEDS / "000_fd964e18e62d9c2a.txt")
    common = ["--model", "m", "--cache", str(cache), "--base-url", server.url("ok")]
    assert _run([seed], output, *common) == 0
    for file in cache.rglob("*.json"):  # damage the entry the first run stored
        file.write_text(json.dumps(entry) if not isinstance(entry, str) else entry, encoding="utf-8")
    output.unlink()
    before = server.requests["ok"]
    assert _run([seed], output, *common) == 0  # before: "Connection error ... tried up to 5 times"
    assert server.requests["ok"] - before == 1
    assert ResponseCache(cache).folder.is_dir()


def test_sigint_keeps_what_finished_and_the_run_resumes(tmp_path: Path) -> None:
    """A real SIGINT during the third article, in a fresh interpreter: exit 130, two whole lines, then a resume."""
    import subprocess
    import sys

    output = tmp_path / "results.jsonl"
    code = f"""
import os, signal, sys
from agreement_llm import cli
from agreement_llm.extract import Extractor
real, calls = Extractor.asummarize, []
async def interrupted(self, text, **kw):
    calls.append(1)
    if len(calls) == 3:
        os.kill(os.getpid(), signal.SIGINT)
    return await real(self, text, **kw)
Extractor.asummarize = interrupted
sys.exit(cli.main(["run", {str(SEEDS)!r}, "-o", {str(output)!r}, "--quiet", "--concurrency", "1",
                   "--replay", {str(RECORDINGS)!r}]))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 130, done.stderr
    assert "Traceback" not in done.stderr
    lines = output.read_text(encoding="utf-8").splitlines()
    assert 2 <= len(lines) < 5 and all(json.loads(line)["ok"] for line in lines)
    assert _run([str(SEEDS)], output, "--replay", str(RECORDINGS)) == 0
    keys = [json.loads(line)["key"] for line in output.read_text(encoding="utf-8").splitlines()]
    assert len(keys) == len(set(keys)) == 5
