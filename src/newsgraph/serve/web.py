"""The web pages: server-rendered HTML over the same named queries as the API.

Every page links its JSON twin under ``/api``. Pages:

- ``/``: store counts, the latest articles, the most mentioned actors and a search box;
- ``/articles/{id}``: the article's text as given, with every quote, figure, citation and event
  highlighted in place (:func:`highlight`), then the lists of those records;
- ``/actors/{id}``: an actor's roles (dated), quotes, events on a timeline and the actors named
  with it, as a small graph;
- ``/events`` and ``/events/{id}``: happenings with a filter form and an events-per-day chart,
  and one happening with its reports;
- ``/figures`` and ``/search``.

Filters are checked like the API checks them; a bad value gives the page again with the
message and status 422. Unknown ids and paths outside ``/api`` get an HTML 404.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsgraph.events.merge import as_day
from newsgraph.serve.api import StoreDep
from newsgraph.store import queries
from newsgraph.store.db import Store

__all__ = ["Span", "highlight", "mount"]

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
router = APIRouter(include_in_schema=False)

PAGE = 50  # rows per page of the lists


# -- highlighting ------------------------------------------------------------------------------

# At equal extent, which record is the outer element (smaller = further out).
_RANK = {"removed": 0, "quote": 1, "citation": 2, "event": 3, "figure": 4}


@dataclass(frozen=True, slots=True)
class Span:
    """One highlighted range of the text: ``kind`` is quote, figure, citation, event or
    removed; ``rid`` the record id (shared by every piece of one record); ``card`` the id of
    the element that describes the record."""

    start: int
    end: int
    kind: str
    rid: str
    card: str = ""


def _open_tag(span: Span, first: bool, anchor: str | None) -> str:
    if span.kind == "removed":
        return (
            f'<del class="removed" data-removed="{escape(span.rid)}" '
            f'title="removed by the cleaner ({escape(span.rid)})">'
        )
    attrs = [
        f'class="hl hl-{span.kind}{"" if first else " cont"}"',
        f'data-record="{span.kind}"',
        f'data-id="{escape(span.rid)}"',
        f'tabindex="{0 if first else -1}"',
    ]
    if span.card:
        attrs.append(f'aria-describedby="{escape(span.card)}"')
    if anchor:
        attrs.append(f'id="{escape(anchor)}"')
    return f"<mark {' '.join(attrs)}>"


def _close_tag(span: Span) -> str:
    return "</del>" if span.kind == "removed" else "</mark>"


def highlight(text: str, spans: Iterable[Span], anchors: Mapping[str, str] | None = None) -> Markup:
    """``text`` as HTML with each span wrapped in an element, correctly nested.

    Spans may nest or cross. Elements are opened outermost first (longest, then by kind); where
    a span ends while a span opened inside it is still open, the inner ones are closed and
    reopened after it, so one record can be several elements sharing its ``data-id`` (only
    the first is in the tab order: ``tabindex=0``, the rest ``-1``). Joined in document order,
    the elements of a record hold exactly ``text[start:end]``. ``anchors`` maps a record id to
    the ``id`` its first element gets.
    """
    anchors = anchors or {}
    todo = sorted(
        (s for s in spans if 0 <= s.start < s.end <= len(text)),
        key=lambda s: (s.start, -s.end, _RANK.get(s.kind, 9), s.rid),
    )
    bounds = sorted({0, len(text)} | {s.start for s in todo} | {s.end for s in todo})
    out: list[str] = []
    stack: list[Span] = []
    started: set[tuple[str, str]] = set()  # (kind, rid) whose first element was written
    nxt = 0
    pos = 0
    for b in bounds:
        if b > pos:
            out.append(str(escape(text[pos:b])))
            pos = b
        low = next((k for k, s in enumerate(stack) if s.end <= b), None)
        if low is not None:
            for s in reversed(stack[low:]):
                out.append(_close_tag(s))
            reopen = sorted(
                (s for s in stack[low:] if s.end > b),
                key=lambda s: (-s.end, _RANK.get(s.kind, 9), s.rid),
            )
            del stack[low:]
            for s in reopen:
                out.append(_open_tag(s, first=False, anchor=None))
                stack.append(s)
        while nxt < len(todo) and todo[nxt].start == b:
            s = todo[nxt]
            nxt += 1
            key = (s.kind, s.rid)
            first = key not in started
            started.add(key)
            out.append(_open_tag(s, first, anchors.get(s.rid) if first else None))
            stack.append(s)
    return Markup("".join(out))


# -- validation --------------------------------------------------------------------------------


class BadFilter(Exception):
    """A filter value the page cannot use; shown with status 422."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def _clean(params: Mapping[str, str | None]) -> dict[str, str]:
    return {k: v.strip() for k, v in params.items() if v is not None and v.strip() != ""}


