"""Events extractor (newsgraph.extract.events): triggers, actors, negation, dates.

Sentences here are written for these tests. Tests marked ``model`` load the spaCy model once
per module.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from newsgraph.events.codes import cameo
from newsgraph.extract.events import when
from newsgraph.extract.events.triggers import lexicon, refine

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sochi-talks.txt"
PUB = date(2020, 9, 15)  # a Tuesday


# --- no model ------------------------------------------------------------------------------


def test_lexicon_codes_are_cameo_codes():
    lex = lexicon()
    assert len(lex.entries) > 50
    for e in lex.entries:
        assert cameo(e.code).code == e.code
    assert refine("threat", "163") == "1312"
    assert refine("intent", "071") == "0331"
    assert refine("demand", None) == "100"


def test_lexicon_words_are_words():
    """YAML reads a bare on/off/yes/no as a boolean: every word of the lexicon must stay a word
    ("call" + "on" once read as "call" + "true")."""
    for e in lexicon().entries:
        words = e.lemmas | e.with_ | e.not_with
        assert not words & {"true", "false"}, (e.code, sorted(words))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("September 14", date(2020, 9, 14)),
        ("14 September", date(2020, 9, 14)),
        ("December 30", date(2019, 12, 30)),  # more than a week ahead: last year's
        ("March 3, 2018", date(2018, 3, 3)),
        ("yesterday", date(2020, 9, 14)),
        ("today", date(2020, 9, 15)),
        ("on Monday", date(2020, 9, 14)),
        ("Tuesday", date(2020, 9, 15)),
        ("last Tuesday", date(2020, 9, 8)),
        ("three days ago", date(2020, 9, 12)),
        ("last year", None),
        ("a month ago", None),
        ("in August", None),
    ],
)
def test_dates_resolve_to_days(text, expected):
    assert when.resolve(text, PUB) == expected


def test_dates_without_publication_date():
    assert when.resolve("September 14", None) is None
    assert when.resolve("September 14, 2020", None) == date(2020, 9, 14)
    assert when.parse_published("2020-09-15T10:00:00") == PUB
    assert when.parse_published("soon") is None


# --- with the model -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def run():
    from newsgraph.extract.entities import extract_entities
    from newsgraph.extract.events import extract_events
    from newsgraph.extract.figures import extract_figures
    from newsgraph.extract.quotes import extract_quotes
    from newsgraph.extract.roles import attach_roles_and_speakers
    from newsgraph.pipeline import Analyzer

    nlp = Analyzer().nlp

    def go(text: str, published: str | None = "2020-09-15"):
        doc = nlp(text)
        ents = extract_entities(doc, "t")
        figs = extract_figures(doc, "t")
        quotes = extract_quotes(doc, ents, "t")
        ents, quotes = attach_roles_and_speakers(doc, ents, quotes, "t")
        return extract_events(doc, ents, figs, quotes, "t", published), figs

    return go


def _one(events, root):
    found = [e for e in events if e["root"] == root]
    assert found, [(e["text"], e["code"]) for e in events]
    return found[0]


def _country(actor):
    return actor["country"] if actor else None


@pytest.mark.model
def test_contract_fields(run):
    events, _ = run("Police arrested 40 protesters in Minsk on Monday.")
    ev = _one(events, "17")
    assert set(ev) >= {
        "id", "code", "root", "quad_class", "goldstein", "plover", "plover_mode", "source",
        "target", "date", "location", "modality", "negated", "figures", "start", "end",
        "sentence", "confidence", "extractor",
    }  # fmt: skip
    assert ev["id"] == f"t:ev:{ev['start']}"
    assert ev["code"] == "173" and ev["plover"] == "COERCE" and ev["quad_class"] == 4
    assert ev["extractor"] == "events.v1" and 0 < ev["confidence"] <= 1
    assert ev["date"] == "2020-09-14"
    assert ev["location"] == {"name": "Minsk", "country": "BLR"}
    assert ev["modality"] == "asserted" and ev["negated"] is False


@pytest.mark.model
def test_future_aid_is_intent_with_figure(run):
    events, figs = run("Russia will grant Belarus a loan of $1.5 billion.")
    ev = _one(events, "03")
    assert ev["code"] == "0331" and ev["plover"] == "AGREE"
    assert _country(ev["source"]) == "RUS" and _country(ev["target"]) == "BLR"
    assert ev["modality"] == "intended"
    money = [f.id for f in figs if f.unit == "USD"]
    assert money and money[0] in ev["figures"]


@pytest.mark.model
def test_protest_with_crowd(run):
    events, figs = run("About 20,000 people protested in Paris on Sunday.")
    ev = _one(events, "14")
    assert ev["plover"] == "PROTEST"
    assert ev["location"]["name"] == "Paris"
    assert next(f.id for f in figs if f.unit == "person") in ev["figures"]


@pytest.mark.model
def test_threat_folds_the_threatened_act(run):
    events, _ = run("Germany threatened to impose sanctions on Iran.")
    assert len(events) == 1
    ev = events[0]
    assert ev["code"] == "1312" and ev["plover"] == "THREATEN"
    assert _country(ev["source"]) == "DEU"


@pytest.mark.model
def test_negated_acts(run):
    events, _ = run("The deployment of troops was not discussed at the summit.")
    assert events and all(e["negated"] for e in events if e["root"] in ("04", "15"))
    events, _ = run("Canada did not criticize Mexico.")
    assert _one(events, "11")["negated"] is True


@pytest.mark.model
def test_compound_sources_give_one_event_each(run):
    events, _ = run("French and Italian officials rejected the proposal.")
    assert {_country(e["source"]) for e in events if e["root"] == "12"} == {"FRA", "ITA"}


@pytest.mark.model
def test_statement_alone_is_no_event(run):
    events, _ = run("The minister said the economy was growing.")
    assert events == []


@pytest.mark.model
def test_reported_speech_obligation_is_a_demand(run):
    events, _ = run("Japan said that China must release the fishermen.")
    ev = _one(events, "10")
    assert _country(ev["source"]) == "JPN" and _country(ev["target"]) == "CHN"


@pytest.mark.model
def test_example_article(run):
    events, figs = run(EXAMPLE.read_text("utf-8"), "2020-09-15")
    by_id = {f.id: f for f in figs}
    meeting = [e for e in events if e["root"] == "04" and e["date"] == "2020-09-14"]
    assert meeting
    assert {_country(meeting[0]["source"]), _country(meeting[0]["target"])} == {"RUS", "BLR"}
    assert any(e["root"] == "04" and (e["location"] or {}).get("name") == "Sochi" for e in events)
    loan = [e for e in events if e["root"] in ("03", "07") and e["figures"]]
    assert any(
        _country(e["source"]) == "RUS"
        and _country(e["target"]) == "BLR"
        and any(by_id[f].value == 1.5e9 for f in e["figures"])
        for e in loan
    )
    protest = [e for e in events if e["root"] == "14" and e["figures"]]
    assert any(by_id[f].value == 150_000 for e in protest for f in e["figures"])
    arrest = [e for e in events if e["root"] == "17" and e["figures"]]
    assert any(by_id[f].value == 400 for e in arrest for f in e["figures"])
    # "was not discussed" / "was not raised": nothing asserted
    for e in events:
        if "not discussed" in e["sentence"] or "not raised" in e["sentence"]:
            assert e["negated"] or e["modality"] != "asserted"
