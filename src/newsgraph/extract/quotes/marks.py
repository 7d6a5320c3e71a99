"""Quotation marks: find them, tell openers from closers, pair them, recover when they don't pair.

Works on plain text, needs no model. Real news text mixes every style: straight ``"``, curly
``“…”``, German ``„…“``, guillemets ``«…»`` (and ``»…«``), the NYT's doubled apostrophes
``''…''``, and single quotes ``‘…’``/``'…'`` that share their glyph with the apostrophe.

1. **Role.** Each double mark gets a role from its glyph and its *flanking* (what touches it on
   each side, as Markdown does for emphasis): a mark with a space before and a word after opens,
   a mark with a word before and a space or punctuation after closes. Flanking wins over the
   glyph (machine translation writes ``hand “,`` for a closer); the glyph decides when flanking
   cannot (``assumed. ” –``); straight marks that flanking cannot place take the role the
   pairing needs (open if nothing is open, else close).
2. **Pairing**, paragraph by paragraph, with local recovery so that one bad mark never costs more
   than its own paragraph:

   * a quote still open at a paragraph end *continues* when the next paragraph opens with a
     quotation mark (the convention for quotes running over several paragraphs), else it is
     closed at the paragraph end (``recovered``);
   * an opener while a quote is open: the open quote lost its closer and ends before the new
     opener (``recovered``) — unless the glyphs differ (``“… «…» …”``), which is nesting;
   * a closer with nothing open: its opener was lost, and the quote starts at the paragraph
     start or after the previous quote (``recovered``).
3. **Single quotes** pair only when clearly quoting: an opener with space before it and a
   letter after, a closer after a word and before space or punctuation, in one paragraph and
   no further apart than ``_SINGLE_MAX_CHARS``. A mark between two letters (``Lukashenka’s``,
   ``don’t``) or before a decade (``the ’90s``) is an apostrophe and never pairs.

Pairs inside other pairs are nested quotations (flattened into their outer quote, as PolNeAR's
annotators do); :func:`find_quotations` returns only the outermost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

# Double quotation marks; the doubled apostrophe and doubled backquote of some newspapers
# (''...'', ``...'') are double marks too.
_DOUBLE_RE: Final = re.compile(r"''|``|[\"“”„‟«»]")
_SINGLE_RE: Final = re.compile(r"[‘’'‹›]")
_OPEN_GLYPHS: Final = frozenset(["“", "„", "‟", "«", "``", "‘", "‹"])
_CLOSE_GLYPHS: Final = frozenset(["”", "»", "’", "›"])
# What may stand right before an opening mark (besides space) or right after a closing one.
_OPENING_PUNCT: Final = frozenset("([{—–-/:;…")
_CLOSING_PUNCT: Final = frozenset(".,;:!?)]}—–-…/")
_ALL_MARKS: Final = frozenset("\"“”„‟«»‘’'‹›`")
# A single-quote pair longer than this is not a pair: single marks are mostly apostrophes, and
# a stray possessive (players’) must not swallow a paragraph.
_SINGLE_MAX_CHARS: Final = 300
_DECADE_RE: Final = re.compile(r"\d0s\b|\d\d\b")
_OPEN, _CLOSE, _EITHER = 1, 2, 3


@dataclass(frozen=True, slots=True)
class Quotation:
    """A span of text between quotation marks, marks included.

    ``start``/``end`` cover the marks (``text[start:end]`` starts and ends with them, unless
    ``recovered``); ``inner_start``/``inner_end`` the words between them. ``recovered`` is set
    when a mark was missing and the span was closed or opened by the rules above; ``single``
    for ‘…’ quotes.
    """

    start: int
    end: int
    inner_start: int
    inner_end: int
    single: bool = False
    recovered: bool = False


@dataclass(slots=True)
class _Mark:
    pos: int
    end: int
    glyph: str
    role: int


def find_quotations(text: str) -> list[Quotation]:
    """The outermost quotations of ``text``, in order, never overlapping. Never raises."""
    paragraphs = _paragraphs(text)
    doubles = _pair_doubles(text, paragraphs)
    singles = _pair_singles(text, paragraphs, doubles)
    spans = sorted(doubles + singles, key=lambda q: (q.start, -q.end))
    out: list[Quotation] = []
    for q in spans:
        if out and q.start < out[-1].end:
            continue  # nested in (or crossing) the one before: flattened into it
        out.append(q)
    return out


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each non-blank line; a line break ends a paragraph in news text."""
    return _paragraphs(text)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out = []
    for m in re.finditer(r"[^\n]+", text):
        s, e = m.span()
        seg = m.group()
        if seg.strip():
            s += len(seg) - len(seg.lstrip())
            e -= len(seg) - len(seg.rstrip())
            out.append((s, e))
    return out


