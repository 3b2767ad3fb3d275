"""Where the article itself states the event's date, for `ground` to take when the model's date phrase fails.

The embedded model wrote an ISO string or the page's timestamp instead of the date phrase on about a third of the
signed third-party articles (issue 8) while the date sat in the signing sentence. Code looks in two places only:
the article's own phrase for the very day the model wrote, and the sentence that reports the event. The page's
header (timestamp, byline) is never the event's date.
"""

from __future__ import annotations

from datetime import date

from .arabic import CleanedText, DateMention, find_dates, parse_date
from .schema import Quote, Span
from .status import StatusAnalysis

_HEADER_REASONS = ("timestamp", "byline", "boilerplate")
_PRECISIONS = ("day", "month", "year")


def in_page_header(cleaned: CleanedText, span: Span) -> bool:
    """True when the span lies in a removed timestamp/byline line: the page's own dates, not the event's."""
    return any(
        r.start <= span.start and span.end <= r.end and any(k in r.reason for k in _HEADER_REASONS)
        for r in cleaned.removed
    )


def day_the_article_writes(cleaned: CleanedText, value: str, published: date | None) -> DateMention | None:
    """The article's own phrase for a day the model wrote in its own form («2023-05-29» for «اليوم الإثنين»).

    The model normalised instead of quoting; the article carries the value only where one of its own date phrases
    (not the page's timestamp) names that very day, and then that phrase is the date.
    """
    claimed = parse_date(value, published)
    if claimed is None or claimed.precision != "day":
        return None
    for mention in find_dates(cleaned.original, published):
        if mention.parsed.iso == claimed.iso and not in_page_header(
            cleaned, Span(start=mention.start, end=mention.end)
        ):
            return mention
    return None


def date_of_event_sentence(
    cleaned: CleanedText, analysis: StatusAnalysis, evidence: Quote | None, published: date | None
) -> DateMention | None:
    """The one date that the sentence reporting the event states, if any (offsets in the original text).

    The sentence holding the status evidence is read first, then the first sentences (up to four in all) whose cues
    give the status; the finest dates of a sentence count (a day over a bare year), and two different ones are
    ambiguous: nothing is taken from that sentence.
    """
    cues = [c for c in analysis.cues if c.status is analysis.status and c.mode != "background"]
    if evidence is not None and evidence.span is not None:
        held = (evidence.span.start, evidence.span.end)
        holding = [c for c in analysis.cues if _overlaps(cleaned.span_to_original(c.start, c.end), held)]
        cues = holding[:1] + cues
    for cue in list(dict.fromkeys(cues))[:4]:
        start, end = cleaned.span_to_original(cue.start, cue.end)
        mentions = [m for m in find_dates(cleaned.original[start:end], published) if m.parsed.iso]
        if not mentions:
            continue
        # A day beside a bare year is the event beside a background year («… 24 دجنبر 2023م …تأسست سنة 2019م»).
        finest = min(_PRECISIONS.index(m.parsed.precision or "year") for m in mentions)
        mentions = [m for m in mentions if _PRECISIONS.index(m.parsed.precision or "year") == finest]
        found = Span(start=start + mentions[0].start, end=start + mentions[0].end)
        if len({m.parsed.iso for m in mentions}) != 1 or in_page_header(cleaned, found):
            return None
        return DateMention(cleaned.original[found.start : found.end], found.start, found.end, mentions[0].parsed)
    return None


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


__all__ = ["date_of_event_sentence", "day_the_article_writes", "in_page_header"]
