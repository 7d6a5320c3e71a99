"""Source and target of an event, from the dependency parse, coded with
:mod:`newsgraph.resolve.actors`.

Verb triggers: the subject is the source (the ``by`` agent of a passive), the object, the
dative, the passive subject or the object of "with"/"against"/"to"/"on"/"from" the target.
Noun triggers ("talks between A and B", "Russia's loan", "protests against the government")
take their own possessor, adjective or "between"/"by"/"of" complement, else the arguments of
the verb they are the object of ("Moscow held talks with Minsk"). A pronoun subject borrows
the subject of the clause above ("Chile says it will pull out"). Coordinated actors give one
actor each ("Danish and Dutch ministers", "Peru and Chile"). A verb coordinated with another
shares its subject, not the agent of its passive ("was indicted by the court and will
resign"). When the object is what the act gives, moves or names ("imposed sanctions on Iran",
"sent weapons to Ukraine", "deployed troops"), it is no target; the target may then hang
from it. For acts done to someone, a noun's "of" is the target ("the invasion of Lebanon").
A target phrase that does not code takes the country its own adjective names ("two Iraqi
youths").

An actor is ``{name, actor_id, actor_code, country}``: the entity's id when a mention of an
entity covers the phrase's head, else None with the phrase coded as written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from newsgraph.resolve.actors import ActorInfo
from newsgraph.resolve.actors import actor_for_entity as _actor_for_entity
from newsgraph.resolve.actors import code_phrase as _code_phrase

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from newsgraph.resolve.actor_overrides import Overrides
    from newsgraph.types import Entity

Actor = dict[str, Any]

_TARGET_PREPS = ("against", "with", "to", "on", "upon", "from", "into", "toward", "towards")
_NOUN_SOURCE_PREPS = ("by", "of", "from")
_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you", "who", "which", "that"})
_NOT_ACTORS = frozenset(
    {
        "people", "person", "number", "record", "part", "group", "thousand", "thousands",
        "hundred", "hundreds", "dozen", "dozens", "million", "millions", "member", "some", "ten", "tens", "score", "scores",
    }
)  # fmt: skip
_MEDIATION = frozenset({"mediation", "mediate"})
_STATIVE_PASSIVES = frozenset(
    {"commit", "prepare", "determine", "oppose", "dedicate", "engage", "involve"}
)
_SUBJECT_UP = frozenset({"xcomp", "conj", "advcl", "pcomp", "prep", "acomp"})
_POSS_PRONOUNS = frozenset({"his", "her", "its", "their", "our", "my", "your", "whose"})
_NO_SCAN = frozenset({"relcl", "acl", "advcl", "appos", "conj", "cc", "punct"})


_OVERRIDES: list[Overrides | None] = [None]


def use_overrides(overrides: Overrides | None) -> None:
    """Code actors with the user's override file from now on (None: without one).

    The file is a process-wide setting (the :class:`~newsgraph.pipeline.Analyzer` sets it from
    ``actors_file``), so the memoised coders below are emptied when it changes."""
    if overrides is not _OVERRIDES[0]:
        _OVERRIDES[0] = overrides
        code_phrase.cache_clear()
        actor_for_entity.cache_clear()


def current_overrides() -> Overrides | None:
    return _OVERRIDES[0]


@lru_cache(maxsize=8192)
def code_phrase(text: str, context_country: str | None = None, acting: bool = False) -> Any:
    """:func:`newsgraph.resolve.actors.code_phrase`, memoised (it is pure)."""
    return _code_phrase(
        text, context_country=context_country, acting=acting, overrides=_OVERRIDES[0]
    )


@lru_cache(maxsize=4096)
def actor_for_entity(entity: Entity, context: str | None = None, acting: bool = False) -> Any:
    """:func:`newsgraph.resolve.actors.actor_for_entity`, memoised (it is pure)."""
    return _actor_for_entity(entity, context, acting=acting, overrides=_OVERRIDES[0])


class EntityIndex:
    """Which entity (and mention) covers a character offset of ``doc.text``."""

    def __init__(self, entities: Sequence[Entity]) -> None:
        self._spans: list[tuple[int, int, Entity]] = sorted(
            ((m.start, m.end, e) for e in entities for m in e.mentions), key=lambda t: t[0]
        )

    def at(self, start: int, end: int) -> Entity | None:
        for s, t, e in self._spans:
            if s > end:
                break
            if s <= start < t or (start <= s and t <= end):
                return e
        return None


def _phrase(tok: Token) -> tuple[int, int]:
    """The token span of a noun phrase: left modifiers, the head, and "of"/"in" complements
    (but no relative clause, apposition or coordination)."""
    left = tok
    for c in tok.lefts:
        if c.dep_ not in ("punct", "cc"):
            left = c.left_edge if c.left_edge.i < left.i else left
            break
    right = tok.i
    for c in tok.rights:
        if c.dep_ == "prep" and c.lower_ in ("of", "in") and c.i == right + 1:
            right = c.right_edge.i
        elif c.dep_ == "compound" or (c.dep_ == "flat"):
            right = max(right, c.i)
        else:
            break
    return left.i, right + 1


def _code(
    tok: Token,
    doc: Doc,
    index: EntityIndex,
    context: str | None,
    acting: bool,
    cache: dict[tuple[int, bool], Actor | None],
) -> Actor | None:
    """The actor a phrase's head token stands for: the entity a mention of which covers it,
    else the phrase coded as written, else the first country its own words name
    ("activist groups in Kenya" -> KEN); a person nothing places takes ``context``."""
    key = (tok.i, acting)
    if key in cache:
        return cache[key]
    out: Actor | None = None
    if tok.lemma_.lower() in _NOT_ACTORS or tok.like_num:
        if not acting:
            cache[key] = None
            return None
        # "dozens of farmers from Ghana": only the country is known
        country = _country_in(tok, index, context)
        if country is not None:
            out = {"name": tok.text, "actor_id": None, "actor_code": country, "country": country}
    elif tok.lower_ not in _PRONOUNS:
        ent = index.at(tok.idx, tok.idx + len(tok.text))
        s, t = _phrase(tok)
        info: ActorInfo | None = None
        if ent is not None:
            info = actor_for_entity(ent, context, acting)
        if info is None or info.country is None:
            coded = code_phrase(doc[s:t].text, context_country=context, acting=acting)
            if coded is not None and (coded.country or info is None):
                info = coded
        if info is not None and info.type == "GROUP" and info.sector is None:
            home = _residence(tok, index)
            if home is not None and home != info.country:
                info = replace(info, country=home, actor_code=home)
        if (info is None or info.country is None) and acting:
            country = _country_in(tok, index, context)
            guessed = False
            if country is None and ent is not None and ent.type == "PERSON" and acting:
                country, guessed = context, True  # a named leader the article does not place
            if country is not None:
                sector = info.sector if info is not None else None
                name = ent.name if ent is not None else doc[s:t].text
                out = {
                    "name": name,
                    "actor_id": ent.id if ent is not None else None,
                    "actor_code": country + (sector or ""),
                    "country": country,
                }
                if guessed:
                    out["guessed"] = True
        if (info is None or info.country is None) and not acting and ent is None:
            # "killed two Iraqi youths", "at least three Iraqi civilians": a target whose
            # phrase does not code is of the country its own adjective or compound names
            country = _modifier_country(tok, index)
            if country is not None:
                sector = info.sector if info is not None else None
                out = {
                    "name": doc[s:t].text,
                    "actor_id": None,
                    "actor_code": country + (sector or ""),
                    "country": country,
                }
        if out is None and info is not None and (info.actor_code or info.country or ent):
            out = _dict(info, ent.id if ent is not None else None)
            if info.country is not None and context is not None and info.country == context:
                # did the country come from the context only?
                bare = (
                    actor_for_entity(ent, None, acting)
                    if ent is not None
                    else code_phrase(doc[s:t].text, None, acting)
                )
                if bare is None or bare.country is None:
                    out["guessed"] = True
    cache[key] = out
    return out


def _residence(tok: Token, index: EntityIndex) -> str | None:
    """The country a group lives in by its own phrase ("Tamils in Canada",
    "the Sami of Norway"): CAMEO codes an ethnic group by its country of residence."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "of"):
            for g in c.subtree:
                ent = index.at(g.idx, g.idx + len(g.text))
                if ent is not None and ent.type == "PLACE":
                    info = actor_for_entity(ent, None, False)
                    if info is not None and info.country:
                        return str(info.country)
    return None


