"""Deterministic Arabic text layer: normalization, page cleaning, dates.

Standard library and ``hijridate`` only; nothing here calls a model.

>>> from agreement_llm.arabic import clean, find_dates, normalize
>>> normalize("اتفاقيّة")
'اتفاقيه'
"""

from .clean import CleanedText, Removal, clean
from .dates import DateMention, ParsedDate, find_dates, parse_date
from .normalize import (
    find_quote,
    is_arabic_script,
    is_latin_script,
    normalize,
    normalize_with_map,
    to_original_span,
)

__all__ = [
    "CleanedText",
    "DateMention",
    "ParsedDate",
    "Removal",
    "clean",
    "find_dates",
    "find_quote",
    "is_arabic_script",
    "is_latin_script",
    "normalize",
    "normalize_with_map",
    "parse_date",
    "to_original_span",
]
