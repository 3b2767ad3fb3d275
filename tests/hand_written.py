"""HAND-WRITTEN replies, typed by a developer to drive error paths (malformed JSON, a validation failure, a
refusal, a truncation, a 429, a timeout). They are not model output: nothing is ever scored on them. Real model
output lives in tests/recordings/, made by the library's record mode.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

import httpx2

SEED_000_DRAFT: dict[str, Any] = {
    # A hand-written, *correct* reading of seed 000 (every quote copied from the article).
    "status": "signed",
    "status_quote": "التوقيع على اتفاقية شراكة وتعاون",
    "kind": "partnership",
    "date_phrase": "يوم السبت 01 يناير 2022",
    "venue": "أحد الفنادق",
    "city": "أكادير",
    "city_en": "Agadir",
    "country": "MA",
    "parties": [
        {
            "name": "سفراء الخير – السمارة",
            "name_en": "Ambassadors of Good – Smara",
            "kind": "association",
            "country": "MA",
            "people": [{"name": "المصطفى الحرمة", "role": "رئيسها", "role_en": "President"}],
        },
        {
            "name": "كليير فيزيون",
            "name_en": "Clear Vision",
            "kind": "foundation",
            "people": [{"name": "هشام مصفار", "role": "مديرها", "role_en": "Director"}],
        },
    ],
    "instruments": [
        {"parties": ["سفراء الخير – السمارة", "كليير فيزيون"], "purpose": "تحديد إطار مرجعي لتعزيز علاقات التعاون"}
    ],
    "commitments": ["تنظيم حملة طبية لفائدة الفئات المعوزة"],
    "sectors": ["social", "health"],
    "summary_ar": "وقعت جمعية سفراء الخير ومؤسسة كليير فيزيون اتفاقية شراكة وتعاون يوم 1 يناير 2022 بأكادير.",
    "summary_en": "The association Ambassadors of Good and the Clear Vision foundation signed a partnership and "
    "cooperation agreement in Agadir on 1 January 2022.",
}


def completion(
    arguments: str | dict[str, Any] | None = None,
    *,
    content: str | None = None,
    finish_reason: str = "stop",
    refusal: str | None = None,
    usage: tuple[int, int] = (1000, 200),
) -> dict[str, Any]:
    """A hand-written chat completion: a `Draft` tool call with `arguments`, or a plain `content` message."""
    message: dict[str, Any] = {"role": "assistant", "content": content, "refusal": refusal}
    if arguments is not None:
        args = arguments if isinstance(arguments, str) else json.dumps(arguments, ensure_ascii=False)
        message["tool_calls"] = [
            {"id": "call_hw", "type": "function", "function": {"name": "Draft", "arguments": args}}
        ]
    return {
        "id": "chatcmpl-hand-written",
        "object": "chat.completion",
        "created": 0,
        "model": "hand-written",
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
        "usage": {"prompt_tokens": usage[0], "completion_tokens": usage[1], "total_tokens": sum(usage)},
    }


class Script:
    """A MockTransport handler that serves hand-written replies in order and keeps the requests it saw.

    Each step is an httpx2.Response, a completion dict (served as 200 JSON), or an exception to raise.
    """

    def __init__(self, steps: Iterable[httpx2.Response | dict[str, Any] | Exception]) -> None:
        self.steps = list(steps)
        self.requests: list[dict[str, Any]] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(json.loads(request.content))
        if not self.steps:
            raise AssertionError("the hand-written script ran out of replies: more calls than the test expects")
        step = self.steps.pop(0)
        if isinstance(step, Exception):
            raise step
        if isinstance(step, httpx2.Response):
            return step
        return httpx2.Response(200, json=step)

    def transport(self) -> httpx2.MockTransport:
        return httpx2.MockTransport(self)


def no_sleep() -> tuple[Callable[[float], None], Callable[[float], Any], list[float]]:
    """Sleep functions that only record the waits asked for (so backoff tests take no time)."""
    waits: list[float] = []

    async def asleep(seconds: float) -> None:
        waits.append(seconds)

    return waits.append, asleep, waits
