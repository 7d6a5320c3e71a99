"""The DuckDB store: the only writer of the database.

Writes go in batches, one transaction per batch: every article of a batch is stored whole or not
at all, so a crash (even ``kill -9``) never leaves half an article, and a re-run skips what is
already there by id.

Rows are written as literal ``VALUES`` lists rather than bound parameters: DuckDB's Python
binding spends about a millisecond per bound row, which at ~150 rows an article cost more than a
quarter of the NLP time; literals built by :func:`sql_literal` (quotes doubled, nothing else
interpreted) are an order of magnitude faster.
"""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

from newsgraph.errors import StoreError
from newsgraph.store.merge import write_actors, write_events
from newsgraph.store.migrations import COUNTED_TABLES, migrate
from newsgraph.store.stories import assign_stories
from newsgraph.types import Analysis, Failure, Mention


def sql_literal(value: Any) -> str:
    """A Python value as a DuckDB SQL literal."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else f"'{value}'::DOUBLE"
    if isinstance(value, list | tuple):
        return (
            "[" + ", ".join(sql_literal(v) for v in value) + "]::VARCHAR[]"
            if value
            else "[]::VARCHAR[]"
        )
    if isinstance(value, date | datetime):
        return f"'{value.isoformat()}'"
    s = "'" + str(value).replace("'", "''") + "'"
    # A NUL cannot stand inside a SQL string literal; spliced in, it keeps offsets exact.
    return s.replace("\x00", "' || chr(0) || '") if "\x00" in s else s


def _insert(
    con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    if not rows:
        return
    cols = ", ".join(f'"{c}"' for c in columns)
    # Chunks keep one statement's text to a few MB whatever the batch holds.
    for i in range(0, len(rows), 2000):
        values = ",".join(
            "(" + ",".join(sql_literal(v) for v in row) + ")" for row in rows[i : i + 2000]
        )
        con.execute(f"INSERT INTO {table} ({cols}) VALUES {values}")


class Store:
    """An open newsgraph database. Use as a context manager, or call :meth:`close`."""

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = str(path)
        if read_only and not Path(self.path).exists():
            raise StoreError(f"{self.path}: no such database (run `newsgraph ingest` first)")
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: cannot open the database: {exc}") from None
        self._fts: bool | None = None
        if not read_only:
            migrate(self.con)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    # -- writes ---------------------------------------------------------------------------

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` are already stored."""
        ids = list(ids)
        if not ids:
            return set()
        values = ",".join(sql_literal(i) for i in ids)
        rows = self.con.execute(f"SELECT id FROM articles WHERE id IN ({values})").fetchall()
        return {r[0] for r in rows}

    def write(self, analyses: Sequence[Analysis], extractors: Sequence[str] = ()) -> int:
        """Store analyses in one transaction; articles already stored are left as they are.

        Returns how many articles were written.
        """
        fresh = self.known_ids(a.article.id for a in analyses)
        todo: dict[str, Analysis] = {}
        for a in analyses:
            if a.article.id not in fresh:
                todo.setdefault(a.article.id, a)
        if not todo:
            return 0
        rows = _rows(list(todo.values()), list(extractors))
        self.con.execute("BEGIN TRANSACTION")
        try:
            for table, table_rows in rows.items():
                _insert(self.con, table, COLUMNS[table], table_rows)
            assign_stories(self.con, list(todo.values()), _insert)
            write_events(self.con, list(todo.values()), _insert)
            write_actors(self.con, list(todo.values()), _insert)
            names = ",".join(sql_literal(a.article.input_name) for a in todo.values())
            self.con.execute(f"DELETE FROM failures WHERE input IN ({names})")
            self.con.execute("COMMIT")
        except Exception as exc:
            self.con.execute("ROLLBACK")
            raise StoreError(f"{self.path}: writing {len(todo)} articles failed: {exc}") from exc
        return len(todo)

    def record_failures(self, failures: Sequence[Failure], run_id: str | None = None) -> None:
        for f in failures:
            self.con.execute(
                """
                INSERT INTO failures (input, stage, reason, run_id) VALUES (?, ?, ?, ?)
                ON CONFLICT (input) DO UPDATE SET stage = excluded.stage,
                    reason = excluded.reason, run_id = excluded.run_id,
                    attempts = failures.attempts + 1, last_seen = now()
                """,
                [f.input_name, f.stage, f.reason, run_id],
            )

    def start_run(self, command: str) -> str:
        run_id = uuid.uuid4().hex[:12]
        self.con.execute("INSERT INTO runs (id, command) VALUES (?, ?)", [run_id, command])
        return run_id

    def finish_run(self, run_id: str, stored: int, skipped: int, failed: int) -> None:
        self.con.execute(
            "UPDATE runs SET finished_at = current_timestamp, stored = ?, skipped = ?, failed = ? "
            "WHERE id = ?",
            [stored, skipped, failed, run_id],
        )

    # -- full-text search -------------------------------------------------------------------

    def _load_fts(self) -> bool:
        """Load DuckDB's full-text extension from the ``duckdb-extension-fts`` package (never
        from the network); False when it is not installed."""
        if self._fts is None:
            try:
                import duckdb_extension_fts

                root = Path(duckdb_extension_fts.__file__).parent / "extensions"
                found = sorted(root.glob(f"v{duckdb.__version__}/fts.duckdb_extension"))
                self.con.execute(f"LOAD {sql_literal(str(found[0]))}")
                self._fts = True
            except (ImportError, IndexError, duckdb.Error):
                self._fts = False
        return self._fts

    def refresh_search_index(self) -> bool:
        """(Re)build the full-text indexes over articles (title, text) and quotes (text); a
        DuckDB full-text index does not follow inserts, so ``ingest`` calls this after storing.
        False when the extension is missing (search then falls back to plain matching)."""
        if not self._load_fts():
            return False
        self.con.execute(
            "PRAGMA create_fts_index('articles', 'id', 'title', 'text', overwrite=1, "
            "stemmer='english', stopwords='english')"
        )
        self.con.execute(
            "PRAGMA create_fts_index('quotes', 'id', 'text', overwrite=1, stemmer='english', "
            "stopwords='english')"
        )
        self.con.execute("CHECKPOINT")  # no index definitions left in the WAL (see migrate)
        return True

    def has_search_index(self) -> bool:
        row = self.con.execute(
            "SELECT count(*) FROM duckdb_schemas() "
            "WHERE schema_name IN ('fts_main_articles', 'fts_main_quotes')"
        ).fetchone()
        return bool(row and row[0] == 2) and self._load_fts()

    def cursor(self) -> Store:
        """A store over a new cursor of this connection: one per thread (a web request), as
        DuckDB connections are not shared between threads."""
        other = Store.__new__(Store)
        other.path, other.con, other._fts = self.path, self.con.cursor(), None
        return other

    # -- reads ----------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        out = {}
        for table in COUNTED_TABLES:
            row = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()
            out[table] = int(row[0]) if row else 0
        return out

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Run a read query; rows as dicts (used by the named queries in ``queries``)."""
        cur = self.con.execute(sql, list(params))
        names = [d[0] for d in cur.description or ()]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


# The columns each record type is written to, in the order its row tuple gives them.
COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": (
        "id", "title", "source", "url", "published", "authors", "language", "text",
        "raw_text", "input_name", "extractors",
    ),
    "removed": ("article_id", "kind", "rule", "text", "start", "end"),
    "entities": ("id", "article_id", "name", "type", "extractor", "roles"),
    "mentions": ("entity_id", "article_id", "start", "end", "text"),
    "figures": (
        "id", "article_id", "text", "value", "value_max", "unit", "qualifier", "measure",
        "start", "end", "sentence", "extractor",
    ),
    "quotes": (
        "id", "article_id", "text", "kind", "start", "end", "parts", "speaker", "speaker_id",
        "speaker_start", "speaker_end", "speaker_text", "cue_start", "cue_end", "cue_text",
        "via", "sentence", "extractor",
    ),
    "citations": (
        "id", "article_id", "source", "kind", "text", "start", "end", "cue_start", "cue_end",
        "cue_text", "sentence", "extractor",
    ),
}  # fmt: skip


def _span(m: Mention | None) -> tuple[int | None, int | None, str | None]:
    return (m.start, m.end, m.text) if m else (None, None, None)


def _rows(analyses: list[Analysis], extractors: list[str]) -> dict[str, list[tuple[Any, ...]]]:
    """Row tuples per table (in ``COLUMNS`` order) for a batch of analyses."""
    rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in COLUMNS}
    for a in analyses:
        art = a.article
        rows["articles"].append(
            (art.id, art.title, art.source, art.url, art.published, list(art.authors),
             art.language, art.text, art.raw, art.input_name, extractors)
        )  # fmt: skip
        rows["removed"] += [(art.id, r.kind, r.rule, r.text, r.start, r.end) for r in art.removed]
        for e in a.entities:
            rows["entities"].append((e.id, art.id, e.name, e.type, e.extractor, list(e.roles)))
            rows["mentions"] += [(e.id, art.id, m.start, m.end, m.text) for m in e.mentions]
        rows["figures"] += [
            (f.id, art.id, f.text, f.value, f.value_max, f.unit, f.qualifier, f.measure,
             f.start, f.end, f.sentence, f.extractor)
            for f in a.figures
        ]  # fmt: skip
        rows["quotes"] += [
            (q.id, art.id, q.text, q.kind, q.start, q.end,
             json.dumps([list(p) for p in q.parts]) if q.parts else None, q.speaker,
             q.speaker_id, *_span(q.speaker_mention), *_span(q.cue), list(q.via), q.sentence,
             q.extractor)
            for q in a.quotes
        ]  # fmt: skip
        rows["citations"] += [
            (c.id, art.id, c.source, c.kind, c.text, c.start, c.end, *_span(c.cue), c.sentence,
             c.extractor)
            for c in a.citations
        ]  # fmt: skip
    return rows


def open_store(path: str | Path, read_only: bool = False) -> Store:
    """Open (and create or migrate) a newsgraph database."""
    return Store(path, read_only=read_only)
