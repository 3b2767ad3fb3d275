"""The parties of a reply, grounded in the article: their names as it writes them, the people it names for them,
the kind and country their own names give, and the instruments between them.

Part of `ground.py`'s `Grounder` (its base class), kept apart for size; the rules, each measured on the development
set before it was kept (benchmarks/README.md):
- a party name not in the article is dropped, unless the model misspelled one the article writes where it reports
  the event (`near_names`);
- the kind and country a party's name gives replace the model's labels, and an English name that is another
  country's or has Arabic letters is dropped (`party_names`);
- a role the model gave in words the article does not carry is replaced by the article's words beside the name,
  never added (`roles`);
- instruments name only kept parties; an existing agreement with none gets one between the kept parties (a lone
  party's only where the signing sentence names it), of a kind the article has a word for (`instrument_kinds`).
"""

from __future__ import annotations

from dataclasses import dataclass

from .alignment import Aligner
from .arabic import is_arabic_script, normalize
from .countries import country_code, country_forms
from .draft import Draft, DraftParty, DraftPerson
from .instrument_kinds import supported_kind
from .party_names import country_named, kind_named, match_party, named_in, state_named, whole_word, without_conjunction
from .roles import role_beside
from .schema import Instrument, InstrumentKind, Party, PartyKind, Quote, Representative, Span, Status
from .status import StatusAnalysis

__all__ = ["PartyGrounder"]

# An agreement that exists (signed, renewed, agreed in principle) has at least one instrument; a planned one has
# none yet (evals/README.md), so none is made up for it.
_HAS_INSTRUMENT = (Status.SIGNED, Status.RENEWED, Status.AGREED_IN_PRINCIPLE)


