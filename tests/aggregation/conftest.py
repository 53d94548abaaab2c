"""Builders of invented claims for the aggregation tests (no real article text)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from pipelines.aggregation import claims_frame

DAY0 = date(2031, 5, 10)  # invented dates, far from any real report

# How each hedge of CLAIMS.md fills value / low / high, for a figure n.
HEDGES = {
    "exact": lambda n: dict(value=n, low=n, high=n, qualifier=None),
    "at least": lambda n: dict(hedge="lower_bound", value=n, low=n, high=None, qualifier="at least"),
    "more than": lambda n: dict(hedge="lower_bound", value=n, low=n + 1, high=None, qualifier="more than"),
    "almost": lambda n: dict(hedge="upper_bound", value=n, low=None, high=n - 1, qualifier="almost"),
    "up to": lambda n: dict(hedge="upper_bound", value=n, low=None, high=n, qualifier="up to"),
    "about": lambda n: dict(hedge="approximate", value=n, low=None, high=None, qualifier="about"),
}


def make_claim(claim_id: str, n: int | None = 37, how: str = "exact", *, day: int = 0, **fields) -> dict:
    """One claim row: killed soldiers in one incident, by Russia's defence ministry, carried by outlet-x."""
    row = dict(
        claim_id=claim_id,
        article_id=f"art-{claim_id}",
        text=None if n is None else f"{how} {n}",
        hedge="exact",
        category="killed",
        counted="soldiers",
        affiliation="ukrainian",
        scope="incident",
        location="Pokrovka",
        source="Russia's Defense Ministry",
        outlet="outlet-x",
        via=[],
        published=DAY0 + timedelta(days=day),
    )
    if n is not None:
        row.update(HEDGES[how](n))
    row.update(fields)
    return row


@pytest.fixture
def claim():
    return make_claim


@pytest.fixture
def frame():
    return lambda *rows: claims_frame(rows)
