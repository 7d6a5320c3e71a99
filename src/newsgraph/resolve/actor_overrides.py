"""The user's actor override file: add actors the lexicon and the articles cannot code, and
correct the ones they code wrong. Its schema is documented at the top of the shipped example,
``resolve/actors.example.yaml``; :func:`load_overrides` checks every entry and raises
:class:`~newsgraph.errors.SettingsError` naming the file and the entry for anything it cannot
use, so a typo never silently changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

import yaml

from newsgraph.errors import SettingsError
from newsgraph.resolve.actor_lexicon import Key, Name, key, lexicon
from newsgraph.resolve.actors import (
    ActorInfo,
    actor_code,
    actor_key,
    code_phrase,
    looks_like_person,
)
from newsgraph.types import EntityType

_FIELDS = frozenset(["name", "aliases", "type", "country", "sector", "code", "ignore"])
_TYPES: tuple[str, ...] = get_args(EntityType)
_CODE = re.compile(r"^(?:[A-Z]{3}|---)(?:[A-Z]{3})*$")


@dataclass(frozen=True, slots=True)
class OverrideEntry:
    name: str
    aliases: tuple[str, ...] = ()
    type: EntityType | None = None
    country: str | None = None
    sector: str | None = None
    code: str | None = None
    ignore: bool = False
    given: frozenset[str] = frozenset()  # the fields the file gives (country: null clears)


@dataclass(frozen=True, eq=False)
class Overrides:
    """A loaded override file: its entries, and indexes by actor key and by phrase."""

    path: str
    entries: tuple[OverrideEntry, ...] = ()
    by_key: Mapping[str, OverrideEntry] = field(default_factory=dict)
    phrases: Mapping[Key, Name] = field(default_factory=dict)  # names read inside phrases
    longest: int = 0

    def find(self, *names: str, type: EntityType | None = None) -> OverrideEntry | None:
        """The entry for the first of ``names`` that one matches."""
        for n in names:
            for t in dict.fromkeys((type, None)):
                entry = self.by_key.get(actor_key(n, t))
                if entry is not None:
                    return entry
        return None


def load_overrides(path: str | Path) -> Overrides:
    where = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise SettingsError(f"{where}: cannot read the actor override file ({e})") from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise SettingsError(f"{where}: not valid YAML: {e}") from None
    if raw is None:
        return Overrides(where)
    if not isinstance(raw, dict) or set(raw) - {"actors"}:
        raise SettingsError(f"{where}: expected a mapping with one key, `actors` (a list)")
    items = raw.get("actors") or []
    if not isinstance(items, list):
        raise SettingsError(f"{where}: `actors` must be a list of entries")
    entries = tuple(_entry(where, i, item) for i, item in enumerate(items, 1))
    by_key: dict[str, OverrideEntry] = {}
    owner: dict[str, int] = {}
    phrases: dict[Key, Name] = {}
    for i, entry in enumerate(entries, 1):
        for n in (entry.name, *entry.aliases):
            for k in {actor_key(n, entry.type), actor_key(n, None)}:
                if k in owner and owner[k] != i:
                    raise SettingsError(
                        f"{where}: entry {i} ({entry.name!r}): {n!r} is already an actor of "
                        f"entry {owner[k]} ({entries[owner[k] - 1].name!r})"
                    )
                owner[k], by_key[k] = i, entry
            if entry.type != "PERSON":
                phrases[key(n)] = _phrase_name(entry)
    longest = max((len(k) for k in phrases), default=0)
    return Overrides(where, entries, by_key, phrases, longest)


def _phrase_name(entry: OverrideEntry) -> Name:
    """The entry as a name read inside phrases: what the lexicon codes for its name, corrected
    by the fields the entry gives (an entry that only clears the country keeps the sector)."""
    if entry.ignore:
        return Name("non_actor", entry.name, None, None)
    base = code_phrase(entry.name)
    country = entry.country if "country" in entry.given else base.country if base else None
    sector = entry.sector if "sector" in entry.given else base.sector if base else None
    code = entry.code
    if code is None and base is not None and not entry.given & {"country", "sector"}:
        code = base.actor_code
    if code is not None and code[:3] not in lexicon().transnational:
        code = None  # a state actor's code is its country + sector
    typ = entry.type or (base.type if base else "ORG")
    return Name("override", entry.name, country, sector, code, typ, entry.aliases)


def _entry(where: str, i: int, item: Any) -> OverrideEntry:
    label = repr(item.get("name")) if isinstance(item, dict) else "?"

    def bad(problem: str) -> SettingsError:
        return SettingsError(f"{where}: entry {i} ({label}): {problem}")

    if not isinstance(item, dict):
        raise bad("an entry must be a mapping with at least a `name`")
    unknown = sorted(str(k) for k in set(item) - _FIELDS)
    if unknown:
        raise bad(f"unknown field(s) {', '.join(unknown)}; known: {', '.join(sorted(_FIELDS))}")
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        raise bad("`name` must be a non-empty string")
    aliases = item.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise bad("`aliases` must be a list of non-empty strings")
    typ = item.get("type")
    if typ is not None and typ not in _TYPES:
        raise bad(f"`type` must be one of {', '.join(_TYPES)}, not {typ!r}")
    lex = lexicon()
    country = item.get("country")
    if country is not None and (not isinstance(country, str) or country not in lex.valid_countries):
        raise bad(
            f"`country` must be an ISO 3166 alpha-3 code (RUS), IGO, NGO or IMG, not {country!r}"
        )
    sector = item.get("sector")
    if sector is not None and (not isinstance(sector, str) or sector not in lex.sectors):
        raise bad(f"`sector` must be one of {', '.join(lex.sectors)}, not {sector!r}")
    code = item.get("code")
    if code is not None and (not isinstance(code, str) or not _CODE.match(code)):
        raise bad(f"`code` must be three-letter groups like RUSGOV, IGOUNO or ---REB, not {code!r}")
    ignore = item.get("ignore", False)
    if not isinstance(ignore, bool):
        raise bad("`ignore` must be true or false")
    given = frozenset(item)
    if code is not None and "country" not in item:  # RUSGOV -> RUS, GOV; IGOUNO -> IGO
        country, given = (None if code.startswith("---") else code[:3]), given | {"country"}
        if (
            "sector" not in item
            and code[:3] not in lexicon().transnational
            and code[3:6] in lex.sectors
        ):
            sector, given = code[3:6], given | {"sector"}
    return OverrideEntry(
        name.strip(),
        tuple(a.strip() for a in aliases),
        typ,
        country,
        sector,
        code,
        ignore,
        given,
    )


def apply_overrides(info: ActorInfo | None, name: str, overrides: Overrides) -> ActorInfo | None:
    names = [name] if info is None else [name, info.name, *info.aliases]
    entry = overrides.find(*names, type=info.type if info is not None else None)
    if entry is None:
        return info
    if entry.ignore:
        return None
    if info is None:
        typ: EntityType = entry.type or ("PERSON" if looks_like_person(entry.name) else "ORG")
        info = ActorInfo(entry.name, typ, None, None, None)
    country = entry.country if "country" in entry.given else info.country
    sector = entry.sector if "sector" in entry.given else info.sector
    if entry.code:
        code: str | None = entry.code
    elif entry.given & {"country", "sector", "code"}:
        code = actor_code(country, sector)
    else:
        code = info.actor_code
    aliases: dict[str, None] = {}
    for a in (*entry.aliases, info.name, name, *info.aliases):
        if a and a != entry.name:
            aliases.setdefault(a)
    return ActorInfo(entry.name, entry.type or info.type, country, sector, code, tuple(aliases))
