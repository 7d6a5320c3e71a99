"""analyze(): the whole flow for one article, and the batched flow for many.

    1 ingest   Source -> Article (HTML body and metadata, decoding)      newsgraph.ingest
    2 clean    junk removed, offset map kept                             newsgraph.clean
    3 nlp      one spaCy Doc per article, nlp.pipe in batches            newsgraph.nlp
    4 extract  entities, figures, quotes, roles, citations, events       newsgraph.extract
    5 offsets  every span mapped back to the text as the user gave it

Failures never stop a batch: a bad input becomes a :class:`Failure` in the output stream at the
place it had in the input, so callers that must keep order (``analyze`` of a JSONL file) can.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsgraph.clean import Rules, load_rules
from newsgraph.clean.offsets import OffsetMap
from newsgraph.errors import AnalysisError, InputError
from newsgraph.events.merge import merge_in_article
from newsgraph.extract.citations import extract_citations
from newsgraph.extract.entities import extract_entities
from newsgraph.extract.events import article_country, extract_events
from newsgraph.extract.events.actors import use_overrides
from newsgraph.extract.figures import extract_figures
from newsgraph.extract.quotes import extract_quotes
from newsgraph.extract.roles import attach_roles_and_speakers
from newsgraph.ingest.article import build_article
from newsgraph.ingest.sources import Source
from newsgraph.resolve.actor_overrides import Overrides, load_overrides
from newsgraph.resolve.article_actors import article_actors
from newsgraph.settings import Settings
from newsgraph.types import Analysis, Article, Citation, Entity, Failure, Figure, Mention, Quote

# ``known(ids)``: the ids among ``ids`` that the store already holds
Known = Callable[[list[str]], set[str]]

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

EXTRACTORS = (
    "entities.v1",
    "figures.v1",
    "quotes.v1",
    "speakers.v1",
    "citations.v1",
    "events.v1",
)


@dataclass(frozen=True, slots=True)
class Skipped:
    """An article already in the store (by id), not analysed again."""

    article_id: str
    input_name: str


Result = Analysis | Failure | Skipped


@dataclass(frozen=True, slots=True)
class _Prepared:
    article: Article
    offsets: OffsetMap


class Analyzer:
    """Holds the settings, the junk rules and (lazily) the spaCy pipeline."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings.from_env()
        self.rules: Rules = load_rules(self.settings.clean_rules or None)
        self.overrides: Overrides | None = (
            load_overrides(self.settings.actors_file) if self.settings.actors_file else None
        )
        self._nlp: Language | None = None

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            from newsgraph import nlp

            self._nlp = nlp.load(self.settings.model, self.settings.max_input_bytes)
        return self._nlp

    def analyze_source(self, src: Source) -> Analysis:
        """Analyse one source; raises ``InputError`` for bad input."""
        result = self._analyze_batch([self._prepare(src)])[0]
        if isinstance(result, Failure):
            raise AnalysisError(result.input_name, result.reason)
        return result

    def run(
        self,
        items: Iterable[Source | Failure],
        known: Known | None = None,
    ) -> Iterator[Result]:
        """Analyse a stream, in order, ``batch_size`` articles at a time.

        ``known(ids)`` returns the ids already stored; those articles are yielded as
        :class:`Skipped` before any NLP is spent on them (this is what makes a re-run or a
        resumed run cheap).
        """
        for batch in batches(items, self.settings.batch_size):
            yield from self._run_batch(batch, known)

    def _run_batch(self, items: list[Source | Failure], known: Known | None) -> Iterator[Result]:
        slots, todo = self.plan_batch(items, known)
        yield from merge_batch(slots, self._analyze_batch(todo))

    def plan_batch(
        self, items: list[Source | Failure], known: Known | None
    ) -> tuple[list[Result | _Prepared], list[_Prepared]]:
        """Prepare a batch (ingest and clean) and pass over the stored and repeated articles.

        Returns the batch's slots in input order (a :class:`Failure`, a :class:`Skipped` or a
        :class:`Prepared` to analyse) and the prepared articles to analyse, in that order; the
        runners hand the latter to :func:`analyze_batch` (here, in a worker process or in a Ray
        actor) and put the results back with :func:`merge_batch`.
        """
        slots: list[Result | _Prepared] = []
        for item in items:
            if isinstance(item, Failure):
                slots.append(item)
                continue
            try:
                slots.append(self._prepare(item))
            except InputError as exc:
                slots.append(Failure(exc.input_name, exc.reason, exc.stage))
        prepared = [s for s in slots if isinstance(s, _Prepared)]
        stored = known([p.article.id for p in prepared]) if known and prepared else set()
        seen: set[str] = set()
        todo: list[_Prepared] = []
        for i, s in enumerate(slots):
            if isinstance(s, _Prepared):
                aid = s.article.id
                if aid in stored or aid in seen:
                    slots[i] = Skipped(aid, s.article.input_name)
                else:
                    seen.add(aid)
                    todo.append(s)
        return slots, todo

    def _prepare(self, src: Source) -> _Prepared:
        article, offsets = build_article(src, self.settings, self.rules)
        return _Prepared(article, offsets)

    def _analyze_batch(self, batch: list[_Prepared]) -> list[Analysis | Failure]:
        use_overrides(self.overrides)
        langs = self.settings.language_set
        english = [p for p in batch if (p.article.language or "en") in langs]
        docs: dict[int, Doc] = {}
        if english:
            try:
                texts = (p.article.text for p in english)
                pipe = self.nlp.pipe(texts, batch_size=self.settings.batch_size)
                for p, doc in zip(english, pipe, strict=True):
                    docs[id(p)] = doc
            except Exception:  # one pathological text must not sink its batch: go one by one
                docs = {}
                for p in english:
                    with contextlib.suppress(Exception):
                        docs[id(p)] = self.nlp(p.article.text)
        wanted = {id(p) for p in english}
        out: list[Analysis | Failure] = []
        for p in batch:
            parsed = docs.get(id(p))
            if id(p) in wanted and parsed is None:
                out.append(
                    Failure(p.article.input_name, "the NLP pipeline failed on this text", "analyze")
                )
                continue
            try:
                out.append(_extract(p, parsed))
            except Exception as exc:  # an extractor bug costs one article, and is recorded
                out.append(
                    Failure(
                        p.article.input_name,
                        f"extraction failed: {exc.__class__.__name__}: {exc}",
                        "analyze",
                    )
                )
        return out


