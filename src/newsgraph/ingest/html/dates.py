"""The publication date: declared timestamps, the URL's date, then htmldate's heuristics."""

from __future__ import annotations

import copy
import datetime as _dt
import re
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from lxml.etree import XPath
from lxml.html import HtmlElement

from newsgraph.ingest.html.declared import _JsonLd, _Meta
from newsgraph.ingest.html.text import _clean

_MONTHS_LONG = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# Full names and the usual abbreviations ("Sept") -> month number.
_MONTHS = {name: i for i, name in enumerate(_MONTHS_LONG, 1)} | {
    name[:3]: i for i, name in enumerate(_MONTHS_LONG, 1)
}
_MONTHS["sept"] = 9
_ISO_DATE = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s_]|[+-]\d|Z)")
_COMPACT_DATE = re.compile(r"^\s*((?:19|20)\d\d)(\d{2})(\d{2})(?:$|T|\d{2,6}\b)")
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\.?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
_MONTH_DAY_YEAR = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_NUMERIC_DMY = re.compile(r"^\s*(\d{1,2})[./](\d{1,2})[./](\d{4})\b")
_EPOCH = re.compile(r"^\s*(\d{10})(\d{3})?\s*$")


def _valid_date(year: int, month: int, day: int) -> str | None:
    """Format a date, refusing impossible ones and years no news page carries."""
    try:
        date = _dt.date(year, month, day)
    except ValueError:
        return None
    if not 1990 <= year <= _dt.date.today().year + 1:
        return None
    return date.isoformat()


def _to_ymd(value: str | None) -> str | None:
    """``YYYY-MM-DD`` from the date formats pages use in metadata; the date as written.

    A timestamp's own calendar date is kept rather than converted to UTC: it is the date in
    the publisher's zone, which is the one readers see on the page.
    """
    if not value:
        return None
    if match := _EPOCH.match(value):  # before the compact form: both are all digits
        stamp = _dt.datetime.fromtimestamp(int(match[1]), tz=_dt.UTC)
        return _valid_date(stamp.year, stamp.month, stamp.day)
    if match := _ISO_DATE.match(value) or _COMPACT_DATE.match(value):
        return _valid_date(int(match[1]), int(match[2]), int(match[3]))
    if match := _NUMERIC_DMY.match(value):
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        # "20.11.2019" is day-first everywhere; "11/20/2019" is the US month-first order
        # unless the first number cannot be a month.
        if match[0].count(".") or first > 12:
            return _valid_date(year, second, first)
        return _valid_date(year, first, second)
    if (match := _DAY_MONTH_YEAR.search(value)) and match[2].lower() in _MONTHS:
        return _valid_date(int(match[3]), _MONTHS[match[2].lower()], int(match[1]))
    if (match := _MONTH_DAY_YEAR.search(value)) and match[1].lower() in _MONTHS:
        return _valid_date(int(match[3]), _MONTHS[match[1].lower()], int(match[2]))
    return None


_DATE_META_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "datepublished",
    "parsely-pub-date",
    "sailthru.date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "published_time",
    "published-date",
    "article.published",
    "article_date_original",
    "original-publish-date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dc.date.created",
    "dcterms.created",
    "citation_publication_date",
    "citation_date",
    "date",
    "displaydate",
)


_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](\d\d?)[/-](\d\d?)(?=[/-]|$)")
_URL_DATE_NAMED = re.compile(r"/((?:19|20)\d\d)/([a-z]{3,9})/(\d\d?)(?=/)", re.IGNORECASE)
_HAS_TIME = re.compile(r"\d{1,2}:\d\d")
_LOCAL_OFFSET = re.compile(r"\d{1,2}:\d\d(?::\d\d)?(?:\.\d+)?\s*[+-](?!00:?00)\d\d:?\d\d\b")


def _url_date(url: str | None) -> str | None:
    """The date in a news URL's path (/2019/11/18/, /2019-11-18/, /2019/nov/18/)."""
    if not url:
        return None
    path = urlsplit(url).path if "//" in url else url
    if match := _URL_DATE.search(path):
        return _valid_date(int(match[1]), int(match[2]), int(match[3]))
    if (match := _URL_DATE_NAMED.search(path)) and match[2].lower() in _MONTHS:
        return _valid_date(int(match[1]), _MONTHS[match[2].lower()], int(match[3]))
    return None


