"""estimate_clusters and rival_claims on small invented clusters."""

from __future__ import annotations

import polars as pl
import pytest

from pipelines.aggregation import ClusterConfig, ESTIMATES_SCHEMA, RIVALS_SCHEMA, cluster_claims, estimate_clusters, rival_claims


def _estimates(frame, *rows):
    df = frame(*rows)
    return estimate_clusters(df, cluster_claims(df))


def test_schema(claim, frame):
    est = _estimates(frame, claim("c1", 37))
    assert est.schema == pl.Schema(ESTIMATES_SCHEMA)


# one cluster each: (claims as (n, how, extra fields)), expected (low, best, high, consensus_low, consensus_high, conflict, conservative)
ESTIMATES = [
    ("one exact", [(37, "exact", {})], (37, 37, 37, 37, 37, False, 37)),
    ("at least alone", [(37, "at least", {})], (37, 37, 37, 37, None, False, 37)),
    ("up to alone", [(250, "up to", {})], (250, 250, 250, None, 250, False, None)),
    ("almost + at least", [(40, "almost", {}), (37, "at least", {})], (37, 38, 39, 37, 39, False, 37)),
    ("range + exact", [(None, "exact", dict(hedge="range", value=None, low=30, high=40)), (35, "exact", {})], (35, 35, 35, 35, 35, False, 35)),
    ("about + exact conflict", [(40, "about", {}), (45, "exact", {})], (40, 43, 45, None, None, True, 40)),
    ("dozens alone", [(None, "exact", dict(hedge="vague", text="dozens", value=None, low=24))], (24, 24, 24, 24, None, False, 12)),
    ("hundreds alone", [(None, "exact", dict(hedge="vague", text="Hundreds", value=None, low=200))], (200, 200, 200, 200, None, False, 100)),
    ("thousands alone", [(None, "exact", dict(hedge="vague", text="thousands", value=None, low=2000))], (2000, 2000, 2000, 2000, None, False, 1000)),
    ("dozens + 30", [(None, "exact", dict(hedge="vague", text="dozens", value=None, low=24)), (30, "exact", {})], (30, 30, 30, 30, 30, False, 30)),
    ("many alone", [(None, "exact", dict(hedge="vague", text="many", value=None))], (None, None, None, None, None, False, None)),
]


@pytest.mark.parametrize("name, claims, expected", ESTIMATES, ids=[e[0] for e in ESTIMATES])
def test_estimate_table(claim, frame, name, claims, expected):
    rows = [claim(f"c{i}", n, how, day=i, **extra) for i, (n, how, extra) in enumerate(claims)]
    est = _estimates(frame, *rows)
    assert est.height == 1, name
    got = est.select("low", "best", "high", "consensus_low", "consensus_high", "conflict", "conservative").row(0)
    assert got == expected
    row = est.row(0, named=True)
    assert row["spread"] == (row["high"] - row["low"] if row["conflict"] else None)


def test_estimate_describes_the_cluster(claim, frame):
    est = _estimates(
        frame,
        claim("c2", 37, location="Pokrovka", counted="people", day=3, outlet="Outlet Beta"),
        claim("c1", 37, location="Pokrovka, Donetsk Oblast", counted="troops", outlet="Outlet Alpha", via=["Relay One"]),
    )
    row = est.row(0, named=True)
    assert row["claim_ids"] == ["c1", "c2"]
    assert (row["category"], row["scope"], row["side"]) == ("killed", "incident", "russia")
    assert (row["counted"], row["affiliation"], row["location"]) == ("soldiers", "ukraine", "pokrovka donetsk region")
    assert row["outlets"] == ["outlet alpha", "outlet beta", "relay one"]
    assert (row["first_reported"].day, row["last_reported"].day) == (10, 13)
    assert (row["n_claims"], row["n_sources"]) == (2, 1)


def test_rows_follow_the_first_claim(claim, frame):
    est = _estimates(frame, claim("c1", 37, day=2), claim("c2", 99, day=0), claim("c3", 5, day=1))
    assert [ids[0] for ids in est["claim_ids"].to_list()] == ["c2", "c3", "c1"]


# Russia's MoD and Ukraine's General Staff about the same strike on invented "Pokrovka".
def _rival_rows(claim):
    return [
        claim("r1", 120, "up to", source="Russian Ministry of Defence", outlet="TASS", day=0),
        claim("r2", 110, "more than", source="MoD of Russia", outlet="Outlet Gamma", via=["TASS"], day=1),
        claim("u1", 9, source="General Staff of the Armed Forces of Ukraine", outlet="Outlet Delta", day=1),
        claim("u2", 9, source="Ukrainian General Staff", outlet="Outlet Epsilon", day=2),
    ]


def test_rival_claims_side_by_side(claim, frame):
    est = _estimates(frame, *_rival_rows(claim))
    assert sorted(est["side"].to_list()) == ["russia", "ukraine"]
    rivals = rival_claims(est)
    assert rivals.schema == pl.Schema(RIVALS_SCHEMA)
    assert rivals.height == 1
    row = rivals.row(0, named=True)
    assert (row["category"], row["scope"], row["counted"], row["location"]) == ("killed", "incident", "soldiers", "pokrovka")
    assert (row["side_a"], row["side_b"]) == ("russia", "ukraine")
    assert (row["low_a"], row["best_a"], row["high_a"], row["n_sources_a"]) == (111, 116, 120, 1)
    assert row["sources_a"] == ["russia:defence ministry"]
    assert (row["low_b"], row["best_b"], row["high_b"], row["n_sources_b"]) == (9, 9, 9, 1)
    assert row["sources_b"] == ["ukraine:general staff"]
    assert row["best_ratio"] == pytest.approx(116 / 9)


@pytest.mark.parametrize(
    "name, change",
    [
        ("other place", dict(location="Ivanivka")),
        ("other scope", dict(scope="daily")),
        ("other category", dict(category="wounded")),
        ("other people", dict(counted="civilians")),
        ("weeks later", dict(day=30)),
        ("same side", dict(source="Russia's Defense Ministry")),
        ("third party", dict(source="Institute for the Study of War")),
    ],
)
def test_not_rivals(claim, frame, name, change):
    rows = [claim("r1", 120, source="Russia's Defense Ministry"), claim("u1", 9, **{"source": "Ukrainian General Staff", **change})]
    est = _estimates(frame, *rows)
    assert rival_claims(est).height == 0, name


def test_rival_window_is_configurable(claim, frame):
    rows = [claim("r1", 120), claim("u1", 9, source="Ukrainian General Staff", day=10)]
    est = _estimates(frame, *rows)
    assert rival_claims(est).height == 0
    assert rival_claims(est, ClusterConfig(window_days=14)).height == 1
