"""Named read queries: every face (CLI, API, web) lists records through these.

Each takes plain filter values (None = no filter) and returns rows as dicts.
"""

from __future__ import annotations

import json
from typing import Any

from newsgraph.store.db import Store
from newsgraph.types import (
    Analysis,
    Article,
    Citation,
    Entity,
    Figure,
    Mention,
    Quote,
    Removed,
)

# A record counts once per story: only the original's, unless asked for every copy. Takes a
# TRUE parameter so that _where can switch it on and off like any filter.
_ORIGINALS = (
    "({table}.article_id IN (SELECT id FROM articles WHERE id = coalesce(original_id, id)) AND ?)"
)


def _where(clauses: list[tuple[str, Any]]) -> tuple[str, list[Any]]:
    parts, params = [], []
    for clause, value in clauses:
        if value is not None and value != "":
            parts.append(clause)
            params.extend([value] * clause.count("?"))  # a clause may use its value twice
    return (" WHERE " + " AND ".join(parts) if parts else ""), params


def articles(
    store: Store,
    *,
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
    q: str | None = None,
    story: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Articles, newest first; ``story`` lists the copies of one story (by story id or the id
    of any of its copies)."""
    where, params = _where(
        [
            ("source ILIKE '%' || ? || '%'", source),
            (
                "story_id = (SELECT story_id FROM articles WHERE id = ? OR story_id = ? LIMIT 1)",
                story,
            ),
            ("published >= CAST(? AS DATE)", since),
            ("published <= CAST(? AS DATE)", until),
            ("(title ILIKE '%' || ? || '%')", q),
        ]
    )
    return store.query(
        f"""
        SELECT a.id, a.published, a.source, a.title, a.language, length(a.text) AS chars,
               a.story_id, a.original_id,
               (SELECT count(*) FROM entities e WHERE e.article_id = a.id) AS entities,
               (SELECT count(*) FROM figures f WHERE f.article_id = a.id) AS figures
        FROM articles a {where}
        ORDER BY a.published DESC NULLS LAST, a.id LIMIT ? OFFSET ?
        """,
        [*params, limit, offset],
    )


def entities(
    store: Store,
    *,
    type: str | None = None,
    name: str | None = None,
    article: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Entities grouped by (name, type) across articles, most mentioned first."""
    where, params = _where(
        [
            ("e.type = upper(?)", type),
            ("e.name ILIKE '%' || ? || '%'", name),
            ("e.article_id = ?", article),
        ]
    )
    return store.query(
        f"""
        SELECT e.name, e.type, count(DISTINCT e.article_id) AS articles, count(m.start) AS mentions
        FROM entities e LEFT JOIN mentions m ON m.entity_id = e.id {where}
        GROUP BY e.name, e.type
        ORDER BY mentions DESC, e.name LIMIT ? OFFSET ?
        """,
        [*params, limit, offset],
    )


def figures(
    store: Store,
    *,
    unit: str | None = None,
    q: str | None = None,
    article: str | None = None,
    all_copies: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Figures in article order; each story counted once (its original's figures) unless
    ``all_copies`` or ``article`` is given."""
    where, params = _where(
        [
            (_ORIGINALS.format(table="f"), None if all_copies or article else True),
            ("f.unit = ?", unit),
            ("concat_ws(' ', f.measure, f.sentence) ILIKE '%' || ? || '%'", q),
            ("f.article_id = ?", article),
        ]
    )
    return store.query(
        f"""
        SELECT f.article_id, f.text, f.value, f.value_max, f.unit, f.qualifier, f.measure,
               f.start, f."end", f.sentence
        FROM figures f {where}
        ORDER BY f.article_id, f.start LIMIT ? OFFSET ?
        """,
        [*params, limit, offset],
    )


def quotes(
    store: Store,
    *,
    speaker: str | None = None,
    about: str | None = None,
    via: str | None = None,
    kind: str | None = None,
    article: str | None = None,
    since: str | None = None,
    until: str | None = None,
    all_copies: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Quotes, newest article first; ``speaker`` matches the resolved name or the mention.
    Each story is counted once (its original's quotes) unless ``all_copies`` or ``article``."""
    where, params = _where(
        [
            (_ORIGINALS.format(table="q"), None if all_copies or article else True),
            ("(q.speaker ILIKE '%' || ? || '%' OR q.speaker_text ILIKE '%' || ? || '%')", speaker),
            ("q.text ILIKE '%' || ? || '%'", about),
            ("array_to_string(q.via, ' | ') ILIKE '%' || ? || '%'", via),
            ("q.kind = lower(?)", kind),
            ("q.article_id = ?", article),
            ("a.published >= CAST(? AS DATE)", since),
            ("a.published <= CAST(? AS DATE)", until),
        ]
    )
    return store.query(
        f"""
        SELECT q.id, q.article_id, a.published, q.speaker, q.kind, q.text, q.via, q.cue_text AS cue,
               q.speaker_text AS speaker_mention, q.start, q."end", q.speaker_id
        FROM quotes q JOIN articles a ON a.id = q.article_id {where}
        ORDER BY a.published DESC NULLS LAST, q.article_id, q.start LIMIT ? OFFSET ?
        """,
        [*params, limit, offset],
    )


def citations(
    store: Store,
    *,
    source: str | None = None,
    kind: str | None = None,
    article: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    where, params = _where(
        [
            ("c.source ILIKE '%' || ? || '%'", source),
            ("c.kind = lower(?)", kind),
            ("c.article_id = ?", article),
        ]
    )
    return store.query(
        f"""
        SELECT c.id, c.article_id, c.source, c.kind, c.cue_text AS cue, c.text, c.start, c."end",
               c.sentence
        FROM citations c {where}
        ORDER BY c.article_id, c.start LIMIT ? OFFSET ?
        """,
        [*params, limit, offset],
    )


def failures(store: Store, *, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    return store.query(
        "SELECT input, stage, reason, attempts, last_seen FROM failures "
        "ORDER BY last_seen DESC, input LIMIT ? OFFSET ?",
        [limit, offset],
    )


def load_analysis(store: Store, article_id: str) -> Analysis | None:
    """Rebuild the stored analysis of one article (the same JSON as ``analyze``)."""
    rows = store.query("SELECT * FROM articles WHERE id = ?", [article_id])
    if not rows:
        return None
    a = rows[0]
    published = a["published"]
    article = Article(
        id=a["id"],
        text=a["text"],
        raw=a["raw_text"],
        title=a["title"],
        source=a["source"],
        url=a["url"],
        published=published.isoformat() if published else None,
        authors=tuple(a["authors"] or ()),
        language=a["language"],
        removed=tuple(
            Removed(r["kind"], r["text"], r["start"], r["end"], r["rule"] or "")
            for r in store.query(
                "SELECT * FROM removed WHERE article_id = ? ORDER BY start", [article_id]
            )
        ),
        input_name=a["input_name"] or "",
        story_id=a.get("story_id"),
        original_id=a.get("original_id"),
    )
    mentions: dict[str, list[Mention]] = {}
    for m in store.query(
        'SELECT entity_id, start, "end", text FROM mentions WHERE article_id = ? ORDER BY start',
        [article_id],
    ):
        mentions.setdefault(m["entity_id"], []).append(Mention(m["start"], m["end"], m["text"]))
    entities = [
        Entity(
            e["id"],
            e["name"],
            e["type"],
            tuple(mentions.get(e["id"], ())),
            e["extractor"],
            tuple(e["roles"] or ()),
        )
        for e in store.query("SELECT * FROM entities WHERE article_id = ?", [article_id])
    ]
    entities.sort(key=lambda e: e.mentions[0].start if e.mentions else 0)
    figures = tuple(
        Figure(
            f["id"],
            f["text"],
            f["value"],
            f["value_max"],
            f["unit"],
            f["qualifier"],
            f["measure"],
            f["start"],
            f["end"],
            f["sentence"] or "",
            f["extractor"],
        )
        for f in store.query(
            "SELECT * FROM figures WHERE article_id = ? ORDER BY start", [article_id]
        )
    )
    quotes = tuple(
        Quote(
            q["id"], q["text"], q["kind"], q["start"], q["end"], q["speaker"], q["speaker_id"],
            _mention(q, "speaker"), _mention(q, "cue"), tuple(q["via"] or ()), q["sentence"] or "",
            tuple(tuple(p) for p in json.loads(q["parts"])) if q["parts"] else (), q["extractor"],
        )
        for q in store.query("SELECT * FROM quotes WHERE article_id = ? ORDER BY start", [article_id])
    )  # fmt: skip
    citations = tuple(
        Citation(
            c["id"], c["source"], c["kind"], c["text"], _mention(c, "cue"), c["start"], c["end"],
            c["sentence"] or "", c["extractor"],
        )
        for c in store.query(
            "SELECT * FROM citations WHERE article_id = ? ORDER BY start", [article_id]
        )
    )  # fmt: skip
    events = tuple(
        json.loads(r["record"])
        for r in store.query(
            "SELECT record FROM event_mentions WHERE article_id = ? ORDER BY start, id",
            [article_id],
        )
    )
    actors = tuple(
        {
            "id": r["actor_id"],
            "name": r["name"],
            "type": r["type"],
            "country": r["country"],
            "sector": r["sector"],
            "actor_code": r["actor_code"],
            "aliases": list(r["aliases"] or ()),
            "roles": list(r["roles"] or ()),
            "entities": list(r["entity_ids"] or ()),
            "mentions": r["mentions"],
        }
        for r in store.query(
            "SELECT * FROM article_actors WHERE article_id = ? ORDER BY position", [article_id]
        )
    )
    return Analysis(
        article=article,
        entities=tuple(entities),
        figures=figures,
        quotes=quotes,
        citations=citations,
        events=events,
        actors=actors,
    )


def _mention(row: dict[str, Any], prefix: str) -> Mention | None:
    if row[f"{prefix}_start"] is None:
        return None
    return Mention(row[f"{prefix}_start"], row[f"{prefix}_end"], row[f"{prefix}_text"] or "")


def actors(
    store: Store,
    *,
    name: str | None = None,
    type: str | None = None,
    country: str | None = None,
    code: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Canonical actors across the store, most mentioned first; ``name`` matches the name or
    any alias, ``code`` the actor code's start ("RUS", "RUSGOV")."""
    where, params = _where(
        [
            ("(a.name ILIKE '%' || ? || '%' OR array_to_string(a.aliases, '|') "
             "ILIKE '%' || ? || '%')", name),
            ("a.type = upper(?)", type),
            ("a.country = upper(?)", country),
            ("a.actor_code LIKE upper(?) || '%'", code),
        ]
    )  # fmt: skip
    return store.query(
        f"""
        SELECT a.id, a.name, a.type, a.actor_code, a.country, a.sector, a.articles, a.mentions,
               a.first_seen, a.last_seen,
               (SELECT list(DISTINCT r.role ORDER BY r.role) FROM actor_roles r
                WHERE r.actor_id = a.id) AS roles,
               a.aliases
        FROM actors a {where}
        ORDER BY a.mentions DESC, a.name LIMIT ? OFFSET ?
        """,
        [*params, limit, offset],
    )


def actor_roles(
    store: Store, *, actor_ids: list[str], limit: int = 50, offset: int = 0
) -> list[dict[str, Any]]:
    """The roles articles give these actors, each with the day of the article that states it
    (latest first)."""
    if not actor_ids:
        return []
    marks = ",".join("?" * len(actor_ids))
    return store.query(
        f"""
        SELECT a.name AS actor, r.role, max(r.as_of) AS as_of, min(r.as_of) AS since,
               count(DISTINCT r.article_id) AS articles
        FROM actor_roles r JOIN actors a ON a.id = r.actor_id
        WHERE r.actor_id IN ({marks})
        GROUP BY a.name, r.role
        ORDER BY as_of DESC NULLS LAST, articles DESC, r.role LIMIT ? OFFSET ?
        """,
        [*actor_ids, limit, offset],
    )


def events(
    store: Store,
    *,
    actor: str | None = None,
    code: str | None = None,
    country: str | None = None,
    since: str | None = None,
    until: str | None = None,
    article: str | None = None,
    negated: bool | None = False,
    all_copies: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Happenings (one row however many articles report it), latest first.

    ``actor`` is an actor code ("RUSGOV", "BLR": source or target code starts with it) or a
    name matched against the actors' names and aliases; ``code`` a CAMEO code or its start
    ("04" for every consultation); ``country`` an ISO alpha-3 code of either side or the
    place; ``since``/``until`` bound the event's day; ``negated`` False (the default) hides
    acts the text denies, None shows all. An event only copies of a story report is left out
    unless ``all_copies`` (or ``article``) is given.
    """
    where, params = _where(
        [
            ("(e.source_code LIKE upper(?) || '%' OR e.target_code LIKE upper(?) || '%' "
             "OR e.source_name ILIKE '%' || ? || '%' OR e.target_name ILIKE '%' || ? || '%' "
             "OR e.source_actor_id IN (SELECT id FROM actors WHERE name ILIKE '%' || ? || '%' "
             "OR array_to_string(aliases, '|') ILIKE '%' || ? || '%') "
             "OR e.target_actor_id IN (SELECT id FROM actors WHERE name ILIKE '%' || ? || '%' "
             "OR array_to_string(aliases, '|') ILIKE '%' || ? || '%'))", actor),
            ("e.code LIKE ? || '%'", code),
            ("upper(?) IN (e.source_country, e.target_country, e.location_country)", country),
            ("e.day >= CAST(? AS DATE)", since),
            ("e.day <= CAST(? AS DATE)", until),
            ("e.id IN (SELECT event_id FROM event_mentions WHERE article_id = ?)", article),
            ("e.negated = ?", negated),
            ("EXISTS (SELECT 1 FROM event_mentions m JOIN articles a ON a.id = m.article_id "
             "WHERE m.event_id = e.id AND a.id = coalesce(a.original_id, a.id) AND ?)",
             None if all_copies or article else True),
        ]
    )  # fmt: skip
    return store.query(
        f"""
        SELECT e.id, e.day, e.code, e.name, e.source_name AS source, e.source_code,
               e.target_name AS target, e.target_code, e.location_name AS location,
               e.modality, e.negated, e.num_mentions AS mentions, e.num_sources AS sources,
               e.num_articles AS articles, e.confidence, e.article_id, e.start, e."end",
               e.sentence, e.figures, e.plover, e.quad_class, e.goldstein
        FROM events e {where}
        ORDER BY e.day DESC NULLS LAST, e.num_mentions DESC, e.id LIMIT ? OFFSET ?
        """,
        [*params, limit, offset],
    )


def event_mentions(store: Store, event_id: str) -> list[dict[str, Any]]:
    """The reports of one happening: article, outlet, span and sentence."""
    return store.query(
        """
        SELECT m.id, m.article_id, m.outlet, m.published, m.code, m.start, m."end", m.text,
               m.spans, m.sentence
        FROM event_mentions m WHERE m.event_id = ? ORDER BY m.published, m.article_id, m.start
        """,
        [event_id],
    )


def event(store: Store, event_id: str) -> dict[str, Any] | None:
    """One happening with all its columns and its reports."""
    rows = store.query("SELECT * FROM events WHERE id = ?", [event_id])
    if not rows:
        return None
    out = rows[0]
    out["reports"] = event_mentions(store, event_id)
    return out


def actor(store: Store, actor_id: str, limit: int = 50) -> dict[str, Any] | None:
    """One actor: its row, the roles articles give it (dated), the quotes it said, the events
    it takes part in and the actors named in the same articles (with how many articles)."""
    rows = store.query("SELECT * FROM actors WHERE id = ?", [actor_id])
    if not rows:
        return None
    out = rows[0]
    out["roles"] = actor_roles(store, actor_ids=[actor_id], limit=limit)
    out["quotes"] = store.query(
        """
        SELECT q.id, q.article_id, a.published, a.source AS outlet, q.kind, q.text, q.via,
               q.cue_text AS cue, q.start, q."end"
        FROM quotes q
        JOIN (SELECT DISTINCT article_id, unnest(entity_ids) AS entity_id FROM article_actors
              WHERE actor_id = ?) x ON x.article_id = q.article_id AND x.entity_id = q.speaker_id
        JOIN articles a ON a.id = q.article_id
        ORDER BY a.published DESC NULLS LAST, q.article_id, q.start LIMIT ?
        """,
        [actor_id, limit],
    )
    out["events"] = store.query(
        """
        SELECT e.id, e.day, e.code, e.name, e.source_name AS source, e.source_code,
               e.target_name AS target, e.target_code, e.location_name AS location,
               e.negated, e.num_mentions AS mentions, e.num_articles AS articles, e.article_id,
               e.sentence
        FROM events e WHERE ? IN (e.source_actor_id, e.target_actor_id)
        ORDER BY e.day NULLS LAST, e.id LIMIT ?
        """,
        [actor_id, limit],
    )
    out["co_actors"] = store.query(
        """
        SELECT b.actor_id AS id, any_value(x.name) AS name, any_value(x.type) AS type,
               any_value(x.actor_code) AS actor_code, count(DISTINCT b.article_id) AS articles
        FROM article_actors a
        JOIN article_actors b ON b.article_id = a.article_id AND b.actor_id <> a.actor_id
        JOIN actors x ON x.id = b.actor_id
        WHERE a.actor_id = ?
        GROUP BY b.actor_id ORDER BY articles DESC, name LIMIT 20
        """,
        [actor_id],
    )
    return out


def search(store: Store, q: str, *, limit: int = 20, offset: int = 0) -> dict[str, Any]:
    """Full-text search over articles (title and text) and quotes, best first: BM25 over
    DuckDB's full-text index when the store has one (``Store.refresh_search_index``), else a
    plain case-insensitive match."""
    if store.has_search_index():
        arts = store.query(
            """
            SELECT a.id, a.title, a.source, a.published, s.score
            FROM (SELECT id, fts_main_articles.match_bm25(id, ?) AS score FROM articles) s
            JOIN articles a ON a.id = s.id WHERE s.score IS NOT NULL
            ORDER BY s.score DESC, a.id LIMIT ? OFFSET ?
            """,
            [q, limit, offset],
        )
        quotes_found = store.query(
            """
            SELECT q.id, q.article_id, q.speaker, q.kind, q.text, s.score
            FROM (SELECT id, fts_main_quotes.match_bm25(id, ?) AS score FROM quotes) s
            JOIN quotes q ON q.id = s.id WHERE s.score IS NOT NULL
            ORDER BY s.score DESC, q.id LIMIT ? OFFSET ?
            """,
            [q, limit, offset],
        )
    else:
        arts = store.query(
            """
            SELECT id, title, source, published, NULL AS score FROM articles
            WHERE title ILIKE '%' || ? || '%' OR text ILIKE '%' || ? || '%'
            ORDER BY published DESC NULLS LAST, id LIMIT ? OFFSET ?
            """,
            [q, q, limit, offset],
        )
        quotes_found = store.query(
            """
            SELECT id, article_id, speaker, kind, text, NULL AS score FROM quotes
            WHERE text ILIKE '%' || ? || '%' ORDER BY article_id, start LIMIT ? OFFSET ?
            """,
            [q, limit, offset],
        )
    return {"articles": arts, "quotes": quotes_found}
