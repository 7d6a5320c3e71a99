"""The quote scorer: predicted quotes and speakers against attribution gold.

It re-implements the GenderGapTracker evaluation as the gold folder's README describes it
(``../shared/data/quotes/README.md``), so the figures compare with that system's and with
textacy's published ones:

1. Predictions are ``newsgraph analyze --format jsonl`` lines, paired with the gold by
   ``article.id == doc_id``; ``{"error": ...}`` lines are skipped. A gold article without a
   prediction line counts as all false negatives; prediction lines for articles not in the gold
   are ignored (and counted).
2. **Placement.** A prediction keeps its offsets (``span`` ``{start, end}``, else top-level
   ``start``/``end``) when the gold text at them equals its ``text`` (whitespace normalised).
   Otherwise the article is searched for ``text`` with whitespace normalised and the first
   occurrence not already taken by another prediction (same start and end) is used. A
   prediction that cannot be placed is a false positive.
3. **Score.** The gold quote is the range from the start of its first content span to the end of
   its last; a prediction scores |gold chars ∩ predicted chars| / |gold chars|.
4. **Matching.** Gold quotes in annotation order, each paired with the best-scoring prediction
   not yet used whose score exceeds the threshold (ties: the earlier prediction). Done for each
   threshold (0.3 and 0.8 by default). P/R/F1 are micro-averaged over all articles.
5. **Speaker**, on matched pairs: correct when the predicted ``speaker_mention`` overlaps the
   gold speaker span by at least one character. A gold quote without a speaker is correct under
   the original GGT rule only when the prediction has ``is_floating_quote``, and under the
   variant only when the prediction has no ``speaker_mention`` either. End-to-end quote+speaker
   F1 counts a pair as a true positive only when its speaker is correct by the variant.
6. **Types.** Gold quotes carry ``direct``/``mixed``/``indirect``; a matched prediction takes its
   gold's type, an unmatched one is typed from its own text by :func:`quote_type`. The group
   ``direct+mixed`` adds the two.

Nothing here loads a model except :func:`run_eval_quotes` when it has no predictions file.
The gold data is third-party text: read it from where it lies, never copy it into the repo.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsgraph.errors import MalformedInput
from newsgraph.evaluate.common import (
    PRF,
    analyse_gold,
    f1,
    json_lines,
    load_prediction_lines,
    pct,
    ratio,
)

if TYPE_CHECKING:
    from newsgraph.settings import Settings
    from newsgraph.types import Failure

DEFAULT_THRESHOLDS: tuple[float, ...] = (0.3, 0.8)
TYPES = ("direct", "mixed", "indirect")
GROUPS = ("all", "direct", "mixed", "indirect", "direct+mixed")
# The double quotation marks of the gold's type heuristic (single quotes are not counted).
QUOTE_MARKS = frozenset('"“”„‟«»')

Span = tuple[int, int]


def quote_type(text: str) -> str:
    """The README's quotation-mark rule: ``direct`` if the (stripped) text starts and ends with
    a double quotation mark, ``mixed`` if it holds one anywhere else, ``indirect`` otherwise."""
    t = text.strip()
    if t and t[0] in QUOTE_MARKS and t[-1] in QUOTE_MARKS:
        return "direct"
    if any(c in QUOTE_MARKS for c in t):
        return "mixed"
    return "indirect"


# -- records ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldQuote:
    """One gold attribution: content spans (sorted), speaker spans (may be empty), type."""

    id: str
    content: tuple[Span, ...]
    speaker: tuple[Span, ...] = ()
    type: str = "indirect"

    @property
    def start(self) -> int:
        return self.content[0][0]

    @property
    def end(self) -> int:
        return self.content[-1][1]


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """One gold line: the article text every offset indexes, and its quotes in order."""

    doc_id: str
    text: str
    quotes: tuple[GoldQuote, ...] = ()
    annotator: str = ""
    primary: bool = True


@dataclass(frozen=True, slots=True)
class PredQuote:
    """One predicted quote. ``start``/``end`` may be missing or wrong (then ``text`` is searched
    for); ``speaker_mention`` is the mention's span, or None when the prediction names no one."""

    text: str | None
    start: int | None = None
    end: int | None = None
    speaker_mention: Span | None = None
    is_floating_quote: bool = False

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> PredQuote:
        """From a quote of ``newsgraph analyze`` output (``span`` or top-level offsets)."""
        text = d.get("text")
        start, end = _int(d.get("start")), _int(d.get("end"))
        span = d.get("span")
        if isinstance(span, Mapping) and _int(span.get("start")) is not None:
            start, end = _int(span.get("start")), _int(span.get("end"))
        mention = d.get("speaker_mention")
        speaker: Span | None = None
        if isinstance(mention, Mapping):
            ms, me = _int(mention.get("start")), _int(mention.get("end"))
            # a mention without usable offsets still says "there is a speaker": an empty span
            # that overlaps nothing
            speaker = (ms, me) if ms is not None and me is not None else (0, 0)
        return cls(
            text=text if isinstance(text, str) else None,
            start=start,
            end=end,
            speaker_mention=speaker,
            is_floating_quote=bool(d.get("is_floating_quote", False)),
        )


