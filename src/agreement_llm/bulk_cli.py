"""`agreement-llm run` and `agreement-llm export`: argument parsing and display only; the work is in bulk.py.

Exit codes of `run`: 0 every article succeeded (or was already done), 1 some failed (see the errors file),
2 bad input or configuration, 130 interrupted (finished articles are kept: run the same command again).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from agreement_llm import cli as _cli

from .bulk import Article, Columns, Stats, count_articles, errors_path_for, iter_articles, run
from .errors import ConfigurationError

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


def _add_parsers(sub: Any) -> None:
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
    _cli.add_model_options(p)

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


def add_column_options(p: argparse.ArgumentParser) -> None:
    """--text-column, --id-column, --url-column, --published-at-column (read back with `columns_from`)."""
    for name in ("text", "id", "url", "published_at"):
        flag = "--" + name.replace("_", "-") + "-column"
        p.add_argument(
            flag,
            dest=f"{name}_column",
            default=name,
            help=f"JSONL/CSV field holding the {name.replace('_', ' ')} (default {name})",
        )


def columns_from(args: argparse.Namespace) -> Columns:
    return Columns(args.text_column, args.id_column, args.url_column, args.published_at_column)


def add_display_options(p: argparse.ArgumentParser) -> None:
    """--quiet / --log-json (read back with `observer_from`)."""
    shown = p.add_mutually_exclusive_group()
    shown.add_argument("--quiet", "-q", action="store_true", help="print nothing; the exit code says how it went")
    shown.add_argument("--log-json", action="store_true", help="one JSON object per article, then a summary, on stderr")


def observer_from(args: argparse.Namespace) -> Any:
    """JsonLog, a RichProgress bar, or None for --quiet."""
    return (
        JsonLog()
        if args.log_json
        else None
        if args.quiet
        else RichProgress(getattr(args, "price_in", None), getattr(args, "price_out", None))
    )


_cli._EXTENSIONS.append(_add_parsers)


@_cli.command("run")
def _run(args: argparse.Namespace) -> int:
    from .bulk import RunConfig
    from .extract import Extractor

    columns = columns_from(args)
    options = _cli.extractor_options(args)
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
            from .processes import run_processes

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


@_cli.command("export")
def _export(args: argparse.Namespace) -> int:
    from .export import export

    count = export(args.results, args.output, per=args.per, format=args.format)
    print(f"wrote {count} rows to {'stdout' if args.output == '-' else args.output}", file=sys.stderr)
    return 0


class JsonLog:
    """Machine-readable progress: one line per article, then one summary line, on stderr."""

    def started(self, stats: Stats) -> None:
        self._emit({"event": "start", "total": stats.total})

    def finished_article(self, record: dict[str, Any], stats: Stats) -> None:
        error = record.get("error") or {}
        self._emit(
            {
                "event": "article",
                "id": record["id"],
                "ok": record["ok"],
                "error": error.get("type"),
                "seconds": record["seconds"],
            }
        )

    def skipped_article(self, article: Article, stats: Stats) -> None:
        pass  # a resumed run of a million finished articles must not print a million lines

    def ended(self, stats: Stats) -> None:
        self._emit({"event": "summary", **stats.as_dict()})

    @staticmethod
    def _emit(event: dict[str, Any]) -> None:
        sys.stderr.write(json.dumps(event, ensure_ascii=False) + "\n")
        sys.stderr.flush()


class RichProgress:
    """A live bar on stderr: done/failed/skipped, articles per minute, ETA, tokens and estimated cost."""

    def __init__(self, price_in: float | None, price_out: float | None) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.prices = (price_in, price_out)
        self.progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[line]}"),
            console=Console(stderr=True),
            transient=False,
        )
        self.task = self.progress.add_task("articles", total=None, line="")

    def started(self, stats: Stats) -> None:
        self.progress.update(self.task, total=stats.total)
        self.progress.start()

    def _refresh(self, stats: Stats) -> None:
        eta = stats.eta
        cost = stats.cost(*self.prices)
        line = (
            f"[green]{stats.done} ok[/] [red]{stats.failed} failed[/] [dim]{stats.skipped} skipped[/]  "
            f"{stats.per_minute:,.0f}/min  ETA {_duration(eta) if eta is not None else '—'}  "
            f"{stats.prompt_tokens + stats.completion_tokens:,} tok" + (f"  ~{cost:,.4f}" if cost is not None else "")
        )
        self.progress.update(self.task, completed=stats.done + stats.failed + stats.skipped, line=line)

    def finished_article(self, record: dict[str, Any], stats: Stats) -> None:
        self._refresh(stats)

    def skipped_article(self, article: Article, stats: Stats) -> None:
        self._refresh(stats)

    def ended(self, stats: Stats) -> None:
        self._refresh(stats)
        self.close()

    def close(self) -> None:
        self.progress.stop()


def print_summary(
    stats: Stats, output: Path, errors: Path | None, price_in: float | None, price_out: float | None
) -> None:
    """The end-of-run table on stderr (stdout stays free for pipes)."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title="agreement-llm run", show_header=False)
    cost = stats.cost(price_in, price_out)
    rows = [
        ("succeeded", f"{stats.done:,}"),
        ("failed", f"{stats.failed:,}"),
        ("skipped (done before)", f"{stats.skipped:,}"),
        ("time", _duration(stats.elapsed)),
        ("articles / minute", f"{stats.per_minute:,.1f}"),
        ("model calls", f"{stats.calls:,}"),
        ("cache hits", f"{stats.cache_hits:,}"),
        ("tokens in / out", f"{stats.prompt_tokens:,} / {stats.completion_tokens:,}"),
    ]
    if cost is not None:
        rows.append(("estimated cost", f"{cost:,.4f}"))
    rows += [(f"  {kind}", f"{n:,}") for kind, n in sorted(stats.errors.items())]
    rows.append(("results", "stdout" if str(output) == "-" else str(output)))
    if stats.failed and errors:
        rows.append(("errors", str(errors)))
    for label, value in rows:
        table.add_row(label, value)
    Console(stderr=True).print(table)


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
