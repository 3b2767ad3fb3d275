"""Evaluation against hand-made gold annotations: field scores, honesty checks, summary checks, reports.

`evals.score.score(gold, prediction, article)` scores one article without any model; `report.evaluate(extractor, seeds,
gold)` runs an `Extractor` over the seeds and gathers a `Report`; `agreement-llm eval` is the command. See
evals/README.md for the annotation rules and how to read a report.

The scorers need the `eval` extra (scipy, sacrebleu, anls-star, rapidfuzz). Names are loaded on first use, so importing
this package (as the CLI does at start-up to register `eval`) costs nothing and works without the extra.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "ArticleScores": "score",
    "Report": "report",
    "compare": "render",
    "evaluate": "report",
    "load_report": "report",
    "render_markdown": "render",
    "write_report": "report",
}

__all__ = ["ArticleScores", "Report", "compare", "evaluate", "load_report", "render_markdown", "write_report"]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
