"""Run an `Extractor` over the gold-annotated seeds and gather the scores into a `Report` (JSON and Markdown;
the Markdown is drawn by `evals.render`).

Reproducibility: everything in a report follows from the predictions (and so from the recordings in a replay run)
except `Report.volatile` (when it ran, how long it took). `Report.stable()` is the report without it, and the
Markdown report leaves it out altogether, so a re-run on the same recordings reproduces the committed Markdown byte
for byte and the committed JSON except for the `volatile` block.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field, computed_field

from .. import __version__
from ..errors import InputError
from ..prompts import prompt_version
from ..schema import SCHEMA_VERSION, Agreement, Usage
from ..transport.recording import load_recordings
from .metrics import ListScore, mean
from .render import compare, format_score, render_markdown
from .score import LIST_FIELDS, ArticleScores, score
from .sets import EvalSet

if TYPE_CHECKING:
    from ..bulk import Summarizer

log = logging.getLogger("agreement_llm.evals")

REPORT_VERSION = "1"
DIGITS = 4
"""Figures are rounded to this many digits, so that float noise never makes two runs on the same recordings differ."""


class ArticleResult(BaseModel):
    """One seed: its prediction (without the volatile `run`) and scores, or the error that stopped it."""

    stem: str
    gold_status: str
    error: str | None = None
    prediction: Agreement | None = None
    usage: Usage | None = None
    scores: ArticleScores | None = None


class Aggregate(BaseModel):
    """Scores over all articles. Field means are over scored articles; the headline counts failures as 0."""

    articles: int
    scored: int
    anls_star: float = Field(description="Mean ANLS* per article, an article that failed counting 0.")
    fields: dict[str, float | None] = Field(description="Per-field mean over scored articles where applicable.")
    lists: dict[str, ListScore] = Field(description="Micro-aggregated list scores (masses and counts summed).")
    status_accuracy: float | None = Field(description="Share of scored articles with the gold status; None if none.")
    grounding_rate: float | None = Field(
        description="Quoted values found in their article, over all scored articles; None when nothing was scored."
    )
    invented: int = Field(description="Values emitted where gold is null or empty, summed.")
    summary: dict[str, float | None] = Field(
        description="Script-ok share, key-fact coverage, unsupported claims per summary and chrF, per side."
    )


class Volatile(BaseModel):
    """What changes from run to run with identical predictions; ignored by the reproducibility check."""

    run_at: datetime
    wall_seconds: float
    seconds: dict[str, float] = Field(default_factory=dict, description="Per-article model time (`run.seconds`).")


class Report(BaseModel):
    """One eval run: what ran (model, prompt, versions, tokens), the aggregate, each article, and `volatile`."""

    report_version: str = REPORT_VERSION
    model: str
    backend: str
    prompt_version: str
    schema_version: str = SCHEMA_VERSION
    library_version: str
    usage: Usage = Field(description="Tokens and model calls summed over the articles.")
    aggregate: Aggregate
    articles: list[ArticleResult]
    volatile: Volatile

    @computed_field  # type: ignore[prop-decorator]
    @property
    def name(self) -> str:
        """File stem for this report: model and prompt version, safe for any file system."""
        return re.sub(r"[^A-Za-z0-9._-]+", "-", f"{self.model}__{self.prompt_version}").strip("-")

    def stable(self) -> dict[str, Any]:
        """The report as JSON data without `volatile`: equal for two runs on the same recordings."""
        return self.model_dump(mode="json", exclude={"volatile"})


# ---------------------------------------------------------------------------------------------------- evaluating


def load_gold(gold_dir: str | Path) -> dict[str, Agreement]:
    """Gold annotations by seed stem. Raises `InputError` when there are none or one does not validate."""
    directory = Path(gold_dir)
    files = sorted(directory.glob("*.json")) if directory.is_dir() else []
    if not files:
        raise InputError(f"no gold annotations (*.json) in {gold_dir}")
    gold: dict[str, Agreement] = {}
    for path in files:
        try:
            gold[path.stem] = Agreement.model_validate_json(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise InputError(f"{path} is not a valid Agreement: {exc}") from None
    return gold


def evaluate(extractor: Summarizer, articles: str | Path | EvalSet, gold_dir: str | Path | None = None) -> Report:
    """Summarize every article of a set that has a gold file and score it; an article's error is recorded, not
    raised. `articles` is an `EvalSet`, or a folder of `<id>.txt` with `gold_dir` its gold files. An article's
    publication date (the set's `sources.jsonl`) is passed as a caller would pass it."""
    started, run_at = time.perf_counter(), datetime.now(timezone.utc)
    eval_set = articles if isinstance(articles, EvalSet) else EvalSet("articles", Path(articles), Path(gold_dir or ""))
    gold = load_gold(eval_set.gold_dir)
    _refuse_hand_written(extractor)
    results: list[ArticleResult] = []
    predictions: list[Agreement] = []
    seconds: dict[str, float] = {}
    for stem, expected in gold.items():
        seed = eval_set.article(stem)
        result = ArticleResult(stem=stem, gold_status=str(expected.status))
        if not seed.is_file():
            result.error = f"InputError: no article {seed} for gold file {stem}.json"
            results.append(result)
            continue
        article = seed.read_text(encoding="utf-8")
        try:
            published = eval_set.published.get(stem)
            prediction = (
                extractor.summarize(article, published_at=published) if published else extractor.summarize(article)
            )
        except Exception as exc:
            log.warning("%s failed: %s: %s", stem, type(exc).__name__, exc)
            result.error = f"{type(exc).__name__}: {exc}"
            results.append(result)
            continue
        predictions.append(prediction)
        if prediction.run is not None:
            result.usage = prediction.run.usage
            seconds[stem] = prediction.run.seconds
        result.prediction = prediction.model_copy(update={"run": None})  # run info is lifted to the report
        result.scores = score(expected, prediction, article)
        results.append(result)
    runs = [p.run for p in predictions if p.run is not None]
    first = runs[0] if runs else None
    model, backend = (first.model, first.backend) if first else _configured(extractor)
    return Report(
        model=model,
        backend=backend,
        prompt_version=first.prompt_version if first else getattr(extractor, "prompt_version", prompt_version()),
        library_version=first.library_version if first else __version__,
        usage=_total_usage([r.usage for r in results if r.usage]),
        aggregate=aggregate(results),
        articles=results,
        volatile=Volatile(
            run_at=run_at.replace(microsecond=0), wall_seconds=round(time.perf_counter() - started, 3), seconds=seconds
        ),
    )


def _refuse_hand_written(extractor: Summarizer) -> None:
    """A replayed eval must replay real model output: a reply somebody typed is never scored."""
    replay_dir = getattr(getattr(extractor, "settings", None), "replay_dir", None)
    if not replay_dir:
        return
    try:
        load_recordings(replay_dir, real_only=True)
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot evaluate on {replay_dir}: {exc}") from None


def _configured(extractor: Summarizer) -> tuple[str, str]:
    """Model and backend names when no article produced a `run` to read them from (every article failed)."""
    try:
        backend = extractor.backend  # type: ignore[attr-defined]
        return str(backend.model), str(backend.name)
    except Exception:
        return str(getattr(getattr(extractor, "settings", None), "model", None) or "unknown"), "unknown"


def _total_usage(usages: Sequence[Usage]) -> Usage:
    return Usage(
        prompt_tokens=sum(u.prompt_tokens for u in usages),
        completion_tokens=sum(u.completion_tokens for u in usages),
        total_tokens=sum(u.total_tokens for u in usages),
        attempts=sum(u.attempts for u in usages),
    )


def aggregate(results: Sequence[ArticleResult]) -> Aggregate:
    """Macro means of field scores, micro sums of list counts, and the honesty and summary rates."""
    scored = [r.scores for r in results if r.scores is not None]
    names = list(dict.fromkeys(name for s in scored for name in s.fields))
    fields = {name: mean([v for s in scored if (v := s.fields.get(name)) is not None], DIGITS) for name in names}
    lists = {name: sum((s.lists[name] for s in scored), ListScore()) for name in LIST_FIELDS}
    quoted = sum(s.honesty.quoted for s in scored)
    grounded = sum(s.honesty.grounded for s in scored)
    summary: dict[str, float | None] = {}
    for lang in ("ar", "en"):
        sides = [getattr(s.summary, lang) for s in scored]
        summary[f"{lang}.script_ok"] = mean([1.0 if x.script_ok else 0.0 for x in sides], DIGITS)
        summary[f"{lang}.coverage"] = mean([x.coverage for x in sides], DIGITS)
        summary[f"{lang}.unsupported"] = mean([float(len(x.unsupported)) for x in sides], DIGITS)
        summary[f"{lang}.chrf"] = mean([x.chrf for x in sides], DIGITS)
    return Aggregate(
        articles=len(results),
        scored=len(scored),
        anls_star=round(sum(s.anls_star for s in scored) / len(results), DIGITS) if results else 0.0,
        fields=fields,
        lists={
            k: ListScore(matched=round(v.matched, DIGITS), n_pred=v.n_pred, n_gold=v.n_gold) for k, v in lists.items()
        },
        status_accuracy=mean([1.0 if s.honesty.status_correct else 0.0 for s in scored], DIGITS),
        grounding_rate=(round(grounded / quoted, DIGITS) if quoted else 1.0) if scored else None,
        invented=sum(len(s.honesty.invented) for s in scored),
        summary=summary,
    )


# ------------------------------------------------------------------------------------------------------ files


def write_report(report: Report, out_dir: str | Path) -> tuple[Path, Path]:
    """Write `<name>.json` and `<name>.md` into `out_dir`; returns their paths."""
    directory = Path(out_dir)
    directory.mkdir(parents=True, exist_ok=True)
    json_path, md_path = directory / f"{report.name}.json", directory / f"{report.name}.md"
    json_path.write_text(report.model_dump_json(indent=2) + "\n", encoding="utf-8")
    md_path.write_text(render_markdown(report), encoding="utf-8")
    return json_path, md_path


def load_report(path: str | Path) -> Report:
    """Read a JSON report written by `write_report`."""
    source = Path(path)
    if not source.is_file():
        raise InputError(f"no such report: {path}")
    try:
        return Report.model_validate_json(source.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise InputError(f"{path} is not an eval report: {str(exc).splitlines()[0]}") from None


def stable_json(report: Report) -> str:
    """Canonical JSON of `Report.stable()`, for comparing two runs."""
    return json.dumps(report.stable(), ensure_ascii=False, sort_keys=True, indent=2)


__all__ = [
    "Aggregate",
    "ArticleResult",
    "Report",
    "Volatile",
    "aggregate",
    "compare",
    "evaluate",
    "format_score",
    "load_gold",
    "load_report",
    "render_markdown",
    "stable_json",
    "write_report",
]