def _modifier_country(tok: Token, index: EntityIndex) -> str | None:
    """The country named by a demonym or place among a noun's own left modifiers
    ("Iraqi youths", "U.S. soldiers"), not by anything further down its phrase."""
    for c in tok.lefts:
        if c.dep_ not in ("amod", "compound", "nmod") or c.pos_ not in ("ADJ", "PROPN"):
            continue
        ent = index.at(c.idx, c.idx + len(c.text))
        info = actor_for_entity(ent, None) if ent is not None else code_phrase(c.text)
        if info is not None and info.country:
            return str(info.country)
    return None


def _country_in(tok: Token, index: EntityIndex, context: str | None) -> str | None:
    """The first country named by the words of a phrase (its subtree, no clauses)."""
    stack, seen = [tok], 0
    toks: list[Token] = []
    while stack and seen < 16:
        t = stack.pop()
        toks.append(t)
        seen += 1
        stack.extend(c for c in t.children if c.dep_ not in _NO_SCAN)
    for t in sorted(toks, key=lambda x: x.i):
        if t.pos_ not in ("PROPN", "ADJ", "NOUN") or t.lower_ in _PRONOUNS:
            continue
        ent = index.at(t.idx, t.idx + len(t.text))
        info = actor_for_entity(ent, None) if ent is not None else code_phrase(t.text)
        if info is not None and info.country:
            return info.country
    return None


