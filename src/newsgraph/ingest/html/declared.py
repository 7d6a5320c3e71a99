"""Collecting the page's declared metadata: JSON-LD objects and ``<meta>`` tags.

JSON-LD blocks are repaired where CMS templates commonly break them, ``@id`` references are
made resolvable, and the node that describes this page's article is picked out. ``<meta>``
values are indexed by name / property / itemprop.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from newsgraph.ingest.html.text import _clean

_ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "askpublicnewsarticle",
    "satiricalarticle",
    "advertisercontentarticle",
    "blogposting",
    "liveblogposting",
    "socialmediaposting",
    "techarticle",
    "report",
    "scholarlyarticle",
    "medicalscholarlyarticle",
    "claimreview",
}
_SECONDARY_ARTICLE_TYPES = {"claimreview"}
_PAGE_TYPES = {"webpage", "itempage", "medicalwebpage"}
_SITE_TYPES = {"website", "newsmediaorganization", "organization"}
# Links from an article to *other* works: an article found under these is not the page's own.
_FOREIGN_KEYS = {
    "itemlistelement",
    "relatedlink",
    "significantlink",
    "ispartof",
    "haspart",
    "liveblogupdate",
    "comment",
    "review",
    "subjectof",
    "about",
    "mentions",
    "citation",
    "isbasedon",
    "workexample",
    "itemreviewed",
    "associatedmedia",
    "video",
    "image",
}
_JSON_JUNK = re.compile(
    r"^\s*(?:<!--|//\s*<!\[CDATA\[|/\*\s*<!\[CDATA\[\s*\*/)"
    r"|(?:-->|//\s*\]\]>|/\*\s*\]\]>\s*\*/)\s*$"
)
_TRAILING_COMMA = re.compile(r",\s*([}\]])")


def _types(node: dict[str, Any]) -> set[str]:
    raw = node.get("@type")
    items = raw if isinstance(raw, list) else [raw]
    return {t.rsplit("/", 1)[-1].lower() for t in items if isinstance(t, str)}


def _load_json(text: str) -> Any:
    """Parse a JSON-LD block, repairing what CMS templates commonly break.

    Tried in order: as is; without trailing commas; with JavaScript 'single-quoted' values
    rewritten as JSON strings. Anything still broken is skipped (None).
    """
    text = _JSON_JUNK.sub("", text.strip())
    for repair in (_no_repair, _drop_trailing_commas, _requote_single_quoted):
        try:
            return json.loads(repair(text), strict=False)
        except ValueError:
            continue
    return None


def _no_repair(text: str) -> str:
    return text


def _drop_trailing_commas(text: str) -> str:
    return _TRAILING_COMMA.sub(r"\1", text)


_SINGLE_QUOTED_VALUE = re.compile(r"(?<=:)(\s*)'((?:[^'\\]|\\.)*)'(?=\s*[,}\]])", re.DOTALL)


def _requote_single_quoted(text: str) -> str:
    def requote(match: re.Match[str]) -> str:
        return match[1] + json.dumps(match[2].replace("\\'", "'"))

    return _drop_trailing_commas(_SINGLE_QUOTED_VALUE.sub(requote, text))


class _JsonLd:
    """The page's JSON-LD objects, with ``@id`` references resolvable and the article picked."""

    def __init__(self, blobs: Iterable[Any], page_url: str | None) -> None:
        self.by_id: dict[str, dict[str, Any]] = {}
        self.articles: list[tuple[int, int, dict[str, Any]]] = []  # (depth, order, node)
        self.pages: list[dict[str, Any]] = []
        self.sites: list[dict[str, Any]] = []
        for blob in blobs:
            self._walk(blob, 0, foreign=False)
        self.article = self._pick_article(page_url)

    def _walk(self, value: Any, depth: int, *, foreign: bool) -> None:
        if depth > 12:
            return
        if isinstance(value, list):
            for item in value:
                self._walk(item, depth, foreign=foreign)
            return
        if not isinstance(value, dict):
            return
        node_id = value.get("@id")
        if isinstance(node_id, str) and len(value) > 1:
            self.by_id.setdefault(node_id, value)
        if not foreign:
            types = _types(value)
            if types & _ARTICLE_TYPES:
                self.articles.append((depth, len(self.articles), value))
            elif types & _PAGE_TYPES:
                self.pages.append(value)
            elif types & _SITE_TYPES:
                self.sites.append(value)
        for key, child in value.items():
            if isinstance(child, (dict, list)):
                child_foreign = foreign or key.lower() in _FOREIGN_KEYS
                # @graph members are top-level nodes of the document, not nested ones.
                self._walk(child, depth if key == "@graph" else depth + 1, foreign=child_foreign)

    def resolve(self, value: Any) -> Any:
        """Follow a bare ``{"@id": ...}`` reference to the node it names, if on the page."""
        if isinstance(value, dict) and set(value) <= {"@id", "@type"}:
            target = self.by_id.get(str(value.get("@id")))
            if target is not None:
                return target
        return value

    def _pick_article(self, page_url: str | None) -> dict[str, Any] | None:
        if not self.articles:
            return None
        # Several article nodes: prefer the one that says it is this page, then the shallowest.
        want = _url_key(page_url)

        def rank(item: tuple[int, int, dict[str, Any]]) -> tuple[int, int, int, int, int]:
            depth, order, node = item
            # A fact-check's ClaimReview stands in for the article only when there is none.
            secondary = 1 if _types(node) <= _SECONDARY_ARTICLE_TYPES else 0
            urls = [node.get("url"), node.get("@id"), self.resolve(node.get("mainEntityOfPage"))]
            urls = [u.get("@id") or u.get("url") if isinstance(u, dict) else u for u in urls]
            match = bool(want) and any(_url_key(u) == want for u in urls if isinstance(u, str))
            has_head = bool(node.get("headline") or node.get("name"))
            return (secondary, 0 if match else 1, depth, 0 if has_head else 1, order)

        return min(self.articles, key=rank)[2]


def _url_key(url: str | None) -> str | None:
    if not url or not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = parts.hostname or ""
    host = host[4:] if host.startswith("www.") else host
    return f"{host}{parts.path.rstrip('/')}" or None


class _Meta:
    """Every ``<meta>`` value on the page, by lower-cased name / property / itemprop."""

    def __init__(self, tree: HtmlElement) -> None:
        self.values: dict[str, list[str]] = {}
        self.http_equiv: dict[str, str] = {}
        for elem in tree.iter("meta"):
            content = elem.get("content")
            if content is None:
                continue
            value = _clean(content)
            if not value:
                continue
            equiv = elem.get("http-equiv")
            if equiv:
                self.http_equiv.setdefault(equiv.strip().lower(), value)
            for attr in ("property", "name", "itemprop"):
                key = elem.get(attr)
                if key:
                    self.values.setdefault(key.strip().lower(), []).append(value)

    @property
    def parsely(self) -> dict[str, Any]:
        """The legacy ``parsely-page`` tag: a JSON object with title, date and authors."""
        raw = self.first("parsely-page")
        blob = _load_json(raw) if raw else None
        return blob if isinstance(blob, dict) else {}

    def first(self, *keys: str) -> str | None:
        for key in keys:
            values = self.values.get(key)
            if values:
                return values[0]
        return None

    def all(self, key: str) -> list[str]:
        return self.values.get(key, [])


def _json_ld_blobs(tree: HtmlElement) -> Iterator[Any]:
    for elem in tree.iter("script"):
        kind = (elem.get("type") or "").strip().lower()
        if kind.startswith("application/ld+json") and elem.text:
            blob = _load_json(elem.text)
            if blob is not None:
                yield blob
