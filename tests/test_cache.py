"""The disk cache of model replies: a repeated run makes zero model calls, and only good replies are kept."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx2

from agreement_llm.bulk import read_results, run
from agreement_llm.config import Settings
from agreement_llm.extract import Extractor
from agreement_llm.transport.cache import CachingTransport, ResponseCache
from hand_written import Model, articles


def test_a_second_run_makes_zero_model_calls(tmp_path: Path) -> None:
    model = Model()
    cache = tmp_path / "cache"
    with model.extractor(cache_dir=str(cache)) as extractor:
        first = run(articles(6), extractor, tmp_path / "first.jsonl")
    assert first.done == 6 and model.calls == 6

    with model.extractor(cache_dir=str(cache)) as extractor:  # a new output: nothing to resume, all from cache
        second = run(articles(6), extractor, tmp_path / "second.jsonl")
    assert second.done == 6 and model.calls == 6
    # cached replies are hits, not calls: no tokens, no cost
    assert (first.calls, first.cache_hits, first.prompt_tokens > 0) == (6, 0, True)
    assert (second.calls, second.cache_hits, second.prompt_tokens, second.completion_tokens) == (0, 6, 0, 0)
    assert second.cost(2.5, 10.0) == 0.0
    usage = next(read_results(tmp_path / "second.jsonl"))["agreement"]["run"]["usage"]
    assert usage == {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0, "attempts": 0, "cache_hits": 1}
    strip = lambda path: sorted((r["id"], json.dumps(r["agreement"]["summary"])) for r in read_results(path))  # noqa: E731
    assert strip(tmp_path / "first.jsonl") == strip(tmp_path / "second.jsonl")


def test_cache_dir_comes_from_the_environment() -> None:
    assert Settings.from_env({"AGREEMENT_LLM_CACHE_DIR": "/tmp/c"}).cache_dir == "/tmp/c"
    assert Settings.from_env({}).cache_dir is None


def test_errors_are_never_cached_and_sync_and_async_share_entries(tmp_path: Path) -> None:
    replies = [httpx2.Response(429), httpx2.Response(200, json={"n": 1}), httpx2.Response(200, json={"n": 2})]
    calls = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        calls.append(request)
        return replies[len(calls) - 1]

    transport = CachingTransport(httpx2.MockTransport(handler), tmp_path)
    url, body = "http://x/v1/chat/completions", {"model": "m", "messages": []}
    with httpx2.Client(transport=transport) as client:
        assert client.post(url, json=body).status_code == 429  # not stored: the next request asks again
        assert client.post(url, json=body).json() == {"n": 1}

    async def again() -> httpx2.Response:
        async with httpx2.AsyncClient(transport=transport) as client:
            return await client.post(url, json=body)

    hit = asyncio.run(again())
    assert hit.json() == {"n": 1} and hit.headers["x-agreement-llm-cache"] == "hit" and len(calls) == 2
    assert transport.cache.hits == 1 and transport.cache.misses == 2


def test_key_ignores_json_formatting_but_not_content(tmp_path: Path) -> None:
    calls = []
    transport = CachingTransport(
        httpx2.MockTransport(lambda r: calls.append(1) or httpx2.Response(200, json={})), tmp_path
    )
    with httpx2.Client(transport=transport) as client:
        client.post("http://a/v1/chat/completions", content=b'{"a": 1, "b": 2}')
        client.post("http://b/gateway/v1/chat/completions", content=b'{"b":2,"a":1}')  # same request, other host
        client.post("http://a/v1/chat/completions", content=b'{"a": 1, "b": 3}')
    assert len(calls) == 2


def test_a_corrupt_entry_is_a_miss_and_no_temporary_files_remain(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path)
    key = "ab" + "0" * 62
    cache.file_for(key).parent.mkdir(parents=True)
    cache.file_for(key).write_text('{"format": "agreement-llm/cache@1", "sta', encoding="utf-8")  # a torn write
    assert cache.get(key) is None
    cache.put(key, httpx2.Response(200, content=b"{}"))
    assert cache.get(key) is not None
    assert not list(tmp_path.rglob(".tmp-*"))


def test_replay_is_never_cached(tmp_path: Path) -> None:
    (tmp_path / "rec").mkdir()
    with Extractor(model="stub", replay_dir=str(tmp_path / "rec"), cache_dir=str(tmp_path / "cache")) as extractor:
        assert extractor.backend.name == "replay"
    assert not (tmp_path / "cache").exists()  # replies from recordings are already on disk


def test_a_cached_run_prints_cache_hits_not_calls(tmp_path: Path, capsys) -> None:
    from agreement_llm.cli.progress import print_summary

    model = Model()
    with model.extractor(cache_dir=str(tmp_path / "c")) as extractor:
        run(articles(3), extractor, tmp_path / "a.jsonl")
    with model.extractor(cache_dir=str(tmp_path / "c")) as extractor:
        stats = run(articles(3), extractor, tmp_path / "b.jsonl")
    print_summary(stats, tmp_path / "b.jsonl", None, 2.5, 10.0)
    err = capsys.readouterr().err
    assert (
        "model calls           │ 0" in err
        and "cache hits            │ 3" in err
        and "estimated cost        │ 0.0000" in err
    )
