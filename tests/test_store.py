"""The DuckDB store: migrations, round trips, idempotence, whole-batch transactions."""

from __future__ import annotations

import dataclasses

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.store.db import Store, open_store, sql_literal
from newsgraph.store.migrations import MIGRATIONS
from newsgraph.store.queries import load_analysis
from newsgraph.types import Analysis, Article, Citation, Entity, Figure, Mention, Quote, Removed

text_st = st.text(min_size=1, max_size=80)


@st.composite
def analyses(draw) -> Analysis:
    raw = draw(st.text(min_size=5, max_size=300))
    aid = draw(st.text(alphabet="abcdef0123456789", min_size=8, max_size=16))
    n = len(raw)
    span = st.tuples(st.integers(0, n), st.integers(0, n)).map(sorted)
    removed = tuple(
        Removed(draw(st.sampled_from(["ad", "promo"])), raw[s:e], s, e, "rule")
        for s, e in draw(st.lists(span, max_size=3))
    )
    ents = []
    for k, (typ, name) in enumerate(
        draw(
            st.lists(
                st.tuples(st.sampled_from(["PERSON", "ORG", "PLACE", "GROUP"]), text_st), max_size=4
            )
        )
    ):
        mentions = tuple(
            Mention(s, e, raw[s:e]) for s, e in draw(st.lists(span, min_size=1, max_size=3))
        )
        ents.append(
            Entity(
                f"{aid}-e{k}",
                name,
                typ,
                tuple(sorted(mentions, key=lambda m: m.start)),
                roles=tuple(draw(st.lists(text_st, max_size=2))),
            )
        )
    figs = []
    for k, (s, e) in enumerate(sorted(draw(st.lists(span, max_size=3)))):
        figs.append(
            Figure(
                f"{aid}:fig:{k}",
                raw[s:e],
                draw(st.floats(allow_nan=False, allow_infinity=False)),
                draw(st.none() | st.floats(allow_nan=False, allow_infinity=False)),
                draw(st.sampled_from(["USD", "percent", "person"])),
                draw(st.sampled_from([None, "about", "at least"])),
                draw(st.none() | text_st),
                s,
                e,
                draw(text_st),
            )
        )

    def mention():
        s, e = draw(span)
        return Mention(s, e, raw[s:e])

    quotes = []
    for k, (s, e) in enumerate(sorted(draw(st.lists(span, max_size=3)))):
        quotes.append(
            Quote(
                f"{aid}:q:{k}",
                raw[s:e],
                draw(st.sampled_from(["direct", "partial", "indirect", "mixed"])),
                s,
                e,
                draw(st.none() | text_st),
                draw(st.none() | text_st),
                draw(st.none() | st.builds(mention)),
                draw(st.none() | st.builds(mention)),
                tuple(draw(st.lists(text_st, max_size=2))),
                draw(text_st),
                tuple(draw(st.lists(span.map(tuple), max_size=2))),
            )
        )
    citations = [
        Citation(f"{aid}:c:{k}", draw(text_st), draw(st.sampled_from(["media", "anonymous"])),
                 raw[s:e], draw(st.none() | st.builds(mention)), s, e, draw(text_st))
        for k, (s, e) in enumerate(sorted(draw(st.lists(span, max_size=3))))
    ]  # fmt: skip
    side = st.none() | st.fixed_dictionaries(
        {
            "name": text_st,
            "actor_id": st.none() | text_st,
            "entity_id": st.none() | text_st,
            "actor_code": st.none() | st.sampled_from(["RUSGOV", "BLR", "---EDU"]),
            "country": st.none() | st.sampled_from(["RUS", "BLR"]),
        }
    )
    events = []
    for k, (s, e) in enumerate(sorted(draw(st.lists(span, max_size=3)))):
        code = draw(st.sampled_from(["046", "0331", "141", "173"]))
        spans = [(s, e), *draw(st.lists(span, max_size=2))]
        events.append(
            {
                "id": f"{aid}:ev:{k}", "code": code, "root": code[:2], "name": draw(text_st),
                "quad_class": 1, "goldstein": 3.5, "plover": "CONSULT", "plover_mode": None,
                "source": draw(side), "target": draw(side),
                "date": draw(st.none() | st.dates().map(lambda d: d.isoformat())),
                "location": draw(st.none() | st.fixed_dictionaries({"name": text_st,
                                                                     "country": st.none()})),
                "modality": "asserted", "negated": draw(st.booleans()), "figures": [],
                "start": s, "end": e, "text": raw[s:e], "sentence": draw(text_st),
                "confidence": 0.5, "extractor": "events.v1",
                "mentions": [{"id": f"{aid}:ev:{k}:{j}", "start": a, "end": b,
                              "text": raw[a:b], "sentence": "s"}
                             for j, (a, b) in enumerate(spans)],
            }
        )  # fmt: skip
    actors = [
        {
            "id": f"actor:{k}", "name": draw(text_st),
            "type": draw(st.sampled_from(["PERSON", "ORG", "PLACE", "GROUP"])),
            "country": draw(st.none() | st.just("BLR")), "sector": draw(st.none() | st.just("GOV")),
            "actor_code": draw(st.none() | st.just("BLRGOV")),
            "aliases": draw(st.lists(text_st, max_size=2)), "roles": draw(st.lists(text_st, max_size=2)),
            "entities": [f"{aid}-e{k}"], "mentions": draw(st.integers(0, 50)),
        }
        for k in range(draw(st.integers(0, 3)))
    ]  # fmt: skip
    article = Article(
        id=aid,
        text=raw.strip() or raw,
        raw=raw,
        title=draw(st.none() | text_st),
        source=draw(st.none() | text_st),
        url=None,
        published=draw(st.none() | st.dates().map(lambda d: d.isoformat())),
        authors=tuple(draw(st.lists(text_st, max_size=3, unique=True))),
        language="en",
        removed=tuple(sorted(removed, key=lambda r: r.start)),
        input_name="in.txt",
    )
    return Analysis(
        article=article,
        entities=tuple(ents),
        figures=tuple(figs),
        quotes=tuple(quotes),
        citations=tuple(citations),
        events=tuple(events),
        actors=tuple(actors),
    )


