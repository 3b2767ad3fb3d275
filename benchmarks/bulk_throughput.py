"""Throughput, client CPU per article and memory of `agreement-llm run` against the local stub server.

    python benchmarks/bulk_throughput.py --articles 400 --concurrency 1,4,16,64 --latency 0.1
    python benchmarks/bulk_throughput.py --articles 10000 --concurrency 16 --latency 0.1 --naive 0

For each concurrency C it runs the bulk runner over N articles (in a fresh child process, so CPU and memory are
that run's alone) and prints: articles/s next to the ideal C/L (N·L/C seconds), the share of the ideal reached,
client CPU per article, and resident memory at 25/50/75/100 % of the run (flat = no growth with N). Then:

* `runner only`: the same runner with a summarizer that just sleeps L and returns a fixed `Agreement`, i.e. the
  cost of the bulk runner itself (queue, resume keys, JSON lines, progress counters) without instructor/openai/cleaning;
* `naive`: a sequential loop of plain instructor calls on the same stub, the baseline people write first.

Traffic only ever goes to the stub on 127.0.0.1, which this script starts and stops; every loop is bounded by N.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def make_input(n: int, folder: Path) -> Path:
    """N distinct articles: the repository's seed articles, each copy made unique by a closing line."""
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    path = folder / f"articles-{n}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            text = texts[i % len(texts)] + f"\nنسخة رقم {i}."
            out.write(json.dumps({"id": f"bench-{i}", "text": text}, ensure_ascii=False) + "\n")
    return path


def rss_mib() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


class Sampler:
    """Resident memory at each quarter of the run (an observer of the runner)."""

    def __init__(self, total: int) -> None:
        self.total, self.marks, self.samples = total, [total * q // 4 for q in (1, 2, 3, 4)], {}

    def started(self, stats: Any) -> None:
        self.samples["start"] = round(rss_mib(), 1)

    def finished_article(self, record: Any, stats: Any) -> None:
        n = stats.done + stats.failed
        if n in self.marks:
            self.samples[f"{100 * n // self.total}%"] = round(rss_mib(), 1)

    def skipped_article(self, article: Any, stats: Any) -> None: ...

    def ended(self, stats: Any) -> None: ...


def child_bulk(args: argparse.Namespace) -> dict[str, Any]:
    """One bulk run, measured from inside (CPU and memory of this process only)."""
    from agreement_llm.bulk import Columns, RunConfig, arun, iter_articles
    from agreement_llm.extract import Extractor

    n = len(Path(args.input).read_text(encoding="utf-8").splitlines())
    output = Path(args.workdir) / f"results-{args.concurrency}-{time.time_ns()}.jsonl"
    sampler = Sampler(n)
    with Extractor(model="stub", base_url=args.url, api_key="bench", reasks=0) as extractor:
        _ = extractor.backend  # build the clients before the clock starts
        profiler = None
        if args.profile:  # cProfile inflates CPU ~2x: use it for the split, not for the figures
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        cpu, wall = time.process_time(), time.perf_counter()
        stats = asyncio.run(
            arun(
                iter_articles([args.input], Columns()),
                extractor,
                output,
                config=RunConfig(args.concurrency),
                observer=sampler,
            )
        )
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        if profiler:
            profiler.disable()
            profiler.dump_stats(args.profile)
        retried = extractor.backend.backoff.retried
    return {
        "mode": "bulk",
        "n": n,
        "done": stats.done,
        "failed": stats.failed,
        "wall": wall,
        "cpu": cpu,
        "rss": sampler.samples,
        "peak_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "retried": retried,
    }


def child_runner_only(args: argparse.Namespace) -> dict[str, Any]:
    """The runner with the model, SDK and cleaning replaced by a sleep: what the bulk runner itself costs."""
    from agreement_llm.bulk import Columns, ResultFile, RunConfig, Runner, iter_articles
    from agreement_llm.schema import Agreement, RunInfo, Status, Summary, Usage

    fixed = Agreement(
        status=Status.NOT_AN_AGREEMENT,
        summary=Summary(ar="لا اتفاقية.", en="No agreement."),
        run=RunInfo(
            model="stub",
            backend="none",
            prompt_version="p",
            library_version="0",
            seconds=0.1,
            usage=Usage(prompt_tokens=1800, completion_tokens=60, total_tokens=1860),
        ),
    )

    class Sleeper:
        async def asummarize(self, text: str, *, published_at: Any = None) -> Agreement:
            await asyncio.sleep(args.latency)
            return fixed

    n = len(Path(args.input).read_text(encoding="utf-8").splitlines())
    output = Path(args.workdir) / f"runner-{time.time_ns()}.jsonl"
    sampler = Sampler(n)
    runner = Runner(
        Sleeper(),
        ResultFile(output),
        model="stub",
        prompt_version="p",
        config=RunConfig(args.concurrency),
        observer=sampler,
    )
    cpu, wall = time.process_time(), time.perf_counter()
    stats = asyncio.run(runner.arun(iter_articles([args.input], Columns())))
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return {
        "mode": "runner only",
        "n": n,
        "done": stats.done,
        "failed": stats.failed,
        "wall": wall,
        "cpu": cpu,
        "rss": sampler.samples,
        "peak_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "retried": 0,
    }


def child_naive(args: argparse.Namespace) -> dict[str, Any]:
    """A sequential loop of plain instructor calls: no concurrency, no resume, the SDK's own retries."""
    import instructor
    import openai

    from agreement_llm.draft import Draft
    from agreement_llm.prompts import render_messages

    client = instructor.from_openai(openai.OpenAI(base_url=args.url, api_key="bench"), mode=instructor.Mode.TOOLS)
    lines = Path(args.input).read_text(encoding="utf-8").splitlines()[: args.naive]
    cpu, wall = time.process_time(), time.perf_counter()
    done = 0
    for line in lines:
        messages = render_messages(json.loads(line)["text"], published_at=None, tool_name="Draft")
        client.chat.completions.create(model="stub", messages=messages, response_model=Draft, max_retries=0)
        done += 1
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return {
        "mode": "naive",
        "n": len(lines),
        "done": done,
        "failed": 0,
        "wall": wall,
        "cpu": cpu,
        "rss": {},
        "peak_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "retried": 0,
    }


def start_stub(
    latency: float, error_rate: float, retry_after_ms: int, max_seconds: float
) -> tuple[subprocess.Popen[str], str]:
    stub = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "stub_server.py"),
            "--latency",
            str(latency),
            "--error-rate",
            str(error_rate),
            "--retry-after-ms",
            str(retry_after_ms),
            "--max-seconds",
            str(max_seconds),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert stub.stdout is not None
    url = json.loads(stub.stdout.readline())["listening"]
    assert url.startswith("http://127.0.0.1:"), url
    return stub, url


