"""Promise: the one-writer rule of DuckDB never shows as a traceback or a corrupt store.

A reader facing a held file waits a bounded time, then says the file is being written (exit code 2);
two `claims run` on one file both finish (one waits for the other) or one fails with a clear message,
and the store ends as one clean run leaves it.
"""

from __future__ import annotations

import subprocess
import sys
import time

from pipelines.store import connect
from tests.reliability.corpus import write_corpus
from tests.reliability.helpers import (ROOT, TABLES, RunningCli, cli_env, counts, half_written_articles,
                                       run_cli)

HOLD_WRITE_LOCK = """
import sys, time
import duckdb
con = duckdb.connect(sys.argv[1])
con.execute("SELECT count(*) FROM articles").fetchall()
print("holding", flush=True)
time.sleep(120)
"""
BUSY = "being written by another process"


def test_a_reader_waits_a_bounded_time_for_a_held_file_then_says_so(tmp_db):
    with connect(tmp_db) as con:  # a migrated, empty store
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    writer = subprocess.Popen([sys.executable, "-c", HOLD_WRITE_LOCK, str(tmp_db)], cwd=ROOT, env=cli_env(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "holding", writer.stderr.read()
        started = time.monotonic()
        busy = run_cli("sql", "select 1", "--db", str(tmp_db), "--wait", "1", timeout=30)
        elapsed = time.monotonic() - started
        assert busy.returncode == 2, (busy.returncode, busy.stdout, busy.stderr)
        assert BUSY in busy.stderr
        assert "Traceback" not in busy.stderr + busy.stdout
        assert busy.stdout == ""
        assert elapsed < 10, f"claims sql --wait 1 took {elapsed:.1f} s"
    finally:
        writer.kill()
        writer.wait()
    answered = run_cli("sql", "select 41 + 1 AS answer", "--db", str(tmp_db), "--format", "json", timeout=30)
    assert answered.returncode == 0, answered.stderr
    assert answered.stdout.strip() == '{"answer": 42}'


def test_a_reader_gets_in_as_soon_as_the_writer_lets_go(tmp_db):
    with connect(tmp_db):
        pass
    writer = subprocess.Popen([sys.executable, "-c", HOLD_WRITE_LOCK.replace("time.sleep(120)", "time.sleep(2)"),
                               str(tmp_db)], cwd=ROOT, env=cli_env(), stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "holding"
        waited = run_cli("sql", "select 1 AS one", "--db", str(tmp_db), "--wait", "30", "--format", "json", timeout=60)
    finally:
        writer.kill()
        writer.wait()
    assert waited.returncode == 0, waited.stderr
    assert waited.stdout.strip() == '{"one": 1}'


def test_two_runs_on_one_file_both_finish_or_one_says_why_and_the_store_is_consistent(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", 150, seed=11)
    shared, clean = tmp_path / "shared.duckdb", tmp_path / "clean.duckdb"
    runs = [RunningCli("run", "--source", str(corpus), "--db", str(shared)) for _ in range(2)]
    reference = RunningCli("run", "--source", str(corpus), "--db", str(clean))
    try:
        codes = [run.finish(180) for run in runs]
        assert reference.finish(180) == 0, reference.output()
    finally:
        for run in [*runs, reference]:
            run.kill()
    print(f"exit codes of the two runs sharing one file: {codes}")
    assert 0 in codes, [run.output() for run in runs]
    for code, run in zip(codes, runs):
        assert code in (0, 1), run.output()
        if code == 1:
            text = "".join(run.lines)
            assert BUSY in text and "run failed" in text, run.output()
    with connect(shared, wait_s=5) as con:
        assert half_written_articles(con) == []
    assert counts(shared) == counts(clean)
    assert counts(shared)["articles"] == 150
