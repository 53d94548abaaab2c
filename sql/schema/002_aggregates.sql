-- casualty-claims store, version 2: clusters of claims stating the same fact, one estimate per
-- cluster, and rival estimates of opposing sides. Rebuilt by every run from all stored claims.

CREATE TABLE claim_clusters (
    claim_id    VARCHAR PRIMARY KEY,
    cluster_id  VARCHAR NOT NULL,
    source_key  VARCHAR NOT NULL,
    side        VARCHAR,
    join_rule   VARCHAR NOT NULL,
    join_score  DOUBLE NOT NULL,
    run_id      VARCHAR
);
COMMENT ON TABLE claim_clusters IS 'Which cluster each claim joined and why. A claim joins at most one cluster; the rules are in the README (Aggregation).';
COMMENT ON COLUMN claim_clusters.claim_id IS 'The claim (claims.claim_id).';
COMMENT ON COLUMN claim_clusters.cluster_id IS 'The cluster: a hash of its first claim''s id.';
COMMENT ON COLUMN claim_clusters.source_key IS 'The normalized source ("russia:defence ministry"); the outlet, or article:<id>, when the article speaks in its own voice.';
COMMENT ON COLUMN claim_clusters.side IS 'Party the source belongs to (a country or faction); null for media, third parties and unknown.';
COMMENT ON COLUMN claim_clusters.join_rule IS 'Why the claim joined: "seed" for the first claim, else the rules that held ("same source relay", "compatible bounds 37..39 with ...").';
COMMENT ON COLUMN claim_clusters.join_score IS 'Score in [0, 1] of the best cluster it could join (numbers 0.6, time 0.2, shared source 0.2); 1 for a seed.';
COMMENT ON COLUMN claim_clusters.run_id IS 'Dagster run id that built it.';

CREATE TABLE estimates (
    cluster_id      VARCHAR PRIMARY KEY,
    category        VARCHAR NOT NULL,
    scope           VARCHAR,
    counted         VARCHAR,
    affiliation     VARCHAR,
    unit            VARCHAR,
    location        VARCHAR,
    side            VARCHAR,
    low             BIGINT,
    best            BIGINT,
    high            BIGINT,
    consensus_low   BIGINT,
    consensus_high  BIGINT,
    conflict        BOOLEAN NOT NULL,
    spread          BIGINT,
    conservative    BIGINT,
    n_claims        BIGINT NOT NULL,
    n_sources       BIGINT NOT NULL,
    sources         VARCHAR[] NOT NULL,
    outlets         VARCHAR[] NOT NULL,
    first_reported  DATE,
    last_reported   DATE,
    claim_ids       VARCHAR[] NOT NULL,
    run_id          VARCHAR
);
COMMENT ON TABLE estimates IS 'One figure per fact: one row per cluster, with UCDP-style low/best/high and an ACLED-style conservative figure. Never add estimates of different scopes.';
COMMENT ON COLUMN estimates.cluster_id IS 'The cluster (claim_clusters.cluster_id).';
COMMENT ON COLUMN estimates.category IS 'killed | wounded | captured | missing | casualties | strength.';
COMMENT ON COLUMN estimates.scope IS 'incident | daily | period | cumulative; null for strength.';
COMMENT ON COLUMN estimates.counted IS 'The most specific counted group among the claims.';
COMMENT ON COLUMN estimates.affiliation IS 'Side of the counted people, when the claims name one.';
COMMENT ON COLUMN estimates.unit IS 'Named formation, when the claims name one.';
COMMENT ON COLUMN estimates.location IS 'Place, when the claims name one.';
COMMENT ON COLUMN estimates.side IS 'Party making the claims; null for media and third parties.';
COMMENT ON COLUMN estimates.low IS 'Lowest defensible figure (people): the consensus lower bound, else the lowest figure any claim names.';
COMMENT ON COLUMN estimates.best IS 'Most likely figure (people): median of the claims'' figures, kept within low..high.';
COMMENT ON COLUMN estimates.high IS 'Highest defensible figure (people); null when every claim is open-ended upwards.';
COMMENT ON COLUMN estimates.consensus_low IS 'Lower end of the interval all claims agree on; null when they conflict or leave it open.';
COMMENT ON COLUMN estimates.consensus_high IS 'Upper end of the interval all claims agree on; null when they conflict or leave it open.';
COMMENT ON COLUMN estimates.conflict IS 'True when the claims'' intervals have no common point.';
COMMENT ON COLUMN estimates.spread IS 'high - low when the claims conflict; null otherwise.';
COMMENT ON COLUMN estimates.conservative IS 'ACLED-style lowest credible number; vague words count as dozens = 12, hundreds = 100, thousands = 1000 here only.';
COMMENT ON COLUMN estimates.n_claims IS 'Claims in the cluster.';
COMMENT ON COLUMN estimates.n_sources IS 'Independent sources: claims of one source count once however many outlets relayed them.';
COMMENT ON COLUMN estimates.sources IS 'The independent sources (normalized keys).';
COMMENT ON COLUMN estimates.outlets IS 'Every outlet that published or relayed one of the claims.';
COMMENT ON COLUMN estimates.first_reported IS 'Earliest report date (published, else ingest day).';
COMMENT ON COLUMN estimates.last_reported IS 'Latest report date.';
COMMENT ON COLUMN estimates.claim_ids IS 'The claims of the cluster.';
COMMENT ON COLUMN estimates.run_id IS 'Dagster run id that built it.';

CREATE TABLE rival_pairs (
    cluster_id_a VARCHAR NOT NULL,
    cluster_id_b VARCHAR NOT NULL,
    best_ratio   DOUBLE,
    run_id       VARCHAR,
    PRIMARY KEY (cluster_id_a, cluster_id_b)
);
COMMENT ON TABLE rival_pairs IS 'Pairs of estimates of the same event by opposing sides (same category, scope, group, place, within the window). Read them through the rival_claims view.';
COMMENT ON COLUMN rival_pairs.cluster_id_a IS 'Estimate of the alphabetically first side (estimates.cluster_id).';
COMMENT ON COLUMN rival_pairs.cluster_id_b IS 'Estimate of the other side.';
COMMENT ON COLUMN rival_pairs.best_ratio IS 'Larger best / smaller best: how far apart the sides are.';
COMMENT ON COLUMN rival_pairs.run_id IS 'Dagster run id that built it.';
