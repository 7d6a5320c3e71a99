"""The quote scorer (GenderGapTracker protocol) on small gold lines written for these tests.

No PolNeAR text is used here: the development set is third-party and stays outside the repo.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from newsgraph.errors import InputError, MalformedInput
from newsgraph.evaluate.quotes import (
    GoldArticle,
    GoldQuote,
    PredQuote,
    format_report,
    load_gold,
    load_predictions,
    match,
    overlap_score,
    place,
    quote_type,
    run_eval_quotes,
    score,
)
from tests.conftest import run_cli

Span = tuple[int, int]


def at(text: str, sub: str, nth: int = 0) -> Span:
    """The span of the ``nth`` occurrence of ``sub`` in ``text``."""
    i = -1
    for _ in range(nth + 1):
        i = text.index(sub, i + 1)
    return (i, i + len(sub))


def gold(
    text: str,
    *quotes: tuple[list[Span], list[Span], str],
    doc_id: str = "a1",
) -> GoldArticle:
    return GoldArticle(
        doc_id,
        text,
        tuple(
            GoldQuote(f"E{i}", tuple(content), tuple(speaker), typ)
            for i, (content, speaker, typ) in enumerate(quotes, 1)
        ),
    )


def pred(text: str, span: Span, speaker: Span | None = None, floating: bool = False) -> PredQuote:
    return PredQuote(text[span[0] : span[1]], span[0], span[1], speaker, floating)


def approx(x: float) -> object:
    return pytest.approx(x, abs=1e-12)


# -- the quotation-mark rule, overlap and matching -----------------------------------------


@pytest.mark.parametrize(
    ("text", "typ"),
    [
        ("“We will win.”", "direct"),
        ('"We will win."\u00a0', "direct"),  # surrounding whitespace (NBSP too) is ignored
        ("«Nous gagnerons»", "direct"),
        ("that the plan is “dead on arrival”", "mixed"),
        ("“It is over,” and that was it", "mixed"),
        ("that the plan had failed", "indirect"),
        ("‘single quotes’ do not count", "indirect"),
        ("", "indirect"),
    ],
)
def test_quote_type(text: str, typ: str) -> None:
    assert quote_type(text) == typ


def test_overlap_is_measured_against_the_gold() -> None:
    assert overlap_score((10, 20), (10, 20)) == 1.0
    assert overlap_score((10, 20), (0, 100)) == 1.0  # a longer prediction still scores 1
    assert overlap_score((10, 20), (15, 30)) == 0.5
    assert overlap_score((10, 20), (20, 30)) == 0.0
    assert overlap_score((10, 20), (0, 5)) == 0.0


def test_greedy_matching_takes_gold_in_order_not_the_best_assignment() -> None:
    # gold A = [0, 10), gold B = [5, 25). X = [5, 25) scores 0.5 on A and 1.0 on B; Y = [0, 4)
    # scores 0.4 on A. A comes first and takes its best, X; B is left with nothing.
    assert match([(0, 10), (5, 25)], [(5, 25), (0, 4)], 0.3) == [0, None]
    # ties go to the earlier prediction; a used prediction is not used again
    assert match([(0, 10), (0, 10)], [(0, 10), (0, 10)], 0.3) == [0, 1]
    assert match([(0, 10)], [None, (0, 10)], 0.3) == [1]


# -- score(): matching, thresholds and counts ---------------------------------------------

TEXT = 'Jane Smith said "we will win the vote in the spring" on Monday.'
QUOTE = at(TEXT, '"we will win the vote in the spring"')
SMITH = at(TEXT, "Jane Smith")


def test_exact_match() -> None:
    s = score([gold(TEXT, ([QUOTE], [SMITH], "direct"))], {"a1": [pred(TEXT, QUOTE, SMITH)]})
    for t in (0.3, 0.8):
        c = s.get(t)
        assert (c.tp, c.fp, c.fn) == (1, 0, 0)
        assert c.precision == c.recall == c.f1 == 1.0
        assert c.speaker_accuracy_ggt == c.speaker_accuracy_variant == c.e2e_f1 == 1.0
        assert s.get(t, "direct").tp == 1 and s.get(t, "direct+mixed").tp == 1
        assert s.get(t, "indirect").gold == 0
    assert (s.articles, s.gold_quotes, s.predicted_quotes, s.placed_by_search) == (1, 1, 1, 0)


@pytest.mark.parametrize(
    ("covered", "at_03", "at_08"),
    [
        (3, False, False),  # 0.3 does not exceed 0.3
        (4, True, False),
        (8, True, False),  # 0.8 does not exceed 0.8
        (9, True, True),
        (10, True, True),
    ],
)
def test_partial_overlap_against_both_thresholds(covered: int, at_03: bool, at_08: bool) -> None:
    text = "He said 0123456789 today."
    g = at(text, "0123456789")  # ten gold characters
    p = (g[0], g[0] + covered)
    s = score([gold(text, ([g], [], "indirect"))], {"a1": [pred(text, p)]})
    for t, matched in ((0.3, at_03), (0.8, at_08)):
        c = s.get(t)
        assert (c.tp, c.fp, c.fn) == ((1, 0, 0) if matched else (0, 1, 1))


SPLIT = '"We will win this," she said, "and then we will govern the whole country."'
PART_A = at(SPLIT, '"We will win this,"')
PART_B = at(SPLIT, '"and then we will govern the whole country."')
SHE = at(SPLIT, "she")


def test_split_gold_quote_spans_first_to_last_character() -> None:
    g = gold(SPLIT, ([PART_A, PART_B], [SHE], "direct"))
    whole = (PART_A[0], PART_B[1])  # one prediction for the whole quote, "she said" included
    s = score([g], {"a1": [pred(SPLIT, whole, SHE)]})
    assert (s.get(0.3).tp, s.get(0.8).tp) == (1, 1)


def test_split_gold_quote_predicted_as_two_quotes() -> None:
    g = gold(SPLIT, ([PART_A, PART_B], [SHE], "direct"))
    length = PART_B[1] - PART_A[0]
    score_a = (PART_A[1] - PART_A[0]) / length
    score_b = (PART_B[1] - PART_B[0]) / length
    assert score_a < 0.3 < score_b < 0.8  # what the counts below rely on
    s = score([g], {"a1": [pred(SPLIT, PART_A, SHE), pred(SPLIT, PART_B, SHE)]})
    # at 0.3 part B matches and part A is a false positive; at 0.8 neither part matches
    assert (s.get(0.3).tp, s.get(0.3).fp, s.get(0.3).fn) == (1, 1, 0)
    assert (s.get(0.8).tp, s.get(0.8).fp, s.get(0.8).fn) == (0, 2, 1)
    # the unmatched parts are typed by their own text: both are in quotation marks
    assert s.get(0.8, "direct").fp == 2


def test_two_predictions_on_one_gold_quote_give_one_tp_and_one_fp() -> None:
    g = gold(TEXT, ([QUOTE], [SMITH], "direct"))
    inner = at(TEXT, "we will win the vote")  # scores 20/36, below the exact one's 1.0
    s = score([g], {"a1": [pred(TEXT, inner, SMITH), pred(TEXT, QUOTE, None)]})
    c = s.get(0.3)
    assert (c.tp, c.fp, c.fn) == (1, 1, 0)
    # the best-scoring prediction (the exact one, without speaker) is the one matched
    assert c.speaker_ggt == 0
    # the unmatched inner one is typed from its own text: no quotation marks -> indirect
    assert s.get(0.3, "indirect").fp == 1 and s.get(0.3, "direct").fp == 0


# -- placement -----------------------------------------------------------------------------


def test_wrong_offsets_are_replaced_by_a_text_search() -> None:
    g = gold(TEXT, ([QUOTE], [SMITH], "direct"))
    wrong = PredQuote(TEXT[QUOTE[0] : QUOTE[1]], 0, 10, SMITH)
    missing = PredQuote(TEXT[QUOTE[0] : QUOTE[1]], None, None, SMITH)
    for p in (wrong, missing):
        s = score([g], {"a1": [p]})
        assert s.get(0.8).tp == 1 and s.placed_by_search == 1 and s.unplaced == 0


def test_search_normalises_whitespace_and_takes_unused_occurrences() -> None:
    text = 'She said "yes  we can." Then he said "yes\nwe can." too.'
    first, second = at(text, '"yes  we can."'), at(text, '"yes\nwe can."')
    g = gold(text, ([first], [], "direct"), ([second], [], "direct"))
    preds = [PredQuote('"yes we can."'), PredQuote(' "yes we\tcan." ')]
    assert place(text, preds) == [(first, True), (second, True)]
    s = score([g], {"a1": preds})
    assert (s.get(0.8).tp, s.get(0.8).fp, s.placed_by_search) == (2, 0, 2)
    # occurrences may overlap one another
    twice = [PredQuote("ha ha"), PredQuote("ha ha")]
    assert place("ha ha ha", twice) == [((0, 5), True), ((3, 8), True)]


def test_correct_offsets_keep_their_occurrence() -> None:
    text = '"No." he said. "No." she said.'
    second = at(text, '"No."', 1)
    # the one with offsets holds the second occurrence; the searched one takes the first
    preds = [PredQuote('"No."'), PredQuote('"No."', *second)]
    assert place(text, preds) == [(at(text, '"No."'), True), (second, False)]


def test_unplaceable_prediction_is_a_false_positive() -> None:
    g = gold(TEXT, ([QUOTE], [SMITH], "direct"))
    preds = [pred(TEXT, QUOTE, SMITH), PredQuote("“words the article never had”", 3, 9)]
    s = score([g], {"a1": preds})
    assert s.unplaced == 1
    assert (s.get(0.3).tp, s.get(0.3).fp) == (1, 1)
    assert s.get(0.3, "direct").fp == 1  # typed by its own text
    assert place("short", [PredQuote(None, 2, 99), PredQuote("   ")]) == [(None, False)] * 2


# -- missing articles, speakers ------------------------------------------------------------


def test_article_without_prediction_line_is_all_false_negatives() -> None:
    t2 = "X said that it rained. Y said that it snowed."
    other = gold(
        t2,
        ([at(t2, "that it rained")], [at(t2, "X")], "indirect"),
        ([at(t2, "that it snowed")], [at(t2, "Y")], "indirect"),
        doc_id="a2",
    )
    g1 = gold(TEXT, ([QUOTE], [SMITH], "direct"))
    s = score([g1, other], {"a1": [pred(TEXT, QUOTE, SMITH)], "zz": [PredQuote("x")]})
    c = s.get(0.3)
    assert (c.tp, c.fp, c.fn) == (1, 0, 2)
    assert s.get(0.3, "indirect").fn == 2
    assert (s.articles_without_predictions, s.unknown_articles) == (1, 1)
    assert s.predicted_quotes == 1  # lines for articles outside the gold are not scored


@pytest.mark.parametrize(
    ("mention", "correct"),
    [
        (SMITH, True),
        ((SMITH[1] - 1, SMITH[1] + 4), True),  # one character of overlap is enough
        ((SMITH[1], SMITH[1] + 5), False),  # touching is not overlapping
        (at(TEXT, "Monday"), False),
        (None, False),
    ],
)
def test_speaker_mention_must_overlap_the_gold_speaker(mention: Span | None, correct: bool) -> None:
    s = score([gold(TEXT, ([QUOTE], [SMITH], "direct"))], {"a1": [pred(TEXT, QUOTE, mention)]})
    c = s.get(0.3)
    assert c.tp == 1
    assert c.speaker_ggt == c.speaker_variant == int(correct)
    assert c.e2e_f1 == float(correct)


@pytest.mark.parametrize(
    ("mention", "floating", "ggt", "variant"),
    [
        (None, False, 0, 1),  # neither side has a speaker: right by the variant only
        ((0, 8), True, 1, 0),  # flagged floating, with a mention: right by GGT only
        (None, True, 1, 1),  # floating and no mention: right by both
        ((0, 8), False, 0, 0),  # a speaker the gold does not have: wrong by both
    ],
)
def test_gold_without_speaker_ggt_rule_and_variant(
    mention: Span | None, floating: bool, ggt: int, variant: int
) -> None:
    text = 'The sign read "Keep out of the water" at the beach.'
    q = at(text, '"Keep out of the water"')
    c = score([gold(text, ([q], [], "direct"))], {"a1": [pred(text, q, mention, floating)]})
    c8 = c.get(0.8)
    assert (c8.tp, c8.speaker_ggt, c8.speaker_variant) == (1, ggt, variant)
    assert c8.speaker_accuracy_ggt == ggt and c8.speaker_accuracy_variant == variant
    assert c8.e2e_f1 == variant  # end-to-end uses the variant


# -- per type and hand-computed figures ----------------------------------------------------


def test_unmatched_predictions_are_typed_by_their_own_quotation_marks() -> None:
    text = "A said “one two three.” B said that “four” was five. C said six seven."
    g = gold(text, ([at(text, "that “four” was five")], [(0, 1)], "mixed"))
    preds = [
        pred(text, at(text, "“one two three.”")),  # direct
        pred(text, at(text, "six seven")),  # indirect
        pred(text, at(text, "“four” was five")),  # matches the mixed gold quote (15/20)
        pred(text, at(text, "said that “four”")),  # mixed
    ]
    s = score([g], {"a1": preds})
    fp = {t: s.get(0.3, t).fp for t in ("direct", "mixed", "indirect", "direct+mixed", "all")}
    assert fp == {"direct": 1, "mixed": 1, "indirect": 1, "direct+mixed": 2, "all": 3}
    assert s.get(0.3, "mixed").tp == 1
    # at 0.8 the match is lost and that prediction is typed by its own text (mixed)
    assert s.get(0.8, "mixed").fp == 2 and s.get(0.8, "mixed").fn == 1


def test_matched_prediction_takes_the_gold_type() -> None:
    g = gold(TEXT, ([QUOTE], [SMITH], "direct"))
    inner = at(TEXT, "we will win the vote in the spring")  # no marks: would be indirect
    s = score([g], {"a1": [pred(TEXT, inner, SMITH)]})
    assert s.get(0.8, "direct").tp == 1 and s.get(0.8, "indirect").predicted == 0


def test_hand_computed_precision_recall_f1() -> None:
    # article 1: four gold quotes (2 direct, 1 mixed, 1 indirect); article 2: one indirect
    t1 = (
        'Ann said "the budget is balanced and fair". Bob said "it is not balanced at all". '
        'Cy said the plan was "a disaster" for all. Di said that taxes would rise.'
    )
    d1, d2 = at(t1, '"the budget is balanced and fair"'), at(t1, '"it is not balanced at all"')
    m1, i1 = at(t1, 'the plan was "a disaster" for all'), at(t1, "that taxes would rise")
    ann, bob, cy, di = (at(t1, n) for n in ("Ann", "Bob", "Cy", "Di"))
    g1 = gold(
        t1,
        ([d1], [ann], "direct"),
        ([d2], [bob], "direct"),
        ([m1], [cy], "mixed"),
        ([i1], [di], "indirect"),
    )
    t2 = "Officials said that the road would close."
    g2 = gold(
        t2, ([at(t2, "that the road would close")], [at(t2, "Officials")], "indirect"), doc_id="a2"
    )
    preds = {
        "a1": [
            pred(t1, d1, ann),  # TP direct, right speaker
            pred(t1, d2, ann),  # TP direct, wrong speaker
            pred(t1, at(t1, '"a disaster"')),  # 12/33 of the mixed quote: TP at 0.3 only
            pred(t1, at(t1, "Di said")),  # FP indirect (no overlap with any gold)
        ],
        "a2": [],  # a line, but no quotes: its gold quote is a false negative
    }
    s = score([g1, g2], preds)
    assert s.articles_without_predicted_quotes == 1

    c = s.get(0.3)
    assert (c.tp, c.fp, c.fn) == (3, 1, 2)
    assert c.precision == approx(3 / 4) and c.recall == approx(3 / 5)
    assert c.f1 == approx(2 / 3)  # 2 * 3/4 * 3/5 / (3/4 + 3/5)
    # speakers: d1 right; d2 wrong; the mixed one has a gold speaker and none predicted
    assert (c.speaker_ggt, c.speaker_variant) == (1, 1)
    assert c.speaker_accuracy_variant == approx(1 / 3)
    assert c.e2e_precision == approx(1 / 4) and c.e2e_recall == approx(1 / 5)
    assert c.e2e_f1 == approx(2 / 9)
    dm = s.get(0.3, "direct+mixed")
    assert (dm.tp, dm.fp, dm.fn) == (3, 0, 0) and dm.f1 == 1.0
    ind = s.get(0.3, "indirect")
    assert (ind.tp, ind.fp, ind.fn) == (0, 1, 2) and ind.f1 == 0.0

    c8 = s.get(0.8)
    # the 12/33 prediction is now unmatched, typed by its own text: direct
    assert (c8.tp, c8.fp, c8.fn) == (2, 2, 3)
    assert c8.precision == approx(1 / 2) and c8.recall == approx(2 / 5)
    assert c8.f1 == approx(4 / 9)
    assert s.get(0.8, "direct").fp == 1 and s.get(0.8, "mixed").fn == 1

    d = json.loads(json.dumps(s.to_dict()))
    assert d["thresholds"]["0.3"]["all"]["f1"] == 0.6667
    assert d["thresholds"]["0.3"]["all"]["e2e_f1"] == 0.2222
    dm8 = d["thresholds"]["0.8"]["direct+mixed"]
    assert (dm8["gold"], dm8["predicted"], dm8["tp"], dm8["fp"], dm8["fn"]) == (3, 3, 2, 1, 1)


def test_no_predictions_at_all_reports_zeros() -> None:
    g = gold(TEXT, ([QUOTE], [SMITH], "direct"))
    for preds in ({}, {"a1": []}):
        s = score([g], preds)
        for t in (0.3, 0.8):
            c = s.get(t)
            assert (c.tp, c.fp, c.fn) == (0, 0, 1)
            assert c.precision == c.recall == c.f1 == c.speaker_accuracy_ggt == c.e2e_f1 == 0.0
        report = format_report(s)
        assert "overlap > 0.3" in report and "overlap > 0.8" in report
        assert "direct+mixed" in report
    assert score([], {}).get(0.3).f1 == 0.0


def test_other_thresholds() -> None:
    s = score([gold(TEXT, ([QUOTE], [], "direct"))], {"a1": [pred(TEXT, QUOTE)]}, [0.5])
    assert s.thresholds == (0.5,) and s.get(0.5).tp == 1
    assert list(s.to_dict()["thresholds"]) == ["0.5"]


# -- files ---------------------------------------------------------------------------------


def gold_line(doc_id: str, text: str, quotes: list[dict], primary: bool = True) -> str:
    return json.dumps(
        {
            "dataset": "test",
            "split": "dev",
            "lang": "en",
            "doc_id": doc_id,
            "annotator": "ab12",
            "primary": primary,
            "n_annotations_for_doc": 1,
            "text": text,
            "quotes": quotes,
            "discuss_discard": [],
        },
        ensure_ascii=False,
    )


def gold_quote(text: str, content: list[Span], speaker: list[Span], typ: str) -> dict:
    return {
        "id": "E1",
        "content": [list(s) for s in content],
        "speaker": [list(s) for s in speaker],
        "cue": [],
        "content_text": " ".join(text[s:e] for s, e in content),
        "speaker_text": " ".join(text[s:e] for s, e in speaker),
        "type": typ,
        "has_source": bool(speaker),
    }


@pytest.fixture
def gold_file(tmp_path: Path) -> Path:
    p = tmp_path / "gold.jsonl"
    lines = [
        gold_line("g1", TEXT, [gold_quote(TEXT, [QUOTE], [SMITH], "direct")]),
        gold_line("g1", TEXT, [], primary=False),  # a second annotator's line
        gold_line("g2", SPLIT, [gold_quote(SPLIT, [PART_B, PART_A], [SHE], "direct")]),
    ]
    p.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    return p


def test_load_gold(gold_file: Path) -> None:
    arts = load_gold(gold_file)
    assert [a.doc_id for a in arts] == ["g1", "g2"]
    assert arts[1].quotes[0].content == (PART_A, PART_B)  # sorted
    assert (arts[1].quotes[0].start, arts[1].quotes[0].end) == (PART_A[0], PART_B[1])
    assert len(load_gold(gold_file, primary_only=False)) == 3


def test_load_gold_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(gold_line("g1", TEXT, []) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(MalformedInput, match=r"bad\.jsonl:2"):
        load_gold(bad)
    bad.write_text(gold_line("g1", "short", [gold_quote(TEXT, [QUOTE], [], "direct")]))
    with pytest.raises(MalformedInput, match="content span"):
        load_gold(bad)
    with pytest.raises(InputError, match="no such file"):
        load_gold(tmp_path / "absent.jsonl")


def test_load_predictions_reads_analyze_jsonl(tmp_path: Path) -> None:
    p = tmp_path / "pred.jsonl"
    s, e = QUOTE
    lines = [
        {
            "article": {"id": "g1", "text": "cleaned"},
            "quotes": [
                {
                    "text": TEXT[s:e],
                    "span": {"start": s, "end": e},
                    "kind": "direct",
                    "speaker_mention": {"start": SMITH[0], "end": SMITH[1], "text": "Jane Smith"},
                },
                {
                    "text": "x",
                    "start": 1,
                    "end": 2,
                    "speaker_mention": None,
                    "is_floating_quote": True,
                },
            ],
        },
        {"error": {"input": "g2", "stage": "analyze", "reason": "boom"}},
        {"article": {"id": "g1"}, "quotes": []},  # a repeated id: the first line wins
    ]
    p.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    preds = load_predictions(p)
    assert list(preds) == ["g1"]
    assert preds["g1"] == [
        PredQuote(TEXT[s:e], s, e, SMITH, False),
        PredQuote("x", 1, 2, None, True),
    ]
    assert PredQuote.from_dict({"text": "y", "speaker_mention": {"text": "he"}}).speaker_mention
    scores = run_eval_quotes(two_article_gold(tmp_path), p)
    assert scores.get(0.8).tp == 1 and scores.articles_without_predictions == 1


def two_article_gold(tmp_path: Path) -> Path:
    p = tmp_path / "g.jsonl"
    p.write_text(
        gold_line("g1", TEXT, [gold_quote(TEXT, [QUOTE], [SMITH], "direct")])
        + "\n"
        + gold_line("g2", SPLIT, [gold_quote(SPLIT, [PART_A, PART_B], [SHE], "direct")])
        + "\n",
        encoding="utf-8",
    )
    return p


# -- the command ---------------------------------------------------------------------------


def test_cli_scores_a_predictions_file(gold_file: Path, tmp_path: Path) -> None:
    pred_file = tmp_path / "pred.jsonl"
    s, e = QUOTE
    line = {"article": {"id": "g1"}, "quotes": [{"text": TEXT[s:e], "start": s, "end": e}]}
    pred_file.write_text(json.dumps(line) + "\n", encoding="utf-8")
    r = run_cli(
        "eval", "quotes", str(gold_file), "--predictions", str(pred_file), "--format", "json"
    )
    assert r.returncode == 0, r.stderr.decode()
    out = json.loads(r.stdout)
    assert out["thresholds"]["0.3"]["all"]["tp"] == 1
    assert out["thresholds"]["0.3"]["all"]["fn"] == 1  # g2 has no line
    table = run_cli("eval", "quotes", str(gold_file), "--predictions", str(pred_file))
    assert table.returncode == 0 and b"direct+mixed" in table.stdout
    r = run_cli("eval", "quotes", str(gold_file), "--threshold", "1.5")
    assert r.returncode == 2


@pytest.mark.model
def test_cli_analyses_the_gold_itself(gold_file: Path) -> None:
    r = run_cli("eval", "quotes", str(gold_file), "--format", "json", "--threshold", "0.5")
    assert r.returncode == 0, r.stderr.decode()
    out = json.loads(r.stdout)
    assert out["articles"] == 2 and out["gold_quotes"] == 2
    assert out["articles_without_predictions"] == 0 and out["analysis_failures"] == 0
    assert list(out["thresholds"]) == ["0.5"]
    c = out["thresholds"]["0.5"]["all"]
    assert c["tp"] + c["fn"] == 2 and math.isfinite(c["f1"])
