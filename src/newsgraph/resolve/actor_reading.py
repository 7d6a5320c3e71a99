"""Reading a phrase into an actor: the words matched against the lexicon, the head found, and
the head's sector and country worked out (the rules are described in :mod:`.actors`).

A phrase becomes **units**: names (seats, organisations, outlets, demonyms, places; from an
override file too), sector words, prepositions, "former" words and other words, matched longest
first. :func:`read` finds the head and returns a :class:`Reading`, or None for a phrase whose
head is no actor word ("Russian bases") or is a known non-actor ("the State of the Union").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsgraph.extract import gazetteer
from newsgraph.extract.citation_lexicon import DOMAIN, LEXICON, is_outlet_name
from newsgraph.resolve.actor_lexicon import Name, Word, fold, lexicon
from newsgraph.types import EntityType

if TYPE_CHECKING:
    from newsgraph.resolve.actor_overrides import Overrides

# --- units --------------------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\s,;:!?()\[\]{}\"“”«»„]+")
_ABBREV = re.compile(r"^(?:[A-Za-z]\.)+$")
POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
DETERMINERS = frozenset(["the", "a", "an"])
_NAME_JOINERS = frozenset(["and", "&"])
# Arabic articles written in lower case before a name: "al-Qaeda", "ash-Shabaab" and "al Qaeda"
# are names as much as "Al-Qaeda" is
_ARTICLE_NAME = re.compile(r"^(?:al|el|ad|an|ar|as|ash|at|az|ul)-[^\W\d_]", re.UNICODE)
_ARTICLES = frozenset(["al", "el"])


@dataclass(frozen=True, slots=True)
class Tok:
    text: str  # as written, without possessive or a trailing full stop
    low: str  # folded
    cap: bool
    poss: bool = False  # written with a possessive ("Putin's")


@dataclass(frozen=True, slots=True)
class Unit:
    kind: str  # name | word | prep | former | other
    low: str
    cap: bool
    name: Name | None = None
    word: Word | None = None
    poss: bool = False


def tokens(text: str) -> list[Tok]:
    out: list[Tok] = []
    for raw in _TOKEN.findall(text):
        stripped = raw.strip('‘`"')
        t = POSSESSIVE.sub("", stripped)
        poss = t != stripped
        t = t.strip("'’")
        if t.endswith(".") and not _ABBREV.match(t):
            t = t.rstrip(".")
        if not t:
            continue
        low = fold(t)
        if low.startswith("ex-") and len(low) > 3:  # ex-president
            out.append(Tok("ex", "ex", False))
            t, low = t[3:], low[3:]
        stem, _, suffix = t.rpartition("-")
        if stem[:1].isupper() and fold(suffix) in lexicon().governing_suffixes:
            t, low = stem, fold(stem)  # "Hamas-run", "Saudi-led": read as "Hamas", "Saudi"
        cap = t[0].isupper() or (
            _ARTICLE_NAME.match(t) is not None and t[t.index("-") + 1].isupper()
        )
        out.append(Tok(t, low, cap, poss))
    return out


def units(toks: list[Tok], context: str | None, overrides: Overrides | None) -> list[Unit]:
    lex = lexicon()
    longest = max(lex.names_longest, lex.words_longest, overrides.longest if overrides else 0)
    out: list[Unit] = []
    i = 0
    while i < len(toks):
        for n in range(min(longest, len(toks) - i), 0, -1):
            unit = _match(toks[i : i + n], context, overrides)
            if unit is not None:
                break
        else:
            tok, n = toks[i], 1
            kind = "prep" if tok.low in lex.prepositions else "other"
            kind = "former" if tok.low in lex.former else kind
            unit = Unit(kind, tok.low, tok.cap, poss=tok.poss)
        out.append(unit)
        i += n
    return out


def _match(span: list[Tok], context: str | None, overrides: Overrides | None) -> Unit | None:
    lex = lexicon()
    low = tuple(t.low for t in span)
    first = span[0]
    cap = first.cap or (len(span) > 1 and first.low in _ARTICLES and span[1].cap)
    name: Name | None = None
    if cap and overrides is not None:
        name = overrides.phrases.get(low)
    if name is None:
        name = lex.exact.get(tuple(t.text for t in span))
    if name is None and cap:
        name = lex.folded.get(low)
    if name is None and (cap or (len(span) == 1 and DOMAIN.match(first.text))):
        name = _outlet(span)
    if name is None and cap and span[-1].cap and len(span) <= 4:
        name = _place(" ".join(t.text for t in span), context)
    if name is not None:
        return Unit("name", " ".join(low), first.cap, name=name)
    word = lex.words.get(low)
    if word is not None:
        return Unit("word", " ".join(low), first.cap, word=word)
    return None


def _outlet(span: list[Tok]) -> Name | None:
    lex = lexicon()
    text = " ".join(t.text for t in span)
    if len(span) == 1:
        if DOMAIN.match(text):
            tld = lex.tlds.get(text.rsplit(".", 1)[-1].lower())
            country = lex.outlet_countries.get(text, tld)  # tut.by is Belarusian
            if text in LEXICON.outlets:
                return Name("outlet", text, country, "MED")
            return Name("domain", text, country, None)
        if text not in LEXICON.outlets:
            return None
    elif not all(t.cap for t in span) or (span[-1].low,) in lex.words or len(span) > 5:
        return None  # "Press Secretary" is a role, not an outlet
    if len(span) > 1 and not is_outlet_name(text):
        return None
    country = lex.outlet_countries.get(text)
    if country is None and len(span) > 1:  # "The Washington Post", "Moscow Times"
        places = {p.country for t in span if (p := _place(t.text, None)) is not None}
        country = places.pop() if len(places) == 1 else None
    return Name("outlet", text, country, "MED")


def _place(text: str, context: str | None) -> Name | None:
    lex = lexicon()
    low = fold(text)
    if low in lex.not_places:
        return None
    if context == "USA" and low in lex.us_states:  # Georgia in an American story
        return Name("place", text, "USA", None, type="PLACE")
    place = gazetteer.lookup(text)
    capital = lex.capitals.get(low)
    if place is None or place.country is None:
        return None if capital is None else Name("capital", text, capital, None, type="PLACE")
    if capital == place.country:
        return Name("capital", text, capital, None, type="PLACE")
    if place.kind in ("country", "us_state") or (
        place.kind == "city" and place.population >= lex.city_min_population
    ):
        return Name("place", text, place.country, None, type="PLACE")
    return None


# --- reading a phrase ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reading:
    country: str | None
    sector: str | None
    code: str | None
    type: EntityType
    head: Unit


def read(units: list[Unit], context: str | None, acting: bool) -> Reading | None:
    """The actor a phrase's units describe, or None (no head, or a non-actor name)."""
    lex = lexicon()
    cut = next((i for i, u in enumerate(units) if u.kind == "prep"), len(units))
    head_part, rest = units[:cut], units[cut:]
    hi = _head_index(head_part)
    if hi is None:
        return None
    head, before = head_part[hi], head_part[:hi]
    if head.name is not None and head.name.kind == "non_actor":
        return None
    _, sector = _sector(head, before, rest)
    typ: EntityType = "ORG"
    seat: str | None = None  # the organisation a capital acting stands for ("Brussels": the EU)
    if head.word is not None:
        if not head.word.body:
            typ = "GROUP" if head.word.plural else "PERSON"
    elif head.name is not None:
        typ = "GROUP" if head.name.plural else head.name.type
        if head.name.kind == "capital" and acting and all(u.low in DETERMINERS for u in before):
            sector, typ = "GOV", "ORG"
            seat = lex.capital_seats.get(head.low)
    country, code = _country(head, before, rest)
    if seat is not None:
        country, code = seat[:3], seat
    if sector in lex.state_sectors and any(u.kind == "former" for u in before):
        sector = "ELI"
    # context: not past a named possessor the lexicon cannot place ("Putin's spokesman" is
    # Putin's, whatever the article's country; the caller resolves the possessor), nor for a
    # body named after its leader ("the Bush administration" is Bush's)
    possessor = any(u.kind == "other" and u.poss and u.cap for u in before)
    if head.word is not None and head.low in lex.leader_bodies and before:
        possessor = possessor or (before[-1].kind == "other" and before[-1].cap)
    # an ethnic group lives where the article is, whatever its demonym ("ethnic Albanians")
    ethnic = any(_ethnic(units, i) for i in range(len(head_part)))
    domestic = sector in lex.domestic or ethnic
    if country is None and code is None and context and domestic and not possessor:
        country = context
    if code is not None:
        sector = None  # people of an IGO or NGO are that organisation
    if country is None and sector is None and code is None:
        return None
    return Reading(country, sector, code, typ, head)


