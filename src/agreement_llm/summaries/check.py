"""Each summary side checked sentence by sentence, and the result's summaries rewritten from what survives."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..arabic import find_quote, normalize
from ..schema import Agreement, Note, Summary
from .claims import sentence_claims
from .support import Support, prepare

MAX_CHARS = 700
"""Longest summary side kept; gold summaries of the seeds are 330-490 characters (three sentences)."""

_CUT_AT = 590  # the draft schema bounds each summary at 600 characters: an unfinished last sentence there was cut

_ARABIC_RUN = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff][\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\s]*")


def hygiene(sentence: str, lang: str, s: Support) -> str | None:
    """Why a sentence is in the wrong script (other scripts' letters, Arabic in English), else None."""
    for ch in sentence:
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        if name.startswith(("LATIN", "ARABIC")):
            continue
        return f"letters of another script ({ch})"
    if lang == "en":
        for run in _ARABIC_RUN.findall(sentence):
            if len(run.split()) > 6 or find_quote(s.article, run.strip()) is None:
                return "Arabic text in the English summary"
    return None


_SENTENCE = re.compile(r"(?<=[.!?؟؛])(?<!\d\.)\s+|\n+")  # a point inside "2.16" ends no sentence


def _split(text: str) -> list[str]:
    """Sentences with their end punctuation, in order (joined back with single spaces)."""
    return [p.strip() for p in _SENTENCE.split(text) if p.strip()]


@dataclass
class SideCheck:
    """One summary side after the check: the sentences kept and why each other one went."""

    kept: list[str]
    dropped: list[tuple[str, str]]  # (sentence, reason)
    claims: list[str]  # unsupported claims found (the eval metric)


def check_side(text: str, lang: str, s: Support) -> SideCheck:
    """Check one side sentence by sentence: claims, script, repeats, a cut-off last sentence, the length bound."""
    kept: list[str] = []
    dropped: list[tuple[str, str]] = []
    claims: list[str] = []
    seen: set[str] = set()
    parts = _split(text)
    for i, sentence in enumerate(parts):
        found = sentence_claims(s, sentence, lang)
        claims += found
        reason = "unsupported: " + "; ".join(found) if found else hygiene(sentence, lang, s)
        words = [w for w in re.findall(r"\w+", normalize(sentence))]
        grams = {" ".join(words[j : j + 6]) for j in range(len(words) - 5)}
        if reason is None and grams & seen:
            reason = "repeats an earlier phrase"
        if (
            reason is None
            and i == len(parts) - 1
            and i > 0
            and len(text) >= _CUT_AT
            and not re.search(r"[.!?؟]\W*$", sentence)
        ):
            reason = "cut off by the length limit"
        if reason is None and len(" ".join(kept + [sentence])) > MAX_CHARS:
            reason = f"past the {MAX_CHARS}-character bound"
        seen |= grams
        (dropped.append((sentence, reason)) if reason else kept.append(sentence))
    return SideCheck(kept=kept, dropped=dropped, claims=claims)


def unsupported_claims(
    text: str, lang: str, agreement: Agreement, article: str, support: Support | None = None
) -> list[str]:
    """The unsupported names, numbers and dates one summary side makes (the eval's count). Pass `support` (from
    `prepare(agreement, article)`) to check several texts against one result without preparing it again."""
    return check_side(text, lang, support or prepare(agreement, article)).claims


def check_summaries(agreement: Agreement, article: str) -> Agreement:
    """`agreement` with both summary sides checked: bad sentences dropped, a side rebuilt when under a third is left,
    and a `Note` per change. Never adds text of its own except a rebuilt side (from grounded fields only)."""
    from ..briefs import build_summary

    s = prepare(agreement, article)
    sides, notes = {}, list(agreement.notes)
    built: Summary | None = None
    for lang in ("ar", "en"):
        text = getattr(agreement.summary, lang)
        result = check_side(text, lang, s)
        for sentence, reason in result.dropped:
            notes.append(Note(field=f"summary.{lang}", action="dropped", reason=reason, model_value=sentence))
        kept = " ".join(result.kept)
        # The lead sentence says who: what follows leans on it (seed 002 kept "the university" of a dropped lead).
        lead_lost = (
            bool(result.dropped) and result.dropped[0][0] == _split(text)[0] and "unsupported" in result.dropped[0][1]
        )
        if result.dropped and (lead_lost or len(kept) * 3 < len(text.strip())):
            built = built or build_summary(agreement)
            notes.append(
                Note(
                    field=f"summary.{lang}",
                    action="corrected",
                    reason="too little was left, or not its lead; rebuilt from grounded fields",
                    model_value=kept or None,
                )
            )
            kept = getattr(built, lang)
        sides[lang] = kept if result.dropped else text
    return agreement.model_copy(update={"summary": Summary(**sides), "notes": notes})


__all__ = ["MAX_CHARS", "SideCheck", "check_side", "check_summaries", "hygiene", "unsupported_claims"]
