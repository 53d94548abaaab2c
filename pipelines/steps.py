"""The pipeline's steps as plain functions over polars frames: what each Dagster asset runs.

No Dagster and no DuckDB here, so each step is testable in milliseconds; the assets add the store
and the metadata.
"""

from __future__ import annotations

import hashlib
import json
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandera.polars as pa
import polars as pl

from pipelines.extraction import EXTRACTOR_VERSION, extract
from pipelines.ingestion import ArticleRecord, Duplicate, Fetcher, Limits, Rejection, Skipped, iter_sources
from schemas import ArticleSchema, ClaimSchema, RejectedSchema, columns_of


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def short_hash(*parts: object) -> str:
    """16 hex digits of SHA-256 over the parts: the project's stable ids.

    >>> short_hash("a", 1) == short_hash("a", 1), len(short_hash("x"))
    (True, 16)
    """
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


def claim_id(article_id: str, start: int, end: int, version: str = EXTRACTOR_VERSION) -> str:
    return short_hash(article_id, start, end, version)


def rejection_row(location: str, stage: str, reason: str, *, transient: bool = False, article_id: str | None = None,
                  payload: object = None, run_id: str | None = None, now: dt.datetime | None = None) -> dict:
    now = now or utc_now()
    return {
        "rejected_id": short_hash(location, stage, reason),
        "location": location,
        "stage": stage,
        "reason": reason,
        "transient": transient,
        "article_id": article_id,
        "payload": None if payload is None else json.dumps(payload, ensure_ascii=False, default=str)[:2000],
        "first_seen_at": now,
        "last_seen_at": now,
        "times_seen": 1,
        "run_id": run_id,
    }


def frame(rows: list[dict], model) -> pl.DataFrame:
    """Rows as a frame with exactly the model's columns and dtypes (empty frames keep their schema)."""
    schema = model.to_schema()
    dtypes = {name: column.dtype.type for name, column in schema.columns.items()}
    return pl.DataFrame(rows, schema=dtypes) if rows else pl.DataFrame(schema=dtypes)


@dataclass
class IngestBatch:
    articles: pl.DataFrame
    locations: pl.DataFrame
    rejected: pl.DataFrame
    skipped: list[str] = field(default_factory=list)
    duplicates: int = 0


def ingest(sources: Iterable[str], *, run_id: str | None = None, limits: Limits = Limits(),
           fetcher: Fetcher | None = None, now: dt.datetime | None = None) -> IngestBatch:
    """Read every source; each input becomes an article row, a location of an article, or a rejected row."""
    now = now or utc_now()
    articles, locations, rejected, skipped, duplicates = [], [], [], [], 0
    for item in iter_sources(list(sources), fetcher=fetcher, limits=limits):
        if isinstance(item, ArticleRecord):
            articles.append({
                "article_id": item.id, "name": item.name, "title": item.title, "outlet": item.outlet,
                "author": item.author, "published": item.published, "url": item.url, "text": item.text,
                "text_origin": item.text_origin, "fetch_note": item.fetch_note, "ingested_at": now, "run_id": run_id,
            })
            locations.append({"article_id": item.id, "location": item.location, "first_seen_at": now,
                              "last_seen_at": now, "run_id": run_id})
        elif isinstance(item, Duplicate):
            duplicates += 1
            locations.append({"article_id": item.article_id, "location": item.location, "first_seen_at": now,
                              "last_seen_at": now, "run_id": run_id})
        elif isinstance(item, Rejection):
            rejected.append(rejection_row(item.location, item.stage, item.reason, transient=item.transient,
                                          payload=item.detail or None, run_id=run_id, now=now))
        elif isinstance(item, Skipped):
            skipped.append(f"{item.location}: {item.reason}")
    location_schema = {"article_id": pl.String, "location": pl.String, "first_seen_at": pl.Datetime("us"),
                       "last_seen_at": pl.Datetime("us"), "run_id": pl.String}
    return IngestBatch(
        articles=frame(articles, ArticleSchema),
        locations=pl.DataFrame(locations, schema=location_schema).unique(["article_id", "location"], keep="first"),
        rejected=frame(rejected, RejectedSchema).unique("rejected_id", keep="first"),
        skipped=skipped,
        duplicates=duplicates,
    )


