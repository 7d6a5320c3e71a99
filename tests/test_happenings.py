"""One record per happening: reports merged within an article (events/merge.py) and across
articles in the store (store/merge.py), and the actors table across the store.

Events here are built by hand (no model) so each rule is tested alone; the example articles
go through the real pipeline in tests/test_event_store_cli.py.
"""

from __future__ import annotations

from typing import Any

import duckdb
import pytest

from newsgraph.events.merge import match_key, merge_in_article, same_happening
from newsgraph.store.db import open_store
from newsgraph.store.migrations import MIGRATIONS, migrate
from newsgraph.store.queries import actor_roles, actors, event_mentions, events
from newsgraph.types import Analysis, Article

RUSGOV = {"name": "Vladimir Putin", "actor_id": "actor:putin", "actor_code": "RUSGOV",
          "country": "RUS"}  # fmt: skip
BLRGOV = {"name": "Alexander Lukashenko", "actor_id": "actor:luka", "actor_code": "BLRGOV",
          "country": "BLR"}  # fmt: skip
RUS = {"name": "Russia", "actor_id": "actor:rus", "actor_code": "RUS", "country": "RUS"}


def ev(
    start: int,
    code: str = "046",
    source: dict[str, Any] | None = BLRGOV,
    target: dict[str, Any] | None = RUSGOV,
    date: str | None = None,
    place: str | None = None,
    negated: bool = False,
    confidence: float = 0.7,
    aid: str = "a1",
) -> dict[str, Any]:
    return {
        "id": f"{aid}:ev:{start}", "code": code, "root": code[:2], "name": "n", "quad_class": 1,
        "goldstein": 7.0, "plover": "CONSULT", "plover_mode": None, "source": source,
        "target": target, "date": date,
        "location": {"name": place, "country": None} if place else None,
        "modality": "asserted", "negated": negated, "figures": [], "start": start,
        "end": start + 5, "text": "talks", "sentence": f"sentence at {start}",
        "confidence": confidence, "extractor": "events.v1",
    }  # fmt: skip


# --- within one article ------------------------------------------------------------------------


def test_place_from_one_report_and_date_from_another_make_one_event() -> None:
    merged = merge_in_article(
        [ev(10, place="Sochi"), ev(300, source=None, target=None, date="2020-09-14")]
    )
    assert len(merged) == 1
    m = merged[0]
    assert m["location"]["name"] == "Sochi" and m["date"] == "2020-09-14"
    assert [x["start"] for x in m["mentions"]] == [10, 300]
    assert m["source"] == BLRGOV and m["target"] == RUSGOV


def test_symmetric_roots_ignore_the_order_of_the_sides() -> None:
    merged = merge_in_article([ev(10), ev(200, source=RUSGOV, target=BLRGOV)])
    assert len(merged) == 1
    # aid (07) is directed: Russia helping Belarus is not Belarus helping Russia
    merged = merge_in_article(
        [ev(10, "071", RUSGOV, BLRGOV), ev(200, "071", source=BLRGOV, target=RUSGOV)]
    )
    assert len(merged) == 2


def test_a_country_code_fits_a_code_of_that_country() -> None:
    merged = merge_in_article([ev(10, "042", BLRGOV, RUS), ev(100)])
    assert len(merged) == 1
    assert merged[0]["target"]["actor_code"] == "RUSGOV"  # the more specific side is kept


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (ev(10, date="2020-09-14"), ev(100, date="2020-09-20")),  # days apart
        (ev(10, place="Sochi"), ev(100, place="Minsk")),  # two places
        (ev(10), ev(100, negated=True)),  # denied and asserted
        (ev(10), ev(100, "141")),  # another root
        (ev(10), ev(100, source=BLRGOV, target={**RUSGOV, "actor_code": "UKRGOV"})),
        (ev(10), ev(2000)),  # far apart with no shared day or place
    ],
)
def test_reports_that_are_not_one_act(a: dict[str, Any], b: dict[str, Any]) -> None:
    assert len(merge_in_article([a, b])) == 2


def test_far_apart_reports_sharing_a_stated_day_merge() -> None:
    merged = merge_in_article([ev(10, date="2020-09-14"), ev(3000, date="2020-09-14")])
    assert len(merged) == 1


def test_the_best_report_gives_the_evidence() -> None:
    merged = merge_in_article(
        [ev(10, source=None, target=None, confidence=0.4), ev(100, place="Sochi", confidence=0.7)]
    )
    assert len(merged) == 1 and merged[0]["start"] == 100
    assert merged[0]["id"] == "a1:ev:100"


