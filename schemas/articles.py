"""The `articles` table."""

import datetime as dt
from typing import Optional

import pandera.polars as pa


class ArticleSchema(pa.DataFrameModel):
    """One row per distinct article text."""

    article_id: str = pa.Field(unique=True, str_matches=r"^[0-9a-f]{16}$")
    name: str = pa.Field(str_length={"min_value": 1})
    title: Optional[str] = pa.Field(nullable=True)
    outlet: Optional[str] = pa.Field(nullable=True)
    author: Optional[str] = pa.Field(nullable=True)
    published: Optional[dt.date] = pa.Field(nullable=True)
    url: Optional[str] = pa.Field(nullable=True)
    text: str = pa.Field(str_length={"min_value": 1})
    text_origin: str = pa.Field(isin=["body", "feed_summary"])
    fetch_note: Optional[str] = pa.Field(nullable=True)
    ingested_at: dt.datetime
    run_id: Optional[str] = pa.Field(nullable=True)

    class Config:
        strict = True
        coerce = True
