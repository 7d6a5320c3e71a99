"""The local ingest runner: sources -> analyzer -> store, with progress and resumption.

Resumption needs no bookkeeping of its own: articles are written in whole-batch transactions
and skipped by id before any NLP, so a run that was interrupted (Ctrl-C, ``kill -9``, a crash)
is resumed by running the same command again.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from newsgraph.errors import StoreError
from newsgraph.ingest.sources import JSONL_SUFFIXES, SIDECAR_SUFFIX, InputOptions, iter_sources
from newsgraph.pipeline import EXTRACTORS, Analyzer, Skipped
from newsgraph.settings import Settings
from newsgraph.store.db import open_store
from newsgraph.types import Analysis, Failure


@dataclass(slots=True)
class IngestSummary:
    stored: int = 0
    skipped: int = 0
    failed: int = 0
    older: int = 0  # feed items published before --since, not read
    seconds: float = 0.0
    interrupted: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)


def estimate_total(inputs: Iterable[str]) -> int | None:
    """How many articles the inputs hold, cheaply (lines of JSONL files, files of folders).

    None when that cannot be known without reading them: URLs, feeds and WARC archives (the
    progress bar then shows the count and the rate only).
    """
    from newsgraph.ingest.feeds import is_feed_file, is_url
    from newsgraph.ingest.warc import is_warc_name

    total = 0
    for p in inputs:
        if p == "-":
            total += 1
            continue
        if is_url(p):
            return None
        path = Path(p)
        files = [f for f in path.rglob("*") if f.is_file()] if path.is_dir() else [path]
        for f in files:
            if f.name.endswith(SIDECAR_SUFFIX):
                continue
            if is_warc_name(f) or is_feed_file(f):
                return None
            if f.suffix.lower() in JSONL_SUFFIXES:
                try:
                    with f.open("rb") as fh:
                        total += sum(1 for line in fh if line.strip())
                except OSError:
                    total += 1
            else:
                total += 1
    return total or None


def run_ingest(
    inputs: Iterable[str],
    settings: Settings,
    *,
    progress: bool = True,
    on_failure: Callable[[Failure], None] | None = None,
    command: str = "ingest",
    analyzer: Analyzer | None = None,
    since: date | None = None,
    workers: int | None = None,
    ray: str | None = None,
) -> IngestSummary:
    """Ingest every input into the store named by ``settings.db``.

    ``since``: feed items published before this day are skipped (not fetched).
    ``workers``: processes for the NLP step (default: the ``workers`` setting, or 1 when an
    ``analyzer`` is given; 1 runs all in this process). ``ray``: run the NLP step with Ray Data
    instead, on a local Ray instance (``"local"``) or the cluster at this address (``"auto"``,
    ``"ray://host:10001"``).
    Every runner writes the same records: results are written in input order.
    """
    inputs = list(inputs)
    summary = IngestSummary()
    if workers is None and analyzer is not None:
        workers = 1  # a caller's own analyzer (its own run()) is used as it is, in this process
    analyzer = analyzer or Analyzer(settings)
    n = settings.worker_count if workers is None or workers < 1 else workers
    runner: contextlib.AbstractContextManager[Any]
    if ray is not None:
        from newsgraph.scale.ray_runner import RayAnalyzer

        runner = RayAnalyzer(settings, n, address=ray, analyzer=analyzer)
    elif n > 1:
        from newsgraph.scale.pool import PoolAnalyzer

        runner = PoolAnalyzer(settings, n, analyzer=analyzer)
    else:
        runner = contextlib.nullcontext(analyzer)
    started = time.perf_counter()
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=estimate_total(inputs), unit="article", desc="ingest", dynamic_ncols=True)
    with open_store(settings.db) as store:
        run_id = store.start_run(command)
        pending: list[Analysis] = []

        def fail(failure: Failure) -> None:
            summary.failed += 1
            summary.failures.append(failure)
            store.record_failures([failure], run_id)
            if on_failure:
                on_failure(failure)

        def flush() -> None:
            if not pending:
                return
            try:
                summary.stored += store.write(pending, EXTRACTORS)
            except StoreError:
                # One article the database refuses must not cost its batch: write them one by
                # one and record the one that fails.
                for a in pending:
                    try:
                        summary.stored += store.write([a], EXTRACTORS)
                    except StoreError as exc:
                        fail(Failure(a.article.input_name, f"could not be stored: {exc}", "store"))
            pending.clear()

        def passed_over(_name: str, why: str) -> None:
            # feed items not even fetched: already stored, or older than ``since``
            if why == "older":
                summary.older += 1
            else:
                summary.skipped += 1
            if bar is not None:
                bar.update(1)

        options = InputOptions(known=store.known_ids, since=since, on_skip=passed_over)
        try:
            with runner as run:
                for result in run.run(
                    iter_sources(inputs, settings, options), known=store.known_ids
                ):
                    if isinstance(result, Analysis):
                        pending.append(result)
                        if len(pending) >= settings.batch_size:
                            flush()
                    elif isinstance(result, Skipped):
                        summary.skipped += 1
                    else:
                        fail(result)
                    if bar is not None:
                        bar.update(1)
            flush()
        except KeyboardInterrupt:
            # What was analysed completely is kept; the batch in flight in spaCy is not.
            flush()
            summary.interrupted = True
        finally:
            if bar is not None:
                bar.close()
        summary.seconds = time.perf_counter() - started
        store.finish_run(run_id, summary.stored, summary.skipped, summary.failed)
        if summary.stored or not store.has_search_index():
            store.refresh_search_index()  # a full-text index does not follow inserts
        summary.counts = store.counts()
    return summary
