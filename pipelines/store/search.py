"""Full-text search over article titles and texts with DuckDB's fts extension (installed offline)."""

from __future__ import annotations

import duckdb
import polars as pl

from pipelines.store import install_extension, read_sql


def refresh_index(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the BM25 index of `articles` (fts indexes do not follow inserts by themselves)."""
    install_extension(con, "fts")
    con.execute("PRAGMA create_fts_index('articles', 'article_id', 'title', 'text', overwrite=1)")


def has_index(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute(
        "SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'fts_main_articles'").fetchone()[0])


def search(con: duckdb.DuckDBPyConnection, query: str, limit: int = 20) -> pl.DataFrame:
    """Articles matching `query`, best first, each with its claims in one column."""
    install_extension(con, "fts")
    return con.execute(read_sql("queries/search_articles.sql"), {"query": query, "limit": limit}).pl()
