"""Negation and modality of a trigger, read from the parse.

- **negated**: the trigger, or the clause verb it hangs from (a noun trigger that is the
  subject or object of "was not raised", "no agreements were made"), has a negation child
  ("not", "n't", "never", "no") or a "without".
- **modality**: ``reported`` when the trigger lies inside a quote's content (or a complement
  clause of a speech verb), ``hypothetical`` under "if"/"unless" or a modal of possibility
  ("may", "might", "could"), ``intended`` with "will", "would", "shall", "going to", or when a
  control verb ("agreed to", "threatened to") governs it, else ``asserted``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

NEGATORS = frozenset({"not", "n't", "never", "no", "without", "neither", "nor"})
_FUTURE = frozenset({"will", "shall", "'ll", "would", "wo"})
_POSSIBLE = frozenset({"may", "might", "could", "can"})
_CONDITION = frozenset({"if", "unless", "whether"})
_SPEECH = frozenset(
    {"say", "tell", "state", "claim", "report", "announce", "add", "note", "insist", "believe"}
)
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
    if trigger.dep_ == "pobj" and trigger.head.lower_ == "without":
        return True
    verb = clause_verb(trigger)
    if verb.i != trigger.i and _negated_here(verb):
        return True
    # "did not agree to withdraw": the negation sits on a governing verb
    head = verb
    while head.dep_ in ("xcomp", "aux") and head.head.i != head.i:
        head = head.head
        if _negated_here(head):
            return True
    return False


def modality(trigger: Token, in_quote: bool, controlled: bool) -> str:
    verb = clause_verb(trigger)
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    marks = {c.lower_ for c in verb.children if c.dep_ == "mark"}
    up = verb
    for _ in range(3):  # "if" may sit on a governing clause
        marks |= {c.lower_ for c in up.children if c.dep_ == "mark"}
        if up.dep_ not in ("xcomp", "conj", "ccomp") or up.head.i == up.i:
            break
        up = up.head
    if marks & _CONDITION or aux & _POSSIBLE:
        return "hypothetical"
    if in_quote:
        return "reported"
    if verb.dep_ == "ccomp" and verb.head.lemma_ in _SPEECH:
        return "reported"
    going = any(c.lower_ == "going" for c in verb.children) or (
        verb.dep_ == "xcomp" and verb.head.lower_ == "going"
    )
    if aux & _FUTURE or going or controlled:
        return "intended"
    return "asserted"


def is_conditional(trigger: Token) -> bool:
    """Whether the trigger's clause carries an "if"/"unless" clause ("will withdraw unless")."""
    verb = clause_verb(trigger)
    return any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _CONDITION for m in c.children)
        for c in verb.children
    )


def is_future(trigger: Token) -> bool:
    verb = clause_verb(trigger)
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return bool(aux & _FUTURE) or (verb.dep_ == "xcomp" and verb.head.lower_ == "going")
