"""The example article end to end: the acceptance points of issue #2 and a golden file.

Regenerate the golden file after a deliberate change with
``NEWSGRAPH_UPDATE_GOLDEN=1 pytest tests/test_example.py`` and review its diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.model

GOLDEN = Path(__file__).parent / "golden" / "sochi-talks.json"

# (text as in the article, value, value_max, unit, qualifier)
TWELVE = [
    ("$ 1.5 billion", 1.5e9, None, "USD", None),
    ("$ 7.92 billion", 7.92e9, None, "USD", None),
    ("$ 600 million", 6e8, None, "USD", None),
    ("one billion dollars", 1e9, None, "USD", None),
    ("80 percent", 80, None, "percent", None),
    ("48 percent", 48, None, "percent", None),
    ("between 48 and 49 percent", 48, 49, "percent", None),
    ("about 150 thousand people", 150_000, None, "person", "about"),
    ("400 people", 400, None, "person", None),
    ("at least eight loans", 8, None, "loan", "at least"),
    ("15 years", 15, None, "year", None),
    ("almost four hours", 4, None, "hour", "almost"),
]


def test_junk_removed_and_listed(example_analysis) -> None:
    art = example_analysis.article
    assert "[ad_1]" not in art.text
    assert "Subscribe to our channel" not in art.text and "t.me/" not in art.text
    removed = {r.text.strip() for r in art.removed}
    assert "[ad_1]" in removed
    assert any("Subscribe to our channel" in r for r in removed)
    for r in art.removed:
        assert art.raw[r.start : r.end] == r.text


def test_places_people_and_one_lukashenko(example_analysis) -> None:
    by_surface: dict[str, set[str]] = {}
    for e in example_analysis.entities:
        for m in e.mentions:
            by_surface.setdefault(m.text, set()).add(e.type)
    assert by_surface["Sochi"] == {"PLACE"}
    assert by_surface["Minsk"] == {"PLACE"}
    people = [e for e in example_analysis.entities if e.type == "PERSON"]
    luka = [e for e in people if any(m.text.startswith("Lukash") for m in e.mentions)]
    assert len(luka) == 1, [e.name for e in luka]
    forms = {m.text for m in luka[0].mentions}
    assert {"Lukashenko", "Lukashenka", "Alexander Lukashenko"} <= forms
    assert luka[0].name == "Alexander Lukashenko"
    putin = [e for e in people if any("Putin" in m.text for m in e.mentions)]
    assert len(putin) == 1 and putin[0].name == "Vladimir Putin"
    assert len(putin[0].mentions) >= 10


def test_the_twelve_figures(example_analysis) -> None:
    raw = example_analysis.article.raw
    figs = example_analysis.figures
    for text, value, value_max, unit, qualifier in TWELVE:
        hits = [f for f in figs if f.text == text]
        assert hits, f"missing figure {text!r}"
        for f in hits:
            assert f.value == pytest.approx(value)
            assert f.value_max == (pytest.approx(value_max) if value_max is not None else None)
            assert (f.unit, f.qualifier) == (unit, qualifier)
            assert raw[f.start : f.end] == text
    distinct = {f.text for f in figs}
    assert distinct == {t[0] for t in TWELVE}, distinct - {t[0] for t in TWELVE}


# The quotations in quotation marks, by their first words, and who said them (read off the
# article: "the expert" of the Vedomosti quote is Suzdaltsev, of the next one Karbalevich).
SPEAKERS = [
    ("“We agreed", "Vladimir Putin"),
    ("“older brother”", "Alexander Lukashenko"),
    ("“Russia remains committed", "Vladimir Putin"),
    ("“regardless of who", "Vladimir Putin"),
    ("“We are in favor", "Vladimir Putin"),
    ("“no one is allowed", "Alexander Lukashenko"),
    ("“And these events", "Alexander Lukashenko"),
    ("“Regarding our economic", "Vladimir Putin"),
    ("“Ukrainian scenario.”", "Dmitry Peskov"),
    ("“This will be an endless", "Andrei Suzdaltsev"),
    ("“Now economic subsidies", "Valery Karbalevich"),
    ("“On the one hand", "Arseniy Sivitsky"),
    ("“Even the Kremlin", "Alexander Klaskouski"),
    ("“But Alexander Grigorievich", "Valery Karbalevich"),
    ("“But not real", "Yuri Chausov"),
]


def test_quotations_have_their_speakers(example_analysis) -> None:
    raw = example_analysis.article.raw
    right = 0
    for opening, speaker in SPEAKERS:
        at = raw.index(opening)
        holders = [q for q in example_analysis.quotes if q.start <= at < q.end]
        right += any(q.speaker == speaker for q in holders)
    assert right >= 14, f"{right} of {len(SPEAKERS)} quotations have the right speaker"


def test_relays_and_citations(example_analysis) -> None:
    via = {(q.speaker, v) for q in example_analysis.quotes for v in q.via}
    assert ("Vladimir Putin", "Kremlin press service") in via
    assert ("Andrei Suzdaltsev", "Vedomosti") in via
    assert ("Arseniy Sivitsky", "DW") in via
    sources = {c.source for c in example_analysis.citations}
    assert {
        "tut.by",
        "Interior Ministry",
        "Bloomberg",
        "Vedomosti",
        "DW",
        "BBC",
        "Kremlin",
    } <= sources


def test_coded_events(example_analysis) -> None:
    """#4's acceptance on the example: one meeting event with both place and date, the loan,
    the protest, the arrests, and nothing asserted where the text denies it."""
    events = example_analysis.events
    figs = {f.id: f.text for f in example_analysis.figures}

    def linked(e: dict) -> set[str]:
        return {figs[f] for f in e["figures"]}

    meeting = [
        e
        for e in events
        if e["root"] == "04"
        and not e["negated"]
        and e["date"] == "2020-09-14"
        and (e["location"] or {}).get("name") == "Sochi"
    ]
    assert len(meeting) == 1, [(e["text"], e["date"], e["location"]) for e in events]
    assert {meeting[0]["source"]["country"], meeting[0]["target"]["country"]} == {"RUS", "BLR"}
    assert len(meeting[0]["mentions"]) >= 2  # "Talks ... in Sochi" and "On September 14 ..."
    loan = [e for e in events if "$ 1.5 billion" in linked(e)]
    assert loan and all(e["root"] in ("03", "07") for e in loan)
    assert any(e["source"]["country"] == "RUS" and e["target"]["country"] == "BLR" for e in loan)
    assert any(e["root"] == "14" and "about 150 thousand people" in linked(e) for e in events)
    assert any(e["root"] == "17" and "400 people" in linked(e) for e in events)
    for e in events:
        if "not discussed" in e["sentence"] and e["text"] == "discussed":
            assert e["negated"]
        if "was not raised" in e["sentence"] and e["text"] == "deployment":
            assert e["negated"]


def test_every_span_slices_the_input(example_analysis) -> None:
    raw = example_analysis.article.raw
    for e in example_analysis.entities:
        for m in e.mentions:
            assert raw[m.start : m.end] == m.text
    for f in example_analysis.figures:
        assert raw[f.start : f.end] == f.text
        assert f.text in f.sentence
    for q in example_analysis.quotes:
        assert raw[q.start : q.end] == q.text
        for m in (q.speaker_mention, q.cue):
            assert m is None or raw[m.start : m.end] == m.text
        assert all(q.start <= a < b <= q.end for a, b in q.parts)
    for e in example_analysis.events:
        assert raw[e["start"] : e["end"]] == e["text"]
    for c in example_analysis.citations:
        assert raw[c.start : c.end] == c.text
        assert c.cue is None or raw[c.cue.start : c.cue.end] == c.cue.text


def test_golden(example_analysis) -> None:
    got = example_analysis.to_dict()
    got["article"].pop("text")
    if os.environ.get("NEWSGRAPH_UPDATE_GOLDEN") or not GOLDEN.exists():
        GOLDEN.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        if not os.environ.get("NEWSGRAPH_UPDATE_GOLDEN"):
            pytest.fail("golden file was missing and has been written; review and commit it")
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert got == want
