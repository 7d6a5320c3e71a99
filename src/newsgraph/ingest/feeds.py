"""RSS and Atom feeds (files and URLs) and single web pages -> sources.

* A feed file (``.rss``, ``.atom``, or ``.xml`` whose root element is ``rss``, ``feed`` or
  ``RDF``): each item that carries its full text (``content:encoded``, Atom ``content``) is read
  from that HTML without any request; the others are fetched from their link.
* A URL: fetched; a feed's items are fetched from their links, a page is read as one article.

Feeds are parsed with feedparser. Each item's title, link (as the article's URL), published or
updated date, authors and the feed's title (as the outlet) are the article's metadata, and win
over what the fetched page says about itself. An item's article id is a hash of its link
(:func:`newsgraph.ingest.article.url_article_id`), so items already stored, and items older than
``--since``, are skipped before their page is fetched: a second run over the same feed fetches
only the new items.
"""

from __future__ import annotations

import html as html_lib
import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from newsgraph.errors import InputError
from newsgraph.ingest.article import url_article_id
from newsgraph.ingest.fetch import Fetcher, FetchFailed, Page
from newsgraph.ingest.sources import InputOptions, Source
from newsgraph.ingest.web import FEED_TYPES, decode_html, is_html_type
from newsgraph.settings import Settings
from newsgraph.types import Failure

FEED_SUFFIXES = frozenset({".rss", ".atom"})
_FEED_ROOTS = frozenset({"rss", "feed", "rdf"})
# The XML declaration, processing instructions, comments and a doctype before the root element.
_PROLOG = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)", re.DOTALL)
_ROOT = re.compile(rb"\s*<([A-Za-z_][\w.:-]*)")
_EMAIL_NAME = re.compile(r"^\s*\S+@\S+\s*\((.+)\)\s*$")


def is_url(value: str) -> bool:
    return value[:8].lower().startswith(("http://", "https://"))


def looks_like_feed(data: bytes) -> bool:
    """Whether the document's root element is ``rss``, ``feed`` (Atom) or ``RDF`` (RSS 1.0)."""
    head = data[:8192]
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    elif head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    pos = 0
    while match := _PROLOG.match(head, pos):
        pos = match.end()
    root = _ROOT.match(head, pos)
    if root is None:
        return False
    return root.group(1).decode("ascii", "ignore").rsplit(":", 1)[-1].lower() in _FEED_ROOTS


def is_feed_file(path: Path) -> bool:
    suffix = path.suffix.lower()
    if suffix in FEED_SUFFIXES:
        return True
    if suffix != ".xml":
        return False
    try:
        with path.open("rb") as fh:
            return looks_like_feed(fh.read(8192))
    except OSError:
        return False