def _normal(a: Analysis) -> dict:
    d = a.to_dict()
    d["entities"].sort(key=lambda e: e["id"])
    d["removed"] = sorted(
        d["article"].pop("removed"), key=lambda r: (r["start"], r["end"], r["kind"])
    )
    return d


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(analyses())
def test_round_trip(tmp_path, a: Analysis) -> None:
    db = tmp_path / "rt.duckdb"
    with open_store(db) as store:
        store.con.execute("DELETE FROM articles")
        for t in ("removed", "entities", "mentions", "figures", "quotes", "citations",
                  "events", "event_mentions", "actors", "article_actors",
                  "article_signatures", "article_bands"):  # fmt: skip
            store.con.execute(f"DELETE FROM {t}")
        assert store.write([a]) == 1
        back = load_analysis(store, a.article.id)
    assert back is not None
    # a lone article is its own story and its own original
    assert back.article.story_id == back.article.original_id == a.article.id
    stored = dataclasses.replace(a.article, story_id=a.article.id, original_id=a.article.id)
    assert _normal(back) == _normal(dataclasses.replace(a, article=stored))


def _analysis(aid: str, n_fig: int = 2) -> Analysis:
    raw = "Russia lent Belarus $1.5 billion. " * 3
    figs = tuple(
        Figure(f"{aid}:fig:{i}", "$1.5 billion", 1.5e9, None, "USD", None, "loan", 20, 32, raw[:33])
        for i in range(n_fig)
    )
    ents = (Entity(f"{aid}-e1", "Russia", "PLACE", (Mention(0, 6, "Russia"),)),)
    return Analysis(Article(aid, raw, raw, input_name=f"{aid}.txt"), ents, figs)


