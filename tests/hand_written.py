"""HAND-WRITTEN replies, typed by a developer to drive error paths (malformed JSON, a validation failure, a
refusal, a truncation, a 429, a timeout), the mock models that serve them, and the made-up articles they answer.
They are not model output: nothing is ever scored on them. Real model output lives in tests/recordings/, made by
the library's record mode.

The chat-completion envelope (`completion`) and the replies of the bulk tests (`NO_AGREEMENT`, `MALFORMED`, the
`POISON` word) come from benchmarks/stub_server.py, so that the in-process `Model` and the stub server the
process, batch and Ray tests start answer with the same bytes; see the comment above `completion` there.
"""

from __future__ import annotations

import importlib.util
import json
import threading
from collections.abc import Callable, Iterable
from types import ModuleType
from typing import Any

import httpx2

from agreement_llm.bulk import Article
from agreement_llm.extract import Extractor
from conftest import STUB_SERVER


def _load_stub_server() -> ModuleType:
    """benchmarks/stub_server.py as a module (benchmarks/ is a folder of scripts, not a package)."""
    spec = importlib.util.spec_from_file_location("stub_server", STUB_SERVER)
    assert spec is not None and spec.loader is not None, STUB_SERVER
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_stub_server = _load_stub_server()
completion: Callable[..., dict[str, Any]] = _stub_server.completion
chat_reply: Callable[[bytes], bytes] = _stub_server.chat_reply
NO_AGREEMENT: dict[str, Any] = _stub_server.NO_AGREEMENT  # valid for any article: it claims no agreement
MALFORMED: str = _stub_server.MALFORMED  # not JSON: validation fails on every try
POISON: str = _stub_server.POISON  # a word that marks the article whose every reply is MALFORMED

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


class Model:
    """A counting mock model answering like the stub server (`NO_AGREEMENT`, or `MALFORMED` for a poisoned
    article) unless `reply` says otherwise; `calls` counts requests (thread-safe, sync and async)."""

    def __init__(self, reply: Callable[[httpx2.Request, int], httpx2.Response] | None = None) -> None:
        self.calls = 0
        self._lock = threading.Lock()
        self._reply = reply or (lambda request, n: self.answer(request))

    @staticmethod
    def answer(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(200, content=chat_reply(request.content), headers={"content-type": "application/json"})

    def handler(self, request: httpx2.Request) -> httpx2.Response:
        with self._lock:
            self.calls += 1
            n = self.calls
        return self._reply(request, n)

    def extractor(self, **options: Any) -> Extractor:
        options.setdefault("reasks", 1)
        return Extractor(model="stub", transport=httpx2.MockTransport(self.handler), **options)


def article_text(i: int, word: str = "") -> str:
    """A made-up article (a visit, no agreement) numbered `i`; `word` is added to its last sentence."""
    return f"زار وفد من جمعية الأمل رقم {i} مقر البلدية وناقش أنشطة ثقافية في المدينة {word}."


def articles(n: int, poisoned: frozenset[int] = frozenset()) -> list[Article]:
    """`n` made-up articles a0, a1...; those numbered in `poisoned` carry the `POISON` word."""
    return [Article(f"a{i}", article_text(i, POISON if i in poisoned else ""), "test") for i in range(n)]
