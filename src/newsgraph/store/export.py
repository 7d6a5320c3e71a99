"""Whole tables out of the store: CSV, JSON lines and Parquet through DuckDB's ``COPY``, and
the events table as a GDELT 2.0-style TSV.

GDELT TSV: 61 tab-separated columns in the order of GDELT 2.0's event table, no header, one
happening per line, filled where newsgraph has the field and empty where it has not (ethnic,
religion and geographic coordinates, tone). Differences a user of GDELT must know:

- ``GLOBALEVENTID`` is newsgraph's event id (a string such as ``b0945292d588ea66:ev:135``),
  not an integer;
- country codes, in the actor fields *and* in ``ActionGeo_CountryCode``, are ISO 3166 alpha-3
  (GDELT's Geo fields use FIPS 10-4);
- ``SQLDATE`` is the day the text states for the act, else the first report's publication day;
- ``IsRootEvent`` is 1 when the first report lies in the article's first 600 characters (GDELT:
  the lead paragraph);
- ``ActionGeo_Type`` is 1 for a country and 4 for any other place (newsgraph does not geocode);
- the counts (``NumMentions``, ``NumSources``, ``NumArticles``) are after merging reports of one
  act, which is what GDELT's would be if it merged them.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from newsgraph.errors import NewsgraphError
from newsgraph.extract import gazetteer
from newsgraph.resolve.actor_lexicon import lexicon as actor_lexicon
from newsgraph.store import EXPORT_FORMATS, EXPORT_TABLES
from newsgraph.store.db import Store

__all__ = ["EXPORT_FORMATS", "TABLES", "export", "gdelt_rows"]

TABLES = EXPORT_TABLES
_COPY = {
    "csv": "(FORMAT csv, HEADER true)",
    "jsonl": "(FORMAT json)",
    "parquet": "(FORMAT parquet, COMPRESSION zstd)",
}
_ORDER = {
    "articles": "published, id",
    "entities": "article_id, id",
    "mentions": "article_id, start, entity_id",
    "figures": "article_id, start, id",
    "quotes": "article_id, start, id",
    "citations": "article_id, start, id",
    "removed": "article_id, start",
    "events": "day, id",
    "event_mentions": "event_id, published, id",
    "actors": "mentions DESC, id",
    "article_actors": "article_id, position",
    "actor_roles": "actor_id, as_of, role",
    "failures": "input",
}
_LEAD = 600


class ExportError(NewsgraphError):
    """An export that cannot be made (unknown table or format, unwritable path)."""


def export(store: Store, table: str, fmt: str, output: str | Path | None = None) -> int:
    """Write ``table`` in ``fmt`` to ``output`` (a path; None: standard output, not for
    Parquet). Returns the number of rows written."""
    if table not in TABLES:
        raise ExportError(f"unknown table {table!r}; tables: {', '.join(TABLES)}")
    if fmt not in EXPORT_FORMATS:
        raise ExportError(f"unknown format {fmt!r}; formats: {', '.join(EXPORT_FORMATS)}")
    if fmt == "gdelt-tsv" and table != "events":
        raise ExportError("gdelt-tsv exports the events table only")
    if fmt == "parquet" and output is None:
        raise ExportError("Parquet is binary: give --output FILE")
    if fmt == "gdelt-tsv":
        rows = gdelt_rows(store)
        if output is None:
            _write_tsv(rows, sys.stdout)
        else:
            with open(output, "w", encoding="utf-8", newline="") as out:
                _write_tsv(rows, out)
        return len(rows)
    order = _ORDER[table]
    row = store.con.execute(f"SELECT count(*) FROM {table}").fetchone()
    n = int(row[0]) if row else 0
    if output is not None:
        _copy(store, table, order, fmt, str(output))
        return n
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, f"{table}.{fmt}")
        _copy(store, table, order, fmt, path)
        with open(path, "rb") as f:
            stdout: BinaryIO = sys.stdout.buffer
            shutil.copyfileobj(f, stdout)
            stdout.flush()
    return n


def _copy(store: Store, table: str, order: str, fmt: str, path: str) -> None:
    target = "'" + path.replace("'", "''") + "'"
    try:
        store.con.execute(f"COPY (SELECT * FROM {table} ORDER BY {order}) TO {target} {_COPY[fmt]}")
    except Exception as exc:  # duckdb.IOException and friends: name the path
        raise ExportError(f"{path}: cannot write the export: {exc}") from None


def _ymd(d: date | None, fmt: str) -> str:
    return d.strftime(fmt) if d else ""


def _actor_fields(code: str | None, name: str | None, country: str | None) -> list[str]:
    """Code, name, country, known group, ethnic, religion 1 and 2, type 1 to 3."""
    code = code or ""
    rest = code[3:] if len(code) > 3 else ""
    group = rest[:3] if country in actor_lexicon().transnational else ""
    type1 = "" if group else rest[:3]
    type2 = "" if group else rest[3:6]
    return [code, name or "", country or "", group, "", "", "", type1, type2, ""]


def _geo_type(name: str | None) -> str:
    if not name:
        return ""
    place = gazetteer.lookup(name)
    return "1" if place is not None and place.kind == "country" else "4"


def gdelt_rows(store: Store) -> list[list[str]]:
    """The events table as GDELT 2.0 event rows (61 string fields each; see the module)."""
    cur = store.con.execute(
        """
        SELECT e.*, a.url FROM events e LEFT JOIN articles a ON a.id = e.article_id
        ORDER BY e.day, e.id
        """
    )
    names = [d[0] for d in cur.description or ()]
    out: list[list[str]] = []
    for values in cur.fetchall():
        r: dict[str, Any] = dict(zip(names, values, strict=True))
        day: date | None = r["day"]
        fraction = f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}" if day else ""
        added: datetime | None = r["added_at"]
        code = r["code"] or ""
        row = [
            r["id"], _ymd(day, "%Y%m%d"), _ymd(day, "%Y%m"), _ymd(day, "%Y"), fraction,
            *_actor_fields(r["source_code"], r["source_name"], r["source_country"]),
            *_actor_fields(r["target_code"], r["target_name"], r["target_country"]),
            "1" if (r["start"] or 0) < _LEAD else "0", code, code[:3], r["root"] or "",
            str(r["quad_class"] or ""), "" if r["goldstein"] is None else f"{r['goldstein']:g}",
            str(r["num_mentions"]), str(r["num_sources"]), str(r["num_articles"]), "",
            *[""] * 8,  # Actor1Geo
            *[""] * 8,  # Actor2Geo
            _geo_type(r["location_name"]), r["location_name"] or "",
            r["location_country"] or "", "", "", "", "", "",
            added.strftime("%Y%m%d%H%M%S") if added else "", r["url"] or "",
        ]  # fmt: skip
        out.append([" ".join(str(v).split()) for v in row])
    return out


def _write_tsv(rows: list[list[str]], out: Any) -> None:
    # fields carry no tab or newline (whitespace is collapsed), so no quoting is needed
    for row in rows:
        out.write("\t".join(row) + "\n")
