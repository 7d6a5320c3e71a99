"""Quotes: who said (wrote, believes) what, as the article reports it, and who passed it on.

Rules over the parse the pipeline already made (no second NLP pass, no model of its own):

* ``marks``: quotation marks paired in every style, unbalanced ones recovered locally;
* ``direct`` and ``around``: each quotation's cue and speaker (after, before, after a dash or a
  colon, split, continued, floating);
* ``indirect``: reported speech and belief from the parse ("X said that ...", "according to
  X, ...", "As X pointed out, ...", "X endorsed ...");
* ``partial``: quoted fragments inside someone's sentence ("ruled out a repeat of the
  'Ukrainian scenario'");
* ``assemble``: one consistent set (direct wins, outermost wins, mixed and partial quotes) and
  the ``Quote`` records;
* ``speakers``: speaker mentions, and pronouns and descriptions resolved through the article's
  own context ("he", "the expert", "the Belarusian president");
* ``relay``: outlets that passed a quote on ("quoted by DW", "the newspaper quotes the expert");
* ``cues`` and ``lexicon``: the cue words, all kept as data in ``lexicons/quotes.yaml``.

Offsets are in ``doc.text``; ``quote.text == doc.text[quote.start:quote.end]``.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from newsgraph.extract.quotes.assemble import EXTRACTOR, combine, to_quotes
from newsgraph.extract.quotes.context import Context
from newsgraph.extract.quotes.direct import attribute_quotations
from newsgraph.extract.quotes.indirect import find_indirect
from newsgraph.extract.quotes.marks import Quotation, find_quotations
from newsgraph.extract.quotes.speakers import Resolver
from newsgraph.types import Entity, Quote

__all__ = ["EXTRACTOR", "Quotation", "extract_quotes", "find_quotations"]


def extract_quotes(doc: Doc, entities: Sequence[Entity], id_prefix: str) -> list[Quote]:
    """The quotes of a parsed ``doc``, with speakers resolved against ``entities``.

    ``entities`` are the article's entities in ``doc.text`` coordinates (from
    ``extract_entities(doc, id_prefix)``). Never raises on odd text: unbalanced quotation marks
    are recovered paragraph by paragraph.
    """
    ctx = Context(doc, entities)
    direct, fragments = attribute_quotations(ctx)
    used = {a.cue_tok for a in direct if a.cue_tok is not None}
    indirect = find_indirect(ctx, used)
    attributions = combine(ctx, direct, indirect, fragments)
    return to_quotes(ctx, attributions, Resolver(ctx), id_prefix)
