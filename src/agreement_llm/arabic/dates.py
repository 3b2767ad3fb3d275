"""Arabic date phrases to ISO dates: the patterns, and what each match resolves to.

The words are our own tables (`date_words`: MSA and Egyptian, Moroccan,
Levantine/Iraqi, Algerian/Tunisian and Hijri months, weekdays, relative
phrases); the calendar arithmetic is in `calendars`. Matching runs on
:func:`normalize` forms (hamza, alef maqsura, ta marbuta, diacritics,
tatweel and Eastern digits folded); spans are mapped back to the text as
written.

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
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Literal

from .calendars import Calendar, gregorian, hijri, hijri_month_iso, hijri_year_of, latest_day_month, shift_month
from .date_words import (
    ALL_MONTH_NAMES,
    FUTURE,
    MONTH_INDEX,
    PAST,
    RELATIVE,
    RELATIVE_INDEX,
    WEEKDAY_INDEX,
    WEEKDAYS,
    key,
)
from .normalize import normalize, normalize_with_map, to_original_span

__all__ = [
    "DateMention",
    "ParsedDate",
    "find_dates",
    "parse_date",
]

Precision = Literal["day", "month", "year"]


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


def _alternation(names: Iterable[str]) -> str:
    """Regex alternation of normalized names, longest first, spaces optional."""
    forms = sorted({normalize(n) for n in names}, key=len, reverse=True)
    return "|".join(re.escape(f).replace(r"\ ", r"\s?") for f in forms)


# --- Patterns (run on normalized text: one space, ASCII digits, lowercase) ---

_NOT_AFTER_LETTER = r"(?<![^\W\d_])"
_NOT_BEFORE_LETTER = r"(?![^\W\d_])"
_MONTH = rf"{_NOT_AFTER_LETTER}(?:{_alternation(ALL_MONTH_NAMES)}){_NOT_BEFORE_LETTER}"
_WEEKDAY = rf"{_NOT_AFTER_LETTER}(?:{_alternation(WEEKDAYS)}){_NOT_BEFORE_LETTER}"
_DIRECTION = "|".join(PAST + FUTURE)
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
    rf"{_NOT_AFTER_LETTER}[وف]?(?P<rel>{_alternation(RELATIVE)}){_NOT_BEFORE_LETTER}"
    rf"(?:\s(?P<wd>{_WEEKDAY}))?"
)
_RE_WEEKDAY = re.compile(
    rf"{_NOT_AFTER_LETTER}(?:(?:يومه|يوم|نهار)\s(?P<wd>{_WEEKDAY})(?:\s(?P<dir>{_DIRECTION}){_NOT_BEFORE_LETTER})?"
    rf"|(?P<wd2>{_WEEKDAY})\s(?P<dir2>{_DIRECTION}){_NOT_BEFORE_LETTER})"
)
# Only parse_date accepts a weekday on its own: in running text "الأحد"
# alone is too often not a date ("الأحد عشر").
_RE_BARE_WEEKDAY = re.compile(rf"(?P<wd>{_WEEKDAY})")


def _day(
    d: date | None, wd: int | None, *, calendar: Calendar = "gregorian", relative: bool = False
) -> ParsedDate | None:
    """ParsedDate for a day; flags a weekday the date does not fall on."""
    if d is None:
        return None
    return ParsedDate(d.isoformat(), "day", calendar, relative, wd is not None and d.weekday() != wd)


_UNRESOLVED = ParsedDate(None, None, "gregorian", relative=True)


# --- Builders: match -> ParsedDate (None drops the match) ---------------------


def _weekday_of(match: re.Match[str]) -> int | None:
    name = match.groupdict().get("wd")
    return WEEKDAY_INDEX[key(name)] if name else None


def _parse_day_number(raw: str) -> int:
    # "فاتح"/"الفاتح" is Moroccan for the first day of the month.
    return 1 if raw.endswith("فاتح") else int(raw)


def _month_of(match: re.Match[str]) -> tuple[Calendar, int]:
    return MONTH_INDEX[key(match.group("month"))]


def _build_day_month(match: re.Match[str], published: date | None) -> ParsedDate | None:
    calendar, month = _month_of(match)
    day = _parse_day_number(match.group("day"))
    wd = _weekday_of(match)
    year = match.group("year")
    if year:
        convert = hijri if calendar == "hijri" else gregorian
        return _day(convert(int(year), month, day), wd, calendar=calendar)
    # Reject "31 نونبر" here: without a year there is nothing else to check.
    if (hijri(1445, month, day) if calendar == "hijri" else gregorian(2000, month, day)) is None:
        return None
    if published is None:
        return ParsedDate(None, None, calendar, relative=True)
    return _day(latest_day_month(calendar, month, day, published), wd, calendar=calendar, relative=True)


def _build_month_year(match: re.Match[str], published: date | None) -> ParsedDate | None:
    calendar, month = _month_of(match)
    year = int(match.group("year"))
    if calendar == "hijri":
        iso = hijri_month_iso(year, month)
        return ParsedDate(iso, "month" if iso else None, "hijri")
    return ParsedDate(f"{year:04d}-{month:02d}", "month")


def _build_month_only(match: re.Match[str], published: date | None) -> ParsedDate | None:
    name = match.group("month") or match.group("month3")
    calendar, month = MONTH_INDEX[key(name)]
    direction = match.group("mdir") or match.group("mdir3")
    if published is None:
        return ParsedDate(None, None, calendar, relative=True)
    if calendar == "hijri":
        hy = hijri_year_of(published)
        for y in () if hy is None else (hy, hy - 1):
            start = hijri(y, month, 1)
            if start is not None and start <= published:
                iso = hijri_month_iso(y, month)
                return ParsedDate(iso, "month" if iso else None, "hijri", relative=True)
        return ParsedDate(None, None, "hijri", relative=True)
    if direction and direction.startswith(("المقبل", "القادم")):  # the next such month («أبريل المقبل»)
        year = published.year if month > published.month else published.year + 1
    else:  # the latest such month, the current one included
        year = published.year if month <= published.month else published.year - 1
    return ParsedDate(f"{year:04d}-{month:02d}", "month", relative=True)


def _is_hijri_suffix(sfx: str | None) -> bool:
    return sfx is not None and (sfx == "ه" or "هجر" in sfx)


def _build_year(match: re.Match[str], published: date | None) -> ParsedDate | None:
    year = int(match.group("year"))
    if _is_hijri_suffix(match.group("sfx")):
        # The Gregorian year holding the middle of the Hijri year.
        mid = hijri(year, 7, 1)
        return ParsedDate(str(mid.year) if mid else None, "year" if mid else None, "hijri")
    if year < 1000:
        return None
    return ParsedDate(f"{year:04d}", "year")


def _build_numeric(match: re.Match[str], published: date | None) -> ParsedDate | None:
    year, month, day = (int(match.group(g)) for g in ("year", "month", "day"))
    # A day-precise year before 1600 in the news is a Hijri year.
    is_hijri = _is_hijri_suffix(match.groupdict().get("sfx")) or year < 1600
    if is_hijri:
        return _day(hijri(year, month, day), _weekday_of(match), calendar="hijri")
    return _day(gregorian(year, month, day), _weekday_of(match))


def _build_relative(match: re.Match[str], published: date | None) -> ParsedDate | None:
    unit, offset = RELATIVE_INDEX[key(match.group("rel"))]
    wd = _weekday_of(match)
    if unit is None:
        return _UNRESOLVED
    if published is None:
        return _UNRESOLVED
    if unit == "day":
        return _day(published + timedelta(days=offset), wd, relative=True)
    if unit == "month":
        y, m = shift_month(published, offset)
        return ParsedDate(f"{y:04d}-{m:02d}", "month", relative=True)
    return ParsedDate(f"{published.year + offset:04d}", "year", relative=True)


def _build_weekday(match: re.Match[str], published: date | None) -> ParsedDate | None:
    groups = match.groupdict()
    wd = WEEKDAY_INDEX[key(groups.get("wd") or groups["wd2"])]
    direction = groups.get("dir") or groups.get("dir2")
    if published is None:
        return _UNRESOLVED
    if direction in FUTURE:
        ahead = (wd - published.weekday()) % 7 or 7
        return _day(published + timedelta(days=ahead), None, relative=True)
    back = (published.weekday() - wd) % 7
    if direction in PAST and back == 0:
        # "الأحد الماضي" written on a Sunday means a week ago, not today.
        back = 7
    return _day(published - timedelta(days=back), None, relative=True)


_Builder = Callable[[re.Match[str], date | None], ParsedDate | None]
_MATCHERS: list[tuple[re.Pattern[str], _Builder]] = [
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


_AMBIGUOUS_RELATIVE = {key("اليوم"), key("أمس")}


def _is_false_relative(norm: str, match: re.Match[str]) -> bool:
    """ "اليوم العالمي" (a named day) and "في أمسّ الحاجة" (most in need).

    Followed by a definite word that is not a weekday, "اليوم" and "أمس"
    are not "today" and "yesterday".
    """
    if key(match.group("rel")) not in _AMBIGUOUS_RELATIVE or match.group("wd"):
        return False
    return norm[match.end() :].lstrip().startswith("ال")


def _find(text: str, published: date | datetime | None, lenient: bool) -> list[DateMention]:
    if isinstance(published, datetime):
        published = published.date()
    return list(_find_once(text, published, lenient))


# The status reader and the grounder both ask for an article's dates (~1.4 ms a read of a seed): against the stub
# server 3 calls an article read 2 texts, and bulk client CPU fell 13.3 -> 11.7-12.5 ms an article with the cache
# (benchmarks/bulk_throughput.py, C = 16, 1,000 articles). Mentions are frozen, so a text is read once.
@lru_cache(maxsize=32)
def _find_once(text: str, published: date | None, lenient: bool) -> tuple[DateMention, ...]:
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
    return tuple(mentions)


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
