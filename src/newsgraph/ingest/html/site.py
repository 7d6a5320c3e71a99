"""The outlet and the page: site name, canonical URL, language, and how to recognise the outlet.

:func:`_site_keys` and :func:`_host_keys` give the comparison keys for the outlet's name, and
:func:`_resembles_site` tells whether a string is that name: the title reader strips the outlet
from headlines with them, the author reader drops it from bylines with the keys.
"""

from __future__ import annotations

import re
from typing import Any

from lxml.html import HtmlElement

from newsgraph.ingest.html.declared import _JsonLd, _Meta, _types
from newsgraph.ingest.html.text import _clean, _host, _key, _words


def _node_name(ld: _JsonLd, value: Any) -> str | None:
    value = ld.resolve(value)
    if isinstance(value, list):
        value = next((ld.resolve(v) for v in value if v), None)
    if isinstance(value, dict):
        return _clean(value.get("name"))
    return _clean(value) if isinstance(value, str) and not value.startswith("http") else None


def _page_url(tree: HtmlElement, meta: _Meta, ld: _JsonLd, given: str | None) -> str | None:
    if given:
        return given
    for link in tree.iterfind(".//link[@rel][@href]"):
        if link.get("rel", "").strip().lower() == "canonical":
            href = link.get("href", "").strip()
            if href.startswith(("http://", "https://")):
                return href
    for candidate in (meta.first("og:url", "twitter:url"), ld.article and ld.article.get("url")):
        if isinstance(candidate, str) and candidate.startswith(("http://", "https://")):
            return candidate.strip()
    return None


_TAGLINE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|:)\s+")


def _source(meta: _Meta, ld: _JsonLd, url: str | None) -> str | None:
    """The outlet: og:site_name, then the JSON-LD publisher or WebSite name, then the host.

    A declared name that is a URL becomes its host; "Name | tagline" keeps the name. When the
    OpenGraph name does not resemble the domain but the publisher's does (a section name in
    og:site_name, as on some large sites), the publisher wins.
    """
    declared: list[str] = []
    for value in (
        meta.first("og:site_name"),
        ld.article is not None and _node_name(ld, ld.article.get("publisher")),
        *(_clean(n.get("name")) for n in ld.sites if "website" in _types(n)),
    ):
        if isinstance(value, str) and value:
            value = value.lstrip("@")  # a Twitter handle used as the name
            if value.startswith(("http://", "https://")):
                value = _host(value) or ""
            segments = _TAGLINE_SEPARATORS.split(value)
            if len(segments) > 1:
                hosts = _host_keys(url)
                value = next((s for s in segments if _resembles_site(s, set(), hosts)), segments[0])
            if value:
                declared.append(value)
    if not declared:
        return _host(url)
    hosts = _host_keys(url)
    for value in declared:
        if not hosts or _resembles_site(value, set(), hosts):
            return value
    return declared[0]


_LANG = re.compile(r"^\s*([A-Za-z]{2})(?:$|[-_])")


def _language(tree: HtmlElement, meta: _Meta, ld: _JsonLd) -> str | None:
    candidates = [
        tree.get("lang"),
        tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
        tree.get("xml:lang"),
        meta.http_equiv.get("content-language"),
        meta.first("og:locale", "language", "content-language", "dc.language"),
        ld.article.get("inLanguage") if ld.article is not None else None,
    ]
    for candidate in candidates:
        if isinstance(candidate, str) and (match := _LANG.match(candidate)):
            return match[1].lower()
    return None


def _site_keys(meta: _Meta, ld: _JsonLd, url: str | None) -> tuple[set[str], set[str]]:
    """Comparison keys for the outlet: (declared names, host-derived keys)."""
    names: set[str] = set()
    for value in (
        meta.first("og:site_name"),
        meta.first("application-name"),
        meta.first("apple-mobile-web-app-title"),
        ld.article is not None and _node_name(ld, ld.article.get("publisher")),
        *(_clean(node.get("name")) for node in ld.sites),
        (meta.first("twitter:site") or "").lstrip("@"),
    ):
        if isinstance(value, str) and (key := _key(value)):
            names.add(key)
            # "LinkNaija | Nigeria's popular news platform": the name before the tagline.
            names.add(_key(_TAGLINE_SEPARATORS.split(value, maxsplit=1)[0]))
    names.discard("")
    return names, _host_keys(url)


def _host_keys(url: str | None) -> set[str]:
    """Keys the domain spells: "news.sky.com" -> {"sky", "skynews", "newsskycom", ...}."""
    host = _host(url)
    if not host:
        return set()
    labels = [lab for lab in host.split(".") if lab]
    # Drop the public suffix roughly: the TLD, plus a second level like "co" in .co.uk.
    if len(labels) > 1:
        labels = labels[:-1]
        if len(labels) > 1 and labels[-1] in {"co", "com", "org", "net", "ac", "gov", "ne"}:
            labels = labels[:-1]
    meaningful = [lab for lab in labels if lab not in _GENERIC_HOST_LABELS and len(lab) > 2]
    keys = {_key(lab) for lab in meaningful}
    if len(labels) > 1:
        keys.add(_key("".join(reversed(labels))))
        keys.add(_key("".join(labels)))
    keys.add(_key(host))
    return {k for k in keys if k}


_GENERIC_HOST_LABELS = _words("www www1 www2 m amp mobile news blog blogs edition en eng uk us")


_DOMAIN_LIKE = re.compile(r"^[\w-]+(\.[\w-]+)*\.[a-z]{2,6}$", re.IGNORECASE)


def _resembles_site(segment: str, names: set[str], hosts: set[str]) -> bool:
    """Is this title segment the outlet's name (as declared, or as its domain spells it)?"""
    key = _key(segment)
    if not key:
        return False
    if _DOMAIN_LIKE.match(segment.strip()) or key in names or key in hosts:
        return True
    words = segment.split()
    if len(words) > 5:
        return False
    for site in names | hosts:
        if len(site) < 4:
            continue
        if site in key or key in site:
            # "BBC News" vs bbc.com, "The Guardian" vs theguardian.com: containment either way,
            # as long as the shared part dominates the segment.
            shorter, longer = sorted((site, key), key=len)
            if len(shorter) >= 0.5 * len(longer):
                return True
        # "Vortex Cannon Entertainment" on vortexcannon.org: a capitalised name that starts
        # with the domain's name. Lower-case words ("comwrap auf der DMEXCO") are a headline.
        if key.startswith(site) and all(not w[0].islower() for w in words):
            return True
    return False
