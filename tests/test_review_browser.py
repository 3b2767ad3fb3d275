"""The review page in a real browser: Debian's chromium driven by Playwright, offline (file:// URLs only).

Skipped, with the reason, where /usr/bin/chromium or Playwright is missing; `.ci/run` installs both, so CI runs
these. Playwright's own browser download is never used.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from agreement_llm.bulk import read_results
from agreement_llm.review.page import build_page
from synthetic_results import records

CHROMIUM = Path(os.environ.get("AGREEMENT_LLM_CHROMIUM", "/usr/bin/chromium"))


# CI sets AGREEMENT_LLM_REQUIRE_BROWSER=1: there a missing browser is a failure, not a silent skip.
def _missing(reason: str) -> None:
    if os.environ.get("AGREEMENT_LLM_REQUIRE_BROWSER") == "1":
        pytest.fail(reason)
    pytest.skip(reason, allow_module_level=True)


if not CHROMIUM.exists():
    _missing(f"no chromium at {CHROMIUM}: apt-get install chromium (CI's .ci/run does)")
try:
    from playwright import sync_api
except ImportError:
    _missing("Playwright is not installed: pip install -e '.[browser]' (CI's .ci/run does)")

# Every value drawn on the article, with the value it marks and the direction it is laid out in.
MARKS_JS = """() => [...document.querySelectorAll('#article mark')].map(m => ({
    kind: m.dataset.kind, value: m.dataset.value, text: m.textContent, dir: getComputedStyle(m).direction}))"""


@pytest.fixture(scope="module")
def browser() -> Any:
    with sync_api.sync_playwright() as p:
        # --no-sandbox: CI runs as root in a container, where chromium's sandbox cannot start
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield chromium
        chromium.close()


def open_page(browser: Any, path: Path) -> tuple[Any, list[str]]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    problems: list[str] = []
    page.on(
        "console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None
    )
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on(
        "request", lambda r: problems.append(f"network: {r.url}") if not r.url.startswith(("file:", "data:")) else None
    )
    page.goto(path.resolve().as_uri())
    return page, problems


def rows(page: Any) -> list[list[str]]:
    return page.eval_on_selector_all("#rows tr", "trs => trs.map(tr => [...tr.children].map(td => td.textContent))")


def test_seed_page_highlights_every_value_on_its_own_words_right_to_left(
    browser: Any, seed_results: Path, tmp_path: Path
) -> None:
    lines = list(read_results(seed_results))
    out = tmp_path / "review.html"
    out.write_text(build_page(lines), encoding="utf-8")
    page, problems = open_page(browser, out)
    assert [r[0] for r in rows(page)] == sorted(r["id"] for r in lines)
    drawn = 0
    for i, line in enumerate(sorted(lines, key=lambda r: r["id"])):
        page.click(f"#rows tr >> nth={i}")
        assert page.eval_on_selector("#article", "a => getComputedStyle(a).direction") == "rtl"
        assert page.eval_on_selector("#article", "a => a.textContent") == line["text"]  # drawing never alters the text
        found = page.evaluate(MARKS_JS)
        assert found and all(m["text"] == m["value"] and m["dir"] == "rtl" for m in found), found
        drawn += len(found)
        assert page.locator(".al-fields tr").count() >= 3 and page.locator(".al-notes li").count() == len(
            line["agreement"]["notes"]
        )
    assert drawn >= 40
    assert problems == []


@pytest.fixture(scope="module")
def big_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    lines = records(3000)
    path = tmp_path_factory.mktemp("big") / "review.html"
    path.write_text(build_page(lines), encoding="utf-8")
    return path, lines


def test_three_thousand_articles_paginate_filter_and_sort(browser: Any, big_page: tuple[Path, list[dict]]) -> None:
    path, lines = big_page
    started = time.perf_counter()
    page, problems = open_page(browser, path)
    assert time.perf_counter() - started < 20
    assert page.locator("#rows tr").count() == 50  # one page in the DOM, not 3,000 rows
    assert page.inner_text("#page") == "page 1 of 60 (3000 of 3000 articles)"

    page.click("#next")
    assert rows(page)[0][0] == "article-00050" and "page 2 of 60" in page.inner_text("#page")
    page.click("#prev")
    assert rows(page)[0][0] == "article-00000"

    failed = [r for r in lines if not r["ok"]]
    page.select_option("#ok", "failed")
    assert f"({len(failed)} of 3000 articles)" in page.inner_text("#page")
    assert {r[1] for r in rows(page)} == {"failed"} and all(r[5].startswith("ModelGaveUpError") for r in rows(page))
    page.select_option("#ok", "")

    planned = [r for r in lines if r["ok"] and r["agreement"]["status"] == "planned"]
    page.select_option("#status", "planned")
    page.check("#noted")
    noted = [r for r in planned if r["agreement"]["notes"]]
    assert f"({len(noted)} of 3000 articles)" in page.inner_text("#page")
    page.uncheck("#noted")
    page.select_option("#status", "")

    page.fill("#q", "article-02999")
    assert [r[0] for r in rows(page)] == ["article-02999"]
    page.fill("#q", "")

    page.click("th[data-sort=date]")  # ascending: articles without a date first, then the earliest
    page.click("th[data-sort=date]")  # descending
    latest = max(r["agreement"]["date"]["iso"] for r in lines if r["ok"] and r["agreement"].get("date"))
    assert rows(page)[0][2] == latest
    assert page.get_attribute("th[data-sort=date]", "aria-sort") == "descending"
    page.click("th[data-sort=id]")
    page.click("th[data-sort=id]")
    assert rows(page)[0][0] == "article-02999"
    assert problems == []


def test_a_value_after_an_emoji_is_still_marked_on_its_own_words(
    browser: Any, big_page: tuple[Path, list[dict]]
) -> None:
    path, lines = big_page
    page, problems = open_page(browser, path)
    page.fill("#q", "article-00007")  # starts with an emoji: offsets are converted to UTF-16 units
    page.click("#rows tr >> nth=0")
    found = page.evaluate(MARKS_JS)
    assert len(found) == 8 and all(m["text"] == m["value"] for m in found)  # two parties
    assert {m["kind"] for m in found} == {"evidence", "place", "date", "party", "person", "role", "objective"}
    assert problems == []
