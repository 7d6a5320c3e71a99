"""The event scorer: predicted events against sentence-level event gold (CAMEO / PLOVER).

It implements section 3 of the events gold folder's README (``../shared/data/events``):

1. Predictions are ``newsgraph analyze --format jsonl`` lines, paired with the gold sentences
   by ``article.id == id``; ``{"error": ...}`` lines are skipped. A gold sentence without a
   prediction line counts as "no events predicted"; lines for ids not in the gold are ignored
   (and counted).
2. **Normalisation**, the same on both sides: CAMEO codes are strings compared exactly
   (``"042"`` is not ``42``), the root is their first two digits; actor codes are upper-cased,
   and null, empty and ``---`` mean "no actor" (``---REB`` is a code); an actor with a country
   but no actor code counts as the bare country code; an actor's country is its ``country``,
   else the first three letters of its actor code (``IGOUNO`` -> ``IGO``; ``---`` is no
   country); PLOVER 0.5b1 labels are mapped to 2021 types (DEMAND -> REQUEST, DISAPPROVE and
   INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT); exact duplicate events of one sentence count once.
3. **Metrics.** An event matches when the metric's fields are all equal (a missing actor or
   country equals a missing one):

   ============  ============================================  ==============================
   strict        CAMEO code, source and target actor codes     gold with CAMEO codes
   relaxed       CAMEO root, source and target countries       gold with CAMEO codes
   plover        PLOVER type and source country                gold with PLOVER types
   root          CAMEO root only (diagnostic)                  gold with CAMEO codes
   plover_type   PLOVER type only (diagnostic)                 gold with PLOVER types
   countries     source and target countries only (diagnostic) every gold set
   ============  ============================================  ==============================

   A metric applies to a gold set when one of its events carries the field the metric needs
   (the code for strict, relaxed and root; the type for plover and plover_type); otherwise it
   shows n/a. An event without that field is left out of the metric: a predicted one is counted
   as *unscorable*, a gold one as *left out*.
4. **Matching** is per sentence, one-to-one and greedy: gold events in order, each taking the
   first unused predicted event that matches. TP = matched pairs, FP = predicted events left
   over, FN = gold events left over; P/R/F1 are micro-averaged over all sentences.
5. **Also reported**: no-event accuracy (of the sentences without gold events, the share with
   no predicted event); extra events per sentence (FP / sentences) for every metric and for the
   primary one (strict where it applies, else plover, else countries); per class counts (CAMEO
   root for strict, relaxed and root; PLOVER type for plover and plover_type); for strict,
   relaxed and plover an error split of the unmatched events (paired first as a *type* error
   when their actors agree, then as an *actors* error when their labels agree, the rest
   *missed* or *spurious*) and the ten most frequent type confusions (gold -> predicted);
   figures per gold ``category`` where the gold has one.

A predicted event marked ``"negated": true`` says that something did *not* happen: it is not
scored (and is counted) unless ``include_negated`` is set.

Nothing here loads a model except :func:`run_eval_events` when it has no predictions file.
The gold data is third-party text: read it from where it lies, never copy it into the repo.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsgraph.errors import MalformedInput
from newsgraph.evaluate.common import (
    PRF,
    analyse_gold,
    json_lines,
    load_prediction_lines,
    pct,
    ratio,
)
from newsgraph.events.codes import normalise_plover

if TYPE_CHECKING:
    from newsgraph.settings import Settings
    from newsgraph.types import Failure

NO_ACTOR = frozenset({"", "---"})
TOP_CONFUSIONS = 10


# -- normalisation ------------------------------------------------------------------------


def normalise_code(value: Any) -> str | None:
    """A CAMEO code as a stripped string (an int becomes its digits, without a leading zero,
    so ``42`` stays unequal to ``"042"``); None when missing or empty."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        return None
    return value.strip() or None