def _dict(info: ActorInfo, entity_id: str | None) -> Actor:
    return {
        "name": info.name,
        "actor_id": entity_id,
        "actor_code": info.actor_code,
        "country": info.country,
    }


def _conjuncts(tok: Token) -> list[Token]:
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "ADJ"):
            out.extend(_conjuncts(c))
    return out


def _holders(tok: Token) -> list[Token]:
    """The actor-bearing tokens of a phrase: "Danish and Dutch ministers" gives both
    adjectives when they are coordinated demonyms, else the head; "hundreds of nurses" the
    complement."""
    if tok.lemma_.lower() in _NOT_ACTORS or tok.like_num:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                objs = [g for g in c.children if g.dep_ == "pobj"]
                if objs:
                    return _conjuncts(objs[0])
    mods = [c for c in tok.children if c.dep_ == "amod" and c.pos_ in ("ADJ", "PROPN")]
    if mods and any(c.dep_ == "conj" for c in mods[0].children):
        return [tok, *_conjuncts(mods[0])[1:]]
    return _conjuncts(tok)


def _subject(verb: Token, depth: int = 0) -> tuple[Token | None, bool]:
    """(subject token, whether it is a passive's agent)."""
    for c in verb.children:
        if c.dep_ == "agent":
            objs = [g for g in c.children if g.dep_ == "pobj"]
            if objs:
                return objs[0], True
    for c in verb.children:
        if c.dep_ in ("nsubj", "csubj"):
            return c, False
        if c.dep_ == "nsubjpass" and verb.lemma_.lower() in _STATIVE_PASSIVES:
            return c, False  # "Vietnam is committed to ...": a state of the subject
    if any(c.dep_ == "nsubjpass" for c in verb.children):
        return None, False  # a passive without its agent: no source
    # "X agreed to withdraw": the controller's subject; "arresting 12" after "opened fire";
    # "A and B are accused of breaking": through the preposition and the adjective
    if verb.dep_ in _SUBJECT_UP and verb.head.i != verb.i and depth < 4:
        if verb.dep_ == "conj":
            # "was indicted by the court and will resign": a coordinated verb shares the
            # grammatical subject of the first, not the agent of its passive
            for c in verb.head.children:
                if c.dep_ in ("nsubj", "nsubjpass", "csubj"):
                    return c, False
        return _subject(verb.head, depth + 1)
    return None, False


def _resolve_pronoun(tok: Token) -> Token | None:
    """A pronoun subject's antecedent: the subject of the nearest clause above."""
    verb = tok.head
    steps = 0
    while verb.head.i != verb.i and steps < 4:
        verb, steps = verb.head, steps + 1
        subj, _ = _subject(verb)
        if subj is not None and subj.lower_ not in _PRONOUNS:
            return subj
    return None


def _target_tokens(verb: Token, skip: Token | None) -> list[Token]:
    """Candidate targets, best first: dative, object, passive subject, then prepositions."""
    out: list[Token] = []
    for dep in ("dative", "dobj", "nsubjpass"):
        for c in verb.children:
            if c.dep_ != dep or (skip is not None and c.i == skip.i):
                continue
            if c.pos_ == "ADP":  # "sent weapons to Ukraine": a dative "to" stands for its object
                out.extend(g for g in c.children if g.dep_ == "pobj")
            else:
                out.append(c)
    preps = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in _TARGET_PREPS]
    preps.sort(key=lambda c: _TARGET_PREPS.index(c.lower_))
    for p in preps:
        out.extend(g for g in p.children if g.dep_ == "pobj")
    # "provide Belarus with a loan": the dative may be parsed as the object of "with"'s head
    return out


