"""cluster_claims: what joins, what stays apart, and why."""

from __future__ import annotations

import random
from datetime import datetime

import polars as pl
import pytest

from pipelines.aggregation import ClusterConfig, cluster_claims, estimate_clusters
from pipelines.aggregation.clustering import cluster_id_of


def _clusters(frame, *rows, config=ClusterConfig()):
    df = frame(*rows)
    clusters = cluster_claims(df, config)
    return df, clusters, estimate_clusters(df, clusters, config)


def _n_clusters(clusters: pl.DataFrame) -> int:
    return clusters["cluster_id"].n_unique()


def test_relay_through_several_outlets_is_one_source(claim, frame):
    _, clusters, est = _clusters(
        frame,
        claim("c1", 37, source="Russia's Defense Ministry", outlet="TASS"),
        claim("c2", 37, source="Russian Ministry of Defence", outlet="Newsweek", via=["TASS"], day=1),
        claim("c3", 37, source="MoD of Russia", outlet="The Guardian", via=["Reuters", "TASS"], day=2),
    )
    assert _n_clusters(clusters) == 1
    row = est.row(0, named=True)
    assert (row["n_claims"], row["n_sources"]) == (3, 1)
    assert row["sources"] == ["russia:defence ministry"]
    assert row["outlets"] == ["guardian", "newsweek", "reuters", "tass"]
    assert clusters["join_rule"].to_list() == [
        "seed",
        "same source relay (russia:defence ministry); same figure 37 with c1",
        "same source relay (russia:defence ministry); same figure 37 with c1",
    ]


def test_source_that_relays_another_is_not_independent(claim, frame):
    # "according to Outlet Alpha" next to the UN's figure carried by Outlet Alpha: one source
    _, clusters, est = _clusters(
        frame,
        claim("c1", 37, source="United Nations", outlet="Outlet Alpha"),
        claim("c2", 37, source="Outlet Alpha", outlet="Outlet Beta", day=1),
        claim("c3", 37, source="Outlet Beta", outlet="Outlet Gamma", day=1),
    )
    assert _n_clusters(clusters) == 1
    assert est["n_sources"].to_list() == [1]
    assert est["sources"][0].to_list() == ["united nations"]
    assert clusters["join_rule"][1] == "relay of united nations via outlet alpha; same figure 37 with c1"


def test_relayer_named_as_source_keeps_no_side(claim, frame):
    # limitation: "according to TASS" has no side of its own, so it does not join the
    # ministry's cluster (sides never mix); it stands as a third-party cluster
    _, clusters, est = _clusters(
        frame,
        claim("c1", 37, source="Russia's Defense Ministry", outlet="TASS"),
        claim("c2", 37, source="TASS", outlet="outlet-y", day=1),
    )
    assert clusters["side"].to_list() == ["russia", None]
    assert _n_clusters(clusters) == 2


def test_same_number_from_two_independent_sources(claim, frame):
    _, clusters, est = _clusters(
        frame,
        claim("c1", 12, source="Ukrainian General Staff", affiliation=None, outlet="outlet-x"),
        claim("c2", 12, source="President Volodymyr Zelensky", affiliation=None, outlet="outlet-y", day=1),
    )
    assert _n_clusters(clusters) == 1
    row = est.row(0, named=True)
    assert (row["n_claims"], row["n_sources"]) == (2, 2)
    assert row["sources"] == ["ukraine:general staff", "volodymyr zelensky"]
    assert row["side"] == "ukraine"


def test_own_voice_counts_as_the_outlets_source(claim, frame):
    _, clusters, est = _clusters(
        frame,
        claim("c1", 9, source=None, outlet="Outlet Alpha", affiliation=None),
        claim("c2", 9, source=None, outlet="Outlet Alpha", affiliation=None, day=1),
        claim("c3", 9, source=None, outlet="Outlet Beta", affiliation=None, day=1),
        claim("c4", 9, source=None, outlet=None, affiliation=None, day=2),
    )
    assert _n_clusters(clusters) == 1
    assert clusters["side"].to_list() == [None] * 4
    assert est["sources"][0].to_list() == ["article:art-c4", "outlet alpha", "outlet beta"]


# The second claim differs from c1 (37 killed Ukrainian soldiers, incident at Pokrovka,
# by Russia's MoD, day 0) only by these fields.
APART = [
    ("other category", dict(category="wounded")),
    ("daily vs incident", dict(scope="daily")),
    ("cumulative vs incident", dict(scope="cumulative")),
    ("opposing side", dict(source="Ukrainian General Staff")),
    ("third party vs party", dict(source="Reuters")),
    ("civilians vs soldiers", dict(counted="civilians")),
    ("other location", dict(location="Ivanivka")),
    ("other unit", dict(unit="44th Brigade", __first=dict(unit="12th Brigade"))),
    ("other affiliation", dict(affiliation="russian")),
    ("outside the window", dict(day=8)),
    ("exact figures differ", dict(value=38, low=38, high=38)),
    ("exact and far approximate", dict(hedge="approximate", value=50, low=None, high=None)),
    ("up to 30 vs 37", dict(hedge="upper_bound", value=30, low=None, high=30)),
    ("more than 40 vs 37", dict(hedge="lower_bound", value=40, low=41, high=None)),
    ("small figure, no shared source, place or unit", dict(source="Russian General Staff", location=None)),
]

