"""From attributions to :class:`Quote` records: overlaps, nesting, fragments, speakers, kinds.

The rules of :mod:`direct` and :mod:`indirect` each see part of the picture; this module makes
one consistent set out of them:

1. **Direct quotations win** over a reported clause that runs into them: the clause is cut
   before (or after) the quotation ("X agrees that ...: "..."" is two quotes).
2. **Outermost wins**: an attribution whose cue lies inside another one's content is nested
   speech ("Bloomberg reported that Putin does not believe ...") and is flattened into the outer
   one, one role per word, as PolNeAR annotates.
3. **Fragments** in quotation marks inside a reported clause make it *mixed*; a fragment that a
   cue governs but no clause holds is a *partial* quote ("Peskov ruled out a repeat of the
   'Ukrainian scenario'"); the rest are scare quotes and titles, and are dropped.
4. **Speakers** are resolved (:class:`Resolver`), relays named, and each attribution becomes a
   ``Quote`` with its sentence.
"""

from __future__ import annotations

from newsgraph.extract.quotes.context import Attribution, Context
from newsgraph.extract.quotes.marks import Quotation
from newsgraph.extract.quotes.partial import own_fragment
from newsgraph.extract.quotes.relay import relay_name
from newsgraph.extract.quotes.speakers import Resolver, speaker_head, speaker_span
from newsgraph.types import Mention, Quote

EXTRACTOR = "quotes.v1"
_TRIM = " \t\n\u00a0,;:–—-"


def combine(
    ctx: Context, direct: list[Attribution], indirect: list[Attribution], fragments: list[Quotation]
) -> list[Attribution]:
    """One consistent, ordered set of attributions (rules 1 to 3)."""
    direct = _absorb(ctx, direct, indirect)
    quoted = [(a.start, a.end) for a in direct]
    kept: list[Attribution] = []
    for a in indirect:
        cut = _outside(ctx, a.parts[0], quoted)
        if cut is not None:
            a.parts = [cut]
            kept.append(a)
    everything = sorted(direct + kept, key=lambda a: (a.start, -a.end))
    nested = set()
    for x in kept:
        cue = x.cue[0] if x.cue else x.start
        for y in everything:
            if y is not x and y.start <= cue < y.end and id(y) not in nested:
                nested.add(id(x))
                break
    result = [a for a in everything if id(a) not in nested]
    holders = [a for a in result if a.kind == "indirect"]
    for q in fragments:
        holder = next((a for a in holders if a.start <= q.start and q.end <= a.end + 2), None)
        if holder is not None:
            holder.kind = "mixed"
            holder.parts = [(holder.start, max(holder.end, q.end))]
            continue
        if any(a.start < q.end and q.start < a.end for a in result):
            continue
        part = own_fragment(ctx, q)
        if part is not None:
            result.append(part)
            holders.append(part)
    result.sort(key=lambda a: a.start)
    return result


def _absorb(
    ctx: Context, direct: list[Attribution], indirect: list[Attribution]
) -> list[Attribution]:
    """Drop quotations that are only a piece of a reported clause with the same cue.

    'pledging to "win many hundreds of delegates"': the direct rule gave the fragment to
    "pledging", the indirect rule the whole clause; the clause (a mixed quote) is the quote.
    """
    clauses = {a.cue_tok: a for a in indirect if a.cue_tok is not None}
    out = []
    for d in direct:
        holder = clauses.get(d.cue_tok) if d.cue_tok is not None else None
        if (
            holder is not None
            and len(d.parts) == 1
            and holder.start <= d.start
            and d.end <= holder.end + 2
            and ctx.text[holder.start : d.start].strip(_TRIM)  # words of the clause before it
        ):
            holder.kind = "mixed"
            holder.parts = [(holder.start, max(holder.end, d.end))]
            continue
        out.append(d)
    return out


def _outside(
    ctx: Context, part: tuple[int, int], quoted: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """``part`` without the attributed quotations it runs into; None when nothing is left."""
    s, e = part
    for qs, qe in quoted:
        if qs < e and s < qe:
            if qs <= s:
                s = max(s, qe)
            elif qe >= e:
                e = min(e, qs)
            # a quotation wholly inside is a quoted fragment of the clause: keep it
    while s < e and ctx.text[s] in _TRIM:
        s += 1
    while e > s and ctx.text[e - 1] in _TRIM:
        e -= 1
    if e - s < 2:
        return None
    return s, e


def to_quotes(
    ctx: Context, attrs: list[Attribution], resolver: Resolver, id_prefix: str
) -> list[Quote]:
    """Quote records, speakers resolved (rule 4)."""
    out: list[Quote] = []
    last: tuple[str | None, str | None, Mention | None] = (None, None, None)
    seen: set[int] = set()
    for a in attrs:
        name: str | None = None
        ent_id: str | None = None
        mention: Mention | None = None
        if a.speaker_tok is not None:
            tok = speaker_head(ctx, a.speaker_tok)
            s, e = speaker_span(ctx, tok)
            mention = Mention(s, e, ctx.text[s:e])
            ent = resolver.resolve(tok)
            if ent is not None:
                name, ent_id = ent.name, ent.id
            else:
                s2, e2 = speaker_span(ctx, resolver.antecedent(tok))
                name = ctx.text[s2:e2]
        elif a.inherit:
            name, ent_id, mention = last
        if name is not None:
            last = (name, ent_id, mention)
        kind = a.kind
        if kind == "direct" and not all(_is_quotation(ctx, p) for p in a.parts):
            kind = "mixed"
        start, end = a.start, a.end
        if start in seen:
            continue
        seen.add(start)
        cue = Mention(a.cue[0], a.cue[1], ctx.text[a.cue[0] : a.cue[1]]) if a.cue else None
        out.append(
            Quote(
                id=f"{id_prefix}:q:{start}",
                text=ctx.text[start:end],
                kind=kind,  # type: ignore[arg-type]
                start=start,
                end=end,
                speaker=name,
                speaker_id=ent_id,
                speaker_mention=mention,
                cue=cue,
                via=tuple(_via_names(ctx, a)),
                sentence=_sentence(ctx, a),
                parts=tuple(a.parts),
                extractor=EXTRACTOR,
            )
        )
    return out


def _is_quotation(ctx: Context, part: tuple[int, int]) -> bool:
    q = ctx.quotation_at(part[0])
    return q is not None and q.start == part[0]


def _via_names(ctx: Context, a: Attribution) -> list[str]:
    names = []
    for s, e in a.via:
        toks = ctx.tokens(s, e)
        if len(toks):
            names.append(relay_name(ctx, toks[0], toks[-1]))
    return names


def _sentence(ctx: Context, a: Attribution) -> str:
    lo = min(a.start, a.cue[0]) if a.cue else a.start
    hi = max(a.end, a.cue[1]) if a.cue else a.end
    i = ctx.tok_at(lo)
    j = ctx.tok_at(max(lo, hi - 1))
    if i < ctx.n:
        lo = min(lo, ctx.idx[ctx.sent_start[i]])
    if j < ctx.n:
        hi = max(hi, ctx.ends[ctx.sent_end[j] - 1])
    para_lo = ctx.para_bounds(a.start)[0]
    para_hi = ctx.para_bounds(max(a.start, a.end - 1))[1]
    return ctx.text[max(lo, para_lo) : min(hi, para_hi)].strip()
