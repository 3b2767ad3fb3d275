"""What a bulk run shows while it runs and when it ends, on stderr (stdout stays free for pipes).

`run` and `batch collect` share these: a live bar (`RichProgress`), one JSON line per article (`JsonLog`,
`--log-json`) or nothing (`--quiet`), then the summary table (`print_summary`).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..bulk import Article, Stats


def add_display_options(p: argparse.ArgumentParser) -> None:
    """--quiet / --log-json (read back with `observer_from`)."""
    shown = p.add_mutually_exclusive_group()
    shown.add_argument("--quiet", "-q", action="store_true", help="print nothing; the exit code says how it went")
    shown.add_argument("--log-json", action="store_true", help="one JSON object per article, then a summary, on stderr")


def observer_from(args: argparse.Namespace) -> JsonLog | RichProgress | None:
    """JsonLog, a RichProgress bar, or None for --quiet."""
    return (
        JsonLog()
        if args.log_json
        else None
        if args.quiet
        else RichProgress(getattr(args, "price_in", None), getattr(args, "price_out", None))
    )


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
