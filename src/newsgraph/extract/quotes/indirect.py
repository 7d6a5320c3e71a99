"""Indirect quotes: reported speech and belief found through the dependency parse.

Cue-centred: every cue word outside quotation marks is checked for the shapes English reports
with, and the content is the part of the parse the cue governs:

* **clause**: a speech, belief or finding verb with a clausal complement — "X said (that) ...",
  "..., X said", "X believes ...", "a poll shows ...". The content is the complement's subtree,
  from "that" on (as PolNeAR marks it); for want/plan/hope-like verbs an infinitive complement
  counts too ("X wants to ...").
* **according to**: "according to X, ..." / "..., according to X": the content is the clause
  the phrase modifies, without the phrase.
* **as**: "As X pointed out, ...": the content is the main clause.
* **object**: an ``object`` verb (endorse, criticize, rule out, call for) with a subject and an
  object: the content is what follows the verb in its clause.
* **that-clause**: any verb or adjective outside the lexicon with a "that" clause and a subject
  who can speak ("X made it clear that ...", "I am fully aware that ...").
* **noun cues**: "his claim that ...", "Obama's calls for tighter gun control".

Relays are read here too: "X reported, citing Y, that ..." is Y's, via X.
Content that holds a quotation makes the quote *mixed*; a clause made only of a quotation is a
direct quote, which :mod:`direct` owns.
"""

from __future__ import annotations

from newsgraph.extract.quotes.context import QUOTE_TOKENS, Attribution, Context
from newsgraph.extract.quotes.cues import Cue, cue_at, is_verbal
from newsgraph.extract.quotes.lexicon import LEXICON
from newsgraph.extract.quotes.relay import citing
from newsgraph.extract.quotes.speakers import can_speak, speaker_head, speaker_span, subject_of

_CLAUSE_DEPS = frozenset(["ccomp"])
_INFINITIVE_LEMMAS = frozenset(
    ["want", "plan", "hope", "intend", "expect", "wish", "promise", "vow", "pledge", "urge",
     "refuse", "decline", "decide", "agree", "threaten", "ask", "tell", "call", "demand",
     "seek", "offer"]
)  # fmt: skip
# Documents whose author a "from/by/with" phrase names ("according to a report from X").
_DOCUMENTS = frozenset(
    ["report", "study", "survey", "poll", "statement", "analysis", "interview", "interviews",
     "release", "memo", "letter", "document", "documents", "data", "estimate", "estimates"]
)  # fmt: skip
# One-word contents that report nothing.
_EMPTY_CONTENT = frozenset(["why", "how", "what", "so", "it", "this", "that", "not", "yes", "no"])
# Subjects an object cue never has: it endorses nothing.
_NOT_SUBJECTS = frozenset(["it", "this", "that", "which", "what", "there"])
# How far after a cue a "that" may open its clause ("told reporters on Tuesday that").
_THAT_REACH = 8
_EDGE_PUNCT = frozenset([",", ".", ";", ":", "-", "–", "—", "(", ")"])
_OBJECT_DEPS = frozenset(["dobj", "obj", "oprd", "prep", "ccomp", "xcomp", "attr", "dative"])


def find_indirect(ctx: Context, used_cues: set[int]) -> list[Attribution]:
    """Indirect (and mixed) attributions of the article, one per cue."""
    out: list[Attribution] = []
    skip_to = -1
    lower, dep, head = ctx.lower, ctx.dep, ctx.head
    # the tokens worth a look: cue words, noun cues, and heads of that-clauses
    that_heads = {head[head[k]] for k in range(ctx.n) if dep[k] == "mark" and lower[k] == "that"}
    candidates = sorted(
        {i for i, w in enumerate(lower) if w in _FIRST_WORDS or w in LEXICON.noun_cues} | that_heads
    )
    for i in candidates:
        if i <= skip_to or ctx.quoted[i]:
            continue
        if lower[i] not in _FIRST_WORDS:
            attr = _that_clause(ctx, i) or _noun_cue(ctx, i)
            if attr is not None:
                out.append(attr)
            continue
        cue = cue_at(ctx, i)
        if cue is None:
            continue
        attr = _attribute(ctx, cue, cue.verb in used_cues)
        if attr is not None:
            out.append(attr)
            skip_to = cue.last
    return out


_FIRST_WORDS = (
    frozenset(LEXICON.speech)
    | frozenset(LEXICON.belief)
    | frozenset(LEXICON.finding)
    | frozenset(LEXICON.object)
    | LEXICON.multiword_first
)


def _that_clause(ctx: Context, i: int) -> Attribution | None:
    """Any verb or adjective with a that-clause and a subject who can speak: "X made it clear
    that ...", "I am fully aware that ..."."""
    if ctx.pos[i] not in ("VERB", "ADJ"):
        return None
    for c in ctx.children[i]:
        if (
            ctx.dep[c] == "ccomp"
            and c > i
            and any(ctx.lower[g] == "that" and ctx.dep[g] == "mark" for g in ctx.children[c])
        ):
            subj = subject_of(ctx, i)
            if subj is not None and can_speak(ctx, subj):
                return _make(ctx, Cue(i, i, "speech", i), ctx.subtree(c), "that", subj)
    return None


