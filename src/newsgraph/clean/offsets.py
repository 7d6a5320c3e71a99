"""Map offsets in the cleaned text back to the text as the user gave it.

Cleaning only ever *deletes* ranges of the input (junk lines, shortcodes, the whitespace they
leave), so a cleaned text is the input with some ranges cut out and the map is a sorted list of
kept segments. Keeping cleaning deletion-only is what makes this map exact: every kept character
has exactly one position in the input.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable


class OffsetMap:
    """Positions in ``cleaned`` -> positions in ``original``.

    Built from the deleted ranges (in original coordinates); overlapping or touching ranges are
    merged. ``to_original(i)`` maps a cleaned position; a span ``(s, e)`` maps with
    ``span(s, e)`` so that an end offset right after a kept character stays next to it rather than
    jumping over a following deletion.
    """

    __slots__ = ("_clean_starts", "_deleted", "_orig_starts")

    def __init__(self, deleted: Iterable[tuple[int, int]] = ()) -> None:
        merged: list[tuple[int, int]] = []
        for s, e in sorted((s, e) for s, e in deleted if e > s):
            if merged and s <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], e))
            else:
                merged.append((s, e))
        self._deleted = tuple(merged)
        # kept segment k starts at clean position _clean_starts[k], original _orig_starts[k]
        clean_starts = [0]
        orig_starts = [0]
        removed_so_far = 0
        for s, e in merged:
            removed_so_far += e - s
            clean_starts.append(e - removed_so_far)
            orig_starts.append(e)
        self._clean_starts = clean_starts
        self._orig_starts = orig_starts

    @property
    def deleted(self) -> tuple[tuple[int, int], ...]:
        return self._deleted

    def apply(self, original: str) -> str:
        """The cleaned text: ``original`` without the deleted ranges."""
        parts: list[str] = []
        pos = 0
        for s, e in self._deleted:
            parts.append(original[pos:s])
            pos = e
        parts.append(original[pos:])
        return "".join(parts)

    def to_original(self, i: int) -> int:
        k = bisect_right(self._clean_starts, i) - 1
        return self._orig_starts[k] + (i - self._clean_starts[k])

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a cleaned span; the end is mapped as the position after its last character."""
        if end <= start:
            s = self.to_original(start)
            return s, s
        return self.to_original(start), self.to_original(end - 1) + 1
