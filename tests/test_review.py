"""The review views without a browser: marks, the notebook HTML, the short reprs, and the page's data."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from agreement_llm import Agreement, summarize
from agreement_llm.bulk import read_results
from agreement_llm.cli import main
from agreement_llm.review import show
from agreement_llm.review.html import highlight, marks
from agreement_llm.review.page import build_page, item
from conftest import RECORDINGS, SEEDS
from synthetic_results import records


class Marks(HTMLParser):
    """The text inside each <mark> of an HTML fragment, with its data-value, and the whole visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[list] = []
        self.found: list[tuple[str, str, str]] = []  # (kind, value, text inside)
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "mark":
            a = dict(attrs)
            self.open.append([a["data-kind"], a["data-value"], ""])

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self.found.append(tuple(self.open.pop()))

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        for m in self.open:
            m[2] += data


def parse(fragment: str) -> Marks:
    parser = Marks()
    parser.feed(fragment)
    parser.close()
    return parser


def seed_agreements(seed_results: Path) -> list[tuple[dict, str]]:
    return [(r["agreement"], r["text"]) for r in read_results(seed_results)]


def test_every_seed_value_is_highlighted_on_its_own_words(seed_results: Path) -> None:
    drawn = 0
    for agreement, text in seed_agreements(seed_results):
        found = parse(highlight(text, marks(agreement, text)))
        assert "".join(found.text) == text  # highlighting never changes the article
        assert found.found and all(inside == value for _, value, inside in found.found)
        drawn += len(found.found)
    assert drawn >= 40  # the seeds carry dozens of grounded values (parties, people, dates, quotes)


def test_a_span_that_does_not_hold_its_value_is_not_drawn(seed_results: Path) -> None:
    agreement, text = seed_agreements(seed_results)[0]
    other = text.replace("السمارة", "الداخلة")  # the same article with one word changed
    drawn_on_other = {m.value for m in marks(agreement, other)}
    assert not any("السمارة" in v for v in drawn_on_other)
    assert marks(agreement, "نص آخر تماما") == []


@settings(deadline=None, max_examples=60)
@given(st.data())
def test_nested_and_crossing_marks_keep_the_text_and_each_value(data: st.DataObject) -> None:
    text = data.draw(st.text(alphabet='ابتثجحخ دذرزس😀\n<&"', min_size=1, max_size=60))
    spans = data.draw(st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, len(text))), max_size=8))
    quotes = [{"text": text[s:e], "span": {"start": s, "end": e}} for s, e in spans if s < e and text[s:e].strip()]
    agreement = {"status": "signed", "summary": {"ar": "", "en": ""}, "objectives": quotes}
    found = marks(agreement, text)
    parsed = parse(highlight(text, found))
    assert "".join(parsed.text) == text
    assert all(inside == value for _, value, inside in parsed.found) and len(parsed.found) == len(found)
    for outer, inner in pairwise(found):  # never crossing: disjoint or nested
        assert (
            inner.start >= outer.end
            or inner.end <= outer.end
            or any(m.start <= inner.start and inner.end <= m.end for m in found if m is not inner and m is not outer)
        )


def test_the_notebook_view_after_summarize_highlights_the_article() -> None:
    text = (SEEDS / "000_fd964e18e62d9c2a.txt").read_text(encoding="utf-8")
    agreement = summarize(text, replay_dir=str(RECORDINGS))
    assert agreement.article_text == text
    view = agreement._repr_html_()
    assert 'class="al-article" dir="rtl"' in view and "status evidence" in view  # RTL article, legend
    assert all(inside == value for _, value, inside in parse(view).found)
    assert {kind for kind, _, _ in parse(view).found} >= {"party", "person", "date", "place", "evidence"}
    assert "guard notes" in view and agreement.notes[0].reason in view and html.escape(agreement.summary.en) in view
    assert "article_text" not in agreement.model_dump() and text not in agreement.model_dump_json()


def test_a_result_read_back_shows_fields_and_quotes_and_says_how_to_highlight(seed_results: Path) -> None:
    record = next(read_results(seed_results))
    agreement = Agreement.model_validate(record["agreement"])
    assert agreement.article_text is None
    view = agreement._repr_html_()
    assert "<mark" not in view and "review.show(agreement, text)" in view and agreement.parties[0].name in view
    assert "<mark" in show(agreement, record["text"]).html


def test_plain_and_rich_reprs_are_short(seed_results: Path) -> None:
    from rich.pretty import pretty_repr

    agreement = Agreement.model_validate(next(read_results(seed_results))["agreement"])
    plain = repr(agreement)
    assert plain.startswith("Agreement(status='signed', date='2022-01-01', parties=[") and len(plain) < 200
    rich = pretty_repr(agreement)
    assert (
        "status='signed'" in rich and f"notes={len(agreement.notes)}" in rich and len(rich) < 600 and "span" not in rich
    )


def test_the_page_embeds_data_that_cannot_end_its_script_block() -> None:
    line = records(1)[0]
    line["text"] = line["text"] + "</script><script>alert(1)</script>"
    page = build_page([line], title="</title>x")
    data = re.search(r'<script type="application/json" id="data">(.*?)</script>', page, re.S).group(1)
    assert json.loads(data)["items"][0]["text"].endswith("</script><script>alert(1)</script>")
    assert "<title>&lt;/title&gt;x</title>" in page and "http://" not in page.split("<body>")[0]


def test_offsets_are_utf16_units_for_the_browser() -> None:
    line = records(1)[0]  # article 0 starts with an emoji: one code point in Python, two UTF-16 units in JavaScript
    assert line["text"].startswith("🤝")
    python = line["agreement"]["parties"][0]["span"]["start"]
    assert item(line, 0)["marks"][0][0] == line["agreement"]["status_evidence"]["span"]["start"] + 1
    assert any(m[0] == python + 1 and m[2] == "party" for m in item(line, 0)["marks"])


def test_review_finds_the_text_of_old_lines_in_the_inputs(seed_results: Path, tmp_path: Path, capsys) -> None:
    old = tmp_path / "old.jsonl"  # results written before lines carried the text
    old.write_text(
        "".join(
            json.dumps({k: v for k, v in r.items() if k != "text"}, ensure_ascii=False) + "\n"
            for r in read_results(seed_results)
        ),
        encoding="utf-8",
    )
    page = tmp_path / "review.html"
    assert main(["review", str(old), "-o", str(page)]) == 0
    assert all(i["text"] is None and i["marks"] == [] for i in _items(page))
    assert main(["review", str(old), "-o", str(page), "--articles", str(SEEDS)]) == 0
    items = _items(page)
    assert len(items) == 5 and all(i["text"] and i["marks"] for i in items)
    assert "wrote the review of 5 articles" in capsys.readouterr().err


def _items(page: Path) -> list[dict]:
    html = page.read_text(encoding="utf-8")
    return json.loads(re.search(r'id="data">(.*?)</script>', html, re.S).group(1))["items"]


def test_review_of_a_missing_file_exits_2(tmp_path: Path, capsys) -> None:
    assert main(["review", str(tmp_path / "none.jsonl"), "-o", str(tmp_path / "r.html")]) == 2
    assert "no results file" in capsys.readouterr().err
