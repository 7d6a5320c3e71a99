"""Direct quotes: who each quotation in quotation marks belongs to.

For every quotation :mod:`marks` found, in reading order, the first rule that applies wins:

1. **Scare quotes and titles** — a quotation right after "so-called", "dubbed", "the film" ...
   is a name, never speech.
2. **A cue around it** — after the closing mark, before the opening one, after a dash or a
   colon, in the paragraph before (:mod:`around` has the rules): the attribution it names, a
   *mixed* quote when the quotation sits inside someone's sentence ('He would be a better
   president "no matter what," one user commented').
3. **Split and continued quotes** — a quotation right after an attributed one in the same
   paragraph (``"A," he said, "B."`` and ``"A," he said. "B."``) is another part of the same
   quote, as PolNeAR's annotators and readers take it.
4. **Floating quotes** — a quotation with no cue that opens its paragraph after a paragraph
   ending in a colon ("Dr. Ward stated:") or soon after another attributed quotation belongs to
   that speaker (``inherit``); so does a long sentence-like one that opens its paragraph (the
   article's last speaker, if there is one).

Quotations no rule attributes are returned as *fragments*: a reported clause around one folds
it in (a mixed quote, :mod:`assemble`), :mod:`partial` keeps those whose clause has someone
speaking, and the rest are scare quotes and titles.
"""

from __future__ import annotations

import re

from newsgraph.extract.quotes.around import Found, colon_paragraph, find_cue
from newsgraph.extract.quotes.context import Attribution, Context
from newsgraph.extract.quotes.lexicon import LEXICON
from newsgraph.extract.quotes.marks import Quotation

# A quotation after an attributed one continues it only if the rest of the attribution sentence
# between them is shorter than this ("..." Putin told a meeting at the residence in Sochi. "...").
_MAX_TAIL_CHARS = 200
_SCARE_LAST = frozenset(p[-1] for p in LEXICON.scare_markers)
_SENTENCE_END = re.compile(r"[.!?]+[)\"”’\]]*(?:\s|$)")
_SENTENCE_BREAK = re.compile(r"[.!?…][\"'”’)\]]*\s+|[:;]\s+")


def attribute_quotations(ctx: Context) -> tuple[list[Attribution], list[Quotation]]:
    """Attributions of the article's quotations, and the quotations left unattributed."""
    out: list[Attribution] = []
    fragments: list[Quotation] = []
    quotes = ctx.quotations
    prev: Attribution | None = None
    prev_tail_end = -1  # last character of the previous attribution's cue phrase
    for n, q in enumerate(quotes):
        if q.end - q.start < 3 or _scare_marked(ctx, q):
            fragments.append(q)
            continue
        limit = quotes[n + 1].start if n + 1 < len(quotes) else len(ctx.text)
        para_start = ctx.para_bounds(q.start)[0]
        words = len(ctx.text[q.inner_start : q.inner_end].split())
        sentence_like = _sentence_like(ctx, q, words)
        floor = _floor(ctx, q, quotes, n, para_start)
        clause = _clause_start(ctx, q, floor)
        if clause < q.start and title_like(ctx, q):
            fragments.append(q)  # "on CBS's "Face the Nation"": a title
            continue
        found = find_cue(
            ctx, q, min(limit, ctx.para_bounds(q.end - 1)[1]), floor, sentence_like, words
        )
        if found is not None:
            if prev is not None and prev.cue_tok == found.cue.verb:
                prev.parts.append((q.start, q.end))  # "A," he said, "B."
                continue
            attr = _attribution(ctx, q, found)
            if clause < q.start and found.cue.first >= ctx.tok_at(q.end):
                # 'He would be a better president "no matter what," one user commented.'
                attr.parts, attr.kind = [(clause, q.end)], "mixed"
            out.append(attr)
            prev, prev_tail_end = attr, ctx.ends[found.end_tok]
            continue
        if not sentence_like:
            fragments.append(q)
            continue
        # no cue of its own: part of the quote before it, or floating
        if prev is not None and _is_split(ctx, prev, prev_tail_end, q):
            prev.parts.append((q.start, q.end))
            continue
        owner = colon_paragraph(ctx, q, para_start)
        if owner is not None:
            attr = _attribution(ctx, q, owner)
            out.append(attr)
            prev, prev_tail_end = attr, ctx.ends[owner.end_tok]
            continue
        if clause < q.start:
            fragments.append(q)  # mid-sentence: a fragment of someone's sentence
            continue
        if prev is not None and _near(ctx, prev, q):
            attr = Attribution(
                parts=[(q.start, q.end)],
                kind="direct",
                cue=None,
                via=list(prev.via),
                inherit=True,
                rule="floating",
            )
            out.append(attr)
            prev, prev_tail_end = attr, q.end
            continue
        if words >= LEXICON.floating_min_words and q.start == para_start:
            attr = Attribution([(q.start, q.end)], "direct", None, inherit=True, rule="orphan")
            out.append(attr)
            prev, prev_tail_end = attr, q.end
            continue
        fragments.append(q)
    return out, fragments


