"""The aggregate tables: `claim_clusters`, `estimates` and `rival_pairs`."""

import datetime as dt
from typing import Optional

import pandera.polars as pa
import polars as pl
from pandera.polars import PolarsData

from schemas.claims import CATEGORIES, SCOPES


class ClusterSchema(pa.DataFrameModel):
    claim_id: str = pa.Field(unique=True)
    cluster_id: str
    source_key: str = pa.Field(str_length={"min_value": 1})
    side: Optional[str] = pa.Field(nullable=True)
    join_rule: str = pa.Field(str_length={"min_value": 1})
    join_score: float = pa.Field(ge=0, le=1)
    run_id: Optional[str] = pa.Field(nullable=True)

    class Config:
        strict = True
        coerce = True


class EstimateSchema(pa.DataFrameModel):
    cluster_id: str = pa.Field(unique=True)
    category: str = pa.Field(isin=CATEGORIES)
    scope: Optional[str] = pa.Field(nullable=True, isin=SCOPES)
    counted: Optional[str] = pa.Field(nullable=True)
    affiliation: Optional[str] = pa.Field(nullable=True)
    unit: Optional[str] = pa.Field(nullable=True)
    location: Optional[str] = pa.Field(nullable=True)
    side: Optional[str] = pa.Field(nullable=True)
    low: Optional[int] = pa.Field(nullable=True, ge=0)
    best: Optional[int] = pa.Field(nullable=True, ge=0)
    high: Optional[int] = pa.Field(nullable=True, ge=0)
    consensus_low: Optional[int] = pa.Field(nullable=True, ge=0)
    consensus_high: Optional[int] = pa.Field(nullable=True, ge=0)
    conflict: bool
    spread: Optional[int] = pa.Field(nullable=True, ge=0)
    conservative: Optional[int] = pa.Field(nullable=True, ge=0)
    n_claims: int = pa.Field(ge=1)
    n_sources: int = pa.Field(ge=1)
    sources: pl.List(pl.Utf8)
    outlets: pl.List(pl.Utf8)
    first_reported: Optional[dt.date] = pa.Field(nullable=True)
    last_reported: Optional[dt.date] = pa.Field(nullable=True)
    claim_ids: pl.List(pl.Utf8)
    run_id: Optional[str] = pa.Field(nullable=True)

    class Config:
        strict = True
        coerce = True

    @pa.dataframe_check(error="low <= best <= high where set")
    def ordered(cls, data: PolarsData) -> pl.LazyFrame:
        lo, best, hi = pl.col("low"), pl.col("best"), pl.col("high")
        return data.lazyframe.select(
            (lo.is_null() | best.is_null() | (lo <= best)) & (best.is_null() | hi.is_null() | (best <= hi))
            & (lo.is_null() | hi.is_null() | (lo <= hi))
        )

    @pa.dataframe_check(error="independent sources cannot outnumber claims")
    def sources_within_claims(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("n_sources") <= pl.col("n_claims"))

    @pa.dataframe_check(error="a consensus needs no conflict, and consensus_low <= consensus_high")
    def consensus_consistent(cls, data: PolarsData) -> pl.LazyFrame:
        cl, ch = pl.col("consensus_low"), pl.col("consensus_high")
        return data.lazyframe.select(
            (~pl.col("conflict") | (cl.is_null() & ch.is_null())) & (cl.is_null() | ch.is_null() | (cl <= ch))
        )


class RivalPairSchema(pa.DataFrameModel):
    cluster_id_a: str
    cluster_id_b: str
    best_ratio: Optional[float] = pa.Field(nullable=True, ge=1)
    run_id: Optional[str] = pa.Field(nullable=True)

    class Config:
        strict = True
        coerce = True
