"""Every score of one predicted `Agreement` against its gold annotation (`score`), and the scoring API in one place.
Pure functions, no model calls.

How each kind of value is compared (the rules are in evals/README.md too):

* enums (status, kind, party kind), ISO date, date precision, country codes, publication time: exact match;
* Arabic names and other short "as written" strings: ANLS, i.e. 1 - normalised Levenshtein distance between the
  matching forms (`agreement_llm.arabic.normalize`, punctuation dropped), and 0 below 0.5;
* quotes (objectives, commitments, beneficiaries, purposes): token F1 of the matching forms, 0 below 0.5, because two
  correct quotes often differ only in where they start and stop, which Levenshtein punishes far more than readers do;
* lists: gold and predicted items paired one-to-one by the Hungarian algorithm on those similarities; the matched
  similarity mass gives precision (per predicted item) and recall (per gold item), so an invented item costs
  precision and a missing one recall;
* sectors: plain set precision/recall/F1.

`None` against `None` is a correct abstention and scores 1.0; a value against `None` (either way) scores 0.

The similarities are in `evals.similarity`, the list matching and means in `evals.metrics`, the honesty checks in
`evals.honesty` and the summary scores in `evals.summary_score`; their public names are importable from here too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, Field

from ..schema import Agreement, Instrument, Party, Representative
from ._anls import anls_star
from .honesty import Honesty, honesty, invented_values, quoted_values
from .metrics import ListScore, match, mean, set_score
from .similarity import (
    THRESHOLD,
    exact,
    name_similarity,
    party_key,
    party_name_similarity,
    person_name_similarity,
    quote_similarity,
    text_key,
)
from .summary_score import (
    SideScore,
    SummaryScore,
    chrf,
    claims_signing,
    principal_parties,
    summary_facts,
    summary_side,
)


class ArticleScores(BaseModel):
    """Every score of one article."""

    anls_star: float = Field(description="ANLS* of the extraction fields (see `anls_view`).")
    fields: dict[str, float | None] = Field(description="Per-field score in [0, 1]; None where not applicable.")
    lists: dict[str, ListScore]
    honesty: Honesty
    summary: SummaryScore


LIST_FIELDS = ("parties", "representatives", "instruments", "objectives", "commitments", "beneficiaries", "sectors")
"""List fields; their entry in `ArticleScores.fields` is the F1, and `lists` holds the counts for P/R."""


def score(gold: Agreement, pred: Agreement, article: str) -> ArticleScores:
    """Score one prediction against its gold annotation. `article` is the raw text the prediction was made from."""
    fields: dict[str, float | None] = {}
    fields["status"] = exact(gold.status, pred.status)
    fields["kind"] = exact(gold.kind, pred.kind)
    gd, pd = gold.date, pred.date
    fields["date.iso"] = exact(gd.iso if gd else None, pd.iso if pd else None)
    fields["date.precision"] = exact(gd.precision if gd else None, pd.precision if pd else None)
    fields["date.text"] = quote_similarity(gd.text if gd else None, pd.text if pd else None)
    gp, pp = gold.place, pred.place
    for name in ("venue", "city"):
        fields[f"place.{name}"] = name_similarity(getattr(gp, name, None), getattr(pp, name, None))
    fields["place.city_en"] = name_similarity(getattr(gp, "city_en", None), getattr(pp, "city_en", None))
    fields["place.country"] = exact(getattr(gp, "country", None), getattr(pp, "country", None))
    fields["source.outlet"] = name_similarity(gold.source.outlet, pred.source.outlet)
    fields["source.author"] = name_similarity(gold.source.author, pred.source.author)
    fields["source.published_at"] = exact(gold.source.published_at, pred.source.published_at)

    lists: dict[str, ListScore] = {}
    lists["parties"], party_pairs = match(
        gold.parties, pred.parties, lambda g, p: party_name_similarity(g.name, p.name)
    )
    matched_parties = [(gold.parties[i], pred.parties[j]) for i, j, _ in party_pairs]
    fields["parties.name_en"] = mean([party_name_similarity(g.name_en, p.name_en) for g, p in matched_parties])
    fields["parties.kind"] = mean([exact(g.kind, p.kind) for g, p in matched_parties])
    fields["parties.country"] = mean([exact(g.country, p.country) for g, p in matched_parties])
    gold_reps, pred_reps = _representatives(gold.parties), _representatives(pred.parties)
    lists["representatives"], rep_pairs = match(
        gold_reps, pred_reps, lambda g, p: person_name_similarity(g.name, p.name)
    )
    fields["representatives.role"] = mean(
        [name_similarity(gold_reps[i].role, pred_reps[j].role) for i, j, _ in rep_pairs]
    )
    lists["instruments"] = match(gold.instruments, pred.instruments, _instrument_similarity)[0]
    for name in ("objectives", "commitments", "beneficiaries"):
        lists[name] = match(getattr(gold, name), getattr(pred, name), lambda g, p: quote_similarity(g.text, p.text))[0]
    lists["sectors"] = set_score(gold.sectors, pred.sectors)
    for name in LIST_FIELDS:
        fields[name] = lists[name].f1
    # Table order: each list right before the scores of its matched items ("parties", then "parties.kind").
    order = [n for n in fields if n.split(".")[0] not in LIST_FIELDS]
    for name in LIST_FIELDS:
        order += [name] + [n for n in fields if n.startswith(f"{name}.")]
    fields = {n: fields[n] for n in order}

    return ArticleScores(
        anls_star=anls_star(anls_view(gold), anls_view(pred)),
        fields=fields,
        lists=lists,
        honesty=honesty(gold, pred, article, matched_parties),
        summary=SummaryScore(
            ar=summary_side(gold, pred.summary.ar, gold.summary.ar, "ar", pred, article),
            en=summary_side(gold, pred.summary.en, gold.summary.en, "en", pred, article),
        ),
    )


def _instrument_similarity(gold: Instrument, pred: Instrument) -> float:
    """Mean of party-set F1, purpose similarity and kind match; 0 when they share no party (another instrument)."""
    parties = match(gold.parties, pred.parties, party_name_similarity)[0].f1
    if parties == 0:
        return 0.0
    purpose_gold = gold.purpose.text if gold.purpose else None
    purpose_pred = pred.purpose.text if pred.purpose else None
    return (parties + quote_similarity(purpose_gold, purpose_pred) + exact(gold.kind, pred.kind)) / 3


def _representatives(parties: Sequence[Party]) -> list[Representative]:
    # Flattened: a representative attached to the wrong party still names the right person; party errors are
    # already counted by the party match.
    return [r for p in parties for r in p.representatives]


def anls_view(a: Agreement) -> dict[str, Any]:
    """The extraction fields as plain JSON for ANLS* (strings in `text_key` form; spans, summary, run, notes left out).

    Party names are in `party_key` form, as in the field scores. The summary is free text scored by chrF and key
    facts instead; spans are where, not what.
    """

    def quotes(items: Sequence[Any]) -> list[str]:
        return [text_key(q.text) for q in items]

    def enum(value: Any) -> str | None:
        return None if value is None else str(value)

    return {
        "status": enum(a.status),
        "kind": enum(a.kind),
        "date": None
        if a.date is None
        else {"text": text_key(a.date.text), "iso": a.date.iso, "precision": enum(a.date.precision)},
        "place": None
        if a.place is None
        else {
            "venue": text_key(a.place.venue) or None,
            "city": text_key(a.place.city) or None,
            "country": a.place.country,
        },
        "parties": [
            {
                "name": party_key(p.name),
                "name_en": party_key(p.name_en) or None,
                "kind": enum(p.kind),
                "country": p.country,
                "representatives": [
                    {"name": text_key(r.name), "role": text_key(r.role) or None} for r in p.representatives
                ],
            }
            for p in a.parties
        ],
        "instruments": [
            {
                "kind": enum(i.kind),
                "parties": [party_key(n) for n in i.parties],
                "purpose": text_key(i.purpose.text) if i.purpose else None,
            }
            for i in a.instruments
        ],
        "objectives": quotes(a.objectives),
        "commitments": quotes(a.commitments),
        "beneficiaries": quotes(a.beneficiaries),
        "sectors": [str(s) for s in a.sectors],
        "source": {
            "outlet": text_key(a.source.outlet) or None,
            "author": text_key(a.source.author) or None,
            "published_at": a.source.published_at.isoformat() if a.source.published_at else None,
        },
    }


__all__ = [
    "LIST_FIELDS",
    "THRESHOLD",
    "ArticleScores",
    "Honesty",
    "ListScore",
    "SideScore",
    "SummaryScore",
    "anls_view",
    "chrf",
    "claims_signing",
    "exact",
    "honesty",
    "invented_values",
    "match",
    "name_similarity",
    "party_key",
    "party_name_similarity",
    "person_name_similarity",
    "principal_parties",
    "quote_similarity",
    "quoted_values",
    "score",
    "set_score",
    "summary_facts",
    "summary_side",
    "text_key",
]
