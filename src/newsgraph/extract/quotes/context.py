"""What every quote rule looks things up in: one article's tokens, paragraphs, entities, quotes.

Built once per article from the parsed ``Doc``. Token attributes the rules read over and over
(lower-case form, part of speech, dependency, head) are copied into plain lists once, which is
much cheaper than creating spaCy ``Token`` objects in every rule.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy
from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, LENGTH, LOWER, POS, SENT_START, TAG
from spacy.tokens import Doc

from newsgraph.extract.quotes.marks import Quotation, find_quotations, paragraph_bounds
from newsgraph.types import Entity, Mention

# Tokens that end a sentence for the rules that read a clause by punctuation.
SENT_END = frozenset([".", "!", "?", "…", "...", ";"])
QUOTE_TOKENS = frozenset(['"', "“", "”", "„", "‟", "«", "»", "‘", "’", "'", "''", "``", "‹", "›"])
DASHES = frozenset(["-", "–", "—", "--", "―"])
_GLUED = re.compile(r"^([a-z]+)[,.:;]?[\"“”„«»]")


@dataclass(slots=True)
class Attribution:
    """One attribution found by a rule, before speakers are resolved.

    ``parts`` are the content spans (characters in ``doc.text``); ``speaker_tok`` the head token
    of the speaker's noun phrase; ``via`` the relays' spans; ``inherit`` means the speaker comes
    from the context before (a floating quote, "..., quoted by DW"); ``rule`` names the rule that
    made it, for debugging.
    """

    parts: list[tuple[int, int]]
    kind: str
    cue: tuple[int, int] | None
    cue_tok: int | None = None
    speaker_tok: int | None = None
    via: list[tuple[int, int]] = field(default_factory=list)
    inherit: bool = False
    rule: str = ""

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


class Context:
    """The article as the quote rules see it. Offsets are in ``doc.text``."""

    def __init__(self, doc: Doc, entities: Sequence[Entity]) -> None:
        self.doc = doc
        self.text = doc.text
        self.n = len(doc)
        # one C-level copy of the attributes, strings looked up once per distinct value
        cols = doc.to_array([LOWER, POS, TAG, DEP, HEAD, IDX, LENGTH, ENT_TYPE, SENT_START])
        strings = doc.vocab.strings

        def text_of(column: int) -> list[str]:
            if not self.n:
                return []
            uniq, inverse = numpy.unique(cols[:, column], return_inverse=True)
            words = numpy.array([strings[int(h)] if h else "" for h in uniq], dtype=object)
            return list(words[inverse])

        self.lower = text_of(0)
        for i, w in enumerate(self.lower):
            if len(w) > 4 and (glued := _GLUED.match(w)):
                self.lower[i] = glued.group(1)  # the tokenizer leaves 'said,“Look' whole
        self.pos = text_of(1)
        self.tag = text_of(2)
        self.dep = text_of(3)
        self.ent_type = text_of(7)
        self.head = [i + h for i, h in enumerate(cols[:, 4].astype("int64").tolist())]
        self.idx = cols[:, 5].tolist()
        self.ends = [s + n for s, n in zip(self.idx, cols[:, 6].tolist(), strict=True)]
        self.sent_start = [0] * self.n
        self.sent_end = [self.n] * self.n
        if self.n and (cols[:, 3].any() or cols[:, 8].any()):  # parsed, or sentences set
            starts = [
                i for i, v in enumerate(cols[:, 8].astype("int64").tolist()) if v == 1 or i == 0
            ]
            bounds = [*starts, self.n]
            for k in range(len(starts)):
                lo, hi = bounds[k], bounds[k + 1]
                for i in range(lo, hi):
                    self.sent_start[i] = lo
                    self.sent_end[i] = hi
        self.children: list[list[int]] = [[] for _ in range(self.n)]
        for i, h in enumerate(self.head):
            if h != i:
                self.children[h].append(i)
        self.paragraphs = paragraph_bounds(self.text)
        self._para_starts = [s for s, _ in self.paragraphs]
        self.quotations: list[Quotation] = find_quotations(self.text)
        self._q_starts = [q.start for q in self.quotations]
        mentions = [
            (m.start, m.end, e, m) for e in entities for m in e.mentions if m.end <= len(self.text)
        ]
        mentions.sort(key=lambda x: (x[0], -x[1]))
        self._mentions = mentions
        # per token: the mention it is in, and whether it is inside quotation marks
        self.token_mention: list[tuple[Entity, Mention] | None] = [None] * self.n
        for s, e, ent, m in mentions:
            for i in self.tokens(s, e):
                if self.token_mention[i] is None or ent.type == "PERSON":
                    self.token_mention[i] = (ent, m)
        self.quoted = [False] * self.n
        for q in self.quotations:
            for i in self.tokens(q.start, q.end):
                self.quoted[i] = True
        self._m_starts = [m[0] for m in mentions]
        self.entities = list(entities)

    # --- positions -------------------------------------------------------------------------

    def tok_at(self, char: int) -> int:
        """The token that contains ``char``, else the first token after it (``n`` at the end)."""
        i = bisect_right(self.idx, char) - 1
        if i >= 0 and char < self.ends[i]:
            return i
        return i + 1

    def tokens(self, start: int, end: int) -> range:
        """The tokens that overlap the characters ``[start, end)``."""
        i = self.tok_at(start)
        j = bisect_left(self.idx, end)
        return range(i, max(i, j))

    def para_of(self, char: int) -> int:
        return max(0, bisect_right(self._para_starts, char) - 1)

    def para_bounds(self, char: int) -> tuple[int, int]:
        if not self.paragraphs:
            return 0, len(self.text)
        return self.paragraphs[self.para_of(char)]

    def quotation_at(self, char: int) -> Quotation | None:
        k = bisect_right(self._q_starts, char) - 1
        if k >= 0 and char < self.quotations[k].end:
            return self.quotations[k]
        return None

    def in_quotation(self, char: int) -> bool:
        return self.quotation_at(char) is not None

    def entity_at(self, start: int, end: int) -> tuple[Entity, Mention] | None:
        """The entity mention overlapping ``[start, end)`` (the longest, people first)."""
        k = bisect_left(self._m_starts, end)
        best: tuple[Entity, Mention] | None = None
        for s, e, ent, m in self._mentions[max(0, k - 8) : k]:
            if (
                s < end
                and e > start
                and (
                    best is None
                    or (ent.type == "PERSON", e - s)
                    > (best[0].type == "PERSON", best[1].end - best[1].start)
                )
            ):
                best = (ent, m)
        return best

    # --- tokens ----------------------------------------------------------------------------

    def is_punct(self, i: int) -> bool:
        return self.pos[i] == "PUNCT" or self.lower[i] in QUOTE_TOKENS

    def subtree(self, i: int) -> tuple[int, int]:
        """First and last token (inclusive) of the subtree of ``i``."""
        lo = hi = i
        stack = [i]
        while stack:
            j = stack.pop()
            lo, hi = min(lo, j), max(hi, j)
            stack.extend(self.children[j])
        return lo, hi

    def char_span(self, first: int, last: int) -> tuple[int, int]:
        """Characters of tokens ``first..last`` inclusive."""
        return self.idx[first], self.ends[last]
