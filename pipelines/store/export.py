"""Every table and view written out as Parquet or CSV files, for tools that don't speak DuckDB."""

from __future__ import annotations

from pathlib import Path

import duckdb


def relations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The store's tables and views (not DuckDB's own nor the search index's)."""
    rows = con.execute("""
        SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'main' ORDER BY table_type, table_name""").fetchall()
    return [r[0] for r in rows]


def export_all(con: duckdb.DuckDBPyConnection, out: Path, fmt: str) -> dict[str, int]:
    """Write one file per table and view into `out`; return the rows written per relation."""
    if fmt not in ("parquet", "csv"):
        raise ValueError(f"unknown export format {fmt!r}: parquet or csv")
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for name in relations(con):
        target = out / f"{name}.{fmt}"
        options = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER true"
        con.execute(f"COPY (SELECT * FROM \"{name}\") TO '{target.as_posix()}' ({options})")
        written[name] = con.execute(f"SELECT count(*) FROM \"{name}\"").fetchone()[0]
    return written
