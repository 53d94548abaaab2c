"""Extraction spread over the machine's cores, in bounded batches: `steps.extract_articles` in a process pool.

    for batch in extract_batches(article_batches, workers=2, run_id=run_id):   # ExtractBatch, in input order
        writes.replace_claims(con, batch.extractions, batch.claims, batch.rejected)

or, to also read how long the workers worked (the benchmarks do):

    with ParallelExtractor(workers=2) as pool:
        for batch in pool.map(article_batches, run_id=run_id, now=now):
            ...

`article_batches` is any iterable of polars frames with article_id, name, text (e.g. record batches streamed
from DuckDB). At most `max_in_flight` batches (default 2 per worker) are submitted and not yet consumed, so
memory stays bounded however long the input is; results come back in input order, so the caller can
commit them one by one. Workers are started with "spawn" (safe with DuckDB and polars threads in the
parent) and warm the extractor's lexicon once. `worker_seconds` adds up the time the workers spent in
extract_articles (extraction and pandera validation).
"""

from __future__ import annotations

import ctypes
import datetime as dt
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

import polars as pl

from pipelines.steps import ExtractBatch, extract_articles, utc_now


def _warm() -> None:
    from pipelines.extraction import extract

    extract("Warm-up: 12 soldiers were killed, the ministry said.")


def _extract_timed(articles: pl.DataFrame, run_id: str | None, now: dt.datetime) -> tuple[ExtractBatch, float]:
    started = time.perf_counter()
    batch = extract_articles(articles, run_id=run_id, now=now)
    return batch, time.perf_counter() - started


class ParallelExtractor:
    """A pool of extraction processes; use as a context manager."""

    def __init__(self, workers: int | None = None, max_in_flight: int | None = None, start_method: str = "spawn"):
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.max_in_flight = max(1, max_in_flight or 2 * self.workers)
        self.worker_seconds = 0.0
        self.batches = 0
        self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context(start_method),
                                         initializer=_warm)

    def __enter__(self) -> ParallelExtractor:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def pids(self) -> list[int]:
        """Process ids of the workers started so far (for memory accounting)."""
        return [p.pid for p in (self._pool._processes or {}).values() if p.pid]  # noqa: SLF001

    def map(self, batches: Iterable[pl.DataFrame], *, run_id: str | None = None,
            now: dt.datetime | None = None) -> Iterator[ExtractBatch]:
        """extract_articles on each batch, in the pool; yields results in input order."""
        now = now or utc_now()
        pending: deque[Future] = deque()
        for articles in batches:
            if articles.height == 0:
                continue
            pending.append(self._pool.submit(_extract_timed, articles, run_id, now))
            if len(pending) >= self.max_in_flight:
                yield self._collect(pending.popleft())
        while pending:
            yield self._collect(pending.popleft())

    def _collect(self, future: Future) -> ExtractBatch:
        batch, seconds = future.result()
        self.worker_seconds += seconds
        self.batches += 1
        return batch


def release_freed_memory() -> None:
    """Hand memory freed by a finished batch back to the system (glibc keeps it otherwise, and the
    main process would grow with the corpus; see BENCHMARKS.md). A no-op where there is no glibc."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def default_workers() -> int:
    """The cores this process may run on."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def extract_batches(batches: Iterable[pl.DataFrame], *, workers: int = 1, run_id: str | None = None,
                    now: dt.datetime | None = None) -> Iterator[ExtractBatch]:
    """`steps.extract_articles` on each batch, on `workers` processes (1: in this process), in input order."""
    now = now or utc_now()
    if workers <= 1:
        for articles in batches:
            if articles.height:
                yield extract_articles(articles, run_id=run_id, now=now)
        return
    with ParallelExtractor(workers) as pool:
        yield from pool.map(batches, run_id=run_id, now=now)