def _int(x: Any) -> int | None:
    return x if isinstance(x, int) and not isinstance(x, bool) else None


@dataclass(frozen=True, slots=True)
class Counts(PRF):
    """Counts for one threshold and one group, and the figures derived from them."""

    speaker_ggt: int = 0  # matched pairs whose speaker is correct by the original GGT rule
    speaker_variant: int = 0  # ... by the variant (no speaker on either side is correct)

    @property
    def speaker_accuracy_ggt(self) -> float:
        return ratio(self.speaker_ggt, self.tp)

    @property
    def speaker_accuracy_variant(self) -> float:
        return ratio(self.speaker_variant, self.tp)

    @property
    def e2e_precision(self) -> float:
        return ratio(self.speaker_variant, self.predicted)

    @property
    def e2e_recall(self) -> float:
        return ratio(self.speaker_variant, self.gold)

    @property
    def e2e_f1(self) -> float:
        return f1(self.e2e_precision, self.e2e_recall)

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.tp + other.tp,
            self.fp + other.fp,
            self.fn + other.fn,
            self.speaker_ggt + other.speaker_ggt,
            self.speaker_variant + other.speaker_variant,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.prf_dict(),
            "speaker_correct_ggt": self.speaker_ggt,
            "speaker_correct_variant": self.speaker_variant,
            "speaker_accuracy_ggt": round(self.speaker_accuracy_ggt, 4),
            "speaker_accuracy_variant": round(self.speaker_accuracy_variant, 4),
            "e2e_precision": round(self.e2e_precision, 4),
            "e2e_recall": round(self.e2e_recall, 4),
            "e2e_f1": round(self.e2e_f1, 4),
        }


@dataclass(frozen=True)
class QuoteScores:
    """Everything the scorer measured: ``counts[threshold][group]`` plus how the input looked."""

    thresholds: tuple[float, ...]
    counts: dict[float, dict[str, Counts]]
    articles: int = 0
    articles_without_predictions: int = 0  # no prediction line: all false negatives
    articles_without_predicted_quotes: int = 0  # a line, but no quotes in it
    gold_quotes: int = 0
    predicted_quotes: int = 0
    placed_by_search: int = 0
    unplaced: int = 0
    unknown_articles: int = 0  # prediction lines whose id is not in the gold
    analysis_failures: int = 0  # set by run_eval_quotes when it analysed the gold itself

    def get(self, threshold: float, group: str = "all") -> Counts:
        return self.counts[threshold][group]

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "articles_without_predictions": self.articles_without_predictions,
            "articles_without_predicted_quotes": self.articles_without_predicted_quotes,
            "gold_quotes": self.gold_quotes,
            "predicted_quotes": self.predicted_quotes,
            "placed_by_search": self.placed_by_search,
            "unplaced": self.unplaced,
            "unknown_articles": self.unknown_articles,
            "analysis_failures": self.analysis_failures,
            "thresholds": {
                f"{t:g}": {g: c.to_dict() for g, c in self.counts[t].items()}
                for t in self.thresholds
            },
        }


