"""The words of Arabic dates, as the press writes them: month names (MSA and Egyptian, Moroccan, Levantine/Iraqi,
Algerian/Tunisian, Hijri), weekdays and relative phrases, with lookup indexes keyed by matching form (`key`).

Off-the-shelf parsers mishandle Maghrebi/Levantine month names and Hijri dates; these tables cover the spellings
seen in Arab news. Matching runs on `normalize` forms, so a table needs only one spelling per name.
"""

from __future__ import annotations

from .calendars import Calendar
from .normalize import normalize

MONTHS_MSA = {
    "يناير": 1,
    "فبراير": 2,
    "مارس": 3,
    "أبريل": 4,
    "إبريل": 4,
    "مايو": 5,
    "يونيو": 6,
    "يونيه": 6,
    "يونية": 6,
    "يوليو": 7,
    "يوليه": 7,
    "يولية": 7,
    "أغسطس": 8,
    "سبتمبر": 9,
    "أكتوبر": 10,
    "نوفمبر": 11,
    "ديسمبر": 12,
}
MONTHS_MAGHREB = {
    "ماي": 5,
    "يوليوز": 7,
    "غشت": 8,
    "شتنبر": 9,
    "نونبر": 11,
    "دجنبر": 12,
}
MONTHS_LEVANT = {
    "كانون الثاني": 1,
    "كانون ثاني": 1,
    "شباط": 2,
    "آذار": 3,
    "نيسان": 4,
    "أيار": 5,
    "حزيران": 6,
    "تموز": 7,
    "آب": 8,
    "أيلول": 9,
    "تشرين الأول": 10,
    "تشرين أول": 10,
    "تشرين الثاني": 11,
    "تشرين ثاني": 11,
    "كانون الأول": 12,
    "كانون أول": 12,
}
MONTHS_ALGERIA_TUNISIA = {
    "جانفي": 1,
    "فيفري": 2,
    "أفريل": 4,
    "جوان": 6,
    "جويلية": 7,
    "أوت": 8,
}
MONTHS_HIJRI = {
    "محرم": 1,
    "المحرم": 1,
    "صفر": 2,
    "ربيع الأول": 3,
    "ربيع أول": 3,
    "ربيع الآخر": 4,
    "ربيع الثاني": 4,
    "ربيع ثاني": 4,
    "جمادى الأولى": 5,
    "جمادى الأول": 5,
    "جمادى الآخرة": 6,
    "جمادى الآخر": 6,
    "جمادى الثانية": 6,
    "جمادى الثاني": 6,
    "رجب": 7,
    "شعبان": 8,
    "رمضان": 9,
    "شوال": 10,
    "ذو القعدة": 11,
    "ذي القعدة": 11,
    "ذو الحجة": 12,
    "ذي الحجة": 12,
}
# Python's weekday(): Monday is 0.
WEEKDAYS = {
    "الاثنين": 0,
    "الإثنين": 0,
    "الاتنين": 0,
    "الثلاثاء": 1,
    "الأربعاء": 2,
    "الخميس": 3,
    "الجمعة": 4,
    "السبت": 5,
    "الأحد": 6,
}

# Relative words: (unit, offset). unit None means "no resolvable date".
RELATIVE = {
    "اليوم": ("day", 0),
    "أمس": ("day", -1),
    "البارحة": ("day", -1),
    "أمس الأول": ("day", -2),
    "أول أمس": ("day", -2),
    "أول من أمس": ("day", -2),
    "غدا": ("day", 1),
    "بعد غد": ("day", 2),
    "الليلة الماضية": ("day", -1),
    "مؤخرا": (None, 0),
    "في الآونة الأخيرة": (None, 0),
    # A signing "within a month" or "in the coming days" is dated, but to no day the text names (dev set mgh_03).
    "في غضون شهر": (None, 0),
    "في غضون أسبوع": (None, 0),
    "في غضون أيام": (None, 0),
    "في غضون الأيام المقبلة": (None, 0),
    "خلال الأيام المقبلة": (None, 0),
    "خلال الأيام القادمة": (None, 0),
    "في الأيام المقبلة": (None, 0),
    "في الأيام القادمة": (None, 0),
    "قريبا": (None, 0),
    "في وقت لاحق": (None, 0),
    # A week is not a day, month or year: we do not invent a precision.
    "الأسبوع الماضي": (None, 0),
    "الأسبوع المنصرم": (None, 0),
    "الأسبوع الفائت": (None, 0),
    "هذا الأسبوع": (None, 0),
    "الأسبوع الجاري": (None, 0),
    "الأسبوع الحالي": (None, 0),
    "الأسبوع المقبل": (None, 0),
    "الأسبوع القادم": (None, 0),
    "الشهر الماضي": ("month", -1),
    "الشهر المنصرم": ("month", -1),
    "الشهر الفائت": ("month", -1),
    "الشهر الجاري": ("month", 0),
    "الشهر الحالي": ("month", 0),
    "هذا الشهر": ("month", 0),
    "الشهر المقبل": ("month", 1),
    "الشهر القادم": ("month", 1),
    "العام الماضي": ("year", -1),
    "السنة الماضية": ("year", -1),
    "العام المنصرم": ("year", -1),
    "العام الجاري": ("year", 0),
    "العام الحالي": ("year", 0),
    "هذا العام": ("year", 0),
    "هذه السنة": ("year", 0),
    "السنة الجارية": ("year", 0),
    "السنة الحالية": ("year", 0),
    "العام المقبل": ("year", 1),
    "العام القادم": ("year", 1),
    "السنة المقبلة": ("year", 1),
}
PAST = ("الماضي", "المنصرم", "الفائت")
FUTURE = ("المقبل", "القادم")


def key(name: str) -> str:
    """Lookup key of a (normalized or raw) name: normalized, spaces removed.

    >>> MONTH_INDEX[key("كانون الثاني")], WEEKDAY_INDEX[key("الأحد")]
    (('gregorian', 1), 6)
    """
    return normalize(name).replace(" ", "")


MONTH_INDEX: dict[str, tuple[Calendar, int]] = {}
for _table in (MONTHS_MSA, MONTHS_MAGHREB, MONTHS_LEVANT, MONTHS_ALGERIA_TUNISIA):
    MONTH_INDEX.update({key(n): ("gregorian", m) for n, m in _table.items()})
MONTH_INDEX.update({key(n): ("hijri", m) for n, m in MONTHS_HIJRI.items()})
WEEKDAY_INDEX = {key(n): d for n, d in WEEKDAYS.items()}
RELATIVE_INDEX = {key(n): v for n, v in RELATIVE.items()}

# Every month name as written, in table order (the status cues read them too).
ALL_MONTH_NAMES = [
    *MONTHS_MSA,
    *MONTHS_MAGHREB,
    *MONTHS_LEVANT,
    *MONTHS_ALGERIA_TUNISIA,
    *MONTHS_HIJRI,
]


__all__ = [
    "ALL_MONTH_NAMES",
    "FUTURE",
    "MONTHS_ALGERIA_TUNISIA",
    "MONTHS_HIJRI",
    "MONTHS_LEVANT",
    "MONTHS_MAGHREB",
    "MONTHS_MSA",
    "MONTH_INDEX",
    "PAST",
    "RELATIVE",
    "RELATIVE_INDEX",
    "WEEKDAYS",
    "WEEKDAY_INDEX",
    "key",
]
