"""Actors: who an entity or a phrase is, coded CAMEO-style (``RUSGOV``, ``BLROPP``, ``---REB``).

Pure functions over the article's own words and the lexicon (``extract/lexicons/actors.yaml``,
loaded once by :mod:`newsgraph.resolve.actor_lexicon`); no parse, no store:

- :func:`code_phrase` codes a phrase as written: "the Russian government" -> RUSGOV, "riot police
  in Minsk" -> BLRCOP, "the Kremlin" -> RUSGOV, "NATO" -> IGONAT, a person's name with the roles
  the article gives it ("the press secretary of the Russian president") -> RUSGOV;
- :func:`actor_for_entity` does the same for an :class:`~newsgraph.types.Entity` (name, type,
  roles, mentions as aliases);
- :func:`actor_key` is the key under which spellings of one actor merge across articles;
- :func:`load_overrides` / :func:`apply_overrides` read and apply the user's override file (its
  schema: ``resolve/actors.example.yaml``).

How a phrase is read. Its words are matched, longest first, against names (seats and named
bodies, organisations, outlets, demonyms, countries, capitals, big cities) and sector words
("president", "ministry", "riot police"). The **head** is the last name or sector word before
the first preposition (proper names may follow it: "the analytical center Strategy"); a phrase
whose head is neither ("Russian bases", "Moscow's obligations") is no actor.

- **Sector**: the head's. Heads like "spokesman", "leader", "director", "sources" inherit the
  sector of their modifiers or complement ("Kremlin spokesman" GOV, "rebel leader" REB,
  "director of the Minsk Center for Strategic Studies" EDU), else a default ("the Russian
  leader" GOV). A state office held no more ("former", "fugitive president") is ELI.
- **Country**: from the names before the head ("Belarusian police", "Kremlin sources",
  "Washington Post reporter", "European Community ministers"), else from the first complement
  that gives one ("riot police in Minsk", "President of Belarus", "Members of Congress"), never
  after "to"/"against"/"deployed" (an ambassador to Russia is not Russian). Two countries
  before the head ("Russian and Belarusian presidents") give none, unless the head is a named
  national body used of another country ("Egyptian Islamic Jihad" is Egyptian). A generic
  name's country is a default that any country the phrase names overrides ("Congress" is
  USALEG, "the Peruvian Congress" PERLEG). A demonym after "ethnic" names an ethnic group, not
  a nation: like CAMEO, "ethnic Albanians" are coded where they live (the complement, else the
  context).
- **Context**: a phrase with no country of its own whose sector is a state's (GOV, MIL, COP,
  JUD, LEG, SPY, OPP, PTY, CVL, REB) takes ``context_country``: "the Interior Ministry" in an
  article about Belarus is BLRGOV, "the opposition" BLROPP. People never do: their country comes
  from their roles only, so Putin, "president", stays RUS in an article set in Belarus; nor do
  phrases owned by someone the lexicon cannot place ("Putin's spokesman", "the Bush
  administration").
- **Metonymy**: seats are their government ("the Kremlin" RUSGOV, "the White House" USAGOV,
  "Downing Street" GBRGOV); a capital *acting* (``acting=True``: the caller's parse says it is
  the subject or agent, "Moscow will grant Minsk a loan") is its government (RUSGOV); not
  acting, a capital or city is its country (BLR). A country acting stays the country (RUS), as
  in CAMEO, where the state as a whole is coded by its country code alone. Brussels acting is
  the EU (IGOEEC).
- **Organisations**: transnational ones have country ``IGO``/``NGO``/``IMG`` (CAMEO's
  international militarized groups) and a fixed code (``IGOUNO``, ``IGONAT``, ``IGOEEC``,
  ``NGOAMN``, ``IMGALQ``); people working for them take that code ("UN inspectors" IGOUNO).
  National ones (armed groups, parties, legislatures) are a country and a sector like a seat:
  "Hamas" PSEREB, "Hamas leader" PSEREB, "Taliban government" AFGGOV.
- Where nothing says the country, the code starts with ``---`` (``---REB``, ``---EDU``): the
  article about Putin and Lukashenko never says the Higher School of Economics is Russian, so
  its associate professor is ``---EDU`` unless an override file says ``country: RUS`` for it.

Choices: protesters are CVL (not OPP; see actors.yaml), an interior ministry is GOV (its police
COP), experts and analysts are EDU, media are MED with the outlet's country where known.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from newsgraph.extract import gazetteer
from newsgraph.extract.citation_lexicon import is_outlet_name
from newsgraph.extract.entities import translit_key
from newsgraph.resolve.actor_lexicon import fold, lexicon
from newsgraph.resolve.actor_reading import DETERMINERS, POSSESSIVE, read, tokens, units
from newsgraph.types import Entity, EntityType

if TYPE_CHECKING:
    from newsgraph.resolve.actor_overrides import Overrides

__all__ = [
    "ActorInfo",
    "actor_code",
    "actor_for_entity",
    "actor_key",
    "apply_overrides",
    "code_phrase",
    "load_overrides",
]


@dataclass(frozen=True, slots=True)
class ActorInfo:
    """One actor: ``country`` is ISO 3166 alpha-3, ``IGO``, ``NGO``, ``IMG`` or None;
    ``actor_code`` is country + sector ("RUSGOV", "BLR", "---REB"), a fixed code ("IGOUNO"), or
    None when nothing is known."""

    name: str
    type: EntityType
    country: str | None
    sector: str | None
    actor_code: str | None
    aliases: tuple[str, ...] = ()


def actor_code(country: str | None, sector: str | None, code: str | None = None) -> str | None:
    """The CAMEO-style code: ``code`` when fixed, else country (``---`` if unknown) + sector."""
    if code:
        return code
    if country is None and sector is None:
        return None
    return (country or "---") + (sector or "")


# --- the API --------------------------------------------------------------------------------------


def code_phrase(
    text: str,
    roles: Sequence[str] = (),
    context_country: str | None = None,
    acting: bool = False,
    *,
    overrides: Overrides | None = None,
) -> ActorInfo | None:
    """The actor of a phrase as written, or None when it codes nothing.

    With ``roles``, ``text`` is a person's name and the roles say who the person is (context is
    then ignored); without, ``text`` is a description ("riot police in Minsk") or a name of a
    body or place. ``acting``: the phrase is the subject or agent of an action (a capital acting
    is its government). ``overrides``: names from an override file also count inside phrases
    ("associate professor at the Higher School of Economics" takes the school's country).
    """
    info, _ = _resolve(text, roles, context_country, acting, overrides, "PERSON" if roles else None)
    return info


def actor_for_entity(
    entity: Entity,
    context_country: str | None = None,
    *,
    acting: bool = False,
    overrides: Overrides | None = None,
) -> ActorInfo | None:
    """The actor of an entity: its name, type and roles coded, its mentions as aliases, and the
    override file applied when given. None only for names that are no actor ("State of the Union
    Treaty") or that an override file marks ``ignore``; an entity nothing codes keeps
    ``actor_code`` None (a person whose article states no role)."""
    info, non_actor = _resolve(
        entity.name, entity.roles, context_country, acting, overrides, entity.type
    )
    if non_actor:
        return None
    if info is None:
        info = ActorInfo(entity.name, entity.type, None, None, None)
    seen = {fold(info.name), *(fold(a) for a in info.aliases)}
    extra = []
    for m in entity.mentions:
        alias = _clean(m.text)
        if alias and fold(alias) not in seen:
            seen.add(fold(alias))
            extra.append(alias)
    if extra:
        info = replace(info, aliases=info.aliases + tuple(extra))
    if overrides is not None:
        return apply_overrides(info, entity.name, overrides)
    return info


def _resolve(
    text: str,
    roles: Sequence[str],
    context: str | None,
    acting: bool,
    overrides: Overrides | None,
    hint: EntityType | None,
) -> tuple[ActorInfo | None, bool]:
    """(actor or None, whether the text names a non-actor)."""
    person = hint == "PERSON"
    # an article "about" al-Qaeda or the UN gives no country to its ministries and police
    ctx = None if person or context in lexicon().transnational else context
    found = units(tokens(text), ctx, overrides)
    own = read(found, ctx, acting)
    head = own.head.name if own is not None else None
    named_org = head is not None and head.kind in ("org", "body", "outlet", "domain", "override")
    non_actor = any(u.name is not None and u.name.kind == "non_actor" for u in found)
    if own is None and non_actor and len(found) == 1 + sum(u.low in DETERMINERS for u in found):
        return None, True  # "the State of the Union Treaty": a name, but no actor
    if person and not named_org:
        own = None  # a person's name says nothing by its words ("Marine Le Pen")
    readings = [own] if own is not None else []
    for role in roles:
        r = read(units(tokens(role), ctx, overrides), ctx, False)
        if r is not None:
            readings.append(r)
    if not readings:
        return None, False
    with_country = next((r for r in readings if r.country is not None or r.code), None)
    country = with_country.country if with_country else None
    code = with_country.code if with_country else None
    sector = None if code else next((r.sector for r in readings if r.sector), None)
    if own is not None and (named_org or not person):
        typ: EntityType = own.type
    else:
        typ = hint or readings[0].type
    name, aliases = _clean(text), tuple[str, ...]()
    canonical = head is not None and head.kind in ("org", "body", "override") and own is not None
    if canonical and head is not None and head.generic and head.country != country:
        canonical = False  # "the Peruvian Congress" is not the United States Congress
    if canonical and head is not None:
        more = dict.fromkeys(a for a in (*head.aliases, _clean(text)) if a != head.name)
        name, aliases = head.name, tuple(more)  # the canonical name: "UN" -> United Nations
    return ActorInfo(name, typ, country, sector, actor_code(country, sector, code), aliases), False


def _clean(text: str) -> str:
    words = POSSESSIVE.sub("", " ".join(text.split())).split()
    while len(words) > 1 and words[0].lower() in DETERMINERS:
        words = words[1:]
    return " ".join(words)


# --- keys -----------------------------------------------------------------------------------------

_SKIP_IN_NAMES = frozenset(["mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "jr", "sr"])
_INITIAL_DOTS = re.compile(r"\b(\w)\.")
_NON_WORD = re.compile(r"[^\w'\-]+")
_OU = re.compile(r"ou(?=[^aeiouy])")  # Tikhanouskaya = Tikhanovskaya, Klaskouski = Klaskovsky
_BELARUSIAN_ENDING = re.compile(r"(?<!e)[ao]u$")  # Chausau = Chausov
_VOWELS = re.compile(r"[aeiou]+")


def actor_key(name: str, type: EntityType | None = None) -> str:
    """The key under which spellings of one actor merge across articles.

    Case, accents, a leading "the", dots of initials and punctuation never matter ("The U.N." =
    "UN"). A person (``type="PERSON"``, or with no type a name that looks like one: two to four
    capitalised words, no sector word, no place) is keyed by the *class of the first name's
    initial* and the *transliteration skeleton of the surname* (:func:`translit_key`, after
    folding x -> ks, ou -> ov and a Belarusian final -au/-ou -> -ov) with its number of vowel
    groups: "Alexander Lukashenko", "Aleksandr Lukashenka", "Alyaksandr Lukashenka" and "A.
    Lukashenko" are all ``a lkshnk4``; Tikhanouskaya = Tikhanovskaya, Chausau = Chausov,
    Zelensky = Zelenskyy, but Putin (``ptn2``) is not Potanin (``ptn3``). Vowel initials are one
    class (Oleksandr = Aleksandr), c = k, ph = f.

    Limits: middle names and patronymics are ignored, so two people with the same surname and
    first initial share a key (Viktor and Vladimir X); surnames under five letters are compared
    as spelt (Kim, Lee) because their skeletons are too short to trust; spellings whose
    consonants differ do not merge (Tsikhanouskaya/Tikhanovskaya, Uladzimir/Vladimir,
    Serhiy/Sergei); a surname alone ("Lukashenko") keys apart from the full name.
    """
    text = _INITIAL_DOTS.sub(r"\1", fold(name))
    words = [w.strip("'-") for w in _NON_WORD.split(text)]
    words = [w for w in words if w]
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    if words and (type == "PERSON" or (type is None and looks_like_person(name))):
        words = [w for w in words if w not in _SKIP_IN_NAMES] or words
        if len(words) == 1:
            return _surname_key(words[0])
        return f"{_initial_class(words[0])} {_surname_key(words[-1])}"
    return " ".join(words)


def _surname_key(word: str) -> str:
    """The surname's consonant skeleton and its number of vowel groups: the skeleton alone
    would merge Putin (ptn) and Potanin (ptnn -> ptn), so "ptn2" and "ptn3"."""
    if len(word) < 5:
        return word
    word = _BELARUSIAN_ENDING.sub("ov", _OU.sub("ov", word.replace("x", "ks")))
    vowel_groups = len(_VOWELS.findall(word.replace("y", "i")))
    return f"{translit_key(word)}{vowel_groups}"


def _initial_class(word: str) -> str:
    if word.startswith("ph"):
        return "f"
    c = word[0]
    return "a" if c in "aeiouy" else "k" if c == "c" else c


def looks_like_person(name: str) -> bool:
    """Whether a name with no type looks like a person's: two to four capitalised words, none of
    them a sector word, and not a known place, organisation or outlet."""
    lex = lexicon()
    words = name.split()
    if not 2 <= len(words) <= 4 or not all(w[:1].isupper() for w in words):
        return False
    if any((fold(w).strip(".,"),) in lex.words for w in words):
        return False
    k = tuple(fold(name).split())
    if k in lex.folded or tuple(words) in lex.exact or gazetteer.lookup(name) is not None:
        return False
    return not is_outlet_name(name)


# --- override file ----------------------------------------------------------------------------


def load_overrides(path: str | Path) -> Overrides:
    """The override file at ``path`` (schema: ``resolve/actors.example.yaml``); a bad file raises
    :class:`~newsgraph.errors.SettingsError` naming the file and the entry."""
    from newsgraph.resolve.actor_overrides import load_overrides as load

    return load(path)


def apply_overrides(info: ActorInfo | None, name: str, overrides: Overrides) -> ActorInfo | None:
    """``info`` (the actor found for ``name``, or None) corrected by the override file: the
    entry whose name or alias matches ``name`` or ``info``'s name or aliases (by
    :func:`actor_key`) replaces the fields it gives; ``ignore: true`` gives None."""
    from newsgraph.resolve.actor_overrides import apply_overrides as apply

    return apply(info, name, overrides)
