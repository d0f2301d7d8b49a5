"""Resolve the dates news copy uses ("today", "Tuesday", "March 2", "February 2022",
"2 November 2011") against the article's own date, when it is known.

:func:`resolve_date` returns an ISO 8601 date (``2023-03-02``), a year-month
(``2022-02``) or year (``2022``) when that is all the text says, or ``None``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], 1)}
MONTHS.update({k[:3]: v for k, v in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}

_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?(?:,?\s+(\d{4}))?\b")
_MONTH_DAY = re.compile(r"\b([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b")
_MONTH_YEAR = re.compile(r"\b([a-z]+)\s+(\d{4})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_YEAR = re.compile(r"\b(19\d{2}|20\d{2})\b")


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def resolve_date(text: str, article_date: str | None, *, future: bool = False) -> str | None:
    """The date a phrase names, resolved against ``article_date`` (ISO) when needed.

    ``future``: the phrase dates something planned ("will meet on Monday"), so a weekday
    or a month and day without a year is the next one, not the last one."""
    t = text.lower().strip()
    ref = date.fromisoformat(article_date) if article_date else None
    if m := _ISO.search(t):
        d = _safe(int(m[1]), int(m[2]), int(m[3]))
        return d.isoformat() if d else None
    if t in ("today", "this morning", "this afternoon", "tonight", "this evening"):
        return ref.isoformat() if ref else None
    if t == "yesterday":
        return (ref - timedelta(days=1)).isoformat() if ref else None
    if t == "tomorrow":
        return (ref + timedelta(days=1)).isoformat() if ref else None
    words = t.replace(",", " ").split()
    for w in words:
        if w in WEEKDAYS and ref:
            if future:  # the next such day, the article's own included
                return (ref + timedelta(days=(WEEKDAYS[w] - ref.weekday()) % 7)).isoformat()
            back = (ref.weekday() - WEEKDAYS[w]) % 7  # the last such day, the article's own included
            return (ref - timedelta(days=back)).isoformat()
    for rx, order in ((_MONTH_DAY, "md"), (_DAY_MONTH, "dm")):
        for m in rx.finditer(t):
            mon, day = (m[1], m[2]) if order == "md" else (m[2], m[1])
            if mon not in MONTHS:
                continue
            year = int(m[3]) if m[3] else (ref.year if ref else None)
            if year is None:
                return None
            d = _safe(year, MONTHS[mon], int(day))
            if d and not m[3] and ref and not future and d > ref + timedelta(days=60):
                d = _safe(year - 1, MONTHS[mon], int(day))  # "December 30" in a January article
            elif d and not m[3] and ref and future and d < ref - timedelta(days=60):
                d = _safe(year + 1, MONTHS[mon], int(day))  # "will meet on January 5" in December
            return d.isoformat() if d else None
    if (m := _MONTH_YEAR.search(t)) and m[1] in MONTHS:
        return f"{int(m[2]):04d}-{MONTHS[m[1]]:02d}"
    if m := _YEAR.search(t):
        return m[1]
    return None
