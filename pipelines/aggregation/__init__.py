"""Aggregating casualty claims across articles without counting a relayed figure twice.

Pure functions over polars frames (no Dagster, no DuckDB). Field names are those of
``/work/shared/CLAIMS.md``; the input has one row per claim with the columns of
``frames.CLAIMS_SCHEMA`` (missing optional columns are read as nulls).

    clusters  = cluster_claims(claims)                # one row per claim
    estimates = estimate_clusters(claims, clusters)   # one row per cluster
    rivals    = rival_claims(estimates)               # opposing sides' estimates, paired

Words (country adjectives, institution synonyms, titles, counted groups, sides, the
vague-quantity table) live in ``data/lexicon.toml`` beside this file.

How sources are keyed
---------------------
* ``normalize_source`` gives one key per speaker: ``Russia's Defense Ministry``,
  ``MoD of Russia`` and ``the Russian defence ministry`` are all
  ``russia:defence ministry``; a spokesman of, or briefing by, an institution is the
  institution; a titled person is their name (``volodymyr zelensky``).
* A claim with no source is the article's own voice: its source is the outlet
  (``reuters``), or ``article:<id>`` if the outlet is unknown. Its side is None.
* ``side_of`` says which party a source speaks for (``russia``, ``ukraine``, ...) from
  the lexicon; outlets, NGOs and third countries have no side (None).

Clustering rules (``cluster_claims``)
-------------------------------------
A cluster is one figure about one thing as put about by one side. A claim joins a
cluster only if it is compatible with **every** claim already in it:

1. Same ``category`` (killed, wounded, ...) and same ``scope``. A daily figure, an
   incident toll and a war-long total never merge, and nothing is ever added up.
2. Same side. Claims by opposing parties never merge, so they show up as rivals.
   Third-party and own-voice claims (side None) cluster only with each other.
3. Compatible counted group: plurals and synonyms are folded (soldiers = troops =
   servicemen = military personnel; militants = fighters), ``people`` and a missing
   group go with any group; civilians and soldiers do not.
4. Compatible affiliation, unit and location: a missing value goes with anything;
   otherwise equal after folding (case, accents, ``the``, ``Oblast`` = ``region``,
   ``Kharkov`` = ``Kharkiv``), or all words of one appear in the other
   (``Kharkiv`` with ``Kharkiv region``; not ``Kharkiv region`` with ``Kharkiv city``).
5. Reported close in time: all report dates of the cluster (``published``, else the
   day of ``ingested_at``) lie within ``window_days`` (7) of each other. A claim with
   no date at all is not limited by time.
6. Compatible numbers: the claim's interval overlaps the intervals of all claims in
   the cluster. The interval is what the wording states (CLAIMS.md: ``almost 40`` is
   ..39, ``at least 37`` is 37..; a missing bound is open), widened in two cases:
   an approximate figure gets +-15% (``about 500`` -> 425..575), and a *near* bound
   gets its open side closed at 15% (``almost 40`` -> 34..39, ``just over 90`` ->
   91..104). So ``almost 40`` and ``at least 37`` about the same soldiers form one
   cluster, agreed on 37..39; ``37`` and ``38`` (both exact) stay apart, and so do
   ``at least 50`` and ``up to 40``.
7. Evidence of the same event: beyond nothing contradicting it, the claim shares or
   relays a source of the cluster, or names the same place or unit as one of its
   claims, or its figure is at least ``distinctive_figure`` (100): two unrelated
   "4 killed" reports stay apart, two outlets' "more than 7,000 missing" join.
8. Claims with no figure at all (``many``, ``numerous``) are compatible with any
   figure but never start nor steer a cluster with figures: they are placed after all
   claims with figures, into the best compatible cluster that has a figure, else with
   other figureless claims, else alone. Vague words with a bound (``dozens`` = 24..)
   are claims with a figure.

Claims are taken one at a time in order of report date (undated last), then
``claim_id``. Each joins at most one cluster: among the compatible ones, the one with
the highest ``join_score``, ties going to the older cluster; with none, it starts
(``seed``) a new one. ``join_score`` (0..1, seed 1.0) = 0.6 x numeric agreement
(overlap / union of the two intervals; 0.5 if either is open; 0.25 for a claim
without figure) + 0.2 x closeness in time + 0.2 if the claim shares or relays a
source already in the cluster. ``join_rule`` says in words why the claim joined,
e.g. ``same source relay (russia:defence ministry); same figure 37 with c1`` or
``independent source (reuters); compatible bounds 37..39 with c1``. The
``cluster_id`` is a hash of the seed's ``claim_id``.

Independent sources
-------------------
Within a cluster, claims with the same source key are one source however many
outlets carried them; the outlets are the claims' ``outlet`` plus their ``via``. A
source that is itself an outlet or via of another claim in the cluster ("according
to TASS" next to the defence ministry's figure carried by TASS) relayed that claim's
source and is not counted again.

Estimates (``estimate_clusters``), one row per cluster
-------------------------------------------------------
Each claim's *stated* interval is as in rule 6 without widening; an exact or
approximate figure stands for itself (``about 500`` -> 500..500).

* ``consensus_low``/``consensus_high``: the intersection of all stated intervals
  (largest lower bound, smallest upper bound), null on an open side. When empty
  (``about 40`` and ``45`` joined through the tolerance band) both are null,
  ``conflict`` is true and ``spread`` = high - low.
* ``low``/``high`` (UCDP-style lowest and highest defensible figures): without
  conflict, the consensus bounds; where the consensus is open, the lowest / highest
  figure any claim names. With conflict, the lowest and highest figure any claim names.
* ``best``: the median of the claims' single figures (a value, a range's midpoint, a
  bound's figure, a vague word's low), rounded half up and kept within low..high.
* ``conservative`` (ACLED-style lowest credible number): each claim's lowest
  credible figure (the value; a lower bound or range's low; ``almost 40`` -> 39; a
  vague word's figure from the lexicon's ``[conservative_vague]`` table, e.g.
  ``dozens`` -> 12, ``hundreds`` -> 100, ``thousands`` -> 1000, used in this column
  only; ``up to 250`` and ``many`` give none); then, when the claims agree, the
  largest of them but no more than ``consensus_low`` (``almost 40`` with ``at least
  37`` -> 37); when they conflict, the smallest.
* ``counted``/``affiliation``/``unit``/``location``: normalized, the most specific
  value among the claims. ``sources``: the independent source keys, ``n_sources`` their
  number (<= ``n_claims``). ``outlets``: every outlet and via, normalized.

Rivals (``rival_claims``)
-------------------------
Pairs of estimates from different, non-null sides about the same event: same
category and scope, compatible counted group, affiliation, unit and location (rules 3
and 4), reporting spans within ``window_days``. Their figures are shown side by side.
"""

from pipelines.aggregation.clustering import ClusterConfig, cluster_claims
from pipelines.aggregation.estimates import RIVALS_SCHEMA, estimate_clusters, independent_sources, rival_claims
from pipelines.aggregation.frames import CLAIMS_SCHEMA, CLUSTERS_SCHEMA, ESTIMATES_SCHEMA, claims_frame
from pipelines.aggregation.lexicon import normalize_source, side_of

__all__ = [
    "CLAIMS_SCHEMA",
    "CLUSTERS_SCHEMA",
    "ESTIMATES_SCHEMA",
    "RIVALS_SCHEMA",
    "ClusterConfig",
    "claims_frame",
    "cluster_claims",
    "estimate_clusters",
    "independent_sources",
    "normalize_source",
    "rival_claims",
    "side_of",
]
