"""The authors: declared bylines split into person names, with roles, dates and outlets removed."""

from __future__ import annotations

import re
from typing import Any

from lxml.html import HtmlElement

from newsgraph.ingest.html.dates import _MONTHS_LONG
from newsgraph.ingest.html.declared import _JsonLd, _Meta
from newsgraph.ingest.html.text import _SPACES, _clean, _key, _words

# "By", "Written by", "Analysis by", and the label words some languages put before a byline.
_BY_PREFIX = re.compile(
    r"^(?:(?:[^\W\d_]+\s+){0,2}?by\b|text|texto|testo|текст|автор|autor|auteur|author)"
    r"[:\s]+",
    re.IGNORECASE,
)
# "Von"/"Por"/"Par" also begin real names (Von Miller), so they count as "by" only when a
# full name follows.
_FOREIGN_BY = re.compile(r"^(?:von|por|par)\s+(?=\S+\s+\S)", re.IGNORECASE)
_AUTHOR_SPLIT = re.compile(r"\s*(?:;|\||,|/|\s&\s|\band\b|\bund\b|\bet\b|\by\b|\be\b|\s[·•]\s)\s*")
# "Finian Cunningham. Sputnik International": a full stop after a word (not after an initial
# or an honorific) ends one credit and starts another.
_SENTENCE_STOP = re.compile(r"([^\W\d_]{2,})\.\s+(?=[^\W\d_])")
_LAST_FIRST = re.compile(r"^([^\W\d_][\w'’-]+),\s*([^\W\d_][\w'’-]+(?:\s+[^\W\d_]\.?)?)$")
_LEADING_HONORIFICS = _words("mr mrs ms dr prof rev")
_HONORIFICS = _words("mr mrs ms dr prof rev sen rep gov gen col capt lt sgt st jr sr")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH_NAMES = tuple(_MONTHS_LONG)
# Month names that are not also common given names or surnames ("May", "June").
_DATELINE_MONTHS = frozenset(_MONTH_NAMES) - {"april", "may", "june", "august"}
# Where a byline runs into its dateline: a weekday, "Nov 18", "18 Nov", a year or a clock.
_DATELINE = re.compile(
    r"\s*(?:\b(?:" + "|".join(_WEEKDAYS) + r")\b"
    r"|\b(?:" + "|".join(m[:3] for m in _MONTH_NAMES) + r")[a-z]*\.?\s+\d"
    r"|\b\d{1,2}\s+(?:" + "|".join(m[:3] for m in _MONTH_NAMES) + r")"
    r"|\b(?:19|20)\d\d\b|\b\d{1,2}[:/.]\d|\bupdated\b|\bpublished\b|\bposted\b"
    r"|\blast\s+updated\b|\d+\s+min(?:ute)?s?\s+read).*$",
    re.IGNORECASE,
)
_AFFILIATION = re.compile(r"\s+(?:for|at|in|from|with)\s+(?:the\s+)?[A-Z].*$")
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_HANDLE = re.compile(r"(?:^|\s)@\w+")
_URLISH = re.compile(r"https?://|www\.|\.(?:com|org|net|html?)\b", re.IGNORECASE)
_PAREN = re.compile(r"\s*[\(\[][^)\]]*[\)\]]")
_CREDENTIALS = _words(
    "phd md mba rn esq cpa jd dds msc ms ma bsc rd rdn ld cfa cfp do mph dvm pharmd lcsw np "
    "pac faan facp cscs facs mbbs frcp dnp aprn crnp"
)
_NAME_SUFFIXES = _words("jr sr ii iii iv")
# Lower-case words that belong inside names (particles); any other lower-case word means the
# string is a phrase ("Colin Rust commented"), not a name.
_PARTICLES = _words(
    "van von de der den da di del della la le du bin bint al el ibn dos das do y e ter ten zu "
    "st lo mac"
)
_ROLE_WORDS = _words(
    "reporter editor correspondent writer columnist contributor contributing producer "
    "journalist photographer photos photo video intern senior chief bureau admin "
    "administrator webmaster author guest anonymous unknown host analyst director founder "
    "ceo manager president professor large redaction redação redazione redacción redaktion"
)
# Plural and collective credits: a desk or a team, never one person.
_COLLECTIVE_WORDS = _words(
    "staff team desk newsroom editors reporters writers correspondents contributors "
    "photographers wires services"
)
# Roles that remain a credited byline on their own ("By The Editorial Board").
_KEEP_WHOLE = frozenset({"the editorial board", "editorial board"})
_ORG_WORDS = _words(
    "news times post daily media press tv radio network magazine journal herald tribune "
    "gazette group inc ltd llc agency wire wires service services online digital channel "
    "today staff business insider sport sports international world live weekly monthly "
    "associated reuters bloomberg"
)
_NOT_NAME_WORDS = _ROLE_WORDS | _ORG_WORDS
_AGENCIES = frozenset(
    _key(a)
    for a in (
        "The Associated Press",
        "Associated Press",
        "AP",
        "Reuters",
        "Thomson Reuters",
        "AFP",
        "Agence France-Presse",
        "Bloomberg",
        "Bloomberg News",
        "dpa",
        "EFE",
        "ANSA",
        "Xinhua",
        "UPI",
        "United Press International",
        "PA",
        "PA Media",
        "Press Association",
        "Kyodo",
        "Kyodo News",
        "Yonhap",
        "TASS",
        "The Canadian Press",
        "Canadian Press",
        "AAP",
        "Australian Associated Press",
        "PTI",
        "IANS",
        "ANI",
        "Anadolu Agency",
    )
)