def normalise_actor_code(value: Any) -> str | None:
    """An actor code upper-cased; None for null, empty, ``---`` or a non-string."""
    if not isinstance(value, str):
        return None
    code = value.strip().upper()
    return None if code in NO_ACTOR else code


def country_of(actor_code: str | None, country: Any = None) -> str | None:
    """The actor's country: its own ``country``, else the first three letters of its code
    (``---`` and empty mean no country)."""
    own = normalise_actor_code(country)
    if own is not None:
        return own
    if actor_code is None:
        return None
    head = actor_code[:3]
    return None if head in NO_ACTOR else head


def _actor(code: Any, country: Any) -> tuple[str | None, str | None]:
    """(actor code, country) of one side; a country without a code stands in for the code."""
    c = normalise_actor_code(code)
    k = country_of(c, country)
    return (c if c is not None else k), k


@dataclass(frozen=True, slots=True)
class Event:
    """One event, normalised. ``negated`` (predictions only) is not part of its identity."""

    code: str | None = None
    plover: str | None = None
    source: str | None = None  # actor code
    target: str | None = None
    source_country: str | None = None
    target_country: str | None = None
    given_root: str | None = None  # a root given without a code
    negated: bool = field(default=False, compare=False)

    @property
    def root(self) -> str | None:
        if self.code is not None:
            return self.code[:2] if len(self.code) >= 2 else None
        return self.given_root

    @classmethod
    def from_gold(cls, d: Mapping[str, Any]) -> Event:
        """From a gold event: ``code, plover, source, target, source_country, target_country``."""
        src, src_k = _actor(d.get("source"), d.get("source_country"))
        tgt, tgt_k = _actor(d.get("target"), d.get("target_country"))
        return cls(
            code=normalise_code(d.get("code")),
            plover=normalise_plover(d.get("plover")),
            source=src,
            target=tgt,
            source_country=src_k,
            target_country=tgt_k,
            given_root=_root_only(d),
        )

    @classmethod
    def from_prediction(cls, d: Mapping[str, Any]) -> Event:
        """From an event of ``newsgraph analyze`` output, whose ``source`` and ``target`` are
        ``{name, actor_id, actor_code, country}`` (a bare actor-code string is accepted too)."""
        src, src_k = _pred_actor(d.get("source"), d.get("source_country"))
        tgt, tgt_k = _pred_actor(d.get("target"), d.get("target_country"))
        return cls(
            code=normalise_code(d.get("code")),
            plover=normalise_plover(d.get("plover")),
            source=src,
            target=tgt,
            source_country=src_k,
            target_country=tgt_k,
            given_root=_root_only(d),
            negated=d.get("negated") is True,
        )


def _root_only(d: Mapping[str, Any]) -> str | None:
    root = normalise_code(d.get("root"))
    return root[:2] if root is not None and len(root) >= 2 else None


def _pred_actor(value: Any, flat_country: Any) -> tuple[str | None, str | None]:
    if isinstance(value, Mapping):
        code = value.get("actor_code", value.get("code"))
        country = value.get("country")
        return _actor(code, country if country is not None else flat_country)
    return _actor(value, flat_country)


def dedupe(events: Sequence[Event]) -> list[Event]:
    """Exact duplicates (same code, type, actors and countries) kept once, in first order."""
    return list(dict.fromkeys(events))


# -- records ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldSentence:
    """One gold line: the sentence, its date, its events (normalised, duplicates dropped)."""

    id: str
    text: str
    date: str | None = None
    events: tuple[Event, ...] = ()
    category: str | None = None
    duplicates: int = 0  # exact duplicate gold events dropped


@dataclass(frozen=True, slots=True)
class Counts(PRF):
    """TP/FP/FN of one metric (or class, or category) and the figures derived from them."""

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_dict(self) -> dict[str, Any]:
        return self.prf_dict()


