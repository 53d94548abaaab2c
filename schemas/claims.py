"""The `claims` table: CLAIMS.md's fields plus identity and provenance.

Row checks encode the hedge table: each hedge allows only the bounds its wording implies.
"""

import datetime as dt
from typing import Optional

import pandera.polars as pa
import polars as pl
from pandera.polars import PolarsData

from pipelines.extraction.lexicon import load

_LEX = load()
HEDGES = list(_LEX.hedges)
CATEGORIES = list(_LEX.categories)
SCOPES = list(_LEX.scopes)


class ClaimSchema(pa.DataFrameModel):
    claim_id: str = pa.Field(unique=True, str_matches=r"^[0-9a-f]{16}$")
    article_id: str = pa.Field(str_matches=r"^[0-9a-f]{16}$")
    text: str = pa.Field(str_length={"min_value": 1})
    start: int = pa.Field(ge=0)
    end: int = pa.Field(ge=1)
    value: Optional[int] = pa.Field(nullable=True, ge=0)
    low: Optional[int] = pa.Field(nullable=True, ge=0)
    high: Optional[int] = pa.Field(nullable=True, ge=0)
    hedge: str = pa.Field(isin=HEDGES)
    qualifier: Optional[str] = pa.Field(nullable=True)
    category: str = pa.Field(isin=CATEGORIES)
    counted: str = pa.Field(str_length={"min_value": 1})
    affiliation: Optional[str] = pa.Field(nullable=True)
    unit: Optional[str] = pa.Field(nullable=True)
    location: Optional[str] = pa.Field(nullable=True)
    source: Optional[str] = pa.Field(nullable=True)
    via: pl.List(pl.Utf8)
    scope: Optional[str] = pa.Field(nullable=True, isin=SCOPES)
    sentence: str
    extractor_version: str
    run_id: Optional[str] = pa.Field(nullable=True)
    extracted_at: dt.datetime

    class Config:
        strict = True
        coerce = True

    @pa.dataframe_check(error="start must be before end and the span as long as text")
    def span_matches_text(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            (pl.col("start") < pl.col("end")) & ((pl.col("end") - pl.col("start")) == pl.col("text").str.len_chars())
        )

    @pa.dataframe_check(error="low must not exceed high")
    def low_not_above_high(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("low").is_null() | pl.col("high").is_null() | (pl.col("low") <= pl.col("high")))

    @pa.dataframe_check(error="bounds disagree with the hedge (CLAIMS.md hedge table)")
    def bounds_follow_hedge(cls, data: PolarsData) -> pl.LazyFrame:
        v, lo, hi, h = pl.col("value"), pl.col("low"), pl.col("high"), pl.col("hedge")
        return data.lazyframe.select(
            pl.when(h == "exact").then(v.is_not_null() & (lo == v) & (hi == v))
            .when(h == "lower_bound").then(v.is_not_null() & lo.is_not_null() & hi.is_null() & (lo >= v) & (lo <= v + 1))
            .when(h == "upper_bound").then(v.is_not_null() & lo.is_null() & hi.is_not_null() & (hi <= v) & (hi >= v - 1))
            .when(h == "approximate").then(v.is_not_null() & lo.is_null() & hi.is_null())
            .when(h == "range").then(v.is_null() & lo.is_not_null() & hi.is_not_null() & (lo < hi))
            .when(h == "vague").then(v.is_null() & hi.is_null())
            .otherwise(False)
        )

    @pa.dataframe_check(error="scope is null exactly for strength claims")
    def scope_null_only_for_strength(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select((pl.col("category") == "strength") == pl.col("scope").is_null())
