"""The Ray runner: ``Analyzer.run``'s contract with the NLP step in a Ray Data actor pool.

The main process reads, prepares and passes over stored articles (as the other runners do),
then, one window of articles at a time: a dataset of the prepared articles (``seq``, pickled
``Prepared``) -> ``map_batches`` with an actor class that holds the analyzer (the spaCy model
is loaded once per actor) and calls the pure :func:`newsgraph.pipeline.analyze_batch` -> rows
(:mod:`newsgraph.scale.rows`: the analysis as JSON, or the failure) -> Parquet files in a
folder -> read back, put in input order by ``seq`` and handed to the store in batch
transactions, so the records are the same as a one-process run's.

``address``: ``"local"`` starts a Ray instance in this process with ``workers`` CPUs; anything
else (``"auto"``, ``"ray://head:10001"``) joins that cluster. On a cluster the Parquet folder
(``ray_output``) must be one the cluster's nodes and this machine both reach (NFS, s3://...).
"""

from __future__ import annotations

import logging
import pickle
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

from newsgraph.errors import SettingsError
from newsgraph.ingest.sources import Source
from newsgraph.pipeline import (
    Analyzer,
    Prepared,
    Result,
    _default_analyzer,
    analyze_batch,
    merge_batch,
)
from newsgraph.scale.pool import task_size
from newsgraph.scale.rows import COLUMNS, from_row, to_row
from newsgraph.settings import Settings
from newsgraph.types import Analysis, Failure

Known = Callable[[list[str]], set[str]]
INSTALL_HINT = "Ray is not installed: pip install 'newsgraph[ray]'"
# batches of the store per Ray dataset: the model is loaded once per actor and dataset, so a
# window should be long; a killed run redoes at most one window
WINDOW_BATCHES = 16


class AnalyzeRows:
    """The Ray Data actor: one analyzer (one spaCy model) per actor, for all its batches."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        _ = _default_analyzer(settings).nlp

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        seqs = batch.column("seq").to_pylist()
        prepared = [pickle.loads(b) for b in batch.column("prepared").to_pylist()]
        rows = [
            to_row(s, r) for s, r in zip(seqs, analyze_batch(prepared, self.settings), strict=True)
        ]
        return pa.table({c: [r[c] for r in rows] for c in COLUMNS})


class RayAnalyzer:
    """Use as a context manager; ``run(items, known)`` yields what ``Analyzer.run`` yields."""

    def __init__(
        self,
        settings: Settings,
        workers: int,
        address: str = "local",
        analyzer: Analyzer | None = None,
    ) -> None:
        try:
            import ray
            import ray.data  # noqa: F401
        except ImportError:
            raise SettingsError(INSTALL_HINT) from None
        self.settings = settings
        self.workers = max(1, workers)
        self.address = address or "local"
        self.analyzer = analyzer or Analyzer(settings)
        self._started_ray = False
        self._folder: Path | None = None
        self._temporary = not settings.ray_output
        self._windows = 0

    def __enter__(self) -> RayAnalyzer:
        import ray

        if not ray.is_initialized():
            if self.address == "local":
                ray.init(
                    num_cpus=self.workers,
                    include_dashboard=False,
                    logging_level=logging.WARNING,
                    log_to_driver=False,
                )
            else:
                ray.init(address=self.address, logging_level=logging.WARNING)
            self._started_ray = True
        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = False
        ctx.print_on_execution_start = False
        if self._temporary:
            parent = Path(self.settings.db).resolve().parent
            self._folder = Path(tempfile.mkdtemp(prefix=".newsgraph-ray-", dir=parent))
        else:
            stamp = time.strftime("%Y%m%d-%H%M%S")
            self._folder = Path(self.settings.ray_output) / f"run-{stamp}-{id(self):x}"
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._temporary and self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
        if self._started_ray:
            import ray

            ray.shutdown()

    @property
    def folder(self) -> Path | None:
        """Where this run's Parquet windows go (``window-NNNNN/`` each)."""
        return self._folder

    def run(
        self, items: Iterable[Source | Failure], known: Known | None = None
    ) -> Iterator[Result]:
        size = self.settings.batch_size
        window: list[tuple[list[Result | Prepared], list[Prepared]]] = []
        pending: list[Source | Failure] = []
        for item in items:
            pending.append(item)
            if sum(isinstance(p, Source) for p in pending) >= size:
                window.append(self.analyzer.plan_batch(pending, known))
                pending = []
                if len(window) >= WINDOW_BATCHES:
                    yield from self._run_window(window)
                    window = []
        if pending:
            window.append(self.analyzer.plan_batch(pending, known))
        yield from self._run_window(window)

    def _run_window(
        self, window: list[tuple[list[Result | Prepared], list[Prepared]]]
    ) -> Iterator[Result]:
        todo = [p for _slots, batch in window for p in batch]
        results = self._analyze(todo) if todo else []
        done = iter(results)
        for slots, batch in window:
            yield from merge_batch(slots, [next(done) for _ in batch])

    def _analyze(self, todo: list[Prepared]) -> list[Analysis | Failure]:
        import pyarrow.parquet as pq
        import ray.data

        assert self._folder is not None
        out = self._folder / f"window-{self._windows:05d}"
        self._windows += 1
        chunk = task_size(self.settings, self.workers)
        rows = [{"seq": i, "prepared": pickle.dumps(p)} for i, p in enumerate(todo)]
        source = ray.data.from_items(rows, override_num_blocks=max(1, -(-len(rows) // chunk)))
        ds = source.map_batches(
            AnalyzeRows,
            fn_constructor_kwargs={"settings": self.settings},
            batch_size=chunk,
            batch_format="pyarrow",
            compute=ray.data.ActorPoolStrategy(size=self.workers),
            num_cpus=1,
        )
        ds.write_parquet(str(out))
        table = pq.read_table(str(out)).sort_by("seq")
        found = table.to_pylist()
        if [r["seq"] for r in found] != list(range(len(todo))):
            raise RuntimeError(f"{out}: the Parquet rows do not match the articles sent")
        return [from_row(r) for r in found]
