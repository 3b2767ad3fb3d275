"""`agreement-llm run` and `agreement-llm export`: argument parsing and display only; the work is in `bulk/`.

Exit codes of `run`: 0 every article succeeded (or was already done), 1 some failed (see the errors file),
2 bad input or configuration, 130 interrupted (finished articles are kept: run the same command again).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ConfigurationError
from .options import add_column_options, add_model_options, columns_from, extractor_options
from .progress import RichProgress, add_display_options, observer_from, print_summary

if TYPE_CHECKING:
    from .options import Subcommands

RUN_EXAMPLES = """examples:
  agreement-llm run archive/ -o results.jsonl --concurrency 16        # a folder of .txt/.html files
  agreement-llm run articles.csv --text-column body -o results.jsonl   # CSV/JSONL with id, url, published_at
  agreement-llm run archive/ -o results.jsonl                          # again: skips what is done, retries failures
  agreement-llm run articles.jsonl -o - | jq .agreement.status         # stream JSON lines to stdout
  agreement-llm run archive/ -o results.jsonl --cache .cache           # a repeated run: cache hits, no calls
"""
EXPORT_EXAMPLES = """examples:
  agreement-llm export results.jsonl -o results.csv                    # one row per party/representative
  agreement-llm export results.jsonl -o articles.parquet --per article # one row per article
  agreement-llm run in.jsonl -o - | agreement-llm export - -o -        # stdin to CSV on stdout
"""


def add_parser(sub: Subcommands) -> None:
    """Mount `run` and `export`."""
    p = sub.add_parser(
        "run",
        help="read many articles into a resumable JSONL of results",
        epilog=RUN_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="folders of .txt/.html, .jsonl or .csv files, or - for stdin"
    )
    p.add_argument(
        "-o", "--output", required=True, help="results JSONL (appended to; re-run to resume), or - to stream to stdout"
    )
    p.add_argument("--errors", help="errors JSONL (default: <output>.errors.jsonl; none with -o -)")
    p.add_argument("--concurrency", "-c", type=int, default=8, help="requests in flight at once, in all (default 8)")
    p.add_argument(
        "--processes", "-p", type=int, default=1, help="split the run over N processes, one core each (default 1)"
    )
    p.add_argument("--rpm", type=float, dest="requests_per_minute", help="at most this many requests per minute")
    p.add_argument("--tpm", type=float, dest="tokens_per_minute", help="at most this many tokens per minute")
    p.add_argument(
        "--cache", dest="cache_dir", metavar="DIR", help="disk cache of model replies (env AGREEMENT_LLM_CACHE_DIR)"
    )
    p.add_argument("--price-in", type=float, help="price per million prompt tokens, for the cost estimate")
    p.add_argument("--price-out", type=float, help="price per million completion tokens")
    add_column_options(p)
    add_display_options(p)
    add_model_options(p)
    p.set_defaults(handler=_run)

    p = sub.add_parser(
        "export",
        help="flatten a results JSONL to CSV or Parquet (one row per representative)",
        epilog=EXPORT_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("results", help="the JSONL written by agreement-llm run, or - for stdin")
    p.add_argument(
        "-o", "--output", required=True, help="out.csv or out.parquet, or - for stdout (CSV unless --format)"
    )
    p.add_argument("--format", choices=["csv", "parquet"], help="default: from the output's suffix")
    p.add_argument(
        "--per",
        choices=["representative", "article"],
        default="representative",
        help="one row per party/representative (default) or per article",
    )
    p.set_defaults(handler=_export)


def _run(args: argparse.Namespace) -> int:
    from ..bulk import RunConfig, count_articles, errors_path_for, iter_articles, run
    from ..extract import Extractor

    columns = columns_from(args)
    options = extractor_options(args)
    if args.cache_dir:
        options["cache_dir"] = args.cache_dir
    config = RunConfig(args.concurrency, args.requests_per_minute, args.tokens_per_minute)
    total = count_articles(args.inputs, columns)
    output = Path(args.output)
    streaming = args.output == "-"
    errors = Path(args.errors) if args.errors else None if streaming else errors_path_for(output)
    observer = observer_from(args)
    if streaming and args.processes > 1:
        raise ConfigurationError(
            "--processes writes one results file: give it -o FILE (streaming to stdout runs in one process)"
        )
    try:
        if args.processes > 1:
            from ..processes import run_processes

            stats = run_processes(
                args.inputs,
                output,
                processes=args.processes,
                columns=columns,
                config=config,
                options=options,
                strict=args.strict,
                errors_path=errors,
                observer=observer,
                total=total,
            )
        else:
            with Extractor(strict=args.strict, **options) as extractor:
                stats = run(
                    iter_articles(args.inputs, columns),
                    extractor,
                    output,
                    config=config,
                    observer=observer,
                    total=total,
                    errors_path=errors,
                )
    finally:
        if isinstance(observer, RichProgress):
            observer.close()  # give the terminal back even when the run was interrupted
    if not (args.quiet or args.log_json):
        print_summary(stats, output, errors, args.price_in, args.price_out)
    return 1 if stats.failed else 0


def _export(args: argparse.Namespace) -> int:
    from ..export import export

    count = export(args.results, args.output, per=args.per, format=args.format)
    print(f"wrote {count} rows to {'stdout' if args.output == '-' else args.output}", file=sys.stderr)
    return 0