TOGETHER = [
    ("troops vs soldiers", dict(counted="troops")),
    ("servicemen vs soldiers", dict(counted="military personnel")),
    ("people is generic", dict(counted="people")),
    ("no location", dict(location=None)),
    ("wider location", dict(location="Pokrovka, Donetsk Oblast")),
    ("no affiliation", dict(affiliation=None)),
    ("inside the window", dict(day=7)),
    ("ingested_at when no published", dict(published=None, ingested_at=datetime(2031, 5, 12, 9, 30))),
    ("at least 30", dict(hedge="lower_bound", value=30, low=30, high=None)),
    ("about 40", dict(hedge="approximate", value=40, low=None, high=None)),
    ("range 30-40", dict(hedge="range", value=None, low=30, high=40)),
    ("dozens", dict(hedge="vague", text="dozens", value=None, low=24, high=None)),
    ("many (no figure)", dict(hedge="vague", text="many", value=None, low=None, high=None)),
]


@pytest.mark.parametrize("name, change", APART, ids=[a for a, _ in APART])
def test_apart(claim, frame, name, change):
    change = dict(change)
    first = claim("c1", 37, **change.pop("__first", {}))
    _, clusters, _ = _clusters(frame, first, claim("c2", 37, **change))
    assert _n_clusters(clusters) == 2, name
    assert clusters["join_rule"].to_list() == ["seed", "seed"]


@pytest.mark.parametrize("name, change", TOGETHER, ids=[a for a, _ in TOGETHER])
def test_together(claim, frame, name, change):
    _, clusters, _ = _clusters(frame, claim("c1", 37), claim("c2", 37, **change))
    assert _n_clusters(clusters) == 1, name


def test_a_large_figure_is_evidence_of_one_event_without_a_shared_source_or_place(claim, frame):
    first = claim("c1", 7000, location=None)
    _, clusters, _ = _clusters(frame, first, claim("c2", 7000, source="Russian General Staff", location=None))
    assert _n_clusters(clusters) == 1


def test_almost_40_and_at_least_37_agree_on_37_to_39(claim, frame):
    _, clusters, est = _clusters(
        frame,
        claim("c1", 40, "almost", source="Russia's Defense Ministry", counted="servicemen"),
        claim("c2", 37, "at least", source="Russian Defence Ministry spokesman Igor Konashenkov", counted="soldiers", day=2),
    )
    assert _n_clusters(clusters) == 1
    assert clusters["join_rule"][1] == "same source relay (russia:defence ministry); compatible bounds 37..39 with c1"
    row = est.row(0, named=True)
    assert (row["consensus_low"], row["consensus_high"], row["conflict"]) == (37, 39, False)
    assert (row["low"], row["best"], row["high"], row["spread"]) == (37, 38, 39, None)
    assert row["counted"] == "soldiers"


def test_approximate_tolerance_joins_conflicting_figures(claim, frame):
    # "about 40" reaches 45 through its +-15% band: one cluster, but the figures conflict
    _, clusters, est = _clusters(frame, claim("c1", 40, "about"), claim("c2", 45, day=1))
    assert _n_clusters(clusters) == 1
    assert clusters["join_rule"][1] == "same source relay (russia:defence ministry); within tolerance 45..45, figures conflict with c1"
    row = est.row(0, named=True)
    assert row["conflict"] is True
    assert (row["consensus_low"], row["consensus_high"]) == (None, None)
    assert (row["low"], row["high"], row["spread"]) == (40, 45, 5)
    assert row["low"] <= row["best"] <= row["high"]
    assert row["conservative"] == 40  # the lower of conflicting figures


def test_disjoint_exact_figures_do_not_join(claim, frame):
    # no tolerance for exact figures: 40 and 45 are two claims, possibly an updated toll
    _, clusters, est = _clusters(frame, claim("c1", 40), claim("c2", 45, day=1))
    assert _n_clusters(clusters) == 2
    assert est["conflict"].to_list() == [False, False]


def test_window_does_not_chain(claim, frame):
    # day 0 and day 6 join; day 12 is within 7 days of day 6 but not of day 0
    _, clusters, _ = _clusters(frame, claim("c1", 37), claim("c2", 37, day=6), claim("c3", 37, day=12))
    ids = clusters.sort("claim_id")["cluster_id"].to_list()
    assert ids[0] == ids[1] != ids[2]


def test_window_days_is_configurable(claim, frame):
    rows = (claim("c1", 37), claim("c2", 37, day=10))
    assert _n_clusters(_clusters(frame, *rows)[1]) == 2
    assert _n_clusters(_clusters(frame, *rows, config=ClusterConfig(window_days=14))[1]) == 1