def _ethnic(units: list[Unit], i: int) -> bool:
    """Whether ``units[i]`` is a demonym that names an ethnic group, not a nation: "ethnic
    Albanians" in Macedonia are coded by where they live (CAMEO), not as Albania."""
    u = units[i]
    return (
        u.name is not None
        and u.name.kind == "demonym"
        and i > 0
        and units[i - 1].low in lexicon().ethnic_markers
    )


def _head_index(part: list[Unit]) -> int | None:
    for i in range(len(part) - 1, -1, -1):
        u = part[i]
        if u.kind == "word" or (u.kind == "name" and i == len(part) - 1):
            return i
        # proper names after a descriptor ("the analytical center Strategy", "President Putin"),
        # but not after a name: "Vladimir Putin" is no place, "Minsk Tractor Works" unknown
        if not (u.kind == "other" and (u.cap or u.low in _NAME_JOINERS)):
            return None
    return None


def _unit_sector(u: Unit) -> tuple[bool, str | None]:
    """Whether a modifier says the sector, and which (None for an IGO/NGO: its own code)."""
    if u.word is not None and not u.word.inheriting and u.word.sector is not None:
        return True, u.word.sector
    if (
        u.name is not None
        and u.name.kind in ("body", "org", "outlet", "override")
        and u.name.sector
    ):
        return True, u.name.sector
    if u.name is not None and u.name.code is not None:
        return True, None
    return False, None


