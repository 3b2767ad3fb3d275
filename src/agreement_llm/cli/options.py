"""Options shared by several commands: how to reach the model, and which columns of a JSONL/CSV hold what.

Each `add_*` function adds a group of options to a command's parser; its `*_from` twin reads them back.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..config import BACKENDS, DRAFTS, MODES

if TYPE_CHECKING:
    from typing import TypeAlias

    from ..bulk import Columns

    # What `add_subparsers()` returns: each command group mounts its commands on it with `add_parser(subcommands)`.
    Subcommands: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]

# A command: the parsed arguments in, the exit code out (set on its parser as the `handler` default).
Handler = Callable[[argparse.Namespace], int]

# The `Extractor` options the model options set (argparse `dest` names, which are the keyword names).
_EXTRACTOR_OPTIONS = (
    "model",
    "base_url",
    "backend",
    "mode",
    "draft",
    "gguf",
    "n_threads",
    "reasks",
    "max_tokens",
    "timeout",
    "record_dir",
    "replay_dir",
    "transient_attempts",
    "retry_max_wait",
)


def add_model_options(p: argparse.ArgumentParser) -> None:
    """Options shared by every command that calls a model (read back with `extractor_options`)."""
    g = p.add_argument_group("model")
    g.add_argument("--model", help="model name (env AGREEMENT_LLM_MODEL)")
    g.add_argument("--base-url", help="OpenAI-compatible endpoint (env OPENAI_BASE_URL)")
    g.add_argument("--backend", choices=list(BACKENDS), help="default: auto")
    g.add_argument("--mode", choices=list(MODES), help="instructor mode (default tools)")
    g.add_argument(
        "--draft",
        choices=list(DRAFTS),
        help="what the model is asked to fill: full (with summaries and quoted lists), lean (the full request, the "
        "reply stopped after the parties; the summary is built from grounded fields) or core (a shorter prompt for "
        "status, date, place, parties); default auto: lean on the embedded model, full on endpoints, the recordings' "
        "own when replaying (env AGREEMENT_LLM_DRAFT)",
    )
    g.add_argument("--gguf", help="run this local GGUF file on the embedded backend (env AGREEMENT_LLM_GGUF)")
    g.add_argument("--threads", type=int, dest="n_threads", help="llama.cpp threads (default: physical cores)")
    g.add_argument("--reasks", type=int, help="re-asks after an invalid reply (default 1)")
    g.add_argument("--max-tokens", type=int, help="token limit of one reply (default 2048)")
    g.add_argument("--timeout", type=float, help="seconds per request (default 300)")
    g.add_argument(
        "--retries",
        type=int,
        dest="transient_attempts",
        metavar="N",
        help="tries in all for timeouts, 429s and 5xx (default 5)",
    )
    g.add_argument(
        "--max-wait",
        type=float,
        dest="retry_max_wait",
        metavar="S",
        help="longest wait between those tries, Retry-After included (default 60)",
    )
    g.add_argument("--record", dest="record_dir", metavar="DIR", help="store every real exchange in DIR")
    g.add_argument("--replay", dest="replay_dir", metavar="DIR", help="answer from recordings in DIR, offline")
    g.add_argument(
        "--strict",
        action="store_true",
        help="fail when the model stays invalid instead of dropping what the article does not support",
    )


def extractor_options(args: argparse.Namespace) -> dict[str, Any]:
    """The `Extractor` keyword arguments the user set; what they left out comes from the environment or defaults."""
    return {n: getattr(args, n) for n in _EXTRACTOR_OPTIONS if getattr(args, n, None) is not None}


def add_column_options(p: argparse.ArgumentParser) -> None:
    """--text-column, --id-column, --url-column, --published-at-column (read back with `columns_from`)."""
    for name in ("text", "id", "url", "published_at"):
        flag = "--" + name.replace("_", "-") + "-column"
        p.add_argument(
            flag,
            dest=f"{name}_column",
            default=name,
            help=f"JSONL/CSV field holding the {name.replace('_', ' ')} (default {name})",
        )


def columns_from(args: argparse.Namespace) -> Columns:
    from ..bulk import Columns  # the bulk package imports asyncio: not before a command runs

    return Columns(args.text_column, args.id_column, args.url_column, args.published_at_column)
