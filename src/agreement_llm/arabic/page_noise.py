"""What scraped-page noise looks like, one line at a time: captions, timestamps and datelines, bylines, pagers,
comment forms, footers, site names and category labels. `clean` decides, from where a line stands on the page,
which of these to remove.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from .dates import find_dates
from .normalize import normalize

# Outer whitespace of a line, plus invisible format characters scrapers
# leave at line edges (BOM, zero-width space, direction marks).
EDGE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace()) + "\u200b\u200c\u200d\u200e\u200f\u2060\u061c\ufeff"


@dataclass
class Line:
    """One line of the page: where its content is, its text and matching form, and why it goes (if it does)."""

    start: int  # content start in the original (outer whitespace trimmed)
    end: int
    text: str
    norm: str
    words: int
    reason: str | None = None  # set when the line is removed
    keep_end: int | None = None  # a kept line cut short (headline site suffix)


def split_lines(raw: str) -> list[Line]:
    """The page's lines, each with its content's offsets in `raw` (outer whitespace trimmed)."""
    lines, pos = [], 0
    for chunk in raw.split("\n"):
        body = chunk.strip(EDGE)
        lead = len(chunk) - len(chunk.lstrip(EDGE))
        start = pos + lead
        lines.append(Line(start, start + len(body), body, normalize(body), len(body.split())))
        pos += len(chunk) + 1
    return lines


# --- Line classifiers (on stripped text / normalized text) -----------------

_PLACEHOLDERS = {"big header", "small header", "header", "advertisement", "sponsored", "اعلان", "loading..."}
_RE_CAPTION = re.compile(
    r"^(?:whatsapp image|img[_\- ]?\d|dsc[_\-]?\d|screenshot|photo\s*[:：]|image\s*[:：]"
    r"|صورة\s*[:：\-–]|الصورة\s*[:：]|صورة أرشيفية|صورة ارشيفية|\(صورة|\S+\.(?:jpe?g|png|gif|webp)$)",
    re.IGNORECASE,
)
_RE_ISO_LINE = re.compile(
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[t ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:z|[+-][0-9]{2}:?[0-9]{2})?)?$"
)
_RE_PAGER = re.compile(r"^[0-9]+ ?من ?[0-9]+$")
_COMMENT_FORM = (
    "لن يتم نشر عنوان بريدك",
    "الحقول الالزاميه مشار اليها",
    "حفظ اسمي",
    "احفظ اسمي",
    "your email address will not be published",
)
# An update/publication stamp: the keyword followed by a date or "منذ".
_RE_BYLINE = re.compile(r"(?:اخر تحديث|تاريخ النشر|نشر بتاريخ|نشر في)\s?:?\s?(?:منذ|[0-9])")
_FOOTERS = {
    "الاخبار ذات الصله",
    "اخبار ذات صله",
    "مقالات ذات صله",
    "المقالات ذات الصله",
    "مواضيع ذات صله",
    "اخبار متعلقه",
    "اترك تعليقا",
    "اترك تعليق",
    "اترك ردا",
    "اضف تعليق",
    "اضف تعليقا",
    "تعليقات",
    "التعليقات",
    "related posts",
    "related articles",
    "leave a comment",
    "comments",
}
# "Read also" boxes sit inside articles too: they only end the article when
# no prose follows them.
_SOFT_FOOTERS = ("اقرا ايضا", "اقرا المزيد", "شاهد ايضا", "طالع ايضا")
# "بقلم X" is always a byline; "كتب"/"تحرير" only with a colon or dash, since
# "كتبت الجمعية رسالة" is a sentence.
RE_AUTHOR = re.compile(r"^(?:بقلم\s*[:：\-–]?|(?:كتب|كتبت|إعداد|اعداد|تحرير)\s*[:：\-–])\s*(?P<name>\S.*)$")
RE_NEWSPAPER = re.compile(r"^(?:جريدة|صحيفة|يومية|مجلة)\s+\S")
# A newspaper line often adds its local desk: "جريدة X فرع إقليم صفرو".
_RE_OUTLET_QUALIFIER = re.compile(r"\s+(?:فرع|مكتب|مراسل)\s.*$|\s*[-–|،,:].*$")
RE_SITE_SUFFIX = re.compile(r"\s[|｜]\s(?P<site>[^|｜]+)$")
RE_CAPTION_SITE = re.compile(r"\s[-–]\s(?P<site>[^|｜]+?)\s*[|｜]")
RE_SENTENCE_BREAK = re.compile(r"[.!?؟]\s+\S")

BODY_MIN_WORDS = 8
HEADLINE_MAX_WORDS = 35
PROSE_WORDS = 15


def noise_reason(line: Line) -> str | None:
    """Noise recognised anywhere on the page."""
    t, n = line.text, line.norm
    if n in _PLACEHOLDERS:
        return "placeholder"
    if _RE_CAPTION.match(t):
        return "caption"
    if _RE_ISO_LINE.match(n):
        return "timestamp"
    if _RE_PAGER.match(n):
        return "pager"
    if line.words <= 30 and any(p in n for p in _COMMENT_FORM):
        return "comment form"
    if line.words <= 15 and _RE_BYLINE.search(n):
        return "byline"
    return None


def footer_kind(line: Line) -> str | None:
    key = re.sub(r"\s*\(?[0-9]*\)?\s*:?$", "", line.norm)
    if key in _FOOTERS:
        return "hard"
    if line.words <= 20 and any(line.norm.startswith(s) for s in _SOFT_FOOTERS):
        return "soft"
    return None


def is_placeholder_caps(line: Line) -> bool:
    """'BIG HEADER'-style template leftovers: short all-caps ASCII lines."""
    t = line.text
    return t.isascii() and any(c.isalpha() for c in t) and t.upper() == t and line.words <= 4


def headline_key(text: str) -> str:
    # Exact up to normalization: "X." in the body is a sentence, not "X".
    return RE_SITE_SUFFIX.sub("", normalize(text))


def parse_timestamp(norm: str) -> datetime | None:
    try:
        return datetime.fromisoformat(norm.upper())
    except ValueError:
        return None


def outlet_from_newspaper(text: str) -> str:
    return _RE_OUTLET_QUALIFIER.sub("", text).strip() or text


def byline_outlet(line: Line) -> str | None:
    """The site name glued before the date of a byline ("بلوس242 يناير")."""
    mentions = find_dates(line.text)
    if not mentions or mentions[0].start == 0:
        return None
    prefix = line.text[: mentions[0].start].strip(EDGE + "-–|:،,")
    return prefix if 1 <= len(prefix.split()) <= 4 else None


def is_dateline(line: Line) -> bool:
    """A short header line that is essentially a date."""
    covered = sum(m.end - m.start for m in find_dates(line.text) if m.parsed.iso)
    return line.words <= 6 and covered >= 0.6 * len(line.text)
