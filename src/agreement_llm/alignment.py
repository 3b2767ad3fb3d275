"""Where the model's words stand in the article, the notes of what grounding changed, and what the page says of
itself.

Every grounding step (ground.py) starts here: a quote is kept only with the span the article gives it (`find_quote`:
exact, then in matching form), and every value dropped or corrected leaves a `Note` with what the model said.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .arabic import CleanedText, find_quote, normalize
from .near_names import near_name
from .party_names import whole_word
from .schema import Note, Quote, Source, Span

__all__ = ["Aligner"]


@dataclass
class Aligner:
    """One article's alignment: its cleaned text, and the notes made while grounding a reply to it."""

    cleaned: CleanedText
    notes: list[Note] = field(default_factory=list, kw_only=True)

    def note(self, field_: str, action: str, reason: str, value: object = None) -> None:
        """Record a change: the field, "dropped" / "corrected" / "flagged", why, and what the model had said."""
        self.notes.append(
            Note(field=field_, action=action, reason=reason, model_value=None if value is None else str(value))
        )

    def span(self, text: str | None) -> Span | None:
        """Where `text` stands in the article as the caller passed it, else None."""
        if not text:
            return None
        found = find_quote(self.cleaned.original, text)
        return Span(start=found[0], end=found[1]) if found else None

    def near_span(self, field_: str, name: str, within: Sequence[tuple[int, int]]) -> Span | None:
        """Where one of the passages `within` (offsets in the original) writes a name the model misspelled
        (`near_names.near_name`), noted as a correction; else None."""
        original = self.cleaned.original
        for start, end in within:
            if found := near_name(original[start:end], name):
                span = Span(start=start + found[0], end=start + found[1])
                self.note(field_, "corrected", f"the article writes «{original[span.start : span.end]}»", name)
                return span
        return None

    def quote(self, field_: str, text: str | None) -> Quote | None:
        """A Quote when `text` is in the article; None (and a note) when it is not."""
        if text is None or not text.strip():
            return None
        span = self.span(text)
        if span is None:
            self.note(field_, "dropped", "not found in the article", text)
            return None
        return Quote(text=text, span=span)

    def whole_quote(self, field_: str, text: str | None) -> Quote | None:
        """`quote`, with the article «ال» the model left off a word put back («هند» of «الهند»: `whole_word`)."""
        if (q := self.quote(field_, text)) is None or q.span is None:
            return q
        span, whole = whole_word(self.cleaned.original, q.span, q.text)
        return q if whole == q.text else Quote(text=whole, span=span)

    def quotes(self, field_: str, texts: list[str]) -> list[Quote]:
        """The list fields (objectives, commitments, beneficiaries): the quotes the article carries, once each."""
        out, seen = [], set()
        for text in texts:
            q = self.quote(field_, text)
            if q is not None and normalize(q.text) not in seen:
                seen.add(normalize(q.text))
                out.append(q)
        return out

    def source(self) -> Source:
        """What the page says about itself (read by `arabic.clean`, not by the model)."""
        cleaned = self.cleaned
        return Source(
            outlet=cleaned.outlet,
            author=cleaned.author,
            headline=cleaned.headline,
            published_at=cleaned.published_at,
            updated_at=cleaned.updated_at,
        )
