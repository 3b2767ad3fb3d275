"""The forms words are compared in: Arabic words without clitics, Latin words in a folded key, and both as
consonant skeletons, so that a transliteration ("Khattab") meets the Arabic it spells («خطاب»)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..arabic import normalize
from .words import AR_CLITICS

LATIN_WORD = re.compile(r"[A-Za-zÀ-ɏḀ-ỿ]+(?:['’][A-Za-z]+)?")
NUMBER = re.compile(r"(?<!\w)\d+(?:[.,]\d+)?(?!\w)")  # "4G", "COP28", "19th" are names or ordinals, not numbers


@lru_cache(maxsize=1 << 16)  # pure, and called for every word of every article (issue 11)
def bare(token: str) -> str:
    """An Arabic token without its clitics and article («وبالرباط» -> «رباط»), kept when too little is left."""
    for clitic in AR_CLITICS:
        if token.startswith(clitic) and len(token) - len(clitic) >= 2:
            return token[len(clitic) :]
    return token


def ar_words(text: str) -> list[str]:
    """The `bare` forms of the words of `text`, numbers left out."""
    return [bare(t) for t in re.findall(r"\w+", normalize(text)) if not t.isdigit()]


def en_key(word: str) -> str:
    """Latin matching form: accents dropped, lower case, possessive and plural 's' dropped ("Meknès" = "meknes")."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)).casefold()
    plain = re.sub(r"['’]s?$", "", plain)
    if len(plain) > 4 and plain.endswith("ies"):
        return plain[:-3] + "y"
    return plain[:-1] if len(plain) > 3 and plain.endswith("s") and not plain.endswith("ss") else plain


# Consonant classes shared by Latin transliterations and Arabic letters; vowels, و ي ا ع ء ة and h-less glides drop.
_LATIN_CLASSES = [
    ("sch", "S"),
    ("sh", "S"),
    ("ch", "S"),
    ("kh", "X"),
    ("gh", "K"),
    ("th", "T"),
    ("dh", "Z"),
    ("ph", "F"),
    ("dj", "K"),
    ("ou", ""),
    ("ck", "K"),
    ("ce", "Z"),
    ("ci", "Z"),
    ("cy", "Z"),
    ("x", "KZ"),
]
_LATIN_SINGLE = dict(
    b="B",
    p="B",
    t="T",
    d="D",
    s="Z",
    z="Z",
    c="K",
    k="K",
    q="K",
    g="K",
    j="K",
    h="H",
    f="F",
    v="F",
    l="L",
    m="M",
    n="N",
    r="R",
)
# g, j, k, q and ج غ ق ك are one class: «رجب» is "Recep" in Turkish, «جاسم» "Gasim" in the Gulf, «قاسم» "Kassem".
_ARABIC_CLASSES = dict(zip("بتثدذضظسصزشجغقكخحهفلمنرطپگچژڤ", "BTZDZDZZZZSKKKKXHHFLMNRTBKSZF", strict=True))


def latin_skeleton(word: str) -> str:
    """Consonant skeleton of a Latin word ("Khattab" -> "XTB"), repeated classes collapsed."""
    w, out = en_key(word), []
    i = 0
    while i < len(w):
        for pair, cls in _LATIN_CLASSES:
            if w.startswith(pair, i):
                out.append(cls)
                i += len(pair)
                break
        else:
            out.append(_LATIN_SINGLE.get(w[i], ""))
            i += 1
    return re.sub(r"(.)\1+", r"\1", "".join(out))


class _SkeletonTable(dict[int, str]):
    """`str.translate` table: consonants to their class, every other character dropped."""

    def __missing__(self, codepoint: int) -> str:
        self[codepoint] = _ARABIC_CLASSES.get(chr(codepoint), "")
        return self[codepoint]


_SKELETON_TABLE = _SkeletonTable()


@lru_cache(maxsize=1 << 16)  # pure, and called for every word of every article (issue 11)
def joined(*skeletons: str) -> str:
    """Skeletons of consecutive words as one, a class repeated across the joint collapsed."""
    out = ""
    for sk in skeletons:
        out += sk[1:] if out and sk and out[-1] == sk[0] else sk
    return out


@lru_cache(maxsize=1 << 16)  # pure, and called for every word of every article (issue 11)
def arabic_skeleton(token: str) -> str:
    """Consonant skeleton of a matching-form Arabic token («خطاب» -> "XTB")."""
    return re.sub(r"(.)\1+", r"\1", token.translate(_SKELETON_TABLE))


__all__ = ["LATIN_WORD", "NUMBER", "ar_words", "arabic_skeleton", "bare", "en_key", "joined", "latin_skeleton"]
