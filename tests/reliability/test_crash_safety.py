"""Promise: a run killed at any moment leaves a store that opens, holds no half-written article, and
that the next run completes to exactly what a clean run produces.

`claims run` is started on a synthetic corpus of 3,000 articles (about 4 claims each, extracted in
committed batches of 500) and SIGKILLed while its `claims` step is writing. A clean run of the same
corpus into a fresh file runs alongside, as the reference. And a run never writes over a file that is
not its store, or a store from a newer version.
"""

from __future__ import annotations

import time

import duckdb
import pytest

from pipelines.store import connect
from tests.reliability.corpus import write_corpus
from tests.reliability.helpers import (TABLES, RunningCli, failure_messages, half_written_articles, materialize_graph,
                                       step_event)

N_ARTICLES = 3000
KILL_AFTER_S = 2.5  # into the claims step (about 5 s long alone): a batch or two committed, the next being written
RUN_TIMEOUT_S = 240


def _snapshot(db) -> dict:
    """Row counts of every content table, the claim ids, and the article ids, through a read-write open."""
    with connect(db, wait_s=5) as con:
        got = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        got["claim_ids"] = frozenset(r[0] for r in con.execute("SELECT claim_id FROM claims").fetchall())
        got["article_ids"] = frozenset(r[0] for r in con.execute("SELECT article_id FROM articles").fetchall())
    return got


def test_sigkill_during_the_claims_step_leaves_a_consistent_store(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", N_ARTICLES)
    crashed_db, clean_db = tmp_path / "crashed.duckdb", tmp_path / "clean.duckdb"

    victim = RunningCli("run", "--source", str(corpus), "--db", str(crashed_db))
    reference = RunningCli("run", "--source", str(corpus), "--db", str(clean_db))
    again = None
    try:
        started = victim.wait_for(step_event("claims", "STEP_START"), timeout=RUN_TIMEOUT_S)
        assert started, f"the claims step never started:\n{victim.output()}"
        time.sleep(KILL_AFTER_S)
        finished_before_kill = victim.wait_for(step_event("claims", "STEP_SUCCESS"), timeout=0)
        victim.kill()
        if finished_before_kill or victim.wait_for(step_event("claims", "STEP_SUCCESS"), timeout=0):
            pytest.skip(f"the claims step finished within {KILL_AFTER_S} s, so the kill did not land during it")
        assert victim.proc.returncode == -9, victim.output()

        # 1. The killed store opens read-write (DuckDB replays its WAL) and holds no half-written article.
        with connect(crashed_db, wait_s=5) as con:
            assert half_written_articles(con) == []
            extracted = con.execute("SELECT count(*) FROM extractions").fetchone()[0]
            assert con.execute("SELECT count(*) FROM claims WHERE article_id NOT IN (SELECT article_id FROM articles)"
                               ).fetchone()[0] == 0
            assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == N_ARTICLES
        assert 0 <= extracted < N_ARTICLES, "the kill landed during the claims step, so not every article was read"
        print(f"killed {KILL_AFTER_S} s into the claims step: {extracted} of {N_ARTICLES} articles were committed")

        # 2. The next run completes, and ends exactly where a clean run ends.
        again = RunningCli("run", "--source", str(corpus), "--db", str(crashed_db))
        assert again.finish(RUN_TIMEOUT_S) == 0, again.output()
        assert reference.finish(RUN_TIMEOUT_S) == 0, reference.output()
    finally:
        for run in (victim, reference, again):
            if run is not None:
                run.kill()

    after, clean = _snapshot(crashed_db), _snapshot(clean_db)
    assert after["articles"] == N_ARTICLES
    assert after["claims"] >= 3 * N_ARTICLES
    assert {k: after[k] for k in TABLES} == {k: clean[k] for k in TABLES}
    assert after["claim_ids"] == clean["claim_ids"]
    assert after["article_ids"] == clean["article_ids"]
    with connect(crashed_db, wait_s=5) as con:
        assert half_written_articles(con) == []


def test_a_run_pointed_at_a_file_that_is_not_a_store_fails_and_leaves_it_alone(tmp_path):
    notes = tmp_path / "notes.duckdb"  # a user's CSV under the wrong name
    notes.write_text("id,name\n1,field notes\n2,casualty list draft\n")
    before = notes.read_bytes()
    corpus = write_corpus(tmp_path / "corpus", 3)
    result = materialize_graph(notes, [corpus])
    assert not result.success
    assert "not a valid DuckDB database file" in failure_messages(result)
    assert notes.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "notes.duckdb"]  # no WAL or stray file


def test_a_run_on_a_store_from_a_newer_version_fails_and_keeps_its_data(tmp_path):
    db = tmp_path / "claims.duckdb"
    corpus = write_corpus(tmp_path / "corpus", 3)
    assert materialize_graph(db, [corpus]).success
    with connect(db) as con:
        con.execute("INSERT INTO schema_version VALUES (999, '999_from_the_future', now()::TIMESTAMP)")
        before = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    result = materialize_graph(db, [corpus], batch="later")
    assert not result.success
    assert "newer than this program knows" in failure_messages(result)
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES} == before
        assert con.execute("SELECT max(version) FROM schema_version").fetchone()[0] == 999
    finally:
        con.close()
