"""pandera models run as blocking asset checks, built by one factory.

A check validates the rows its asset stored in the current run (or the whole table when the table
has no run id) and puts the failure cases in the check's metadata.
"""


import dagster as dg
import pandera.polars as pa

from pipelines.defs.metadata import markdown_table
from pipelines.defs.resources import ClaimsStore


def pandera_table_check(asset: dg.AssetsDefinition | str, table: str, model, *, per_run: bool = True) -> dg.AssetChecksDefinition:
    """A blocking check that the rows of `table` satisfy `model`."""

    @dg.asset_check(
        asset=asset,
        name=f"{table}_match_{model.__name__}",
        blocking=True,
        description=f"Rows of `{table}` validate against the pandera model schemas.{model.__name__}.",
    )
    def _check(context: dg.AssetCheckExecutionContext, store: ClaimsStore) -> dg.AssetCheckResult:
        with store.reader() as con:
            if per_run:
                rows = con.execute(f"SELECT * FROM {table} WHERE run_id = ?", [context.run.run_id]).pl()
            else:
                rows = con.execute(f"SELECT * FROM {table}").pl()
        try:
            model.validate(rows, lazy=True)
        except pa.errors.SchemaErrors as exc:
            cases = exc.failure_cases
            return dg.AssetCheckResult(
                passed=False,
                metadata={
                    "rows_checked": rows.height,
                    "failures": cases.height,
                    "failure_cases": markdown_table(cases, limit=25),
                },
            )
        return dg.AssetCheckResult(passed=True, metadata={"rows_checked": rows.height})

    return _check

