"""Copies of one story: MinHash grouping when stored, the original, and lists that count each
story once. Texts are the bundled examples and copies made from them here (no model)."""

from __future__ import annotations

import textwrap

import duckdb
import pytest

from newsgraph.resolve.stories import shingles, signature, similarity
from newsgraph.store import queries
from newsgraph.store.db import open_store
from newsgraph.store.migrations import MIGRATIONS, migrate
from newsgraph.types import Analysis, Article, Quote
from tests.conftest import ROOT

TALKS = (ROOT / "examples" / "sochi-talks.txt").read_text("utf-8")
WIRE = (ROOT / "examples" / "sochi-wire.txt").read_text("utf-8")
PARAS = [p for p in TALKS.splitlines() if p.strip()]


def rewrapped(text: str) -> str:
    return "\n".join(textwrap.fill(p, 70) for p in text.splitlines() if p.strip())


def with_boilerplate(text: str) -> str:
    return (
        "Subscribe to our newsletter for the top stories of the day.\n"
        + text
        + "\nThis article is republished with permission. All rights reserved."
    )


def reordered(text: str) -> str:
    paras = [p for p in text.splitlines() if p.strip()]
    paras[2], paras[6] = paras[6], paras[2]
    return "\n".join(paras)


def trimmed(text: str) -> str:
    return "\n".join([p for p in text.splitlines() if p.strip()][2:])


def art(aid: str, text: str, published: str | None = "2020-09-15", quotes: int = 0) -> Analysis:
    a = Article(aid, text, text, published=published, source=f"outlet {aid}", input_name=aid)
    qs = tuple(
        Quote(
            f"{aid}:q:{i}",
            text[i * 10 : i * 10 + 5],
            "direct",
            i * 10,
            i * 10 + 5,
            "Putin",
            None,
            None,
            None,
            (),
            "",
        )
        for i in range(quotes)
    )
    return Analysis(article=a, quotes=qs)


@pytest.mark.parametrize("copy", [rewrapped, with_boilerplate, reordered, trimmed])
def test_copies_are_similar_and_other_reports_are_not(copy) -> None:
    sig = signature(TALKS)
    assert sig is not None
    assert similarity(sig, signature(copy(TALKS))) >= 0.5  # type: ignore[arg-type]
    assert similarity(sig, signature(WIRE)) < 0.2  # type: ignore[arg-type]


def test_short_texts_are_never_compared() -> None:
    assert signature("Putin met Lukashenko in Sochi.") is None
    assert len(shingles("One two three four five six")) == 2


def test_store_groups_copies_and_keeps_the_earliest_as_original(tmp_path) -> None:
    with open_store(tmp_path / "s.duckdb") as store:
        store.write([art("a1", TALKS, "2020-09-16"), art("w", WIRE, "2020-09-14")])
        store.write([art("a2", rewrapped(with_boilerplate(TALKS)), "2020-09-17")])
        store.write([art("a3", reordered(trimmed(TALKS)), "2020-09-15")])  # earliest, stored last
        rows = {r["id"]: r for r in store.query("SELECT id, story_id, original_id FROM articles")}
        assert rows["a1"]["story_id"] == rows["a2"]["story_id"] == rows["a3"]["story_id"] == "a1"
        assert {rows[k]["original_id"] for k in ("a1", "a2", "a3")} == {"a3"}
        assert rows["w"]["story_id"] == rows["w"]["original_id"] == "w"  # same event, own text
        by_story = queries.articles(store, story="a2")
        assert {r["id"] for r in by_story} == {"a1", "a2", "a3"}
        loaded = queries.load_analysis(store, "a2")
        assert loaded is not None and loaded.article.original_id == "a3"


def test_lists_count_each_story_once_unless_all_copies(tmp_path) -> None:
    with open_store(tmp_path / "s.duckdb") as store:
        store.write([art("a1", TALKS, quotes=3), art("a2", rewrapped(TALKS), "2020-09-16", 3)])
        store.write([art("w", WIRE, quotes=2)])
        once = queries.quotes(store, speaker="Putin")
        assert {q["article_id"] for q in once} == {"a1", "w"}
        every = queries.quotes(store, speaker="Putin", all_copies=True)
        assert len(every) == 8
        assert len(queries.quotes(store, article="a2")) == 3  # one article: all its records


def test_copies_within_one_batch(tmp_path) -> None:
    with open_store(tmp_path / "s.duckdb") as store:
        store.write([art("a1", TALKS), art("a2", trimmed(TALKS)), art("s", "A short note.")])
        rows = {r["id"]: r["story_id"] for r in store.query("SELECT id, story_id FROM articles")}
        assert rows == {"a1": "a1", "a2": "a1", "s": "s"}


def test_migration_gives_stored_articles_signatures(tmp_path) -> None:
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE _migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP)")
    for name, fn in MIGRATIONS[:4]:
        fn(con)
        con.execute("INSERT INTO _migrations (name) VALUES (?)", [name])
    con.execute(
        "INSERT INTO articles (id, text, raw_text, published) VALUES ('old', ?, ?, '2020-09-14')",
        [TALKS, TALKS],
    )
    con.execute(
        "INSERT INTO articles (id, text, raw_text, published) VALUES ('old2', ?, ?, '2020-09-15')",
        [trimmed(TALKS), trimmed(TALKS)],
    )
    assert migrate(con) == ["0005_stories"]
    grouped = con.execute("SELECT story_id, original_id FROM articles WHERE id = 'old2'").fetchone()
    assert grouped == ("old", "old")  # stores made before 0005 are grouped by the migration
    con.close()
    with open_store(db) as store:
        store.write([art("new", with_boilerplate(TALKS))])
        rows = {r["id"]: r for r in store.query("SELECT id, story_id, original_id FROM articles")}
        assert rows["new"]["story_id"] == "old" and rows["old"]["original_id"] == "old"
