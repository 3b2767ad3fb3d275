"""The oracle: every gold annotation (seeds, dev, dev-test) fed to the pipeline as a perfect model's reply must come
back with the gold status, date, place, parties and representatives, and without a re-ask. A guard may drop only
what the article does not support; one that loses a right answer fails here.

Dates are compared by `iso` and `precision`; the text may be trimmed to the date itself («صباح اليوم» -> «اليوم»),
never widened. The reply is built from gold by `evals.oracle.gold_draft`; no model is scored on it.
"""

from __future__ import annotations

from functools import cache

import pytest

from agreement_llm.evals.oracle import oracle_transport
from agreement_llm.evals.report import load_gold
from agreement_llm.evals.score import text_key
from agreement_llm.evals.sets import SHIPPED, EvalSet, load_set
from agreement_llm.extract import Extractor
from agreement_llm.schema import Agreement


@cache
def _set(name: str) -> EvalSet:
    return load_set(name)


@cache
def _extractor(name: str) -> Extractor:
    return Extractor(model="oracle", reasks=1, transport=oracle_transport(_set(name)))


CASES = [(name, stem) for name in SHIPPED for stem in _set(name).ids]


@pytest.mark.parametrize(("set_name", "stem"), CASES, ids=[f"{n}/{s}" for n, s in CASES])
def test_a_perfect_reply_comes_back_unchanged(set_name: str, stem: str) -> None:
    eval_set = _set(set_name)
    gold = load_gold(eval_set.gold_dir)[stem]
    text = eval_set.article(stem).read_text(encoding="utf-8")
    got = _extractor(set_name).summarize(text, published_at=eval_set.published.get(stem))
    assert got.run is not None and got.run.usage.attempts == 1, got.notes  # no validator re-asked a right answer
    assert got.status is gold.status, got.notes
    _same_date(gold, got)
    assert _place(got) == _place(gold), got.notes
    assert _parties(got) == _parties(gold), got.notes


def _same_date(gold: Agreement, got: Agreement) -> None:
    if gold.date is None:
        assert got.date is None
        return
    assert got.date is not None, "the gold date was dropped"
    assert (got.date.iso, got.date.precision) == (gold.date.iso, gold.date.precision)
    assert text_key(got.date.text) in text_key(gold.date.text)


def _place(a: Agreement) -> tuple[str | None, ...]:
    p = a.place
    return (None, None, None) if p is None else (p.venue, p.city, p.country)


def _parties(a: Agreement) -> dict[str, list[str]]:
    return {p.name: sorted(r.name for r in p.representatives) for p in a.parties}


def test_every_set_is_there_and_dev_test_holds_at_least_20_articles() -> None:
    assert len(_set("seeds").ids) == 5
    assert len(_set("dev").ids) + len(_set("dev-test").ids) >= 60
    assert len(_set("dev-test").ids) >= 20
