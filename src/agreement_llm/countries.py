"""Countries: the `CountryCode` type of the contract's country fields, and the code of a country however it is named.

The contract stores ISO 3166-1 alpha-2 codes only (`CountryCode`); what a model or an article gives is a code, an
English name or an Arabic one, and `country_code` reads all three (`ground.py` drops what it cannot read).

>>> from pydantic import TypeAdapter
>>> TypeAdapter(CountryCode).validate_python(" ma ")
'MA'
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from pydantic import AfterValidator


def iso_country(value: str) -> str:
    """`value` as an upper-case ISO 3166-1 alpha-2 code; `ValueError` (saying what to give instead) when it is not."""
    import pycountry  # local import: loading its tables costs ~50 ms, paid only when a country is given

    code = value.strip().upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code (e.g. 'MA', 'EG'); use null if unknown")
    return code


CountryCode = Annotated[str, AfterValidator(iso_country)]
"""An ISO 3166-1 alpha-2 code ('MA', 'EG'), checked and upper-cased; the JSON schema stays a plain string."""


def country_code(name: str | None) -> str | None:
    """The ISO 3166-1 alpha-2 code of a country given as a code, an English name or an Arabic name, else None.

    Arabic names come from pycountry's own Arabic translations of ISO 3166, compared in matching form.

    >>> country_code("المغرب"), country_code("مصر"), country_code("Morocco"), country_code("eg"), country_code("Agadir")
    ('MA', 'EG', 'MA', 'EG', None)
    """
    if not name or not name.strip():
        return None
    try:
        return iso_country(name)
    except ValueError:
        pass
    import pycountry

    try:
        code: str = pycountry.countries.lookup(name.strip()).alpha_2
        return code
    except LookupError:
        pass
    from .arabic import normalize

    return arabic_country_names().get(normalize(name).removeprefix("دوله "))


@lru_cache(maxsize=1)
def arabic_country_names() -> dict[str, str]:
    """Every country's Arabic names (ISO 3166 as pycountry translates it), in matching form, to its code."""
    import gettext

    import pycountry

    from .arabic import normalize

    names: dict[str, str] = {}
    try:
        ar = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
    except OSError:
        return names
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            if (english := getattr(country, attr, None)) and (arabic := ar.gettext(english)) != english:
                names.setdefault(normalize(arabic).removeprefix("دوله "), country.alpha_2)
    return names


__all__ = ["CountryCode", "arabic_country_names", "country_code", "iso_country"]