def _days_apart(a: str, b: str) -> int:
    return abs((_dt.date.fromisoformat(a) - _dt.date.fromisoformat(b)).days)


def _published(tree: HtmlElement, meta: _Meta, ld: _JsonLd, url: str | None) -> str | None:
    """The publication date: declared metadata, then the URL's date, then htmldate.

    Declared timestamps are often in UTC, which moves evening articles in the Americas to the
    next day. When the chosen one has no local offset and the URL (or another declared
    timestamp with a local offset) says the day before or after, that local date wins.
    """
    raw: list[Any] = []
    if ld.article is not None:
        raw += [ld.article.get("datePublished"), ld.article.get("dateCreated")]
    raw += [meta.first(key) for key in _DATE_META_KEYS]
    raw.append(meta.parsely.get("pub_date"))
    raw += [page.get("datePublished") for page in ld.pages]
    parsed = [(date, text) for text in map(_clean, raw) if text and (date := _to_ymd(text))]
    if not parsed:
        # Microdata on a visible element: <time itemprop="datePublished" datetime="...">.
        for elem in tree.iterfind('.//*[@itemprop="datePublished"]'):
            text = elem.get("datetime") or elem.get("content") or elem.text_content()
            if date := _to_ymd(text):
                parsed.append((date, text))
                break
    from_url = _url_date(url)
    if not parsed:
        return from_url or _htmldate(tree, url)
    date, text = parsed[0]
    if _HAS_TIME.search(text) and not _LOCAL_OFFSET.search(text):
        for other, other_text in parsed[1:]:
            if other != date and _LOCAL_OFFSET.search(other_text) and _days_apart(date, other) == 1:
                return other
        if from_url and _days_apart(date, from_url) == 1:
            return from_url
    return date


# Markup that states when a page was *changed*. htmldate falls back to it when nothing says
# when the page was published, which would report an update as the publication date.
_MODIFIED_MARKERS = XPath(
    ".//meta[contains(translate(concat(@name, @property, @itemprop, @http-equiv),"
    " 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), 'modified')"
    " or contains(translate(concat(@name, @property, @http-equiv),"
    " 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), 'updated')"
    " or translate(@name, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
    " = 'lastmod'] | .//*[@itemprop='dateModified']"
)


def _htmldate(tree: HtmlElement, url: str | None) -> str | None:
    """htmldate's heuristics (visible dates, URL path), asked for the original date.

    It works on a copy without the "modified" markup, so that a page which only declares its
    last update yields its visible publication date or nothing, never the update.
    """
    try:
        from htmldate import find_date

        markers = _MODIFIED_MARKERS(tree)
        if markers:
            tree = copy.deepcopy(tree)
            for elem in _MODIFIED_MARKERS(tree):
                elem.drop_tree()
        found = find_date(
            tree,
            url=url,
            original_date=True,
            extensive_search=True,
            outputformat="%Y-%m-%d",
        )
        date = _to_ymd(found) if found else None
        if date is not None and date.endswith("-01") and not _states_first_of_month(tree, date):
            return None
    except Exception:  # a heuristic fallback must never sink the page
        return None
    return date


def _states_first_of_month(tree: HtmlElement, date: str) -> bool:
    """Does the page really say this 1st-of-the-month date?

    htmldate pads partial dates to the 1st (a copyright year becomes January 1st, "November
    2019" becomes November 1st). Those are guesses, not publication dates, so a 1st is kept
    only when the page spells the full date somewhere.
    """
    year, month, _ = date.split("-")
    name = _MONTHS_LONG[int(month) - 1]
    text = etree.tostring(tree, encoding="unicode", method="html")
    pattern = (
        rf"{year}[-/.]{month}[-/.]0?1\b|\b0?1[-/.]{month}[-/.]{year}|\b{month}/0?1/{year}"
        rf"|\b0?1(?:st)?\.?\s+{name[:3]}[a-z]*\.?,?\s+{year}"
        rf"|\b{name[:3]}[a-z]*\.?\s+0?1(?:st)?,?\s+{year}"
    )
    return re.search(pattern, text, re.IGNORECASE) is not None
