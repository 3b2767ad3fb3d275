"""`agreement-llm eval`: score a model on the gold-annotated seeds, or compare two saved reports.

    agreement-llm eval --replay tests/recordings/embedded      # the reproducible run, offline
    agreement-llm eval --set dev --replay tests/recordings/embedded-dev
    agreement-llm eval --set dev --oracle                      # what the guards lose of perfect replies
    agreement-llm eval --compare evals/results/A.json evals/results/B.json

Exit codes: 0 every article scored; 1 some article failed (the report is still written); 2 bad usage or input.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ..errors import ConfigurationError
from ..evals.sets import SHIPPED, from_folder, load_set
from .options import add_model_options, extractor_options

if TYPE_CHECKING:
    from .options import Subcommands


def add_parser(sub: Subcommands) -> None:
    """Mount `eval`."""
    p = sub.add_parser(
        "eval",
        help="score a model against gold annotations (the seeds, the dev set, or your own)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n"
        "  agreement-llm eval --replay tests/recordings/embedded     # the seeds, offline: reproduces evals/results/seeds\n"
        "  agreement-llm eval --set dev-test --replay tests/recordings/embedded-dev-test\n"
        "  agreement-llm eval --set dev --oracle                     # what the guards lose of perfect replies\n"
        "  agreement-llm eval --gold my-annotations/ --model gpt-4o-mini\n"
        "  agreement-llm eval --compare evals/results/A.json evals/results/B.json\n",
    )
    which = p.add_mutually_exclusive_group()
    which.add_argument("--set", dest="eval_set", choices=SHIPPED, help="a shipped set (default: seeds)")
    which.add_argument(
        "--gold",
        metavar="DIR",
        help="your own gold: DIR/gold/<id>.json with DIR/articles/<id>.txt "
        "(and DIR/sources.jsonl for publication dates), or a folder of <id>.json",
    )
    p.add_argument(
        "--articles",
        "--seeds",
        dest="articles",
        metavar="DIR",
        help="where the articles <id>.txt are, when not beside the gold files",
    )
    p.add_argument(
        "--oracle",
        action="store_true",
        help="feed each gold annotation to the pipeline as the model's reply: what the guards lose of a "
        "perfect answer (runs no model)",
    )
    p.add_argument("--out", default="evals/results", metavar="DIR", help="where reports go (default: evals/results)")
    p.add_argument("--compare", nargs=2, metavar=("A", "B"), help="print two JSON reports side by side; runs no model")
    add_model_options(p)
    p.set_defaults(handler=_eval)


def _eval(args: argparse.Namespace) -> int:
    from ..extract import Extractor  # deferred: --compare needs no model stack

    try:
        from ..evals.report import compare, evaluate, format_score, load_report, write_report
    except ModuleNotFoundError as exc:  # scipy, sacrebleu, anls-star come with the `eval` extra
        raise ConfigurationError(f"agreement-llm eval needs {exc.name}: pip install 'agreement-llm[eval]'") from None

    if args.compare:
        print(compare(load_report(args.compare[0]), load_report(args.compare[1])), end="")
        return 0
    eval_set = (
        from_folder(args.gold, articles=args.articles)
        if args.gold
        else load_set(args.eval_set or "seeds", articles=args.articles)
    )
    options = extractor_options(args)
    if args.oracle:
        from ..evals.oracle import oracle_transport

        options = {"model": "oracle", "reasks": 1, "transport": oracle_transport(eval_set)}
    with Extractor(strict=args.strict, **options) as extractor:
        report = evaluate(extractor, eval_set)
    json_path, md_path = write_report(report, args.out)
    agg = report.aggregate
    print(
        f"{report.model} ({report.prompt_version}): ANLS* {agg.anls_star:.3f}, status accuracy "
        f"{format_score(agg.status_accuracy)}, grounding {format_score(agg.grounding_rate)}, {agg.scored}/{agg.articles} scored"
    )
    print(f"wrote {json_path} and {md_path}")
    if args.oracle and report.usage.attempts > agg.articles:
        print(
            f"the pipeline re-asked a perfect reply {report.usage.attempts - agg.articles} times: a validator rejects "
            "what the article supports"
        )
    return 0 if agg.scored == agg.articles else 1
