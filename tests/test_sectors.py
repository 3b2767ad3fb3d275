"""Tests for agreement_llm.sectors: the sectors an article's own words point to."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agreement_llm.schema import Sector
from agreement_llm.sectors import sectors_named

HEALTH_PARTNERSHIP = (
    "وقعت جمعية أصدقاء المرضى ومندوبية الصحة اتفاقية شراكة لتقريب العلاج من سكان القرى، "
    "عبر قوافل طبية وتجهيز المستوصفات بالأدوية الضرورية."
)
# Economy and infrastructure both named plainly and often: an agreement that serves both.
PORT_AND_TRADE = (
    "تهدف الاتفاقية إلى تطوير البنية التحتية للميناء وربطه بالسكك الحديدية وتزويده بالكهرباء والمياه، "
    "وجلب الاستثمارات وتنشيط التجارة والصادرات ودعم القطاع الخاص لخلق فرص عمل."
)


def test_health_partnership_is_health_first() -> None:
    assert sectors_named(HEALTH_PARTNERSHIP)[0] is Sector.HEALTH


def test_a_passing_mention_gives_nothing() -> None:
    # One cue of one sector: the article is about a ceremony, not about health.
    text = "وقع الطرفان الاتفاقية بحضور ممثلين عن قطاع الصحة وعدد من المنتخبين."
    assert sectors_named(text) == []


def test_one_word_repeated_is_still_one_cue() -> None:
    assert sectors_named("الصحة ثم الصحة ثم الصحة ثم الصحة.") == []


def test_two_sectors_named_plainly_are_both_returned() -> None:
    # As much evidence for each: the one the text names first comes first.
    assert sectors_named(PORT_AND_TRADE) == [Sector.INFRASTRUCTURE, Sector.ECONOMY]


def test_strongest_sector_comes_first() -> None:
    more_trade = PORT_AND_TRADE + " وتشجيع المقاولات والصناعة والتصدير ورجال الأعمال."
    assert sectors_named(more_trade) == [Sector.ECONOMY, Sector.INFRASTRUCTURE]


def test_limit_holds() -> None:
    assert sectors_named(PORT_AND_TRADE, limit=1) == [Sector.INFRASTRUCTURE]
    assert sectors_named(PORT_AND_TRADE, limit=0) == []
    assert sectors_named(PORT_AND_TRADE, limit=-1) == []


def test_clitic_and_article_forms_are_read() -> None:
    # Every cue here carries a clitic (ب، و، ل، لل، بال، وال) and would be missed by whole-word matching.
    assert sectors_named("برنامج يعنى بالصحة وبالمستشفيات") == [Sector.HEALTH]
    assert sectors_named("دعم المدارس والتعليم وللتلاميذ") == [Sector.EDUCATION]
    assert sectors_named("تكوين الشباب وتأهيلهم للشغل") == [Sector.TRAINING]


def test_diacritics_and_hamza_spellings_are_folded() -> None:
    assert sectors_named("تحسين الخدماتِ الصحّيّة والرعاية الطّبيّة للمرضى") == [Sector.HEALTH]


def test_words_that_merely_start_alike_are_not_cues() -> None:
    # صحيفة (newspaper), صحيح (correct), بطاقة (card, not ب + طاقة), طبيعي (natural, not طبي).
    text = "نشرت الصحيفة خبرا صحيحا عن البطاقات وعن الوسط الطبيعي والبطاقة الوطنية"
    assert sectors_named(text) == []


def test_a_multi_word_cue_counts_as_one_cue_and_keeps_its_words() -> None:
    # «بنية تحتية» is one cue: alone it is a passing mention, with one more it names the sector; «صرف صحي» is
    # sanitation, not health.
    assert sectors_named("اتفاقية لتأهيل البنية التحتية") == []
    assert sectors_named("اتفاقية لتأهيل البنية التحتية وتوسيع الموانئ") == [Sector.INFRASTRUCTURE]
    assert Sector.HEALTH not in sectors_named("مشروع للصرف الصحي والماء الصالح للشرب وشبكة الصرف الصحي بالمستوصف")


def test_empty_and_latin_text_give_nothing() -> None:
    assert sectors_named("") == []
    assert sectors_named("   \n") == []
    assert sectors_named("Health, education and training partnership signed in Rabat.") == []
    assert sectors_named("Convention de partenariat santé éducation 2024") == []


CUE_WORDS = [
    "الصحة",
    "بالمستشفيات",
    "المرضى",
    "والتعليم",
    "المدارس",
    "التكوين",
    "الاستثمار",
    "التجارة",
    "البنية",
    "التحتية",
    "الطاقة",
    "البيئة",
    "المناخ",
    "الفلاحة",
    "السياحة",
    "الثقافة",
    "التراث",
    "الشباب",
    "المرأة",
    "الإعاقة",
    "الإعلام",
    "الرياضة",
    "الرقمنة",
    "الحكامة",
    "الإغاثة",
    "اللاجئين",
    "الاجتماعي",
]
FILLER = st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهوي ةىأإآؤئ،.ًٌٍَُِّْ abc123", max_size=12)


@settings(deadline=None, max_examples=300)
@given(words=st.lists(st.one_of(st.sampled_from(CUE_WORDS), FILLER), max_size=60), limit=st.integers(-2, 8))
def test_result_is_bounded_unique_and_never_other(words: list[str], limit: int) -> None:
    result = sectors_named(" ".join(words), limit=limit)
    assert len(result) <= max(limit, 0)
    assert len(set(result)) == len(result)
    assert Sector.OTHER not in result
    assert all(isinstance(s, Sector) for s in result)


@pytest.mark.parametrize(
    "text",
    [
        "وقعت الغرفة اتفاقية تعاون بحضور رجال الأعمال",  # one stock phrase
        "شارك في اللقاء ممثلون عن الهلال الأحمر",
        "انطلقت أشغال الدورة في محطة مهمة لتهيئة الظروف",  # figurative words
    ],
)
def test_a_passing_phrase_or_a_figure_of_speech_names_no_sector(text: str) -> None:
    assert sectors_named(text) == []
