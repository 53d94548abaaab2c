"""Extraction spread over the machine's cores, in bounded batches.

    for batch in extract_batches(frames, workers=2, run_id=run_id):   # ExtractBatch, in input order
        writes.replace_claims(con, batch.extractions, batch.claims, batch.rejected)

`frames` is any iterable of polars frames with article_id, name, text (streamed from DuckDB by the
`claims` asset). At most two batches per worker are in flight, so memory does not grow with the
corpus; results come back in input order, so each can be committed as it arrives. Workers start with
"spawn" (safe beside DuckDB's and polars' threads in the parent) and load the lexicon once.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

import polars as pl

from pipelines.steps import ExtractBatch, extract_articles, utc_now


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def _warm() -> None:
    from pipelines.extraction import load_lexicon

    load_lexicon()


def extract_batches(frames: Iterable[pl.DataFrame], *, workers: int = 1, run_id: str | None = None,
                    now: dt.datetime | None = None) -> Iterator[ExtractBatch]:
    """`steps.extract_articles` on each frame, on `workers` processes (1: in this process), in input order."""
    now = now or utc_now()
    if workers <= 1:
        for articles in frames:
            if articles.height:
                yield extract_articles(articles, run_id=run_id, now=now)
        return
    pending: deque[Future] = deque()
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"), initializer=_warm) as pool:
        for articles in frames:
            if not articles.height:
                continue
            pending.append(pool.submit(extract_articles, articles, run_id=run_id, now=now))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