@dataclass(frozen=True, slots=True)
class ErrorSplit:
    """Where the unmatched events of a metric went."""

    type: int = 0  # same actors, another label
    actors: int = 0  # same label, other actors
    missed: int = 0  # gold events left unpaired
    spurious: int = 0  # predicted events left unpaired

    def __add__(self, other: ErrorSplit) -> ErrorSplit:
        return ErrorSplit(
            self.type + other.type,
            self.actors + other.actors,
            self.missed + other.missed,
            self.spurious + other.spurious,
        )

    def to_dict(self) -> dict[str, int]:
        return {
            "type": self.type,
            "actors": self.actors,
            "missed": self.missed,
            "spurious": self.spurious,
        }


# -- metrics ------------------------------------------------------------------------------

Key = Hashable


@dataclass(frozen=True)
class Metric:
    """How one metric reads an event: what it needs, its label, its actors, its class."""

    name: str
    description: str
    needs: Callable[[Event], bool]
    label: Callable[[Event], Key]
    actors: Callable[[Event], Key]
    class_of: Callable[[Event], str | None] | None = None
    split_errors: bool = False

    def key(self, e: Event) -> Key:
        return (self.label(e), self.actors(e))


def _none(_: Event) -> Key:
    return None


def _has_code(e: Event) -> bool:
    return e.code is not None


def _has_root(e: Event) -> bool:
    return e.root is not None


def _has_plover(e: Event) -> bool:
    return e.plover is not None


def _anything(_: Event) -> bool:
    return True


METRICS: tuple[Metric, ...] = (
    Metric(
        "strict",
        "CAMEO code + source and target actor codes",
        _has_code,
        lambda e: e.code,
        lambda e: (e.source, e.target),
        lambda e: e.root,
        split_errors=True,
    ),
    Metric(
        "relaxed",
        "CAMEO root + source and target countries",
        _has_root,
        lambda e: e.root,
        lambda e: (e.source_country, e.target_country),
        lambda e: e.root,
        split_errors=True,
    ),
    Metric(
        "plover",
        "PLOVER type + source country",
        _has_plover,
        lambda e: e.plover,
        lambda e: e.source_country,
        lambda e: e.plover,
        split_errors=True,
    ),
    Metric("root", "CAMEO root only", _has_root, lambda e: e.root, _none, lambda e: e.root),
    Metric(
        "plover_type",
        "PLOVER type only",
        _has_plover,
        lambda e: e.plover,
        _none,
        lambda e: e.plover,
    ),
    Metric(
        "countries",
        "source and target countries only",
        _anything,
        _none,
        lambda e: (e.source_country, e.target_country),
    ),
)
METRIC_NAMES = tuple(m.name for m in METRICS)
PRIMARY_ORDER = ("strict", "plover", "countries")


def match(gold: Sequence[Key], predicted: Sequence[Key]) -> list[int | None]:
    """Greedy one-to-one matching: for each gold key in order, the index of the first unused
    predicted key equal to it, or None."""
    used: set[int] = set()
    pairs: list[int | None] = []
    for g in gold:
        hit = next((j for j, p in enumerate(predicted) if j not in used and p == g), None)
        if hit is not None:
            used.add(hit)
        pairs.append(hit)
    return pairs


@dataclass
class _Acc:
    """What one metric accumulates over the sentences."""

    counts: Counts = Counts()
    unscorable: int = 0
    gold_left_out: int = 0
    per_class: dict[str, Counts] = field(default_factory=dict)
    errors: ErrorSplit = ErrorSplit()
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)
    by_category: dict[str, Counts] = field(default_factory=dict)

    def add_class(self, cls: str | None, c: Counts) -> None:
        name = cls if cls is not None else "-"
        self.per_class[name] = self.per_class.get(name, Counts()) + c


def _label_text(value: Key) -> str:
    return "-" if value is None else str(value)


