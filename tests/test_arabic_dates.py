"""Tests for agreement_llm.arabic.dates (Arabic date phrases to ISO)."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agreement_llm.arabic.dates import ParsedDate, find_dates, parse_date
from conftest import seed


def found(text: str, published: date | None = None) -> list[tuple[str, str | None, str | None]]:
    return [(m.text, m.parsed.iso, m.parsed.precision) for m in find_dates(text, published)]


# --- The seeds ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "published", "iso", "precision"),
    [  # month names with a qualifier or a direction, and vague future phrases (dev set egs2_04, mgh2_05, egs2_06)
        ("مطلع أبريل/نيسان المقبل", date(2023, 3, 30), "2023-04", "month"),
        ("أبريل المقبل", date(2023, 12, 1), "2024-04", "month"),
        ("في شهر نونبر الماضي", date(2023, 9, 28), "2022-11", "month"),
        ("أواخر جويلية أو مطلع أوت المقبلين", None, None, None),
        ("في غضون شهر", date(2012, 5, 1), None, None),
        ("الليلة الماضية", date(2023, 9, 28), "2023-09-27", "day"),
    ],
)
def test_qualified_months_and_vague_phrases(
    phrase: str, published: date | None, iso: str | None, precision: str | None
) -> None:
    parsed = parse_date(phrase, published)
    assert parsed is not None and (parsed.iso, parsed.precision) == (iso, precision)


def test_seed_000() -> None:
    assert found(seed("000")) == [
        ("2022-01-02T16:46:34+00:00", "2022-01-02", "day"),
        ("2022-01-02T16:48:20+00:00", "2022-01-02", "day"),
        ("2 يناير 2022", "2022-01-02", "day"),  # glued to the outlet: "بلوس242 يناير"
        ("يوم السبت 01 يناير 2022", "2022-01-01", "day"),
        ("خلال الأيام القادمة", None, None),  # a time phrase that names no day
    ]
    assert not parse_date("يوم السبت 01 يناير 2022").weekday_mismatch  # a Saturday


def test_seed_001() -> None:
    assert found(seed("001")) == [("يوم الأربعاء 2 يوليوز 2025", "2025-07-02", "day")]
    parsed = parse_date("يوم الأربعاء 2 يوليوز 2025")
    assert parsed.as_date().weekday() == 2 and not parsed.weekday_mismatch


def test_seed_002_recently_is_no_day() -> None:
    mentions = find_dates(seed("002"), published=date(2019, 5, 1))
    assert [m.text for m in mentions] == ["مؤخرا"]
    assert mentions[0].parsed == ParsedDate(None, None, "gregorian", relative=True)


def test_seed_003() -> None:
    assert found(seed("003")) == [
        ("يومه الأحد 24 دجنبر 2023م", "2023-12-24", "day"),
        ("سنة 2019م", "2019", "year"),
        ("12 نونبر2023م", "2023-11-12", "day"),
    ]
    assert not parse_date("يومه الأحد 24 دجنبر 2023م").weekday_mismatch  # a Sunday


def test_seed_004_has_no_dates() -> None:
    assert find_dates(seed("004")) == []


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_mention_offsets_match_source(prefix: str) -> None:
    text = seed(prefix)
    for m in find_dates(text, published=date(2025, 7, 3)):
        assert text[m.start : m.end] == m.text


# --- Month families -------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "iso"),
    [
        # MSA / Egyptian
        ("3 يناير 2024", "2024-01-03"),
        ("3 فبراير 2024", "2024-02-03"),
        ("3 مارس 2024", "2024-03-03"),
        ("3 أبريل 2024", "2024-04-03"),
        ("3 ابريل 2024", "2024-04-03"),
        ("3 إبريل 2024", "2024-04-03"),
        ("3 مايو 2024", "2024-05-03"),
        ("3 يونيو 2024", "2024-06-03"),
        ("3 يونيه 2024", "2024-06-03"),
        ("3 يوليو 2024", "2024-07-03"),
        ("3 يوليه 2024", "2024-07-03"),
        ("3 أغسطس 2024", "2024-08-03"),
        ("3 اغسطس 2024", "2024-08-03"),
        ("3 سبتمبر 2024", "2024-09-03"),
        ("3 أكتوبر 2024", "2024-10-03"),
        ("3 اكتوبر 2024", "2024-10-03"),
        ("3 نوفمبر 2024", "2024-11-03"),
        ("3 ديسمبر 2024", "2024-12-03"),
        # Maghrebi
        ("3 ماي 2024", "2024-05-03"),
        ("3 يوليوز 2024", "2024-07-03"),
        ("3 غشت 2024", "2024-08-03"),
        ("3 شتنبر 2024", "2024-09-03"),
        ("3 نونبر 2024", "2024-11-03"),
        ("3 دجنبر 2024", "2024-12-03"),
        ("فاتح يوليوز 2025", "2025-07-01"),
        # Levantine / Iraqi
        ("3 كانون الثاني 2024", "2024-01-03"),
        ("3 شباط 2024", "2024-02-03"),
        ("3 آذار 2024", "2024-03-03"),
        ("3 اذار 2024", "2024-03-03"),
        ("3 نيسان 2024", "2024-04-03"),
        ("3 أيار 2024", "2024-05-03"),
        ("3 حزيران 2024", "2024-06-03"),
        ("3 تموز 2024", "2024-07-03"),
        ("3 آب 2024", "2024-08-03"),
        ("3 أيلول 2024", "2024-09-03"),
        ("3 تشرين الأول 2024", "2024-10-03"),
        ("3 تشرين الثاني 2024", "2024-11-03"),
        ("3 كانون الأول 2024", "2024-12-03"),
        ("3 تشرين ثاني 2024", "2024-11-03"),
        ("2 تموز/يوليو 2025", "2025-07-02"),
        # Algerian / Tunisian
        ("3 جانفي 2024", "2024-01-03"),
        ("3 فيفري 2024", "2024-02-03"),
        ("3 أفريل 2024", "2024-04-03"),
        ("3 جوان 2024", "2024-06-03"),
        ("3 جويلية 2024", "2024-07-03"),
        ("3 أوت 2024", "2024-08-03"),
        # spellings: diacritics, tatweel, comma, suffixes, glued year
        ("3 يولـيـو، 2024", "2024-07-03"),
        ("3 يُولْيُو 2024م", "2024-07-03"),
        ("3 من يوليو 2024", "2024-07-03"),
        ("3 يوليو سنة 2024 ميلادية", "2024-07-03"),
    ],
)
def test_month_families(phrase: str, iso: str) -> None:
    parsed = parse_date(phrase)
    assert parsed == ParsedDate(iso, "day", "gregorian")
    assert find_dates(f"تم التوقيع {phrase} بالرباط")[0].text == phrase


@pytest.mark.parametrize(
    ("phrase", "iso", "precision"),
    [
        ("شهر يوليو 2025", "2025-07", "month"),
        ("يوليو 2025", "2025-07", "month"),
        ("كانون الثاني 2024", "2024-01", "month"),
        ("دجنبر 2023م", "2023-12", "month"),
        ("سنة 2019م", "2019", "year"),
        ("عام 2019", "2019", "year"),
        ("2019م", "2019", "year"),
        ("منذ 2015", "2015", "year"),
    ],
)
def test_month_and_year_precision(phrase: str, iso: str, precision: str) -> None:
    parsed = parse_date(phrase)
    assert (parsed.iso, parsed.precision, parsed.relative) == (iso, precision, False)


# --- Hijri ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "iso"),
    [
        ("15 رمضان 1445هـ", "2024-03-25"),
        ("15 رمضان 1445 هـ", "2024-03-25"),
        ("١٥ رمضان ١٤٤٥ه", "2024-03-25"),
        ("1 محرم 1446هـ", "2024-07-07"),
        ("10 ذي الحجة 1445هـ", "2024-06-16"),
        ("10 ذو الحجة 1445 هجرية", "2024-06-16"),
        ("1 شوال 1445هـ", "2024-04-10"),
        ("12 ربيع الأول 1444هـ", "2022-10-08"),
        ("1 ربيع الآخر 1445هـ", "2023-10-16"),
        ("1 ربيع الثاني 1445هـ", "2023-10-16"),
        ("1 جمادى الأولى 1445هـ", "2023-11-15"),
        ("1 جمادى الآخرة 1445هـ", "2023-12-14"),
        ("27 رجب 1445هـ", "2024-02-08"),
        ("15 شعبان 1445هـ", "2024-02-25"),
        ("1 صفر 1445هـ", "2023-08-17"),
        ("1 ذو القعدة 1445هـ", "2024-05-09"),
        ("15/09/1445هـ", "2024-03-25"),
        ("30 شعبان 1445هـ", "2024-03-11"),  # 29 days in Umm al-Qura: next day
    ],
)
def test_hijri_days(phrase: str, iso: str) -> None:
    assert parse_date(phrase) == ParsedDate(iso, "day", "hijri")


def test_hijri_month_year_and_relative() -> None:
    assert parse_date("رمضان 1445هـ") == ParsedDate("2024-03", "month", "hijri")
    assert parse_date("1445هـ") == ParsedDate("2024", "year", "hijri")
    assert parse_date("15 رمضان", published=date(2025, 7, 3)) == ParsedDate("2025-03-15", "day", "hijri", True)
    assert parse_date("شهر رمضان", published=date(2025, 7, 3)).iso == "2025-03"
    assert parse_date("1 محرم 1600هـ") == ParsedDate(None, None, "hijri")  # outside Umm al-Qura


# --- Digits, numeric and ISO forms -------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "iso"),
    [
        ("٢ يوليوز ٢٠٢٥", "2025-07-02"),
        ("۲ يوليو ۲۰۲۵", "2025-07-02"),
        ("02/07/2025", "2025-07-02"),
        ("2-7-2025", "2025-07-02"),
        ("٠٢/٠٧/٢٠٢٥", "2025-07-02"),
        ("2025-07-02", "2025-07-02"),
        ("2022-01-02T16:46:34+00:00", "2022-01-02"),
        ("2022-01-02 16:46", "2022-01-02"),
    ],
)
def test_digits_and_numeric(phrase: str, iso: str) -> None:
    parsed = parse_date(phrase)
    assert (parsed.iso, parsed.precision, parsed.calendar) == (iso, "day", "gregorian")


@pytest.mark.parametrize("phrase", ["31/02/2025", "17.44.02", "1 من 746", "2022 01 02", "اتفاقية شراكة"])
def test_invalid_or_not_dates(phrase: str) -> None:
    assert parse_date(phrase) is None


def test_impossible_day_falls_back_to_month() -> None:
    # November has no 31st: the month and year are still reliable.
    assert parse_date("31 نونبر 2023") == ParsedDate("2023-11", "month", "gregorian")


# --- Relative phrases ---------------------------------------------------------------

PUBLISHED = date(2025, 7, 3)  # a Thursday


@pytest.mark.parametrize(
    ("phrase", "iso", "precision"),
    [
        ("اليوم", "2025-07-03", "day"),
        ("أمس", "2025-07-02", "day"),
        ("مساء أمس", "2025-07-02", "day"),
        ("البارحة", "2025-07-02", "day"),
        ("أمس الأول", "2025-07-01", "day"),
        ("أول أمس", "2025-07-01", "day"),
        ("غدا", "2025-07-04", "day"),
        ("يوم الأحد", "2025-06-29", "day"),
        ("يوم الخميس", "2025-07-03", "day"),  # on or before publication
        ("يوم الخميس الماضي", "2025-06-26", "day"),  # "الماضي" excludes today
        ("الخميس المقبل", "2025-07-10", "day"),
        ("الشهر الماضي", "2025-06", "month"),
        ("العام الماضي", "2024", "year"),
        ("هذا العام", "2025", "year"),
        ("2 يوليوز", "2025-07-02", "day"),  # day-month: publication year
        ("15 دجنبر", "2024-12-15", "day"),  # ... or the year before
        ("29 فبراير", "2024-02-29", "day"),
        ("شهر يوليو", "2025-07", "month"),
        ("شهر دجنبر", "2024-12", "month"),
    ],
)
def test_relative_with_publication(phrase: str, iso: str, precision: str) -> None:
    parsed = parse_date(phrase, published=PUBLISHED)
    assert (parsed.iso, parsed.precision, parsed.relative) == (iso, precision, True)
    assert parse_date(phrase, published=datetime(2025, 7, 3, 9, 30)) == parsed


@pytest.mark.parametrize("phrase", ["مؤخرا", "مؤخراً", "في الآونة الأخيرة", "الأسبوع الماضي"])
def test_vague_relative_is_never_a_day(phrase: str) -> None:
    for published in (None, PUBLISHED):
        assert parse_date(phrase, published) == ParsedDate(None, None, "gregorian", relative=True)


@pytest.mark.parametrize("phrase", ["أمس", "أمس الأول", "يوم الأحد الماضي", "2 يوليوز", "الشهر الماضي"])
def test_relative_without_publication(phrase: str) -> None:
    parsed = parse_date(phrase)
    assert parsed.iso is None and parsed.precision is None and parsed.relative


@pytest.mark.parametrize(
    "text",
    [
        "الجمعيات في أمس الحاجة إلى الدعم",
        "بمناسبة اليوم العالمي للمرأة",
        "اليوم الأول من الملتقى",
        "مارس الرياضة منذ صغره",
        "حضر السيد رمضان والسيد رجب",
        "الأحد عشر كوكبا",
        "WhatsApp Image 2022 01 02 at 17.44.02",
    ],
)
def test_no_false_positives(text: str) -> None:
    assert find_dates(text, published=PUBLISHED) == []


# --- Weekdays -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "mismatch"),
    [
        ("يوم الأربعاء 2 يوليوز 2025", False),
        ("يوم الجمعة 2 يوليوز 2025", True),
        ("الأحد 24 دجنبر 2023", False),
        ("الاثنين 24 دجنبر 2023", True),
        ("الأحد الموافق 24 دجنبر 2023", False),
        ("الأحد 02/07/2025", True),
        ("اليوم الخميس", False),
        ("أمس الخميس", True),
    ],
)
def test_weekday_mismatch(phrase: str, mismatch: bool) -> None:
    parsed = parse_date(phrase, published=PUBLISHED)
    assert parsed.precision == "day"
    assert parsed.weekday_mismatch is mismatch


def test_mismatch_keeps_date() -> None:
    assert parse_date("يوم الجمعة 2 يوليوز 2025").iso == "2025-07-02"


def test_find_dates_in_running_text() -> None:
    text = "وقّعت الجمعيتان أمس الأول اتفاقية، بعد لقاء ١٢ نونبر٢٠٢٣م، على أن تُفعّل شهر يناير 2024."
    mentions = find_dates(text, published=date(2023, 12, 26))
    assert [(m.text, m.parsed.iso) for m in mentions] == [
        ("أمس الأول", "2023-12-24"),
        ("١٢ نونبر٢٠٢٣م", "2023-11-12"),
        ("شهر يناير 2024", "2024-01"),
    ]
    assert all(text[m.start : m.end] == m.text for m in mentions)


# --- Properties -------------------------------------------------------------------

ARABIC = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىيـًٌٍَُِّْ"
PIECES = [
    "يوم",
    "يومه",
    "السبت",
    "الأحد",
    "الأربعاء",
    "يناير",
    "يوليوز",
    "دجنبر",
    "كانون الثاني",
    "رمضان",
    "ذو الحجة",
    "سنة",
    "عام",
    "شهر",
    "أمس",
    "الأول",
    "اليوم",
    "مؤخرا",
    "الماضي",
    "هـ",
    "م",
    "/",
    "-",
    "T",
    "2023",
    "1445",
    "12",
    "02",
    "٢٠٢٥",
    "١٢",
    " ",
    "، ",
    ":",
    "+00:00",
]
date_soup = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)
any_text = st.one_of(st.text(), st.text(alphabet=ARABIC + " 0123456789٠١٢٣٤٥٦٧٨٩/-:"), date_soup)
published_dates = st.one_of(st.none(), st.dates(min_value=date(1, 1, 1)))
ISO_BY_PRECISION = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}


def check_parsed(parsed: ParsedDate) -> None:
    assert (parsed.iso is None) == (parsed.precision is None)
    if parsed.iso is not None:
        assert re.fullmatch(ISO_BY_PRECISION[parsed.precision], parsed.iso)
    assert parsed.calendar in ("gregorian", "hijri")


@settings(max_examples=400, deadline=None)
@given(any_text, published_dates)
def test_find_dates_never_crashes(text: str, published: date | None) -> None:
    mentions = find_dates(text, published)
    previous_end = 0
    for m in mentions:
        assert text[m.start : m.end] == m.text and m.text
        assert m.start >= previous_end  # ordered, non-overlapping
        previous_end = m.end
        check_parsed(m.parsed)


@settings(max_examples=400, deadline=None)
@given(any_text, published_dates)
def test_parse_date_never_crashes(text: str, published: date | None) -> None:
    parsed = parse_date(text, published)
    if parsed is not None:
        check_parsed(parsed)