def _role(text: str, pos: int, end: int, glyph: str) -> int:
    before = text[pos - 1] if pos > 0 else " "
    after = text[end] if end < len(text) else " "
    space_before = before.isspace() or before in _OPENING_PUNCT or before in _ALL_MARKS
    space_after = after.isspace() or after in _CLOSING_PUNCT or after in _ALL_MARKS
    if space_before and not space_after:
        return _OPEN
    if space_after and not space_before:
        return _CLOSE
    if space_before and space_after and after not in " \t\u00a0\n" and after not in _ALL_MARKS:
        return _CLOSE  # "hand “, quoted by": punctuation right after a mark closes
    if glyph in _OPEN_GLYPHS:
        return _OPEN
    if glyph in _CLOSE_GLYPHS:
        return _CLOSE
    return _EITHER


def _pair_doubles(text: str, paragraphs: list[tuple[int, int]]) -> list[Quotation]:
    out: list[Quotation] = []
    open_mark: _Mark | None = None
    prev_end = 0  # where the text after the last closed quote starts, in this paragraph
    for pi, (ps, pe) in enumerate(paragraphs):
        marks = [
            _Mark(m.start(), m.end(), m.group(), _role(text, m.start(), m.end(), m.group()))
            for m in _DOUBLE_RE.finditer(text, ps, pe)
        ]
        if open_mark is not None:
            if marks and marks[0].pos == ps and marks[0].role != _CLOSE:
                marks = marks[1:]  # the quote runs on into this paragraph
            else:
                out.append(_closed_at(text, open_mark, paragraphs[pi - 1][1]))
                open_mark = None
        prev_end = ps
        for mk in marks:
            if open_mark is None:
                if mk.role == _CLOSE:
                    start = _after_space(text, prev_end)
                    if start < mk.pos:
                        out.append(Quotation(start, mk.end, start, mk.pos, recovered=True))
                    prev_end = mk.end
                else:
                    open_mark = mk
                continue
            closes = (
                mk.role in (_CLOSE, _EITHER)
                or (
                    open_mark.glyph == "„" and mk.glyph == "“"  # German „…“
                )
                or (open_mark.glyph == "»" and mk.glyph == "«")
            )
            if closes and mk.pos > open_mark.end:
                out.append(Quotation(open_mark.pos, mk.end, open_mark.end, mk.pos))
                open_mark = None
                prev_end = mk.end
            elif _nests(open_mark.glyph, mk.glyph):
                continue  # a nested quotation of another style: flattened into this one
            else:
                # an opener while open: the open quote lost its closer
                out.append(_closed_at(text, open_mark, mk.pos))
                open_mark = mk
    if open_mark is not None:
        out.append(_closed_at(text, open_mark, paragraphs[-1][1]))
    return out


def _nests(outer: str, inner: str) -> bool:
    return (outer in "“”\"''" and inner in "«»") or (outer in "«»" and inner in '“”„"')


def _after_space(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _closed_at(text: str, mk: _Mark, limit: int) -> Quotation:
    """A quote whose closer is missing, closed at ``limit`` (trailing space trimmed)."""
    end = max(mk.end, limit)
    while end > mk.end and text[end - 1].isspace():
        end -= 1
    return Quotation(mk.pos, end, mk.end, end, recovered=True)


def _pair_singles(
    text: str, paragraphs: list[tuple[int, int]], doubles: list[Quotation]
) -> list[Quotation]:
    out: list[Quotation] = []
    bounds = [(q.start, q.end) for q in doubles]
    for ps, pe in paragraphs:
        opener: int | None = None
        for m in _SINGLE_RE.finditer(text, ps, pe):
            i = m.start()
            before = text[i - 1] if i > ps else " "
            after = text[i + 1] if i + 1 < pe else " "
            if before.isalnum() and after.isalnum():
                continue  # an apostrophe: Lukashenka’s, don’t
            can_open = (
                not before.isalnum()
                and before not in ".,;!?"
                and (after.isalpha() or after in '“"')
                and not _DECADE_RE.match(text, i + 1)
            )
            can_close = (
                not before.isspace()
                and (after.isspace() or after in _CLOSING_PUNCT or after in '”"')
                and m.group() != "‘"
            )
            if (
                opener is not None
                and can_close
                and 2 < i - opener <= _SINGLE_MAX_CHARS
                and _same_level(bounds, opener, i)
                and not _plural_possessive(text, i, pe)
            ):
                out.append(Quotation(opener, i + 1, opener + 1, i, single=True))
                opener = None
                continue
            if can_open and m.group() not in "’›":
                opener = i
    return out


def _same_level(bounds: list[tuple[int, int]], a: int, b: int) -> bool:
    """Both positions inside the same double quotation, or both outside any."""
    return all((s <= a < e) == (s <= b < e) for s, e in bounds)


def _plural_possessive(text: str, i: int, end: int) -> bool:
    """``players’ union``: an ``s’`` followed by a lower-case word is a possessive, not a closer."""
    if i == 0 or text[i - 1] not in "sS":
        return False
    j = i + 1
    return j + 1 < end and text[j] == " " and text[j + 1].islower()
