"""A representative's role, read from the article's words beside their name (no model).

The embedded model writes roles in English ("Minister of Water and Electricity") where the schema asks for the
article's words, so the grounder drops them: 48 of the lean draft's roles on dev, and the `role` field scored
0.119 there. Arabic news writes a role right before the name («وزير المياه والكهرباء المهندس عبدالله الحصين», «مع نظيره
اللبناني، عبد الله بوحبيب») or right after it, set off by a comma or a dash («أمين العريض، مدير عام شركة البحرين
الأولى»). `role_beside` reads both: before the name, from the nearest title word («وزير», «رئيس», «مدير» …) up to
the name, honorifics («المهندس», «د.») left out; else after the name, from a title word to the next comma, bracket,
preposition or verb of speech. Nothing when no title word stands there. Only a role the model did not quote from
the article is read (ground.py); the reader adds no `role_en`.

Built on dev's articles; replayed through the pipeline (`agreement-llm eval --set S --replay
tests/recordings/lean/S`), the lean draft's `representatives.role` went 0.119 -> 0.937 on dev, 0.414 -> 0.602 on
dev-test (never looked at while building it) and 0.237 -> 0.437 on the seeds. Of the roles it added to people the
gold lists, all 11 on dev and both on dev-test are the gold's; on the seeds one of two is longer than the gold's
(«رئيس هيئة لافاييت المغرب – إفريقيا» for «رئيس»).

>>> text = "وقّع معالي وزير المياه والكهرباء المهندس عبدالله الحصين عقودا"
>>> start = text.index("عبدالله"); s, e = role_beside(text, start, start + len("عبدالله الحصين")); text[s:e]
'وزير المياه والكهرباء'
>>> text = "كشف أمين العريض، مدير عام شركة البحرين الأولى عن توقيع الاتفاقية"
>>> start = text.index("أمين"); s, e = role_beside(text, start, start + len("أمين العريض")); text[s:e]
'مدير عام شركة البحرين الأولى'
"""

from __future__ import annotations

import re

from .arabic import normalize

__all__ = ["role_beside"]

# Title words a role starts with, in matching form: with and without the article, and with a possessive ending
# («في شخص رئيسها», "in the person of its president"; «نظيره», "his counterpart").
_TITLE_WORDS = (
    "رئيس رئيسة وزير وزيرة مدير مديرة أمين نائب سفير سفيرة محافظ قائد وكيل ملحق كاتب عمدة والي مستشار مندوب ممثل "
    "عضو مفوض مساعد عميد مؤسس منسق مسؤول ناطق متحدث نظير نظيرة"
)
_TITLES = frozenset(
    normalize(form)
    for word in _TITLE_WORDS.split()
    for stem in [word.removesuffix("ة") + "ت" if word.endswith("ة") else word]
    for form in (word, "ال" + word, stem + "ه", stem + "ها", stem + "هم")
)
# Words that are no part of a role: honorifics before a name, and what ends a role (prepositions, speech verbs).
_HONORIFICS = frozenset(
    normalize(w)
    for w in (  # noqa: SIM905
        "المهندس المهندسة الدكتور الدكتورة د. د السيد السيدة الأستاذ الأستاذة معالي سعادة فضيلة الشيخ اللواء الفريق"
    ).split()
)
_STOPS = frozenset(
    normalize(w)
    for w in (  # noqa: SIM905
        "في من إلى الى على عن مع بين أو ثم كما لدى خلال قال وقال أكد وأكد أن إن بقوله قوله قائلا الذي التي"
    ).split()
)
_WORD = re.compile(r"\S+")
_END = '،,.:;؛!?؟()[]"“”'  # punctuation that ends a stretch of words (not «» or quotes around a company's name)
_DASHES = frozenset("-–—")
_MAX_WORDS = 8


def _title(word: str) -> bool:
    key = normalize(word.strip(_END))
    return key in _TITLES or (key.startswith("و") and key[1:] in _TITLES)


def role_beside(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of the role written beside the name at `text[start:end]`, else None."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    if not words or not text[start:end].strip():
        return None
    first = next((i for i, (s, e) in enumerate(words) if e > start), len(words))
    last = next((i for i, (s, e) in enumerate(words) if e >= end), len(words) - 1)
    before, after = _before(text, words, first), _after(text, words, last)
    if before and after and " " not in text[before[0] : before[1]]:
        return after  # a lone title before the name is a form of address («السفيرة نبيلة مكرم، رئيس الأمانة الفنية»)
    return before or after


def _before(text: str, words: list[tuple[int, int]], first: int) -> tuple[int, int] | None:
    i = first - 1
    while i >= 0 and (key := normalize(text[slice(*words[i])])).removeprefix("و") in _HONORIFICS:
        if key not in _HONORIFICS:
            return None  # «وسعادة شريف»: the conjunction starts a list's next person, after another's role
        i -= 1
    if i >= 0 and text[words[i][0] : words[i][1]] in _DASHES:
        i -= 1
    stretch_end = i
    for j in range(i, max(i - _MAX_WORDS, -1), -1):
        word = text[slice(*words[j])]
        key = normalize(word)
        if j < stretch_end and (word.rstrip(_END) != word or key.startswith("و") and key[1:] in _HONORIFICS):
            return None  # the previous phrase, or another person («وسعادة شريف»), ended before any title word
        if normalize(word.rstrip(_END)) in _STOPS:
            return None
        if key in _HONORIFICS:  # the name was quoted in part («الحصين» of «المهندس عبدالله الحصين»): it starts here
            stretch_end = j - 1
            continue
        if _title(word):
            s = words[j][0] + (1 if normalize(word)[0] == "و" and normalize(word)[1:] in _TITLES else 0)
            return s, words[stretch_end][0] + len(text[slice(*words[stretch_end])].rstrip(_END))
    return None


def _after(text: str, words: list[tuple[int, int]], last: int) -> tuple[int, int] | None:
    i = last + 1
    if i < len(words) and text[slice(*words[i])] in _DASHES:
        i += 1
    name_end = text[slice(*words[last])]
    if i >= len(words) or (name_end.rstrip(_END) != name_end and not name_end.endswith(("،", ","))):
        return None
    if normalize(text[slice(*words[i])].strip(_END)) not in _TITLES:  # not «ورئيس»: that begins the next name's
        return None
    s = words[i][0]
    e = s
    for j in range(i, min(i + _MAX_WORDS, len(words))):
        word = text[slice(*words[j])]
        if j > i and (normalize(word.rstrip(_END)) in _STOPS or word in _DASHES or word[0] in "(["):
            break
        e = words[j][0] + len(word.rstrip(_END + "-–—"))
        if word.rstrip(_END + "-–—") != word:
            break
    return (s, e) if e > s else None
