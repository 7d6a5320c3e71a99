"""The records newsgraph produces: small frozen dataclasses with provenance.

Every record that comes from the text carries ``start`` and ``end``: character offsets into the
text *as the user gave it* (for HTML input, into the extracted body), so that
``input_text[start:end] == record.text`` always holds.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

EntityType = Literal["PERSON", "ORG", "PLACE", "GROUP"]


@dataclass(frozen=True, slots=True)
class Removed:
    """A piece of scraper junk taken out of the text by the cleaner."""

    kind: str  # the rule's kind, e.g. "shortcode", "promo", "photo_credit"
    text: str
    start: int
    end: int
    rule: str = ""  # the name of the rule that matched


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    name: str
    type: EntityType
    mentions: tuple[Mention, ...]
    extractor: str = "entities.v1"
    # what the article says the entity is, as written ("associate professor at the Higher
    # School of Economics", "the Russian president"), first stated first
    roles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Figure:
    """A number the article states, normalised.

    ``unit`` is an ISO 4217 code for money, ``"percent"``, or a singular noun ("person", "loan",
    "year", "hour"). ``value_max`` is set for ranges ("between 48 and 49 percent").
    """

    id: str
    text: str
    value: float
    value_max: float | None
    unit: str
    qualifier: str | None  # about | almost | at least | at most | None
    measure: str | None  # what the number counts or is ("state loan")
    start: int
    end: int
    sentence: str
    extractor: str = "figures.v1"


QuoteKind = Literal["direct", "partial", "indirect", "mixed"]
CitationKind = Literal["media", "government", "organisation", "person", "anonymous", "document"]


@dataclass(frozen=True, slots=True)
class Quote:
    """Something a source said, wrote or believes, as the article reports it.

    ``start``/``end`` cover the content (for a split quote, ``"A," he said, "B."``, from the
    start of A to the end of B, with ``parts`` giving the pieces); ``text`` is the input between
    them. ``speaker_mention`` is the mention the speaker was resolved from (a name, a pronoun,
    a description), ``speaker``/``speaker_id`` the entity it resolves to. ``via`` lists the
    outlets or bodies that relayed the quote ("quoted by DW", "the Kremlin press service
    quotes Putin"), nearest first.
    """

    id: str
    text: str
    kind: QuoteKind
    start: int
    end: int
    speaker: str | None
    speaker_id: str | None
    speaker_mention: Mention | None
    cue: Mention | None
    via: tuple[str, ...]
    sentence: str
    parts: tuple[tuple[int, int], ...] = ()
    extractor: str = "quotes.v1"


@dataclass(frozen=True, slots=True)
class Citation:
    """A source the article relies on ("according to tut.by", "citing Kremlin sources").

    ``start``/``end`` cover the source's mention; ``text`` is that mention as written.
    """

    id: str
    source: str
    kind: CitationKind
    text: str
    cue: Mention | None
    start: int
    end: int
    sentence: str
    extractor: str = "citations.v1"


@dataclass(frozen=True, slots=True)
class Article:
    """One input article after ingest and cleaning.

    ``raw`` is the text as the user gave it (for HTML: the extracted body) and is what every
    offset refers to; ``text`` is the cleaned body shown to users.
    """

    id: str
    text: str
    raw: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None  # YYYY-MM-DD
    authors: tuple[str, ...] = ()
    language: str | None = None
    removed: tuple[Removed, ...] = ()
    input_name: str = ""  # the file, line or URL it came from
    story_id: str | None = None  # set by the store: the story this article is a copy of
    original_id: str | None = None  # set by the store: the story's earliest copy


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything newsgraph found in one article: the public JSON contract."""

    article: Article
    entities: tuple[Entity, ...] = ()
    figures: tuple[Figure, ...] = ()
    quotes: tuple[Quote, ...] = ()
    citations: tuple[Citation, ...] = ()
    events: tuple[dict[str, Any], ...] = ()
    actors: tuple[dict[str, Any], ...] = ()  # the article's canonical actors (resolve)

    def to_dict(self) -> dict[str, Any]:
        """The JSON of one analysis (``newsgraph analyze --format json``)."""
        art = self.article
        return {
            "article": {
                "id": art.id,
                "title": art.title,
                "source": art.source,
                "url": art.url,
                "published": art.published,
                "authors": list(art.authors),
                "language": art.language,
                "story_id": art.story_id,
                "original_id": art.original_id,
                "text": art.text,
                "removed": [dataclasses.asdict(r) for r in art.removed],
            },
            "entities": [
                {
                    "id": e.id,
                    "name": e.name,
                    "type": e.type,
                    "roles": list(e.roles),
                    "mentions": [dataclasses.asdict(m) for m in e.mentions],
                }
                for e in self.entities
            ],
            "figures": [dataclasses.asdict(f) for f in self.figures],
            "quotes": [quote_dict(q) for q in self.quotes],
            "citations": [dataclasses.asdict(c) for c in self.citations],
            "events": list(self.events),
            "actors": list(self.actors),
        }


def quote_dict(q: Quote) -> dict[str, Any]:
    """A quote's JSON: its fields, plus ``span`` and ``is_floating_quote`` for scorers that
    follow the GenderGapTracker's output format."""
    d = dataclasses.asdict(q)
    d["parts"] = [list(p) for p in q.parts]
    d["via"] = list(q.via)
    d["span"] = {"start": q.start, "end": q.end}
    d["is_floating_quote"] = q.speaker_mention is None
    return d


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be analysed or stored, and why."""

    input_name: str
    reason: str
    stage: str  # read | decode | parse | analyze | store
    detail: str = ""


@dataclass(slots=True)
class IngestReport:
    """What one ingest run did, for the CLI summary."""

    stored: int = 0
    skipped: int = 0  # already in the store
    failed: int = 0
    failures: list[Failure] = field(default_factory=list)
