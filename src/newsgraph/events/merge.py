"""One record per happening: which event records report the same act.

Two levels use the same notion of "the same act":

- :func:`merge_in_article` folds the reports of one act within an article ("Talks between
  Lukashenko and Putin in Sochi ..." and, two paragraphs on, "On September 14 ... the
  negotiations lasted more than four hours") into one event that keeps every span in
  ``mentions`` and takes the place from one and the date from the other;
- :func:`match_key` and :func:`same_happening` let the store merge reports across articles
  (:mod:`newsgraph.store.happenings`): same actors, same root code, dates within a day, same
  place (or none stated).

The rules, and why:

- **Root code**: reports of one act use different verbs ("talks", "met", "negotiations",
  "visit"), so codes are compatible when their CAMEO roots are; the record keeps the code of its
  best report. A negated act never merges with an asserted one.
- **Actors** are compared by CAMEO code (``RUSGOV``), else the canonical actor id, else the
  name, so Putin and the Kremlin are one side (both ``RUSGOV``). For consultation, diplomatic
  and material cooperation (roots 04, 05, 06) the order does not matter: "A met B" = "B met A".
  Within an article a side may be missing in one report (a bare "the negotiations") or coded by
  country alone ("a visit to Russia", ``RUS``, against ``RUSGOV``); across articles the codes must
  be equal, because nothing else ties the two texts together.
- **Date**: the stated day of each report, else (across articles) its publication day; two
  stated days more than a day apart are two acts.
- **Place**: two different places are two acts; a report with no place fits either.
- **Distance** (within an article): reports more than a few sentences apart are one act only
  when they state the same day or place.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

__all__ = ["SYMMETRIC_ROOTS", "as_day", "match_key", "merge_in_article", "same_happening", "side"]

Event = dict[str, Any]

SYMMETRIC_ROOTS = frozenset({"04", "05", "06"})
_MAX_DAYS = 1
_NEAR_CHARS = 600  # how far apart two reports of one act in one article may lie unanchored


def side(actor: dict[str, Any] | None) -> str | None:
    """What identifies an actor when comparing reports: its code, else id, else name."""
    if not actor:
        return None
    for k in ("actor_code", "actor_id"):
        if actor.get(k):
            return str(actor[k])
    name = actor.get("name")
    return " ".join(str(name).lower().split()) if name else None


def _sides(e: Event) -> tuple[str | None, str | None]:
    return side(e.get("source")), side(e.get("target"))


def match_key(e: Event) -> str:
    """The key reports of one act share across articles: root, negation and the two sides
    (sorted for the symmetric roots). Reports with equal keys are candidates for
    :func:`same_happening`."""
    a, b = _sides(e)
    pair = [a or "", b or ""]
    if e.get("root") in SYMMETRIC_ROOTS:
        pair.sort()
    neg = "n" if e.get("negated") else "a"
    return f"{e.get('root')}|{neg}|{pair[0]}|{pair[1]}"


def as_day(value: Any) -> date | None:
    """A date, an ISO date string (a timestamp's day) or None, as a date (None if unreadable)."""
    if value is None:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _place(e: Event) -> str | None:
    loc = e.get("location") or {}
    name = loc.get("name")
    return " ".join(str(name).lower().split()) if name else None


def same_happening(
    a: Event, b: Event, day_a: Any = None, day_b: Any = None, *, need_days: bool = False
) -> bool:
    """Whether two reports with equal :func:`match_key` tell of one act: their days (the
    stated date, else ``day_a``/``day_b``, e.g. the publication days) within a day of each
    other, and no two different places. ``need_days``: a report with no day at all matches
    nothing (across articles, an undated report could be of any year)."""
    da, db = as_day(a.get("date")) or as_day(day_a), as_day(b.get("date")) or as_day(day_b)
    if need_days and (da is None or db is None):
        return False
    if da is not None and db is not None and abs((da - db).days) > _MAX_DAYS:
        return False
    pa, pb = _place(a), _place(b)
    return pa is None or pb is None or pa == pb


# --- within one article ------------------------------------------------------------------------


def _fits(x: str | None, y: str | None) -> bool:
    """Two sides of reports in one article: equal, one missing, or a country code against a
    code of that country (``RUS`` and ``RUSGOV``)."""
    if x is None or y is None or x == y:
        return True
    short, long = sorted((x, y), key=len)
    return len(short) == 3 and long.startswith(short) and short != "---"


def _actors_fit(a: Event, b: Event) -> bool:
    (sa, ta), (sb, tb) = _sides(a), _sides(b)
    if (sa is None and ta is None) or (sb is None and tb is None):
        return True  # a bare "the negotiations": the act the article is already telling
    straight = _fits(sa, sb) and _fits(ta, tb) and (_both(sa, sb) or _both(ta, tb))
    if straight or a.get("root") not in SYMMETRIC_ROOTS:
        return straight
    return _fits(sa, tb) and _fits(ta, sb) and (_both(sa, tb) or _both(ta, sb))


def _both(x: str | None, y: str | None) -> bool:
    """Both sides known and fitting (the evidence two reports are about the same actors)."""
    return x is not None and y is not None and _fits(x, y)


def _near(cluster: Event, e: Event) -> bool:
    """Reports far apart in one article must share a stated day or place to be one act
    ("Earlier, the authorities began to negotiate with Russia" three sections on is another
    negotiation than the summit of the first paragraph)."""
    starts = [int(m["start"]) for m in cluster.get("mentions") or ()] or [int(cluster["start"])]
    if min(abs(int(e["start"]) - s) for s in starts) <= _NEAR_CHARS:
        return True
    same_day = cluster.get("date") is not None and cluster.get("date") == e.get("date")
    return same_day or (_place(cluster) is not None and _place(cluster) == _place(e))


def _compatible(cluster: Event, e: Event) -> bool:
    return (
        cluster.get("root") == e.get("root")
        and bool(cluster.get("negated")) == bool(e.get("negated"))
        and _actors_fit(cluster, e)
        and same_happening(cluster, e)
        and _near(cluster, e)
    )


def _specific(x: dict[str, Any] | None, y: dict[str, Any] | None) -> dict[str, Any] | None:
    """Of two fitting sides, the one that says more (a code with a sector, an actor id)."""
    if x is None:
        return y
    if y is None:
        return x

    def score(a: dict[str, Any]) -> tuple[int, int]:
        return (len(a.get("actor_code") or ""), 1 if a.get("actor_id") else 0)

    return y if score(y) > score(x) else x


def _rank(e: Event) -> tuple[int, int, float, int]:
    """The best report of an act: both actors known, then a stated place or day, then
    confidence, then the earliest."""
    known = (e.get("source") is not None) + (e.get("target") is not None)
    placed = (e.get("location") is not None) + (e.get("date") is not None)
    return (-known, -placed, -float(e.get("confidence") or 0), int(e.get("start") or 0))


def _mention(e: Event) -> dict[str, Any]:
    return {
        "id": e["id"],
        "start": e["start"],
        "end": e["end"],
        "text": e.get("text"),
        "sentence": e.get("sentence"),
    }


def _fold(members: list[Event]) -> Event:
    best = min(members, key=_rank)
    out = dict(best)
    ordered = sorted(members, key=lambda m: int(m.get("start") or 0))
    src, tgt = best.get("source"), best.get("target")
    swap_ok = best.get("root") in SYMMETRIC_ROOTS
    for m in ordered:
        ms, mt = m.get("source"), m.get("target")
        if swap_ok and not (_fits(side(src), side(ms)) and _fits(side(tgt), side(mt))):
            ms, mt = mt, ms
        src, tgt = _specific(src, ms), _specific(tgt, mt)
        for k in ("date", "location"):
            if out.get(k) is None and m.get(k) is not None:
                out[k] = m[k]
    out["source"], out["target"] = src, tgt
    out["figures"] = list(dict.fromkeys(f for m in ordered for f in m.get("figures") or ()))
    out["mentions"] = [_mention(m) for m in ordered]
    return out


def merge_in_article(events: Sequence[Event]) -> list[Event]:
    """The article's events with the reports of one act folded into one record (see the
    module's doc); every record gets ``mentions``, the spans that report it, in text order."""
    clusters: list[list[Event]] = []
    merged: list[Event] = []
    for e in events:
        for i, members in enumerate(clusters):
            if _compatible(merged[i], e):
                members.append(e)
                merged[i] = _fold(members)
                break
        else:
            clusters.append([e])
            merged.append(_fold([e]))
    return sorted(merged, key=lambda m: int(m.get("start") or 0))
