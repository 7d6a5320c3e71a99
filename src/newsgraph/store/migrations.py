"""The schema, as small named migrations recorded in the database.

Each migration runs once, in order, inside a transaction, and is recorded in ``_migrations``.
A new table or column is a new function appended to ``MIGRATIONS``; existing ones never change.

Every record table has ``article_id`` and, where the record comes from the text, ``start`` and
``"end"`` (offsets into the input text) and ``extractor`` (the versioned extractor that made it).
The quotes, citations and events tables start generic (the record as JSON beside its span) and
get typed columns from the migrations of the issues that fill them.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb

Migration = tuple[str, Callable[[duckdb.DuckDBPyConnection], None]]


def _m0001_initial(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        CREATE TABLE articles (
            id VARCHAR PRIMARY KEY,
            title VARCHAR,
            source VARCHAR,
            url VARCHAR,
            published DATE,
            authors VARCHAR[],
            language VARCHAR,
            text VARCHAR NOT NULL,          -- the cleaned body
            raw_text VARCHAR NOT NULL,      -- the text as given: every offset points into it
            input_name VARCHAR,
            extractors VARCHAR[],
            ingested_at TIMESTAMP DEFAULT current_timestamp
        );
        CREATE TABLE removed (
            article_id VARCHAR NOT NULL,
            kind VARCHAR NOT NULL,
            rule VARCHAR,
            text VARCHAR NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL
        );
        CREATE TABLE entities (
            id VARCHAR PRIMARY KEY,
            article_id VARCHAR NOT NULL,
            name VARCHAR NOT NULL,
            type VARCHAR NOT NULL,
            extractor VARCHAR NOT NULL
        );
        CREATE TABLE mentions (
            entity_id VARCHAR NOT NULL,
            article_id VARCHAR NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text VARCHAR NOT NULL
        );
        CREATE TABLE figures (
            id VARCHAR PRIMARY KEY,
            article_id VARCHAR NOT NULL,
            text VARCHAR NOT NULL,
            value DOUBLE NOT NULL,
            value_max DOUBLE,
            unit VARCHAR NOT NULL,
            qualifier VARCHAR,
            measure VARCHAR,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            sentence VARCHAR,
            extractor VARCHAR NOT NULL
        );
        CREATE TABLE quotes (
            id VARCHAR PRIMARY KEY, article_id VARCHAR NOT NULL,
            start INTEGER, "end" INTEGER, extractor VARCHAR, record JSON
        );
        CREATE TABLE citations (
            id VARCHAR PRIMARY KEY, article_id VARCHAR NOT NULL,
            start INTEGER, "end" INTEGER, extractor VARCHAR, record JSON
        );
        CREATE TABLE events (
            id VARCHAR PRIMARY KEY, article_id VARCHAR NOT NULL,
            start INTEGER, "end" INTEGER, extractor VARCHAR, record JSON
        );
        -- one row per input that currently fails: a later success removes it
        CREATE TABLE failures (
            input VARCHAR PRIMARY KEY,
            stage VARCHAR NOT NULL,
            reason VARCHAR NOT NULL,
            run_id VARCHAR,
            attempts INTEGER NOT NULL DEFAULT 1,
            last_seen TIMESTAMP DEFAULT current_timestamp
        );
        CREATE TABLE runs (
            id VARCHAR PRIMARY KEY,
            command VARCHAR,
            started_at TIMESTAMP DEFAULT current_timestamp,
            finished_at TIMESTAMP,
            stored INTEGER DEFAULT 0,
            skipped INTEGER DEFAULT 0,
            failed INTEGER DEFAULT 0
        );
        """
    )