class WebInputs:
    """The feed and URL inputs of one run: one fetcher (so spacing per host holds across all
    of them) and the ids already handed on (so an item in two feeds is fetched once)."""

    def __init__(self, settings: Settings, options: InputOptions) -> None:
        self.settings = settings
        self.options = options
        self._fetcher: Fetcher | None = None
        self._seen: set[str] = set()

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher(self.settings)
        return self._fetcher

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()

    # -- inputs -----------------------------------------------------------------------------

    def feed_file(self, path: Path) -> Iterator[Source | Failure]:
        name = str(path)
        try:
            size = path.stat().st_size
            if size > self.settings.max_input_bytes:
                yield Failure(
                    name,
                    f"too large: {size / 1e6:.1f} MB is over the "
                    f"{self.settings.max_input_bytes / 1e6:.1f} MB limit (setting max_input_bytes)",
                    "read",
                )
                return
            data = path.read_bytes()
        except OSError as exc:
            yield Failure(name, f"cannot read: {exc.strerror or exc}", "read")
            return
        yield from self._feed(data, name, base="", content_type="", local=True)

    def url(self, url: str) -> Iterator[Source | Failure]:
        url = url.strip()
        aid = url_article_id(url)
        if self._already(url, [aid]):
            return
        try:
            page = self.fetcher.get(url)
        except FetchFailed as exc:
            yield Failure(exc.input_name, exc.reason, exc.stage)
            return
        if self._is_feed(page):
            yield from self._feed(page.body, url, base=page.url, content_type=page.content_type)
            return
        yield self._page_source(page, url, {"id": aid, "url": url})

    # -- feeds ------------------------------------------------------------------------------

    def _feed(
        self, data: bytes, name: str, *, base: str, content_type: str, local: bool = False
    ) -> Iterator[Source | Failure]:
        import feedparser

        headers = {"content-type": content_type or "application/xml"}
        if base:
            headers["content-location"] = base
        try:
            parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
        except Exception as exc:  # feedparser is lenient; anything that escapes is a bad feed
            yield Failure(name, f"not a readable RSS or Atom feed: {exc}", "parse")
            return
        if not parsed.get("version") and not parsed.entries:
            reason = parsed.get("bozo_exception") or "no feed found"
            yield Failure(name, f"not a readable RSS or Atom feed: {reason}", "parse")
            return
        feed_title = _text(parsed.feed.get("title"))
        items: list[tuple[str, dict[str, Any], Any]] = []
        for i, entry in enumerate(parsed.entries, start=1):
            link = _text(entry.get("link"))
            inline = local and _full_content(entry) is not None
            # A page fetched is named by its URL; an item read from the feed, by its place there.
            where = link if link and not inline else f"{name}#{i}" + (f":{link}" if link else "")
            published = _entry_date(entry)
            if self.options.since and published and published < self.options.since:
                self._skip(where, "older")
                continue
            meta: dict[str, Any] = {
                "id": url_article_id(link) if link else None,
                "url": link,
                "title": _text(entry.get("title")),
                "published": published.isoformat() if published else None,
                "authors": _authors(entry),
                "source": feed_title,
            }
            items.append((where, {k: v for k, v in meta.items() if v not in (None, "", [])}, entry))
        ids = [m["id"] for _w, m, _e in items if "id" in m]
        known = self._known(ids)
        for where, meta, entry in items:
            aid = meta.get("id")
            if aid is not None and (aid in known or aid in self._seen):  # stored, or a repeat
                self._skip(where, "stored")
                continue
            if aid is not None:
                self._seen.add(aid)
            yield self._item(where, meta, entry, local)

    def _item(self, where: str, meta: dict[str, Any], entry: Any, local: bool) -> Source | Failure:
        content = _full_content(entry) if local else None
        if content is not None:
            kind, value = content
            if kind == "text":
                return Source(where, text=value, meta=meta)
            title = html_lib.escape(meta.get("title", ""))
            page = (
                f"<html><head><title>{title}</title></head>"
                f"<body><article>{value}</article></body></html>"
            )
            return Source(where, html=page, meta=meta)
        link = meta.get("url")
        if not link:
            return Failure(where, "feed item with neither a link nor its content", "parse")
        try:
            page_ = self.fetcher.get(link)
        except FetchFailed as exc:
            return Failure(exc.input_name, exc.reason, exc.stage)
        return self._page_source(page_, where, meta)

    # -- helpers ----------------------------------------------------------------------------

    def _page_source(self, page: Page, name: str, meta: dict[str, Any]) -> Source | Failure:
        if page.media_type and not is_html_type(page.content_type):
            return Failure(name, f"not an HTML page (Content-Type {page.media_type})", "fetch")
        try:
            text = decode_html(page.body, page.charset, name)
        except InputError as exc:
            return Failure(exc.input_name, exc.reason, exc.stage)
        return Source(name, html=text, meta=meta)

    @staticmethod
    def _is_feed(page: Page) -> bool:
        if is_html_type(page.content_type):
            return False
        return page.media_type in FEED_TYPES or looks_like_feed(page.body)

    def _known(self, ids: list[str]) -> set[str]:
        known = {i for i in ids if i in self._seen}
        rest = [i for i in ids if i not in known]
        if rest and self.options.known is not None:
            known |= self.options.known(rest)
        return known

    def _already(self, name: str, ids: list[str]) -> bool:
        if ids and set(ids) <= self._known(ids):
            self._skip(name, "stored")
            return True
        self._seen.update(ids)
        return False

    def _skip(self, name: str, why: str) -> None:
        if self.options.on_skip is not None:
            self.options.on_skip(name, why)


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return value.strip() or None


def _entry_date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(key)
        if t:
            try:
                return date(t.tm_year, t.tm_mon, t.tm_mday)
            except (AttributeError, ValueError):
                continue
    return None


def _authors(entry: Any) -> list[str]:
    raw = _text(entry.get("author"))
    if raw and "@" in raw:
        # RSS <author> is "e-mail (Name)"; feedparser cuts e-mail addresses whose top-level
        # domain is longer than four letters, so the name is read here. A bare address names
        # no one.
        match = _EMAIL_NAME.match(raw)
        return [match.group(1).strip()] if match else []
    names = [_text(a.get("name")) for a in entry.get("authors") or () if isinstance(a, dict)]
    found = [n for n in names if n]
    return found or ([raw] if raw else [])


def _full_content(entry: Any) -> tuple[str, str] | None:
    """``("html" | "text", value)`` of the item's full content, when the feed carries it."""
    for content in entry.get("content") or ():
        value = _text(content.get("value"))
        if not value:
            continue
        kind = str(content.get("type") or "text/html").lower()
        return ("text", value) if kind == "text/plain" else ("html", value)
    return None
