"""The words around a quotation: where its cue and speaker are.

:mod:`direct` asks :func:`find_cue` for one quotation at a time; the answer comes from the first
of these that finds a cue, in the order the punctuation points to (a comma closing the
quotation points after it, a colon or comma before the opening mark points before it):

* **after** the closing mark, up to the end of the sentence or the next quotation: subject and
  cue (``," Putin told``, ``" – Putin said.``, ``" , – he thinks.``), cue and subject (``," said
  the Belarusian president``), a relay (``," the Vedomosti newspaper quotes the expert``,
  ``", quoted by DW.``), or in the next sentence when the cue there reports nothing else
  (``"..." Smith said this on Monday.``). The words before the cue must read as the speaker's
  noun phrase;
* a **dash and a bare name** closing the paragraph (``"..." ― Esther Tapia``);
* **before** the opening mark, with only a short phrase between (``Putin said: "``, ``He added,
  "``, ``told reporters on Tuesday: "``), or the cue of the clause a colon ends (``Chausov
  agrees that ...: "``, ``Trump boomed: "``);
* the **paragraph before**, when it ends in a colon and this one opens with the quotation
  (:func:`colon_paragraph`).
"""

from __future__ import annotations

from dataclasses import dataclass

from newsgraph.extract.quotes.context import DASHES, QUOTE_TOKENS, SENT_END, Context
from newsgraph.extract.quotes.cues import Cue, cue_at, is_verbal
from newsgraph.extract.quotes.lexicon import LEXICON
from newsgraph.extract.quotes.marks import Quotation
from newsgraph.extract.quotes.relay import noun_phrase_after, speaker_after_relay
from newsgraph.extract.quotes.speakers import can_speak, subject_of

# What may stand between a closing mark and its cue besides the speaker's noun phrase.
_GAP_POS = frozenset(
    ["DET", "ADJ", "NOUN", "PROPN", "PRON", "NUM", "PUNCT", "ADP", "CCONJ", "ADV", "AUX", "PART",
     "SPACE"]
)  # fmt: skip
_DIRECT_KINDS = frozenset(["speech", "belief", "relay", "passive_relay", "source_first"])
# What a cue in the sentence after a quotation may not have if it is to own the quotation.
_REPORTED_DEPS = frozenset(["dobj", "ccomp", "xcomp", "attr", "nsubj", "oprd"])
_EMPTY_OBJECTS = frozenset(["this", "that", "so", "it", "these", "those"])
_SPACES = frozenset(" \t\u00a0\u2009\u202f")
_DASH_CHARS = frozenset("―—–-")
_CLAUSE_STARTERS = frozenset(["that", "whether", "if", "because", "when", "while", "which"])


@dataclass(slots=True)
class Found:
    cue: Cue
    speaker: int | None
    via: list[tuple[int, int]]
    inherit: bool
    end_tok: int  # last token of the attribution phrase


def _dash_name(ctx: Context, q: Quotation, limit: int) -> Found | None:
    """'"..." ― Esther Tapia': a dash and a bare name closing the paragraph or sentence."""
    j = q.end
    while j < limit and ctx.text[j] in _SPACES:
        j += 1
    if j >= limit or ctx.text[j] not in _DASH_CHARS:
        return None
    dash = ctx.tok_at(j)
    k = ctx.tok_at(j + 1)
    while k < ctx.n and ctx.idx[k] < limit and ctx.text[ctx.idx[k]] in _SPACES:
        k += 1
    first = k
    while (
        k < ctx.n
        and ctx.idx[k] < limit
        and (
            ctx.pos[k] == "PROPN"
            or (ctx.text[ctx.idx[k]].isupper() and ctx.lower[k] not in SENT_END)
        )
    ):
        k += 1
    if k == first or k - first > 5:
        return None
    rest = ctx.text[ctx.ends[k - 1] : limit] if k - 1 < ctx.n else ""
    if rest.strip(" .\u00a0\t") and not rest.lstrip(" \u00a0").startswith("\n"):
        return None
    return Found(Cue(dash, dash, "speech", dash), k - 1, [], False, k - 1)


def find_cue(
    ctx: Context, q: Quotation, limit: int, floor: int, sentence_like: bool, words: int
) -> Found | None:
    """The cue after or before ``q``, whichever the punctuation points to first.

    A comma closing the quotation ('...," he said') points after; a colon or comma right before
    the opening mark ('He said: "...') points before.
    """
    inner = ctx.text[q.inner_start : q.inner_end].rstrip()
    after_first = inner.endswith(",") or ctx.text[q.end : q.end + 1] == ","
    before_text = ctx.text[max(floor, q.start - 3) : q.start].rstrip()
    may_before = sentence_like or words >= LEXICON.min_words_without_cue
    if not after_first and may_before and before_text.endswith((":", ",")):
        found = _cue_before(ctx, q, floor)
        if found is not None:
            return found
    found = _cue_after(ctx, q, limit) or _dash_name(ctx, q, limit)
    if found is None and may_before:
        found = _cue_before(ctx, q, floor)
    return found


