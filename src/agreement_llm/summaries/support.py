"""What a summary may name, prepared once per result and article: the article's words, bigrams, numbers, dates,
countries, Latin words and consonant skeletons, and the result's own English names."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise, product

from ..arabic import find_dates, normalize
from ..countries import countries_named
from ..schema import Agreement
from .forms import LATIN_WORD, NUMBER, ar_words, arabic_skeleton, bare, en_key, joined

YMD = tuple[int | None, int | None, int | None]
"""A date as (year, month, day), None where the text gives no month or day."""


def ymd(iso: str) -> YMD:
    """The (year, month, day) of an ISO date at any precision: "2025-07" -> (2025, 7, None)."""
    parts = [int(p) for p in iso.split("-")]
    return (parts[0], parts[1] if len(parts) > 1 else None, parts[2] if len(parts) > 2 else None)


@dataclass
class Support:
    """What a summary may name for one result and its article, prepared once."""

    article: str
    article_key: str
    tokens: set[str]
    bigrams: set[tuple[str, str]]
    numbers: set[float]
    dates: list[YMD]
    en_words: set[str]
    countries: set[str]
    names_key: str = ""
    latin: set[str] = field(default_factory=set)
    words: list[tuple[str, str]] = field(default_factory=list)  # each article word bare and as written

    @cached_property
    def skeletons(self) -> set[str]:
        """Consonant skeletons of the article's words and runs of 2-3 words, for transliterated English names.

        Built on first need: only an English word that is none of the result's names asks (1.45 ms on seed 000,
        more than the rest of `prepare`, 1.14 ms).
        """
        # Each word bare and as written («بلارة» is not «ب» + «لارة»), with and without its taa marbuta («الحرمة»
        # "Horma").
        forms = [
            {arabic_skeleton(f) for f in {w, r} | {f[:-1] for f in (w, r) if f.endswith("ه")}} for w, r in self.words
        ]
        skeletons: set[str] = set()
        for i in range(len(forms)):
            for n in (1, 2, 3):  # "Abdelmoula" is «عبد المولى», two words, its article kept
                if i + n <= len(forms):
                    skeletons |= {joined(*combo) for combo in product(*forms[i : i + n])}
        return skeletons

    @cached_property
    def shortened(self) -> set[str]:
        """The article's skeletons less one consonant (built on first need: most summaries never ask)."""
        return {sk[:i] + sk[i + 1 :] for sk in self.skeletons if len(sk) >= 4 for i in range(len(sk))}


def prepare(agreement: Agreement, article: str) -> Support:
    """Everything the checks compare against, for one result and its article."""
    key = normalize(article)
    raw = re.findall(r"\w+", key)
    words = [bare(t) for t in raw]
    numbers = {float(n.replace(",", ".")) for n in NUMBER.findall(key)}
    numbers |= {float(len(agreement.parties)), float(len(agreement.instruments))}
    published = agreement.source.published_at.date() if agreement.source.published_at else None
    isos = [m.parsed.iso for m in find_dates(article, published) if m.parsed.iso]
    isos += [agreement.date.iso] if agreement.date and agreement.date.iso else []
    isos += [published.isoformat()] if published else []
    dates = [ymd(iso) for iso in isos]
    countries = {
        c for c in [agreement.place.country if agreement.place else None, *(p.country for p in agreement.parties)] if c
    }
    countries |= countries_named(key)
    en_words: set[str] = set()
    names = [p.name_en for p in agreement.parties] + [r.role_en for p in agreement.parties for r in p.representatives]
    names += [agreement.place.city_en] if agreement.place else []
    names += re.findall(r"[A-Za-zÀ-ɏ][A-Za-zÀ-ɏ'’\- ]+", article)  # Latin the article itself writes
    for name in filter(None, names):
        en_words |= {en_key(w) for w in LATIN_WORD.findall(name)}
    party_names = " ".join(p.name for p in agreement.parties)
    return Support(
        article=article,
        article_key=key,
        tokens=set(words) | set(raw),
        bigrams=set(pairwise(words)) | set(pairwise(ar_words(party_names))),
        numbers=numbers,
        dates=dates,
        en_words=en_words,
        countries=countries,
        names_key=normalize(party_names),
        latin={en_key(w) for w in LATIN_WORD.findall(article)},
        words=list(zip(words, raw, strict=True)),
    )


__all__ = ["YMD", "Support", "prepare", "ymd"]
