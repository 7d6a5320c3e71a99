"""Tokens for the figures scanner, and the look-ups over them that every rule shares.

A regex tokenizer (number words matched through a trie, see :func:`_trie`) whose token objects
are built lazily, and :class:`_TokenReader`, the base of the scanner: one text's tokens with
the small helpers (next word on the line, longest phrase from a table, word before a token).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

from newsgraph.extract.figures.lexicon import LEXICON, _Lexicon, _Table

_INLINE_SPACE: Final = " \t\u00a0\u2009\u202f"
# Tokens of a figure may be apart by at most this much inline space ("$ 1.5 billion" is common in
# machine-translated news; wider gaps are layout, not one phrase).
_MAX_GAP: Final = 3

_NUM, _WORD, _SYM = 0, 1, 2


def _trie(words: Iterable[str]) -> str:
    """A regex for ``words`` as a trie: Python's re tries alternatives one by one, so sharing
    prefixes ("four|fourteen|forty") makes the scan over every word of an article cheaper."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for c in word:
            node = node.setdefault(c, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [re.escape(c) + emit(child) for c, child in sorted(node.items()) if c]
        if not alts:
            return ""
        if len(alts) == 1 and "" not in node:
            return alts[0]
        body = "(?:" + "|".join(alts) + ")"
        return body + "?" if "" in node else body

    return emit(root)


def _token_regex(lex: _Lexicon) -> re.Pattern[str]:
    numbers, scales = _trie(lex.number_words), _trie(lex.scale_words)
    firsts = "".join(sorted({w[0] for w in lex.number_words} | {"a", "h"}))
    firsts += firsts.upper()
    return re.compile(
        r"(?P<num>\d+(?:[.,]\d+)*)"  # digits; grouping commas and decimals validated later
        # a number word, or "a"/"an"/"half" before a scale ("a dozen", "half a million"): the
        # tokens where a spelled figure can start
        rf"|(?P<nw>(?=[{firsts}])(?i:{numbers}(?![^\W\d_])"
        rf"|(?:an?|half)(?=\s+(?:a\s+)?{scales}(?![^\W\d_]))))"
        r"|(?P<abbr>(?:[^\W\d_]\.)+[^\W\d_]\b\.?)"  # U.S., a.m., p.m
        r"|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*)"  # words, with inner apostrophes (o'clock)
        r"|(?P<sym>\S)"
    )


_TOKEN_RE: Final = _token_regex(LEXICON)
# After a sentence ends or a quote opens, a capitalised word is just a sentence start.
_SENTENCE_OPENERS: Final = frozenset(".!?:;\"“”‘’'([{—–-…•*")


@dataclass(frozen=True, slots=True)
class _Tok:
    text: str
    low: str
    start: int
    end: int
    kind: int
    tight: bool  # no space at all before this token
    inline: bool  # only a little inline space before it (same line, same phrase)


class _Tokens:
    """The tokens of a text, each built only when the parser first looks at it.

    Matching the token regex over the whole text is cheap; building a token object for each of
    the ~1,500 tokens of an article was most of the run time, and the parser only ever looks at
    the few tokens around each number.
    """

    __slots__ = ("_built", "_matches", "starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._matches = list(_TOKEN_RE.finditer(text))
        # Tokens where a figure can start: digits and number words.
        self.starts = [i for i, m in enumerate(self._matches) if m.lastgroup in ("num", "nw")]
        self._built: dict[int, _Tok] = {}

    def __len__(self) -> int:
        return len(self._matches)

    def __getitem__(self, i: int) -> _Tok:
        tok = self._built.get(i)
        if tok is None:
            if i < 0:
                raise IndexError(i)
            m = self._matches[i]
            s, e = m.span()
            gap = self.text[self._matches[i - 1].end() if i else 0 : s]
            inline = len(gap) <= _MAX_GAP and all(c in _INLINE_SPACE for c in gap)
            kind = _NUM if m.lastgroup == "num" else _SYM if m.lastgroup == "sym" else _WORD
            text = m.group()
            tok = self._built[i] = _Tok(text, text.lower(), s, e, kind, not gap, inline)
        return tok


class _TokenReader:
    """One text and its tokens, with the look-ups the number, unit and figure rules share."""

    def __init__(self, text: str, lex: _Lexicon) -> None:
        self.text = text
        self.lex = lex
        self.toks = _Tokens(text)
        self.n = len(self.toks)

    def tok(self, i: int) -> _Tok | None:
        return self.toks[i] if 0 <= i < self.n else None

    def next_inline(self, i: int) -> _Tok | None:
        t = self.tok(i)
        return t if t is not None and t.inline else None

    def word_at(self, i: int) -> str | None:
        t = self.next_inline(i)
        return t.low if t is not None and t.kind == _WORD else None

    def phrase_at(self, i: int, table: _Table, longest: int = 3) -> tuple[Any, int]:
        """The longest entry of ``table`` spelled by tokens from ``i``: (value, last token)."""
        t = self.next_inline(i)
        if t is None or t.low not in table.first:
            return None, -1
        lows: list[str] = []
        for j in range(i, min(i + min(longest, table.longest), self.n)):
            t = self.toks[j]
            if not t.inline:
                break
            lows.append(t.low)
        for size in range(len(lows), 0, -1):
            key = tuple(lows[:size])
            if key in table:
                return table[key], i + size - 1
        return None, -1

    def prev_word(self, i: int) -> tuple[int, str] | None:
        """The word right before token ``i`` on the same line; "Sept." and "No." keep their dot."""
        t = self.tok(i)
        if t is None or not t.inline:
            return None
        j = i - 1
        p = self.tok(j)
        if p is None:
            return None
        if p.text == "." and p.tight and j >= 1 and self.toks[j - 1].kind == _WORD:
            w = self.toks[j - 1]
            return j - 1, w.low + "."
        if p.kind == _WORD:
            return j, p.low
        return None

    def sentence_initial(self, i: int) -> bool:
        t = self.toks[i]
        p = self.tok(i - 1)
        if p is None or "\n" in self.text[p.end : t.start]:
            return True
        return p.kind == _SYM and p.text in _SENTENCE_OPENERS