_NOUN_UP = frozenset({"dobj", "attr", "pobj", "prep", "compound"})


def _inside(tok: Token, phrase: Token) -> bool:
    return phrase.left_edge.i <= tok.i <= phrase.right_edge.i


def _between(trigger: Token, pobj: Token) -> list[Token]:
    """The parties of "talks between A and B" (also when the parser hangs the names as an
    apposition: "between Presidents A and B")."""
    cands = _conjuncts(pobj)
    for holder in (pobj, trigger):
        for c in holder.children:
            if c.dep_ == "appos":
                cands.extend(_conjuncts(c))
    return cands


def find_actors(
    trigger: Token,
    doc: Doc,
    index: EntityIndex,
    context: str | None,
    cache: dict[tuple[int, bool], Actor | None],
    climb: bool = True,
    governed: Token | None = None,
    patient_of: bool = False,
    own_object: bool = False,
    aim: tuple[Token, bool] | None = None,
) -> tuple[list[Actor | None], list[Actor | None]]:
    """(sources, targets) of a trigger: each list has at least one item (None = unknown).
    ``climb``: a pronoun subject may borrow the subject of a clause above. ``patient_of``: the
    "of" complement of a noun trigger is its target ("the invasion of Lebanon", "the arrest of
    the mayor"), not its source ("the visit of the leader"). ``own_object``: a verb trigger's
    direct object is what the act gives, moves or names ("imposed sanctions", "deployed
    troops", "shared intelligence"), not whom it is aimed at. ``aim``: (a governed act, its
    ``own_object``) whose target is the trigger's when it has none of its own ("offered to
    hold talks with Manila", "threatened to impose sanctions on Lithuania")."""
    src_toks, tgt_toks, exact = _tokens(trigger, index, climb, governed, patient_of, own_object)
    sources = _coded(src_toks, doc, index, context, True, cache, exact)
    if not sources and trigger.pos_ in ("NOUN", "PROPN"):
        # "Turkish drone strikes": a country among the noun's own left modifiers
        for c in trigger.lefts:
            if c.dep_ in ("compound", "nmod", "amod", "poss"):
                country = _country_in(c, index, None)
                if country is not None:
                    sources = [{"name": c.text, "actor_id": None, "actor_code": country,
                                "country": country}]  # fmt: skip
                    break
    targets = _coded(tgt_toks, doc, index, context, False, cache, exact)
    if not targets and aim is not None:
        _, aim_toks, aim_exact = _tokens(aim[0], index, False, None, False, aim[1])
        targets = _coded(aim_toks, doc, index, context, False, cache, exact | aim_exact)
    if sources and targets:
        # a source country guessed from the article's context that is the target's country
        # was the wrong guess ("the premier threatened Norway")
        tgt_countries = {
            t.get("country") for t in targets if t is not None and not t.get("guessed")
        }
        sources = [
            None if a is not None and a.get("guessed") and a["country"] in tgt_countries else a
            for a in sources
        ]
        sources = [a for a in sources if a is not None]
        # a target that is the source again is dropped
        src_codes = {(a or {}).get("actor_code") for a in sources}
        targets = [t for t in targets if t is None or t.get("actor_code") not in src_codes]
    clean = [{k: v for k, v in a.items() if k != "guessed"} if a else a for a in sources]
    tclean = [{k: v for k, v in a.items() if k != "guessed"} if a else a for a in targets]
    return clean or [None], tclean or [None]