# -- reading ------------------------------------------------------------------------------


def _spans(value: Any, where: str, what: str) -> tuple[Span, ...]:
    try:
        spans = tuple((int(s), int(e)) for s, e in value)
    except (TypeError, ValueError):
        raise MalformedInput(where, f"{what} is not a list of [start, end] spans") from None
    return tuple(sorted(spans))


def load_gold(path: str | Path, primary_only: bool = True) -> list[GoldArticle]:
    """The gold articles of a file in the ``shared/data/quotes`` format, in file order.

    With ``primary_only`` (the default) only the one ``"primary": true`` annotation per article
    is kept; otherwise every annotation is (several lines may then share a ``doc_id``).
    """
    out: list[GoldArticle] = []
    for where, obj in json_lines(path):
        if not isinstance(obj, dict):
            raise MalformedInput(where, "a gold line must be a JSON object")
        if primary_only and not obj.get("primary", True):
            continue
        doc_id, text = obj.get("doc_id"), obj.get("text")
        if not isinstance(doc_id, str) or not isinstance(text, str):
            raise MalformedInput(where, 'a gold line needs "doc_id" and "text" strings')
        quotes = []
        for i, q in enumerate(obj.get("quotes") or []):
            if not isinstance(q, dict):
                raise MalformedInput(where, f"quote {i} is not an object")
            content = _spans(q.get("content"), where, f"quote {i} content")
            if not content or any(not 0 <= s < e <= len(text) for s, e in content):
                raise MalformedInput(where, f"quote {i} has no content span inside the text")
            typ = q.get("type")
            quotes.append(
                GoldQuote(
                    id=str(q.get("id", i)),
                    content=content,
                    speaker=_spans(q.get("speaker") or [], where, f"quote {i} speaker"),
                    type=typ
                    if typ in TYPES
                    else quote_type(" ".join(text[s:e] for s, e in content)),
                )
            )
        out.append(
            GoldArticle(
                doc_id=doc_id,
                text=text,
                quotes=tuple(quotes),
                annotator=str(obj.get("annotator", "")),
                primary=bool(obj.get("primary", True)),
            )
        )
    return out


def predictions_from_line(obj: Mapping[str, Any]) -> tuple[str, list[PredQuote]] | None:
    """``(article id, quotes)`` of one analysis line; None for an error line or no id."""
    if "error" in obj and "article" not in obj:
        return None
    article = obj.get("article")
    aid = article.get("id") if isinstance(article, Mapping) else obj.get("id")
    if not isinstance(aid, str):
        return None
    quotes = obj.get("quotes") or []
    return aid, [PredQuote.from_dict(q) for q in quotes if isinstance(q, Mapping)]


def load_predictions(path: str | Path) -> dict[str, list[PredQuote]]:
    """Predicted quotes by article id, from ``newsgraph analyze --format jsonl`` output.

    Error lines are skipped (their articles then count as all false negatives); when an id
    appears twice the first line wins.
    """
    return load_prediction_lines(path, predictions_from_line)


# -- placement ----------------------------------------------------------------------------


def _norm_ws(s: str) -> str:
    return " ".join(s.split())


def place(text: str, preds: Sequence[PredQuote]) -> list[tuple[Span | None, bool]]:
    """Where each prediction lies in ``text``: ``(span or None, placed_by_search)``.

    Offsets are kept when the text at them is the prediction's text (whitespace normalised);
    the others are found by searching, in prediction order, taking the first occurrence whose
    span no other prediction holds.
    """
    out: list[tuple[Span | None, bool]] = [(None, False)] * len(preds)
    used: set[Span] = set()
    for i, p in enumerate(preds):
        if p.start is None or p.end is None or not 0 <= p.start <= p.end <= len(text):
            continue
        if p.text is None or _norm_ws(text[p.start : p.end]) == _norm_ws(p.text):
            out[i] = ((p.start, p.end), False)
            used.add((p.start, p.end))
    for i, p in enumerate(preds):
        if out[i][0] is not None or not p.text or not p.text.split():
            continue
        pattern = re.compile(r"\s+".join(re.escape(w) for w in p.text.split()))
        pos = 0
        while (m := pattern.search(text, pos)) is not None:
            span = (m.start(), m.end())
            if span not in used:
                out[i] = (span, True)
                used.add(span)
                break
            pos = m.start() + 1
    return out