def test_match_key_and_same_happening() -> None:
    assert match_key(ev(1)) == match_key(ev(5, source=RUSGOV, target=BLRGOV))
    assert match_key(ev(1, "071", RUSGOV, BLRGOV)) != match_key(ev(1, "071", BLRGOV, RUSGOV))
    assert match_key(ev(1)) != match_key(ev(1, negated=True))
    assert same_happening(ev(1), ev(2), "2020-09-14", "2020-09-15")
    assert not same_happening(ev(1), ev(2), "2020-09-14", "2020-09-16")
    assert same_happening(ev(1, date="2020-09-14"), ev(2), None, "2020-09-15")
    assert same_happening(ev(1), ev(2))  # within an article the day may be unknown
    assert not same_happening(ev(1), ev(2), None, "2020-09-15", need_days=True)


# --- across articles, in the store -------------------------------------------------------------


def analysis(aid: str, evs: list[dict[str, Any]], *, source: str = "Outlet A",
             published: str | None = "2020-09-15",
             acts: tuple[dict[str, Any], ...] = ()) -> Analysis:  # fmt: skip
    text = "x" * 4000
    art = Article(aid, text, text, source=source, published=published, input_name=f"{aid}.txt")
    for e in evs:
        e["id"] = e["id"].replace("a1:", f"{aid}:")
    return Analysis(art, events=tuple(evs), actors=acts)


def test_two_articles_reporting_one_meeting_give_one_event(tmp_path) -> None:
    with open_store(tmp_path / "s.duckdb") as store:
        first = ev(10, place="Sochi", date="2020-09-14")
        first["mentions"] = [
            {"id": "x", "start": 10, "end": 15},
            {"id": "y", "start": 90, "end": 95},
        ]
        store.write([analysis("a1", [first])])
        store.write([analysis("a2", [ev(50, source=RUSGOV, target=BLRGOV)], source="Outlet B",
                              published="2020-09-14")])  # fmt: skip
        rows = events(store)
        assert len(rows) == 1
        row = rows[0]
        assert (row["mentions"], row["sources"], row["articles"]) == (3, 2, 2)
        assert row["id"] == "a1:ev:10" and str(row["day"]) == "2020-09-14"
        reports = event_mentions(store, row["id"])
        assert {r["article_id"] for r in reports} == {"a1", "a2"}
        assert {r["outlet"] for r in reports} == {"Outlet A", "Outlet B"}


def test_a_later_report_fills_the_place(tmp_path) -> None:
    with open_store(tmp_path / "s.duckdb") as store:
        store.write([analysis("a1", [ev(10, date="2020-09-14")])])
        store.write([analysis("a2", [ev(10, place="Sochi")], published="2020-09-14")])
        (row,) = events(store)
        assert row["location"] == "Sochi" and row["articles"] == 2


@pytest.mark.parametrize(
    ("later", "published"),
    [
        (ev(10, date="2020-09-20"), "2020-09-20"),  # another day
        (ev(10, place="Minsk", date="2020-09-14"), "2020-09-15"),  # another place
        (ev(10, "071", RUSGOV, BLRGOV), "2020-09-15"),  # another act
        (ev(10, source=BLRGOV, target=None), "2020-09-15"),  # one side, no place: no evidence
        (ev(10, source=None, target=None, place="Sochi"), "2020-09-15"),  # no side at all
        (ev(10, place="Sochi"), None),  # no day at all
    ],
)
def test_reports_kept_apart_across_articles(tmp_path, later, published) -> None:
    with open_store(tmp_path / "s.duckdb") as store:
        first = ev(10, place="Sochi", date=None if published is None else "2020-09-14")
        store.write([analysis("a1", [first], published=None)])
        store.write([analysis("a2", [later], published=published)])
        assert len(events(store, negated=None)) == 2
        counts = store.con.execute("SELECT count(*) FROM event_mentions").fetchone()
        assert counts == (2,)


def test_reports_within_one_batch_merge_and_rewrites_change_nothing(tmp_path) -> None:
    with open_store(tmp_path / "s.duckdb") as store:
        batch = [
            analysis("a1", [ev(10, place="Sochi")]),
            analysis("a2", [ev(20, place="Sochi")], source="Outlet B"),
            analysis("a3", [ev(30)], source="Outlet B"),
        ]
        assert store.write(batch) == 3
        (row,) = events(store)
        assert (row["mentions"], row["sources"], row["articles"]) == (3, 2, 3)
        assert store.write(batch) == 0
        assert events(store)[0]["articles"] == 3


def _actor(aid: str, name: str, roles: list[str], code: str | None = "BLRGOV") -> dict[str, Any]:
    return {
        "id": aid, "name": name, "type": "PERSON", "country": "BLR", "sector": "GOV",
        "actor_code": code, "aliases": [], "roles": roles, "entities": ["e1"], "mentions": 3,
    }  # fmt: skip


