"""Field-level scores of one predicted `Agreement` against its gold annotation. Pure functions, no model calls.

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
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import numpy as np
from anls_star import anls_score
from pydantic import BaseModel, Field, computed_field
from sacrebleu.metrics import CHRF
from scipy.optimize import linear_sum_assignment

from ..arabic import find_quote, is_arabic_script, is_latin_script, normalize
from ..schema import Agreement, Instrument, Party, Representative, Status
from ..summaries import unsupported_claims

THRESHOLD = 0.5
"""Similarities below this are 0, as in ANLS: a half-right name is a wrong name, not half a point."""

T = TypeVar("T")
U = TypeVar("U")


# --------------------------------------------------------------------------------------------------- similarities


def text_key(text: str | None) -> str:
    """The form two values are compared in: `normalize`d, punctuation and quote marks dropped, spaces collapsed."""
    if not text:
        return ""
    folded = "".join(c if c.isalnum() else " " for c in normalize(text))
    return " ".join(folded.split())


def _levenshtein(a: str, b: str) -> int:
    if len(a) > len(b):
        a, b = b, a
    previous = list(range(len(a) + 1))
    for j, cb in enumerate(b, 1):
        current = [j]
        for i, ca in enumerate(a, 1):
            current.append(min(previous[i] + 1, current[i - 1] + 1, previous[i - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def name_similarity(gold: str | None, pred: str | None) -> float:
    """ANLS of two names (Arabic or Latin) after `text_key`; 1.0 when both are absent."""
    if gold is None and pred is None:
        return 1.0
    if gold is None or pred is None:
        return 0.0
    a, b = text_key(gold), text_key(pred)
    if not a and not b:
        return 1.0
    score = 1.0 - _levenshtein(a, b) / max(len(a), len(b))
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
    return 1.0 if _plain(gold) == _plain(pred) else 0.0


def _plain(value: Any) -> Any:
    value = getattr(value, "value", value)  # enums compare by their string
    if isinstance(value, str):
        return " ".join(value.split()).casefold()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


# ------------------------------------------------------------------------------------------------------- matching


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
    pairs = sorted((int(r), int(c), float(sims[r, c])) for r, c in zip(rows, cols) if sims[r, c] > 0)
    return ListScore(matched=sum(s for _, _, s in pairs), n_pred=len(pred), n_gold=len(gold)), pairs


def set_score(gold: Sequence[Any], pred: Sequence[Any]) -> ListScore:
    """Set precision/recall/F1 (duplicates ignored), e.g. for sectors."""
    g, p = {_plain(x) for x in gold}, {_plain(x) for x in pred}
    return ListScore(matched=float(len(g & p)), n_pred=len(p), n_gold=len(g))


def _instrument_similarity(gold: Instrument, pred: Instrument) -> float:
    """Mean of party-set F1, purpose similarity and kind match; 0 when they share no party (another instrument)."""
    parties = match(gold.parties, pred.parties, party_name_similarity)[0].f1
    if parties == 0:
        return 0.0
    purpose_gold = gold.purpose.text if gold.purpose else None
    purpose_pred = pred.purpose.text if pred.purpose else None
    return (parties + quote_similarity(purpose_gold, purpose_pred) + exact(gold.kind, pred.kind)) / 3


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


# --------------------------------------------------------------------------------------------------- the scores


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
    fields["parties.name_en"] = _mean([party_name_similarity(g.name_en, p.name_en) for g, p in matched_parties])
    fields["parties.kind"] = _mean([exact(g.kind, p.kind) for g, p in matched_parties])
    fields["parties.country"] = _mean([exact(g.country, p.country) for g, p in matched_parties])
    gold_reps, pred_reps = _representatives(gold.parties), _representatives(pred.parties)
    lists["representatives"], rep_pairs = match(
        gold_reps, pred_reps, lambda g, p: person_name_similarity(g.name, p.name)
    )
    fields["representatives.role"] = _mean(
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
        anls_star=float(anls_score(anls_view(gold), anls_view(pred), return_gt=False, return_key_scores=False)),
        fields=fields,
        lists=lists,
        honesty=honesty(gold, pred, article, matched_parties),
        summary=SummaryScore(
            ar=summary_side(gold, pred.summary.ar, gold.summary.ar, "ar", pred, article),
            en=summary_side(gold, pred.summary.en, gold.summary.en, "en", pred, article),
        ),
    )


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


# ------------------------------------------------------------------------------------------------------- honesty


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


# ------------------------------------------------------------------------------------------------------- summary

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
    return _CHRF.sentence_score(hypothesis, [reference]).score / 100


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
