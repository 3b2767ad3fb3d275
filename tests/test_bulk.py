"""Bulk runs, offline: the model is an `httpx2.MockTransport` serving hand-written replies (tests/hand_written.py).

The hand-written reply `NO_AGREEMENT` passes validation for any article (it claims nothing the article could
contradict), so every article can succeed; `MALFORMED` fails validation every time, so an article answered with
it exhausts its re-asks. No test sleeps for real longer than a few milliseconds.
"""

from __future__ import annotations

import asyncio
import io
import json
import threading
from pathlib import Path

import httpx2
import pytest

from agreement_llm import cli
from agreement_llm.bulk import (
    Article,
    Columns,
    RateLimiter,
    ResultFile,
    arun,
    count_articles,
    errors_path_for,
    html_to_text,
    iter_articles,
    read_results,
    run,
)
from agreement_llm.extract import Extractor
from hand_written import POISON, Model, article_text, articles


def ok_ids(path: Path) -> list[str]:
    return [r["id"] for r in read_results(path) if r["ok"]]


# ----------------------------------------------------------------------------------------------- the run


def test_every_article_gets_one_line_with_its_agreement(tmp_path: Path) -> None:
    model = Model()
    out = tmp_path / "results.jsonl"
    with model.extractor() as extractor:
        stats = run(articles(12), extractor, out)
    records = list(read_results(out))
    assert sorted(r["id"] for r in records) == sorted(f"a{i}" for i in range(12))
    assert stats.done == 12 and stats.failed == 0 and model.calls == 12
    first = records[0]
    assert first["ok"] and first["agreement"]["status"] == "not_an_agreement"
    assert first["model"] == "stub" and first["prompt_version"].startswith("extract@")
    assert first["usage"]["prompt_tokens"] == 1800 and first["seconds"] >= 0
    assert stats.prompt_tokens == 12 * 1800 and stats.completion_tokens == 12 * 60


def test_resume_after_a_kill_gives_each_article_exactly_once(tmp_path: Path) -> None:
    out = tmp_path / "results.jsonl"
    model = Model()
    hang = {"after": 5}

    async def first_handler(request: httpx2.Request) -> httpx2.Response:
        response = model.handler(request)
        if model.calls > hang["after"]:
            await asyncio.sleep(3600)  # requests in flight when the "kill" comes never answer
        return response

    class Finished:
        def __init__(self) -> None:
            self.five = asyncio.Event()

        def started(self, stats): ...
        def skipped_article(self, article, stats): ...
        def ended(self, stats): ...
        def finished_article(self, record, stats):
            if stats.done == 5:
                self.five.set()

    async def killed_run() -> None:
        with Extractor(model="stub", transport=httpx2.MockTransport(first_handler)) as extractor:
            observer = Finished()
            task = asyncio.create_task(
                arun(articles(20), extractor, out, observer=observer, config=_config(concurrency=4))
            )
            await observer.five.wait()
            await asyncio.sleep(0.01)
            task.cancel()  # what Ctrl-C does; a SIGKILL is the same minus the cleanup, plus a torn line (below)
            with pytest.raises(asyncio.CancelledError):
                await task

    asyncio.run(killed_run())
    assert len(ok_ids(out)) == 5
    # ...and a kill that landed in the middle of writing a line
    with out.open("ab") as handle:
        handle.write(b'{"key": "torn", "id": "a19", "ok": tr')
    first_calls = model.calls

    with model.extractor() as extractor:
        stats = run(articles(20), extractor, out)
    ids = ok_ids(out)
    assert sorted(ids) == sorted(f"a{i}" for i in range(20)) and len(ids) == len(set(ids))
    assert stats.skipped == 5 and stats.done == 15
    assert model.calls - first_calls == 15  # finished articles were not asked again
    assert out.read_bytes().endswith(b"\n") and b"torn" not in out.read_bytes()

    with model.extractor() as extractor:  # a third run has nothing left to do
        stats = run(articles(20), extractor, out)
    assert stats.skipped == 20 and stats.done == 0 and model.calls - first_calls == 15


