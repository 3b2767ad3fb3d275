"""Synthetic but schema-valid results lines, for testing the review page at scale (thousands of articles).

Each article is assembled from parts whose offsets are known as it is built, so every span is right by
construction; some texts start with an emoji (two UTF-16 units in a browser, one code point in Python), some
lines failed, some carry guard notes, and statuses and dates vary. Nothing here is scored or comes from a model.
"""

from __future__ import annotations

import random
from typing import Any

from agreement_llm.schema import Agreement

STATUSES = ["signed", "planned", "agreed_in_principle", "renewed", "not_an_agreement"]
ORGS = ["جمعية الأمل", "مؤسسة النور", "بلدية الرباط", "وزارة الصحة", "جامعة القاضي عياض", "تعاضدية التعليم"]
PEOPLE = ["محمد العلوي", "سعاد بناني", "أحمد الإدريسي", "ليلى الفاسي"]
CITIES = ["أكادير", "مراكش", "فاس", "طنجة"]
MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو"]


class _Text:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0

    def add(self, part: str) -> dict[str, int]:
        span = {"start": self.size, "end": self.size + len(part)}
        self.parts.append(part)
        self.size += len(part)
        return span

    def __str__(self) -> str:
        return "".join(self.parts)


def record(i: int, rng: random.Random) -> dict[str, Any]:
    """One results line as `agreement-llm run` writes it."""
    base = {
        "key": f"{i:032x}",
        "id": f"article-{i:05d}",
        "source": "synthetic",
        "url": None,
        "published_at": None,
        "model": "synthetic",
        "prompt_version": "extract@synthetic",
        "seconds": 0.1,
    }
    if i % 17 == 5:
        return {
            **base,
            "ok": False,
            "agreement": None,
            "usage": {"attempts": 2},
            "error": {"type": "ModelGaveUpError", "message": f"no valid answer for article {i}"},
            "text": f"نص المقال رقم {i}",
        }
    t = _Text()
    if i % 7 == 0:
        t.add("🤝 ")  # an astral character before every value: offsets differ between Python and JavaScript
    status = STATUSES[i % len(STATUSES)]
    a, b = rng.sample(ORGS, 2)
    person = rng.choice(PEOPLE)
    day, month, year = 1 + i % 28, MONTHS[i % 6], 2020 + i % 5
    t.add(f"خبر رقم {i}: ")
    sentence_start = t.size
    city = t.add(rng.choice(CITIES))
    t.add(" - ")
    date_text = f"{day:02d} {month} {year}"
    date_span = t.add(date_text)
    t.add(" وقعت ")
    party_a = t.add(a)
    t.add(" في شخص رئيسها السيد ")
    person_span = t.add(person)
    t.add(" و")
    party_b = t.add(b)
    t.add(" اتفاقية شراكة")
    evidence = {"start": sentence_start, "end": t.size}
    t.add(" بهدف ")
    objective = t.add("دعم الأنشطة الاجتماعية")
    t.add(".\n")
    text = str(t)
    agreement: dict[str, Any] = {
        "status": status,
        "summary": {"ar": f"خبر رقم {i}.", "en": f"Report number {i}."},
        "source": {},
        "notes": [],
    }
    if status != "not_an_agreement":
        agreement.update(
            status_evidence={"text": text[evidence["start"] : evidence["end"]], "span": evidence},
            date={"text": date_text, "iso": f"{year}-{1 + i % 6:02d}-{day:02d}", "precision": "day", "span": date_span},
            place={"city": text[city["start"] : city["end"]], "span": city},
            parties=[
                {
                    "name": a,
                    "kind": "association",
                    "span": party_a,
                    "representatives": [{"name": person, "role": "رئيسها", "span": person_span}],
                },
                {"name": b, "kind": "other", "span": party_b, "representatives": []},
            ],
            objectives=[{"text": "دعم الأنشطة الاجتماعية", "span": objective}],
        )
    if i % 3 == 0:
        agreement["notes"] = [
            {
                "field": "parties",
                "action": "dropped",
                "reason": "not found in the article",
                "model_value": "جمعية مختلقة",
            }
        ]
    Agreement.model_validate(agreement)  # schema-valid, or the generator is wrong
    return {
        **base,
        "ok": True,
        "agreement": agreement,
        "error": None,
        "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120, "attempts": 1},
        "text": text,
    }


def records(n: int, seed: int = 0) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [record(i, rng) for i in range(n)]
