"""The claims of one summary sentence: the numbers, dates and names it gives, each checked against what the
result and its article support (`support.prepare`). An unsupported claim is a short label ("date 2 January 2025",
"name Blue Lions", "country إيران")."""

from __future__ import annotations

import re
from functools import lru_cache

from ..arabic import find_dates, normalize
from ..countries import NOT_ONLY_COUNTRIES, arabic_country_names, country_aliases, country_code
from .forms import LATIN_WORD, NUMBER, bare, en_key, latin_skeleton
from .support import YMD, Support, ymd
from .words import (
    AR_HONORIFIC,
    AR_ORG,
    AR_PLACE,
    CONNECTORS,
    DEMONYMS,
    GENERIC,
    GLOSSARY,
    MONTHS,
    WEEKDAYS,
)

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_EN_DATES = [  # (pattern, group order) — "1 January 2022", "January 1, 2022", "January 2022", "2022-01-01"
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})\.?(?:,?\s+(\d{{4}}))?\b", re.I), "dmy"),
    (re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.I), "mdy"),
    (re.compile(rf"\b({_MONTH_RE})\.?,?\s+(\d{{4}})\b", re.I), "my"),
    (re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b"), "iso"),
    (re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b"), "dmy_num"),
    (re.compile(rf"\b({_MONTH_RE})\b", re.I), "m"),
]


def _date_ok(s: Support, y: int | None, m: int | None, d: int | None) -> bool:
    return any(
        (y is None or y == ky)
        and (m is None or km is None or m == km)
        and (d is None or kd is None or d == kd)
        and not (m is not None and km is None and d is not None)
        for ky, km, kd in s.dates
    )


def _en_dates(sentence: str) -> tuple[list[tuple[str, YMD]], str]:
    """English date mentions as (text, (year, month, day)), and the sentence with them blanked out."""
    found: list[tuple[str, YMD]] = []
    for pattern, order in _EN_DATES:
        for match in pattern.finditer(sentence):
            g = match.groups()
            if order == "m" and g[0].lower() == "may" and match.group(0) == "may":
                continue  # the verb "may"
            month = g[1] if order == "dmy" else g[0]
            date: YMD
            if order == "iso":
                date = (int(g[0]), int(g[1]), int(g[2]) if g[2] else None)
            elif order == "dmy_num":
                date = (int(g[2]), int(g[1]), int(g[0]))
            else:
                day = g[0] if order == "dmy" else (g[1] if order == "mdy" else None)
                year = g[2] if order in ("dmy", "mdy") else (g[1] if order == "my" else None)
                date = (int(year) if year else None, MONTHS[month.lower().rstrip(".")], int(day) if day else None)
            if order != "m":  # a month alone ("late July") is too vague to check: mgh2_05's «أواخر جويلية»
                found.append((match.group(0), date))
            sentence = sentence[: match.start()] + " " * len(match.group(0)) + sentence[match.end() :]
    return found, sentence


def _number_claims(s: Support, text: str) -> list[str]:
    out = []
    for n in NUMBER.findall(normalize(text)):
        value = float(n.replace(",", "."))
        if value in s.numbers or (len(n) == 4 and 1900 <= value <= 2100 and any(int(value) == d[0] for d in s.dates)):
            continue
        out.append(f"number {n}")
    return out


def _word_supported(s: Support, word: str) -> bool:
    key = en_key(word)
    if key in GENERIC or key in CONNECTORS or key in MONTHS or key in WEEKDAYS or key in s.en_words:
        return True
    code = DEMONYMS.get(key) or _country(word)
    if code:  # a country is the result's or the article's, never a chance transliteration ("Algeria" in seed 003)
        return code in s.countries
    if key in _glossary():
        return any(stem in s.article_key for stem in _glossary()[key])
    # Two consonants ("Qian" for «تشيان», "Iran") are too few to tell a transliteration from chance: not judged.
    skeleton = latin_skeleton(word)
    # One consonant more or less on either side: «بروكسل» is "Brussels", «طرابلس» "Tripoli".
    return len(skeleton) < 3 or skeleton in s.skeletons or skeleton in s.shortened or skeleton[:-1] in s.skeletons


@lru_cache(maxsize=1)
def _glossary() -> dict[str, tuple[str, ...]]:
    """`GLOSSARY` keyed like the words looked up ("Rights" -> "right"), stems in matching form."""
    out: dict[str, tuple[str, ...]] = {}
    for word, stems in GLOSSARY.items():
        out[en_key(word)] = out.get(en_key(word), ()) + tuple(normalize(stems).split())
    return out


@lru_cache(maxsize=4096)
def _country(word: str) -> str | None:
    if len(word) <= 3 or not word[0].isupper() or word.casefold() in NOT_ONLY_COUNTRIES:
        return None
    return country_code(word)


def _en_names(s: Support, sentence: str) -> list[str]:
    """Runs of capitalised words (a name with its connectors) that name something the result and article lack."""
    out: list[str] = []
    run: list[tuple[int, str]] = []
    tokens = [t.group(0) for t in re.finditer(r"[A-Za-zÀ-ɏḀ-ỿ]+(?:['’][A-Za-z]+)?|[^\sA-Za-zÀ-ɏḀ-ỿ]", sentence)]
    first = next((i for i, t in enumerate(tokens) if t[0].isalpha()), -1)

    def close() -> None:
        while run and en_key(run[-1][1]) in CONNECTORS:
            run.pop()
        # A sentence's first word alone is capitalised for the sentence ("During", "Participants"), not a name.
        if run and not (len(run) == 1 and run[0][0] == first):
            words = [w for _, w in run]
            for n in (6, 5, 4, 3, 2):  # "United Arab Emirates" is one country; "Democratic Republic of the Congo" too
                for i in range(len(words) - n + 1):
                    if (code := _country(" ".join(words[i : i + n]))) and code in s.countries:
                        words[i : i + n] = ["the"] * n
            if not all(_word_supported(s, w) for w in words):
                out.append(" ".join(words))
        run.clear()

    for i, word in enumerate(tokens):
        if word[0].isupper():
            run.append((i, word))
        elif run and word in "–-&":
            continue
        elif run and en_key(word) in CONNECTORS:
            run.append((i, word))
        else:
            close()
    close()
    return [f"name {n}" for n in out]


def _ar_names(s: Support, sentence: str) -> list[str]:
    """Organisations, people and places an Arabic sentence names that neither the article nor the result has."""
    out = []
    for clause in re.split(r"[،,:؛()«»\"“”\-–]", normalize(sentence)):
        raw = re.findall(r"\w+", clause)
        words = [bare(t) for t in raw]
        for i, (r, w) in enumerate(zip(raw, words, strict=True)):
            nxt = words[i + 1] if i + 1 < len(words) else None
            if nxt is None or nxt.isdigit():
                continue
            definite = r.startswith(("ال", "وال", "بال", "لل", "فال"))
            follower_definite = raw[i + 1].startswith(("ال", "لل", "وال", "بال"))
            if w in AR_ORG and (not definite or follower_definite) or w in AR_PLACE and not definite:
                # The name word must be the article's («شركة النورس العمانية» for «النورس»), its type word need not.
                if (w, nxt) not in s.bigrams and nxt not in s.tokens and nxt not in AR_ORG:
                    out.append(f"name {' '.join(raw[i : i + 3])}")
            elif r in AR_HONORIFIC and nxt not in s.tokens:
                out.append(f"name {' '.join(raw[i : i + 3])}")
        for name, code in (arabic_country_names() | country_aliases()).items():
            if len(name) >= 3 and re.search(rf"(?<!\w)(?:و|ب|ل|ف)?{name}(?!\w)", clause) and code not in s.countries:
                out.append(f"country {name}")
    for word in LATIN_WORD.findall(sentence):
        if en_key(word) not in s.en_words and en_key(word) not in s.latin:
            out.append(f"name {word}")
    return out


def sentence_claims(s: Support, sentence: str, lang: str) -> list[str]:
    """The unsupported numbers, dates and names of one sentence, as short labels ("date 2 January 2025")."""
    out = []
    if lang == "en":
        dates, rest = _en_dates(sentence)
        out += [f"date {text}" for text, date in dates if not _date_ok(s, *date)]
        out += _number_claims(s, rest) + _en_names(s, rest)
    else:
        rest = sentence
        for mention in find_dates(sentence):
            iso = mention.parsed.iso
            if iso and not _date_ok(s, *ymd(iso)):
                out.append(f"date {mention.text}")
            rest = rest[: mention.start] + " " * (mention.end - mention.start) + rest[mention.end :]
        out += _number_claims(s, rest) + _ar_names(s, rest)
    return out


__all__ = ["sentence_claims"]
