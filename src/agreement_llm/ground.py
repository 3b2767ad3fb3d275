"""Ground a model's `Draft` in the article: align every quote to offsets in the original text, keep what the text
says, drop or correct what it does not, and note each change.

The guards, each recorded as a `Note` so their effect can be counted:
- quote: a name, role, place, objective, commitment or beneficiary not found in the article is dropped;
- date: the date must be a phrase of the article that parses; the page's publication timestamp is never the
  event date; ISO value and precision come from `arabic.dates`, never from the model;
- status: the model may not claim more than the strongest cue in the article (`status.analyse`);
- summary: a summary that claims a signing the article does not report, or is in the wrong script, is replaced by
  a brief built from grounded fields (`briefs`, `prompts/fallback_summary.j2`); any other summary keeps only the
  sentences whose names, numbers and dates the result or the article supports (`summaries`);
- parties: instruments may only name parties that were kept; duplicates are merged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from .arabic import (
    CleanedText,
    ParsedDate,
    find_dates,
    find_quote,
    is_arabic_script,
    is_latin_script,
    normalize,
    parse_date,
)
from .briefs import build_summary
from .countries import country_code
from .draft import Draft
from .schema import (
    Agreement,
    DateInfo,
    DatePrecision,
    Instrument,
    Note,
    Party,
    Place,
    Quote,
    Representative,
    Source,
    Span,
    Status,
    Summary,
)
from .status import STATUS_ORDER, StatusAnalysis, claims_signing, sentence_status
from .summaries import check_summaries

_HEADER_REASONS = ("timestamp", "byline", "boilerplate")


@dataclass
class _Grounder:
    cleaned: CleanedText
    published: date | None
    notes: list[Note] = field(default_factory=list)

    def note(self, field_: str, action: str, reason: str, value: object = None) -> None:
        self.notes.append(
            Note(field=field_, action=action, reason=reason, model_value=None if value is None else str(value))
        )

    def span(self, text: str | None) -> Span | None:
        if not text:
            return None
        found = find_quote(self.cleaned.original, text)
        return Span(start=found[0], end=found[1]) if found else None

    def quote(self, field_: str, text: str | None) -> Quote | None:
        """A Quote when `text` is in the article; None (and a note) when it is not."""
        if text is None or not text.strip():
            return None
        span = self.span(text)
        if span is None:
            self.note(field_, "dropped", "not found in the article", text)
            return None
        return Quote(text=text, span=span)

    def quotes(self, field_: str, texts: list[str]) -> list[Quote]:
        out, seen = [], set()
        for text in texts:
            q = self.quote(field_, text)
            if q is not None and normalize(q.text) not in seen:
                seen.add(normalize(q.text))
                out.append(q)
        return out

    def in_page_header(self, span: Span) -> bool:
        """True when the span lies in a removed timestamp/byline line: the page's own dates, not the event's."""
        return any(
            r.start <= span.start and span.end <= r.end and any(k in r.reason for k in _HEADER_REASONS)
            for r in self.cleaned.removed
        )


def ground(draft: Draft, cleaned: CleanedText, analysis: StatusAnalysis, published: date | None) -> Agreement:
    """Turn a draft into an `Agreement` whose every value rests on the article. Pure: no model call."""
    g = _Grounder(cleaned, published)

    # --- status: never more than the text supports ---------------------------------------------------------------
    status = _status(g, draft.status, analysis)
    evidence = None
    if status is not Status.NOT_AN_AGREEMENT:
        quoted = g.span(draft.status_quote)
        if quoted is not None and sentence_status(draft.status_quote or "") is status:
            evidence = Quote(text=draft.status_quote or "", span=quoted)
        else:
            cue = next((c for c in analysis.cues if c.status is status and c.mode != "background"), None)
            if cue is not None:
                start, end = cleaned.span_to_original(cue.start, cue.end)
                evidence = Quote(
                    text=cleaned.original[start:end].strip(), span=g.span(cleaned.original[start:end].strip())
                )

    # --- date: a phrase of the article, parsed by code -------------------------------------------------------------
    when = _date(g, draft.date_phrase)
    # Code reads the date only for a signing (or renewal): the case measured in issue 8, where the date sits in the
    # signing sentence; a meeting's or a plan's sentences name other days too (the plan's, earlier talks').
    if when is None and draft.date_phrase and status in (Status.SIGNED, Status.RENEWED):
        when = _date_the_article_writes(g, draft.date_phrase) or _date_of_event_sentence(g, evidence, analysis)

    # --- place ----------------------------------------------------------------------------------------------------
    venue, city = g.quote("place.venue", draft.venue), g.quote("place.city", draft.city)
    country = _valid_country(g, "place.country", draft.country)
    city_country = country_code(city.text) if city else None
    if city_country and normalize(city.text) not in _CAPITALS_NAMED_LIKE_THEIR_COUNTRY:
        g.note("place.city", "corrected", "a country, not a city", city.text)
        country, city = country or city_country, None
    place = None
    if venue or city or country:
        place = Place(
            venue=venue.text if venue else None,
            city=city.text if city else None,
            city_en=draft.city_en if city else None,
            country=country,
            span=(city or venue).span if (city or venue) else None,
        )

    # --- parties and instruments ------------------------------------------------------------------------------------
    parties: list[Party] = []
    for p in draft.parties:
        p.name = _without_conjunction(p.name)
        span = g.span(p.name)
        if span is None:
            g.note("parties", "dropped", "not found in the article", p.name)
            continue
        span, p.name = _whole_word(g, span, p.name)
        if any(normalize(p.name) == normalize(kept.name) for kept in parties):
            continue
        people = []
        for person in p.people:
            person_span = g.span(person.name)
            if person_span is None:
                g.note("parties.representatives", "dropped", "not found in the article", person.name)
                continue
            role = person.role if person.role and g.span(person.role) else None
            if person.role and role is None:
                g.note("parties.representatives.role", "dropped", "not found in the article", person.role)
            # role_en translates role: with no role in the article there is nothing for it to translate.
            people.append(
                Representative(name=person.name, role=role, role_en=person.role_en if role else None, span=person_span)
            )
        parties.append(
            Party(
                name=p.name,
                name_en=p.name_en,
                kind=p.kind,
                country=_valid_country(g, "parties.country", p.country),
                representatives=people,
                span=span,
            )
        )
    instruments = []
    for item in draft.instruments:
        item.parties = [_without_conjunction(n) for n in item.parties]
        names = [name for n in item.parties if (name := _match_party(n, parties))]
        names = list(dict.fromkeys(names))
        dropped = [n for n in item.parties if not _match_party(n, parties)]
        if dropped:
            g.note("instruments.parties", "dropped", "not a kept party of the article", ", ".join(dropped))
        if not names:
            continue
        instruments.append(
            Instrument(kind=draft.kind, parties=names, purpose=g.quote("instruments.purpose", item.purpose))
        )
    # An agreement that exists (signed, renewed, agreed in principle) has at least one instrument; a planned one has
    # none yet (evals/README.md), so none is made up for it.
    if not instruments and status in _HAS_INSTRUMENT and len(parties) >= 2:
        instruments.append(Instrument(kind=draft.kind, parties=[p.name for p in parties]))

    # --- summary: never claim a signing that did not happen ------------------------------------------------------------
    summary = Summary(ar=draft.summary_ar, en=draft.summary_en)
    problem = None
    if status not in (Status.SIGNED, Status.RENEWED) and claims_signing(summary.ar, summary.en):
        problem = "the model's summary claims a signing the article does not report"
    elif not is_arabic_script(summary.ar) or not is_latin_script(summary.en):
        problem = "the model's summary is not in Arabic and English"
    if problem:
        g.note("summary", "corrected", problem + "; replaced by a summary built from grounded fields", summary.en)

    if status is Status.NOT_AN_AGREEMENT:
        when, place, parties, instruments = _nothing_agreed(g, when, place, parties, instruments)
    result = Agreement(
        status=status,
        status_evidence=evidence,
        kind=draft.kind if status is not Status.NOT_AN_AGREEMENT else None,
        date=when,
        place=place,
        parties=parties,
        instruments=instruments,
        objectives=g.quotes("objectives", draft.objectives),
        commitments=g.quotes("commitments", draft.commitments),
        sectors=list(dict.fromkeys(draft.sectors)),
        beneficiaries=g.quotes("beneficiaries", draft.beneficiaries),
        source=Source(
            outlet=cleaned.outlet,
            author=cleaned.author,
            headline=cleaned.headline,
            published_at=cleaned.published_at,
            updated_at=cleaned.updated_at,
        ),
        summary=summary,
        notes=g.notes,
    )
    if problem:
        return result.model_copy(update={"summary": fallback_summary(result)})
    # Every name, number and date the summaries give must be the result's or the article's (`summaries`).
    return check_summaries(result, cleaned.original)


_HAS_INSTRUMENT = (Status.SIGNED, Status.RENEWED, Status.AGREED_IN_PRINCIPLE)


def _nothing_agreed(
    g: _Grounder, when: DateInfo | None, place: Place | None, parties: list[Party], instruments: list[Instrument]
) -> tuple[None, None, list[Party], list[Instrument]]:
    """An article that reports no agreement has no parties to one, no instrument, and no date or place of one
    (evals/README.md); what the model gave for them is dropped and noted."""
    for field_, value in (
        ("date", when.text if when else None),
        ("place", place.city or place.venue if place else None),
        ("parties", ", ".join(p.name for p in parties)),
        ("instruments", ", ".join(" / ".join(i.parties) for i in instruments)),
    ):
        if value:
            g.note(field_, "dropped", "the article reports no agreement", value)
    return None, None, [], []


def _status(g: _Grounder, claimed: Status, analysis: StatusAnalysis) -> Status:
    """The model's status unless the article shows a weaker one (`analysis.ceiling`: positive evidence only), or
    shows a renewal where the model says signed (or the reverse)."""
    ceiling = analysis.ceiling
    if ceiling is not None and STATUS_ORDER[claimed] > STATUS_ORDER[ceiling]:
        g.note("status", "corrected", f"the article supports at most {ceiling.value!r}", claimed.value)
        return ceiling
    if claimed is Status.SIGNED and analysis.status is Status.RENEWED:
        g.note("status", "corrected", "the article reports a renewal", claimed.value)
        return Status.RENEWED
    if claimed is Status.RENEWED and analysis.status is Status.SIGNED and not analysis.has_renewal:
        g.note("status", "corrected", "the article reports a signing and no renewal", claimed.value)
        return Status.SIGNED
    return claimed


def _date(g: _Grounder, phrase: str | None) -> DateInfo | None:
    """A `DateInfo` for the model's date phrase when the article carries it and it names a date; else a note."""
    if not phrase:
        return None
    span = g.span(phrase)
    parsed = parse_date(phrase, g.published) if span else None
    if span is None:
        g.note("date", "dropped", "the date phrase is not in the article", phrase)
        return None
    if parsed is None:
        g.note("date", "dropped", "the phrase names no date", phrase)
        return None
    if g.in_page_header(span):
        g.note("date", "dropped", "that is the page's publication time, not the event's date", phrase)
        return None
    # The model often quotes more than the date ("يوم السبت 01 يناير 2022 بأحد الفنادق"): keep the date.
    # Offsets inside the phrase are offsets in the article only where the quote matched letter for letter.
    exact = g.cleaned.original[span.start : span.end] == phrase
    mention = next(iter(find_dates(phrase, g.published)), None) if exact else None
    if mention is not None and mention.parsed.iso == parsed.iso:
        span = Span(start=span.start + mention.start, end=span.start + mention.end)
    if parsed.weekday_mismatch:
        g.note("date", "flagged", "the weekday named does not fall on that date", phrase)
    return _date_info(g, span, parsed)


