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
