"""`agreement-llm review`: one self-contained HTML page to review a bulk run (no network, no server).

The results are embedded once as JSON and drawn on demand by a small script (`page_template.html`): the list shows
one page of rows at a time, and an article's highlighted text is built only when it is opened, so a page of
thousands of articles stays one light DOM. The marks, the fields table and the notes are computed here, by the
same code as the notebook view (`html.py`); the script only draws them.

A results line carries the article it was read from (`text`, since this version). Lines written before lack it:
pass the run's inputs (`--articles`) and each text is found again by its resume key (the hash of the article, the
model and the prompt version), so a text is only ever paired with the result that was read from it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from .html import CSS, KINDS, field_rows, marks, note_lines, text_direction, unplaced

if TYPE_CHECKING:
    from ..bulk import Columns


def _utf16(text: str) -> list[int]:
    """Offsets in UTF-16 code units for each code point offset: Python counts code points, JavaScript strings count
    UTF-16 units, and an emoji or a rare CJK character before a value would shift every mark after it."""
    units, total = [0], 0
    for ch in text:
        total += 2 if ord(ch) > 0xFFFF else 1
        units.append(total)
    return units


def item(record: dict[str, Any], index: int, text: str | None = None) -> dict[str, Any]:
    """What the page needs of one results line (short keys: thousands of these are embedded)."""
    a = record.get("agreement") or {}
    text = text if text is not None else record.get("text")
    error = record.get("error") or {}
    found = marks(a, text) if a and text else []
    units = _utf16(text) if found and text else []
    date = a.get("date") or {}
    return {
        "i": index,
        "id": str(record.get("id") if record.get("id") is not None else index),
        "ok": bool(record.get("ok")),
        "status": a.get("status") if record.get("ok") else "failed",
        "date": date.get("iso"),
        "dateText": date.get("text"),
        "parties": [p.get("name") for p in a.get("parties") or []],
        "notes": note_lines(a) if a else [],
        "error": f"{error.get('type')}: {error.get('message')}" if error else None,
        "url": record.get("url"),
        "text": text,
        "marks": [[units[m.start], units[m.end], m.kind, m.value, m.field] for m in found],
        "missed": [f"{m.field} «{m.value}»" for m in unplaced(a, text)] if a and text else [],
        "rows": [[label, value, text_direction(value)] for label, value in field_rows(a)] if a else [],
        "summary": [(a.get("summary") or {}).get("ar", ""), (a.get("summary") or {}).get("en", "")] if a else None,
    }


def texts_from_inputs(
    records: list[dict[str, Any]], inputs: Sequence[str | Path], columns: Columns | None = None
) -> dict[str, str]:
    """The article text of each record that lacks one, found in the run's inputs by its resume key."""
    from ..bulk import Columns, iter_articles, job_key

    wanted = {r["key"] for r in records if not r.get("text") and r.get("key")}
    runs = {(r.get("model"), r.get("prompt_version")) for r in records if r.get("key") in wanted}
    found: dict[str, str] = {}
    for article in iter_articles(inputs, columns or Columns()):
        for model, version in runs:
            key = job_key(article, str(model), str(version))
            if key in wanted:
                found[key] = article.text
    return found


def _template() -> str:
    return resources.files(__package__).joinpath("page_template.html").read_text(encoding="utf-8")


def _embed(data: Any) -> str:
    # "<" only ever occurs inside JSON strings, where \u003c means the same: no "</script>" can end the block early.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def build_page(
    records: Iterable[dict[str, Any]], *, title: str = "agreement-llm review", texts: dict[str, str] | None = None
) -> str:
    """The whole review page as one HTML string."""
    items = [item(r, i, (texts or {}).get(r.get("key", ""))) for i, r in enumerate(records)]
    data = {
        "title": title,
        "generated": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "kinds": KINDS,
        "items": items,
    }
    values = {"__TITLE__": _escape(title), "__CSS__": CSS, "__DATA__": _embed(data)}
    # One pass: a title or an article holding "__DATA__" must not be taken for a placeholder.
    return re.sub("|".join(values), lambda m: values[m.group(0)], _template())


def _escape(text: str) -> str:
    import html

    return html.escape(text)


def _records(results: str | Path) -> Iterator[dict[str, Any]]:
    from ..bulk import read_results

    if str(results) != "-" and not Path(results).is_file():
        raise InputError(f"no results file at {results}: pass the JSONL written by `agreement-llm run`")
    return read_results(results)


def write_review(
    results: str | Path,
    output: str | Path,
    *,
    articles: Sequence[str | Path] = (),
    columns: Columns | None = None,
    title: str | None = None,
) -> int:
    """Write the review page of `results` (a JSONL of `agreement-llm run`) to `output`; returns the article count.

    `articles`: the run's inputs, to find the text of lines written before results carried it.
    """
    records = list(_records(results))
    texts = texts_from_inputs(records, articles, columns) if articles else {}
    page = build_page(records, title=title or f"agreement-llm review: {Path(str(results)).name}", texts=texts)
    Path(output).write_text(page, encoding="utf-8")
    return len(records)


__all__ = ["build_page", "item", "texts_from_inputs", "write_review"]
