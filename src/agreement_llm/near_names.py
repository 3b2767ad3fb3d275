"""A party name the model misspelled: the article's own words most like it, and only where nothing tells them apart.

The embedded model copies names with a letter or a word wrong («الملحق الثقافي العمانية» for the article's
«الملحقية الثقافية العمانية», «البنان» for «لبنان», «الدولة الأميركية للتنمية الدولية» for «الوكالة …»), and an
exact quote check then drops a party the article does name. `near_name` finds the article's run of words that is
nearly the same; `nearest_party` does the same among the parties already kept (an instrument that names a party
as the model spelled it). Likeness is difflib's ratio on words without «ال» and clitics, for the whole name and for
the name after its head noun, so that a long shared head («الشركة … للكهرباء») cannot carry a different body.

Whatever tells two bodies apart refuses a match however alike the letters are (three rounds of review probes):
another country («السعودية» / «السودانية»), another number («جامعة الجزائر 1» / «… 2»), a person's title where the
model named a body («وزير الصحة» for «وزارة الصحة»), a run that crosses punctuation, an unclosed bracket or two
quoted names («للطاقة (طاقة», «…» و«…»), and the «لل» of ل + ال, in which no name is written. Spellings of one name
that a body's name does not tell apart are folded («جميرة» / «جميرا», «سوناتراك» / «سوناطراك», «الوزارء»). A name
the article does not carry nearly is still dropped: seed 002's invented «الجامعة الإسلامية للإدارات العمومية» is
0.81 like the article's nearest run.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from .arabic import normalize
from .countries import country_forms

__all__ = ["NEAR_NAME_RATIO", "near_name", "nearest_party"]

# How alike (difflib's ratio) a name and the article's words must be, whole and after the head noun. Chosen on the 8
# party names the lean draft gave dev that the article does not carry: at 0.88 it takes the three above, and
# «النادي النصر» for «نادي النصر»; below it the candidates were other bodies («الجامعة الإسلامية الجزائرية» 0.67
# from «اللجنة المشتركة الجزائرية»). One-word brands misspelled by one letter of seven («سامسونغ» / «سامسونج»,
# 0.86) fall short: between «الوفاء» and «الوفاق» letters cannot tell a misspelling from another body.
NEAR_NAME_RATIO = 0.88
_WORD = re.compile(r"[\w\u064b-\u065f\u0670]+")  # a word with its harakat: «وزارةُ الصّحّةِ»
_CLITICS = re.compile(r"^[وف]?(?:[بلك]?ال|لل)")
_ON_ARTICLE = re.compile(r"[وف]?لل")  # ل + ال: «للهيئة» is no spelling of «الهيئة» that a span can hold
_BREAK = re.compile(r"[،,.:;؛!?؟\n]")  # a name's words are not split by these
# A name may quote a word («بنك “الإمارات دبي الوطني”», the run ending before the closing mark), but a run that
# opens a bracket it does not close («للطاقة (طاقة») is two names.
_BRACKETS = (("(", ")"), ("[", "]"))
_QUOTES = (("“", "”"), ("”", "“"), ("«", "»"), ('"', '"'))
_TWO_QUOTED = re.compile(r"[\"»”“]\s*و\s*[\"«“”]")  # «شركة الطاقة» و«المياه الوطنية»: two names (a third check)
_LONGEST = 12  # words: no party name is longer, and each run costs a comparison (a 30-word name took 9 s)
# Spellings of one name that a body's name does not tell apart (a second review: «جميرة» / «جميرا», «سوناتراك» /
# «سوناطراك», «طنطة» / «طنطا»): folded before the likeness of the words after the head noun (the larger of the
# folded and the plain likeness counts: «الوكلا» is «الوكلاء» unfolded).
_FOLD_FINAL = str.maketrans({"ا": "ه"})


@lru_cache(maxsize=1)
def _titles() -> frozenset[str]:
    """A person's title, where the model named a body: «وزير الصحة» is not «وزارة الصحة», «أمير منطقة الرياض» not
    «إمارة منطقة الرياض», «المندوب السامي» not «المندوبية السامية»."""
    words = (
        "وزير وزيرة محافظ سفير سفيرة قنصل أمين أمير مدير مديرة عمدة والي عامل رئيس رئيسة نائب عميد مستشار وكيل"
        " مندوب مفوض ممثل ملحق قائد نقيب"
    )
    return frozenset(normalize(w) for w in words.split())


def _bare(word: str) -> str:
    """A word without its clitics and article, where enough of it is left to compare («فمجلس» → «مجلس»)."""
    bare = _CLITICS.sub("", word)
    return bare if len(bare) >= 3 else word


def _is_title(word: str) -> bool:
    """«وزير», and «ومحافظ» after a list's «و» (a second review: the «و» had hidden the title)."""
    return _bare(word) in _titles() or (word[:1] in "وفبل" and _bare(word[1:]) in _titles())


def _folded(word: str) -> str:
    bare = _bare(word).replace("ط", "ت")
    return bare[:-1] + bare[-1:].translate(_FOLD_FINAL)


def _swapped(a: str, b: str) -> bool:
    """Two words of five letters or more that differ by two letters side by side swapped («الوزارء» / «الوزراء»);
    shorter ones swapped are other words («سلام» / «سالم», «البر» / «الرب»: a third check)."""
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y]
    return (
        len(a) == len(b) >= 5
        and len(diff) == 2
        and diff[1] == diff[0] + 1
        and (a[diff[0]], a[diff[1]]) == (b[diff[1]], b[diff[0]])
    )