def _date_the_article_writes(g: _Grounder, value: str) -> DateInfo | None:
    """The article's own phrase for a day the model wrote in its own form («2023-05-29» for «اليوم الإثنين»).

    The model normalised instead of quoting; the article carries the value only where one of its own date phrases
    (not the page's timestamp) names that very day, and then that phrase is the date.
    """
    if g.span(value) is not None:
        return None  # the model's words are in the article: `_date` already judged them
    claimed = parse_date(value, g.published)
    if claimed is None or claimed.precision != "day":
        return None
    for mention in find_dates(g.cleaned.original, g.published):
        span = Span(start=mention.start, end=mention.end)
        if mention.parsed.iso == claimed.iso and not g.in_page_header(span):
            g.note("date", "corrected", "the article's own words for the day the model wrote", mention.text)
            return _date_info(g, span, mention.parsed)
    return None


def _date_info(g: _Grounder, span: Span, parsed: ParsedDate) -> DateInfo:
    return DateInfo(
        text=g.cleaned.original[span.start : span.end],
        iso=parsed.iso,
        precision=DatePrecision(parsed.precision) if parsed.precision else None,
        calendar=parsed.calendar,
        relative=parsed.relative,
        span=span,
    )


def _date_of_event_sentence(g: _Grounder, evidence: Quote | None, analysis: StatusAnalysis) -> DateInfo | None:
    """When the model's date was dropped, the one date that the sentence reporting the event states, if any.

    The embedded model wrote an ISO string or the page's timestamp instead of the date phrase on about a third of
    the signed third-party articles (issue 8) while the date sat in the signing sentence: code reads it there. The
    sentence holding the status evidence is read first, then the first sentences (up to four in all) whose cues
    give the status; the finest dates of a sentence count (a day over a bare year), and two different ones are
    ambiguous: nothing is taken from that sentence.
    """
    cues = [c for c in analysis.cues if c.status is analysis.status and c.mode != "background"]
    if evidence is not None and evidence.span is not None:
        holding = [
            c
            for c in analysis.cues
            if _overlaps(g.cleaned.span_to_original(c.start, c.end), (evidence.span.start, evidence.span.end))
        ]
        cues = holding[:1] + cues
    for cue in list(dict.fromkeys(cues))[:4]:
        start, end = g.cleaned.span_to_original(cue.start, cue.end)
        mentions = [m for m in find_dates(g.cleaned.original[start:end], g.published) if m.parsed.iso]
        if not mentions:
            continue
        # A day beside a bare year is the event beside a background year («… 24 دجنبر 2023م …تأسست سنة 2019م»).
        finest = min(("day", "month", "year").index(m.parsed.precision or "year") for m in mentions)
        mentions = [m for m in mentions if ("day", "month", "year").index(m.parsed.precision or "year") == finest]
        found = Span(start=start + mentions[0].start, end=start + mentions[0].end)
        if len({m.parsed.iso for m in mentions}) != 1 or g.in_page_header(found):
            return None
        g.note(
            "date",
            "corrected",
            "taken from the sentence that reports the event",
            g.cleaned.original[found.start : found.end],
        )
        return _date_info(g, found, mentions[0].parsed)
    return None


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def fallback_summary(agreement: Agreement) -> Summary:
    """A bilingual news brief from grounded fields only (used when the model's own cannot be trusted)."""
    return build_summary(agreement)


