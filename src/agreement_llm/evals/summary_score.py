"""How a summary side is scored against gold: its script, the key facts it names, chrF against the reference, and
the claims the pipeline's own check (`agreement_llm.summaries`) finds unsupported. Pure functions, no model calls."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from pydantic import BaseModel, Field, computed_field
from sacrebleu.metrics.chrf import CHRF

from ..arabic import is_arabic_script, is_latin_script, normalize
from ..schema import Agreement, Party, Status
from ..summaries import unsupported_claims
from .similarity import text_key


class SideScore(BaseModel):
    """One language side of the summary."""

    script_ok: bool
    facts: dict[str, float] = Field(description="Key fact -> share named (see `summary_facts`); absent if N/A.")
    chrf: float = Field(description="chrF (sacrebleu, 0-1) against the reference summary.")
    unsupported: list[str] = Field(
        default_factory=list,
        description=(
            "Names, numbers and dates the summary gives that neither the prediction nor the article supports "
            "(`agreement_llm.summaries`, the check the pipeline applies)."
        ),
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def coverage(self) -> float:
        """Mean of the applicable key facts."""
        return sum(self.facts.values()) / len(self.facts) if self.facts else 1.0


class SummaryScore(BaseModel):
    ar: SideScore
    en: SideScore


# Words too generic to identify a party: organisation types and function words. A party is named when at least
# half of its remaining words appear in the summary.
_AR_GENERIC = {
    text_key(w)
    for w in (
        "جمعية",
        "مؤسسة",
        "جماعة",
        "هيئة",
        "منظمة",
        "المنظمة",
        "التحالف",
        "مركز",
        "في",
        "من",
        "على",
        "و",
        "ب",
        "ل",
    )
}
_EN_GENERIC = {
    "the",
    "of",
    "for",
    "and",
    "in",
    "association",
    "foundation",
    "commune",
    "organisation",
    "organization",
    "centre",
    "center",
    "al",
    "el",
}
_AR_PREFIXES = ("وال", "بال", "لل", "ال", "و", "ب", "ل", "ف")
_SIGN_AR = re.compile(r"(توقيع|وقع|يوقع|توقع)")
_SIGN_EN = re.compile(r"\bsign(?:ed|ing|s|atures?)?\b")  # "the signature of the agreement" reports a signing
_NEG_AR = re.compile(r"(^|\s)[وف]?(لم|لا|دون|بدون|ليس|غير|لن)(\s|$)")  # with its clitic: "ولم"
_NEG_EN = re.compile(r"\b(not|no|nothing|without|yet|never)\b|n't")
_STATUS_CUES: dict[Status, tuple[re.Pattern[str], re.Pattern[str]]] = {
    Status.SIGNED: (_SIGN_AR, _SIGN_EN),
    Status.RENEWED: (re.compile(r"(تجديد|جدد|تمديد|مدد)"), re.compile(r"\b(renew|extend)")),
    Status.PLANNED: (
        re.compile(r"(لقاء|اجتماع|مباحثات|محادثات|مستقبل|مرتقب|تمهيد|سيتم|ستوقع|مشروع اتفاق)"),
        re.compile(r"\b(meeting|met|talks|plan|future|toward|towards|will|prepar|draft|to be signed)"),
    ),
    Status.AGREED_IN_PRINCIPLE: (
        re.compile(r"(اتفق|توافق|اتفاق على)"),
        re.compile(r"\b(agreed|agree on|in principle)"),
    ),
    Status.NOT_AN_AGREEMENT: (
        re.compile(r"(لا يتحدث|لا يذكر|لا توجد|ليس)"),
        re.compile(r"\b(no agreement|not an agreement|does not report)"),
    ),
}


def _ar_tokens(text: str) -> set[str]:
    """Summary tokens and their forms without a leading clitic or article ("بالرباط" also counts as "الرباط", "رباط")."""
    out: set[str] = set()
    for token in text_key(text).split():
        out.add(token)
        for prefix in _AR_PREFIXES:
            if token.startswith(prefix) and len(token) - len(prefix) >= 2:
                out.add(token[len(prefix) :])
    return out


def _en_key(text: str | None) -> str:
    """Latin matching form: accents dropped ('Meknès' = 'Meknes'), lower case, punctuation as spaces."""
    plain = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in plain).split())


def _named(words: Sequence[str], tokens: set[str]) -> bool:
    """At least half of `words` appear in `tokens` (an empty list is never named)."""
    return bool(words) and sum(w in tokens for w in words) * 2 >= len(words)


def _party_words(party: Party, lang: str) -> list[str]:
    if lang == "ar":
        words = [w for w in text_key(party.name).split() if w not in _AR_GENERIC]
        return [w[2:] if w.startswith("ال") and len(w) > 3 else w for w in words]  # article-free form
    return [w for w in _en_key(party.name_en).split() if w not in _EN_GENERIC]


def principal_parties(gold: Agreement) -> list[Party]:
    """Parties a summary must name: those in every instrument (the commune that signs six agreements), else all."""
    if not gold.instruments:
        return list(gold.parties)
    common = set.intersection(*({text_key(n) for n in i.parties} for i in gold.instruments))
    found = [p for p in gold.parties if text_key(p.name) in common]
    return found or list(gold.parties)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"[.!?؟;؛\n]+", text) if s.strip()]


def claims_signing(text: str, lang: str) -> bool:
    """True when some sentence speaks of signing without a negation ("no agreement was signed" is not a claim).

    Written apart from `status.claims_signing` on purpose: that one is a guard of the pipeline, and a scorer that
    reused it would certify the guard with the guard's own blind spots.
    """
    sign, neg = (_SIGN_AR, _NEG_AR) if lang == "ar" else (_SIGN_EN, _NEG_EN)
    key = text_key if lang == "ar" else _en_key
    return any(sign.search(key(s)) and not neg.search(key(s)) for s in _sentences(text))


def summary_facts(gold: Agreement, summary: str, lang: str) -> dict[str, float]:
    """Key-fact coverage of one summary side; a fact the gold does not state is left out (not applicable).

    * parties: share of `principal_parties` named (Arabic: by the Arabic name, English: by `name_en`); named means
      at least half of the name's distinctive words occur in the summary (organisation-type and function words
      removed, Arabic clitics and article ignored);
    * date: gold has an ISO date and the summary contains its year and, at day precision, its day number as digits;
    * place: gold has a city and the summary contains it (Arabic `city`, English `city_en`);
    * status: the summary contains a cue for the gold status and, unless gold is signed or renewed, makes no
      un-negated claim of signing.
    """
    facts: dict[str, float] = {}
    tokens = _ar_tokens(summary) if lang == "ar" else set(_en_key(summary).split())
    principals = principal_parties(gold)
    if principals:
        facts["parties"] = sum(_named(_party_words(p, lang), tokens) for p in principals) / len(principals)
    if gold.date and gold.date.iso:
        digits = set(re.findall(r"\d+", normalize(summary)))
        parts = gold.date.iso.split("-")
        wanted = {parts[0]} | ({str(int(parts[2]))} if len(parts) == 3 else set())
        facts["date"] = 1.0 if all(w in digits or w.zfill(2) in digits for w in wanted) else 0.0
    city = (gold.place.city if lang == "ar" else gold.place.city_en) if gold.place else None
    if city:
        words = text_key(city).split() if lang == "ar" else _en_key(city).split()
        facts["place"] = 1.0 if words and all(w in tokens for w in words) else 0.0
    cue_ar, cue_en = _STATUS_CUES[gold.status]
    cue = cue_ar.search(text_key(summary)) if lang == "ar" else cue_en.search(_en_key(summary))
    overclaims = gold.status not in (Status.SIGNED, Status.RENEWED) and claims_signing(summary, lang)
    facts["status"] = 1.0 if cue and not overclaims else 0.0
    return facts


_CHRF = CHRF()  # character 6-grams: no tokenizer, so Arabic is scored like any other script


def chrf(hypothesis: str, reference: str, lang: str) -> float:
    """sacrebleu chrF in [0, 1]; Arabic sides are compared in `normalize`d form so hamza spelling costs nothing."""
    if lang == "ar":
        hypothesis, reference = normalize(hypothesis), normalize(reference)
    return float(_CHRF.sentence_score(hypothesis, [reference]).score) / 100


def summary_side(
    gold: Agreement, summary: str, reference: str, lang: str, pred: Agreement | None = None, article: str | None = None
) -> SideScore:
    """Script check, key facts, chrF and (given the prediction and its article) unsupported claims of one side.

    The claims are counted against the prediction, not gold: a summary may say what its own result carries.
    """
    script_ok = is_arabic_script(summary) if lang == "ar" else is_latin_script(summary)
    claims = unsupported_claims(summary, lang, pred, article) if pred is not None and article is not None else []
    return SideScore(
        script_ok=script_ok,
        facts=summary_facts(gold, summary, lang),
        chrf=round(chrf(summary, reference, lang), 6),
        unsupported=claims,
    )


__all__ = [
    "SideScore",
    "SummaryScore",
    "chrf",
    "claims_signing",
    "principal_parties",
    "summary_facts",
    "summary_side",
]
