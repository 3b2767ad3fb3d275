"""Seconds per seed article on the embedded model, through the library and through a raw llama.cpp call.

    python benchmarks/embedded_seeds.py                       # library, all seeds, one process
    python benchmarks/embedded_seeds.py --record DIR          # ... and record every exchange (tests replay them)
    python benchmarks/embedded_seeds.py --raw                 # raw llama_cpp.create_chat_completion, same prompt

The first article pays for evaluating the fixed system prompt and tool schema; later ones reuse that prefix.
Prints one line per seed (seconds, tokens, calls, status, guard notes) and a summary. Needs the [local] extra.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def library(seeds: list[Path], record: str | None, threads: int | None) -> None:
    from agreement_llm.extract import Extractor

    started = time.perf_counter()
    with Extractor(backend="embedded", record_dir=record, n_threads=threads) as ex:
        _ = ex.backend  # load the model outside the per-article timings
        print(f"model loaded in {time.perf_counter() - started:.1f}s", flush=True)
        total = 0.0
        for seed in seeds:
            t = time.perf_counter()
            try:
                a = ex.summarize(seed.read_text(encoding="utf-8"))
                u = a.run.usage
                notes = "; ".join(f"{n.action} {n.field}" for n in a.notes) or "-"
                line = f"{a.status.value:<20} prompt {u.prompt_tokens:>5} out {u.completion_tokens:>5} calls {u.attempts}  guards: {notes}"
            except Exception as exc:
                line = f"FAILED {type(exc).__name__}: {str(exc)[:200]}"
            dt = time.perf_counter() - t
            total += dt
            print(f"{seed.name[:3]}  {dt:7.1f}s  {line}", flush=True)
        print(f"total {total:.1f}s for {len(seeds)} articles, {total / len(seeds):.1f}s per article", flush=True)


def raw(seeds: list[Path], threads: int | None) -> None:
    """The same messages and tool schema, straight to llama_cpp (no instructor, no validation, no re-asks)."""
    import llama_cpp

    from agreement_llm.draft import Draft
    from agreement_llm.extract import prepare
    from agreement_llm.transport.embedded import EmbeddedModel

    model = EmbeddedModel.resolve(n_threads=threads)
    llm = llama_cpp.Llama(model_path=str(model.path), n_ctx=model.n_ctx, n_threads=model.n_threads, verbose=False)
    tool = {"type": "function", "function": {"name": "Draft", "parameters": Draft.model_json_schema()}}
    for seed in seeds:
        prepared = prepare(seed.read_text(encoding="utf-8"))
        t = time.perf_counter()
        r = llm.create_chat_completion(
            messages=prepared.messages,
            tools=[tool],
            tool_choice={"type": "function", "function": {"name": "Draft"}},
            max_tokens=2048,
            temperature=0,
        )
        print(f"{seed.name[:3]}  {time.perf_counter() - t:7.1f}s  raw  {json.dumps(r['usage'])}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", help="record every exchange into this folder")
    parser.add_argument("--raw", action="store_true", help="time the raw llama.cpp call instead of the library")
    parser.add_argument("--threads", type=int)
    parser.add_argument("--seeds", nargs="*", help="seed files (default: seeds/*.txt)")
    args = parser.parse_args()
    seeds = [Path(s) for s in args.seeds] if args.seeds else sorted((ROOT / "seeds").glob("*.txt"))
    (raw(seeds, args.threads) if args.raw else library(seeds, args.record, args.threads))


if __name__ == "__main__":
    sys.exit(main())
