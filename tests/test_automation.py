"""The inbox sensor and the feeds schedule, evaluated with Dagster's test contexts."""

import datetime as dt
import json

import dagster as dg

from pipelines.defs import automation


def test_inbox_sensor_asks_for_one_run_per_sweep_of_new_files(tmp_path, monkeypatch):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    monkeypatch.setattr(automation, "INBOX", inbox)
    with dg.instance_for_test() as instance:
        context = dg.build_sensor_context(instance=instance)
        assert isinstance(automation.inbox_sensor(context), dg.SkipReason)

        (inbox / "a.txt").write_text("Two soldiers were killed near Orlov on Monday.")
        (inbox / "b.txt").write_text("Five civilians were wounded in shelling of Kessel.")
        result = automation.inbox_sensor(dg.build_sensor_context(instance=instance))
        (request,) = result.run_requests
        sources = request.run_config["ops"]["articles"]["config"]["sources"]
        assert sorted(p.rsplit("/", 1)[-1] for p in sources) == ["a.txt", "b.txt"]
        assert request.partition_key.startswith("inbox-")
        assert result.dynamic_partitions_requests[0].partition_keys == [request.partition_key]

        # Nothing new since the cursor: skip; one new file: a run for that file only.
        assert isinstance(automation.inbox_sensor(dg.build_sensor_context(instance=instance, cursor=result.cursor)), dg.SkipReason)
        (inbox / "c.txt").write_text("Three guards were captured at the border post.")
        again = automation.inbox_sensor(dg.build_sensor_context(instance=instance, cursor=result.cursor))
        assert [p.rsplit("/", 1)[-1] for p in again.run_requests[0].run_config["ops"]["articles"]["config"]["sources"]] == ["c.txt"]
        assert set(json.loads(again.cursor)) == {str(inbox / n) for n in ("a.txt", "b.txt", "c.txt")}


def test_feeds_schedule_reads_the_sources_file_hourly(tmp_path, monkeypatch):
    sources = tmp_path / "sources.toml"
    monkeypatch.setattr(automation, "SOURCES_FILE", sources)
    when = dt.datetime(2024, 3, 2, 10, 0, tzinfo=dt.timezone.utc)
    with dg.instance_for_test() as instance:
        missing = automation.feeds_schedule(dg.build_schedule_context(instance=instance, scheduled_execution_time=when))
        assert isinstance(missing, dg.SkipReason)
        sources.write_text('[[source]]\nlocation = "https://example.org/feed.xml"\n')
        request = automation.feeds_schedule(dg.build_schedule_context(instance=instance, scheduled_execution_time=when))
        assert request.partition_key == "feeds-20240302T100000"
        assert request.run_config["ops"]["articles"]["config"]["sources_file"] == str(sources)
        assert instance.has_dynamic_partition("source_batches", "feeds-20240302T100000")
    assert automation.feeds_schedule.cron_schedule == "0 * * * *"
    assert automation.feeds_schedule.default_status == dg.DefaultScheduleStatus.STOPPED
    assert automation.inbox_sensor.default_status == dg.DefaultSensorStatus.STOPPED


def test_rerunning_a_batch_reads_the_same_sources(tmp_path):
    from tests.conftest import run_graph
    import duckdb
    import dagster as dg
    from pipelines.definitions import ASSETS, CHECKS
    from pipelines.defs.resources import ClaimsStore

    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a.txt").write_text("Strike on Orlov\n\nFour soldiers were killed in a strike on Orlov on Monday.\n")
    db = tmp_path / "claims.duckdb"
    with dg.instance_for_test() as instance:
        assert run_graph(db, [folder], batch="manual-1", instance=instance).success
        # The same partition again, without naming its sources: it reads what it read before.
        again = dg.materialize([*ASSETS, *CHECKS], resources={"store": ClaimsStore(path=str(db))},
                               partition_key="manual-1", instance=instance)
        assert again.success
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT runs, sources FROM ingest_batches").fetchone() == (2, [str(folder)])
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    finally:
        con.close()
