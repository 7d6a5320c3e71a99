"""CAMEO event codes and PLOVER types: newsgraph's own code tables, read once.

The tables are data files of the package (``newsgraph/extract/lexicons``), written for the
project from the public codebooks (their headers give sources and licence):

- ``cameo.tsv``: every CAMEO 1.1b3 code (the 20 roots and their sub-codes) with a short name,
  its Goldstein score, its quad class and the PLOVER type and mode it maps to;
- ``plover.yaml``: the 16 PLOVER 2021 types, a description and the modes of each, and the
  PLOVER 0.5b1 labels that 2021 folded into other types.

Codes are strings with their leading zero (``"042"``, ``"0311"``); the root is the first two
digits. :func:`cameo` raises :class:`UnknownCode` for a code not in the table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from newsgraph.errors import NewsgraphError

QUAD_CLASSES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
_COLUMNS = ("code", "name", "goldstein", "quad_class", "plover", "plover_mode", "note")


class UnknownCode(NewsgraphError, KeyError):
    """A CAMEO code (or PLOVER type) that the table does not hold; names it."""

    def __init__(self, code: object, what: str = "CAMEO code") -> None:
        self.code = code
        self.message = f"unknown {what} {code!r}"
        super().__init__(self.message)

    def __str__(self) -> str:  # KeyError would repr() the message
        return self.message


@dataclass(frozen=True, slots=True)
class CameoCode:
    """One row of the CAMEO table."""

    code: str  # "0311"
    name: str  # short English name
    root: str  # "03"
    goldstein: float  # -10.0 .. +10.0
    quad_class: int  # 1 verbal cooperation .. 4 material conflict
    plover: str | None  # one of the 16 PLOVER types; None for roots 01 and 02
    plover_mode: str | None = None  # a mode of that type, where the code settles it

    @property
    def is_root(self) -> bool:
        return len(self.code) == 2

    @property
    def base(self) -> str:
        """The three-digit base code (GDELT's ``EventBaseCode``); the root for a root."""
        return self.code[:3]


@dataclass(frozen=True, slots=True)
class PloverType:
    """One PLOVER 2021 event type."""

    name: str
    description: str
    modes: tuple[str, ...] = ()


def quad_class_of_root(root: str) -> int:
    """GDELT's quad class of a CAMEO root: 01-05 -> 1, 06-08 -> 2, 09-13 -> 3, 14-20 -> 4."""
    n = int(root)
    if not 1 <= n <= 20:
        raise UnknownCode(root, "CAMEO root")
    return 1 if n <= 5 else 2 if n <= 8 else 3 if n <= 13 else 4


# -- loading ------------------------------------------------------------------------------


def _read(name: str) -> str:
    return resources.files("newsgraph.extract").joinpath("lexicons", name).read_text("utf-8")


@cache
def _plover() -> tuple[dict[str, PloverType], dict[str, str]]:
    data: Any = yaml.safe_load(_read("plover.yaml"))
    types: dict[str, PloverType] = {}
    for name, spec in data["types"].items():
        types[str(name)] = PloverType(
            name=str(name),
            description=str(spec["description"]),
            modes=tuple(str(m) for m in spec.get("modes") or ()),
        )
    legacy = {str(k).upper(): str(v).upper() for k, v in (data.get("legacy_labels") or {}).items()}
    for old, new in legacy.items():
        if new not in types:
            raise ValueError(f"plover.yaml: legacy label {old} maps to unknown type {new}")
    return types, legacy


@cache
def _table() -> dict[str, CameoCode]:
    types, _ = _plover()
    out: dict[str, CameoCode] = {}
    header_seen = False
    for n, raw in enumerate(_read("cameo.tsv").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = raw.split("\t")
        where = f"cameo.tsv:{n}"
        if not header_seen:
            if tuple(cells) != _COLUMNS:
                raise ValueError(f"{where}: the header must name the columns {', '.join(_COLUMNS)}")
            header_seen = True
            continue
        if len(cells) != len(_COLUMNS):
            raise ValueError(f"{where}: {len(cells)} cells, expected {len(_COLUMNS)}")
        code, name, goldstein, quad, plover, mode, _note = (c.strip() for c in cells)
        if not code.isdigit() or len(code) not in (2, 3, 4) or code in out:
            raise ValueError(f"{where}: bad or repeated code {code!r}")
        root = code[:2]
        if len(code) > 2 and code[:-1] not in out:
            raise ValueError(f"{where}: code {code} comes before its parent {code[:-1]}")
        row = CameoCode(
            code=code,
            name=name,
            root=root,
            goldstein=float(goldstein),
            quad_class=int(quad),
            plover=plover or None,
            plover_mode=mode or None,
        )
        if not -10.0 <= row.goldstein <= 10.0:
            raise ValueError(f"{where}: Goldstein score {goldstein} outside -10..10")
        if row.quad_class != quad_class_of_root(root):
            raise ValueError(f"{where}: quad class {quad} does not fit root {root}")
        if row.plover is not None and row.plover not in types:
            raise ValueError(f"{where}: unknown PLOVER type {plover!r}")
        if row.plover_mode is not None and (
            row.plover is None or row.plover_mode not in types[row.plover].modes
        ):
            raise ValueError(f"{where}: mode {mode!r} is not a mode of {plover or 'no type'}")
        out[code] = row
    return out


# -- lookups ------------------------------------------------------------------------------


def cameo(code: str) -> CameoCode:
    """The table's row for a CAMEO code (a string with its leading zero: ``"042"``)."""
    row = _table().get(code.strip()) if isinstance(code, str) else None
    if row is None:
        raise UnknownCode(code)
    return row


def is_cameo(code: object) -> bool:
    """Whether ``code`` is a CAMEO code of the table."""
    return isinstance(code, str) and code.strip() in _table()


def all_codes() -> list[CameoCode]:
    """Every code of the table, in code order (each root before its sub-codes)."""
    return list(_table().values())


def roots() -> list[CameoCode]:
    """The 20 root categories, 01 to 20."""
    return [c for c in _table().values() if c.is_root]


def plover_types() -> list[str]:
    """The 16 PLOVER 2021 type names, cooperative ones first."""
    return list(_plover()[0])


def plover_type(name: str) -> PloverType:
    """A PLOVER type's description and modes; :class:`UnknownCode` for another name."""
    found = _plover()[0].get(name.strip().upper()) if isinstance(name, str) else None
    if found is None:
        raise UnknownCode(name, "PLOVER type")
    return found


def legacy_plover_labels() -> Mapping[str, str]:
    """PLOVER 0.5b1 labels folded into 2021 types: ``{"DEMAND": "REQUEST", ...}``."""
    return dict(_plover()[1])


def normalise_plover(label: object) -> str | None:
    """A PLOVER label as a 2021 type name: stripped, upper-cased, 0.5b1 labels mapped
    (``"demand"`` -> ``"REQUEST"``); None for a missing or empty label. A label that is no
    PLOVER type is returned upper-cased, as it is (it then matches nothing)."""
    if not isinstance(label, str) or not label.strip():
        return None
    up = label.strip().upper()
    return _plover()[1].get(up, up)
