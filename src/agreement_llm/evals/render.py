"""The report for people: a `Report` as Markdown (headline, fields, status matrices, summaries, articles, details),
and two reports side by side. Nothing from `Report.volatile` is shown, so two runs on the same recordings render
the same bytes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..schema import Agreement, Status

if TYPE_CHECKING:
    from .report import Report


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
    scored = [(r.gold_status, r.prediction) for r in report.articles if r.prediction is not None]
    lines = ["", "## Status", ""]
    said_by: list[tuple[str, Callable[[Agreement], str]]] = [
        ("returned", lambda a: a.status.value),
        ("said by the model", model_status),
    ]
    for title, said_of in said_by:
        pairs = [(gold, said_of(prediction)) for gold, prediction in scored]  # (gold status, status said)
        right = sum(said == gold for gold, said in pairs)
        lines += [
            f"**{title}** ({right}/{len(scored)} right): rows gold, columns {title}",
            "",
            "| gold \\ " + title + " | " + " | ".join(_STATUSES) + " |",
            "|---|" + "---:|" * len(_STATUSES),
        ]
        for gold in _STATUSES:
            counts = [sum(1 for g, said in pairs if g == gold and said == got) for got in _STATUSES]
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


__all__ = ["compare", "format_score", "model_status", "render_markdown"]