def _rest_likeness(said: list[str], written: list[str]) -> float:
    """The likeness of the words after the head noun, spelling variants folded."""
    a, b = [_folded(w) for w in said], [_folded(w) for w in written]
    if len(a) == len(b) and all(x == y or _swapped(x, y) for x, y in zip(a, b, strict=True)):
        return 1.0
    plain = " ".join(map(_bare, said)), " ".join(map(_bare, written))
    return max(SequenceMatcher(None, " ".join(a), " ".join(b)).ratio(), SequenceMatcher(None, *plain).ratio())


def _telling(words: list[str]) -> tuple[frozenset[str], frozenset[str]]:
    """What tells two bodies of one kind apart: the countries their words name, and their numbers."""
    countries = frozenset(code for w in words for code, _ in country_forms(w))
    return countries, frozenset(re.findall(r"\d+", " ".join(words)))


def _likeness(said: list[str], written: list[str]) -> float:
    """How alike two names are (words in matching form), or 0 where something tells them apart."""
    matcher = SequenceMatcher(None, " ".join(map(_bare, said)), " ".join(map(_bare, written)))
    if matcher.real_quick_ratio() < NEAR_NAME_RATIO or matcher.quick_ratio() < NEAR_NAME_RATIO:
        return 0.0  # upper bounds, cheap: most runs of an article end here
    whole = matcher.ratio()
    if len(said) == 1 and len(written) == 1:  # with the article too: «الهند» is not the woman's name «هند»
        whole = min(whole, SequenceMatcher(None, said[0], written[0]).ratio())
    (said_countries, said_numbers), (written_countries, written_numbers) = _telling(said), _telling(written)
    # «البنان» for «لبنان»: one word, and a country on one side only, is the misspelling itself; two countries
    # («أنغويلا» / «أنغولا»), or a country on one side of a longer name («الجامعة العربية المفتوحة» / «… العراقية
    # …»: reviews), are two bodies.
    one_sided = len(said) == 1 and len(written) == 1 and not (said_countries and written_countries)
    if said_numbers != written_numbers or (said_countries != written_countries and not one_sided):
        return 0.0
    if _is_title(written[0]) and _bare(said[0]) != _bare(written[0]):
        return 0.0
    if len(said) > 1 and len(written) > 1:  # the head noun alone must not make two bodies alike
        whole = min(whole, _rest_likeness(said[1:], written[1:]))
    return whole


def _balanced(run: str) -> bool:
    return all(run.count(opening) == run.count(closing) for opening, closing in _BRACKETS)


def near_name(text: str, name: str) -> tuple[int, int] | None:
    """Where `text` writes a name the model misspelled: the run of whole words (as many as the name has, one more
    or one fewer) most like it, when at least `NEAR_NAME_RATIO` alike (`_likeness`), without a list's «و» or a
    preposition before it; None where nothing is, or where the article writes it only after «لل».

    >>> text = "وقعت الوكالة الأميركية للتنمية الدولية والجمعية اتفاقا"
    >>> start, end = near_name(text, "الدولة الأميركية للتنمية الدولية"); text[start:end]
    'الوكالة الأميركية للتنمية الدولية'
    >>> near_name(text, "الجامعة الإسلامية للتنمية") is None
    True
    """
    said = normalize(name).split()
    if not said or len(said) > _LONGEST:
        return None
    words = [(normalize(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)]
    best, where = NEAR_NAME_RATIO, None
    for n in sorted({max(1, len(said) - 1), len(said), len(said) + 1}):
        for i in range(len(words) - n + 1):
            run = words[i : i + n]
            inside = text[run[0][1] : run[-1][2]]
            if _BREAK.search(inside) or _TWO_QUOTED.search(inside) or not _balanced(inside):
                continue
            ratio = _likeness(said, [w for w, _, _ in run])
            if ratio >= best and (where is None or ratio > best):
                best, where = ratio, (run[0][1], run[-1][2])
    if where is None:
        return None
    start, end = where
    if _ON_ARTICLE.match(text, start) and not _ON_ARTICLE.match(name):
        return None
    for opening, closing in _QUOTES:  # the closing mark of a quote the name opened: «بنك “الإمارات دبي الوطني”»
        inside = text[start:end]
        unclosed = inside.count(opening) % 2 if opening == closing else inside.count(opening) - inside.count(closing)
        if unclosed > 0 and text[end : end + 1] == closing:
            end += 1
        elif unclosed > 0:
            return None  # «شركة “أرامكو» of «شركة “أرامكو السعودية”»: a name cut inside its quote
    # A list's «و» or «ف», or a preposition, before the first word: left out where the words are more like the
    # name without it («فمجلس الوزراء» for «المجلس الوزراء», «بالوكالة»); «وزارة» keeps its «و», «بنك» its «ب».
    key = normalize(name)
    cut = max(
        (n for n in range(3) if text[start : start + n].strip("وفبكل") == ""),
        key=lambda n: SequenceMatcher(None, key, normalize(text[start + n : end])).ratio(),
    )
    return start + cut, end


def nearest_party(name: str, kept: list[str]) -> str | None:
    """The kept party most like `name` (at least `NEAR_NAME_RATIO`, `_likeness`), else None: an instrument that
    names a party as the model misspelled it, where the party kept the article's words.

    >>> nearest_party("الشركة السعودي للكهرباء", ["الشركة السودانية للكهرباء", "الشركة السعودية للكهرباء"])
    'الشركة السعودية للكهرباء'
    """
    said = normalize(name).split()
    if not said:
        return None
    scored = [(_likeness(said, words), k) for k in kept if (words := normalize(k).split())]
    ratio, best = max(scored, default=(0.0, None))
    return best if ratio >= NEAR_NAME_RATIO else None