def score_sentence(
    metric: Metric,
    gold: Sequence[Event],
    predicted: Sequence[Event],
    acc: _Acc,
    category: str | None,
) -> Counts:
    """Score one sentence under one metric, adding to ``acc``; returns its counts."""
    g = [e for e in gold if metric.needs(e)]
    p = [e for e in predicted if metric.needs(e)]
    acc.gold_left_out += len(gold) - len(g)
    acc.unscorable += len(predicted) - len(p)
    pairs = match([metric.key(e) for e in g], [metric.key(e) for e in p])
    matched = {j for j in pairs if j is not None}
    counts = Counts(tp=len(matched), fp=len(p) - len(matched), fn=len(g) - len(matched))
    acc.counts = acc.counts + counts
    if category is not None:
        acc.by_category[category] = acc.by_category.get(category, Counts()) + counts
    if metric.class_of is not None:
        for e, j in zip(g, pairs, strict=True):
            acc.add_class(metric.class_of(e), Counts(tp=1) if j is not None else Counts(fn=1))
        for j, e in enumerate(p):
            if j not in matched:
                acc.add_class(metric.class_of(e), Counts(fp=1))
    if metric.split_errors:
        left_g = [e for e, j in zip(g, pairs, strict=True) if j is None]
        left_p = [e for j, e in enumerate(p) if j not in matched]
        acc.errors = acc.errors + _split(metric, left_g, left_p, acc.confusions)
    return counts


def _split(
    metric: Metric, gold: list[Event], predicted: list[Event], confusions: Counter[tuple[str, str]]
) -> ErrorSplit:
    used: set[int] = set()
    type_errors = actor_errors = 0
    rest: list[Event] = []
    for g in gold:  # same actors, another label: a type confusion
        hit = next(
            (
                j
                for j, p in enumerate(predicted)
                if j not in used and metric.actors(p) == metric.actors(g)
            ),
            None,
        )
        if hit is None:
            rest.append(g)
            continue
        used.add(hit)
        type_errors += 1
        confusions[(_label_text(metric.label(g)), _label_text(metric.label(predicted[hit])))] += 1
    missed = 0
    for g in rest:  # same label, other actors
        hit = next(
            (
                j
                for j, p in enumerate(predicted)
                if j not in used and metric.label(p) == metric.label(g)
            ),
            None,
        )
        if hit is None:
            missed += 1
        else:
            used.add(hit)
            actor_errors += 1
    return ErrorSplit(type_errors, actor_errors, missed, len(predicted) - len(used))


# -- scores -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MetricScores:
    """One metric's figures over the whole gold set."""

    name: str
    description: str
    applies: bool
    counts: Counts
    sentences: int
    unscorable: int = 0  # predicted events without the field this metric needs
    gold_left_out: int = 0  # gold events without it
    per_class: dict[str, Counts] = field(default_factory=dict)
    errors: ErrorSplit | None = None
    confusions: tuple[tuple[str, str, int], ...] = ()  # (gold, predicted, count), top ten
    by_category: dict[str, Counts] = field(default_factory=dict)

    @property
    def extra_per_sentence(self) -> float:
        """False (extra) events per gold sentence: FP / sentences."""
        return ratio(self.counts.fp, self.sentences)

    def to_dict(self) -> dict[str, Any]:
        c = self.counts
        out: dict[str, Any] = {"applies": self.applies, "description": self.description}
        out.update(c.to_dict())
        if not self.applies:
            out.update(precision=None, recall=None, f1=None)
        out["extra_per_sentence"] = round(self.extra_per_sentence, 4)
        out["unscorable"] = self.unscorable
        out["gold_left_out"] = self.gold_left_out
        if self.errors is not None:
            out["errors"] = self.errors.to_dict()
            out["confusions"] = [
                {"gold": g, "predicted": p, "count": n} for g, p, n in self.confusions
            ]
        if self.per_class:
            out["per_class"] = {k: v.to_dict() for k, v in sorted(self.per_class.items())}
        if self.by_category:
            out["by_category"] = {k: v.to_dict() for k, v in sorted(self.by_category.items())}
        return out