_CHECKS: dict[str, tuple[str, str]] = {
    "since": (r"\d{4}-\d{2}-\d{2}", "is not a date (YYYY-MM-DD)"),
    "until": (r"\d{4}-\d{2}-\d{2}", "is not a date (YYYY-MM-DD)"),
    "code": (r"\d{2,4}", "is not a CAMEO code or its start (2 to 4 digits, e.g. 04 or 046)"),
    "country": (r"[A-Za-z]{3}", "is not an ISO 3166 alpha-3 country code (e.g. BLR)"),
    "offset": (r"\d{1,9}", "is not a row offset (a whole number, 0 or more)"),
}


def _check(values: Mapping[str, str], max_len: int = 200) -> None:
    errors: dict[str, str] = {}
    for name, value in values.items():
        if len(value) > max_len:
            errors[name] = f"is longer than {max_len} characters"
            continue
        rule = _CHECKS.get(name)
        if rule and not re.fullmatch(rule[0], value):
            errors[name] = f"{value!r} {rule[1]}"
        elif name in ("since", "until"):
            try:
                date.fromisoformat(value)
            except ValueError:
                errors[name] = f"{value!r} is not a valid day (YYYY-MM-DD)"
    if errors:
        raise BadFilter(errors)


# -- helpers -----------------------------------------------------------------------------------


def actor_url(actor_id: str) -> str:
    return "/actors/" + quote(actor_id, safe="")


def article_url(article_id: str, record_id: str | None = None) -> str:
    url = "/articles/" + quote(article_id, safe="")
    return url + ("#rec-" + quote(record_id, safe=":") if record_id else "")


def event_url(event_id: str) -> str:
    return "/events/" + quote(event_id, safe="")


def _number(value: Any) -> str:
    if value is None:
        return ""
    v = float(value)
    if v.is_integer():
        return f"{int(v):,}"
    return f"{v:,.4f}".rstrip("0").rstrip(".")


def _day(value: Any) -> str:
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


templates.env.filters["number"] = _number
templates.env.filters["day"] = _day
templates.env.globals.update(actor_url=actor_url, article_url=article_url, event_url=event_url)


