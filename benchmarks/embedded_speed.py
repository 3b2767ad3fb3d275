"""Seconds an article on the embedded model: each lever side by side in one run, and the end-to-end figures.

    python benchmarks/embedded_speed.py levers --articles 4          # settings and drafts on the same articles
    python benchmarks/embedded_speed.py levers --build DIR           # ... each also on the llama.cpp build in DIR
    python benchmarks/embedded_speed.py run --set seeds --set dev-test   # the library as users run it (warm)
    python benchmarks/embedded_speed.py micro [--flash]               # raw prompt/generation speed of a build
    python benchmarks/embedded_speed.py cold                         # a fresh process: model load + first call

`levers` loads the model once per configuration and reads the same articles (the first K of dev-test, which no rule
was tuned on) with each, printing per configuration the median seconds an article, prompt tokens evaluated and
generated (llama.cpp's own counters) and their speeds, the generated tokens per second of wall time (llama.cpp's
decode counter leaves out sampling, where the grammar spends its time), and whether the status and parties agree
with the first configuration's. The first article of each configuration is not counted: it evaluates the fixed prompt prefix.
`run` goes through `Extractor(backend="embedded")` with default settings, one process, articles one at a time, and
prints every article, then median, p90, p95 and max (the first article, which may pay for the prefix, is reported
apart). `cold` starts `agreement-llm summarize` on a seed as a fresh process twice: once with an empty prefix
state folder, once with the state the first left. Needs the [local] extra; nothing here fetches anything.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

# name -> (draft, EmbeddedModel overrides)
LEVERS: dict[str, tuple[str, dict[str, Any]]] = {
    "lean draft (the default)": ("lean", {}),
    "lean, grammar judging every token (0.1's sampler)": ("lean", {"grammar_checks_choice": False}),
    "full draft (0.1's request)": ("full", {}),
    "core draft": ("core", {}),
    "core + flash attention": ("core", {"flash_attn": True}),
    "core + flash attention + q8_0 KV cache": ("core", {"flash_attn": True, "kv_type": "q8_0"}),  # q8_0 V needs flash
}


def _articles(sets: list[str], limit: int | None) -> list[tuple[str, str, str | None]]:
    from agreement_llm.evals.sets import load_set

    out = []
    for name in sets:
        s = load_set(name)
        for stem in s.ids:
            out.append((f"{name}/{stem}", s.article(stem).read_text(encoding="utf-8"), s.published.get(stem)))
    return out[:limit] if limit else out


def _extractor(draft: str, overrides: dict[str, Any]) -> tuple[Any, Any]:
    from agreement_llm.extract import Extractor
    from agreement_llm.transport.embedded import EmbeddedModel, LlamaTransport

    model = replace(EmbeddedModel.resolve(), **overrides)
    transport = LlamaTransport(model)
    extractor = Extractor(draft=draft, reasks=0, transport=transport, model=model.name)
    return extractor, transport


def _perf(transport: Any) -> tuple[int, float, int, float]:
    import llama_cpp

    p = llama_cpp.llama_perf_context(transport.llama._ctx.ctx)
    return p.n_p_eval, p.t_p_eval_ms / 1000, p.n_eval, p.t_eval_ms / 1000


def _reset_perf(transport: Any) -> None:
    import llama_cpp

    llama_cpp.llama_perf_context_reset(transport.llama._ctx.ctx)


def _measure(name: str, articles: list[tuple[str, str, str | None]]) -> dict[str, Any]:
    """One configuration over `articles` (the first is a warm-up), in this process."""
    import llama_cpp

    draft, overrides = LEVERS[name]
    extractor, transport = _extractor(draft, overrides)
    seconds, prompt, prompt_s, gen, gen_s, gen_wall, answers = [], 0, 0.0, 0, 0.0, 0.0, {}
    for i, (stem, text, published) in enumerate(articles):
        _reset_perf(transport)
        t = time.perf_counter()
        agreement = extractor.summarize(text, published_at=published)
        dt = time.perf_counter() - t
        n_p, t_p, n_g, t_g = _perf(transport)
        answer = [agreement.status.value, sorted(p.name for p in agreement.parties)]
        print(f"  {name:<28} {stem:<22} {dt:6.1f}s prompt {n_p:5} gen {n_g:5} {answer[0]}", file=sys.stderr, flush=True)
        if i == 0:
            continue  # evaluates the fixed prefix: reported by `cold`, not here
        seconds.append(dt)
        prompt, prompt_s, gen, gen_s = prompt + n_p, prompt_s + t_p, gen + n_g, gen_s + t_g
        gen_wall += dt - t_p  # everything but prompt evaluation: decoding, sampling (the grammar), the pipeline
        answers[stem] = answer
    extractor.close()
    build = "AVX-512" if "AVX512 = 1" in llama_cpp.llama_print_system_info().decode() else "AVX2"
    return {
        "name": f"{name}, {build} build",
        "median": statistics.median(seconds),
        "prompt": prompt / len(seconds),
        "prompt_rate": prompt / prompt_s,
        "gen": gen / len(seconds),
        "gen_rate": gen / gen_s,
        "gen_wall_rate": gen / gen_wall,
        "answers": answers,
    }


def levers(args: argparse.Namespace) -> None:
    articles = _articles(["dev-test"], args.articles + 1)
    if args.json:  # a child for another build: one configuration, as JSON
        print(json.dumps(_measure(args.only[0], articles)))
        return
    rows = []
    for name in args.only or list(LEVERS):
        rows.append(_measure(name, articles))
        if args.build:  # the same configuration on another llama.cpp build, first on the path of a child process
            env = {
                **os.environ,
                "PYTHONPATH": os.pathsep.join([args.build, os.environ.get("PYTHONPATH", "")]),
            }
            child = [sys.executable, __file__, "levers", "--json", "--articles", str(args.articles), "--only", name]
            rows.append(json.loads(subprocess.run(child, env=env, check=True, capture_output=True, text=True).stdout))
    print(
        f"\n{len(articles) - 1} articles of dev-test after one warm-up; {os.cpu_count()} CPUs; "
        f"load average {os.getloadavg()[0]:.2f}\n"
    )
    print(
        "| configuration | median s/article | prompt tokens evaluated | prompt tok/s | generated tokens | "
        "decoded tok/s | generated tok/s, wall | same status and parties as the first |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    reference = rows[0]["answers"]
    for r in rows:
        same = sum(reference.get(stem) == answer for stem, answer in r["answers"].items())
        print(
            f"| {r['name']} | {r['median']:.1f} | {r['prompt']:.0f} | {r['prompt_rate']:.0f} | {r['gen']:.0f} | "
            f"{r['gen_rate']:.1f} | {r['gen_wall_rate']:.1f} | {same}/{len(r['answers'])} |"
        )


def run(args: argparse.Namespace) -> None:
    from agreement_llm.extract import Extractor

    articles = _articles(args.set or ["seeds", "dev-test"], args.limit)
    options: dict[str, Any] = {"backend": "embedded"}
    if args.record:
        options["record_dir"] = args.record
    if args.draft:
        options["draft"] = args.draft
    started = time.perf_counter()
    with Extractor(**options) as extractor:
        _ = extractor.backend
        print(f"model loaded in {time.perf_counter() - started:.1f}s; draft {extractor.profile.name}", flush=True)
        times: list[tuple[str, float, int]] = []
        for stem, text, published in articles:
            t = time.perf_counter()
            try:
                agreement = extractor.summarize(text, published_at=published)
                out, status = agreement.run.usage.completion_tokens, agreement.status.value
            except Exception as exc:
                out, status = 0, f"FAILED {type(exc).__name__}"
            dt = time.perf_counter() - t
            times.append((stem, dt, out))
            print(f"{stem:<24} {dt:6.1f}s  generated {out:5}  {status}", flush=True)
    first, rest = times[0], [t for _, t, _ in times[1:]]
    q = statistics.quantiles(rest, n=20, method="inclusive") if len(rest) > 1 else rest * 19
    print(f"\nfirst article (may evaluate the prefix): {first[1]:.1f}s")
    print(
        f"warm, {len(rest)} articles: median {statistics.median(rest):.1f}s, p90 {q[17]:.1f}s, p95 {q[18]:.1f}s, "
        f"max {max(rest):.1f}s, generated tokens median {statistics.median(o for _, _, o in times[1:]):.0f}"
    )


def micro(args: argparse.Namespace) -> None:
    """Raw llama.cpp speed of this process's build: 1,000 prompt tokens evaluated, then 64 generated."""
    import llama_cpp

    from agreement_llm.transport.embedded import EmbeddedModel

    model = EmbeddedModel.resolve()
    llm = llama_cpp.Llama(
        model_path=str(model.path),
        n_ctx=4096,
        n_threads=model.n_threads,
        n_threads_batch=model.n_threads,
        flash_attn=args.flash,
        verbose=False,
    )
    stem, text, _ = _articles(["dev-test"], 6)[5]
    tokens = llm.tokenize(text.encode())[:1000]
    t = time.perf_counter()
    llm.eval(tokens)
    prompt_s = time.perf_counter() - t
    t = time.perf_counter()
    for n, _ in enumerate(llm.generate([tokens[-1]], temp=0, reset=False), 1):
        if n == 64:
            break
    gen_s = time.perf_counter() - t
    build = "AVX-512" if "AVX512 = 1" in llama_cpp.llama_print_system_info().decode() else "AVX2"
    print(
        f"{build} build, flash attention {args.flash}: {len(tokens) / prompt_s:.0f} prompt tokens/s, "
        f"{64 / gen_s:.1f} generated tokens/s ({stem})"
    )


