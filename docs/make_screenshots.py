"""Make the README's screenshots: the review page of the five seeds, and the notebook view of seed 000.

Offline: the results come from the replayed real recordings (tests/recordings/embedded); the pages are opened as
file:// URLs in Debian's chromium, driven by Playwright (pip install -e '.[browser]'; apt-get install chromium).

    python docs/make_screenshots.py            # writes docs/review-page.png and docs/notebook-view.png
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RECORDINGS = ROOT / "tests" / "recordings" / "embedded"
SEEDS = ROOT / "seeds"

# The notebook's own look around the HTML the object returns (JupyterLab's output area, roughly).
NOTEBOOK_FRAME = """<!doctype html><html><head><meta charset="utf-8"><style>
body{{margin:0;background:#fff;font-family:system-ui,sans-serif}}
.cell{{display:flex;gap:8px;padding:12px 16px 0}} .prompt{{color:#888;font:13px monospace;width:64px;text-align:right}}
.input{{flex:1;background:#f7f7f7;border:1px solid #e0e0e0;border-radius:2px;padding:6px 8px;font:13px monospace;white-space:pre}}
.out{{flex:1}}
</style></head><body>
<div class="cell"><div class="prompt">[2]:</div><div class="input">text = SEEDS[0].read_text(encoding="utf-8")
agreement = agreement_llm.summarize(text, replay_dir=REPLAY)
agreement</div></div>
<div class="cell"><div class="prompt">[2]:</div><div class="out">{view}</div></div>
</body></html>"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--out", default=str(ROOT / "docs"))
    args = parser.parse_args()

    import agreement_llm
    from agreement_llm.cli import main as cli
    from playwright.sync_api import sync_playwright

    out = Path(args.out)
    with tempfile.TemporaryDirectory() as tmp:
        results, review = Path(tmp) / "results.jsonl", Path(tmp) / "review.html"
        assert cli(["run", str(SEEDS), "-o", str(results), "--replay", str(RECORDINGS), "--quiet"]) == 0
        assert cli(["review", str(results), "-o", str(review), "--title", "agreement-llm review: the five seeds"]) == 0
        text = (SEEDS / "000_fd964e18e62d9c2a.txt").read_text(encoding="utf-8")
        agreement = agreement_llm.summarize(text, replay_dir=str(RECORDINGS))
        notebook = Path(tmp) / "notebook.html"
        notebook.write_text(NOTEBOOK_FRAME.format(view=agreement._repr_html_()), encoding="utf-8")

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(review.as_uri())
            page.click("#rows tr >> nth=0")
            page.screenshot(path=str(out / "review-page.png"))
            page = browser.new_page(viewport={"width": 1000, "height": 900})
            page.goto(notebook.as_uri())
            page.screenshot(path=str(out / "notebook-view.png"), full_page=True)  # the fields, summaries, notes too
            browser.close()
    print(f"wrote {out / 'review-page.png'} and {out / 'notebook-view.png'}")


if __name__ == "__main__":
    main()
