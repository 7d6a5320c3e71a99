"""The explorer's ASGI application: the JSON API (:mod:`.api`) and the web pages (:mod:`.web`)
over one store.

``create_app`` opens the store once (read-only unless writes are allowed) and hands each request
its own cursor (:meth:`newsgraph.store.db.Store.cursor`): DuckDB connections are not shared
between the threads FastAPI runs endpoints on. FastAPI, uvicorn and Jinja2 are the ``[web]``
extra; :func:`require_web` turns their absence into one clear message.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsgraph.errors import NewsgraphError
from newsgraph.settings import Settings
from newsgraph.store.db import Store, open_store

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["AppConfig", "WebExtraMissing", "create_app", "require_web"]


class WebExtraMissing(NewsgraphError):
    """The ``[web]`` extra is not installed."""


def require_web() -> None:
    """Raise :class:`WebExtraMissing` with the install command when FastAPI, uvicorn or Jinja2
    is missing."""
    missing = []
    for mod in ("fastapi", "uvicorn", "jinja2"):
        try:
            __import__(mod)
        except ImportError:
            missing.append(mod)
    if missing:
        raise WebExtraMissing(
            f"the explorer needs {', '.join(missing)}: install the web extra with "
            "`pip install 'newsgraph[web]'`"
        )


@dataclass(frozen=True)
class AppConfig:
    """What the app serves and allows. ``allow_write`` turns on POST /api/analyze and POST
    /api/ingest, which then need ``token`` (as ``Authorization: Bearer TOKEN``); bodies over
    ``max_body_bytes`` get 413."""

    db: str
    allow_write: bool = False
    token: str | None = None
    max_body_bytes: int = 5_000_000
    settings: Settings | None = None


class StoreHolder:
    """The app's one open store; ``per_request`` yields a cursor-backed store per request."""

    def __init__(self, config: AppConfig) -> None:
        self.config = config
        self.store = open_store(config.db, read_only=not config.allow_write)

    def per_request(self) -> Iterator[Store]:
        cur = self.store.cursor()
        try:
            yield cur
        finally:
            cur.con.close()

    def close(self) -> None:
        self.store.close()


def create_app(config: AppConfig) -> FastAPI:
    """The ASGI app over ``config.db``: ``/api/...`` (JSON, OpenAPI at ``/openapi.json``) and
    the server-rendered pages."""
    require_web()
    from contextlib import asynccontextmanager

    from fastapi import FastAPI

    from newsgraph.serve import api, web

    holder = StoreHolder(config)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        holder.close()

    app = FastAPI(
        title="newsgraph",
        description="Who said what, which numbers and what happened, with the sentence behind "
        "every record.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.holder = holder
    app.state.config = config
    app.include_router(api.router)
    web.mount(app)
    return app
