"""A representative's role, read from the article's words beside their name (no model).

The embedded model writes roles in English ("Minister of Water and Electricity") where the schema asks for the
article's words, so the grounder drops them: 48 of the lean draft's roles on dev, and the `role` field scored
0.119 there. Arabic news writes a role right before the name («وزير المياه والكهرباء المهندس عبدالله الحصين»,
«مع نظيره اللبناني، عبد الله بوحبيب») or after it, set off by a comma or a dash («أمين العريض، مدير عام شركة البحرين
الأولى»). `role_beside` reads both: before the name, a chain of title words («نائب رئيس مجلس الإدارة», «مدير ديوان
وزير الصحة») up to the name, honorifics («المهندس», «أ.د.», «الحاج») left out, never back into a list's previous
person («وعامل الإقليم»); else an apposition after the name, to the next comma, bracket, dash, preposition, speech
verb, instrument or time word («اتفاقية», «يوم»), honorific or person. Nothing when no title word stands there. Only
a role the model gave and the article does not carry is read (ground_parties.py): a role the model did not give is never
added, and the reader adds no `role_en`.

Built on dev's articles; replayed through the pipeline (`agreement-llm eval --set S --replay
tests/recordings/lean/S`), the lean draft's `representatives.role` went 0.119 -> 0.847 on dev, 0.414 -> 0.477 on
dev-test (never looked at while building it) and 0.237 -> 0.437 on the seeds; every role it read for a person the
gold lists is the gold's (9 on dev, 1 on dev-test, 1 on the seeds). A first version also read roles after a name
with no comma and reached 0.937 / 0.602, but a review showed those words are as often the sentence's object
(«استقبل الرئيس السيسي رئيس الوزراء الهندي …»): abstaining there costs recall, never a wrong role.

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
from .countries import country_forms

__all__ = ["role_beside"]

# Title words a role starts with, in matching form: with and without the article, feminine, and with a possessive
# ending («في شخص رئيسها», "in the person of its president"; «نظيره», "his counterpart"). «ممثل» is also "actor" and
# «كاتب» "writer": harmless beside a signatory's name. «أمين» is a first name too: a title only before «عام», «سر»,
# «المال» (`_title`).
_TITLE_WORDS = (
    "رئيس وزير مدير أمين نائب سفير محافظ قائد وكيل ملحق كاتب عمدة والي مستشار مندوب ممثل عضو مفوض مساعد عميد "
    "مؤسس منسق مسؤول ناطق متحدث نظير عامل قنصل باشا قاضي مفتش متصرف"
)
_NOT_FEMININE = frozenset(("محافظ", "عامل", "والي", "عمدة", "باشا", "قاضي"))  # «محافظة», «عاملة»: other words
_TITLES = frozenset(
    normalize(form)
    for word in _TITLE_WORDS.split()
    for each in ((word,) if word in _NOT_FEMININE else (word, word + "ة"))
    for stem in [each.removesuffix("ة") + "ت" if each.endswith("ة") else each]
    for form in (each, "ال" + each, stem + "ه", stem + "ها", stem + "هم")
)
_AMIN = frozenset(normalize(w) for w in ("أمين", "الأمين", "أمينة", "الأمينة"))
_WALI_AHD, _AHD = normalize("ولي"), normalize("العهد")
_AMIN_OF = frozenset(normalize(w) for w in ("عام", "العام", "سر", "السر", "المال", "مال", "الصندوق", "عامة", "العامة"))
# Honorifics between a role and a name, left out of both.
_HONORIFICS = frozenset(
    normalize(w).strip(".،,/")
    for w in (  # noqa: SIM905
        "المهندس المهندسة الدكتور الدكتورة د. د أ.د. أ.د ا.د أ. م. ذ. السيد السيدة الآنسة الأستاذ الأستاذة معالي "
        "سعادة فضيلة فخامة عطوفة سمو الشيخ الشيخة الحاج الحاجة البروفيسور البروفسور اللواء الفريق الأمير الأميرة"
    ).split()
)
# Words no role runs through: prepositions and speech verbs, instrument nouns and time words (the sentence goes on
# to the object: «وقع محمد العلمي، رئيس الجمعية، اتفاقية»).
_STOPS = frozenset(
    normalize(w)
    for w in (  # noqa: SIM905
        "في من إلى الى على عن مع بين أو ثم كما لدى خلال قال وقال أكد وأكد أن إن بقوله قوله قائلا الذي التي "
        "اتفاقية اتفاق اتفاقيات اتفاقيتي اتفاقيتين اتفاقا مذكرة مذكرتي مذكرات عقد عقدا عقود بروتوكول ملحق يوم اليوم "
        "أمس صباح مساء الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت بحضور حيث بمقر وعن ومن وفي"
    ).split()
)
_WORD = re.compile(r"\S+")
_END = '،,.:;؛!?؟()[]"“”'  # punctuation that ends a stretch of words (not «» or quotes around a company's name)
_DASHES = frozenset("-–—")
_MAX_WORDS = 8


# The only words a chain of titles runs through: «مدير ديوان وزير», «الأمين العام المساعد», «نائب رئيس الوزراء وزير».
# A name does not: «الرئيس السيسي وزير الخارجية الأمريكي» is two people.
_LINKS = frozenset(normalize(w) for w in "ديوان مكتب عام العام أول الأول الوزراء مجلس الحكومة إدارة".split())  # noqa: SIM905


def _key(word: str) -> str:
    return normalize(word.strip(_END + "/"))


def _title(words: list[str], j: int) -> bool:
    """Whether `words[j]` is a title word, «و» before it or not."""
    key = _key(words[j])
    key = key[1:] if key.startswith("و") and key[1:] in _TITLES else key
    if key in _AMIN:
        return j + 1 < len(words) and _key(words[j + 1]) in _AMIN_OF
    if key == _WALI_AHD:  # «ولي العهد», the crown prince
        return j + 1 < len(words) and _key(words[j + 1]) == _AHD
    return key in _TITLES


def _definite(word: str) -> bool:
    """«الوزير», «والوزير», «للوزير»: the article, after a clitic or not."""
    return _key(word).lstrip("وب").startswith(("ال", "لل"))


def _first_name(word: str) -> bool:
    """Whether a word before a one-word name quote is more likely the person's name than the role's last word."""
    key = _key(word)
    return key in _NAME_WORDS or not (_definite(word) or country_forms(key))


_NAME_WORDS = frozenset(normalize(w) for w in ("بن", "ابن", "بنت", "أبو", "عبد", "الله", "الرحمن", "الرحيم", "الدين"))
_LADA = normalize("لدى")


def _conjoined(word: str) -> bool:
    """«ووزير», «والقنصل», «وسعادة»: a list's next item starts with this word."""
    key = _key(word)
    return key.startswith("و") and (key[1:] in _TITLES or key[1:] in _HONORIFICS)


