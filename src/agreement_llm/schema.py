"""The `Agreement`: the product's public contract.

Every value that comes from the article carries the words it rests on (`text`, as written) and, once grounded,
where they stand in the caller's original text (`span`, character offsets). Values the article does not state are
`None` or empty lists: an honest null beats a plausible invention. What the guards changed is listed in `notes`.

This module knows nothing of clients, prompts or the CLI. `python -m agreement_llm schema` prints
`Agreement.model_json_schema()`, and `schemas/agreement.schema.json` is the same document, checked by a test.

>>> a = Agreement(status=Status.NOT_AN_AGREEMENT, summary=Summary(ar="لا يتحدث المقال عن اتفاقية.",
...               en="The article reports no agreement."))
>>> a.is_agreement
False
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, computed_field, model_validator

from .countries import CountryCode

SCHEMA_VERSION = "1.0"


class _Enum(str, Enum):
    """A string enum whose JSON value is its plain string."""

    def __str__(self) -> str:  # so f-strings and the text view print "signed", not "Status.SIGNED"
        return str(self.value)


class Status(_Enum):
    """What the article says happened.

    Ordered from the weakest claim to the strongest; the guards never let the model claim more than the text shows.
    """

    NOT_AN_AGREEMENT = "not_an_agreement"
    """The article reports no agreement between organisations."""
    PLANNED = "planned"
    """A meeting toward a future partnership, talks, a draft, or an agreement 'to be signed'."""
    AGREED_IN_PRINCIPLE = "agreed_in_principle"
    """The parties agreed on points (e.g. during a visit) but nothing was signed."""
    SIGNED = "signed"
    """An agreement was signed."""
    RENEWED = "renewed"
    """An existing agreement was renewed or extended (signed again)."""


class InstrumentKind(_Enum):
    """The kind of instrument, as the article names it."""

    PARTNERSHIP = "partnership"  # اتفاقية شراكة
    COOPERATION = "cooperation"  # اتفاقية تعاون
    MEMORANDUM_OF_UNDERSTANDING = "memorandum_of_understanding"  # مذكرة تفاهم
    FRAMEWORK = "framework"  # اتفاقية إطار
    PROTOCOL = "protocol"  # بروتوكول / اتفاقية بروتوكول
    TWINNING = "twinning"  # توأمة
    LOAN_OR_GRANT = "loan_or_grant"  # قرض / منحة / هبة
    OTHER = "other"


class PartyKind(_Enum):
    """What kind of organisation a party is."""

    ASSOCIATION = "association"  # جمعية, NGO
    FOUNDATION = "foundation"  # مؤسسة
    LOCAL_AUTHORITY = "local_authority"  # جماعة, بلدية, مجلس جهة
    GOVERNMENT_BODY = "government_body"  # وزارة, إدارة, هيئة عمومية
    MUTUAL_OR_COOPERATIVE = "mutual_or_cooperative"  # تعاضدية, تعاونية
    COMPANY = "company"
    UNIVERSITY = "university"
    INTERNATIONAL_ORGANISATION = "international_organisation"
    OTHER = "other"


class Sector(_Enum):
    """A controlled list of sectors an agreement serves."""

    HEALTH = "health"
    SOCIAL = "social"  # social work, solidarity, social protection
    EDUCATION = "education"
    TRAINING = "training"  # vocational training, capacity building
    CULTURE = "culture"
    HERITAGE = "heritage"
    YOUTH = "youth"
    WOMEN = "women"
    DISABILITY = "disability"
    MEDIA = "media"
    SPORT = "sport"
    ENVIRONMENT = "environment"
    AGRICULTURE = "agriculture"
    ECONOMY = "economy"  # economic development, employment, finance
    TOURISM = "tourism"
    INFRASTRUCTURE = "infrastructure"
    TECHNOLOGY = "technology"  # digital, research
    GOVERNANCE = "governance"  # local development, administration, civil society
    HUMANITARIAN = "humanitarian"
    OTHER = "other"


class DatePrecision(_Enum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=False)


class Span(_Model):
    """Character offsets `[start, end)` in the text the caller passed in."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Quote(_Model):
    """Words copied from the article, and where they stand in it."""

    text: str = Field(description="The words exactly as the article writes them.")
    span: Span | None = Field(default=None, description="Where `text` stands in the original article.")


class Representative(_Model):
    name: str = Field(description="The person's name as written in the article (Arabic).")
    role: str | None = Field(default=None, description="The role as written (Arabic), e.g. 'رئيسها'.")
    role_en: str | None = Field(default=None, description="The role in English, e.g. 'President'.")
    span: Span | None = Field(default=None, description="Where the name stands in the original article.")


class Party(_Model):
    name: str = Field(description="The organisation's name exactly as written in the article (Arabic).")
    name_en: str | None = Field(
        default=None,
        description="English name: the organisation's own English or French name when it has one, else a "
        "faithful translation.",
    )
    kind: PartyKind = PartyKind.OTHER
    country: CountryCode | None = Field(default=None, description="ISO 3166-1 alpha-2 code, when known.")
    representatives: list[Representative] = Field(default_factory=list)
    span: Span | None = None


