"""What a prediction claims that it should not: quoted values the article does not hold, values where gold has none,
and a wrong status. Pure functions, no model calls."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, Field, computed_field

from ..arabic import find_quote
from ..schema import Agreement, Party


class Honesty(BaseModel):
    """What the prediction claims that it should not: unquotable text, values where gold has none, a wrong status."""

    quoted: int = Field(0, description="Emitted values that must be verbatim from the article.")
    grounded: int = Field(0, description="Of those, how many `find_quote` finds in the article.")
    ungrounded: list[str] = Field(default_factory=list, description="'path: text' of each value not found.")
    invented: list[str] = Field(default_factory=list, description="Paths emitted where gold is null or empty.")
    status_correct: bool = False

    @computed_field  # type: ignore[prop-decorator]
    @property
    def grounding_rate(self) -> float:
        """Share of emitted quoted values found in the article; 1.0 when nothing was quoted."""
        return self.grounded / self.quoted if self.quoted else 1.0


def quoted_values(a: Agreement) -> list[tuple[str, str]]:
    """`(path, text)` of every value the schema says is copied from the article."""
    out: list[tuple[str, str]] = []
    if a.status_evidence:
        out.append(("status_evidence", a.status_evidence.text))
    if a.date:
        out.append(("date.text", a.date.text))
    if a.place:
        out += [(f"place.{n}", v) for n in ("venue", "city") if (v := getattr(a.place, n))]
    for i, p in enumerate(a.parties):
        out.append((f"parties[{i}].name", p.name))
        for j, r in enumerate(p.representatives):
            out.append((f"parties[{i}].representatives[{j}].name", r.name))
            if r.role:
                out.append((f"parties[{i}].representatives[{j}].role", r.role))
    for i, ins in enumerate(a.instruments):
        if ins.purpose:
            out.append((f"instruments[{i}].purpose", ins.purpose.text))
    for name in ("objectives", "commitments", "beneficiaries"):
        out += [(f"{name}[{i}]", q.text) for i, q in enumerate(getattr(a, name))]
    out += [(f"source.{n}", v) for n in ("outlet", "author") if (v := getattr(a.source, n))]
    return out


def invented_values(gold: Agreement, pred: Agreement, matched_parties: Sequence[tuple[Party, Party]] = ()) -> list[str]:
    """Paths the prediction fills where gold is null or empty: the "plausible invention" the schema forbids."""
    out: list[str] = []
    scalars: dict[str, tuple[Any, Any]] = {
        "kind": (gold.kind, pred.kind),
        "date": (gold.date, pred.date),
        "date.iso": (gold.date and gold.date.iso, pred.date and pred.date.iso),
        "place": (gold.place, pred.place),
        "source.outlet": (gold.source.outlet, pred.source.outlet),
        "source.author": (gold.source.author, pred.source.author),
        "source.published_at": (gold.source.published_at, pred.source.published_at),
    }
    for name in ("venue", "city", "country"):
        scalars[f"place.{name}"] = (getattr(gold.place, name, None), getattr(pred.place, name, None))
    out += [path for path, (g, p) in scalars.items() if g is None and p is not None]
    # An invented date or place counts once, not once per sub-field.
    if gold.date is None and pred.date is not None:
        out = [p for p in out if p != "date.iso"]
    if gold.place is None and pred.place is not None:
        out = [p for p in out if not p.startswith("place.")]
    for name in ("parties", "instruments", "objectives", "commitments", "beneficiaries", "sectors"):
        if not getattr(gold, name):
            out += [f"{name}[{i}]" for i in range(len(getattr(pred, name)))]
    for g, p in matched_parties:
        if g.country is None and p.country is not None:
            out.append(f"party '{p.name}'.country")
        if not g.representatives:
            out += [f"party '{p.name}'.representatives[{j}]" for j in range(len(p.representatives))]
    return out


def honesty(
    gold: Agreement, pred: Agreement, article: str, matched_parties: Sequence[tuple[Party, Party]] = ()
) -> Honesty:
    """Grounding of quoted values in `article`, invented values, and whether the status is right."""
    values = quoted_values(pred)
    missing = [f"{path}: {text}" for path, text in values if find_quote(article, text) is None]
    return Honesty(
        quoted=len(values),
        grounded=len(values) - len(missing),
        ungrounded=missing,
        invented=invented_values(gold, pred, matched_parties),
        status_correct=pred.status is gold.status,
    )


__all__ = ["Honesty", "honesty", "invented_values", "quoted_values"]