def _cue_after(ctx: Context, q: Quotation, limit: int) -> Found | None:
    """A cue in the words after the closing mark (rule 2)."""
    k = ctx.tok_at(q.end)
    stop = min(ctx.tok_at(limit), k + LEXICON.max_gap_after + 2, ctx.n)
    gap: list[int] = []
    while k < stop:
        w = ctx.lower[k]
        if w in SENT_END:
            return None
        cue = cue_at(ctx, k, after_quote=True)
        if (
            cue is not None
            and cue.kind in _DIRECT_KINDS
            and (
                cue.kind not in ("speech", "belief")
                or is_verbal(ctx, cue.verb)
                or not any(not ctx.is_punct(g) for g in gap)
            )
        ):
            return _after_cue(ctx, q, cue, gap, stop)
        if ctx.pos[k] not in _GAP_POS and not ctx.text[ctx.idx[k]].isupper():
            return None  # (a capitalised word is a name whatever the tagger says: "Tulsa")
        if w in _CLAUSE_STARTERS or (
            ctx.pos[k] == "CCONJ" and not any(not ctx.is_punct(g) for g in gap)
        ):
            return None  # '"blowhard," and said ...': a clause of its own
        named = any(ctx.pos[g] in ("NOUN", "PROPN", "PRON") for g in gap)
        if ctx.pos[k] in ("ADP", "AUX", "PART") and not named:
            return None  # ", in the words of", '" is unlikely to': not a speaker phrase
        if ctx.pos[k] == "ADJ" and any(ctx.pos[g] == "AUX" for g in gap):
            return None  # '" is unlikely': a predicate
        gap.append(k)
        k += 1
    return None


def _after_cue(ctx: Context, q: Quotation, cue: Cue, gap: list[int], stop: int) -> Found | None:
    content = [g for g in gap if not ctx.is_punct(g) and ctx.lower[g] not in DASHES]
    end = cue.last
    if content and ctx.text[q.inner_start : q.inner_end].rstrip()[-1:] in (".", "!", "?"):
        # '..." The star then recalled an incident': a new sentence, unless the cue ends it
        first = content[0]
        if ctx.text[ctx.idx[first]].isupper() and not _ends_sentence(ctx, cue.last + 1):
            return None
    if cue.kind == "passive_relay":
        np = noun_phrase_after(ctx, cue.last + 1, max(stop, cue.last + 8))
        if np is None:
            return None
        if ctx.lower[cue.first] == "according" or (
            ctx.lower[cue.first] == "as" and _personal(ctx, np)
        ):
            # ", according to Putin": the speaker (PolNeAR's reading too), not a relay
            return Found(cue, _np_head(ctx, *np), [], False, np[1])
        via = [(ctx.idx[np[0]], ctx.ends[np[1]])]
        return Found(cue, None, via, True, np[1])
    if cue.kind == "relay":
        if not content:
            return None
        speaker = speaker_after_relay(ctx, cue.verb, max(stop, cue.last + 8))
        via = [(ctx.idx[content[0]], ctx.ends[content[-1]])]
        return Found(cue, speaker, via, speaker is None, speaker if speaker else end)
    if content:
        if any(
            ctx.dep[c] == "ccomp"
            and c > cue.last
            and not ctx.in_quotation(ctx.idx[ctx.subtree(c)[0]])
            for c in ctx.children[cue.verb]
        ):
            return None  # '..." He said American Jews ...': a new sentence with its own content
        subj = subject_of(ctx, cue.verb)
        if subj is None or not gap[0] <= subj <= gap[-1]:
            subj = _np_head(ctx, content[0], _first_comma(ctx, content))
        return Found(cue, subj, [], False, end)
    # inverted: ," said the expert / ," said Putin
    subj = subject_of(ctx, cue.verb)
    if subj is not None and subj > cue.last:
        return Found(cue, subj, [], False, subj)
    np = noun_phrase_after(ctx, cue.last + 1, max(stop, cue.last + 6))
    if np is not None and ctx.pos[np[0]] != "ADP":
        return Found(cue, _np_head(ctx, *np), [], False, np[1])
    return Found(cue, None, [], True, end)


