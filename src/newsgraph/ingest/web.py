"""What web inputs (WARC records, fetched pages, feeds) share: content types and decoding.

No network here; :mod:`newsgraph.ingest.fetch` does the fetching.
"""

from __future__ import annotations

import codecs

from newsgraph.errors import EmptyInput, MalformedInput

# Media types whose bodies are web pages newsgraph reads.
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Media types that are feeds whatever their content; generic XML is a feed when its root says so.
FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+xml"}
)
# Browsers (WHATWG Encoding) read these labels as windows-1252; so do the pages' authors.
_WINDOWS_1252_ALIASES = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "ascii", "us-ascii"}


def media_type(content_type: str | None) -> str:
    """``"text/html; charset=utf-8"`` -> ``"text/html"`` ('' when there is none)."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def charset_of(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a Content-Type header, if any."""
    for param in (content_type or "").split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'").lower()
    return None


def is_html_type(content_type: str | None) -> bool:
    return media_type(content_type) in HTML_TYPES


def decode_html(data: bytes, charset: str | None, name: str) -> str:
    """An HTML body to text: the charset the server declared when it decodes cleanly, else
    what the page itself declares, then UTF-8, then detection."""
    if not data.strip():
        raise EmptyInput(name, "empty page (no content)")
    if charset:
        label = "cp1252" if charset in _WINDOWS_1252_ALIASES else charset
        try:
            codecs.lookup(label)
            return data.decode(label)
        except (LookupError, UnicodeDecodeError):
            pass
    from newsgraph.ingest.html.load import _decode

    try:
        return _decode(data, name)
    except MalformedInput:
        raise
    except Exception as exc:  # a detector failure on hostile bytes costs this page only
        raise MalformedInput(name, f"undecodable page: {exc}") from exc
