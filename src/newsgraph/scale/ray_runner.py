"""The Ray runner: ``Analyzer.run``'s contract with the NLP step in a Ray Data actor pool.

The main process reads, prepares and passes over stored articles (as the other runners do),
then, one window of articles at a time: a dataset of the prepared articles (``seq``, pickled
``Prepared``) -> ``map_batches`` with an actor class that holds the analyzer (the spaCy model
is loaded once per actor and window) and calls the pure
:func:`newsgraph.pipeline.analyze_batch` -> each actor writes its block's rows
(:mod:`newsgraph.scale.rows`: the analysis as JSON, or the failure) as one Parquet partition
and returns the partition's path. The main process streams those paths as blocks finish,
reads each partition, puts the rows back in input order by ``seq`` and hands them to the
store in batch transactions while the actors go on, so the records are the same as a
one-process run's and storing overlaps the analysis.

``address``: ``"local"`` starts a Ray instance in this process with ``workers`` CPUs; anything
else (``"auto"``, ``"ray://head:10001"``) joins that cluster. On a cluster the Parquet folder
(``ray_output``) must be a folder the cluster's nodes and this machine all reach (NFS).
"""

from __future__ import annotations

import logging
import os
import pickle
import queue
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

from newsgraph.errors import SettingsError
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
from newsgraph.scale.pool import task_size
from newsgraph.scale.rows import COLUMNS, from_row, to_row
from newsgraph.settings import Settings
from newsgraph.types import Analysis, Failure

INSTALL_HINT = "Ray is not installed: pip install 'newsgraph[ray]'"
# prepared articles per Ray dataset: the model is loaded once per actor and dataset, so a
# window should be long; results are stored as they come (nothing is redone after a kill) and
# the prepared articles of two windows are held (the one analysed, the next being planned)
WINDOW_ARTICLES = 2048


def _quiet_ray_data() -> None:
    """Ray Data's notes (each dataset started and finished, progress bars off) go to its log
    file in the Ray session folder only; the terminal shows its errors (all with
    ``NEWSGRAPH_DEBUG=1``)."""
    if os.environ.get("NEWSGRAPH_DEBUG"):
        return
    from ray.data._internal.logging import SessionFileHandler

    for handler in logging.getLogger("ray.data").handlers:
        if not isinstance(handler, SessionFileHandler):
            handler.setLevel(logging.ERROR)


