"""The JSON API, in process (FastAPI's TestClient over a real DuckDB store of the examples),
and ``newsgraph serve`` as a real server."""

from __future__ import annotations

import csv
import io
import json
import shutil
import socket
import subprocess
import time
from pathlib import Path

import duckdb
import httpx
import pytest
from fastapi.testclient import TestClient

from newsgraph.serve.app import AppConfig, create_app
from tests.conftest import NEWSGRAPH, ROOT, run_cli

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def db(examples_db: Path) -> Path:
    return examples_db


@pytest.fixture(scope="module")
def client(db: Path):
    with TestClient(create_app(AppConfig(db=str(db)))) as c:
        yield c


@pytest.fixture(scope="module")
def example_id(client) -> str:
    items = client.get("/api/articles").json()["items"]
    return next(a["id"] for a in items if a["source"] == "Correspondent.net")


def _items(client, url: str, **params) -> list[dict]:
    r = client.get(url, params=params)
    assert r.status_code == 200, r.text
    return r.json()["items"]


def test_openapi_and_stats(client, db: Path) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/api/articles", "/api/articles/{article_id}", "/api/quotes", "/api/citations",
                 "/api/figures", "/api/events", "/api/actors", "/api/actors/{actor_id}",
                 "/api/search", "/api/stats", "/api/export/{name}"):  # fmt: skip
        assert path in spec["paths"], path
    stats = client.get("/api/stats").json()
    con = duckdb.connect(str(db), read_only=True)
    assert stats["articles"] == 2
    assert stats["quotes"] == con.execute("SELECT count(*) FROM quotes").fetchone()[0]
    con.close()


def test_articles_and_pagination(client, example_id: str) -> None:
    first = client.get("/api/articles", params={"limit": 1}).json()
    assert len(first["items"]) == 1 and first["next"] == 1
    second = client.get("/api/articles", params={"limit": 1, "offset": 1}).json()
    assert second["items"][0]["id"] != first["items"][0]["id"]
    assert client.get("/api/articles", params={"limit": 5}).json()["next"] is None
    assert _items(client, "/api/articles", since="2020-09-15", until="2020-09-15")[0]["id"] == (
        example_id
    )


def test_one_article_is_the_analysis(client, example_id: str) -> None:
    r = run_cli("analyze", str(ROOT / "examples" / "sochi-talks.txt"))
    expected = json.loads(r.stdout)
    got = client.get(f"/api/articles/{example_id}").json()
    assert got["article"]["id"] == expected["article"]["id"]
    for key in ("entities", "figures", "quotes", "citations", "events", "actors"):
        assert len(got[key]) == len(expected[key]), key
    assert [q["text"] for q in got["quotes"]] == [q["text"] for q in expected["quotes"]]
    assert client.get("/api/articles/nope").status_code == 404


def test_quotes_by_speaker(client) -> None:
    putin = _items(client, "/api/quotes", speaker="Putin")
    assert len(putin) >= 3
    assert all("Putin" in (q["speaker"] or "") + (q["speaker_mention"] or "") for q in putin)
    assert all(q["kind"] == "direct" for q in _items(client, "/api/quotes", kind="direct"))
    assert _items(client, "/api/quotes", via="DW")


def test_figures_citations_events_actors(client) -> None:
    usd = _items(client, "/api/figures", unit="USD")
    assert usd and all(f["unit"] == "USD" for f in usd)
    assert any(c["source"] == "tut.by" for c in _items(client, "/api/citations", source="tut"))
    meetings = _items(client, "/api/events", actor="Lukashenko", code="04")
    merged = [e for e in meetings if e["articles"] == 2]
    assert len(merged) == 1 and merged[0]["location"] == "Sochi"
    one = client.get(f"/api/events/{merged[0]['id']}").json()
    assert len(one["reports"]) == 2
    assert client.get("/api/events/nope").status_code == 404
    assert all(
        "BLR" in (e["source_code"] or "") + (e["target_code"] or "") + (e["location"] or "")
        or e["location"] in ("Minsk",)
        for e in _items(client, "/api/events", country="BLR")
    )
    actors = _items(client, "/api/actors", name="Lukashenka", type="PERSON")
    assert len(actors) == 1 and actors[0]["actor_code"] == "BLRGOV"
    detail = client.get(f"/api/actors/{actors[0]['id']}").json()
    assert detail["articles"] == 2
    assert detail["roles"] and all(r["as_of"] for r in detail["roles"])
    assert detail["quotes"] and detail["events"]
    assert any(c["name"] == "Vladimir Putin" for c in detail["co_actors"])
    assert client.get("/api/actors/actor:nope").status_code == 404


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/articles", {"since": "2020-13-45"}),
        ("/api/articles", {"since": "yesterday"}),
        ("/api/articles", {"limit": 0}),
        ("/api/articles", {"limit": 5000}),
        ("/api/articles", {"offset": -1}),
        ("/api/quotes", {"kind": "rumour"}),
        ("/api/quotes", {"until": "2020-02-30"}),
        ("/api/citations", {"kind": "gossip"}),
        ("/api/events", {"code": "abc"}),
        ("/api/events", {"country": "BLRX"}),
        ("/api/events", {"negated": "maybe"}),
        ("/api/actors", {"type": "ANIMAL"}),
        ("/api/search", {}),
        ("/api/search", {"q": ""}),
    ],
)
def test_bad_parameters_are_422_naming_the_parameter(client, url: str, params: dict) -> None:
    r = client.get(url, params=params)
    assert r.status_code == 422, (url, params, r.text)
    detail = r.json()["detail"]
    named = {str(d["loc"][-1]) for d in detail}
    assert named & ({*params} or {"q"}), detail


