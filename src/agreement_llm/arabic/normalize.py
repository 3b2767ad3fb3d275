"""Matching forms of Arabic text, and locating quotes in the original.

The normalized form is for *matching only* (search, de-duplication, quote
checks); it is never shown to users, who always see the original text.
Every normalized character remembers which original character it came
from, so a match found on normalized text maps back to an exact span of
the original.

>>> normalize("أكادير: “سفراء الخيرِ” – ١٢ إبريل")
'اكادير: "سفراء الخير" - 12 ابريل'
>>> find_quote("قال: «نؤمن بأهمية هذه الشراكة».", '"نؤمن بأهميه هذه الشراكه"')
(5, 30)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

__all__ = [
    "find_quote",
    "is_arabic_script",
    "is_latin_script",
    "normalize",
    "normalize_with_map",
    "to_original_span",
]

# Harakat, shadda, sukun, small high marks and dagger alef: they change
# pronunciation, never which word it is, and scraped text uses them
# inconsistently ("توقّع" vs "توقع").
_DIACRITICS = frozenset(
    [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670"]
    # Quranic annotation marks behave like diacritics for matching.
    + [chr(c) for c in range(0x06D6, 0x06DD)]
    + [chr(c) for c in range(0x06DF, 0x06E5)]
    + [chr(c) for c in range(0x06E7, 0x06E9)]
    + [chr(c) for c in range(0x06EA, 0x06EE)]
)
_TATWEEL = "\u0640"
# Invisible format characters that scrapers leave inside words (zero-width
# space/joiners, direction marks, BOM); they would split matches silently.
_INVISIBLE = frozenset("\u200b\u200c\u200d\u200e\u200f\u061c\u2066\u2067\u2068\u2069\ufeff")
_DROPPED = _DIACRITICS | _INVISIBLE | {_TATWEEL}

_QUOTE = '"'
_DASH = "-"
_CHAR_MAP: dict[str, str] = {
    # Hamza seats and wasla on alef are spelled at will in news text.
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ى": "ي",
    "ة": "ه",
    "ؤ": "و",
    "ئ": "ي",
    # Persian letters that show up in Arabic text typed on Persian keyboards.
    "ی": "ي",
    "ک": "ك",
    **{q: _QUOTE for q in "“”«»\"'‘’„‟‹›‚‛"},
    **{d: _DASH for d in "–—‐‑‒―−"},
    **{chr(0x0660 + i): str(i) for i in range(10)},  # Eastern Arabic digits
    **{chr(0x06F0 + i): str(i) for i in range(10)},  # Persian digits
}


def _is_presentation_form(ch: str) -> bool:
    """Arabic presentation forms (PDF/legacy encodings) fold to plain letters."""
    return "\ufb50" <= ch <= "\ufdff" or "\ufe70" <= ch <= "\ufefe"


@lru_cache(maxsize=8192)  # the per-character fold is the hot loop of normalisation: an article has ~100 distinct chars
def _fold_char(ch: str) -> str:
    """Return the normalized replacement of one character ('' to drop it)."""
    if ch in _DROPPED:
        return ""
    if _is_presentation_form(ch):
        # NFKC turns e.g. "ﻻ" into "لا"; fold each resulting char again
        # (unassigned code points in these blocks come back unchanged).
        expanded = unicodedata.normalize("NFKC", ch)
        if expanded != ch:
            return "".join(_fold_char(c) for c in expanded)
    mapped = _CHAR_MAP.get(ch)
    if mapped is not None:
        return mapped
    if ch.isspace():
        return " "
    return ch.casefold()


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Normalize ``text`` and return, per output char, its index in ``text``.

    Whitespace runs collapse to one space mapped to the first whitespace
    character of the run; leading and trailing whitespace is stripped.

    >>> normalize_with_map("  أمسِ  ١٢")
    ('امس 12', [2, 3, 4, 6, 8, 9])
    """
    out: list[str] = []
    index_map: list[int] = []
    pending_space = -1  # index of the first whitespace char of the current run
    for i, ch in enumerate(text):
        for folded in _fold_char(ch):
            if folded == " ":
                if pending_space < 0:
                    pending_space = i
                continue
            if pending_space >= 0 and out:
                out.append(" ")
                index_map.append(pending_space)
            pending_space = -1
            out.append(folded)
            index_map.append(i)
    return "".join(out), index_map


def normalize(text: str) -> str:
    """Return the matching form of ``text`` (see the module docstring).

    >>> normalize("مؤسّسة  الـتـحـالـف")
    'موسسه التحالف'
    >>> normalize("Plus24 — ۲۰۲۵")
    'plus24 - 2025'
    """
    return _SPACES.sub(" ", text.translate(_FOLD_TABLE)).strip(" ")


class _FoldTable(dict[int, str]):
    """`str.translate` table that folds each code point on first sight (same result as `normalize_with_map`,
    without its per-character Python loop: `normalize` runs on every sentence of every article)."""

    def __missing__(self, codepoint: int) -> str:
        folded = self[codepoint] = _fold_char(chr(codepoint))
        return folded