def _tokens(
    trigger: Token,
    index: EntityIndex,
    climb: bool,
    governed: Token | None,
    patient_of: bool,
    own_object: bool,
) -> tuple[list[Token], list[Token], set[int]]:
    """The source and target candidate tokens of a trigger, best first, and the tokens whose
    conjuncts are other parties (see :func:`find_actors`)."""
    src_toks: list[Token] = []
    tgt_toks: list[Token] = []
    exact: set[int] = set()  # tokens whose conjuncts are other parties, not co-actors
    if trigger.pos_ in ("NOUN", "PROPN"):
        for c in trigger.children:
            if c.dep_ == "poss" and c.lower_ in _POSS_PRONOUNS:
                continue  # "their hunger strike": the clause's subject says whose
            if c.dep_ == "poss" or (c.dep_ in ("amod", "compound") and c.pos_ in ("ADJ", "PROPN")):
                src_toks.append(c)
            elif c.dep_ == "prep" and c.lower_ == "between":
                objs = [g for g in c.children if g.dep_ == "pobj"]
                if objs:
                    parties = _between(trigger, objs[0])
                    named = [t for t in parties if index.at(t.idx, t.idx + len(t.text))]
                    parties = named if len(named) >= 2 else parties
                    if trigger.lemma_.lower() in _MEDIATION:
                        tgt_toks.extend(parties[:1])  # the mediator is someone else
                    else:
                        src_toks.append(parties[0])
                        tgt_toks.extend(parties[1:2])
                    exact.update(t.i for t in parties[:2])
            elif c.dep_ == "prep":
                objs = [g for g in c.children if g.dep_ == "pobj"]
                if not objs:
                    continue
                if c.lower_ == "of" and patient_of:
                    if not tgt_toks:
                        tgt_toks.append(objs[0])
                elif c.lower_ in _NOUN_SOURCE_PREPS and not src_toks:
                    src_toks.append(objs[0])
                elif c.lower_ in _TARGET_PREPS and not tgt_toks:
                    tgt_toks.append(objs[0])
        verb, steps, path = trigger, 0, [trigger.dep_]
        while verb.pos_ not in ("VERB", "AUX") and verb.dep_ in _NOUN_UP and steps < 4:
            verb, steps = verb.head, steps + 1
            path.append(verb.dep_)
        # only a noun the verb governs closely: "held rallies", "began a mediation
        # mission", "came on a visit" (not "in the context of the largest protests")
        near = (
            (len(path) == 2 and path[0] in ("dobj", "attr", "nsubjpass"))
            or (len(path) == 3 and path[0] == "pobj" and trigger.head.lower_ != "of")
            or (len(path) == 3 and path[0] == "compound" and path[1] in ("dobj", "attr"))
        )
        if verb.pos_ in ("VERB", "AUX") and verb.i != trigger.i and near:
            # after the noun's own modifiers (tried first), the subject of its verb:
            # "the premier came to Oslo on a short visit"
            subj, _ = _subject(verb)
            if subj is not None and subj.i != trigger.i and not _inside(trigger, subj):
                src_toks.append(subj)
            if not tgt_toks and trigger.dep_ in ("dobj", "attr"):
                tgt_toks.extend(t for t in _target_tokens(verb, trigger) if t.i != trigger.i)
    else:
        verb = trigger
        if trigger.pos_ == "ADJ":  # "Chile is ready to pull out"
            verb = trigger.head
        subj, _ = _subject(verb)
        if subj is not None and subj.lower_ in _PRONOUNS and climb:
            subj = _resolve_pronoun(subj) or subj
        if subj is not None:
            src_toks.append(subj)
        objs = [c for c in trigger.children if c.dep_ == "dobj"]
        tgt_toks.extend(_target_tokens(trigger, objs[0] if own_object and objs else None))
        if own_object and objs:
            # "lodged a protest with Albania", "imposed sanctions on Iran", "sent weapons to
            # Ukraine", "recalled its ambassador from Peru": the one the act is aimed at may
            # hang from its object
            for p in objs[0].children:
                if p.dep_ == "prep" and p.lower_ in _TARGET_PREPS:
                    tgt_toks.extend(g for g in p.children if g.dep_ == "pobj")
        if governed is not None and governed.pos_ in ("VERB", "AUX"):
            # "demanded that the mayor resign": the one asked to act is a target
            tgt_toks.extend(c for c in governed.children if c.dep_ == "nsubj")
    return src_toks, tgt_toks, exact


def _coded(
    toks: list[Token],
    doc: Doc,
    index: EntityIndex,
    context: str | None,
    acting: bool,
    cache: dict[tuple[int, bool], Actor | None],
    exact: set[int],
) -> list[Actor | None]:
    out: list[Actor | None] = []
    seen: set[tuple[Any, Any]] = set()
    for tok in toks:
        if out:
            break  # the first candidate that codes (with its conjuncts) is the actor
        mods = [
            c
            for c in tok.children
            if c.dep_ == "amod" and c.pos_ in ("ADJ", "PROPN")
            if any(g.dep_ == "conj" for g in c.children)
        ]
        if tok.i not in exact and mods:
            for adj in _conjuncts(mods[0]):
                info = code_phrase(f"{adj.text} {tok.text}", context_country=context, acting=acting)
                if info is not None and info.country:
                    out.append(_dict(info, None))
            if out:
                continue
        for h in [tok] if tok.i in exact else _holders(tok):
            a = _code(h, doc, index, context, acting, cache)
            if a is None:
                continue
            key = (a["actor_code"], a["name"])
            if key not in seen:
                seen.add(key)
                out.append(a)
    return out[:3]
