"""The `claims` command: extract, sql, eval."""

import json
import subprocess
import sys

import pytest

from pipelines.cli import main
from tests.conftest import SAMPLES, SHARED

FIELDS = {"article", "text", "start", "end", "value", "low", "high", "hedge", "qualifier", "category", "counted",
          "affiliation", "unit", "location", "source", "via", "scope"}


def test_extract_prints_every_field_with_offsets_into_the_file(capsys):
    sample = sorted((SAMPLES / "articles").glob("*.txt"))[0]
    assert main(["extract", str(sample)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows
    text = sample.read_text(encoding="utf-8")
    for row in rows:
        assert FIELDS <= set(row)
        assert row["article"] == sample.stem
        assert text[row["start"]:row["end"]] == row["text"]


def test_sql_is_read_only(tmp_db, capsys):
    import duckdb
    duckdb.connect(str(tmp_db)).close()
    assert main(["sql", "CREATE TABLE x (a INT)", "--db", str(tmp_db)]) == 1
    assert "read-only" in capsys.readouterr().err.lower()
    assert main(["sql", "SELECT 41 + 1 AS answer", "--db", str(tmp_db)]) == 0
    assert "42" in capsys.readouterr().out


def test_sql_on_a_missing_database_says_so(tmp_path, capsys):
    assert main(["sql", "SELECT 1", "--db", str(tmp_path / "none.duckdb")]) == 2
    assert "no database" in capsys.readouterr().err


def test_eval_agrees_with_the_shared_scorer(shared_dev, tmp_path, capsys):
    scorer = SHARED / "tools" / "score_claims.py"
    assert main(["extract", str(shared_dev / "articles")]) == 0
    preds = tmp_path / "preds.jsonl"
    preds.write_text(capsys.readouterr().out, encoding="utf-8")
    reference = subprocess.run([sys.executable, str(scorer), "--gold", str(shared_dev), "--pred", str(preds)],
                               capture_output=True, text=True, check=True).stdout.splitlines()
    assert main(["eval", "--gold", str(shared_dev)]) == 0
    ours = capsys.readouterr().out.splitlines()
    assert ours == reference


def test_eval_on_the_bundled_samples(capsys):
    assert main(["eval", "--gold", str(SAMPLES)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("articles 10  gold")
