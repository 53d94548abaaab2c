"""DuckLake mode: offline extensions, the claims table, and two writer processes committing at once."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import duckdb
import polars as pl
import pytest

from pipelines.store.lake import LakeWriteFailed, _retrying, attach_lake, write_claims_partition, write_claims_partitions
from pipelines.steps import claim_id
from pipelines.store import SQL_DIR
from schemas import ClaimSchema, columns_of


def synthetic_claims(partition: str, n: int, start: int = 0) -> pl.DataFrame:
    """n valid claim rows of ClaimSchema, in articles of partition `partition`."""
    rows = []
    for i in range(start, start + n):
        article = claim_id(partition, i // 10, 0)  # ten claims per article; any 16-hex id will do
        value = 1 + i % 500
        rows.append({
            "claim_id": claim_id(article, i, i + 2), "article_id": article, "text": f"{value}", "start": i,
            "end": i + len(str(value)), "value": value, "low": value, "high": value, "hedge": "exact",
            "qualifier": None, "category": "killed", "counted": "soldiers", "affiliation": None, "unit": None,
            "location": None, "source": None, "via": [f"outlet {partition}"], "scope": "incident",
            "sentence": f"{value} soldiers were killed.", "extractor_version": "test", "run_id": partition,
            "extracted_at": dt.datetime(2024, 1, 1),
        })
    frame = pl.DataFrame(rows).select(columns_of(ClaimSchema))
    return ClaimSchema.validate(frame)


def test_attach_creates_claims_table_with_migration_columns(tmp_path):
    con = duckdb.connect()
    assert attach_lake(con, tmp_path / "catalog.sqlite", tmp_path / "data") == "lake"
    lake_columns = con.execute("SELECT column_name, data_type FROM duckdb_columns() "
                               "WHERE database_name = 'lake' AND table_name = 'claims' ORDER BY column_index").fetchall()
    store = duckdb.connect()
    store.execute((SQL_DIR / "schema" / "001_init.sql").read_text(encoding="utf-8"))
    store_columns = store.execute("SELECT column_name, data_type FROM duckdb_columns() "
                                  "WHERE table_name = 'claims' ORDER BY column_index").fetchall()
    assert lake_columns == store_columns
    # attaching again (another process, a second run) finds the table and keeps it
    attach_lake(con, tmp_path / "catalog.sqlite", tmp_path / "data")
    con.close()


def test_partition_is_parquet_and_replace_is_idempotent(tmp_path):
    catalog, data = tmp_path / "catalog.sqlite", tmp_path / "data"
    frame = synthetic_claims("p", 50)
    assert write_claims_partition(catalog, data, frame).rows == 50
    write_claims_partition(catalog, data, frame, replace=True)
    assert list(data.rglob("*.parquet"))
    con = duckdb.connect()
    attach_lake(con, catalog, data)
    assert con.execute("SELECT count(*), count(DISTINCT claim_id) FROM lake.claims").fetchone() == (50, 50)
    assert con.execute("SELECT via FROM lake.claims LIMIT 1").fetchone()[0] == ["outlet p"]


def test_retry_gives_up_after_bounded_attempts():
    calls = []

    def conflict():
        calls.append(1)
        raise duckdb.TransactionException("Transaction conflict: cannot commit")

    with pytest.raises(LakeWriteFailed):
        _retrying(conflict, retries=3, base_delay=0.001, max_delay=0.002, what="test")
    assert len(calls) == 4

    def broken():
        raise duckdb.CatalogException("Table with name nope does not exist")

    with pytest.raises(duckdb.CatalogException):
        _retrying(broken, retries=3, base_delay=0.001, max_delay=0.002, what="test")


def test_two_writer_processes_lose_no_rows(tmp_path):
    catalog, data = tmp_path / "catalog.sqlite", tmp_path / "data"
    # Two partitions of 5,000 rows, each committed in five chunks by its own process; a barrier in each
    # process's initializer makes both start writing together.
    partitions = {p: [synthetic_claims(p, 1000, start=k * 1000) for k in range(5)] for p in ("a", "b")}
    chunks = [frame for frames in partitions.values() for frame in frames]
    spawn = multiprocessing.get_context("spawn")
    barrier = spawn.Barrier(2)
    with ProcessPoolExecutor(max_workers=2, mp_context=spawn, initializer=barrier.wait) as pool:
        futures = {p: pool.submit(write_claims_partitions, catalog, data, frames) for p, frames in partitions.items()}
        by_partition = {p: f.result(timeout=60) for p, f in futures.items()}
    results = [r for rs in by_partition.values() for r in rs]
    assert sum(r.rows for r in results) == 10_000
    a, b = by_partition["a"], by_partition["b"]
    # the two writers really overlapped in time
    assert a[0].started_at < b[-1].finished_at and b[0].started_at < a[-1].finished_at
    con = duckdb.connect()
    attach_lake(con, catalog, data)
    total, distinct = con.execute("SELECT count(*), count(DISTINCT claim_id) FROM lake.claims").fetchone()
    per_partition = dict(con.execute("SELECT run_id, count(*) FROM lake.claims GROUP BY run_id").fetchall())
    assert (total, distinct) == (10_000, 10_000)
    assert per_partition == {"a": 5000, "b": 5000}
    expected = set(pl.concat(chunks)["claim_id"].to_list())
    assert {row[0] for row in con.execute("SELECT claim_id FROM lake.claims").fetchall()} == expected
    print("attempts per commit:", [r.attempts for r in results])
