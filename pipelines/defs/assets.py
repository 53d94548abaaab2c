"""The asset graph: articles -> claims -> rejected, claims -> claim_clusters -> estimates -> rival_claims.

Each asset is a DuckDB table (or view). The work is done by `pipelines.steps`, the extractor,
ingestion and aggregation libraries; an asset only wires a step to the store and reports metadata.
"""


from typing import Optional

import dagster as dg
import polars as pl

from pipelines import steps
from pipelines.parallel import default_workers, extract_batches, release_freed_memory
from pipelines.aggregation import ClusterConfig, cluster_claims, estimate_clusters, rival_claims
from pipelines.defs.metadata import markdown_table
from pipelines.defs.resources import WRITER_POOL, ClaimsStore
from pipelines.extraction import EXTRACTOR_VERSION
from pipelines.defs.partitions import source_batches
from pipelines.ingestion import Fetcher, Limits, load_sources_file, redact_url
from pipelines.ingestion.validators import HashedValidators
from pipelines.store import read_sql, writes
from pipelines.store import search

DEFAULT_SOURCES = ["data/samples/articles"]


class SourcesConfig(dg.Config):
    """What to ingest: paths, URLs and feeds (`sources`) and/or a TOML sources file.

    With neither, a partition that ran before reads what it read then; a new one reads the samples.
    """

    sources: list[str] = []
    sources_file: Optional[str] = None
    max_bytes: int = Limits().max_bytes
    timeout_s: float = Limits().timeout_s


class AggregateConfig(dg.Config):
    """How far apart (days) claims may be reported and still state the same fact."""

    window_days: int = ClusterConfig().window_days


class ExtractConfig(dg.Config):
    """How many articles the extractor reads per committed batch (bounded memory), and on how many
    processes (0: one per core; batches smaller than one per worker stay in this process)."""

    batch_size: int = 500
    workers: int = 0


def _batch_sources(config: SourcesConfig, batch_key: str, store: ClaimsStore) -> list[str]:
    sources = list(config.sources)
    if config.sources_file:
        sources += load_sources_file(config.sources_file)
    if sources:
        return sources
    with store.writer() as con:
        return writes.batch_sources(con, batch_key) or DEFAULT_SOURCES


@dg.asset(
    kinds={"python", "duckdb"},
    pool=WRITER_POOL,
    group_name="ingest",
    partitions_def=source_batches,
    description="Articles read from folders, files, pages and feeds, one row per distinct text; every place each "
                "was seen is in article_locations, and unreadable input is recorded in rejected. One partition per "
                "ingestion batch: re-running a partition reads the same sources again.",
)
def articles(context: dg.AssetExecutionContext, config: SourcesConfig, store: ClaimsStore) -> dg.MaterializeResult:
    sources = _batch_sources(config, context.partition_key, store)
    limits = Limits(max_bytes=config.max_bytes, timeout_s=config.timeout_s)
    with store.writer() as con:
        validators = HashedValidators(writes.load_validators(con))
    with Fetcher(cache=validators, limits=limits) as fetcher:
        batch = steps.ingest(sources, run_id=context.run.run_id, limits=limits, fetcher=fetcher)
    with store.writer() as con:
        new = writes.upsert_articles(con, batch.articles, batch.locations)
        writes.upsert_rejected(con, batch.rejected)
        writes.save_validators(con, validators.changed)
        writes.record_batch(con, context.partition_key, [redact_url(s) for s in sources], context.run.run_id)
        if new or not search.has_index(con):
            search.refresh_index(con)
        total = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    return dg.MaterializeResult(metadata={
        "sources": [redact_url(s) for s in sources],
        "read": batch.articles.height,
        "new": new,
        "seen_again_elsewhere": batch.duplicates,
        "rejected": batch.rejected.height,
        "skipped_unchanged": len(batch.skipped),
        "skipped": batch.skipped[:50],
        "dagster/row_count": total,
        "preview": markdown_table(batch.articles.select("article_id", "name", "title", "outlet", "published")),
        "rejected_preview": markdown_table(batch.rejected.select("location", "stage", "reason")),
    })


