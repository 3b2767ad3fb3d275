"""`agreement-llm batch prepare|submit|status|collect`: argument parsing and display; the work is in `batch/`.

Exit codes of `batch collect` are those of `run`: 0 every article succeeded (or was already done), 1 some failed
(see the errors file; `agreement-llm run` on the same output re-runs exactly those), 2 bad input or configuration,
3 the batch is still running (collect again later), 130 interrupted (run the same command again).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Settings
from .options import add_column_options, add_model_options, columns_from, extractor_options
from .progress import RichProgress, add_display_options, observer_from, print_summary

if TYPE_CHECKING:
    from .options import Subcommands

NOT_READY = 3


def add_parser(sub: Subcommands) -> None:
    """Mount `batch` and its steps."""
    batch = sub.add_parser("batch", help="provider batch files: prepare, submit, status, collect")
    steps = batch.add_subparsers(dest="batch_command", required=True)

    p = steps.add_parser("prepare", help="write one batch request per article (the same request as `run`)")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="folders of .txt/.html, .jsonl or .csv files")
    p.add_argument(
        "-o",
        "--output",
        required=True,
        help="requests JSONL (more parts as NAME.2.jsonl ... when full); the job goes to NAME.batch.json",
    )
    p.add_argument("--done", metavar="RESULTS", help="leave out the articles this results JSONL already has")
    p.add_argument(
        "--max-requests", type=int, default=50_000, help="requests per file (default 50,000, OpenAI's limit)"
    )
    add_column_options(p)
    add_model_options(p)
    p.set_defaults(handler=_prepare)

    p = steps.add_parser("submit", help="upload the requests and create the batch(es); ids are saved in the job")
    p.add_argument("job", help="NAME.batch.json (or the requests NAME.jsonl)")
    p.add_argument("--completion-window", default="24h")
    p.add_argument("--base-url", help="OpenAI-compatible endpoint with a Batch API (env OPENAI_BASE_URL)")
    p.set_defaults(handler=_submit)

    p = steps.add_parser("status", help="print the state of each submitted batch, one JSON line each")
    p.add_argument("job", help="NAME.batch.json (or the requests NAME.jsonl)")
    p.add_argument("--base-url", help="OpenAI-compatible endpoint with a Batch API (env OPENAI_BASE_URL)")
    p.set_defaults(handler=_status)

    p = steps.add_parser("collect", help="validate and ground the replies into a results JSONL, as `run` would")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="the same inputs as for prepare")
    p.add_argument("--job", required=True, help="NAME.batch.json (or the requests NAME.jsonl)")
    p.add_argument("-o", "--output", required=True, help="results JSONL (appended to; the same file `run` resumes)")
    p.add_argument("--errors", help="errors JSONL (default: <output>.errors.jsonl)")
    p.add_argument(
        "--output-file",
        action="append",
        default=[],
        metavar="FILE",
        help="a local batch output instead of downloading (vLLM run-batch's -o file); repeatable",
    )
    p.add_argument(
        "--salvage",
        action="store_true",
        help="keep what the guards can ground from an invalid reply instead of failing it for a re-run",
    )
    p.add_argument("--base-url", help="OpenAI-compatible endpoint with a Batch API (env OPENAI_BASE_URL)")
    add_column_options(p)
    add_display_options(p)
    p.set_defaults(handler=_collect)


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env(**extractor_options(args))


def _prepare(args: argparse.Namespace) -> int:
    from ..batch.prepare import prepare
    from ..bulk import iter_articles, read_results

    done = (
        {r["key"] for r in read_results(args.done) if r.get("ok")} if args.done and Path(args.done).exists() else set()
    )
    job = prepare(
        iter_articles(args.inputs, columns_from(args)),
        args.output,
        settings=_settings(args),
        done=done,
        max_requests=args.max_requests,
    )
    for part in job.parts:
        print(f"{job.resolve(part.requests)}\t{part.count} requests", file=sys.stderr)
    for reason, n in job.skipped.items():
        print(f"skipped\t{n} ({reason})", file=sys.stderr)
    print(f"job\t{job.path}  (model {job.model}, {job.prompt_version})", file=sys.stderr)
    return 0


def _submit(args: argparse.Namespace) -> int:
    from ..batch.job import Job
    from ..batch.provider import submit

    job = submit(Job.load(args.job), _settings(args), completion_window=args.completion_window)
    for part in job.parts:
        print(f"{part.requests}\t{part.batch_id}", file=sys.stderr)
    return 0


def _status(args: argparse.Namespace) -> int:
    from ..batch.job import Job
    from ..batch.provider import status

    for batch in status(Job.load(args.job), _settings(args)):
        counts = batch.request_counts.model_dump() if batch.request_counts else None
        print(
            json.dumps(
                {
                    "id": batch.id,
                    "status": batch.status,
                    "request_counts": counts,
                    "output_file_id": batch.output_file_id,
                    "error_file_id": batch.error_file_id,
                }
            )
        )
    return 0


def _collect(args: argparse.Namespace) -> int:
    from ..batch.collect import collect, read_outputs
    from ..batch.job import Job
    from ..batch.provider import BatchNotReadyError, download
    from ..bulk import count_articles, errors_path_for, iter_articles

    settings = _settings(args)
    job = Job.load(args.job)
    try:
        if not args.output_file:
            job = download(job, settings)
    except BatchNotReadyError as exc:
        print(f"agreement-llm: {exc}", file=sys.stderr)
        return NOT_READY
    columns = columns_from(args)
    output = Path(args.output)
    errors = Path(args.errors) if args.errors else errors_path_for(output)
    observer = observer_from(args)
    try:
        stats = collect(
            iter_articles(args.inputs, columns),
            job,
            read_outputs(job, args.output_file),
            output,
            settings=settings,
            salvage=args.salvage,
            observer=observer,
            total=count_articles(args.inputs, columns),
            errors_path=errors,
        )
    finally:
        if isinstance(observer, RichProgress):
            observer.close()
    if not (args.quiet or args.log_json):
        print_summary(stats, output, errors, None, None)
        if stats.failed:
            print(
                f"re-run the failed articles (with a re-ask): agreement-llm run {' '.join(args.inputs)} -o {output} "
                f"--model {job.model}",
                file=sys.stderr,
            )
    return 1 if stats.failed else 0
