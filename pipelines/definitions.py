"""The Dagster code location (`dagster dev` and `dg` find it through pyproject.toml)."""

import dagster as dg

from pipelines.defs.automation import all_assets, feeds_schedule, inbox_sensor
from pipelines.defs.assets import articles, claim_clusters, claims, estimates, rejected
from pipelines.defs.checks import pandera_table_check
from pipelines.defs.resources import ClaimsStore
from schemas import ArticleSchema, ClaimSchema, ClusterSchema, EstimateSchema, RejectedSchema, RivalPairSchema

ASSETS = [articles, claims, rejected, claim_clusters, estimates]
CHECKS = [
    pandera_table_check(articles, "articles", ArticleSchema),
    pandera_table_check(claims, "claims", ClaimSchema),
    pandera_table_check(rejected, "rejected", RejectedSchema, per_run=False),
    pandera_table_check(claim_clusters, "claim_clusters", ClusterSchema),
    pandera_table_check(estimates, "estimates", EstimateSchema),
    pandera_table_check(estimates, "rival_pairs", RivalPairSchema),
]

defs = dg.Definitions(
    assets=ASSETS,
    asset_checks=CHECKS,
    jobs=[all_assets],
    sensors=[inbox_sensor],
    schedules=[feeds_schedule],
    resources={"store": ClaimsStore()},
)