def _ends_sentence(ctx: Context, k: int) -> bool:
    """Whether the sentence from token ``k`` on holds nothing the cue could report.

    "... he said." / "... Smith said this on Monday." / "... she wrote in a blog post." end it;
    an object, a clause or another verb ("The star then recalled an incident") does not.
    """
    for j in range(k, min(ctx.n, k + 10)):
        if ctx.lower[j] in SENT_END or ctx.text[ctx.idx[j]] == "\n":
            return True
        if ctx.pos[j] in ("VERB", "AUX") or ctx.lower[j] in _CLAUSE_STARTERS:
            return False
        if ctx.dep[j] in _REPORTED_DEPS and ctx.lower[j] not in _EMPTY_OBJECTS:
            return False
    return k >= ctx.n


def _personal(ctx: Context, np: tuple[int, int]) -> bool:
    found = ctx.entity_at(ctx.idx[np[0]], ctx.ends[np[1]])
    if found is not None:
        return found[0].type == "PERSON"
    return any(ctx.lower[j] in LEXICON.role_heads for j in range(np[0], np[1] + 1))


def _first_comma(ctx: Context, content: list[int]) -> int:
    last = content[-1]
    for j in range(content[0], last + 1):
        if ctx.lower[j] == ",":
            return max(content[0], j - 1)
    return last


def _np_head(ctx: Context, first: int, last: int) -> int:
    for j in range(last, first - 1, -1):
        if ctx.pos[j] in ("PROPN", "PRON", "NOUN"):
            return j
    return last


def _cue_before(ctx: Context, q: Quotation, floor: int) -> Found | None:
    """A cue shortly before the opening mark (rule 3)."""
    k = ctx.tok_at(q.start) - 1
    low = ctx.tok_at(floor)
    steps = 0
    while k >= low and steps <= LEXICON.max_gap_before:
        w = ctx.lower[k]
        if w in SENT_END or w in QUOTE_TOKENS:
            return None
        cue = cue_at(ctx, k)
        if (
            cue is not None
            and cue.kind in ("speech", "belief", "source_first")
            and cue.last < ctx.tok_at(q.start)
        ):
            if cue.kind == "source_first":
                np = noun_phrase_after(ctx, cue.last + 1, ctx.tok_at(q.start))
                if np is None:
                    return None
                return Found(cue, _np_head(ctx, *np), [], False, cue.last)
            speaker = subject_of(ctx, cue.verb)
            if speaker is None and ctx.pos[cue.verb] not in ("VERB", "AUX"):
                k -= 1
                steps += 1
                continue
            return Found(cue, speaker, [], speaker is None, cue.last)
        if ctx.pos[k] in ("VERB", "AUX") or w in _CLAUSE_STARTERS:
            break
        k -= 1
        steps += 1
    return _colon_clause(ctx, q)


def _colon_clause(ctx: Context, q: Quotation) -> Found | None:
    """ "X agrees that ...: "..."": a colon before the quotation hands it to the sentence's cue."""
    o = ctx.tok_at(q.start)
    k = o - 1
    while k >= 0 and ctx.lower[k] in DASHES:
        k -= 1
    if k < 1 or ctx.lower[k] != ":":
        return None
    j = k - 1
    for _ in range(8):
        cue = cue_at(ctx, j)
        if cue is not None and cue.kind in ("speech", "belief"):
            speaker = subject_of(ctx, cue.verb)
            if speaker is not None:
                return Found(cue, speaker, [], False, cue.last)
        if ctx.head[j] == j or ctx.sent_start[ctx.head[j]] != ctx.sent_start[k]:
            break
        j = ctx.head[j]
    j = _verb_before(ctx, k)
    if ctx.pos[j] == "VERB":
        # "She went on:", "Trump boomed:": any verb whose subject can speak
        speaker = subject_of(ctx, j, climb=False)
        if speaker is not None and can_speak(ctx, speaker):
            return Found(Cue(j, j, "speech", j), speaker, [], False, j)
    return None


def _verb_before(ctx: Context, k: int) -> int:
    """The last verb before token ``k`` with at most a particle or adverb after it."""
    j = k - 1
    while j > 0 and ctx.pos[j] in ("ADP", "ADV", "PART") and k - j <= 3:
        j -= 1
    return j


def colon_paragraph(ctx: Context, q: Quotation, para_start: int) -> Found | None:
    """Rule 5: the paragraph before ends "... stated:" and this one opens with the quotation."""
    if q.start != para_start or para_start == 0:
        return None
    j = ctx.tok_at(para_start) - 1
    while j >= 0 and ctx.text[ctx.idx[j]].isspace():
        j -= 1
    if j < 0 or ctx.lower[j] != ":":
        return None
    fake = Quotation(ctx.ends[j], ctx.ends[j], ctx.ends[j], ctx.ends[j])
    return _cue_before(ctx, fake, ctx.para_bounds(ctx.idx[j])[0])
