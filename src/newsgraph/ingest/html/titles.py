"""The headline: declared titles with the outlet's name removed, checked against the <h1>."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from newsgraph.ingest.html.declared import _JsonLd, _Meta
from newsgraph.ingest.html.site import _resembles_site
from newsgraph.ingest.html.text import _clean, _first, _key

_TITLE_SEPARATORS = re.compile(r"\s+(\||–|—|-|·|•|»|«|::|/|~)\s+")
_SITE_PREFIX = re.compile(r"^(.{2,40}?):\s+(\S.*)$")


def _join_title(segments: list[str], seps: list[str]) -> str:
    out = segments[0]
    for sep, seg in zip(seps, segments[1:], strict=True):
        out += f" {sep} {seg}"
    return out


def _strip_site(title: str, names: set[str], hosts: set[str]) -> str:
    """Remove an outlet-name suffix (or prefix) from a title, keeping titles with real dashes.

    Only a segment that resembles the outlet is removed, so "Anti-vax - a history" stays whole,
    and never so much that a single word is left. After the outlet, one short trailing "|"
    section label ("Title | Politics | Site") goes too: pipes essentially never occur inside
    headlines.
    """
    if match := _SITE_PREFIX.match(title):
        # "The Space Review: Seeking a bigger role": only an exact outlet name counts here.
        prefix_key = _key(match[1])
        if prefix_key and (prefix_key in names or prefix_key in hosts):
            title = match[2]
    parts = _TITLE_SEPARATORS.split(title)
    segments, seps = parts[0::2], parts[1::2]  # text, separator, text, ...
    if len(segments) < 2:
        return title
    stripped = False
    while (
        len(segments) > 1
        and len(_join_title(segments[:-1], seps[:-1]).split()) > 1
        and _resembles_site(segments[-1], names, hosts)
    ):
        segments.pop()
        seps.pop()
        stripped = True
    if stripped and len(segments) > 1 and seps[-1] == "|" and len(segments[-1].split()) <= 3:
        segments.pop()
        seps.pop()
    if (
        not stripped
        and len(segments) > 1
        and seps[0] in {"|", "::", "»"}
        and _resembles_site(segments[0], names, hosts)
    ):
        segments.pop(0)
        seps.pop(0)
    return _join_title(segments, seps).strip() or title


_ELLIPSIS = ("…", "...")


def _title(
    tree: HtmlElement, meta: _Meta, ld: _JsonLd, names: set[str], hosts: set[str]
) -> str | None:
    """The headline: declared titles (JSON-LD, OpenGraph, meta, <title>) checked against <h1>.

    The declared titles are tried in order, outlet suffixes removed; the page's own <h1> breaks
    ties, because the headline readers see is the one a person would write down.
    """
    raw: list[str | None] = []
    if ld.article is not None:
        raw += [_clean(ld.article.get("headline")), _clean(ld.article.get("name"))]
    raw += [
        meta.first("og:title"),
        meta.first("twitter:title"),
        meta.first("parsely-title", "sailthru.title", "headline", "dc.title", "title"),
        _clean(meta.parsely.get("title")),
    ]
    title_elem = tree.find(".//title")
    if title_elem is not None:
        raw.append(_clean(title_elem.text_content()))
    candidates = [_strip_site(c, names, hosts) for c in raw if c]
    if not candidates:
        return _heuristic_title(tree, names, hosts)
    headings = [h for h in (_clean(e.text_content()) for e in _first(tree.iter("h1"), 5)) if h]
    heading_keys = {_key(h) for h in headings}
    # A candidate the page also shows as its <h1> is the headline readers see.
    for candidate in candidates:
        if _key(candidate) in heading_keys:
            return candidate
    # "Headline - Section" or "Opinion | Headline": the <h1> is one separated part of it. A
    # colon does not count ("Impeachment: day three" is a whole headline, not a section).
    for heading in headings:
        if len(heading) <= 10 or _resembles_site(heading, names, hosts):
            continue
        for candidate in candidates:
            parts = _TITLE_SEPARATORS.split(candidate)[0::2]
            if len(parts) > 1 and _key(heading) in (_key(parts[0]), _key(parts[-1])):
                return heading
    best = candidates[0]
    if best.endswith(_ELLIPSIS):  # a truncated JSON-LD headline: a longer sibling wins
        stem = _key(best)
        for candidate in candidates[1:]:
            if _key(candidate).startswith(stem) and not candidate.endswith(_ELLIPSIS):
                return candidate
    return best


def _heuristic_title(tree: HtmlElement, names: set[str], hosts: set[str]) -> str | None:
    """trafilatura's title heuristics (single <h1>, title XPaths, <title> parts)."""
    try:
        from trafilatura.metadata import extract_title

        title = _clean(extract_title(tree))
    except Exception:
        return None
    return _strip_site(title, names, hosts) if title else None