def _m0002_typed_quotes_citations(con: duckdb.DuckDBPyConnection) -> None:
    # 0001 made these generic (a JSON record) and nothing wrote to them before #3; typed
    # columns make `newsgraph quotes --speaker` and the API filters plain SQL.
    con.execute(
        """
        DROP TABLE quotes;
        DROP TABLE citations;
        CREATE TABLE quotes (
            id VARCHAR PRIMARY KEY,
            article_id VARCHAR NOT NULL,
            text VARCHAR NOT NULL,
            kind VARCHAR NOT NULL,            -- direct | partial | indirect | mixed
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            parts JSON,                       -- [[start, end], ...] of a split quote
            speaker VARCHAR,
            speaker_id VARCHAR,
            speaker_start INTEGER,            -- the mention the speaker was resolved from
            speaker_end INTEGER,
            speaker_text VARCHAR,
            cue_start INTEGER,
            cue_end INTEGER,
            cue_text VARCHAR,
            via VARCHAR[],
            sentence VARCHAR,
            extractor VARCHAR NOT NULL
        );
        CREATE TABLE citations (
            id VARCHAR PRIMARY KEY,
            article_id VARCHAR NOT NULL,
            source VARCHAR NOT NULL,
            kind VARCHAR NOT NULL,
            text VARCHAR NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            cue_start INTEGER,
            cue_end INTEGER,
            cue_text VARCHAR,
            sentence VARCHAR,
            extractor VARCHAR NOT NULL
        );
        """
    )


