"""What happened, decided from the article's own words: the ceiling the model may not exceed."""

from __future__ import annotations

from pathlib import Path

import pytest

from agreement_llm.arabic import clean
from agreement_llm.schema import Status
from agreement_llm.status import analyse, claims_signing, sentence_status

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))


@pytest.mark.parametrize(
    ("seed", "status", "cue"),
    [
        ("000", Status.SIGNED, "التوقيع على اتفاقية شراكة وتعاون"),
        ("001", Status.SIGNED, "توقّع اتفاقيات شراكة"),
        ("002", Status.SIGNED, "وقعت التعاضدية العامة"),
        ("003", Status.PLANNED, "لقاء تواصليا"),  # a meeting toward a partnership, nothing signed
        ("004", Status.AGREED_IN_PRINCIPLE, "نقاط الاتفاق"),  # points agreed during a visit
    ],
)
def test_each_seed_supports_exactly_its_status(seed: str, status: Status, cue: str) -> None:
    path = next(p for p in SEEDS if p.name.startswith(seed))
    analysis = analyse(clean(path.read_text(encoding="utf-8")).text)
    assert analysis.status is status
    assert cue in analysis.cue.sentence


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("وسيتم التوقيع على اتفاقية الشراكة الأسبوع المقبل", Status.PLANNED),
        ("ستوقع الوزارة والجامعة مذكرة تفاهم", Status.PLANNED),
        ("لم يتم توقيع الاتفاقية بعد", Status.PLANNED),
        ("جدد الطرفان اتفاقية التعاون لثلاث سنوات", Status.RENEWED),
        ("وقّع الجانبان بروتوكول تعاون", Status.SIGNED),
        ("اتفق الحاضرون على ضرورة عقد لقاءات قادمة", Status.PLANNED),  # agreeing to meet again
        ("وناقش الطرفان مسودة الاتفاقية", Status.PLANNED),
        ("وتوقع الخبراء ارتفاع الأسعار", None),  # "توقع" = expect, no instrument
        ("افتتح اللقاء بآيات بينات من الذكر الحكيم", None),
    ],
)
def test_sentence_cues(sentence: str, status: Status | None) -> None:
    assert sentence_status(sentence) is status


def test_an_article_without_cues_is_not_an_agreement() -> None:
    assert analyse("افتتح الوزير معرضا للكتاب بالرباط.").status is Status.NOT_AN_AGREEMENT


@pytest.mark.parametrize(
    ("ar", "en", "claims"),
    [
        ("وقعت الجمعية اتفاقية.", "The association signed an agreement.", True),
        ("عقدت المنظمة لقاء تواصليا.", "The organisation signed a partnership.", True),
        ("سيتم توقيع الاتفاقية لاحقا.", "The agreement is to be signed later.", False),
        ("لم يتم توقيع أي اتفاقية.", "No agreement was signed.", False),
        ("اتفق الجانبان على نقاط.", "The two sides agreed on points without signing anything.", False),
    ],
)
def test_claims_signing(ar: str, en: str, claims: bool) -> None:
    assert claims_signing(ar, en) is claims
