"""What a reviewer sees of one result: the article with every value highlighted where it stands, a fields table,
both summaries and the guards' notes. Shared by the notebook view (`Agreement._repr_html_`) and the bulk review
page (`page.py`), so both show the same marks.

Everything here works on the JSON form of an `Agreement` (`model_dump(mode="json")`), which is what a results file
holds, so a line of `agreement-llm run` output and a live object are shown the same way.

Marks are computed once, in Python, as `(start, end, kind, value, field)`; a mark is drawn only when the article's
own characters at its span are the value (compared in matching form), so a span that belongs to another text is
never drawn on this one. Marks nest (a party inside the evidence sentence); a mark that crosses another one is
listed in the table but not drawn, since one element cannot both contain and not contain the other's text.

>>> a = {"status": "signed", "summary": {"ar": "…", "en": "…"},
...      "parties": [{"name": "جمعية الأمل", "span": {"start": 6, "end": 17}, "representatives": []}]}
>>> [(m.kind, m.value) for m in marks(a, "وقعت  جمعية الأمل اتفاقية")]
[('party', 'جمعية الأمل')]
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from ..arabic import find_quote, is_arabic_script, normalize

# The legend, in the order it is shown; each kind has one colour in CSS (`al-k-<kind>`).
KINDS: dict[str, str] = {
    "party": "party",
    "person": "person",
    "role": "role",
    "date": "date",
    "place": "place",
    "objective": "objective",
    "commitment": "commitment",
    "beneficiary": "beneficiary",
    "evidence": "status evidence",
}

_LISTS = {"objectives": "objective", "commitments": "commitment", "beneficiaries": "beneficiary"}

CSS = """
.al-review{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;font-size:14px;line-height:1.6;color:#1d1d1f}
.al-review h4{margin:12px 0 4px;font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:#555}
.al-article{direction:rtl;unicode-bidi:isolate;text-align:right;white-space:pre-wrap;border:1px solid #ddd;
  border-radius:6px;padding:10px 14px;background:#fff;font-family:"Noto Naskh Arabic","Amiri","Noto Sans Arabic",serif;
  font-size:16px;line-height:2}
.al-review mark{border-radius:3px;padding:1px 0;color:inherit}
.al-k-party{background:#cfe3ff}.al-k-person{background:#ffd9b3}.al-k-role{background:#ffefc2}
.al-k-date{background:#c8f0c8}.al-k-place{background:#e6d4ff}.al-k-objective{background:#d3f3f1}
.al-k-commitment{background:#ffd1dc}.al-k-beneficiary{background:#f0e0c8}
.al-k-evidence{background:none;border-bottom:2px solid #c0392b}
mark.al-k-evidence{padding:0}
.al-legend span{display:inline-block;margin:0 8px 4px 0;padding:0 6px;border-radius:3px;font-size:12px}
.al-fields{border-collapse:collapse;width:100%}
.al-fields td,.al-fields th{border-top:1px solid #eee;padding:3px 8px;vertical-align:top;text-align:start;unicode-bidi:isolate}
.al-fields th{width:140px;color:#555;font-weight:600}
.al-rtl{direction:rtl;unicode-bidi:isolate;text-align:right}
.al-notes li{margin:2px 0}.al-muted{color:#777}
.al-status{display:inline-block;padding:0 8px;border-radius:10px;background:#eee;font-weight:600}
"""


@dataclass(frozen=True)
class Mark:
    """One value of a result, where it stands in the article."""

    start: int
    end: int
    kind: str
    value: str
    field: str


def _candidates(a: dict[str, Any], text: str) -> list[Mark]:
    """Every value of the result that has (or can be given) a span, with its kind."""
    out: list[Mark] = []

    def add(kind: str, field: str, value: str | None, span: dict[str, int] | None, *, search: bool = False) -> None:
        if not value:
            return
        if span:
            out.append(Mark(span["start"], span["end"], kind, value, field))
        elif search:  # roles and a venue beside a city carry no span in the schema: find them as the guards did
            found = find_quote(text, value)
            if found:
                out.append(Mark(found[0], found[1], kind, value, field))

    evidence = a.get("status_evidence") or {}
    add("evidence", "status_evidence", evidence.get("text"), evidence.get("span"))
    date = a.get("date") or {}
    add("date", "date", date.get("text"), date.get("span"))
    place = a.get("place") or {}
    if place.get("city"):
        add("place", "place.city", place.get("city"), place.get("span"))
        add("place", "place.venue", place.get("venue"), None, search=True)
    else:
        add("place", "place.venue", place.get("venue"), place.get("span"), search=True)
    for i, party in enumerate(a.get("parties") or []):
        add("party", f"parties[{i}]", party.get("name"), party.get("span"), search=True)
        for j, person in enumerate(party.get("representatives") or []):
            add("person", f"parties[{i}].representatives[{j}]", person.get("name"), person.get("span"), search=True)
            add("role", f"parties[{i}].representatives[{j}].role", person.get("role"), None, search=True)
    for i, instrument in enumerate(a.get("instruments") or []):
        purpose = instrument.get("purpose") or {}
        add("objective", f"instruments[{i}].purpose", purpose.get("text"), purpose.get("span"))
    for name, kind in _LISTS.items():
        for i, quote in enumerate(a.get(name) or []):
            add(kind, f"{name}[{i}]", quote.get("text"), quote.get("span"))
    return out


def _matches(text: str, m: Mark) -> bool:
    return 0 <= m.start < m.end <= len(text) and normalize(text[m.start : m.end]) == normalize(m.value)


def marks(agreement: dict[str, Any], text: str) -> list[Mark]:
    """The marks to draw on `text`: only those whose span holds their value, nested, never crossing.

    Sorted by start, longest first, so a mark always comes before the marks inside it.
    """
    found = sorted(
        {m for m in _candidates(agreement, text) if _matches(text, m)}, key=lambda m: (m.start, -m.end, m.kind)
    )
    kept: list[Mark] = []
    open_: list[Mark] = []  # the marks enclosing the current position
    for m in found:
        while open_ and open_[-1].end <= m.start:
            open_.pop()
        if open_ and m.end > open_[-1].end:  # crosses the enclosing mark's end: cannot be drawn as an element
            continue
        kept.append(m)
        open_.append(m)
    return kept


def unplaced(agreement: dict[str, Any], text: str | None) -> list[Mark]:
    """Values with a span that are not drawn on `text` (a different text, or a crossing mark)."""
    if text is None:
        return []
    drawn = set(marks(agreement, text))
    return [m for m in _candidates(agreement, text) if m not in drawn]


def highlight(text: str, found: list[Mark]) -> str:
    """`text` as HTML with each mark an element (`<mark class="al-k-KIND" data-value=…>`), nested as given."""
    parts: list[str] = []
    stack: list[Mark] = []
    pos = 0

    def close_until(limit: int) -> None:
        nonlocal pos
        while stack and stack[-1].end <= limit:
            top = stack.pop()
            parts.append(html.escape(text[pos : top.end]) + "</mark>")
            pos = top.end

    for m in found:
        close_until(m.start)
        parts.append(html.escape(text[pos : m.start]))
        parts.append(
            f'<mark class="al-k-{m.kind}" data-kind="{m.kind}" data-field="{html.escape(m.field)}" '
            f'data-value="{html.escape(m.value)}" title="{html.escape(KINDS[m.kind])}: {html.escape(m.value)}">'
        )
        pos = m.start
        stack.append(m)
    close_until(len(text))
    parts.append(html.escape(text[pos:]))
    return "".join(parts)


def field_rows(a: dict[str, Any]) -> list[tuple[str, str]]:
    """The fields of a result as (label, value) rows, in reading order; empty fields are left out."""
    rows: list[tuple[str, str]] = [("status", str(a.get("status")) + (f" ({a['kind']})" if a.get("kind") else ""))]
    if ev := a.get("status_evidence"):
        rows.append(("evidence", f"«{ev['text']}»"))
    if d := a.get("date"):
        rows.append(("date", f"{d.get('iso') or '—'} [{d.get('precision') or 'no day'}] «{_isolate(d['text'])}»"))
    if p := a.get("place"):
        where = ", ".join(_isolate(x) for x in (p.get("venue"), p.get("city"), p.get("country")) if x)
        rows.append(("place", where + (f" ({p['city_en']})" if p.get("city_en") else "")))
    for party in a.get("parties") or []:
        rows.append(
            (
                "party",
                f"{_isolate(party['name'])} — {party.get('name_en') or '?'} [{party.get('kind') or 'other'}]"
                + (f" {party['country']}" if party.get("country") else ""),
            )
        )
        for person in party.get("representatives") or []:
            role = (f", {_isolate(person['role'])}" if person.get("role") else "") + (
                f" ({person['role_en']})" if person.get("role_en") else ""
            )
            rows.append(("representative", f"{person['name']}{role}"))
    for instrument in a.get("instruments") or []:
        purpose = (instrument.get("purpose") or {}).get("text")
        rows.append(("instrument", " + ".join(instrument.get("parties") or []) + (f": {purpose}" if purpose else "")))
    for name, kind in _LISTS.items():
        rows += [(kind, q["text"]) for q in a.get(name) or []]
    if a.get("sectors"):
        rows.append(("sectors", ", ".join(a["sectors"])))
    src = a.get("source") or {}
    if any(src.get(k) for k in ("outlet", "author", "published_at")):
        rows.append(
            ("source", " / ".join(_isolate(str(src.get(k) or "—")) for k in ("outlet", "author", "published_at")))
        )
    if run := a.get("run"):
        usage = run.get("usage") or {}
        cached = f", {usage['cache_hits']} from cache" if usage.get("cache_hits") else ""
        rows.append(
            (
                "run",
                f"{run['model']} via {run['backend']}, {run['prompt_version']}, {run['seconds']:.1f}s, "
                f"{usage.get('total_tokens', 0)} tokens, {usage.get('attempts', 0)} call(s){cached}",
            )
        )
    return rows


def _isolate(text: str) -> str:
    """`text` between Unicode's first-strong isolate marks, so an Arabic piece of a left-to-right line keeps its own
    order and neither swallows the digits after it nor flips the guillemets around it."""
    return f"\u2068{text}\u2069"


def text_direction(value: str) -> str:
    """ "rtl" for a value in Arabic only, else "ltr": a row mixing an Arabic name with an English one, a code or an
    ISO date reads left to right, and `dir="auto"` would lay it out right to left from its first Arabic letter."""
    return "ltr" if any("a" <= ch.lower() <= "z" for ch in value) or not is_arabic_script(value) else "rtl"


def note_lines(a: dict[str, Any]) -> list[str]:
    """The guards' notes as sentences."""
    return [
        f"{n['action']} {n['field']}: {n['reason']}"
        + (f" («{_isolate(n['model_value'])}»)" if n.get("model_value") else "")
        for n in a.get("notes") or []
    ]


def legend() -> str:
    return (
        '<div class="al-legend">'
        + "".join(f'<span class="al-k-{k}">{html.escape(label)}</span>' for k, label in KINDS.items())
        + "</div>"
    )


def render(agreement: dict[str, Any], text: str | None, *, css: bool = True) -> str:
    """One result as an HTML fragment (the notebook view). Without `text`, the fields and their quotes only."""
    esc = html.escape
    out = [f"<style>{CSS}</style>" if css else "", '<div class="al-review">']
    out.append(f'<div><span class="al-status">{esc(str(agreement.get("status")))}</span></div>')
    if text is None:
        out.append(
            '<p class="al-muted">The article text is not attached to this result, so the values are shown '
            "without their place in it: <code>agreement_llm.review.show(agreement, text)</code> highlights them.</p>"
        )
    else:
        out += [
            "<h4>article</h4>",
            legend(),
            f'<div class="al-article" dir="rtl" lang="ar">{highlight(text, marks(agreement, text))}</div>',
        ]
        if missed := unplaced(agreement, text):
            out.append(
                f'<p class="al-muted">{len(missed)} value(s) not drawn (their span does not hold them in this text, '
                "or they cross another value): " + esc("; ".join(f"{m.field} «{m.value}»" for m in missed)) + "</p>"
            )
    out.append('<h4>fields</h4><table class="al-fields">')
    for label, value in field_rows(agreement):
        out.append(f'<tr><th>{esc(label)}</th><td dir="{text_direction(value)}">{esc(value)}</td></tr>')
    out.append("</table>")
    summary = agreement.get("summary") or {}
    out.append(
        f'<h4>summary</h4><p class="al-rtl" dir="rtl" lang="ar">{esc(summary.get("ar", ""))}</p>'
        f'<p dir="ltr" lang="en">{esc(summary.get("en", ""))}</p>'
    )
    notes = note_lines(agreement)
    out.append(
        "<h4>guard notes</h4>"
        + (
            '<ul class="al-notes">' + "".join(f'<li dir="auto">{esc(n)}</li>' for n in notes) + "</ul>"
            if notes
            else '<p class="al-muted">none: the guards changed nothing</p>'
        )
    )
    out.append("</div>")
    return "".join(out)