@dataclass(frozen=True)
class EventScores:
    """Everything the scorer measured, and how the input looked."""

    metrics: dict[str, MetricScores]
    sentences: int = 0
    gold_events: int = 0
    predicted_events: int = 0  # scored: after duplicates and negated events are dropped
    gold_duplicates: int = 0
    predicted_duplicates: int = 0
    negated_skipped: int = 0
    sentences_without_predictions: int = 0  # no prediction line: no events predicted
    sentences_without_predicted_events: int = 0  # a line, but no (scored) event in it
    no_event_sentences: int = 0  # gold sentences without a gold event
    no_event_correct: int = 0  # ... of which no event was predicted
    unknown_articles: int = 0  # prediction lines whose id is not in the gold
    analysis_failures: int = 0  # set by run_eval_events when it analysed the gold itself
    categories: tuple[str, ...] = ()

    @property
    def primary(self) -> str:
        """The headline metric: strict where it applies, else plover, else countries."""
        for name in PRIMARY_ORDER:
            if self.metrics[name].applies:
                return name
        return "countries"

    @property
    def extra_events_per_sentence(self) -> float:
        return self.metrics[self.primary].extra_per_sentence

    @property
    def no_event_accuracy(self) -> float | None:
        if not self.no_event_sentences:
            return None
        return self.no_event_correct / self.no_event_sentences

    def get(self, metric: str) -> MetricScores:
        return self.metrics[metric]

    def to_dict(self) -> dict[str, Any]:
        acc = self.no_event_accuracy
        return {
            "sentences": self.sentences,
            "gold_events": self.gold_events,
            "predicted_events": self.predicted_events,
            "gold_duplicates": self.gold_duplicates,
            "predicted_duplicates": self.predicted_duplicates,
            "negated_skipped": self.negated_skipped,
            "sentences_without_predictions": self.sentences_without_predictions,
            "sentences_without_predicted_events": self.sentences_without_predicted_events,
            "unknown_articles": self.unknown_articles,
            "analysis_failures": self.analysis_failures,
            "no_event_sentences": self.no_event_sentences,
            "no_event_accuracy": None if acc is None else round(acc, 4),
            "primary_metric": self.primary,
            "extra_events_per_sentence": round(self.extra_events_per_sentence, 4),
            "metrics": {name: m.to_dict() for name, m in self.metrics.items()},
        }


def score(
    gold: Sequence[GoldSentence],
    predictions: Mapping[str, Sequence[Event]],
    *,
    include_negated: bool = False,
) -> EventScores:
    """Score predicted events (by sentence id) against the gold sentences."""
    accs = {m.name: _Acc() for m in METRICS}
    applies = {
        m.name: m.name == "countries" or any(m.needs(e) for s in gold for e in s.events)
        for m in METRICS
    }
    without_line = without_events = n_pred = pred_dups = negated = 0
    no_event = no_event_ok = 0
    categories: set[str] = set()
    for s in gold:
        raw = predictions.get(s.id)
        if raw is None:
            without_line += 1
            raw = ()
        kept = [e for e in raw if include_negated or not e.negated]
        negated += len(raw) - len(kept)
        preds = dedupe(kept)
        pred_dups += len(kept) - len(preds)
        n_pred += len(preds)
        if not preds and s.id in predictions:
            without_events += 1
        if not s.events:
            no_event += 1
            no_event_ok += not preds
        if s.category is not None:
            categories.add(s.category)
        for m in METRICS:
            score_sentence(m, s.events, preds, accs[m.name], s.category)
    ids = {s.id for s in gold}
    metrics = {
        m.name: MetricScores(
            name=m.name,
            description=m.description,
            applies=applies[m.name],
            counts=accs[m.name].counts,
            sentences=len(gold),
            unscorable=accs[m.name].unscorable,
            gold_left_out=accs[m.name].gold_left_out,
            per_class=accs[m.name].per_class,
            errors=accs[m.name].errors if m.split_errors else None,
            confusions=tuple(
                (g, p, n)
                for (g, p), n in sorted(
                    accs[m.name].confusions.items(), key=lambda kv: (-kv[1], kv[0])
                )[:TOP_CONFUSIONS]
            ),
            by_category=accs[m.name].by_category,
        )
        for m in METRICS
    }
    return EventScores(
        metrics=metrics,
        sentences=len(gold),
        gold_events=sum(len(s.events) for s in gold),
        predicted_events=n_pred,
        gold_duplicates=sum(s.duplicates for s in gold),
        predicted_duplicates=pred_dups,
        negated_skipped=negated,
        sentences_without_predictions=without_line,
        sentences_without_predicted_events=without_events,
        no_event_sentences=no_event,
        no_event_correct=no_event_ok,
        unknown_articles=sum(1 for k in predictions if k not in ids),
        categories=tuple(sorted(categories)),
    )


