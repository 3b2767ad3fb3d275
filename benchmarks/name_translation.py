"""Would the embedded model write better English party names one name at a time than inside the lean draft?

    python benchmarks/name_translation.py --set dev          # needs the `local` extra (llama.cpp and the model)
    python benchmarks/name_translation.py --set dev-test

Issue 12 asks for English key facts of 0.8; what keeps the embedded model's briefs under it is the parties' English
names. This asks the same model (greedy, four fixed examples, none from the sets) for each gold party's English name
alone, and counts it named the way the key-fact score counts a party (`summary_score`: at least half of the gold
name's distinctive words). Side by side, on the parties the lean draft found (its replay in `evals/results`), the
draft's own English names. Measured 2026-12-06 (benchmarks/README.md): no better than the draft's; not shipped.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from agreement_llm.arabic import normalize
from agreement_llm.evals.sets import load_set
from agreement_llm.evals.summary_score import _en_key, _named, _party_words
from agreement_llm.schema import Agreement, Party

SYSTEM = (
    "You translate names of organisations from Arabic news into the English name an English newspaper would use. "
    "Translate word by word where the organisation has no well-known English name; transliterate proper names. "
    "Reply with the English name only."
)
EXAMPLES = [
    ("وزارة الصحة والسكان", "Ministry of Health and Population"),
    ("جمعية النور للتنمية", "Al Nour Association for Development"),
    ("شركة أرامكو السعودية", "Saudi Aramco"),
    ("المملكة المغربية", "Kingdom of Morocco"),
]
LEAN_REPORT = "evals/results/{name}/qwen2.5-coder-1.5b-instruct-q4_k_m__extract-lean-9b4f33e3cb.json"


def named(gold: Party, english: str | None) -> bool:
    return _named(_party_words(gold, "en"), set(_en_key(english).split()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", default="dev", choices=["seeds", "dev", "dev-test"])
    args = parser.parse_args()

    import llama_cpp

    from agreement_llm.transport.embedded import default_gguf

    found = load_set(args.set)
    golds = {s: Agreement.model_validate_json((found.gold_dir / f"{s}.json").read_text("utf-8")) for s in found.ids}
    llm = llama_cpp.Llama(model_path=str(default_gguf()), n_ctx=2048, n_threads=2, verbose=False)
    alone: dict[str, str] = {}
    started = time.perf_counter()
    for party in (p for g in golds.values() for p in g.parties if p.name_en):
        messages = [{"role": "system", "content": SYSTEM}]
        for arabic, english in EXAMPLES:
            messages += [{"role": "user", "content": arabic}, {"role": "assistant", "content": english}]
        messages.append({"role": "user", "content": party.name})
        reply = llm.create_chat_completion(messages=messages, temperature=0, max_tokens=32)
        alone[party.name] = ((reply["choices"][0]["message"]["content"] or "").strip().splitlines() or [""])[0]
    seconds = time.perf_counter() - started
    parties = [p for g in golds.values() for p in g.parties if p.name_en]
    hits = sum(named(p, alone[p.name]) for p in parties)
    print(f"{args.set}: one name at a time, named {hits} of {len(parties)} gold parties ({seconds:.1f} s)")

    report = json.loads(Path(LEAN_REPORT.format(name=args.set)).read_text(encoding="utf-8"))
    both = draft_hits = alone_hits = 0
    for article in report["articles"]:
        if not article["prediction"] or article["stem"] not in golds:
            continue
        kept = {normalize(p["name"]): p.get("name_en") for p in article["prediction"]["parties"]}
        for gold in golds[article["stem"]].parties:
            if gold.name_en and normalize(gold.name) in kept:
                both += 1
                draft_hits += named(gold, kept[normalize(gold.name)])
                alone_hits += named(gold, alone[gold.name])
    print(
        f"{args.set}: on the {both} parties the lean draft found: draft's names {draft_hits}, one at a time {alone_hits}"
    )


if __name__ == "__main__":
    main()
