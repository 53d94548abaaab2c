"""The one place that opens the DuckDB store: paths, connections, migrations, SQL files, bulk writes.

DuckDB lets one process write a file at a time. Every writer goes through `connect(read_only=False)`
(Dagster runs them in one concurrency pool of limit 1); readers use `read_only=True`. A file held by
another process is retried for a bounded time, then reported as `StoreBusy`, never a traceback.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SQL_DIR = PROJECT_ROOT / "sql"
DEFAULT_DB = Path("data") / "claims.duckdb"

_LOCKED = re.compile(r"Could not set lock|Conflicting lock|database is locked|being used by another process", re.I)


class StoreBusy(RuntimeError):
    """The database file is held by another process for longer than we are willing to wait."""


class StoreError(RuntimeError):
    """The database file cannot be opened or upgraded (not a DuckDB file, newer schema, ...)."""


def db_path(explicit: str | os.PathLike | None = None) -> Path:
    """`--db PATH`, else $CLAIMS_DB, else data/claims.duckdb."""
    return Path(explicit or os.environ.get("CLAIMS_DB") or DEFAULT_DB)


def read_sql(relative: str) -> str:
    """The text of a file under sql/ (the only way code reads SQL)."""
    path = SQL_DIR / relative
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise StoreError(f"missing SQL file {path}: install the project from its checkout (pip install -e .)") from exc


def migrations() -> list[tuple[int, Path]]:
    """sql/schema/NNN_name.sql files in version order."""
    out = []
    for path in sorted((SQL_DIR / "schema").glob("*.sql")):
        m = re.match(r"(\d+)_", path.name)
        if m:
            out.append((int(m.group(1)), path))
    return out


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchone()[0]
    if not exists:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply the migrations newer than the database, each in its own transaction, then (re)create the views."""
    con.execute(read_sql("schema/schema_version.sql"))
    current = schema_version(con)
    known = migrations()
    if known and current > known[-1][0]:
        raise StoreError(f"database schema version {current} is newer than this program knows ({known[-1][0]}): upgrade casualty-claims")
    applied = []
    for version, path in known:
        if version <= current:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(path.read_text(encoding="utf-8"))
            con.execute("INSERT INTO schema_version VALUES (?, ?, now()::TIMESTAMP)", [version, path.stem])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(version)
    for view in sorted((SQL_DIR / "views").glob("*.sql")):
        con.execute(view.read_text(encoding="utf-8"))
    return applied


@contextmanager
def connect(path: str | os.PathLike | None = None, *, read_only: bool = False, wait_s: float = 30.0,
            poll_s: float = 0.25) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the store, migrated when writable, always closed on exit.

    Waits up to `wait_s` seconds for another process to release the file, then raises StoreBusy.
    """
    target = db_path(path)
    if read_only and not target.exists():
        raise StoreError(f"no database at {target}: run `claims run` first, or pass --db")
    if not read_only:
        target.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_s
    while True:
        try:
            con = duckdb.connect(str(target), read_only=read_only)
            break
        except duckdb.Error as exc:
            if not _LOCKED.search(str(exc)):
                raise StoreError(f"cannot open {target}: {exc}") from exc
            if time.monotonic() >= deadline:
                raise StoreBusy(
                    f"{target} is being written by another process (a `claims run` or Dagster run?); "
                    f"waited {wait_s:.0f} s. Try again when it finishes."
                ) from exc
            time.sleep(poll_s)
    try:
        if not read_only:
            migrate(con)
        yield con
    finally:
        con.close()


def install_extension(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """INSTALL and LOAD a DuckDB extension from its offline PyPI package (duckdb-extension-<name>)."""
    import importlib

    try:
        package = importlib.import_module(f"duckdb_extension_{name}")
    except ImportError as exc:
        raise StoreError(f"the {name} extension needs the duckdb-extension-{name} package") from exc
    files = sorted(Path(package.__file__).parent.glob(f"extensions/*/{name}.duckdb_extension"))
    if not files:
        raise StoreError(f"duckdb-extension-{name} holds no extension file")
    con.execute(f"INSTALL '{files[-1]}'")
    con.execute(f"LOAD {name}")
