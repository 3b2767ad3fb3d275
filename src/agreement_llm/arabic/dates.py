"""Arabic date phrases to ISO dates, with our own month tables.

Off-the-shelf parsers mishandle Maghrebi/Levantine month names and Hijri
dates, so the tables here cover the spellings seen in Arab news: MSA and
Egyptian, Moroccan, Levantine/Iraqi, Algerian/Tunisian and Hijri months.
Matching runs on :func:`normalize` forms (hamza, alef maqsura, ta marbuta,
diacritics, tatweel and Eastern digits folded), so a table needs only one
spelling per name; spans are mapped back to the text as written.

>>> parse_date("يومه الأحد 24 دجنبر 2023م")
ParsedDate(iso='2023-12-24', precision='day', calendar='gregorian', relative=False, weekday_mismatch=False)
>>> parse_date("15 رمضان 1445هـ").iso
'2024-03-25'
>>> parse_date("أمس", published=date(2025, 7, 3)).iso
'2025-07-02'
>>> [m.text for m in find_dates("وقعت يوم 2 يوليوز 2025 بعد لقاء شهر ماي")]
['يوم 2 يوليوز 2025', 'شهر ماي']
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from hijridate import Gregorian, Hijri

from .normalize import normalize, normalize_with_map, to_original_span

__all__ = [
    "DateMention",
    "ParsedDate",
    "find_dates",
    "parse_date",
]

Precision = Literal["day", "month", "year"]
Calendar = Literal["gregorian", "hijri"]


@dataclass(frozen=True)
class ParsedDate:
    """A resolved date phrase.

    ``iso`` is a Gregorian ISO string at the given precision ("2025-07-02",
    "2023-12", "2019"), or None when the phrase names no resolvable date
    (then ``precision`` is None too). ``calendar`` is the calendar the
    phrase was written in; Hijri dates are converted (Umm al-Qura).
    ``relative`` means the value was resolved against the publication
    date. ``weekday_mismatch`` flags a named weekday that the date does not
    fall on (the date is kept: the weekday is the likelier typo).
    """

    iso: str | None
    precision: Precision | None
    calendar: Calendar = "gregorian"
    relative: bool = False
    weekday_mismatch: bool = False

    def as_date(self) -> date | None:
        """The date for day precision, else None.

        >>> parse_date("02/07/2025").as_date()
        datetime.date(2025, 7, 2)
        """
        return date.fromisoformat(self.iso) if self.precision == "day" and self.iso else None


@dataclass(frozen=True)
class DateMention:
    """A date phrase found in a text: ``text == source[start:end]``."""

    text: str
    start: int
    end: int
    parsed: ParsedDate


# --- Tables (written as in the press; keys are normalized at import) -------

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
_RELATIVE = {
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
_PAST = ("الماضي", "المنصرم", "الفائت")
_FUTURE = ("المقبل", "القادم")


def _key(name: str) -> str:
    """Lookup key of a (normalized or raw) name: normalized, spaces removed."""
    return normalize(name).replace(" ", "")


_MONTH_INDEX: dict[str, tuple[Calendar, int]] = {}
for _table in (MONTHS_MSA, MONTHS_MAGHREB, MONTHS_LEVANT, MONTHS_ALGERIA_TUNISIA):
    _MONTH_INDEX.update({_key(n): ("gregorian", m) for n, m in _table.items()})
_MONTH_INDEX.update({_key(n): ("hijri", m) for n, m in MONTHS_HIJRI.items()})
_WEEKDAY_INDEX = {_key(n): d for n, d in WEEKDAYS.items()}
_RELATIVE_INDEX = {_key(n): v for n, v in _RELATIVE.items()}


def _alternation(names) -> str:
    """Regex alternation of normalized names, longest first, spaces optional."""
    forms = sorted({normalize(n) for n in names}, key=len, reverse=True)
    return "|".join(re.escape(f).replace(r"\ ", r"\s?") for f in forms)


# --- Patterns (run on normalized text: one space, ASCII digits, lowercase) ---

_NOT_AFTER_LETTER = r"(?<![^\W\d_])"
_NOT_BEFORE_LETTER = r"(?![^\W\d_])"
ALL_MONTH_NAMES = _ALL_MONTH_NAMES = [
    *MONTHS_MSA,
    *MONTHS_MAGHREB,
    *MONTHS_LEVANT,
    *MONTHS_ALGERIA_TUNISIA,
    *MONTHS_HIJRI,
]
_MONTH = rf"{_NOT_AFTER_LETTER}(?:{_alternation(_ALL_MONTH_NAMES)}){_NOT_BEFORE_LETTER}"
_WEEKDAY = rf"{_NOT_AFTER_LETTER}(?:{_alternation(WEEKDAYS)}){_NOT_BEFORE_LETTER}"
_DIRECTION = "|".join(_PAST + _FUTURE)
_SUFFIX = r"(?:\s?(?P<sfx>ميلاديه|ميلادي|للميلاد|هجريه|هجري|للهجره|م|ه)" + _NOT_BEFORE_LETTER + ")?"
_YEAR_WORD = r"(?:(?:سنه|عام)\s)?"
# "يوم السبت 01 ..." / "الأحد الموافق 24 ..." / "يوم 15 ...".
_LEAD = (
    rf"(?:{_NOT_AFTER_LETTER}(?:(?:يومه|يوم|نهار)\s)?(?P<wd>{_WEEKDAY})\s?[,،]?\s?"
    rf"(?:(?:ال)?موافق\s?(?:ل\s?)?)?|{_NOT_AFTER_LETTER}(?:يومه|يوم)\s)?"
)
# A day number; it may be glued to a preceding word+digits, as in the byline
# "بلوس242 يناير" (outlet "بلوس24" + day "2"): the last 1-2 digits that
# still form a day are taken.
_DAY = (
    r"(?P<day>(?:(?<![0-9])|(?<=[^\W\d_][0-9])|(?<=[^\W\d_][0-9]{2}))[0-3]?[0-9](?![0-9])"
    rf"|{_NOT_AFTER_LETTER}(?:ال)?فاتح{_NOT_BEFORE_LETTER})"
)
_MONTH_PART = rf"(?P<month>{_MONTH})(?:\s?[/(]\s?{_MONTH}\s?\)?)?"
_YEAR = r"(?P<year>[0-9]{4})(?![0-9])"

_RE_DAY_MONTH = re.compile(
    rf"{_LEAD}{_DAY}\s?(?:من\s)?(?:شهر\s)?{_MONTH_PART}"
    rf"(?:\s?[,،]?\s?{_YEAR_WORD}{_YEAR}{_SUFFIX})?"
)
_RE_MONTH_YEAR = re.compile(rf"(?:{_NOT_AFTER_LETTER}شهر\s)?{_MONTH_PART}\s?[,،]?\s?{_YEAR_WORD}{_YEAR}{_SUFFIX}")
_RE_MONTH_ONLY = re.compile(
    rf"{_NOT_AFTER_LETTER}(?:شهر|مطلع|بدايه|اوائل|اواخر|نهايه|منتصف|اواسط)\s(?:شهر\s)?{_MONTH_PART}"
    rf"(?:\s(?:او\s)?(?:(?:مطلع|بدايه|اوائل|اواخر|نهايه|منتصف|اواسط)\s)?{_MONTH_PART.replace('month>', 'month2>')})?"
    rf"(?:\s?(?P<mdir>{_DIRECTION}|المقبلين|القادمين|الماضيين){_NOT_BEFORE_LETTER})?"
    # «أبريل المقبل»: a bare month name is a date only with a direction after it.
    rf"|{_MONTH_PART.replace('month>', 'month3>')}\s?(?P<mdir3>{_DIRECTION}|المقبلين|القادمين){_NOT_BEFORE_LETTER}"
)
_RE_YEAR_WORD = re.compile(rf"{_NOT_AFTER_LETTER}(?:سنه|عام|العام|منذ)\s{_YEAR}{_SUFFIX}")
_RE_YEAR_SUFFIX = re.compile(
    r"(?<![0-9])(?P<year>[0-9]{4})\s?(?P<sfx>ميلاديه|ميلادي|للميلاد|هجريه|هجري|للهجره|م|ه)" + _NOT_BEFORE_LETTER
)
_RE_NUMERIC = re.compile(
    rf"{_LEAD}(?<![0-9/.\-])(?P<day>[0-9]{{1,2}})(?P<sep>[/.\-])(?P<month>[0-9]{{1,2}})(?P=sep)"
    rf"{_YEAR}{_SUFFIX}"
)
_RE_ISO = re.compile(
    r"(?<![0-9])(?P<year>[0-9]{4})(?P<sep>[-/])(?P<month>[0-9]{1,2})(?P=sep)(?P<day>[0-9]{1,2})"
    r"(?:[t ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:z|[+-][0-9]{2}:?[0-9]{2})?)?(?![0-9])"
)
_RE_RELATIVE = re.compile(
    rf"{_NOT_AFTER_LETTER}[وف]?(?P<rel>{_alternation(_RELATIVE)}){_NOT_BEFORE_LETTER}"
    rf"(?:\s(?P<wd>{_WEEKDAY}))?"
)
_RE_WEEKDAY = re.compile(
    rf"{_NOT_AFTER_LETTER}(?:(?:يومه|يوم|نهار)\s(?P<wd>{_WEEKDAY})(?:\s(?P<dir>{_DIRECTION}){_NOT_BEFORE_LETTER})?"
    rf"|(?P<wd2>{_WEEKDAY})\s(?P<dir2>{_DIRECTION}){_NOT_BEFORE_LETTER})"
)
# Only parse_date accepts a weekday on its own: in running text "الأحد"
# alone is too often not a date ("الأحد عشر").
_RE_BARE_WEEKDAY = re.compile(rf"(?P<wd>{_WEEKDAY})")


# --- Calendar helpers ---------------------------------------------------------


def _gregorian(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _hijri(y: int, m: int, d: int) -> date | None:
    """Umm al-Qura conversion; None outside its range (1343-1500 AH).

    Day 30 of a month that has 29 days in Umm al-Qura is taken as the day
    after the 29th: local moon sighting (e.g. in Morocco) can give the
    month 30 days.
    """
    try:
        g = Hijri(y, m, d).to_gregorian()
    except ValueError:
        if d != 30:
            return None
        before = _hijri(y, m, 29)
        return before + timedelta(days=1) if before else None
    except OverflowError:
        return None
    return date(g.year, g.month, g.day)


def _to_hijri_year(day: date) -> int | None:
    try:
        return Gregorian(day.year, day.month, day.day).to_hijri().year
    except (ValueError, OverflowError):
        return None


def _shift_month(day: date, months: int) -> tuple[int, int]:
    total = day.year * 12 + day.month - 1 + months
    return total // 12, total % 12 + 1


def _day(
    d: date | None, wd: int | None, *, calendar: Calendar = "gregorian", relative: bool = False
) -> ParsedDate | None:
    """ParsedDate for a day; flags a weekday the date does not fall on."""
    if d is None:
        return None
    return ParsedDate(d.isoformat(), "day", calendar, relative, wd is not None and d.weekday() != wd)


_UNRESOLVED = ParsedDate(None, None, "gregorian", relative=True)


# --- Builders: match -> ParsedDate (None drops the match) ---------------------


def _weekday_of(match: re.Match) -> int | None:
    name = match.groupdict().get("wd")
    return _WEEKDAY_INDEX[_key(name)] if name else None


def _parse_day_number(raw: str) -> int:
    # "فاتح"/"الفاتح" is Moroccan for the first day of the month.
    return 1 if raw.endswith("فاتح") else int(raw)


def _month_of(match: re.Match) -> tuple[Calendar, int]:
    return _MONTH_INDEX[_key(match.group("month"))]


def _build_day_month(match: re.Match, published: date | None) -> ParsedDate | None:
    calendar, month = _month_of(match)
    day = _parse_day_number(match.group("day"))
    wd = _weekday_of(match)
    year = match.group("year")
    if year:
        convert = _hijri if calendar == "hijri" else _gregorian
        return _day(convert(int(year), month, day), wd, calendar=calendar)
    # Reject "31 نونبر" here: without a year there is nothing else to check.
    if (_hijri(1445, month, day) if calendar == "hijri" else _gregorian(2000, month, day)) is None:
        return None
    if published is None:
        return ParsedDate(None, None, calendar, relative=True)
    return _day(_latest_day_month(calendar, month, day, published), wd, calendar=calendar, relative=True)


def _latest_day_month(calendar: Calendar, month: int, day: int, published: date) -> date | None:
    """Most recent ``day month`` not after ``published``."""
    if calendar == "hijri":
        hy = _to_hijri_year(published)
        candidates = [] if hy is None else [_hijri(y, month, day) for y in (hy, hy - 1)]
    else:
        # Eight years back always reaches a 29 February.
        candidates = [_gregorian(y, month, day) for y in range(published.year, published.year - 9, -1)]
    return next((c for c in candidates if c is not None and c <= published), None)


def _hijri_month_iso(year: int, month: int) -> str | None:
    # A Hijri month straddles two Gregorian months: report the one that
    # holds its middle (and so most of its days).
    mid = _hijri(year, month, 15)
    return mid.isoformat()[:7] if mid else None


def _build_month_year(match: re.Match, published: date | None) -> ParsedDate | None:
    calendar, month = _month_of(match)
    year = int(match.group("year"))
    if calendar == "hijri":
        iso = _hijri_month_iso(year, month)
        return ParsedDate(iso, "month" if iso else None, "hijri")
    return ParsedDate(f"{year:04d}-{month:02d}", "month")


def _build_month_only(match: re.Match, published: date | None) -> ParsedDate | None:
    name = match.group("month") or match.group("month3")
    calendar, month = _MONTH_INDEX[_key(name)]
    direction = match.group("mdir") or match.group("mdir3")
    if published is None:
        return ParsedDate(None, None, calendar, relative=True)
    if calendar == "hijri":
        hy = _to_hijri_year(published)
        for y in () if hy is None else (hy, hy - 1):
            start = _hijri(y, month, 1)
            if start is not None and start <= published:
                iso = _hijri_month_iso(y, month)
                return ParsedDate(iso, "month" if iso else None, "hijri", relative=True)
        return ParsedDate(None, None, "hijri", relative=True)
    if direction and direction.startswith(("المقبل", "القادم")):  # the next such month («أبريل المقبل»)
        year = published.year if month > published.month else published.year + 1
    else:  # the latest such month, the current one included
        year = published.year if month <= published.month else published.year - 1
    return ParsedDate(f"{year:04d}-{month:02d}", "month", relative=True)


def _is_hijri_suffix(sfx: str | None) -> bool:
    return bool(sfx) and (sfx == "ه" or "هجر" in sfx)


def _build_year(match: re.Match, published: date | None) -> ParsedDate | None:
    year = int(match.group("year"))
    if _is_hijri_suffix(match.group("sfx")):
        # The Gregorian year holding the middle of the Hijri year.
        mid = _hijri(year, 7, 1)
        return ParsedDate(str(mid.year) if mid else None, "year" if mid else None, "hijri")
    if year < 1000:
        return None
    return ParsedDate(f"{year:04d}", "year")


def _build_numeric(match: re.Match, published: date | None) -> ParsedDate | None:
    year, month, day = (int(match.group(g)) for g in ("year", "month", "day"))
    # A day-precise year before 1600 in the news is a Hijri year.
    hijri = _is_hijri_suffix(match.groupdict().get("sfx")) or year < 1600
    if hijri:
        return _day(_hijri(year, month, day), _weekday_of(match), calendar="hijri")
    return _day(_gregorian(year, month, day), _weekday_of(match))


def _build_relative(match: re.Match, published: date | None) -> ParsedDate | None:
    unit, offset = _RELATIVE_INDEX[_key(match.group("rel"))]
    wd = _weekday_of(match)
    if unit is None:
        return _UNRESOLVED
    if published is None:
        return _UNRESOLVED
    if unit == "day":
        return _day(published + timedelta(days=offset), wd, relative=True)
    if unit == "month":
        y, m = _shift_month(published, offset)
        return ParsedDate(f"{y:04d}-{m:02d}", "month", relative=True)
    return ParsedDate(f"{published.year + offset:04d}", "year", relative=True)


def _build_weekday(match: re.Match, published: date | None) -> ParsedDate | None:
    groups = match.groupdict()
    wd = _WEEKDAY_INDEX[_key(groups.get("wd") or groups["wd2"])]
    direction = groups.get("dir") or groups.get("dir2")
    if published is None:
        return _UNRESOLVED
    if direction in _FUTURE:
        ahead = (wd - published.weekday()) % 7 or 7
        return _day(published + timedelta(days=ahead), None, relative=True)
    back = (published.weekday() - wd) % 7
    if direction in _PAST and back == 0:
        # "الأحد الماضي" written on a Sunday means a week ago, not today.
        back = 7
    return _day(published - timedelta(days=back), None, relative=True)


_Builder = Callable[[re.Match, date | None], ParsedDate | None]
_MATCHERS: list[tuple[re.Pattern, _Builder]] = [
    (_RE_DAY_MONTH, _build_day_month),
    (_RE_MONTH_YEAR, _build_month_year),
    (_RE_MONTH_ONLY, _build_month_only),
    (_RE_YEAR_WORD, _build_year),
    (_RE_YEAR_SUFFIX, _build_year),
    (_RE_NUMERIC, _build_numeric),
    (_RE_ISO, _build_numeric),
    (_RE_RELATIVE, _build_relative),
    (_RE_WEEKDAY, _build_weekday),
]


_AMBIGUOUS_RELATIVE = {_key("اليوم"), _key("أمس")}


def _is_false_relative(norm: str, match: re.Match) -> bool:
    """ "اليوم العالمي" (a named day) and "في أمسّ الحاجة" (most in need).

    Followed by a definite word that is not a weekday, "اليوم" and "أمس"
    are not "today" and "yesterday".
    """
    if _key(match.group("rel")) not in _AMBIGUOUS_RELATIVE or match.group("wd"):
        return False
    return norm[match.end() :].lstrip().startswith("ال")


def _find(text: str, published: date | datetime | None, lenient: bool) -> list[DateMention]:
    if isinstance(published, datetime):
        published = published.date()
    norm, index_map = normalize_with_map(text)
    matchers = _MATCHERS + ([(_RE_BARE_WEEKDAY, _build_weekday)] if lenient else [])
    candidates: list[tuple[int, int, ParsedDate]] = []
    for pattern, build in matchers:
        for match in pattern.finditer(norm):
            if pattern is _RE_RELATIVE and _is_false_relative(norm, match):
                continue
            parsed = build(match, published)
            if parsed is not None and match.end() > match.start():
                candidates.append((match.start(), match.end(), parsed))
    # The longest expression wins an overlap ("يوم السبت 01 يناير 2022"
    # over "يوم السبت" and "2022").
    candidates.sort(key=lambda c: (c[0] - c[1], c[0]))
    chosen: list[tuple[int, int, ParsedDate]] = []
    for cand in candidates:
        if all(cand[1] <= s or cand[0] >= e for s, e, _ in chosen):
            chosen.append(cand)
    mentions = []
    for start, end, parsed in sorted(chosen, key=lambda c: c[0]):
        a, b = to_original_span(text, index_map, start, end)
        mentions.append(DateMention(text[a:b], a, b, parsed))
    return mentions


def find_dates(text: str, published: date | None = None) -> list[DateMention]:
    """All date phrases in ``text``, in order, with offsets into ``text``.

    Relative phrases ("أمس", "يوم الأحد الماضي", "الشهر الماضي") resolve
    against ``published``; without it their ``iso`` is None.

    >>> m = find_dates("جرى يوم السبت 01 يناير 2022 بأحد الفنادق")[0]
    >>> m.text, m.start, m.end, m.parsed.iso
    ('يوم السبت 01 يناير 2022', 4, 27, '2022-01-01')
    >>> find_dates("وقعت مؤخرا اتفاقية")[0].parsed
    ParsedDate(iso=None, precision=None, calendar='gregorian', relative=True, weekday_mismatch=False)
    """
    return _find(text, published, lenient=False)


def parse_date(phrase: str, published: date | None = None) -> ParsedDate | None:
    """Parse the first date expression in ``phrase``; None if it has none.

    Unlike :func:`find_dates` a weekday on its own is accepted here, since
    the caller says the phrase is a date.

    >>> parse_date("12 نونبر2023م").iso
    '2023-11-12'
    >>> parse_date("سنة 2019م")
    ParsedDate(iso='2019', precision='year', calendar='gregorian', relative=False, weekday_mismatch=False)
    >>> parse_date("الأحد", published=date(2023, 12, 27)).iso
    '2023-12-24'
    >>> parse_date("اتفاقية شراكة") is None
    True
    """
    mentions = _find(phrase, published, lenient=True)
    return mentions[0].parsed if mentions else None
