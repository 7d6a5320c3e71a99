"""Events: who did what to whom, when and where, coded in CAMEO and PLOVER.

:func:`extract_events` reads each sentence of the parsed article:

1. ``triggers``: words of ``lexicons/event_triggers.yaml`` name the act and its CAMEO code; a
   trigger governed by another is folded into it (one event per act);
2. ``actors``: source and target from the parse, coded by :mod:`newsgraph.resolve.actors`
   (coordinated actors give one event per source-target pair, as in CAMEO);
3. ``negation``: negated acts ("was not discussed") are kept with ``negated: true``; the
   modality says whether the act is asserted, intended ("will grant": roots 04-08 then take
   their 03 intent code), hypothetical or reported (inside a quote);
4. ``when``: a day the sentence states, resolved against the publication date;
5. the location (a place entity after "in"/"at"/"near" on the trigger or its clause; a place
   on another noun only when that noun is an argument of the act or is reached through
   places: "blocked streets in Hong Kong", "met at a summit in Brussels", but not "held
   amid protests in Belarus"), and the figures of the sentence that size the act (money
   for aid and cooperation, people for protests, arrests and violence).

A noun trigger with no actors of its own ("negotiations took place") takes those of the
latest earlier event of the same root ("talks between Lukashenko and Putin"), with lower
confidence. An act that still has neither a source nor a target is no coded event ("the
largest protests", "the use of force") and is dropped, unless it is negated. A control verb
with no target of its own takes the target of the act it governs ("offered to hold talks with
Manila"), except a demand, whose governed act belongs to the one asked. All offsets are
``doc.text`` offsets, like every other extractor's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from newsgraph.events.codes import cameo
from newsgraph.extract.events.actors import EntityIndex, actor_for_entity, find_actors
from newsgraph.extract.events.negation import (
    clause_verb,
    is_conditional,
    is_future,
    is_negated,
    modality,
)
from newsgraph.extract.events.triggers import (
    THREAT_ROOTS,
    Entry,
    Trigger,
    find,
    lexicon,
    match,
    refine,
)
from newsgraph.extract.events.when import parse_published, resolve
from newsgraph.resolve.actor_lexicon import lexicon as actor_lexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from newsgraph.types import Entity, Figure, Quote

__all__ = ["EXTRACTOR", "article_country", "extract_events"]

EXTRACTOR = "events.v1"
_LOC_PREPS = frozenset({"in", "at", "near", "outside", "inside"})
_MONEY_ROOTS = frozenset({"03", "06", "07", "08", "10", "12", "16"})
_PEOPLE_ROOTS = frozenset({"14", "15", "17", "18", "19", "20"})
_MAX_PAIRS = 4
# objects through which an entry matches that are people, and so its targets ("expelled the
# Mexican ambassador", "summoned the Spanish envoy")
_PERSONS = frozenset(
    {"ambassador", "envoy", "diplomat", "charge", "inspector", "observer", "monitor", "worker"}
)
_OWN = frozenset({"its", "their", "his", "her", "our"})
_ARG_DEPS = frozenset({"dobj", "nsubj", "nsubjpass", "attr", "dative"})
_CONDITIONS = frozenset({"if", "unless"})
# acts done to someone: the "of" of their nouns names the target ("the invasion of Lebanon",
# "the arrest of the mayor", "an investigation of the minister", "the release of prisoners")
_PATIENT_OF_ROOTS = frozenset({"09", "11", "12", "16", "17", "18", "19", "20"})
_UNLESS = frozenset({"unless"})
_NEAR = 8  # tokens: how far a place may lie from an act it does not attach to


def extract_events(
    doc: Doc,
    entities: Sequence[Entity],
    figures: Sequence[Figure],
    quotes: Sequence[Quote],
    id_prefix: str,
    published: str | None,
) -> list[dict[str, Any]]:
    """The article's events, in text order (see the module's doc)."""
    lexicon()  # fail early on a bad lexicon
    index = EntityIndex(entities)
    places = _places(entities)
    context = _context_country(entities, places)
    pub = parse_published(published)
    quote_spans = [(q.start, q.end, q.kind in ("direct", "mixed")) for q in quotes]
    cache: dict[tuple[int, bool], Any] = {}
    events: list[dict[str, Any]] = []
    last_by_root: dict[str, tuple[list[Any], list[Any]]] = {}
    state: dict[str, Any] = {}  # the country of the latest located event
    date_ents = [e for e in doc.ents if e.label_ in ("DATE", "TIME")]
    for sent in doc.sents:
        triggers = find(sent)
        if not triggers:
            continue
        dates = _dates(sent, date_ents, pub)
        for trig in triggers:
            events.extend(
                _events_of(
                    trig, sent, doc, index, places, context, dates, figures, quote_spans,
                    cache, last_by_root, id_prefix, state, [t.token for t in triggers],
                )
            )  # fmt: skip
    return events


def _events_of(
    trig: Trigger,
    sent: Span,
    doc: Doc,
    index: EntityIndex,
    places: dict[str, tuple[str, str | None]],
    context: str | None,
    dates: list[tuple[Token, date]],
    figures: Sequence[Figure],
    quote_spans: list[tuple[int, int, bool]],
    cache: dict[tuple[int, bool], Any],
    last_by_root: dict[str, tuple[list[Any], list[Any]]],
    id_prefix: str,
    state: dict[str, Any],
    others: Sequence[Token] = (),
) -> list[dict[str, Any]]:
    tok = trig.token
    start, end = tok.idx, tok.idx + len(tok.text)
    in_quote = any(s <= start < t for s, t, _ in quote_spans)
    in_direct = any(s <= start < t and d for s, t, d in quote_spans)
    code = trig.code
    future = trig.governed is None and is_future(tok)
    intent_root = code[:2] in lexicon().intent_roots
    if future and is_conditional(tok, _UNLESS if intent_root else _CONDITIONS):
        # "will recall its envoy unless ...", "will impose sanctions if ...": an act announced
        # on a condition is a threat, except a cooperative act offered "if" the other side
        # does something ("would meet the mediator if he ..."), which stays an intent
        code = refine("threat", code) or code
    elif future and tok.pos_ == "VERB" and intent_root:
        code = refine("intent", code) or code
    elif (
        trig.governed is None
        and code[:2] in THREAT_ROOTS
        and (future or modality(tok, False, False) == "hypothetical")
    ):
        # "will boycott", "would close the port", "may cut aid if": a threat
        code = refine("threat", code) or code
    mode = modality(tok, in_quote, trig.governed is not None and code[:2] == "03")
    negated = is_negated(tok)
    location = _location(tok, sent, index, places, others)
    ctx = (location or {}).get("country") or state.get("country") or context
    if location and location.get("country"):
        state["country"] = location["country"]
    patient_of = code[:2] in _PATIENT_OF_ROOTS or code.startswith("0841")
    gov = trig.governed
    gov_entry = match(gov) if gov is not None else None
    gov_own = gov is not None and gov_entry is not None and _own_object(gov, gov_entry)
    # "offered to hold talks with the Philippines", "threatened to impose sanctions on
    # Lithuania": whom the governed act is aimed at is the target of the offer or threat (not
    # of a demand, whose governed act is the one asked's)
    aim = (gov, gov_own) if gov is not None and trig.entry.control != "demand" else None
    sources, targets = find_actors(
        tok, doc, index, ctx, cache, climb=not in_direct, governed=gov,
        patient_of=patient_of, own_object=_own_object(tok, trig.entry), aim=aim,
    )  # fmt: skip
    if sources == [None] and gov is not None and _borrows_governed(trig):
        # "We agreed that Russia will provide Belarus with a loan": the governed act's actors
        sources, targets = find_actors(gov, doc, index, ctx, cache, climb=False, own_object=gov_own)
    borrowed = False
    row = cameo(code)
    if sources == [None] and targets == [None] and tok.pos_ in ("NOUN", "PROPN"):
        prev = last_by_root.get(row.root)
        if prev is not None:
            sources, targets, borrowed = prev[0], prev[1], True
    elif sources != [None]:
        last_by_root[row.root] = (sources, targets)
    if row.root == "14" and sources == [None] and location and location.get("country"):
        # CAMEO codes unnamed protesters as civilians of the country they protest in
        country = location["country"]
        crowd = {"name": "protesters", "actor_id": None, "actor_code": f"{country}CVL"}
        sources = [{**crowd, "country": country}]
        confidence_cut = 0.1
    else:
        confidence_cut = 0.0
    if sources == [None] and targets == [None] and not negated:
        # no actor at all: a bare mention of a kind of act ("the largest protests", "the
        # use of force"), not a coded event
        return []
    when = _date_for(tok, dates)
    figs = _figures(row.root, sent, figures)
    confidence = 0.85
    if tok.pos_ != "VERB":
        confidence -= 0.15
    if sources == [None]:
        confidence -= 0.25
    if borrowed:
        confidence -= 0.15
    if mode != "asserted":
        confidence -= 0.05
    confidence -= confidence_cut
    out: list[dict[str, Any]] = []
    pairs = [(s, t) for s in sources for t in targets][:_MAX_PAIRS]
    for k, (src, tgt) in enumerate(pairs):
        out.append(
            {
                "id": f"{id_prefix}:ev:{start}" + (f"-{k}" if k else ""),
                "code": row.code,
                "root": row.root,
                "name": row.name,
                "quad_class": row.quad_class,
                "goldstein": row.goldstein,
                "plover": row.plover,
                "plover_mode": row.plover_mode,
                "source": src,
                "target": tgt,
                "date": when.isoformat() if when else None,
                "location": location,
                "modality": mode,
                "negated": negated,
                "figures": figs,
                "start": start,
                "end": end,
                "text": tok.text,
                "sentence": sent.text,
                "confidence": round(max(0.05, min(1.0, confidence)), 2),
                "extractor": EXTRACTOR,
            }
        )
    return out


def _own_object(tok: Token, entry: Entry) -> bool:
    """Whether a verb trigger's direct object is what the act gives, moves or names rather than
    whom it is aimed at: the object through which the entry matched ("imposed sanctions",
    "shared intelligence", "sent weapons"), or the forces of a force posture or de-escalation
    ("deployed troops", "withdrew its troops"), or one's own ("recalled its ambassador")."""
    if entry.code[:2] == "15" or entry.code.startswith("087"):
        return True
    for c in tok.children:
        if c.dep_ != "dobj":
            continue
        if c.lemma_.lower() not in entry.with_:
            continue
        if c.lemma_.lower() not in _PERSONS:
            return True
        if any(g.dep_ == "poss" and g.lower_ in _OWN for g in c.children):
            return True  # "recalled its ambassador", "withdrew their observers"
    return False


