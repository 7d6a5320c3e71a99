"""The article body: trafilatura with its short-result backstop, and the checks around it.

Besides the extraction itself: the retry for a page whose unclosed ``<title>`` swallowed it,
the test for a "body" that is only the page's navigation links, and the removal of a first
line that repeats the headline.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from newsgraph.errors import MalformedInput
from newsgraph.ingest.html.text import _first, _key

# favor_precision drops far more boilerplate (related links, teasers, captions) across many
# sites, but on a few layouts it keeps only a stray block. When its output is this short and
# the default mode finds several times more text, the default is the better guess.
_SHORT_BODY_WORDS = 200
_FALLBACK_RATIO = 3

_WORD = re.compile(r"\w+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def _word_count(text: str) -> int:
    return len(_WORD.findall(text))


def _trafilatura_text(tree: HtmlElement, url: str | None, *, precision: bool) -> str:
    import trafilatura

    text = trafilatura.extract(
        tree,
        url=url,
        include_comments=False,
        include_tables=True,
        favor_precision=precision,
        deduplicate=False,
    )
    return _BLANK_LINES.sub("\n", text or "").strip()


def _extract_body(tree: HtmlElement, url: str | None) -> str:
    """trafilatura in precision mode, with the default mode as a backstop for short results.

    The backstop only runs when the precise output is short, so most pages pay for one pass.
    """
    precise = _trafilatura_text(tree, url, precision=True)
    n_precise = _word_count(precise)
    if n_precise >= _SHORT_BODY_WORDS:
        return precise
    plain = _trafilatura_text(tree, url, precision=False)
    if _word_count(plain) > _FALLBACK_RATIO * max(1, n_precise):
        return plain
    return precise


# Bodies longer than this are articles whatever their links; the check below is for the
# extractor's last resort on pages without an article, which returns the menu.
_LINK_CHECK_MAX_WORDS = 100


def _is_only_link_text(body: str, tree: HtmlElement) -> bool:
    """Is a short body nothing but the text of the page's links (a menu, a link list)?"""
    if _word_count(body) > _LINK_CHECK_MAX_WORDS:
        return False
    remaining = _key(body)
    if not remaining:
        return True
    original = len(remaining)
    link_keys = {_key(a.text_content()) for a in tree.iter("a")}
    for link in sorted(link_keys, key=len, reverse=True):
        if link:
            remaining = remaining.replace(link, "")
    return len(remaining) < 0.2 * original


def _body_or_raise(tree: HtmlElement, url: str | None, input_name: str) -> str:
    try:
        return _extract_body(tree, url)
    except Exception as exc:  # trafilatura on hostile markup: report, never crash the batch
        raise MalformedInput(input_name, f"article extraction failed: {exc}") from exc


_UNCLOSED_TITLE = re.compile(r"(<title\b[^>]*>[^<]*)(?=<)", re.IGNORECASE)


def _close_unclosed_title(text: str) -> str | None:
    """An unclosed <title> swallows the rest of the page as title text; close it and retry."""
    head = text[:20_000].lower()
    if "<title" not in head or "</title" in text.lower():
        return None
    repaired, count = _UNCLOSED_TITLE.subn(r"\1</title>", text, count=1)
    return repaired if count else None


def _drop_headline(body: str, title: str | None, tree: HtmlElement) -> str:
    """Drop a first body line that repeats the headline: it is metadata, not article text."""
    first, sep, rest = body.partition("\n")
    if not sep or not rest.strip():
        return body
    key = _key(first)
    if not key:
        return body
    if (title and key == _key(title)) or any(
        key == _key(h.text_content()) for h in _first(tree.iter("h1"), 5)
    ):
        return rest
    return body