class Instrument(_Model):
    """One agreement: who signed (or agreed) with whom, and for what.

    An article can report several: one commune signing six agreements with six associations gives six instruments.
    """

    kind: InstrumentKind | None = None
    parties: list[str] = Field(description="Names of the parties to this instrument, as in `Agreement.parties`.")
    purpose: Quote | None = Field(default=None, description="What this instrument is for, as written.")


class DateInfo(_Model):
    """The date of the event the status describes (signing, meeting, visit), normalised by code from a quote."""

    text: str = Field(description="The date phrase exactly as written, e.g. 'يوم السبت 01 يناير 2022'.")
    iso: str | None = Field(
        default=None,
        description="ISO 8601 date at the stated precision: '2022-01-01', '2022-01' or '2022'; null when the "
        "phrase names no resolvable date (e.g. 'مؤخرا').",
    )
    precision: DatePrecision | None = None
    calendar: str = Field(default="gregorian", description="'gregorian' or 'hijri' (converted with Umm al-Qura).")
    relative: bool = Field(default=False, description="Resolved against the publication date ('أمس').")
    span: Span | None = None


class Place(_Model):
    venue: str | None = Field(default=None, description="The venue as written (Arabic).")
    city: str | None = Field(default=None, description="The city as written (Arabic).")
    city_en: str | None = None
    country: CountryCode | None = Field(default=None, description="ISO 3166-1 alpha-2 code.")
    span: Span | None = Field(default=None, description="Where the city (else the venue) stands in the article.")


class Source(_Model):
    """What the scraped page says about itself."""

    outlet: str | None = None
    author: str | None = None
    headline: str | None = None
    published_at: datetime | None = None
    updated_at: datetime | None = None


class Summary(_Model):
    ar: str = Field(description="A few sentences in Arabic: who, what, when, where, and the status.")
    en: str = Field(description="The same in English.")


class Note(_Model):
    """Something a guard changed, so a reviewer can see what the model said and why it was not kept."""

    field: str
    action: str = Field(description="'dropped', 'corrected' or 'flagged'.")
    reason: str
    model_value: str | None = None


class Usage(_Model):
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    attempts: int = Field(
        default=1, description="Model calls made, re-asks included; replies from the cache are not calls."
    )
    cache_hits: int = Field(
        default=0, description="Replies answered from the response cache: no model call, and not counted in the tokens."
    )


class RunInfo(_Model):
    """How this result was made."""

    model: str
    backend: str
    prompt_version: str
    schema_version: str = SCHEMA_VERSION
    library_version: str
    seconds: float
    usage: Usage


class Agreement(_Model):
    """What one article says about an agreement between organisations."""

    status: Status
    status_evidence: Quote | None = Field(default=None, description="The sentence the status rests on.")
    kind: InstrumentKind | None = Field(default=None, description="The main instrument's kind.")
    date: DateInfo | None = None
    place: Place | None = None
    parties: list[Party] = Field(default_factory=list)
    instruments: list[Instrument] = Field(default_factory=list)
    objectives: list[Quote] = Field(default_factory=list)
    commitments: list[Quote] = Field(default_factory=list, description="Concrete commitments or next steps.")
    sectors: list[Sector] = Field(default_factory=list)
    beneficiaries: list[Quote] = Field(default_factory=list)
    source: Source = Field(default_factory=Source)
    summary: Summary
    notes: list[Note] = Field(default_factory=list, description="What the guards dropped or corrected.")
    run: RunInfo | None = None

    @model_validator(mode="before")
    @classmethod
    def _drop_computed(cls, data: Any) -> Any:
        # Our own JSON output carries the computed `is_agreement`; reading it back must work.
        if isinstance(data, dict) and "is_agreement" in data:
            data = {k: v for k, v in data.items() if k != "is_agreement"}
        return data

    @computed_field  # type: ignore[prop-decorator]
    @property
    def is_agreement(self) -> bool:
        """False when the article reports no agreement at all."""
        return self.status is not Status.NOT_AN_AGREEMENT

    # The article the spans point into, kept by the extractor beside the result so a notebook can show where each
    # value came from. Private: it is not part of the contract, never serialised, and absent on results read back.
    _article_text: str | None = PrivateAttr(default=None)

    @property
    def article_text(self) -> str | None:
        """The text this result was read from (as the caller passed it), when the extractor kept it; else None."""
        return self._article_text

    def with_article_text(self, text: str | None) -> Agreement:
        """Attach the article the spans point into (for display only); returns self."""
        self._article_text = text
        return self

    def __repr__(self) -> str:
        names = [p.name for p in self.parties[:3]] + ([f"+{len(self.parties) - 3}"] if len(self.parties) > 3 else [])
        date = self.date.iso or self.date.text if self.date else None
        return f"Agreement(status={self.status.value!r}, date={date!r}, parties={names!r}, notes={len(self.notes)})"

    def __rich_repr__(self) -> Any:
        """The few fields worth a glance (rich's pretty printer); `model_dump()` has the rest."""
        yield "status", self.status.value
        yield "date", self.date.iso or self.date.text if self.date else None
        yield "parties", [p.name for p in self.parties]
        en = self.summary.en
        yield "summary", en if len(en) <= 120 else en[:119] + "…"
        yield "notes", len(self.notes)

    def _repr_html_(self) -> str:
        """The notebook view: the article right-to-left with each value highlighted, the fields, summaries, notes."""
        from .review import show  # the HTML lives in review/; the contract stays free of it

        return show(self)._repr_html_()