def _m0003_entity_roles(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("ALTER TABLE entities ADD COLUMN roles VARCHAR[]")


def _m0004_events_actors(con: duckdb.DuckDBPyConnection) -> None:
    # #4: events become one row per happening (merged across articles), each report of one an
    # event_mentions row; actors get a table across the store and one row per article that
    # names them (their roles there, dated by the article's publication day).
    con.execute(
        """
        CREATE TABLE event_mentions (
            id VARCHAR PRIMARY KEY,          -- the article's event id (analysis events[].id)
            event_id VARCHAR NOT NULL,       -- the happening: events.id
            article_id VARCHAR NOT NULL,
            outlet VARCHAR,                  -- the article's source
            published DATE,
            code VARCHAR NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text VARCHAR,
            sentence VARCHAR,
            spans INTEGER NOT NULL DEFAULT 1,  -- places in the article that report it
            confidence DOUBLE,
            extractor VARCHAR,
            record JSON NOT NULL             -- the analysis record, as `analyze` gives it
        );
        INSERT INTO event_mentions
            SELECT e.id, e.id, e.article_id, a.source, a.published, record->>'code', e.start,
                   e."end", record->>'text', record->>'sentence', 1,
                   CAST(record->>'confidence' AS DOUBLE), e.extractor, record
            FROM events e JOIN articles a ON a.id = e.article_id;
        DROP TABLE events;
        CREATE TABLE events (
            id VARCHAR NOT NULL,             -- the id of its first report
            code VARCHAR NOT NULL,
            root VARCHAR NOT NULL,
            name VARCHAR,
            quad_class INTEGER,
            goldstein DOUBLE,
            plover VARCHAR,
            plover_mode VARCHAR,
            source_name VARCHAR,
            source_actor_id VARCHAR,
            source_code VARCHAR,
            source_country VARCHAR,
            target_name VARCHAR,
            target_actor_id VARCHAR,
            target_code VARCHAR,
            target_country VARCHAR,
            date DATE,                       -- the day a report states
            day DATE,                        -- date, else the first report's publication day
            location_name VARCHAR,
            location_country VARCHAR,
            modality VARCHAR,
            negated BOOLEAN,
            figures VARCHAR[],
            confidence DOUBLE,
            article_id VARCHAR NOT NULL,     -- the first report: its article, span, sentence
            start INTEGER,
            "end" INTEGER,
            sentence VARCHAR,
            num_mentions INTEGER NOT NULL DEFAULT 1,
            num_sources INTEGER NOT NULL DEFAULT 1,
            num_articles INTEGER NOT NULL DEFAULT 1,
            match_key VARCHAR NOT NULL,
            extractor VARCHAR,
            added_at TIMESTAMP DEFAULT current_timestamp
        );
        INSERT INTO events
            SELECT m.id, record->>'code', record->>'root', record->>'name',
                CAST(record->>'quad_class' AS INTEGER), CAST(record->>'goldstein' AS DOUBLE),
                record->>'plover', record->>'plover_mode',
                record->'source'->>'name', NULL, record->'source'->>'actor_code',
                record->'source'->>'country',
                record->'target'->>'name', NULL, record->'target'->>'actor_code',
                record->'target'->>'country',
                TRY_CAST(record->>'date' AS DATE),
                coalesce(TRY_CAST(record->>'date' AS DATE), m.published),
                record->'location'->>'name', record->'location'->>'country',
                record->>'modality', CAST(record->>'negated' AS BOOLEAN),
                CAST(record->'figures' AS VARCHAR[]), m.confidence, m.article_id, m.start,
                m."end", m.sentence, 1, 1, 1, '', m.extractor, current_timestamp
            FROM event_mentions m;
        CREATE TABLE actors (
            id VARCHAR NOT NULL,
            name VARCHAR NOT NULL,
            type VARCHAR NOT NULL,
            country VARCHAR,                 -- ISO 3166 alpha-3, IGO or NGO
            sector VARCHAR,
            actor_code VARCHAR,
            aliases VARCHAR[],
            articles INTEGER NOT NULL,
            mentions INTEGER NOT NULL,
            first_seen DATE,
            last_seen DATE
        );
        CREATE TABLE article_actors (
            article_id VARCHAR NOT NULL,
            position INTEGER NOT NULL,       -- order of first mention in the article
            actor_id VARCHAR NOT NULL,
            name VARCHAR NOT NULL,
            type VARCHAR NOT NULL,
            country VARCHAR,
            sector VARCHAR,
            actor_code VARCHAR,
            aliases VARCHAR[],
            roles VARCHAR[],                 -- as the article states them
            entity_ids VARCHAR[],
            mentions INTEGER NOT NULL
        );
        CREATE VIEW actor_roles AS
            SELECT r.actor_id, r.role, r.article_id, a.published AS as_of
            FROM (SELECT actor_id, article_id, unnest(roles) AS role FROM article_actors) r
            JOIN articles a ON a.id = r.article_id;
        """
    )


def _m0005_stories(con: duckdb.DuckDBPyConnection) -> None:
    # #6: copies of one story. Articles stored before this migration are grouped now, in the
    # order they were stored, exactly as if they arrived after it (about 4 ms an article).
    from newsgraph.store.db import _insert
    from newsgraph.store.stories import assign_stories
    from newsgraph.types import Analysis, Article

    con.execute(
        """
        ALTER TABLE articles ADD COLUMN story_id VARCHAR;
        ALTER TABLE articles ADD COLUMN original_id VARCHAR;
        UPDATE articles SET story_id = id, original_id = id;
        CREATE TABLE article_signatures (article_id VARCHAR NOT NULL, signature UBIGINT[] NOT NULL);
        CREATE TABLE article_bands (key BIGINT NOT NULL, article_id VARCHAR NOT NULL);
        """
    )
    rows = con.execute("SELECT id, text FROM articles ORDER BY ingested_at, id").fetchall()
    for i in range(0, len(rows), 256):
        chunk = [Analysis(article=Article(aid, text or "", "")) for aid, text in rows[i : i + 256]]
        assign_stories(con, chunk, _insert)


MIGRATIONS: list[Migration] = [
    ("0001_initial", _m0001_initial),
    ("0002_typed_quotes_citations", _m0002_typed_quotes_citations),
    ("0003_entity_roles", _m0003_entity_roles),
    ("0004_events_actors", _m0004_events_actors),
    ("0005_stories", _m0005_stories),
]

# Tables whose row counts ``stats`` reports, in display order.
COUNTED_TABLES = (
    "articles",
    "entities",
    "mentions",
    "figures",
    "quotes",
    "citations",
    "events",
    "event_mentions",
    "actors",
    "removed",
    "failures",
)


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply the migrations not yet recorded; returns the names applied."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS _migrations (name VARCHAR PRIMARY KEY, "
        "applied_at TIMESTAMP DEFAULT current_timestamp)"
    )
    done = {row[0] for row in con.execute("SELECT name FROM _migrations").fetchall()}
    applied = []
    for name, fn in MIGRATIONS:
        if name in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            fn(con)
            con.execute("INSERT INTO _migrations (name) VALUES (?)", [name])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(name)
    if applied:
        # Write the new schema into the database file now: DuckDB 1.5 cannot replay a WAL that
        # holds a CREATE VIEW after a crash ("GetDefaultDatabase with no default database"),
        # so a run killed before its first checkpoint would leave a store that will not open.
        con.execute("CHECKPOINT")
    return applied
