"""Feeds and URLs, fetched from a real HTTP server on 127.0.0.1 (no internet).

The server serves the files of ``tests/fixtures/feeds`` (``{base}`` in them becomes its own
address), logs every request with its time and User-Agent, and has a few misbehaving paths:
``/news/flaky`` answers 500 once, ``/news/broken`` always 500, ``/slow/story`` never in time.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import pytest

from newsgraph.ingest.article import normalise_url, url_article_id
from newsgraph.ingest.feeds import is_feed_file, looks_like_feed
from newsgraph.ingest.fetch import Fetcher, FetchFailed, default_user_agent
from newsgraph.ingest.sources import InputOptions, Source, iter_sources
from newsgraph.settings import Settings
from newsgraph.types import Failure
from tests.conftest import FIXTURES, run_cli

FEEDS = FIXTURES / "feeds"
DELAY = 0.2  # fetch_delay in these tests, seconds
TIMEOUT = 0.5  # fetch_timeout
CONTACT = "https://example.org/newsgraph-tests"
ENV = {
    "NEWSGRAPH_FETCH_DELAY": str(DELAY),
    "NEWSGRAPH_FETCH_TIMEOUT": str(TIMEOUT),
    "NEWSGRAPH_FETCH_RETRIES": "2",
    "NEWSGRAPH_FETCH_BACKOFF": "0.05",
    "NEWSGRAPH_FETCH_CONTACT": CONTACT,
}
SETTINGS = Settings(
    fetch_delay=DELAY,
    fetch_timeout=TIMEOUT,
    fetch_retries=2,
    fetch_backoff=0.05,
    fetch_contact=CONTACT,
)


# -- the server ---------------------------------------------------------------------------


@dataclass
class Site:
    base: str = ""
    robots_status: int = 200
    slow_seconds: float = 3 * TIMEOUT
    log: list[tuple[str, float, str]] = field(default_factory=list)  # (path, time, UA)
    hits: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def paths(self) -> list[str]:
        with self.lock:
            return [p for p, _t, _ua in self.log]

    def clear(self) -> None:
        with self.lock:
            self.log.clear()


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        site = self.server.site
        path = urlsplit(self.path).path
        with site.lock:
            site.log.append((path, time.monotonic(), self.headers.get("User-Agent", "")))
            site.hits[path] = site.hits.get(path, 0) + 1
            hits = site.hits[path]
        if path == "/robots.txt":
            if site.robots_status != 200:
                return self._send(site.robots_status, b"no", "text/plain")
            return self._send(200, (FEEDS / "robots.txt").read_bytes(), "text/plain")
        if path.startswith("/feeds/") and (FEEDS / path[7:]).is_file():
            body = (FEEDS / path[7:]).read_text("utf-8").replace("{base}", site.base)
            kind = "atom" if "atom" in path else "rss"
            return self._send(200, body.encode(), f"application/{kind}+xml; charset=utf-8")
        if path == "/news/flaky" and hits == 1:
            return self._send(500, b"try again", "text/plain")
        if path == "/limited" and hits == 1:
            self.send_response(429)
            self.send_header("Retry-After", "1")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if path == "/limited":
            return self._send(200, (FEEDS / "pages" / "standalone.html").read_bytes(), "text/html")
        if path == "/news/broken":
            return self._send(500, b"down", "text/plain")
        if path == "/slow/story":
            time.sleep(site.slow_seconds)
            return self._send(200, b"<html><body><p>late</p></body></html>", "text/html")
        if path == "/image.png":
            return self._send(200, b"\x89PNG\r\n\x1a\n" + bytes(100), "image/png")
        if path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/news/library-hours")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        page = FEEDS / "pages" / (path.rsplit("/", 1)[-1] + ".html")
        if path.count("/") == 2 and page.is_file():
            return self._send(200, page.read_bytes(), "text/html; charset=utf-8")
        return self._send(404, b"not found", "text/plain")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        # the client may have given up already (the timeout test)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:  # keep pytest's output clean
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    site: Site


@pytest.fixture
def site() -> Iterator[Site]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.site = Site()
    host, port = server.server_address[:2]
    server.site.base = f"http://{host}:{port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.site
    finally:
        server.shutdown()
        server.server_close()


def _ingest(db: Path, *args: str):
    return run_cli("ingest", *args, "--db", str(db), "--quiet", env=ENV)


def _articles(db: Path) -> dict[str, dict]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "SELECT url, title, source, CAST(published AS VARCHAR), authors, input_name, text "
            "FROM articles"
        ).fetchall()
    finally:
        con.close()
    keys = ("url", "title", "source", "published", "authors", "input_name", "text")
    return {r[0]: dict(zip(keys, r, strict=True)) for r in rows}


def _failures(db: Path) -> dict[str, tuple[str, str]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("SELECT input, stage, reason FROM failures").fetchall()
    finally:
        con.close()
    return {r[0]: (r[1], r[2]) for r in rows}


# -- end to end through the CLI -----------------------------------------------------------


def test_rss_feed_url_polite_fetching_since_and_second_run(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "feeds.duckdb"
    feed = f"{site.base}/feeds/rss.xml"
    b = site.base

    first = _ingest(db, feed, "--since", "2024-01-01")
    out, err = first.stdout.decode(), first.stderr.decode()
    assert first.returncode == 1, err  # two pages failed; the rest is stored
    assert "stored 3 article(s)" in out and "1 older than --since" in out and "2 failed" in out
    assert f"{b}/private/council-memo: disallowed by the site's robots.txt" in err
    assert f"{b}/news/broken: HTTP 500 (3 tries)" in err
    assert "Traceback" not in err

    # robots.txt first; /private/ and the item older than --since never asked for; the flaky
    # page retried once, the broken one given up after three tries
    assert site.paths() == [
        "/robots.txt",
        "/feeds/rss.xml",
        "/news/bridge-reopens",
        "/news/library-hours",
        "/news/flaky",
        "/news/flaky",
        "/news/broken",
        "/news/broken",
        "/news/broken",
    ]
    # every request names newsgraph, its version and the contact URL
    agents = {ua for _p, _t, ua in site.log}
    assert agents == {default_user_agent(CONTACT)}
    assert "newsgraph/0.1.0" in agents.pop() and CONTACT in default_user_agent(CONTACT)
    # the per-host delay, measured by the server between request arrivals
    times = [t for _p, t, _ua in site.log]
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert min(gaps) >= DELAY - 0.02, gaps

    arts = _articles(db)
    assert set(arts) == {f"{b}/news/bridge-reopens", f"{b}/news/library-hours", f"{b}/news/flaky"}
    bridge = arts[f"{b}/news/bridge-reopens"]
    # the feed's metadata wins over the page's own (title, date, outlet)
    assert bridge["title"] == "Old Mill Bridge reopens after repairs"
    assert bridge["published"] == "2024-03-04"
    assert bridge["source"] == "Riverside Gazette"
    assert bridge["authors"] == ["Marta Kowal"]
    assert bridge["input_name"] == f"{b}/news/bridge-reopens"
    assert "Engineers from the county roads department" in bridge["text"]
    assert arts[f"{b}/news/flaky"]["authors"] == ["Ines Duarte"]
    fails = _failures(db)
    assert fails[f"{b}/news/broken"][0] == "fetch"
    assert "robots.txt" in fails[f"{b}/private/council-memo"][1]

    # second run: nothing new; stored items are skipped before their pages are fetched
    site.clear()
    second = _ingest(db, feed, "--since", "2024-01-01")
    out = second.stdout.decode()
    assert "stored 0 article(s), skipped 3 already stored, 1 older than --since" in out
    assert site.paths() == [
        "/robots.txt",
        "/feeds/rss.xml",
        "/news/broken",
        "/news/broken",
        "/news/broken",
    ]

    # without --since the old item is new
    site.clear()
    third = _ingest(db, feed)
    assert "stored 1 article(s), skipped 3 already stored" in third.stdout.decode()
    assert "/news/lantern-festival" in site.paths()
    assert len(_articles(db)) == 4


def test_atom_feed_and_a_server_that_times_out(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "atom.duckdb"
    started = time.monotonic()
    result = _ingest(db, f"{site.base}/feeds/atom.xml")
    err = result.stderr.decode()
    assert result.returncode == 1, err
    assert "stored 2 article(s)" in result.stdout.decode()
    assert f"{site.base}/slow/story: timed out after {TIMEOUT:g} s (3 tries)" in err
    assert site.paths().count("/slow/story") == 3
    arts = _articles(db)
    garden = arts[f"{site.base}/atom/school-garden"]
    assert garden["authors"] == ["Priya Natarajan", "Leo Brandt"]
    assert garden["published"] == "2024-04-10" and garden["source"] == "Hill Valley Courier"
    assert arts[f"{site.base}/atom/rail-line"]["published"] == "2024-04-09"  # <updated>
    assert time.monotonic() - started < 60


def test_local_feed_file_reads_full_content_without_fetching(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "full.duckdb"
    feed = tmp_path / "full.xml"
    feed.write_text((FEEDS / "full.xml").read_text("utf-8").replace("{base}", site.base))
    result = _ingest(db, str(feed))
    assert result.returncode == 0, result.stderr.decode()
    assert "stored 3 article(s)" in result.stdout.decode()
    # only the item without content:encoded was fetched
    assert site.paths() == ["/robots.txt", "/news/boathouse-cafe"]
    arts = _articles(db)
    path_item = arts[f"{site.base}/full/lakeshore-path"]
    assert path_item["input_name"] == f"{feed}#1:{site.base}/full/lakeshore-path"
    assert path_item["text"].startswith("Forty volunteers spent Saturday morning")
    assert path_item["authors"] == ["Hanna Berg"] and path_item["source"] == "Lakeside Weekly"
    assert path_item["published"] == "2024-05-16"
    assert "apple cake" in arts[f"{site.base}/news/boathouse-cafe"]["text"]

    site.clear()
    again = _ingest(db, str(feed))
    assert "stored 0 article(s), skipped 3 already stored" in again.stdout.decode()
    assert site.paths() == []


def test_page_url_is_one_article_and_is_not_fetched_again(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "page.duckdb"
    url = f"{site.base}/news/standalone"
    first = _ingest(db, url, f"{site.base}/image.png", f"{site.base}/missing")
    err = first.stderr.decode()
    assert "stored 1 article(s)" in first.stdout.decode() and first.returncode == 1
    assert f"{site.base}/image.png: not an HTML page (Content-Type image/png)" in err
    assert f"{site.base}/missing: HTTP 404" in err
    art = _articles(db)[url]
    assert art["published"] == "2024-02-20" and art["authors"] == ["Nadia Rahman"]
    site.clear()
    second = _ingest(db, url)
    assert "stored 0 article(s), skipped 1 already stored" in second.stdout.decode()
    assert site.paths() == []


def test_since_must_be_a_date(tmp_path: Path) -> None:
    result = run_cli("ingest", "x.rss", "--since", "soon", "--db", str(tmp_path / "d.duckdb"))
    assert result.returncode == 2 and "--since" in result.stderr.decode()


# -- the fetcher and the readers in-process (no model) ------------------------------------


def test_robots_txt_that_errors_forbids_the_host(site: Site) -> None:
    site.robots_status = 503
    with Fetcher(SETTINGS) as fetcher, pytest.raises(FetchFailed, match=r"robots\.txt.*503"):
        fetcher.get(f"{site.base}/news/standalone")
    assert site.paths() == ["/robots.txt"] * 3  # retried like any 5xx, then nothing more


def test_missing_robots_txt_allows_and_redirects_are_followed(site: Site) -> None:
    site.robots_status = 404
    with Fetcher(SETTINGS) as fetcher:
        page = fetcher.get(f"{site.base}/moved")
        assert page.url == f"{site.base}/news/library-hours" and page.media_type == "text/html"
        assert b"central library" in page.body
        # robots.txt forbids nothing when it is missing
        assert fetcher.get(f"{site.base}/private/council-memo").status == 200
    assert site.paths() == [
        "/robots.txt",
        "/moved",
        "/news/library-hours",
        "/private/council-memo",
    ]


def test_429_is_retried_after_what_retry_after_asks(site: Site) -> None:
    with Fetcher(SETTINGS) as fetcher:
        assert b"town hall clock" in fetcher.get(f"{site.base}/limited").body
    t1, t2 = [t for path, t, _ua in site.log if path == "/limited"]
    assert t2 - t1 >= 1.0 - 0.02  # Retry-After: 1, longer than the backoff and the delay


def test_body_over_max_input_bytes_is_refused(site: Site) -> None:
    small = Settings(fetch_delay=0, fetch_timeout=TIMEOUT, max_input_bytes=500)
    with Fetcher(small) as fetcher, pytest.raises(FetchFailed, match="too large"):
        fetcher.get(f"{site.base}/news/standalone")


def test_user_agent_setting_replaces_the_default(site: Site) -> None:
    custom = Settings(fetch_delay=0, user_agent="my-crawler/2.0 (+mailto:me@example.org)")
    with Fetcher(custom) as fetcher:
        fetcher.get(f"{site.base}/news/standalone")
    assert {ua for _p, _t, ua in site.log} == {"my-crawler/2.0 (+mailto:me@example.org)"}


def test_known_items_are_not_fetched_and_old_ones_are_skipped(site: Site) -> None:
    from datetime import date

    feed = f"{site.base}/feeds/rss.xml"
    stored = {url_article_id(f"{site.base}/news/bridge-reopens")}
    skipped: list[tuple[str, str]] = []
    options = InputOptions(
        known=lambda ids: stored & set(ids),
        since=date(2024, 3, 2),
        on_skip=lambda name, why: skipped.append((name, why)),
    )
    items = list(iter_sources([feed], SETTINGS, options))
    assert sorted(skipped) == [
        (f"{site.base}/news/bridge-reopens", "stored"),
        (f"{site.base}/news/broken", "older"),
        (f"{site.base}/news/lantern-festival", "older"),
    ]
    names = [i.name if isinstance(i, Source) else i.input_name for i in items]
    assert names == [
        f"{site.base}/news/library-hours",
        f"{site.base}/private/council-memo",
        f"{site.base}/news/flaky",
    ]
    assert isinstance(items[1], Failure) and items[1].stage == "fetch"
    src = items[0]
    assert isinstance(src, Source)
    assert src.meta["id"] == url_article_id(f"{site.base}/news/library-hours")
    assert src.meta["published"] == "2024-03-02" and src.meta["source"] == "Riverside Gazette"


def test_feed_detection(tmp_path: Path) -> None:
    assert looks_like_feed(b'<?xml version="1.0"?>\n<!-- c --><rss version="2.0"><channel/></rss>')
    assert looks_like_feed(b"\xef\xbb\xbf<feed xmlns='http://www.w3.org/2005/Atom'></feed>")
    assert looks_like_feed(b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">')
    assert not looks_like_feed(b'<?xml version="1.0"?><urlset></urlset>')
    assert not looks_like_feed(b"<!DOCTYPE html><html><body>x</body></html>")
    sitemap = tmp_path / "sitemap.xml"
    sitemap.write_text('<?xml version="1.0"?><urlset><url>x</url></urlset>')
    feed = tmp_path / "news.xml"
    feed.write_text((FEEDS / "rss.xml").read_text("utf-8"))
    assert not is_feed_file(sitemap) and is_feed_file(feed)
    assert is_feed_file(tmp_path / "anything.rss")


def test_broken_feed_file_is_a_failure(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rss"
    bad.write_text("this is not a feed at all")
    (item,) = iter_sources([str(bad)], SETTINGS)
    assert isinstance(item, Failure) and "not a readable RSS or Atom feed" in item.reason


def test_url_ids_survive_harmless_url_differences() -> None:
    a = "HTTPS://Example.ORG:443/news/a?id=3&utm_source=rss#top"
    assert normalise_url(a) == "https://example.org/news/a?id=3"
    assert url_article_id(a) == url_article_id("https://example.org/news/a?id=3")
    assert url_article_id("https://example.org/news/a?id=4") != url_article_id(a)
    assert json.dumps(url_article_id(a)).strip('"').isalnum()
