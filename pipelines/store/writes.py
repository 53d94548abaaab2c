"""Bulk, idempotent writes: polars frames in through Arrow, one transaction per batch."""

from __future__ import annotations

import duckdb
import polars as pl


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


def articles_to_extract(con: duckdb.DuckDBPyConnection, extractor_version: str, limit: int | None = None) -> pl.DataFrame:
    """Articles the current extractor has not read yet (new ones, or read by another version)."""
    sql = """SELECT a.article_id, a.name, a.text FROM articles AS a
             LEFT JOIN extractions AS e USING (article_id)
             WHERE e.extractor_version IS DISTINCT FROM ?
             ORDER BY a.article_id"""
    if limit:
        sql += f" LIMIT {int(limit)}"
    return con.execute(sql, [extractor_version]).pl()


def replace_table(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    """Replace every row of a derived table (clusters, estimates) in one transaction."""
    _register(con, "incoming_rows", frame)
    _in_transaction(con, [f"DELETE FROM {table}", f"INSERT INTO {table} BY NAME SELECT * FROM incoming_rows"])
    con.unregister("incoming_rows")
