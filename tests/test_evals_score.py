"""The scorer on hand-built predictions: each test changes one thing in a gold annotation and checks that exactly the
right scores move. Offline; no model is called."""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agreement_llm.evals.report import load_gold
from agreement_llm.evals.score import (
    ListScore,
    chrf,
    claims_signing,
    name_similarity,
    party_name_similarity,
    person_name_similarity,
    principal_parties,
    quote_similarity,
    score,
    set_score,
    text_key,
)
from agreement_llm.schema import Agreement, DateInfo, Party, Quote, Sector, Status, Summary
from conftest import ROOT

S000, S001, S003, S004 = "000_fd964e18e62d9c2a", "001_0bd63320b1c0c637", "003_2a9a14652ac9d66d", "004_20b8b520d1dc0b02"


@cache
def gold(stem: str) -> Agreement:
    return load_gold(ROOT / "evals" / "gold")[stem]


@cache
def article(stem: str) -> str:
    return (ROOT / "seeds" / f"{stem}.txt").read_text(encoding="utf-8")


def edited(stem: str, **changes: object) -> Agreement:
    """A deep copy of the gold annotation with some top-level fields replaced."""
    return gold(stem).model_copy(deep=True, update=changes)


def changed_fields(stem: str, pred: Agreement) -> dict[str, float | None]:
    """The field scores of `pred` that are not a perfect 1.0 (None means not applicable and is left out)."""
    return {k: v for k, v in score(gold(stem), pred, article(stem)).fields.items() if v is not None and v != 1.0}


def test_there_is_one_valid_gold_file_per_seed() -> None:
    stems = {p.stem for p in (ROOT / "seeds").glob("*.txt")}
    assert set(load_gold(ROOT / "evals" / "gold")) == stems


@pytest.mark.parametrize("stem", [S000, "001_0bd63320b1c0c637", "002_502649e220e7a9fc", S003, S004])
def test_gold_scores_one_against_itself_and_is_fully_grounded(stem: str) -> None:
    s = score(gold(stem), gold(stem), article(stem))
    assert s.anls_star == 1.0
    assert all(v in (1.0, None) for v in s.fields.values()), s.fields
    assert all(ls.precision == ls.recall == 1.0 for ls in s.lists.values())
    assert s.honesty.grounding_rate == 1.0, s.honesty.ungrounded  # every gold quote is verbatim from its article
    assert s.honesty.invented == [] and s.honesty.status_correct
    for side in (s.summary.ar, s.summary.en):  # the reference summaries meet the key-fact rules they define
        assert side.script_ok and side.chrf == 1.0 and set(side.facts.values()) == {1.0}, side.facts


def test_a_wrong_date_costs_the_date_field_and_nothing_else() -> None:
    pred = edited(S000, date=DateInfo(text="يوم السبت 01 يناير 2022", iso="2022-01-02", precision="day"))
    assert changed_fields(S000, pred) == {"date.iso": 0.0}


def test_a_date_at_the_wrong_precision_costs_iso_and_precision() -> None:
    pred = edited(S000, date=DateInfo(text="يوم السبت 01 يناير 2022", iso="2022-01", precision="month"))
    assert changed_fields(S000, pred) == {"date.iso": 0.0, "date.precision": 0.0}


def test_an_invented_party_lowers_precision_but_not_recall() -> None:
    invented = Party(name="عمالة إنزكان أيت ملول", kind="government_body")
    pred = edited(S000, parties=[*gold(S000).parties, invented])
    s = score(gold(S000), pred, article(S000))
    assert s.lists["parties"].recall == 1.0
    assert s.lists["parties"].precision == pytest.approx(2 / 3)
    assert s.fields["parties"] == pytest.approx(0.8)
    assert "parties[2].name: عمالة إنزكان أيت ملول" in s.honesty.ungrounded
    assert s.anls_star < 1.0


def test_a_missing_party_lowers_recall_but_not_precision() -> None:
    pred = edited(S000, parties=gold(S000).parties[:1])
    s = score(gold(S000), pred, article(S000))
    assert (s.lists["parties"].precision, s.lists["parties"].recall) == (1.0, 0.5)
    assert s.lists["representatives"].recall == 0.5  # the missing party's representative goes with it