# -- reading ------------------------------------------------------------------------------


def load_gold(path: str | Path) -> list[GoldSentence]:
    """The gold sentences of a file in the ``shared/data/events`` format, in file order."""
    out: list[GoldSentence] = []
    seen: set[str] = set()
    for where, obj in json_lines(path):
        if not isinstance(obj, dict):
            raise MalformedInput(where, "a gold line must be a JSON object")
        sid, text = obj.get("id"), obj.get("text")
        if not isinstance(sid, str) or not isinstance(text, str):
            raise MalformedInput(where, 'a gold line needs "id" and "text" strings')
        if sid in seen:
            raise MalformedInput(where, f"id {sid!r} appears twice")
        seen.add(sid)
        raw = obj.get("events") or []
        if not isinstance(raw, list) or not all(isinstance(e, dict) for e in raw):
            raise MalformedInput(where, '"events" must be a list of objects')
        events = [Event.from_gold(e) for e in raw]
        unique = dedupe(events)
        date, category = obj.get("date"), obj.get("category")
        out.append(
            GoldSentence(
                id=sid,
                text=text,
                date=date if isinstance(date, str) and date else None,
                events=tuple(unique),
                category=str(category) if category not in (None, "") else None,
                duplicates=len(events) - len(unique),
            )
        )
    return out


def predictions_from_line(obj: Mapping[str, Any]) -> tuple[str, list[Event]] | None:
    """``(article id, events)`` of one analysis line; None for an error line or no id."""
    if "error" in obj and "article" not in obj:
        return None
    article = obj.get("article")
    aid = article.get("id") if isinstance(article, Mapping) else obj.get("id")
    if not isinstance(aid, str):
        return None
    events = obj.get("events") or []
    if not isinstance(events, list):
        return aid, []
    return aid, [Event.from_prediction(e) for e in events if isinstance(e, Mapping)]


def load_predictions(path: str | Path) -> dict[str, list[Event]]:
    """Predicted events by article id, from ``newsgraph analyze --format jsonl`` output.

    Error lines are skipped (their sentences then count as "no events predicted"); when an id
    appears twice the first line wins.
    """
    return load_prediction_lines(path, predictions_from_line)


