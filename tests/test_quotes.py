"""Tests for newsgraph.extract.quotes.

Three layers: quotation-mark pairing on plain text (no model); tables of self-written sentences
run through the real model, each with the quote it must give (speaker mention, cue, content,
kind) or must not give (scare quotes, titles, apostrophes); and the example article, whose
fifteen quotations in quote marks were attributed by reading it (see ``EXAMPLE_SPEAKERS``).
Tests that load the model are marked ``model`` and share one pipeline per module.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newsgraph.extract.quotes import extract_quotes, find_quotations
from newsgraph.extract.quotes.lexicon import LEXICON
from newsgraph.types import Quote

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sochi-talks.txt"


def inner(text: str) -> list[str]:
    return [text[q.inner_start : q.inner_end] for q in find_quotations(text)]


# --- quotation marks, no model ---------------------------------------------------------------

# (text, the words between each pair of marks found)
MARKS: list[tuple[str, list[str]]] = [
    ('"We will win," he said.', ["We will win,"]),
    ("“We will win,” he said.", ["We will win,"]),
    ("„Wir gewinnen“, sagte er.", ["Wir gewinnen"]),
    ("«We will win», he said.", ["We will win"]),
    ("»We will win«, he said.", ["We will win"]),
    ("‘We will win,’ he said.", ["We will win,"]),
    ("'We will win,' he said.", ["We will win,"]),
    ("''We will win,'' Mr. Smith said.", ["We will win,"]),
    ("He said “the ‘new’ plan” failed.", ["the ‘new’ plan"]),  # nested: flattened
    ("“A,” he said, “B.”", ["A,", "B."]),
    # machine translation closes with an opening glyph: hand “, / interests “.
    ("“they had a hand “, quoted by DW.", ["they had a hand "]),
    (
        "“that it will correspond to Russian interests “. …",
        ["that it will correspond to Russian interests "],
    ),
    ("“We will fulfill them. ” – Putin said.", ["We will fulfill them. "]),
    # apostrophes are not quotation marks
    ("Lukashenka’s visit and the ’90s: we don’t know.", []),
    ("The players’ union met the owners' lawyers.", []),
    ("rock 'n' roll", []),
    # a quote running over paragraphs: no closer at the first paragraph's end
    ("“First paragraph.\n“Second paragraph,” he said.", ["First paragraph.\n“Second paragraph,"]),
]


@pytest.mark.parametrize(("text", "expected"), MARKS)
def test_marks_pair(text: str, expected: list[str]) -> None:
    assert inner(text) == expected


def test_unclosed_quote_closes_at_paragraph_end() -> None:
    text = "He called it “a disaster.\nThe next day “nothing” happened."
    found = find_quotations(text)
    assert [text[q.start : q.end] for q in found] == ["“a disaster.", "“nothing”"]
    assert found[0].recovered and not found[1].recovered


def test_stray_closer_opens_at_paragraph_start() -> None:
    text = "Intro line.\nWe will fulfill them,” Putin said."
    (q,) = find_quotations(text)
    assert text[q.start : q.end] == "We will fulfill them,”" and q.recovered


def test_opener_while_open_closes_the_first() -> None:
    text = "“The first lost its closer. “The second,” he said."
    assert inner(text) == ["The first lost its closer.", "The second,"]


MARK_CHARS = st.sampled_from([*"\"“”„‟«»‘’'‹›`", "''", "``"])
TEXTS = st.lists(
    st.one_of(MARK_CHARS, st.sampled_from(["word", " ", "\n", ",", ".", "said", "x’s", " – "])),
    max_size=60,
).map("".join)


@given(TEXTS)
@settings(max_examples=300, deadline=None)
def test_marks_never_raise_and_spans_are_sane(text: str) -> None:
    found = find_quotations(text)
    last = 0
    for q in found:
        assert last <= q.start <= q.inner_start <= q.inner_end <= q.end <= len(text)
        last = q.end


def test_lexicon_is_lower_case_and_sane() -> None:
    for table in (LEXICON.speech, LEXICON.belief, LEXICON.finding, LEXICON.object):
        assert table and all(form == form.lower() and " " not in form for form in table)
    assert ("according", "to") in LEXICON.multiword
    assert LEXICON.min_words_without_cue >= 2


# --- the real model ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nlp():
    from newsgraph import nlp as nlp_module
    from newsgraph.settings import Settings

    return nlp_module.load(Settings.from_env().model)


def quotes_of(nlp, text: str) -> list[Quote]:
    from newsgraph.extract.entities import extract_entities

    doc = nlp(text)
    found = extract_quotes(doc, extract_entities(doc, "t"), "t")
    for q in found:
        assert q.text == doc.text[q.start : q.end]
        assert q.id == f"t:q:{q.start}"
        assert all(q.start <= s < e <= q.end for s, e in q.parts)
        if q.speaker_mention is not None:
            m = q.speaker_mention
            assert doc.text[m.start : m.end] == m.text
        if q.cue is not None:
            assert doc.text[q.cue.start : q.cue.end] == q.cue.text
    return found


# (text, speaker mention, cue, content, kind); one quote expected from each text
QUOTES: list[tuple[str, str | None, str | None, str, str]] = [
    # direct: cue after, inverted, before with a colon or comma, after a dash
    ('"We will win," Smith said.', "Smith", "said", '"We will win,"', "direct"),
    ("“We will win,” said the minister.", "the minister", "said", "“We will win,”", "direct"),
    ('Smith said: "We will win the vote."', "Smith", "said", '"We will win the vote."', "direct"),
    ("She added, “We will win the vote.”", "She", "added", "“We will win the vote.”", "direct"),
    (
        "“We will fulfill all the obligations. ” – Putin said.",
        "Putin",
        "said",
        "“We will fulfill all the obligations. ”",
        "direct",
    ),
    (
        "“The Kremlin was appalled at the brutality.” , – he thinks.",
        "he",
        "thinks",
        "“The Kremlin was appalled at the brutality.”",
        "direct",
    ),
    # the speaker in the next sentence, in the paragraph before, after a bare dash
    (
        "“We will honor every agreement.” Smith said this on Monday.",
        "Smith",
        "said",
        "“We will honor every agreement.”",
        "direct",
    ),
    (
        "John Smith said on Monday:\n“We will honor every agreement we have signed.”",
        "John Smith",
        "said",
        "“We will honor every agreement we have signed.”",
        "direct",
    ),
    (
        "“Maybe we can build a wall around him.” ― Steve Quinlan",
        "Steve Quinlan",
        "―",
        "“Maybe we can build a wall around him.”",
        "direct",
    ),
    # every style of mark
    (
        "«The talks were useful», Smith told reporters.",
        "Smith",
        "told",
        "«The talks were useful»",
        "direct",
    ),
    (
        "„The talks were useful“, Smith told reporters.",
        "Smith",
        "told",
        "„The talks were useful“",
        "direct",
    ),
    (
        "‘The talks were useful,’ Smith told reporters.",
        "Smith",
        "told",
        "‘The talks were useful,’",
        "direct",
    ),
    (
        "''The talks were useful,'' Mr. Smith said.",
        "Smith",
        "said",
        "''The talks were useful,''",
        "direct",
    ),
    # apposition: the mention nearest the cue is the name
    (
        '"Aid will not save the regime," Andrei Suzdaltsev, associate professor at the Higher School of Economics, said.',
        "Andrei Suzdaltsev",
        "said",
        '"Aid will not save the regime,"',
        "direct",
    ),
    # indirect
    (
        "Smith said that the plan would fail.",
        "Smith",
        "said",
        "that the plan would fail",
        "indirect",
    ),
    (
        "The plan will fail next year, Smith says.",
        "Smith",
        "says",
        "The plan will fail next year",
        "indirect",
    ),
    (
        "According to Smith, the plan will fail.",
        "Smith",
        "According to",
        "the plan will fail",
        "indirect",
    ),
    (
        "As Smith pointed out, the plan will fail.",
        "Smith",
        "pointed out",
        "the plan will fail",
        "indirect",
    ),
    (
        "Smith believes that the plan will fail.",
        "Smith",
        "believes",
        "that the plan will fail",
        "indirect",
    ),
    # partial: a quoted fragment inside reported speech
    (
        "Lukashenka pointed out that the republic needs to be closer to its “older brother”.",
        "Lukashenka",
        "pointed out",
        "that the republic needs to be closer to its “older brother”",
        "mixed",
    ),
    (
        "Peskov ruled out a repeat of the “Ukrainian scenario.”",
        "Peskov",
        "ruled out",
        "a repeat of the “Ukrainian scenario.”",
        "mixed",
    ),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "speaker", "cue", "content", "kind"), QUOTES)
def test_quote_table(
    nlp, text: str, speaker: str | None, cue: str | None, content: str, kind: str
) -> None:
    found = quotes_of(nlp, text)
    assert len(found) == 1, [(q.text, q.kind) for q in found]
    q = found[0]
    assert (q.speaker_mention.text if q.speaker_mention else None) == speaker
    assert (q.cue.text if q.cue else None) == cue
    assert q.text == content
    assert q.kind == kind


# nothing here is a quote
NOT_QUOTES = [
    "The so-called 'new opposition' met in Minsk on Monday.",
    "The so-called “new opposition” met in Minsk on Monday.",
    "The “Ukrainian scenario” is unlikely to repeat itself.",
    "She watched “The Godfather” in a cinema on Sunday.",
    "The movie “Brexit: The Uncivil War” opened in London.",
    "He was nicknamed “the Bulldozer” by the workers.",
    "The “deal” was signed on Tuesday.",
    "Lukashenka’s visit in the ’90s was short, and people don’t know why.",
    "The players’ union and the owners' lawyers met on Friday.",
]


@pytest.mark.model
@pytest.mark.parametrize("text", NOT_QUOTES)
def test_not_quotes(nlp, text: str) -> None:
    assert [(q.text, q.kind) for q in quotes_of(nlp, text)] == []


@pytest.mark.model
def test_split_quote_is_one_quote(nlp) -> None:
    text = "“We agreed on the loan,” Putin said, “and we will honor it.”"
    (q,) = quotes_of(nlp, text)
    assert q.text == text[: len(text)]  # from the first opening mark to the last closing mark
    assert q.parts == ((0, text.index(" Putin")), (text.index("“and"), len(text)))
    assert q.speaker_mention is not None and q.speaker_mention.text == "Putin"
    assert q.kind == "direct"


@pytest.mark.model
def test_continued_quote_joins_the_one_before(nlp) -> None:
    text = '"We agreed on the loan," Putin said. "We will honor it. The ministers are at work."'
    (q,) = quotes_of(nlp, text)
    assert len(q.parts) == 2 and q.text == text


@pytest.mark.model
def test_quote_spanning_paragraphs(nlp) -> None:
    text = (
        "The minister spoke at length.\n"
        "“We agreed on the loan. It is a big step.\n"
        "“We will honor it,” Smith said."
    )
    (q,) = quotes_of(nlp, text)
    assert q.text.startswith("“We agreed") and q.text.endswith("honor it,”")
    assert q.speaker_mention is not None and q.speaker_mention.text == "Smith"


@pytest.mark.model
def test_pronoun_and_description_resolve_to_the_person(nlp) -> None:
    text = (
        "Political analyst Alexander Klaskouski believes that Moscow can push the government.\n"
        "“The Kremlin would like a more civilized solution,” he thinks.\n"
        "Belarusian political scientist Valery Karbalevich says the crisis will last.\n"
        "“The promises will be withdrawn,” said the political scientist."
    )
    found = {q.text: q for q in quotes_of(nlp, text)}
    he = found["“The Kremlin would like a more civilized solution,”"]
    assert he.speaker_mention and he.speaker_mention.text == "he"
    assert he.speaker == "Alexander Klaskouski" and he.speaker_id is not None
    scientist = found["“The promises will be withdrawn,”"]
    assert scientist.speaker == "Valery Karbalevich"


@pytest.mark.model
def test_relays(nlp) -> None:
    text = (
        "Andrei Suzdaltsev, associate professor at the Higher School of Economics, spoke.\n"
        "“This will be an endless delay,” the Vedomosti newspaper quotes the expert.\n"
        "“We are in favor of dialogue,” the Kremlin press service quotes. Putin.\n"
        "Arseniy Sivitsky says the support is not made of concrete.\n"
        "“He leaves the channels open“, quoted by DW."
    )
    found = {q.text: q for q in quotes_of(nlp, text)}
    vedomosti = found["“This will be an endless delay,”"]
    assert vedomosti.via == ("Vedomosti",) and vedomosti.speaker == "Andrei Suzdaltsev"
    kremlin = found["“We are in favor of dialogue,”"]
    assert kremlin.via == ("Kremlin press service",) and kremlin.speaker == "Putin"
    dw = found["“He leaves the channels open“"]
    assert dw.via == ("DW",) and dw.speaker == "Arseniy Sivitsky"


@pytest.mark.model
@given(
    st.lists(st.tuples(st.integers(min_value=0, max_value=200), MARK_CHARS), min_size=1, max_size=8)
)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# found by Hypothesis in a clean-clone run: the NER span "deal.‹\nJohn Smith" was the speaker
@example([(114, "‟"), (125, "‹")])
def test_unbalanced_marks_never_raise_nor_lose_the_rest(
    nlp, inserts: list[tuple[int, str]]
) -> None:
    head = (
        "The talks lasted four hours and ended with a loan.\n"
        "Officials said the details would follow, and critics called it a bad deal.\n"
    )
    for pos, mark in sorted(inserts, reverse=True):
        pos = min(pos, len(head) - 1)
        head = head[:pos] + mark + head[pos:]
    text = head + 'John Smith said: "The talks were useful and we will meet again."'
    found = quotes_of(nlp, text)
    last = [q for q in found if q.text == '"The talks were useful and we will meet again."']
    assert last and last[0].speaker_mention and last[0].speaker_mention.text == "John Smith"


# --- the example article ----------------------------------------------------------------------

# Every quotation in quote marks in examples/sochi-talks.txt, by the words it starts with, and
# who says it, worked out by reading the article: "the Russian president" in the Regarding quote
# is Putin, "the Belarusian president" Lukashenko; "said the expert" after the Karbalevich
# sentence is Karbalevich (the expert before it, quoted by Vedomosti, was Suzdaltsev); "he
# thinks" is Klaskouski; "quoted by DW" relays Sivitsky, named in the sentence before.
EXAMPLE_SPEAKERS: list[tuple[str, str, tuple[str, ...], str]] = [
    ("“We agreed that Russia will provide", "Vladimir Putin", (), "direct"),
    ("“older brother”", "Alexander Lukashenko", (), "mixed"),
    ("“in fact, one people.”", "Alexander Lukashenko", (), "mixed"),
    ("“Russia remains committed", "Vladimir Putin", (), "direct"),
    ("“regardless of who is in power", "Vladimir Putin", (), "mixed"),
    ("“We are in favor of the Belarusians", "Vladimir Putin", ("Kremlin press service",), "direct"),
    ("“no one is allowed to ring their guns", "Alexander Lukashenko", (), "mixed"),
    ("“And these events", "Alexander Lukashenko", (), "direct"),
    ("“Regarding our economic relations", "Vladimir Putin", (), "direct"),
    ("“Ukrainian scenario.”", "Dmitry Peskov", (), "mixed"),
    ("“This will be an endless delay", "Andrei Suzdaltsev", ("Vedomosti",), "direct"),
    ("“Now economic subsidies", "Valery Karbalevich", (), "direct"),
    ("“On the one hand", "Arseniy Sivitsky", ("DW",), "direct"),
    ("“Even the Kremlin, I think", "Alexander Klaskouski", (), "direct"),
    ("“But Alexander Grigorievich", "Valery Karbalevich", (), "direct"),
    ("“But not real", "Yuri Chausov", (), "direct"),
]


@pytest.fixture(scope="module")
def example_quotes(nlp) -> tuple[str, list[Quote]]:
    from newsgraph.clean import clean

    cleaned = clean(EXAMPLE.read_text(encoding="utf-8"))
    return cleaned.text, quotes_of(nlp, cleaned.text)


@pytest.mark.model
@pytest.mark.parametrize(("opening", "speaker", "via", "kind"), EXAMPLE_SPEAKERS)
def test_example_article_speakers(
    example_quotes, opening: str, speaker: str, via: tuple[str, ...], kind: str
) -> None:
    text, found = example_quotes
    at = text.index(opening)
    holders = [q for q in found if q.start <= at < q.end]
    assert len(holders) == 1, [q.text for q in holders]
    assert holders[0].speaker == speaker
    assert holders[0].via == via
    assert holders[0].kind == kind


@pytest.mark.model
def test_example_article_citations_as_sources(example_quotes) -> None:
    _, found = example_quotes
    speakers = {q.speaker for q in found}
    assert {"tut.by", "Interior Ministry", "Kremlin sources"} <= speakers
    bloomberg = next(q for q in found if q.speaker == "Kremlin sources")
    assert bloomberg.via == ("Bloomberg",) and bloomberg.kind == "indirect"
