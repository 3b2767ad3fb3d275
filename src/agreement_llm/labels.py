"""Closed-set labels the model writes (status, party kind, instrument kind, sectors), read leniently.

A party `kind` of "ministry" (the system prompt itself names ministries) failed validation and, with it, a whole
otherwise valid reply (issue 9). Labels are now read on the validation side only, so the tool schema the model is
sent stays byte-identical: a label in another case or spelling is read as the label it spells; a common synonym
as the label it means; anything else as `other` (the status, which has no `other`, as the status the article's
own cues show, in extract.py). Every change is kept on the draft and reported as a `Note`.

>>> from agreement_llm.schema import PartyKind
>>> read_label(PartyKind, "Ministry"), read_label(PartyKind, "NGO"), read_label(PartyKind, "space agency")
(<PartyKind.GOVERNMENT_BODY: 'government_body'>, <PartyKind.ASSOCIATION: 'association'>, <PartyKind.OTHER: 'other'>)
"""

from __future__ import annotations

import enum
import re
import types
import typing
from typing import Any

from .schema import InstrumentKind, Note, PartyKind, Status

_SYNONYMS: dict[type[enum.Enum], dict[str, str]] = {
    PartyKind: {
        **dict.fromkeys(
            (
                "ministry",
                "government",
                "government_agency",
                "public_body",
                "public_institution",
                "public_agency",
                "agency",
                "authority",
                "department",
                "state",
                "administration",
                "governorate",
            ),
            "government_body",
        ),
        **dict.fromkeys(
            (
                "municipality",
                "commune",
                "council",
                "city_council",
                "municipal_council",
                "local_government",
                "region",
                "province",
                "wilaya",
                "local_council",
                "city",
            ),
            "local_authority",
        ),
        **dict.fromkeys(
            ("ngo", "non_profit", "nonprofit", "charity", "civil_society", "club", "society", "network"), "association"
        ),
        **dict.fromkeys(("cooperative", "mutual", "mutual_society", "mutuality"), "mutual_or_cooperative"),
        **dict.fromkeys(
            ("business", "private_company", "enterprise", "firm", "bank", "corporation", "private_sector"), "company"
        ),
        **dict.fromkeys(
            (
                "international",
                "international_organization",
                "international_body",
                "un_agency",
                "intergovernmental_organisation",
                "intergovernmental_organization",
            ),
            "international_organisation",
        ),
        **dict.fromkeys(("fondation", "charitable_foundation"), "foundation"),
        **dict.fromkeys(("higher_education", "school_of_higher_education"), "university"),
    },
    InstrumentKind: {
        **dict.fromkeys(("mou", "memorandum", "memorandum_of_agreement"), "memorandum_of_understanding"),
        **dict.fromkeys(("partnership_agreement", "partnership_convention"), "partnership"),
        **dict.fromkeys(("cooperation_agreement", "cooperation_convention"), "cooperation"),
        **dict.fromkeys(("framework_agreement", "framework_convention"), "framework"),
        **dict.fromkeys(("loan", "grant", "donation", "funding"), "loan_or_grant"),
    },
    Status: {
        **dict.fromkeys(("sign", "signing", "signature", "concluded", "signed_agreement"), "signed"),
        **dict.fromkeys(("renewal", "renew", "extended", "extension"), "renewed"),
        **dict.fromkeys(("agreed", "agreement_in_principle", "in_principle"), "agreed_in_principle"),
        **dict.fromkeys(("plan", "planning", "meeting", "talks", "future", "proposed", "draft", "upcoming"), "planned"),
        **dict.fromkeys(("none", "no_agreement", "not_agreement", "no"), "not_an_agreement"),
    },
}


def _key(value: str) -> str:
    return re.sub(r"[\s\-/]+", "_", value.strip().lower())


def read_label(kind: type[enum.Enum], value: str) -> enum.Enum | None:
    """The member of `kind` that `value` spells or means, `kind.OTHER` when it has one, else None."""
    key = _key(value)
    members = {m.value: m for m in kind}
    if key in members:
        return members[key]
    if key.rstrip("s") in members:  # "associations"
        return members[key.rstrip("s")]
    if (meant := _SYNONYMS.get(kind, {}).get(key)) is not None:
        return members[meant]
    return members.get("other")


def _enum_of(annotation: Any) -> tuple[type[enum.Enum] | None, bool]:
    """(the enum an annotation holds, whether it is a list of them) for `X`, `X | None` and `list[X]`."""
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return annotation, False
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is list and args:
        inner, _ = _enum_of(args[0])
        return inner, True
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            inner, many = _enum_of(arg)
            if inner is not None:
                return inner, many
    return None, False


def relabel(model: Any, data: Any) -> tuple[Any, list[tuple[str, str, str]]]:
    """`data` for `model` (a pydantic class) with out-of-set labels read by `read_label`, and the changes made as
    (field, what the model wrote, what it became or "" when unusable)."""
    if not isinstance(data, dict):
        return data, []
    changes: list[tuple[str, str, str]] = []
    out = dict(data)
    for name, info in model.model_fields.items():
        kind, many = _enum_of(info.annotation)
        if kind is None or name not in out:
            continue
        values = out[name] if many and isinstance(out[name], list) else [out[name]]
        fixed = []
        for value in values:
            if isinstance(value, str) and value not in {m.value for m in kind}:
                member = read_label(kind, value)
                if kind is Status and member is None:
                    member = Status.NOT_AN_AGREEMENT  # replaced in extract.py by the status the article's cues show
                    changes.append((name, value, ""))
                elif member is None or _key(value) != member.value:  # "Health" is health: nothing to report
                    changes.append((name, value, member.value if member is not None else ""))
                value = member.value if member is not None else None
            fixed.append(value)
        out[name] = fixed if many and isinstance(out[name], list) else fixed[0]
    return out, changes


def label_notes(draft: Any) -> list[Note]:
    """A note for every label of `draft` (and its parties and people) that was read as another."""
    notes = []
    items = [("", draft)] + [("parties.", p) for p in getattr(draft, "parties", [])]
    for prefix, item in items:
        for name, written, became in getattr(item, "_relabelled", []):
            reason = (
                f"{written!r} is not one of the labels; read as {became!r}"
                if became
                else (f"{written!r} is not one of the labels; the status the article's own words show was used")
            )
            notes.append(Note(field=prefix + name, action="corrected", reason=reason, model_value=written))
    return notes


__all__ = ["label_notes", "read_label", "relabel"]
