"""The offset map of deletion-only cleaning."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsgraph.clean.offsets import OffsetMap


@st.composite
def text_and_deletions(draw):
    text = draw(st.text(min_size=0, max_size=200))
    cuts = draw(
        st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, len(text))), max_size=6)
    )
    return text, [(min(a, b), max(a, b)) for a, b in cuts]


@given(text_and_deletions())
def test_every_kept_character_maps_back_to_itself(case) -> None:
    text, deleted = case
    omap = OffsetMap(deleted)
    cleaned = omap.apply(text)
    assert len(cleaned) == len(text) - sum(e - s for s, e in omap.deleted)
    for i, ch in enumerate(cleaned):
        assert text[omap.to_original(i)] == ch


@given(text_and_deletions(), st.integers(0, 200), st.integers(0, 200))
def test_spans_within_a_kept_segment_slice_the_same_text(case, a, b) -> None:
    text, deleted = case
    omap = OffsetMap(deleted)
    cleaned = omap.apply(text)
    s, e = sorted((min(a, len(cleaned)), min(b, len(cleaned))))
    os_, oe = omap.span(s, e)
    if oe - os_ == e - s:  # no deletion inside the span
        assert text[os_:oe] == cleaned[s:e]
    assert os_ <= oe


def test_overlapping_deletions_merge() -> None:
    omap = OffsetMap([(2, 5), (4, 8), (10, 12)])
    assert omap.deleted == ((2, 8), (10, 12))
    assert omap.apply("0123456789ABCDEF") == "0189CDEF"
    assert omap.to_original(2) == 8
    assert omap.span(0, 3) == (0, 9)
