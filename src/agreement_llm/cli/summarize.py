"""`agreement-llm summarize` (one article) and `agreement-llm schema` (what a result looks like)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from .options import add_model_options, extractor_options

if TYPE_CHECKING:
    from ..schema import Agreement
    from .options import Subcommands


def add_parser(sub: Subcommands) -> None:
    """Mount `summarize` and `schema`."""
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
    p.set_defaults(handler=_summarize)

    p = sub.add_parser(
        "schema",
        help="print the Agreement JSON Schema",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  agreement-llm schema > agreement.schema.json\n  agreement-llm schema -o schemas/agreement.schema.json\n",
    )
    p.add_argument("--output", "-o", help="write it to this file instead")
    p.set_defaults(handler=_schema)


def read_text(source: str) -> str:
    """The text of a UTF-8 file, or of standard input for "-"; anything else is an `InputError` that says why."""
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


def _summarize(args: argparse.Namespace) -> int:
    from ..extract import Extractor

    text = read_text(args.file)
    with Extractor(strict=args.strict, **extractor_options(args)) as extractor:
        agreement = extractor.summarize(text, published_at=args.published_at)
    if args.format == "json":
        print(agreement.model_dump_json(indent=2, exclude_none=False))
    else:
        print(render_text(agreement))
    return 0


def _schema(args: argparse.Namespace) -> int:
    from ..schema import Agreement

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
