"""Store-wide records that grow with every batch: happenings (``events``, one row per act
however many articles report it, each report an ``event_mentions`` row) and ``actors`` (one
row per canonical actor, each article's view of it an ``article_actors`` row).

Both run inside :meth:`newsgraph.store.db.Store.write`'s transaction, after the batch's own
rows, so a crash leaves neither half-merged. Merging follows the input order: a report joins
the first earlier happening it matches (:func:`newsgraph.events.merge.same_happening` over
equal :func:`~newsgraph.events.merge.match_key`), else it starts one whose id is its own. The
same input in the same order therefore gives the same ids.

A report merges across articles only when it names both sides, or one side and a place:
"protests" with no actor and no place on one day in two articles are no evidence of one act;
and only when it has a day (stated, or its article's publication day).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import duckdb

from newsgraph.events.merge import as_day, match_key, same_happening, side
from newsgraph.types import Analysis

__all__ = ["write_actors", "write_events"]

Insert = Callable[[duckdb.DuckDBPyConnection, str, Sequence[str], list[tuple[Any, ...]]], None]

MENTION_COLUMNS = (
    "id", "event_id", "article_id", "outlet", "published", "code", "start", "end", "text",
    "sentence", "spans", "confidence", "extractor", "record",
)  # fmt: skip
EVENT_COLUMNS = (
    "id", "code", "root", "name", "quad_class", "goldstein", "plover", "plover_mode",
    "source_name", "source_actor_id", "source_code", "source_country",
    "target_name", "target_actor_id", "target_code", "target_country",
    "date", "day", "location_name", "location_country", "modality", "negated", "figures",
    "confidence", "article_id", "start", "end", "sentence", "match_key", "extractor",
)  # fmt: skip
ACTOR_COLUMNS = (
    "id", "name", "type", "country", "sector", "actor_code", "aliases", "articles", "mentions",
    "first_seen", "last_seen",
)  # fmt: skip
ARTICLE_ACTOR_COLUMNS = (
    "article_id", "position", "actor_id", "name", "type", "country", "sector", "actor_code",
    "aliases", "roles", "entity_ids", "mentions",
)  # fmt: skip
_MAX_ALIASES = 40


def _literal_list(values: Sequence[Any]) -> str:
    from newsgraph.store.db import sql_literal

    return ",".join(sql_literal(v) for v in values)


def _mergeable(e: dict[str, Any]) -> bool:
    a, b = side(e.get("source")), side(e.get("target"))
    return (a is not None and b is not None) or (
        (a is not None or b is not None) and bool((e.get("location") or {}).get("name"))
    )


def _event_row(e: dict[str, Any], article_id: str, day: date | None, key: str) -> tuple[Any, ...]:
    src, tgt, loc = e.get("source") or {}, e.get("target") or {}, e.get("location") or {}
    return (
        e["id"], e["code"], e["root"], e.get("name"), e.get("quad_class"), e.get("goldstein"),
        e.get("plover"), e.get("plover_mode"),
        src.get("name"), src.get("actor_id"), src.get("actor_code"), src.get("country"),
        tgt.get("name"), tgt.get("actor_id"), tgt.get("actor_code"), tgt.get("country"),
        as_day(e.get("date")), day, loc.get("name"), loc.get("country"), e.get("modality"),
        bool(e.get("negated")), list(e.get("figures") or ()), e.get("confidence"), article_id,
        e.get("start"), e.get("end"), e.get("sentence"), key, e.get("extractor"),
    )  # fmt: skip


def write_events(
    con: duckdb.DuckDBPyConnection, analyses: Sequence[Analysis], insert: Insert
) -> None:
    """Store the batch's events: each report as an ``event_mentions`` row, attached to the
    happening it matches (earlier in the store or in this batch) or to a new one."""
    reports = [(a, e) for a in analyses for e in a.events]
    if not reports:
        return
    keys = sorted({match_key(e) for _, e in reports if _mergeable(e)})
    # happening id -> (its record for matching, its day), indexed by key
    index: dict[str, list[tuple[str, dict[str, Any], date | None]]] = {}
    if keys:
        rows = con.execute(
            "SELECT id, match_key, date, day, location_name FROM events "
            f"WHERE match_key IN ({_literal_list(keys)})"
        ).fetchall()
        for hid, key, d, day, place in rows:
            rec = {"date": d, "location": {"name": place} if place else None}
            index.setdefault(key, []).append((hid, rec, day))
    new_rows: list[tuple[Any, ...]] = []
    mention_rows: list[tuple[Any, ...]] = []
    touched: list[str] = []
    fills: dict[str, dict[str, Any]] = {}  # happening id -> date/place a later report adds
    for a, e in reports:
        pub = as_day(a.article.published)
        key = match_key(e)
        hid = None
        if _mergeable(e):
            for cand_id, rec, day in index.get(key, ()):
                if same_happening(rec, e, day, pub, need_days=True):
                    hid = cand_id
                    fill = fills.setdefault(hid, {})
                    if rec.get("date") is None and e.get("date"):
                        rec["date"] = fill["date"] = as_day(e["date"])
                    if rec.get("location") is None and e.get("location"):
                        rec["location"] = e["location"]
                        fill["location"] = e["location"]
                    break
        if hid is None:
            hid = e["id"]
            day = as_day(e.get("date")) or pub
            new_rows.append(_event_row(e, a.article.id, day, key if _mergeable(e) else ""))
            if _mergeable(e):
                index.setdefault(key, []).append((hid, dict(e), day))
        touched.append(hid)
        mention_rows.append(
            (
                e["id"], hid, a.article.id, a.article.source, pub, e["code"], e["start"],
                e["end"], e.get("text"), e.get("sentence"), len(e.get("mentions") or ()) or 1,
                e.get("confidence"), e.get("extractor"), json.dumps(e),
            )
        )  # fmt: skip
    insert(con, "events", EVENT_COLUMNS, new_rows)
    insert(con, "event_mentions", MENTION_COLUMNS, mention_rows)
    for hid, fill in fills.items():
        if not fill:
            continue
        loc = fill.get("location") or {}
        con.execute(
            "UPDATE events SET date = coalesce(date, ?), day = coalesce(?, day), "
            "location_name = coalesce(location_name, ?), "
            "location_country = coalesce(location_country, ?) WHERE id = ?",
            [fill.get("date"), fill.get("date"), loc.get("name"), loc.get("country"), hid],
        )
    ids = _literal_list(sorted(set(touched)))
    con.execute(
        f"""
        UPDATE events SET num_mentions = s.m, num_sources = s.s, num_articles = s.a
        FROM (SELECT event_id, sum(spans) AS m,
                     count(DISTINCT coalesce(outlet, article_id)) AS s,
                     count(DISTINCT article_id) AS a
              FROM event_mentions WHERE event_id IN ({ids}) GROUP BY event_id) s
        WHERE events.id = s.event_id
        """
    )


def write_actors(
    con: duckdb.DuckDBPyConnection, analyses: Sequence[Analysis], insert: Insert
) -> None:
    """Store the batch's actors: one ``article_actors`` row per article and actor, and the
    store-wide ``actors`` rows updated (aliases joined, counts added, first and last seen)."""
    per_article: list[tuple[Any, ...]] = []
    batch: dict[str, dict[str, Any]] = {}
    for a in analyses:
        pub = as_day(a.article.published)
        for pos, act in enumerate(a.actors):
            per_article.append(
                (
                    a.article.id, pos, act["id"], act["name"], act["type"], act.get("country"),
                    act.get("sector"), act.get("actor_code"), list(act.get("aliases") or ()),
                    list(act.get("roles") or ()), list(act.get("entities") or ()),
                    int(act.get("mentions") or 0),
                )
            )  # fmt: skip
            row = batch.get(act["id"])
            if row is None:
                row = batch[act["id"]] = {
                    "id": act["id"], "name": act["name"], "type": act["type"],
                    "country": act.get("country"), "sector": act.get("sector"),
                    "actor_code": act.get("actor_code"), "aliases": [], "articles": 0,
                    "mentions": 0, "first_seen": pub, "last_seen": pub,
                }  # fmt: skip
            _absorb(row, act, pub)
    if not per_article:
        return
    insert(con, "article_actors", ARTICLE_ACTOR_COLUMNS, per_article)
    ids = _literal_list(sorted(batch))
    cur = con.execute(f"SELECT * FROM actors WHERE id IN ({ids})")
    names = [d[0] for d in cur.description or ()]
    for values in cur.fetchall():
        old = dict(zip(names, values, strict=True))
        new = batch[old["id"]]
        merged = dict(old)
        merged["aliases"] = list(old["aliases"] or ())
        _absorb(merged, {**new, "aliases": [new["name"], *new["aliases"]]}, None)
        merged["articles"] = old["articles"] + new["articles"]
        merged["mentions"] = old["mentions"] + new["mentions"]
        merged["first_seen"] = _min(old["first_seen"], new["first_seen"])
        merged["last_seen"] = _max(old["last_seen"], new["last_seen"])
        batch[old["id"]] = merged
    con.execute(f"DELETE FROM actors WHERE id IN ({ids})")
    insert(
        con, "actors", ACTOR_COLUMNS, [tuple(r[c] for c in ACTOR_COLUMNS) for r in batch.values()]
    )


def _absorb(row: dict[str, Any], act: dict[str, Any], pub: date | None) -> None:
    """Add one article's view of an actor to its running row (the first name, code and country
    stay; aliases join; counts add when ``act`` is an article's actor)."""
    for alias in (act["name"], *(act.get("aliases") or ())):
        fresh = alias != row["name"] and alias not in row["aliases"]
        if fresh and len(row["aliases"]) < _MAX_ALIASES:
            row["aliases"].append(alias)
    for k in ("country", "sector", "actor_code"):
        if row.get(k) is None and act.get(k) is not None:
            row[k] = act[k]
    if "entities" in act:  # an article's actor, not a stored row
        row["articles"] += 1
        row["mentions"] += int(act.get("mentions") or 0)
        row["first_seen"] = _min(row["first_seen"], pub)
        row["last_seen"] = _max(row["last_seen"], pub)


def _min(a: date | None, b: date | None) -> date | None:
    return b if a is None else a if b is None else min(a, b)


def _max(a: date | None, b: date | None) -> date | None:
    return b if a is None else a if b is None else max(a, b)
