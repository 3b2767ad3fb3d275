"""`run --processes N`: children spawned for real, against the stub server on 127.0.0.1 (stops by itself)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agreement_llm import cli
from agreement_llm.bulk import ResultFile, errors_path_for, read_results
from agreement_llm.processes import ShardResultFile, run_processes, shard_of, split_concurrency
from hand_written import POISON, article_text
from stub import stub_server


def write_input(path: Path, n: int, poisoned: frozenset[int] = frozenset()) -> Path:
    rows = [{"id": f"a{i}", "text": article_text(i, POISON if i in poisoned else "")} for i in range(n)]
    rows.append(rows[0])  # a duplicated line: read once, as in one process
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_shards_and_shares() -> None:
    keys = [f"{i:032x}" for i in range(1000)]
    assert {shard_of(k, 3) for k in keys} == {0, 1, 2}
    assert [split_concurrency(16, 3, i) for i in range(3)] == [6, 5, 5]
    assert [split_concurrency(1, 2, i) for i in range(2)] == [1, 1]  # every child gets a worker


def test_a_child_reads_only_its_shard_of_the_finished_keys(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    lines = [{"key": f"{i:032x}", "id": str(i), "ok": i != 3} for i in range(8)]
    out.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    child = ShardResultFile(out, errors_path_for(out), 1, 2)
    done = child.open()
    child.close()
    assert done == {f"{i:032x}" for i in (1, 5, 7)}  # odd keys, successes only (3 failed)
    assert out.read_text(encoding="utf-8").count("\n") == 8  # a child never compacts


def test_two_processes_write_every_article_once_and_resume(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = write_input(tmp_path / "in.jsonl", 24, poisoned=frozenset({5}))
    out = tmp_path / "results.jsonl"
    with stub_server() as url:
        argv = [
            "run",
            str(data),
            "-o",
            str(out),
            "--processes",
            "2",
            "-c",
            "4",
            "--base-url",
            url,
            "--model",
            "stub",
            "--log-json",
        ]
        assert cli.main(argv) == 1  # a5 is poisoned
        summary = json.loads(capsys.readouterr().err.splitlines()[-1])
        assert (summary["done"], summary["failed"], summary["skipped"]) == (23, 1, 1)  # the duplicate is skipped
        records = list(read_results(out))
        assert sorted(r["id"] for r in records) == sorted(f"a{i}" for i in range(24))  # whole lines, each once
        assert [json.loads(x)["id"] for x in errors_path_for(out).read_text(encoding="utf-8").splitlines()] == ["a5"]

        # resume: the successes are skipped, only the failure is read again (and fails again)
        stats = run_processes([str(data)], out, processes=2, options={"base_url": url, "model": "stub", "api_key": "x"})
        assert (stats.done, stats.failed, stats.skipped) == (0, 1, 24)
    assert sorted(r["id"] for r in read_results(out)) == sorted(f"a{i}" for i in range(24))


def test_stdin_cannot_be_split(tmp_path: Path) -> None:
    from agreement_llm.errors import InputError

    with pytest.raises(InputError, match="standard input"):
        run_processes(["-"], tmp_path / "r.jsonl", processes=2)


def test_the_parent_holds_the_lock(tmp_path: Path) -> None:
    from agreement_llm.errors import InputError

    out = tmp_path / "r.jsonl"
    holder = ResultFile(out)
    holder.open()
    try:
        with pytest.raises(InputError, match="another run"):
            run_processes([str(write_input(tmp_path / "in.jsonl", 1))], out, processes=2)
    finally:
        holder.close()
