"""Calendar arithmetic for the date parser: Gregorian and Hijri (Umm al-Qura, through `hijridate`) days, and the
latest day or month of a name that is not after the publication date (how a relative phrase resolves).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from hijridate import Gregorian, Hijri

Calendar = Literal["gregorian", "hijri"]


def gregorian(y: int, m: int, d: int) -> date | None:
    """The Gregorian date, or None for a day the month does not have ("31 نونبر")."""
    try:
        return date(y, m, d)
    except ValueError:
        return None


def hijri(y: int, m: int, d: int) -> date | None:
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
        before = hijri(y, m, 29)
        return before + timedelta(days=1) if before else None
    except OverflowError:
        return None
    return date(g.year, g.month, g.day)


def hijri_year_of(day: date) -> int | None:
    """The Hijri (Umm al-Qura) year of a Gregorian day; None outside the table's range."""
    try:
        return Gregorian(day.year, day.month, day.day).to_hijri().year
    except (ValueError, OverflowError):
        return None


def shift_month(day: date, months: int) -> tuple[int, int]:
    """(year, month) `months` months after (or before, when negative) the month of `day`."""
    total = day.year * 12 + day.month - 1 + months
    return total // 12, total % 12 + 1


def latest_day_month(calendar: Calendar, month: int, day: int, published: date) -> date | None:
    """Most recent ``day month`` not after ``published``."""
    if calendar == "hijri":
        hy = hijri_year_of(published)
        candidates = [] if hy is None else [hijri(y, month, day) for y in (hy, hy - 1)]
    else:
        # Eight years back always reaches a 29 February.
        candidates = [gregorian(y, month, day) for y in range(published.year, published.year - 9, -1)]
    return next((c for c in candidates if c is not None and c <= published), None)


def hijri_month_iso(year: int, month: int) -> str | None:
    """The Gregorian month ("2024-03") a Hijri month mostly falls in; None outside the conversion's range."""
    # A Hijri month straddles two Gregorian months: report the one that
    # holds its middle (and so most of its days).
    mid = hijri(year, month, 15)
    return mid.isoformat()[:7] if mid else None


__all__ = ["Calendar", "gregorian", "hijri", "hijri_month_iso", "hijri_year_of", "latest_day_month", "shift_month"]
