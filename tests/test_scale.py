"""The process pool and the Ray runner store the same records as one process (#6)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import duckdb
import pytest

from tests.conftest import NEWSGRAPH, ROOT, run_cli

pytestmark = pytest.mark.model

N = 40
ENV = {"NEWSGRAPH_BATCH_SIZE": "8"}
MODES = {"workers1": ["--workers", "1"], "workers2": ["--workers", "2"], "ray": ["--ray"]}


def write_corpus(folder: Path, n: int = N) -> list[str]:
    """``n`` articles from the examples' paragraphs in two JSONL files, a broken JSONL line
    in the first and a binary file between them: the inputs, in order."""
    paras: list[str] = []
    for f in sorted((ROOT / "examples").glob("*.txt")):
        paras += [p for p in f.read_text(encoding="utf-8").splitlines() if len(p) > 200]
    lines = [
        json.dumps(
            {
                "text": f"Report number {i}.\n"
                + "\n".join(paras[(3 * i + k) % len(paras)] for k in range(4))
            }
        )
        for i in range(n)
    ]
    half = n // 2
    first, second = folder / "part1.jsonl", folder / "part2.jsonl"
    first.write_text("\n".join([*lines[: half // 2], "{broken", *lines[half // 2 : half]]) + "\n")
    bad = folder / "bad.txt"
    bad.write_bytes(b"Hello \xff\xfe\xc3\x28 world \x80\x81 not text \x00\x00\x00")
    second.write_text("\n".join(lines[half:]) + "\n")
    return [str(first), str(bad), str(second)]


def records(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table (failures by input, stage and reason), timestamps left out."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out: dict[str, list[tuple]] = {}
        tables = con.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'main' AND table_name NOT IN ('_migrations', 'runs')"
        ).fetchall()
        for (t,) in tables:
            cols = [
                c
                for c, kind, *_ in con.execute(f'DESCRIBE "{t}"').fetchall()
                if "TIMESTAMP" not in kind and not (t == "failures" and c in ("run_id", "attempts"))
            ]
            select = ", ".join(f'"{c}"' for c in cols)
            out[t] = con.execute(f'SELECT {select} FROM "{t}" ORDER BY ALL').fetchall()
        return out
    finally:
        con.close()


def stats(db: Path) -> dict:
    return json.loads(run_cli("stats", "--db", str(db), "--format", "json").stdout)


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("scale")
    inputs = write_corpus(folder)
    parquet = folder / "parquet"  # the Ray run keeps its Parquet files here
    out: dict = {"inputs": inputs, "dbs": {}, "seconds": {}, "stdout": {}, "stderr": {}}
    out["parquet"] = parquet
    for mode, args in MODES.items():
        db = folder / f"{mode}.duckdb"
        keep = ["--ray-output", str(parquet)] if mode == "ray" else []
        t0 = time.monotonic()
        res = run_cli("ingest", *inputs, "--db", str(db), "--quiet", *args, *keep, env=ENV)
        out["seconds"][mode] = time.monotonic() - t0
        assert res.returncode == 1, res.stderr.decode()  # two inputs failed
        out["dbs"][mode] = db
        out["stdout"][mode] = res.stdout.decode()
        out["stderr"][mode] = res.stderr.decode()
    return out


def test_every_mode_stores_the_same_records(runs) -> None:
    dbs = runs["dbs"]
    base = records(dbs["workers1"])
    assert len(base["articles"]) == N
    assert base["events"] and base["quotes"] and base["figures"] and base["entities"]
    for mode in ("workers2", "ray"):
        other = records(dbs[mode])
        assert set(other) == set(base)
        for table in base:
            assert other[table] == base[table], f"{mode}: table {table} differs"
    assert stats(dbs["workers1"]) == stats(dbs["workers2"]) == stats(dbs["ray"])


def test_ray_output_is_parquet_duckdb_reads_in_place(runs) -> None:
    files = sorted(runs["parquet"].rglob("*.parquet"))
    assert len(files) > 1  # one partition per block, blocks of batch_size / workers articles
    glob = str(runs["parquet"] / "**" / "*.parquet")
    con = duckdb.connect()
    rows = con.execute(
        "SELECT kind, article_id FROM read_parquet(?) ORDER BY seq", [glob]
    ).fetchall()
    # the README's example: the quotes of every analysis, read in place
    quoted = con.execute(
        "SELECT article_id, unnest(json_extract_string(analysis, '$.quotes[*].text')) AS quote "
        "FROM read_parquet(?) WHERE kind = 'analysis'",
        [glob],
    ).fetchall()
    con.close()
    store = duckdb.connect(str(runs["dbs"]["ray"]), read_only=True)
    stored = [r[0] for r in store.execute("SELECT id FROM articles ORDER BY id").fetchall()]
    quotes = store.execute("SELECT article_id, text FROM quotes").fetchall()
    store.close()
    assert len(rows) == N and {k for k, _a in rows} == {"analysis"}
    assert sorted(a for _k, a in rows) == stored
    assert quotes and sorted(quoted) == sorted(quotes)


def test_ray_keeps_its_notes_off_the_terminal(runs) -> None:
    err = runs["stderr"]["ray"]
    assert "bad.txt" in err  # the failures are reported ...
    for note in ("execution finished", "Progress bars disabled", "Token authentication"):
        assert note not in err  # ... Ray's own notes are not


def test_bad_inputs_are_recorded_failures_in_every_mode(runs) -> None:
    for mode, db in runs["dbs"].items():
        assert f"stored {N} article(s)" in runs["stdout"][mode], mode
        assert "2 failed" in runs["stdout"][mode], mode
        con = duckdb.connect(str(db), read_only=True)
        failed = dict(con.execute("SELECT input, stage FROM failures").fetchall())
        con.close()
        assert runs["inputs"][1] in failed, mode
        assert any(name.startswith(runs["inputs"][0] + ":") for name in failed), mode


@pytest.mark.parametrize("mode", ["workers2", "ray"])
def test_a_second_run_stores_nothing(runs, mode) -> None:
    db = runs["dbs"][mode]
    res = run_cli("ingest", *runs["inputs"], "--db", str(db), "--quiet", *MODES[mode], env=ENV)
    assert "stored 0 article(s)" in res.stdout.decode()
    assert f"skipped {N} already stored" in res.stdout.decode()
    assert stats(db) == stats(runs["dbs"]["workers1"])


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found |= {int(x) for x in task.read_text().split()}
    return found


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_kill_9_of_the_pool_then_resume_gives_the_same_stats(runs, tmp_path) -> None:
    db = tmp_path / "killed.duckdb"
    proc = subprocess.Popen(
        [str(NEWSGRAPH), "ingest", *runs["inputs"], "--db", str(db), "--quiet", "--workers", "2"],
        env={**os.environ, **ENV},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(runs["seconds"]["workers2"] * 0.7)  # workers started, some batches written
    workers = _children(proc.pid)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL, "the run ended before it could be killed"
    assert workers, "no worker processes were running"
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{w}").exists() for w in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    alive = [w for w in workers if Path(f"/proc/{w}/status").exists()]
    assert not [w for w in alive if "State:\tZ" not in Path(f"/proc/{w}/status").read_text()], (
        "worker processes outlived the killed run"
    )
    res = run_cli("ingest", *runs["inputs"], "--db", str(db), "--quiet", "--workers", "2", env=ENV)
    assert res.returncode == 1
    assert stats(db) == stats(runs["dbs"]["workers1"])
    assert records(db) == records(runs["dbs"]["workers1"])


def test_rows_round_trip_exactly(example_analysis) -> None:
    from newsgraph.scale.rows import from_json, from_row, to_json, to_row
    from newsgraph.types import Failure

    assert from_json(to_json(example_analysis)) == example_analysis
    assert from_row(to_row(3, example_analysis)) == example_analysis
    failure = Failure("x.jsonl:2", "invalid JSON", "parse")
    assert from_row(to_row(4, failure)) == failure


def test_ray_missing_is_a_one_line_usage_error(tmp_path) -> None:
    # a sitecustomize that hides Ray, as if the extra were not installed
    (tmp_path / "sitecustomize.py").write_text("import sys\nsys.modules['ray'] = None\n")
    env = {"PYTHONPATH": str(tmp_path) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    text = tmp_path / "a.txt"
    text.write_text("The minister said the talks would resume on Monday.")
    res = run_cli("ingest", str(text), "--db", str(tmp_path / "x.duckdb"), "--ray", env=env)
    assert res.returncode == 2
    err = res.stderr.decode().strip()
    assert "pip install 'newsgraph[ray]'" in err and len(err.splitlines()) == 1


def test_ray_takes_an_input_given_after_it_as_an_input() -> None:
    from newsgraph.serve.cli import _is_ray_address

    assert _is_ray_address("auto") and _is_ray_address("ray://head:10001")
    assert _is_ray_address("10.0.0.5:6379") and _is_ray_address("local")
    assert not _is_ray_address("corpus.jsonl") and not _is_ray_address("data/")
