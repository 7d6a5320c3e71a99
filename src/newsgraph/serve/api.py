"""The JSON API: every list the CLI has, paginated, with the same named queries.

Lists answer ``{"items": [...], "limit": L, "offset": O, "next": O+L or null}``; filters are
validated (a bad date, code or limit is a 422 naming the parameter); an unknown id is a 404.
Writes (POST /api/analyze, POST /api/ingest) exist only when the app was created with
``allow_write`` and need the token.
"""

from __future__ import annotations

import hmac
import json
import os
import tempfile
import threading
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import FileResponse, JSONResponse
from starlette.background import BackgroundTask

from newsgraph.errors import InputError, NewsgraphError
from newsgraph.store import queries
from newsgraph.store.db import Store
from newsgraph.store.export import EXPORT_FORMATS, TABLES, export

router = APIRouter(prefix="/api", default_response_class=JSONResponse)

Limit = Annotated[int, Query(ge=1, le=1000, description="Rows per page.")]
Offset = Annotated[int, Query(ge=0, description="Rows to skip.")]
Day = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD")]
_MEDIA = {
    "csv": "text/csv",
    "jsonl": "application/x-ndjson",
    "parquet": "application/vnd.apache.parquet",
    "gdelt-tsv": "text/tab-separated-values",
}


def get_store(request: Request) -> Iterator[Store]:
    yield from request.app.state.holder.per_request()


StoreDep = Annotated[Store, Depends(get_store)]


def _check_days(**days: str | None) -> None:
    for name, value in days.items():
        if value is None:
            continue
        try:
            date.fromisoformat(value)
        except ValueError:
            raise HTTPException(
                422,
                detail=[
                    {
                        "loc": ["query", name],
                        "msg": f"{value!r} is not a date (YYYY-MM-DD)",
                        "type": "value_error.date",
                    }
                ],
            ) from None


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


