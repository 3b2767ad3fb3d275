"""See where every value came from: the notebook view of one result and the review page of a bulk run.

An `Agreement` holds offsets into the article, not the article. The extractor keeps the text it read beside the
result (a private attribute that is never serialised), so `agreement` displayed in a notebook right after
`summarize` highlights its values in the article. A result read back from JSON has no text: display it with
`show(agreement, text)`, or it shows its fields and quotes only.

>>> from agreement_llm import Agreement
>>> a = Agreement.model_validate({"status": "signed", "summary": {"ar": "وقعت", "en": "Signed"},
...     "parties": [{"name": "جمعية الأمل", "span": {"start": 5, "end": 16}}]})
>>> '<mark class="al-k-party"' in show(a, "وقعت جمعية الأمل اتفاقية").html
True
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .html import Mark, marks, render

if TYPE_CHECKING:
    from ..schema import Agreement


class Review:
    """An HTML view of one result; Jupyter displays it, `save` writes it as a standalone page."""

    def __init__(self, html: str) -> None:
        self.html = html

    def _repr_html_(self) -> str:
        return self.html

    def save(self, path: str | Path) -> Path:
        """Write a standalone UTF-8 HTML page; returns its path."""
        path = Path(path)
        path.write_text(
            f'<!doctype html><html><head><meta charset="utf-8"><title>agreement</title></head>'
            f"<body>{self.html}</body></html>\n",
            encoding="utf-8",
        )
        return path


def show(agreement: Agreement | dict[str, Any], text: str | None = None) -> Review:
    """The highlighted view of `agreement` on `text` (the article it was read from, exactly as passed in).

    Without `text`, the text the extractor kept beside the result, if any; else fields and quotes only.
    """
    if isinstance(agreement, dict):
        data = agreement
    else:
        data = agreement.model_dump(mode="json")
        if text is None:
            text = agreement.article_text
    return Review(render(data, text))


def write_review(results: str | Path, output: str | Path, **options: Any) -> int:
    """Write the review page of a results file (see `page.write_review`); returns the number of articles."""
    from .page import write_review as write

    return write(results, output, **options)


__all__ = ["Mark", "Review", "marks", "render", "show", "write_review"]