def test_a_poisoned_article_lands_in_errors_while_the_rest_succeed(tmp_path: Path) -> None:
    out = tmp_path / "results.jsonl"
    model = Model()
    with model.extractor(strict=True) as extractor:
        stats = run(articles(8, poisoned=frozenset({3})), extractor, out)
    assert stats.done == 7 and stats.failed == 1
    failed = [r for r in read_results(out) if not r["ok"]]
    assert [r["id"] for r in failed] == ["a3"]
    assert failed[0]["error"]["type"] == "ModelGaveUpError" and failed[0]["error"]["attempts"] == 2
    errors = [json.loads(line) for line in errors_path_for(out).read_text(encoding="utf-8").splitlines()]
    assert [e["id"] for e in errors] == ["a3"]

    # a re-run retries only the failure, and keeps one line per article
    before = model.calls
    with model.extractor(strict=True) as extractor:
        stats = run(articles(8, poisoned=frozenset({3})), extractor, out)
    assert stats.skipped == 7 and stats.failed == 1 and model.calls - before == 2
    assert sorted(r["id"] for r in read_results(out)) == sorted(f"a{i}" for i in range(8))


def test_input_problems_are_failures_not_crashes(tmp_path: Path) -> None:
    out = tmp_path / "results.jsonl"
    bad = [Article("empty", "", "t", problem="no text in column 'text'"), Article("english", "hello world " * 5, "t")]
    with Model().extractor() as extractor:
        stats = run(bad + articles(2), extractor, out)
    assert stats.failed == 2 and stats.done == 2
    kinds = {r["id"]: r["error"]["type"] for r in read_results(out) if not r["ok"]}
    assert kinds == {"empty": "InputError", "english": "InputError"}


def test_a_429_storm_slows_the_run_without_failing_it(tmp_path: Path) -> None:
    storm = {"left": 30}
    lock = threading.Lock()

    def reply(request: httpx2.Request, n: int) -> httpx2.Response:
        with lock:
            if storm["left"] > 0:
                storm["left"] -= 1
                return httpx2.Response(429, headers={"retry-after-ms": "2"}, json={"error": {"message": "slow down"}})
        return Model.answer(request)

    model = Model(reply)
    out = tmp_path / "results.jsonl"
    with model.extractor(transient_attempts=20) as extractor:
        waits: list[float] = []

        async def recorded_sleep(seconds: float) -> None:
            waits.append(seconds)
            await asyncio.sleep(min(seconds, 0.01))

        backoff = extractor.backend.backoff
        backoff.asleep = recorded_sleep
        stats = run(articles(10), extractor, out, config=_config(concurrency=5))
    assert stats.done == 10 and stats.failed == 0
    assert model.calls == 40  # 30 refusals + 10 answers: the runner added no retries of its own
    assert backoff.retried == 30 and waits  # the shared cool-down did the waiting


def test_transient_errors_that_outlast_the_backoff_fail_only_that_article(tmp_path: Path) -> None:
    def reply(request: httpx2.Request, n: int) -> httpx2.Response:
        if "رقم 1 " in request.content.decode():
            return httpx2.Response(503, headers={"retry-after-ms": "1"})
        return Model.answer(request)

    out = tmp_path / "results.jsonl"
    model = Model(reply)
    with Extractor(model="stub", transport=httpx2.MockTransport(model.handler), transient_attempts=2) as extractor:
        stats = run(articles(4), extractor, out)
    assert stats.done == 3 and stats.failed == 1 and stats.errors == {"TransientError": 1}


def _config(**values: object):
    from agreement_llm.bulk import RunConfig

    return RunConfig(**values)  # type: ignore[arg-type]


def test_concurrency_is_bounded(tmp_path: Path) -> None:
    in_flight = {"now": 0, "max": 0}

    async def ahandler(request: httpx2.Request) -> httpx2.Response:
        in_flight["now"] += 1
        in_flight["max"] = max(in_flight["max"], in_flight["now"])
        await asyncio.sleep(0.002)
        in_flight["now"] -= 1
        return Model.answer(request)

    with Extractor(model="stub", transport=httpx2.MockTransport(ahandler)) as extractor:
        stats = run(articles(30), extractor, tmp_path / "r.jsonl", config=_config(concurrency=4))
    assert stats.done == 30 and in_flight["max"] == 4


# ----------------------------------------------------------------------------------------------- pieces