def run_child(
    mode: str, args: argparse.Namespace, url: str, input_path: Path, workdir: Path, concurrency: int
) -> dict[str, Any]:
    cmd = [
        sys.executable,
        __file__,
        "--child",
        mode,
        "--url",
        url,
        "--input",
        str(input_path),
        "--workdir",
        str(workdir),
        "--concurrency",
        str(concurrency),
        "--latency",
        str(args.latency),
        "--naive",
        str(args.naive),
    ]
    if args.profile and mode == "bulk":
        cmd += ["--profile", str(Path(args.profile).resolve())]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=args.max_seconds, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{mode} run failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def row(result: dict[str, Any], concurrency: int, latency: float) -> str:
    rate = result["done"] / result["wall"]
    ideal = concurrency / latency
    rss = " / ".join(f"{v:.0f}" for v in result["rss"].values()) or "—"
    return (
        f"| {result['mode']} | {result['n']:,} | {concurrency} | {result['wall']:.1f} | {rate:.1f} | {ideal:.1f} | "
        f"{rate / ideal:.2f} | {1000 * result['cpu'] / max(1, result['n']):.1f} | {rss} | {result['peak_rss']:.0f} | "
        f"{result['failed']} | {result['retried']} |"
    )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=10_000)
    p.add_argument("--concurrency", default="1,4,16,64", help="comma-separated concurrencies to try")
    p.add_argument("--latency", type=float, default=0.1, help="the stub's seconds per reply (L)")
    p.add_argument("--error-rate", type=float, default=0.0, help="share of 429s the stub answers")
    p.add_argument("--retry-after-ms", type=int, default=50)
    p.add_argument("--naive", type=int, default=200, help="articles for the sequential instructor loop (0: skip)")
    p.add_argument(
        "--runner-only", action="store_true", help="also measure the runner with the model replaced by a sleep"
    )
    p.add_argument("--max-seconds", type=float, default=1800, help="hard limit for each child run")
    p.add_argument("--profile", help="write a cProfile of the (first) bulk run to this file")
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument("--url", help=argparse.SUPPRESS)
    p.add_argument("--input", help=argparse.SUPPRESS)
    p.add_argument("--workdir", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        args.concurrency = int(args.concurrency)
        result = {"bulk": child_bulk, "runner": child_runner_only, "naive": child_naive}[args.child](args)
        print(json.dumps(result))
        return

    print(
        f"N={args.articles:,} articles, stub latency L={args.latency}s, 429 rate {args.error_rate:.0%}, "
        f"CPU {os.cpu_count()} cores, Python {sys.version.split()[0]}\n"
    )
    print(
        "| run | articles | C | seconds | articles/s | ideal C/L | share of ideal | client CPU ms/article | RSS MiB at 0/25/50/75/100 % | peak RSS MiB | failed | 429s retried |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        input_path = make_input(args.articles, workdir)
        stub, url = start_stub(args.latency, args.error_rate, args.retry_after_ms, args.max_seconds * 4)
        try:
            for c in (int(x) for x in args.concurrency.split(",")):
                print(row(run_child("bulk", args, url, input_path, workdir, c), c, args.latency), flush=True)
                if args.runner_only:
                    print(row(run_child("runner", args, url, input_path, workdir, c), c, args.latency), flush=True)
            if args.naive:
                print(row(run_child("naive", args, url, input_path, workdir, 1), 1, args.latency), flush=True)
        finally:
            stub.terminate()
            stub.wait(timeout=10)


if __name__ == "__main__":
    main()
