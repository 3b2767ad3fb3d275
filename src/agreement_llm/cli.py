"""`agreement-llm` (also `python -m agreement_llm`): a thin shell over the library. Parse, call, print.

Exit codes: 0 done; 1 a model or run failure; 2 bad input, configuration or usage; 74 the file system refused a
read or write (read-only folder, disk full: fix it and run again, nothing finished is lost); 130 interrupted.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import __version__, redact
from .errors import AgreementLLMError, ConfigurationError, InputError, ReplayMissError, StorageError
from .schema import Agreement

COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}


def command(name: str) -> Callable[[Callable[[argparse.Namespace], int]], Callable[[argparse.Namespace], int]]:
    def register(fn: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
        COMMANDS[name] = fn
        return fn

    return register


def add_model_options(p: argparse.ArgumentParser) -> None:
    """Options shared by every command that calls a model."""
    g = p.add_argument_group("model")
    g.add_argument("--model", help="model name (env AGREEMENT_LLM_MODEL)")
    g.add_argument("--base-url", help="OpenAI-compatible endpoint (env OPENAI_BASE_URL)")
    g.add_argument("--backend", choices=["auto", "openai", "embedded", "replay"], help="default: auto")
    g.add_argument(
        "--mode",
        choices=["tools", "tools_strict", "json", "json_schema", "md_json"],
        help="instructor mode (default tools)",
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
    names = (
        "model",
        "base_url",
        "backend",
        "mode",
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
    return {n: getattr(args, n) for n in names if getattr(args, n, None) is not None}


def read_text(source: str) -> str:
    if source == "-":
        raw = (
            sys.stdin.buffer.read()
            if hasattr(sys.stdin, "buffer")
            else sys.stdin.read().encode("utf-8", "surrogateescape")
        )
        try:  # strictly: the default surrogateescape turned bad bytes into lone surrogates, then a model error
            return raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"standard input is not UTF-8 text ({exc.reason} at byte {exc.start}); convert it first"
            ) from None
    path = Path(source)
    if not path.is_file():
        raise InputError(f"no such file: {source} (pass a path to a UTF-8 text file, or - for standard input)")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{source} is not UTF-8 text ({exc.reason} at byte {exc.start}); convert it first") from None


@command("summarize")
def _summarize(args: argparse.Namespace) -> int:
    from .extract import Extractor

    text = read_text(args.file)
    with Extractor(strict=args.strict, **extractor_options(args)) as extractor:
        agreement = extractor.summarize(text, published_at=args.published_at)
    if args.format == "json":
        print(agreement.model_dump_json(indent=2, exclude_none=False))
    else:
        print(render_text(agreement))
    return 0


@command("schema")
def _schema(args: argparse.Namespace) -> int:
    from .schema import Agreement

    text = json.dumps(Agreement.model_json_schema(mode="serialization"), ensure_ascii=False, indent=2) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def render_text(a: Agreement) -> str:
    """A readable view of one result."""
    lines = [f"status      {a.status}" + (f"  ({a.kind})" if a.kind else "")]
    if a.status_evidence:
        lines.append(f"evidence    «{a.status_evidence.text}»")
    if a.date:
        lines.append(f"date        {a.date.iso or '—'} [{a.date.precision or 'no day'}]  «{a.date.text}»")
    if a.place:
        where = ", ".join(x for x in (a.place.venue, a.place.city, a.place.country) if x)
        lines.append(f"place       {where}" + (f"  ({a.place.city_en})" if a.place.city_en else ""))
    for p in a.parties:
        lines.append(f"party       {p.name} — {p.name_en or '?'} [{p.kind}]")
        for r in p.representatives:
            lines.append(
                f"              {r.name}" + (f", {r.role}" if r.role else "") + (f" ({r.role_en})" if r.role_en else "")
            )
    for i in a.instruments:
        lines.append(f"instrument  {' + '.join(i.parties)}" + (f": {i.purpose.text}" if i.purpose else ""))
    for label, items in (("objective", a.objectives), ("commitment", a.commitments), ("beneficiary", a.beneficiaries)):
        lines += [f"{label:<12}{q.text}" for q in items]
    if a.sectors:
        lines.append(f"sectors     {', '.join(map(str, a.sectors))}")
    src = a.source
    if src.outlet or src.author or src.published_at:
        lines.append(
            f"source      {src.outlet or '—'} / {src.author or '—'} / {src.published_at.isoformat() if src.published_at else '—'}"
        )
    lines += ["", a.summary.ar, "", a.summary.en]
    if a.notes:
        lines += ["", "guards:"] + [
            f"  {n.action} {n.field}: {n.reason}" + (f" («{n.model_value}»)" if n.model_value else "") for n in a.notes
        ]
    if a.run:
        u = a.run.usage
        lines += [
            "",
            f"{a.run.model} via {a.run.backend}, {a.run.prompt_version}, {a.run.seconds:.1f}s, {u.total_tokens} tokens, {u.attempts} call(s)",
        ]
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="agreement-llm", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"agreement-llm {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="log progress to stderr (-vv: debug)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser(
        "summarize",
        help="read one article and print its Agreement",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n"
        "  agreement-llm summarize article.txt                          # JSON on stdout\n"
        "  agreement-llm summarize - --format text < article.txt        # read stdin, readable view\n"
        "  agreement-llm summarize article.txt --published-at 2024-03-25 # resolves 'أمس', weekdays\n"
        "  agreement-llm summarize seeds/000_fd964e18e62d9c2a.txt --replay tests/recordings/embedded\n",
    )
    p.add_argument("file", help="a UTF-8 text file, or - for standard input")
    p.add_argument("--format", choices=["json", "text"], default="json")
    p.add_argument("--published-at", help="publication date (ISO), to resolve 'أمس' and weekdays")
    add_model_options(p)

    p = sub.add_parser(
        "schema",
        help="print the Agreement JSON Schema",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  agreement-llm schema > agreement.schema.json\n  agreement-llm schema -o schemas/agreement.schema.json\n",
    )
    p.add_argument("--output", "-o", help="write it to this file instead")

    for extend in _EXTENSIONS:
        extend(sub)
    return parser


# Commands living in their own modules (eval, run) register here, so this file stays a table of contents.
_EXTENSIONS: list[Callable[[Any], None]] = []


def _load_extensions() -> None:
    for module in (
        "agreement_llm.evals.cli",
        "agreement_llm.bulk_cli",
        "agreement_llm.review.cli",
        "agreement_llm.batch.cli",
    ):
        try:
            __import__(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise


def main(argv: Sequence[str] | None = None) -> int:
    _load_extensions()
    args = build_parser().parse_args(argv)
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
        return COMMANDS[args.command](args)
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


if __name__ == "__main__":
    raise SystemExit(main())