def _noun_cue(ctx: Context, i: int) -> Attribution | None:
    """ "Obama's calls for tighter gun control", "his claim that ..."."""
    if ctx.lower[i] not in LEXICON.noun_cues or ctx.pos[i] != "NOUN":
        return None
    owner = next((c for c in ctx.children[i] if ctx.dep[c] == "poss"), None)
    for c in ctx.children[i]:
        if c <= i:
            continue
        if ctx.dep[c] in ("acl", "ccomp") and any(
            ctx.lower[g] == "that" and ctx.dep[g] == "mark" for g in ctx.children[c]
        ):
            return _make(ctx, Cue(i, i, "speech", i), ctx.subtree(c), "noun", owner, True)
        if owner is not None and ctx.dep[c] == "prep" and ctx.lower[c] in LEXICON.noun_cue_preps:
            return _make(ctx, Cue(i, i, "speech", i), ctx.subtree(c), "noun", owner, True)
    return None


def _attribute(ctx: Context, cue: Cue, used: bool) -> Attribution | None:
    """The attribution ``cue`` makes; ``used`` when it already attributes a quotation, and
    then only a reported clause of its own counts ("X agrees that ...: "..."")."""
    if cue.kind == "source_first":
        return None if used else _according(ctx, cue)
    v = cue.verb
    if not is_verbal(ctx, v):
        return None
    if cue.kind in ("speech", "belief", "finding"):
        comp = _complement(ctx, v, cue)
        if used:
            return None if comp is None else _make(ctx, cue, comp, "clause")
        if comp is not None:
            as_clause = _as_clause(ctx, v)
            if as_clause is not None:
                return as_clause
            return _make(ctx, cue, comp, "clause")
        as_clause = _as_clause(ctx, v)
        if as_clause is not None:
            return as_clause
    if cue.kind == "object" or (cue.kind == "speech" and ctx.lower[v] in LEXICON.object):
        return _object(ctx, cue)
    return None


def _complement(ctx: Context, v: int, cue: Cue) -> tuple[int, int] | None:
    """Token range of the clause verb ``v`` governs, or None."""
    for c in ctx.children[v]:
        if cue.first <= c <= cue.last:
            continue
        if ctx.dep[c] in _CLAUSE_DEPS or (
            # "reported, citing X, that ...": the parser makes the that-clause adverbial
            ctx.dep[c] == "advcl"
            and c > v
            and any(ctx.lower[g] == "that" and ctx.dep[g] == "mark" for g in ctx.children[c])
        ):
            lo, hi = ctx.subtree(c)
            return lo, hi
    # a "that" right after the cue, whatever the parser hung it on ("reported yesterday,
    # citing Kremlin sources, that ..." when a heading ran into the sentence)
    k = cue.last + 1
    while k < min(ctx.n, cue.last + _THAT_REACH) and ctx.lower[k] != ".":
        if ctx.lower[k] == "that" and ctx.dep[k] == "mark" and ctx.head[k] > k:
            lo, hi = ctx.subtree(ctx.head[k])
            return k, hi
        if ctx.pos[k] in ("VERB", "AUX") and ctx.lower[k] not in ("citing", "quoting"):
            break
        k += 1
    lemma = LEXICON.cue_lemma(ctx.lower[v])
    if lemma in _INFINITIVE_LEMMAS:
        for c in ctx.children[v]:
            if ctx.dep[c] == "xcomp" and c > v:
                lo, hi = ctx.subtree(c)
                return lo, hi
    return None


def _as_clause(ctx: Context, v: int) -> Attribution | None:
    """ "As X pointed out, Y": ``v`` is an adverbial clause marked "as"; the content is Y."""
    if ctx.dep[v] != "advcl":
        return None
    if not any(ctx.lower[c] in LEXICON.as_marks and ctx.dep[c] == "mark" for c in ctx.children[v]):
        return None
    cue = cue_at(ctx, v)
    if cue is None:
        return None
    speaker = subject_of(ctx, v, climb=False)
    if speaker is None:  # "As noted in the Kremlin, ..."
        for c in ctx.children[v]:
            if ctx.dep[c] in ("prep", "agent") and ctx.lower[c] in ("in", "by"):
                speaker = next((g for g in ctx.children[c] if ctx.dep[g] == "pobj"), None)
    rng = _around(ctx, ctx.subtree(ctx.head[v]), ctx.subtree(v))
    return _make(ctx, cue, rng, "as", speaker=speaker, no_speaker_ok=True)


