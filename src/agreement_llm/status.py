"""What happened, decided from the article's own words.

Small models call almost every article "signed": a meeting toward a partnership, points agreed during a visit, a
signing announced for next week. So the code reads the cues itself, sentence by sentence, and the model may never
claim more than the strongest cue supports (`max_status`). The cues are matched on normalised text
(`arabic.normalize`: alef/hamza folded, taa marbuta as ha, no diacritics), so they are written in that form.

>>> analyse("وقعت الجمعية والمؤسسة اتفاقية شراكة بالرباط.").status
<Status.SIGNED: 'signed'>
>>> analyse("وسيتم التوقيع على الاتفاقية الأسبوع المقبل.").status
<Status.PLANNED: 'planned'>
>>> analyse("واتفق الجانبان خلال الزيارة على عدة نقاط.").status
<Status.AGREED_IN_PRINCIPLE: 'agreed_in_principle'>
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .arabic import normalize
from .schema import Status

STATUS_ORDER = {
    Status.NOT_AN_AGREEMENT: 0,
    Status.PLANNED: 1,
    Status.AGREED_IN_PRINCIPLE: 2,
    Status.SIGNED: 3,
    Status.RENEWED: 3,
}

_W = r"(?:\S+\s+){0,3}"  # up to three words between a marker and the verb it governs

_INSTRUMENT = re.compile(r"اتفاقي|اتفاق|مذكره|تفاهم|بروتوكول|شراك|عقد|توامه|ميثاق|منحه|قرض")
_SIGNING = re.compile(
    r"(?<!\w)(?:و|ف)?(?:وقع|وقعت|وقعا|وقعتا|وقعوا|يوقع|توقع|يوقعان|توقيع|التوقيع|بتوقيع|الموقعه|الموقعتين|موقعه"
    r"|ابرم|ابرمت|ابرما|تم ابرام|جرى ابرام)(?!\w)"
)
_FUTURE_SIGNING = re.compile(
    rf"(?:سيتم|سوف|من المقرر|المقرر|يرتقب|مرتقب|ينتظر|سيجري|قصد|بهدف|من اجل|العمل على|بصدد)\s+{_W}"
    r"(?:توقيع|التوقيع|يوقع|توقع|ابرام|يبرم)"
    r"|(?<!\w)(?:و)?(?:ستوقع|سيوقع|سيوقعان|ستوقعان|ستبرم|سيبرم)(?!\w)"
    r"|(?:توقيع|التوقيع)\s+" + _W + r"(?:القادم|المقبل|لاحقا)"
)
_NEGATED_SIGNING = re.compile(rf"(?:لم|لن|دون|بدون|تاجيل|تأجيل|الغاء|رفض)\s+{_W}(?:توقيع|التوقيع|يوقع|توقع|يتم)")
_RENEWAL = re.compile(r"(?<!\w)(?:و)?(?:تجديد|تمديد|جدد|جددت|جددا|مدد|مددت|تحيين)(?!\w)")
_AGREED = re.compile(r"(?<!\w)(?:و)?(?:اتفق|اتفقا|اتفقت|اتفقوا|توافق|توافقا|تم الاتفاق|نقاط الاتفاق)(?!\w)")
_FUTURE_MEETING = re.compile(r"لقاءات|لقاء|اجتماع|قادمه|القادمه|المقبله|مقبله")
_TALKS = re.compile(
    r"لقاء تواصلي|لقاءا تواصليا|مباحثات|محادثات|بحث سبل|تباحث|مسوده|مشروع اتفاقي|ابرام|عقد شراكه|شراكه مستقبليه"
    r"|الخطوط العريضه لشراكه|تنزيل شراكه"
)
_SENTENCE_END = re.compile(r"[.!?؟؛\n]+")


@dataclass(frozen=True)
class Cue:
    """The strongest status one sentence supports, and where that sentence stands."""

    status: Status
    sentence: str
    start: int
    end: int


@dataclass(frozen=True)
class StatusAnalysis:
    """The status the article supports at most, with the sentence that shows it (None when nothing does)."""

    status: Status
    cue: Cue | None
    cues: tuple[Cue, ...]

    @property
    def has_signing(self) -> bool:
        return any(c.status is Status.SIGNED for c in self.cues)

    @property
    def has_renewal(self) -> bool:
        return any(c.status is Status.RENEWED for c in self.cues)


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of `text` (split on . ! ? ؟ ؛ and line ends)."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if text[start : match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def sentence_status(sentence: str) -> Status | None:
    """The status one sentence supports on its own, or None when it carries no cue."""
    s = normalize(sentence)
    about_instrument = _INSTRUMENT.search(s) is not None
    if _FUTURE_SIGNING.search(s) or _NEGATED_SIGNING.search(s):
        return Status.PLANNED
    if about_instrument and _RENEWAL.search(s):
        return Status.RENEWED
    if about_instrument and _SIGNING.search(s):
        return Status.SIGNED
    if _AGREED.search(s):
        # "اتفق الحاضرون على ضرورة عقد لقاءات قادمة" agrees only to meet again: a step toward a partnership.
        return Status.PLANNED if _FUTURE_MEETING.search(s) else Status.AGREED_IN_PRINCIPLE
    if _TALKS.search(s):
        return Status.PLANNED
    return None


def analyse(text: str) -> StatusAnalysis:
    """Read every sentence of `text` and return the strongest status its cues support."""
    cues = []
    for start, end in sentences(text):
        status = sentence_status(text[start:end])
        if status is not None:
            cues.append(Cue(status, text[start:end].strip(), start, end))
    best = max(cues, key=lambda c: STATUS_ORDER[c.status], default=None)
    return StatusAnalysis(best.status if best else Status.NOT_AN_AGREEMENT, best, tuple(cues))


_EN_SIGNED = re.compile(r"\b(signed|signs|signing of|inked)\b", re.IGNORECASE)
_EN_NOT = re.compile(r"\b(not|no|nothing|none|never|yet|to be|will|would|plan|planned|future|before|without)\b[^.]{0,30}$", re.IGNORECASE)
_AR_SIGNED = re.compile(r"(?<!\w)(?:و)?(?:وقع|وقعت|وقعا|وقعتا|تم توقيع|جرى توقيع|التوقيع على|توقيع)(?!\w)")
_AR_NOT = re.compile(r"(?:لم|لن|سيتم|سوف|دون|بدون|قبل|المقرر|مستقبل)\s+(?:\S+\s+){0,2}$")


def claims_signing(summary_ar: str, summary_en: str) -> bool:
    """True when either summary states, without negation or future, that something was signed.

    >>> claims_signing("عقدت المنظمة لقاء تواصليا.", "The organisation held a meeting; nothing was signed.")
    False
    >>> claims_signing("وقعت الجمعية اتفاقية.", "The association signed an agreement.")
    True
    """
    for match in _EN_SIGNED.finditer(summary_en):
        if not _EN_NOT.search(summary_en[max(0, match.start() - 40) : match.start()]):
            return True
    ar = normalize(summary_ar)
    for match in _AR_SIGNED.finditer(ar):
        if not _AR_NOT.search(ar[max(0, match.start() - 30) : match.start()]):
            return True
    return False