@dataclass
class PartyGrounder(Aligner):
    """The party-grounding methods of `ground.Grounder`, on one article's alignment and its status cues."""

    analysis: StatusAnalysis

    def country(self, field_: str, value: str | None) -> str | None:
        """An ISO code for what the model gave (a code, or a country's English or Arabic name), else None and a
        note."""
        if value is None:
            return None
        code = country_code(value)
        if code is None:
            self.note(field_, "dropped", "not a country (ISO 3166-1 code or name)", value)
        return code

    def parties(self, drafted: list[DraftParty]) -> list[Party]:
        """The parties the article names, as it writes them, once each, with the representatives it names."""
        parties: list[Party] = []
        # A misspelled name is looked for where the article reports its event (cue sentences, not background): in
        # the whole article it came back also where the status was wrong (benchmarks/README.md, "Names misspelled").
        event = [self.cleaned.span_to_original(c.start, c.end) for c in self.analysis.cues if c.mode != "background"]
        for p in drafted:
            p.name = without_conjunction(p.name)
            span = self.span(p.name) if normalize(p.name) else None  # «ـ», a mark: no name (a second review)
            if span is None and (span := self.near_span("parties", p.name, event)) is not None:
                p.name = self.cleaned.original[span.start : span.end]
            if span is None:
                self.note("parties", "dropped", "not found in the article", p.name)
                continue
            span, p.name = whole_word(self.cleaned.original, span, p.name)
            if any(normalize(p.name) == normalize(kept.name) for kept in parties):
                continue
            people = []
            for person in p.people:
                person_span = self.span(person.name)
                if person_span is None:
                    self.note("parties.representatives", "dropped", "not found in the article", person.name)
                    continue
                role, role_en = self.role(person, person_span)
                people.append(Representative(name=person.name, role=role, role_en=role_en, span=person_span))
            country = self.country("parties.country", p.country)
            name_en, kind, country = self.what_name_says(p.name, p.name_en, p.kind, country)
            parties.append(
                Party(name=p.name, name_en=name_en, kind=kind, country=country, representatives=people, span=span)
            )
        return parties

    def role(self, person: DraftPerson, at: Span) -> tuple[str | None, str | None]:
        """The role the model quoted; where it wrote one the article does not carry (in English, as the embedded
        model does), the article's words beside the name (`roles.py`). A role the model did not give is not added:
        fed a reply with none, for a person the article gives none, the result must say none. `role_en`
        translates the model's own role, so it goes with it."""
        if not person.role:
            return None, None
        if self.span(person.role):
            return person.role, person.role_en
        if beside := role_beside(self.cleaned.original, at.start, at.end):
            found = self.cleaned.original[beside[0] : beside[1]]
            self.note(
                "parties.representatives.role", "corrected", f"the article writes «{found}» by the name", person.role
            )
            return found, None
        self.note("parties.representatives.role", "dropped", "not found in the article", person.role)
        return None, None

    def what_name_says(
        self, name: str, name_en: str | None, kind: PartyKind, country: str | None
    ) -> tuple[str | None, PartyKind, str | None]:
        """The kind and the country that the party's own name gives (`party_names.py`), over the model's, and its
        English name unless that is a country's the Arabic name does not name; each change is noted. The lean draft
        called 13 of the 17 states it kept on dev an association or a local authority, «سوريا» `SA`, and Iraq's
        prime minister «السوداني» "Syria"."""
        named_country = country_named(name)
        in_name = {code for word in normalize(name).split() for code, _ in country_forms(word)} | {named_country}
        if name_en and any(is_arabic_script(c) for c in name_en):  # «المقاولين اليمنيين», "the Jamاعة"
            self.note("parties.name_en", "dropped", "not an English name: Arabic letters in it", name_en)
            name_en = None
        # Only where the Arabic name names some country: «بنغلاديش», a spelling the tables lack, keeps "Bangladesh".
        if name_en and (en_country := country_code(name_en)) and in_name - {None} and en_country not in in_name:
            self.note("parties.name_en", "dropped", f"the name of {en_country}, which the Arabic name is not", name_en)
            name_en = None
        if (named := kind_named(name)) is not None and named is not kind:
            self.note("parties.kind", "corrected", f"the name says {named.value}", kind.value)
            kind = named
        if named_country is not None and named_country != country:
            self.note("parties.country", "corrected", f"the name says {named_country}", country)
            country = named_country
        return name_en, kind, country

    def instrument_kind(self, said: InstrumentKind | None) -> InstrumentKind | None:
        """The model's kind where the article has a word for it, else the kind it names (`instrument_kinds.py`)."""
        kind = supported_kind(said, self.cleaned.text)
        if kind is not said:
            self.note("kind", "corrected", "the article has no word for it", said.value if said else None)
        return kind

    def instruments(
        self, draft: Draft, parties: list[Party], status: Status, kind: InstrumentKind | None, ev: Quote | None
    ) -> list[Instrument]:
        """The instruments between kept parties, of the article's `kind`; one between all of them when an existing
        agreement has none, and for a lone kept party the signing sentence `ev` names (the other was invented, as
        on seed 002; benchmarks/README.md, "Names misspelled")."""
        instruments = []
        for item in draft.instruments:
            item.parties = [without_conjunction(n) for n in item.parties]
            names = list(dict.fromkeys(name for n in item.parties if (name := match_party(n, parties))))
            dropped = [n for n in item.parties if not match_party(n, parties)]
            if dropped:
                self.note("instruments.parties", "dropped", "not a kept party of the article", ", ".join(dropped))
            if not names:
                continue
            purpose = self.quote("instruments.purpose", item.purpose)
            instruments.append(Instrument(kind=kind, parties=names, purpose=purpose))
        alone = len(parties) == 1 and ev is not None and named_in(parties[0].name, ev.text)
        alone = alone and state_named(parties[0].name) is None  # «في جنوب السودان», «بنك مصر»: a place, a word
        if not instruments and status in _HAS_INSTRUMENT and (len(parties) >= 2 or alone):
            instruments.append(Instrument(kind=kind, parties=[p.name for p in parties]))
        return instruments