def _whole_word(g: _Grounder, span: Span, name: str) -> tuple[Span, str]:
    """A name the model copied without the article it has in the text («هند» inside «الهند», dev set egs2_01):
    the name as the article writes it. Only «ال» is restored; a preposition before it is not part of the name."""
    text = g.cleaned.original
    after_article = span.start >= 2 and text[span.start - 2 : span.start] == "ال"
    word_ends = span.end >= len(text) or not text[span.end].isalpha()  # «إيران» in «الإيراني» is another word
    if not (after_article and word_ends) or normalize(name).startswith("ال"):
        return span, name
    return Span(start=span.start - 2, end=span.end), text[span.start - 2 : span.end]


def _match_party(name: str, parties: list[Party]) -> str | None:
    """The kept party a name refers to: equal after normalisation, else one contains the other."""
    key = normalize(name)
    if not key:
        return None
    for p in parties:
        if normalize(p.name) == key:
            return p.name
    for p in parties:
        other = normalize(p.name)
        if key in other or other in key:
            return p.name
    return None


def _valid_country(g: _Grounder, field_: str, value: str | None) -> str | None:
    """An ISO code for what the model gave (a code, or a country's English or Arabic name), else None and a note."""
    if value is None:
        return None
    code = country_code(value)
    if code is None:
        g.note(field_, "dropped", "not a country (ISO 3166-1 code or name)", value)
    return code