def validate(rows: pl.DataFrame, model) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Split rows into those the model accepts and those it refuses, with every reason per refused row.

    Returns (valid rows, failures) where failures has the columns `index` and `reason`.
    """
    try:
        return model.validate(rows, lazy=True), pl.DataFrame(schema={"index": pl.Int64, "reason": pl.String})
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    reasons = cases.select(
        pl.col("index").cast(pl.Int64),
        pl.format("{} failed {}: {}", pl.coalesce(pl.col("column"), pl.lit("row")), pl.col("check"),
                  pl.col("failure_case").cast(pl.String)).alias("reason"),
    )
    if reasons["index"].null_count():
        # A failure of the whole frame (a missing column, a wrong type): every row carries it.
        whole = reasons.filter(pl.col("index").is_null())["reason"].to_list()
        reasons = pl.concat([reasons.drop_nulls("index"),
                             pl.DataFrame({"index": range(rows.height), "reason": ["; ".join(whole)] * rows.height},
                                          schema={"index": pl.Int64, "reason": pl.String})])
    reasons = reasons.group_by("index").agg(pl.col("reason").unique().sort().str.join("; ")).sort("index")
    bad = set(reasons["index"].to_list())
    keep = rows.with_row_index("__row").filter(~pl.col("__row").is_in(list(bad))).drop("__row")
    return (model.validate(keep, lazy=False) if keep.height else keep), reasons


@dataclass
class ExtractBatch:
    extractions: pl.DataFrame
    claims: pl.DataFrame
    rejected: pl.DataFrame


def extract_articles(articles: pl.DataFrame, *, run_id: str | None = None, now: dt.datetime | None = None) -> ExtractBatch:
    """Run the extractor on articles (article_id, name, text); validate every claim row with ClaimSchema."""
    now = now or utc_now()
    rows = []
    for article in articles.iter_rows(named=True):
        for claim in extract(article["text"]):
            row = claim.as_dict()
            row.update(claim_id=claim_id(article["article_id"], claim.start, claim.end), article_id=article["article_id"],
                       extractor_version=EXTRACTOR_VERSION, run_id=run_id, extracted_at=now)
            rows.append(row)
    claims = frame(rows, ClaimSchema) if rows else frame([], ClaimSchema)
    valid, failures = validate(claims, ClaimSchema)
    by_article_name = dict(zip(articles["article_id"].to_list(), articles["name"].to_list()))
    rejected = []
    for index, reason in failures.iter_rows():
        row = claims.row(index, named=True)
        rejected.append(rejection_row(f"{by_article_name.get(row['article_id'], row['article_id'])}:{row['start']}-{row['end']}",
                                      "validate", reason, article_id=row["article_id"], payload=row, run_id=run_id, now=now))
    counts = valid.group_by("article_id").len() if valid.height else pl.DataFrame(schema={"article_id": pl.String, "len": pl.UInt32})
    failed = pl.DataFrame({"article_id": [r["article_id"] for r in rejected]}, schema={"article_id": pl.String}).group_by("article_id").len()
    extractions = (
        articles.select("article_id")
        .join(counts.rename({"len": "n_claims"}), on="article_id", how="left")
        .join(failed.rename({"len": "n_rejected"}), on="article_id", how="left")
        .with_columns(pl.col("n_claims").fill_null(0).cast(pl.Int32), pl.col("n_rejected").fill_null(0).cast(pl.Int32),
                      pl.lit(EXTRACTOR_VERSION).alias("extractor_version"), pl.lit(now).alias("extracted_at"),
                      pl.lit(run_id, dtype=pl.String).alias("run_id"))
    )
    return ExtractBatch(extractions=extractions, claims=valid.select(columns_of(ClaimSchema)),
                        rejected=frame(rejected, RejectedSchema).unique("rejected_id", keep="first"))
