"""The process pool runner: ``Analyzer.run``'s contract with the NLP step in worker processes.

The main process reads the sources, prepares them (ingest and cleaning give the article id) and
passes over the stored ones *before* anything goes to a worker, exactly as the one-process path
does; each worker loads the spaCy model once (in its initializer) and runs the pure
:func:`newsgraph.pipeline.analyze_batch`. Results come back in input order (a bounded queue of
futures, read oldest first), so the store writes them in the same batches, in the same order,
with the same ids as a one-process run.

Workers are started with ``spawn`` (no inherited DuckDB connection or threads), ignore Ctrl-C
(the main process decides: it keeps what was analysed and stops them) and exit by themselves
when the main process dies (``kill -9``), so a killed run leaves no orphans behind.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType

from newsgraph.errors import NewsgraphError
from newsgraph.ingest.sources import Source
from newsgraph.pipeline import (
    Analyzer,
    Known,
    Prepared,
    Result,
    _default_analyzer,
    analyze_batch,
    batches,
    merge_batch,
)
from newsgraph.settings import Settings
from newsgraph.types import Analysis, Failure

THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


class WorkerError(NewsgraphError):
    """The worker processes died (killed, out of memory)."""


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:  # the main process is gone (kill -9): do not linger
            os._exit(1)


def _init_worker(settings: Settings, parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    _ = _default_analyzer(settings).nlp  # load the model once, before the first batch


def task_size(settings: Settings, workers: int) -> int:
    """Articles per task: a batch split over the workers, so that one batch keeps all busy."""
    return max(1, -(-settings.batch_size // workers))


class PoolAnalyzer:
    """Use as a context manager; ``run(items, known)`` yields what ``Analyzer.run`` yields."""

    def __init__(self, settings: Settings, workers: int, analyzer: Analyzer | None = None):
        self.settings = settings
        self.workers = max(1, workers)
        self.analyzer = analyzer or Analyzer(settings)
        self._executor: ProcessPoolExecutor | None = None
        self._finished = False

    def __enter__(self) -> PoolAnalyzer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close(stop=exc_type is not None or not self._finished)

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            # One thread per worker for OpenMP/BLAS: N workers that each start a thread per core
            # fight over the cores (measured: a 2-worker pool no faster than one process). The
            # workers inherit this environment; the user's own values win.
            for var in THREAD_VARS:
                os.environ.setdefault(var, "1")
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker,
                initargs=(self.settings, os.getpid()),
            )
        return self._executor

    def close(self, stop: bool = False) -> None:
        """Shut the workers down; ``stop`` ends them now (Ctrl-C), dropping their work."""
        ex, self._executor = self._executor, None
        if ex is None:
            return
        if not stop:
            ex.shutdown(wait=True)
            return
        procs = list(getattr(ex, "_processes", {}).values())
        ex.shutdown(wait=False, cancel_futures=True)
        for p in procs:
            if p.is_alive():
                p.terminate()
        for p in procs:
            p.join(timeout=5)

    def run(
        self, items: Iterable[Source | Failure], known: Known | None = None
    ) -> Iterator[Result]:
        size = self.settings.batch_size
        chunk = task_size(self.settings, self.workers)
        ahead = 2 * self.workers  # tasks in flight: every worker busy, one more queued each
        queue: deque[tuple[list[Result | Prepared], list[Future[list[Analysis | Failure]]]]]
        queue = deque()
        in_flight = 0
        started = False

        def drain(keep: int) -> Iterator[Result]:
            nonlocal in_flight
            while queue and (in_flight > keep or not queue[0][1]):
                slots, futures = queue.popleft()
                in_flight -= len(futures)
                done: list[Analysis | Failure] = []
                for f in futures:
                    done.extend(self._result(f))
                yield from merge_batch(slots, done)

        for batch in batches(items, size):
            if not started and sum(isinstance(p, Source) for p in batch) < size:
                # a single short batch (only the last may be short): not worth starting
                # processes for
                slots, todo = self.analyzer.plan_batch(batch, known)
                yield from merge_batch(slots, self.analyzer._analyze_batch(todo))
                continue
            slots, todo = self.analyzer.plan_batch(batch, known)
            futures = [
                self._pool().submit(analyze_batch, todo[i : i + chunk], self.settings)
                for i in range(0, len(todo), chunk)
            ]
            started = started or bool(futures)
            in_flight += len(futures)
            queue.append((slots, futures))
            yield from drain(ahead)
        yield from drain(0)
        self._finished = True

    def _result(self, f: Future[list[Analysis | Failure]]) -> list[Analysis | Failure]:
        try:
            return f.result()
        except BrokenProcessPool as exc:
            raise WorkerError(f"the worker processes stopped: {exc}") from exc