# "تونس" is Tunis and Tunisia: for these a city stays a city.
_CAPITALS_NAMED_LIKE_THEIR_COUNTRY = frozenset(
    normalize(n) for n in ("تونس", "الجزائر", "الكويت", "جيبوتي", "سنغافورة", "موناكو", "لوكسمبورغ", "الفاتيكان")
)
# A list in Arabic joins items with "و" ("وجمعية الوفاق"): the conjunction is not part of the name.
_CONJUNCTION = re.compile(
    r"^و(?=(?:ال|جمعية|مؤسسة|مركز|هيئة|جماعة|وزارة|منظمة|شركة|جامعة|تعاضدية|مجلس|بلدية|اتحاد|نادي))"
)


def _without_conjunction(name: str) -> str:
    return _CONJUNCTION.sub("", name.strip())


def published_date(cleaned: CleanedText, published_at: date | datetime | str | None) -> date | None:
    """The publication date: the caller's, else the page's own timestamp."""
    if published_at is None:
        return cleaned.published_at.date() if cleaned.published_at else None
    if isinstance(published_at, datetime):
        return published_at.date()
    if isinstance(published_at, date):
        return published_at
    try:
        return datetime.fromisoformat(published_at).date()
    except ValueError:
        from .errors import InputError

        raise InputError(f"published_at {published_at!r} is not an ISO date such as '2024-03-25'") from None
