"""`agreement_llm.ray` on a local Ray with two CPUs (started once for this module) against the stub server."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from hand_written import POISON, Model, article_text
from stub import stub_server

ray = pytest.importorskip("ray")

from agreement_llm.bulk import iter_articles, read_results, run  # noqa: E402
from agreement_llm.ray import summarize_dataset, write_results  # noqa: E402


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    try:
        with stub_server(max_seconds=300) as address:
            yield address
    finally:
        ray.shutdown()


ROWS = [{"id": f"a{i}", "text": article_text(i, POISON if i == 3 else "")} for i in range(7)] + [
    {"id": "empty", "text": ""}
]


def test_a_ray_run_writes_the_file_run_writes(url: str, tmp_path: Path) -> None:
    results = summarize_dataset(
        ray.data.from_items(ROWS),
        actors=2,
        concurrency=3,
        batch_size=3,
        num_cpus=0.5,
        base_url=url,
        model="stub",
        api_key="x",
        strict=True,
        source="in.jsonl",
    )
    assert write_results(results, tmp_path / "ray.jsonl") == 8

    data = tmp_path / "in.jsonl"
    data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in ROWS), encoding="utf-8")
    with Model().extractor(strict=True) as extractor:
        run(iter_articles([data]), extractor, tmp_path / "run.jsonl")
    by_ray = {r["id"]: r for r in read_results(tmp_path / "ray.jsonl")}
    by_run = {r["id"]: r for r in read_results(tmp_path / "run.jsonl")}
    assert by_ray.keys() == by_run.keys()
    for name, record in by_ray.items():
        other = by_run[name]
        assert record.keys() == other.keys()
        assert (record["key"], record["ok"], record["model"], record["prompt_version"]) == (
            other["key"],
            other["ok"],
            other["model"],
            other["prompt_version"],
        )
        assert (record["error"] or {}).get("type") == (other["error"] or {}).get("type")
        if record["ok"]:
            assert record["agreement"]["status"] == other["agreement"]["status"] == "not_an_agreement"
            assert record["agreement"]["run"]["backend"] == "openai" and record["usage"]["prompt_tokens"] == 1800
    assert {n for n, r in by_ray.items() if not r["ok"]} == {"a3", "empty"}
    assert sorted(
        json.loads(x)["id"] for x in (tmp_path / "ray.errors.jsonl").read_text(encoding="utf-8").splitlines()
    ) == ["a3", "empty"]

    # written again into the same file: the successes are already there, the failures are appended for a re-run
    assert write_results(results, tmp_path / "ray.jsonl") == 2


def test_limits_are_cluster_totals_split_between_actors() -> None:
    class Plan:  # stands in for a Dataset: records what map_batches was asked for
        def map_batches(self, fn: object, **kwargs: object) -> dict[str, object]:
            return kwargs

    asked = summarize_dataset(
        Plan(), actors=4, concurrency=16, requests_per_minute=1200, tokens_per_minute=4e6, num_cpus=0.25
    )
    config = asked["fn_constructor_kwargs"]["config"]  # type: ignore[index]
    assert (config.concurrency, config.requests_per_minute, config.tokens_per_minute) == (16, 300, 1e6)
    assert (asked["compute"].min_size, asked["compute"].max_size) == (4, 4) and asked["batch_format"] == "pyarrow"  # type: ignore[union-attr,index]


def test_actors_that_take_every_cpu_are_warned_of_before_the_run_hangs(url: str) -> None:
    # Measured on two cores: 2 actors x 1 CPU left none for Ray's read task, and the run never started.
    class Plan:
        def map_batches(self, fn: object, **kwargs: object) -> dict[str, object]:
            return kwargs

    with pytest.warns(UserWarning, match="leave less than one of the cluster's 2 CPUs.*lower num_cpus"):
        summarize_dataset(Plan(), actors=2, num_cpus=0.75, base_url=url)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        summarize_dataset(Plan(), actors=2, base_url=url)  # the default, 0.5 each: one CPU left
