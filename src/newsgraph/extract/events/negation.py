"""Negation and modality of a trigger, read from the parse.

- **negated**: the trigger, or the clause verb it hangs from (a noun trigger that is the
  subject or object of "was not raised", "no agreements were made"), has a negation child
  ("not", "n't", "never", "no") or a "without"; or the clause verb's subject or object says
  no one took part ("No agreement was signed", "Neither side violated"); or the clause is
  what someone denies ("denied that it had arrested").
- **modality**: ``reported`` when the trigger lies inside a quote's content (or a complement
  clause of a speech verb); ``hypothetical`` in a question, under "if"/"unless", or with a
  modal of possibility or obligation ("may", "might", "could", "must", "should");
  ``intended`` with "will", "would", "shall", "going to", when a control verb ("agreed to",
  "threatened to") governs it, or under a verb of wanting, trying or scheduling ("wants to
  ban", "tried to storm", "is scheduled to visit", "the plan is to attack"); else
  ``asserted``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

NEGATORS = frozenset({"not", "n't", "never", "no", "without", "neither", "nor"})
_FUTURE = frozenset({"will", "shall", "'ll", "would", "wo"})
_POSSIBLE = frozenset({"may", "might", "could", "can"})
_OBLIGED = frozenset({"must", "should", "ought"})
_CONDITION = frozenset({"if", "unless", "whether"})
_SPEECH = frozenset(
    {"say", "tell", "state", "claim", "report", "announce", "add", "note", "insist", "believe"}
)
_WISH = frozenset(
    {
        "want", "wish", "hope", "seek", "try", "attempt", "aim", "consider", "propose",
        "expect", "need", "prefer", "struggle", "hesitate", "mean", "like", "love", "dream",
        "schedule", "set", "due", "poised", "likely", "unlikely", "supposed",
    }
)  # fmt: skip
_ARGS = frozenset({"nsubj", "nsubjpass", "dobj"})
_NOBODY = frozenset({"nobody", "nothing", "none", "neither", "noone"})
_DENY = frozenset({"deny", "refute"})
_CLAUSE_UP = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "prep", "attr", "compound"})


def clause_verb(tok: Token) -> Token:
    """The verb of the clause a (noun) trigger belongs to: up through argument relations."""
    steps = 0
    while tok.pos_ not in ("VERB", "AUX") and tok.dep_ in _CLAUSE_UP and steps < 5:
        if tok.head.i == tok.i:
            break
        tok, steps = tok.head, steps + 1
    return tok


def _negated_here(tok: Token) -> bool:
    return any(c.dep_ in ("neg", "det", "preconj") and c.lower_ in NEGATORS for c in tok.children)


def is_negated(trigger: Token) -> bool:
    if _negated_here(trigger):
        return True
    if trigger.dep_ in ("pobj", "pcomp") and trigger.head.lower_ == "without":
        return True
    verb = clause_verb(trigger)
    if verb.i != trigger.i and _negated_here(verb):
        return True
    if any(c.dep_ in _ARGS and _nobody(c) for c in verb.children):
        return True  # "No agreement was signed", "Neither side violated", "signed nothing"
    # "did not agree to withdraw": the negation sits on a governing verb
    head = verb
    while head.dep_ in ("xcomp", "aux") and head.head.i != head.i:
        head = head.head
        if _negated_here(head):
            return True
    # "Egypt denied that it had arrested the journalists": a denied act
    return head.dep_ == "ccomp" and head.head.lemma_.lower() in _DENY


def _nobody(arg: Token) -> bool:
    """Whether an argument says that no one or nothing took part ("no agreement", "neither
    side", "nobody", "none of the parties")."""
    if arg.lower_ in _NOBODY:
        return True
    return any(c.dep_ in ("det", "neg", "preconj") and c.lower_ in NEGATORS for c in arg.children)


def modality(trigger: Token, in_quote: bool, controlled: bool) -> str:
    if _question(trigger):
        return "hypothetical"  # "Did Israel bomb the hospital?": asked, not asserted
    verb = clause_verb(trigger)
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    marks = {c.lower_ for c in verb.children if c.dep_ == "mark"}
    up = verb
    for _ in range(3):  # "if" may sit on a governing clause
        marks |= {c.lower_ for c in up.children if c.dep_ == "mark"}
        if up.dep_ not in ("xcomp", "conj", "ccomp") or up.head.i == up.i:
            break
        up = up.head
    if marks & _CONDITION or aux & _POSSIBLE or aux & _OBLIGED:
        return "hypothetical"  # "if they attack", "may attack", "must resign": not done
    if in_quote:
        return "reported"
    if verb.dep_ == "ccomp" and verb.head.lemma_ in _SPEECH:
        return "reported"
    going = any(c.lower_ == "going" for c in verb.children) or (
        verb.dep_ == "xcomp" and verb.head.lower_ == "going"
    )
    if aux & _FUTURE or going or controlled or _wished(verb):
        return "intended"
    return "asserted"


def _question(trigger: Token) -> bool:
    """Whether the trigger's sentence is a question (it ends with a question mark)."""
    words = [t for t in trigger.sent if not t.is_space]
    while words and words[-1].text in ('"', "\u201d", "'", "\u2019", ")"):
        words.pop()
    return bool(words) and words[-1].text == "?"


def _wished(verb: Token) -> bool:
    """Whether the clause is only wanted, sought, tried or scheduled ("wants to ban", "tried to
    storm", "is considering imposing", "is scheduled to visit"): not done."""
    up, steps = verb, 0
    while up.dep_ in ("xcomp", "conj") and up.head.i != up.i and steps < 3:
        up, steps = up.head, steps + 1
        if up.lemma_.lower() in _WISH:
            return True
        if up.lemma_.lower() == "be" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in verb.children
        ):
            return True  # "their strategy is to bombard Seoul", "the goal is to press"
    return False


def is_conditional(trigger: Token, marks: frozenset[str] = _CONDITION) -> bool:
    """Whether the trigger's clause carries an "if"/"unless" clause ("will withdraw unless");
    ``marks``: only clauses with these marks count."""
    verb = clause_verb(trigger)
    return any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in marks for m in c.children)
        for c in verb.children
    )


def is_future(trigger: Token) -> bool:
    verb = clause_verb(trigger)
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return bool(aux & _FUTURE) or (verb.dep_ == "xcomp" and verb.head.lower_ == "going")