@dg.asset(
    deps=[articles],
    kinds={"python", "duckdb", "pandera"},
    pool=WRITER_POOL,
    group_name="extract",
    description="Casualty and strength claims (CLAIMS.md) of every article the current extractor has not read yet. "
                "Rows that fail ClaimSchema go to rejected with the reason; an article's claims are replaced in one "
                "transaction.",
)
def claims(context: dg.AssetExecutionContext, config: ExtractConfig, store: ClaimsStore) -> dg.MaterializeResult:
    read = stored = refused = 0
    with store.writer() as con:
        todo = writes.articles_to_extract(con, EXTRACTOR_VERSION)
    chunks = [todo[i:i + config.batch_size] for i in range(0, len(todo), config.batch_size)]
    workers = min(config.workers or default_workers(), len(chunks))

    # The file is held only to read or commit one batch, so analysts' queries get in between.
    def frames():
        for chunk in chunks:
            with store.writer() as con:
                texts = writes.article_texts(con, chunk)
            yield texts

    for batch in extract_batches(frames(), workers=workers, run_id=context.run.run_id):
        with store.writer() as con:
            writes.replace_claims(con, batch.extractions, batch.claims, batch.rejected)
        release_freed_memory()
        read += batch.extractions.height
        stored += batch.claims.height
        refused += batch.rejected.height
    with store.writer() as con:
        total = con.execute("SELECT count(*) FROM claims").fetchone()[0]
        preview = con.execute(
            "SELECT text, hedge, low, high, category, counted, source FROM claims WHERE run_id = ? LIMIT 10",
            [context.run.run_id]).pl()
    return dg.MaterializeResult(metadata={
        "extractor_version": EXTRACTOR_VERSION,
        "workers": max(workers, 1),
        "articles_read": read,
        "claims_stored": stored,
        "claims_rejected": refused,
        "dagster/row_count": total,
        "preview": markdown_table(preview),
    })


@dg.asset(
    deps=[articles, claims],
    kinds={"duckdb"},
    group_name="extract",
    description="Everything that could not become an article or a valid claim, with where it came from and why.",
)
def rejected(store: ClaimsStore) -> dg.MaterializeResult:
    with store.reader() as con:
        by_stage = con.execute("SELECT stage, count(*) AS n, sum(transient::INT) AS transient FROM rejected GROUP BY ALL ORDER BY n DESC").pl()
        latest = con.execute("SELECT location, stage, reason, times_seen FROM rejected ORDER BY last_seen_at DESC LIMIT 10").pl()
        total = con.execute("SELECT count(*) FROM rejected").fetchone()[0]
    return dg.MaterializeResult(metadata={
        "dagster/row_count": total,
        "by_stage": markdown_table(by_stage),
        "latest": markdown_table(latest),
    })


def _with_run(frame: pl.DataFrame, run_id: str) -> pl.DataFrame:
    return frame.with_columns(pl.lit(run_id, dtype=pl.String).alias("run_id"))


@dg.asset(
    deps=[claims],
    kinds={"python", "polars", "duckdb"},
    pool=WRITER_POOL,
    group_name="aggregate",
    description="Claims grouped by the fact they state: same category and scope, compatible group, side, place "
                "and numbers, reported within the window. Each row says which rule joined the claim.",
)
def claim_clusters(context: dg.AssetExecutionContext, config: AggregateConfig, store: ClaimsStore) -> dg.MaterializeResult:
    with store.writer() as con:
        claim_rows = con.execute(read_sql("queries/claims_for_aggregation.sql")).pl()
        clusters = cluster_claims(claim_rows, ClusterConfig(window_days=config.window_days))
        writes.replace_table(con, "claim_clusters", _with_run(clusters, context.run.run_id))
    sizes = clusters.group_by("cluster_id").len()
    return dg.MaterializeResult(metadata={
        "dagster/row_count": clusters.height,
        "clusters": sizes.height,
        "claims_in_multi_claim_clusters": int(sizes.filter(sizes["len"] > 1)["len"].sum() or 0),
        "window_days": config.window_days,
        "preview": markdown_table(clusters.filter(clusters["join_rule"] != "seed").select("cluster_id", "source_key", "join_rule")),
    })


@dg.asset(
    deps=[claim_clusters],
    kinds={"python", "polars", "duckdb"},
    pool=WRITER_POOL,
    group_name="aggregate",
    description="One figure per fact: low / best / high, the consensus interval, conflict, a conservative figure, "
                "and how many independent sources stand behind it. Rival sides' estimates are paired in rival_pairs.",
)
def estimates(context: dg.AssetExecutionContext, config: AggregateConfig, store: ClaimsStore) -> dg.MaterializeResult:
    settings = ClusterConfig(window_days=config.window_days)
    with store.writer() as con:
        claim_rows = con.execute(read_sql("queries/claims_for_aggregation.sql")).pl()
        clusters = con.execute("SELECT * EXCLUDE (run_id) FROM claim_clusters").pl()
        figures = estimate_clusters(claim_rows, clusters, settings)
        rivals = rival_claims(figures, settings)
        writes.replace_table(con, "estimates", _with_run(figures, context.run.run_id))
        writes.replace_table(con, "rival_pairs", _with_run(rivals.select("cluster_id_a", "cluster_id_b", "best_ratio"),
                                                           context.run.run_id))
        largest = con.execute(read_sql("queries/largest_estimates.sql")).pl()
    return dg.MaterializeResult(metadata={
        "dagster/row_count": figures.height,
        "conflicts": int(figures["conflict"].sum() or 0),
        "multi_source": int((figures["n_sources"] > 1).sum()),
        "rival_pairs": rivals.height,
        "largest": markdown_table(largest),
    })
