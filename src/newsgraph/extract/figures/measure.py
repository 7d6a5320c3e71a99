"""The measure of a figure: what it counts or is the amount of, from the dependency parse.

"a state loan of $1.5 billion" -> "state loan", "400 people" -> "people", "48 percent of the
debt" -> "share of debt", "negotiations took place for four hours" -> "negotiations".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from newsgraph.extract.figures.lexicon import LEXICON

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from newsgraph.extract.figures.scan import FigureMatch

_NOUNS: Final = frozenset({"NOUN", "PROPN"})
# Dependents that make up a short noun phrase ("state loan", "external public debt").
_NP_MODIFIERS: Final = frozenset({"compound", "amod", "nmod"})
_NP_MODIFIER_TAGS: Final = frozenset({"NOUN", "PROPN", "ADJ", "VERB"})
# Prepositions that tie an amount to the thing it is the amount of: "a loan of $1.5 billion",
# "a debt worth one billion dollars", "a contract valued at $5 million".
_AMOUNT_OF: Final = frozenset({"of", "worth", "at", "totaling", "totalling", "valued", "for"})
# Clause links a figure's verb may climb through to find a subject: "[negotiations] took place
# face to face for four hours" hangs "for four hours" on "face", an advcl of "took".
_CLAUSE_LINKS: Final = frozenset({"advcl", "xcomp", "ccomp", "conj", "pcomp"})
# A figure is rarely more than a preposition and two clauses below its subject.
_MAX_CLIMB: Final = 6


@dataclass(frozen=True, slots=True)
class _Where:
    """Which tokens a measure may use: not the figure's own, and only from its sentence line."""

    inside: range  # token indexes of the figure
    lo: int  # char bounds of the sentence line
    hi: int

    def ok(self, tok: Token) -> bool:
        return tok.i not in self.inside and self.lo <= tok.idx < self.hi


def _measure(doc: Doc, where: _Where, span: Span, m: FigureMatch) -> str | None:
    """What the figure counts or is the amount of, as a short lower-case noun phrase."""
    noun: Token | None = None
    if m.noun_start is not None:
        noun_span = doc.char_span(m.noun_start, m.noun_end or m.noun_start, "expand")
        noun = noun_span[-1] if noun_span is not None and len(noun_span) else None
    if m.kind == "count" and m.unit not in LEXICON.units_of_measure:
        # "400 people", "at least eight loans": the noun is what is counted
        return _noun_phrase(noun, where) if noun is not None else None
    if m.kind == "duration":
        root = noun if noun is not None else span.root
        owner = _owner(root, where)
        return _noun_phrase(owner, where) if owner is not None else _subject(root, where)
    # Money, percentages and measurements ("reserves amounted to 417 million tons").
    root = noun if noun is not None else span.root
    # 1: "48 percent of the debt", "$1.3 billion in border funds".
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "in") and where.ok(child):
            obj = _object_of(child, where)
            if obj is not None and obj.ent_type_ not in ("DATE", "TIME", "GPE"):
                phrase = _noun_phrase(obj, where)
                if m.kind == "percent" and child.lower_ == "of" and phrase is not None:
                    return _clip(f"share of {phrase}", LEXICON.measure_max_words + 2)
                return phrase
    # 2: "a loan of $1.5 billion", "a debt worth one billion dollars", "the $1.5 billion loan".
    owner = _owner(root, where)
    if owner is not None:
        return _noun_phrase(owner, where)
    # 3: "Russia's share ... fluctuated between 48 and 49 percent", "the amount ... is $600m".
    return _subject(root, where)


