"""Shared fixtures: a temporary DuckDB file, the sample articles, and the shared corpus when present."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def tmp_db(tmp_path) -> Path:
    return tmp_path / "claims.duckdb"


@pytest.fixture
def shared_dev() -> Path:
    corpus = SHARED / "corpus" / "dev"
    if not (corpus / "gold.jsonl").exists():
        pytest.skip("../shared/corpus/dev is not here (a user's clone)")
    return corpus


def run_graph(db, sources, batch: str = "test-batch", instance=None, extract_config: dict | None = None):
    """materialize() the whole graph for one ingestion batch into the DuckDB file `db`."""
    import dagster as dg

    from pipelines.definitions import ASSETS, CHECKS
    from pipelines.defs.partitions import source_batches
    from pipelines.defs.resources import ClaimsStore

    instance = instance or dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions(source_batches.name, [batch])
    return dg.materialize(
        [*ASSETS, *CHECKS],
        resources={"store": ClaimsStore(path=str(db))},
        run_config={"ops": {"articles": {"config": {"sources": [str(s) for s in sources]}},
                            **({"claims": {"config": extract_config}} if extract_config else {})}},
        partition_key=batch,
        instance=instance,
    )
