-- Every stored claim with what aggregation needs of its article: outlet and report date.
SELECT
    c.claim_id, c.article_id, c.text, c.value, c.low, c.high, c.hedge, c.qualifier, c.category, c.counted,
    c.affiliation, c.unit, c.location, c.source, c.via, c.scope,
    a.outlet, a.published, a.ingested_at
FROM claims AS c
JOIN articles AS a USING (article_id)
ORDER BY c.claim_id;
