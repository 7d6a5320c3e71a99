"""The project's own CAMEO and PLOVER tables (src/newsgraph/extract/lexicons/cameo.tsv, plover.yaml)."""

from __future__ import annotations

import pytest

from newsgraph.errors import NewsgraphError
from newsgraph.events import (
    CameoCode,
    UnknownCode,
    all_codes,
    cameo,
    is_cameo,
    legacy_plover_labels,
    normalise_plover,
    plover_type,
    plover_types,
    quad_class_of_root,
    roots,
)

PLOVER_2021 = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
]


def test_every_root_is_present() -> None:
    assert [r.code for r in roots()] == [f"{n:02d}" for n in range(1, 21)]
    for r in roots():
        assert r.is_root and r.root == r.code and r.name


def test_codes_are_strings_with_their_parent_present() -> None:
    codes = [c.code for c in all_codes()]
    assert len(codes) == len(set(codes)) == 316  # CAMEO 1.1b3: 20 roots and 296 sub-codes
    for c in all_codes():
        assert isinstance(c.code, str) and c.code.isdigit() and 2 <= len(c.code) <= 4
        assert c.root == c.code[:2]
        assert c.base == c.code[:3]
        if not c.is_root:
            assert is_cameo(c.code[:-1]), f"{c.code} has no parent"
        assert c.name and "\t" not in c.name


def test_every_root_has_its_unspecified_code() -> None:
    for r in roots():
        assert is_cameo(r.code + "0"), f"root {r.code} lacks {r.code}0"


@pytest.mark.parametrize(
    ("root", "quad"),
    [
        ("01", 1),
        ("04", 1),
        ("05", 1),
        ("06", 2),
        ("08", 2),
        ("09", 3),
        ("13", 3),
        ("14", 4),
        ("20", 4),
    ],
)
def test_quad_class_by_root(root: str, quad: int) -> None:
    assert quad_class_of_root(root) == quad
    for c in all_codes():
        if c.root == root:
            assert c.quad_class == quad, c.code


def test_quad_class_of_a_bad_root() -> None:
    with pytest.raises(UnknownCode, match="'21'"):
        quad_class_of_root("21")


def test_goldstein_scores() -> None:
    for c in all_codes():
        assert -10.0 <= c.goldstein <= 10.0, c.code
    # a few values of the public Goldstein scale
    assert cameo("057").goldstein == 8.0  # sign a formal agreement
    assert cameo("0874").goldstein == 10.0  # retreat or surrender militarily
    assert cameo("163").goldstein == -8.0  # impose an embargo
    assert cameo("20").goldstein == -10.0
    assert cameo("01").goldstein == 0.0


@pytest.mark.parametrize(
    ("code", "plover", "mode"),
    [
        ("0311", "AGREE", None),  # intent to cooperate economically
        ("0331", "AGREE", None),  # intent to give economic aid (a promised loan)
        ("036", "AGREE", None),
        ("042", "CONSULT", "visit"),
        ("041", "CONSULT", "phone"),
        ("057", "SUPPORT", None),
        ("061", "COOPERATE", None),
        ("071", "AID", None),
        ("0832", "CONCEDE", None),
        ("0871", "RETREAT", "ceasefire"),
        ("0841", "RETREAT", "release"),
        ("091", "ACCUSE", "investigate"),
        ("1041", "REQUEST", "change"),
        ("111", "ACCUSE", "disapprove"),
        ("1122", "ACCUSE", "allege"),
        ("125", "REJECT", "meet"),
        ("138", "THREATEN", "violence"),
        ("141", "PROTEST", "demo"),
        ("154", "MOBILIZE", "troops"),
        ("161", "SANCTION", "withdraw"),
        ("173", "COERCE", "arrest"),
        ("182", "ASSAULT", "beat"),
        ("193", "ASSAULT", "firearms"),
        ("202", "ASSAULT", "massacre"),
    ],
)
def test_known_plover_mappings(code: str, plover: str, mode: str | None) -> None:
    c = cameo(code)
    assert (c.plover, c.plover_mode) == (plover, mode)


def test_statements_and_appeals_have_no_plover_type() -> None:
    for c in all_codes():
        if c.root in ("01", "02"):
            assert c.plover is None and c.plover_mode is None, c.code
        else:
            assert c.plover is not None, c.code


def test_every_plover_type_in_the_table_is_one_of_the_16() -> None:
    assert plover_types() == PLOVER_2021
    used = {c.plover for c in all_codes() if c.plover is not None}
    assert used == set(PLOVER_2021)  # and every type is reached by some code


def test_every_mode_belongs_to_its_type() -> None:
    for c in all_codes():
        if c.plover_mode is not None:
            assert c.plover is not None
            assert c.plover_mode in plover_type(c.plover).modes, c.code
    for name in plover_types():
        assert plover_type(name).description


def test_unknown_code_raises_naming_it() -> None:
    for bad in ("999", "42", "0", "", "21", "0315"):
        with pytest.raises(UnknownCode) as info:
            cameo(bad)
        assert repr(bad) in str(info.value)
        assert isinstance(info.value, KeyError) and isinstance(info.value, NewsgraphError)
        assert info.value.code == bad
    with pytest.raises(UnknownCode, match="42"):
        cameo(42)  # type: ignore[arg-type]  # codes are strings: "042", never 42
    assert not is_cameo(42) and not is_cameo("42") and is_cameo("042")


def test_lookup_returns_the_row() -> None:
    c = cameo(" 0311 ")
    assert isinstance(c, CameoCode)
    assert (c.code, c.root, c.quad_class) == ("0311", "03", 1)
    assert cameo("0311") is c


def test_plover_labels() -> None:
    assert legacy_plover_labels() == {
        "DEMAND": "REQUEST",
        "DISAPPROVE": "ACCUSE",
        "INVESTIGATE": "ACCUSE",
        "FIGHT": "ASSAULT",
    }
    assert normalise_plover(" fight ") == "ASSAULT"
    assert normalise_plover("agree") == "AGREE"
    assert normalise_plover("") is None and normalise_plover(None) is None
    assert normalise_plover("WHATEVER") == "WHATEVER"
    with pytest.raises(UnknownCode, match="PLOVER type 'DEMAND'"):
        plover_type("DEMAND")
