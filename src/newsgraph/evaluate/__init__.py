"""Scorers that measure newsgraph against gold data kept outside the repository.

``quotes``: quotes and speakers against attribution gold (the GenderGapTracker protocol).
These are plain functions over plain records; only :func:`quotes.run_eval_quotes` loads the
model, and only when it is not given a predictions file.
"""

from __future__ import annotations

from newsgraph.evaluate.quotes import (
    DEFAULT_THRESHOLDS,
    Counts,
    GoldArticle,
    GoldQuote,
    PredQuote,
    QuoteScores,
    format_report,
    load_gold,
    load_predictions,
    quote_type,
    run_eval_quotes,
    score,
)

__all__ = [
    "DEFAULT_THRESHOLDS",
    "Counts",
    "GoldArticle",
    "GoldQuote",
    "PredQuote",
    "QuoteScores",
    "format_report",
    "load_gold",
    "load_predictions",
    "quote_type",
    "run_eval_quotes",
    "score",
]
