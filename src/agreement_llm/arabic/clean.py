"""Take scraped-page noise out of an article, keeping exact offsets.

Scraped Arabic news pages carry captions, timestamps, bylines, category
labels, repeated headlines and comment/related-news footers around the
article. :func:`clean` removes them *line by line*: a kept line is copied
verbatim (only its outer whitespace is trimmed), so no sentence of the
article body is ever altered, and every character of the cleaned text
maps back to the same character of the original.

The rules are deliberately conservative: header noise (category word,
site name, author line) is only recognised between the headline and the
first body paragraph, and a line that looks like prose is kept. What each
kind of noise looks like is in `page_noise`; this module decides, from where
a line stands on the page, whether it goes.

>>> raw = "BIG HEADER\\n\\nوقعت جمعية اتفاقية شراكة | موقع المثال\\n2022-01-02T16:46:34+00:00\\n" \\
...       "وقعت جمعية سفراء الخير اتفاقية شراكة مع مؤسسة كليير فيزيون بمدينة أكادير.\\nتعليقات"
>>> c = clean(raw)
>>> print(c.text)
وقعت جمعية اتفاقية شراكة
وقعت جمعية سفراء الخير اتفاقية شراكة مع مؤسسة كليير فيزيون بمدينة أكادير.
>>> c.outlet, c.published_at.isoformat()
('موقع المثال', '2022-01-02T16:46:34+00:00')
>>> [r.reason for r in c.removed]
['placeholder', 'site name', 'timestamp', 'footer']
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from .dates import find_dates
from .normalize import is_arabic_script, normalize
from .page_noise import (
    BODY_MIN_WORDS,
    EDGE,
    HEADLINE_MAX_WORDS,
    PROSE_WORDS,
    RE_AUTHOR,
    RE_CAPTION_SITE,
    RE_NEWSPAPER,
    RE_SENTENCE_BREAK,
    RE_SITE_SUFFIX,
    Line,
    byline_outlet,
    footer_kind,
    headline_key,
    is_dateline,
    is_placeholder_caps,
    noise_reason,
    outlet_from_newspaper,
    parse_timestamp,
    split_lines,
)

__all__ = ["CleanedText", "Removal", "clean"]


@dataclass(frozen=True)
class Removal:
    """A removed region ``original[start:end]`` and why it was removed.

    Reasons: "placeholder", "caption", "timestamp", "byline", "category",
    "site name", "duplicate headline", "pager", "comment form", "footer",
    "boilerplate". Blank lines and line breaks are dropped without a
    record.
    """

    start: int
    end: int
    reason: str


@dataclass(frozen=True)
class CleanedText:
    """Result of :func:`clean`; ``text`` keeps a map back to ``original``.

    ``index_map[i]`` is the index in ``original`` of ``text[i]``, and
    ``original[index_map[i]] == text[i]`` always holds (a line break that
    joins two kept lines maps to the newline ending the first of them).
    """

    original: str
    text: str
    headline: str | None = None
    outlet: str | None = None
    author: str | None = None
    published_at: datetime | None = None
    updated_at: datetime | None = None
    removed: tuple[Removal, ...] = ()
    index_map: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def to_original(self, i: int) -> int:
        """Index in ``original`` of ``text[i]``.

        ``i == len(text)`` (the end position) maps to just after the last
        kept character (0 for an empty text).

        >>> c = clean("مجتمع\\nعنوان الخبر هنا\\n\\nنص الخبر")
        >>> c.text
        'عنوان الخبر هنا\\nنص الخبر'
        >>> c.to_original(0), c.to_original(16), c.to_original(len(c.text))
        (6, 23, 31)
        """
        if 0 <= i < len(self.text):
            return self.index_map[i]
        if i == len(self.text):
            return self.index_map[-1] + 1 if self.index_map else 0
        raise IndexError(f"offset {i} outside cleaned text of length {len(self.text)}")

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map ``text[start:end]`` to ``(start, end)`` in ``original``.

        The result runs from the original position of the first character
        to just after the last one. When the cleaned slice contains no
        joined-away gap, ``original[result] == text[start:end]``. When it
        spans a removed region (a caption, a blank line), the original span
        includes that region too: it is the smallest original span holding
        every character of the slice. An empty slice maps to an empty span.

        >>> c = clean("عنوان الخبر هنا\\nWhatsApp Image 2022\\nنص الخبر")
        >>> s, e = c.span_to_original(0, 5)
        >>> c.original[s:e]
        'عنوان'
        >>> c.original[slice(*c.span_to_original(0, len(c.text)))] == c.original
        True
        """
        if not 0 <= start <= end <= len(self.text):
            raise IndexError(f"span {start}:{end} outside cleaned text of length {len(self.text)}")
        if start == end:
            pos = self.to_original(start)
            return pos, pos
        return self.index_map[start], self.index_map[end - 1] + 1


