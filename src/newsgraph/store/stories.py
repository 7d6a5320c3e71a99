"""Story groups: which stored articles are copies of one story, and which copy is the original.

Runs inside :meth:`newsgraph.store.db.Store.write`'s transaction, after the batch's articles
are inserted. Each article's MinHash signature (:mod:`newsgraph.resolve.stories`) is stored
with its LSH band keys (``article_signatures``, ``article_bands``); the articles already stored
(or earlier in the batch) that share a band key are the candidates, and the most similar one at
or above the threshold gives its story. A story's id is the id of its first stored article; its
``original_id`` is its earliest copy by publication day (then by storing order, then id), kept
up to date on every copy of the story as later-stored but earlier-published copies arrive.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import duckdb
import numpy as np

from newsgraph.resolve.stories import THRESHOLD, band_keys, signature, similarity
from newsgraph.types import Analysis

__all__ = ["assign_stories", "signature_rows"]

Insert = Callable[[duckdb.DuckDBPyConnection, str, Sequence[str], list[tuple[Any, ...]]], None]


def signature_rows(
    article_id: str, sig: np.ndarray | None
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The ``article_signatures`` and ``article_bands`` rows of one article."""
    if sig is None:
        return [], []
    return [(article_id, [int(v) for v in sig])], [(k, article_id) for k in band_keys(sig)]


def assign_stories(
    con: duckdb.DuckDBPyConnection, analyses: Sequence[Analysis], insert: Insert
) -> None:
    from newsgraph.store.db import sql_literal

    sigs = {a.article.id: signature(a.article.text) for a in analyses}
    keys = {aid: band_keys(s) for aid, s in sigs.items() if s is not None}
    # candidates stored before this batch, by band key
    by_key: dict[int, list[str]] = {}
    known: dict[str, tuple[np.ndarray, str]] = {}  # article id -> (signature, story id)
    wanted = sorted({k for ks in keys.values() for k in ks})
    if wanted:
        values = ",".join(str(k) for k in wanted)
        rows = con.execute(
            f"""
            SELECT b.key, b.article_id, s.signature, a.story_id
            FROM article_bands b
            JOIN article_signatures s ON s.article_id = b.article_id
            JOIN articles a ON a.id = b.article_id
            WHERE b.key IN ({values})
            """
        ).fetchall()
        for key, aid, sig, story in rows:
            by_key.setdefault(key, []).append(aid)
            if aid not in known:
                known[aid] = (np.asarray(sig, dtype=np.uint64), story or aid)
    stories: dict[str, str] = {}
    sig_rows: list[tuple[Any, ...]] = []
    band_rows: list[tuple[Any, ...]] = []
    for a in analyses:
        aid = a.article.id
        sig = sigs[aid]
        story = aid
        if sig is not None:
            best, best_sim = None, THRESHOLD
            for cand in dict.fromkeys(c for k in keys[aid] for c in by_key.get(k, ())):
                sim = similarity(sig, known[cand][0])
                if sim >= best_sim and (best is None or sim > best_sim):
                    best, best_sim = cand, sim
            if best is not None:
                story = known[best][1]
            known[aid] = (sig, story)
            for k in keys[aid]:
                by_key.setdefault(k, []).append(aid)
        stories[aid] = story
        s_rows, b_rows = signature_rows(aid, sig)
        sig_rows += s_rows
        band_rows += b_rows
    insert(con, "article_signatures", ("article_id", "signature"), sig_rows)
    insert(con, "article_bands", ("key", "article_id"), band_rows)
    pairs = ",".join(f"({sql_literal(a)}, {sql_literal(s)})" for a, s in stories.items())
    con.execute(
        f"UPDATE articles SET story_id = v.s FROM (VALUES {pairs}) v(id, s) "
        "WHERE articles.id = v.id"
    )
    touched = ",".join(sql_literal(s) for s in sorted(set(stories.values())))
    con.execute(
        f"""
        UPDATE articles SET original_id = o.original
        FROM (SELECT story_id,
                     first(id ORDER BY published NULLS LAST, ingested_at, id) AS original
              FROM articles WHERE story_id IN ({touched}) GROUP BY story_id) o
        WHERE articles.story_id = o.story_id
        """
    )
