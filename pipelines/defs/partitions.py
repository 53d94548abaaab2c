"""Ingestion batches as dynamic partitions: one per `claims run`, inbox sweep or feed poll."""

import datetime as dt

import dagster as dg

source_batches = dg.DynamicPartitionsDefinition(name="source_batches")


def new_batch_key(origin: str, now: dt.datetime | None = None) -> str:
    """A readable, sortable partition key: <origin>-<UTC time to the second>.

    >>> new_batch_key("inbox", dt.datetime(2024, 3, 2, 10, 5, 9))
    'inbox-20240302T100509'
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    return f"{origin}-{now:%Y%m%dT%H%M%S}"