def test_migrations_run_once_and_are_recorded(tmp_path) -> None:
    db = tmp_path / "m.duckdb"
    with open_store(db):
        pass
    with open_store(db) as store:
        names = [r["name"] for r in store.query("SELECT name FROM _migrations ORDER BY name")]
    assert names == [name for name, _ in MIGRATIONS]


def test_writing_twice_changes_nothing(tmp_path) -> None:
    with open_store(tmp_path / "i.duckdb") as store:
        assert store.write([_analysis("a1"), _analysis("a2")]) == 2
        before = store.counts()
        assert store.write([_analysis("a1"), _analysis("a2")]) == 0
        assert store.counts() == before
        assert before["articles"] == 2 and before["figures"] == 4 and before["mentions"] == 2


def test_a_failed_batch_leaves_nothing_behind(tmp_path) -> None:
    from newsgraph.errors import StoreError

    good = _analysis("ok")
    # two figures with one id violate the primary key in the middle of the batch
    bad = dataclasses.replace(_analysis("bad"), figures=_analysis("bad").figures[:1] * 2)
    with open_store(tmp_path / "t.duckdb") as store:
        with pytest.raises(StoreError):
            store.write([good, bad])
        assert store.counts()["articles"] == 0
        assert store.counts()["entities"] == 0
        assert store.write([good]) == 1


def test_failures_are_one_row_per_input_and_cleared_by_success(tmp_path) -> None:
    from newsgraph.types import Failure

    with open_store(tmp_path / "f.duckdb") as store:
        store.record_failures([Failure("ok.txt", "empty input", "read")])
        store.record_failures([Failure("ok.txt", "empty input", "read")])
        rows = store.query("SELECT input, attempts FROM failures")
        assert rows == [{"input": "ok.txt", "attempts": 2}]
        store.write([_analysis("ok")])
        assert store.counts()["failures"] == 0


@pytest.mark.parametrize(
    "value",
    [
        "it's",
        "nul\x00byte 'x'",
        "back\\slash",
        "semi; DROP TABLE articles; --",
        "uni “quotes” ‘x’ ü",
        "",
        0,
        -3,
        1.5,
        1e300,
        None,
        True,
        ["a'b", "c"],
        [],
    ],
)
def test_sql_literals_round_trip(value) -> None:
    got = duckdb.connect().execute(f"SELECT {sql_literal(value)}").fetchone()[0]
    assert got == (list(value) if isinstance(value, list) else value)


def test_read_only_store_that_does_not_exist(tmp_path) -> None:
    from newsgraph.errors import StoreError

    with pytest.raises(StoreError, match="no such database"):
        Store(tmp_path / "missing.duckdb", read_only=True)


def test_an_article_the_store_refuses_costs_only_itself(tmp_path) -> None:
    """The runner writes a refused batch article by article and records the one that fails."""
    from newsgraph.pipeline import Analyzer
    from newsgraph.scale.local import run_ingest
    from newsgraph.settings import Settings

    good = [_analysis(f"ok{i}") for i in range(3)]
    bad = dataclasses.replace(_analysis("bad"), figures=_analysis("bad").figures[:1] * 2)

    class Replay(Analyzer):  # feeds ready-made analyses; no model, no input files
        def __init__(self, items):
            self.items = items

        def run(self, items, known=None):
            yield from self.items

    settings = Settings(db=str(tmp_path / "r.duckdb"), batch_size=10)
    seen = []
    summary = run_ingest([], settings, progress=False, on_failure=seen.append,
                         analyzer=Replay([good[0], bad, *good[1:]]))  # fmt: skip
    assert (summary.stored, summary.failed) == (3, 1)
    assert seen[0].input_name == "bad.txt" and seen[0].stage == "store"
    with open_store(settings.db) as store:
        assert store.counts()["articles"] == 3
        assert store.query("SELECT input, stage FROM failures") == [
            {"input": "bad.txt", "stage": "store"}
        ]
