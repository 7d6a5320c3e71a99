"""Relays: the outlets and bodies that passed a quotation on, and their names.

Three shapes, nearest first in ``via``:

* a relay verb with the outlet as subject and the speaker as object: "..., the Vedomosti
  newspaper quotes the expert" (via Vedomosti, speaker the expert), including the machine
  translation "..., the Kremlin press service quotes. Putin." where the speaker is cut off into a
  sentence of its own;
* a passive relay phrase after a quotation: "..., quoted by DW." (via DW; the speaker comes
  from the context before);
* a reporting verb with a ``citing`` clause: "Bloomberg reported, citing Kremlin sources, that
  ..." (via Bloomberg, speaker Kremlin sources).

A relay's name is its noun phrase without determiners and, when a proper name remains, without
words that only say what kind of outlet it is ("the Vedomosti newspaper" -> "Vedomosti"; "the
Kremlin press service" keeps "press service", a body rather than a description).
"""

from __future__ import annotations

from newsgraph.extract.quotes.context import Context
from newsgraph.extract.quotes.lexicon import LEXICON

_DETERMINERS = frozenset(["the", "a", "an", "this", "that", "its", "their"])
_NP_POS = frozenset(["DET", "ADJ", "NOUN", "PROPN", "NUM", "PART", "X"])


def noun_phrase_after(ctx: Context, k: int, limit: int) -> tuple[int, int] | None:
    """Tokens ``(first, last)`` of the noun phrase starting at or right after ``k``."""
    i = k
    while i < limit and ctx.is_punct(i) and ctx.lower[i] not in (".",):
        i += 1
    first = i
    while i < limit and (ctx.pos[i] in _NP_POS or ctx.lower[i] in ("of",)) and ctx.lower[i] != ".":
        i += 1
    last = i - 1
    while last >= first and (ctx.lower[last] == "of" or ctx.pos[last] in ("DET", "PART")):
        last -= 1
    if last < first or not any(ctx.pos[j] in ("NOUN", "PROPN") for j in range(first, last + 1)):
        return None
    return first, last


def relay_name(ctx: Context, first: int, last: int) -> str:
    """The name of the relay whose noun phrase is tokens ``first..last``."""
    words = list(range(first, last + 1))
    while words and ctx.lower[words[0]] in _DETERMINERS:
        words = words[1:]
    while words and (ctx.pos[words[-1]] == "PART" or ctx.lower[words[-1]] in ("'s", "’s")):
        words = words[:-1]
    if not words:
        return ctx.text[ctx.idx[first] : ctx.ends[last]]
    proper = [j for j in words if ctx.pos[j] == "PROPN" or ctx.text[ctx.idx[j]].isupper()]
    if proper:
        rest = tuple(ctx.lower[j] for j in words if j not in proper)
        if rest and _is_descriptor(rest):
            words = proper
    return ctx.text[ctx.idx[words[0]] : ctx.ends[words[-1]]]


def _is_descriptor(words: tuple[str, ...]) -> bool:
    return words in LEXICON.outlet_descriptors or all(
        (w,) in LEXICON.outlet_descriptors for w in words
    )


def speaker_after_relay(ctx: Context, verb: int, limit: int) -> int | None:
    """The speaker a relay verb quotes: its object, or a name cut off after a full stop.

    "the Vedomosti newspaper quotes the expert" -> "expert"; "the Kremlin press service quotes.
    Putin." -> "Putin".
    """
    for c in ctx.children[verb]:
        if ctx.dep[c] in ("dobj", "obj", "attr") and c > verb:
            return c
    np = noun_phrase_after(ctx, verb + 1, limit)
    if np is not None:
        return _head(ctx, *np)
    k = verb + 1
    if k < ctx.n and ctx.lower[k] == ".":
        np = noun_phrase_after(ctx, k + 1, min(ctx.n, k + 6))
        if (
            np is not None
            and np[1] + 1 < ctx.n
            and ctx.lower[np[1] + 1] == "."
            and all(ctx.pos[j] == "PROPN" for j in range(np[0], np[1] + 1))
        ):
            return np[1]
    return None


def citing(ctx: Context, verb: int, content_start: int) -> int | None:
    """The source of a "..., citing X, ..." clause of ``verb``, or None.

    The parser hangs the participle on the verb or on the reported clause's verb; either way it
    stands between the verb and the content.
    """
    for c in range(verb + 1, min(content_start, ctx.n)):
        if ctx.lower[c] in ("citing", "quoting") and ctx.dep[c] in ("advcl", "xcomp", "conj"):
            for g in ctx.children[c]:
                if ctx.dep[g] in ("dobj", "obj"):
                    return g
    return None


def _head(ctx: Context, first: int, last: int) -> int:
    for j in range(last, first - 1, -1):
        if ctx.pos[j] in ("NOUN", "PROPN", "PRON"):
            return j
    return last
