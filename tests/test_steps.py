"""The steps behind the assets, without Dagster: validation sends bad claim rows to rejected."""

import polars as pl

from pipelines import steps
from pipelines.extraction import Claim
from schemas import ClaimSchema


def _article(text):
    return pl.DataFrame({"article_id": ["00000000000000aa"], "name": ["a"], "text": [text]})


def test_a_claim_row_that_fails_its_schema_goes_to_rejected(monkeypatch):
    good = Claim("12", 0, 2, 12, 12, 12, "exact", None, "killed", "soldiers", None, None, None, None, (), "incident", "12 soldiers died.")
    # An exact claim whose bounds disagree with its value: the hedge table forbids it.
    bad = Claim("40", 20, 22, 40, None, 39, "exact", None, "killed", "people", None, None, None, None, (), "incident", "40 died.")
    monkeypatch.setattr(steps, "extract", lambda text: [good, bad])
    batch = steps.extract_articles(_article("12 soldiers died. 40 died."))
    assert batch.claims["text"].to_list() == ["12"]
    assert batch.rejected.height == 1
    row = batch.rejected.row(0, named=True)
    assert row["stage"] == "validate" and "hedge" in row["reason"] and row["article_id"] == "00000000000000aa"
    assert batch.extractions.select("n_claims", "n_rejected").row(0) == (1, 1)


def test_validate_reports_every_reason_per_row():
    rows = steps.frame([], ClaimSchema)
    valid, failures = steps.validate(rows, ClaimSchema)
    assert valid.height == 0 and failures.height == 0


def test_claim_ids_are_stable_and_depend_on_the_extractor_version():
    assert steps.claim_id("a", 1, 2, "0.1") == steps.claim_id("a", 1, 2, "0.1")
    assert steps.claim_id("a", 1, 2, "0.1") != steps.claim_id("a", 1, 2, "0.2")
