"""The oracle: each gold annotation fed to the pipeline as if a perfect model had written it.

A guard may drop only what the article does not support. Fed the gold reading of an article, the pipeline (clean,
prompt, validate, ground) must return the gold status, date, place, parties and representatives; whatever it loses
is a guard that would also turn a strong model's right answer into a wrong one. `agreement-llm eval --oracle`
scores these outputs like any model's, so the oracle's per-field figures sit beside the real ones; a test holds
them at 100 % on every seed, dev and dev-test article.

The reply is built from gold, never typed by hand, and no model is scored on it: the report's model is `oracle`.
"""

from __future__ import annotations

import json
from typing import Any

import httpx2

from ..extract import prepare
from ..schema import Agreement
from .sets import EvalSet


def gold_draft(gold: Agreement) -> dict[str, Any]:
    """The `Draft` a perfect model would write for an article whose gold annotation is `gold`."""
    place = gold.place
    return {
        "status": gold.status.value,
        "status_quote": gold.status_evidence.text if gold.status_evidence else None,
        "kind": gold.kind.value if gold.kind else None,
        "date_phrase": gold.date.text if gold.date else None,
        "venue": place.venue if place else None,
        "city": place.city if place else None,
        "city_en": place.city_en if place else None,
        "country": place.country if place else None,
        "parties": [
            {
                "name": p.name,
                "name_en": p.name_en,
                "kind": p.kind.value,
                "country": p.country,
                "people": [{"name": r.name, "role": r.role, "role_en": r.role_en} for r in p.representatives],
            }
            for p in gold.parties
        ],
        "instruments": [
            {"parties": list(i.parties), "purpose": i.purpose.text if i.purpose else None} for i in gold.instruments
        ],
        "objectives": [q.text for q in gold.objectives],
        "commitments": [q.text for q in gold.commitments],
        "sectors": [s.value for s in gold.sectors],
        "beneficiaries": [q.text for q in gold.beneficiaries],
        "summary_ar": gold.summary.ar,
        "summary_en": gold.summary.en,
    }


def _completion(draft: dict[str, Any]) -> dict[str, Any]:
    arguments = json.dumps(draft, ensure_ascii=False)
    call = {"id": "call_oracle", "type": "function", "function": {"name": "Draft", "arguments": arguments}}
    return {
        "id": "chatcmpl-oracle",
        "object": "chat.completion",
        "created": 0,
        "model": "oracle",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": None, "tool_calls": [call]},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
    }


def oracle_transport(eval_set: EvalSet) -> httpx2.MockTransport:
    """A transport answering each article's request with its gold draft (matched on the article the prompt
    carries, so it answers re-asks the same way)."""
    from .report import load_gold  # deferred: report imports the scorer's optional dependencies

    replies: dict[str, dict[str, Any]] = {}
    for stem, gold in load_gold(eval_set.gold_dir).items():
        path = eval_set.article(stem)
        if path.is_file():
            prepared = prepare(path.read_text(encoding="utf-8"), eval_set.published.get(stem))
            replies[prepared.messages[-1]["content"]] = _completion(gold_draft(gold))

    def answer(request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content)
        article = next(m["content"] for m in body["messages"] if m["role"] == "user")
        if article not in replies:
            return httpx2.Response(404, json={"error": {"message": "the oracle has no gold for this article"}})
        return httpx2.Response(200, json=replies[article])

    return httpx2.MockTransport(answer)
