"""The command line as a user meets it: real console script, real DuckDB file, real model."""

from __future__ import annotations

import json
import os

import pytest

from tests.conftest import EXAMPLE, run_cli

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory):
    """A folder of good and bad inputs, each bad one of a different kind."""
    d = tmp_path_factory.mktemp("batch")
    (d / "good.txt").write_text(
        "Vladimir Putin met Alexander Lukashenko in Sochi on Monday. Russia will lend Belarus $1.5 billion, Putin said.\n"
    )
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.bin").write_bytes(b"\x00\x01\x02\x03PK\x03\x04" * 100)
    (d / "broken-utf8.txt").write_bytes(b"Minsk " + "Лукашенко".encode() + b" \xff\xfe\xfd")
    (d / "legacy.txt").write_bytes(
        "The café in Zürich raised €5 million, said the owner’s lawyer.".encode("cp1252")
    )
    (d / "malformed.html").write_text(
        "<html><body><div><p>unclosed <b>tags <script>var x = 1;</script>"
    )
    (d / "huge.txt").write_bytes(b"word " * (6_000_000 // 5))
    (d / "lines.jsonl").write_text(
        json.dumps(
            {
                "id": "j1",
                "text": "Protesters gathered in Minsk, where about 150 thousand people marched.",
                "published": "2020-09-13",
            }
        )
        + "\n"
        + '{"id": "j2", "text": "broken json line\n'
        + json.dumps({"id": "j3", "title": "no body"})
        + "\n"
        + json.dumps(
            {"id": "j4", "text": "Police detained 400 people in Minsk, the Interior Ministry said."}
        )
        + "\n"
    )
    return d


def test_analyze_example_json(tmp_path) -> None:
    r = run_cli(
        "analyze", str(EXAMPLE), "--published", "2020-09-15", "--source", "Correspondent.net"
    )
    assert r.returncode == 0, r.stderr.decode()
    out = json.loads(r.stdout)
    assert set(out) == {"article", "entities", "figures", "quotes", "citations", "events", "actors"}
    assert out["article"]["published"] == "2020-09-15"
    assert out["article"]["source"] == "Correspondent.net"
    assert "[ad_1]" not in out["article"]["text"]
    assert out["quotes"] and out["citations"] and out["events"]


def test_analyze_stdin_text_format() -> None:
    r = run_cli(
        "analyze",
        "-",
        "--format",
        "text",
        stdin=b"Angela Merkel said Germany would send 300 soldiers to Lithuania.",
    )
    assert r.returncode == 0, r.stderr.decode()
    text = r.stdout.decode()
    assert "Angela Merkel" in text and "300" in text


def test_analyze_jsonl_keeps_one_line_per_input_in_order(bad_inputs) -> None:
    r = run_cli("analyze", "--format", "jsonl", str(bad_inputs / "lines.jsonl"))
    assert r.returncode == 1
    lines = [json.loads(x) for x in r.stdout.decode().splitlines()]
    assert len(lines) == 4
    assert lines[0]["article"]["id"] == "j1"
    assert "error" in lines[1] and lines[1]["error"]["input"].endswith("lines.jsonl:2")
    assert "error" in lines[2] and "text" in lines[2]["error"]["reason"]
    assert lines[3]["article"]["id"] == "j4"


def test_ingest_bad_batch_stores_the_rest_and_records_failures(bad_inputs, tmp_path) -> None:
    db = tmp_path / "b.duckdb"
    r = run_cli("ingest", str(bad_inputs), "--db", str(db), "--quiet")
    err = r.stderr.decode()
    assert r.returncode == 1, err
    assert "Traceback" not in err
    for name, words in [
        ("empty.txt", "empty"),
        ("binary.bin", "binary"),
        ("broken-utf8.txt", "UTF-8"),
        ("huge.txt", "too large"),
        ("lines.jsonl:2", "invalid JSON"),
        ("lines.jsonl:3", '"text"'),
    ]:
        line = next((ln for ln in err.splitlines() if name in ln), None)
        assert line is not None, f"no error line for {name}: {err}"
        assert words in line
    stats = json.loads(run_cli("stats", "--db", str(db), "--format", "json").stdout)
    # good.txt, legacy.txt, j1, j4, and the malformed HTML's text (or its failure)
    assert stats["articles"] >= 4
    assert stats["failures"] == 7 - (stats["articles"] - 4)
    legacy = run_cli("articles", "--db", str(db), "--format", "json", "--limit", "100")
    assert legacy.returncode == 0
    figs = json.loads(
        run_cli("figures", "--db", str(db), "--format", "json", "--unit", "EUR").stdout
    )
    assert any(f["value"] == 5e6 for f in figs), figs
    # a second run stores nothing more
    r2 = run_cli("ingest", str(bad_inputs), "--db", str(db), "--quiet")
    assert r2.returncode == 1
    assert json.loads(run_cli("stats", "--db", str(db), "--format", "json").stdout) == stats


def test_usage_errors_exit_2(tmp_path) -> None:
    assert run_cli("analyze").returncode == 2
    assert run_cli("analyze", "x.txt", "--format", "yaml").returncode == 2
    r = run_cli("articles", "--db", str(tmp_path / "none.duckdb"))
    assert r.returncode == 1 and b"no such database" in r.stderr
    r = run_cli("stats", env={"NEWSGRAPH_BATCH_SIZE": "many"})
    assert r.returncode == 2 and b"NEWSGRAPH_BATCH_SIZE" in r.stderr


def test_list_commands_formats(tmp_path) -> None:
    db = tmp_path / "l.duckdb"
    assert run_cli("ingest", str(EXAMPLE.parent), "--db", str(db), "--quiet").returncode == 0
    table = run_cli("entities", "--db", str(db), "--type", "PERSON").stdout.decode()
    assert "Lukashenko" in table.splitlines()[2] or "Putin" in table.splitlines()[2]
    csv_out = run_cli(
        "figures", "--db", str(db), "--format", "csv", "--unit", "USD"
    ).stdout.decode()
    assert csv_out.splitlines()[0].startswith("article_id,text,value")
    assert len(csv_out.splitlines()) >= 5
    arts = json.loads(
        run_cli("articles", "--db", str(db), "--format", "json", "--since", "2020-01-01").stdout
    )
    assert arts and all(a["published"] >= "2020-01-01" for a in arts)
    bad = run_cli("articles", "--db", str(db), "--since", "yesterday-ish")
    assert bad.returncode == 2
    rep = run_cli("report", "--db", str(db))
    assert rep.returncode == 0 and "Figures:" in rep.stdout.decode()


@pytest.mark.skipif(not hasattr(os, "kill"), reason="needs signals")
def test_kill_9_then_resume_gives_the_same_counts(tmp_path) -> None:
    import signal
    import subprocess
    import time

    from tests.conftest import NEWSGRAPH

    corpus = tmp_path / "many.jsonl"
    base = EXAMPLE.read_text(encoding="utf-8")
    paras = [p for p in base.splitlines() if len(p) > 200]
    with corpus.open("w") as fh:
        for i in range(60):
            text = f"Report number {i}.\n" + "\n".join(
                paras[(i + k) % len(paras)] for k in range(4)
            )
            fh.write(json.dumps({"text": text}) + "\n")
    clean_db, killed_db = tmp_path / "clean.duckdb", tmp_path / "killed.duckdb"
    env = {**os.environ, "NEWSGRAPH_BATCH_SIZE": "4"}
    t0 = time.monotonic()
    assert run_cli("ingest", str(corpus), "--db", str(clean_db), "--quiet", env=env).returncode == 0
    clean_seconds = time.monotonic() - t0
    proc = subprocess.Popen(
        [str(NEWSGRAPH), "ingest", str(corpus), "--db", str(killed_db), "--quiet"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(clean_seconds * 0.6)  # well into the run: model loaded, some batches written
    proc.send_signal(signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL, "the run ended before it could be killed"
    assert (
        run_cli("ingest", str(corpus), "--db", str(killed_db), "--quiet", env=env).returncode == 0
    )
    stats = [
        json.loads(run_cli("stats", "--db", str(d), "--format", "json").stdout)
        for d in (clean_db, killed_db)
    ]
    assert stats[0] == stats[1]
    assert stats[0]["articles"] == 60


def test_quotes_and_citations_commands(tmp_path) -> None:
    db = tmp_path / "q.duckdb"
    assert run_cli("ingest", str(EXAMPLE.parent), "--db", str(db), "--quiet").returncode == 0
    putin = json.loads(
        run_cli("quotes", "--db", str(db), "--speaker", "Putin", "--format", "json").stdout
    )
    assert len(putin) >= 4 and all("Putin" in q["speaker"] for q in putin)
    assert any(q["kind"] == "direct" for q in putin)
    dw = json.loads(run_cli("quotes", "--db", str(db), "--via", "DW", "--format", "json").stdout)
    assert [q["speaker"] for q in dw] == ["Arseniy Sivitsky"]
    loan = json.loads(
        run_cli("quotes", "--db", str(db), "--about", "loan", "--format", "json").stdout
    )
    assert loan and all("loan" in q["text"].lower() for q in loan)
    media = json.loads(
        run_cli(
            "citations", "--db", str(db), "--kind", "media", "--format", "json", "--limit", "100"
        ).stdout
    )
    assert {"tut.by", "Bloomberg", "Vedomosti", "DW", "BBC"} <= {c["source"] for c in media}
    assert all(c["kind"] == "media" for c in media)
    assert run_cli("quotes", "--db", str(db), "--kind", "sarcastic").returncode == 2
