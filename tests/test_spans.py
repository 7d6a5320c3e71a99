"""Property: every span of every record slices the input to the record's text.

Texts are built from prose, figures and junk lines in random order, so the cleaner deletes
ranges all over them and the offset map is exercised through the whole pipeline.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.ingest.sources import Source

pytestmark = pytest.mark.model

PIECES = [
    "[ad_1]",
    "Advertisement",
    "Subscribe to our channel https://t.me/example",
    "Story continued below",
    "Vladimir Putin met Alexander Lukashenko in Sochi on September 14.",
    "Russia will lend Belarus $ 1.5 billion, Putin said.",
    "About 150 thousand people marched in Minsk; 400 people were detained.",
    "Inflation rose to 12.5% in August, up from 9 percent a year earlier.",
    "The talks lasted almost four hours. [ad_2] Lukashenka thanked Moscow.",
    "Sign up for our newsletter",
    "(AP Photo/Jane Doe)",
    "The channel, which has 2 million subscribers, praised the deal worth £3m.",
    "“We agreed on a loan,” Putin said, “and we will honor it.",
    "According to tut.by, the opposition said that the vote was rigged.",
    "«Nothing was discussed», the spokesman told Reuters. „Nothing“, he added.",
    'He called it a ‘new opposition’ and Lukashenka’s aides didn’t reply. "',
]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=16),
    st.lists(st.sampled_from(["\n", "\n\n", " ", "\r\n", "\n  \n"]), min_size=16, max_size=16),
)
def test_spans_slice_the_input(analyzer, pieces, seps) -> None:
    raw = "".join(p + s for p, s in zip(pieces, seps, strict=False))
    if not raw.strip() or all(p in PIECES[:4] + PIECES[9:11] for p in pieces):
        return  # only junk: nothing to analyse
    try:
        a = analyzer.analyze_source(Source("prop.txt", text=raw))
    except Exception as exc:  # only "nothing left after cleaning" is acceptable
        assert "no article text" in str(exc)
        return
    assert a.article.raw == raw
    for e in a.entities:
        for m in e.mentions:
            assert raw[m.start : m.end] == m.text
    for f in a.figures:
        assert raw[f.start : f.end] == f.text
    for r in a.article.removed:
        assert raw[r.start : r.end] == r.text
    for q in a.quotes:
        assert raw[q.start : q.end] == q.text
        for m in (q.speaker_mention, q.cue):
            assert m is None or raw[m.start : m.end] == m.text
    for c in a.citations:
        assert raw[c.start : c.end] == c.text
    for e in a.events:
        assert raw[e["start"] : e["end"]] == e["text"]
