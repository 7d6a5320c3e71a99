"""Dates: the day an event happened, from a date the sentence states, resolved against the
article's publication date.

Resolved to a day (YYYY-MM-DD): "September 14" / "14 September" (the year of publication, or
the year before when that day would lie more than a week after publication), "September 14,
2020", "on Monday" (the last such weekday on or before publication; "next Monday" the next
one), "today", "yesterday", "tomorrow", "N days ago", "the day before yesterday".

Left out (None), by choice: anything coarser than a day ("last year", "in August", "a month
ago", "last week", "recently"), because a month or a year is not a date and a guessed day
would look precise. Without a publication date only fully written dates resolve.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        1,
    )
    for m in names
}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_MD = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.I)
_DM = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})\b\.?(?:,?\s+(\d{{4}}))?", re.I
)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_WD = re.compile(rf"\b(last\s+|next\s+|this\s+)?({'|'.join(_WEEKDAYS)})\b", re.I)
_AGO = re.compile(r"\b(\d+|one|two|three|four|five|six|seven)\s+days?\s+ago\b", re.I)
_SMALL = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_RELATIVE = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0, "overnight": 0}


def parse_published(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _day(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def resolve(text: str, published: date | None) -> date | None:
    """The day a date expression names, or None (see the module's doc for what resolves)."""
    low = text.lower().strip()
    if m := _ISO.search(low):
        return _day(int(m[1]), int(m[2]), int(m[3]))
    for rx, mi, di in ((_MD, 1, 2), (_DM, 2, 1)):
        if m := rx.search(low):
            month, day = _MONTHS[m[mi].lower()], int(m[di])
            if m[3]:
                return _day(int(m[3]), month, day)
            if published is None:
                return None
            found = _day(published.year, month, day)
            if found is not None and found > published + timedelta(days=7):
                found = _day(published.year - 1, month, day)
            return found
    if published is None:
        return None
    if "day before yesterday" in low:
        return published - timedelta(days=2)
    for word, delta in _RELATIVE.items():
        if re.search(rf"\b{word}\b", low):
            return published + timedelta(days=delta)
    if m := _AGO.search(low):
        n = int(m[1]) if m[1].isdigit() else _SMALL[m[1].lower()]
        return published - timedelta(days=n)
    if m := _WD.search(low):
        target = _WEEKDAYS.index(m[2].lower())
        if (m[1] or "").strip().lower() == "next":
            ahead = (target - published.weekday()) % 7 or 7
            return published + timedelta(days=ahead)
        back = (published.weekday() - target) % 7
        if (m[1] or "").strip().lower() == "last" and back == 0:
            back = 7
        return published - timedelta(days=back)
    return None