def role_beside(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of the role written beside the name at `text[start:end]`, else None."""
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    if not spans or not text[start:end].strip():
        return None
    words = [text[s:e] for s, e in spans]
    first = next((i for i, (s, e) in enumerate(spans) if e > start), len(spans))
    last = next((i for i, (s, e) in enumerate(spans) if e >= end), len(spans) - 1)
    single = first == last  # the model quoted one word of the name: a word before it may be the first name
    listed = start == spans[first][0] + 1 and text[spans[first][0]] == "و"  # «وأحمد الفاسي»; not «وليد»
    before, after = None if listed else _before(words, first, single), _after(words, last)
    # A lone title before the name is a form of address when an apposition follows it («السفيرة نبيلة مكرم، رئيس
    # الأمانة الفنية»).
    found = after if before and after and before[0] == before[1] else before or after
    if found is None:
        return None
    i, j = found  # word indexes, inclusive
    s = spans[i][0] + (len(words[i]) - len(words[i].lstrip("([")))
    s += 1 if _key(words[i]).startswith("و") and _key(words[i])[1:] in _TITLES else 0
    e = spans[j][0] + len(words[j].rstrip(_END + "-–—"))
    return (s, e) if e > s else None


def _before(words: list[str], first: int, single: bool) -> tuple[int, int] | None:
    """The title words right before the name: from the nearest one back through a chain of titles («نائب رئيس»,
    «مدير ديوان وزير», «الأمين العام المساعد») to the name, honorifics and a dash left out. None for a name that
    starts a list's next item («رئيس جامعة ابن زهر، وأحمد الفاسي»: the role before it is the previous person's)."""
    i = first - 1
    while i >= 0 and _key(words[i]) in _HONORIFICS:
        i -= 1
    if i >= 0 and (_conjoined(words[i]) and _key(words[i])[1:] in _HONORIFICS):
        return None  # «وسعادة شريف»: the next person of a list, after another's role
    if i >= 0 and words[i] in _DASHES:
        i -= 1
    end = i
    for j in range(i, max(i - _MAX_WORDS, -1), -1):
        word = words[j]
        if j < end and word.rstrip(_END) != word or _key(word) in _STOPS or word in _DASHES and j < end:
            return None  # the previous phrase ended before any title word
        if _key(word) in _HONORIFICS:  # the name was quoted in part («الحصين» of «المهندس عبدالله الحصين»)
            end = j - 1
            continue
        if _title(words, j):
            while not _conjoined(words[j]):  # back through the chain of titles, over one linking word at most
                # «نائب رئيس», «الوكيل المساعد»: a title heads the next; «الوزير سفير فرنسا» (the article, then
                # none) is two people
                if (
                    j >= 1
                    and _title(words, j - 1)
                    and not (_definite(words[j - 1]) and not _definite(words[j]))
                    and not words[j - 1].endswith(tuple(_END))
                ):
                    j -= 1
                elif (
                    j >= 2
                    and _title(words, j - 2)
                    and _key(words[j - 1]) in _LINKS
                    and not any(w.endswith(tuple(_END)) for w in words[j - 2 : j])
                ):
                    j -= 2
                else:
                    break
            if j >= 1 and _key(words[j - 1]) == _LADA:
                return None  # «الوزير المنتدب لدى وزيرة الاقتصاد …»: the title found is the superior's
            for _ in range(3):  # «وزير الخارجية عبد الله» with «بوحبيب» quoted: first names are no role
                if single and end > j and not _title(words, end) and _first_name(words[end]):
                    end -= 1
            return j, end
        if j < end and _conjoined(word):
            return None
    return None


def _after(words: list[str], last: int) -> tuple[int, int] | None:
    """An apposition after the name, set off by a comma or a dash («أمين العريض، مدير عام …»), to the next comma,
    bracket, stop word or person. Without the comma the words after a name are the sentence's object as often as
    its role («استقبل الرئيس السيسي رئيس الوزراء الهندي»), so none is read."""
    i = last + 1
    name_end = words[last]
    if i < len(words) and words[i] in _DASHES:
        i += 1
    elif not name_end.endswith(("،", ",")):
        return None
    if i >= len(words) or _conjoined(words[i]) or not _title(words, i):
        return None
    e = i
    for j in range(i, min(i + _MAX_WORDS, len(words))):
        word = words[j]
        if j > i and (_key(word) in _STOPS or word in _DASHES or word[0] in "([" or _conjoined(word)):
            break
        if j > i and _key(word) in _HONORIFICS:
            break
        e = j
        if word.rstrip(_END + "-–—") != word:
            break
    return i, e
