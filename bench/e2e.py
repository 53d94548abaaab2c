"""One end-to-end run on a corpus folder, meant to run in a fresh process (`bench.run` starts one per size).

    .venv/bin/python -m bench.e2e --corpus /tmp/synth_10000 --db /tmp/e2e.duckdb [--workers 2] [--aggregate]

Stages, as the pipeline runs them, in bounded batches so memory does not grow with the corpus:

1. ingest: `steps.ingest` on batches of `--ingest-batch` article files; each batch is stored at once
   (`writes.upsert_articles`, `writes.upsert_rejected`) into a fresh DuckDB file (`store.connect` migrates it).
2. extract + validate: articles streamed from DuckDB in record batches of `--extract-batch`, run through
   `steps.extract_articles` (extractor + pandera ClaimSchema) in `--workers` processes
   (pipelines.parallel.ParallelExtractor); each result committed with `writes.replace_claims`.
3. aggregate (optional): the stored claims with outlet/published/ingested_at of their article,
   `aggregation.cluster_claims` then `estimate_clusters`, when those exist.

Prints one JSON object: seconds per stage, articles/s, claims, and memory (peak RSS of this process, of
the largest worker, and the sampled peak of the whole process tree).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import polars as pl

from bench.memory import TreeSampler, hwm_mb, tree_rss_mb
from pipelines.parallel import ParallelExtractor
from pipelines import steps
from pipelines.extraction import EXTRACTOR_VERSION
from pipelines.store import connect, writes

_TO_EXTRACT = """SELECT a.article_id, a.name, a.text FROM articles AS a
                 LEFT JOIN extractions AS e USING (article_id)
                 WHERE e.extractor_version IS DISTINCT FROM ?"""
_FOR_AGGREGATION = """SELECT c.claim_id, c.article_id, c.text, c.value, c.low, c.high, c.hedge, c.qualifier, c.category,
       c.counted, c.affiliation, c.unit, c.location, c.source, c.via, c.scope, a.outlet, a.published, a.ingested_at