def _strip_by(text: str) -> str:
    return _FOREIGN_BY.sub("", _BY_PREFIX.sub("", text))


def _looks_like_org(name: str) -> bool:
    """Single words, "The ...", acronyms and names with outlet words are outlets, not people."""
    words = name.split()
    lowered = {w.strip(".,").lower() for w in words}
    return (
        len(words) == 1
        or words[0].lower() == "the"
        or bool(lowered & _ORG_WORDS)
        or _key(name) in _AGENCIES
    )


def _is_outlet(name: str, names: set[str], hosts: set[str]) -> bool:
    key = _key(name)
    return key in names or key in hosts or key in _AGENCIES


def _strip_glued_outlet(tokens: list[str], names: set[str], hosts: set[str]) -> list[str]:
    """ "ERIC TUCKER Associated Press", "Jane Doe BBC News": the outlet after the name goes."""
    for size in range(len(tokens) - 2, 0, -1):
        if _is_outlet(" ".join(tokens[-size:]), names, hosts):
            return tokens[:-size]
    return tokens


class _NotAByline(Exception):
    """The string is a phrase (a claim's speaker, "Colin Rust commented"), not a credit."""


def _clean_name(part: str, names: set[str], hosts: set[str]) -> str | None:
    """One item of a byline, or None when it is not a credit (role, date, handle).

    Raises :class:`_NotAByline` when the item reads as prose, so that the whole string it came
    from is dropped rather than a fragment of it ("The Russian" from "The Russian and Syrian
    defense ministries").
    """
    part = _strip_by(part.strip(" \t-–—:,.;")).strip(" \t-–—:,;")
    part = _PAREN.sub("", part)
    part = _EMAIL.sub("", part)
    part = _HANDLE.sub("", part)
    part = _AFFILIATION.sub("", part)
    part = _SPACES.sub(" ", part).strip(" \t-–—:,;|")
    if not part or _URLISH.search(part):
        return None
    tokens = part.split()
    # Drop credentials written after the name ("Jane Doe MD"), but not a lone name, and a
    # leading honorific ("Dr. Jane Doe"): neither is part of the person's name.
    while len(tokens) > 1 and _key(tokens[-1]) in _CREDENTIALS:
        tokens.pop()
    while len(tokens) > 2 and _key(tokens[0]) in _LEADING_HONORIFICS:
        tokens.pop(0)
    tokens = _strip_glued_outlet(tokens, names, hosts)
    # "Carrie Arnold November": a dateline whose day was already cut off.
    if len(tokens) > 2 and tokens[-1].lower() in _DATELINE_MONTHS:
        tokens.pop()
    part = " ".join(tokens)
    if part.lower() in _KEEP_WHOLE:
        return part
    token_words = [{s for s in re.split(r"[-.,'’]+", t.lower()) if s} for t in tokens]
    if any(w & _COLLECTIVE_WORDS for w in token_words):
        return None  # "HNN Staff", "Science X staff": a desk, not a person
    if any(w & _ROLE_WORDS for w in token_words):
        # "Tom Gillespie News reporter": the name is what precedes the job title and the
        # desk in it. "AP Auto Writer" or a lone "Senior Editor" credits nobody.
        cut = next(i for i, w in enumerate(token_words) if w & _NOT_NAME_WORDS)
        if cut < 2 or any(_key(t) in _AGENCIES for t in tokens[:cut]):
            return None
        tokens = tokens[:cut]
        part = " ".join(tokens)
    if not any(ch.isalpha() for ch in part):
        return None
    if len(tokens) > 6:
        raise _NotAByline(part)
    if "admin" in part.lower():
        return None  # CMS account names: "admin", "jdadmin"
    if len(tokens) == 1 and part.lower() in _MONTH_NAMES + _WEEKDAYS:
        return None
    if _key(part) not in _AGENCIES and any(
        t[0].islower() and t.lower() not in _PARTICLES for t in tokens
    ):
        raise _NotAByline(part)  # names are capitalised; lower-case words make a phrase
    return part