def test_parties_are_matched_one_to_one_whatever_their_order_and_spelling() -> None:
    first, second = gold(S000).parties
    respelt = first.model_copy(update={"name": "جمعيّة «سفراء الخير - السمارة»"})  # shadda, other quotes and dash
    pred = edited(S000, parties=[second, respelt])
    assert "parties" not in changed_fields(S000, pred)


def test_a_wrongly_signed_status_on_seed_003_shows_in_status_accuracy() -> None:
    pred = edited(S003, status=Status.SIGNED)
    s = score(gold(S003), pred, article(S003))
    assert s.fields["status"] == 0.0 and not s.honesty.status_correct
    assert changed_fields(S003, pred) == {"status": 0.0}


def test_a_summary_that_claims_a_signing_on_seed_003_misses_the_status_fact() -> None:
    wrong = Summary(
        ar="وقعت المنظمة الدولية للعمل التطوعي والتنمية بالمغرب وجمعية الأشراف للثقافة والتنمية اتفاقية شراكة.",
        en="The International Organisation for Volunteer Work and Development in Morocco signed a partnership with "
        "the Al Ashraf Association for Culture and Development.",
    )
    s = score(gold(S003), edited(S003, summary=wrong), article(S003))
    assert s.summary.ar.facts["status"] == 0.0 and s.summary.en.facts["status"] == 0.0
    assert s.summary.ar.facts["parties"] == 1.0 and s.summary.en.facts["parties"] == 1.0
    assert s.summary.en.facts["date"] == 0.0 and s.summary.en.facts["place"] == 0.0


def test_an_invented_date_on_seed_004_is_counted_once_as_invented() -> None:
    pred = edited(S004, date=DateInfo(text="2024", iso="2024", precision="year"))
    s = score(gold(S004), pred, article(S004))
    assert s.honesty.invented == ["date"]
    assert "date.text: 2024" in s.honesty.ungrounded
    assert changed_fields(S004, pred) == {"date.iso": 0.0, "date.precision": 0.0, "date.text": 0.0}


def test_a_paraphrased_commitment_is_ungrounded_and_unmatched() -> None:
    paraphrase = Quote(text="سيعمل الطرفان على تنظيم قافلة صحية للمحتاجين")
    pred = edited(S000, commitments=[*gold(S000).commitments[:2], paraphrase])
    s = score(gold(S000), pred, article(S000))
    assert s.honesty.ungrounded == [f"commitments[2]: {paraphrase.text}"]
    assert s.honesty.grounding_rate < 1.0
    assert s.lists["commitments"].matched == pytest.approx(2.0)


def test_a_shorter_quote_of_the_same_passage_still_matches() -> None:
    full = gold(S000).commitments[1].text
    assert (
        quote_similarity(full, full.split(" ستنكب")[0] + " ستنكب على إعداد خطة عمل سنوية حول الإجراءات ذات الأولوية")
        > 0.5
    )


def test_an_extra_sector_costs_sector_precision() -> None:
    pred = edited(S000, sectors=[Sector.SOCIAL, Sector.HEALTH, Sector.SPORT])
    s = score(gold(S000), pred, article(S000))
    assert s.lists["sectors"].precision == pytest.approx(2 / 3) and s.lists["sectors"].recall == 1.0
    assert changed_fields(S000, pred) == {"sectors": pytest.approx(0.8)}


def test_swapped_summary_languages_fail_the_script_check() -> None:
    g = gold(S000)
    s = score(g, edited(S000, summary=Summary(ar=g.summary.en, en=g.summary.ar)), article(S000))
    assert not s.summary.ar.script_ok and not s.summary.en.script_ok


def test_chrf_scores_arabic_text_rather_than_dropping_it() -> None:
    ref = gold(S000).summary.ar
    assert chrf(ref, ref, "ar") == pytest.approx(1.0)
    assert 0.1 < chrf("وقعت جمعية سفراء الخير ومؤسسة كليير فيزيون اتفاقية شراكة بأكادير.", ref, "ar") < 1.0
    assert chrf("Something else entirely.", ref, "ar") < 0.05