# -- scoring ------------------------------------------------------------------------------


def overlap_score(gold: Span, pred: Span) -> float:
    """|gold chars ∩ predicted chars| / |gold chars| (asymmetric: measured against the gold)."""
    length = gold[1] - gold[0]
    if length <= 0:
        return 0.0
    inter = min(gold[1], pred[1]) - max(gold[0], pred[0])
    return max(inter, 0) / length


def match(gold: Sequence[Span], preds: Sequence[Span | None], threshold: float) -> list[int | None]:
    """Greedy one-to-one matching: for each gold span in order, the index of the best-scoring
    unused prediction scoring above ``threshold`` (the earlier one on a tie), or None."""
    used: set[int] = set()
    pairs: list[int | None] = []
    for g in gold:
        best, best_score = None, threshold
        for j, p in enumerate(preds):
            if p is None or j in used:
                continue
            s = overlap_score(g, p)
            if s > best_score:
                best, best_score = j, s
        if best is not None:
            used.add(best)
        pairs.append(best)
    return pairs


def _overlaps(spans: Sequence[Span], span: Span) -> bool:
    return any(min(e, span[1]) - max(s, span[0]) >= 1 for s, e in spans)


def speaker_correct(gold: GoldQuote, pred: PredQuote, rule: str = "variant") -> bool:
    """Whether a matched prediction has the right speaker, by the ``ggt`` or ``variant`` rule."""
    if gold.speaker:
        return pred.speaker_mention is not None and _overlaps(gold.speaker, pred.speaker_mention)
    if rule == "ggt":
        return pred.is_floating_quote
    return pred.speaker_mention is None


def score(
    gold: Sequence[GoldArticle],
    predictions: Mapping[str, Sequence[PredQuote]],
    thresholds: Sequence[float] = DEFAULT_THRESHOLDS,
) -> QuoteScores:
    """Score predicted quotes (by article id) against the gold, at each threshold."""
    ths = tuple(dict.fromkeys(float(t) for t in thresholds))
    acc: dict[float, dict[str, Counts]] = {t: {typ: Counts() for typ in TYPES} for t in ths}
    without_line = without_quotes = n_pred = by_search = unplaced = 0
    for art in gold:
        preds = predictions.get(art.doc_id)
        if preds is None:
            without_line += 1
            preds = ()
        elif not preds:
            without_quotes += 1
        n_pred += len(preds)
        placed = place(art.text, preds)
        by_search += sum(1 for span, searched in placed if span is not None and searched)
        unplaced += sum(1 for span, _ in placed if span is None)
        spans = [span for span, _ in placed]
        own_types = [
            quote_type(p.text if p.text is not None else art.text[s[0] : s[1]] if s else "")
            for p, s in zip(preds, spans, strict=True)
        ]
        gold_spans = [(q.start, q.end) for q in art.quotes]
        for t in ths:
            pairs = match(gold_spans, spans, t)
            counts = acc[t]
            for q, j in zip(art.quotes, pairs, strict=True):
                if j is None:
                    add = Counts(fn=1)
                else:
                    p = preds[j]
                    add = Counts(
                        tp=1,
                        speaker_ggt=int(speaker_correct(q, p, "ggt")),
                        speaker_variant=int(speaker_correct(q, p, "variant")),
                    )
                counts[q.type] = counts[q.type] + add
            matched = {j for j in pairs if j is not None}
            for j, typ in enumerate(own_types):
                if j not in matched:
                    counts[typ] = counts[typ] + Counts(fp=1)
    final: dict[float, dict[str, Counts]] = {}
    for t in ths:
        c = acc[t]
        final[t] = {
            "all": c["direct"] + c["mixed"] + c["indirect"],
            "direct": c["direct"],
            "mixed": c["mixed"],
            "indirect": c["indirect"],
            "direct+mixed": c["direct"] + c["mixed"],
        }
    ids = {a.doc_id for a in gold}
    return QuoteScores(
        thresholds=ths,
        counts=final,
        articles=len(gold),
        articles_without_predictions=without_line,
        articles_without_predicted_quotes=without_quotes,
        gold_quotes=sum(len(a.quotes) for a in gold),
        predicted_quotes=n_pred,
        placed_by_search=by_search,
        unplaced=unplaced,
        unknown_articles=sum(1 for k in predictions if k not in ids),
    )


