"""The Dagster code location (`dagster dev` and `dg` find it through pyproject.toml)."""

import dagster as dg

from pipelines.defs.assets import articles, claims, rejected
from pipelines.defs.checks import pandera_table_check
from pipelines.defs.resources import ClaimsStore
from schemas import ArticleSchema, ClaimSchema, RejectedSchema

ASSETS = [articles, claims, rejected]
CHECKS = [
    pandera_table_check(articles, "articles", ArticleSchema),
    pandera_table_check(claims, "claims", ClaimSchema),
    pandera_table_check(rejected, "rejected", RejectedSchema, per_run=False),
]

all_assets = dg.define_asset_job("all_assets", selection=dg.AssetSelection.all(),
                                 description="Ingest, extract, validate, store and aggregate everything.")

defs = dg.Definitions(
    assets=ASSETS,
    asset_checks=CHECKS,
    jobs=[all_assets],
    resources={"store": ClaimsStore()},
)