def test_claims_join_only_compatible_with_every_member(claim, frame):
    # 30..40 and "at least 38" agree on 38..40; 33 fits 30..40 but not "at least 38"
    _, clusters, est = _clusters(
        frame,
        claim("c1", None, hedge="range", low=30, high=40),
        claim("c2", 38, "at least", day=1),
        claim("c3", 33, day=2),
    )
    ids = clusters.sort("claim_id")["cluster_id"].to_list()
    assert ids[0] == ids[1] != ids[2]


def test_claim_picks_the_best_scoring_cluster(claim, frame):
    # "about 38" (32..44) fits both the cluster of 37 and that of 40, equally well in
    # numbers and time; it goes to the one with its own source, not the older one
    _, clusters, _ = _clusters(
        frame,
        claim("c1", 37),
        claim("c2", 40, source="Russian officials"),
        claim("c3", 38, "about", source="Russian officials", day=1),
    )
    by_id = dict(zip(clusters["claim_id"], clusters["cluster_id"]))
    assert by_id["c3"] == by_id["c2"] != by_id["c1"]
    row = clusters.filter(pl.col("claim_id") == "c3").row(0, named=True)
    assert row["join_rule"] == "same source relay (russia:officials); within tolerance 40..40, figures conflict with c2"
    assert 0 < row["join_score"] < 1


def test_ties_go_to_the_older_cluster(claim, frame):
    _, clusters, _ = _clusters(frame, claim("c1", 37), claim("c2", 40), claim("c3", 38, "about", day=1))
    by_id = dict(zip(clusters["claim_id"], clusters["cluster_id"]))
    assert by_id["c3"] == by_id["c1"] != by_id["c2"]


def test_vague_claim_without_figure_joins_a_cluster_with_one(claim, frame):
    # "many", reported first, still goes to the figure's cluster rather than seeding its own
    _, clusters, est = _clusters(
        frame,
        claim("c0", None, hedge="vague", text="many", day=0),
        claim("c1", 37, day=1),
    )
    assert _n_clusters(clusters) == 1
    assert clusters.filter(pl.col("claim_id") == "c0")["join_rule"][0].endswith("; vague without figure, placed with the figures of c1")
    assert est["claim_ids"][0].to_list() == ["c0", "c1"]
    assert est["best"][0] == 37


def test_vague_claims_alone_form_their_own_cluster(claim, frame):
    _, clusters, est = _clusters(
        frame,
        claim("c1", None, hedge="vague", text="many"),
        claim("c2", None, hedge="vague", text="numerous", day=1),
    )
    assert _n_clusters(clusters) == 1
    row = est.row(0, named=True)
    assert (row["low"], row["best"], row["high"], row["conservative"]) == (None, None, None, None)


def test_cluster_id_is_hash_of_seed_and_order_independent(claim, frame):
    rows = [claim(f"c{i}", 37 + (i % 3) * 10, day=i % 5, source=["Russia's Defense Ministry", "Reuters"][i % 2]) for i in range(12)]
    base = cluster_claims(frame(*rows)).sort("claim_id")
    shuffled = rows[:]
    random.Random(3).shuffle(shuffled)
    assert cluster_claims(frame(*shuffled)).sort("claim_id").equals(base)
    seeds = base.filter(pl.col("join_rule") == "seed")
    assert seeds["cluster_id"].to_list() == [cluster_id_of(c) for c in seeds["claim_id"]]


def test_every_claim_once(claim, frame):
    rows = [claim(f"c{i}", 30 + i) for i in range(5)]
    clusters = cluster_claims(frame(*rows))
    assert sorted(clusters["claim_id"]) == [f"c{i}" for i in range(5)]


def test_empty_frame(frame):
    clusters = cluster_claims(frame())
    assert clusters.height == 0 and clusters.columns[:2] == ["claim_id", "cluster_id"]
    assert estimate_clusters(frame(), clusters).height == 0


def test_missing_optional_columns_are_nulls():
    df = pl.DataFrame({"claim_id": ["c1", "c2"], "article_id": ["a1", "a2"], "value": [500, 500], "hedge": ["exact", "exact"]})
    assert _n_clusters(cluster_claims(df)) == 1


@pytest.mark.parametrize(
    "df",
    [
        pl.DataFrame({"claim_id": ["c1", "c1"], "article_id": ["a1", "a2"]}),
        pl.DataFrame({"claim_id": ["c1", None], "article_id": ["a1", "a2"]}),
        pl.DataFrame({"article_id": ["a1"]}),
    ],
)
def test_bad_ids_raise(df):
    with pytest.raises(ValueError):
        cluster_claims(df)


def test_dates_as_iso_text_are_read():
    df = pl.DataFrame(
        {
            "claim_id": ["c1", "c2", "c3"],
            "article_id": ["a1", "a2", "a3"],
            "value": [500, 500, 500],
            "hedge": ["exact"] * 3,
            "published": ["2031-01-01", "2031-01-20", None],
            "ingested_at": ["2031-01-02T10:00:00", "2031-01-21T00:00:00", "2031-01-19T10:00:00"],
        }
    )
    by_id = dict(cluster_claims(df).select("claim_id", "cluster_id").iter_rows())
    assert by_id["c2"] == by_id["c3"] != by_id["c1"]