_FOLD_TABLE = _FoldTable()
_SPACES = re.compile(" {2,}")


def to_original_span(original: str, index_map: list[int], start: int, end: int) -> tuple[int, int]:
    """Map the normalized span ``[start, end)`` back to ``original``.

    The end is extended over characters that normalization dropped right
    after the last matched char (its diacritics, a tatweel), so that e.g. a
    match of "مؤخرا" covers the tanween of "مؤخراً".

    >>> s = "وقعت مؤخراً بالرباط"
    >>> n, m = normalize_with_map(s)
    >>> a, b = to_original_span(s, m, n.index("موخرا"), n.index("موخرا") + 5)
    >>> s[a:b]
    'مؤخراً'
    """
    if not 0 <= start < end <= len(index_map):
        raise ValueError(f"bad normalized span {start}:{end} for map of length {len(index_map)}")
    first = index_map[start]
    last = index_map[end - 1] + 1
    while last < len(original) and original[last] in _DROPPED:
        last += 1
    return first, last


def _skeleton_with_map(text: str) -> tuple[str, list[int]]:
    """Letters and digits of the normalized text only (no punctuation/space)."""
    norm, nmap = normalize_with_map(text)
    keep = [(c, i) for c, i in zip(norm, nmap, strict=True) if c.isalnum()]
    return "".join(c for c, _ in keep), [i for _, i in keep]


# One article is searched for dozens of quotes: fold it once, not once per quote.
_normalized_haystack = lru_cache(maxsize=16)(normalize_with_map)
_skeleton_haystack = lru_cache(maxsize=16)(_skeleton_with_map)


def find_quote(haystack: str, quote: str) -> tuple[int, int] | None:
    """Locate ``quote`` in ``haystack``; return its ``(start, end)`` there.

    Tries, in order: the exact substring; a match of the normalized forms
    (diacritics, hamza spellings, quote marks, spacing ignored); a match of
    letters and digits only (all punctuation and whitespace ignored). A
    quote whose words are not really in the haystack (a paraphrase) is not
    found. Offsets always refer to the original ``haystack``.

    >>> text = "قال: ” العمل الميداني يتطلب تعاون “."
    >>> find_quote(text, "العمل الميداني يتطلب تعاون")
    (7, 33)
    >>> find_quote(text, "العمل الميدانى يتطلّب تعاون")
    (7, 33)
    >>> find_quote(text, "العمل في الميدان يحتاج التعاون") is None
    True
    """
    stripped = quote.strip()
    if not stripped:
        return None
    pos = haystack.find(stripped)
    if pos >= 0:
        return pos, pos + len(stripped)
    for fold in (_normalized_haystack, _skeleton_haystack):
        hay_norm, hay_map = fold(haystack)
        needle = (normalize_with_map if fold is _normalized_haystack else _skeleton_with_map)(stripped)[0]
        if not needle:
            # A quote made only of punctuation cannot be checked tolerantly.
            return None
        pos = hay_norm.find(needle)
        if pos >= 0:
            return to_original_span(haystack, hay_map, pos, pos + len(needle))
    return None


def _is_arabic_letter(ch: str) -> bool:
    return (
        "\u0600" <= ch <= "\u06ff"
        or "\u0750" <= ch <= "\u077f"
        or "\u08a0" <= ch <= "\u08ff"
        or _is_presentation_form(ch)
    )


def _is_latin_letter(ch: str) -> bool:
    return ch.isascii() or "\u00c0" <= ch <= "\u024f" or "\u1e00" <= ch <= "\u1eff"


_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefe]")
_LATIN_LETTER = re.compile(r"[\x00-\x7f\u00c0-\u024f\u1e00-\u1eff]")


def _letter_share(text: str, predicate: Callable[[str], bool]) -> float | None:
    letters = "".join(filter(str.isalpha, text))  # C-level loop: this runs on every article and summary
    if not letters:
        return None
    # The script classes are ranges (see _is_arabic_letter / _is_latin_letter); count them on the letters only.
    script = _ARABIC_LETTER if predicate is _is_arabic_letter else _LATIN_LETTER
    return len(script.findall(letters)) / len(letters)


def is_arabic_script(text: str, min_share: float = 0.6) -> bool:
    """True when at least ``min_share`` of the letters are Arabic script.

    Digits, punctuation and diacritics are not letters and do not count.

    >>> is_arabic_script("وقعت جمعية سفراء الخير اتفاقية مع Clear Vision")
    True
    >>> is_arabic_script("The association signed an agreement.")
    False
    >>> is_arabic_script("2025")
    False
    """
    share = _letter_share(text, _is_arabic_letter)
    return share is not None and share >= min_share


def is_latin_script(text: str, min_share: float = 0.8) -> bool:
    """True when at least ``min_share`` of the letters are Latin script.

    >>> is_latin_script("Aït Melloul signed agreements with 6 associations.")
    True
    >>> is_latin_script("وقعت جماعة أيت ملول اتفاقيات")
    False
    """
    share = _letter_share(text, _is_latin_letter)
    return share is not None and share >= min_share
