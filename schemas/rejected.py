"""The `rejected` table: input that could not become an article or a valid claim."""

import datetime as dt
from typing import Optional

import pandera.polars as pa

STAGES = ["ingest", "fetch", "decode", "parse", "validate"]


class RejectedSchema(pa.DataFrameModel):
    rejected_id: str = pa.Field(unique=True, str_matches=r"^[0-9a-f]{16}$")
    location: str = pa.Field(str_length={"min_value": 1})
    stage: str = pa.Field(isin=STAGES)
    reason: str = pa.Field(str_length={"min_value": 1})
    transient: bool
    article_id: Optional[str] = pa.Field(nullable=True)
    payload: Optional[str] = pa.Field(nullable=True)
    first_seen_at: dt.datetime
    last_seen_at: dt.datetime
    times_seen: int = pa.Field(ge=1)
    run_id: Optional[str] = pa.Field(nullable=True)

    class Config:
        strict = True
        coerce = True
