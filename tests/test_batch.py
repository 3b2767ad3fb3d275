"""Batch files end to end against the stub's files and batches endpoints (127.0.0.1, stops by itself).

The stub answers every request with the hand-written reply of benchmarks/stub_server.py (valid for any article)
and a poisoned article («مسموم») with a reply that is not JSON. Each test states the batch's outcome.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx2
import pytest

from agreement_llm import cli
from agreement_llm.batch import BatchNotReadyError, Job, collect, download, prepare, read_outputs, submit
from agreement_llm.bulk import Article, errors_path_for, iter_articles, job_key, read_results, run
from agreement_llm.config import Settings
from agreement_llm.errors import ConfigurationError
from agreement_llm.extract import Extractor
from agreement_llm.prompts import prompt_version
from hand_written import POISON, Model, article_text
from stub import stub_server


def write_input(folder: Path, n: int, poisoned: frozenset[int] = frozenset(), empty: bool = True) -> Path:
    path = folder / "in.jsonl"
    rows = [{"id": f"a{i}", "text": article_text(i, POISON if i in poisoned else "")} for i in range(n)]
    if empty:
        rows.append({"id": "empty", "text": ""})
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def by_id(path: Path) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in read_results(path)}


def settings(url: str) -> Settings:
    return Settings.from_env(env={}, base_url=url, api_key="test", model="stub")


def round_trip(
    tmp_path: Path, url: str, n: int, poisoned: frozenset[int] = frozenset(), **prepare_options: Any
) -> tuple[Path, Job, Any]:
    data = write_input(tmp_path, n, poisoned)
    job = prepare(iter_articles([data]), tmp_path / "requests.jsonl", settings=settings(url), **prepare_options)
    job = submit(job, settings(url))
    job = download(job, settings(url))
    stats = collect(iter_articles([data]), job, read_outputs(job), tmp_path / "results.jsonl", settings=settings(url))
    return data, job, stats


def test_a_request_is_the_body_run_sends(tmp_path: Path) -> None:
    sent: list[dict[str, Any]] = []

    def answer(request: httpx2.Request) -> httpx2.Response:
        sent.append(json.loads(request.content))
        return Model.answer(request)

    article = Article("x", article_text(1), "t", published_at="2024-03-25")
    with Extractor(Settings.from_env(env={}), model="stub", transport=httpx2.MockTransport(answer)) as extractor:
        run([article], extractor, tmp_path / "run.jsonl")
    job = prepare([article], tmp_path / "requests.jsonl", settings=Settings.from_env(env={}, model="stub"))
    line = json.loads((tmp_path / "requests.jsonl").read_text(encoding="utf-8"))
    assert line["body"] == sent[0]  # messages, tools, tool_choice, model, max_tokens, temperature: all the same
    assert line["body"]["tools"][0]["function"]["name"] == "Draft" and "2024-03-25" in json.dumps(
        line["body"], ensure_ascii=False
    )
    assert (
        line["custom_id"]
        == job_key(article, "stub", prompt_version())
        == next(read_results(tmp_path / "run.jsonl"))["key"]
    )
    assert (line["method"], line["url"]) == ("POST", "/v1/chat/completions")
    assert (job.model, job.prompt_version, job.parts[0].count) == ("stub", prompt_version(), 1)


def test_the_lean_draft_cannot_go_into_a_batch_file(tmp_path: Path) -> None:
    # Its reply is cut after the parties and only the embedded transport closes it: every line would fail in collect.
    article = Article("x", article_text(1), "t")
    for options in ({}, {"base_url": "http://127.0.0.1:9/v1", "api_key": "test"}):
        with pytest.raises(ConfigurationError, match="draft='full'"):
            prepare(
                [article],
                tmp_path / "requests.jsonl",
                settings=Settings.from_env(env={}, model="stub", draft="lean", **options),
            )
    assert not (tmp_path / "requests.jsonl").exists()


def test_completed_batch_gives_the_same_records_as_run(tmp_path: Path) -> None:
    with stub_server() as url:
        data, job, stats = round_trip(tmp_path, url, 5)
    assert (stats.done, stats.failed) == (5, 1)  # the empty article fails as in run, without a request
    assert job.skipped == {"input problem (collect lists it)": 1}
    with Model().extractor() as extractor:
        run(iter_articles([data]), extractor, tmp_path / "run.jsonl")
    batch, live = by_id(tmp_path / "results.jsonl"), by_id(tmp_path / "run.jsonl")
    assert batch.keys() == live.keys()
    for name, record in batch.items():
        other = live[name]
        assert record.keys() == other.keys() and record["key"] == other["key"] and record["ok"] == other["ok"]
        if record["ok"]:
            a, b = record["agreement"], other["agreement"]
            assert a["run"].pop("seconds") >= 0 and b["run"].pop("seconds") >= 0
            assert a["run"].pop("backend") == "batch"
            b["run"].pop("backend")
            assert a["run"]["usage"]["prompt_tokens"] == 1800  # the stub's usage, carried from the batch output
            a["run"].pop("usage"), b["run"].pop("usage")
            assert a == b
        else:
            assert record["error"] == other["error"]


def test_partially_completed_batch_and_validation_failures_are_left_for_run(tmp_path: Path) -> None:
    with stub_server("--batch-fail-every", "3") as url:
        data, job, stats = round_trip(tmp_path, url, 7, poisoned=frozenset({1}))
    records = by_id(tmp_path / "results.jsonl")
    failed = {i: r["error"]["type"] for i, r in records.items() if not r["ok"]}
    # requests 3 and 6 (a2, a5) got an HTTP 500; a1's reply is not JSON (a batch cannot re-ask); "empty" has no text
    assert failed == {
        "a1": "ModelGaveUpError",
        "a2": "BatchRequestError",
        "a5": "BatchRequestError",
        "empty": "InputError",
    }
    assert "HTTP 500" in records["a2"]["error"]["message"] and "agreement-llm run" in records["a2"]["error"]["message"]
    errors = [
        json.loads(line)["id"]
        for line in errors_path_for(tmp_path / "results.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert sorted(errors) == sorted(failed)
    assert (stats.done, stats.failed) == (4, 4)

    # `run` on the same output asks the model for the failed articles only
    model = Model()
    with model.extractor() as extractor:
        again = run(iter_articles([data]), extractor, tmp_path / "results.jsonl")
    assert again.skipped == 4 and model.calls == 1 + 1 + 2  # a2, a5 once; a1 twice (re-asked); empty: no call
    assert {i for i, r in by_id(tmp_path / "results.jsonl").items() if r["ok"]} == {f"a{i}" for i in range(7)} - {"a1"}


def test_expired_batch_collects_what_ran_and_fails_the_rest(tmp_path: Path) -> None:
    with stub_server("--batch-outcome", "expired", "--batch-done", "2") as url:
        _, job, stats = round_trip(tmp_path, url, 5)
        assert job.parts[0].output and job.parts[0].errors
        # collecting again downloads nothing and writes nothing new: every line is there
        data = tmp_path / "in.jsonl"
        again = collect(
            iter_articles([data]),
            job,
            read_outputs(download(job, settings(url))),
            tmp_path / "results.jsonl",
            settings=settings(url),
        )
    records = by_id(tmp_path / "results.jsonl")
    assert {i for i, r in records.items() if r["ok"]} == {"a0", "a1"}
    assert "batch_expired" in records["a4"]["error"]["message"]
    assert len(records) == 6 and (stats.done, stats.failed) == (2, 4)
    assert (again.skipped, again.done, again.failed) == (2, 0, 4)  # failures are retried, successes kept


def test_failed_batch_fails_every_article_with_the_reason(tmp_path: Path) -> None:
    with stub_server("--batch-outcome", "failed") as url:
        _, job, stats = round_trip(tmp_path, url, 3)
    assert "rejected" in (job.parts[0].failure or "")
    records = by_id(tmp_path / "results.jsonl")
    assert len(records) == 4 and stats.failed == 4  # 0 lost: every article has a line
    assert all(
        r["error"]["type"] == "BatchRequestError" and "rejected" in r["error"]["message"]
        for i, r in records.items()
        if i != "empty"
    )


def test_unfinished_batch_is_not_collected(tmp_path: Path) -> None:
    with stub_server("--batch-outcome", "in_progress") as url:
        data = write_input(tmp_path, 2)
        job = submit(prepare(iter_articles([data]), tmp_path / "requests.jsonl", settings=settings(url)), settings(url))
        with pytest.raises(BatchNotReadyError, match="in_progress"):
            download(job, settings(url))
        argv = [
            "batch",
            "collect",
            str(data),
            "--job",
            str(job.path),
            "-o",
            str(tmp_path / "r.jsonl"),
            "--base-url",
            url,
            "--quiet",
        ]
        assert cli.main(argv) == 3
    assert not (tmp_path / "r.jsonl").exists()


def test_parts_split_submit_and_merge(tmp_path: Path) -> None:
    with stub_server() as url:
        _, job, stats = round_trip(tmp_path, url, 5, max_requests=2)
    assert [p.count for p in job.parts] == [2, 2, 1]
    assert [p.requests for p in job.parts] == ["requests.jsonl", "requests.2.jsonl", "requests.3.jsonl"]
    assert len({p.batch_id for p in job.parts}) == 3 and stats.done == 5
    assert Job.load(tmp_path / "requests.jsonl").parts == job.parts  # the job beside the requests has the ids


def test_vllm_run_batch_output_is_collected(tmp_path: Path) -> None:
    data = write_input(tmp_path, 3, empty=False)
    job = prepare(
        iter_articles([data]),
        tmp_path / "requests.jsonl",
        settings=Settings.from_env(env={}, model="Qwen/Qwen2.5-7B-Instruct"),
    )
    output = tmp_path / "vllm-output.jsonl"
    with output.open("w", encoding="utf-8") as out:  # the shape `vllm run-batch` writes (hand-written replies)
        for n, line in enumerate((tmp_path / "requests.jsonl").read_text(encoding="utf-8").splitlines()):
            custom_id = json.loads(line)["custom_id"]
            if n == 2:  # vLLM reports a request it could not serve with a status and an error object, no body
                entry = {
                    "id": "vllm-2",
                    "custom_id": custom_id,
                    "response": {"status_code": 400, "request_id": "vllm-batch-2", "body": None},
                    "error": {"object": "error", "message": "prompt too long", "type": "BadRequestError", "code": 400},
                }
            else:
                body = json.loads(
                    Model.answer(httpx2.Request("POST", "http://x", json=json.loads(line)["body"])).content
                )
                entry = {
                    "id": f"vllm-{n}",
                    "custom_id": custom_id,
                    "response": {"status_code": 200, "request_id": f"vllm-batch-{n}", "body": body},
                    "error": None,
                }
            out.write(json.dumps(entry, ensure_ascii=False) + "\n")
    argv = [
        "batch",
        "collect",
        str(data),
        "--job",
        str(job.path),
        "--output-file",
        str(output),
        "-o",
        str(tmp_path / "results.jsonl"),
        "--quiet",
    ]
    assert cli.main(argv) == 1
    records = by_id(tmp_path / "results.jsonl")
    assert [records[f"a{i}"]["ok"] for i in range(3)] == [True, True, False]
    assert (
        records["a0"]["model"] == "Qwen/Qwen2.5-7B-Instruct" and "prompt too long" in records["a2"]["error"]["message"]
    )


def test_cli_prepare_submit_status_collect(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = write_input(tmp_path, 3)
    requests = tmp_path / "requests.jsonl"
    with stub_server() as url:
        assert cli.main(["batch", "prepare", str(data), "-o", str(requests), "--model", "stub"]) == 0
        assert cli.main(["batch", "submit", str(requests), "--base-url", url]) == 0
        assert cli.main(["batch", "status", str(requests), "--base-url", url]) == 0
        status = json.loads(capsys.readouterr().out.splitlines()[-1])
        assert status["status"] == "completed" and status["request_counts"] == {"completed": 3, "failed": 0, "total": 3}
        argv = [
            "batch",
            "collect",
            str(data),
            "--job",
            str(requests),
            "-o",
            str(tmp_path / "results.jsonl"),
            "--base-url",
            url,
            "--log-json",
        ]
        assert cli.main(argv) == 1  # the empty article
        assert cli.main(["batch", "submit", str(requests), "--base-url", url]) == 0  # submitted once: nothing to do
    assert len(by_id(tmp_path / "results.jsonl")) == 4
    assert len({p.batch_id for p in Job.load(requests).parts}) == 1


def test_a_changed_prompt_is_refused(tmp_path: Path) -> None:
    data = write_input(tmp_path, 1, empty=False)
    job = prepare(iter_articles([data]), tmp_path / "requests.jsonl", settings=Settings.from_env(env={}, model="stub"))
    job.prompt_version = "extract@0000000000"
    from agreement_llm.errors import InputError

    with pytest.raises(InputError, match="prepared with prompt"):
        collect(iter_articles([data]), job, read_outputs(job), tmp_path / "results.jsonl")