def _page(
    request: Request,
    name: str,
    twin: str | None,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    context.setdefault("errors", {})
    return templates.TemplateResponse(request, name, {"twin": twin, **context}, status_code=status)


def _with_query(path: str, params: Mapping[str, Any]) -> str:
    kept = {k: v for k, v in params.items() if v not in (None, "", False)}
    return path + ("?" + urlencode(kept) if kept else "")


def _pager(path: str, params: Mapping[str, Any], offset: int, rows: int) -> dict[str, str | None]:
    return {
        "prev": _with_query(path, {**params, "offset": max(0, offset - PAGE) or None})
        if offset > 0
        else None,
        "next": _with_query(path, {**params, "offset": offset + PAGE}) if rows == PAGE else None,
    }


def _leads(store: Store, ids: Sequence[str]) -> dict[str, str]:
    """The first line of each article's cleaned text, for articles without a title."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = store.query(
        f"SELECT id, left(split_part(trim(text), chr(10), 1), 300) AS lead FROM articles "
        f"WHERE id IN ({marks})",
        list(ids),
    )
    return {r["id"]: _shorten(r["lead"] or "") for r in rows}


# -- charts (inline SVG geometry; the templates draw it) ----------------------------------------


def day_chart(
    per_day: Mapping[Any, int], width: int = 720, height: int = 180
) -> dict[str, Any] | None:
    """Bars of events per day (per month when the range is long), between the first and last
    day, empty days included. ``per_day``: day (a date or an ISO string) -> count."""
    counts: Counter[date] = Counter()
    for value, n in per_day.items():
        d = as_day(value)
        if d is not None:
            counts[d] += n
    if not counts:
        return None
    first, last = min(counts), max(counts)
    monthly = (last - first).days > 120
    bins: list[tuple[str, int]] = []
    if monthly:
        per_month = Counter(d.replace(day=1) for d in counts.elements())
        m = first.replace(day=1)
        while m <= last:
            bins.append((m.strftime("%Y-%m"), per_month.get(m, 0)))
            m = (m + timedelta(days=32)).replace(day=1)
    else:
        d = first
        while d <= last:
            bins.append((d.isoformat(), counts.get(d, 0)))
            d += timedelta(days=1)
    left, right, top, bottom = 36, 12, 14, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max(n for _, n in bins) or 1
    slot = plot_w / len(bins)
    bar_w = max(2.0, min(48.0, slot * 0.7))
    every = max(1, round(len(bins) / 6))
    bars = []
    for i, (label, n) in enumerate(bins):
        h = plot_h * n / peak
        x = left + i * slot + (slot - bar_w) / 2
        bars.append(
            {
                "label": label,
                "n": n,
                "x": round(x, 1),
                "y": round(top + plot_h - h, 1),
                "w": round(bar_w, 1),
                "h": round(h, 1),
                "cx": round(x + bar_w / 2, 1),
                "tick": i % every == 0 or i == len(bins) - 1,
            }
        )
    return {
        "width": width,
        "height": height,
        "bars": bars,
        "peak": peak,
        "base": top + plot_h,
        "left": left,
        "right": width - right,
        "top": top,
        "unit": "month" if monthly else "day",
        "total": sum(counts.values()),
    }


def timeline(events: Sequence[Mapping[str, Any]], width: int = 720) -> dict[str, Any] | None:
    """Events as dots on a day axis, stacked where several share a day."""
    dated = [(d, e) for e in events if (d := as_day(e.get("day"))) is not None]
    if not dated:
        return None
    first = min(d for d, _ in dated)
    last = max(d for d, _ in dated)
    span = max(1, (last - first).days)
    left, right, row_h = 70, 70, 26
    stacks: Counter[date] = Counter()
    dots: list[dict[str, Any]] = []
    for d, e in sorted(dated, key=lambda x: (x[0], str(x[1].get("id")))):
        level = stacks[d]
        stacks[d] += 1
        x = left + (width - left - right) * ((d - first).days / span if last > first else 0.5)
        flip = x > width * 0.62  # label to the left of dots near the right edge
        dots.append(
            {
                "x": round(x, 1),
                "lx": round(x - 11 if flip else x + 11, 1),
                "anchor": "end" if flip else "start",
                "level": level,
                "day": d.isoformat(),
                "event": e,
            }
        )
    levels = max(stacks.values())
    base = 30 + levels * row_h
    for dot in dots:
        dot["y"] = base - 14 - dot["level"] * row_h
    ticks = sorted({first, last} | {first + timedelta(days=round(span * k / 4)) for k in (1, 2, 3)})
    return {
        "width": width,
        "height": base + 34,
        "base": base,
        "left": left,
        "right": width - right,
        "dots": dots,
        "ticks": [
            {
                "x": round(
                    left + (width - left - right) * ((t - first).days / span)
                    if last > first
                    else width / 2,
                    1,
                ),
                "label": t.isoformat(),
            }
            for t in (ticks if last > first else [first])
        ],
        "undated": len(events) - len(dated),
    }


def co_graph(
    center: Mapping[str, Any], others: Sequence[Mapping[str, Any]], size: int = 640
) -> dict[str, Any] | None:
    """The actor in the middle, the actors named with it on a circle around; edges as thick
    as the number of shared articles."""
    if not others:
        return None
    height = 440
    cx, cy, rx, ry = size / 2, height / 2, 190, 170
    most = max(int(o.get("articles") or 1) for o in others)
    nodes = []
    for i, o in enumerate(others):
        angle = -math.pi / 2 + 2 * math.pi * i / len(others)
        x, y = cx + rx * math.cos(angle), cy + ry * math.sin(angle)
        cos = math.cos(angle)
        anchor = "middle" if abs(cos) < 0.12 else ("start" if cos > 0 else "end")
        name = str(o.get("name") or o.get("id"))
        nodes.append(
            {
                **o,
                "x": round(x, 1),
                "y": round(y, 1),
                "lx": round(x + {"start": 12, "end": -12}.get(anchor, 0), 1),
                "ly": round(y + 4 + (18 * math.sin(angle) if anchor == "middle" else 0), 1),
                "anchor": anchor,
                "short": name if len(name) <= 22 else name[:21] + "…",
                "stroke": round(1 + 4 * int(o.get("articles") or 1) / most, 1),
            }
        )
    return {"width": size, "height": height, "cx": cx, "cy": cy, "center": center, "nodes": nodes}


# -- the article page ---------------------------------------------------------------------------


def _article_view(store: Store, article_id: str) -> dict[str, Any] | None:
    analysis = queries.load_analysis(store, article_id)
    if analysis is None:
        return None
    data = analysis.to_dict()
    art = analysis.article
    raw = art.raw
    by_entity: dict[str, dict[str, Any]] = {}
    for a in data["actors"]:
        for ent in a.get("entities") or ():
            by_entity[ent] = a
    happening = {
        r["id"]: r["event_id"]
        for r in store.query(
            "SELECT id, event_id FROM event_mentions WHERE article_id = ?", [article_id]
        )
    }
    spans: list[Span] = []
    anchors: dict[str, str] = {}
    cards: list[dict[str, Any]] = []

    def card(kind: str, rid: str, record: dict[str, Any]) -> str:
        cid = f"card-{len(cards)}"
        cards.append({"id": cid, "kind": kind, "rid": rid, "r": record})
        anchors[rid] = f"hl-{len(cards) - 1}"
        return cid

    for q in data["quotes"]:
        q["actor"] = by_entity.get(q.get("speaker_id") or "")
        cid = card("quote", q["id"], q)
        q["anchor"] = anchors[q["id"]]
        parts = [tuple(p) for p in q.get("parts") or ()] or [(q["start"], q["end"])]
        spans.extend(Span(s, e, "quote", q["id"], cid) for s, e in parts)
    for f in data["figures"]:
        cid = card("figure", f["id"], f)
        f["anchor"] = anchors[f["id"]]
        spans.append(Span(f["start"], f["end"], "figure", f["id"], cid))
    for c in data["citations"]:
        cid = card("citation", c["id"], c)
        c["anchor"] = anchors[c["id"]]
        spans.append(Span(c["start"], c["end"], "citation", c["id"], cid))
    for ev in data["events"]:
        ev["happening"] = happening.get(ev["id"], ev["id"])
        cid = card("event", ev["id"], ev)
        ev["anchor"] = anchors[ev["id"]]
        reports = ev.get("mentions") or [{"start": ev["start"], "end": ev["end"]}]
        spans.extend(Span(m["start"], m["end"], "event", ev["id"], cid) for m in reports)
    spans.extend(Span(r.start, r.end, "removed", r.kind) for r in art.removed)
    return {
        "a": data["article"],
        "title": art.title or _first_line(art.text) or art.id,
        "untitled": not art.title,
        "body": highlight(raw, spans, anchors),
        "cards": cards,
        "quotes": data["quotes"],
        "figures": data["figures"],
        "citations": data["citations"],
        "events": data["events"],
        "actors": data["actors"],
        "removed": data["article"]["removed"],
    }


def _first_line(text: str) -> str:
    return _shorten(text.strip().split("\n", 1)[0] if text else "")


def _shorten(line: str, most: int = 100) -> str:
    """``line`` cut at a word boundary to at most ``most`` characters, with an ellipsis."""
    if len(line) <= most:
        return line
    cut = line[: most - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"


# -- routes ------------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def home(request: Request, store: StoreDep) -> HTMLResponse:
    latest = queries.articles(store, limit=20)
    leads = _leads(store, [r["id"] for r in latest if not r.get("title")])
    return _page(
        request,
        "home.html",
        "/api/stats",
        counts=store.counts(),
        articles=latest,
        leads=leads,
        actors=queries.actors(store, limit=12),
    )


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, store: StoreDep, article_id: str) -> HTMLResponse:
    view = _article_view(store, article_id)
    if view is None:
        raise StarletteHTTPException(404, detail=f"There is no article with the id {article_id!r}.")
    return _page(request, "article.html", "/api/articles/" + quote(article_id, safe=""), **view)


@router.get("/actors/{actor_id}", response_class=HTMLResponse)
def actor_page(request: Request, store: StoreDep, actor_id: str) -> HTMLResponse:
    found = queries.actor(store, actor_id)
    if found is None:
        raise StarletteHTTPException(404, detail=f"There is no actor with the id {actor_id!r}.")
    leads = _leads(store, sorted({q["article_id"] for q in found["quotes"]}))
    return _page(
        request,
        "actor.html",
        "/api/actors/" + quote(actor_id, safe=""),
        actor=found,
        timeline=timeline(found["events"]),
        graph=co_graph(found, found["co_actors"]),
        leads=leads,
    )


@router.get("/events", response_class=HTMLResponse)
def events_page(
    request: Request,
    store: StoreDep,
    actor: str | None = None,
    code: str | None = None,
    country: str | None = None,
    since: str | None = None,
    until: str | None = None,
    negated: str | None = None,
    offset: str | None = None,
) -> HTMLResponse:
    form = _clean(
        {"actor": actor, "code": code, "country": country, "since": since, "until": until}
    )
    show_negated = negated not in (None, "", "0", "false")
    filters: dict[str, Any] = {**form, "negated": "true" if show_negated else None}
    twin = _with_query("/api/events", filters)
    try:
        _check({**form, **_clean({"offset": offset})})
    except BadFilter as bad:
        return _page(
            request, "events.html", twin, 422, form=form, errors=bad.errors, rows=[], chart=None,
            show_negated=show_negated, pager={}, offset=0,
        )  # fmt: skip
    start = int(offset or 0)
    args: dict[str, Any] = {
        "actor": form.get("actor"),
        "code": form.get("code"),
        "country": form.get("country"),
        "since": form.get("since"),
        "until": form.get("until"),
        "negated": None if show_negated else False,
    }
    rows = queries.events(store, **args, limit=PAGE, offset=start)
    return _page(
        request, "events.html", twin, form=form, rows=rows,
        chart=day_chart(queries.events_per_day(store, **args)),
        show_negated=show_negated, pager=_pager("/events", filters, start, len(rows)),
        offset=start,
    )  # fmt: skip


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, store: StoreDep, event_id: str) -> HTMLResponse:
    found = queries.event(store, event_id)
    if found is None:
        raise StarletteHTTPException(404, detail=f"There is no event with the id {event_id!r}.")
    return _page(request, "event.html", "/api/events/" + quote(event_id, safe=""), e=found)


@router.get("/figures", response_class=HTMLResponse)
def figures_page(
    request: Request,
    store: StoreDep,
    unit: str | None = None,
    q: str | None = None,
    offset: str | None = None,
) -> HTMLResponse:
    form = _clean({"unit": unit, "q": q})
    twin = _with_query("/api/figures", form)
    units = [r["unit"] for r in store.query("SELECT DISTINCT unit FROM figures ORDER BY unit")]
    try:
        _check({**form, **_clean({"offset": offset})})
    except BadFilter as bad:
        return _page(
            request, "figures.html", twin, 422, form=form, errors=bad.errors, rows=[],
            units=units, pager={}, offset=0,
        )  # fmt: skip
    start = int(offset or 0)
    rows = queries.figures(store, unit=form.get("unit"), q=form.get("q"), limit=PAGE, offset=start)
    return _page(
        request, "figures.html", twin, form=form, rows=rows, units=units,
        pager=_pager("/figures", form, start, len(rows)), offset=start,
    )  # fmt: skip


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request, store: StoreDep, q: str | None = None, offset: str | None = None
) -> HTMLResponse:
    form = _clean({"q": q})
    twin = _with_query("/api/search", form) if form else None
    try:
        _check({**form, **_clean({"offset": offset})}, max_len=500)
    except BadFilter as bad:
        return _page(
            request, "search.html", twin, 422, form=form, errors=bad.errors, found=None,
            pager={}, leads={},
        )  # fmt: skip
    found = None
    leads: dict[str, str] = {}
    pager: dict[str, str | None] = {}
    if "q" in form:
        start = int(offset or 0)
        found = queries.search(store, form["q"], limit=PAGE, offset=start)
        leads = _leads(store, [a["id"] for a in found["articles"] if not a.get("title")])
        most = max(len(found["articles"]), len(found["quotes"]))
        pager = _pager("/search", form, start, most)
    return _page(request, "search.html", twin, form=form, found=found, leads=leads, pager=pager)


# -- mounting ----------------------------------------------------------------------------------


def _is_page(path: str) -> bool:
    return not (
        path.startswith("/api/") or path == "/api" or path.startswith(("/docs", "/redoc"))
        or path == "/openapi.json"
    )  # fmt: skip


async def _not_found(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if not _is_page(request.url.path) or exc.status_code < 400:
        return await http_exception_handler(request, exc)
    if exc.status_code == 404:
        title = "Not found"
        message = (
            exc.detail if exc.detail != "Not Found" else f"There is no page at {request.url.path}."
        )
    else:
        title, message = "Error", str(exc.detail)
    return templates.TemplateResponse(
        request,
        "error.html",
        {
            "twin": None,
            "errors": {},
            "status": exc.status_code,
            "title": title,
            "message": message,
        },
        status_code=exc.status_code,
        headers=getattr(exc, "headers", None),
    )


def mount(app: Any) -> None:
    """Add the HTML pages, ``/static`` and the HTML error pages to ``app``."""
    assert isinstance(app, FastAPI)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(router)
    app.add_exception_handler(StarletteHTTPException, _not_found)