def _owner(tok: Token, where: _Where) -> Token | None:
    """The noun that ``tok`` (a figure's head) measures, through a preposition or as modifier."""
    head = tok.head
    if head.i == tok.i:
        return None
    modifies = tok.dep_ in ("compound", "nmod", "amod", "nummod", "quantmod", "npadvmod")
    if modifies and head.pos_ in _NOUNS and where.ok(head):
        return head  # "a $1.5 billion loan", "a 15-year sentence"
    if tok.dep_ in ("pobj", "npadvmod", "dobj") and head.lower_ in _AMOUNT_OF:
        grand = head.head
        if grand.pos_ in _NOUNS and where.ok(grand) and grand.i != head.i:
            return grand  # "a loan of $1.5 billion", "a period of 15 years"
    if tok.dep_ == "appos" and where.ok(head) and head.pos_ in _NOUNS:
        # "48 percent of the debt: $7.92 billion" -> what the percentage is of
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                obj = _object_of(child, where)
                if obj is not None:
                    return obj
        return head
    return None


def _subject(tok: Token, where: _Where) -> str | None:
    """The subject of the verb a figure hangs from ("negotiations took place for four hours").

    Only for verbs that say the subject *is* or *moves by* the amount ("the amount is $600
    million", "inflation hit 15%", "the talks lasted four hours"): in "the judge fined him $1,000"
    the judge is not what $1,000 measures.
    """
    verb = tok
    for _ in range(_MAX_CLIMB):
        if verb.pos_ in ("VERB", "AUX"):
            for child in verb.children:
                if child.dep_ in ("nsubj", "nsubjpass") and where.ok(child):
                    if child.pos_ in _NOUNS and verb.lemma_.lower() in LEXICON.measure_verbs:
                        return _noun_phrase(child, where)
                    return None  # a pronoun ("it", "they"), or a verb that does something
            if verb.dep_ not in _CLAUSE_LINKS:
                return None
        if verb.head.i == verb.i or not where.ok(verb.head):
            return None
        verb = verb.head
    return None


def _object_of(prep: Token, where: _Where) -> Token | None:
    for child in prep.children:
        if child.dep_ == "pobj" and child.pos_ in _NOUNS and where.ok(child):
            return child
    return None


def _modifiers(tok: Token, where: _Where, deep: bool) -> list[str]:
    """The compound and adjective modifiers left of ``tok``, in text order."""
    words: list[str] = []
    for child in tok.lefts:
        if (
            child.dep_ in _NP_MODIFIERS
            and child.pos_ in _NP_MODIFIER_TAGS
            and where.ok(child)
            and not child.like_num
            and child.lower_ not in LEXICON.measure_drop
        ):
            if deep:
                words += _modifiers(child, where, deep)
            words.append(_hyphenated(child, where))
    return words


def _hyphenated(tok: Token, where: _Where) -> str:
    """``tok`` lower-cased, with a number hyphened to it: "10-year" in "the 10-year yield"."""
    doc = tok.doc
    i = tok.i
    if i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_:
        num = doc[i - 2]
        if num.like_num and not num.whitespace_ and where.ok(num):
            return f"{num.lower_}-{tok.lower_}"
    return tok.lower_


def _noun_phrase(head: Token, where: _Where) -> str | None:
    """``head`` with its compound and adjective modifiers, lower-case, no determiners.

    Generic heads get their complement ("the amount of Minsk's obligations" -> "amount of
    obligations"), since "amount" alone says nothing.
    """
    lex = LEXICON
    if head.pos_ not in _NOUNS or head.like_num:
        return None
    phrase = " ".join([*_modifiers(head, where, deep=True), head.lower_])
    if head.lemma_.lower() in lex.measure_generic:
        for child in head.rights:
            if child.dep_ == "prep" and child.lower_ in ("of", "in"):
                obj = _object_of(child, where)
                if obj is not None:
                    inner = " ".join([*_modifiers(obj, where, deep=False), obj.lower_])
                    return _clip(f"{phrase} {child.lower_} {inner}", lex.measure_max_words + 2)
    return _clip(phrase, lex.measure_max_words)


def _clip(phrase: str, max_words: int) -> str:
    """Keep the last ``max_words`` words: the head is last, the modifiers nearest to it matter."""
    return " ".join(phrase.split()[-max_words:])