def _split_byline(raw: str, names: set[str], hosts: set[str]) -> list[str]:
    """One byline string to person (or agency) names, in order, with roles and dates removed."""
    text = _clean(raw)
    if not text:
        return []
    text = _DATELINE.sub("", _strip_by(text))
    if (inverted := _LAST_FIRST.match(text)) and not {
        _key(inverted[1]),
        _key(inverted[2]),
    } & _AGENCIES:
        text = f"{inverted[2]} {inverted[1]}"  # "Doe, Jane" (library style) -> "Jane Doe"
    text = _SENTENCE_STOP.sub(lambda m: m[0] if m[1].lower() in _HONORIFICS else f"{m[1]}; ", text)
    out: list[str] = []
    for piece in _AUTHOR_SPLIT.split(text):
        if not piece or not piece.strip():
            continue
        key = _key(piece)
        if key in _CREDENTIALS and out:
            continue  # "Jane Doe, Ph.D.": a credential given as its own item
        if key in _NAME_SUFFIXES and out:
            out[-1] = f"{out[-1]} {piece.strip()}"
            continue
        try:
            name = _clean_name(piece, names, hosts)
        except _NotAByline:
            return []
        if name:
            out.append(name)
    return out


def _finish_authors(items: list[str], names: set[str], hosts: set[str]) -> tuple[str, ...]:
    """Drop outlets and duplicates.

    Beside a person, an outlet or agency is the person's employer, not a co-author. Alone, the
    site's own name is the CMS default rather than a byline and goes, while anything else (a
    wire agency, "Telegraph Sport", "European Space Agency") is the credit and stays.
    """

    def is_site(item: str) -> bool:
        return _key(item) in names or _key(item) in hosts

    people = [i for i in items if not _looks_like_org(i) and not is_site(i)]
    kept = people or [i for i in items if _key(i) in _AGENCIES or not is_site(i)]
    seen: set[str] = set()
    out = []
    for item in kept:
        key = _key(item)
        if key and key not in seen:
            seen.add(key)
            out.append(item)
    return tuple(out)


def _ld_author_strings(ld: _JsonLd, value: Any) -> list[str]:
    value = ld.resolve(value)
    if isinstance(value, list):
        return [s for v in value for s in _ld_author_strings(ld, v)]
    if isinstance(value, str):
        return [] if value.startswith(("http://", "https://")) else [value]
    if isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, list):
            return [n for n in name if isinstance(n, str)]
        if isinstance(name, str):
            return [name]
        parts = [value.get(k) for k in ("givenName", "additionalName", "familyName")]
        joined = " ".join(p for p in parts if isinstance(p, str))
        return [joined] if joined.strip() else []
    return []


_AUTHOR_META_KEYS = (
    "author",
    "article:author",
    "og:article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "dc:creator",
    "byl",
    "citation_author",
)


def _authors(
    tree: HtmlElement, meta: _Meta, ld: _JsonLd, names: set[str], hosts: set[str]
) -> tuple[str, ...]:
    """Declared authors first (JSON-LD, then meta tags), the page's byline markup last.

    The first source that yields a person (or a credited agency) wins. A source that names
    only the outlet itself (JSON-LD ``author: {"@type": "Organization", "name": <site>}`` is a
    common CMS default) yields nothing, so the next one is asked; the visible byline is often
    the only place the real author appears on such pages.
    """
    sources: list[list[str]] = []
    if ld.article is not None:
        sources.append(_ld_author_strings(ld, ld.article.get("author")))
    sources += [meta.all(key) for key in _AUTHOR_META_KEYS]
    sources.append([a for a in meta.parsely.get("authors") or [] if isinstance(a, str)])
    for raw_items in sources:
        items = [name for raw in raw_items for name in _split_byline(raw, names, hosts)]
        if result := _finish_authors(items, names, hosts):
            return result
    return _heuristic_authors(tree, names, hosts)


def _heuristic_authors(tree: HtmlElement, names: set[str], hosts: set[str]) -> tuple[str, ...]:
    """trafilatura's byline XPaths (rel=author, .byline, itemprop=author) as a last resort."""
    try:
        from trafilatura.metadata import extract_author

        found = extract_author(tree)
    except Exception:
        return ()
    if not found:
        return ()
    # One string (trafilatura joins names with "; "): a phrase anywhere voids all of it.
    return _finish_authors(_split_byline(found, names, hosts), names, hosts)