def _attribution(ctx: Context, q: Quotation, found: Found) -> Attribution:
    return Attribution(
        parts=[(q.start, q.end)],
        kind="direct",
        cue=found.cue.chars(ctx),
        cue_tok=found.cue.verb,
        speaker_tok=found.speaker,
        via=found.via,
        inherit=found.inherit and found.speaker is None,
        rule="direct",
    )


def _clause_start(ctx: Context, q: Quotation, floor: int) -> int:
    """Where the sentence holding ``q`` starts (after ``floor``), by punctuation."""
    seg = ctx.text[floor : q.start]
    cut = 0
    for m in _SENTENCE_BREAK.finditer(seg):
        cut = m.end()
    start = floor + cut
    while start < q.start and ctx.text[start] in " \t\n\u00a0,;:–—-":
        start += 1
    return start


def title_like(ctx: Context, q: Quotation) -> bool:
    """ "Face the Nation", "The Apprentice": capitalised words and no closing punctuation."""
    inner = ctx.text[q.inner_start : q.inner_end].strip()
    words = inner.split()
    if not words or inner[-1] in ".,!?…" or len(words) > 8:
        return False
    content = [w for w in words if len(w) > 3 or w[0].isupper()]
    return bool(content) and all(w[0].isupper() or not w[0].isalpha() for w in content)


def _sentence_like(ctx: Context, q: Quotation, words: int) -> bool:
    inner = ctx.text[q.inner_start : q.inner_end].lstrip(" .…\"'“‘([")
    if not inner:
        return False
    before = ctx.text[max(0, q.start - 3) : q.start].rstrip()
    opens_sentence = not before or before[-1] in ".!?:\n" or q.start == ctx.para_bounds(q.start)[0]
    return (inner[0].isupper() or inner[0].isdigit()) and (words >= 3 or opens_sentence)


def _scare_marked(ctx: Context, q: Quotation) -> bool:
    """Whether "so-called", "dubbed", "the film" ... stands right before the quotation."""
    i = ctx.tok_at(q.start) - 1
    if i < 0 or ctx.lower[i] not in _SCARE_LAST:
        return False
    for phrase in LEXICON.scare_markers:
        n = len(phrase)
        if i - n + 1 >= 0 and all(ctx.lower[i - n + 1 + k] == phrase[k] for k in range(n)):
            return True
    return False


def _floor(ctx: Context, q: Quotation, quotes: list[Quotation], n: int, para_start: int) -> int:
    floor = para_start
    if n > 0 and quotes[n - 1].end > floor:
        floor = quotes[n - 1].end
    return floor


def _is_split(ctx: Context, prev: Attribution, tail_end: int, q: Quotation) -> bool:
    """Whether ``q`` continues ``prev``: same paragraph, only the rest of its sentence between."""
    if ctx.para_of(prev.end) != ctx.para_of(q.start) or q.start - prev.end > _MAX_TAIL_CHARS:
        return False
    between = ctx.text[max(prev.end, tail_end) : q.start]
    ends = len(_SENTENCE_END.findall(between))
    return ends <= 1 and not any(c in between for c in '"“”„«»')


def _near(ctx: Context, prev: Attribution, q: Quotation) -> bool:
    return 0 <= ctx.para_of(q.start) - ctx.para_of(prev.end) <= LEXICON.floating_max_paragraphs