# -- report -------------------------------------------------------------------------------


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = []
    for n, r in enumerate([header, *rows]):
        cells = [r[0].ljust(widths[0])] + [
            v.rjust(w) for v, w in zip(r[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines


def _count_row(name: str, c: Counts, applies: bool = True) -> list[str]:
    figures = [pct(c.precision), pct(c.recall), pct(c.f1)] if applies else ["n/a"] * 3
    return [name, str(c.gold), str(c.predicted), str(c.tp), str(c.fp), str(c.fn), *figures]


def format_report(scores: EventScores) -> str:
    """Readable tables: every metric, the headline figures, per class, errors, categories."""
    s = scores
    acc = s.no_event_accuracy
    lines = [
        f"{s.sentences} gold sentences, {s.gold_events} gold events "
        f"({s.gold_duplicates} duplicates dropped); {s.predicted_events} predicted events scored "
        f"({s.predicted_duplicates} duplicates dropped, {s.negated_skipped} negated skipped)",
        f"sentences without a prediction line: {s.sentences_without_predictions}; "
        f"with no predicted event: {s.sentences_without_predicted_events}"
        + (f"; analysis failures: {s.analysis_failures}" if s.analysis_failures else "")
        + (
            f"; prediction lines not in the gold: {s.unknown_articles}"
            if s.unknown_articles
            else ""
        ),
        "no-event accuracy: "
        + (
            f"{pct(acc)}% of {s.no_event_sentences} sentences without gold events"
            if acc is not None
            else "n/a (every gold sentence has an event)"
        ),
        "",
    ]
    header = [
        "metric",
        "gold",
        "pred",
        "TP",
        "FP",
        "FN",
        "P",
        "R",
        "F1",
        "extra/sent",
        "unscorable",
    ]
    rows = []
    for name in METRIC_NAMES:
        m = s.metrics[name]
        rows.append(
            [
                *_count_row(name, m.counts, m.applies),
                f"{m.extra_per_sentence:.3f}" if m.applies else "n/a",
                str(m.unscorable) if m.applies else "n/a",
            ]
        )
    lines += _table(header, rows)
    prim = s.metrics[s.primary]
    lines += [
        "",
        f"primary metric: {s.primary} ({prim.description}): F1 {pct(prim.counts.f1)}; "
        f"extra (false) events per sentence {s.extra_events_per_sentence:.3f}",
    ]
    if s.metrics["plover"].applies:
        lines.append(f"PLOVER type + source country F1: {pct(s.metrics['plover'].counts.f1)}")
    for name, what in (("relaxed", "CAMEO root"), ("plover", "PLOVER type")):
        m = s.metrics[name]
        if not m.applies or not m.per_class:
            continue
        lines += ["", f"per {what} ({name})"]
        lines += _table(
            [what, "gold", "pred", "TP", "FP", "FN", "P", "R", "F1"],
            [_count_row(k, v) for k, v in sorted(m.per_class.items())],
        )
    for name in ("strict", "relaxed", "plover"):
        m = s.metrics[name]
        if not m.applies or m.errors is None:
            continue
        e = m.errors
        lines += [
            "",
            f"errors ({name}): type {e.type}, actors {e.actors}, missed {e.missed}, "
            f"spurious {e.spurious}",
        ]
        lines += [f"  {g} -> {p}: {n}" for g, p, n in m.confusions]
    if s.categories:
        lines += ["", f"per category ({s.primary})"]
        lines += _table(
            ["category", "gold", "pred", "TP", "FP", "FN", "P", "R", "F1"],
            [_count_row(k, prim.by_category.get(k, Counts())) for k in s.categories],
        )
    lines += [
        "",
        "P/R/F1 micro-averaged over sentences, in %. extra/sent: false positives per gold",
        "sentence. unscorable: predicted events without the field the metric needs.",
    ]
    return "\n".join(lines) + "\n"


# -- running ------------------------------------------------------------------------------


def run_eval_events(
    gold_path: str | Path,
    pred_path: str | Path | None = None,
    settings: Settings | None = None,
    *,
    include_negated: bool = False,
    on_failure: Callable[[Failure], None] | None = None,
) -> EventScores:
    """Score a predictions file against the gold, or, without one, analyse every gold sentence
    with :class:`newsgraph.pipeline.Analyzer` (one article per sentence, dated by the gold) and
    score its ``events``. Sentences that fail analysis count as "no events predicted"."""
    gold = load_gold(gold_path)
    if pred_path is not None:
        return score(gold, load_predictions(pred_path), include_negated=include_negated)

    from newsgraph.ingest.sources import Source

    items = [
        (s.id, Source(name=s.id, text=s.text, meta={"id": s.id, "published": s.date})) for s in gold
    ]
    predictions, failures = analyse_gold(items, predictions_from_line, settings, on_failure)
    scores = score(gold, predictions, include_negated=include_negated)
    return replace(scores, analysis_failures=failures)