Prepared = _Prepared  # an article ready for the NLP step (picklable: it goes to workers)


def batches(items: Iterable[Source | Failure], size: int) -> Iterator[list[Source | Failure]]:
    """The input in batches of ``size`` sources, failures kept in their place; the last batch
    is the only one that may hold fewer (what every runner hands to ``plan_batch``)."""
    pending: list[Source | Failure] = []
    sources = 0
    for item in items:
        pending.append(item)
        if isinstance(item, Source):
            sources += 1
            if sources >= size:
                yield pending
                pending, sources = [], 0
    if pending:
        yield pending


def merge_batch(
    slots: list[Result | _Prepared], analysed: Iterable[Analysis | Failure]
) -> Iterator[Result]:
    """The slots of :meth:`Analyzer.plan_batch` with each prepared article replaced by its
    analysis (``analysed`` is in the order of the prepared articles)."""
    done = iter(analysed)
    for s in slots:
        yield next(done) if isinstance(s, _Prepared) else s


def analyze_batch(batch: list[_Prepared], settings: Settings) -> list[Analysis | Failure]:
    """The pure batch step every runner shares: prepared articles -> analyses or failures, in
    order. The analyzer (and its spaCy model) is built once per process and settings."""
    return _default_analyzer(settings)._analyze_batch(list(batch))


def _extract(p: _Prepared, doc: Doc | None) -> Analysis:
    """Step 4 and 5: run the extractors on the cleaned text and map spans to the input."""
    art = p.article
    if doc is None:
        return Analysis(article=art)
    entities = extract_entities(doc, art.id)
    figures = extract_figures(doc, art.id)
    quotes = extract_quotes(doc, entities, art.id)
    # speakers join the entities; entities get the roles the article gives them
    entities, quotes = attach_roles_and_speakers(doc, entities, quotes, art.id)
    citations = extract_citations(doc, entities, art.id)
    events = extract_events(doc, entities, figures, quotes, art.id, art.published)
    actors, actor_of = article_actors(entities, article_country(entities))
    mapped_figures = tuple(_map_figure(f, p.offsets, art.raw, art.id) for f in figures)
    figure_ids = {f.id: m.id for f, m in zip(figures, mapped_figures, strict=True)}
    mapped_events = [_map_event(e, p.offsets, art.raw, art.id, figure_ids) for e in events]
    event_ids = _unique([e["id"] for e in mapped_events])
    mapped_events = [{**e, "id": i} for e, i in zip(mapped_events, event_ids, strict=True)]
    return _with_unique_ids(
        article=art,
        entities=tuple(_map_entity(e, p.offsets, art.raw) for e in entities),
        figures=mapped_figures,
        quotes=tuple(_map_quote(q, p.offsets, art.raw, art.id) for q in quotes),
        citations=tuple(_map_citation(c, p.offsets, art.raw, art.id) for c in citations),
        events=tuple(_with_actor_ids(e, actor_of) for e in merge_in_article(mapped_events)),
        actors=tuple(actors),
    )


def _with_actor_ids(e: dict[str, Any], actor_of: dict[str, str]) -> dict[str, Any]:
    """An event whose source and target name the canonical actor (``actor_id``, the same in
    every article) beside the article's entity (``entity_id``)."""
    out = dict(e)
    for k in ("source", "target"):
        a = e.get(k)
        if a:
            entity = a.get("entity_id", a.get("actor_id"))
            out[k] = {**a, "actor_id": actor_of.get(entity or ""), "entity_id": entity}
    return out