def _borrows_governed(trig: Trigger) -> bool:
    """Whether a control verb whose own subject codes to nothing takes the actors of the act
    it governs: only a speaker's "we" ("We agreed that Russia will provide ..."), and never for
    a demand, whose governed act belongs to the one asked ("the ministers demanded the
    withdrawal of Serbian forces")."""
    if trig.entry.control == "demand":
        return False
    subj = next((c for c in trig.token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subj is None or subj.pos_ == "PRON"


def _places(entities: Sequence[Entity]) -> dict[str, tuple[str, str | None]]:
    """Place entity id -> (name, country)."""
    out: dict[str, tuple[str, str | None]] = {}
    for e in entities:
        if e.type == "PLACE":
            info = actor_for_entity(e)
            out[e.id] = (e.name, info.country if info is not None else None)
    return out


def _context_country(
    entities: Sequence[Entity], places: dict[str, tuple[str, str | None]]
) -> str | None:
    """The country the article mentions most (by place mentions), for actors with none of
    their own ("the opposition", "the Interior Ministry")."""
    votes: Counter[str] = Counter()
    for e in entities:
        got = places.get(e.id)
        if got is not None and got[1] and got[1] not in actor_lexicon().transnational:
            votes[got[1]] += 2 * len(e.mentions)
        elif e.type == "GROUP":  # demonyms ("Ugandan") count half
            info = actor_for_entity(e)
            if (
                info is not None
                and info.country
                and info.country not in actor_lexicon().transnational
            ):
                votes[info.country] += len(e.mentions)
    return votes.most_common(1)[0][0] if votes else None


def _location(
    tok: Token,
    sent: Span,
    index: EntityIndex,
    places: dict[str, tuple[str, str | None]],
    others: Sequence[Token] = (),
) -> dict[str, Any] | None:
    """A place the sentence puts the act in: "in Sochi" on the trigger or its clause verb
    first, else the first such place of the sentence."""
    anchors = {tok.i, clause_verb(tok).i}
    nominal = tok.pos_ in ("NOUN", "PROPN")
    best: tuple[int, dict[str, Any]] | None = None
    for t in sent:
        prep = _locative_prep(t)
        if prep is None:
            continue
        ent = index.at(t.idx, t.idx + len(t.text))
        if ent is None or ent.id not in places:
            continue
        name, country = places[ent.id]
        prep_head = prep.head
        if prep_head.i in anchors:
            rank = 0
        elif nominal and tok.left_edge.i <= prep_head.i <= tok.right_edge.i:
            rank = 1 + abs(t.i - tok.i)  # "talks between A and B in Sochi"
        elif prep_head.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
            # a place of another noun is the act's only when that noun is an argument of the
            # act or a place of it ("at the summit in Brussels"), not "amid protests in Belarus"
            if _located_via(prep_head, anchors) is None:
                continue
            rank = 2 + abs(t.i - tok.i)
        elif abs(t.i - tok.i) <= _NEAR and not any(
            o.i != tok.i and min(t.i, tok.i) < o.i < max(t.i, tok.i) for o in others
        ):
            rank = 10 + abs(t.i - tok.i)  # near, with no other act in between
        else:
            continue
        if best is None or rank < best[0]:
            best = (rank, {"name": name, "country": country})
    return best[1] if best else None


def _locative_prep(t: Token) -> Token | None:
    """The locative preposition that puts place ``t`` somewhere: "in Sochi"; through a common
    noun naming the kind of place, "in the Black Sea resort of Sochi", "in the capital,
    Minsk"; else None."""
    if t.dep_ == "pobj" and t.head.lower_ in _LOC_PREPS:
        return t.head
    kind = None
    if t.dep_ == "pobj" and t.head.lower_ == "of":
        kind = t.head.head
    elif t.dep_ == "appos":
        kind = t.head
    named = kind is not None and kind.pos_ == "NOUN" and kind.dep_ == "pobj"
    return kind.head if named and kind is not None and kind.head.lower_ in _LOC_PREPS else None


def _located_via(noun: Token, anchors: set[int]) -> Token | None:
    """The anchor a noun leads to as one of its arguments or through locative prepositions
    and "of" ("blocked streets in Hong Kong", "met at the summit in Brussels", "killed the
    chief of the militia in Lebanon"), else None ("amid protests in Belarus")."""
    steps = 0
    while steps < 5 and noun.i not in anchors:
        if noun.dep_ in _ARG_DEPS:
            noun = noun.head
        elif noun.dep_ == "pobj" and (noun.head.lower_ in _LOC_PREPS or noun.head.lower_ == "of"):
            noun = noun.head.head
        else:
            return None
        steps += 1
    return noun if noun.i in anchors else None


def _dates(sent: Span, date_ents: list[Span], pub: date | None) -> list[tuple[Token, date]]:
    out: list[tuple[Token, date]] = []
    for ent in date_ents:
        if sent.start <= ent.start < sent.end:
            d = resolve(ent.text, pub)
            if d is not None:
                out.append((ent.root, d))
    return out


def _date_for(tok: Token, dates: list[tuple[Token, date]]) -> date | None:
    if not dates:
        return None
    anchors = {tok.i, clause_verb(tok).i}

    def rank(item: tuple[Token, date]) -> tuple[int, int]:
        root = item[0]
        heads = {root.head.i, root.head.head.i}
        return (0 if heads & anchors else 1, abs(root.i - tok.i))

    return min(dates, key=rank)[1]


def _figures(root: str, sent: Span, figures: Sequence[Figure]) -> list[str]:
    s, t = sent.start_char, sent.end_char
    out = []
    for f in figures:
        if not (s <= f.start < t):
            continue
        money = f.unit.isupper() and len(f.unit) == 3
        people = f.unit in ("person", "people")
        if (money and root in _MONEY_ROOTS) or (people and root in _PEOPLE_ROOTS):
            out.append(f.id)
    return out


def article_country(entities: Sequence[Entity]) -> str | None:
    """The country the article is about (by its place mentions): the context in which "the
    Interior Ministry" or "the opposition" is coded."""
    return _context_country(entities, _places(entities))