def _sector(head: Unit, before: list[Unit], rest: list[Unit]) -> tuple[bool, str | None]:
    if head.name is not None:
        return _unit_sector(head)
    assert head.word is not None
    if not head.word.inheriting:
        return True, head.word.sector
    for u in reversed(before):
        found, sector = _unit_sector(u)
        if found:
            return True, sector
    if rest:  # the complement: what the head belongs to ("spokesman for the ministry")
        units = rest[1:]
        cut = next((i for i, u in enumerate(units) if u.kind == "prep"), len(units))
        hi = _head_index(units[:cut])
        if hi is not None:
            found, sector = _sector(units[hi], units[:hi], units[cut:])
            if found:
                return True, sector
    # the default only for a bare head ("the Russian leader", "a senior official", "Putin's
    # spokesman"), not one with a qualifier the lexicon does not know ("far-right leader",
    # "Hamas leader")
    lex = lexicon()
    if any(u.kind == "other" and not u.poss and u.low not in lex.neutral for u in before):
        return False, None
    return head.word.sector is not None, head.word.sector


def _country(head: Unit, before: list[Unit], rest: list[Unit]) -> tuple[str | None, str | None]:
    """(country, fixed code) from the names before the head, else the first complement.

    A generic name's country ("Congress": USA) is a default: any other country the phrase
    names wins ("the Peruvian Congress", "Congress of Colombia"). A demonym after "ethnic"
    names no country."""
    lex = lexicon()
    segments: list[tuple[str, list[Unit]]] = [("", [*before, head])]
    for u in rest:
        if u.kind != "prep":
            segments[-1][1].append(u)
        elif segments[-1][1]:  # "operating in Russia" is one complement, led by "operating"
            segments.append((u.low, []))
    # per segment, the names that place it, with whether each is the head
    placed = [
        [
            (u.name, u is head)
            for i, u in enumerate(seg)
            if u.name is not None and u.name.country is not None and not _ethnic(seg, i)
        ]
        for prep, seg in segments
        if prep not in lex.blocking
    ]
    if any(not n.generic for seg_names in placed for n, _ in seg_names):
        placed = [[(n, h) for n, h in seg_names if not n.generic] for seg_names in placed]
    for seg_names in placed:
        countries = {n.country for n, _ in seg_names}
        if len(countries) == 1:
            return seg_names[-1][0].country, seg_names[-1][0].code
        if len(countries) > 1:  # "Russian and Belarusian presidents": none, unless a named head
            heads = [n for n, is_head in seg_names if is_head]
            if not heads:
                return None, None
            # a national body's name used of another country ("Egyptian Islamic Jihad",
            # "Sudan People's Liberation Army") is that country's; an IGO's or a people's is
            # not ("the Palestinian Red Crescent", "Turkish Cypriots")
            others = [
                n for n, is_head in seg_names if not is_head and n.country != heads[0].country
            ]
            national = heads[0].kind in ("body", "org") and heads[0].code is None
            if national and len({n.country for n in others}) == 1:
                return others[-1].country, others[-1].code
            return heads[0].country, heads[0].code
    return None, None