class AnalyzeRows:
    """The Ray Data actor: one analyzer (one spaCy model) per actor, for all its batches."""

    def __init__(self, settings: Settings, folder: str) -> None:
        self.settings = settings
        self.folder = folder
        _ = _default_analyzer(settings).nlp

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa
        import pyarrow.parquet as pq

        seqs = batch.column("seq").to_pylist()
        prepared = [pickle.loads(b) for b in batch.column("prepared").to_pylist()]
        rows = [
            to_row(s, r) for s, r in zip(seqs, analyze_batch(prepared, self.settings), strict=True)
        ]
        path = f"{self.folder}/part-{seqs[0]:08d}.parquet"
        pq.write_table(pa.table({c: [r[c] for r in rows] for c in COLUMNS}), path)
        return pa.table({"path": [path], "rows": [len(rows)]})


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
        if self._temporary:
            parent = Path(self.settings.db).resolve().parent
            self._folder = Path(tempfile.mkdtemp(prefix=".newsgraph-ray-", dir=parent))
        else:
            stamp = time.strftime("%Y%m%d-%H%M%S")
            self._folder = Path(self.settings.ray_output) / f"run-{stamp}-{id(self):x}"
        return self

    def _connect(self) -> None:
        """Start the local Ray instance or join the cluster (once; in the main thread, which
        Ray requires: its processes die with the thread that started them)."""
        import ray

        if not ray.is_initialized():
            self._init()
        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = False
        ctx.print_on_execution_start = False
        _quiet_ray_data()

    def _init(self) -> None:
        import ray

        try:
            if self.address == "local":
                ray.init(
                    address="local",  # a new instance, even when one runs on this machine
                    num_cpus=self.workers,
                    include_dashboard=False,
                    logging_level=logging.ERROR,  # not "token authentication is enabled"
                    log_to_driver=False,
                )
            else:
                ray.init(address=self.address, logging_level=logging.WARNING)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            where = "a local Ray instance" if self.address == "local" else self.address
            raise SettingsError(f"--ray: could not start or reach {where}: {exc}") from None
        self._started_ray = True

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
        input_batches = batches(items, self.settings.batch_size)

        window: list[Plan] = []
        ended = False

        def plan_ahead() -> bool:
            """Plan one more batch of the next window; False when it is full or input ended."""
            nonlocal ended
            if ended or sum(len(b) for _s, b in window) >= WINDOW_ARTICLES:
                return False
            batch = next(input_batches, None)
            if batch is None:
                ended = True
                return False
            window.append(self.analyzer.plan_batch(batch, known))
            return True

        # the first window is planned while Ray starts (which takes seconds)
        stop = threading.Event()
        failed: list[BaseException] = []

        def plan_first() -> None:
            try:
                while not stop.is_set() and plan_ahead():
                    pass
            except BaseException as exc:  # handed to the main thread
                failed.append(exc)

        planner = threading.Thread(target=plan_first, daemon=True)
        planner.start()
        try:
            self._connect()
            planner.join()
        except BaseException:  # Ctrl-C too: the planner stops after its batch, and the
            stop.set()  # store is used by one thread again before this returns
            planner.join()
            raise
        if failed:
            raise failed[0]
        while plan_ahead():  # Ray started first
            pass
        while window:
            current, window = window, []
            todo = [p for _slots, batch in current for p in batch]
            # the next window is planned while this one is analysed (``take`` calls
            # plan_ahead while it waits), so the actors wait only for the first window
            with _Stream(self, todo) as stream:
                for slots, batch in current:
                    yield from merge_batch(slots, stream.take(len(batch), plan_ahead))
            while plan_ahead():
                pass

    def _start(self, todo: list[Prepared]) -> Any:
        """The Ray dataset that analyses ``todo``: one Parquet partition path per block."""
        import ray.data

        assert self._folder is not None
        out = self._folder / f"window-{self._windows:05d}"
        out.mkdir(parents=True, exist_ok=True)
        self._windows += 1
        chunk = task_size(self.settings, self.workers)
        rows = [{"seq": i, "prepared": pickle.dumps(p)} for i, p in enumerate(todo)]
        source = ray.data.from_items(rows, override_num_blocks=max(1, -(-len(rows) // chunk)))
        return source.map_batches(
            AnalyzeRows,
            fn_constructor_kwargs={"settings": self.settings, "folder": str(out.resolve())},
            batch_size=chunk,
            batch_format="pyarrow",
            # one task at a time per actor: queued blocks would wait behind a busy actor while
            # another one idles at the end of a window
            compute=ray.data.ActorPoolStrategy(size=self.workers, max_tasks_in_flight_per_actor=1),
            num_cpus=1,
        )


Plan = tuple[list[Result | Prepared], list[Prepared]]


class _Stream:
    """One window's analyses, in input order, read by a thread as the actors finish blocks.

    The thread iterates the dataset, reads each Parquet partition and queues the rows in
    ``seq`` order; ``take`` hands them over and, while none is ready, does the caller's work
    in between (planning the next window), so the main thread never touches Ray's iterator
    and the store is only ever used from the main thread.
    """

    def __init__(self, runner: RayAnalyzer, todo: list[Prepared]) -> None:
        self.total = len(todo)
        self.taken = 0
        self.rows: queue.Queue[tuple[str, Any]] = queue.Queue()
        self.thread: threading.Thread | None = None
        if todo:
            ds = runner._start(todo)
            self.thread = threading.Thread(target=self._read, args=(ds,), daemon=True)
            self.thread.start()

    def _read(self, ds: Any) -> None:
        import pyarrow.parquet as pq

        try:
            arrived: dict[int, dict[str, Any]] = {}
            nxt = 0
            for part in ds.iter_batches(batch_size=None, batch_format="pyarrow"):
                for path in part.column("path").to_pylist():
                    for row in pq.read_table(path).to_pylist():
                        arrived[row["seq"]] = row
                while nxt in arrived:
                    self.rows.put(("row", arrived.pop(nxt)))
                    nxt += 1
            if nxt != self.total or arrived:
                raise RuntimeError("the Parquet rows do not match the articles sent")
            self.rows.put(("end", None))
        except BaseException as exc:  # handed to the main thread
            self.rows.put(("error", exc))

    def take(self, n: int, meanwhile: Callable[[], bool]) -> list[Analysis | Failure]:
        """The next ``n`` analyses; ``meanwhile()`` is called while waiting, until False."""
        out: list[Analysis | Failure] = []
        busy = True
        while len(out) < n:
            try:
                kind, value = self.rows.get_nowait()
            except queue.Empty:
                if busy:
                    busy = meanwhile()
                    continue
                kind, value = self.rows.get()
            if kind == "error":
                raise value
            if kind == "end":
                raise RuntimeError("the Ray runner returned fewer rows than articles sent")
            out.append(from_row(value))
        self.taken += n
        return out

    def __enter__(self) -> _Stream:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        if self.thread is None or exc_type is not None:
            return  # an error or Ctrl-C: Ray's shutdown ends the dataset and the thread
        kind, value = self.rows.get()
        if kind == "error":
            raise value
        if kind != "end" or self.taken != self.total:
            raise RuntimeError("the Ray runner returned more rows than articles sent")
        self.thread.join()
