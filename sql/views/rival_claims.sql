-- Rival estimates side by side: what each party claims about the same event.
CREATE OR REPLACE VIEW rival_claims AS
SELECT
    a.category, a.scope, coalesce(a.counted, b.counted) AS counted,
    coalesce(a.affiliation, b.affiliation) AS affiliation, coalesce(a.location, b.location) AS location,
    a.side AS side_a, a.low AS low_a, a.best AS best_a, a.high AS high_a, a.conservative AS conservative_a,
    a.n_sources AS n_sources_a, a.sources AS sources_a,
    b.side AS side_b, b.low AS low_b, b.best AS best_b, b.high AS high_b, b.conservative AS conservative_b,
    b.n_sources AS n_sources_b, b.sources AS sources_b,
    p.best_ratio, a.cluster_id AS cluster_id_a, b.cluster_id AS cluster_id_b,
    least(a.first_reported, b.first_reported) AS first_reported
FROM rival_pairs AS p
JOIN estimates AS a ON a.cluster_id = p.cluster_id_a
JOIN estimates AS b ON b.cluster_id = p.cluster_id_b;
COMMENT ON VIEW rival_claims IS 'Estimates of the same event by opposing sides, side by side (one row per pair in rival_pairs).';
