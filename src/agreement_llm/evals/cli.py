"""`agreement-llm eval`: score a model on the gold-annotated seeds, or compare two saved reports.

    agreement-llm eval --replay tests/recordings/embedded      # the reproducible run, offline
    agreement-llm eval --compare evals/results/A.json evals/results/B.json

Imported by `agreement_llm.cli` at start-up; registering here keeps the main CLI a table of contents.
Exit codes: 0 every article scored; 1 some article failed (the report is still written); 2 bad usage or input.
"""

from __future__ import annotations

import argparse
from typing import Any

from agreement_llm import cli as _cli
from agreement_llm.errors import ConfigurationError


def _add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "eval", help="score a model against the gold annotations in evals/gold", formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n"
        "  agreement-llm eval --replay tests/recordings/embedded     # reproduces evals/results/ exactly, offline\n"
        "  agreement-llm eval --model gpt-4o-mini                    # any model, live\n"
        "  agreement-llm eval --compare evals/results/A.json evals/results/B.json\n",
    )
    p.add_argument("--seeds", default="seeds", metavar="DIR", help="seed articles, <stem>.txt (default: seeds)")
    p.add_argument("--gold", default="evals/gold", metavar="DIR", help="gold annotations, <stem>.json (default: evals/gold)")
    p.add_argument("--out", default="evals/results", metavar="DIR", help="where reports go (default: evals/results)")
    p.add_argument("--compare", nargs=2, metavar=("A", "B"), help="print two JSON reports side by side; runs no model")
    _cli.add_model_options(p)


_cli._EXTENSIONS.append(_add_parser)


@_cli.command("eval")
def _eval(args: argparse.Namespace) -> int:
    from ..extract import Extractor  # deferred: --compare needs no model stack

    try:
        from .report import compare, evaluate, format_score, load_report, write_report
    except ModuleNotFoundError as exc:  # scipy, sacrebleu, anls-star come with the `eval` extra
        raise ConfigurationError(
            f"agreement-llm eval needs {exc.name}: pip install 'agreement-llm[eval]'") from None

    if args.compare:
        print(compare(load_report(args.compare[0]), load_report(args.compare[1])), end="")
        return 0
    with Extractor(strict=args.strict, **_cli.extractor_options(args)) as extractor:
        report = evaluate(extractor, args.seeds, args.gold)
    json_path, md_path = write_report(report, args.out)
    agg = report.aggregate
    print(f"{report.model} ({report.prompt_version}): ANLS* {agg.anls_star:.3f}, status accuracy "
          f"{format_score(agg.status_accuracy)}, grounding {format_score(agg.grounding_rate)}, {agg.scored}/{agg.articles} scored")
    print(f"wrote {json_path} and {md_path}")
    return 0 if agg.scored == agg.articles else 1
