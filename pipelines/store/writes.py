"""Bulk, idempotent writes: polars frames in through Arrow, one transaction per batch."""

from __future__ import annotations

import duckdb
import polars as pl

from pipelines.store import read_sql


def _register(con: duckdb.DuckDBPyConnection, name: str, frame: pl.DataFrame) -> None:
    con.register(name, frame.to_arrow())


def _in_transaction(con: duckdb.DuckDBPyConnection, statements: list[str]) -> None:
    con.execute("BEGIN TRANSACTION")
    try:
        for sql in statements:
            con.execute(sql)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def upsert_articles(con: duckdb.DuckDBPyConnection, articles: pl.DataFrame, locations: pl.DataFrame) -> int:
    """Store new articles and every place each was seen; return how many articles were new."""
    before = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    _register(con, "incoming_articles", articles)
    _register(con, "incoming_locations", locations)
    _in_transaction(con, [
        "INSERT INTO articles BY NAME SELECT * FROM incoming_articles ON CONFLICT DO NOTHING",
        """INSERT INTO article_locations BY NAME SELECT * FROM incoming_locations
           ON CONFLICT (article_id, location) DO UPDATE SET last_seen_at = excluded.last_seen_at, run_id = excluded.run_id""",
    ])
    con.unregister("incoming_articles")
    con.unregister("incoming_locations")
    return con.execute("SELECT count(*) FROM articles").fetchone()[0] - before


def upsert_rejected(con: duckdb.DuckDBPyConnection, rejected: pl.DataFrame) -> None:
    """Record failures; the same failure seen again updates its row instead of adding one."""
    if rejected.is_empty():
        return
    _register(con, "incoming_rejected", rejected)
    _in_transaction(con, [
        """INSERT INTO rejected BY NAME SELECT * FROM incoming_rejected
           ON CONFLICT (rejected_id) DO UPDATE SET last_seen_at = excluded.last_seen_at,
               times_seen = rejected.times_seen + 1, run_id = excluded.run_id, transient = excluded.transient""",
    ])
    con.unregister("incoming_rejected")


def replace_claims(con: duckdb.DuckDBPyConnection, extractions: pl.DataFrame, claims: pl.DataFrame,
                   rejected: pl.DataFrame) -> None:
    """Replace the claims of the batch's articles, record the extraction and its rejects, all or nothing."""
    _register(con, "incoming_extractions", extractions)
    _register(con, "incoming_claims", claims)
    statements = [
        "DELETE FROM claims WHERE article_id IN (SELECT article_id FROM incoming_extractions)",
        "INSERT INTO claims BY NAME SELECT * FROM incoming_claims",
        "INSERT OR REPLACE INTO extractions BY NAME SELECT * FROM incoming_extractions",
    ]
    if not rejected.is_empty():
        _register(con, "incoming_claim_rejects", rejected)
        statements.append(
            """INSERT INTO rejected BY NAME SELECT * FROM incoming_claim_rejects
               ON CONFLICT (rejected_id) DO UPDATE SET last_seen_at = excluded.last_seen_at,
                   times_seen = rejected.times_seen + 1, run_id = excluded.run_id"""
        )
    _in_transaction(con, statements)
    for name in ("incoming_extractions", "incoming_claims", "incoming_claim_rejects"):
        try:
            con.unregister(name)
        except duckdb.Error:
            pass


def articles_to_extract(con: duckdb.DuckDBPyConnection, extractor_version: str) -> list[str]:
    """Ids of the articles the current extractor has not read yet (new ones, or read by another version)."""
    return [r[0] for r in con.execute(read_sql("queries/articles_to_extract.sql"), [extractor_version]).fetchall()]


def article_texts(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> pl.DataFrame:
    """article_id, name, text of the given articles."""
    return con.execute("SELECT article_id, name, text FROM articles WHERE article_id IN (SELECT unnest(?))",
                       [article_ids]).pl()


def replace_table(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    """Replace every row of a derived table (clusters, estimates) in one transaction."""
    _register(con, "incoming_rows", frame)
    _in_transaction(con, [f"DELETE FROM {table}", f"INSERT INTO {table} BY NAME SELECT * FROM incoming_rows"])
    con.unregister("incoming_rows")


def record_batch(con: duckdb.DuckDBPyConnection, batch_key: str, sources: list[str], run_id: str | None) -> None:
    """Remember what a batch read, so re-running its partition reads the same sources."""
    con.execute(
        """INSERT INTO ingest_batches VALUES (?, ?, now()::TIMESTAMP, now()::TIMESTAMP, 1, ?)
           ON CONFLICT (batch_key) DO UPDATE SET last_run_at = excluded.last_run_at,
               runs = ingest_batches.runs + 1, run_id = excluded.run_id""",
        [batch_key, sources, run_id],
    )


def batch_sources(con: duckdb.DuckDBPyConnection, batch_key: str) -> list[str] | None:
    row = con.execute("SELECT sources FROM ingest_batches WHERE batch_key = ?", [batch_key]).fetchone()
    return list(row[0]) if row else None


def load_validators(con: duckdb.DuckDBPyConnection) -> dict[str, dict]:
    """{url_hash: {"etag", "last_modified"}} of every page fetched before."""
    return {h: {"etag": e, "last_modified": m}
            for h, e, m in con.execute("SELECT url_hash, etag, last_modified FROM fetch_validators").fetchall()}


def save_validators(con: duckdb.DuckDBPyConnection, validators: dict[str, dict]) -> None:
    if not validators:
        return
    rows = pl.DataFrame(
        [{"url_hash": h, "etag": v.get("etag"), "last_modified": v.get("last_modified")} for h, v in validators.items()],
        schema={"url_hash": pl.String, "etag": pl.String, "last_modified": pl.String},
    )
    _register(con, "incoming_validators", rows)
    _in_transaction(con, ["""INSERT INTO fetch_validators SELECT url_hash, etag, last_modified, now()::TIMESTAMP
                             FROM incoming_validators ON CONFLICT (url_hash) DO UPDATE SET etag = excluded.etag,
                             last_modified = excluded.last_modified, updated_at = excluded.updated_at"""])
    con.unregister("incoming_validators")