def cold(args: argparse.Namespace) -> None:
    seed = ROOT / "seeds" / "000_fd964e18e62d9c2a.txt"
    cli = [sys.executable, "-m", "agreement_llm.cli", "summarize", str(seed), "--backend", "embedded"]
    from agreement_llm.transport.embedded import models_dir

    shutil.rmtree(models_dir() / "prefix", ignore_errors=True)  # a cache: the first process below writes it again
    for label in ("no saved prefix", "prefix saved by the first"):
        t = time.perf_counter()
        done = subprocess.run(cli, capture_output=True, text=True)
        status = json.loads(done.stdout)["status"] if done.returncode == 0 else f"exit {done.returncode}"
        print(f"fresh process, {label}: {time.perf_counter() - t:.1f}s ({status})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("levers")
    p.add_argument("--articles", type=int, default=4)
    p.add_argument("--only", nargs="*", choices=list(LEVERS))
    p.add_argument("--build", help="also run each configuration on the llama-cpp-python installed in this folder")
    p.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    p = sub.add_parser("run")
    p.add_argument("--set", action="append", choices=["seeds", "dev", "dev-test"])
    p.add_argument("--limit", type=int)
    p.add_argument("--draft", choices=["lean", "full", "core"])
    p.add_argument("--record", help="also record every exchange into this folder")
    sub.add_parser("cold")
    p = sub.add_parser("micro")
    p.add_argument("--flash", action="store_true")
    args = parser.parse_args()
    {"levers": levers, "run": run, "cold": cold, "micro": micro}[args.command](args)


if __name__ == "__main__":
    main()