def _around(ctx: Context, clause: tuple[int, int], phrase: tuple[int, int]) -> tuple[int, int]:
    """The part of ``clause`` that is the content when ``phrase`` (the attribution) is in it.

    The side after the phrase when the phrase opens the clause ("According to X, ..."), the side
    before when it closes it, and when it sits inside, the longer side, or the whole clause if
    both sides are substantial ("Now, as X points out, we are ...").
    """
    lo, hi = clause
    alo, ahi = phrase
    before = alo - lo
    after = hi - ahi
    if before <= 3 and after > 0:
        return ahi + 1, hi
    if after <= 3 and before > 0:
        return lo, alo - 1
    return lo, hi


def _according(ctx: Context, cue: Cue) -> Attribution | None:
    """ "according to X, Y" / "Y, according to X"."""
    a = cue.verb
    src = None
    for c in ctx.children[a]:
        if ctx.lower[c] == "to":
            src = next((g for g in ctx.children[c] if ctx.dep[g] == "pobj"), None)
    if src is None and cue.last + 1 < ctx.n:
        src = cue.last + 1
    if src is None:
        return None
    if ctx.lower[src] in ("what", "which") or ctx.pos[src] == "VERB":
        # "according to what the authorities told the OSCE": the clause's subject
        verb = src if ctx.pos[src] == "VERB" else ctx.head[src]
        src = subject_of(ctx, verb, climb=False) or src
    for c in ctx.children[src]:
        if ctx.lower[src] in _DOCUMENTS and ctx.lower[c] in ("from", "by", "with"):
            # "according to a recent report from the Acme Research Institute"
            src = next((g for g in ctx.children[c] if ctx.dep[g] == "pobj"), src)
            break
    head = ctx.head[a]
    if head == a:
        return None
    alo, ahi = ctx.subtree(a)
    named = speaker_head(ctx, src)
    if named > ahi:  # "according to the press secretary ..., Dmitry Peskov, ..."
        ahi = named
    rng = _around(ctx, ctx.subtree(head), (min(alo, cue.first), ahi))
    return _make(ctx, cue, rng, "according", speaker=src)


def _object(ctx: Context, cue: Cue) -> Attribution | None:
    v = cue.verb
    if ctx.lower[v] in LEXICON.relay_verbs and ctx.dep[v] in ("advcl", "xcomp"):
        return None  # "..., citing Kremlin sources, ...": a relay, read with its verb
    subj = subject_of(ctx, v)
    if subj is None or ctx.lower[subj] in _NOT_SUBJECTS:
        return None
    start = cue.last + 1
    hi = ctx.subtree(v)[1]
    objs = [c for c in ctx.children[v] if c > cue.last and ctx.dep[c] in _OBJECT_DEPS]
    if not objs or not any(ctx.dep[c] in ("dobj", "obj", "ccomp", "xcomp") for c in objs):
        return None
    end = max(ctx.subtree(c)[1] for c in objs)
    return _make(ctx, cue, (start, min(end, hi)), "object", speaker=subj)


def _make(
    ctx: Context,
    cue: Cue,
    rng: tuple[int, int],
    rule: str,
    speaker: int | None = None,
    no_speaker_ok: bool = False,
) -> Attribution | None:
    lo, hi = rng
    # the parser runs a heading into the next line: content stays in the cue's paragraph
    ps, pe = ctx.para_bounds(ctx.idx[cue.first])
    while lo <= hi and ctx.idx[lo] < ps:
        lo += 1
    while hi >= lo and ctx.ends[hi] > pe:
        hi -= 1
    while lo <= hi and (ctx.lower[lo] in _EDGE_PUNCT or ctx.text[ctx.idx[lo]].isspace()):
        lo += 1
    while hi >= lo and (ctx.lower[hi] in _EDGE_PUNCT or ctx.text[ctx.idx[hi]].isspace()):
        hi -= 1
    if hi < lo or (lo == hi and ctx.lower[lo] in _EMPTY_CONTENT):
        return None  # "people don't know why": nothing is reported
    # a clause made of nothing but a quotation is a direct quote: direct.py owns those
    if ctx.lower[lo] in QUOTE_TOKENS and ctx.lower[hi] in QUOTE_TOKENS:
        q = ctx.quotation_at(ctx.idx[lo])
        if q is not None and q.start == ctx.idx[lo] and q.end >= ctx.ends[hi]:
            return None
    if speaker is None and not no_speaker_ok:
        speaker = subject_of(ctx, cue.verb)
    if speaker is not None and ctx.lower[speaker] == "it" and cue.kind in ("belief", "object"):
        return None  # "it's hard to imagine": nobody believes anything
    via: list[tuple[int, int]] = []
    cited = citing(ctx, cue.verb, lo)
    if cited is not None and speaker is not None:
        via.append(speaker_span(ctx, speaker))
        speaker = cited
    return Attribution(
        parts=[(ctx.idx[lo], ctx.ends[hi])],
        kind="indirect",
        cue=cue.chars(ctx),
        cue_tok=cue.verb,
        speaker_tok=speaker,
        via=via,
        rule=rule,
    )
