"""The event scorer (shared/data/events README, section 3) on gold lines written for these tests.

No sentence of the development set is used here: it is third-party data and stays outside the
repo. The sentences below are invented; only the events attached to them are scored.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from newsgraph.errors import InputError, MalformedInput
from newsgraph.evaluate.events import (
    Counts,
    ErrorSplit,
    Event,
    EventScores,
    GoldSentence,
    country_of,
    format_report,
    load_gold,
    load_predictions,
    match,
    normalise_actor_code,
    normalise_code,
    run_eval_events,
    score,
)
from tests.conftest import run_cli


def gold_event(
    code: str | None = None,
    plover: str | None = None,
    source: str | None = None,
    target: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    return {"code": code, "plover": plover, "source": source, "target": target, **extra}


def pred_event(
    code: Any = None,
    plover: str | None = None,
    source: Any = None,
    target: Any = None,
    **extra: Any,
) -> dict[str, Any]:
    """An event as ``newsgraph analyze`` writes it: actors are objects."""

    def actor(a: Any) -> Any:
        return {"name": "x", "actor_code": a} if isinstance(a, str) else a

    return {
        "code": code,
        "plover": plover,
        "source": actor(source),
        "target": actor(target),
        **extra,
    }


def sentence(sid: str, *events: dict[str, Any], **extra: Any) -> GoldSentence:
    line = {"id": sid, "text": "An invented sentence.", "events": list(events), **extra}
    return _gold_from_lines([line])[0]


def _gold_from_lines(lines: list[dict[str, Any]]) -> list[GoldSentence]:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "gold.jsonl"
        p.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
        return load_gold(p)


def preds(*events: dict[str, Any]) -> list[Event]:
    return [Event.from_prediction(e) for e in events]


def one(gold: GoldSentence, *events: dict[str, Any], **kw: Any) -> EventScores:
    return score([gold], {gold.id: preds(*events)}, **kw)


def tp(scores: EventScores, metric: str) -> tuple[int, int, int]:
    c = scores.get(metric).counts
    return c.tp, c.fp, c.fn


# -- normalisation ------------------------------------------------------------------------


def test_codes_are_strings_compared_exactly() -> None:
    assert normalise_code(42) == "42" and normalise_code("042") == "042"
    assert normalise_code(" 0311 ") == "0311"
    assert normalise_code("") is None and normalise_code(None) is None
    assert normalise_code(True) is None
    g = sentence("s", gold_event("042", None, "RUSGOV", "BLRGOV"))
    assert tp(one(g, pred_event(42, None, "RUSGOV", "BLRGOV")), "strict") == (0, 1, 1)
    assert tp(one(g, pred_event("042", None, "RUSGOV", "BLRGOV")), "strict") == (1, 0, 0)


def test_root_is_the_first_two_digits() -> None:
    assert Event(code="0311").root == "03"
    assert Event(code="1823").root == "18"
    assert Event(code="4").root is None
    g = sentence("s", gold_event("0311", None, "RUSGOV", "BLRGOV"))
    s = one(g, pred_event("031", None, "RUSGOV", "BLRGOV"))
    assert tp(s, "strict") == (0, 1, 1)
    assert tp(s, "relaxed") == (1, 0, 0)
    assert tp(s, "root") == (1, 0, 0)


def test_actor_codes_are_upper_cased() -> None:
    assert normalise_actor_code(" rusGov ") == "RUSGOV"
    g = sentence("s", gold_event("042", None, "rusgov", "BLRgov"))
    assert tp(one(g, pred_event("042", None, "RUSGOV", "blrgov")), "strict") == (1, 0, 0)


@pytest.mark.parametrize("nobody", [None, "", "---", "  ", {"name": "x", "actor_code": None}])
def test_null_empty_and_dashes_are_no_actor(nobody: Any) -> None:
    assert normalise_actor_code("---") is None and normalise_actor_code("") is None
    g = sentence("s", gold_event("130", None, "IRNGOV", None))
    assert tp(one(g, pred_event("130", None, "IRNGOV", nobody)), "strict") == (1, 0, 0)
    g2 = sentence("s", gold_event("130", None, "IRNGOV", "---"))
    assert tp(one(g2, pred_event("130", None, "IRNGOV", nobody)), "strict") == (1, 0, 0)


def test_dashes_with_an_agent_are_a_code() -> None:
    assert normalise_actor_code("---reb") == "---REB"
    assert country_of("---REB") is None  # its country is unknown
    g = sentence("s", gold_event("190", None, "---REB", "SYRMIL"))
    assert tp(one(g, pred_event("190", None, "---REB", "SYRMIL")), "strict") == (1, 0, 0)
    assert tp(one(g, pred_event("190", None, None, "SYRMIL")), "strict") == (0, 1, 1)
    # relaxed: no source country on either side, so they are equal
    assert tp(one(g, pred_event("193", None, None, "SYRGOV")), "relaxed") == (1, 0, 0)


def test_a_country_without_a_code_counts_as_the_bare_country() -> None:
    g = sentence("s", gold_event("042", None, "RUS", "BLR"))
    p = pred_event("042", None, {"name": "Moscow", "country": "rus"}, {"country": "BLR"})
    assert tp(one(g, p), "strict") == (1, 0, 0)
    # the same rule on the gold side
    g2 = sentence(
        "s", gold_event("042", None, None, None, source_country="RUS", target_country="BLR")
    )
    assert g2.events[0].source == "RUS" and g2.events[0].target == "BLR"
    assert tp(one(g2, pred_event("042", None, "RUS", "BLR")), "strict") == (1, 0, 0)


def test_country_is_the_actors_country_else_the_code_prefix() -> None:
    assert country_of("IGOUNO") == "IGO"
    assert country_of("USAGOV", "rus") == "RUS"
    assert country_of(None, None) is None
    g = sentence("s", gold_event(None, "AGREE", "IGOUNO", "JPN"))
    assert g.events[0].source_country == "IGO"
    assert tp(one(g, pred_event(None, "AGREE", "IGO", None)), "plover") == (1, 0, 0)
    # an explicit country wins over the code's prefix, on both sides
    g2 = sentence("s", gold_event(None, "AGREE", "IGOUNO", None, source_country="CHE"))
    assert tp(
        one(g2, pred_event(None, "AGREE", {"actor_code": "IGOUNO", "country": "CHE"})), "plover"
    ) == (1, 0, 0)
    assert tp(one(g2, pred_event(None, "AGREE", "IGOUNO")), "plover") == (0, 1, 1)


def test_prediction_actor_as_a_bare_string_and_flat_country() -> None:
    e = Event.from_prediction(
        {"code": "042", "source": "rusgov", "target": None, "target_country": "blr"}
    )
    assert (e.source, e.source_country, e.target, e.target_country) == (
        "RUSGOV",
        "RUS",
        "BLR",
        "BLR",
    )


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("DEMAND", "REQUEST"),
        ("DISAPPROVE", "ACCUSE"),
        ("INVESTIGATE", "ACCUSE"),
        ("FIGHT", "ASSAULT"),
    ],
)
def test_plover_0_5b1_labels_are_mapped(old: str, new: str) -> None:
    g = sentence("s", gold_event(None, old, "FRA", "IRQ"))
    assert g.events[0].plover == new
    assert tp(one(g, pred_event(None, new.lower(), "FRAGOV", None)), "plover") == (1, 0, 0)
    assert tp(one(g, pred_event(None, old, "FRA", None)), "plover") == (1, 0, 0)


def test_exact_duplicates_count_once() -> None:
    e = gold_event("173", "COERCE", "BLRCOP", "BLROPP")
    g = sentence("s", e, dict(e))
    assert len(g.events) == 1 and g.duplicates == 1
    p = pred_event("173", "COERCE", "BLRCOP", "BLROPP")
    s = one(g, p, dict(p), dict(p))
    assert tp(s, "strict") == (1, 0, 0)
    assert s.predicted_events == 1 and s.predicted_duplicates == 2 and s.gold_duplicates == 1
    # events that differ in any field are not duplicates
    s2 = one(g, p, pred_event("173", "COERCE", "BLRCOP", "BLRCVL"))
    assert tp(s2, "strict") == (1, 1, 0)
    assert tp(s2, "plover") == (1, 1, 0)  # same type and source, but a second event


# -- matching -----------------------------------------------------------------------------


def test_greedy_one_to_one_matching() -> None:
    assert match(["a", "a", "b"], ["a", "b", "a", "a"]) == [0, 2, 1]
    assert match(["a", "a"], ["a"]) == [0, None]
    assert match([], ["a"]) == []
    # a compound actor: one gold event per (source, target) pair
    g = sentence(
        "s",
        gold_event(None, "THREATEN", "PAK", "COD"),
        gold_event(None, "THREATEN", "PAK", "CRI"),
    )
    assert tp(one(g, pred_event(None, "THREATEN", "PAKGOV", "COD")), "plover") == (1, 0, 1)
    both = one(
        g, pred_event(None, "THREATEN", "PAK", "COD"), pred_event(None, "THREATEN", "PAK", "CRI")
    )
    assert tp(both, "plover") == (2, 0, 0)
    assert tp(both, "countries") == (2, 0, 0)


def test_each_prediction_is_used_once() -> None:
    g = sentence("s", gold_event("0331", "AGREE", "RUS", "BLR"))
    s = one(g, pred_event("0331", "AGREE", "RUS", "BLR"), pred_event("0331", "AGREE", "RUS", "UKR"))
    assert tp(s, "plover") == (1, 1, 0)
    assert tp(s, "strict") == (1, 1, 0)


def test_missing_target() -> None:
    g = sentence("s", gold_event("036", "AGREE", "ISR", None))
    assert tp(one(g, pred_event("036", "AGREE", "ISR", None)), "strict") == (1, 0, 0)
    s = one(g, pred_event("036", "AGREE", "ISR", "LBN"))
    assert tp(s, "strict") == (0, 1, 1)
    assert tp(s, "relaxed") == (0, 1, 1)
    assert tp(s, "plover") == (1, 0, 0)  # the target is ignored
    # a gold event without the target key at all
    g2 = _gold_from_lines([{"id": "t", "text": "x", "events": [{"code": "036", "source": "ISR"}]}])[
        0
    ]
    assert tp(score([g2], {"t": preds(pred_event("036", None, "ISR"))}), "strict") == (1, 0, 0)


# -- every metric, by hand ----------------------------------------------------------------


@pytest.fixture
def mixed() -> EventScores:
    """Five invented sentences with CAMEO codes and PLOVER types (hand-computed below)."""
    gold = _gold_from_lines(
        [
            {  # all metrics match
                "id": "s1",
                "text": "Ruritania pledged a loan to Freedonia.",
                "category": "a",
                "events": [gold_event("0331", "AGREE", "RUSGOV", "BLRGOV")],
            },
            {  # visit vs host: a root match, not a code match
                "id": "s2",
                "text": "The Freedonian leader went to Ruritania.",
                "category": "a",
                "events": [gold_event("042", "CONSULT", "BLRGOV", "RUS")],
            },
            {  # another type, actors swapped: only the country dyad agrees
                "id": "s3",
                "text": "Police detained opposition members.",
                "category": "b",
                "events": [gold_event("173", "COERCE", "BLRCOP", "BLROPP")],
            },
            {  # no gold event
                "id": "s4",
                "text": "The weather was fine.",
                "events": [],
                "no_event": True,
            },
            {  # no prediction line at all
                "id": "s5",
                "text": "Troops shelled the border town.",
                "events": [gold_event("190", "FIGHT", "RUSMIL", "UKR")],
            },
        ]
    )
    predictions = {
        "s1": preds(pred_event("0331", "AGREE", "RUSGOV", "BLRGOV")),
        "s2": preds(pred_event("043", "CONSULT", "BLRGOV", "RUSGOV")),
        "s3": preds(pred_event("145", "PROTEST", "BLROPP", "BLRCOP")),
        "s4": preds(pred_event("010", None, "USA", None)),  # no PLOVER type: unscorable there
        "elsewhere": preds(pred_event("010", None, "USA", None)),
    }
    return score(gold, predictions)


def test_strict(mixed: EventScores) -> None:
    m = mixed.get("strict")
    assert m.applies
    assert (m.counts.tp, m.counts.fp, m.counts.fn) == (1, 3, 3)
    assert m.counts.precision == pytest.approx(0.25)
    assert m.counts.recall == pytest.approx(0.25)
    assert m.counts.f1 == pytest.approx(0.25)
    assert m.extra_per_sentence == pytest.approx(3 / 5)
    assert m.errors == ErrorSplit(type=0, actors=0, missed=3, spurious=3)


def test_relaxed(mixed: EventScores) -> None:
    m = mixed.get("relaxed")
    assert (m.counts.tp, m.counts.fp, m.counts.fn) == (2, 2, 2)
    assert m.counts.f1 == pytest.approx(0.5)
    assert m.errors == ErrorSplit(type=1, actors=0, missed=1, spurious=1)
    assert m.confusions == (("17", "14", 1),)
    assert m.per_class["03"] == Counts(tp=1)
    assert m.per_class["04"] == Counts(tp=1)
    assert m.per_class["17"] == Counts(fn=1)
    assert m.per_class["14"] == Counts(fp=1)
    assert m.per_class["01"] == Counts(fp=1)
    assert m.per_class["19"] == Counts(fn=1)


def test_plover(mixed: EventScores) -> None:
    m = mixed.get("plover")
    assert (m.counts.tp, m.counts.fp, m.counts.fn) == (2, 1, 2)
    assert m.unscorable == 1  # the statement in s4
    assert m.counts.precision == pytest.approx(2 / 3)
    assert m.counts.recall == pytest.approx(1 / 2)
    assert m.counts.f1 == pytest.approx(4 / 7)
    assert m.extra_per_sentence == pytest.approx(1 / 5)
    assert m.errors == ErrorSplit(type=1, actors=0, missed=1, spurious=0)
    assert m.confusions == (("COERCE", "PROTEST", 1),)
    assert m.per_class["ASSAULT"] == Counts(fn=1)  # FIGHT mapped
    assert m.per_class["PROTEST"] == Counts(fp=1)


def test_diagnostics(mixed: EventScores) -> None:
    assert tp(mixed, "root") == (2, 2, 2)
    assert tp(mixed, "plover_type") == (2, 1, 2)
    assert mixed.get("plover_type").unscorable == 1
    c = mixed.get("countries").counts
    assert (c.tp, c.fp, c.fn) == (3, 1, 1)
    assert c.f1 == pytest.approx(0.75)


def test_summary_figures(mixed: EventScores) -> None:
    s = mixed
    assert s.sentences == 5 and s.gold_events == 4 and s.predicted_events == 4
    assert s.sentences_without_predictions == 1
    assert s.unknown_articles == 1
    assert s.primary == "strict"
    assert s.extra_events_per_sentence == pytest.approx(0.6)
    assert s.no_event_sentences == 1 and s.no_event_accuracy == 0.0
    assert s.categories == ("a", "b")
    assert s.get("strict").by_category == {"a": Counts(tp=1, fp=1, fn=1), "b": Counts(fp=1, fn=1)}
    d = s.to_dict()
    assert d["primary_metric"] == "strict" and d["extra_events_per_sentence"] == 0.6
    assert d["metrics"]["plover"]["f1"] == round(4 / 7, 4)
    assert d["metrics"]["relaxed"]["confusions"] == [{"gold": "17", "predicted": "14", "count": 1}]
    json.dumps(d)
    report = format_report(s)
    assert "primary metric: strict" in report and "COERCE -> PROTEST: 1" in report
    assert "per category" in report


def test_actor_errors() -> None:
    g = sentence("s", gold_event(None, "AGREE", "RUS", "BLR"))
    m = one(g, pred_event(None, "AGREE", "UKR", "BLR")).get("plover")
    assert m.errors == ErrorSplit(type=0, actors=1, missed=0, spurious=0)


def test_plover_only_gold_shows_strict_as_not_applicable() -> None:
    g = sentence("s", gold_event(None, "AGREE", "JPN", None))
    s = one(g, pred_event("036", "AGREE", "JPN", None))
    assert not s.get("strict").applies and not s.get("relaxed").applies
    assert s.get("strict").gold_left_out == 1
    assert s.primary == "plover"
    d = s.to_dict()["metrics"]["strict"]
    assert d["applies"] is False and d["f1"] is None
    assert "n/a" in format_report(s)


def test_no_event_accuracy() -> None:
    empty = [
        sentence("n1"),
        sentence("n2"),
        sentence("e", gold_event("0331", "AGREE", "RUS", "BLR")),
    ]
    s = score(empty, {"n1": [], "n2": preds(pred_event("010", None, "USA"))})
    assert s.no_event_sentences == 2 and s.no_event_accuracy == 0.5
    assert s.sentences_without_predicted_events == 1 and s.sentences_without_predictions == 1
    assert score([sentence("e", gold_event("0331"))], {}).no_event_accuracy is None


def test_negated_events_are_not_scored_by_default() -> None:
    g = sentence("s", gold_event("0331", "AGREE", "RUS", "BLR"))
    neg = pred_event("190", "ASSAULT", "RUS", "BLR", negated=True)
    s = one(g, pred_event("0331", "AGREE", "RUS", "BLR"), neg)
    assert tp(s, "strict") == (1, 0, 0) and s.negated_skipped == 1
    assert tp(one(g, neg, include_negated=True), "strict") == (0, 1, 1)


def test_zero_predictions_report_zeros() -> None:
    g = [sentence("s", gold_event(None, "AGREE", "JPN", None))]
    s = score(g, {"s": []})
    m = s.get("plover")
    assert (m.counts.tp, m.counts.fp, m.counts.fn) == (0, 0, 1)
    assert m.counts.precision == m.counts.recall == m.counts.f1 == 0.0
    assert s.extra_events_per_sentence == 0.0
    assert "F1 0.0" in format_report(s)
    empty = score([], {})
    assert empty.sentences == 0 and empty.extra_events_per_sentence == 0.0
    format_report(empty)


# -- files --------------------------------------------------------------------------------


@pytest.fixture
def gold_file(tmp_path: Path) -> Path:
    lines = [
        {
            "id": "g1",
            "text": "Ruritania and Freedonia agreed to hold talks on Monday.",
            "date": "2021-03-01",
            "events": [gold_event(None, "AGREE", "RUR", "FRE")],
            "no_event": False,
        },
        {
            "id": "g2",
            "text": "Protesters marched through the capital of Freedonia.",
            "date": None,
            "events": [gold_event(None, "PROTEST", "FRECVL", "FREGOV")],
        },
    ]
    p = tmp_path / "gold.jsonl"
    p.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return p


def test_load_gold(gold_file: Path) -> None:
    g = load_gold(gold_file)
    assert [s.id for s in g] == ["g1", "g2"]
    assert g[0].date == "2021-03-01" and g[1].date is None
    assert g[1].events[0].source_country == "FRE"


def test_load_gold_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_gold(tmp_path / "missing.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(MalformedInput, match="invalid JSON"):
        load_gold(bad)
    bad.write_text(json.dumps({"id": 3, "text": "x"}) + "\n", encoding="utf-8")
    with pytest.raises(MalformedInput, match='"id" and "text"'):
        load_gold(bad)
    twice = json.dumps({"id": "a", "text": "x", "events": []})
    bad.write_text(twice + "\n" + twice + "\n", encoding="utf-8")
    with pytest.raises(MalformedInput, match="twice"):
        load_gold(bad)
    bad.write_text(json.dumps({"id": "a", "text": "x", "events": ["042"]}) + "\n", encoding="utf-8")
    with pytest.raises(MalformedInput, match="list of objects"):
        load_gold(bad)


def _pred_file(tmp_path: Path) -> Path:
    lines = [
        {"error": "cannot read", "input": "g0"},
        {"article": {"id": "g1"}, "events": [pred_event(None, "AGREE", "RURGOV", "FRE")]},
        {"article": {"id": "g1"}, "events": []},  # a second line for g1: the first wins
        {"article": {"id": "zz"}, "events": []},
    ]
    p = tmp_path / "pred.jsonl"
    p.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return p


def test_load_predictions(tmp_path: Path) -> None:
    got = load_predictions(_pred_file(tmp_path))
    assert sorted(got) == ["g1", "zz"]
    assert got["g1"][0].plover == "AGREE" and got["g1"][0].source_country == "RUR"


def test_run_with_a_predictions_file(gold_file: Path, tmp_path: Path) -> None:
    s = run_eval_events(gold_file, _pred_file(tmp_path))
    assert tp(s, "plover") == (1, 0, 1)
    assert s.sentences_without_predictions == 1 and s.unknown_articles == 1


def test_cli_scores_a_predictions_file(gold_file: Path, tmp_path: Path) -> None:
    pred = _pred_file(tmp_path)
    r = run_cli("eval", "events", str(gold_file), "--predictions", str(pred), "--format", "json")
    assert r.returncode == 0, r.stderr.decode()
    out = json.loads(r.stdout)
    assert out["primary_metric"] == "plover"
    assert out["metrics"]["plover"]["tp"] == 1 and out["metrics"]["plover"]["fn"] == 1
    assert out["metrics"]["strict"]["applies"] is False
    table = run_cli("eval", "events", str(gold_file), "--predictions", str(pred))
    assert table.returncode == 0 and b"PLOVER type + source country F1: 66.7" in table.stdout
    assert run_cli("eval", "events", str(tmp_path / "nope.jsonl")).returncode == 2


@pytest.mark.model
def test_cli_analyses_the_gold_itself(gold_file: Path) -> None:
    r = run_cli("eval", "events", str(gold_file), "--format", "json")
    assert r.returncode == 0, r.stderr.decode()
    out = json.loads(r.stdout)
    assert out["sentences"] == 2 and out["gold_events"] == 2
    assert out["sentences_without_predictions"] == 0 and out["analysis_failures"] == 0
    plover = out["metrics"]["plover"]
    assert plover["tp"] + plover["fn"] == 2 and math.isfinite(plover["f1"])
    assert math.isfinite(out["extra_events_per_sentence"])