def test_search(client, example_id: str) -> None:
    found = client.get("/api/search", params={"q": "loan"}).json()
    assert example_id in [a["id"] for a in found["articles"]]
    assert found["articles"][0]["score"] is not None  # ranked by the full-text index
    assert any("loan" in q["text"].lower() for q in found["quotes"])
    assert client.get("/api/search", params={"q": "zzzqqqxx"}).json()["articles"] == []


def test_exports(client) -> None:
    n_events = client.get("/api/stats").json()["events"]
    r = client.get("/api/export/events.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == n_events and rows[0]["id"] and rows[0]["code"]
    r = client.get("/api/export/events.gdelt-tsv")
    assert all(len(line.split("\t")) == 61 for line in r.text.splitlines())
    r = client.get("/api/export/quotes.jsonl")
    assert all(json.loads(line)["id"] for line in r.text.splitlines())
    r = client.get("/api/export/actors.parquet")
    assert r.status_code == 200 and r.content[:4] == b"PAR1"
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT * FROM read_parquet(?)", [_tmp_file(r.content)])
    assert con.execute("SELECT count(*) FROM t").fetchone()[0] == len(
        client.get("/api/actors", params={"limit": 1000}).json()["items"]
    )
    assert client.get("/api/export/secrets.csv").status_code == 404
    assert client.get("/api/export/quotes.xlsx").status_code == 404
    assert client.get("/api/export/quotes.gdelt-tsv").status_code == 404


def _tmp_file(content: bytes) -> str:
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".parquet", delete=False) as f:
        f.write(content)
    return f.name


def test_writes_are_off_by_default(client) -> None:
    r = client.post("/api/analyze", json={"text": "Russia lent Belarus $1.5 billion."})
    assert r.status_code == 403
    assert client.post("/api/ingest", json={"text": "x"}).status_code == 403


def test_writes_with_a_token(db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "rw.duckdb"
    shutil.copy(db, copy)
    app = create_app(AppConfig(db=str(copy), allow_write=True, token="s3cret", max_body_bytes=2000))
    good = {"Authorization": "Bearer s3cret"}
    text = "Germany pledged a loan of $2 billion to Ukraine on Monday, the government said."
    with TestClient(app) as c:
        assert c.post("/api/analyze", json={"text": text}).status_code == 401
        r = c.post("/api/analyze", json={"text": text}, headers={"Authorization": "Bearer no"})
        assert r.status_code == 401
        r = c.post("/api/analyze", content=b"x" * 3000, headers=good)
        assert r.status_code == 413
        r = c.post("/api/analyze", content=b"{not json", headers=good)
        assert r.status_code == 422
        assert c.post("/api/analyze", json={"title": "no text"}, headers=good).status_code == 422
        before = c.get("/api/stats").json()["articles"]
        r = c.post("/api/analyze", json={"text": text, "published": "2020-09-15"}, headers=good)
        assert r.status_code == 200
        assert any(f["unit"] == "USD" for f in r.json()["figures"])
        assert c.get("/api/stats").json()["articles"] == before  # analyze stores nothing
        r = c.post("/api/ingest", json={"text": text, "title": "Loan to Ukraine"}, headers=good)
        assert r.status_code == 200 and r.json()["stored"] is True
        assert c.get("/api/stats").json()["articles"] == before + 1
        hits = c.get("/api/search", params={"q": "Ukraine"}).json()["articles"]
        assert r.json()["id"] in [a["id"] for a in hits]  # the index follows the write


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_runs_a_real_server_on_loopback(db: Path) -> None:
    port = _free_port()
    proc = subprocess.Popen(
        [str(NEWSGRAPH), "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.time() + 30
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
                assert time.time() < deadline, "the server did not start"
                time.sleep(0.2)
        assert r.status_code == 200 and r.json()["articles"] == 2
        r = httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=5)
        assert r.json()["info"]["title"] == "newsgraph"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serve_refuses_writes_without_a_token_and_a_missing_db(tmp_path: Path) -> None:
    r = run_cli("serve", "--db", str(tmp_path / "x.duckdb"), "--allow-write")
    assert r.returncode == 2 and b"NEWSGRAPH_API_TOKEN" in r.stderr
    r = run_cli("serve", "--db", str(tmp_path / "missing.duckdb"))
    assert r.returncode == 1 and b"no such database" in r.stderr
