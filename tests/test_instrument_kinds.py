"""The instrument's kind is the model's only where the article has a word for it (instrument_kinds.py).

The embedded model calls nearly every instrument a "partnership" (recorded, tests/recordings/lean/dev): a ceasefire
extended, a construction contract, a memorandum of understanding. Each test names the reading it holds.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agreement_llm.evals.sets import load_set
from agreement_llm.instrument_kinds import supported_kind
from agreement_llm.schema import InstrumentKind as K
from conftest import replayed_lean


@pytest.mark.parametrize(
    ("said", "text", "kind"),
    [
        (K.PARTNERSHIP, "وقعت الجمعية اتفاقية شراكة مع المجلس", K.PARTNERSHIP),  # the article's word: kept
        (K.COOPERATION, "تعزيز التعاون بين البلدين", K.COOPERATION),  # a loose word is enough to keep it
        (K.PARTNERSHIP, "وقع الوزيران مذكرة تفاهم في مجال الزراعة", K.MEMORANDUM_OF_UNDERSTANDING),
        (K.PARTNERSHIP, "وقع الطرفان مذكرتي تفاهم", K.MEMORANDUM_OF_UNDERSTANDING),
        (K.PARTNERSHIP, "وقع الطرفان مذكرة للتفاهم", K.MEMORANDUM_OF_UNDERSTANDING),
        (K.PARTNERSHIP, "وقعت الوزارة بروتوكول تعاون مع الجامعة", K.PROTOCOL),
        (K.PARTNERSHIP, "أبرمت الشركة اتفاقية قرض مع البنك", K.LOAN_OR_GRANT),
        (K.PARTNERSHIP, "وقعت البلديتان اتفاقية توأمة", K.TWINNING),
        (K.PARTNERSHIP, "وافق الطرفان على تمديد اتفاق وقف إطلاق النار", K.OTHER),  # no word for any listed kind
        (K.PARTNERSHIP, "أبرمت الشركة عقدا لبناء المرحلة الثانية", K.OTHER),
        # the first the article names: a memorandum signed, then a cooperation agreement in passing
        (K.PARTNERSHIP, "وقعت مذكرة تفاهم، وذلك بعد اتفاقية تعاون سابقة", K.MEMORANDUM_OF_UNDERSTANDING),
        # a treaty's protocol and past cooperation agreements name no kind of this event's instrument
        (K.PARTNERSHIP, "البروتوكول المتعلق بالنظام الأساسي للمحكمة", K.OTHER),
        (K.PARTNERSHIP, "تفعيل اتفاقيات التعاون والتجارة المبرمة", K.OTHER),  # agreements of the past, plural
        # other spellings and words for the same kinds (a review's probes): kept
        (K.PROTOCOL, "وقع الطرفان بروطوكول اتفاق", K.PROTOCOL),
        (K.PROTOCOL, "وقع الطرفان بروتكول تعاون", K.PROTOCOL),
        (K.TWINNING, "وقعت المدينتان اتفاقية تآخي", K.TWINNING),
        (K.LOAN_OR_GRANT, "وقع الصندوق اتفاقية تمويل بقيمة 100 مليون دولار", K.LOAN_OR_GRANT),
        (K.PARTNERSHIP, "وقعت الجماعة اتفاقية تشاركية", K.PARTNERSHIP),
        (K.MEMORANDUM_OF_UNDERSTANDING, "وقع الطرفان مذكرة تعاون", K.MEMORANDUM_OF_UNDERSTANDING),
        # an instrument of the past names no kind of this one's; «في إطار» supports no framework agreement
        (K.PARTNERSHIP, "تأتي هذه الاتفاقية تتويجا لمذكرة التفاهم الموقعة سنة 2019، وتهم عقد برنامج", K.OTHER),
        (K.FRAMEWORK, "وقع الطرفان عقدا في إطار التعاون بينهما", K.OTHER),
        (K.PARTNERSHIP, "تشارك الجمعية في المعرض بعقد", K.OTHER),  # «تشارك», "takes part"
        (K.FRAMEWORK, "وقع الطرفان اتفاقية-إطار للتعاون", K.FRAMEWORK),  # the Maghreb's hyphenated spelling
        (K.FRAMEWORK, "وقعت الوزارة عقد-إطار مع الجهة", K.FRAMEWORK),
        (K.PARTNERSHIP, "مذكرة التفاهم الموقعة في الرباط اليوم", K.MEMORANDUM_OF_UNDERSTANDING),  # today's, not past
        (K.PARTNERSHIP, "وقع الطرفان اتفاقيتي قرض", K.LOAN_OR_GRANT),
        (None, "وقع الطرفان مذكرة تفاهم", None),  # no kind given: none is added
        (K.OTHER, "وقع الطرفان مذكرة تفاهم", K.OTHER),  # `other` is never contradicted
    ],
)
def test_a_kind_stands_only_on_the_articles_words(said: K | None, text: str, kind: K | None) -> None:
    assert supported_kind(said, text) is kind


@given(st.sampled_from([*K, None]), st.text(max_size=80))
@settings(deadline=None, max_examples=300)
def test_any_text_gives_a_kind_only_where_one_was_given(said: K | None, text: str) -> None:
    kind = supported_kind(said, text)
    assert (kind is None) == (said is None)


def test_every_annotated_kind_is_kept() -> None:
    # The oracle's rule for this reader: fed each gold kind with its article, it returns it unchanged.
    for name in ("seeds", "dev", "dev-test"):
        s = load_set(name)
        for stem in s.ids:
            gold = json.loads((s.gold_dir / f"{stem}.json").read_text(encoding="utf-8"))
            said = K(gold["kind"]) if gold["kind"] else None
            assert supported_kind(said, s.article(stem).read_text(encoding="utf-8")) is said, stem


def test_the_recorded_partnership_of_a_construction_contract_is_corrected_and_noted() -> None:
    # REAL recording (lean draft, dev gulf_06): a company's contract to build a project's second phase, "partnership"
    a = replayed_lean("dev", "gulf_06")
    assert a.kind is K.OTHER and all(i.kind is K.OTHER for i in a.instruments)
    assert ("kind", "partnership") in {(n.field, n.model_value) for n in a.notes if n.action == "corrected"}
    assert "partnership" not in a.summary.en  # the brief no longer calls it one
