"""How well `agreement_llm.sectors` names an agreement's sectors from the article's words, against gold.

    python benchmarks/sectors_lexicon.py --set dev          # the set the lexicon is tuned on
    python benchmarks/sectors_lexicon.py --set dev-test     # held out: scored only to report, never tuned on
    python benchmarks/sectors_lexicon.py --set seeds

Only articles whose gold status is not "not_an_agreement" are scored (the pipeline does not ask for sectors
otherwise). Micro precision/recall/F1 over (article, sector) pairs, for the chosen setting and, side by side, for
other evidence bars and limits; "predict nothing" is the reference (never wrong, never right). Precision of an empty
prediction counts as 1.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter

from agreement_llm.evals.sets import SHIPPED, load_set
from agreement_llm.schema import Sector
from agreement_llm.sectors import _MIN_EVIDENCE, _MIN_EVIDENCE_NEXT, _evidence, _ranked, sectors_named


def _load(name: str) -> list[tuple[str, str, set[str]]]:
    """(id, article text, gold sector labels) for each article of the set that reports an agreement."""
    found = load_set(name)
    rows = []
    for stem in found.ids:
        gold = json.loads((found.gold_dir / f"{stem}.json").read_text(encoding="utf-8"))
        if gold.get("status") == "not_an_agreement" or not found.article(stem).exists():
            continue
        rows.append((stem, found.article(stem).read_text(encoding="utf-8"), set(gold.get("sectors") or [])))
    return rows


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0  # no prediction: nothing wrong
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _score(preds: list[set[str]], golds: list[set[str]]) -> tuple[int, int, int]:
    tp = sum(len(p & g) for p, g in zip(preds, golds, strict=True))
    fp = sum(len(p - g) for p, g in zip(preds, golds, strict=True))
    fn = sum(len(g - p) for p, g in zip(preds, golds, strict=True))
    return tp, fp, fn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", choices=SHIPPED, default="dev")
    parser.add_argument("--verbose", action="store_true", help="one line per article: gold, predicted, evidence")
    args = parser.parse_args()
    rows = _load(args.set)
    golds = [g for _, _, g in rows]
    evidences = [_evidence(text) for _, text, _ in rows]
    print(f"set {args.set}: {len(rows)} articles reporting an agreement, {sum(map(len, golds))} gold sector labels\n")

    preds = [{s.value for s in sectors_named(text)} for _, text, _ in rows]
    tp, fp, fn = _score(preds, golds)
    p, r, f = _prf(tp, fp, fn)
    chosen = f"strongest sector >= {_MIN_EVIDENCE}, others >= {_MIN_EVIDENCE_NEXT}, limit 3"
    print(f"chosen ({chosen}): P {p:.2f}  R {r:.2f}  F1 {f:.2f}  (right {tp}, wrong {fp}, missed {fn})")
    p0, r0, f0 = _prf(*_score([set() for _ in golds], golds))
    print(f"predict nothing: P {p0:.2f}  R {r0:.2f}  F1 {f0:.2f}  (right 0, wrong 0, missed {sum(map(len, golds))})\n")

    limits = (1, 2, 3, 5)
    print("evidence the strongest sector needs / the others need; per limit: P R F1 (right/wrong)\n")
    print("| strongest | others | " + " | ".join(f"limit {n}" for n in limits) + " |")
    print("|---:|---:|" + "---|" * len(limits))
    for first, rest in ((1, 1), (2, 2), (2, 3), (2, 4), (2, 5), (3, 3), (3, 4), (4, 4)):
        cells = []
        for limit in limits:
            guess = [{s.value for s in _ranked(e, limit, first, rest)} for e in evidences]
            tp_, fp_, fn_ = _score(guess, golds)
            p_, r_, f_ = _prf(tp_, fp_, fn_)
            cells.append(f"{p_:.2f} {r_:.2f} {f_:.2f} ({tp_}/{fp_})")
        print(f"| {first} | {rest} | " + " | ".join(cells) + " |")

    print("\nper sector at the chosen setting:\n")
    print("| sector | gold | predicted | right | wrong | missed |")
    print("|---|---:|---:|---:|---:|---:|")
    gold_n = Counter(s for g in golds for s in g)
    pred_n = Counter(s for q in preds for s in q)
    right = Counter(s for q, g in zip(preds, golds, strict=True) for s in q & g)
    for sector in (s.value for s in Sector):
        if gold_n[sector] or pred_n[sector]:
            g, q, ok = gold_n[sector], pred_n[sector], right[sector]
            print(f"| {sector} | {g} | {q} | {ok} | {q - ok} | {g - ok} |")

    if args.verbose:
        print()
        for (name, _, gold), pred, ev in zip(rows, preds, evidences, strict=True):
            shown = ", ".join(f"{s.value}:{n}" for s, (n, _) in sorted(ev.items(), key=lambda kv: -kv[1][0]))
            print(f"{name}: gold {sorted(gold)}  predicted {sorted(pred)}  evidence {shown}")


if __name__ == "__main__":
    main()
