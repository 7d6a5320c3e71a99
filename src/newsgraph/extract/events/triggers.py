"""Triggers: the words that name an event, matched against ``lexicons/event_triggers.yaml``.

A trigger is a token whose lemma and part of speech match an entry (and, for entries with
``with``, that has one of the listed lemmas as a child or as the object of a child
preposition). Within a sentence, a trigger governed by another trigger is folded into it: the
governing trigger is the event ("threatened to impose sanctions" is one threat, "demanding
that the mayor resign" one demand), and a control verb's code is refined by the root
of the act it governs ("agreed to withdraw" -> 0356).

Not every such word names an act that happened. A trigger is dropped when it names an act
only as background or topic: in a relative clause or a clause inside one, as the time or cause
of another act ("after the raid", "one day after a jet shot down"), as a modifier or
possessor ("riot police", "the meeting's chairman"), as the topic of another noun ("the issue
of the deployment", "a report on the attack"), as a description ("Iran is a threat"), as what
someone is accused of ("charged with supporting"), as the object of a response ("conceded to
demands"), as part of a name ("the National Rally"); when it stands on a title-case
headline line or opens an imperative ("Meet the team"); when an entry's ``not_with`` word
shows another sense ("released a report", "beat Uganda in the final"); and when an intent
verb in the simple present states a view or a habit ("analysts agree that ...", "the
government offers food stamps"). A violent verb whose subject is a violent act noun is that
act's outcome ("the strikes killed eight": one event).
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
    not_with: frozenset[str] = frozenset()  # never fires with one of these lemmas as a child


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
                not_with=_as_set(raw.get("not_with")),
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
            if c.ent_type_ == "MONEY":
                out.add("money")  # "pledged $200 million", "gave 5 million euros"
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


def _passive_subjects(tok: Token) -> set[str]:
    return {c.lemma_.lower() for c in tok.children if c.dep_ == "nsubjpass"}


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
        if e.with_ or e.not_with:
            if kids is None:
                kids = _child_lemmas(tok)
            if e.with_ and not e.with_ & kids:
                continue
            if e.not_with and e.not_with & (kids | _passive_subjects(tok)):
                continue  # "released a report", "the story was blown up"
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
_BE = frozenset({"'s", "\u2019s", "'re", "\u2019re", "'m", "\u2019m"})
_SHARES = frozenset({"percent", "%", "majority", "minority", "half", "third", "quarter"})
_SELF = frozenset({"i", "we", "it", "there", "one", "this", "that", "everyone", "everybody"})
_DEMAND = Entry(frozenset(), ("VERB",), frozenset(), "100", "demand")
# roots of violent acts: a violent verb whose subject is a violent act noun is its outcome
_VIOLENT_ROOTS = frozenset({"18", "19", "20"})
_OPINION_VERBS = frozenset({"agree"})
_COMMENT = frozenset({"comment", "elaborate", "speculate"})
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
# a demand that is the object of these verbs is the other side's ("met the demands of",
# "conceded to demands", "gave in to demands")
_RESPONSES = frozenset(
    {
        "accept", "meet", "concede", "reject", "ignore", "rebuff", "heed", "bow", "yield",
        "cave", "succumb", "give", "respond", "bend", "react",
    }
)  # fmt: skip
# "the issue of the deployment", "in the context of protests", "as a result of the
# protests": a noun trigger under "of" of these nouns is a topic, not a happening
_TOPIC_HEADS = frozenset(
    {
        "issue", "question", "topic", "subject", "matter", "context", "problem", "idea",
        "possibility", "prospect", "risk", "fear", "danger", "rumour", "rumor", "news",
        "story", "history", "memory", "anniversary", "wake", "aftermath", "result",
        "consequence", "cause", "cost", "price", "need", "necessity", "importance", "theme",
        "agenda", "option", "scenario", "law", "right", "freedom", "victim", "survivor",
        "site", "scene", "day", "eve", "report", "study", "book", "film", "documentary",
        "article", "paper", "essay", "exhibition", "lecture", "seminar", "survey", "poll",
        "analysis", "series", "novel", "museum", "memorial", "textbook", "podcast",
        "photograph", "photo", "picture", "image", "video", "footage", "coverage", "map",
        "handling", "response", "reaction",
    }
)  # fmt: skip
_BEFORE = frozenset({"ahead", "advance", "run", "prospect"})
# an act named as what someone is accused, charged or held for is alleged, not asserted
# ("charging its neighbour with supporting dissidents", "arrested for attacking police")
_ALLEGING = frozenset(
    {
        "accuse", "charge", "blame", "suspect", "indict", "convict", "arrest", "detain",
        "jail", "sentence", "prosecute", "fine", "sue", "allegation", "accusation",
        "suspicion", "claim", "charges",
    }
)  # fmt: skip
_ALLEGING_PREPS = frozenset({"of", "with", "for", "over"})
_OPENERS = frozenset({":", '"', "\u201c", "\u2018", "(", "-", "\u2013", "\u2014", "`", "``"})
# a verb clause introduced by these marks is the time or cause of another act ("one day
# after a jet shot down a helicopter"): background, like "after the raid"
# ... and by these, an act of its own beside it ("as Lukashenko visits Sochi")
_AT_ONCE = frozenset({"as", "while", "whereas", "although", "though"})
_BACKGROUND_MARKS = frozenset({"after", "before", "since", "until", "because", "once"})


def _act_clause(acl: Token) -> bool:
    """Whether a clause on a noun names the act itself: an infinitive or "-ing" clause on an
    act noun ("an attempt to kidnap", "a letter demanding"), not a participle describing it
    ("a statement released by the university")."""
    return acl.head.lemma_.lower() in _ACT_NOUNS and acl.tag_ != "VBN"


def _imperative(tok: Token) -> bool:
    """ "Meet the Mueller team": a bare verb opening its sentence with no subject."""
    return (
        tok.pos_ == "VERB"
        and tok.tag_ == "VB"
        and tok.dep_ == "ROOT"
        and tok.i == tok.sent.start
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux") for c in tok.children)
    )


def _background(tok: Token) -> bool:
    """Whether the trigger names an act only as background: in a relative or participial
    clause (or a clause inside one), as the time or cause of another act ("after the raid",
    "after troops shelled the town"), as a modifier ("riot police", "the meeting's
    chairman"), as a date ("last May"), as a topic ("the issue of the deployment"), as what
    someone is accused of ("charged with attacking"), or as the object of a response ("met
    the demands", "conceded to demands")."""
    if tok.ent_type_ in ("DATE", "TIME") or _imperative(tok):
        return True
    if tok.lemma_.lower() == "protest" and tok.dep_ == "pobj" and tok.head.lower_ == "in":
        return True  # "in protest against": the purpose of another act
    nominal = tok.pos_ in ("NOUN", "PROPN")
    if nominal and tok.dep_ == "compound" and tok.head.lemma_.lower() not in _ACT_HEADS:
        return True
    if nominal and tok.dep_ == "poss":
        return True  # "the meeting's co-chairman"
    if nominal and tok.dep_ == "attr" and (tok.head.lemma_ == "be" or tok.head.lower_ in _BE):
        return True  # "North Korea is an existential threat": a description, not an act
    if nominal and _capitalised_inside(tok):
        return True  # part of a name: "the National Rally", "the Shan-e-Mustafa Rally"
    if nominal and tok.dep_ == "dobj" and tok.head.lemma_.lower() in _RESPONSES:
        return True
    if tok.dep_ in ("pobj", "pcomp") and tok.head.dep_ == "prep":
        prep, owner = tok.head.lower_, tok.head.head.lemma_.lower()
        if nominal and prep in ("of", "on", "about", "to") and owner in _TOPIC_HEADS:
            return True
        if nominal and prep == "of" and owner in _BEFORE:
            return True  # "ahead of the visit": not yet happened
        if nominal and prep in ("to", "with") and owner in _RESPONSES:
            return True
        if prep in _ALLEGING_PREPS and owner in _ALLEGING:
            return True
    up, steps, outer = tok, 0, False
    while steps < 8:
        if up.dep_ in ("relcl", "amod") or (up.dep_ == "acl" and not _act_clause(up)):
            return True
        if not outer:
            nominal_up = up.pos_ in ("NOUN", "PROPN") and up.dep_ == "pobj"
            if nominal_up and up.head.lower_ in _BACKGROUND_PREPS:
                return True
            if up.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ in _BACKGROUND_MARKS for c in up.children
            ):
                return True
        if up.head.i == up.i or up.dep_ == "ROOT":
            break
        if up.dep_ in ("conj", "advcl"):
            # above a coordinated or adverbial clause only a relative clause still counts
            # ("assets they lost when the regime expelled them")
            outer = True
        up, steps = up.head, steps + 1
    return False


def _capitalised_inside(tok: Token) -> bool:
    """Whether a word is capitalised inside a sentence, as names are (not at its start, after a
    colon or an opening quote, or in a line of capitals)."""
    if tok.i == tok.sent.start or not tok.text[:1].isupper() or tok.text.isupper():
        return False
    prev = tok.doc[tok.i - 1]
    return prev.text not in _OPENERS and "\n" not in prev.text_with_ws


def _obliged(tok: Token) -> Token | None:
    """The clause a speech verb reports as an obligation of someone else, if any."""
    if tok.lemma_.lower() not in _SPEECH:
        return None
    for c in tok.children:
        if c.dep_ == "ccomp" and any(
            a.dep_ == "aux" and a.lower_ in _OBLIGATION for a in c.children
        ):
            # "we must keep our promises", "there should be a vote": what the speakers
            # themselves, or no one in particular, should do is no demand
            subj = next((a for a in c.children if a.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is None or subj.lower_ in _SELF or _polled(tok):
                continue
            return c
    return None


def _polled(verb: Token) -> bool:
    """ "72 percent say ...": a speech verb whose speakers are a share of those polled."""
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subj is not None and (subj.like_num or subj.lemma_.lower() in _SHARES)


def find(sent: Span) -> list[Trigger]:
    """The sentence's triggers after folding: one per event."""
    found: dict[int, Trigger] = {}
    headlines: dict[int, bool] = {}
    for tok in sent:
        e = match(tok)
        if e is not None and not _background(tok) and not _on_headline(tok, headlines):
            found[tok.i] = Trigger(tok, e, e.code)
        elif e is None and _obliged(tok) is not None:
            found[tok.i] = Trigger(tok, _DEMAND, "100")
    if not found:
        return []
    folded: set[int] = set()
    for i, trig in found.items():
        # walk up from the trigger; the first trigger above it through folding relations wins
        tok, steps = trig.token, 0
        while tok.head.i != tok.i and _folds_up(tok, found) and steps < 6:
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
        # ("reiterated its demand that Israel ease restrictions": the demanded act too)
        tok = trig.token
        if i in folded or tok.dep_ not in ("advcl", "xcomp", "ccomp") or tok.head.i in found:
            continue
        deps = ("dobj",) if tok.dep_ == "ccomp" else ("dobj", "nsubj")
        if any(c.i in found and c.i != i and c.dep_ in deps for c in tok.head.children):
            folded.add(i)
    for i, trig in found.items():
        # "the air strikes killed eight": the killing is the strike's outcome, one act
        tok = trig.token
        if i in folded or tok.pos_ != "VERB" or trig.code[:2] not in _VIOLENT_ROOTS:
            continue
        if any(
            c.dep_ == "nsubj" and c.i in found and c.i not in folded
            and found[c.i].code[:2] in _VIOLENT_ROOTS
            for c in tok.children
        ):  # fmt: skip
            folded.add(i)
    for trig in found.values():
        if trig.entry.control and trig.governed is None:
            # "agree to" with no coded act below: look for a plain governed verb anyway
            trig.code = refine(trig.entry.control, None) or trig.code
            if trig.entry.control == "reject" and any(
                c.dep_ == "xcomp" and c.lemma_.lower() in _COMMENT for c in trig.token.children
            ):
                trig.code = "011"  # "declined to comment": a statement, not a rejection
    return [
        t
        for i, t in sorted(found.items())
        if i not in folded and not (t.entry.needs_act and t.governed is None) and not _opinion(t)
    ]


def _folds_up(tok: Token, found: dict[int, Trigger]) -> bool:
    """Whether folding walks from ``tok`` to its head: through the folding relations, and
    through the clause of an act noun or of a trigger noun ("an attempt to assassinate ...
    was thwarted", "the demand that Israel ease ...")."""
    if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _AT_ONCE for c in tok.children):
        return False  # "pledges a loan as Lukashenko visits Sochi": two acts
    if tok.dep_ in _FOLD_DEPS:
        return True
    return tok.dep_ == "acl" and (tok.head.i in found or _act_clause(tok))


def _opinion(trig: Trigger) -> bool:
    """ "Analysts agree that ...", "agrees with the widow", "the government offers food
    stamps": agreeing with someone, or an intent verb in the simple present with no act
    under it, is a view or a habit, not an agreement or offer made."""
    tok = trig.token
    if trig.governed is not None or trig.entry.control != "intent":
        return False
    if tok.lemma_.lower() in _OPINION_VERBS and any(
        c.dep_ == "prep" and c.lower_ == "with" for c in tok.children
    ):
        return True
    return tok.tag_ in ("VBZ", "VBP") and not any(c.dep_ == "xcomp" for c in tok.children)


def _on_headline(tok: Token, cache: dict[int, bool]) -> bool:
    """Whether the token lies on a headline line ("Experts Say Putin Is Pressing Lukashenka
    For Re-election"): a line of the text in title case with no closing punctuation, whose
    parse is unreliable and which repeats what the article body reports."""
    doc = tok.doc
    text = doc.user_data.get("newsgraph.text")
    if text is None:  # Doc.text joins every token on each call: once per document
        text = doc.user_data["newsgraph.text"] = doc.text
    start = text.rfind("\n", 0, tok.idx) + 1
    if start not in cache:
        end = text.find("\n", tok.idx)
        line = text[start : end if end >= 0 else len(text)].strip()
        words = [w for w in line.split() if w[:1].isalpha() and len(w) > 3]
        cache[start] = (
            len(words) >= 3
            and not line.endswith((".", "!", "?", ":", ";", '"', "\u201d", "'"))
            and sum(w[0].isupper() for w in words) >= 0.8 * len(words)
        )
    return cache[start]
