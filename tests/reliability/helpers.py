"""Helpers of the reliability suite: the hypothesis profile, subprocess helpers, store counts.

The fuzz budget is bounded so the whole folder stays well under a minute on two cores; raise it for a
longer hunt with ``RELIABILITY_FUZZ_EXAMPLES=5000``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[2]
FUZZ_EXAMPLES = int(os.environ.get("RELIABILITY_FUZZ_EXAMPLES", "300"))

# Registered under a name and applied per test (@settings(FUZZ_PROFILE)) so the
# rest of the suite keeps its own settings. No example database: nothing is written to the checkout.
settings.register_profile(
    "reliability",
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)

FUZZ_PROFILE = settings.get_profile("reliability")

TABLES = ("articles", "article_locations", "claims", "extractions", "rejected", "claim_clusters", "estimates",
          "rival_pairs")


def cli_env(**extra: str) -> dict[str, str]:
    """Environment for a `claims` subprocess: no DAGSTER_HOME (ephemeral instance), no $CLAIMS_DB."""
    env = {k: v for k, v in os.environ.items() if k not in ("DAGSTER_HOME", "CLAIMS_DB")}
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra)
    return env


def claims_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipelines.cli", *args]


def run_cli(*args: str, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(claims_cmd(*args), cwd=ROOT, env=cli_env(), capture_output=True, text=True,
                          timeout=timeout, **kwargs)


def counts(db: Path) -> dict[str, int]:
    """Rows per table, read through a read-only connection."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        con.close()


def half_written_articles(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """Articles whose stored claims disagree with their extractions row, or claims with no extractions row."""
    return con.execute("""
        WITH c AS (SELECT article_id, count(*) AS n FROM claims GROUP BY article_id)
        SELECT e.article_id, e.n_claims, coalesce(c.n, 0) FROM extractions e LEFT JOIN c USING (article_id)
        WHERE e.n_claims <> coalesce(c.n, 0)
        UNION ALL
        SELECT c.article_id, NULL, c.n FROM c LEFT JOIN extractions e USING (article_id) WHERE e.article_id IS NULL
    """).fetchall()


def materialize_graph(db: Path, sources: list, *, batch: str = "reliability-batch", extra_config: dict | None = None,
                      raise_on_error: bool = False):
    """materialize() every asset and check into the DuckDB file `db`, in this process (so monkeypatches apply).

    Follows the graph's shape: when `articles` is partitioned by ingestion batch, one batch is added and run.
    """
    import dagster as dg

    from pipelines.definitions import ASSETS, CHECKS
    from pipelines.defs.assets import articles
    from pipelines.defs.resources import ClaimsStore

    config = {"sources": [str(s) for s in sources], **(extra_config or {})}
    instance = dg.DagsterInstance.ephemeral()
    kwargs = {}
    partitions = articles.partitions_def
    if partitions is not None:
        instance.add_dynamic_partitions(partitions.name, [batch])
        kwargs["partition_key"] = batch
    return dg.materialize(
        [*ASSETS, *CHECKS],
        resources={"store": ClaimsStore(path=str(db))},
        run_config={"ops": {"articles": {"config": config}}},
        instance=instance,
        raise_on_error=raise_on_error,
        **kwargs,
    )


def failure_messages(result) -> str:
    """The error messages of a failed materialize() result, for assertion messages."""
    out = []
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data and event.step_failure_data.error:
            error, messages = event.step_failure_data.error, []
            while error is not None:  # the user code's exception is the cause of Dagster's wrapper
                messages.append(error.message.strip())
                error = error.cause or error.context
            out.append(f"{event.step_key}: " + " <- ".join(messages))
    return "\n".join(out) or "(no step failure recorded)"


class RunningCli:
    """A `claims ...` subprocess in its own session, its stdout and stderr merged and read line by line by a
    thread (so waiting for a log line never blocks on a full pipe)."""

    def __init__(self, *args: str, env: dict | None = None):
        import threading

        self.lines: list[str] = []
        self._changed = threading.Condition()
        self.proc = subprocess.Popen(claims_cmd(*args), cwd=ROOT, env=env or cli_env(), stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, bufsize=1, start_new_session=True)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            with self._changed:
                self.lines.append(line)
                self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    def wait_for(self, predicate, timeout: float) -> bool:
        """True once a line satisfies `predicate`; False on time-out or when the process ended without one."""
        import time

        deadline = time.monotonic() + timeout
        seen = 0
        with self._changed:
            while True:
                for line in self.lines[seen:]:
                    if predicate(line):
                        return True
                seen = len(self.lines)
                if not self._reader.is_alive() or time.monotonic() >= deadline:
                    return False
                self._changed.wait(min(0.2, max(0.0, deadline - time.monotonic())))

    def kill(self) -> None:
        import signal

        if self.proc.poll() is None:  # never signal a group whose leader is gone (its id may be reused)
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc.wait()
        self._reader.join(10)

    def finish(self, timeout: float) -> int:
        """The exit code; a run still going after `timeout` seconds is killed and reported as -9."""
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return -9
        self._reader.join(10)
        return code

    def output(self, last: int = 60) -> str:
        return "".join(self.lines[-last:])


def step_event(step: str, event: str):
    """A predicate for the Dagster log line of `event` (STEP_START, STEP_SUCCESS, ...) of step `step`."""
    import re

    pattern = re.compile(rf"- {re.escape(step)} - {event} - ")
    return lambda line: bool(pattern.search(line))