# --- The cleaner --------------------------------------------------------------


class _Cleaner:
    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.lines = split_lines(raw)
        self.removals: list[Removal] = []
        self.headline_keys: set[str] = set()
        self.outlets: dict[int, str] = {}  # priority -> name (lower wins)
        self.author: str | None = None
        for line in self.lines:
            if line.text:
                line.reason = noise_reason(line)

    # Helpers -----------------------------------------------------------------
    def _nonblank(self, start: int) -> Iterator[tuple[int, Line]]:
        for i in range(start, len(self.lines)):
            if self.lines[i].text:
                yield i, self.lines[i]

    def _next_reason(self, i: int) -> str | None:
        return next((line.reason for _, line in self._nonblank(i + 1)), None)

    def _remove(self, line: Line, reason: str) -> None:
        line.reason = reason
        if reason == "site name" and line.words <= 2:
            self.outlets.setdefault(2, line.text)

    def _outlet_evidence(self) -> set[str]:
        """Site names seen in bylines, captions and the headline suffix."""
        names: set[str] = set()
        for _, line in self._nonblank(0):
            if line.reason == "byline" and (name := byline_outlet(line)):
                names.add(name)
                self.outlets.setdefault(3, name)
            elif line.reason == "caption" and (m := RE_CAPTION_SITE.search(line.text)):
                names.add(m.group("site").strip())
                self.outlets.setdefault(5, m.group("site").strip())
        return {normalize(n) for n in names}

    # Passes ------------------------------------------------------------------
    def run(self) -> CleanedText:
        evidence = self._outlet_evidence()
        arabic_page = is_arabic_script(self.raw)
        head = self._find_headline(evidence, arabic_page)
        body = self._header(head, evidence, arabic_page) if head is not None else self._first_content(0)
        if body is not None:
            self._body(body)
        return self._build(head)

    def _first_content(self, start: int) -> int | None:
        return next((i for i, line in self._nonblank(start) if line.reason is None), None)

    def _short_header_reason(self, line: Line, evidence: set[str], i: int) -> str:
        """Site name or category label: a short line in the page header."""
        if line.norm in evidence:
            return "site name"
        if not evidence and self._next_reason(i) == "timestamp":
            # A lone name right above the page timestamp is the site's.
            return "site name"
        return "category"

    def _find_headline(self, evidence: set[str], arabic_page: bool) -> int | None:
        """Index of the headline; lines above it are removed (never prose)."""
        for i, line in self._nonblank(0):
            if line.reason is not None:
                continue
            if line.words < 2:
                reason = self._short_header_reason(line, evidence, i)
                self._remove(line, "site name" if reason == "site name" else "boilerplate")
                continue
            if arabic_page and is_placeholder_caps(line):
                self._remove(line, "placeholder")
                continue
            if line.words > HEADLINE_MAX_WORDS or RE_SENTENCE_BREAK.search(line.text):
                return None  # the page opens with prose: no headline
            self._split_site_suffix(line)
            self.headline_keys = {headline_key(line.text)}
            return i
        return None

    def _split_site_suffix(self, line: Line) -> None:
        m = RE_SITE_SUFFIX.search(line.text)
        if not m or len(m.group("site").split()) > 4 or len(line.text[: m.start()].split()) < 2:
            return
        line.keep_end = line.start + len(line.text[: m.start()].rstrip(EDGE))
        self.removals.append(Removal(line.keep_end, line.end, "site name"))
        self.outlets.setdefault(4, m.group("site").strip())

    def _is_duplicate_headline(self, line: Line) -> bool:
        return bool(self.headline_keys) and headline_key(line.text) in self.headline_keys

    def _header(self, head: int, evidence: set[str], arabic_page: bool) -> int | None:
        """Classify lines between the headline and the body; return body start.

        Short unlabelled lines are only dropped once a body paragraph is
        found below them: on a page without one they may be the article.
        """
        pending: list[tuple[Line, str]] = []
        for i, line in self._nonblank(head + 1):
            if line.reason is not None:
                continue
            if self._is_duplicate_headline(line):
                self._remove(line, "duplicate headline")
            elif (m := RE_AUTHOR.match(line.text)) and len(m.group("name").split()) <= 5:
                self.author = self.author or m.group("name").strip()
                self._remove(line, "byline")
            elif RE_NEWSPAPER.match(line.text) and line.words <= 10:
                self.outlets.setdefault(1, outlet_from_newspaper(line.text))
                line.reason = "site name"
            elif line.words >= BODY_MIN_WORDS:
                for held, reason in pending:
                    self._remove(held, reason)
                return i
            elif footer_kind(line):
                pending.append((line, "boilerplate"))
            elif is_dateline(line):
                pending.append((line, "timestamp"))
            elif line.words <= 2 and not RE_SENTENCE_BREAK.search(line.text):
                pending.append((line, self._short_header_reason(line, evidence, i)))
            elif arabic_page and is_placeholder_caps(line):
                pending.append((line, "placeholder"))
        return None

    def _body(self, start: int) -> None:
        for i, line in self._nonblank(start):
            if line.reason is not None:
                continue
            if self._is_duplicate_headline(line):
                self._remove(line, "duplicate headline")
                continue
            kind = footer_kind(line)
            if kind == "soft" and self._prose_follows(i):
                self._remove(line, "boilerplate")
            elif kind:
                self._cut_footer(i)
                return

    def _prose_follows(self, i: int) -> bool:
        return any(line.reason is None and line.words >= PROSE_WORDS for _, line in self._nonblank(i + 1))

    def _cut_footer(self, i: int) -> None:
        tail = [line for _, line in self._nonblank(i)]
        for line in tail:
            line.reason = "footer"
        self.removals.append(Removal(tail[0].start, tail[-1].end, "footer"))

    # Output ------------------------------------------------------------------
    def _build(self, head: int | None) -> CleanedText:
        pieces: list[str] = []
        index_map: list[int] = []
        stamps: list[datetime] = []
        prev_end = None
        for line in self.lines:
            if not line.text:
                continue
            if line.reason is not None:
                if line.reason != "footer":  # the footer is one record
                    self.removals.append(Removal(line.start, line.end, line.reason))
                if line.reason == "timestamp" and (ts := parse_timestamp(line.norm)):
                    stamps.append(ts)
                continue
            end = line.keep_end if line.keep_end is not None else line.end
            if prev_end is not None:
                # Join with the newline that ended the previous kept line.
                pieces.append("\n")
                index_map.append(self.raw.index("\n", prev_end))
            pieces.append(self.raw[line.start : end])
            index_map.extend(range(line.start, end))
            prev_end = end
        headline = None
        if head is not None:
            line = self.lines[head]
            headline = self.raw[line.start : line.keep_end if line.keep_end is not None else line.end]
        if not stamps:
            stamps = self._stamps_from_bylines()
        return CleanedText(
            original=self.raw,
            text="".join(pieces),
            headline=headline,
            outlet=self.outlets[min(self.outlets)] if self.outlets else None,
            author=self.author,
            published_at=stamps[0] if stamps else None,
            updated_at=stamps[1] if len(stamps) > 1 else None,
            removed=tuple(sorted(self.removals, key=lambda r: (r.start, r.end))),
            index_map=tuple(index_map),
        )

    def _stamps_from_bylines(self) -> list[datetime]:
        """Fallback publication date: an absolute day in a removed byline."""
        for _, line in self._nonblank(0):
            if line.reason in ("byline", "timestamp"):
                for m in find_dates(line.text):
                    if m.parsed.precision == "day" and not m.parsed.relative and m.parsed.iso:
                        return [datetime.fromisoformat(m.parsed.iso)]
        return []


def clean(raw: str) -> CleanedText:
    """Remove scraped-page noise from ``raw``; see the module docstring.

    >>> c = clean("عنوان الخبر هنا\\n\\nبقلم عادل خالص\\n\\nجريدة النهضة الدولية فرع إقليم صفرو\\n"
    ...           "نص الخبر الطويل الذي يحكي عن توقيع اتفاقية شراكة بين جمعيتين في المدينة.")
    >>> c.author, c.outlet, c.headline
    ('عادل خالص', 'جريدة النهضة الدولية', 'عنوان الخبر هنا')
    """
    return _Cleaner(raw).run()
