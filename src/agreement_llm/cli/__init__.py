"""`agreement-llm` (also `python -m agreement_llm`): a thin shell over the library. Parse, call, print.

Exit codes: 0 done; 1 a model or run failure; 2 bad input, configuration or usage; 74 the file system refused a
read or write (read-only folder, disk full: fix it and run again, nothing finished is lost); 130 interrupted.

One module per command group, each with `add_parser(subcommands)` mounting its commands; a command's parser sets
its function as the `handler` default. A module imports what its commands need only when they run, so `--help`
and a typo stay fast.

| module      | commands                                                                   |
|-------------|----------------------------------------------------------------------------|
| `summarize` | `summarize` (one article), `schema`                                        |
| `evals`     | `eval`                                                                     |
| `bulk`      | `run`, `export`                                                            |
| `review`    | `review`                                                                   |
| `batch`     | `batch prepare`, `batch submit`, `batch status`, `batch collect`           |
| `options`   | the model and column options several commands share                        |
| `progress`  | the progress bar, JSON log and summary table of `run` and `batch collect`  |
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from .. import __version__, redact
from ..errors import AgreementLLMError, ConfigurationError, InputError, ReplayMissError, StorageError
from . import batch, bulk, evals, review, summarize
from .options import Handler


def build_parser() -> argparse.ArgumentParser:
    """The `agreement-llm` parser with every command mounted, in the order `--help` lists them."""
    parser = argparse.ArgumentParser(prog="agreement-llm", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"agreement-llm {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="log progress to stderr (-vv: debug)")
    sub = parser.add_subparsers(dest="command", required=True)
    summarize.add_parser(sub)
    evals.add_parser(sub)
    bulk.add_parser(sub)
    review.add_parser(sub)
    batch.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command line (default: `sys.argv[1:]`) and return its exit code.

    A usage error exits with 2 from argparse; every other error is printed on stderr and becomes the exit code.
    """
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler  # set by the chosen command's parser
    logging.basicConfig(
        level=(logging.WARNING, logging.INFO, logging.DEBUG)[min(args.verbose, 2)],
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # Loading and assembling the embedded model takes seconds to minutes: always say so on stderr.
    logging.getLogger("agreement_llm.embedded").setLevel(min(logging.INFO, logging.getLogger().level))
    # instructor logs every exhausted retry at ERROR, although the guards then keep what the article supports
    # and the result's notes say what was dropped; its details are for -vv.
    logging.getLogger("instructor").setLevel(logging.CRITICAL if args.verbose < 2 else logging.DEBUG)
    redact.install()  # every level, every handler: a provider's reply can echo the key
    try:
        return handler(args)
    except (InputError, ConfigurationError, ReplayMissError) as exc:
        print(f"agreement-llm: {redact.mask(str(exc))}", file=sys.stderr)
        return 2
    except StorageError as exc:
        print(f"agreement-llm: {redact.mask(str(exc))}", file=sys.stderr)
        return 74
    except AgreementLLMError as exc:
        print(f"agreement-llm: {type(exc).__name__}: {redact.mask(str(exc))}", file=sys.stderr)
        return 1
    except OSError as exc:  # the file system (a read-only folder, a full disk) outside the places that name it
        print(f"agreement-llm: {redact.mask(str(StorageError.of(exc)))}", file=sys.stderr)
        return 74
    except KeyboardInterrupt:
        print("agreement-llm: interrupted", file=sys.stderr)
        return 130


__all__ = ["build_parser", "main"]
