"""How two values of one field compare: the similarities behind every field and list score. Pure functions.

* enums, ISO dates, country codes, publication time: `exact`;
* Arabic names and other short "as written" strings: ANLS, i.e. 1 - normalised Levenshtein distance between the
  matching forms (`text_key`), and 0 below `THRESHOLD`;
* quotes: token F1 of the matching forms, 0 below `THRESHOLD`, because two correct quotes often differ only in where
  they start and stop, which Levenshtein punishes far more than readers do.

`None` against `None` is a correct abstention and scores 1.0; a value against `None` (either way) scores 0.
"""

from __future__ import annotations

from typing import Any

from rapidfuzz.distance import Levenshtein

from ..arabic import normalize

THRESHOLD = 0.5
"""Similarities below this are 0, as in ANLS: a half-right name is a wrong name, not half a point."""


def text_key(text: str | None) -> str:
    """The form two values are compared in: `normalize`d, punctuation and quote marks dropped, spaces collapsed."""
    if not text:
        return ""
    folded = "".join(c if c.isalnum() else " " for c in normalize(text))
    return " ".join(folded.split())


def name_similarity(gold: str | None, pred: str | None) -> float:
    """ANLS of two names (Arabic or Latin) after `text_key`; 1.0 when both are absent."""
    if gold is None and pred is None:
        return 1.0
    if gold is None or pred is None:
        return 0.0
    a, b = text_key(gold), text_key(pred)
    if not a and not b:
        return 1.0
    # rapidfuzz: the same distance as the pure-Python loop it replaced (checked on every pair the committed reports
    # score), about a hundred times faster.
    score = 1.0 - Levenshtein.distance(a, b) / max(len(a), len(b))
    return score if score >= THRESHOLD else 0.0


_ORG_TYPES = {
    "جمعيه",
    "موسسه",
    "هيئه",
    "مركز",
    "جماعه",
    "association",
    "foundation",
    "centre",
    "center",
    "commune",
    "the",
}


def _org_core(name: str) -> str:
    """A party name without its organisation-type words ('جمعية', 'Foundation'): the type is `Party.kind`'s job."""
    return " ".join(w for w in text_key(name).split() if w not in _ORG_TYPES)


def party_key(name: str | None) -> str:
    """A party name's matching form without type words, or with them when nothing else is left."""
    return _org_core(name or "") or text_key(name)


def party_name_similarity(gold: str | None, pred: str | None) -> float:
    """`name_similarity` of two organisation names, with and without their type words, whichever is higher.

    The article writes «جمعية “سفراء الخير – السمارة”»; "سفراء الخير – السمارة" is as faithful a copy as the
    whole, and "Clear Vision" as right as "Clear Vision Foundation".
    """
    full = name_similarity(gold, pred)
    if gold is None or pred is None or full == 1.0:
        return full
    core_gold, core_pred = _org_core(gold), _org_core(pred)
    return max(full, name_similarity(core_gold, core_pred)) if core_gold and core_pred else full


_HONORIFICS = {
    text_key(w)
    for w in ("السيد", "السيدة", "السفير", "السفيرة", "الدكتور", "الدكتورة", "الأستاذ", "الأستاذة", "الحاج", "الكوتش")
}


def person_name_similarity(gold: str | None, pred: str | None) -> float:
    """`name_similarity` of two people's names, also compared without honorifics ("السيد", "الدكتورة")."""
    full = name_similarity(gold, pred)
    if gold is None or pred is None or full == 1.0:
        return full
    bare_gold, bare_pred = (" ".join(w for w in text_key(n).split() if w not in _HONORIFICS) for n in (gold, pred))
    return max(full, name_similarity(bare_gold, bare_pred)) if bare_gold and bare_pred else full


def quote_similarity(gold: str | None, pred: str | None) -> float:
    """Token F1 of two quotes after `text_key` (multiset overlap); 0 below `THRESHOLD`; 1.0 when both absent."""
    if gold is None and pred is None:
        return 1.0
    if gold is None or pred is None:
        return 0.0
    a, b = text_key(gold).split(), text_key(pred).split()
    if not a and not b:
        return 1.0
    remaining = list(b)
    common = 0
    for token in a:
        if token in remaining:
            remaining.remove(token)
            common += 1
    if common == 0:
        return 0.0
    precision, recall = common / len(b), common / len(a)
    score = 2 * precision * recall / (precision + recall)
    return score if score >= THRESHOLD else 0.0


def exact(gold: Any, pred: Any) -> float:
    """1.0 when equal (enums by value, strings case- and space-insensitive), else 0.0. Both None is equal."""
    return 1.0 if plain(gold) == plain(pred) else 0.0


def plain(value: Any) -> Any:
    """The form `exact` compares: an enum's value, a string folded and space-collapsed, a date in ISO form."""
    value = getattr(value, "value", value)  # enums compare by their string
    if isinstance(value, str):
        return " ".join(value.split()).casefold()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


__all__ = [
    "THRESHOLD",
    "exact",
    "name_similarity",
    "party_key",
    "party_name_similarity",
    "person_name_similarity",
    "plain",
    "quote_similarity",
    "text_key",
]
