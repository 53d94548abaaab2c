"""Aggregation at scale without extracting first: cluster_claims and estimate_clusters on a synthetic corpus's gold.

    .venv/bin/python -m bench.aggregate --articles 100000 [--seed 100000]

The gold claims of pipelines.synth stand in for stored claims (the extractor finds nearly all of them, so the
frame has the same size and mix); each claim gets its article's published date from the article's
"date" line, a null outlet (ingestion reads none from these files) and a fixed ingested_at. Prints one
JSON line per figure, like bench.run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time

import polars as pl

from bench.memory import TreeSampler, hwm_mb
from pipelines.steps import short_hash
from pipelines.synth import iter_articles


def gold_claims(n_articles: int, seed: int) -> pl.DataFrame:
    rows = []
    ingested = dt.datetime(2025, 1, 1)
    for article_id, text, gold in iter_articles(n_articles, seed=seed):
        published = dt.date.fromisoformat(text.split("\ndate ", 1)[1][:10])
        aid = short_hash(article_id)
        for row in gold:
            rows.append({
                "claim_id": short_hash(aid, row["text"], row["occurrence"]), "article_id": aid, "text": row["text"],
                "value": row["value"], "low": row["low"], "high": row["high"], "hedge": row["hedge"],
                "qualifier": row["qualifier"], "category": row["category"], "counted": row["counted"],
                "affiliation": row["affiliation"], "unit": row["unit"], "location": row["location"],
                "source": row["source"], "via": row["via"], "scope": row["scope"], "outlet": None,
                "published": published, "ingested_at": ingested,
            })
    from pipelines.aggregation.frames import CLAIMS_SCHEMA

    return pl.DataFrame(rows, schema=CLAIMS_SCHEMA)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.aggregate", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=None, help="default: the article count, as bench.run uses")
    args = parser.parse_args(argv)
    from pipelines.aggregation import cluster_claims, estimate_clusters

    seed = args.articles if args.seed is None else args.seed
    command = " ".join([".venv/bin/python -m bench.aggregate", *(argv if argv is not None else sys.argv[1:])])
    with TreeSampler() as sampler:
        t = time.perf_counter()
        claims = gold_claims(args.articles, seed)
        build_s = time.perf_counter() - t
        print(json.dumps({"progress": "claims", "claims": claims.height, "seconds": round(build_s, 1)}), file=sys.stderr,
              flush=True)
        t = time.perf_counter()
        clusters = cluster_claims(claims)
        cluster_s = time.perf_counter() - t
        print(json.dumps({"progress": "clustered", "seconds": round(cluster_s, 1)}), file=sys.stderr, flush=True)
        t = time.perf_counter()
        estimates = estimate_clusters(claims, clusters)
        estimate_s = time.perf_counter() - t
    common = {"articles": args.articles, "claims": claims.height, "clusters": estimates.height,
              "input": "synthetic gold claims", "command": command}
    print(json.dumps({"figure": "aggregate_cluster_claims_s", "value": round(cluster_s, 3), "unit": "s", **common}))
    print(json.dumps({"figure": "aggregate_estimate_clusters_s", "value": round(estimate_s, 3), "unit": "s", **common}))
    print(json.dumps({"figure": "aggregate_peak_rss_mb", "value": round(sampler.peak_mb, 1), "unit": "MB",
                      "process_peak_mb": round(hwm_mb(), 1), **common}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
