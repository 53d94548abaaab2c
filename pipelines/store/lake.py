"""DuckLake mode: claims in Parquet files under a data path, with a SQLite catalog that several writers share.

The DuckDB store (`pipelines.store.connect`) allows one writing process per file. For scale-out, each worker
can instead append its partition of claims to a DuckLake: the data goes to new Parquet files under
`data_path` and each commit is a small transaction on the catalog, so writers in different processes run
at the same time. When two commits collide, DuckLake retries by itself a few times; a conflict or a
locked catalog that still escapes is retried here with bounded exponential backoff.

    con = duckdb.connect()
    attach_lake(con, "lake/catalog.sqlite", "lake/data/")          # INSTALL/LOAD offline, ATTACH, CREATE
    con.sql("SELECT category, count(*) FROM lake.claims GROUP BY ALL")

    write_claims_partition("lake/catalog.sqlite", "lake/data/", claims_frame)   # from any process

The extensions come from the offline packages duckdb-extension-sqlite and duckdb-extension-ducklake
(`pipelines.store.install_extension`); nothing is downloaded. The `claims` table has the columns of the
`claims` table of sql/schema/001_init.sql (read from that file; DuckLake has no primary keys, so
`claim_id` is unique by construction, not by constraint).
"""

from __future__ import annotations

import logging
import os
import random
import re
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from pipelines.store import StoreError, install_extension, read_sql

# What a lost race on the catalog looks like: a DuckLake commit conflict, SQLite busy/locked, a write-write
# conflict on the catalog tables.
RETRYABLE = re.compile(r"conflict|transaction|lock|busy", re.IGNORECASE)
_LOG = logging.getLogger(__name__)
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# Rows at or below this count would be kept inside the catalog instead of a Parquet file; 0: always Parquet.
DATA_INLINING_ROW_LIMIT = 0


class LakeWriteFailed(StoreError):
    """A partition could not be committed within the allowed retries."""


@dataclass(frozen=True)
class WriteResult:
    rows: int
    attempts: int  # 1 when the first commit went through
    started_at: float  # wall clock (time.time()) when the write began and when it committed
    finished_at: float


def _literal(value: str | os.PathLike) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def claims_ddl(table: str = "claims") -> str:
    """CREATE TABLE IF NOT EXISTS for the claims table, its columns read from sql/schema/001_init.sql.

    >>> ddl = claims_ddl("lake.claims")
    >>> ddl.startswith("CREATE TABLE IF NOT EXISTS lake.claims ("), "PRIMARY KEY" in ddl, '"end"' in ddl
    (True, False, True)
    """
    migration = read_sql("schema/001_init.sql")
    m = re.search(r"CREATE TABLE claims \((?P<body>.*?)\n\);", migration, re.DOTALL)
    if not m:
        raise StoreError("sql/schema/001_init.sql has no claims table")
    body = re.sub(r"\s+PRIMARY KEY", "", m.group("body"))
    return f"CREATE TABLE IF NOT EXISTS {table} ({body}\n)"


def _retrying(action, *, retries: int, base_delay: float, max_delay: float, what: str):
    """Run action() until it succeeds, retrying RETRYABLE errors with jittered exponential backoff.

    Returns (result, attempts).
    """
    attempt = 0
    while True:
        attempt += 1
        try:
            return action(), attempt
        except duckdb.Error as exc:
            if not RETRYABLE.search(str(exc)):
                raise
            if attempt > retries:
                raise LakeWriteFailed(f"{what}: gave up after {attempt} attempts: {exc}") from exc
            delay = min(max_delay, base_delay * 2 ** (attempt - 1))
            _LOG.info("%s: attempt %d lost a race (%s); retrying in %.2f s", what, attempt, str(exc).splitlines()[0], delay)
            time.sleep(delay * (0.5 + random.random() / 2))


def attach_lake(con: duckdb.DuckDBPyConnection, catalog_sqlite_path: str | os.PathLike,
                data_path: str | os.PathLike, alias: str = "lake", *, retries: int = 8,
                base_delay: float = 0.05, max_delay: float = 2.0) -> str:
    """Load the sqlite and ducklake extensions offline, attach the lake as `alias`, create `claims` if missing.

    Returns the alias. The catalog's folder and the data path are created when missing.
    """
    if not _IDENTIFIER.match(alias):
        raise ValueError(f"not an identifier: {alias!r}")
    catalog, data = Path(catalog_sqlite_path), Path(data_path)
    catalog.parent.mkdir(parents=True, exist_ok=True)
    data.mkdir(parents=True, exist_ok=True)
    install_extension(con, "sqlite")
    install_extension(con, "ducklake")
    data_dir = str(data).rstrip("/") + "/"

    def attach() -> None:
        attached = {row[0] for row in con.execute("SELECT database_name FROM duckdb_databases()").fetchall()}
        if alias not in attached:
            con.execute(f"ATTACH {_literal('ducklake:sqlite:' + str(catalog))} AS {alias} "
                        f"(DATA_PATH {_literal(data_dir)}, DATA_INLINING_ROW_LIMIT {DATA_INLINING_ROW_LIMIT})")
        con.execute(claims_ddl(f"{alias}.claims"))

    _retrying(attach, retries=retries, base_delay=base_delay, max_delay=max_delay, what=f"attach {catalog}")
    return alias


def write_claims_partition(catalog_sqlite_path: str | os.PathLike, data_path: str | os.PathLike,
                           frame: pl.DataFrame, *, retries: int = 8, base_delay: float = 0.05,
                           max_delay: float = 2.0, replace: bool = False) -> WriteResult:
    """Append a frame of claim rows (the claims table's columns) to the lake in one commit.

    With `replace=True` the claims of the frame's articles are deleted first, in the same transaction, so
    writing a partition again does not duplicate it. A commit that loses a race with another writer is
    rolled back and retried (at most `retries` times, waiting base_delay * 2**n, at most max_delay,
    jittered); any other error is raised at once.
    """
    started = time.time()
    con = duckdb.connect()
    try:
        attach_lake(con, catalog_sqlite_path, data_path, "lake", retries=retries, base_delay=base_delay,
                    max_delay=max_delay)
        con.register("incoming_claims", frame.to_arrow())

        def commit() -> int:
            con.execute("BEGIN TRANSACTION")
            try:
                if replace:
                    con.execute("DELETE FROM lake.claims WHERE article_id IN (SELECT DISTINCT article_id FROM incoming_claims)")
                con.execute("INSERT INTO lake.claims BY NAME SELECT * FROM incoming_claims")
                con.execute("COMMIT")
            except BaseException:
                try:
                    con.execute("ROLLBACK")
                except duckdb.Error:
                    pass  # the failed commit already ended the transaction
                raise
            return frame.height

        rows, attempts = _retrying(commit, retries=retries, base_delay=base_delay, max_delay=max_delay,
                                   what=f"write {frame.height} claims to {catalog_sqlite_path}")
    finally:
        con.close()
    return WriteResult(rows=rows, attempts=attempts, started_at=started, finished_at=time.time())


def write_claims_partitions(catalog_sqlite_path: str | os.PathLike, data_path: str | os.PathLike,
                            frames, **options) -> list[WriteResult]:
    """Write several frames one after the other, one commit each (a worker's loop over its batches)."""
    return [write_claims_partition(catalog_sqlite_path, data_path, frame, **options) for frame in frames]