# -- report -------------------------------------------------------------------------------


def format_report(scores: QuoteScores) -> str:
    """A readable table per threshold: counts, P/R/F1, speaker accuracy, end-to-end F1 (in %)."""
    s = scores
    lines = [
        f"{s.articles} gold articles, {s.gold_quotes} gold quotes; {s.predicted_quotes} predicted "
        f"quotes ({s.placed_by_search} placed by text search, {s.unplaced} unplaceable)",
        f"articles without a prediction line: {s.articles_without_predictions}; "
        f"with no predicted quote: {s.articles_without_predicted_quotes}"
        + (f"; analysis failures: {s.analysis_failures}" if s.analysis_failures else "")
        + (
            f"; prediction lines not in the gold: {s.unknown_articles}"
            if s.unknown_articles
            else ""
        ),
    ]
    header = (
        "type",
        "gold",
        "pred",
        "TP",
        "FP",
        "FN",
        "P",
        "R",
        "F1",
        "spk GGT",
        "spk var",
        "e2e F1",
    )
    for t in s.thresholds:
        rows = [header]
        for g in GROUPS:
            c = s.counts[t][g]
            rows.append(
                (
                    g,
                    str(c.gold),
                    str(c.predicted),
                    str(c.tp),
                    str(c.fp),
                    str(c.fn),
                    pct(c.precision),
                    pct(c.recall),
                    pct(c.f1),
                    pct(c.speaker_accuracy_ggt),
                    pct(c.speaker_accuracy_variant),
                    pct(c.e2e_f1),
                )
            )
        widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
        lines.append("")
        lines.append(f"overlap > {t:g}")
        for n, r in enumerate(rows):
            cells = [r[0].ljust(widths[0])] + [
                v.rjust(w) for v, w in zip(r[1:], widths[1:], strict=True)
            ]
            lines.append("  ".join(cells).rstrip())
            if n == 0:
                lines.append("  ".join("-" * w for w in widths))
    lines += [
        "",
        "P/R/F1 micro-averaged over articles, in %. spk: speaker accuracy on matched pairs; a gold",
        "quote without speaker needs is_floating_quote (GGT) or no predicted speaker (var).",
        "e2e F1: a true positive also needs the right speaker (var rule).",
    ]
    return "\n".join(lines) + "\n"


# -- running ------------------------------------------------------------------------------


def run_eval_quotes(
    gold_path: str | Path,
    pred_path: str | Path | None = None,
    settings: Settings | None = None,
    *,
    thresholds: Sequence[float] = DEFAULT_THRESHOLDS,
    on_failure: Callable[[Failure], None] | None = None,
) -> QuoteScores:
    """Score a predictions file against the gold, or, without one, analyse every primary gold
    article with :class:`newsgraph.pipeline.Analyzer` (offsets index the gold text as given)
    and score that. Articles that fail analysis count as all false negatives."""
    gold = load_gold(gold_path)
    if pred_path is not None:
        return score(gold, load_predictions(pred_path), thresholds)

    from newsgraph.ingest.sources import Source

    first: dict[str, GoldArticle] = {}
    for a in gold:  # with every annotation loaded, an article is analysed once
        first.setdefault(a.doc_id, a)
    items = [(d, Source(name=d, text=a.text, meta={"id": d})) for d, a in first.items()]
    predictions, failures = analyse_gold(items, predictions_from_line, settings, on_failure)
    return replace(score(gold, predictions, thresholds), analysis_failures=failures)
