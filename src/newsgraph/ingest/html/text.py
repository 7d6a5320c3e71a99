"""Small text helpers shared by every metadata reader: cleaning, comparison keys, hosts."""

from __future__ import annotations

import html as _html
import re
import unicodedata
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from lxml.html import HtmlElement


def _words(text: str) -> frozenset[str]:
    """A word set written as one string, to keep long vocabularies readable."""
    return frozenset(text.split())


_SPACES = re.compile(r"\s+")
_HTML_TAGS = re.compile(r"<[^>]{0,500}>")


def _clean(value: Any) -> str | None:
    """A metadata string without markup, entities or stray whitespace; None when empty."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name")
    if not isinstance(value, str):
        return None
    if "<" in value:
        value = _HTML_TAGS.sub(" ", value)
    if "&" in value:
        value = _html.unescape(value)
    value = _SPACES.sub(" ", value).strip()
    return value or None


def _key(text: str) -> str:
    """Comparison key: accents, case, punctuation and spaces removed."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if ch.isalnum()).casefold()


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def _first(items: Iterable[HtmlElement], n: int) -> list[HtmlElement]:
    out = []
    for item in items:
        out.append(item)
        if len(out) >= n:
            break
    return out
