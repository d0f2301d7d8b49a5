"""Dates in news copy, resolved against the article's date."""

from __future__ import annotations

import pytest

from kg.dates import resolve_date


@pytest.mark.parametrize("text, article, expected", [
    ("today", "2023-03-02", "2023-03-02"),
    ("today", None, None),
    ("Tuesday", "2014-11-20", "2014-11-18"),  # a Thursday article: the Tuesday before
    ("Thursday", "2014-11-20", "2014-11-20"),
    ("March 2", "2023-03-05", "2023-03-02"),
    ("December 30", "2023-01-04", "2022-12-30"),
    ("2 November 2011", None, "2011-11-02"),
    ("June 29, 2022", "2023-01-01", "2022-06-29"),
    ("February 2022", None, "2022-02"),
    ("last year", "2023-03-02", None),
    ("2019", None, "2019"),
    ("February 30", "2023-03-01", None),
])
def test_resolve_date(text, article, expected):
    assert resolve_date(text, article) == expected


@pytest.mark.parametrize("text, article, expected", [
    ("Tuesday", "2014-11-20", "2014-11-25"),  # "will meet on Tuesday" in a Thursday article
    ("Thursday", "2014-11-20", "2014-11-20"),
    ("tomorrow", "2014-11-20", "2014-11-21"),
    ("January 5", "2022-12-20", "2023-01-05"),
    ("June 7-14", "2022-06-03", "2022-06-07"),
])
def test_planned_dates_are_ahead(text, article, expected):
    assert resolve_date(text, article, future=True) == expected