class FastJSON(JSONResponse):
    """JSON of plain rows (str, numbers, lists, dates) without FastAPI's generic encoder, which
    costs more than the query on a page of 50 rows."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, default=_plain).encode("utf-8")


def page(items: list[dict[str, Any]], limit: int, offset: int) -> Any:
    return FastJSON(
        {
            "items": items,
            "limit": limit,
            "offset": offset,
            "next": offset + limit if len(items) == limit else None,
        }
    )


@router.get("/stats", summary="Row counts of every table")
def stats(store: StoreDep) -> dict[str, int]:
    return store.counts()


@router.get("/articles", summary="Articles, newest first")
def articles(
    store: StoreDep,
    source: str | None = None,
    since: Day = None,
    until: Day = None,
    q: Annotated[str | None, Query(description="Title contains.")] = None,
    story: Annotated[str | None, Query(description="Copies of this story.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    _check_days(since=since, until=until)
    rows = queries.articles(
        store,
        source=source,
        since=since,
        until=until,
        q=q,
        story=story,
        limit=limit,
        offset=offset,
    )
    return page(rows, limit, offset)


@router.get("/articles/{article_id}", summary="One article's full analysis")
def article(store: StoreDep, article_id: str) -> dict[str, Any]:
    found = queries.load_analysis(store, article_id)
    if found is None:
        raise HTTPException(404, detail=f"no article {article_id!r}")
    return found.to_dict()


@router.get("/quotes", summary="Quotes with speaker, cue and relays")
def quotes(
    store: StoreDep,
    speaker: str | None = None,
    via: str | None = None,
    q: Annotated[str | None, Query(description="Quote text contains.")] = None,
    kind: Annotated[str | None, Query(pattern="^(direct|partial|indirect|mixed)$")] = None,
    article: str | None = None,
    since: Day = None,
    until: Day = None,
    all_copies: Annotated[bool, Query(description="Every copy of a story.")] = False,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    _check_days(since=since, until=until)
    rows = queries.quotes(
        store, speaker=speaker, about=q, via=via, kind=kind, article=article, since=since,
        until=until, all_copies=all_copies, limit=limit, offset=offset,
    )  # fmt: skip
    return page(rows, limit, offset)


@router.get("/citations", summary="Sources articles rely on")
def citations(
    store: StoreDep,
    source: str | None = None,
    kind: Annotated[
        str | None,
        Query(pattern="^(media|government|organisation|person|anonymous|document)$"),
    ] = None,
    article: str | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    rows = queries.citations(
        store, source=source, kind=kind, article=article, limit=limit, offset=offset
    )
    return page(rows, limit, offset)


@router.get("/figures", summary="Figures with what they measure")
def figures(
    store: StoreDep,
    unit: str | None = None,
    q: Annotated[str | None, Query(description="Measure or sentence contains.")] = None,
    article: str | None = None,
    all_copies: Annotated[bool, Query(description="Every copy of a story.")] = False,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    rows = queries.figures(
        store,
        unit=unit,
        q=q,
        article=article,
        all_copies=all_copies,
        limit=limit,
        offset=offset,
    )
    return page(rows, limit, offset)


@router.get("/events", summary="Coded events, one per happening")
def events(
    store: StoreDep,
    actor: Annotated[
        str | None, Query(description="Actor code in capitals (RUSGOV) or a name.")
    ] = None,
    code: Annotated[str | None, Query(pattern=r"^\d{2,4}$", description="CAMEO code")] = None,
    country: Annotated[str | None, Query(pattern="^[A-Za-z]{3}$")] = None,
    since: Day = None,
    until: Day = None,
    article: str | None = None,
    negated: Annotated[bool, Query(description="Include denied acts.")] = False,
    all_copies: Annotated[bool, Query(description="Every copy of a story.")] = False,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    _check_days(since=since, until=until)
    rows = queries.events(
        store, actor=actor, code=code, country=country, since=since, until=until,
        article=article, negated=None if negated else False, all_copies=all_copies,
        limit=limit, offset=offset,
    )  # fmt: skip
    return page(rows, limit, offset)


@router.get("/events/{event_id}", summary="One event with its reports")
def event(store: StoreDep, event_id: str) -> dict[str, Any]:
    found = queries.event(store, event_id)
    if found is None:
        raise HTTPException(404, detail=f"no event {event_id!r}")
    return found


@router.get("/actors", summary="Canonical actors, most mentioned first")
def actors(
    store: StoreDep,
    name: str | None = None,
    type: Annotated[str | None, Query(pattern="^(?i:PERSON|ORG|PLACE|GROUP)$")] = None,
    country: Annotated[str | None, Query(pattern="^[A-Za-z]{3}$")] = None,
    code: str | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    rows = queries.actors(
        store, name=name, type=type, country=country, code=code, limit=limit, offset=offset
    )
    return page(rows, limit, offset)


@router.get("/actors/{actor_id}", summary="One actor: roles, quotes, events, co-occurring actors")
def actor(store: StoreDep, actor_id: str) -> dict[str, Any]:
    found = queries.actor(store, actor_id)
    if found is None:
        raise HTTPException(404, detail=f"no actor {actor_id!r}")
    return found


@router.get("/search", summary="Full-text search over articles and quotes")
def search(
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, max_length=500)],
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    offset: Offset = 0,
) -> FastJSON:
    return FastJSON({"q": q, **queries.search(store, q, limit=limit, offset=offset)})


@router.get("/export/{name}", summary="A whole table as csv, jsonl or parquet")
def export_table(store: StoreDep, name: str) -> FileResponse:
    table, _, fmt = name.partition(".")
    if table not in TABLES:
        raise HTTPException(404, detail=f"no table {table!r}; tables: {', '.join(TABLES)}")
    if fmt not in EXPORT_FORMATS or (fmt == "gdelt-tsv" and table != "events"):
        raise HTTPException(
            404, detail=f"no format {fmt!r} for {table}; formats: csv, jsonl, parquet"
            + (", gdelt-tsv" if table == "events" else "")
        )  # fmt: skip
    tmp = tempfile.mkdtemp(prefix="newsgraph-export-")
    path = os.path.join(tmp, name)
    export(store, table, fmt, path)

    def cleanup() -> None:
        os.unlink(path)
        os.rmdir(tmp)

    return FileResponse(path, media_type=_MEDIA[fmt], filename=name,
                        background=BackgroundTask(cleanup))  # fmt: skip


# -- writes -----------------------------------------------------------------------------------

_write_lock = threading.Lock()


async def _posted_article(request: Request) -> dict[str, Any]:
    config = request.app.state.config
    if not config.allow_write:
        raise HTTPException(403, detail="writes are off: start the server with --allow-write")
    given = request.headers.get("authorization", "")
    expected = f"Bearer {config.token}"
    if not config.token or not hmac.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(401, detail="a valid token is needed: Authorization: Bearer TOKEN")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > config.max_body_bytes:
        raise HTTPException(413, detail=f"body over {config.max_body_bytes} bytes")
    body = await request.body()
    if len(body) > config.max_body_bytes:
        raise HTTPException(413, detail=f"body over {config.max_body_bytes} bytes")
    try:
        obj = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise HTTPException(422, detail="the body must be a JSON object") from None
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        raise HTTPException(422, detail='the body needs "text" (a string)')
    for key in ("title", "published", "source", "url", "id"):
        if obj.get(key) is not None and not isinstance(obj[key], str):
            raise HTTPException(422, detail=f'"{key}" must be a string')
    return obj


def _analyze(request: Request, obj: dict[str, Any]) -> Any:
    from newsgraph.ingest.sources import Source
    from newsgraph.pipeline import Analyzer

    state = request.app.state
    with _write_lock:
        if getattr(state, "analyzer", None) is None:
            state.analyzer = Analyzer(state.config.settings)
    meta = {k: obj[k] for k in ("id", "title", "published", "source", "url") if obj.get(k)}
    html = bool(obj.get("html"))
    src = (
        Source("<api>", html=obj["text"], meta=meta)
        if html
        else Source("<api>", text=obj["text"], meta=meta)
    )
    try:
        return state.analyzer.analyze_source(src)
    except (InputError, NewsgraphError) as exc:
        raise HTTPException(422, detail=str(exc)) from None


@router.post("/analyze", summary="Analyse a posted article without storing it")
async def analyze(request: Request) -> dict[str, Any]:
    obj = await _posted_article(request)
    from starlette.concurrency import run_in_threadpool

    result = await run_in_threadpool(_analyze, request, obj)
    out: dict[str, Any] = result.to_dict()
    return out


@router.post("/ingest", summary="Analyse a posted article and store it")
async def ingest(request: Request) -> dict[str, Any]:
    obj = await _posted_article(request)
    from starlette.concurrency import run_in_threadpool

    result = await run_in_threadpool(_analyze, request, obj)

    def store_it() -> int:
        with _write_lock:
            store = request.app.state.holder.store
            n: int = store.write([result])
            if n:
                store.refresh_search_index()
            return n

    stored = await run_in_threadpool(store_it)
    return {"id": result.article.id, "stored": bool(stored)}
