"""Check both summaries against the grounded `Agreement` and the article: a summary may name only what the result
carries or the article states.

What a summary names, and what supports it:

* numbers (any digit set): a number of the article, or a count the result carries (parties, instruments);
* dates (English day/month/year forms; Arabic ones through `arabic.find_dates`, every month set and digit set): the
  result's date, a date the article states, or the publication date; day, month and year must agree where given;
* English names (runs of capitalised words): each word is a word of an English name the result carries (`name_en`,
  `city_en`, `role_en`, its countries), a country the result or the article names, a glossary word whose Arabic
  stems occur in the article, or a transliteration of words of the article (consonant skeletons compared);
* Arabic names: an organisation («جمعية X», «الهيئة الوطنية …»), a person after an honorific («السيد X»), a place
  after a place word («إقليم X») must stand in the article or the result; a country must be one of the result's or
  the article's; Latin words must be the result's English names or the article's own.

Hygiene: letters of other scripts (CJK, Cyrillic, …), Arabic in the English text (Latin in the Arabic text is a
name, checked above), a repeated phrase of six words, a last sentence cut off by the 600-character limit, and more
than `MAX_CHARS` characters. A sentence with an unsupported claim or a hygiene fault is dropped; a side with less
than a third of its text left is rebuilt from grounded fields (`briefs.build_summary`). Each change is a `Note`.
"""

from .check import MAX_CHARS, SideCheck, check_side, check_summaries, unsupported_claims
from .claims import sentence_claims
from .support import Support, prepare

__all__ = [
    "MAX_CHARS",
    "SideCheck",
    "Support",
    "check_side",
    "check_summaries",
    "prepare",
    "sentence_claims",
    "unsupported_claims",
]
