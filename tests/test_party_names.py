"""A party's kind and country from its own name, over the model's labels (party_names.py, `Grounder.what_name_says`).

The embedded model's lean draft (recorded, tests/recordings/lean/dev) called Syria «سوريا» an association in Saudi
Arabia, the Sudanese army «الجيش السوداني» a body of Saudi Arabia, and most states it kept associations. Each test names the reading it holds.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agreement_llm.evals.sets import load_set
from agreement_llm.party_names import country_named, kind_named, state_named
from agreement_llm.schema import PartyKind
from conftest import replayed_lean


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("شركة هواوي الصينية", PartyKind.COMPANY),
        ("الشركة الوطنية للنقل البحري", PartyKind.COMPANY),
        ("وزارة التجارة والصناعة", PartyKind.GOVERNMENT_BODY),
        ("الحكومة الجزائرية", PartyKind.GOVERNMENT_BODY),
        ("جمعية سفراء الخير – السمارة", PartyKind.ASSOCIATION),
        ("بلدية صيدا", PartyKind.LOCAL_AUTHORITY),
        ("التعاضدية العامة لموظفي الإدارات العمومية", PartyKind.MUTUAL_OR_COOPERATIVE),
        ("جامعة محمد الخامس", PartyKind.UNIVERSITY),
        ("المملكة المغربية", PartyKind.GOVERNMENT_BODY),
        ("دولة قطر", PartyKind.GOVERNMENT_BODY),
        ("إيران", PartyKind.GOVERNMENT_BODY),
    ],
)
def test_a_head_noun_or_a_states_name_gives_the_kind(name: str, kind: PartyKind) -> None:
    assert kind_named(name) is kind


@pytest.mark.parametrize(
    "name",
    [
        "مؤسسة كير مصر للتنمية",  # a foundation here, a company or a public body elsewhere
        "هيئة لافاييت المغرب – إفريقيا",
        "جماعة أيت ملول",  # a Moroccan commune, or an armed group
        "الجمعية العامة للأمم المتحدة",  # an assembly
        "الجمعية الوطنية الفرنسية",
        "جامعة الدول العربية",  # the Arab League
        "قطر للطاقة",  # a company that bears a state's name
        "",
    ],
)
def test_a_name_that_leaves_doubt_leaves_the_models_kind(name: str) -> None:
    assert kind_named(name) is None


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("الجيش السوداني", "SD"),
        ("طيران الإمارات", "AE"),
        ("شركة قطر للطاقة", "QA"),
        ("جمعية الكتاب والأدباء العمانية", "OM"),
        ("الملحقية الثقافية العمانية بالقاهرة", "OM"),  # a city is no country
        ("الوكالة الأميركية للتنمية الدولية", "US"),
        ("مخابر «ليلي» الأمريكية", "US"),
        ("بالمغرب", "MA"),
        ("سوريا", "SY"),
    ],
)
def test_a_country_the_name_names_by_a_word_of_its_own(name: str, code: str) -> None:
    assert country_named(name) == code


@pytest.mark.parametrize(
    "name",
    [
        "جمعية الصداقة المغربية الفرنسية",  # two countries: neither
        "أمانة عمان الكبرى",  # Amman, not Oman
        "مصرف الراجحي",  # «مصر» inside another word
        "مؤسسة الأمير تركي",  # a man's name
        "السوداني",  # an adjective alone is a surname (Iraq's prime minister, listed as a party on dev)
        "جامعة الدول العربية",
        "الاتحاد الأوروبي",
    ],
)
def test_no_country_where_the_name_names_none_or_two(name: str) -> None:
    assert country_named(name) is None


def test_a_state_is_its_own_country_and_nothing_else_is_a_state() -> None:
    assert (state_named("الأردن"), state_named("حكومة مصر"), state_named("جامعة قطر")) == ("JO", "EG", None)


@given(st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهويةىءأإآ ", max_size=40))
@settings(deadline=None, max_examples=300)
def test_any_text_is_read_without_error_and_a_state_is_a_government_body(name: str) -> None:
    kind = kind_named(name)
    assert kind is None or isinstance(kind, PartyKind)
    if state_named(name):
        assert kind is PartyKind.GOVERNMENT_BODY and country_named(name) == state_named(name)


def test_every_annotated_party_agrees_with_what_its_name_says() -> None:
    # The oracle's rule for this reader: on all 122 gold parties of the three shipped sets, a kind or country the
    # name gives is the annotator's, so a right answer is never changed.
    read = 0
    for name in ("seeds", "dev", "dev-test"):
        s = load_set(name)
        for stem in s.ids:
            for party in json.loads((s.gold_dir / f"{stem}.json").read_text(encoding="utf-8"))["parties"]:
                kind, code = kind_named(party["name"]), country_named(party["name"])
                assert kind is None or kind.value == party["kind"], party["name"]
                assert code is None or code == party["country"], party["name"]
                read += kind is not None or code is not None
    assert read >= 60


def test_the_recorded_model_labels_are_corrected_and_noted() -> None:
    # REAL recording (lean draft, dev lev_02): the model called Syria, Jordan and Lebanon associations, Syria `SA`
    a = replayed_lean("dev", "lev_02")
    assert [(p.name, p.kind, p.country) for p in a.parties] == [
        ("سوريا", PartyKind.GOVERNMENT_BODY, "SY"),
        ("الأردن", PartyKind.GOVERNMENT_BODY, "JO"),
        ("لبنان", PartyKind.GOVERNMENT_BODY, "LB"),
    ]
    corrected = [(n.field, n.model_value) for n in a.notes if n.action == "corrected" and n.field.startswith("parties")]
    assert (
        corrected
        == [("parties.kind", "association"), ("parties.country", "SA")] + [("parties.kind", "association")] * 2
    )


def test_an_english_name_that_is_another_countrys_is_dropped() -> None:
    # REAL recording (lean draft, dev lev_03): the model listed Iraq's prime minister «السوداني» as a party and
    # called him "Syria"; the brief said "Syria and Turkey signed". A state's own English name stays ("Turkey").
    a = replayed_lean("dev", "lev_03")
    names = {p.name: p.name_en for p in a.parties}
    assert names["السوداني"] is None and names["تركيا"] == "Turkey"
    assert ("parties.name_en", "dropped", "Syria") in {(n.field, n.action, n.model_value) for n in a.notes}
    assert "Syria" not in a.summary.en
