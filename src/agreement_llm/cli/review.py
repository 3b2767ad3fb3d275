"""`agreement-llm review`: argument parsing only; the page is built in `review/page.py`."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .options import Subcommands

EXAMPLES = """examples:
  agreement-llm review results.jsonl -o review.html                   # then open review.html in a browser
  agreement-llm review old.jsonl -o review.html --articles archive/    # lines written before results held the text
  agreement-llm run seeds/ -o - --replay tests/recordings/embedded | agreement-llm review - -o review.html
"""


def add_parser(sub: Subcommands) -> None:
    """Mount `review`."""
    p = sub.add_parser(
        "review",
        help="one self-contained HTML page to review a results JSONL (filter, sort, see every value in its article)",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("results", help="the JSONL written by agreement-llm run, or - for stdin")
    p.add_argument("-o", "--output", required=True, help="the HTML file to write")
    p.add_argument(
        "--articles",
        nargs="+",
        default=[],
        metavar="INPUT",
        help="the run's inputs, to find the text of results lines that do not carry it",
    )
    p.add_argument(
        "--text-column", default="text", help="JSONL/CSV field holding the text in --articles (default text)"
    )
    p.add_argument("--id-column", default="id", help="JSONL/CSV field holding the id in --articles (default id)")
    p.add_argument("--title", help="the page title (default: from the results file name)")
    p.set_defaults(handler=_review)


def _review(args: argparse.Namespace) -> int:
    from ..bulk import Columns
    from ..review.page import write_review

    columns = Columns(text=args.text_column, id=args.id_column)
    count = write_review(args.results, args.output, articles=args.articles, columns=columns, title=args.title)
    print(f"wrote the review of {count} articles to {args.output}", file=sys.stderr)
    return 0
