"""Invariants of clustering and estimates over random claim frames (hypothesis)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.aggregation import claims_frame, cluster_claims, estimate_clusters, rival_claims
from pipelines.aggregation.clustering import ClusterConfig, claim_infos
from pipelines.aggregation.frames import conform_claims, overlap

DAY0 = date(2031, 5, 10)
SOURCES = [
    None, "Russia's Defense Ministry", "MoD of Russia", "Ukrainian General Staff",
    "General Staff of the Armed Forces of Ukraine", "Outlet Alpha", "United Nations", "a local official",
]
OUTLETS = [None, "Outlet Alpha", "Outlet Beta", "TASS", "Relay One"]


@st.composite
def numbers(draw):
    hedge = draw(st.sampled_from(["exact", "approximate", "lower_bound", "upper_bound", "range", "vague", "vague_none"]))
    n = draw(st.integers(1, 300))
    if hedge == "exact":
        return dict(hedge=hedge, value=n, low=n, high=n, text=str(n))
    if hedge == "approximate":
        return dict(hedge=hedge, value=n, low=None, high=None, qualifier="about", text=f"about {n}")
    if hedge == "lower_bound":
        q = draw(st.sampled_from(["at least", "more than", "just over"]))
        return dict(hedge=hedge, value=n, low=n if q == "at least" else n + 1, high=None, qualifier=q, text=f"{q} {n}")
    if hedge == "upper_bound":
        q = draw(st.sampled_from(["up to", "almost"]))
        return dict(hedge=hedge, value=n, low=None, high=n if q == "up to" else n - 1, qualifier=q, text=f"{q} {n}")
    if hedge == "range":
        m = draw(st.integers(n, 400))
        return dict(hedge=hedge, value=None, low=n, high=m, text=f"{n}-{m}")
    if hedge == "vague":
        word, low = draw(st.sampled_from([("dozens", 24), ("hundreds", 200), ("several", 3)]))
        return dict(hedge=hedge, value=None, low=low, high=None, text=word)
    return dict(hedge="vague", value=None, low=None, high=None, text=draw(st.sampled_from(["many", "numerous"])))


@st.composite
def claim_rows(draw):
    k = draw(st.integers(0, 18))
    rows = []
    for i in range(k):
        row = dict(
            claim_id=f"c{i:02d}",
            article_id=f"a{draw(st.integers(0, 6))}",
            category=draw(st.sampled_from(["killed", "wounded", "casualties"])),
            scope=draw(st.sampled_from(["incident", "daily", "cumulative", None])),
            counted=draw(st.sampled_from(["soldiers", "troops", "civilians", "people", None])),
            affiliation=draw(st.sampled_from(["ukrainian", "russian", None])),
            location=draw(st.sampled_from(["Pokrovka", "Pokrovka region", "Ivanivka", None])),
            unit=draw(st.sampled_from([None, None, "1st Brigade", "2nd Brigade"])),
            source=draw(st.sampled_from(SOURCES)),
            outlet=draw(st.sampled_from(OUTLETS)),
            via=draw(st.lists(st.sampled_from(OUTLETS[1:]), max_size=2)),
            published=draw(st.one_of(st.none(), st.integers(0, 20).map(lambda d: DAY0 + timedelta(days=d)))),
            ingested_at=draw(st.one_of(st.none(), st.just(datetime(2031, 5, 20, 8, 0)))),
        )
        row.update(draw(numbers()))
        rows.append(row)
    return rows


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(claim_rows(), st.randoms(use_true_random=False))
def test_invariants(rows, rnd):
    df = claims_frame(rows)
    clusters = cluster_claims(df)
    est = estimate_clusters(df, clusters)
    ids = sorted(r["claim_id"] for r in rows)

    # every claim in exactly one cluster
    assert sorted(clusters["claim_id"]) == ids
    assert sorted(est["claim_ids"].explode().drop_nulls().to_list()) == ids
    assert est["cluster_id"].n_unique() == est.height == clusters["cluster_id"].n_unique()
    assert est["n_claims"].sum() == len(rows) if rows else est.height == 0

    for r in est.iter_rows(named=True):
        assert r["n_claims"] == len(r["claim_ids"]) >= 1
        assert 1 <= r["n_sources"] <= r["n_claims"]
        assert len(r["sources"]) == r["n_sources"]
        if r["best"] is not None:
            assert r["low"] <= r["best"] <= r["high"]
        assert (r["low"] is None) == (r["high"] is None)
        if r["low"] is not None:
            assert r["low"] <= r["high"]
        if r["consensus_low"] is not None and r["consensus_high"] is not None:
            assert r["consensus_low"] <= r["consensus_high"]
        if r["conflict"]:
            assert r["consensus_low"] is None and r["consensus_high"] is None
            assert r["spread"] == r["high"] - r["low"] > 0
        else:
            assert r["spread"] is None
        if r["first_reported"] is not None:
            assert (r["last_reported"] - r["first_reported"]).days <= ClusterConfig().window_days

    # members of a cluster agree on category, scope and side, and their number intervals meet
    infos = {c.claim_id: c for c in claim_infos(conform_claims(df), ClusterConfig())}
    for members in est["claim_ids"].to_list():
        ms = [infos[m] for m in members]
        assert len({(m.category, m.scope) for m in ms}) == 1
        assert len(set(clusters.filter(pl.col("claim_id").is_in(members))["side"].to_list())) == 1
        common = (None, None)
        for m in ms:
            if not m.numberless:
                common = overlap(common, m.compat)
                assert common is not None

    # the result does not depend on the order of the input rows
    shuffled = rows[:]
    rnd.shuffle(shuffled)
    assert cluster_claims(claims_frame(shuffled)).sort("claim_id").equals(clusters.sort("claim_id"))

    for r in rival_claims(est).iter_rows(named=True):
        assert r["side_a"] < r["side_b"]
