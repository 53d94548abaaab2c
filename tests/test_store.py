"""The DuckDB store: migrations, documentation, locking, search and export."""

import subprocess
import sys
import textwrap
import time

import duckdb
import polars as pl
import pytest

from pipelines.cli import main
from pipelines.extraction.lexicon import load
from pipelines.store import StoreBusy, StoreError, connect, migrations, schema_version
from pipelines.store.export import export_all
from pipelines.store.search import refresh_index, search

ARTICLE = ("0123456789abcdef", "strike", "Strike near Orlov", None, None, None, None,
           "A missile strike near Orlov killed 12 soldiers, the ministry said.", "body", None)


def _insert_article(con):
    con.execute("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now()::TIMESTAMP, NULL)", list(ARTICLE))


def test_a_new_file_gets_every_migration(tmp_db):
    with connect(tmp_db) as con:
        assert schema_version(con) == migrations()[-1][0]


def test_an_older_database_is_upgraded_and_keeps_its_rows(tmp_db):
    first_version, first_file = migrations()[0]
    con = duckdb.connect(str(tmp_db))
    con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)")
    con.execute(first_file.read_text())
    con.execute("INSERT INTO schema_version VALUES (?, ?, now()::TIMESTAMP)", [first_version, first_file.stem])
    _insert_article(con)
    con.close()
    with connect(tmp_db) as con:
        assert schema_version(con) == migrations()[-1][0]
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
        assert con.execute("SELECT count(*) FROM estimates").fetchone()[0] == 0


def test_a_newer_database_is_refused_not_recreated(tmp_db):
    with connect(tmp_db) as con:
        con.execute("INSERT INTO schema_version VALUES (999, 'from the future', now()::TIMESTAMP)")
    with pytest.raises(StoreError, match="newer"):
        with connect(tmp_db):
            pass


def test_every_table_and_column_is_documented_with_its_enum_values(tmp_db):
    with connect(tmp_db) as con:
        tables = con.execute("SELECT table_name, comment FROM duckdb_tables() WHERE schema_name = 'main'").fetchall()
        columns = con.execute("""SELECT table_name, column_name, comment FROM duckdb_columns()
                                 WHERE schema_name = 'main' AND table_name IN (SELECT table_name FROM duckdb_tables())""").fetchall()
        comment = {(t, c): text for t, c, text in columns}
    assert all(text for _, text in tables), [t for t, text in tables if not text]
    assert all(text for text in comment.values()), [k for k, text in comment.items() if not text]
    lex = load()
    for column, values in (("hedge", lex.hedges), ("category", lex.categories), ("scope", lex.scopes)):
        assert all(v in comment[("claims", column)] for v in values), column


def test_a_file_held_by_another_writer_is_busy_not_a_traceback(tmp_db, capsys):
    with connect(tmp_db):
        pass
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import duckdb, sys, time
        con = duckdb.connect({str(tmp_db)!r})
        print("held", flush=True)
        time.sleep(30)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        with pytest.raises(StoreBusy, match="another process"):
            with connect(tmp_db, read_only=True, wait_s=1.0):
                pass
        assert time.monotonic() - started < 10
        assert main(["sql", "SELECT 1", "--db", str(tmp_db), "--wait", "0.5"]) == 2
        assert "another process" in capsys.readouterr().err
    finally:
        holder.kill()
        holder.wait()
    assert main(["sql", "SELECT 1 AS one", "--db", str(tmp_db)]) == 0


@pytest.mark.parametrize("statement", [
    "CREATE TABLE x (a INT)",
    "INSERT INTO schema_version VALUES (5, 'x', now()::TIMESTAMP)",
    "COPY (SELECT 1) TO '{out}'",
    "ATTACH '{other}' AS other",
    "SET enable_external_access = true",
])
def test_claims_sql_cannot_write(tmp_db, tmp_path, statement):
    with connect(tmp_db):
        pass
    out, other = tmp_path / "out.csv", tmp_path / "other.duckdb"
    before = tmp_db.read_bytes()
    assert main(["sql", statement.format(out=out, other=other), "--db", str(tmp_db)]) == 1
    assert not out.exists() and not other.exists()
    assert tmp_db.read_bytes() == before


def test_search_finds_an_article_by_its_words(tmp_db):
    with connect(tmp_db) as con:
        _insert_article(con)
        refresh_index(con)
    with connect(tmp_db, read_only=True) as con:
        hits = search(con, "Orlov missile")
        misses = search(con, "Kyiv")
    assert hits["article_id"].to_list() == ["0123456789abcdef"]
    assert misses.height == 0


def test_export_round_trips_every_table_and_view(tmp_db, tmp_path):
    with connect(tmp_db) as con:
        _insert_article(con)
    with connect(tmp_db, read_only=True) as con:
        written = export_all(con, tmp_path / "out", "parquet")
    assert {"articles", "claims", "rejected", "estimates", "claims_detail", "rival_claims"} <= set(written)
    for name, rows in written.items():
        assert pl.read_parquet(tmp_path / "out" / f"{name}.parquet").height == rows
    assert written["articles"] == 1
