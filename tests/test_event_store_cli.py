"""The bundled examples through the real CLI: the meeting both articles report is one event,
actors with dated roles, exports, and the actor override file as a setting."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import duckdb
import pytest

from tests.conftest import ROOT, run_cli

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def db(examples_db: Path) -> Path:
    return examples_db


def _json(*args: str) -> list[dict]:
    r = run_cli(*args)
    assert r.returncode == 0, r.stderr.decode()
    return json.loads(r.stdout)


def test_two_articles_give_one_meeting_with_two_mentions(db: Path) -> None:
    rows = _json("events", "--db", str(db), "--actor", "Lukashenko", "--code", "04",
                 "--format", "json")  # fmt: skip
    merged = [r for r in rows if r["articles"] == 2]
    assert len(merged) == 1, rows
    meeting = merged[0]
    assert {meeting["source_code"], meeting["target_code"]} == {"BLRGOV", "RUSGOV"}
    assert meeting["location"] == "Sochi" and meeting["day"] == "2020-09-14"
    assert meeting["sources"] == 2
    reports = _json("events", "--db", str(db), "--mentions", meeting["id"], "--format", "json")
    assert len(reports) == 2
    assert len({r["article_id"] for r in reports}) == 2
    raw = {p.name: p.read_text("utf-8") for p in (ROOT / "examples").glob("*.txt")}
    for r in reports:  # every report points at its evidence in the text as given
        assert r["text"] in raw["sochi-talks.txt"] + raw["sochi-wire.txt"]


def test_actors_across_both_articles(db: Path) -> None:
    rows = _json("actors", "--db", str(db), "--name", "Lukashenk", "--format", "json")
    luka = [r for r in rows if r["type"] == "PERSON"]
    assert len(luka) == 1 and luka[0]["articles"] == 2
    assert luka[0]["actor_code"] == "BLRGOV"
    roles = _json("actors", "--db", str(db), "--name", "Lukashenka", "--roles", "--format", "json")
    assert any("president" in r["role"].lower() for r in roles)
    assert all(r["as_of"] in ("2020-09-14", "2020-09-15") for r in roles)


def test_exports(db: Path, tmp_path: Path) -> None:
    r = run_cli("export", "events", "--db", str(db), "--format", "gdelt-tsv")
    assert r.returncode == 0, r.stderr.decode()
    lines = r.stdout.decode().splitlines()
    n_events = json.loads(run_cli("stats", "--db", str(db), "--format", "json").stdout)["events"]
    assert len(lines) == n_events
    fields = [line.split("\t") for line in lines]
    assert all(len(f) == 61 for f in fields)
    meeting = [f for f in fields if f[28] == "04" and f[33] == "2"]
    assert meeting and meeting[0][1] == "20200914" and meeting[0][52] == "Sochi"
    out = tmp_path / "events.parquet"
    r = run_cli("export", "events", "--db", str(db), "--format", "parquet", "-o", str(out))
    assert r.returncode == 0, r.stderr.decode()
    con = duckdb.connect()
    assert con.execute(f"SELECT count(*) FROM read_parquet('{out}')").fetchone() == (n_events,)
    r = run_cli("export", "actors", "--db", str(db), "--format", "csv")
    header = next(csv.reader(io.StringIO(r.stdout.decode())))
    assert header[:3] == ["id", "name", "type"]
    r = run_cli("export", "quotes", "--db", str(db), "--format", "parquet")
    assert r.returncode != 0 and b"--output" in r.stderr


def test_override_file_is_a_setting(tmp_path: Path) -> None:
    overrides = tmp_path / "actors.yaml"
    overrides.write_text(
        "actors:\n  - name: Higher School of Economics\n    type: ORG\n    country: RUS\n"
        "    sector: EDU\n",
        "utf-8",
    )
    example = str(ROOT / "examples" / "sochi-talks.txt")

    def suzdaltsev(env: dict[str, str] | None) -> str:
        r = run_cli("analyze", example, "--format", "json", env=env)
        assert r.returncode == 0, r.stderr.decode()
        actors = json.loads(r.stdout)["actors"]
        return next(a["actor_code"] for a in actors if "Suzdaltsev" in a["name"])

    assert suzdaltsev(None) == "---EDU"
    assert suzdaltsev({"NEWSGRAPH_ACTORS_FILE": str(overrides)}) == "RUSEDU"
    bad = tmp_path / "bad.yaml"
    bad.write_text("actors:\n  - name: X\n    country: Narnia\n", "utf-8")
    r = run_cli("analyze", example, env={"NEWSGRAPH_ACTORS_FILE": str(bad)})
    assert r.returncode == 2 and str(bad) in r.stderr.decode()
