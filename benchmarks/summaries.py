"""Unsupported claims and key-fact coverage of three summaries per article, side by side.

    python benchmarks/summaries.py                                  # the seeds, replayed from tests/recordings/embedded
    python benchmarks/summaries.py --dev '/work/devset/*/gold'      # also every dev gold file found there

For each seed: the model's own summary (read from the recorded reply, before any guard), the summary the library
returns (checked, or built when the model's claimed a signing), and the summary built from the grounded result.
Claims are counted by `agreement_llm.summaries` against the pipeline's result and the article; coverage is the
eval's `summary_facts` against gold. For the dev set there are no model replies: it shows the oracle (the gold
summary checked against its own gold result) and the brief built from gold, i.e. what the check and the builder do
with correct input.
"""

from __future__ import annotations

import argparse
import glob
import json
from pathlib import Path

import jiter

from agreement_llm import Extractor
from agreement_llm.briefs import build_summary
from agreement_llm.evals.report import load_gold
from agreement_llm.evals.score import summary_facts
from agreement_llm.extract import prepare as prepare_article
from agreement_llm.schema import Agreement, Summary
from agreement_llm.summaries import prepare, unsupported_claims

ROOT = Path(__file__).resolve().parents[1]


def _model_summaries(recordings: Path) -> dict[str, Summary]:
    """The summary each recorded reply wrote, keyed by the article text it answered (its last user message)."""
    out = {}
    for path in sorted(recordings.glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        user = record["request"]["body"]["messages"][-1]["content"]
        call = record["response"]["body"]["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"]
        # A reply cut by the token limit is unterminated JSON: read what it wrote (one full-draft-avx512 seed).
        args = jiter.from_json(call.encode(), partial_mode="trailing-strings")
        out[user] = Summary(ar=args.get("summary_ar") or "", en=args.get("summary_en") or "")
    return out


def _row(gold: Agreement, result: Agreement, article: str, summary: Summary) -> tuple[int, int, float, float]:
    support = prepare(result, article)
    ar = len(unsupported_claims(summary.ar, "ar", result, article, support))
    en = len(unsupported_claims(summary.en, "en", result, article, support))
    cov = [summary_facts(gold, getattr(summary, lang), lang) for lang in ("ar", "en")]
    return ar, en, *(sum(c.values()) / len(c) if c else 1.0 for c in cov)


def _table(title: str, rows: dict[str, list[tuple[int, int, float, float]]]) -> None:
    print(f"\n{title}\n")
    print("| summary | articles | unsupported claims ar | en | key facts ar | en |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, values in rows.items():
        n = len(values)
        if not n:
            continue
        sums = [sum(v[i] for v in values) for i in range(4)]
        print(f"| {name} | {n} | {sums[0]} | {sums[1]} | {sums[2] / n:.3f} | {sums[3] / n:.3f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recordings", default=str(ROOT / "tests/recordings/embedded"))
    parser.add_argument("--dev", default=None, help="glob of dev gold folders (<region>/gold, articles beside it)")
    parser.add_argument("--verbose", action="store_true", help="print each summary and its claims")
    args = parser.parse_args()

    seeds: dict[str, list] = {"model (raw)": [], "library returns (checked)": [], "built from result": []}
    model = _model_summaries(Path(args.recordings))
    gold = load_gold(ROOT / "evals/gold")
    with Extractor(replay_dir=args.recordings) as extractor:
        for stem, expected in gold.items():
            article = (ROOT / "seeds" / f"{stem}.txt").read_text(encoding="utf-8")
            result = extractor.summarize(article)
            raw = model[prepare_article(article).messages[-1]["content"]]
            for name, summary in zip(seeds, (raw, result.summary, build_summary(result)), strict=False):
                seeds[name].append(_row(expected, result, article, summary))
                if args.verbose:
                    print(
                        f"[{stem}] {name}\n  ar: {summary.ar}\n  en: {summary.en}\n  claims: "
                        f"{unsupported_claims(summary.ar, 'ar', result, article)} "
                        f"{unsupported_claims(summary.en, 'en', result, article)}"
                    )
    _table("Seeds (embedded model, replayed)", seeds)

    if args.dev:
        dev: dict[str, list] = {"gold summary (oracle)": [], "built from gold": []}
        for folder in sorted(glob.glob(args.dev)):
            for path in sorted(Path(folder).glob("*.json")):
                article_path = Path(folder).parent / "articles" / f"{path.stem}.txt"
                try:
                    expected = Agreement.model_validate_json(path.read_text(encoding="utf-8"))
                except ValueError:
                    print(f"skipped {path}: not a valid Agreement")
                    continue
                if not article_path.is_file():
                    continue
                article = article_path.read_text(encoding="utf-8")
                for name, summary in zip(dev, (expected.summary, build_summary(expected)), strict=False):
                    dev[name].append(_row(expected, expected, article, summary))
        _table("Development set (gold results: what the check and the builder do with correct input)", dev)


if __name__ == "__main__":
    main()