FROM claims AS c JOIN articles AS a USING (article_id) ORDER BY c.claim_id"""


def _progress(stage: str, done: int, total: int, started: float, sampler: TreeSampler, con) -> None:
    """A JSON progress line on stderr: what a run cut short by a time limit still tells."""
    duck = con.execute("SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory()").fetchone()[0]
    print(json.dumps({"progress": stage, "done": done, "total": total, "elapsed_s": round(time.perf_counter() - started, 2),
                      "tree_rss_mb": round(tree_rss_mb(), 1), "peak_tree_rss_mb": round(sampler.peak_mb, 1),
                      "duckdb_mb": round(duck / 1e6, 1)}), file=sys.stderr, flush=True)


def _chunks(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def aggregation_functions():
    """(cluster_claims, estimate_clusters) when the aggregation library has them, else None."""
    try:
        from pipelines.aggregation import cluster_claims, estimate_clusters
    except ImportError:
        return None
    return cluster_claims, estimate_clusters


def run(corpus: Path, db: Path, *, workers: int = 2, ingest_batch: int = 2000, extract_batch: int = 500,
        aggregate: bool = False, aggregate_max_claims: int | None = None) -> dict:
    files = sorted(str(p) for p in (corpus / "articles").glob("*.txt"))
    out: dict = {"articles_in": len(files), "workers": workers, "ingest_batch": ingest_batch,
                 "extract_batch": extract_batch}
    run_id, now = "bench", steps.utc_now()
    if db.exists():
        db.unlink()
    t_all = time.perf_counter()
    with TreeSampler() as sampler:
        with connect(db) as con:
            ingest_s = store_articles_s = 0.0
            corpus_bytes = ingested = 0
            for chunk in _chunks(files, ingest_batch):
                t = time.perf_counter()
                batch = steps.ingest(chunk, run_id=run_id, now=now)
                ingest_s += time.perf_counter() - t
                corpus_bytes += int(batch.articles["text"].str.len_bytes().sum() or 0)
                t = time.perf_counter()
                writes.upsert_articles(con, batch.articles, batch.locations)
                writes.upsert_rejected(con, batch.rejected)
                store_articles_s += time.perf_counter() - t
                ingested += len(chunk)
                _progress("ingest", ingested, len(files), t_all, sampler, con)
            out["ingest_s"], out["store_articles_s"] = ingest_s, store_articles_s
            out["corpus_mb"] = corpus_bytes / 1e6
            out["articles"] = con.execute("SELECT count(*) FROM articles").fetchone()[0]
            out["rss_after_ingest_mb"] = sampler.peak_mb

            t_stage = time.perf_counter()
            store_claims_s = 0.0
            reader = con.cursor()
            stream = reader.execute(_TO_EXTRACT, [EXTRACTOR_VERSION]).to_arrow_reader(extract_batch)
            article_batches = (pl.from_arrow(rb) for rb in stream)
            extracted = 0
            with ParallelExtractor(workers) as pool:
                for result in pool.map(article_batches, run_id=run_id, now=now):
                    t = time.perf_counter()
                    writes.replace_claims(con, result.extractions, result.claims, result.rejected)
                    store_claims_s += time.perf_counter() - t
                    extracted += result.extractions.height
                    if pool.batches % 10 == 0:
                        _progress("extract", extracted, out["articles"], t_all, sampler, con)
                out["extract_worker_s"] = pool.worker_seconds
                worker_peaks = [hwm_mb(pid) for pid in pool.pids()]
            reader.close()
            stage_s = time.perf_counter() - t_stage
            out["extract_validate_store_s"] = stage_s
            out["store_claims_s"] = store_claims_s
            out["extract_validate_s"] = stage_s - store_claims_s  # wall time not spent committing
            out["claims"] = con.execute("SELECT count(*) FROM claims").fetchone()[0]
            out["rejected"] = con.execute("SELECT count(*) FROM rejected").fetchone()[0]
            out["end_to_end_s"] = time.perf_counter() - t_all
            out["rss_after_extract_mb"] = sampler.peak_mb
            out["duckdb_mb_after_extract"] = con.execute(
                "SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory()").fetchone()[0] / 1e6
            out["db_mb"] = db.stat().st_size / 1e6
            out["peak_rss_main_mb"] = hwm_mb()
            out["peak_rss_worker_mb"] = max(worker_peaks, default=0.0)
            # everything but aggregation, in case a time limit stops the run during it
            print(json.dumps({"progress": "stored", **out}), file=sys.stderr, flush=True)

            functions = aggregation_functions() if aggregate else None
            if aggregate and functions is None:
                out["aggregate"] = "skipped: pipelines.aggregation has no cluster_claims/estimate_clusters"
            elif functions is not None:
                if aggregate_max_claims is not None and out["claims"] > aggregate_max_claims:
                    out["aggregate"] = f"skipped: {out['claims']} claims > --aggregate-max-claims {aggregate_max_claims}"
                else:
                    cluster_claims, estimate_clusters = functions
                    t = time.perf_counter()
                    claims = con.execute(_FOR_AGGREGATION).pl()
                    out["aggregate_read_s"] = time.perf_counter() - t
                    print(json.dumps({"progress": "aggregate", "claims": claims.height}), file=sys.stderr, flush=True)
                    t = time.perf_counter()
                    clusters = cluster_claims(claims)
                    out["cluster_s"] = time.perf_counter() - t
                    t = time.perf_counter()
                    estimates = estimate_clusters(claims, clusters)
                    out["estimate_s"] = time.perf_counter() - t
                    out["clusters"] = estimates.height
    out["db_mb"] = db.stat().st_size / 1e6
    out["peak_rss_main_mb"] = hwm_mb()  # VmHWM: this process only, aggregation included
    out["peak_rss_worker_mb"] = max(worker_peaks, default=0.0)  # the largest extraction worker
    out["peak_rss_tree_mb"] = sampler.peak_mb
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.e2e", description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--ingest-batch", type=int, default=2000)
    parser.add_argument("--extract-batch", type=int, default=500)
    parser.add_argument("--aggregate", action="store_true")
    parser.add_argument("--aggregate-max-claims", type=int, default=None)
    args = parser.parse_args(argv)
    result = run(args.corpus, args.db, workers=args.workers, ingest_batch=args.ingest_batch,
                 extract_batch=args.extract_batch, aggregate=args.aggregate,
                 aggregate_max_claims=args.aggregate_max_claims)
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
