"""List scores and means: gold and predicted lists paired one-to-one, and the sums and means taken over them.

Gold and predicted items are paired by the Hungarian algorithm on a similarity (`evals.similarity`); the matched
similarity mass gives precision (per predicted item) and recall (per gold item), so an invented item costs precision
and a missing one recall. Sectors, a closed vocabulary, use plain set precision/recall/F1.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import numpy as np
from pydantic import BaseModel, computed_field
from scipy.optimize import linear_sum_assignment

from .similarity import plain

T = TypeVar("T")
U = TypeVar("U")


class ListScore(BaseModel):
    """Hungarian-matched list score. `matched` is the similarity mass of the pairs; P/R/F1 derive from the counts."""

    matched: float = 0.0
    n_pred: int = 0
    n_gold: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def precision(self) -> float:
        """Matched mass per predicted item; 1.0 when nothing was predicted (nothing invented)."""
        return self.matched / self.n_pred if self.n_pred else 1.0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def recall(self) -> float:
        """Matched mass per gold item; 1.0 when gold is empty (nothing to find)."""
        return self.matched / self.n_gold if self.n_gold else 1.0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def f1(self) -> float:
        """Harmonic mean of P and R; 1.0 only when both lists are empty or match perfectly."""
        if not self.n_pred and not self.n_gold:
            return 1.0
        total = self.n_pred + self.n_gold
        return 2 * self.matched / total  # equals 2PR/(P+R) with P=m/n_pred, R=m/n_gold, and is 0 if either is 0

    def __add__(self, other: ListScore) -> ListScore:
        """Micro-aggregation: add the masses and counts, then recompute P/R/F1."""
        return ListScore(
            matched=self.matched + other.matched, n_pred=self.n_pred + other.n_pred, n_gold=self.n_gold + other.n_gold
        )


def match(
    gold: Sequence[T], pred: Sequence[U], similarity: Callable[[T, U], float]
) -> tuple[ListScore, list[tuple[int, int, float]]]:
    """Pair gold and predicted items one-to-one maximising total similarity (Hungarian algorithm).

    Returns the score and the pairs `(gold_index, pred_index, similarity)` with similarity > 0, in gold order.
    """
    if not gold or not pred:
        return ListScore(n_pred=len(pred), n_gold=len(gold)), []
    sims = np.array([[similarity(g, p) for p in pred] for g in gold], dtype=float)
    rows, cols = linear_sum_assignment(sims, maximize=True)
    pairs = sorted((int(r), int(c), float(sims[r, c])) for r, c in zip(rows, cols, strict=True) if sims[r, c] > 0)
    return ListScore(matched=sum(s for _, _, s in pairs), n_pred=len(pred), n_gold=len(gold)), pairs


def set_score(gold: Sequence[Any], pred: Sequence[Any]) -> ListScore:
    """Set precision/recall/F1 (duplicates ignored), e.g. for sectors."""
    g, p = {plain(x) for x in gold}, {plain(x) for x in pred}
    return ListScore(matched=float(len(g & p)), n_pred=len(p), n_gold=len(g))


def mean(values: Sequence[float], ndigits: int | None = None) -> float | None:
    """The mean, rounded to `ndigits` when given; None for no values, so an empty run reads "—" rather than a
    made-up 0 or 1.

    >>> mean([1.0, 0.0, 0.0], 4), mean([])
    (0.3333, None)
    """
    if not values:
        return None
    value = sum(values) / len(values)
    return value if ndigits is None else round(value, ndigits)


__all__ = ["ListScore", "match", "mean", "set_score"]
