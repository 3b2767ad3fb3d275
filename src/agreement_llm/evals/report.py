"""Run an `Extractor` over the gold-annotated seeds and gather the scores into a `Report` (JSON and Markdown).

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
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, Field, computed_field

from .. import __version__
from ..errors import InputError
from ..prompts import prompt_version
from ..schema import SCHEMA_VERSION, Agreement, Status, Usage
from ..transport.recording import load_recordings
from .score import LIST_FIELDS, ArticleScores, ListScore, score
from .sets import EvalSet

log = logging.getLogger("agreement_llm.evals")

REPORT_VERSION = "1"


class Summarizer(Protocol):
    """What `evaluate` needs of an `Extractor`: one article (and its publication date, when known) in, one
    `Agreement` out."""

    def summarize(self, text: str, *, published_at: str | None = None) -> Agreement: ...


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
        prompt_version=first.prompt_version if first else prompt_version(),
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
    fields: dict[str, float | None] = {}
    for name in names:
        values = [v for s in scored if (v := s.fields.get(name)) is not None]
        fields[name] = _round(sum(values) / len(values)) if values else None
    lists = {name: sum((s.lists[name] for s in scored), ListScore()) for name in LIST_FIELDS}
    quoted = sum(s.honesty.quoted for s in scored)
    grounded = sum(s.honesty.grounded for s in scored)
    summary: dict[str, float | None] = {}
    for lang in ("ar", "en"):
        sides = [getattr(s.summary, lang) for s in scored]
        summary[f"{lang}.script_ok"] = _mean([1.0 if x.script_ok else 0.0 for x in sides])
        summary[f"{lang}.coverage"] = _mean([x.coverage for x in sides])
        summary[f"{lang}.unsupported"] = _mean([float(len(x.unsupported)) for x in sides])
        summary[f"{lang}.chrf"] = _mean([x.chrf for x in sides])
    return Aggregate(
        articles=len(results),
        scored=len(scored),
        anls_star=_round(sum(s.anls_star for s in scored) / len(results)) if results else 0.0,
        fields=fields,
        lists={k: ListScore(matched=_round(v.matched), n_pred=v.n_pred, n_gold=v.n_gold) for k, v in lists.items()},
        status_accuracy=_mean([1.0 if s.honesty.status_correct else 0.0 for s in scored]),
        grounding_rate=(_round(grounded / quoted) if quoted else 1.0) if scored else None,
        invented=sum(len(s.honesty.invented) for s in scored),
        summary=summary,
    )


def _mean(values: Sequence[float]) -> float | None:
    """Rounded mean; None for no values, so an empty run reads "—" rather than a made-up 0 or 1."""
    return _round(sum(values) / len(values)) if values else None


def _round(value: float) -> float:
    # Rounded so that float noise in the last digits never makes two runs on the same recordings differ.
    return round(value, 4)


# ------------------------------------------------------------------------------------------------------- writing


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


def format_score(value: float | None) -> str:
    """A score as shown in reports: three decimals, "—" when not applicable."""
    return "—" if value is None else f"{value:.3f}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(report: Report) -> str:
    """The report for people: headline, per-field table, per-article table, honesty and summary details.

    Contains nothing from `volatile`, so it is identical for two runs on the same recordings.
    """
    agg = report.aggregate
    u = report.usage
    lines = [
        f"# Eval: {report.model}",
        "",
        (
            f"prompt `{report.prompt_version}` · schema {report.schema_version} · library {report.library_version} · "
            f"backend {report.backend}"
        ),
        (
            f"{agg.scored}/{agg.articles} articles scored · {u.total_tokens} tokens "
            f"({u.prompt_tokens} prompt, {u.completion_tokens} completion) in {u.attempts} model calls"
        ),
        "",
        (
            f"**ANLS\\* {agg.anls_star:.3f}** · status accuracy {format_score(agg.status_accuracy)} · grounding "
            f"{format_score(agg.grounding_rate)} · invented values {agg.invented}"
        ),
        "",
        "## Fields",
        "",
        "| field | score | P | R | pred | gold |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, value in agg.fields.items():
        ls = agg.lists.get(name)
        extra = f"{ls.precision:.3f} | {ls.recall:.3f} | {ls.n_pred} | {ls.n_gold}" if ls else " |  |  | "
        lines.append(f"| {name} | {format_score(value)} | {extra} |")
    lines += _status_tables(report)
    lines += [
        "",
        "## Summaries",
        "",
        "| side | script ok | key facts | unsupported claims per summary | chrF |",
        "|---|---:|---:|---:|---:|",
    ]
    sums = agg.summary
    for lang in ("ar", "en"):
        lines.append(
            f"| {lang} | {format_score(sums[f'{lang}.script_ok'])} | {format_score(sums[f'{lang}.coverage'])} | "
            f"{format_score(sums.get(f'{lang}.unsupported'))} | {format_score(sums[f'{lang}.chrf'])} |"
        )
    lines += [
        "",
        "## Articles",
        "",
        "| article | gold status | predicted | ANLS* | parties F1 | date | grounding | invented | facts ar/en |",
        "|---|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in report.articles:
        if r.scores is None or r.prediction is None:
            lines.append(f"| {r.stem} | {r.gold_status} | error |  |  |  |  |  |  |")
            continue
        s = r.scores
        lines.append(
            f"| {r.stem} | {r.gold_status} | {r.prediction.status} | {s.anls_star:.3f} | {format_score(s.fields['parties'])} | "
            f"{format_score(s.fields['date.iso'])} | {s.honesty.grounded}/{s.honesty.quoted} | {len(s.honesty.invented)} | "
            f"{s.summary.ar.coverage:.2f}/{s.summary.en.coverage:.2f} |"
        )
    details = _details(report)
    if details:
        lines += ["", "## Details", ""] + details
    return "\n".join(lines) + "\n"


_STATUSES = [s.value for s in Status]


def model_status(prediction: Agreement) -> str:
    """What the model itself said, before the guards: the value a status correction replaced, else the status."""
    corrected = [n.model_value for n in prediction.notes if n.field == "status" and n.action == "corrected"]
    return corrected[0] if corrected and corrected[0] else prediction.status.value


def _status_tables(report: Report) -> list[str]:
    """Confusion matrices, gold status by row: what the library returned, and what the model said before the
    guards (so the guards' effect on the status is visible)."""
    scored = [r for r in report.articles if r.prediction is not None]
    lines = ["", "## Status", ""]
    said_by: list[tuple[str, Callable[[Agreement], str]]] = [
        ("returned", lambda a: a.status.value),
        ("said by the model", model_status),
    ]
    for title, said_of in said_by:
        said = lambda r: said_of(r.prediction)  # noqa: E731
        right = sum(said(r) == r.gold_status for r in scored)
        lines += [
            f"**{title}** ({right}/{len(scored)} right): rows gold, columns {title}",
            "",
            "| gold \\ " + title + " | " + " | ".join(_STATUSES) + " |",
            "|---|" + "---:|" * len(_STATUSES),
        ]
        for gold in _STATUSES:
            counts = [sum(1 for r in scored if r.gold_status == gold and said(r) == got) for got in _STATUSES]
            if any(counts):
                lines.append(f"| {gold} | " + " | ".join(str(c) if c else "" for c in counts) + " |")
        lines.append("")
    return lines[:-1]


def _details(report: Report) -> list[str]:
    """Errors, ungrounded and invented values, and missed summary facts, per article."""
    out: list[str] = []
    for r in report.articles:
        items: list[str] = []
        if r.error:
            items.append(f"- error: {_cell(r.error)}")
        if r.scores:
            h = r.scores.honesty
            items += [f"- not in the article: {_cell(x)}" for x in h.ungrounded]
            items += [f"- invented (gold has none): {_cell(x)}" for x in h.invented]
            for lang in ("ar", "en"):
                missed = [k for k, v in getattr(r.scores.summary, lang).facts.items() if v < 1.0]
                if missed:
                    items.append(f"- summary.{lang} misses: {', '.join(missed)}")
                items += [
                    f"- summary.{lang} unsupported: {_cell(c)}" for c in getattr(r.scores.summary, lang).unsupported
                ]
                if not getattr(r.scores.summary, lang).script_ok:
                    items.append(f"- summary.{lang} is not in the expected script")
        if items:
            out += [f"### {r.stem}", ""] + items + [""]
    return out[:-1] if out else out


# ------------------------------------------------------------------------------------------------------ comparing


def _rows(report: Report) -> dict[str, float | None]:
    agg = report.aggregate
    rows: dict[str, float | None] = {
        "ANLS*": agg.anls_star,
        "status accuracy": agg.status_accuracy,
        "grounding rate": agg.grounding_rate,
        "invented values": float(agg.invented),
        "articles scored": float(agg.scored),
        "total tokens": float(report.usage.total_tokens),
    }
    rows.update({f"field {k}": v for k, v in agg.fields.items()})
    rows.update({f"summary {k}": v for k, v in agg.summary.items()})
    return rows


def compare(a: Report, b: Report) -> str:
    """Two reports side by side as a Markdown table, with B - A."""
    ra, rb = _rows(a), _rows(b)
    lines = [
        f"A: {a.model} · prompt {a.prompt_version} · {a.aggregate.scored}/{a.aggregate.articles} scored",
        f"B: {b.model} · prompt {b.prompt_version} · {b.aggregate.scored}/{b.aggregate.articles} scored",
        "",
        "| metric | A | B | B - A |",
        "|---|---:|---:|---:|",
    ]
    for name in dict.fromkeys([*ra, *rb]):
        va, vb = ra.get(name), rb.get(name)
        delta = "—" if va is None or vb is None else f"{vb - va:+.3f}"
        lines.append(f"| {name} | {format_score(va)} | {format_score(vb)} | {delta} |")
    only = sorted({r.stem for r in a.articles} ^ {r.stem for r in b.articles})
    if only:
        lines += ["", f"Not in both reports: {', '.join(only)}"]
    return "\n".join(lines) + "\n"


def stable_json(report: Report) -> str:
    """Canonical JSON of `Report.stable()`, for comparing two runs."""
    return json.dumps(report.stable(), ensure_ascii=False, sort_keys=True, indent=2)


__all__ = [
    "Aggregate",
    "ArticleResult",
    "Report",
    "Summarizer",
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
