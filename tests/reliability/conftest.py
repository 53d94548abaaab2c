"""Fixtures of the reliability suite (helpers live in helpers.py, which also registers the fuzz profile)."""

from pathlib import Path

import pytest

from tests.reliability import helpers  # noqa: F401  (registers the "reliability" hypothesis profile)


@pytest.fixture
def tmp_db(tmp_path) -> Path:
    return tmp_path / "claims.duckdb"