def _map_entity(e: Entity, offsets: OffsetMap, raw: str) -> Entity:
    mentions = tuple(_moved(m, offsets, raw) for m in e.mentions)
    return dataclasses.replace(e, mentions=mentions)


def _map_figure(f: Figure, offsets: OffsetMap, raw: str, article_id: str) -> Figure:
    s, t = offsets.span(f.start, f.end)
    # the id names the figure by its place in the input, like every other offset
    return dataclasses.replace(f, id=f"{article_id}:fig:{s}", start=s, end=t, text=raw[s:t])


def _moved(m: Mention, offsets: OffsetMap, raw: str) -> Mention:
    s, t = offsets.span(m.start, m.end)
    return Mention(s, t, raw[s:t])


def _map_mention(m: Mention | None, offsets: OffsetMap, raw: str) -> Mention | None:
    return None if m is None else _moved(m, offsets, raw)


def _map_quote(q: Quote, offsets: OffsetMap, raw: str, article_id: str) -> Quote:
    s, t = offsets.span(q.start, q.end)
    return dataclasses.replace(
        q,
        id=f"{article_id}:q:{s}",
        start=s,
        end=t,
        text=raw[s:t],
        parts=tuple(offsets.span(a, b) for a, b in q.parts),
        speaker_mention=_map_mention(q.speaker_mention, offsets, raw),
        cue=_map_mention(q.cue, offsets, raw),
    )


def _map_citation(c: Citation, offsets: OffsetMap, raw: str, article_id: str) -> Citation:
    s, t = offsets.span(c.start, c.end)
    return dataclasses.replace(
        c,
        id=f"{article_id}:c:{s}",
        start=s,
        end=t,
        text=raw[s:t],
        cue=_map_mention(c.cue, offsets, raw),
    )


def _map_event(
    e: dict[str, Any], offsets: OffsetMap, raw: str, article_id: str, figure_ids: dict[str, str]
) -> dict[str, Any]:
    s, t = offsets.span(e["start"], e["end"])
    # a second event of one trigger (coordinated actors) keeps its "-N" suffix
    suffix = e["id"].rsplit(":ev:", 1)[-1].partition("-")[2]
    return {
        **e,
        "id": f"{article_id}:ev:{s}" + (f"-{suffix}" if suffix else ""),
        "start": s,
        "end": t,
        "text": raw[s:t],
        "figures": [figure_ids.get(f, f) for f in e.get("figures", ())],
    }


def _unique(ids: list[str]) -> list[str]:
    """Ids made unique within one article: a repeat gets "-2", "-3", ... (two citations of one
    mention by two cues, two quotes that start at one place)."""
    seen: dict[str, int] = {}
    out = []
    for i in ids:
        n = seen.get(i, 0) + 1
        seen[i] = n
        out.append(i if n == 1 else f"{i}-{n}")
    return out


def _with_unique_ids(
    *,
    article: Article,
    entities: tuple[Entity, ...],
    figures: tuple[Figure, ...],
    quotes: tuple[Quote, ...],
    citations: tuple[Citation, ...],
    events: tuple[dict[str, Any], ...],
    actors: tuple[dict[str, Any], ...],
) -> Analysis:
    """The analysis, with every record id unique within its kind (the store's primary keys)."""

    def fix(records: tuple[Any, ...]) -> tuple[Any, ...]:
        ids = [r.id for r in records]
        new = _unique(ids)
        if new == ids:
            return records
        return tuple(dataclasses.replace(r, id=i) for r, i in zip(records, new, strict=True))

    return Analysis(
        article=article,
        entities=fix(entities),
        figures=fix(figures),
        quotes=fix(quotes),
        citations=fix(citations),
        events=events,
        actors=actors,
    )


def analyze(
    text: str,
    *,
    id: str | None = None,
    title: str | None = None,
    published: str | None = None,
    source: str | None = None,
    url: str | None = None,
    html: bool = False,
    settings: Settings | None = None,
) -> Analysis:
    """Analyse one article given as a string (plain text, or HTML with ``html=True``)."""
    meta = {
        k: v
        for k, v in {
            "id": id,
            "title": title,
            "published": published,
            "source": source,
            "url": url,
        }.items()
        if v is not None
    }
    src = (
        Source("<string>", html=text, meta=meta)
        if html
        else Source("<string>", text=text, meta=meta)
    )
    return _default_analyzer(settings).analyze_source(src)


_ANALYZERS: dict[Settings, Analyzer] = {}


def _default_analyzer(settings: Settings | None) -> Analyzer:
    s = settings or Settings.from_env()
    if s not in _ANALYZERS:
        _ANALYZERS[s] = Analyzer(s)
    return _ANALYZERS[s]
