"""Cues: the words that attribute ("said", "believes", "according to", "quoted by").

A cue is found on the tokens as written (lower-case forms from the lexicon), one or more words
long; what kind of cue it is decides what it can govern:

* ``speech`` and ``belief`` verbs govern a reported clause or sit next to a quotation;
* ``finding`` verbs (show, find) govern a clause only ("a poll shows that ...");
* ``object`` verbs attribute their object ("endorsed Trump", "ruled out a repeat of ...");
* ``relay`` verbs pass a quotation on ("the newspaper quotes the expert");
* ``source_first`` phrases put the source after them ("according to X, ...");
* ``passive_relay`` phrases name a relay after a quotation ("..., quoted by DW").
"""

from __future__ import annotations

from dataclasses import dataclass

from newsgraph.extract.quotes.context import Context
from newsgraph.extract.quotes.lexicon import LEXICON

_MAX_PHRASE = 4


@dataclass(frozen=True, slots=True)
class Cue:
    first: int  # first token
    last: int  # last token (inclusive)
    kind: str  # speech | belief | finding | object | relay | source_first | passive_relay
    verb: int  # the token that carries the cue in the parse (the verb, "according")

    def chars(self, ctx: Context) -> tuple[int, int]:
        return ctx.idx[self.first], ctx.ends[self.last]


def cue_at(ctx: Context, i: int, *, after_quote: bool = False) -> Cue | None:
    """The cue that starts at token ``i``, the longest first, or None.

    ``after_quote`` accepts the passive relay phrases that only make sense right after a
    quotation ("quoted by", "cited by").
    """
    w = ctx.lower[i]
    if after_quote and w in _PASSIVE_FIRST:
        for phrase in LEXICON.relay_passive:
            if _matches(ctx, i, phrase):
                return Cue(i, i + len(phrase) - 1, "passive_relay", i + len(phrase) - 2)
    if w in LEXICON.multiword_first:
        best: tuple[int, str] | None = None
        for phrase, kind in LEXICON.multiword.items():
            if (
                phrase[0] == w
                and _matches(ctx, i, phrase)
                and (best is None or len(phrase) > best[0])
            ):
                best = (len(phrase), kind)
        if best is not None:
            n, kind = best
            kind = {"clause": "speech"}.get(kind, kind)
            verb = i + n - 1 if ctx.lower[i + n - 1] == "say" else i  # "went on to say"
            return Cue(i, i + n - 1, kind, verb)
    if w in LEXICON.relay_verbs and after_quote:
        return Cue(i, i, "relay", i)
    if w in LEXICON.speech:
        return Cue(i, i, "speech", i)
    if w in LEXICON.belief:
        return Cue(i, i, "belief", i)
    if w in LEXICON.finding:
        return Cue(i, i, "finding", i)
    if w in LEXICON.object:
        return Cue(i, i, "object", i)
    return None


_PASSIVE_FIRST = frozenset(p[0] for p in LEXICON.relay_passive)


def _matches(ctx: Context, i: int, phrase: tuple[str, ...]) -> bool:
    if i + len(phrase) > ctx.n or len(phrase) > _MAX_PHRASE:
        return False
    return all(ctx.lower[i + k] == phrase[k] for k in range(len(phrase)))


def is_verbal(ctx: Context, i: int) -> bool:
    """Whether token ``i`` is used as a verb (the small model tags some cues as nouns)."""
    return ctx.pos[i] in ("VERB", "AUX") or ctx.dep[i] in ("ROOT", "ccomp", "conj", "advcl")
