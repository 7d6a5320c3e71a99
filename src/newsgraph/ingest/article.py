"""Source -> Article: body extraction for HTML, cleaning, metadata, language and the id.

No language knowledge lives here beyond picking the language code; everything that needs a
parse happens after this, on ``Article.text``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from newsgraph.clean import Rules, clean
from newsgraph.clean.offsets import OffsetMap
from newsgraph.errors import EmptyInput, InputTooLarge
from newsgraph.ingest.sources import Source
from newsgraph.settings import Settings
from newsgraph.types import Article

_WS = re.compile(r"\s+")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")
# Characters of text the language detector looks at: enough for a stable guess, cheap to run.
_LANG_SAMPLE_CHARS = 2000
_DEFAULT_PORTS = {"http": 80, "https": 443}
_TRACKING = re.compile(r"^(?:utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid)$", re.IGNORECASE)


def build_article(
    src: Source, settings: Settings, rules: Rules | None = None
) -> tuple[Article, OffsetMap]:
    """Turn one source into an :class:`Article` and the map from its cleaned text to its input.

    Raises an ``InputError`` naming the source.
    """
    # Precedence, lowest first: what the container knew (a WARC record's date), what the page
    # says about itself, what the user or the feed gave.
    meta: dict[str, Any] = dict(src.fallback)
    if src.html is not None:
        from newsgraph.ingest.html import parse_html

        page = parse_html(src.html, url=src.meta.get("url"), input_name=src.name)
        raw = page.body
        found = {
            "title": page.title,
            "published": page.published,
            "authors": list(page.authors),
            "source": page.source,
            "url": page.url,
            "language": page.language,
        }
        meta.update({k: v for k, v in found.items() if v not in (None, "", [])})
    else:
        raw = src.text or ""
    meta.update(src.meta)  # what the user gave wins over what the page says
    if len(raw) > settings.max_input_bytes:
        raise InputTooLarge(src.name, f"text of {len(raw):,} characters is over the limit")
    cleaned = clean(raw, rules)
    if not cleaned.text.strip():
        raise EmptyInput(src.name, "no article text left after extraction and cleaning")
    text = cleaned.text
    language = meta.get("language") or detect_language(text)
    article = Article(
        id=str(meta["id"]) if meta.get("id") else article_id(text),
        text=text,
        raw=raw,
        title=_clean_str(meta.get("title")),
        source=_clean_str(meta.get("source")),
        url=_clean_str(meta.get("url")),
        published=normalise_date(meta.get("published")),
        authors=normalise_authors(meta.get("authors")),
        language=(str(language).lower().split("-")[0] if language else None),
        removed=cleaned.removed,
        input_name=src.name,
    )
    return article, cleaned.offsets


def article_id(text: str) -> str:
    """Content hash of the normalised text, so re-ingesting the same article is a no-op.

    Normalisation (NFKC, case folding, whitespace collapsed) makes the id survive re-encoding and
    re-wrapping of the same text.
    """
    norm = _WS.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


def url_article_id(url: str) -> str:
    """Id of an article known by its URL (a feed item, a page to fetch), known before fetching.

    A hash of the normalised URL (see :func:`normalise_url`), so the second run over a feed
    skips the items it stored the first time without asking their servers again.
    """
    return hashlib.sha256(("url:" + normalise_url(url)).encode("utf-8")).hexdigest()[:16]


def normalise_url(url: str) -> str:
    """The same page's URLs made equal: scheme and host lower case, default port, fragment and
    tracking parameters (``utm_*``, ``fbclid``, ``gclid``) dropped, an empty path made ``/``."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:  # an IPv6 literal
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port is None or _DEFAULT_PORTS.get(scheme) == port else f"{host}:{port}"
    if parts.username or parts.password:
        netloc = parts.netloc.rsplit("@", 1)[0] + "@" + netloc
    query = "&".join(
        pair
        for pair in parts.query.split("&")
        if pair and not _TRACKING.match(pair.split("=", 1)[0])
    )
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def normalise_date(value: Any) -> str | None:
    """Any date-ish value -> ``YYYY-MM-DD``, or None when it is not a date."""
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value.isoformat()[:10]
    s = str(value).strip()
    m = _ISO_DATE.match(s)
    try:
        if m:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        from dateutil import parser as dateparser

        return dateparser.parse(s).date().isoformat()
    except (ValueError, OverflowError, TypeError):
        return None


def normalise_authors(value: Any) -> tuple[str, ...]:
    if not value:
        return ()
    items = (
        value if isinstance(value, list | tuple) else re.split(r"\s*[,;]\s*|\s+and\s+", str(value))
    )
    seen: dict[str, None] = {}
    for item in items:
        name = _WS.sub(" ", str(item)).strip()
        name = re.sub(r"^by\s+", "", name, flags=re.IGNORECASE)
        if name and name.casefold() not in {k.casefold() for k in seen}:
            seen[name] = None
    return tuple(seen)


def detect_language(text: str) -> str | None:
    import py3langid

    sample = text[:_LANG_SAMPLE_CHARS]
    if len(sample.strip()) < 20:
        return None
    lang, _score = py3langid.classify(sample)
    return str(lang)


def _clean_str(value: Any) -> str | None:
    if value in (None, ""):
        return None
    s = _WS.sub(" ", str(value)).strip()
    return s or None
