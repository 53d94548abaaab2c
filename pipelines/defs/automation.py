"""When runs start by themselves: a sensor on the inbox folder and an hourly schedule for feeds.

Both are off by default; turn them on in the UI (Automation) or with
`dagster sensor start inbox_sensor` / `dagster schedule start feeds_schedule`.
"""

import json
import os
from pathlib import Path

import dagster as dg

from pipelines.defs.partitions import new_batch_key, source_batches
from pipelines.ingestion.localfiles import list_folder

INBOX = Path(os.environ.get("CLAIMS_INBOX", "data/inbox"))
SOURCES_FILE = Path(os.environ.get("CLAIMS_SOURCES_FILE", "config/sources.toml"))

all_assets = dg.define_asset_job(
    "all_assets", selection=dg.AssetSelection.all(),
    description="Ingest one batch, extract, validate, store and aggregate.",
)


def _articles_config(**config) -> dict:
    return {"ops": {"articles": {"config": config}}}


def new_inbox_files(inbox: Path, seen: dict[str, float]) -> dict[str, float]:
    """Files of the inbox that are new or changed since `seen` ({path: mtime})."""
    files, _ = list_folder(inbox) if inbox.is_dir() else ([], [])
    current = {}
    for path in files:
        try:
            current[str(path)] = path.stat().st_mtime
        except OSError:
            continue  # gone since listing: the next tick will not see it either
    return {p: m for p, m in current.items() if seen.get(p) != m}


@dg.sensor(job=all_assets, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.STOPPED,
           description=f"Starts a run for files that appear or change in the inbox folder ({INBOX}, or $CLAIMS_INBOX).")
def inbox_sensor(context: dg.SensorEvaluationContext) -> dg.SensorResult | dg.SkipReason:
    seen = json.loads(context.cursor) if context.cursor else {}
    fresh = new_inbox_files(INBOX, seen)
    if not fresh:
        return dg.SkipReason(f"no new files in {INBOX}")
    key = new_batch_key("inbox")
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key=key, partition_key=key, run_config=_articles_config(sources=sorted(fresh)))],
        dynamic_partitions_requests=[source_batches.build_add_request([key])],
        cursor=json.dumps({**seen, **fresh}),
    )


@dg.schedule(job=all_assets, cron_schedule="0 * * * *", default_status=dg.DefaultScheduleStatus.STOPPED,
             description=f"Every hour: read the sources file ({SOURCES_FILE}, or $CLAIMS_SOURCES_FILE): feeds and pages.")
def feeds_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest | dg.SkipReason:
    if not SOURCES_FILE.exists():
        return dg.SkipReason(f"no sources file at {SOURCES_FILE}: copy config/sources.example.toml there")
    key = new_batch_key("feeds", context.scheduled_execution_time)
    context.instance.add_dynamic_partitions(source_batches.name, [key])
    return dg.RunRequest(run_key=key, partition_key=key, run_config=_articles_config(sources_file=str(SOURCES_FILE)))