def test_actors_add_up_across_articles_with_dated_roles(tmp_path) -> None:
    with open_store(tmp_path / "s.duckdb") as store:
        store.write([analysis("a1", [], acts=(_actor("actor:l", "Alexander Lukashenko",
                                                             ["President of Belarus"]),))])  # fmt: skip
        store.write([analysis("a2", [], published="2021-03-01",
                              acts=(_actor("actor:l", "Aleksandr Lukashenka", ["the Belarusian leader"]),))])  # fmt: skip
        (row,) = actors(store)
        assert row["name"] == "Alexander Lukashenko"
        assert "Aleksandr Lukashenka" in row["aliases"]
        assert (row["articles"], row["mentions"]) == (2, 6)
        assert str(row["first_seen"]) == "2020-09-15" and str(row["last_seen"]) == "2021-03-01"
        assert actors(store, name="Lukashenka")[0]["id"] == "actor:l"
        roles = {r["role"]: str(r["as_of"]) for r in actor_roles(store, actor_ids=["actor:l"])}
        assert roles == {
            "President of Belarus": "2020-09-15",
            "the Belarusian leader": "2021-03-01",
        }


def test_event_filters(tmp_path) -> None:
    with open_store(tmp_path / "s.duckdb") as store:
        store.write(
            [
                analysis("a1", [ev(10, place="Sochi", date="2020-09-14"),
                                ev(200, "173", {"name": "police", "actor_id": None,
                                                "actor_code": "BLRCOP", "country": "BLR"},
                                   None, date="2020-09-13", place="Minsk"),
                                ev(400, "040", RUSGOV, BLRGOV, negated=True, place="Sochi")]),
            ]
        )  # fmt: skip
        assert {r["code"] for r in events(store)} == {"046", "173"}
        assert len(events(store, negated=None)) == 3
        assert [r["code"] for r in events(store, code="17")] == ["173"]
        assert [r["code"] for r in events(store, actor="BLRCOP")] == ["173"]
        assert [r["code"] for r in events(store, actor="putin")] == ["046"]
        assert [r["code"] for r in events(store, since="2020-09-14")] == ["046"]
        assert [r["code"] for r in events(store, until="2020-09-13")] == ["173"]
        assert {r["code"] for r in events(store, country="blr")} == {"046", "173"}
        assert events(store, country="USA") == []


def test_migration_moves_stored_events_into_event_mentions(tmp_path) -> None:
    """A store made before 0004 keeps its events: each becomes a report of its own event."""
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE _migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP)")
    for name, fn in MIGRATIONS[:3]:
        fn(con)
        con.execute("INSERT INTO _migrations (name) VALUES (?)", [name])
    con.execute("INSERT INTO articles (id, text, raw_text, published, source) VALUES "
                "('a1', 't', 't', DATE '2020-09-15', 'Outlet A')")  # fmt: skip
    import json

    record = ev(10, place="Sochi", date="2020-09-14")
    con.execute(
        "INSERT INTO events VALUES ('a1:ev:10', 'a1', 10, 15, 'events.v1', ?)",
        [json.dumps(record)],
    )
    assert migrate(con) == ["0004_events_actors", "0005_stories"]
    row = con.execute(
        "SELECT id, code, source_code, target_code, date, location_name, num_articles FROM events"
    ).fetchone()
    assert row is not None
    assert row[:4] == ("a1:ev:10", "046", "BLRGOV", "RUSGOV")
    assert str(row[4]) == "2020-09-14" and row[5:] == ("Sochi", 1)
    back = con.execute("SELECT event_id, outlet, record FROM event_mentions").fetchone()
    assert back is not None and back[:2] == ("a1:ev:10", "Outlet A")
    assert json.loads(back[2]) == record
    con.close()


# --- canonical actors of an article ------------------------------------------------------------


def _entity(eid: str, name: str, typ: str, roles: tuple[str, ...] = ()) -> Any:
    from newsgraph.types import Entity, Mention

    return Entity(eid, name, typ, (Mention(0, len(name), name),), roles=roles)


def test_spellings_of_one_person_get_one_actor_id() -> None:
    from newsgraph.resolve.article_actors import article_actors

    a, _ = article_actors(
        [_entity("e1", "Alexander Lukashenko", "PERSON", ("President of Belarus",))]
    )
    b, _ = article_actors([_entity("e1", "Aleksandr Lukashenka", "PERSON")])
    c, _ = article_actors([_entity("e1", "Alexander Lukoshko", "PERSON")])
    assert a[0]["id"] == b[0]["id"] != c[0]["id"]
    assert a[0]["actor_code"] == "BLRGOV" and a[0]["roles"] == ["President of Belarus"]


def test_context_bound_bodies_stay_apart_and_cities_are_no_actors() -> None:
    from newsgraph.resolve.article_actors import article_actors

    ents = [_entity("e1", "Interior Ministry", "ORG"), _entity("e2", "Sochi", "PLACE"),
            _entity("e3", "Russia", "PLACE")]  # fmt: skip
    blr, of_entity = article_actors(ents, "BLR")
    rus, _ = article_actors(ents, "RUS")
    assert [x["actor_code"] for x in blr] == ["BLRGOV", "RUS"]
    assert blr[0]["id"] != rus[0]["id"]  # two ministries
    assert blr[1]["id"] == rus[1]["id"]  # one Russia
    assert set(of_entity) == {"e1", "e3"}
