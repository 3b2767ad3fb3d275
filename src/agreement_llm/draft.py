"""`Draft`: what the model is asked to fill, and the validators that send it back when it invents.

The model quotes; the code normalises. So the draft holds words copied from the article (names, the date phrase,
the sentence the status rests on) and closed-set labels, never an ISO date or an offset. Inside `checking(...)`
its validators raise `ValueError`s worded as instructions, which instructor sends back to the model as a re-ask.
Outside it they accept anything well-formed: `ground.py` applies the same checks again and drops what fails, which
is how a model that ran out of tries is handled.

The article reaches the validators through a `ContextVar`, not instructor's `context=`: in instructor 1.17 that
argument also renders every message as a Jinja template, and an article may contain `{{ ... }}`.

Field names and descriptions are part of the prompt (they travel in the tool schema), so they are short and
written for the model. Length bounds live only in the schema (`maxLength`: llama.cpp's grammar enforces them, which
keeps a small model from copying whole paragraphs); validation does not reject long text.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator
from pydantic.config import JsonDict
from pydantic.json_schema import SkipJsonSchema

from .arabic import find_quote, is_arabic_script, is_latin_script, parse_date
from .labels import relabel
from .schema import InstrumentKind, PartyKind, Sector, Status
from .status import STATUS_ORDER, claims_signing

VERBATIM = "Copy the words exactly as they appear in the article"

# Strings and lists bounded in the schema only (see the module docstring): a phrase, a sentence or two, and list
# lengths that no article needs more of. Without maxItems the model looped on seed 001, listing every sector and
# repeating beneficiaries until the token limit cut its JSON.
Phrase = Annotated[str, Field(json_schema_extra={"maxLength": 200})]
Passage = Annotated[str, Field(json_schema_extra={"maxLength": 600})]


def _at_most(n: int) -> JsonDict:
    return {"maxItems": n}


@dataclass(frozen=True)
class Checks:
    """What the validators check a draft against: the article the model saw, and the strongest status its cues
    support (None: no limit)."""

    article: str
    max_status: Status | None = None


_CHECKS: ContextVar[Checks | None] = ContextVar("agreement_llm_checks", default=None)


@contextmanager
def checking(article: str, max_status: Status | None = None) -> Iterator[Checks]:
    """Validate drafts made inside this block against `article` (re-ask on failure)."""
    checks = Checks(article, max_status)
    token = _CHECKS.set(checks)
    try:
        yield checks
    finally:
        _CHECKS.reset(token)


def _every_key_required(schema: dict[str, Any]) -> None:
    # llama.cpp turns the tool schema into a grammar, and a small model skips every optional key it can (measured:
    # only status, status_quote and the summaries came back). Listing every key as required makes it write each
    # one, null or [] when the article has nothing; validation keeps the defaults, so a terse model still parses.
    schema["required"] = list(schema.get("properties", {}))


_NULLISH = {"", "null", "none", "n/a", "nil", "غير محدد", "لا يوجد"}


def _nullish(value: Any) -> bool:
    return isinstance(value, str) and value.strip().lower() in _NULLISH


def _nameless(item: Any) -> bool:
    """A person or party whose name is null or a placeholder: it names nobody."""
    return isinstance(item, dict) and "name" in item and (item["name"] is None or _nullish(item["name"]))


class _Draft(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True, json_schema_extra=_every_key_required)

    # Labels outside the closed sets ("ministry") as read by labels.relabel; reported as notes (extract.py).
    _relabelled: list[tuple[str, str, str]] = PrivateAttr(default_factory=list)

    @model_validator(mode="wrap")
    @classmethod
    def _known_labels(cls, data: Any, handler: Any) -> Any:
        # Validation side only: the tool schema the model is sent does not change (labels.py).
        data, changes = relabel(cls, data)
        model = handler(data)
        model._relabelled = changes
        return model

    @model_validator(mode="before")
    @classmethod
    def _nulls_are_null(cls, data: Any) -> Any:
        # Grammar-constrained small models answer a nullable string with the *string* "null" (measured on seed
        # 000): read it, and its cousins, as the null it means, and drop such items from lists. A person or party
        # named only "غير محدد" names nobody: it is dropped too, rather than failing the whole reply (dev-test
        # mgh_04: one such representative made the article a ModelGaveUpError).
        if not isinstance(data, dict):
            return data
        out = {}
        for key, value in data.items():
            if _nullish(value):
                value = None
            elif isinstance(value, list):
                value = [v for v in value if not (_nullish(v) or _nameless(v))]
            out[key] = value
        return out


class DraftPerson(_Draft):
    name: str = Field(description=f"Person's name. {VERBATIM}.")
    role: str | None = Field(default=None, description=f"Role or title. {VERBATIM}.")
    role_en: str | None = Field(default=None, description="Role in English.")


class DraftParty(_Draft):
    name: str = Field(description=f"Organisation's Arabic name. {VERBATIM}.")
    name_en: str | None = Field(default=None, description="English name (its own English/French name if known).")
    kind: PartyKind = PartyKind.OTHER
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-2 code, or null.")
    people: list[DraftPerson] = Field(
        default_factory=list, description="Who represented it, if named.", json_schema_extra=_at_most(4)
    )


class DraftInstrument(_Draft):
    parties: list[str] = Field(
        description="Arabic names of the parties to this one agreement.", json_schema_extra=_at_most(6)
    )
    purpose: Phrase | None = Field(default=None, description=f"What it is for. {VERBATIM}.")


class Draft(_Draft):
    """One article, as the model reads it."""

    status: Status = Field(
        description="signed: the text says it was signed. renewed: an existing agreement renewed. "
        "agreed_in_principle: points agreed, nothing signed. planned: a meeting, talks or a future signing. "
        "not_an_agreement: none of these."
    )
    status_quote: Phrase | None = Field(description=f"The few words that show the status. {VERBATIM}.")
    kind: InstrumentKind | None = None
    date_phrase: str | None = Field(
        default=None, description=f"Date of the event, {VERBATIM.lower()}; null if the article gives none."
    )
    venue: str | None = Field(default=None, description=f"{VERBATIM}, or null.")
    city: str | None = Field(default=None, description=f"{VERBATIM}, or null.")
    city_en: str | None = None
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-2 code of the event, or null.")
    parties: list[DraftParty] = Field(default_factory=list, json_schema_extra=_at_most(12))
    instruments: list[DraftInstrument] = Field(
        default_factory=list,
        description="One item per separate agreement; several when one body signs several.",
        json_schema_extra=_at_most(12),
    )
    objectives: list[Phrase] = Field(default_factory=list, description=f"{VERBATIM}.", json_schema_extra=_at_most(5))
    commitments: list[Phrase] = Field(
        default_factory=list, description=f"Next steps promised. {VERBATIM}.", json_schema_extra=_at_most(5)
    )
    sectors: list[Sector] = Field(
        default_factory=list, description="At most 3, the main ones.", json_schema_extra=_at_most(3)
    )
    beneficiaries: list[Phrase] = Field(default_factory=list, description=f"{VERBATIM}.", json_schema_extra=_at_most(5))
    summary_ar: Passage = Field(
        default="", description="2-3 short sentences in Arabic: who, what, when, where, status."
    )
    summary_en: Passage = Field(default="", description="The same 2-3 short sentences in English.")

    asks_summary: ClassVar[bool] = True  # the model writes the summaries (CoreDraft, LeanDraft: the brief is built)
    asks_sectors: ClassVar[bool] = True  # the model picks the sectors (CoreDraft, LeanDraft: sectors.py reads them)
    _cut: bool = PrivateAttr(default=False)  # set by extract.py when the token limit cut the reply

    # --- validators: each message tells the model what was wrong and what to do ---------------------------------

    @field_validator("status_quote", "venue", "city")
    @classmethod
    def _quoted(cls, value: str | None) -> str | None:
        article = _article()
        if value is None or article is None:
            return value
        if find_quote(article, value) is None:
            raise ValueError(f"{value!r} is not in the article. {VERBATIM}, or use null.")
        return value

    @field_validator("objectives", "commitments", "beneficiaries")
    @classmethod
    def _quoted_items(cls, values: list[str]) -> list[str]:
        article = _article()
        if article is None:
            return values
        missing = [v for v in values if find_quote(article, v) is None]
        if missing:
            raise ValueError(f"not in the article: {missing!r}. {VERBATIM}, or leave them out.")
        return values

    @field_validator("date_phrase")
    @classmethod
    def _date_in_text(cls, value: str | None) -> str | None:
        article = _article()
        if value is None or article is None:
            return value
        if find_quote(article, value) is None:
            raise ValueError(
                f"the date phrase {value!r} is not in the article. Copy the date as written, or use null "
                "when the article gives no date. Never use the publication time."
            )
        if parse_date(value) is None:
            raise ValueError(f"{value!r} is not a date phrase. Copy the words that state the date, or use null.")
        return value

    @field_validator("summary_ar")
    @classmethod
    def _arabic(cls, value: str) -> str:
        if _article() is not None and not is_arabic_script(value):
            raise ValueError("summary_ar must be written in Arabic script.")
        return value

    @field_validator("summary_en")
    @classmethod
    def _english(cls, value: str) -> str:
        if _article() is not None and not is_latin_script(value):
            raise ValueError("summary_en must be written in English.")
        return value

    @model_validator(mode="after")
    def _grounded_names_and_status(self) -> Draft:
        checks = _CHECKS.get()
        if checks is None:
            return self
        article, max_status = checks.article, checks.max_status
        problems: list[str] = []
        for party in self.parties:
            if find_quote(article, party.name) is None:
                problems.append(f"party {party.name!r} is not in the article")
            problems += [
                f"person {p.name!r} is not in the article" for p in party.people if find_quote(article, p.name) is None
            ]
        if max_status is not None and STATUS_ORDER[self.status] > STATUS_ORDER[max_status]:
            problems.append(
                f"status {self.status.value!r} claims more than the article says; the text supports at most "
                f"{max_status.value!r}"
            )
        if (max_status or self.status) not in (Status.SIGNED, Status.RENEWED) and claims_signing(
            self.summary_ar, self.summary_en
        ):
            problems.append("the summaries say something was signed, but the article reports no signing")
        if problems:
            raise ValueError("; ".join(problems) + f". {VERBATIM}; never claim more than the article says.")
        return self


def _article() -> str | None:
    checks = _CHECKS.get()
    return None if checks is None else checks.article


# --- the core draft: the core fields only, with a shorter prompt (issue 14; kept for comparison: the lean draft
# below is the embedded model's default, profiles.py) -------------------------------------------------------------
#
# Every generated token cost the embedded model ~0.1 s on two cores under load (0.036 s idle, with the sampler of
# transport/grammar_sampler.py), and most of a full draft's ~660 tokens went to
# fields that model gets wrong or that code does better. Measured on dev-test by replaying its recordings without them
# (benchmarks/README.md, "Which fields"): the two summaries (~200 tokens; the brief built from grounded fields covers
# more key facts: ar 0.24 -> 0.40, en 0.20 -> 0.34), objectives, commitments, beneficiaries and sectors (~170 tokens;
# precision 0.00-0.11), instruments (~57 tokens; their parties repeat names already listed, and what grounding builds
# from the parties scores 0.58 against the model's 0.28), city_en (code's own reading scores 0.83 against the model's
# 0.63), role_en (never scored) and status_quote (~43 tokens; grounding falls back on the sentence of the article's
# own status cue, and every score stayed the same without it). The fields stay on the class with their defaults, so
# grounding reads a core draft like a full one; `SkipJsonSchema` only keeps them out of the tool schema, so the model
# is never asked to write them.


class CorePerson(DraftPerson):
    role_en: SkipJsonSchema[str | None] = None


class CoreParty(DraftParty):
    people: list[CorePerson] = Field(  # type: ignore[assignment]
        default_factory=list, description="Who represented it, if named.", json_schema_extra=_at_most(4)
    )


class CoreDraft(Draft):
    """One article, as the model reads it."""

    asks_summary: ClassVar[bool] = False
    asks_sectors: ClassVar[bool] = False

    status_quote: SkipJsonSchema[str | None] = None
    city_en: SkipJsonSchema[str | None] = None
    parties: list[CoreParty] = Field(default_factory=list, json_schema_extra=_at_most(12))  # type: ignore[assignment]
    instruments: SkipJsonSchema[list[DraftInstrument]] = Field(default_factory=list)
    objectives: SkipJsonSchema[list[str]] = Field(default_factory=list)
    commitments: SkipJsonSchema[list[str]] = Field(default_factory=list)
    sectors: SkipJsonSchema[list[Sector]] = Field(default_factory=list)
    beneficiaries: SkipJsonSchema[list[str]] = Field(default_factory=list)
    summary_ar: SkipJsonSchema[str] = ""
    summary_en: SkipJsonSchema[str] = ""


# --- the lean draft: the full draft's own request, cut after the parties (issue 14) --------------------------------
#
# The model writes the fields in the schema's order, each conditioned only on what came before it. The lean draft
# sends the full draft's system prompt and tool, token for token, and stops the reply at the first field after the
# parties (`Profile.stop`), so status, date, place and parties are what the full draft would have said, while the
# ~400 tokens after them (instruments, the quoted lists, the two summaries) are never generated. Those fields keep
# their defaults; grounding builds the instruments and the brief from the grounded fields, and reads the sectors from
# the article's words (`sectors.py`), as for the core draft.


class LeanDraft(Draft):
    """One article, as the model reads it."""

    # The title is the tool's name: the model must see the full draft's own tool, so only where the reply stops
    # differs (the schemas are compared in tests/test_profiles.py).
    model_config = ConfigDict(title="Draft")
    asks_summary: ClassVar[bool] = False
    asks_sectors: ClassVar[bool] = False
