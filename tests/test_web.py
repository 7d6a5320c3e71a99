"""The web explorer: the HTML routes in process (TestClient), then the pages in a real Chromium
over a real uvicorn server, on a store ingested from examples/ with the CLI.

Screenshots of every page go to build/screenshots/. Chromium comes from the system
(``apt-get install chromium``) or ``NEWSGRAPH_CHROMIUM``; without it these tests fail, they do
not skip.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
import warnings
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.conftest import EXAMPLE, ROOT

pytestmark = pytest.mark.model

SHOTS = ROOT / "build" / "screenshots"
CHROMIUM = os.environ.get("NEWSGRAPH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL_HINT = (
    "install Chromium with `apt-get install chromium` (Debian/Ubuntu), or set "
    "NEWSGRAPH_CHROMIUM to a Chromium or Chrome binary"
)


# -- fixtures ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def db(examples_db: Path) -> Path:
    return examples_db


def _app(db: Path):
    from newsgraph.serve.app import AppConfig, create_app

    return create_app(AppConfig(db=str(db)))


@pytest.fixture(scope="module")
def client(db):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette's note about httpx2
        from fastapi.testclient import TestClient

    with TestClient(_app(db)) as c:
        yield c


@pytest.fixture(scope="module")
def talks(client) -> dict:
    """The analysis of examples/sochi-talks.txt, as the API gives it."""
    items = client.get("/api/articles", params={"source": "Correspondent.net"}).json()["items"]
    assert len(items) == 1, items
    return client.get(f"/api/articles/{items[0]['id']}").json()


@pytest.fixture(scope="module")
def server(db):
    """A real uvicorn server in a thread, on a free port."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(_app(db), log_level="warning"))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert thread.is_alive(), "the uvicorn server stopped while starting"
        assert time.monotonic() < deadline, "the uvicorn server did not start in 20 s"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)
    sock.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import Error, sync_playwright

    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        pytest.fail(f"no Chromium at {CHROMIUM}: {INSTALL_HINT}", pytrace=False)
    with sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Error as exc:
            pytest.fail(f"Chromium at {CHROMIUM} did not start ({exc}): {INSTALL_HINT}")
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    yield pg
    context.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    path.unlink(missing_ok=True)
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 2000, f"{path} looks empty"


def article_path(talks: dict) -> str:
    return "/articles/" + quote(talks["article"]["id"], safe="")


def actor_id(client, name: str) -> str:
    items = client.get("/api/actors", params={"name": name}).json()["items"]
    return next(a["id"] for a in items if a["name"] == name)


# -- the highlighter, alone --------------------------------------------------------------------


