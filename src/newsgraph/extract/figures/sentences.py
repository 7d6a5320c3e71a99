"""The sentence a figure is quoted with: from the parse, cut to its line, or by punctuation."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from newsgraph.extract.figures.scan import FigureMatch


def _line_bounds(text: str, start: int, end: int, m: FigureMatch) -> tuple[int, int]:
    """The sentence ``text[start:end]`` cut to the line holding the figure.

    The parser runs headings into the next sentence ("Credit and military exercises\nOn
    September 14..."); in news text a line break always ends a sentence.
    """
    start = max(start, text.rfind("\n", start, m.start) + 1)
    nl = text.find("\n", m.end, end)
    return start, nl if nl != -1 else end


_SENTENCE_END_RE: Final = re.compile(r"[.!?…][\"'”’)\]]*\s+|\n")


def _fallback_sentence(text: str, m: FigureMatch) -> str:
    """The sentence around ``m`` by punctuation, for documents without sentence boundaries."""
    start = 0
    for end in _SENTENCE_END_RE.finditer(text, 0, m.start):
        start = end.end()
    nxt = _SENTENCE_END_RE.search(text, m.end)
    return text[start : nxt.start() + 1 if nxt else len(text)].strip()
