"""Triggers: the words that name an event, matched against ``lexicons/event_triggers.yaml``.

A trigger is a token whose lemma and part of speech match an entry (and, for entries with
``with``, that has one of the listed lemmas as a child or as the object of a child
preposition). Within a sentence, a trigger governed by another trigger is folded into it: the
governing trigger is the event ("threatened to impose sanctions" is one threat, "demanding
that the mayor resign" one demand), and a control verb's code is refined by the root
of the act it governs ("agreed to withdraw" -> 0356).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

from newsgraph.events.codes import cameo

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# roots of coercive acts: announced as coming, they are threats (roots 13's codes)
THREAT_ROOTS = frozenset({"14", "15", "16", "17", "18", "19", "20"})
_POS = {"verb": ("VERB",), "noun": ("NOUN", "PROPN"), "adj": ("ADJ",)}
_OBJ_DEPS = frozenset({"dobj", "prt", "prep", "attr", "acomp", "npadvmod", "compound", "amod"})
# a governing trigger folds a governed one only through these relations (clausal complements
# and the nouns of its own arguments), not through coordination or adverbial clauses
_FOLD_DEPS = frozenset(
    {
        "xcomp", "ccomp", "advcl", "dobj", "pobj", "prep", "acomp", "compound", "nsubjpass",
        "attr", "pcomp",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Entry:
    lemmas: frozenset[str]
    pos: tuple[str, ...]
    with_: frozenset[str]
    code: str
    control: str | None
    bare: bool = False  # fires only without a direct object and not as a relative clause
    needs_act: bool = False  # a control verb that is an event only over a coded act


@dataclass(frozen=True, slots=True)
class Lexicon:
    entries: tuple[Entry, ...]
    by_lemma: dict[str, tuple[Entry, ...]]
    refine: dict[str, dict[str, str]]
    intent_roots: frozenset[str]


@dataclass(slots=True)
class Trigger:
    token: Token
    entry: Entry
    code: str
    governed: Token | None = None  # the folded trigger of a control verb


def _as_set(value: Any) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        return frozenset([value.lower()])
    return frozenset(str(v).lower() for v in value)


@cache
def lexicon() -> Lexicon:
    text = (
        resources.files("newsgraph.extract")
        .joinpath("lexicons", "event_triggers.yaml")
        .read_text("utf-8")
    )
    data: Any = yaml.safe_load(text)
    entries: list[Entry] = []
    for n, raw in enumerate(data["triggers"], 1):
        code = str(raw["code"])
        cameo(code)  # an unknown code fails loudly, naming it
        pos = str(raw.get("pos", "verb"))
        if pos not in _POS:
            raise ValueError(f"event_triggers.yaml: entry {n}: unknown pos {pos!r}")
        entries.append(
            Entry(
                lemmas=_as_set(raw["lemma"]),
                pos=_POS[pos],
                with_=_as_set(raw.get("with")),
                code=code,
                control=raw.get("control"),
                bare=bool(raw.get("bare", False)),
                needs_act=bool(raw.get("needs_act", False)),
            )
        )
    by_lemma: dict[str, list[Entry]] = {}
    for e in entries:
        for lemma in e.lemmas:
            by_lemma.setdefault(lemma, []).append(e)
    refine = {str(k): {str(a): str(b) for a, b in v.items()} for k, v in data["refine"].items()}
    for m in refine.values():
        for c in m.values():
            cameo(c)
    return Lexicon(
        entries=tuple(entries),
        by_lemma={k: tuple(v) for k, v in by_lemma.items()},
        refine=refine,
        intent_roots=frozenset(str(r) for r in data.get("intent_roots") or ()),
    )


def _child_lemmas(tok: Token) -> set[str]:
    out: set[str] = set()
    for c in tok.children:
        if c.dep_ in _OBJ_DEPS or c.dep_ == "dative":
            out.add(c.lemma_.lower())
            for g in c.children:
                if g.dep_ in ("pobj", "compound", "amod", "dobj"):
                    out.add(g.lemma_.lower())
                elif g.dep_ == "prep" and g.lower_ == "of":
                    # "two tonnes of medicine", "a state of emergency", "half of the credit line"
                    for h in g.children:
                        if h.dep_ == "pobj":
                            out.add(h.lemma_.lower())
                            out.update(k.lemma_.lower() for k in h.children if k.dep_ == "compound")
    return out


def match(tok: Token) -> Entry | None:
    """The first lexicon entry the token matches, or None."""
    entries = lexicon().by_lemma.get(tok.lemma_.lower())
    if not entries:
        return None
    kids: set[str] | None = None
    for e in entries:
        if tok.pos_ not in e.pos:
            continue
        if e.bare and (tok.dep_ == "relcl" or any(c.dep_ == "dobj" for c in tok.children)):
            continue
        if e.with_:
            if kids is None:
                kids = _child_lemmas(tok)
            if not e.with_ & kids:
                continue
        return e
    return None


def refine(kind: str, governed_code: str | None) -> str | None:
    """A control verb's code for the governed act's code (most specific key first)."""
    table = lexicon().refine.get(kind)
    if table is None:
        return None
    if governed_code is not None:
        for key in (governed_code, governed_code[:3], governed_code[:2]):
            if key in table:
                return table[key]
    return table.get("*")


# verbs that undo the act they govern ("postponed the rally", "prevented the march")
_BLOCKERS = frozenset(
    {
        "postpone",
        "cancel",
        "delay",
        "prevent",
        "avoid",
        "stop",
        "ban",
        "forbid",
        "thwart",
        "foil",
        "end",
        "resolve",
    }
)
# "Russia said that Sudan must return the helicopter": a demand by the speaker
_SPEECH = frozenset({"say", "declare", "state", "announce", "insist", "tell", "conclude", "warn"})
_OBLIGATION = frozenset({"must", "should", "ought"})
_DEMAND = Entry(frozenset(), ("VERB",), frozenset(), "100", "demand")
# background: an act named only as the time or cause of another ("after the raid")
_BACKGROUND_PREPS = frozenset(
    {"after", "following", "since", "before", "because", "amid", "despite", "over", "during", "at"}
)


# a noun trigger that modifies another noun names a kind of thing ("riot police"), except
# for these heads ("a mediation effort", "a protest campaign")
_ACT_HEADS = frozenset({"effort", "mission", "campaign", "operation", "bid", "action", "drive"})
# a clause on these nouns is the act itself ("an attempt to kidnap", "a letter
# demanding")
_ACT_NOUNS = _ACT_HEADS | {"attempt", "declaration", "statement", "letter", "resolution", "plan"}
# a demand that is the object of these verbs is the other side's ("met the demands of")
_RESPONSES = frozenset({"accept", "meet", "concede", "reject", "ignore", "rebuff", "heed"})


def _background(tok: Token) -> bool:
    """Whether the trigger names an act only as background: in a relative or participial
    clause, as the time or cause of another act ("after the raid"), as a modifier ("riot
    police"), as a date ("last May"), or as the object of a response ("met the demands")."""
    if tok.ent_type_ in ("DATE", "TIME"):
        return True
    if tok.lemma_.lower() == "protest" and tok.dep_ == "pobj" and tok.head.lower_ == "in":
        return True  # "in protest against": the purpose of another act
    nominal = tok.pos_ in ("NOUN", "PROPN")
    if nominal and tok.dep_ == "compound" and tok.head.lemma_.lower() not in _ACT_HEADS:
        return True
    if nominal and tok.dep_ == "dobj" and tok.head.lemma_.lower() in _RESPONSES:
        return True
    up, steps = tok, 0
    while steps < 8:
        if up.dep_ in ("relcl", "amod") or (
            up.dep_ == "acl" and up.head.lemma_.lower() not in _ACT_NOUNS
        ):
            return True
        nominal_up = up.pos_ in ("NOUN", "PROPN") and up.dep_ == "pobj"
        if nominal_up and up.head.lower_ in _BACKGROUND_PREPS:
            return True
        if up.head.i == up.i or up.dep_ in ("ROOT", "conj", "advcl"):
            break
        up, steps = up.head, steps + 1
    return False


def _obliged(tok: Token) -> Token | None:
    """The clause a speech verb reports as an obligation of someone else, if any."""
    if tok.lemma_.lower() not in _SPEECH:
        return None
    for c in tok.children:
        if c.dep_ == "ccomp" and any(
            a.dep_ == "aux" and a.lower_ in _OBLIGATION for a in c.children
        ):
            return c
    return None


def find(sent: Span) -> list[Trigger]:
    """The sentence's triggers after folding: one per event."""
    found: dict[int, Trigger] = {}
    for tok in sent:
        e = match(tok)
        if e is not None and not _background(tok):
            found[tok.i] = Trigger(tok, e, e.code)
        elif e is None and _obliged(tok) is not None:
            found[tok.i] = Trigger(tok, _DEMAND, "100")
    if not found:
        return []
    folded: set[int] = set()
    for i, trig in found.items():
        # walk up from the trigger; the first trigger above it through folding relations wins
        tok, steps = trig.token, 0
        while tok.head.i != tok.i and tok.dep_ in _FOLD_DEPS and steps < 6:
            tok, steps = tok.head, steps + 1
            if tok.lemma_.lower() in _BLOCKERS and tok.i not in found:
                folded.add(i)  # "agreed to delay the march": no march
                break
            above = found.get(tok.i)
            if above is not None and above.token.i != i:
                folded.add(i)
                if above.entry.control and above.governed is None:
                    above.governed = trig.token
                    kind = above.entry.control
                    if kind == "intent" and trig.code[:2] in THREAT_ROOTS:
                        kind = "threat"  # "plans to impose a curfew", "vowed to attack"
                    above.code = refine(kind, trig.code) or above.code
                break
    for i, trig in found.items():
        # "held a rally to demand wage rises": the purpose clause of a light verb whose
        # object is a trigger is part of that act
        tok = trig.token
        if i in folded or tok.dep_ not in ("advcl", "xcomp") or tok.head.i in found:
            continue
        if any(
            c.i in found and c.i != i and c.dep_ in ("dobj", "nsubj") for c in tok.head.children
        ):
            folded.add(i)
    for trig in found.values():
        if trig.entry.control and trig.governed is None:
            # "agree to" with no coded act below: look for a plain governed verb anyway
            trig.code = refine(trig.entry.control, None) or trig.code
    return [
        t
        for i, t in sorted(found.items())
        if i not in folded and not (t.entry.needs_act and t.governed is None)
    ]