class _Tree(HTMLParser):
    """Checks that tags nest and collects, per (kind, id), the text inside its elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.text: dict[tuple[str, str], str] = defaultdict(str)
        self.all = ""
        self.focusable: dict[tuple[str, str], int] = defaultdict(int)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.stack.append((tag, a))
        if tag == "mark" and a.get("tabindex") == "0":
            self.focusable[(a["data-record"], a["data-id"])] += 1

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1][0] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data):
        self.all += data
        for tag, a in {(t, a.get("data-id")): (t, a) for t, a in self.stack}.values():
            if tag == "mark":
                self.text[(a["data-record"], a["data-id"])] += data


def test_highlight_nests_crossing_spans():
    from newsgraph.serve.web import Span, highlight

    text = "Putin said “we will lend $1.5 billion soon” to Minsk & friends."
    q0, q1 = text.index("“"), text.index("”") + 1
    fig = (text.index("$"), text.index(" soon"))
    ev = (text.index("lend"), text.index("lend") + 4)
    cross = (text.index("billion"), text.index("Minsk"))  # starts inside the quote, ends after
    spans = [
        Span(q0, q1, "quote", "q1", "c1"),
        Span(*fig, "figure", "f1", "c2"),
        Span(*ev, "event", "e1", "c3"),
        Span(*cross, "citation", "x1", "c4"),
        Span(*fig, "event", "e2", "c5"),  # the same extent as the figure
        Span(0, 5, "event", "e3", "c6"),  # two parts of one record
        Span(text.index("Minsk"), len(text) - 1, "event", "e3", "c6"),
        Span(5, 3, "figure", "bad", "c7"),  # empty or reversed spans are ignored
    ]
    html = str(highlight(text, spans, {"q1": "hl-q1"}))
    tree = _Tree()
    tree.feed(html)
    tree.close()
    assert tree.stack == []
    assert tree.all == text
    assert tree.text[("quote", "q1")] == text[q0:q1]
    assert tree.text[("figure", "f1")] == text[fig[0] : fig[1]]
    assert tree.text[("event", "e2")] == text[fig[0] : fig[1]]
    assert tree.text[("citation", "x1")] == text[cross[0] : cross[1]]
    assert tree.text[("event", "e3")] == "Putin" + "Minsk & friends"
    assert ("figure", "bad") not in tree.text
    # the crossing citation is split into several elements, only the first in the tab order
    assert html.count('data-id="x1"') >= 2
    assert dict(tree.focusable) == {k: 1 for k in tree.text}
    assert html.count('id="hl-q1"') == 1
    assert "&amp; friends" in html


# -- HTML routes in process --------------------------------------------------------------------


def _html(resp, status: int = 200) -> str:
    assert resp.status_code == status, resp.text[:500]
    assert resp.headers["content-type"].startswith("text/html")
    return resp.text


def test_home_page(client):
    html = _html(client.get("/"))
    assert '<html lang="en">' in html
    for landmark in ("<header", "<nav", "<main"):
        assert landmark in html
    assert 'href="/api/stats"' in html
    counts = client.get("/api/stats").json()
    assert re.search(rf"<dt>articles</dt><dd>{counts['articles']}</dd>", html)
    assert re.search(rf"<dt>quotes</dt><dd>{counts['quotes']}</dd>", html)
    assert 'action="/search"' in html and '<label for="home-q">' in html


def test_article_page_marks_every_record(client, talks):
    html = _html(client.get(article_path(talks)))
    art_id = talks["article"]["id"]
    assert f'href="/api/articles/{art_id}"' in html
    for kind, key in (
        ("quote", "quotes"),
        ("figure", "figures"),
        ("citation", "citations"),
        ("event", "events"),
    ):
        found = set(re.findall(rf'data-record="{kind}" data-id="([^"]+)"', html))
        assert found == {r["id"] for r in talks[key]}, kind
    assert 'class="removed"' in html  # the [ad_1] shortcode, greyed out
    # every described highlight points at an existing card
    cards = set(re.findall(r'<div class="card [^"]+" id="(card-\d+)"', html))
    described = set(re.findall(r'aria-describedby="(card-\d+)"', html))
    assert described and described <= cards


def test_unknown_ids_are_404_pages(client):
    for path in (
        "/articles/nope",
        "/actors/actor:000000000000",
        "/events/nope:ev:1",
        "/no/such/page",
    ):
        html = _html(client.get(path), 404)
        assert "Not found" in html and "<main" in html, path
    assert "nope" in client.get("/articles/nope").text
    api = client.get("/api/articles/nope")  # the API keeps its JSON errors
    assert api.status_code == 404 and api.headers["content-type"] == "application/json"


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/events?since=notadate", "since"),
        ("/events?until=2020-13-45", "until"),
        ("/events?code=abc", "code"),
        ("/events?country=XX", "country"),
        ("/events?offset=-5", "offset"),
        ("/figures?offset=x", "offset"),
        ("/search?q=" + "x" * 501, "q"),
    ],
)
def test_bad_filters_are_422_pages(client, path, name):
    html = _html(client.get(path), 422)
    assert 'role="alert"' in html
    assert f'<li id="err-{name}">' in html
    assert "<table" not in html  # no results under an error


def test_api_422_is_still_json(client):
    resp = client.get("/api/events", params={"since": "notadate"})
    assert resp.status_code == 422 and resp.headers["content-type"] == "application/json"


def test_filtered_lists_match_the_api(client):
    html = _html(client.get("/events", params={"actor": "Lukashenko", "code": "04"}))
    assert 'href="/api/events?actor=Lukashenko&amp;code=04"' in html
    want = client.get("/api/events", params={"actor": "Lukashenko", "code": "04"}).json()["items"]
    assert want
    assert html.count('<a href="/events/') == len(want)
    assert 'value="Lukashenko"' in html  # the form keeps the filter

    html = _html(client.get("/figures", params={"unit": "USD"}))
    assert 'href="/api/figures?unit=USD"' in html
    want = client.get("/api/figures", params={"unit": "USD"}).json()["items"]
    assert want
    assert html.count("<td>USD</td>") == len(want)


def test_search_page(client, talks):
    html = _html(client.get("/search", params={"q": "loan"}))
    assert 'href="/api/search?q=loan"' in html
    assert f'href="{article_path(talks)}"' in html
    empty = _html(client.get("/search"))
    assert 'id="arts-h"' not in empty and '<label for="f-q">' in empty


def test_actor_and_event_pages(client):
    luka = actor_id(client, "Alexander Lukashenko")
    for path in ("/actors/" + luka, "/actors/" + quote(luka, safe="")):
        html = _html(client.get(path))
        assert f'href="/api/actors/{quote(luka, safe="")}"' in html
        assert "<td>president</td>" in html
        assert 'class="timeline"' in html and 'class="graph"' in html
    event = client.get("/api/events").json()["items"][0]
    html = _html(client.get("/events/" + quote(event["id"], safe="")))
    assert f'href="/api/events/{quote(event["id"], safe="")}"' in html
    assert event["name"] in html


def test_static_files(client):
    css = client.get("/static/explorer.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    js = client.get("/static/explorer.js")
    assert js.status_code == 200 and "javascript" in js.headers["content-type"]


# -- in the browser ----------------------------------------------------------------------------

RECORD_TEXT = """() => {
  // per record, the text of its elements in document order (one nested in another of the
  // same record is counted once)
  const out = {};
  for (const el of document.querySelectorAll('#article-text mark[data-record]')) {
    const key = el.dataset.record + ' ' + el.dataset.id;
    let nested = false;
    for (let up = el.parentElement; up && up.id !== 'article-text'; up = up.parentElement) {
      if (up.dataset.record + ' ' + up.dataset.id === key) nested = true;
    }
    if (!nested) out[key] = (out[key] || '') + el.textContent;
  }
  return out;
}"""


def test_article_page_in_browser(page, server, talks):
    page.goto(server + article_path(talks))
    ids = page.evaluate(
        """() => {
          const out = {};
          for (const el of document.querySelectorAll('#article-text [data-record]')) {
            (out[el.dataset.record] = out[el.dataset.record] || new Set()).add(el.dataset.id);
          }
          return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, [...v]]));
        }"""
    )
    assert len(ids["quote"]) >= 14
    assert len(ids["figure"]) >= 12
    assert len(ids["event"]) >= 1
    assert set(ids["quote"]) == {q["id"] for q in talks["quotes"]}
    assert set(ids["figure"]) == {f["id"] for f in talks["figures"]}
    assert set(ids["event"]) == {e["id"] for e in talks["events"]}
    # the page shows the text exactly as given, and each record's elements hold its span
    assert page.locator("#article-text").text_content() == EXAMPLE.read_text("utf-8")
    texts = page.evaluate(RECORD_TEXT)
    for f in talks["figures"]:
        assert texts["figure " + f["id"]] == f["text"]
    for q in talks["quotes"]:
        if len(q["parts"]) <= 1:
            assert texts["quote " + q["id"]] == q["text"]
    for e in talks["events"]:
        reports = sorted(e["mentions"] or [e], key=lambda m: m["start"])
        assert texts["event " + e["id"]] == "".join(m["text"] for m in reports)
    # one tab stop per record, each described
    stops = page.locator("#article-text mark[data-record][tabindex='0']")
    assert stops.count() == sum(len(v) for v in ids.values())
    assert page.locator("#article-text mark[data-record]:not([aria-describedby])").count() == 0
    shot(page, "article")


def test_hover_shows_the_record(page, server, talks):
    from playwright.sync_api import expect

    page.goto(server + article_path(talks))
    popup = page.locator("#popup")
    expect(popup).to_be_hidden()
    for speaker in ("Vladimir Putin", "Alexander Lukashenko"):
        q = next(q for q in talks["quotes"] if q["speaker"] == speaker and q["kind"] == "direct")
        page.locator(f'#article-text mark[data-record="quote"][data-id="{q["id"]}"]').first.hover()
        expect(popup).to_be_visible()
        expect(popup.locator(f'.card[data-for="{q["id"]}"] .speaker')).to_have_text(speaker)
    fig = next(f for f in talks["figures"] if f["unit"] == "USD")
    page.locator(f'#article-text mark[data-record="figure"][data-id="{fig["id"]}"]').hover()
    expect(popup).to_contain_text("USD")
    page.mouse.move(1, 1)
    expect(popup).to_be_hidden()


def test_keyboard_focus_shows_the_record(page, server, talks):
    from playwright.sync_api import expect

    page.goto(server + article_path(talks))
    popup = page.locator("#popup")
    focused = "document.activeElement.matches('#article-text mark[data-record]')"
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate(focused):
            break
    assert page.evaluate(focused), "Tab never reached a highlight"
    expect(popup).to_be_visible()
    first = page.evaluate("document.activeElement.dataset.id")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")
    expect(popup.locator(f'.card[data-for="{first}"]')).to_have_count(1)
    page.keyboard.press("Tab")
    second = page.evaluate("document.activeElement.dataset.id")
    assert second != first
    expect(popup.locator(f'.card[data-for="{second}"]')).to_have_count(1)
    page.keyboard.press("Escape")
    expect(popup).to_be_hidden()


def test_actor_page_in_browser(page, server, talks, client):
    page.goto(server + article_path(talks))
    page.locator(
        'section[aria-labelledby="quotes"] a[href^="/actors/"]', has_text="Alexander Lukashenko"
    ).first.click()
    page.wait_for_url("**/actors/**")
    assert page.locator("h1").inner_text() == "Alexander Lukashenko"
    api = client.get("/api/actors/" + actor_id(client, "Alexander Lukashenko")).json()
    roles = page.locator("table.roles tbody tr")
    assert roles.count() == len(api["roles"]) >= 1
    assert "president" in roles.all_inner_texts()[0]
    assert page.locator("ol.quotes > li").count() == len(api["quotes"]) >= 1
    dated = [e for e in api["events"] if e["day"]]
    assert page.locator("svg.timeline a").count() == len(dated) >= 1
    nodes = page.locator("svg.graph a")
    assert nodes.count() == len(api["co_actors"]) >= 1
    shot(page, "actor")
    other = api["co_actors"][0]
    nodes.first.click()
    page.wait_for_url("**/actors/**")
    assert page.locator("h1").inner_text() == other["name"]


def test_search_from_home(page, server, talks):
    page.goto(server + "/")
    shot(page, "home")
    page.get_by_label("Search articles and quotes").fill("loan")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=loan")
    link = page.locator(f'section[aria-labelledby="arts-h"] a[href="{article_path(talks)}"]')
    assert link.count() == 1
    assert page.locator('section[aria-labelledby="quotes-h"] blockquote').count() >= 1
    shot(page, "search")


def _unlabelled_fields(page) -> int:
    return page.evaluate(
        "[...document.querySelectorAll('input, select, textarea')]"
        ".filter(i => i.type !== 'hidden' && i.labels.length === 0).length"
    )


def test_events_and_figures_with_filters(page, server, client):
    page.goto(server + "/events")
    assert _unlabelled_fields(page) == 0
    page.get_by_label("Actor (code or name)").fill("Lukashenko")
    page.get_by_label("CAMEO code").fill("04")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"/events\?actor=Lukashenko&code=04(&|$)"))
    want = client.get("/api/events", params={"actor": "Lukashenko", "code": "04"}).json()["items"]
    rows = page.locator("table.events tbody tr")
    assert rows.count() == len(want) >= 1
    codes = page.locator("table.events tbody tr td:nth-child(2) code").all_inner_texts()
    assert codes and all(c.startswith("04") for c in codes)
    bars = page.locator("svg.bars .bar text.count").all_text_contents()
    assert sum(int(n) for n in bars) == len(want)
    shot(page, "events")

    page.goto(server + "/figures")
    assert _unlabelled_fields(page) == 0
    page.get_by_label("Unit").fill("USD")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"/figures\?unit=USD(&|$)"))
    want = client.get("/api/figures", params={"unit": "USD"}).json()["items"]
    units = page.locator("table.figures tbody tr td:nth-child(3)").all_inner_texts()
    assert len(units) == len(want) >= 1 and set(units) == {"USD"}
    shot(page, "figures")


def test_phone_width_has_no_horizontal_scroll(browser, server, talks, client):
    context = browser.new_context(viewport={"width": 375, "height": 800}, is_mobile=True)
    pg = context.new_page()
    luka = actor_id(client, "Alexander Lukashenko")
    try:
        for path in (
            "/",
            "/events",
            "/figures",
            "/search?q=loan",
            "/actors/" + quote(luka, safe=""),
            article_path(talks),
        ):
            pg.goto(server + path)
            width = pg.evaluate("document.documentElement.scrollWidth")
            assert width <= 375, f"{path} is {width}px wide at 375px"
        text = pg.locator("#article-text")
        assert text.evaluate("el => el.scrollWidth <= el.clientWidth")
        shot(pg, "article-phone")
    finally:
        context.close()
