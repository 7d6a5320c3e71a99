"""Quoted fragments: words in quotation marks inside someone's sentence.

A fragment that no direct or indirect rule claimed is still somebody's words when the clause
around it has someone who can speak doing something with it: "Peskov ruled out a repeat of the
'Ukrainian scenario'", "Weaver called that 'beyond preposterous'", "Trump offered himself as a
'law and order' candidate". The quotation marks are the evidence of speech; the clause says
whose. So, from the fragment up the parse to the nearest verb with a subject:

* the subject must be able to speak: a person or organisation the article names, a personal
  pronoun, or a noun that names people or bodies (``person_roles``, ``speaking_bodies``);
* the content is what follows the verb in its clause (the object and the rest, as PolNeAR marks
  it), kind ``mixed``; when that is no more than the fragment, kind ``partial``.

Fragments with nobody speaking ("the 'Ukrainian scenario' is unlikely", a film title, a
nickname) and those after "so-called" and its kin stay unattributed: scare quotes and titles.
"""

from __future__ import annotations

from newsgraph.extract.quotes.context import Attribution, Context
from newsgraph.extract.quotes.cues import cue_at
from newsgraph.extract.quotes.direct import title_like
from newsgraph.extract.quotes.marks import Quotation
from newsgraph.extract.quotes.speakers import can_speak, subject_of

_MAX_CLIMB = 8
_EDGE = frozenset([",", ".", ";", ":", "-", "–", "—"])


def own_fragment(ctx: Context, q: Quotation) -> Attribution | None:
    """The attribution of fragment ``q`` from the clause around it, or None (a scare quote)."""
    i = ctx.tok_at(q.inner_start)
    if i >= ctx.n or title_like(ctx, q):
        return None  # "She watched "The Godfather"": a title
    sent = ctx.sent_start[i]
    j = i
    for _ in range(_MAX_CLIMB):
        if ctx.head[j] == j:
            break
        j = ctx.head[j]
        if ctx.sent_start[j] != sent:
            return None
        if ctx.pos[j] not in ("VERB", "AUX") or ctx.idx[j] >= q.start:
            continue
        subj = subject_of(ctx, j, climb=False)
        if subj is None or subj > j:
            continue
        if not can_speak(ctx, subj):
            return None
        return _attribution(ctx, q, j, subj)
    return None


def _attribution(ctx: Context, q: Quotation, verb: int, subj: int) -> Attribution:
    cue = cue_at(ctx, verb)
    last = cue.last if cue is not None and cue.verb == verb else verb
    lo = last + 1
    hi = max(ctx.subtree(verb)[1], ctx.tok_at(q.end - 1))
    para_end = ctx.para_bounds(q.start)[1]
    while hi > lo and (ctx.lower[hi] in _EDGE or ctx.ends[hi] > para_end):
        hi -= 1
    # stop at a clause the verb coordinates after the fragment ("..., and made a direct appeal")
    for c in ctx.children[verb]:
        if c > ctx.tok_at(q.end - 1) and ctx.dep[c] in ("cc", "conj") and c <= hi:
            hi = c - 1
            while hi > lo and ctx.lower[hi] in _EDGE:
                hi -= 1
            break
    start, end = min(ctx.idx[lo], q.start), max(ctx.ends[hi], q.end)
    kind = "partial" if (start, end) == (q.start, q.end) else "mixed"
    return Attribution(
        parts=[(start, end)],
        kind=kind,
        cue=(ctx.idx[verb], ctx.ends[last]),
        cue_tok=verb,
        speaker_tok=subj,
        rule="fragment",
    )