def test_rate_limiter_paces_requests_with_a_fake_clock() -> None:
    now = {"t": 0.0}
    slept: list[float] = []

    async def asleep(seconds: float) -> None:
        slept.append(seconds)
        now["t"] += seconds

    async def main() -> None:
        limiter = RateLimiter(60, clock=lambda: now["t"], asleep=asleep)  # one per second
        for _ in range(5):
            await limiter.acquire()

    asyncio.run(main())
    assert now["t"] == pytest.approx(4.0)  # the first is free, then one a second


def test_torn_line_is_cut_and_failures_compacted(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    out.write_text(
        '{"key":"k1","ok":true}\n{"key":"k2","ok":false}\n{"key":"k1","ok":true}\n{"key":"k3","ok":tr', encoding="utf-8"
    )
    results = ResultFile(out)
    assert results.open() == {"k1"}
    results.close()
    assert out.read_text(encoding="utf-8") == '{"key":"k1","ok":true}\n'


def test_a_second_writer_is_refused(tmp_path: Path) -> None:
    from agreement_llm.errors import InputError

    first = ResultFile(tmp_path / "r.jsonl")
    first.open()
    try:
        with pytest.raises(InputError, match="another run"):
            ResultFile(tmp_path / "r.jsonl").open()
    finally:
        first.close()


def test_inputs_folder_jsonl_csv_and_stdin(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    (folder / "sub").mkdir(parents=True)
    (folder / "one.txt").write_text(article_text(1), encoding="utf-8")
    (folder / "sub" / "two.html").write_text(
        '<html><head><meta property="article:published_time" content="2022-01-02T10:00:00Z"><style>p{}</style></head>'
        f"<body><h1>عنوان</h1><p>{article_text(2)}</p><script>var x = 1;</script></body></html>",
        encoding="utf-8",
    )
    (folder / "ignored.png").write_bytes(b"\x89PNG")
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text(
        json.dumps({"uid": "j1", "body": article_text(3), "link": "https://x"}, ensure_ascii=False)
        + "\n\nnot json\n"
        + json.dumps({"uid": "j3"})
        + "\n",
        encoding="utf-8",
    )
    table = tmp_path / "a.csv"
    table.write_text(f'uid,body\nc1,"{article_text(4)}\nسطر ثان"\n', encoding="utf-8")
    columns = Columns(text="body", id="uid", url="link")

    got = list(iter_articles([folder, jsonl, table], columns))
    assert [a.id for a in got] == ["one.txt", "sub/two.html", "j1", f"{jsonl}:3", "j3", "c1"]
    html = got[1]
    assert html.published_at == "2022-01-02T10:00:00Z" and "var x" not in html.text and html.text.startswith("عنوان\n")
    assert got[2].url == "https://x" and got[3].problem and got[4].problem and got[5].text.endswith("سطر ثان")
    assert count_articles([folder, jsonl, table], columns) == 6

    plain = list(iter_articles(["-"], stdin=io.StringIO("\n" + article_text(5))))
    assert len(plain) == 1 and plain[0].text.strip() == article_text(5)
    lines = list(iter_articles(["-"], columns, stdin=io.StringIO(jsonl.read_text(encoding="utf-8"))))
    assert [a.id for a in lines][:1] == ["j1"] and len(lines) == 3


def test_html_to_text_keeps_blocks_on_their_own_lines() -> None:
    text, published = html_to_text("<p>أ  ب</p><div>ج<br>د</div><noscript>x</noscript>")
    assert text == "أ ب\nج\nد" and published is None


def test_csv_without_the_text_column_is_a_usage_error(tmp_path: Path) -> None:
    from agreement_llm.errors import InputError

    table = tmp_path / "a.csv"
    table.write_text("id,content\n1,x\n", encoding="utf-8")
    with pytest.raises(InputError, match="--text-column"):
        list(iter_articles([table]))


# ----------------------------------------------------------------------------------------------- CLI


def test_cli_run_and_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    model = Model()
    real = Extractor

    def with_mock(*args: object, **kwargs: object) -> Extractor:
        return real(*args, transport=httpx2.MockTransport(model.handler), **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("agreement_llm.extract.Extractor", with_mock)
    data = tmp_path / "in.jsonl"
    data.write_text(
        "".join(
            json.dumps({"id": f"n{i}", "text": article_text(i, POISON if i == 2 else "")}, ensure_ascii=False) + "\n"
            for i in range(4)
        ),
        encoding="utf-8",
    )
    out = tmp_path / "results.jsonl"
    argv = ["run", str(data), "-o", str(out), "--model", "stub", "--reasks", "0", "--strict", "--log-json", "-c", "2"]
    assert cli.main(argv) == 1  # one article failed
    events = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert events[0] == {"event": "start", "total": 4} and events[-1]["event"] == "summary"
    assert events[-1]["done"] == 3 and events[-1]["failed"] == 1
    assert [e["id"] for e in events if e["event"] == "article" and not e["ok"]] == ["n2"]

    data.write_text(
        "".join(json.dumps({"id": f"n{i}", "text": article_text(i)}, ensure_ascii=False) + "\n" for i in range(4)),
        encoding="utf-8",
    )
    assert cli.main(argv[:-3] + ["--quiet"]) == 0 and capsys.readouterr().err == ""  # only the fixed one is read
    assert len(ok_ids(out)) == 4

    assert (
        cli.main(["run", str(data), "-o", str(out), "--model", "stub", "--price-in", "0.15", "--price-out", "0.6"]) == 0
    )
    assert "skipped" in capsys.readouterr().err

    csv_out = tmp_path / "out.csv"
    assert cli.main(["export", str(out), "-o", str(csv_out)]) == 0
    assert csv_out.read_text(encoding="utf-8-sig").count("\n") == 5  # header + one row per article (no parties)


def test_a_lone_surrogate_is_escaped_not_fatal(tmp_path: Path) -> None:
    results = ResultFile(tmp_path / "r.jsonl")
    results.open()
    results.write({"key": "k", "id": "bad\ud800", "ok": False, "error": {"type": "InputError", "message": "x"}})
    results.close()
    assert json.loads((tmp_path / "r.jsonl").read_text(encoding="ascii"))["id"] == "bad\ud800"


def test_the_runner_applies_request_and_token_limits(tmp_path: Path) -> None:
    from agreement_llm.bulk import RunConfig, Runner
    from agreement_llm.schema import Agreement, RunInfo, Status, Summary, Usage

    now = {"t": 0.0}

    async def asleep(seconds: float) -> None:
        now["t"] += seconds
        await asyncio.sleep(0)

    class Instant:  # a summarizer that answers at once, with a known token count
        async def asummarize(self, text: str, *, published_at: object = None) -> Agreement:
            return Agreement(
                status=Status.NOT_AN_AGREEMENT,
                summary=Summary(ar="لا.", en="No."),
                run=RunInfo(
                    model="m",
                    backend="b",
                    prompt_version="p",
                    library_version="0",
                    seconds=0,
                    usage=Usage(prompt_tokens=900, completion_tokens=100, total_tokens=1000),
                ),
            )

    def timed(config: RunConfig, name: str) -> float:
        now["t"] = 0.0
        runner = Runner(
            Instant(),
            ResultFile(tmp_path / name),
            model="m",
            prompt_version="p",
            config=config,
            clock=lambda: now["t"],
            asleep=asleep,
        )
        stats = asyncio.run(runner.arun(articles(5)))
        assert stats.done == 5
        return now["t"]

    assert timed(RunConfig(concurrency=4, requests_per_minute=60), "rpm.jsonl") == pytest.approx(4.0)  # 1 a second
    # 60,000 tokens a minute = 1,000 a second; each article is estimated high, then settled at its real 1,000
    assert 3.0 <= timed(RunConfig(concurrency=4, tokens_per_minute=60_000, max_tokens=100), "tpm.jsonl") <= 12.0


def test_a_bom_and_a_broken_byte_do_not_stop_a_csv(tmp_path: Path) -> None:
    table = tmp_path / "excel.csv"
    table.write_bytes(b"\xef\xbb\xbfid,text\n1," + article_text(1).encode() + b"\xd8\n")  # BOM; a cut multibyte char
    (article,) = iter_articles([table])
    assert article.id == "1" and article.text.startswith(article_text(1)) and article.text.endswith("\ufffd")
