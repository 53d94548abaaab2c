"""Column schemas of the frames aggregation reads and writes, and the per-claim numbers it works with.

>>> df = claims_frame([{"claim_id": "c1", "article_id": "a1", "value": 37, "low": 37, "hedge": "lower_bound"}])
>>> df.schema["via"], df.height
(List(String), 1)
>>> stated_bounds("upper_bound", 40, None, 39), stated_bounds("approximate", 500, None, None)
((None, 39), (500, 500))
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import polars as pl

from pipelines.aggregation.lexicon import fold, lexicon
from schemas import ArticleSchema, ClaimSchema, ClusterSchema, EstimateSchema, dtypes_of

# The columns come from the store's pandera models (schemas/), the one definition of each table.
CLAIMS_SCHEMA: dict[str, pl.DataType] = {
    **{name: dtype for name, dtype in dtypes_of(ClaimSchema).items()
       if name in ("claim_id", "article_id", "text", "value", "low", "high", "hedge", "qualifier", "category",
                   "counted", "affiliation", "unit", "location", "source", "via", "scope")},
    **{name: dtype for name, dtype in dtypes_of(ArticleSchema).items() if name in ("outlet", "published", "ingested_at")},
}
CLUSTERS_SCHEMA: dict[str, pl.DataType] = dtypes_of(ClusterSchema, exclude=("run_id",))
ESTIMATES_SCHEMA: dict[str, pl.DataType] = dtypes_of(EstimateSchema, exclude=("run_id",))


def claims_frame(rows: Iterable[Mapping[str, Any]]) -> pl.DataFrame:
    """A claims frame with every column of ``CLAIMS_SCHEMA``; missing keys become null (``via``: empty)."""
    rows = [dict(r) for r in rows]
    for r in rows:
        if r.get("via") is None:
            r["via"] = []
    data = {name: [r.get(name) for r in rows] for name in CLAIMS_SCHEMA}
    return pl.DataFrame(data, schema=CLAIMS_SCHEMA)


def conform_claims(claims: pl.DataFrame) -> pl.DataFrame:
    """Add missing optional columns as nulls, cast to ``CLAIMS_SCHEMA``, add ``report_date``.

    ``report_date`` is ``published``, else the date of ``ingested_at``. Raises ValueError
    when ``claim_id`` or ``article_id`` is missing or null, or a ``claim_id`` repeats.
    """
    for required in ("claim_id", "article_id"):
        if required not in claims.columns:
            raise ValueError(f"claims frame has no {required!r} column")
    missing = [pl.lit(None, dtype=dtype).alias(name) for name, dtype in CLAIMS_SCHEMA.items() if name not in claims.columns]
    df = claims.with_columns(missing) if missing else claims
    if df.schema["published"] == pl.String():  # ISO text, as read from JSON
        df = df.with_columns(df["published"].str.to_date())
    if df.schema["ingested_at"] == pl.String():
        df = df.with_columns(df["ingested_at"].str.to_datetime())  # eager: lets polars read offsets
    df = df.select([pl.col(name).cast(dtype) for name, dtype in CLAIMS_SCHEMA.items()])
    if df.height:
        if df["claim_id"].null_count() or df["article_id"].null_count():
            raise ValueError("claim_id and article_id must not be null")
        if df["claim_id"].n_unique() != df.height:
            raise ValueError("claim_id must be unique")
    return df.with_columns(
        pl.col("via").fill_null(pl.lit([], dtype=pl.List(pl.String()))),
        pl.coalesce(pl.col("published"), pl.col("ingested_at").dt.date()).alias("report_date"),
    )


def stated_bounds(hedge: str | None, value: int | None, low: int | None, high: int | None) -> tuple[int | None, int | None]:
    """The inclusive interval the wording states (CLAIMS.md), null = open.

    An exact or approximate figure stands for itself (``about 500`` -> 500..500), so two
    approximate figures that differ show as a conflict in estimates even when their
    tolerance bands let them cluster. A bound given only as ``value`` is used as the bound.

    >>> stated_bounds("exact", 37, None, None), stated_bounds("lower_bound", 37, 37, None)
    ((37, 37), (37, None))
    >>> stated_bounds("range", None, 30, 40), stated_bounds("vague", None, 24, None), stated_bounds("vague", None, None, None)
    ((30, 40), (24, None), (None, None))
    """
    lo, hi = low, high
    if hedge == "lower_bound":
        lo = lo if lo is not None else value
    elif hedge == "upper_bound":
        hi = hi if hi is not None else value
    elif hedge in ("exact", "approximate") or (hedge is None and value is not None):
        if lo is None and hi is None and value is not None:
            lo = hi = value
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
    return lo, hi


def compat_bounds(
    hedge: str | None,
    value: int | None,
    low: int | None,
    high: int | None,
    qualifier: str | None,
    tolerance: float,
    near_tolerance: float,
) -> tuple[int | None, int | None]:
    """The interval used to decide whether two claims can be about the same figure.

    The stated interval, widened: an approximate figure by ``tolerance`` each way
    (``about 500`` with 0.15 -> 425..575, rounded outwards); the open side of a *near*
    bound (``almost 40``, ``just over 90``: lexicon ``[near_qualifiers]``) closed at
    ``near_tolerance`` from its figure (``almost 40`` -> 34..39).

    >>> compat_bounds("approximate", 500, None, None, "about", 0.15, 0.15)
    (425, 575)
    >>> compat_bounds("upper_bound", 40, None, 39, "almost", 0.15, 0.15), compat_bounds("upper_bound", 250, None, 250, "up to", 0.15, 0.15)
    ((34, 39), (None, 250))
    """
    lo, hi = stated_bounds(hedge, value, low, high)
    if hedge == "approximate":
        ref = value if value is not None else (lo + hi) / 2 if lo is not None and hi is not None else None
        if ref is not None:
            band_lo, band_hi = math.floor(ref * (1 - tolerance)), math.ceil(ref * (1 + tolerance))
            lo = band_lo if lo is None else min(lo, band_lo)
            hi = band_hi if hi is None else max(hi, band_hi)
    q = fold(qualifier)
    lex = lexicon()
    if hedge == "upper_bound" and lo is None and q in lex.near_upper:
        ref = value if value is not None else hi
        if ref is not None:
            lo = math.floor(ref * (1 - near_tolerance))
    if hedge == "lower_bound" and hi is None and q in lex.near_lower:
        ref = value if value is not None else lo
        if ref is not None:
            hi = math.ceil(ref * (1 + near_tolerance))
    return lo, hi


def point_of(hedge: str | None, value: int | None, lo: int | None, hi: int | None) -> float | None:
    """The single figure a claim suggests: the value, a range's midpoint, a bound's figure, a vague word's low.

    ``lo``/``hi`` are the stated bounds.

    >>> point_of("range", None, 30, 41), point_of("upper_bound", 40, None, 39), point_of("vague", None, None, None)
    (35.5, 39, None)
    """
    if hedge in ("exact", "approximate") and value is not None:
        return value
    if lo is not None and hi is not None:
        return (lo + hi) / 2
    if lo is not None:
        return lo
    if hi is not None:
        return hi
    return value if hedge != "vague" else None


def overlap(a: tuple[int | None, int | None], b: tuple[int | None, int | None]) -> tuple[int | None, int | None] | None:
    """Intersection of two inclusive intervals with open (None) ends; None when empty.

    >>> overlap((None, 39), (37, None)), overlap((1, 5), (6, None)), overlap((None, None), (3, 3))
    ((37, 39), None, (3, 3))
    """
    lo = b[0] if a[0] is None else a[0] if b[0] is None else max(a[0], b[0])
    hi = b[1] if a[1] is None else a[1] if b[1] is None else min(a[1], b[1])
    if lo is not None and hi is not None and lo > hi:
        return None
    return lo, hi


def fmt_interval(iv: tuple[int | None, int | None]) -> str:
    """``37..39``, ``37..`` or ``..39``.

    >>> fmt_interval((37, 39)), fmt_interval((37, None)), fmt_interval((None, None))
    ('37..39', '37..', '..')
    """
    return f"{'' if iv[0] is None else iv[0]}..{'' if iv[1] is None else iv[1]}"
