"""Past one process: `run --processes`, a Ray Data run and a batch round trip, against the local stub server.

    python benchmarks/scale_out.py processes --articles 4000 --concurrency 64 --latency 1.0
    python benchmarks/scale_out.py processes --articles 4000 --concurrency 16 --latency 0.05
    python benchmarks/scale_out.py ray --articles 10000 --concurrency 16 --latency 0.05
    python benchmarks/scale_out.py batch --articles 1000

* `processes`: the same run with 1 and with 2 processes (both through `run_processes`, so both pay the same spawn
  and import), side by side: articles/s against the ideal C/L, client CPU per article (all processes), failures.
* `ray`: `agreement_llm.ray.summarize_dataset` on a local Ray (all cores) over N articles, then `run --processes 2`
  over the same input, and a comparison of the two results files: ids, keys, fields, agreements.
* `batch`: prepare -> submit -> download -> collect through the stub's files and batches endpoints; lost = input
  articles without a line in the results.

Every server is the stub on 127.0.0.1, started and stopped here; every run is bounded by N.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bulk_throughput import make_input, start_stub

from agreement_llm.bulk import Columns, RunConfig, iter_articles, read_results


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} / {five:.2f} / {fifteen:.2f} on {os.cpu_count()} cores"


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_sharded(input_path: Path, output: Path, url: str, processes: int, concurrency: int) -> dict[str, Any]:
    """One `run --processes P` (library call), timed from before the spawn to after the last child ended."""
    from agreement_llm.processes import run_processes

    cpu, wall = child_cpu(), time.perf_counter()
    stats = run_processes(
        [str(input_path)],
        output,
        processes=processes,
        config=RunConfig(concurrency),
        options={"base_url": url, "model": "stub", "api_key": "bench", "reasks": 0},
    )
    return {"wall": time.perf_counter() - wall, "cpu": child_cpu() - cpu, "done": stats.done, "failed": stats.failed}


def processes(args: argparse.Namespace, workdir: Path) -> None:
    input_path = make_input(args.articles, workdir)
    stub, url = start_stub(args.latency, 0.0, 50, 3600)
    rows = []
    try:
        for p in (1, 2):
            result = run_sharded(input_path, workdir / f"p{p}.jsonl", url, p, args.concurrency)
            rows.append((p, result))
    finally:
        stub.terminate()
        stub.wait(timeout=10)
    ideal = args.concurrency / args.latency
    print(f"N={args.articles:,}, C={args.concurrency} in all, L={args.latency}s, ideal C/L={ideal:.0f}/s; {load()}\n")
    print("| processes | seconds | articles/s | share of ideal | vs 1 process | client CPU ms/article | failed |")
    print("|---|---|---|---|---|---|---|")
    base = rows[0][1]["done"] / rows[0][1]["wall"]
    for p, r in rows:
        rate = r["done"] / r["wall"]
        print(
            f"| {p} | {r['wall']:.1f} | {rate:.1f} | {rate / ideal:.2f} | {rate / base:.2f}x | {1000 * r['cpu'] / max(1, r['done']):.1f} | {r['failed']} |"
        )


def ray_run(args: argparse.Namespace, workdir: Path) -> None:
    import ray

    from agreement_llm.ray import summarize_dataset, write_results

    input_path = make_input(args.articles, workdir)
    stub, url = start_stub(args.latency, 0.0, 50, 3600)
    try:
        started = time.perf_counter()
        ray.init(include_dashboard=False, log_to_driver=False)
        init = time.perf_counter() - started
        started = time.perf_counter()
        dataset = ray.data.read_json(str(input_path))
        results = summarize_dataset(
            dataset,
            actors=args.actors,
            concurrency=args.concurrency,
            batch_size=args.batch_size,
            num_cpus=args.num_cpus,
            source=str(input_path),
            base_url=url,
            model="stub",
            api_key="bench",
            reasks=0,
        )
        written = write_results(results, workdir / "ray.jsonl")
        ray_wall = time.perf_counter() - started
        ray.shutdown()
        sharded = run_sharded(input_path, workdir / "run.jsonl", url, 2, args.concurrency * args.actors)
    finally:
        stub.terminate()
        stub.wait(timeout=10)
    by_ray = {r["id"]: r for r in read_results(workdir / "ray.jsonl")}
    by_run = {r["id"]: r for r in read_results(workdir / "run.jsonl")}
    same_fields = all(by_ray[i].keys() == by_run[i].keys() for i in by_ray.keys() & by_run.keys())
    same_keys = all(
        by_ray[i]["key"] == by_run[i]["key"] and by_ray[i]["ok"] == by_run[i]["ok"]
        for i in by_ray.keys() & by_run.keys()
    )

    def agreement(record: dict[str, Any]) -> Any:
        a = dict(record.get("agreement") or {})
        a["run"] = {k: v for k, v in (a.get("run") or {}).items() if k != "seconds"}  # timing differs, nothing else
        return a

    same_agreements = sum(agreement(by_ray[i]) == agreement(by_run[i]) for i in by_ray.keys() & by_run.keys())
    print(
        f"N={args.articles:,}, L={args.latency}s; Ray: {args.actors} actors x {args.concurrency} in flight, batches of "
        f"{args.batch_size}, ray.init {init:.1f}s (not counted); run: 2 processes, C={args.concurrency * args.actors}; {load()}\n"
    )
    print("| path | articles | lines | seconds | articles/s | failed |")
    print("|---|---|---|---|---|---|")
    failed_ray = sum(not r["ok"] for r in by_ray.values())
    print(f"| Ray Data | {args.articles:,} | {written:,} | {ray_wall:.1f} | {written / ray_wall:.1f} | {failed_ray} |")
    print(
        f"| run --processes 2 | {args.articles:,} | {len(by_run):,} | {sharded['wall']:.1f} | {sharded['done'] / sharded['wall']:.1f} | {sharded['failed']} |"
    )
    print(
        f"\nsame ids: {by_ray.keys() == by_run.keys()} ({len(by_ray):,} / {len(by_run):,}); same fields: {same_fields}; "
        f"same keys and ok: {same_keys}; same agreement (all but run.seconds): {same_agreements:,} of {len(by_ray):,}"
    )


def batch(args: argparse.Namespace, workdir: Path) -> None:
    from agreement_llm.batch import collect, download, prepare, read_outputs, submit
    from agreement_llm.config import Settings

    input_path = make_input(args.articles, workdir)
    stub, url = start_stub(0.0, 0.0, 50, 3600)
    settings = Settings.from_env(env={}, base_url=url, api_key="bench", model="stub")
    times = {}
    try:
        t = time.perf_counter()
        job = prepare(iter_articles([input_path]), workdir / "requests.jsonl", settings=settings)
        times["prepare"] = time.perf_counter() - t
        t = time.perf_counter()
        job = submit(job, settings)
        times["submit (upload + create)"] = time.perf_counter() - t
        t = time.perf_counter()
        job = download(job, settings)
        times["download"] = time.perf_counter() - t
        t = time.perf_counter()
        stats = collect(
            iter_articles([input_path]), job, read_outputs(job), workdir / "results.jsonl", settings=settings
        )
        times["collect (validate + ground)"] = time.perf_counter() - t
    finally:
        stub.terminate()
        stub.wait(timeout=10)
    ids = {a.id for a in iter_articles([input_path], Columns())}
    lines = list(read_results(workdir / "results.jsonl"))
    requests_mib = sum(job.resolve(p.requests).stat().st_size for p in job.parts) / 2**20
    print(
        f"N={args.articles:,} articles, {sum(p.count for p in job.parts):,} requests in {len(job.parts)} file(s) "
        f"({requests_mib:.1f} MiB); {load()}\n"
    )
    print("| step | seconds | ms/article |")
    print("|---|---|---|")
    for step, seconds in times.items():
        print(f"| {step} | {seconds:.2f} | {1000 * seconds / args.articles:.1f} |")
    lost = len(ids - {r["id"] for r in lines})
    print(
        f"\nresults: {len(lines):,} lines, {stats.done:,} ok, {stats.failed:,} failed, lost {lost}; "
        f"ids distinct: {len({r['id'] for r in lines}) == len(lines)}"
    )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("what", choices=["processes", "ray", "batch"])
    p.add_argument("--articles", type=int, default=1000)
    p.add_argument("--concurrency", type=int, default=16, help="processes: in all; ray: per actor")
    p.add_argument("--latency", type=float, default=0.05, help="the stub's seconds per reply (L)")
    p.add_argument("--actors", type=int, default=2)
    p.add_argument("--batch-size", type=int, default=256)
    # 0.5: on two cores, two actors of one CPU each leave none for Ray's read task, and the run waits forever
    p.add_argument("--num-cpus", type=float, default=0.5, help="CPUs reserved per Ray actor")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        {"processes": processes, "ray": ray_run, "batch": batch}[args.what](args, Path(tmp))


if __name__ == "__main__":
    main()
