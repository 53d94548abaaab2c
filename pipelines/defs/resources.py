"""Resources, defined once: the DuckDB store every asset reads and writes through."""


from contextlib import AbstractContextManager

import dagster as dg
import duckdb

from pipelines import store

# Every asset that writes the DuckDB file runs in this pool; its limit is 1 (dagster_home/dagster.yaml).
WRITER_POOL = "claims_duckdb_writer"


class ClaimsStore(dg.ConfigurableResource):
    """The DuckDB file of claims. `path` defaults to $CLAIMS_DB, then data/claims.duckdb."""

    path: str = ""
    wait_s: float = 60.0

    def _path(self):
        return store.db_path(self.path or None)

    def writer(self) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
        return store.connect(self._path(), wait_s=self.wait_s)

    def reader(self) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
        return store.connect(self._path(), read_only=True, wait_s=self.wait_s)
