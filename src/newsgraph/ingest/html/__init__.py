"""HTML ingest: one web page in, the article body and its metadata out.

The body comes from trafilatura, the best open-source extractor on the Zyte article benchmark.
Metadata comes first from what publishers declare for machines (JSON-LD, OpenGraph and the
common ``<meta>`` conventions), because that is written once per article by the CMS and is far
more reliable than layout heuristics; trafilatura's and htmldate's heuristics are only a
fallback for pages that declare nothing.

The page is decoded and parsed once; the same lxml tree feeds the metadata readers and
trafilatura (which works on its own copy), so a page costs little more than the extraction.

This module holds the public :class:`HtmlDocument` and :func:`parse_html`, the flow that ties
the steps together. The steps live in modules named for their job:

* ``load``: bytes to text to one lxml tree;
* ``body``: the article body (trafilatura and its backstop);
* ``declared``: the JSON-LD objects and ``<meta>`` tags the page declares;
* ``site``: the outlet's name, the page URL and language, and how to recognise the outlet;
* ``titles``, ``dates``, ``authors``: one metadata field each;
* ``text``: small text helpers they all share.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from newsgraph.errors import MalformedInput
from newsgraph.ingest.html.authors import _authors
from newsgraph.ingest.html.body import (
    _body_or_raise,
    _close_unclosed_title,
    _drop_headline,
    _is_only_link_text,
)
from newsgraph.ingest.html.dates import _published
from newsgraph.ingest.html.declared import _json_ld_blobs, _JsonLd, _Meta
from newsgraph.ingest.html.load import _decode, _parse
from newsgraph.ingest.html.site import _language, _page_url, _site_keys, _source
from newsgraph.ingest.html.titles import _title

__all__ = ["HtmlDocument", "parse_html"]

# trafilatura and htmldate log every page they discard at WARNING/ERROR. Without any handler
# configured those lines reach stderr through logging's last-resort handler and drown the CLI;
# a NullHandler stops that while still letting an application's own logging config see them.
for _name in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_name).addHandler(logging.NullHandler())
_LOG = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class HtmlDocument:
    """What :func:`parse_html` found in one page."""

    body: str  # the article body, paragraphs separated by "\n"
    title: str | None
    published: str | None  # YYYY-MM-DD
    authors: tuple[str, ...]
    source: str | None  # outlet name
    url: str | None
    language: str | None  # ISO 639-1 from <html lang> / meta, else None


def parse_html(
    html: str | bytes, *, url: str | None = None, input_name: str = "<html>"
) -> HtmlDocument:
    """Extract the article body and its metadata from one HTML page.

    Raises :class:`MalformedInput` for input that is empty, not HTML, or has no article text;
    any other page yields a best-effort result (missing metadata fields are ``None`` / empty).
    """
    # 1. Text: bytes are decoded (BOM, declared charset, UTF-8, detection); str is taken as is.
    if isinstance(html, bytes | bytearray):
        if not html.strip():
            raise MalformedInput(input_name, "empty document")
        text = _decode(bytes(html), input_name)
    elif isinstance(html, str):
        text = html
    else:
        raise TypeError(f"parse_html takes str or bytes, not {type(html).__name__}")
    # 2. One lxml tree, shared by the body extractor and every metadata reader below.
    tree = _parse(text, input_name)
    # 3. The body. An unclosed <title> can swallow the whole page: close it and try once more.
    body = _body_or_raise(tree, url, input_name)
    if not body and (repaired := _close_unclosed_title(text)) is not None:
        tree = _parse(repaired, input_name)
        body = _body_or_raise(tree, url, input_name)
    # 4. No body, or one that is only the page's links (a menu): the page has no article.
    if not body:
        raise MalformedInput(input_name, "no article body found in the HTML")
    if _is_only_link_text(body, tree):
        raise MalformedInput(input_name, "no article in the HTML, only navigation links")

    # 5. What the page declares for machines: <meta> tags and JSON-LD.
    meta = _Meta(tree)
    ld = _guard(_JsonLd, _EMPTY_JSONLD, _json_ld_blobs(tree), url)
    # 6. The page's URL and the outlet's name keys, which the title and author readers use.
    page_url = _guard(_page_url, url, tree, meta, ld, url)
    no_keys: tuple[set[str], set[str]] = (set(), set())
    names, hosts = _guard(_site_keys, no_keys, meta, ld, page_url)
    # 7. Each field from its reader; a reader that fails costs its field only (see _guard).
    title = _guard(_title, None, tree, meta, ld, names, hosts)
    return HtmlDocument(
        body=_drop_headline(body, title, tree),
        title=title,
        published=_guard(_published, None, tree, meta, ld, page_url),
        authors=_guard(_authors, (), tree, meta, ld, names, hosts),
        source=_guard(_source, None, meta, ld, page_url),
        url=page_url,
        language=_guard(_language, None, tree, meta, ld),
    )


_EMPTY_JSONLD = _JsonLd((), None)
_T = TypeVar("_T")


def _guard(func: Callable[..., _T], default: _T, *args: Any) -> _T:
    """Run one metadata reader; a bug or hostile input costs that field, not the page.

    Metadata is best-effort by contract, and one odd JSON-LD shape must not sink a batch.
    """
    try:
        return func(*args)
    except Exception:
        _LOG.debug("metadata reader %s failed", getattr(func, "__name__", func), exc_info=True)
        return default
