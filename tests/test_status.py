"""What happened, decided from the article's own words: the ceiling the model may not exceed."""

from __future__ import annotations

import pytest

from agreement_llm.arabic import clean
from agreement_llm.schema import Status
from agreement_llm.status import analyse, claims_signing, sentence_status
from conftest import seed as seed_text


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
    analysis = analyse(clean(seed_text(seed)).text)
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


# Constructed examples of each class issue 8 found in third-party news (one sentence each, not article text).
@pytest.mark.parametrize(
    "sentence",
    [
        "تم أمس إبرام اتفاقية بين البلدية والجمعية",  # verbal noun after تم, words between
        "جرى يوم الخميس إبرام اتفاق شراكة بين الجامعة والشركة",
        "أمضت البلدية على اتفاقية توأمة مع مدينة سوسة",  # Tunisian/Maghrebi أمضى
        "وأمضى الطرفان اتفاقية تعاون في مجال التكوين",
        "وتم إمضاء اتفاقية الشراكة بمقر الولاية",
        "وقعتاها بمقر الوزارة في إطار مذكرة التفاهم",  # pronoun suffixes
        "وبتوقيعهما على الاتفاقية تدخل الشراكة حيز التنفيذ",
        "وعقب توقيعها للاتفاقية، أكدت الوزيرة أهمية الشراكة",
        "الاتفاقيات الممضاة اليوم تشمل قطاع الصحة",
        "أبرمت الوزارة والاتحاد الأوروبي اتفاقية منحة",
    ],
)
def test_forms_of_signed_are_read_as_signed(sentence: str) -> None:
    assert sentence_status(sentence) is Status.SIGNED


@pytest.mark.parametrize(
    ("article", "status"),
    [
        # an agreement signed years ago, given as background to today's meeting
        (
            "بحث الطرفان اليوم سبل تعزيز التعاون بين الحركتين.\nوكانت الحركتان قد وقعتا اتفاقا في أكتوبر الماضي.",
            Status.PLANNED,
        ),
        # a failure to sign
        ("اجتمع وفدا الشركتين لبحث الشراكة.\nوفشل الطرفان في التوصل إلى توقيع اتفاق جديد.", Status.PLANNED),
        # a headline that says «يوقع» over a body that reports a renewal
        ("النادي يوقع مع الشركة الراعية\n\nأعلن النادي تجديد العقد مع الشركة الراعية لثلاث سنوات.", Status.RENEWED),
        # a headline that states a done signing the body puts in the future: the body decides
        (
            "امضاء اتفاق ثلاثي بين الولاية والجامعة والشركة\n\nسيتم امضاء الاتفاق يوم 9 جوان القادم بمقر الولاية.",
            Status.PLANNED,
        ),
        # the frame of the event is an instrument signed earlier
        ("نظمت الجمعية قافلة طبية في إطار الاتفاقية الموقعة مع المندوبية.", Status.NOT_AN_AGREEMENT),
        # «توقع أن»: expected that, not signed
        ("وتوقع الوزير أن يتم توقيع الاتفاقية قبل نهاية السنة.", Status.PLANNED),
    ],
)
def test_the_status_is_that_of_the_articles_own_event(article: str, status: Status) -> None:
    assert analyse(article).status is status


def test_an_article_with_no_cue_at_all_is_capped_at_not_an_agreement() -> None:
    # Measured on the dev set: articles that name an agreement only in passing (a speech under an old protocol, a
    # follow-up meeting) carry no cue, and the model calls them "signed"; no gold status of any set is lost by the cap.
    assert (
        analyse("وألقى الوزير كلمة خلال برنامج ينفذ في إطار بروتوكول التعاون بين المجلس والهيئة.").ceiling
        is Status.NOT_AN_AGREEMENT
    )
    assert analyse("افتتح الوزير معرضا للكتاب بالرباط.").ceiling is Status.NOT_AN_AGREEMENT


def test_a_future_verb_after_an_instrument_is_a_plan_and_a_lost_comma_splits_no_sentence() -> None:
    assert analyse("وأشار إلى أن اتفاقيات ستجمع المتحف مع وزارات معينة.").status is Status.PLANNED
    assert analyse("وقعت الشركة? مؤخرا? مع البنك عقدا بقيمة 8 ملايين دولار.").status is Status.SIGNED


def test_on_the_sound_of_is_no_signing_but_oversaw_the_signing_is() -> None:
    assert sentence_status("انهار الاتفاق على وقع تبادل للقصف بين الجانبين") is not Status.SIGNED
    assert sentence_status("وأشرف الوزير على توقيع اتفاقية شراكة بين الجامعة والشركة") is Status.SIGNED
