"""Shared output formats for list commands: table, json, csv, jsonl (sqlite-utils style)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, TextIO, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

FORMATS = ("table", "json", "csv", "jsonl")
# Widest a table cell gets before it is cut with an ellipsis (terminals are ~120 wide).
_MAX_CELL = 60


def output_options(fn: F) -> F:
    """``--format`` and ``--limit`` / ``--offset`` for a list command."""
    fn = click.option(
        "--offset", type=click.IntRange(min=0), default=0, show_default=True, help="Rows to skip."
    )(fn)
    fn = click.option(
        "--limit", type=click.IntRange(min=1), default=50, show_default=True, help="Rows to show."
    )(fn)
    fn = click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="Output format.",
    )(fn)
    return fn


def _jsonable(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def emit(rows: Sequence[dict[str, Any]], fmt: str, out: TextIO | None = None) -> None:
    out = out or sys.stdout
    rows = [{k: _jsonable(v) for k, v in r.items()} for r in rows]
    if fmt == "json":
        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "jsonl":
        for r in rows:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        if rows:
            writer = csv.DictWriter(out, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(
                {k: json.dumps(v) if isinstance(v, list | dict) else v for k, v in r.items()}
                for r in rows
            )
    else:
        out.write(table(rows) + "\n")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.6g}" if abs(value) < 1e15 else f"{value:.3e}"
    if isinstance(value, list):
        value = ", ".join(map(str, value))
    s = " ".join(str(value).split())
    return s if len(s) <= _MAX_CELL else s[: _MAX_CELL - 1] + "…"


def table(rows: Sequence[dict[str, Any]]) -> str:
    if not rows:
        return "(no rows)"
    cols = list(rows[0])
    cells = [[_cell(r.get(c)) for c in cols] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(cols)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += [
        "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    return "\n".join(lines)
