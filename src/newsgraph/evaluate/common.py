"""What the scorers share: reading JSON lines, ratios, and analysing a gold set in-process."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from newsgraph.errors import InputError, MalformedInput

if TYPE_CHECKING:
    from newsgraph.ingest.sources import Source
    from newsgraph.settings import Settings
    from newsgraph.types import Failure

T = TypeVar("T")
# Reads one ``analyze --format jsonl`` line: (article id, its predicted records) or None.
LineParser = Callable[[Mapping[str, Any]], "tuple[str, list[T]] | None"]


def json_lines(path: str | Path) -> Iterator[tuple[str, Any]]:
    """``(where, object)`` for each non-blank line; errors name the file and line."""
    p = Path(path)
    try:
        fh = p.open(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(str(p), "no such file") from None
    except OSError as exc:
        raise InputError(str(p), f"cannot read: {exc.strerror or exc}") from None
    with fh:
        try:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                where = f"{p}:{n}"
                try:
                    yield where, json.loads(line)
                except json.JSONDecodeError as exc:
                    raise MalformedInput(where, f"invalid JSON ({exc.msg})") from None
        except UnicodeDecodeError:
            raise MalformedInput(str(p), "not UTF-8") from None


def load_prediction_lines(path: str | Path, parse: LineParser[T]) -> dict[str, list[T]]:
    """Predicted records by article id; error lines are skipped and the first line of an id
    wins."""
    out: dict[str, list[T]] = {}
    for where, obj in json_lines(path):
        if not isinstance(obj, dict):
            raise MalformedInput(where, "a prediction line must be a JSON object")
        got = parse(obj)
        if got is not None and got[0] not in out:
            out[got[0]] = got[1]
    return out


def analyse_gold(
    items: Sequence[tuple[str, Source]],
    parse: LineParser[T],
    settings: Settings | None,
    on_failure: Callable[[Failure], None] | None = None,
) -> tuple[dict[str, list[T]], int]:
    """Analyse each ``(gold id, source)`` with the pipeline; returns the predictions by gold id
    and how many sources failed (those count as predicting nothing)."""
    from newsgraph.pipeline import Analyzer
    from newsgraph.types import Analysis, Failure

    predictions: dict[str, list[T]] = {}
    failures = 0
    results = Analyzer(settings).run(src for _, src in items)
    for (gold_id, _), result in zip(items, results, strict=True):
        if isinstance(result, Analysis):
            got = parse(result.to_dict())
            predictions[gold_id] = got[1] if got else []
        else:  # a Failure, or Skipped (impossible with distinct ids): nothing predicted
            failures += 1
            if isinstance(result, Failure) and on_failure is not None:
                on_failure(result)
    return predictions, failures


def ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def pct(x: float) -> str:
    return f"{100 * x:.1f}"


@dataclass(frozen=True, slots=True)
class PRF:
    """True positives, false positives, false negatives, and what follows from them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def gold(self) -> int:
        return self.tp + self.fn

    @property
    def predicted(self) -> int:
        return self.tp + self.fp

    @property
    def precision(self) -> float:
        return ratio(self.tp, self.predicted)

    @property
    def recall(self) -> float:
        return ratio(self.tp, self.gold)

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)

    def prf_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }
