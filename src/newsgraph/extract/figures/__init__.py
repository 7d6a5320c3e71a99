"""Figures: the numbers an article states (money, percentages, counts, durations), normalised.

Why a scanner of its own rather than spaCy's MONEY / PERCENT / CARDINAL entities: the small
model splits or mislabels machine-translated money ("$ 1.5 billion"), calls years CARDINAL,
and gives no value, unit or hedge. Users need ``1.5e9 USD`` and "at least", and the cleaning and
test code need figures without loading a model. So there are two layers:

* :func:`find_figures` works on plain text with a regex tokenizer and a small parser that grows a
  figure outwards from each number: currency before it, a range ("between 48 and 49"), a unit
  after it (``%``, "dollars", a plural noun), then a hedge ("about", "at least") before it. It
  needs no model and takes about 2 ms on a 9 kB article.
* :func:`extract_figures` runs it on ``doc.text`` and uses the dependency parse only for what the
  text alone cannot say: the sentence and the *measure*, what the number is of ("a state loan of
  $1.5 billion" -> "state loan").

A number is a figure only with a unit: bare numbers ("the vote was 52") are not, and neither are
dates, years, times of day, relative dates ("two years ago"), ages ("a 24-year-old"), ordinals,
a lone "one"/"a" ("one of the", "one people"), numbers glued to letters ("COVID-19", "G7"),
names with numbers ("Section 230", "Apollo 11 astronauts") and phone numbers. Every word list
the rules use is data, in ``lexicons/figures.yaml``.

The package, module by module:

* ``lexicon``: ``extract/lexicons/figures.yaml`` as the sets, maps and regexes the rules use.
* ``tokens``: the regex tokenizer and the token look-ups every rule shares.
* ``numbers``: digits, number words and scales ("two hundred and fifty", "1.5bn").
* ``units``: what surrounds a number: currency, percent, counted noun, hedges.
* ``scan``: one figure from those pieces, the plausibility rules, :func:`find_figures`.
* ``sentences`` and ``measure``: the sentence and the measure :func:`extract_figures` adds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from newsgraph.extract.figures.measure import _measure, _Where
from newsgraph.extract.figures.scan import FigureMatch, find_figures
from newsgraph.extract.figures.sentences import _fallback_sentence, _line_bounds
from newsgraph.extract.figures.units import Kind
from newsgraph.types import Figure

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["EXTRACTOR", "FigureMatch", "Kind", "extract_figures", "find_figures"]

EXTRACTOR: Final = "figures.v1"


def extract_figures(doc: Doc, id_prefix: str) -> list[Figure]:
    """The figures of a parsed ``doc``, with their sentence and measure.

    Offsets are in ``doc.text``. The parse is used only where the text alone cannot say what a
    number measures; a doc without a parse gets ``measure=None`` and sentences split on
    punctuation.
    """
    text = doc.text
    parsed = doc.has_annotation("DEP")
    sentenced = parsed or doc.has_annotation("SENT_START")
    figures: list[Figure] = []
    for m in find_figures(text):
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        measure: str | None = None
        if span is not None and len(span) and sentenced:
            sent = doc[span.start].sent
            lo, hi = _line_bounds(text, sent.start_char, sent.end_char, m)
            sentence = text[lo:hi].strip()
            if parsed:
                measure = _measure(doc, _Where(range(span.start, span.end), lo, hi), span, m)
        else:
            sentence = _fallback_sentence(text, m)
        figures.append(
            Figure(
                id=f"{id_prefix}:fig:{m.start}",
                text=m.text,
                value=m.value,
                value_max=m.value_max,
                unit=m.unit,
                qualifier=m.qualifier,
                measure=measure,
                start=m.start,
                end=m.end,
                sentence=sentence,
                extractor=EXTRACTOR,
            )
        )
    return figures