def test_one_commune_signing_six_agreements_needs_only_the_commune_named() -> None:
    assert [p.name for p in principal_parties(gold(S001))] == ["جماعة أيت ملول"]
    assert len(principal_parties(gold(S000))) == 2


@pytest.mark.parametrize(
    ("text", "lang", "claims"),
    [
        ("No agreement was signed; they agreed to meet again.", "en", False),
        ("The two sides signed a partnership.", "en", True),
        ("The sides have not signed anything yet.", "en", False),
        ("Agadir: the signature of a partnership agreement.", "en", True),
        ("ولم يتم توقيع أي اتفاقية.", "ar", False),
        ("وقعت الجمعيتان اتفاقية شراكة.", "ar", True),
        ("اتفق الطرفان دون توقيع أي اتفاقية.", "ar", False),
    ],
)
def test_a_signing_claim_is_told_from_a_negated_one(text: str, lang: str, claims: bool) -> None:
    assert claims_signing(text, lang) is claims


def test_names_compare_in_matching_form_with_a_half_right_name_scoring_zero() -> None:
    assert text_key("مؤسسة “كليير فيزيون”") == "موسسه كليير فيزيون"
    assert name_similarity("مؤسسة كليير فيزيون", "مؤسسه كليير فيزيون") == 1.0
    assert 0.5 <= name_similarity("التحالف الوطني للعمل الأهلي التنموي", "التحالف الوطني للعمل الأهلي") < 1.0
    assert name_similarity("جماعة أيت ملول", "مؤسسة كير مصر") == 0.0
    assert name_similarity(None, None) == 1.0 and name_similarity("أكادير", None) == 0.0


def test_a_party_name_without_its_type_word_is_the_same_party() -> None:
    assert party_name_similarity("جمعية سفراء الخير – السمارة", "سفراء الخير – السمارة") == 1.0
    assert party_name_similarity("Clear Vision Foundation", "Clear Vision") == 1.0
    assert party_name_similarity("جماعة أيت ملول", "جمعية الوفاق لحي تمرسيط") == 0.0


def test_an_honorific_does_not_make_another_person() -> None:
    assert person_name_similarity("المصطفى الحرمة", "السيد المصطفى الحرمة") == 1.0
    assert person_name_similarity("نبيلة مكرم", "السفيرة نبيلة مكرم") == 1.0
    assert person_name_similarity("هشام مصفار", "السيد المصطفى الحرمة") == 0.0


def test_list_scores_add_up_micro() -> None:
    total = ListScore(matched=1.0, n_pred=1, n_gold=2) + ListScore(matched=2.0, n_pred=3, n_gold=2)
    assert (total.precision, total.recall, total.f1) == (0.75, 0.75, 0.75)
    assert ListScore().f1 == 1.0 and ListScore(n_pred=2).f1 == 0.0 and ListScore(n_gold=2).f1 == 0.0
    assert set_score(["health", Sector.SOCIAL], [Sector.HEALTH]).recall == 0.5


_arabic_words = st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهويةىأإآؤئ ", min_size=1, max_size=30)


@settings(deadline=None)  # shared, sometimes loaded machines
@given(_arabic_words, _arabic_words)
def test_name_similarity_is_a_symmetric_score_in_the_unit_interval(a: str, b: str) -> None:
    value = name_similarity(a, b)
    assert 0.0 <= value <= 1.0 and value == name_similarity(b, a)
    assert name_similarity(a, a) == 1.0
    assert value == 0.0 or value >= 0.5


def test_the_thanked_governor_as_a_party_and_six_agreements_merged_into_one_are_both_caught() -> None:
    g = gold(S001)
    governor = Party(name="عامل عمالة إنزكان أيت ملول", kind="government_body", country="MA")
    merged = g.instruments[0].model_copy(update={"parties": [p.name for p in g.parties], "purpose": None})
    s = score(g, edited(S001, parties=[*g.parties, governor], instruments=[merged]), article(S001))
    assert s.lists["parties"].precision == pytest.approx(7 / 8) and s.lists["parties"].recall == 1.0
    assert s.honesty.grounding_rate == 1.0  # the governor's title is in the article: only matching catches him
    assert s.lists["instruments"].n_pred == 1 and s.lists["instruments"].recall < 1 / 6
